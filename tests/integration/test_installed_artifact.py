# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The built and installed collection artifact runs the job-template playbook against the simulator
(what the artifact contains is checked in tests/packaging/test_packaging.py)."""

from __future__ import annotations

import pytest

from tests.integration.plays import assert_ok
from tests.packaging.ansible_commands import build_artifact, install_artifact


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("installed-artifact")
    return install_artifact(build_artifact(workdir), workdir)


def test_installed_artifact_runs_the_job_template_playbook(installed, run_playbook):
    # the one-line project playbook docs/awx.md suggests: the playbook itself comes from the collection
    project_playbook = (
        "- name: Run a vRO workflow\n  ansible.builtin.import_playbook: opsflow.vro.job_template_run_workflow\n"
    )

    result = run_playbook(
        project_playbook,
        extra_vars={"vro_workflow_name": "AWSNEW", "vro_workflow_inputs": {"name": "PKG01"}},
        env={"ANSIBLE_COLLECTIONS_PATH": installed},
        verbosity=3,
    )

    assert_ok(result)
    assert result.task("Run the vRO workflow and wait for it to end")["result"]["outputs"]["vmName"] == "vm-PKG01"
    module_file = (
        installed / "ansible_collections" / "opsflow" / "vro" / "plugins" / "modules" / "vro_workflow_execute.py"
    )
    assert f"Using module file {module_file}" in result.stdout
