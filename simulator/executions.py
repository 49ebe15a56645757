# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Workflow executions: their state is computed from wall-clock time on every read.

No thread drives a run: a run's state at time `now` follows from its start time, the phase
durations fixed at start, when each of its user interactions was answered and when a cancel
takes effect. Reads are cheap (a walk over a handful of phases), so polling clients cost little.
"""

import threading
import time
import uuid
from dataclasses import dataclass
from string import Formatter

from .values import number_of, text_of

ACTIVE_STATES = ("running", "waiting", "waiting-signal")


@dataclass(frozen=True)
class Span:
    """A phase the run has entered; `end` is None while it is in progress."""

    index: int
    phase: object
    start: float
    end: float = None


@dataclass(frozen=True)
class Snapshot:
    state: str
    end: float  # end time of a finished run, else None
    spans: tuple

    @property
    def finished(self):
        return self.state not in ACTIVE_STATES


class _Blank(dict):
    def __missing__(self, key):
        return ""


@dataclass(frozen=True)
class Answer:
    values: dict  # wire values by field name
    parameters: list  # the parameter list exactly as sent
    at: float


class Execution:
    def __init__(self, execution_id, interaction_ids, workflow, values, parameters, started_by, started):
        self.id = execution_id
        self.interaction_ids = interaction_ids  # by phase index, for its "waiting" phases
        self.workflow = workflow
        self.values = values  # validated wire values by input name
        self.parameters = parameters  # the parameter list exactly as sent
        self.started_by = started_by
        self.started = started
        self.durations = tuple(
            None if phase.state == "waiting" else max(0.0, number_of(values.get(phase.seconds_input), phase.seconds))
            for phase in workflow.phases
        )
        self.answers = {}  # Answer by phase index
        self.cancel_at = None

    def snapshot(self, now):
        canceled = self.cancel_at is not None and self.cancel_at <= now
        horizon = self.cancel_at if canceled else now
        spans, start = [], self.started
        for index, phase in enumerate(self.workflow.phases):
            duration = self.durations[index]
            answer = self.answers.get(index)
            end = (answer and answer.at) if duration is None else start + duration
            if end is None or horizon < end:
                spans.append(Span(index, phase, start))
                if canceled:
                    return Snapshot("canceled", self.cancel_at, tuple(spans))
                return Snapshot(phase.state, None, tuple(spans))
            spans.append(Span(index, phase, start, end))
            start = end
        return Snapshot(self.workflow.result, start, tuple(spans))

    def answered_values(self):
        """Wire values of every interaction answer so far, by field name."""
        values = {}
        for index in sorted(self.answers):
            values.update(self.answers[index].values)
        return values

    def format(self, template):
        """Fill `{name}` placeholders from inputs and interaction answers."""
        values = _Blank({name: text_of(value) for name, value in {**self.values, **self.answered_values()}.items()})
        return Formatter().vformat(template, (), values)

    def outputs(self):
        """Output wire values by name, for a completed run."""
        sources = {**self.values, **self.answered_values()}
        computed = {}
        for output in self.workflow.outputs:
            if output.template is not None:
                computed[output.param.name] = {"string": {"value": self.format(output.template)}}
            elif output.value is not None:
                computed[output.param.name] = output.value
            elif output.echo in sources:
                computed[output.param.name] = sources[output.echo]
        return computed


def _new_id(uuid_ids):
    """8.x ids are UUIDs; 7.x ids are 32 hex characters."""
    return str(uuid.uuid4()) if uuid_ids else uuid.uuid4().hex


class ExecutionStore:
    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self):
        with self._lock:
            self._by_id = {}
            self._by_workflow = {}
            self._all = []

    def start(self, workflow, values, parameters, started_by, uuid_ids):
        interaction_ids = {
            index: _new_id(uuid_ids) for index, phase in enumerate(workflow.phases) if phase.state == "waiting"
        }
        execution = Execution(_new_id(uuid_ids), interaction_ids, workflow, values, parameters, started_by, time.time())
        with self._lock:
            self._by_id[execution.id] = execution
            self._by_workflow.setdefault(workflow.id, []).append(execution)
            self._all.append(execution)
        return execution

    def get(self, workflow_id, execution_id):
        execution = self._by_id.get(execution_id)
        return execution if execution is not None and execution.workflow.id == workflow_id else None

    def find(self, execution_id):
        """A run of any workflow, by its id alone (the catalog lookup)."""
        return self._by_id.get(execution_id)

    def of_workflow(self, workflow_id):
        """Runs of one workflow, oldest first."""
        with self._lock:
            return list(self._by_workflow.get(workflow_id, ()))

    def all(self):
        with self._lock:
            return list(self._all)

    def cancel(self, execution, delay):
        """Ask a run to stop; False when it has already finished."""
        now = time.time()
        with self._lock:
            if execution.snapshot(now).finished:
                return False
            if execution.cancel_at is None:
                execution.cancel_at = now + delay
            return True

    def answer(self, execution, values, parameters):
        """Answer the interaction the run waits on; False when it is not waiting for one."""
        now = time.time()
        with self._lock:
            snapshot = execution.snapshot(now)
            if snapshot.state != "waiting":
                return False
            execution.answers[snapshot.spans[-1].index] = Answer(values, parameters, now)
            return True

    def cancel_interaction(self, execution):
        """Cancel the interaction the run waits on: the run is canceled (a model choice, see execution_api)."""
        now = time.time()
        with self._lock:
            if execution.snapshot(now).state != "waiting":
                return False
            execution.cancel_at = now
            return True
