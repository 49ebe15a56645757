# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""Workflow executions: start, read, list, normalize, cancel, logs, user interactions."""

import datetime
from typing import NamedTuple, Optional
from urllib.parse import quote

from ansible_collections.opsflow.vro.plugins.module_utils import _decode, _spelling
from ansible_collections.opsflow.vro.plugins.module_utils._dates import EPOCH, UTC, decode_date, parse_utc
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroAuthError,
    VroError,
    VroHttpError,
    VroNotFoundError,
    VroOutcomeUnknownError,
)
from ansible_collections.opsflow.vro.plugins.module_utils._secrets import SECRET_MASK
from ansible_collections.opsflow.vro.plugins.module_utils._workflows import link_attributes

TERMINAL_STATES = frozenset(("completed", "failed", "canceled"))
UNSUCCESSFUL_STATES = frozenset(("failed", "canceled"))
# How many error log lines a failure message quotes.
FAILURE_LOG_LINES = 5
ACTIVE_STATES = frozenset(("running", "waiting", "waiting-signal", "initializing", "suspended"))
ALL_STATES = sorted(TERMINAL_STATES | ACTIVE_STATES)
# vRO marks "no current item" with this placeholder (vCO 5.5).
NO_ITEM = "__item-undefined__"
# How long before our lost POST (seconds, on vRO's clock) the run it created may say it started:
# Date headers have one-second resolution. Without any Date header, allow for clock skew instead.
START_MARGIN = 2
CLOCK_SKEW = 120


def execution_path(workflow_id, execution_id=None, suffix=""):
    path = "/workflows/%s/executions" % quote(workflow_id, safe="")
    if execution_id:
        path += "/%s" % quote(execution_id, safe="")
    return path + suffix


def normalize_state(state):
    """vRO sends lower-case hyphenated states; older docs show Java names. Accept both."""
    state = str(state or "").strip().lower().replace("_", "-")
    return {"state-waiting-on-signal": "waiting-signal", "cancelled": "canceled"}.get(state, state)


def iso_date(value):
    """An ISO 8601 string with a UTC offset from vRO's epoch milliseconds (5.5/7.x) or ISO text (8.x).

    Decoded like a ``Date`` parameter value; text that is not a date is kept as it is.
    """
    return decode_date(value) or None


def execution_id_from(response):
    """The new execution's id: the 8.x body's ``id``, else the last segment of ``Location`` (7.x, trailing slash)."""
    try:
        body = response.json
    except VroError:
        body = None
    if isinstance(body, dict) and body.get("id"):
        return str(body["id"])
    location = response.headers.get("location", "")
    segments = [s for s in location.split("?")[0].split("/") if s]
    if segments and segments[-2:-1] == ["executions"]:
        return segments[-1]
    return None


class Started(NamedTuple):
    """A run we started: its id, and vRO's answer to the start (the execution document on 8.x, else None)."""

    execution_id: str
    document: Optional[dict]


def start(client, workflow_id, parameters) -> Started:
    """POST the run. Never retried blindly (see ``_client``): a lost answer goes to ``recover_lost_start``.

    A body that carries both spellings of a value (``_spelling``) and is answered 400 is sent again in
    each single spelling, the 8.18.1 document's first: a 400 means nothing was started
    (docs/design.md "Wire spellings").
    """
    started_at = datetime.datetime.now(UTC)
    forms = [parameters] + [f for f in (_spelling.one_spelling(parameters, s) for s in _spelling.SPELLINGS) if f]
    refusals = []
    for form in forms:
        try:
            response = client.post(execution_path(workflow_id), {"parameters": form}, expected=(200, 201, 202))
        except VroOutcomeUnknownError as exc:
            return Started(recover_lost_start(client, workflow_id, form, started_at, exc), None)
        except VroHttpError as exc:
            if exc.status != 400 or len(forms) == 1:
                raise
            refusals.append(exc)
            continue
        return Started(_new_execution_id(response, workflow_id), _document(response))
    raise VroHttpError(
        "%s (Properties and MimeAttachment values were sent with both spellings, then with each alone: "
        "vRO refused every form, so the cause is probably elsewhere; set wire_format to choose one)" % refusals[1],
        status=400,
        url=refusals[1].url,
        detail=refusals[1].detail,
    )


def _new_execution_id(response, workflow_id):
    execution_id = execution_id_from(response)
    if not execution_id:
        raise VroHttpError(
            "vRO accepted the run of workflow %s (HTTP %s) but gave neither an id in the body nor a Location header"
            % (workflow_id, response.status),
            status=response.status,
            url=response.url,
        )
    return execution_id


def _document(response):
    try:
        body = response.json
    except VroError:
        return None
    return body if isinstance(body, dict) and body.get("input-parameters") is not None else None


def recover_lost_start(client, workflow_id, parameters, started_at, cause):
    """The POST may or may not have started a run. Look for it instead of POSTing again.

    Only runs that started after our POST left, on vRO's clock (learned from its Date headers),
    are candidates: an earlier identical run, e.g. of a previous pipeline attempt, is not ours.
    """
    if client.server_clock_offset is None:
        since = started_at - datetime.timedelta(seconds=CLOCK_SKEW)
    else:
        since = started_at + datetime.timedelta(seconds=client.server_clock_offset - START_MARGIN)
    candidates = find_matching_runs(client, workflow_id, parameters, since=since, states=None, max_examined=20)
    if len(candidates) == 1:
        return candidates[0]["id"]
    found = (
        "%d runs with the same inputs started since then (%s), so which one is ours cannot be told"
        % (len(candidates), ", ".join(c["id"] for c in candidates))
        if candidates
        else "no run with these inputs appeared"
    )
    raise VroOutcomeUnknownError(
        "The outcome of starting workflow %s is unknown: the request may or may not have reached vRO (%s). "
        "It was not repeated, to avoid running the workflow twice; %s. Check the workflow's runs in vRO (vro_execution_info "
        "with workflow_id %s) before re-running." % (workflow_id, cause, found, workflow_id),
        url=getattr(cause, "url", None),
    )


def get(client, workflow_id, execution_id):
    try:
        return client.get(execution_path(workflow_id, execution_id)).object
    except VroNotFoundError as exc:
        raise VroNotFoundError(
            "execution '%s' of workflow '%s' was not found (it may have been purged, or the ids do not belong together)"
            % (execution_id, workflow_id),
            status=404,
            url=exc.url,
        ) from exc


def get_state(client, workflow_id, execution_id):
    """The state only (small response); vRO sends ``{"value": ...}``, the 8.18 spec shows ``{"state": ...}``."""
    data = client.get(execution_path(workflow_id, execution_id, "/state")).object
    return normalize_state(data.get("value") or data.get("state"))


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


def _page(client, workflow_id, count, start_index):
    query = {"maxResult": count, "startIndex": start_index, "sortOrders": "-startDate"}
    data = client.get(execution_path(workflow_id), query=query).object
    relations = data["relations"] if isinstance(data.get("relations"), dict) else data
    links = [link for link in relations.get("link") or [] if isinstance(link, dict) and link.get("attributes")]
    total = relations.get("total")
    return [summary_from_link(link, workflow_id) for link in links], total


def list_recent(client, workflow_id, count):
    """The ``count`` newest runs of a workflow, newest first.

    We ask vRO to sort newest first, but vCO 5.5 is known to list oldest first and
    ignore that; when the page we got is in ascending order and more exist, we read the last page.
    """
    summaries, total = _page(client, workflow_id, count, 0)
    starts = [s["start_date"] or "" for s in summaries]
    ascending = len(starts) > 1 and starts == sorted(starts) and starts != sorted(starts, reverse=True)
    if ascending and isinstance(total, int) and total > len(summaries):
        summaries, _total = _page(client, workflow_id, count, max(total - count, 0))
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
    """Runs of the workflow started at or after ``since`` whose inputs equal ``parameters`` (as encoded).

    Used for idempotent runs and to find the run a lost POST created. Only the inputs we send are
    compared: vRO also echoes the inputs left at their defaults. Runs started by another user are
    skipped when we know our user. SecureString inputs cannot be compared (vRO does not echo them),
    so callers refuse to rely on this when there are any.
    """
    wanted = comparable_inputs(parameters)
    matches = []
    for summary in list_recent(client, workflow_id, max_examined):
        started = parse_utc(summary.get("start_date") or "")
        if started is not None and started < since:
            continue
        if states is not None and summary["state"] not in states:
            continue
        if not same_user(client.username, summary.get("started_by")):
            continue
        echoed = comparable_inputs(get(client, workflow_id, summary["id"]).get("input-parameters") or [])
        if all(name in echoed and echoed[name] == value for name, value in wanted.items()):
            matches.append(summary)
    return matches


def comparable_inputs(parameters):
    """``{name: plain value}`` of the parameters that carry a value, compared the way vRO echoes them.

    Decoding absorbs vRO's echo (numbers as doubles, any order); SDK objects are compared by type
    and id, since vRO adds ``href`` and a display value.
    """
    plain, _secrets = _decode.decode_parameters([p for p in parameters if isinstance(p, dict) and "value" in p])
    return dict((name, _without_sdk_extras(value)) for name, value in plain.items())


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


def interaction(client, workflow_id, execution_id):
    """The pending user interaction of a ``waiting`` run, as a small plain dict, or None."""
    try:
        data = client.get(execution_path(workflow_id, execution_id, "/interaction")).object
    except VroAuthError:
        raise
    except VroHttpError:
        return None  # details are a courtesy: without them the failure is still explained
    fields = [f for f in data.get("input-parameters") or data.get("parameter") or [] if isinstance(f, dict)]
    return {
        "id": data.get("id"),
        "name": data.get("name"),
        "state": data.get("state"),
        "assignees": data.get("assignees") or data.get("assignee") or [],
        "timeout_date": iso_date(data.get("timeout-date")),
        "fields": [{"name": f.get("name"), "type": f.get("type"), "description": f.get("description")} for f in fields],
    }


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
