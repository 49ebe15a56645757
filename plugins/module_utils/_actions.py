# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""vRO actions: find one (by id, or by module and name), list them, run one and decode its result.

Endpoints of the 8.18.1 document (tests/conformance): ``GET /actions``, ``GET /actions/{id}``,
``GET /actions/{module}/{name}``, ``POST /actions/{id}/executions`` with an execution context
``{"parameters": [...]}``. The run is synchronous and answers ``WsActionExecutionResult``:
``type`` and a typed ``value`` (the workflow wire format). Choices where no real sample was found
(UNCONFIRMED): the return type key is read from ``output-type``, ``outputType`` or
``outputParameterType``; a thrown error is read from ``error``, ``errorMessage`` or
``error-message`` (the spec names it ``errorMessage``, XML ``error``) or a ``state`` of
``failed``; an HTTP error status carries vRO's message and fails the same way.
"""

from urllib.parse import quote

from ansible_collections.opsflow.vro.plugins.module_utils import _workflows
from ansible_collections.opsflow.vro.plugins.module_utils._decode import decode_parameters
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroError, VroHttpError, VroNotFoundError

OUTPUT_TYPE_KEYS = ("output-type", "outputType", "outputParameterType")
ERROR_KEYS = ("error", "errorMessage", "error-message")


class VroActionError(VroError):
    """The action ran and threw; ``msg`` carries vRO's message."""


def _path(action_id=None, module=None, name=None):
    if action_id:
        return "/actions/%s" % quote(action_id, safe="")
    return "/actions/%s/%s" % (quote(module, safe=""), quote(name, safe=""))


def _label(action_id=None, module=None, name=None):
    return "action_id '%s'" % action_id if action_id else "action '%s/%s' (module/action_name)" % (module, name)


def get_definition(client, action_id=None, module=None, name=None):
    """The action's definition: ``id``, ``name``, ``module``, ``input-parameters``, its return type."""
    try:
        return client.get(_path(action_id, module, name)).object
    except VroNotFoundError as exc:
        raise VroNotFoundError(
            "%s was not found on %s (or this user may not read it)"
            % (_label(action_id, module, name), client.base_url),
            status=404,
            url=exc.url,
        ) from None


def output_type(document):
    for key in OUTPUT_TYPE_KEYS:
        if document.get(key):
            return document[key]
    return ""


def declared_inputs(definition):
    return _workflows.declared_inputs(definition)


def describe(document):
    """An action definition (or list attributes) as the modules return it."""
    inputs = []
    for param in declared_inputs(document):
        if isinstance(param, dict) and isinstance(param.get("name"), str):
            inputs.append(
                {"name": param["name"], "type": param.get("type") or "", "description": param.get("description") or ""}
            )
    module = document.get("module", "")
    name = document.get("name", "")
    return {
        "id": document.get("id", ""),
        "name": name,
        "module": module,
        "fqn": document.get("fqn") or ("%s/%s" % (module, name) if module and name else ""),
        "version": document.get("version", ""),
        "description": document.get("description", ""),
        "inputs": inputs,
        "result_type": output_type(document),
    }


def list_actions(client):
    """List attributes of every action (``GET /actions``)."""
    data = client.get("/actions").object
    links = data.get("link") or (data.get("relations") or {}).get("link") or []
    return [_workflows.link_attributes(link) for link in links if isinstance(link, dict) and link.get("attributes")]


def run(client, definition, parameters):
    """Run the action with encoded ``parameters``; ``(result, result_type, secrets)``, the result decoded.

    Raises ``VroActionError`` with vRO's message when the action throws.
    """
    label = definition.get("fqn") or "%s/%s" % (definition.get("module", ""), definition.get("name", ""))
    try:
        response = client.post(
            "/actions/%s/executions" % quote(definition["id"], safe=""), {"parameters": parameters}, expected=(200,)
        )
    except VroHttpError as exc:
        if exc.status in (400, 500) and exc.detail:
            raise VroActionError("action %s failed: %s" % (label, exc.detail), status=exc.status) from None
        raise
    document = response.object
    message = next((document[key] for key in ERROR_KEYS if document.get(key)), None)
    if message or document.get("state") == "failed":
        raise VroActionError(
            "action %s failed: %s" % (label, message or "vRO reports the run failed and gives no message"),
            state=document.get("state"),
            line=document.get("errorLineNumber"),
        )
    result_type = document.get("type") or output_type(definition)
    decoded, secrets = decode_parameters([{"name": "result", "type": result_type, "value": document.get("value")}])
    return decoded["result"], result_type, secrets
