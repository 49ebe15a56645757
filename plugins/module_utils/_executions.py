# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""Workflow executions: read, list, normalize, find identical runs, cancel, logs, and the id and document in the
answer to a start (the start itself: ``_runner.start``)."""

import json
from urllib.parse import quote

from ansible_collections.opsflow.vro.plugins.module_utils import _decode
from ansible_collections.opsflow.vro.plugins.module_utils._dates import EPOCH, decode_date, parse_utc
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroAuthError,
    VroError,
    VroHttpError,
    VroNotFoundError,
    VroResponseError,
)
from ansible_collections.opsflow.vro.plugins.module_utils._secrets import SECRET_MASK
from ansible_collections.opsflow.vro.plugins.module_utils._workflows import checked_id, link_attributes

TERMINAL_STATES = frozenset(("completed", "failed", "canceled"))
UNSUCCESSFUL_STATES = frozenset(("failed", "canceled"))
# How many error log lines a failure message quotes.
FAILURE_LOG_LINES = 5
ACTIVE_STATES = frozenset(("running", "waiting", "waiting-signal", "initializing", "suspended"))
ALL_STATES = sorted(TERMINAL_STATES | ACTIVE_STATES)
# vRO marks "no current item" with this placeholder (vCO 5.5).
NO_ITEM = "__item-undefined__"
EMPTY_VALUES = (None, "", [], {})


def execution_path(workflow_id, execution_id=None, suffix=""):
    """The path of a workflow's executions, or of one of them; ``execution_id=None`` means the list."""
    path = "/workflows/%s/executions" % quote(checked_id(workflow_id, "workflow_id"), safe="")
    if execution_id is not None:
        path += "/%s" % quote(checked_id(execution_id, "execution_id"), safe="")
    return path + suffix


def normalize_state(state):
    """vRO sends lower-case hyphenated states; older docs show Java names. Accept both."""
    state = str(state or "").strip().lower().replace("_", "-")
    return {"state-waiting-on-signal": "waiting-signal", "cancelled": "canceled"}.get(state, state)


def iso_date(value):
    """An ISO 8601 string with a UTC offset from vRO's epoch milliseconds (5.5/7.x) or ISO text (8.x).

    Decoded like a ``Date`` parameter value; text that is not a date is kept as it is, anything
    else that is not a date (a list, an object) is None.
    """
    if isinstance(value, (list, dict, bool)):
        return None
    return decode_date(value) or None


def get(client, workflow_id, execution_id):
    """The execution's JSON; anything that is not an execution (no id, no known state) is a ``VroResponseError``."""
    try:
        response = client.get(execution_path(workflow_id, execution_id))
        raw = response.object
    except VroNotFoundError as exc:
        raise VroNotFoundError(
            "execution '%s' of workflow '%s' was not found (it may have been purged, or the ids do not belong together)"
            % (execution_id, workflow_id),
            status=404,
            url=exc.url,
        ) from exc
    if "state" in raw:
        known_state(raw["state"], execution_id, response)
    if not isinstance(raw.get("id"), str) or not raw["id"]:
        raise VroResponseError(
            "vRO's answer for execution %s has no id, so it is not an execution: %s"
            % (execution_id, response.describe()),
            status=response.status,
            url=response.url,
        )
    return raw


def get_state(client, workflow_id, execution_id, until=None):
    """The state only (small response); vRO sends ``{"value": ...}``, the 8.18 spec shows ``{"state": ...}``."""
    response = client.get(execution_path(workflow_id, execution_id, "/state"), until=until)
    data = response.object
    return known_state(data.get("value") or data.get("state"), execution_id, response)


def known_state(raw_state, execution_id, response):
    """The normalized state, which must be one vRO documents: an unknown one (or a number) is a plain error,
    not a run to wait for until the timeout, nor a success."""
    state = normalize_state(raw_state) if isinstance(raw_state, str) else None
    if state not in ALL_STATES:
        raise VroResponseError(
            "vRO reported the state %s for execution %s, which is not a state this collection knows (%s): the "
            "run's outcome cannot be told; check it in vRO"
            % (json.dumps(raw_state)[:60], execution_id, ", ".join(ALL_STATES)),
            status=response.status,
            url=response.url,
        )
    return state


def normalize(raw, workflow_id):
    """Our documented ``execution`` dict from vRO's execution JSON, with plain inputs and outputs.

    Returns ``(execution, secrets)``; ``secrets`` are clear SecureString values to register with no_log.
    """
    inputs, input_secrets = _decode.decode_parameters(raw.get("input-parameters") or raw.get("inputParameters") or [])
    outputs, output_secrets = _decode.decode_parameters(
        raw.get("output-parameters") or raw.get("outputParameters") or []
    )
    item = raw.get("current-item-display-name") or raw.get("currentItemDisplayName")
    execution = {
        "id": raw.get("id"),
        "workflow_id": workflow_id,
        "name": raw.get("name"),
        "state": normalize_state(raw.get("state")),
        "started_by": raw.get("started-by") or raw.get("startedBy"),
        "start_date": iso_date(raw.get("start-date") or raw.get("startDate")),
        "end_date": iso_date(raw.get("end-date") or raw.get("endDate")),
        "exception": raw.get("content-exception") or raw.get("contentException"),
        "current_item": None if item == NO_ITEM else item,
        "business_state": raw.get("business-state") or raw.get("businessState"),
        "href": raw.get("href"),
        "inputs": inputs,
        "outputs": outputs,
    }
    return execution, input_secrets + output_secrets


def summary_from_link(link, workflow_id):
    """An execution summary (no inputs/outputs) from a ``rel: down`` link of a list."""
    attrs = link_attributes(link)
    item = attrs.get("currentItemDisplayName")
    return {
        "id": attrs.get("id"),
        "workflow_id": workflow_id,
        "name": attrs.get("name"),
        "state": normalize_state(attrs.get("state")),
        "started_by": attrs.get("startedBy") or None,
        "start_date": iso_date(attrs.get("startDate")),
        "end_date": iso_date(attrs.get("endDate")),
        "current_item": None if item in (None, "", NO_ITEM) else item,
        "href": link.get("href"),
    }


def list_page(client, workflow_id, count, start_index=0):
    """One page of a workflow's runs, asked newest first: ``(summaries, total)``; ``total`` may be None.

    Tolerant of both list shapes: the links under ``relations`` (8.x adds ``startIndex`` and ``count``
    there, vCO 5.5 does not), or at the top level.
    """
    query = {"maxResult": count, "startIndex": start_index, "sortOrders": "-startDate"}
    data = client.get(execution_path(workflow_id), query=query).object
    relations = data["relations"] if isinstance(data.get("relations"), dict) else data
    links = relations.get("link") if isinstance(relations.get("link"), list) else []
    summaries = [summary_from_link(link, workflow_id) for link in links if isinstance(link, dict)]
    total = relations.get("total")
    # a link without a usable id names no run we could read
    return [s for s in summaries if isinstance(s["id"], str) and s["id"]], total if isinstance(total, int) else None


def oldest_first(summaries):
    """Whether a page came oldest first (vCO 5.5 ignores ``sortOrders``): its start dates only ever rise."""
    starts = [s["start_date"] or "" for s in summaries]
    return len(starts) > 1 and starts == sorted(starts) and starts != sorted(starts, reverse=True)


def list_recent(client, workflow_id, count):
    """The ``count`` newest runs of a workflow, newest first.

    We ask vRO to sort newest first, but vCO 5.5 is known to list oldest first and
    ignore that; when the page we got is in ascending order and more exist, we read the last page.
    """
    summaries, total = list_page(client, workflow_id, count, 0)
    if oldest_first(summaries) and total is not None and total > len(summaries):
        summaries, _total = list_page(client, workflow_id, count, max(total - count, 0))
    return sorted(summaries, key=lambda s: sort_moment(s["start_date"]), reverse=True)[:count]


def sort_moment(iso_text):
    """A datetime to sort by; a missing or unreadable date sorts as the oldest."""
    return parse_utc(iso_text or "") or EPOCH


def list_executions(client, workflow_id, max_results=20, states=None):
    """Newest-first summaries, optionally only those in ``states`` among a bounded window of recent runs."""
    wanted = set(normalize_state(s) for s in states or [])
    scan = max_results if not wanted else max(max_results * 5, 100)
    found = list_recent(client, workflow_id, scan)
    if wanted:
        found = [s for s in found if s["state"] in wanted]
    return found[:max_results]


def find_matching_runs(client, workflow_id, parameters, since, states, max_examined):
    """Runs of the workflow started at or after ``since`` whose inputs are exactly ``parameters`` (as encoded).

    Used for idempotent runs and to find the run a lost POST created. Every input counts: an input
    we leave out matches only a run where it was left out too (vRO does not publish a workflow's
    default values, so a run that was given a value for it is not known to be identical). Runs
    without a readable start date, and runs started by another user when we know our user, are
    skipped. SecureString inputs cannot be compared (vRO does not echo them), so a run with any never
    matches; ``idempotent`` refuses them up front.
    """
    wanted = comparable_inputs(parameters)
    matches = []
    for summary in list_recent(client, workflow_id, max_examined):
        started = parse_utc(summary.get("start_date") or "")
        if started is None or started < since:
            continue
        if states is not None and summary["state"] not in states:
            continue
        if not same_user(client.username, summary.get("started_by")):
            continue
        echoed = comparable_inputs(get(client, workflow_id, summary["id"]).get("input-parameters") or [])
        if echoed == wanted:
            matches.append(summary)
    return matches


def comparable_inputs(parameters):
    """``{name: plain value}`` of the parameters that carry a value, compared the way vRO echoes them.

    Decoding absorbs vRO's echo (numbers as doubles, any order); SDK objects are compared by type
    and id, since vRO adds ``href`` and a display value. An empty value (null, "", [], {}) counts as
    unset: vRO may echo an input that was left out that way.
    """
    plain, _secrets = _decode.decode_parameters([p for p in parameters if isinstance(p, dict) and "value" in p])
    return dict((name, _without_sdk_extras(value)) for name, value in plain.items() if value not in EMPTY_VALUES)


def dropped_inputs(sent_parameters, echoed_parameters):
    """Where vRO did not record what was sent: ``["name", "name.key", "name[0]", ...]`` in input order.

    Every parameter sent with a value must be echoed, and every non-empty part of its value (a
    Properties key, an array element, an attachment's content) must come back non-empty. Values are
    not compared (vRO normalizes them), and secrets only for presence (vRO does not echo them).
    """
    sent, _secrets = _decode.decode_parameters([p for p in sent_parameters if isinstance(p, dict) and "value" in p])
    echoed_list = echoed_parameters if isinstance(echoed_parameters, list) else []
    echoed, _secrets = _decode.decode_parameters(echoed_list)
    lost = []
    for name, value in sent.items():
        lost.extend(_lost_parts(value, echoed[name], name) if name in echoed else [name])
    return lost


def _lost_parts(sent, echoed, where):
    if _empty(sent) or sent == SECRET_MASK:
        return []
    if _empty(echoed):
        return [where]
    if isinstance(sent, dict) and isinstance(echoed, dict):
        parts = [(value, echoed.get(key), "%s.%s" % (where, key)) for key, value in sent.items()]
    elif isinstance(sent, list) and isinstance(echoed, list):
        parts = [
            (value, echoed[index] if index < len(echoed) else None, "%s[%d]" % (where, index))
            for index, value in enumerate(sent)
        ]
    else:
        return []
    return [lost for part in parts for lost in _lost_parts(*part)]


def _empty(value):
    return value is None or value == "" or value == [] or value == {}


def _without_sdk_extras(value):
    if isinstance(value, list):
        return [_without_sdk_extras(item) for item in value]
    if isinstance(value, dict):
        if set(value) == {"type", "id", "href", "display_value"}:
            return {"type": value["type"], "id": value["id"]}
        return dict((key, _without_sdk_extras(item)) for key, item in value.items())
    return value


def same_user(username, started_by):
    """Whether ``started_by`` can be ``username``: vRO may add or drop the domain (``user@domain``, ``DOMAIN\\user``)."""
    if not username or not started_by:
        return True  # unknown (token auth, or not reported): cannot tell them apart

    def local_part(name):
        return name.split("\\")[-1].split("@")[0].lower()

    return local_part(username) == local_part(started_by)


def cancel(client, workflow_id, execution_id):
    """Ask vRO to cancel a run (``DELETE .../state``). Safe to repeat.

    How vRO answers a cancel of a run that has just ended is not documented; a 400/409 for a run
    that is final by now is taken as "nothing to cancel".
    """
    try:
        client.delete(execution_path(workflow_id, execution_id, "/state"))
    except VroHttpError as exc:
        if exc.status in (400, 409) and get_state(client, workflow_id, execution_id) in TERMINAL_STATES:
            return
        raise


def logs(client, workflow_id, execution_id, max_lines=None):
    """The run's ``/syslogs`` and ``/logs`` merged, oldest first: ``[{time, severity, origin, message}]``.

    Best effort: a log that cannot be read (vRO < 7.6 has no syslogs for REST clients; an odd
    answer) is left out, so that it never hides why a run failed.
    """
    entries = []
    seen = set()  # (time, severity, message) of the /syslogs entries: /logs repeats many of them
    for suffix, origin in (("/syslogs", None), ("/logs", "event")):
        try:
            data = client.get(execution_path(workflow_id, execution_id, suffix)).object
        except VroAuthError:
            raise
        except VroHttpError:
            continue
        items = data.get("logs")
        for item in items if isinstance(items, list) else []:
            entry = item.get("entry", item) if isinstance(item, dict) else None
            if not isinstance(entry, dict):
                continue
            message = str(entry.get("long-description") or entry.get("short-description") or "")
            if message.startswith("__item_stack:/") or message.startswith("*** End of execution stack."):
                continue  # vRO's own bookkeeping lines, noise to a reader
            normalized = {
                "time": iso_date(entry.get("time-stamp-val") or entry.get("time-stamp")),
                "severity": str(entry.get("severity") or "info").lower(),
                "origin": str(entry.get("origin") or origin or "system"),
                "message": message,
            }
            key = (normalized["time"], normalized["severity"], message)
            if origin and key in seen:
                continue
            seen.add(key)
            entries.append(normalized)
    entries.sort(key=lambda e: sort_moment(e["time"]))
    if max_lines is not None and max_lines >= 0:
        entries = entries[len(entries) - max_lines :] if max_lines else []
    return entries


def error_lines(log_entries, count=FAILURE_LOG_LINES):
    """The last ``count`` distinct error messages, each once, in the order of their last occurrence."""
    distinct = []
    for entry in reversed(log_entries):
        if entry["severity"] == "error" and entry["message"] not in distinct:
            distinct.append(entry["message"])
    return distinct[:count][::-1]


def explain_failure(client, workflow_name, execution, log_lines):
    """Why a failed or canceled run ended, in one sentence, and its last ``log_lines`` log entries.

    Names the workflow and the execution, and gives vRO's exception text, the failing item and
    the last few error log lines.
    """
    entries = logs(client, execution["workflow_id"], execution["id"], log_lines)
    parts = [
        "workflow '%s' (%s) execution %s %s"
        % (workflow_name, execution["workflow_id"], execution["id"], execution["state"])
    ]
    if execution.get("exception"):
        parts.append(": %s" % execution["exception"])
    if execution.get("current_item"):
        parts.append(" (failing item: %s)" % execution["current_item"])
    errors = error_lines(entries, FAILURE_LOG_LINES)
    if errors:
        parts.append(". Last error log lines: %s" % " | ".join(errors))
    return "".join(parts), entries


def execution_id_from(response):
    """The new execution's id: the 8.x body's ``id``, else the last segment of ``Location`` (7.x, trailing slash)."""
    body = _json_or_none(response)
    if isinstance(body, dict) and body.get("id"):
        return str(body["id"])
    location = response.headers.get("location", "")
    segments = [s for s in location.split("?")[0].split("/") if s]
    if segments and segments[-2:-1] == ["executions"]:
        return segments[-1]
    return None


def start_document(response):
    """The execution document 8.x answers a start with (None on 7.x, or when it is not one)."""
    body = _json_or_none(response)
    return body if isinstance(body, dict) and body.get("input-parameters") is not None else None


def _json_or_none(response):
    """The answer's JSON, or None when it has none that can be read (the start itself went through)."""
    try:
        return response.json
    except VroError:
        return None
