# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""A busy vRO: one gate that every request of a client (all threads) passes before it is sent.

A 429 or 503 with ``Retry-After`` holds every request back until that moment, then lets them go in
turn, spaced out while vRO keeps saying it is busy (``pace``). Such a repeat is not counted against
the client's ``retries`` (it is bounded by ``MAX_BUSY_WAIT`` seconds of waiting instead), so a busy
vRO slows a module down without failing it.

A POST is repeated only after a 429 with ``Retry-After``: that answer is a rate limiter's refusal,
given before the request is passed on (RFC 6585), and vRO's own API documents no 429, so no run can
have started. A 503 proves nothing (proxies also answer 503 when the upstream dropped a request it
had received), so a POST answered 503 is not repeated.
"""

import threading
import time

from ansible_collections.opsflow.vro.plugins.module_utils._transport import retry_after_seconds

# A server that says it is too busy now: with Retry-After, every request waits until then.
BUSY_STATUSES = frozenset((429, 503))
MAX_BUSY_WAIT = 600.0
# After a busy answer, the requests take turns this many seconds apart: the gap doubles with further
# busy answers (once per PACE_RAISE_EVERY seconds: the refusals of one burst are one signal) and
# shrinks by PACE_RELIEF with each other answer, until gone.
FIRST_PACE = 0.05
MAX_PACE = 1.0
PACE_RAISE_EVERY = 1.0
PACE_RELIEF = 0.98
LAST_PACE = 0.005


class BusyGate:
    """Turns for the requests of one client, and whether a busy server's refusal may be sent again."""

    def __init__(self, sleep=time.sleep, clock=time.monotonic):
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._busy_until = 0.0
        self._pace = 0.0
        self._pace_raised_at = None
        self._next_turn = 0.0
        # How many 429/503 answers the client received: pollers slow their schedule when it grows.
        self.answers = 0

    def take_turn(self):
        """Wait for this request's turn: not before ``Retry-After``, and one pace after the previous one while busy."""
        with self._lock:
            now = self._clock()
            turn = max(now, self._busy_until, self._next_turn if self._pace else now)
            self._next_turn = turn + self._pace
        if turn > now:
            self._sleep(turn - now)

    def repeat_after(self, response, may_repeat, busy_waited, until=None):
        """Seconds to hold back before sending again a request a busy server refused (429/503), or None: do not.

        ``may_repeat``: the request is safe to repeat whatever the answer (a read); otherwise only a 429 is.
        """
        if response.status not in BUSY_STATUSES:
            self._relieve()
            return None
        retry_after = self._note_busy(response)
        may_repeat = may_repeat or response.status == 429
        if retry_after is None or not may_repeat or busy_waited + retry_after > MAX_BUSY_WAIT:
            return None
        if until is not None and time.monotonic() + retry_after >= until:
            return None
        return retry_after

    def _note_busy(self, response):
        """Count a 429/503, space requests out more, and hold them all back until ``Retry-After``; returns it, or None."""
        delay = retry_after_seconds(response.headers.get("retry-after"))
        with self._lock:
            self.answers += 1
            now = self._clock()
            if self._pace_raised_at is None or now - self._pace_raised_at >= PACE_RAISE_EVERY:
                self._pace = min(MAX_PACE, max(FIRST_PACE, self._pace * 2))
                self._pace_raised_at = now
            if delay is not None:
                self._busy_until = max(self._busy_until, now + delay)
        return delay

    def _relieve(self):
        with self._lock:
            if self._pace:
                self._pace = self._pace * PACE_RELIEF if self._pace * PACE_RELIEF >= LAST_PACE else 0.0
