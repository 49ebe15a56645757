# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Execution logs: the events log (`/logs`) and the system log (`/syslogs`), newest first.

Entries are derived from a run's snapshot, so they grow as the run progresses. Shapes follow the
vCO 5.5 sample (tests/unit/fixtures/samples/execution-logs-vco55.json) and the 8.x syslogs:
every item is wrapped in `entry` (the 8.18.1 spec's WsLog is the entry itself: the `log_entries`
quirk); syslogs add `origin` and `time-stamp-val`.
Lifecycle messages come from the server (`origin: server`); item markers, System.log lines
and the failure come from the scripting side (`origin: system`).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LogLine:
    time: float
    severity: str
    origin: str
    short: str
    long: str
    event: bool  # also part of the events log, not only the system log


def log_lines(execution, snapshot):
    """All lines of a run so far, oldest first."""
    name = execution.workflow.name
    lines = [_server(execution.started, "info", f"Workflow '{name}' has started")]
    for span in snapshot.spans:
        phase = span.phase
        lines.append(LogLine(span.start, "debug", "system", f"__item_stack:/item{span.index + 1}", phase.item, False))
        lines.extend(
            LogLine(span.start, "info", "system", text, text, False) for text in map(execution.format, phase.logs)
        )
        if phase.state == "waiting":
            lines.append(
                _server(
                    span.start,
                    "info",
                    "Workflow is paused",
                    f"Workflow '{name}' has paused while waiting for user interaction '{phase.item}'",
                )
            )
        elif phase.state == "waiting-signal":
            lines.append(
                _server(
                    span.start, "info", "Workflow is paused", f"Workflow '{name}' has paused while waiting on signal"
                )
            )
        if phase.state != "running" and span.end is not None:
            lines.append(_server(span.end, "info", f"Workflow '{name}' has resumed"))
    if snapshot.state == "completed":
        lines.append(_server(snapshot.end, "info", f"Workflow '{name}' has completed"))
    elif snapshot.state == "failed":
        workflow = execution.workflow
        lines.extend(LogLine(snapshot.end, "error", "system", text, text, False) for text in workflow.error_logs)
        lines.append(LogLine(snapshot.end, "error", "system", workflow.exception, workflow.exception, False))
        lines.append(_server(snapshot.end, "error", f"Workflow '{name}' has failed", workflow.exception))
    elif snapshot.state == "canceled":
        lines.append(_server(snapshot.end, "info", f"Workflow '{name}' has been canceled"))
    return lines


def _server(at, severity, short, long=None):
    return LogLine(at, severity, "server", short, long or short, True)


def render_line(line, user, system, timestamp, wrapped=True):
    """One `{"entry": ...}` (or the entry alone); `timestamp` renders a time the way the flavor does."""
    entry = {}
    if system:
        entry["origin"] = line.origin
    entry.update(
        {
            "severity": line.severity,
            "time-stamp": timestamp(line.time),
            "user": user,
            "short-description": line.short,
            "long-description": line.long,
        }
    )
    if system:
        entry["time-stamp-val"] = int(line.time * 1000)
    return {"entry": entry} if wrapped else entry
