# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many runs of one workflow followed with one list request per poll (issue 17), over HTTP in-process.

The runner and the client of the collection drive the simulator exactly as the module does with
``runs``; the simulator's request counts show which requests the waiting cost.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from types import SimpleNamespace

import pytest
import yaml

from ansible_collections.opsflow.vro.plugins.module_utils import _client, _executions, _module, _runner
from ansible_collections.opsflow.vro.plugins.modules import vro_execution_info, vro_workflow_execute
from tests.integration.plays import WORKFLOW_IDS

SLEEP = WORKFLOW_IDS["Sleep"]
FAIL = WORKFLOW_IDS["Fail"]
APPROVAL = WORKFLOW_IDS["WaitForApproval"]
LIST = "GET /workflows/{id}/executions"
STATE = "GET /workflows/{id}/executions/{eid}/state"
READ = "GET /workflows/{id}/executions/{eid}"
START = "POST /workflows/{id}/executions"


def client_for(sim, pool_size=20):
    return _client.VroClient(
        hostname=sim.host,
        port=sim.port,
        username=sim.username,
        password=sim.password,
        ca_path=sim.ca_path,
        pool_size=pool_size,
    )


def run_many(sim, specs, poll_interval=1, wait_timeout=60, wait=True):
    """The runs' results, as ``vro_workflow_execute`` with ``runs`` (and ``max_concurrent`` = their number) gives them."""
    params = dict((name, spec.get("default")) for name, spec in vro_workflow_execute.argument_spec().items())
    params.update(
        runs=specs, max_concurrent=len(specs), wait=wait, poll_interval=poll_interval, wait_timeout=wait_timeout
    )
    return _runner.run_task(client_for(sim, pool_size=len(specs)), params)["runs"]


def wait_with_execution_info(sim, workflow_id, execution_ids, poll_interval=1):
    """``vro_execution_info`` with ``execution_ids`` and ``wait: true`` (its documented defaults otherwise)."""
    options = yaml.safe_load(vro_execution_info.DOCUMENTATION)["options"]
    params = dict((name, spec.get("default")) for name, spec in options.items())
    params.update((name, spec["default"]) for name, spec in _module.WAIT_OPTIONS.items())  # from a doc fragment
    params.update(workflow_id=workflow_id, execution_ids=execution_ids, wait=True, poll_interval=poll_interval)
    module = SimpleNamespace(params=params)
    return vro_execution_info.run(module, client_for(sim, pool_size=len(execution_ids)))


def cancel_one_sleep_run_when_it_runs(sim, canceled):
    """Cancel the first Sleep run as soon as it exists, from a second client (as another user would)."""
    client = client_for(sim, pool_size=1)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        runs = [e for e in sim.control.executions()["executions"] if e["workflow_id"] == SLEEP]
        if runs:
            _executions.cancel(client, SLEEP, runs[0]["id"])
            canceled.append(runs[0]["id"])
            return
        time.sleep(0.05)


@pytest.mark.parametrize("flavor", ["8", "7"])  # 8.x lists relations.startIndex/count, 7.x only total and links
def test_list_polling_sees_every_kind_of_end(request, flavor):
    sim = request.getfixturevalue("simulator" if flavor == "8" else "simulator7")
    sim.control.reset()
    specs = (
        [{"workflow_id": SLEEP, "inputs": {"seconds": seconds}} for seconds in (1, 2, 3, 3)]
        + [{"workflow_id": FAIL}] * 2
        + [{"workflow_id": APPROVAL, "inputs": {"request": "disk %d" % n}} for n in range(2)]
    )
    canceled = []
    canceller = threading.Thread(target=cancel_one_sleep_run_when_it_runs, args=(sim, canceled))
    canceller.start()
    try:
        results = run_many(sim, specs)
    finally:
        canceller.join()
    by_id = dict((r["execution_id"], r) for r in results)
    assert by_id[canceled[0]]["state"] == "canceled" and by_id[canceled[0]]["failed"]
    states = [r["state"] for r in results if r["execution_id"] != canceled[0]]
    assert sorted(states) == ["completed"] * 3 + ["failed"] * 2 + ["waiting"] * 2
    assert all(r["failed"] for r in results if r["state"] in ("failed", "waiting"))
    assert all("ds-missing" in r["msg"] for r in results if r["state"] == "failed")
    assert all("waiting for user input" in r["msg"] for r in results if r["state"] == "waiting")
    counts = sim.control.stats()["requests"]
    assert counts.get(STATE, 0) == 0, "every end was seen in the lists, no run was polled alone"
    # the final read of each run, for its outputs; on 7.x also verify_inputs' read (a 7.x start answers no body)
    assert counts[READ] == len(specs) * (1 if flavor == "8" else 2)
    assert 3 <= counts[LIST] < 3 * 12  # three workflows, one list each per poll, about 4 s at most
    sim.control.reset()


def test_a_run_missing_from_the_list_is_read_on_its_own(fresh_simulator):
    # A list that shows none of our runs (e.g. a server that keeps the newest runs elsewhere)
    fresh_simulator.control.add_faults(
        {
            "method": "GET",
            "path": "/executions$",
            "kind": "status",
            "status": 200,
            "body": {"relations": {"total": 0, "link": []}},
            "count": 1000,
        }
    )
    results = run_many(fresh_simulator, [{"workflow_id": SLEEP, "inputs": {"seconds": 1}}] * 3)
    assert [r["state"] for r in results] == ["completed"] * 3 and not any(r["failed"] for r in results)
    counts = fresh_simulator.control.stats()["requests"]
    assert counts[LIST] >= 1
    assert counts[STATE] >= 3  # each run's end seen through its own /state


def test_busy_answers_slow_the_runs_down_but_fail_none_and_start_none_twice(fresh_simulator):
    busy = {"kind": "status", "status": 429, "retry_after": 1, "body": {"message": "Too many requests"}}
    fresh_simulator.control.add_faults(
        dict(busy, method="POST", path="/executions$", count=2),
        dict(busy, method="GET", path="/executions$", count=3),
        dict(busy, method="GET", path="/executions/[^/]+$", count=2),
    )
    runs = 4
    results = run_many(fresh_simulator, [{"workflow_id": SLEEP, "inputs": {"seconds": 1}}] * runs)
    assert [r["state"] for r in results] == ["completed"] * runs
    assert not any(r["failed"] for r in results)
    assert fresh_simulator.control.executions()["count"] == runs, "a refused start was repeated once, not twice"
    counts = fresh_simulator.control.stats()["requests"]
    assert counts[START] == runs + 2  # the two refused POSTs were sent again
    assert counts.get(STATE, 0) == 0  # a busy list is asked again later, not replaced by per-run polling


def test_one_run_alone_keeps_polling_its_state(fresh_simulator):
    results = run_many(fresh_simulator, [{"workflow_id": SLEEP, "inputs": {"seconds": 1}}])
    assert results[0]["state"] == "completed"
    counts = fresh_simulator.control.stats()["requests"]
    # the list is read once before the start (what ran before it, for lost-start recovery), never to poll
    assert counts[STATE] >= 1 and counts.get(LIST, 0) <= 1


def requests_during(sim, action):
    """What ``action()`` returns, and the simulator's request counts it caused."""
    before = Counter(sim.control.stats()["requests"])
    result = action()
    return result, Counter(sim.control.stats()["requests"]) - before


def test_execution_info_waits_for_many_runs_with_one_list_per_poll(fresh_simulator):
    seconds = (1, 2, 2, 3, 3, 3)
    ids = [
        r["execution_id"]
        for r in run_many(
            fresh_simulator, [{"workflow_id": SLEEP, "inputs": {"seconds": s}} for s in seconds], wait=False
        )
    ]
    canceled = []
    canceller = threading.Thread(
        target=lambda: (
            time.sleep(0.5),
            _executions.cancel(client_for(fresh_simulator, 1), SLEEP, ids[-1]),
            canceled.append(ids[-1]),
        )
    )
    canceller.start()
    try:
        result, counts = requests_during(fresh_simulator, lambda: wait_with_execution_info(fresh_simulator, SLEEP, ids))
    finally:
        canceller.join()
    assert canceled == [ids[-1]]
    assert result["states"] == dict(zip(ids, ["completed"] * 5 + ["canceled"])) and result["all_finished"]
    assert result["failed"] and result["msg"].startswith("1 of 6 runs did not complete: %s: " % ids[-1])
    assert [e["failed"] for e in result["executions"]] == [False] * 5 + [True]
    assert [e["outputs"]["slept"] for e in result["executions"][:5]] == list(seconds[:5])
    # Waited on one by one, each run would cost a GET .../state per poll of its schedule (the sum of the polls);
    # together, one list per poll of the shared schedule (as many as the longest wait's), and the final reads.
    polls = [e["waited"]["polls"] for e in result["executions"]]
    assert counts[STATE] == 0 and counts[READ] == len(ids)
    assert 2 <= counts[LIST] <= max(polls) + 1 and counts[LIST] * 2 < sum(polls), (counts, polls)


def test_execution_info_waiting_for_runs_that_fail_reports_each_failure(fresh_simulator):
    ids = [r["execution_id"] for r in run_many(fresh_simulator, [{"workflow_id": FAIL}] * 4, wait=False)]
    result, counts = requests_during(fresh_simulator, lambda: wait_with_execution_info(fresh_simulator, FAIL, ids))
    assert result["failed"] and result["msg"].startswith("4 of 4 runs did not complete: ")
    assert result["states"] == dict.fromkeys(ids, "failed")
    for execution in result["executions"]:
        assert execution["failed"] and "ds-missing" in execution["failure"] and execution["failure"] == execution["msg"]
        assert execution["waited"]["polls"] >= 1 and execution["logs"]
    assert counts[STATE] == 0 and counts[READ] == len(ids) and 1 <= counts[LIST] <= 4, counts
