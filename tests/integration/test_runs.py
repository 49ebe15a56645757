# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many runs in one task: bounded concurrency, input order, same failure semantics as one run."""

from __future__ import annotations

import datetime

from tests.integration.plays import WORKFLOW_IDS, assert_ok, execute, play

SLEEP = WORKFLOW_IDS["Sleep"]


def test_runs_start_concurrently_and_come_back_in_input_order(run_playbook, fresh_simulator):
    runs = [{"inputs": {"seconds": seconds}} for seconds in (2, 1, 2, 1, 2, 1)] + [
        {"workflow_name": "AWSNEW", "inputs": {"name": "mixed"}}
    ]
    result = run_playbook(play(execute(workflow_id=SLEEP, runs=runs, max_concurrent=7, wait=True, poll_interval=1)))
    assert_ok(result)
    outcome = result.task("execute")["result"]
    assert outcome["changed"] is True
    results = outcome["runs"]
    assert [r["outputs"].get("slept") for r in results[:6]] == [2, 1, 2, 1, 2, 1]
    assert results[6]["workflow_name"] == "AWSNEW" and results[6]["outputs"]["vmName"] == "vm-mixed"
    assert all(r["state"] == "completed" and not r["failed"] for r in results)
    started = [
        datetime.datetime.fromisoformat(r["start_date"]) for r in fresh_simulator.control.executions()["executions"]
    ]
    assert (max(started) - min(started)).total_seconds() < 1.0, "the runs should start together, not one after another"


def test_max_concurrent_bounds_the_runs_in_flight(run_playbook, fresh_simulator):
    runs = [{"inputs": {"seconds": 1}}] * 4
    result = run_playbook(play(execute(workflow_id=SLEEP, runs=runs, max_concurrent=2, wait=True, poll_interval=1)))
    assert_ok(result)
    spans = sorted(
        (datetime.datetime.fromisoformat(r["start_date"]), datetime.datetime.fromisoformat(r["end_date"]))
        for r in fresh_simulator.control.executions()["executions"]
    )
    most_in_flight = max(sum(1 for start, end in spans if start <= moment < end) for moment, _end in spans)
    assert most_in_flight == 2


def test_a_failed_run_fails_the_task_after_all_have_ended(run_playbook, fresh_simulator):
    runs = [{"inputs": {"seconds": 1}}, {"workflow_name": "Fail"}, {"inputs": {"seconds": 2}}]
    result = run_playbook(play(execute(workflow_id=SLEEP, runs=runs, wait=True, poll_interval=1)))
    task = result.task("execute")
    assert task["failed"]
    outcome = task["result"]
    assert (
        "1 of 3 runs did not complete" in outcome["msg"]
        and "runs[1]" in outcome["msg"]
        and "ds-missing" in outcome["msg"]
    )
    assert [r["state"] for r in outcome["runs"]] == ["completed", "failed", "completed"]


def test_fail_on_error_false_reports_without_failing(run_playbook, fresh_simulator):
    runs = [{"inputs": {"seconds": 1}}, {"workflow_name": "Fail"}]
    result = run_playbook(play(execute(workflow_id=SLEEP, runs=runs, wait=True, poll_interval=1, fail_on_error=False)))
    assert_ok(result)
    outcome = result.task("execute")["result"]
    assert [r["failed"] for r in outcome["runs"]] == [False, True]
    # msg on every item (null on success), so that `runs | map(attribute='msg')` works
    assert outcome["runs"][0]["msg"] is None and "ds-missing" in outcome["runs"][1]["msg"]


def test_every_run_is_validated_before_any_starts(run_playbook, fresh_simulator):
    runs = [{"inputs": {"seconds": 1}}, {"inputs": {"seconds": "later"}}]
    result = run_playbook(play(execute(workflow_id=SLEEP, runs=runs, wait=True)))
    assert "runs[1].inputs.seconds" in result.task("execute")["result"]["msg"]
    assert fresh_simulator.control.executions()["count"] == 0


def test_runs_in_check_mode_start_nothing(run_playbook, fresh_simulator):
    result = run_playbook(
        play(execute(workflow_id=SLEEP, runs=[{"inputs": {"seconds": 1}}, {"inputs": {"seconds": 2}}], wait=True)),
        check=True,
    )
    assert_ok(result)
    payloads = [r["payload"]["parameters"][0]["value"] for r in result.task("execute")["result"]["runs"]]
    assert payloads == [{"number": {"value": 1}}, {"number": {"value": 2}}]
    assert fresh_simulator.control.executions()["count"] == 0
