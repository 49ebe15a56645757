# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The batch watcher against an in-memory vRO: one list per poll, paging, fallback, busy answers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _waiter, _watch
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroConnectionError,
    VroHttpError,
    VroNotFoundError,
    VroResponseError,
)

WF = "wf-1"
# poll_interval 0.5: the schedule's smallest gap (0.2 s), so that every test takes a second or less
POLL_INTERVAL = 0.5


class FakeVro:
    """Answers the list and the ``/state`` of a workflow's runs; a run's state moves on with each list call.

    ``runs``: ``{id: [state at list call 0, 1, ...]}`` (the last one stays). ``hidden``: ids the list leaves out.
    ``state_errors``: ``{id: exception}`` its ``/state`` raises. ``others``: how many newer runs of other
    users the list shows before ours. ``oldest_first``: ignore sortOrders.
    """

    def __init__(self, runs, hidden=(), others=0, oldest_first=False, list_errors=(), shape="8", state_errors=None):
        self.runs = runs
        self.state_errors = state_errors or {}
        self.hidden = set(hidden)
        self.others = others
        self.oldest_first = oldest_first
        self.list_errors = list(list_errors)
        self.shape = shape
        self.list_calls = []
        self.polls_answered = -1  # a list from startIndex 0 begins the next poll: states move on
        self.list_times = []
        self.state_calls = []
        self.busy_answers = 0
        self.lock = threading.Lock()
        self.began = time.time()
        self.server_clock_offset = 0.0  # as if vRO's Date headers had shown the same time as ours

    def state_of(self, execution_id, own_reads=0):
        """The run's state at the current poll, or after ``own_reads`` reads of its ``/state``, whichever is later."""
        states = self.runs[execution_id]
        return states[min(max(self.polls_answered, own_reads - 1, 0), len(states) - 1)]

    def summaries(self):
        ours = [
            {"id": key, "state": self.state_of(key), "startDate": started(self.began + index * 0.001)}
            for index, key in enumerate(self.runs)
            if key not in self.hidden
        ]
        others = [
            {"id": "other-%d" % n, "state": "running", "startDate": started(self.began + 1 + n * 0.001)}
            for n in range(self.others)
        ]
        newest_first = sorted(ours + others, key=lambda s: s["startDate"], reverse=True)
        return newest_first[::-1] if self.oldest_first else newest_first

    def get(self, path, query=None, expected=(200,), until=None):
        with self.lock:
            if path.endswith("/state"):
                execution_id = path.split("/")[-2]
                self.state_calls.append(execution_id)
                if execution_id in self.state_errors:
                    raise self.state_errors[execution_id]
                return FakeResponse({"value": self.state_of(execution_id, self.state_calls.count(execution_id))})
            self.list_calls.append(query)
            self.list_times.append(time.monotonic())
            if self.list_errors:
                error = self.list_errors.pop(0)
                if error is not None:
                    if error.status in (429, 503):
                        self.busy_answers += 1
                    raise error
            if query["startIndex"] == 0:
                self.polls_answered += 1
            listed = self.summaries()
            page = listed[query["startIndex"] : query["startIndex"] + query["maxResult"]]
            links = [{"rel": "up", "href": "x"}] + [
                {"rel": "down", "href": "x", "attributes": [{"name": k, "value": v} for k, v in s.items()]}
                for s in page
            ]
            if self.shape == "5.5":
                return FakeResponse({"relations": {"total": len(listed), "link": links}})
            relations = {"total": len(listed), "startIndex": query["startIndex"], "count": len(page), "link": links}
            return FakeResponse({"relations": relations, "href": "x"})


def started(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).isoformat(timespec="milliseconds")


class FakeResponse:
    def __init__(self, body):
        self.object = body


def wait_all(vro, ids, timeout=5, stop_on_waiting=True):
    watcher = _watch.BatchWatcher()
    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        futures = dict(
            (key, pool.submit(watcher.wait_for, vro, WF, key, timeout, POLL_INTERVAL, stop_on_waiting)) for key in ids
        )
        return dict((key, future.result()) for key, future in futures.items())


def test_one_list_request_per_poll_sees_every_kind_of_end():
    runs = {
        "done": ["running", "completed"],
        "broken": ["running", "running", "failed"],
        "stopped": ["running", "canceled"],
        "asks": ["running", "running", "waiting"],
        "slow": ["running", "running", "running", "completed"],
    }
    vro = FakeVro(runs)
    outcomes = wait_all(vro, list(runs))
    assert dict((key, o.state) for key, o in outcomes.items()) == {
        "done": "completed",
        "broken": "failed",
        "stopped": "canceled",
        "asks": "waiting",
        "slow": "completed",
    }
    assert not any(o.timed_out for o in outcomes.values())
    assert outcomes["asks"].awaiting_input
    assert vro.state_calls == []
    assert len(vro.list_calls) == 4  # the slow run's end is seen at the fourth list
    assert all(q["sortOrders"] == "-startDate" and q["startIndex"] == 0 for q in vro.list_calls)
    assert outcomes["slow"].polls == 4


def test_waiting_for_input_keeps_waiting_when_asked_to():
    vro = FakeVro({"a": ["running", "waiting", "waiting", "completed"], "b": ["running", "completed"]})
    outcomes = wait_all(vro, ["a", "b"], stop_on_waiting=False)
    assert outcomes["a"].state == "completed"


def test_a_run_the_list_does_not_show_is_read_on_its_own():
    vro = FakeVro(
        {"listed": ["running", "running", "completed"], "unlisted": ["running", "failed"]}, hidden=["unlisted"]
    )
    outcomes = wait_all(vro, ["listed", "unlisted"])
    assert outcomes["unlisted"].state == "failed"
    assert outcomes["listed"].state == "completed"
    assert set(vro.state_calls) == {"unlisted"}


def test_pages_only_as_far_as_the_runs_waited_on():
    runs = dict(("run-%d" % n, ["running", "completed"]) for n in range(4))
    vro = FakeVro(runs, others=30)  # 30 newer runs of other users come first
    outcomes = wait_all(vro, list(runs))
    assert all(o.state == "completed" for o in outcomes.values())
    assert vro.state_calls == []
    page_size = vro.list_calls[0]["maxResult"]
    assert page_size == _watch.MIN_PAGE_SIZE + 5  # 4 runs x 1.25 + 10
    # every poll pages down to our runs, which follow the 30 others, and no further
    assert [q["startIndex"] for q in vro.list_calls] == [0, 15, 30] * 2


def test_a_server_that_lists_oldest_first_is_read_from_its_end():
    runs = dict(("run-%d" % n, ["running", "completed"]) for n in range(2))
    vro = FakeVro(runs, others=40, oldest_first=True, shape="5.5")  # ours are the oldest: at the start
    outcomes = wait_all(vro, list(runs))
    assert all(o.state == "completed" for o in outcomes.values())
    assert vro.list_calls[0]["startIndex"] == 0


def test_busy_answers_to_the_list_fail_no_run_and_slow_the_polls():
    busy = VroHttpError("GET list failed with HTTP 429", status=429)
    vro = FakeVro({"a": ["running", "completed"], "b": ["running", "completed"]}, list_errors=[busy, busy])
    watcher = _watch.BatchWatcher()
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda key: watcher.wait_for(vro, WF, key, 10, POLL_INTERVAL), ["a", "b"]))
    assert [o.state for o in outcomes] == ["completed", "completed"]
    assert vro.state_calls == []  # the list is tried again, not replaced by per-run polling
    gaps = [later - earlier for earlier, later in zip(vro.list_times, vro.list_times[1:])]
    sprint = _waiter.PollSchedule(POLL_INTERVAL).sprint_delay
    assert gaps[0] >= 2 * sprint * 0.9 and gaps[1] >= 4 * sprint * 0.9  # each busy answer doubles the gap


def test_a_list_vro_refuses_falls_back_to_polling_each_run():
    refused = VroHttpError("GET list failed with HTTP 400", status=400)
    vro = FakeVro({"a": ["running", "completed"], "b": ["running", "completed"]}, list_errors=[refused])
    outcomes = wait_all(vro, ["a", "b"])
    assert all(o.state == "completed" for o in outcomes.values())
    assert sorted(set(vro.state_calls)) == ["a", "b"]


def test_a_run_that_never_ends_times_out_alone():
    vro = FakeVro({"quick": ["running", "completed"], "stuck": ["running"]})
    outcomes = wait_all(vro, ["quick", "stuck"], timeout=0.8)
    assert outcomes["quick"].state == "completed" and not outcomes["quick"].timed_out
    assert outcomes["stuck"].timed_out and outcomes["stuck"].state == "running"


def test_a_purged_run_raises_in_its_own_thread_only():
    purged = VroHttpError("not found", status=404)
    vro = FakeVro({"a": ["running", "completed"], "gone": ["running"]}, hidden=["gone"], state_errors={"gone": purged})
    watcher = _watch.BatchWatcher()
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.submit(watcher.wait_for, vro, WF, "a", 5, POLL_INTERVAL)
        gone = pool.submit(watcher.wait_for, vro, WF, "gone", 5, POLL_INTERVAL)
        assert done.result().state == "completed"
        with pytest.raises(VroHttpError) as raised:
            gone.result()
    assert raised.value is purged


class SampleClient:
    """Answers every list with the real vCO 5.5 body (100 runs, oldest first, two navigation links first)."""

    busy_answers = 0
    server_clock_offset = None

    def __init__(self):
        path = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "samples", "executions-list-vco55.json")
        with open(path) as handle:
            self.body = json.load(handle)
        self.queries = []

    def get(self, path, query=None, expected=(200,), until=None):
        self.queries.append(query)
        return FakeResponse(self.body)


def test_the_real_vco55_list_shows_the_runs_ends():
    client = SampleClient()
    watcher = _watch.BatchWatcher()
    runs = {"ff8080814a1cb55c014a354875ad15be": "failed", "ff8080814a1cb55c014a6481a9927a78": "completed"}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = dict((key, pool.submit(watcher.wait_for, client, WF, key, 5, POLL_INTERVAL)) for key in runs)
        outcomes = dict((key, future.result()) for key, future in futures.items())
    assert dict((key, o.state) for key, o in outcomes.items()) == runs
    assert len(client.queries) <= 2 and all(q["startIndex"] == 0 for q in client.queries)


@pytest.mark.parametrize(
    "ages, expected_gap",
    [
        ([0.0] * 200, 0.6),  # 200 young runs: never more than one list per sprint delay
        ([100.0] * 2, 2.5),  # two old runs: as often as their own 5 s schedules together
        ([100.0], 5.0),
    ],
)
def test_the_poll_gap_is_bounded_whatever_the_number_of_runs(ages, expected_gap):
    polls = _watch._WorkflowPolls(FakeVro({}), WF, 5, clock=lambda: 1000.0)
    polls.next_poll = 1000.0
    for index, age in enumerate(ages):
        polls.watches[index] = _watch._Watch(index, 1000.0 - age, 600, True, 5)
    assert polls._next_poll_after(1000.0) - 1000.0 == pytest.approx(expected_gap)


def test_gap_at_is_the_sprint_then_the_poll_interval():
    schedule = _waiter.PollSchedule(5)
    assert schedule.gap_at(0) == pytest.approx(0.6)
    assert schedule.gap_at(5.9) == pytest.approx(0.6)
    assert schedule.gap_at(6.0) == 5


@pytest.mark.parametrize(
    "error, busy",
    [
        (VroHttpError("x", status=429), True),
        (VroHttpError("x", status=503), True),
        (VroHttpError("x", status=500), True),
        (VroHttpError("x", status=400), False),
        (VroNotFoundError("x", status=404), False),
        (VroConnectionError("x"), False),
        (VroResponseError("x", status=200), False),
    ],
)
def test_busy_means_429_or_a_server_error(error, busy):
    assert _watch.is_busy(error) is busy
