# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""Follow many runs of the same workflow with one list request per poll, not one request per run.

``BatchWatcher.wait_for`` has the signature and the result of ``_waiter.wait_for``; each thread of the
concurrent path calls it for its own run and blocks. One schedule per workflow decides when the
runs' states are read: whichever waiting thread finds a poll due reads ``GET /workflows/{id}/executions``
newest first (``sortOrders=-startDate``), paging only as far as the oldest run still waited on, and
wakes the threads whose runs ended. A run the list does not show is read with its own
``GET .../state``, no more often than the one-run waiter would. Paging stops at the page whose
oldest run started before every run still missing (their start dates from earlier polls, or the
moment we began to wait for them on vRO's clock, less a second; 120 s when vRO sent no Date header).

The request rate does not grow with the number of runs: the schedule polls as often as the runs'
own schedules would together (their sprint at the start, then ``poll_interval``), but never more
often than one list per sprint delay (0.6 s for ``poll_interval: 5``). A busy vRO (429 or 5xx, or a
429/503 the client had to wait out) doubles the gap, up to ``MAX_SLOWDOWN`` times; it never fails a run.
"""

import datetime
import threading
import time

from ansible_collections.opsflow.vro.plugins.module_utils import _executions, _recovery, _waiter
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroError, VroHttpError

MAX_SLOWDOWN = 8.0
MIN_PAGE_SIZE = 10
MAX_PAGE_SIZE = 500
# Runs further down than this many pages (behind many newer runs of others) are read on their own.
MAX_PAGES = 10
# vRO's clock is known from its Date headers, to the second.
DATE_RESOLUTION = 1
# A page holds the runs waited on plus room for those that ended meanwhile and other users' runs.
PAGE_HEADROOM = 1.25


def is_busy(exc):
    """vRO (or a proxy) answered that it cannot serve us now (429, 5xx): ask again later, the runs are fine.

    Anything else (a 4xx such as a list option this server rejects, an unreachable server, TLS, auth)
    makes the runs fall back to being polled one by one, which reports such errors as it always did.
    """
    return isinstance(exc, VroHttpError) and isinstance(exc.status, int) and (exc.status == 429 or exc.status >= 500)


class _Watch:
    """One run being waited on, and what the polls learned about it."""

    def __init__(self, execution_id, began, timeout, stop_on_waiting, poll_interval):
        self.execution_id = execution_id
        self.began = began
        self.registered_at = datetime.datetime.now(datetime.timezone.utc)
        self.deadline = began + timeout
        self.stop_on_waiting = stop_on_waiting
        self.state = None
        self.start_date = None  # on vRO's clock, once a list showed the run
        self.polls = 0
        self.outcome = None
        self.error = None
        # Only used while the list does not show the run: its own one-run schedule.
        self.own_schedule = _waiter.PollSchedule(poll_interval)
        self.own_poll_due = None

    def ends_wait(self, state):
        return state in _executions.TERMINAL_STATES or (self.stop_on_waiting and state == "waiting")


class _WorkflowPolls:
    """The shared poll schedule of one workflow's runs."""

    def __init__(self, client, workflow_id, poll_interval, clock):
        self.client = client
        self.workflow_id = workflow_id
        self.poll_interval = poll_interval
        self.schedule = _waiter.PollSchedule(poll_interval)
        self.clock = clock
        self.condition = threading.Condition()
        self.watches = {}
        self.polling = False
        self.next_poll = None
        self.slowdown = 1.0
        self.list_usable = True

    def wait(self, execution_id, timeout, stop_on_waiting):
        """The run's ``WaitOutcome``, or None when the list cannot be used (the caller polls the run alone)."""
        watch = _Watch(execution_id, self.clock(), timeout, stop_on_waiting, self.poll_interval)
        with self.condition:
            self.watches[execution_id] = watch
            if self.next_poll is None:
                self.next_poll = watch.began + self.schedule.sprint_delay
            try:
                return self._wait_locked(watch)
            finally:
                self.watches.pop(execution_id, None)

    def _wait_locked(self, watch):
        while watch.outcome is None and watch.error is None:
            now = self.clock()
            if now >= watch.deadline:
                return _waiter.WaitOutcome(watch.state, True, now - watch.began, watch.polls)
            if not self.list_usable:
                return None
            if not self.polling and now >= self.next_poll:
                self._poll_unlocked()
                continue
            wake = watch.deadline if self.polling else min(self.next_poll, watch.deadline)
            self.condition.wait(max(0.0, wake - now))
        if watch.error is not None:
            raise watch.error
        return watch.outcome

    def _poll_unlocked(self):
        """Poll for every watched run, with the lock released so other threads keep timing out or waiting."""
        self.polling = True
        waited = dict((key, w) for key, w in self.watches.items() if w.outcome is None and w.error is None)
        busy_before = self.client.busy_answers
        self.condition.release()
        busy, found = False, {}
        try:
            try:
                found = self._read_list(waited)
            except VroError as exc:
                if not is_busy(exc):
                    self.list_usable = False  # e.g. a server that rejects the paging options: poll each run
                    return
                busy = True  # try the list again later; reading each run now would only add load
            else:
                busy = self._read_missing(waited, found)
            busy = busy or self.client.busy_answers != busy_before
        finally:
            self.condition.acquire()
            self.polling = False
            self._note(waited, found)
            self.slowdown = min(MAX_SLOWDOWN, self.slowdown * 2) if busy else max(1.0, self.slowdown / 2)
            self.next_poll = self._next_poll_after(self.clock())
            self.condition.notify_all()

    def _note(self, waited, found):
        now = self.clock()
        for execution_id, watch in waited.items():
            summary = found.get(execution_id)
            if summary is None:
                continue
            watch.polls += 1
            watch.state = summary["state"]
            watch.start_date = summary.get("start_date") or watch.start_date
            if watch.ends_wait(watch.state):
                watch.outcome = _waiter.WaitOutcome(watch.state, False, now - watch.began, watch.polls)

    def _next_poll_after(self, now):
        """As often as the waited runs' own schedules would poll together, never more than once per sprint delay."""
        rate = sum(1.0 / self.schedule.gap_at(now - w.began) for w in self.watches.values() if w.outcome is None)
        delay = max(self.schedule.sprint_delay, 1.0 / rate if rate else self.schedule.poll_interval) * self.slowdown
        # Counted from the previous due time so that slow answers do not push every detection later,
        # but at least half a gap after this poll: no catching up with back-to-back polls.
        return max(self.next_poll + delay, now + delay * _waiter.MIN_GAP_FRACTION)

    def _read_list(self, waited):
        """``{execution_id: summary}`` of the waited runs found in the newest pages of the workflow's runs."""
        page_size = min(MAX_PAGE_SIZE, max(MIN_PAGE_SIZE, int(len(waited) * PAGE_HEADROOM) + MIN_PAGE_SIZE))
        found = {}
        for page in self._pages(page_size, MAX_PAGES):
            found.update((s["id"], s) for s in page if s["id"] in waited)
            missing = [w for key, w in waited.items() if key not in found]
            if not missing or not page or not self._may_be_older(missing, page):
                break
        return found

    def _may_be_older(self, missing, page):
        """Whether a missing run can be on a later page: it started (or may have started) before the page's oldest."""
        oldest = min(_executions.sort_moment(s["start_date"]) for s in page)
        if self.client.server_clock_offset is None:
            margin = datetime.timedelta(seconds=_recovery.CLOCK_SKEW)
        else:
            margin = datetime.timedelta(seconds=DATE_RESOLUTION - self.client.server_clock_offset)
        for watch in missing:
            if watch.start_date is not None:
                earliest = _executions.sort_moment(watch.start_date)
            else:  # not seen yet: it started shortly before we began to wait, on vRO's clock
                earliest = watch.registered_at - margin
            if earliest <= oldest:
                return True
        return False

    def _pages(self, page_size, max_pages):
        """Pages newest first; a server that lists oldest first (vCO 5.5) is read backwards from its end."""
        page, total = _executions.list_page(self.client, self.workflow_id, page_size, 0)
        yield page
        backwards = _executions.oldest_first(page) and total is not None and total > len(page)
        for number in range(1, max_pages):
            start_index = total - page_size * number if backwards else page_size * number
            if backwards and start_index <= 0:
                return
            if not backwards and (len(page) < page_size or (total is not None and start_index >= total)):
                return
            page, total = _executions.list_page(self.client, self.workflow_id, page_size, start_index)
            yield page

    def _read_missing(self, waited, found):
        """``GET .../state`` of the runs the list did not show, each on its own one-run schedule; True if busy."""
        busy = False
        for execution_id, watch in waited.items():
            if execution_id in found:
                watch.own_poll_due = None
                continue
            now = self.clock()
            if watch.own_poll_due is not None and now < watch.own_poll_due:
                continue
            try:
                state = _executions.get_state(self.client, self.workflow_id, execution_id)
            except VroError as exc:
                if is_busy(exc):
                    busy = True
                    continue
                watch.error = exc  # the run's own problem (e.g. purged): its thread raises it
                continue
            watch.own_poll_due = now + watch.own_schedule.next_delay(now - watch.began)
            found[execution_id] = {"state": state}
        return busy


class BatchWatcher:
    """Waits for many runs, one shared schedule and one list request per poll for each workflow (thread safe)."""

    def __init__(self, clock=time.monotonic, sleep=time.sleep):
        self.clock = clock
        self.sleep = sleep
        self._lock = threading.Lock()
        self._by_workflow = {}

    def wait_for(self, client, workflow_id, execution_id, timeout, poll_interval, stop_on_waiting=True):
        """Like ``_waiter.wait_for``; falls back to it when vRO does not let us list the workflow's runs."""
        with self._lock:
            polls = self._by_workflow.get(workflow_id)
            if polls is None:
                polls = _WorkflowPolls(client, workflow_id, poll_interval, self.clock)
                self._by_workflow[workflow_id] = polls
        began = self.clock()
        outcome = polls.wait(execution_id, timeout, stop_on_waiting)
        if outcome is not None:
            return outcome
        spent = self.clock() - began
        return _waiter.wait_for(
            client,
            workflow_id,
            execution_id,
            max(0.0, timeout - spent),
            poll_interval,
            stop_on_waiting=stop_on_waiting,
            clock=self.clock,
            sleep=self.sleep,
        )
