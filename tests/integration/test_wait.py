# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting inside the module, failures explained, timeouts, user interactions, cancel, logs."""

from __future__ import annotations

import datetime
import threading
import time

import requests

from tests.integration.plays import WORKFLOW_IDS, assert_ok, execute, execution, info, play

SLEEP = WORKFLOW_IDS["Sleep"]
FAIL = WORKFLOW_IDS["Fail"]
APPROVAL = WORKFLOW_IDS["WaitForApproval"]
SIGNAL = WORKFLOW_IDS["WaitSignal"]
EXCEPTION_TEXT = "Error: Datastore 'ds-missing' not found (Workflow:Fail / Scriptable task (item1)#12)"


def moment(text):
    return datetime.datetime.fromisoformat(text)


def test_a_one_second_run_is_seen_within_a_second_of_ending(run_playbook, simulator):
    result = run_playbook(play(execute(workflow_id=SLEEP, inputs={"seconds": 1}, wait=True, poll_interval=5)))
    assert_ok(result)
    outcome = result.task("execute")["result"]
    assert outcome["state"] == "completed"
    latency = (moment(outcome["waited"]["detected_at"]) - moment(outcome["execution"]["end_date"])).total_seconds()
    assert 0 <= latency < 1.0, outcome["waited"]
    assert outcome["waited"]["polls"] <= 4


def test_a_failed_run_fails_the_task_with_vro_exception_and_keeps_the_data(run_playbook, simulator):
    result = run_playbook(play(execute(workflow_name="Fail", wait=True, poll_interval=1)))
    outcome = result.task("execute")
    assert outcome["failed"]
    data = outcome["result"]
    assert "workflow 'Fail' (%s) execution %s failed" % (FAIL, data["execution_id"]) in data["msg"]
    assert EXCEPTION_TEXT in data["msg"]
    assert "failing item: Scriptable task" in data["msg"]
    assert "Datastore lookup failed" in data["msg"]  # the last error log line
    assert data["execution"]["state"] == "failed" and data["execution"]["exception"] == EXCEPTION_TEXT
    assert data["outputs"] == {}
    assert any(entry["severity"] == "error" for entry in data["logs"])


def test_execution_info_explains_a_failed_run(run_playbook, simulator):
    result = run_playbook(
        play(
            execute(register="run", workflow_id=FAIL, wait=True, poll_interval=1),
            info(workflow_id=FAIL, execution_id="{{ run.execution_id }}"),
            info(name="many", workflow_id=FAIL, execution_ids=["{{ run.execution_id }}"]),
        )
    )
    data = result.task("info")["result"]
    assert not result.task("info")["failed"] and data["state"] == "failed"
    assert data["failure"] == result.task("execute")["result"]["msg"]
    assert EXCEPTION_TEXT in data["failure"] and "failing item: Scriptable task" in data["failure"]
    assert result.task("many")["result"]["executions"][0]["failure"] == data["failure"]


def test_timeout_says_the_run_is_still_going(run_playbook, fresh_simulator):
    result = run_playbook(
        play(execute(workflow_id=SLEEP, inputs={"seconds": 20}, wait=True, wait_timeout=1, poll_interval=1))
    )
    data = result.task("execute")["result"]
    assert "is still running after wait_timeout=1s" in data["msg"] and data["execution_id"] in data["msg"]
    assert "keeps running in vRO" in data["msg"]
    assert fresh_simulator.control.executions()["executions"][0]["state"] == "running"


def test_cancel_on_timeout_cancels_the_run_and_says_so(run_playbook, fresh_simulator):
    fresh_simulator.control.config(cancel_delay=0.5)
    result = run_playbook(
        play(
            execute(
                workflow_id=SLEEP,
                inputs={"seconds": 20},
                wait=True,
                wait_timeout=1,
                poll_interval=1,
                cancel_on_timeout=True,
            )
        )
    )
    data = result.task("execute")["result"]
    assert result.task("execute")["failed"]
    assert "it was canceled (cancel_on_timeout)" in data["msg"]
    run = fresh_simulator.control.executions()["executions"][0]
    assert run["state"] == "canceled" and run["cancel_requested"]


def test_a_run_waiting_for_input_fails_promptly_with_the_interaction(run_playbook, fresh_simulator):
    began = time.monotonic()
    result = run_playbook(
        play(
            execute(workflow_id=APPROVAL, inputs={"request": "more disk"}, wait=True, wait_timeout=120, poll_interval=5)
        )
    )
    took = time.monotonic() - began
    data = result.task("execute")["result"]
    assert result.task("execute")["failed"]
    assert "is waiting for user input: interaction 'Approve request' asks for approved (boolean)" in data["msg"]
    assert "wait_on_interaction" in data["msg"]
    assert data["interaction"]["assignees"] == ["administrator@vsphere.local"]
    assert took < 20, "should not burn the 120 s wait_timeout"


def test_wait_on_interaction_keeps_waiting_until_answered(run_playbook, fresh_simulator):
    sim = fresh_simulator

    answered = []

    def approve_when_waiting():
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            runs = sim.control.executions()["executions"]
            if runs and runs[0]["state"] == "waiting":
                url = "%s/vco/api/workflows/%s/executions/%s/interaction" % (sim.url, APPROVAL, runs[0]["id"])
                body = {
                    "parameters": [
                        {"name": "approved", "type": "boolean", "scope": "local", "value": {"boolean": {"value": True}}}
                    ]
                }
                # verify= per request: REQUESTS_CA_BUNDLE in the environment would override a session setting
                answer = requests.post(
                    url, json=body, auth=(sim.username, sim.password), verify=sim.ca_path, timeout=10
                )
                answered.append(answer.status_code)
                return
            time.sleep(0.2)

    answerer = threading.Thread(target=approve_when_waiting)
    answerer.start()
    result = run_playbook(
        play(
            execute(
                workflow_id=APPROVAL,
                inputs={"request": "x"},
                wait=True,
                wait_timeout=30,
                poll_interval=1,
                wait_on_interaction=True,
            )
        )
    )
    answerer.join()
    assert answered == [204]
    assert_ok(result)
    assert result.task("execute")["result"]["outputs"] == {"approved": True}


def test_waiting_signal_keeps_waiting(run_playbook, simulator):
    result = run_playbook(
        play(execute(workflow_id=SIGNAL, inputs={"seconds": 1}, wait=True, wait_timeout=30, poll_interval=1))
    )
    assert_ok(result)
    assert result.task("execute")["result"]["state"] == "completed"


def test_cancel_module_is_idempotent(run_playbook, fresh_simulator):
    result = run_playbook(
        play(
            execute(register="run", workflow_id=SLEEP, inputs={"seconds": 30}),
            execution(
                name="cancel in check mode",
                workflow_id="{{ run.workflow_id }}",
                execution_id="{{ run.execution_id }}",
                check_mode=True,
            ),
            execution(
                name="cancel",
                workflow_id="{{ run.workflow_id }}",
                execution_id="{{ run.execution_id }}",
                state="canceled",
            ),
            execution(name="cancel again", workflow_name="Sleep", execution_id="{{ run.execution_id }}"),
            execute(
                name="finished", register="done", workflow_id=SLEEP, inputs={"seconds": 0}, wait=True, poll_interval=1
            ),
            execution(name="cancel a finished run", workflow_id=SLEEP, execution_id="{{ done.execution_id }}"),
        ),
        diff=True,
    )
    assert_ok(result)
    check = result.task("cancel in check mode")["result"]
    assert check["changed"] and check["state"] == "running"
    first = result.task("cancel")["result"]
    assert first["changed"] and first["previous_state"] == "running" and first["state"] == "canceled"
    assert first["diff"] == {"before": {"state": "running"}, "after": {"state": "canceled"}}
    again = result.task("cancel again")["result"]
    assert not again["changed"] and again["state"] == "canceled"
    finished = result.task("cancel a finished run")["result"]
    assert not finished["changed"] and finished["state"] == "completed"
    states = sorted(r["state"] for r in fresh_simulator.control.executions()["executions"])
    assert states == ["canceled", "completed"]


def test_cancel_racing_the_end_of_a_run_is_not_an_error(run_playbook, fresh_simulator):
    """How vRO answers a cancel of a finished run is undocumented; the simulator can answer 400."""
    fresh_simulator.control.config(cancel_finished="400")
    # The run must still be going when the second task's module reads its state, even on a loaded
    # machine (starting a module can take seconds there); the slow DELETE then outlasts the run.
    fresh_simulator.control.add_faults({"method": "DELETE", "path": "/state$", "kind": "slow", "delay": 10, "count": 1})
    result = run_playbook(
        play(
            execute(register="run", workflow_id=SLEEP, inputs={"seconds": 8}),
            execution(name="cancel", workflow_id=SLEEP, execution_id="{{ run.execution_id }}"),
        )
    )
    data = result.task("cancel")["result"]
    assert not result.task("cancel")["failed"], data
    if data["state"] == "completed":  # the run won the race: nothing was changed
        assert not data["changed"] and "before the cancel took effect" in data["msg"]
    else:
        assert data["state"] == "canceled" and data["changed"]


def test_include_logs_merges_both_logs_oldest_first(run_playbook, simulator):
    result = run_playbook(
        play(
            execute(register="run", workflow_name="AWSNEW", inputs={"name": "LOGS"}, wait=True, poll_interval=1),
            info(
                workflow_id="{{ run.workflow_id }}",
                execution_id="{{ run.execution_id }}",
                include_logs=True,
                log_lines=50,
            ),
            info(
                name="capped",
                workflow_id="{{ run.workflow_id }}",
                execution_id="{{ run.execution_id }}",
                include_logs=True,
                log_lines=2,
            ),
        )
    )
    assert_ok(result)
    logs = result.task("info")["result"]["logs"]
    assert [entry["time"] for entry in logs] == sorted(entry["time"] for entry in logs)
    assert set(logs[0]) == {"time", "severity", "origin", "message"}
    # /logs repeats lines of /syslogs: each line is shown once (its /syslogs origin kept)
    lines = [(entry["time"], entry["severity"], entry["message"]) for entry in logs]
    assert len(lines) == len(set(lines)), lines
    assert {entry["origin"] for entry in logs} <= {"server", "system", "event"}
    assert any("Creating vm-LOGS" in entry["message"] for entry in logs)
    assert len(result.task("capped")["result"]["logs"]) == 2


def test_many_runs_polled_in_one_until_loop(run_playbook, fresh_simulator):
    result = run_playbook(
        play(
            execute(
                register="batch",
                workflow_id=SLEEP,
                runs=[{"inputs": {"seconds": 1}}, {"inputs": {"seconds": 2}}],
                max_concurrent=2,
            ),
            info(
                register="many",
                workflow_id=SLEEP,
                execution_ids="{{ batch.runs | map(attribute='execution_id') | list }}",
                until="many.all_finished",
                retries=20,
                delay=1,
            ),
        )
    )
    assert_ok(result)
    many = result.task("info")["result"]
    ids = [r["execution_id"] for r in result.task("execute")["result"]["runs"]]
    assert [e["id"] for e in many["executions"]] == ids
    assert many["states"] == {ids[0]: "completed", ids[1]: "completed"}
    assert [e["outputs"]["slept"] for e in many["executions"]] == [1, 2]


def test_losing_track_of_a_started_run_still_names_it(run_playbook, fresh_simulator):
    """A run exists once the POST succeeded: if following it fails, the result must say which run it is."""
    fresh_simulator.control.add_faults(
        {"method": "GET", "path": "/state$", "kind": "status", "status": 500, "count": 50}
    )
    result = run_playbook(
        play(execute(workflow_id=SLEEP, inputs={"seconds": 1}, wait=True, poll_interval=1)), env={"VRO_RETRIES": 0}
    )
    task = result.task("execute")
    run_id = fresh_simulator.control.executions()["executions"][0]["id"]
    assert task["failed"] and task["changed"]
    assert task["result"]["execution_id"] == run_id
    assert (
        "HTTP 500" in task["result"]["msg"]
        and "the run was started" in task["result"]["msg"]
        and run_id in task["result"]["msg"]
    )


def test_unreadable_logs_do_not_hide_why_a_run_failed(run_playbook, fresh_simulator):
    fresh_simulator.control.add_faults(
        {"method": "GET", "path": "/syslogs$", "kind": "status", "status": 400, "count": 10}
    )
    result = run_playbook(play(execute(workflow_id=FAIL, wait=True, poll_interval=1)))
    data = result.task("execute")["result"]
    assert EXCEPTION_TEXT in data["msg"]
    assert data["execution"]["state"] == "failed"
    assert all(entry["origin"] == "event" for entry in data["logs"])  # /logs still read


def test_a_run_that_ends_while_being_canceled_on_timeout_is_not_a_failure(run_playbook, fresh_simulator):
    fresh_simulator.control.config(cancel_delay=5)
    result = run_playbook(
        play(
            execute(
                workflow_id=SLEEP,
                inputs={"seconds": 2},
                wait=True,
                wait_timeout=1,
                poll_interval=1,
                cancel_on_timeout=True,
            )
        )
    )
    assert_ok(result)
    assert result.task("execute")["result"]["state"] == "completed"
