# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""The raw vRO parameter objects of ``parameters`` (``validate_raw_parameters``), checked before anything is sent.

Errors are ``VroInputError`` naming the field (``parameters[1].value``). Plain ``inputs`` are encoded by ``_encode``.
"""

from __future__ import annotations

from typing import Any, Dict, List

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.module_utils._input_errors import (
    child_field,
    describe,
    short_repr,
    unknown_key,
)
from ansible_collections.opsflow.vro.plugins.module_utils._wire import PARAMETER_NAME_RE, VALUE_KEYS, canonical_key

RAW_PARAMETER_KEYS = ("name", "type", "scope", "value", "description", "updated", "encrypt-value")
SCOPES = ("local", "token")


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
    if not isinstance(name, str) or not PARAMETER_NAME_RE.match(name):
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
