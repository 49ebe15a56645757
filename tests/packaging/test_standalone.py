# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The repository stands alone: a fresh clone with nothing beside it passes its own unit tests.

The clone is of the committed state (HEAD), into a temporary folder that has no sibling folders
(no `shared/`), so a test that reads a file outside the repository fails here. The unit tests run
with this checkout's .venv interpreter, so no environment is built.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# the trees that must never reach outside the repository (plugins/ and roles/ ship on their own)
SELF_CONTAINED = (
    "tests",
    "docs",
    "tools",
    "simulator",
    "benchmarks",
    "playbooks",
    "extensions",
    "Makefile",
    "README.md",
)
# a path into a sibling folder of the checkout, or an absolute path of the machine it was written on
OUTSIDE_PATH = re.compile(r"\.\./shared\b|(?<![\w.])shared/(samples|tools|openapi|vro-api)|/work/")
# the property tests' own knob: a handful of examples is enough to prove the clone runs them
FEW_EXAMPLES = {"PARAMS_HYPOTHESIS_EXAMPLES": "10"}


def tracked_files(*paths):
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *paths], cwd=REPO_ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [REPO_ROOT / name for name in listed.split("\0") if name]


def requirement_pins(path):
    """{package name: pinned version} of a requirements file's `name==version` lines."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, equals, version = line.split("#")[0].strip().partition("==")
        if equals:
            pins[name.lower()] = version
    return pins


@pytest.mark.parametrize("tree", SELF_CONTAINED)
def test_no_path_outside_the_repository(tree):
    files = tracked_files(tree)
    assert files, f"git lists no file under {tree}"
    found = [
        f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}"
        for path in files
        if path.suffix not in (".json", ".pem")
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if OUTSIDE_PATH.search(line) and path != Path(__file__).resolve()
    ]
    assert not found, "paths outside the repository:\n" + "\n".join(found)


def test_no_tracked_symlink_leaves_the_repository():
    """A committed symlink to a local folder (e.g. a shared .venv) would be dangling or wrong in a clone."""
    listed = subprocess.run(["git", "ls-files", "-s", "-z"], cwd=REPO_ROOT, capture_output=True, check=True)
    links = [entry.split("\t", 1)[1] for entry in listed.stdout.decode().split("\0") if entry.startswith("120000 ")]
    outside = [
        name
        for name in links
        if not (REPO_ROOT / name).parent.joinpath(os.readlink(REPO_ROOT / name)).resolve().is_relative_to(REPO_ROOT)
    ]
    assert not outside, f"tracked symlinks that point outside the repository: {outside}"


def test_demo_requirements_pin_the_dev_versions():
    """The demo's light environment runs the same ansible-core, requests and cryptography as the tests."""
    demo = requirement_pins(REPO_ROOT / "requirements-demo.txt")
    dev = requirement_pins(REPO_ROOT / "requirements-dev.txt")
    assert set(demo) == {"ansible-core", "requests", "cryptography"}
    assert {name: dev.get(name) for name in demo} == demo


@pytest.mark.slow
def test_a_fresh_clone_passes_its_unit_tests(tmp_path):
    clone = tmp_path / "x"
    subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True, timeout=60)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x"], "the clone must have no sibling folders"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "ANSIBLE_", "VRO_"))}
    env.update(FEW_EXAMPLES)
    unit = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "tests/unit"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert unit.returncode == 0, unit.stdout[-4000:] + unit.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", unit.stdout), unit.stdout[-2000:]
