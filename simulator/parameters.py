# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution-context envelope: `{"parameters": [WsParameter, ...]}` in, parameter lists out.

Every rejection is a 400 whose message names the parameter, as vRO answers a bad context
(POST .../executions answering 400 Bad Request). Choices where vRO's behaviour is UNCONFIRMED:
* a parameter the workflow does not declare is rejected (not ignored);
* a `type` attribute that differs from the declared type is rejected; `Array` is accepted for
  any `Array/...` (the vCO 5.5 client sends it); a missing `type` is fine;
* keys other than `parameters`, `executionId` and `profilerOptions` are rejected, so a client
  that sends `parameter` (singular) hears about it; the `unknown_keys` quirk (set by the dialect)
  instead drops them (`drop`), or also rejects unknown keys of a parameter and of a value (`reject`);
* a parameter without `value` (or with `"value": null`) is unset, which is allowed.
"""

from .messages import ApiError
from .values import InvalidValue, render, same_type, validate

CONTEXT_KEYS = frozenset({"parameters", "executionId", "profilerOptions"})
# ActionExecutionContext (8.18.1 spec) also has breakpoints and async-execution.
ACTION_CONTEXT_KEYS = CONTEXT_KEYS | {"breakpoints", "async-execution"}
# WsParameter's keys in the 8.18.1 spec
PARAMETER_KEYS = {"name", "type", "scope", "value", "description", "updated", "encrypt-value"}


def parse_context(document, declared, settings, owner, keys=CONTEXT_KEYS):
    """Validate a context against `declared` params; return {name: wire value as read} of those set."""
    if not isinstance(document, dict):
        raise ApiError(400, "The execution context must be a JSON object")
    unknown = sorted(set(document) - keys)
    if unknown and settings.unknown_keys != "drop":
        raise ApiError(400, f"Unknown field(s) in the execution context: {', '.join(unknown)}")
    parameters = document.get("parameters", [])
    if not isinstance(parameters, list):
        raise ApiError(400, "'parameters' must be a list")
    by_name = {param.name: param for param in declared}
    values = {}
    seen = set()
    for index, parameter in enumerate(parameters):
        if not isinstance(parameter, dict) or not isinstance(parameter.get("name"), str):
            raise ApiError(400, f"parameters[{index}] must be an object with a string 'name'")
        name = parameter["name"]
        param = by_name.get(name)
        if param is None:
            raise ApiError(400, f"Parameter '{name}' is not an input of {owner}")
        if name in seen:
            raise ApiError(400, f"Parameter '{name}' is given more than once")
        seen.add(name)
        unknown = sorted(set(parameter) - PARAMETER_KEYS)
        if unknown and settings.unknown_keys == "reject":
            raise ApiError(400, f"Unknown field(s) in parameter '{name}': {', '.join(unknown)}")
        _check_envelope(parameter, param)
        if parameter.get("value") is None:
            continue
        try:
            values[name] = validate(param.vtype, parameter["value"], "", settings)
        except InvalidValue as exc:
            raise ApiError(400, f"Invalid value for parameter '{name}' of type '{param.type}': {exc}") from None
    return values


def _check_envelope(parameter, param):
    sent_type = parameter.get("type")
    # An `Any` input takes a value of any type, and the parameter then names that concrete type.
    if (
        sent_type is not None
        and param.type != "Any"
        and not (
            sent_type == "Array"
            and param.type.startswith("Array/")
            or isinstance(sent_type, str)
            and same_type(sent_type, param.type)
        )
    ):
        raise ApiError(400, f"Parameter '{param.name}' is sent as type {sent_type!r} but is declared '{param.type}'")
    if parameter.get("scope", "local") not in ("local", "token"):
        raise ApiError(400, f"Parameter '{param.name}' has scope {parameter['scope']!r}; expected 'local' or 'token'")


def render_parameters(declared, values, settings):
    """Every declared parameter, with its value when set (shape of the vCO 5.5 samples)."""
    rendered = []
    for param in declared:
        entry = {}
        if param.name in values:
            entry["value"] = render(param.vtype, values[param.name], settings)
        entry.update(type=param.type, name=param.name, scope="local")
        rendered.append(entry)
    return rendered


def describe_parameters(declared):
    """Parameter definitions without values (workflow definition, interaction fields)."""
    described = []
    for param in declared:
        entry = {"name": param.name, "type": param.type}
        if param.description:
            entry["description"] = param.description
        described.append(entry)
    return described
