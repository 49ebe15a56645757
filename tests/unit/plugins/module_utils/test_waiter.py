# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiter: the poll schedule, and what ends a wait (final state, waiting for input, timeout)."""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _executions, _waiter

WF = "6e04a460-4a45-4e16-9603-db2922c24462"


class TestPollSchedule:
    def test_sprints_then_settles_at_poll_interval(self):
        schedule = _waiter.PollSchedule(5)
        elapsed, delays = 0.0, []
        while elapsed < 60:
            delay = schedule.next_delay(elapsed)
            delays.append(delay)
            elapsed += delay
        assert delays[0] == pytest.approx(0.6)
        assert max(delays) == 5
        assert delays[-1] == 5
        fixed_polling = 60 / 5
        assert len(delays) <= 2 * fixed_polling

    def test_first_second_is_covered_densely(self):
        schedule = _waiter.PollSchedule(5)
        assert schedule.next_delay(0) <= 0.6
        assert schedule.next_delay(0.9) <= 0.6

    def test_small_poll_interval_has_a_floor(self):
        assert _waiter.PollSchedule(0.1).next_delay(0) == pytest.approx(0.2)


def test_wait_for_stops_on_terminal_waiting_and_timeout(make_fake_client):
    path = _executions.execution_path(WF, "e", "/state")
    clock = iter(range(100)).__next__

    def wait(states, **kw):
        client = make_fake_client({path: [{"value": s} for s in states]})
        return _waiter.wait_for(client, WF, "e", clock=clock, sleep=lambda s: None, **kw)

    assert wait(["running", "running", "completed"], timeout=50, poll_interval=1).state == "completed"
    outcome = wait(["running", "waiting"], timeout=50, poll_interval=1)
    assert outcome.awaiting_input and not outcome.timed_out
    assert (
        wait(["waiting-signal", "waiting", "completed"], timeout=50, poll_interval=1, stop_on_waiting=False).state
        == "completed"
    )
    timed_out = wait(["running"] * 10, timeout=3, poll_interval=1)
    assert timed_out.timed_out and timed_out.state == "running"


@pytest.mark.parametrize(
    "answer_time, expected_sleeps",
    [
        (0.1, [0.5] * 4),  # polls start at 0, 0.6, 1.2, 1.8 and 2.4 s: the answers' time does not add up
        (0.5, [0.3] * 4),  # answers slower than half the 0.6 s gap: still half the gap between polls
    ],
)
def test_wait_for_keeps_its_schedule_whatever_the_answers_take(make_fake_client, answer_time, expected_sleeps):
    path = _executions.execution_path(WF, "e", "/state")
    now = [0.0]
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        now[0] += seconds

    client = make_fake_client({path: [{"value": "running"}] * 4 + [{"value": "completed"}]})
    answer = client.get.side_effect

    def slow_answer(*args, **kwargs):
        now[0] += answer_time
        return answer(*args, **kwargs)

    client.get.side_effect = slow_answer
    outcome = _waiter.wait_for(client, WF, "e", timeout=60, poll_interval=5, clock=lambda: now[0], sleep=sleep)
    assert outcome.state == "completed" and outcome.polls == 5
    assert sleeps == pytest.approx(expected_sleeps)
