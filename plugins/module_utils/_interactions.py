# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""User interactions (a run in state ``waiting``) and finding a run by its id alone.

vRO API (the 7.x and 8.x API guides; all paths under ``/vco/api``):

* the workflow of a run: ``GET /catalog/System/WorkflowExecution/{executionId}``, whose links
  lead to the parent workflow (``/workflows/{id}/``);
* waiting interactions: ``GET /catalog/System/UserInteraction?status=0``; each inventory item
  (``GET /catalog/System/UserInteraction/{id}``) links to the run it belongs to;
* one run's interaction: ``GET``, ``POST`` (answer, an execution-context body, 204) and
  ``DELETE`` (cancel, 204) on ``/workflows/{wf}/executions/{ex}/interaction``.
"""

import datetime
import re
from urllib.parse import quote

from ansible_collections.opsflow.vro.plugins.module_utils import _decode, _encode, _executions, _parameters, _workflows
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroAuthError,
    VroHttpError,
    VroInputError,
    VroNotFoundError,
    VroOutcomeUnknownError,
    VroResponseError,
)

RUN_IN_URL = re.compile(r"/workflows/([^/?#]+)/executions/([^/?#]+)")
WORKFLOW_URL = re.compile(r"/workflows/([^/?#]+)/?$")
WAITING_QUERY = {"status": 0}  # the catalog's filter for waiting interactions (7.x and 8.x guides)


def _links(document):
    relations = document.get("relations")
    links = relations.get("link") if isinstance(relations, dict) else document.get("link")
    return [link for link in links or [] if isinstance(link, dict)]


def workflow_of(client, execution_id):
    """The id of the workflow a run belongs to, from the run's catalog item."""
    try:
        item = client.get("/catalog/System/WorkflowExecution/%s" % quote(execution_id, safe="")).object
    except VroNotFoundError as exc:
        raise VroNotFoundError(
            "execution_id '%s' was not found on %s (no such run, it was purged, or this user may not read it)"
            % (execution_id, client.base_url),
            status=404,
            url=exc.url,
        ) from None
    for link in _links(item):
        found = WORKFLOW_URL.search(str(link.get("href") or "").split("?", maxsplit=1)[0])
        if found:
            return found.group(1)
    workflow_id = _workflows.link_attributes(item).get("workflowId")
    if workflow_id:
        return workflow_id
    raise VroResponseError(
        "the catalog item of execution %s does not say which workflow it belongs to; give workflow_id as well"
        % execution_id
    )


def workflow_id_of_run(client, execution_id, workflow_id=None, workflow_name=None):
    """The workflow id of a run: the one given, the one a name resolves to, else the catalog's."""
    if workflow_id:
        return workflow_id
    if workflow_name:
        return _workflows.resolve(client, workflow_name=workflow_name).get("id")
    return workflow_of(client, execution_id)


def locate_run(client, execution_id, workflow_id=None, workflow_name=None):
    """``(workflow id, workflow name)`` of a run, from what the task gave: an id, a name, or neither."""
    if not (workflow_id or workflow_name):
        workflow_id = workflow_of(client, execution_id)
    return _workflows.identify(client, workflow_id, workflow_name)


def normalize(data, workflow_id, workflow_name, execution_id):
    """Our documented interaction dict from vRO's ``WsUserInteraction`` (8.x names first, then older pages')."""
    fields = [f for f in data.get("input-parameters") or data.get("parameter") or [] if isinstance(f, dict)]
    return {
        "id": data.get("id"),
        "execution_id": execution_id,
        "workflow_id": workflow_id,
        "workflow_name": workflow_name,
        "name": data.get("name"),
        "state": str(data.get("state") or "").lower() or None,
        "assignees": data.get("assignees") or data.get("assignee") or [],
        "timeout_date": _executions.iso_date(data.get("timeout-date") or data.get("timeoutDate")),
        "inputs": [{"name": f.get("name"), "type": f.get("type"), "description": f.get("description")} for f in fields],
    }


def read(client, workflow_id, workflow_name, execution_id):
    """The latest interaction the run has reached (normalized), or None when it has reached none."""
    try:
        data = client.get(_executions.execution_path(workflow_id, execution_id, "/interaction")).object
    except VroNotFoundError:
        return None
    return normalize(data, workflow_id, workflow_name, execution_id)


def read_if_possible(client, workflow_id, workflow_name, execution_id):
    """``read``, or None when vRO does not say (to explain a waiting run: a courtesy, the failure is clear without)."""
    try:
        return read(client, workflow_id, workflow_name, execution_id)
    except VroAuthError:
        raise
    except VroHttpError:
        return None


def _run_of_item(client, link):
    """``(workflow id, execution id)`` of a catalog interaction link: from the link, else from its item."""
    attributes = _workflows.link_attributes(link)
    for text in [link.get("href")] + list(attributes.values()):
        found = RUN_IN_URL.search(str(text or ""))
        if found:
            return found.groups()
    if not attributes.get("id"):
        return None
    item = client.get("/catalog/System/UserInteraction/%s" % quote(attributes["id"], safe="")).object
    for item_link in _links(item):
        found = RUN_IN_URL.search(str(item_link.get("href") or ""))
        if found:
            return found.groups()
    return None


def list_waiting(client, workflow=None):
    """Every waiting interaction this user can see, or those of one ``workflow`` ``(id, name)``."""
    listing = client.get("/catalog/System/UserInteraction", query=WAITING_QUERY).object
    runs = []
    for link in _links(listing):
        state = _workflows.link_attributes(link).get("state")
        if link.get("rel") not in (None, "down") or (state and state.lower() != "waiting"):
            continue  # a navigation link, or a server that ignores status=0
        run = _run_of_item(client, link)
        if run and run not in runs and (workflow is None or run[0] == workflow[0]):
            runs.append(run)
    names = dict([workflow]) if workflow else {}
    found = []
    for workflow_id, execution_id in runs:
        if workflow_id not in names:
            names[workflow_id] = _workflows.get_definition(client, workflow_id).get("name")
        interaction = read(client, workflow_id, names[workflow_id], execution_id)
        if interaction and interaction["state"] == "waiting":  # it may have been answered meanwhile
            found.append(interaction)
    return found


def run_state(client, workflow_id, execution_id):
    """The run's state; an unknown run is an error that says so."""
    try:
        return _executions.get_state(client, workflow_id, execution_id)
    except VroNotFoundError as exc:
        raise VroNotFoundError(
            "execution_id '%s' is not a run of workflow %s on %s (no such run, it was purged, or this user may not "
            "read it)" % (execution_id, workflow_id, client.base_url),
            status=404,
            url=exc.url,
        ) from None


def answer_parameters(interaction, inputs=None, parameters=None, wire=None, read_file=None, field="inputs"):
    """The parameters that answer ``interaction``: plain ``inputs`` typed from its fields, or raw ``parameters``.

    Field names are checked either way ("did you mean"), before anything is sent; raw values
    are checked for shape only, vRO checks them against the fields' types.
    """
    fields = [{"name": f["name"], "type": f["type"]} for f in interaction["inputs"]]
    if parameters:
        checked = _parameters.validate_raw_parameters(parameters)
        _encode.encode_inputs(dict((p["name"], None) for p in checked), fields, field="parameters")
        return checked
    return _encode.encode_inputs(inputs or {}, fields, wire=wire, read_file=read_file, field=field)


def answer(client, interaction, parameters):
    """POST the answer and return when it was sent (ISO 8601, this host's clock). Never re-sent.

    If the answer is lost on the way back, the interaction is read again: when it no longer
    waits, vRO took the answer; otherwise the outcome stays unknown.
    """
    path = _executions.execution_path(interaction["workflow_id"], interaction["execution_id"], "/interaction")
    client.add_secrets(_decode.secret_values(parameters))
    answered_at = now_iso()
    try:
        client.post(path, {"parameters": parameters}, expected=(200, 202, 204))
    except VroOutcomeUnknownError as exc:
        if not _still_waiting(client, interaction):
            return answered_at
        raise VroOutcomeUnknownError(
            "%s; the interaction '%s' of execution %s still waits, so the answer was not taken. It was not "
            "re-sent: run the task again to answer it." % (exc, interaction["name"], interaction["execution_id"]),
            url=exc.url,
        ) from None
    return answered_at


def answer_next(client, run, inputs, field, wire=None, read_file=None, answered_id=None):
    """Answer the interaction a ``waiting`` run is on with plain ``inputs``: ``{id, name, answered_at}``.

    ``run`` is ``(workflow id, workflow name, execution id)``; ``field`` names ``inputs`` in errors.
    None when there is nothing to answer yet: no interaction, or still the one answered last
    (``answered_id``: vRO may report the run ``waiting`` for a moment after taking an answer).
    """
    interaction = read(client, *run)
    if interaction is None or interaction["state"] != "waiting" or interaction["id"] == answered_id:
        return None
    parameters = answer_parameters(interaction, inputs=inputs, wire=wire, read_file=read_file, field=field)
    return {
        "id": interaction["id"],
        "name": interaction["name"],
        "answered_at": answer(client, interaction, parameters),
    }


def cancel(client, interaction):
    """``DELETE .../interaction``: vRO ends the interaction (what it does with the run: see the module docs)."""
    path = _executions.execution_path(interaction["workflow_id"], interaction["execution_id"], "/interaction")
    try:
        client.delete(path, expected=(200, 202, 204))
    except VroHttpError as exc:
        # Answered or canceled by someone else since we read it: nothing left to cancel.
        if exc.status in (400, 404, 409) and not _still_waiting(client, interaction):
            return False
        raise
    return True


def _still_waiting(client, interaction):
    again = read(client, interaction["workflow_id"], interaction["workflow_name"], interaction["execution_id"])
    return again is not None and again["id"] == interaction["id"] and again["state"] == "waiting"


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


def answers_list(value, field="interaction_inputs"):
    """``interaction_inputs`` as a list of answers: a single dict is a one-item list."""
    if value is None:
        return []
    answers = [value] if isinstance(value, dict) else value
    if not isinstance(answers, list) or not all(isinstance(item, dict) for item in answers):
        raise VroInputError(
            field=field,
            expected="a dict of field names to values (one answer), or a list of them (answers in order)",
            given=type(value).__name__,
        )
    return answers
