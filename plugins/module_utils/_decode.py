# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""The decoder: a vRO value (keyed value, WsParameter list) -> a plain value; finds secrets on the way.

Shapes are read through ``_wire`` (one description of every spelling). Never raises on JSON-like
input: unknown shapes come back as they are. Decoded forms: numbers that are integral doubles are
``int`` (``326.0`` -> ``326``); dates in vRO's form (``_dates``); SDK objects as
``{type, id, href, display_value}``; attachments as ``{name, mime_type, content_base64}``.

Secrets: a SecureString/EncryptedString value (by value key, or a ``string`` key under a secret
parameter type) decodes to ``SECRET_MASK`` and its clear value is collected. That one walk is
the secret finder: ``secret_values`` and ``mask_parameters`` are decoding with the plain
result thrown away.
"""

from __future__ import annotations

import base64
import math
from typing import Any, Dict, List, Tuple

from ansible_collections.opsflow.vro.plugins.module_utils._dates import decode_date
from ansible_collections.opsflow.vro.plugins.module_utils._secrets import SECRET_MASK, mask, number_text
from ansible_collections.opsflow.vro.plugins.module_utils._types import SECRET_KINDS, try_parse_type
from ansible_collections.opsflow.vro.plugins.module_utils._wire import (
    MAX_SAFE_INTEGER,
    b64decode,
    entries,
    envelope,
    parse_number_text,
    scalar,
)


def plain_number(value: Any) -> Any:
    """An int for an integral double within 2**53, a number for number text; anything else as given."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) <= MAX_SAFE_INTEGER:
            return int(value)
        return value
    if isinstance(value, str):
        number = parse_number_text(value)
        if number is not None:
            return plain_number(number)
    return value


def _no_envelope(keyed):
    """A value without a value key: ``{}`` is unset, ``{"value": x}`` and ``{"k": {"value": x}}`` are x."""
    if isinstance(keyed, dict):
        if not keyed:
            return None
        if "value" in keyed:
            return keyed["value"]
        if len(keyed) == 1:
            only = list(keyed.values())[0]
            return only.get("value") if isinstance(only, dict) and "value" in only else only
    return keyed


def _decode(keyed, vtype, secrets):
    """Plain value of a keyed value. ``secrets`` (a list or ``None``): mask and collect secrets."""
    if keyed is None:
        return None
    key, inner, _found = envelope(keyed)
    if key is None:
        return _no_envelope(keyed)
    secret_type = vtype is not None and vtype.kind in SECRET_KINDS
    if key in ("secure-string", "encrypted-string") or (key == "string" and secret_type):
        value = scalar(inner)
        text = value if isinstance(value, str) else number_text(value)
        if secrets is not None and text is not None:
            # a number given as a secret's value (raw parameters) is as secret as its text
            secrets.append(text)
            return SECRET_MASK
        return value
    if key in ("string", "regex", "boolean"):
        value = scalar(inner)
        if key == "boolean" and isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return value
    if key == "number":
        return plain_number(scalar(inner))
    if key == "date":
        return decode_date(scalar(inner))
    if key in ("array", "properties", "composite"):
        return _decode_container(key, inner, vtype, secrets)
    return _decode_object(key, inner)


def _decode_container(key, inner, vtype, secrets):
    if key == "array":
        elem = vtype.elem if vtype is not None and vtype.kind == "array" else None
        return [_decode(item, elem, secrets) for _name, item in entries(key, inner)]
    field_types = dict(vtype.fields) if key == "composite" and vtype is not None and vtype.kind == "composite" else {}
    result = {}
    for name, keyed in entries(key, inner):
        value = _decode(keyed, field_types.get(name), secrets)
        if name is not None:
            result[name] = value
    return result


def _decode_object(key, inner):
    """sdk-object, mime-attachment and attribute-reference values."""
    if key == "sdk-object":
        inner = inner if isinstance(inner, dict) else {"id": inner}
        display = inner.get("displayValue", inner.get("display-value", inner.get("display_value")))
        return {"type": inner.get("type"), "id": inner.get("id"), "href": inner.get("href"), "display_value": display}
    inner = inner if isinstance(inner, dict) else {}
    if key == "mime-attachment":
        content = None
        for name in ("content", "mime-content", "mimeContent", "mime_content"):
            if inner.get(name) is not None:
                content = inner[name]
                break
        data = b64decode(content)
        return {
            "name": inner.get("name"),
            "mime_type": inner.get("mime-type", inner.get("mimeType", inner.get("mime_type"))),
            "content_base64": base64.b64encode(data).decode("ascii") if data is not None else content,
        }
    # attribute-reference (configuration element binding)
    return {
        "config_id": inner.get("configurationElementId", inner.get("config-id")),
        "config_key": inner.get("configurationElementKey", inner.get("config-key")),
        "config_name": inner.get("configurationElementName", inner.get("config-name")),
    }


def decode_value(keyed: Any) -> Any:
    """The plain value of any keyed value object, by its envelope key. Secrets come back in clear.

    Never raises on JSON-like input: unknown shapes are returned as they are.
    """
    return _decode(keyed, None, None)


def _unique(values):
    seen, result = set(), []
    for value in values:
        if value and value != SECRET_MASK and value not in seen:
            seen.add(value)
            result.append(value)
    return result


def decode_parameters(params: Any) -> Tuple[Dict[str, Any], List[str]]:
    """``({name: plain}, secrets)`` for a list of WsParameter (an execution's input/output-parameters).

    SecureString/EncryptedString values (by value key or by parameter type) are ``SECRET_MASK``
    in the dict; their clear values are in ``secrets`` (unique, non-empty) for ``no_log``.
    A parameter without a value is ``None``.
    """
    result, secrets = {}, []
    if not isinstance(params, (list, tuple)):
        return result, secrets
    for param in params:
        if not isinstance(param, dict) or not isinstance(param.get("name"), str):
            continue
        vtype = try_parse_type(param.get("type"))
        result[param["name"]] = _decode(param.get("value"), vtype, secrets)
    return result, _unique(secrets)


def secret_values(params: Any) -> List[str]:
    """The clear-text secrets (SecureString/EncryptedString values) in WsParameters: decoding's by-product."""
    return decode_parameters(params)[1]


def mask_parameters(params: Any) -> Any:
    """A deep copy of WsParameters with every secret value (as decoding finds them) replaced by ``SECRET_MASK``."""
    return mask(params, secret_values(params))
