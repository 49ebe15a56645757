# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""Start a run: POST it once, and never lose it nor take another run for it (SECURITY.md).

The runs listed just before the POST are never ours; the ``StartLedger`` of the client keeps the
runs this task started or claimed, so that none is returned twice; when the POST's outcome is
unknown, the run it may have created is looked up instead of POSTing again.
"""

import contextlib
import datetime
import threading
from typing import NamedTuple, Optional

from ansible_collections.opsflow.vro.plugins.module_utils import _executions, _spelling
from ansible_collections.opsflow.vro.plugins.module_utils._dates import UTC
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroError,
    VroHttpError,
    VroOutcomeUnknownError,
)

# Without any Date header, how far vRO's clock may be behind ours (seconds); runs listed before the
# POST are excluded in that case, so the window only needs to be wide.
CLOCK_SKEW = 120
# How many of a workflow's newest runs a lost-start look-up examines.
RECOVERY_SCAN = 20


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
    """POST the run. Never blindly repeated (see ``_client`` and SECURITY.md).

    When the POST's outcome is unknown, the run it may have created is looked up (``recover_lost_start``).
    Two repeats only, each after vRO said no run was started: a bearer token refused (401), the login
    renewed, and the look-up shows that no run appeared; and a body that carries both spellings of a value
    (``_spelling``) answered 400, sent again in each single spelling, the 8.18.1 document's first (a 400
    means nothing was started: docs/design.md "Wire spellings").
    """
    # Note which runs exist before the POST, so that none of them can ever be taken for ours: start times
    # cannot tell them apart reliably (Date headers have one-second resolution, and may be missing).
    before = known_run_ids(client, workflow_id)
    forms = [parameters] + [f for f in (_spelling.one_spelling(parameters, s) for s in _spelling.SPELLINGS) if f]
    refusals = []
    for form in forms:
        try:
            return _start_once(client, workflow_id, form, before)
        except VroHttpError as exc:
            if exc.status != 400 or len(forms) == 1:
                raise
            refusals.append(exc)
    raise VroHttpError(
        "%s (Properties and MimeAttachment values were sent with both spellings, then with each alone: "
        "vRO refused every form, so the cause is probably elsewhere; set wire_format to choose one)" % refusals[1],
        status=400,
        url=refusals[1].url,
        detail=refusals[1].detail,
    )


def _start_once(client, workflow_id, parameters, before) -> Started:
    """One POST of the run, and the look-up of its run when the answer is lost."""
    ledger = client.start_ledger
    for attempt in (1, 2):
        started_at = datetime.datetime.now(UTC)
        try:
            with ledger.posting():
                response = client.post(
                    _executions.execution_path(workflow_id), {"parameters": parameters}, expected=(200, 201, 202)
                )
                execution_id = execution_id_from(response)
                if not execution_id:
                    # vRO accepted the run, so it exists, but which one it is was not said (or not readably).
                    raise VroOutcomeUnknownError(
                        "vRO accepted the run (HTTP %s) but gave neither an id in the body nor a Location header "
                        "naming an execution" % response.status,
                        url=response.url,
                    )
                ledger.claim(execution_id)
        except VroOutcomeUnknownError as exc:
            found = recover_lost_start(client, workflow_id, parameters, started_at, exc, before)
            if found is None and attempt == 1 and exc.details.get("renewed_login"):
                continue  # vRO refused the expired token and no run appeared: start it with the new one
            if found is None:
                raise lost_start_error(
                    client, workflow_id, started_at, exc, "no run with these inputs appeared"
                ) from exc
            return Started(found, None)
        return Started(execution_id, _document(response))


def known_run_ids(client, workflow_id):
    """The ids of the newest runs, or None when they cannot be read (then no run can be claimed)."""
    try:
        return frozenset(s["id"] for s in _executions.list_recent(client, workflow_id, RECOVERY_SCAN))
    except VroError:
        return None


def _document(response):
    try:
        body = response.json
    except VroError:
        return None
    return body if isinstance(body, dict) and body.get("input-parameters") is not None else None


def recover_lost_start(client, workflow_id, parameters, started_at, cause, before):
    """The POST may or may not have started a run. Look for it instead of POSTing again.

    Candidates: runs with the same inputs that started after our POST left, on vRO's clock (learned,
    as a lower bound, from its Date headers), that were not listed before the POST (``before``; None:
    the list could not be read, so none can be claimed) and that no other start of this task has
    returned or claimed. Returns the one candidate's id (claimed), or None when there is none;
    raises ``VroOutcomeUnknownError`` when the look-up fails or finds several.
    """
    if client.server_clock_offset is None:
        since = started_at - datetime.timedelta(seconds=CLOCK_SKEW)
    else:
        since = started_at + datetime.timedelta(seconds=client.server_clock_offset)
    with client.start_ledger.looking():
        try:
            found = _executions.find_matching_runs(
                client, workflow_id, parameters, since=since, states=None, max_examined=RECOVERY_SCAN
            )
        except VroError as exc:
            raise lost_start_error(
                client, workflow_id, started_at, cause, "looking for it failed too (%s)" % exc
            ) from exc
        if before is None:
            found = []
        candidates = [c for c in found if c["id"] not in client.start_ledger.claimed and c["id"] not in before]
        if len(candidates) == 1 and client.start_ledger.claim(candidates[0]["id"]):
            return candidates[0]["id"]
    if len(candidates) > 1:
        raise lost_start_error(
            client,
            workflow_id,
            started_at,
            cause,
            "%d runs with the same inputs started since then (%s), so which one is ours cannot be told"
            % (len(candidates), ", ".join(c["id"] for c in candidates)),
        )
    return None


def lost_start_error(client, workflow_id, started_at, cause, found):
    """The message of a start whose outcome stays unknown: what happened, the time window, how to check."""
    window = "between %s and %s UTC (this host's clock)" % (
        started_at.strftime("%H:%M:%S"),
        datetime.datetime.now(UTC).strftime("%H:%M:%S on %Y-%m-%d"),
    )
    return VroOutcomeUnknownError(
        "The outcome of starting workflow %s is unknown: the run may have started, or not (%s). The request was not "
        "repeated, to avoid running the workflow twice; %s. Look for a run started %s with these inputs (vRO UI, or "
        "opsflow.vro.vro_execution_info with workflow_id %s) before re-running the task."
        % (workflow_id, client.redact(str(cause)), client.redact(found), window, workflow_id),
        url=getattr(cause, "url", None),
    )


class StartLedger:
    """The runs this module run has started or claimed, and a gate between POSTs and lost-start look-ups.

    A look-up for the run a lost POST may have created must not claim a run that another thread's
    POST is about to report: it waits until no POST is in flight, and no POST leaves while it looks.
    """

    def __init__(self):
        self._cond = threading.Condition()
        self._posting = 0
        self._looking = False
        self.claimed = set()

    @contextlib.contextmanager
    def posting(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._looking)
            self._posting += 1
        try:
            yield
        finally:
            with self._cond:
                self._posting -= 1
                self._cond.notify_all()

    @contextlib.contextmanager
    def looking(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._looking and self._posting == 0)
            self._looking = True
        try:
            yield
        finally:
            with self._cond:
                self._looking = False
                self._cond.notify_all()

    def claim(self, execution_id):
        """Record ``execution_id`` as this task's; False if it already was (it can be returned once only)."""
        with self._cond:
            if execution_id in self.claimed:
                return False
            self.claimed.add(execution_id)
            return True
