# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation, changelog and supported versions, checked with the tools that publish them:
antsibull-docs (the docsite linter), ansible-doc, antsibull-changelog."""

from __future__ import annotations

import json
import re
import shutil
import sys

import pytest
import yaml
from ansible.release import __version__ as ANSIBLE_CORE_VERSION
from packaging.specifiers import SpecifierSet

from tests.packaging.ansible_commands import COLLECTIONS_DIR, REPO_ROOT, ok, run_tool

COLLECTION_LINK = COLLECTIONS_DIR / "ansible_collections" / "opsflow" / "vro"
MODULES = sorted(f"opsflow.vro.{path.stem}" for path in (REPO_ROOT / "plugins" / "modules").glob("vro_*.py"))
ROLE = "opsflow.vro.run_workflow"
AWX_DOC = REPO_ROOT / "docs" / "awx.md"


def test_antsibull_docs_lint_passes(tmp_path):
    # it needs the collection at .../ansible_collections/opsflow/vro: the link made for the tests
    process = run_tool("antsibull-docs", "lint-collection-docs", "--plugin-docs", COLLECTION_LINK, tmp=tmp_path)

    assert ok(process).strip() == "" and process.stderr.strip() == "", process.stdout + process.stderr


def test_module_and_role_docs_render(tmp_path):
    text = ok(run_tool("ansible-doc", *MODULES, tmp=tmp_path))
    headers = [line.split()[2] for line in text.splitlines() if line.startswith("> MODULE ")]
    assert headers == MODULES and text.count("\nEXAMPLES:") == text.count("\nRETURN VALUES:") == len(MODULES), text
    role_text = ok(run_tool("ansible-doc", "-t", "role", ROLE, tmp=tmp_path))
    assert role_text.startswith(f"> ROLE: *{ROLE}*") and "ENTRY POINT: *main*" in role_text, role_text


def _described(entry):
    description = entry.get("description")
    return bool(description) and all(
        str(line).strip() for line in ([description] if isinstance(description, str) else description)
    )


def test_every_module_has_complete_docs_and_examples(tmp_path):
    docs = json.loads(ok(run_tool("ansible-doc", "--json", *MODULES, tmp=tmp_path)))

    assert MODULES and sorted(docs) == MODULES
    for module, entry in docs.items():
        doc = entry["doc"]
        assert doc["short_description"] and _described(doc) and doc["author"] and doc.get("version_added"), module
        assert "requests" in doc["requirements"], module
        undocumented = [
            name for name, option in doc["options"].items() if not _described(option) or "type" not in option
        ]
        assert not undocumented, f"{module}: options without description or type: {undocumented}"
        returns = entry["return"]
        assert returns, f"{module}: no RETURN"
        incomplete = [
            name
            for name, value in returns.items()
            if not (_described(value) and value.get("returned") and value.get("type"))
        ]
        assert not incomplete, f"{module}: return values without description, returned or type: {incomplete}"
        examples = yaml.safe_load(entry["examples"])
        assert examples and all("name" in task for task in examples), module
        assert any(module in task for task in examples), f"{module}: no example calls it by its FQCN"


def test_changelog_lints(tmp_path):
    assert ok(run_tool("antsibull-changelog", "lint", tmp=tmp_path)).strip() == ""
    assert (
        ok(run_tool("antsibull-changelog", "lint-changelog-yaml", "changelogs/changelog.yaml", tmp=tmp_path)).strip()
        == ""
    )


def test_changelog_release_renders_every_fragment(tmp_path):
    # A release consumes the fragments (keep_fragments: false), so it runs on a copy.
    copy = tmp_path / "ansible_collections" / "opsflow" / "vro"
    ignore = shutil.ignore_patterns("__pycache__", ".plugin-cache.yaml")
    for folder in ("changelogs", "meta", "plugins", "roles"):
        shutil.copytree(REPO_ROOT / folder, copy / folder, ignore=ignore)
    shutil.copy(REPO_ROOT / "galaxy.yml", copy)
    version = yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text(encoding="utf-8"))["version"]

    ok(run_tool("antsibull-changelog", "release", "--version", version, cwd=copy, tmp=tmp_path))

    config = yaml.safe_load((REPO_ROOT / "changelogs" / "config.yaml").read_text(encoding="utf-8"))
    rendered = {output["file"]: (copy / output["file"]).read_text(encoding="utf-8") for output in config["output"]}
    assert set(rendered) == {"CHANGELOG.rst", "CHANGELOG.md"}
    entries = [
        entry
        for fragment in sorted((REPO_ROOT / "changelogs" / "fragments").glob("*.yml"))
        for section, items in yaml.safe_load(fragment.read_text(encoding="utf-8")).items()
        if section != config["trivial_section_name"]
        for entry in ([items] if isinstance(items, str) else items)
    ]
    assert entries, "no user-visible changelog entry"
    flattened = " ".join(rendered["CHANGELOG.rst"].split())
    missing = [entry for entry in entries if " ".join(entry.split()) not in flattened]
    assert not missing
    for module in MODULES:
        assert module in rendered["CHANGELOG.rst"], f"{module} is not listed as a new module"


@pytest.fixture(scope="module")
def awx_doc():
    return AWX_DOC.read_text(encoding="utf-8")


def test_supported_versions_admit_the_tested_ansible_core(awx_doc):
    requires = yaml.safe_load((REPO_ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))["requires_ansible"]

    assert ANSIBLE_CORE_VERSION in SpecifierSet(requires)
    definition = yaml.safe_load(
        (REPO_ROOT / "execution-environment" / "execution-environment.yml").read_text(encoding="utf-8")
    )
    assert definition["dependencies"]["ansible_core"]["package_pip"] == f"ansible-core=={ANSIBLE_CORE_VERSION}"
    assert f"`requires_ansible: '{requires}'`" in awx_doc
    assert f"ansible-core {ANSIBLE_CORE_VERSION}" in awx_doc, "docs/awx.md names another tested ansible-core"
    assert f"Python {sys.version_info.major}.{sys.version_info.minor}" in awx_doc, (
        "docs/awx.md names another tested Python"
    )


def test_awx_doc_matches_the_job_template_and_credential_type(awx_doc):
    job_template = (REPO_ROOT / "playbooks" / "job_template_run_workflow.yml").read_text(encoding="utf-8")
    [play] = yaml.safe_load(job_template)
    for variable in play["vars"]:
        assert f"`{variable}`" in awx_doc, f"the survey section does not mention {variable}"
    credential_type = yaml.safe_load((REPO_ROOT / "awx" / "credential_type_vro.yml").read_text(encoding="utf-8"))
    for field in credential_type["inputs"]["fields"]:
        assert f"`{field['id']}`" in awx_doc, f"docs/awx.md does not describe the credential field {field['id']}"
    assert "`vro_workflow_result`" in awx_doc


def test_every_test_that_security_md_names_exists():
    """SECURITY.md maps each guarantee to the tests that prove it: a moved or renamed test must not leave the map
    pointing at nothing."""
    text = (REPO_ROOT / "SECURITY.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`(tests/[\w/]+\.py)", text))
    names = set(re.findall(r"\b(test_\w+)\b(?!\.py)", text))
    defined = set()
    for path in (REPO_ROOT / "tests").rglob("test_*.py"):
        defined.update(re.findall(r"^\s*def (test_\w+)", path.read_text(encoding="utf-8"), re.MULTILINE))
    assert paths and names, "SECURITY.md names no tests"
    assert sorted(p for p in paths if not (REPO_ROOT / p).is_file()) == []
    assert sorted(names - defined) == []
