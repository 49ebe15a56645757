# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""When the answer to a start is lost: find the run it may have created, and never take another run for it.

The runs listed just before the POST are never ours (``StartLedger.runs_before_post``); the ``StartLedger``
of the client keeps the runs this task started or claimed, so that none is returned twice; the look-up
(``recover_lost_start``) replaces a second POST (SECURITY.md). ``_runner.start`` sends the POST.
"""

import contextlib
import datetime
import threading
import time

from ansible_collections.opsflow.vro.plugins.module_utils import _executions
from ansible_collections.opsflow.vro.plugins.module_utils._dates import UTC
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroError, VroOutcomeUnknownError

# Without any Date header, how far vRO's clock may be behind ours (seconds); runs listed before the
# POST are excluded in that case, so the window only needs to be wide.
CLOCK_SKEW = 120
# How many of a workflow's newest runs a lost-start look-up examines.
RECOVERY_SCAN = 20
# How old (seconds, from the moment its list request was sent) the list of a workflow's runs may be for
# another start of that workflow to use it as its "runs before the POST". Sharing it saves one list request
# per start when a task starts many runs at once; the price is that a run someone else starts in those
# seconds is not in the list (SECURITY.md, "lost start"). 1.5 s covers a burst of starts from the thread
# pool and stays near the one-second resolution of vRO's Date header, which already lets a run started
# about a second before our POST pass the look-up's start-time check.
SHARED_SNAPSHOT_AGE = 1.5


def known_run_ids(client, workflow_id):
    """The ids of the newest runs, or None when they cannot be read (then no run can be claimed)."""
    try:
        return frozenset(s["id"] for s in _executions.list_recent(client, workflow_id, RECOVERY_SCAN))
    except VroError:
        return None


def recover_lost_start(client, workflow_id, parameters, started_at, cause, before):
    """The POST may or may not have started a run. Look for it instead of POSTing again.

    Candidates: runs with the same inputs that started after our POST left, on vRO's clock (learned,
    as a lower bound, from its Date headers), that were not listed before the POST (``before``; None:
    the list could not be read, so none can be claimed) and that no other start of this task has
    returned or claimed. Returns the one candidate's id (claimed), or None when there is none;
    raises ``VroOutcomeUnknownError`` when the look-up fails or finds several.
    """
    if client.server_clock_offset is None:
        since = started_at - datetime.timedelta(seconds=CLOCK_SKEW)
    else:
        since = started_at + datetime.timedelta(seconds=client.server_clock_offset)
    with client.start_ledger.looking():
        try:
            found = _executions.find_matching_runs(
                client, workflow_id, parameters, since=since, states=None, max_examined=RECOVERY_SCAN
            )
        except VroError as exc:
            raise lost_start_error(
                client, workflow_id, started_at, cause, "looking for it failed too (%s)" % exc
            ) from exc
        if before is None:
            found = []
        candidates = [c for c in found if c["id"] not in client.start_ledger.claimed and c["id"] not in before]
        if len(candidates) == 1 and client.start_ledger.claim(candidates[0]["id"]):
            return candidates[0]["id"]
    if len(candidates) > 1:
        raise lost_start_error(
            client,
            workflow_id,
            started_at,
            cause,
            "%d runs with the same inputs started since then (%s), so which one is ours cannot be told"
            % (len(candidates), ", ".join(c["id"] for c in candidates)),
        )
    return None


def lost_start_error(client, workflow_id, started_at, cause, found):
    """The message of a start whose outcome stays unknown: what happened, the time window, how to check."""
    window = "between %s and %s UTC (this host's clock)" % (
        started_at.strftime("%H:%M:%S"),
        datetime.datetime.now(UTC).strftime("%H:%M:%S on %Y-%m-%d"),
    )
    return VroOutcomeUnknownError(
        "The outcome of starting workflow %s is unknown: the run may have started, or not (%s). The request was not "
        "repeated, to avoid running the workflow twice; %s. Look for a run started %s with these inputs (vRO UI, or "
        "opsflow.vro.vro_execution_info with workflow_id %s) before re-running the task."
        % (workflow_id, client.redact(str(cause)), client.redact(found), window, workflow_id),
        url=getattr(cause, "url", None),
    )


class _Snapshot:
    """One list of a workflow's runs taken before POSTs: when its request was sent, and its ids once read."""

    def __init__(self, sent_at):
        self.sent_at = sent_at
        self.run_ids = None
        self.done = False


class StartLedger:
    """The runs this module run has started or claimed, a gate between POSTs and lost-start look-ups, and
    the list of runs taken before POSTs, shared by concurrent starts of a workflow.

    A look-up for the run a lost POST may have created must not claim a run that another thread's
    POST is about to report: it waits until no POST is in flight, and no POST leaves while it looks.
    """

    def __init__(self, clock=time.monotonic):
        self._cond = threading.Condition()
        self._posting = 0
        self._looking = False
        self._clock = clock
        self._snapshots = {}
        self.claimed = set()

    def runs_before_post(self, workflow_id, list_runs):
        """The ids of the workflow's runs listed before a POST (None: they could not be read).

        Single flight per workflow: a list whose request was sent at most ``SHARED_SNAPSHOT_AGE`` seconds
        before this call is used (waiting for its answer if it is still in flight); otherwise this call
        sends ``list_runs()`` and the calls that come while it is in flight use its answer. Either way the
        list request left before the POST does. A list that could not be read is not kept for later calls.
        """
        with self._cond:
            snapshot = self._snapshots.get(workflow_id)
            if snapshot is not None and self._clock() - snapshot.sent_at <= SHARED_SNAPSHOT_AGE:
                self._cond.wait_for(lambda: snapshot.done)
                return snapshot.run_ids
            snapshot = self._snapshots[workflow_id] = _Snapshot(self._clock())
        run_ids = None
        try:
            run_ids = list_runs()
        finally:
            with self._cond:
                snapshot.run_ids, snapshot.done = run_ids, True
                if run_ids is None and self._snapshots.get(workflow_id) is snapshot:
                    del self._snapshots[workflow_id]
                self._cond.notify_all()
        return run_ids

    @contextlib.contextmanager
    def posting(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._looking)
            self._posting += 1
        try:
            yield
        finally:
            with self._cond:
                self._posting -= 1
                self._cond.notify_all()

    @contextlib.contextmanager
    def looking(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._looking and self._posting == 0)
            self._looking = True
        try:
            yield
        finally:
            with self._cond:
                self._looking = False
                self._cond.notify_all()

    def claim(self, execution_id):
        """Record ``execution_id`` as this task's; False if it already was (it can be returned once only)."""
        with self._cond:
            if execution_id in self.claimed:
                return False
            self.claimed.add(execution_id)
            return True
