# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the Ansible tools (ansible-galaxy, ansible-doc, ansible-builder, antsibull-*) for the packaging,
docs and changelog tests, hermetically: the .venv's tools first, no inherited ANSIBLE_* settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS_DIR = REPO_ROOT / ".build" / "collections"
VENV_BIN = Path(sys.executable).parent


def run_tool(name, *args, tmp, cwd=REPO_ROOT, collections_path=COLLECTIONS_DIR):
    """Run `name` (from the .venv of the Python running pytest, else PATH) and return the CompletedProcess.

    ANSIBLE_HOME is `tmp`/ansible-home, ANSIBLE_COLLECTIONS_PATH is `collections_path` (the link to
    this tree by default), and the .venv comes first on PATH for the tools these tools call.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_")}
    env.update(
        PATH=os.pathsep.join([str(VENV_BIN), env.get("PATH", "")]),
        ANSIBLE_HOME=str(tmp / "ansible-home"),
        ANSIBLE_COLLECTIONS_PATH=str(collections_path),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_NOCOLOR="1",
    )
    executable = VENV_BIN / name
    command = [str(executable) if executable.exists() else name, *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def ok(process):
    """The stdout of a process that must have succeeded."""
    assert process.returncode == 0, (
        f"$ {' '.join(process.args)}\nrc={process.returncode}\n{process.stdout}\n{process.stderr}"
    )
    return process.stdout


def build_artifact(workdir):
    """``ansible-galaxy collection build`` of the working tree into ``workdir``/dist; the tarball's path."""
    dist = workdir / "dist"
    ok(run_tool("ansible-galaxy", "collection", "build", "--output-path", dist, REPO_ROOT, tmp=workdir))
    [tarball] = dist.glob("opsflow-vro-*.tar.gz")
    return tarball


def install_artifact(artifact, workdir):
    """A collections path (``workdir``/installed) holding ``artifact``, installed by ansible-galaxy."""
    collections = workdir / "installed"
    ok(
        run_tool(
            "ansible-galaxy",
            "collection",
            "install",
            "-p",
            collections,
            artifact,
            tmp=workdir,
            collections_path=collections,
        )
    )
    return collections
