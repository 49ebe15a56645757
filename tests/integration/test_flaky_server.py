# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A flaky server, end to end: faults injected into the simulator, real ansible-playbook runs.

Reads (GET) are retried through every transient fault and the simulator's request counts show
each retry; the POST that starts a run is never repeated, and a lost answer to it is recovered
by finding the run it created, never by starting another.
"""

from __future__ import annotations

import pytest

from tests.integration.plays import WORKFLOW_IDS, execute, info, play

AWSNEW = WORKFLOW_IDS["AWSNEW"]
LIST_PATH = r"^/vco/api/workflows/[^/]+/executions/?$"
LIST_STAT = "GET /workflows/{id}/executions"
START_STAT = "POST /workflows/{id}/executions"
FAST_RETRIES = {"VRO_RETRY_BACKOFF": "0.05"}


def list_runs(**args):
    return play(info(name="list runs", register="listed", workflow_id=AWSNEW, **args))


def run_list(run_playbook, **env):
    result = run_playbook(list_runs(), env={**FAST_RETRIES, **env})
    return result, result.task("list runs")


def requests_to(sim, label):
    return sim.control.stats()["requests"].get(label, 0)


@pytest.mark.parametrize(
    "rule, attempts, env",
    [
        pytest.param({"kind": "status", "status": 502, "count": 2}, 3, {}, id="502-burst"),
        pytest.param({"kind": "status", "status": 503, "count": 2}, 3, {}, id="503-burst"),
        pytest.param({"kind": "status", "status": 504, "count": 3}, 4, {}, id="504-burst-as-long-as-retries"),
        pytest.param({"kind": "html", "status": 502}, 2, {}, id="html-error-page"),
        pytest.param({"kind": "drop"}, 2, {}, id="dropped-connection"),
        pytest.param({"kind": "truncated"}, 2, {}, id="truncated-json"),
        pytest.param({"kind": "slow", "delay": 2}, 2, {"VRO_REQUEST_TIMEOUT": "1"}, id="slower-than-request_timeout"),
        pytest.param({"kind": "slow", "delay": 1}, 1, {"VRO_REQUEST_TIMEOUT": "3"}, id="slow-within-request_timeout"),
    ],
)
def test_transient_fault_on_a_read_is_survived(run_playbook, fresh_simulator, rule, attempts, env):
    fresh_simulator.control.add_faults({"method": "GET", "path": LIST_PATH, **rule})

    result, task = run_list(run_playbook, **env)

    assert not task["failed"], result
    assert "executions" in task["result"]
    assert requests_to(fresh_simulator, LIST_STAT) == attempts
    assert fresh_simulator.control.faults()["rules"] == []


def test_429_waits_as_long_as_retry_after_says_not_the_backoff(run_playbook, fresh_simulator):
    """Retry-After: 1 against a backoff of 15 to 30 s (60 s capped, with jitter): the task waits about 1 s."""
    fresh_simulator.control.add_faults(
        {"method": "GET", "path": LIST_PATH, "kind": "status", "status": 429, "retry_after": 1}
    )
    clock = {"name": "clock", "ansible.builtin.set_fact": {"{{ clock_fact }}": "{{ now().timestamp() }}"}}

    result = run_playbook(
        play(
            dict(clock, vars={"clock_fact": "before"}),
            info(name="list runs", workflow_id=AWSNEW),
            dict(clock, vars={"clock_fact": "after"}),
        ),
        env={"VRO_RETRY_BACKOFF": "60"},
    )

    assert not result.task("list runs")["failed"], result
    facts = [r["result"]["ansible_facts"] for r in result.tasks if r["task"] == "clock"]
    waited = float(facts[1]["after"]) - float(facts[0]["before"])
    assert 1 <= waited < 12, waited
    assert requests_to(fresh_simulator, LIST_STAT) == 2


@pytest.mark.parametrize(
    "rule, expected",
    [
        pytest.param({"kind": "status", "status": 503, "count": 10}, "HTTP 503", id="503"),
        pytest.param({"kind": "drop", "count": 10}, "cannot connect to vRO at {host}:{port}", id="dropped"),
    ],
)
def test_fault_outlasting_retries_fails_naming_status_and_host(run_playbook, fresh_simulator, rule, expected):
    fresh_simulator.control.add_faults({"method": "GET", "path": LIST_PATH, **rule})

    result, task = run_list(run_playbook, VRO_RETRIES="2")

    assert task["failed"], result
    message = task["result"]["msg"]
    assert expected.format(host=fresh_simulator.host, port=fresh_simulator.port) in message
    assert f"{fresh_simulator.host}:{fresh_simulator.port}" in message
    assert requests_to(fresh_simulator, LIST_STAT) == 3  # the first try and 2 retries


def test_retries_zero_disables_retries(run_playbook, fresh_simulator):
    fresh_simulator.control.add_faults({"method": "GET", "path": LIST_PATH, "kind": "status", "status": 503})

    result, task = run_list(run_playbook, VRO_RETRIES="0")

    assert task["failed"], result
    assert "HTTP 503" in task["result"]["msg"]
    assert requests_to(fresh_simulator, LIST_STAT) == 1


def start_awsnew(run_playbook, *names):
    """Start AWSNEW once per task name, all with the same input; returns the playbook result."""
    return run_playbook(
        play(*(execute(name=name, workflow_id=AWSNEW, inputs={"name": "flaky01"}) for name in names)),
        env=FAST_RETRIES,
    )


def fault_on_start(sim, **rule):
    sim.control.add_faults({"method": "POST", "path": f"/workflows/{AWSNEW}/executions/?$", **rule})


def test_lost_answer_to_the_start_is_recovered_without_a_second_run(run_playbook, fresh_simulator):
    fault_on_start(fresh_simulator, kind="drop_after_commit")

    result = start_awsnew(run_playbook, "start")

    task = result.task("start")
    assert not task["failed"], result
    runs = fresh_simulator.control.executions()
    assert runs["count"] == 1
    assert task["result"]["execution_id"] == runs["executions"][0]["id"]
    assert task["result"]["changed"] is True
    assert requests_to(fresh_simulator, START_STAT) == 1


def test_start_answered_503_is_not_retried(run_playbook, fresh_simulator):
    fault_on_start(fresh_simulator, kind="status", status=503)

    result = start_awsnew(run_playbook, "start")

    task = result.task("start")
    assert task["failed"], result
    assert "HTTP 503" in task["result"]["msg"]
    assert fresh_simulator.control.executions()["count"] == 0
    assert requests_to(fresh_simulator, START_STAT) == 1


def test_start_dropped_before_the_server_acted_fails_as_unknown_without_retrying(run_playbook, fresh_simulator):
    fault_on_start(fresh_simulator, kind="drop")

    result = start_awsnew(run_playbook, "start")

    task = result.task("start")
    assert task["failed"], result
    message = task["result"]["msg"]
    assert "is unknown: the run may have started, or not" in message
    assert "no run with these inputs appeared" in message
    assert fresh_simulator.control.executions()["count"] == 0
    assert requests_to(fresh_simulator, START_STAT) == 1


def test_lost_start_after_identical_runs_recovers_its_own_run_not_an_earlier_one(run_playbook, fresh_simulator):
    """Two identical runs start normally just before; the third start's answer is lost (issue 12, item 2):
    the runs listed before the third POST can never be taken for it, so its own run is found."""
    fault_on_start(fresh_simulator, kind="drop_after_commit", after=2)

    result = start_awsnew(run_playbook, "first", "second", "third")

    ids = [result.task(name)["result"]["execution_id"] for name in ("first", "second", "third")]
    assert not any(result.task(name)["failed"] for name in ("first", "second", "third")), result
    assert len(set(ids)) == 3, ids
    assert fresh_simulator.control.executions()["count"] == 3  # nothing was started again
    assert requests_to(fresh_simulator, START_STAT) == 3


def test_lost_start_is_told_apart_from_an_earlier_identical_run(run_playbook, fresh_simulator):
    """An identical run started seconds before (a previous attempt) is not ours: the server's Date says so."""
    fault_on_start(fresh_simulator, kind="drop_after_commit", after=1)

    result = run_playbook(
        play(
            execute(name="earlier", workflow_id=AWSNEW, inputs={"name": "flaky01"}),
            {"name": "pause", "ansible.builtin.pause": {"seconds": 4}},
            execute(name="lost", workflow_id=AWSNEW, inputs={"name": "flaky01"}),
        ),
        env=FAST_RETRIES,
    )

    task = result.task("lost")
    assert not task["failed"], result
    runs = fresh_simulator.control.executions()["executions"]
    assert len(runs) == 2 and task["result"]["execution_id"] == runs[1]["id"]
    assert result.task("earlier")["result"]["execution_id"] == runs[0]["id"]
