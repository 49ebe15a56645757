# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 12, items 8 and 9, where the playbook itself is the point: real ansible-playbook runs.

Attachments from files (item 9): a MimeAttachment ``path`` can name any file the controller can read;
from a job-template survey that means ``/proc/self/environ`` with the AWX credential in it. And the
role showing a workflow exception that quotes its SecureString input (item 8), against the hostile
server of tests/hostile, whose failed run quotes its inputs.
"""

from __future__ import annotations

import os

import pytest

from tests.hostile import server as hostile
from tests.integration.plays import WORKFLOW_IDS, execute, play

ALL_TYPES = WORKFLOW_IDS["AllTypes"]
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JOB_TEMPLATE = os.path.join(REPO_ROOT, "playbooks", "job_template_run_workflow.yml")
CANARY_PASSWORD_ENV = "Canary-AwxCred-6d1f0b2e"


def attach(run_playbook, path, sim, check=True, **args):
    playbook = play(
        execute(name="run", register="run", workflow_id=ALL_TYPES, inputs={"in_mime": {"path": path}}, **args)
    )
    result = run_playbook(playbook, sim=sim, check=check)
    record = result.task("run")
    return result, dict(record["result"], failed=record["failed"])


# ---- item 9: attachments from files --------------------------------------------------------------------


def test_a_job_template_cannot_send_proc_self_environ_to_vro(run_playbook, fresh_simulator):
    extra = {"vro_workflow_id": ALL_TYPES, "vro_workflow_inputs": {"in_mime": {"path": "/proc/self/environ"}}}
    result = run_playbook(JOB_TEMPLATE, extra_vars=extra, env={"VRO_PASSWORD": fresh_simulator.password})
    assert result.rc != 0, result
    assert "attachment" in result.stdout and "/proc/self/environ" in result.stdout, result
    assert fresh_simulator.control.executions()["count"] == 0
    assert "VRO_PASSWORD" not in result.stdout


SPECIAL_FILES = {"proc": "/proc/self/environ", "sys": "/sys/kernel/hostname", "dev": "/dev/zero"}


@pytest.mark.parametrize("path", SPECIAL_FILES.values(), ids=SPECIAL_FILES.keys())
def test_special_files_are_refused(run_playbook, fresh_simulator, path):
    result, run = attach(run_playbook, path, fresh_simulator)
    assert run["failed"] and ("not a regular file" in run["msg"] or "special file" in run["msg"]), result


def test_a_fifo_is_refused_without_hanging(run_playbook, fresh_simulator, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result, run = attach(run_playbook, str(fifo), fresh_simulator)
    assert run["failed"] and "not a regular file" in run["msg"], result


def test_a_file_over_the_size_cap_is_refused(run_playbook, fresh_simulator, tmp_path):
    big = tmp_path / "big.bin"
    with open(big, "wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    result, run = attach(run_playbook, str(big), fresh_simulator)
    assert run["failed"] and "larger than" in run["msg"], result


def test_attachment_dirs_allows_only_files_inside(run_playbook, fresh_simulator, tmp_path):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.txt").write_text("fine")
    (tmp_path / "outside.txt").write_text("no")
    (allowed / "escape.txt").symlink_to(tmp_path / "outside.txt")
    dirs = [str(allowed)]

    inside, run = attach(run_playbook, str(allowed / "ok.txt"), fresh_simulator, attachment_dirs=dirs)
    assert not run["failed"], inside
    for path in (tmp_path / "outside.txt", allowed / "escape.txt", allowed / ".." / "outside.txt"):
        refused, run = attach(run_playbook, str(path), fresh_simulator, attachment_dirs=dirs)
        assert run["failed"] and "attachment_dirs" in run["msg"], refused
    nothing, run = attach(run_playbook, str(allowed / "ok.txt"), fresh_simulator, attachment_dirs=[])
    assert run["failed"] and "attachment_dirs" in run["msg"], nothing


# ---- item 8: the role shows no SecureString a workflow exception quotes ---------------------------------


@pytest.fixture
def failing_vro():
    """A hostile vRO whose runs fail with an exception quoting their inputs, SecureString included."""
    with hostile.HostileServer() as server:
        server.add_workflow("wf-secret", {"name": "string", "secret": "SecureString"}, name="Leaky")
        server.vro.run_state = "failed"
        server.vro.exception = "Error: login as {name} with password '{secret}' refused"
        yield server


def test_the_role_masks_a_secure_string_quoted_in_the_workflow_exception(run_playbook, failing_vro):
    secret = "Canary-RoleSecret-42a9c1"
    playbook = play(
        {
            "name": "run",
            "ansible.builtin.include_role": {"name": "opsflow.vro.run_workflow"},
            "vars": {
                "run_workflow_workflow_id": "wf-secret",
                "run_workflow_inputs": {"name": "svc", "secret": secret},
                "run_workflow_delay": 0,
                "run_workflow_retries": 3,
            },
            "ignore_errors": True,
        }
    )
    result = run_playbook(playbook, sim=failing_vro, verbosity=3)
    assert "refused" in result.stdout and "svc" in result.stdout, result  # the exception was shown
    assert secret not in result.stdout and secret not in result.stderr
