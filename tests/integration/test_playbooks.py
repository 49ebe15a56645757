# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The example playbooks in playbooks/, run as users would run them (extra vars only) against the simulator."""

from __future__ import annotations

import json

from tests.integration.conftest import REPO_ROOT
from tests.integration.plays import WORKFLOW_IDS, execute, play

PLAYBOOKS = REPO_ROOT / "playbooks"
CATALOG = json.loads((REPO_ROOT / "simulator" / "catalog.json").read_text(encoding="utf-8"))
FAIL_EXCEPTION = next(w for w in CATALOG["workflows"] if w["name"] == "Fail")["result"]["exception"]


def awsnew_outputs(name):
    """What the simulator's AWSNEW returns for input `name` (see simulator/catalog.json)."""
    return {"vmName": f"vm-{name}", "ipAddress": "192.0.2.10", "cpuCount": 2}


def server_state(sim, execution_id):
    return next(e["state"] for e in sim.control.executions()["executions"] if e["id"] == execution_id)


def start_run(run_playbook, **execute_args):
    """Start a run without waiting; return the module's result."""
    result = run_playbook(play(execute(**execute_args)))
    started = result.task("execute")
    assert not started["failed"], result
    return started["result"]


def test_run_and_wait_runs_the_workflow_and_shows_its_outputs(run_playbook, simulator):
    result = run_playbook(PLAYBOOKS / "run_and_wait.yml", extra_vars={"workflow_inputs": {"name": "pb-wait"}})
    assert result.rc == 0, result
    run = result.task("Run the workflow and wait for it to end")["result"]
    assert run["state"] == "completed"
    assert run["outputs"] == awsnew_outputs("pb-wait")
    shown = result.task("Show the run's state and outputs")["result"]["msg"]
    assert shown == {
        "workflow": "AWSNEW",
        "execution_id": run["execution_id"],
        "state": "completed",
        "outputs": awsnew_outputs("pb-wait"),
    }
    assert server_state(simulator, run["execution_id"]) == "completed"


def test_run_and_wait_fails_with_the_exception_text_of_a_failed_run(run_playbook, simulator):
    result = run_playbook(PLAYBOOKS / "run_and_wait.yml", extra_vars={"workflow_name": "Fail", "workflow_inputs": {}})
    assert result.rc != 0, result
    run = result.task("Run the workflow and wait for it to end")
    assert run["failed"]
    assert FAIL_EXCEPTION in run["result"]["msg"]
    assert server_state(simulator, run["result"]["execution_id"]) == "failed"


def test_check_status_shows_state_outputs_and_logs_of_a_run(run_playbook, simulator):
    started = start_run(run_playbook, workflow_name="AWSNEW", inputs={"name": "pb-status"}, wait=True)
    result = run_playbook(
        PLAYBOOKS / "check_status.yml",
        extra_vars={"workflow_id": WORKFLOW_IDS["AWSNEW"], "execution_id": started["execution_id"]},
    )
    assert result.rc == 0, result
    shown = result.task("Show the run's state and outputs")["result"]["msg"]
    assert shown["execution_id"] == started["execution_id"]
    assert shown["state"] == "completed"
    assert shown["outputs"] == awsnew_outputs("pb-status")
    logs = result.task("Show the run's last log lines")["result"]["msg"]
    assert "Request for VM 'pb-status'" in [entry["message"] for entry in logs]


def test_check_status_without_logs_and_without_a_run_id(run_playbook, simulator):
    started = start_run(run_playbook, workflow_name="Sleep", inputs={"seconds": 1})
    result = run_playbook(
        PLAYBOOKS / "check_status.yml",
        extra_vars={"workflow_name": "Sleep", "execution_id": started["execution_id"], "include_logs": False},
    )
    assert result.rc == 0, result
    assert result.task("Show the run's state and outputs")["result"]["msg"]["state"] in ("running", "completed")
    assert result.task("Show the run's last log lines")["skipped"]

    missing = run_playbook(PLAYBOOKS / "check_status.yml", extra_vars={"workflow_name": "Sleep"})
    assert missing.rc != 0, missing
    assert "-e execution_id=<run id>" in missing.task("Check that the run is named")["result"]["msg"]


def test_run_many_runs_every_workflow_and_waits_for_all(run_playbook, simulator):
    workflow_runs = [{"workflow_name": "AWSNEW", "inputs": {"name": f"pb-many-{n}"}} for n in (1, 2, 3)]
    workflow_runs.append({"workflow_name": "Sleep", "inputs": {"seconds": 1}})
    result = run_playbook(PLAYBOOKS / "run_many.yml", extra_vars={"workflow_runs": workflow_runs, "wait_delay": 0.3})
    assert result.rc == 0, result
    started = result.task("Start every run")["result"]["runs"]
    assert [r["workflow_name"] for r in started] == ["AWSNEW", "AWSNEW", "AWSNEW", "Sleep"]
    # one wait task per workflow, each following all of that workflow's runs
    waits = result.task("Wait until every run of each workflow has ended")["result"]["results"]
    assert [w["item"] for w in waits] == [WORKFLOW_IDS["AWSNEW"], WORKFLOW_IDS["Sleep"]]
    finished = {e["id"]: e for w in waits for e in w["executions"]}
    assert set(finished) == {r["execution_id"] for r in started}
    for run, expected in zip(started, workflow_runs):
        execution = finished[run["execution_id"]]
        assert execution["state"] == "completed"
        assert execution["inputs"] == expected["inputs"]
        assert server_state(simulator, run["execution_id"]) == "completed"
    assert [finished[r["execution_id"]]["outputs"] for r in started] == [
        awsnew_outputs("pb-many-1"),
        awsnew_outputs("pb-many-2"),
        awsnew_outputs("pb-many-3"),
        {"slept": 1},
    ]
    assert result.task("Fail with vRO's exception text for each run that did not complete")["skipped"]


def test_run_many_fails_naming_the_run_that_failed(run_playbook, simulator):
    workflow_runs = [{"workflow_name": "AWSNEW", "inputs": {"name": "pb-many-ok"}}, {"workflow_name": "Fail"}]
    result = run_playbook(PLAYBOOKS / "run_many.yml", extra_vars={"workflow_runs": workflow_runs, "wait_delay": 0.3})
    assert result.rc != 0, result
    failed_id = next(
        r["execution_id"] for r in result.task("Start every run")["result"]["runs"] if r["workflow_name"] == "Fail"
    )
    message = result.task("Fail with vRO's exception text for each run that did not complete")["result"]["msg"]
    assert message == f"Fail {failed_id} failed: {FAIL_EXCEPTION}"


def test_cancel_run_cancels_a_running_run(run_playbook, simulator):
    started = start_run(run_playbook, workflow_name="Sleep", inputs={"seconds": 30})
    assert server_state(simulator, started["execution_id"]) == "running"
    result = run_playbook(
        PLAYBOOKS / "cancel_run.yml", extra_vars={"workflow_name": "Sleep", "execution_id": started["execution_id"]}
    )
    assert result.rc == 0, result
    cancel = result.task("Cancel the run and wait until vRO reports it canceled")
    assert cancel["changed"]
    assert cancel["result"]["previous_state"] == "running"
    assert cancel["result"]["state"] == "canceled"
    assert server_state(simulator, started["execution_id"]) == "canceled"
    shown = result.task("Show the run's state before and after")["result"]["msg"]
    assert shown == f"execution {started['execution_id']}: running -> canceled"


def test_run_with_role_runs_one_awsnew_per_input_set(run_playbook, simulator):
    result = run_playbook(
        PLAYBOOKS / "run_with_role.yml",
        extra_vars={"vm_input_sets": [{"name": "pb-role-1"}, {"name": "pb-role-2"}], "run_workflow_delay": 0.3},
    )
    assert result.rc == 0, result
    shown = result.task("Show the VM each run made")["result"]["results"]
    assert [item["item"]["inputs"]["name"] for item in shown] == ["pb-role-1", "pb-role-2"]
    for item, name in zip(shown, ("pb-role-1", "pb-role-2")):
        execution_id = item["item"]["id"]
        assert item["msg"] == f"{execution_id}: vm-{name} (192.0.2.10)"
        assert server_state(simulator, execution_id) == "completed"
