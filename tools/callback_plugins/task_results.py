# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: append one JSON line per finished task (and one for the play recap) to a file.

The `run_playbook` fixture in tests/integration/conftest.py enables it with
ANSIBLE_CALLBACK_PLUGINS=<this folder>, ANSIBLE_CALLBACKS_ENABLED=task_results and
OPSFLOW_TASK_RESULTS=<file>, so the tests get machine-readable per-task results while stdout keeps
the default, human-readable output. ansible-core has no JSON callback of its own (ansible.posix has
one, but it is not installed here).

Each line is a JSON object: {"kind": "task", "task", "action", "host", "changed", "failed",
"skipped", "unreachable", "ignore_errors", "warnings", "result"} or {"kind": "stats", "hosts": {...}}.
"""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase
from ansible.vars.clean import module_response_deepcopy, strip_internal_keys

OUTPUT_ENV = "OPSFLOW_TASK_RESULTS"


def _messages(items):
    """Plain text of the warnings or deprecations of a result (dicts in ansible-core 2.19, strings before)."""
    texts = []
    for item in items or []:
        if isinstance(item, dict):
            item = item.get("event", item).get("msg", item)
        texts.append(str(item))
    return texts


class CallbackModule(CallbackBase):
    """Write each task result as one JSON line to the file named by $OPSFLOW_TASK_RESULTS."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "task_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get(OUTPUT_ENV)

    def _write(self, record):
        if not self._path:
            return
        with open(self._path, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(record, default=str, sort_keys=True) + "\n")

    def _task_record(self, result, failed=False, skipped=False, unreachable=False, ignore_errors=False):
        # `result.result` / `.task` / `.host` are the public names from ansible-core 2.19 on.
        data = getattr(result, "result", None)
        if data is None:
            data = result._result  # pylint: disable=protected-access
        task = getattr(result, "task", None) or result._task  # pylint: disable=protected-access
        host = getattr(result, "host", None) or result._host  # pylint: disable=protected-access
        clean = strip_internal_keys(module_response_deepcopy(data))
        self._write(
            {
                "kind": "task",
                "task": task.get_name(),
                "action": task.action,
                "host": host.get_name(),
                "changed": bool(data.get("changed", False)),
                "failed": failed or bool(data.get("failed", False)),
                "skipped": skipped or bool(data.get("skipped", False)),
                "unreachable": unreachable,
                "ignore_errors": ignore_errors,
                "warnings": _messages(data.get("warnings")),
                "deprecations": _messages(data.get("deprecations")),
                "result": clean,
            }
        )

    def v2_runner_on_ok(self, result):
        self._task_record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._task_record(result, failed=True, ignore_errors=ignore_errors)

    def v2_runner_on_skipped(self, result):
        self._task_record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._task_record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        self._write(
            {
                "kind": "stats",
                "hosts": {host: stats.summarize(host) for host in sorted(stats.processed)},
            }
        )
