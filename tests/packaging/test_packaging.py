# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection artifact (the execution environment built from it: test_execution_environment.py).

`ansible-galaxy collection build` runs once per module: its artifact is checked for what it
ships and leaves out, and installed into a temporary collections path (tests/integration/test_installed_artifact.py
runs the installed copy against the simulator).
"""

from __future__ import annotations

import tarfile

import pytest
import yaml

from tests.packaging.ansible_commands import REPO_ROOT, build_artifact, install_artifact, ok, run_tool

# what a user of the artifact must get, besides every file under plugins/ and roles/
SHIPPED = {
    "MANIFEST.json",
    "FILES.json",
    "README.md",
    "COPYING",
    "requirements.txt",
    "meta/runtime.yml",
    "meta/execution-environment.yml",
    "playbooks/job_template_run_workflow.yml",
    "awx/credential_type_vro.yml",
    "docs/awx.md",
    "changelogs/changelog.yaml",
}
# development, test and build material, and local state (top-level dot folders are checked apart)
NOT_SHIPPED_DIRS = (
    "tests/",
    "simulator/",
    "benchmarks/",
    "tools/",
    "extensions/",
    "execution-environment/",
    "collections/",
)
NOT_SHIPPED_FILES = {"Makefile", "pyproject.toml", "requirements-dev.txt"}
REQUIREMENT_NOTE = "requests  # from collection opsflow.vro"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("packaging")


@pytest.fixture(scope="module")
def artifact(workdir):
    """The collection tarball, built from the working tree."""
    return build_artifact(workdir)


@pytest.fixture(scope="module")
def installed(artifact, workdir):
    return install_artifact(artifact, workdir)


def test_artifact_ships_the_collection_and_leaves_out_development_files(artifact):
    with tarfile.open(artifact) as archive:
        members = {member.name for member in archive.getmembers() if member.isfile()}

    content = {
        str(path.relative_to(REPO_ROOT))
        for folder in ("plugins", "roles")
        for path in (REPO_ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert any(name.startswith("roles/") for name in content), "no role found in the working tree"
    assert SHIPPED | content <= members, sorted((SHIPPED | content) - members)

    unwanted = {
        name
        for name in members
        if name.startswith(NOT_SHIPPED_DIRS)
        or name in NOT_SHIPPED_FILES
        or name.split("/")[0].startswith(".")
        or "__pycache__" in name
        or name.endswith((".pyc", ".tar.gz"))
    }
    assert not unwanted


def test_introspection_of_the_installed_collection_finds_requests(installed, workdir):
    output = ok(run_tool("ansible-builder", "introspect", "--sanitize", installed, tmp=workdir))

    assert yaml.safe_load(output) == {"python": [REQUIREMENT_NOTE], "system": []}
