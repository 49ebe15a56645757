# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark-only callback: a timeline of task starts and task results, one JSON line each.

benchmarks/run_benchmarks.py enables it with ANSIBLE_CALLBACK_PLUGINS=<this folder>,
ANSIBLE_CALLBACKS_ENABLED=bench_timeline and OPSFLOW_BENCH_TIMELINE=<file>. The time of a result
is when the controller received it (``time.time()``, the same clock the simulator uses for
``end_date``): for an ``until`` loop that is the moment the playbook learned the run had ended.

Only the keys the benchmark reads are kept (URL and state body of ``uri`` results, execution ids,
states, ``waited``), never ``invocation``, so no connection option reaches the file.
"""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

OUTPUT_ENV = "OPSFLOW_BENCH_TIMELINE"
RUN_KEYS = ("execution_id", "state", "failed", "msg", "waited")
EXECUTION_KEYS = ("id", "state", "start_date", "end_date")


def _pick(data, keys):
    return {key: data[key] for key in keys if key in data}


def _summary(data):
    """The parts of a result that say which runs it saw end, and when its module saw them end."""
    summary = _pick(data, ("url",) + RUN_KEYS)
    body = data.get("json")
    if isinstance(body, dict) and ("value" in body or "state" in body):  # a uri GET of /state
        summary["body_state"] = body.get("value") or body.get("state")
    if isinstance(data.get("runs"), list):
        summary["runs"] = [_pick(run, RUN_KEYS) for run in data["runs"]]
    if isinstance(data.get("executions"), list):
        summary["executions"] = [_pick(execution, EXECUTION_KEYS) for execution in data["executions"]]
    return summary


class CallbackModule(CallbackBase):
    """Append {"event": "task_start"|"ok"|"failed"|"item_ok"|"item_failed", "t": epoch seconds, "task": name, ...} lines."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timeline"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get(OUTPUT_ENV)

    def _write(self, record):
        if self._path:
            with open(self._path, "a", encoding="utf-8") as stream:
                stream.write(json.dumps(record, default=str) + "\n")

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._write({"event": "task_start", "t": time.time(), "task": task.get_name()})

    def _result(self, event, result):
        received = time.time()
        task = getattr(result, "task", None) or result._task  # pylint: disable=protected-access
        data = getattr(result, "result", None)
        if data is None:
            data = result._result  # pylint: disable=protected-access
        self._write({"event": event, "t": received, "task": task.get_name(), "result": _summary(data)})

    # A looped task reports each item, then the whole loop (its ``results`` hold the items again).
    def v2_runner_on_ok(self, result):
        self._result("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result("failed", result)

    def v2_runner_item_on_ok(self, result):
        self._result("item_ok", result)

    def v2_runner_item_on_failed(self, result):
        self._result("item_failed", result)
