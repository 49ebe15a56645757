# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""Follow a started run to its end (``follow``): wait for a final state, polling its small ``/state`` resource,
answer its interactions on the way, cancel it on timeout, then read it and say how it ended.

The schedule sprints, then settles: many workflow runs are short, so for the first
``1.2 * poll_interval`` seconds we poll every ``0.12 * poll_interval`` (0.6 s for the default
5 s), then double the gap until it reaches ``poll_interval``. A run that ends in 1 s is seen
within about half a second, and over a 60 s run this costs about two times the requests of
fixed ``poll_interval`` polling (``benchmarks/`` measures both).
"""

from __future__ import annotations

import datetime
import time
from typing import TYPE_CHECKING, Callable, Optional

from ansible_collections.opsflow.vro.plugins.module_utils import _executions, _interactions
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroConnectionError

if TYPE_CHECKING:  # the runner imports this module
    from ansible_collections.opsflow.vro.plugins.module_utils import _runner

SPRINT_FRACTION = 0.12
SPRINT_LENGTH = 1.2
MIN_DELAY = 0.2
MIN_GAP_FRACTION = 0.5

# After cancel_on_timeout, how long to watch for the run to reach ``canceled``.
CANCEL_GRACE = 10


class PollSchedule:
    """The delays between polls, as a function of the time already waited."""

    def __init__(self, poll_interval):
        self.poll_interval = max(float(poll_interval), MIN_DELAY)
        self.sprint_delay = min(self.poll_interval, max(MIN_DELAY, self.poll_interval * SPRINT_FRACTION))
        self.sprint_until = self.poll_interval * SPRINT_LENGTH
        self._last = None

    def next_delay(self, elapsed):
        if elapsed < self.sprint_until:
            delay = self.sprint_delay
        else:
            delay = min(self.poll_interval, (self._last or self.sprint_delay) * 2)
        self._last = delay
        return delay

    def gap_at(self, elapsed):
        """The gap without the ramp between sprint and ``poll_interval``: what a run waited on together with others costs."""
        return self.sprint_delay if elapsed < self.sprint_until else self.poll_interval


class WaitOutcome:
    """How a wait ended: the last ``state`` seen, and whether the ``timeout`` ran out first."""

    def __init__(self, state, timed_out, elapsed, polls):
        self.state = state
        self.timed_out = timed_out
        self.elapsed = elapsed
        self.polls = polls
        # When the wait ended, by this host's clock (ISO 8601): compare with the run's end_date.
        self.ended_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
        # Set by the caller after cancel_on_timeout: whether the run reached ``canceled``.
        self.canceled = None

    @property
    def awaiting_input(self):
        return self.state == "waiting"


def wait_for(
    client,
    workflow_id,
    execution_id,
    timeout,
    poll_interval,
    stop_on_waiting=True,
    clock=time.monotonic,
    sleep=time.sleep,
):
    """Poll until the run is final, or ``waiting`` for a user (when ``stop_on_waiting``), or ``timeout`` seconds pass.

    ``waiting-signal`` (a timer or an external event) keeps us waiting: it ends by itself.
    """
    schedule = PollSchedule(poll_interval)
    began = clock()
    # The client's requests are bounded by this moment too (on its own clock), so that a server answering
    # slowly, or one byte at a time, cannot stretch the wait beyond ``timeout``.
    until = time.monotonic() + timeout
    polls = 0
    state = None
    # When the next poll is due, in seconds after ``began``. The schedule is counted from there, not from each
    # answer: otherwise every answer's time adds up and pushes the polls, and the detection, later (by about
    # 0.1 s in the first 5 s with 50 runs at once: benchmarks/).
    next_poll = 0.0
    while True:
        try:
            state = _executions.get_state(client, workflow_id, execution_id, until=until)
        except VroConnectionError:
            if time.monotonic() < until:
                raise
            return WaitOutcome(state or "unknown", True, clock() - began, polls)
        polls += 1
        elapsed = clock() - began
        if state in _executions.TERMINAL_STATES or (stop_on_waiting and state == "waiting"):
            return WaitOutcome(state, False, elapsed, polls)
        remaining = timeout - elapsed
        if remaining <= 0:
            return WaitOutcome(state, True, elapsed, polls)
        delay = schedule.next_delay(elapsed)
        # After a slow answer, still pause at least half the gap: no catching up with back-to-back polls.
        next_poll = max(next_poll + delay, elapsed + delay * MIN_GAP_FRACTION)
        sleep(min(next_poll - elapsed, remaining))


def wait_answering(client, run, answers, answers_field, options, result, wait_for=wait_for):
    """Wait for the run ``(workflow id, workflow name, execution id)``, answering each interaction it reaches
    with the next of ``answers`` (named ``answers_field`` in errors).

    ``options`` are the run's (``RunOptions``: wait_timeout, poll_interval, wait_on_interaction, wire,
    read_file); ``wait_for`` is ``wait_for`` or a ``BatchWatcher``'s.

    With no answer left, a ``waiting`` run ends the wait (or not, with ``wait_on_interaction``) as
    when no answers were given. The answers sent are listed in ``result["interactions_answered"]``
    as they go, so a failure after some of them still reports them.
    """
    answers = list(answers)
    answered = []
    if answers:
        result["interactions_answered"] = []
    began = time.monotonic()
    polls = 0
    while True:
        remaining = max(options.wait_timeout - (time.monotonic() - began), 0)
        outcome = wait_for(
            client,
            run[0],
            run[2],
            timeout=remaining,
            poll_interval=options.poll_interval,
            stop_on_waiting=bool(answers) or not options.wait_on_interaction,
        )
        polls += outcome.polls
        if not (outcome.awaiting_input and answers):
            break
        if time.monotonic() - began >= options.wait_timeout:
            outcome.timed_out = True
            break
        done = _interactions.answer_next(
            client,
            run,
            answers[0],
            field="%s[%d]" % (answers_field, len(answered)),
            wire=options.wire,
            read_file=options.read_file,
            answered_id=answered[-1]["id"] if answered else None,
        )
        if done is None:  # vRO still shows the interaction just answered: poll again shortly
            time.sleep(MIN_DELAY)
            continue
        answers.pop(0)
        answered.append(done)
        result["interactions_answered"].append({"name": done["name"], "answered_at": done["answered_at"]})
    outcome.elapsed, outcome.polls = time.monotonic() - began, polls
    return outcome


def follow(
    client,
    prepared: _runner.PreparedRun,
    options: _runner.RunOptions,
    result: dict,
    started=None,
    wait_for_run: Optional[Callable] = None,
) -> None:
    """Check the inputs of a run we ``started`` (``verify_inputs``), wait for it if asked (``wait_for_run``: the
    one-run waiter, the default, or a ``BatchWatcher``'s), then read it into ``result`` (its secrets onto ``client``).

    ``prepared`` is the run's ``_runner.PreparedRun``, ``options`` its ``_runner.RunOptions``.
    """
    if started is not None and options.verify_inputs and not inputs_recorded(client, prepared, started, result):
        return
    outcome = None
    if options.wait:
        run = (prepared.workflow_id, prepared.workflow_name, result["execution_id"])
        outcome = wait_answering(
            client, run, prepared.answers, prepared.answers_field, options, result, wait_for_run or wait_for
        )
        if outcome.timed_out and options.cancel_on_timeout:
            _executions.cancel(client, prepared.workflow_id, result["execution_id"])
            after_cancel = wait_for(client, prepared.workflow_id, result["execution_id"], CANCEL_GRACE, 1)
            if after_cancel.state in _executions.TERMINAL_STATES and after_cancel.state != "canceled":
                outcome = after_cancel  # it ended on its own before the cancel took effect
            else:
                outcome.canceled = after_cancel.state == "canceled"

    raw = _executions.get(client, prepared.workflow_id, result["execution_id"])
    execution, found_secrets = _executions.normalize(raw, prepared.workflow_id)
    client.add_secrets(found_secrets)
    result.update(state=execution["state"], execution=execution, outputs=execution["outputs"])
    if outcome is not None:
        result["waited"] = {
            "seconds": round(outcome.elapsed, 3),
            "polls": outcome.polls,
            "detected_at": outcome.ended_at,
        }
        explain_outcome(client, result, outcome, options)


def inputs_recorded(client, prepared: _runner.PreparedRun, started, result: dict) -> bool:
    """Whether vRO recorded every input sent; if not, ``result`` fails naming them (docs/design.md).

    The echo is the start's answer on 8.x, else one read of the run.
    """
    document = started.document or _executions.get(client, prepared.workflow_id, started.execution_id)
    dropped = _executions.dropped_inputs(prepared.parameters, document.get("input-parameters") or [])
    if not dropped:
        return True
    result.update(failed=True, dropped_inputs=dropped)
    result["msg"] = (
        "vRO did not record input(s) %s of workflow '%s' execution %s: the run started without them (vRO ignored "
        "or could not read the value sent). The run goes on in vRO: cancel it with opsflow.vro.vro_execution "
        "(state: canceled) if it must not run so. To try: wire_format (properties_list_key, mime_content_key) to "
        "send the spelling this vRO reads; check the values against the workflow's input types; verify_inputs: "
        "false only if this workflow is known not to echo these inputs."
        % (", ".join(dropped), prepared.workflow_name, started.execution_id)
    )
    return False


def explain_outcome(client, result, outcome, options):
    """Fill ``failed``/``msg`` (and logs, interaction) for a waited-for run that did not complete."""
    execution = result["execution"]
    who = "workflow '%s' (%s) execution %s" % (result["workflow_name"], result["workflow_id"], result["execution_id"])
    if outcome.timed_out:
        result["failed"] = True
        if outcome.canceled is not None:
            ending = (
                "it was canceled (cancel_on_timeout)"
                if outcome.canceled
                else "a cancel was requested (cancel_on_timeout) but it is not canceled yet"
            )
        else:
            ending = "it keeps running in vRO: cancel it with opsflow.vro.vro_execution (state: canceled), or raise wait_timeout"
        result["msg"] = "%s is still %s after wait_timeout=%ss; %s." % (
            who,
            outcome.state,
            options.wait_timeout,
            ending,
        )
        return
    if outcome.awaiting_input:
        result["failed"] = True
        details = _interactions.read_if_possible(
            client, result["workflow_id"], result["workflow_name"], result["execution_id"]
        )
        result["interaction"] = details
        fields = (
            ", ".join("%s (%s)" % (f["name"], f["type"]) for f in (details or {}).get("inputs", [])) or "none listed"
        )
        name = (details or {}).get("name") or "unnamed"
        result["msg"] = (
            "%s is waiting for user input: interaction '%s' asks for %s. Answer it in vRO, "
            "or set wait_on_interaction: true to keep waiting." % (who, name, fields)
        )
        return
    if execution["state"] in _executions.UNSUCCESSFUL_STATES:
        result["failed"] = True
        result["msg"], result["logs"] = _executions.explain_failure(
            client, result["workflow_name"], execution, options.log_lines
        )
