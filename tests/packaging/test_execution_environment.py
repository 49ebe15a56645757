# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment (EE) definition and its wrapper, execution-environment/build_ee.py, in a copy of
the checkout: a missing artifact stops everything at once with the command to run, the collection version is
read from galaxy.yml only, and the build context installs the artifact and its Python requirements.

No container engine is needed: the build context is checked, and its galaxy and introspection steps are
replayed here.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from tests.packaging.ansible_commands import REPO_ROOT, ok, run_tool

EE_DIR = REPO_ROOT / "execution-environment"
VERSION = yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text(encoding="utf-8"))["version"]
REQUIREMENT_NOTE = "requests  # from collection opsflow.vro"


@pytest.fixture()
def checkout(tmp_path):
    """The files the EE build reads, copied as they lie in the repository, without .build/."""
    root = tmp_path / "checkout"
    shutil.copytree(EE_DIR, root / "execution-environment", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("galaxy.yml", "requirements.txt"):
        shutil.copyfile(REPO_ROOT / name, root / name)
    return root


def build_ee(checkout, *args, tmp):
    return run_tool("python", checkout / "execution-environment" / "build_ee.py", *args, tmp=tmp, cwd=checkout)


def test_without_the_artifact_the_wrapper_stops_at_once_with_the_command_to_run(checkout, tmp_path):
    process = build_ee(checkout, "create", tmp=tmp_path)

    assert process.returncode != 0, process.stdout
    assert f".build/dist/opsflow-vro-{VERSION}.tar.gz does not exist" in process.stderr, process.stderr
    assert "\n    make build\n" in process.stderr
    assert not (checkout / ".build").exists(), "nothing may be created before the artifact exists"


def test_ansible_builder_run_directly_fails_instead_of_building_without_the_collection(checkout, tmp_path):
    context = tmp_path / "context"
    process = run_tool(
        "ansible-builder",
        "create",
        "--file",
        checkout / "execution-environment" / "execution-environment.yml",
        "--context",
        context,
        tmp=tmp_path,
    )

    assert process.returncode != 0, process.stdout + process.stderr
    assert "ee-input/requirements.yml does not exist" in process.stdout + process.stderr
    assert not (context / "Containerfile").exists()


def test_the_version_is_written_only_in_galaxy_yml():
    for path in EE_DIR.iterdir():
        if path.is_file():
            assert not re.search(rf"\b{re.escape(VERSION)}\b", path.read_text(encoding="utf-8")), path


def test_build_context_installs_the_artifact_and_requests(checkout, tmp_path):
    dist = checkout / ".build" / "dist"
    ok(run_tool("ansible-galaxy", "collection", "build", "--output-path", dist, REPO_ROOT, tmp=tmp_path))
    artifact = dist / f"opsflow-vro-{VERSION}.tar.gz"
    assert artifact.is_file(), sorted(dist.iterdir())

    context = tmp_path / "ee-context"
    output = ok(build_ee(checkout, "create", "--context", context, tmp=tmp_path))
    assert f"opsflow.vro {VERSION}" in output

    build = context / "_build"
    assert "requests" in (build / "requirements.txt").read_text(encoding="utf-8").split()
    [collection] = yaml.safe_load((build / "requirements.yml").read_text(encoding="utf-8"))["collections"]
    assert collection["type"] == "file"
    # the galaxy stage runs `ansible-galaxy collection install -r requirements.yml` in a copy of _build
    assert (build / collection["name"]).read_bytes() == artifact.read_bytes()
    assert "ansible-galaxy collection install" in (context / "Dockerfile").read_text(encoding="utf-8")

    # Replay the galaxy and builder stages: install from requirements.yml, then the introspection
    # that collects the Python requirements of the installed collections.
    collections = tmp_path / "ee-collections"
    ok(
        run_tool(
            "ansible-galaxy",
            "collection",
            "install",
            "-r",
            "requirements.yml",
            "-p",
            collections,
            tmp=tmp_path,
            cwd=build,
            collections_path=collections,
        )
    )
    manifest = collections / "ansible_collections" / "opsflow" / "vro" / "MANIFEST.json"
    assert yaml.safe_load(manifest.read_text(encoding="utf-8"))["collection_info"]["version"] == VERSION
    introspected = ok(
        run_tool(
            "python",
            "scripts/introspect.py",
            "introspect",
            "--user-pip=requirements.txt",
            collections,
            tmp=tmp_path,
            cwd=build,
        )
    )
    assert REQUIREMENT_NOTE in yaml.safe_load(introspected)["python"]
