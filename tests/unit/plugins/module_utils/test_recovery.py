# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lost-start recovery (``_recovery``): a run listed before the POST or already claimed is never ours, and the
list of runs before the POST is shared by concurrent starts of a workflow (``StartLedger``)."""

from __future__ import annotations

import concurrent.futures
import datetime
import threading
import time

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _dates, _executions, _recovery, _runner
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroHttpError, VroOutcomeUnknownError

# imported under another name, so that pytest does not collect its tests a second time here
from tests.unit.plugins.module_utils.test_executions import WF, response
from tests.unit.plugins.module_utils.test_executions import TestMatchingRuns as MatchingRuns


def test_a_lost_start_only_claims_a_run_that_started_after_the_post(make_fake_client):
    """An identical earlier run (a previous pipeline attempt) must not be taken for the one our lost POST made."""
    earlier = MatchingRuns()
    client = earlier.client(
        make_fake_client, [("previous-attempt", "2026-11-28T08:59:00Z", "someuser", earlier.echoed())]
    )
    client.server_clock_offset = 0.0
    started_at = _dates.parse_utc("2026-11-28T09:00:00+00:00")
    lost = VroOutcomeUnknownError("lost")
    assert _recovery.recover_lost_start(client, WF, MatchingRuns.SENT, started_at, lost, frozenset()) is None
    client = earlier.client(make_fake_client, [("ours", "2026-11-28T09:00:00.300Z", "someuser", earlier.echoed())])
    client.server_clock_offset = 0.0
    assert _recovery.recover_lost_start(client, WF, MatchingRuns.SENT, started_at, lost, frozenset()) == "ours"


def test_a_lost_start_never_claims_a_run_listed_before_the_post_or_already_claimed(make_fake_client):
    runs = MatchingRuns()
    started_at = _dates.parse_utc("2026-11-28T09:00:00+00:00")
    lost = VroOutcomeUnknownError("lost")
    for before, claimed in ((frozenset(["ours"]), set()), (frozenset(), {"ours"}), (None, set())):
        client = runs.client(make_fake_client, [("ours", "2026-11-28T09:00:00.300Z", "someuser", runs.echoed())])
        client.start_ledger.claimed.update(claimed)
        assert _recovery.recover_lost_start(client, WF, MatchingRuns.SENT, started_at, lost, before) is None


# ------------------------------------------------------------------------------------------
# ------------------------------------------------------------------------------------------
# the runs listed before the POST: one list shared by concurrent starts of a workflow


def listing(*run_ids, started=None, echoed=None):
    """A list of the workflow's runs, newest first; ``started``/``echoed`` make them identical earlier runs."""
    links = []
    for run_id in run_ids:
        attributes = [{"name": "id", "value": run_id}, {"name": "state", "value": "completed"}]
        if started:
            attributes.append({"name": "startDate", "value": started})
        links.append({"rel": "down", "href": "h", "attributes": attributes})
    return {"relations": {"total": len(links), "link": links}}


def list_requests(client):
    return [c for c in client.get.call_args_list if c.args[0] == _executions.execution_path(WF)]


class FrozenClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_concurrent_starts_of_a_workflow_share_one_list_request(make_fake_client):
    client = make_fake_client({_executions.execution_path(WF): listing("earlier")})
    client.start_ledger = _recovery.StartLedger(clock=FrozenClock())
    answered = threading.Event()
    plain_get = client.get.side_effect

    def slow_list(path, **kwargs):
        answered.wait(5)  # the first list stays in flight while the other starts ask for theirs
        return plain_get(path, **kwargs)

    client.get.side_effect = slow_list
    ids = iter(range(100))
    lock = threading.Lock()

    def post(path, body, expected):
        with lock:
            return response(202, {"id": "run-%d" % next(ids)}, method="POST")

    client.post.side_effect = post
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(_runner.start, client, WF, []) for _start_number in range(8)]
        time.sleep(0.2)
        answered.set()
        started = [f.result(5).execution_id for f in futures]
    assert len(list_requests(client)) == 1
    assert sorted(started) == sorted("run-%d" % i for i in range(8))


def test_a_list_older_than_the_shared_age_is_not_used_again(make_fake_client):
    client = make_fake_client({_executions.execution_path(WF): listing("earlier")})
    client.post.return_value = response(202, {"id": "e1"}, method="POST")
    clock = FrozenClock()
    client.start_ledger = _recovery.StartLedger(clock=clock)
    _runner.start(client, WF, [])
    clock.now += _recovery.SHARED_SNAPSHOT_AGE  # still young enough: shared
    _runner.start(client, WF, [])
    assert len(list_requests(client)) == 1
    clock.now += 0.01  # now older than SHARED_SNAPSHOT_AGE since its request was sent
    _runner.start(client, WF, [])
    assert len(list_requests(client)) == 2


def test_a_run_in_the_shared_list_is_never_claimed_by_a_lost_start(make_fake_client):
    """The second start uses the first one's list; an identical run in it is not taken for its lost POST."""
    runs = MatchingRuns()
    just_now = datetime.datetime.now(_dates.UTC).isoformat()
    for in_shared_list, expected in ((True, None), (False, "identical")):
        client = runs.client(make_fake_client, [("identical", just_now, "someuser", runs.echoed())])
        path = _executions.execution_path(WF)
        recovery_list = client.routes[path]
        client.routes[path] = [listing("identical" if in_shared_list else "older"), recovery_list]
        client.start_ledger = _recovery.StartLedger(clock=FrozenClock())
        client.post.side_effect = [response(202, {"id": "first"}, method="POST"), VroOutcomeUnknownError("reset")]
        assert _runner.start(client, WF, MatchingRuns.SENT).execution_id == "first"
        if expected is None:
            with pytest.raises(VroOutcomeUnknownError, match="no run with these inputs appeared"):
                _runner.start(client, WF, MatchingRuns.SENT)
        else:
            assert _runner.start(client, WF, MatchingRuns.SENT).execution_id == expected
        assert len(list_requests(client)) == 2  # one shared list before the POSTs, one look-up


def test_a_list_that_failed_lets_no_run_be_claimed_and_is_not_kept(make_fake_client):
    runs = MatchingRuns()
    just_now = datetime.datetime.now(_dates.UTC).isoformat()
    client = runs.client(make_fake_client, [("someone-elses", just_now, "someuser", runs.echoed())])
    path = _executions.execution_path(WF)
    client.routes[path] = [VroHttpError("list failed", status=500, url="u"), client.routes[path], listing()]
    client.start_ledger = _recovery.StartLedger(clock=FrozenClock())
    client.post.side_effect = [VroOutcomeUnknownError("reset"), response(202, {"id": "second"}, method="POST")]
    with pytest.raises(VroOutcomeUnknownError, match="no run with these inputs appeared"):
        _runner.start(client, WF, MatchingRuns.SENT)
    assert _runner.start(client, WF, MatchingRuns.SENT).execution_id == "second"
    assert len(list_requests(client)) == 3  # the failed list, the look-up, and a new list for the second start
