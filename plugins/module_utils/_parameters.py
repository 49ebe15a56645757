# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""The parameter list a run sends: ``encode_inputs`` (plain ``inputs`` typed by the workflow
definition) and ``validate_raw_parameters`` (the raw vRO parameter objects of ``parameters``).

Both check everything before anything is sent and raise ``VroInputError`` naming the field
(``inputs.vmName``, ``parameters[1].value``).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Optional

from ansible_collections.opsflow.vro.plugins.module_utils._encode import EncodeContext, encode_typed
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.module_utils._input_errors import (
    child_field,
    describe,
    names_list,
    short_repr,
    suggest,
    unknown_key,
)
from ansible_collections.opsflow.vro.plugins.module_utils._types import parse_type
from ansible_collections.opsflow.vro.plugins.module_utils._wire import VALUE_KEYS, canonical_key

RAW_PARAMETER_KEYS = ("name", "type", "scope", "value", "description", "updated", "encrypt-value")
SCOPES = ("local", "token")

# vRO parameter names: ^[\p{L}_$][\p{L}0-9_$]*$ (8.18.1 spec). [^\W\d] is a letter or "_".
NAME_RE = re.compile(r"(?:[^\W\d]|\$)(?:[^\W\d]|[0-9$])*\Z")


def _declared_types(declared):
    """``{name: type string}`` from a definition's input-parameters, or ``None``."""
    if declared is None:
        return None
    if not isinstance(declared, (list, tuple)):
        raise VroInputError(field="declared", expected="the workflow's input-parameters list", given=describe(declared))
    types = {}
    for entry in declared:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            vro_type = entry.get("type")
            types[entry["name"]] = vro_type if isinstance(vro_type, str) and vro_type.strip() else "Any"
    return types


def _unknown_input_error(field, name, valid):
    suggestion = suggest(name, valid)
    msg = "%s: unknown input" % field
    if not valid:
        msg += "; the workflow declares no inputs"
    elif suggestion:
        msg += "; did you mean %r? Valid inputs: %s" % (suggestion, names_list(sorted(valid)))
    else:
        msg += "; valid inputs: %s" % names_list(sorted(valid))
    return VroInputError(msg, field=field, expected="one of: %s" % names_list(sorted(valid)), given=short_repr(name))


def _input_types_field(inputs_field):
    """``input_types`` beside ``inputs`` (``runs[2].inputs`` -> ``runs[2].input_types``)."""
    if inputs_field.endswith("inputs"):
        return inputs_field[: -len("inputs")] + "input_types"
    return "input_types"


def _checked_input_types(input_types, declared_types, types_field):
    """``{name: canonical type string}``; validates every entry, used or not."""
    if input_types is None:
        return {}
    if not isinstance(input_types, dict):
        raise VroInputError(
            field=types_field, expected="a dict of input names to vRO types", given=describe(input_types)
        )
    result = {}
    for name, vro_type in input_types.items():
        if not isinstance(name, str):
            raise VroInputError(field=types_field, expected="input names as strings", given=describe(name))
        field = child_field(types_field, name)
        if declared_types is not None and name not in declared_types:
            raise _unknown_input_error(field, name, list(declared_types))
        result[name] = parse_type(vro_type, field).render()
    return result


def encode_inputs(
    inputs: Optional[Dict[str, Any]],
    declared: Optional[List[Dict[str, Any]]],
    input_types: Optional[Dict[str, str]] = None,
    wire: Optional[Dict[str, str]] = None,
    read_file: Optional[Callable[[str], bytes]] = None,
    field: str = "inputs",
) -> List[Dict[str, Any]]:
    """WsParameter dicts for plain ``inputs``, typed by ``declared`` (a definition's input-parameters).

    ``input_types`` ``{name: vro_type}`` overrides or supplies types; without a definition
    (``declared`` is ``None``) an input with no ``input_types`` entry is typed ``Any``.
    ``field`` prefixes the names in errors (``inputs.vmName``). Raises ``VroInputError``.
    """
    ctx = EncodeContext(wire, read_file)
    if inputs is None:
        return []
    if not isinstance(inputs, dict):
        raise VroInputError(field=field, expected="a dict of input names to values", given=describe(inputs))
    declared_types = _declared_types(declared)
    types_field = _input_types_field(field)
    overrides = _checked_input_types(input_types, declared_types, types_field)
    params = []
    for name, value in inputs.items():
        if not isinstance(name, str):
            raise VroInputError(field=field, expected="input names as strings", given=describe(name))
        where = child_field(field, name)
        if declared_types is not None and name not in declared_types:
            raise _unknown_input_error(where, name, list(declared_types))
        if declared_types is None and not NAME_RE.match(name):
            raise VroInputError(
                "%s: %s is not a valid vRO parameter name (a letter, _ or $, then letters, digits, _ or $)"
                % (where, short_repr(name)),
                field=where,
                expected="a vRO parameter name",
                given=short_repr(name),
            )
        if name in overrides:
            type_text = overrides[name]
        elif declared_types is not None:
            type_text = declared_types[name]
        else:
            type_text = "Any"
        param = {"name": name, "type": type_text, "scope": "local"}
        if value is not None:
            try:
                vtype = parse_type(type_text, where)
            except VroInputError as exc:
                raise VroInputError(
                    "%s; set %s to a type it can encode, or send raw parameters"
                    % (exc.msg, child_field(types_field, name)),
                    field=where,
                    expected=exc.expected,
                    given=exc.given,
                ) from exc
            param["value"] = encode_typed(vtype, value, where, ctx)
        params.append(param)
    return params


def _check_keyed(keyed, field):
    if not isinstance(keyed, dict) or len(keyed) != 1:
        raise VroInputError(
            "%s: expected a dict with exactly one value key (%s), got %s"
            % (field, ", ".join(VALUE_KEYS), describe(keyed)),
            field=field,
            expected="a dict with exactly one value key",
            given=describe(keyed),
        )
    key = list(keyed)[0]
    if key not in VALUE_KEYS:
        canonical = canonical_key(key)
        if canonical is not None:
            raise VroInputError(
                "%s: value key %s must be spelled %r (vRO answers 400 to display-type keys)"
                % (field, short_repr(key), canonical),
                field=field,
                expected=repr(canonical),
                given=short_repr(key),
            )
        raise unknown_key(field, key, list(VALUE_KEYS), "value key")
    inner = keyed[key]
    where = child_field(field, key)
    if not isinstance(inner, dict):
        raise VroInputError(field=where, expected="a dict", given=describe(inner))
    if key == "array" and inner.get("elements") is not None:
        elements = inner["elements"]
        if not isinstance(elements, list):
            raise VroInputError(field=where + ".elements", expected="a list", given=describe(elements))
        for index, element in enumerate(elements):
            _check_keyed(element, "%s.elements[%d]" % (where, index))
    if key in ("properties", "composite"):
        _check_named_entries(inner, "key" if key == "properties" else "id", where)


def _check_named_entries(inner, ident, where):
    """The ``property``/``properties`` lists of a Properties (``ident`` key) or composite (``id``) value."""
    for list_key in ("property", "properties"):
        entries = inner.get(list_key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise VroInputError(field="%s.%s" % (where, list_key), expected="a list", given=describe(entries))
        for index, entry in enumerate(entries):
            entry_field = "%s.%s[%d]" % (where, list_key, index)
            if not isinstance(entry, dict) or not isinstance(entry.get(ident), str):
                raise VroInputError(
                    field=entry_field, expected="a dict with a string %r" % ident, given=describe(entry)
                )
            if entry.get("value") is not None:
                _check_keyed(entry["value"], entry_field + ".value")


def validate_raw_parameters(parameters: Any) -> List[Dict[str, Any]]:
    """Check raw vRO parameter objects (the module's ``parameters`` option); return copies, ``scope`` defaulted.

    A ``value`` of ``None`` is dropped (the parameter is sent unset). Raises ``VroInputError``
    naming ``parameters[i].<key>``.
    """
    if parameters is None:
        return []
    if not isinstance(parameters, (list, tuple)):
        raise VroInputError(field="parameters", expected="a list of vRO parameter objects", given=describe(parameters))
    result, seen = [], {}
    for index, param in enumerate(parameters):
        result.append(_checked_raw_parameter(param, "parameters[%d]" % index, seen, index))
    return result


def _checked_raw_parameter(param, field, seen, index):
    """A copy of one raw parameter, checked, with ``scope`` defaulted; ``seen`` maps names to indexes."""
    if not isinstance(param, dict):
        raise VroInputError(field=field, expected="a dict with name, type, scope and value", given=describe(param))
    for key in param:
        if key not in RAW_PARAMETER_KEYS:
            raise unknown_key(child_field(field, key), key, list(RAW_PARAMETER_KEYS), "parameter key")
    _check_raw_name(param.get("name"), field, seen)
    seen[param["name"]] = index
    vro_type = param.get("type")
    if not isinstance(vro_type, str) or not vro_type.strip():
        raise VroInputError(
            field=field + ".type", expected="a vRO type string such as 'string'", given=describe(vro_type)
        )
    scope = param.get("scope")
    if scope is None:
        scope = "local"
    elif scope not in SCOPES:
        raise VroInputError(field=field + ".scope", expected="local or token", given=describe(scope))
    if param.get("value") is not None:
        _check_keyed(param["value"], field + ".value")
    if param.get("description") is not None and not isinstance(param["description"], str):
        raise VroInputError(field=field + ".description", expected="a string", given=describe(param["description"]))
    for flag in ("updated", "encrypt-value"):
        if param.get(flag) is not None and not isinstance(param[flag], bool):
            raise VroInputError(field="%s.%s" % (field, flag), expected="a boolean", given=describe(param[flag]))
    checked = dict(param)
    checked["scope"] = scope
    if checked.get("value", False) is None:
        del checked["value"]
    return checked


def _check_raw_name(name, field, seen):
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise VroInputError(
            "%s.name: expected a vRO parameter name (a letter, _ or $, then letters, digits, _ or $), got %s"
            % (field, describe(name)),
            field=field + ".name",
            expected="a vRO parameter name",
            given=describe(name),
        )
    if name in seen:
        raise VroInputError(
            "%s.name: duplicate parameter name %r (also parameters[%d])" % (field, name, seen[name]),
            field=field + ".name",
            expected="a name used once",
            given=short_repr(name),
        )
