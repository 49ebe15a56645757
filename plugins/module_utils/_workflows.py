# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""Find a workflow by id or by name and read its definition."""

from urllib.parse import quote

from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroError,
    VroInputError,
    VroNotFoundError,
    VroResponseError,
    VroWorkflowLookupError,
)
from ansible_collections.opsflow.vro.plugins.module_utils._input_errors import suggest

# How many workflow names the "did you mean" of an unknown name looks at, when the name is not even
# part of another one (vRO lists every workflow by default, built-in ones included: thousands).
SUGGESTION_SCAN_LIMIT = 1000


def link_attributes(link):
    """``{name: value}`` of an inventory link; vRO omits ``value`` for empty attributes."""
    attributes = link.get("attributes")
    if not isinstance(attributes, list):
        return {}
    return dict((a.get("name"), a.get("value", "")) for a in attributes if isinstance(a, dict))


def list_workflows(client, query):
    """The workflows ``GET /workflows?<query>`` lists: ``[{id, name, category, href}]``."""
    data = client.get("/workflows", query=query).object
    relations = data.get("relations") if isinstance(data.get("relations"), dict) else {}
    links = data.get("link") or relations.get("link") or []
    found = []
    for link in links if isinstance(links, list) else []:
        if not isinstance(link, dict):
            continue
        attrs = link_attributes(link)
        if isinstance(attrs.get("name"), str) and attrs["name"] and isinstance(attrs.get("id"), str) and attrs["id"]:
            found.append(
                {
                    "id": attrs["id"],
                    "name": attrs["name"],
                    "category": attrs.get("categoryName", ""),
                    "href": attrs.get("itemHref") or link.get("href", ""),
                }
            )
    return found


def find_by_name(client, name):
    """Every workflow whose name is exactly ``name``: ``[{id, name, category, href}]``."""
    # Built by hand: vRO wants the condition's own '=' literal and the name url-encoded.
    listed = list_workflows(client, "conditions=name=%s" % quote(name, safe=""))
    # A server may treat the condition loosely (case, contains): keep exact matches only.
    return [workflow for workflow in listed if workflow["name"] == name]


def similar_name(client, name):
    """The workflow name closest to ``name`` (case-only differences first), or None.

    First among the names containing it (``name~``, which vRO's clients use as "contains"; whether vRO ignores
    case there is unconfirmed), then among the first SUGGESTION_SCAN_LIMIT workflows. A courtesy: a server
    error here never hides the real one.
    """
    queries = (
        "conditions=name~%s" % quote(name, safe=""),
        "maxResult=%d" % SUGGESTION_SCAN_LIMIT,
    )
    for query in queries:
        try:
            names = set(workflow["name"] for workflow in list_workflows(client, query))
        except VroError:
            return None
        suggestion = suggest(name, names)
        if suggestion:
            return suggestion
    return None


def get_definition(client, workflow_id):
    """The workflow's definition (``GET /workflows/{id}``), with ``input-parameters`` and ``output-parameters``."""
    path = "/workflows/%s" % quote(checked_id(workflow_id, "workflow_id"), safe="")
    try:
        response = client.get(path)
        definition = response.object
    except VroNotFoundError as exc:
        raise VroNotFoundError(
            "workflow_id '%s' was not found on %s (or this user may not read it)" % (workflow_id, client.base_url),
            status=404,
            url=exc.url,
        ) from exc
    inputs = definition.get("input-parameters", definition.get("inputParameters", []))
    if not (definition.get("id") or definition.get("name")) or not isinstance(inputs, list):
        # Taking it for a workflow without inputs would start a run with none of the given ones.
        raise VroResponseError(
            "vRO's answer for workflow %s is not a workflow definition (no id or name, or input-parameters that are not "
            "a list): %s" % (workflow_id, response.describe()),
            status=response.status,
            url=response.url,
        )
    return definition


def checked_id(value, field):
    """``value`` if it can name one resource: an empty id, ``.`` or ``..`` would name another (the URL resolves it)."""
    text = value if isinstance(value, str) else ""
    if not text.strip() or text.strip() in (".", ".."):
        raise VroInputError(
            field=field, expected="the id of one vRO object (not empty, not '.' or '..')", given=repr(value)[:60]
        )
    return text


def check_ids(**ids):
    """Refuse, before any request, each given id (or list of ids) that cannot name one resource (see ``checked_id``)."""
    for field, value in ids.items():
        for index, one in enumerate(value if isinstance(value, list) else [value]):
            if one is not None:
                checked_id(one, "%s[%d]" % (field, index) if isinstance(value, list) else field)


def resolve(client, workflow_id=None, workflow_name=None):
    """The definition of the workflow given by id, or by a name that must match exactly one workflow."""
    if workflow_id:
        return get_definition(client, workflow_id)
    matches = find_by_name(client, workflow_name)
    if len(matches) == 1:
        return get_definition(client, matches[0]["id"])
    if not matches:
        suggestion = similar_name(client, workflow_name)
        raise VroWorkflowLookupError(
            "workflow_name: no workflow is named '%s' on %s (names are matched exactly, case included)%s"
            % (workflow_name, client.base_url, "; did you mean '%s'?" % suggestion if suggestion else ""),
            candidates=[],
        )
    listing = "; ".join("%s (id %s, category %s)" % (m["name"], m["id"], m["category"] or "-") for m in matches)
    raise VroWorkflowLookupError(
        "workflow_name: %d workflows are named '%s': %s. Use workflow_id to pick one."
        % (len(matches), workflow_name, listing),
        candidates=matches,
    )


def identify(client, workflow_id=None, workflow_name=None):
    """``(id, name)`` of the workflow given by id or by name (``resolve``)."""
    definition = resolve(client, workflow_id=workflow_id, workflow_name=workflow_name)
    return definition.get("id") or workflow_id, definition.get("name")


def declared_inputs(definition):
    return definition.get("input-parameters") or definition.get("inputParameters") or []
