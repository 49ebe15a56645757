# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The busy gate on its own, with a fake clock: which refusals are sent again, and when requests may go.

How the client uses it (busy repeats do not use up ``retries``) is in test_client.py."""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _busy
from ansible_collections.opsflow.vro.plugins.module_utils._transport import Response


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 6))
        self.now += seconds

    def __call__(self):
        return self.now


def answer(status, retry_after=None):
    return Response(status, {} if retry_after is None else {"Retry-After": retry_after}, "", "GET", "https://vro/x")


@pytest.fixture()
def clock():
    return FakeClock()


@pytest.fixture()
def gate(clock):
    return _busy.BusyGate(sleep=clock.sleep, clock=clock)


@pytest.mark.parametrize(
    "status, retry_after, safe, expected",
    [
        (200, None, True, None),
        (429, "2", True, 2.0),
        (503, "2", True, 2.0),
        (429, "2", False, 2.0),  # a rate limiter's refusal: nothing started, a POST may be sent again
        (503, "2", False, None),  # a proxy may say 503 after passing the POST on: never again
        (429, None, True, None),  # no Retry-After: the client's own backoff and retries decide
        (429, "a date", True, None),
    ],
)
def test_which_refusals_are_sent_again_and_after_how_long(gate, status, retry_after, safe, expected):
    assert gate.repeat_after(answer(status, retry_after), safe, busy_waited=0.0) == expected
    assert gate.answers == (1 if status in _busy.BUSY_STATUSES else 0)


def test_waiting_stops_at_max_busy_wait_and_at_the_callers_deadline(gate):
    assert gate.repeat_after(answer(429, "60"), True, busy_waited=_busy.MAX_BUSY_WAIT - 59) is None
    assert gate.repeat_after(answer(429, "60"), True, busy_waited=0.0, until=0.0) is None
    assert gate.repeat_after(answer(429, "60"), True, busy_waited=0.0) == 60.0


def test_after_retry_after_every_request_waits_then_they_go_one_pace_apart(gate, clock):
    gate.repeat_after(answer(429, "3"), True, busy_waited=0.0)
    gate.take_turn()
    gate.take_turn()
    assert clock.sleeps == [3.0, _busy.FIRST_PACE]


def test_the_pace_fades_with_answers_that_are_not_busy(gate, clock):
    gate.repeat_after(answer(429, "0"), True, busy_waited=0.0)
    for _answer in range(400):
        gate.repeat_after(answer(200), True, busy_waited=0.0)
    gate.take_turn()
    gate.take_turn()
    assert clock.sleeps == []


def test_a_burst_of_refusals_raises_the_pace_once(gate, clock):
    for _refusal in range(5):
        gate.repeat_after(answer(503, "0"), True, busy_waited=0.0)
    gate.take_turn()
    gate.take_turn()
    assert clock.sleeps == [_busy.FIRST_PACE]
    clock.now += _busy.PACE_RAISE_EVERY
    gate.repeat_after(answer(503, "0"), True, busy_waited=0.0)
    gate.take_turn()
    gate.take_turn()
    assert clock.sleeps[-1] == pytest.approx(2 * _busy.FIRST_PACE)
