# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""The encoder: plain ``inputs`` (YAML/JSON) -> the parameter list a run sends, typed and validated.

``encode_inputs`` types each input by the workflow definition (or ``input_types``) and encodes its
value with ``encode_typed``. Pure: no network, no files (a ``MimeAttachment`` given as ``{path: ...}``
is read through the ``read_file`` callable the caller passes). Bad input raises ``VroInputError`` naming
the field, what was expected and, for near misses, what was probably meant. Where sources spell a value
two ways, ``_spelling.EncodeContext`` carries the chosen spelling (``wire_format``).

Other rules:

* ``Date``: see ``_dates`` (ISO 8601, milliseconds, offset kept, naive is UTC).
* ``number``: vRO numbers are doubles, so integers beyond 2**53 are refused (pass them as strings).
* ``CompositeType``: ``{"composite": {"type": <full type>, "property": [{"id", "value"}]}}``.
* SDK object: ``{"sdk-object": {"type", "id"[, "href"]}}``.
* ``Any`` (and ``Properties`` values, ``Array`` elements of unknown type) are keyed by the Python
  type: str -> string, bool -> boolean, int/float -> number, date/datetime -> date,
  list -> array, dict -> properties, except that dicts shaped exactly like decoded SDK objects
  (``type, id, href, display_value``) or attachments (``name, mime_type, content_base64``) are
  sent as those, so decoded Properties replay faithfully.
* Encoding the mask for a secret input is refused, so a replayed run cannot silently send
  ``********`` as a password.
"""

from __future__ import annotations

import base64
import datetime
import math
import re
from typing import Any, Callable, Dict, List, Optional

from ansible_collections.opsflow.vro.plugins.module_utils._dates import format_date, parse_iso
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.module_utils._input_errors import (
    child_field,
    describe,
    input_name_field,
    input_types_field,
    safe_str,
    short_repr,
    unknown_key,
    wrong_value,
)
from ansible_collections.opsflow.vro.plugins.module_utils._secrets import SECRET_MASK
from ansible_collections.opsflow.vro.plugins.module_utils._spelling import EncodeContext
from ansible_collections.opsflow.vro.plugins.module_utils._types import (
    ANY,
    CANONICAL,
    SECRET_KINDS,
    VroType,
    checked_input_types,
    declared_types,
    parse_type,
)
from ansible_collections.opsflow.vro.plugins.module_utils._wire import (
    MAX_SAFE_INTEGER,
    PARAMETER_NAME_RE,
    b64decode,
    parse_number_text,
)

DEFAULT_MIME_TYPE = "application/octet-stream"

_EXPECTED = {
    "string": "a string",
    "secure": "a string",
    "encrypted": "a string",
    "regex": "a regular expression string",
    "number": "a number",
    "boolean": "a boolean (true/false/yes/no)",
    "date": "an ISO 8601 date/time string or a date",
    "array": "a list",
    "properties": "a dict with string keys",
    "mime": "a dict with one of path, content or content_base64 (and optional name, mime_type)",
    "sdk": "an object id string or a dict with id (and optional type, href)",
    "any": "a string, number, boolean, date, list or dict",
}


_SDK_DECODED_KEYS = frozenset(("type", "id", "href", "display_value"))
_SDK_INPUT_KEYS = ("id", "type", "href", "display_value")
_MIME_DECODED_KEYS = frozenset(("name", "mime_type", "content_base64"))
_MIME_INPUT_KEYS = ("path", "content", "content_base64", "name", "mime_type")


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
    types = declared_types(declared)
    types_field = input_types_field(field)
    overrides = checked_input_types(input_types, types, types_field)
    params = []
    for name, value in inputs.items():
        where = input_name_field(field, name, types)
        if types is None and not PARAMETER_NAME_RE.match(name):
            raise VroInputError(
                "%s: %s is not a valid vRO parameter name (a letter, _ or $, then letters, digits, _ or $)"
                % (where, short_repr(name)),
                field=where,
                expected="a vRO parameter name",
                given=short_repr(name),
            )
        if name in overrides:
            type_text = overrides[name]
        elif types is not None:
            type_text = types[name]
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


def encode_typed(vtype: VroType, value: Any, field: str, ctx: EncodeContext) -> Dict[str, Any]:
    """The keyed value object (``{"string": {"value": "x"}}``) for ``value`` as vRO type ``vtype``.

    ``field`` names the value in errors (``inputs.vmName``); ``ctx`` is shared by every value of a run.
    """
    kind = vtype.kind
    if kind == "any":
        return _encode_any(value, field, ctx)
    if kind in ("string", "regex"):
        return {kind: {"value": _text(vtype, value, field)}}
    if kind in SECRET_KINDS:
        return _encode_secret(vtype, value, field, ctx)
    if kind in _SCALAR_ENCODERS:
        return {kind: {"value": _SCALAR_ENCODERS[kind](vtype, value, field)}}
    if kind == "array":
        return _encode_array(vtype, value, field, ctx)
    if kind == "properties":
        return _encode_properties(vtype, value, field, ctx)
    if kind == "composite":
        return _encode_composite(vtype, value, field, ctx)
    if kind == "sdk":
        return _encode_sdk(vtype, value, field)
    if kind == "mime":
        return _encode_mime(vtype, value, field, ctx)
    raise wrong_value(field, "a value", vtype.text, value)  # pragma: no cover - every kind is handled above


def _encode_secret(vtype, value, field, ctx):
    text = _text(vtype, value, field)
    if text == SECRET_MASK:
        raise VroInputError(
            "%s is a masked %s from an earlier run; give the real value" % (field, CANONICAL[vtype.kind]),
            field=field,
            expected="the real %s value" % CANONICAL[vtype.kind],
            given="<masked>",
            vro_type=vtype.text,
        )
    key = ctx.secure_string_key if vtype.kind == "secure" else "encrypted-string"
    return {key: {"value": text}}


def _text(vtype, value, field):
    secret = vtype.kind in SECRET_KINDS
    expected = _EXPECTED[vtype.kind]
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise wrong_value(
            field,
            expected,
            vtype.text,
            value,
            secret=secret,
            hint='quote it in YAML ("%s") if you mean the text' % ("true" if value else "false"),
        )
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError as exc:
            raise wrong_value(
                field, expected, vtype.text, value, secret=secret, hint="the integer is too long"
            ) from exc
    if isinstance(value, float):
        if not math.isfinite(value):
            raise wrong_value(field, expected, vtype.text, value, secret=secret)
        return repr(value)
    if isinstance(value, datetime.date):
        # YAML turns an unquoted 2024-01-31 into a date; give back the text that was written.
        return value.isoformat()
    raise wrong_value(field, expected, vtype.text, value, secret=secret)


def _check_number(vtype, number, field, given):
    if isinstance(number, int) and abs(number) > MAX_SAFE_INTEGER:
        raise wrong_value(
            field,
            "a number between -2**53 and 2**53",
            vtype.text,
            given,
            hint="vRO numbers are doubles and would round it; pass it as a string",
        )
    if isinstance(number, float) and not math.isfinite(number):
        raise wrong_value(field, "a finite number", vtype.text, given)
    return number


def _number(vtype, value, field):
    if isinstance(value, bool):
        raise wrong_value(field, "a number", vtype.text, value, hint="booleans are not numbers")
    if isinstance(value, (int, float)):
        return _check_number(vtype, value, field, value)
    if isinstance(value, str):
        number = parse_number_text(value)
        if number is not None:
            return _check_number(vtype, number, field, value)
    raise wrong_value(field, "a number", vtype.text, value)


def _boolean(vtype, value, field):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "yes"):
            return True
        if word in ("false", "no"):
            return False
    raise wrong_value(field, _EXPECTED["boolean"], vtype.text, value)


def _date(vtype, value, field):
    moment = None
    if isinstance(value, datetime.date):
        moment = value
    elif isinstance(value, str):
        moment = parse_iso(value)
    if moment is not None:
        try:
            return format_date(moment)
        except (ValueError, TypeError, OverflowError) as exc:
            raise wrong_value(field, _EXPECTED["date"], vtype.text, value, hint=str(exc)) from exc
    raise wrong_value(
        field,
        _EXPECTED["date"],
        vtype.text,
        value,
        hint="e.g. 2024-06-27T01:46:55.891+00:00 or 2024-06-27" if isinstance(value, str) else None,
    )


# kind (also the value key) -> the function checking and converting a plain scalar
_SCALAR_ENCODERS = {"number": _number, "boolean": _boolean, "date": _date}


def _encode_array(vtype, value, field, ctx):
    if not isinstance(value, (list, tuple)):
        raise wrong_value(field, "a list", vtype.text, value, secret=vtype.secret)
    elem = vtype.elem or ANY
    return {
        "array": {
            "elements": [encode_typed(elem, item, "%s[%d]" % (field, index), ctx) for index, item in enumerate(value)]
        }
    }


def _encode_properties(vtype, value, field, ctx):
    if not isinstance(value, dict):
        raise wrong_value(field, _EXPECTED["properties"], vtype.text, value)
    entries = []
    for key, item in value.items():
        if not isinstance(key, str):
            raise wrong_value(
                field, _EXPECTED["properties"], vtype.text, key, hint="key %s is not a string" % short_repr(key)
            )
        entries.append({"key": key, "value": _encode_any(item, child_field(field, key), ctx)})
    return {"properties": dict((key, entries) for key in ctx.properties_list_keys)}


def _looks_like_decoded_sdk(value):
    return (
        set(value) == _SDK_DECODED_KEYS
        and isinstance(value.get("type"), str)
        and value["type"].strip() != ""
        and isinstance(value.get("id"), str)
    )


def _looks_like_decoded_mime(value):
    return set(value) == _MIME_DECODED_KEYS and isinstance(value.get("content_base64"), str)


def _encode_any(value, field, ctx):
    if isinstance(value, bool):
        return {"boolean": {"value": value}}
    if isinstance(value, (int, float)):
        return {"number": {"value": _check_number(ANY, value, field, value)}}
    if isinstance(value, str):
        return {"string": {"value": value}}
    if isinstance(value, datetime.date):
        return {"date": {"value": _date(VroType("date", "Date"), value, field)}}
    if isinstance(value, (list, tuple)):
        return _encode_array(VroType("array", "Array"), value, field, ctx)
    if isinstance(value, dict):
        if _looks_like_decoded_sdk(value):
            return _encode_sdk(VroType("sdk", value["type"]), value, field)
        if _looks_like_decoded_mime(value):
            return _encode_mime(VroType("mime", "MimeAttachment"), value, field, ctx)
        return _encode_properties(VroType("properties", "Properties"), value, field, ctx)
    raise wrong_value(field, _EXPECTED["any"], "Any", value)


def _encode_composite(vtype, value, field, ctx):
    names = [fname for fname, _ftype in vtype.fields]
    if not isinstance(value, dict):
        raise wrong_value(field, "a dict with fields %s" % ", ".join(names), vtype.text, value, secret=vtype.secret)
    for key in value:
        if key not in names:
            raise unknown_key(child_field(field, key), key, names, "field of %s:" % short_repr(vtype.text))
    missing = [fname for fname in names if fname not in value]
    if missing:
        raise VroInputError(
            "%s: missing field%s %s of vRO type '%s' (give null to leave a field unset)"
            % (field, "s" if len(missing) > 1 else "", ", ".join(missing), vtype.text),
            field=field,
            expected="a dict with fields %s" % ", ".join(names),
            given="a dict without %s" % ", ".join(missing),
            vro_type=vtype.text,
        )
    entries = []
    for fname, ftype in vtype.fields:
        item = value[fname]
        entry = {"id": fname}
        if item is not None:
            entry["value"] = encode_typed(ftype, item, child_field(field, fname), ctx)
        entries.append(entry)
    return {"composite": {"type": vtype.text, "property": entries}}


def _encode_sdk(vtype, value, field):
    if isinstance(value, str):
        if not value:
            raise wrong_value(field, "a non-empty object id", vtype.text, value)
        return {"sdk-object": {"type": vtype.text, "id": value}}
    if not isinstance(value, dict):
        raise wrong_value(field, _EXPECTED["sdk"], vtype.text, value)
    for key in value:
        if key not in _SDK_INPUT_KEYS:
            raise unknown_key(child_field(field, key), key, list(_SDK_INPUT_KEYS), "key of an SDK object:")
    object_id = value.get("id")
    if not isinstance(object_id, str) or not object_id:
        raise wrong_value(child_field(field, "id"), "a non-empty object id string", vtype.text, object_id)
    given_type = value.get("type")
    if given_type is not None and given_type != vtype.text:
        raise VroInputError(
            "%s: the object's type %s is not the declared vRO type '%s'"
            % (child_field(field, "type"), short_repr(given_type), vtype.text),
            field=child_field(field, "type"),
            expected=repr(vtype.text),
            given=describe(given_type),
            vro_type=vtype.text,
        )
    href = value.get("href")
    if href is not None and not isinstance(href, str):
        raise wrong_value(child_field(field, "href"), "a URL string", vtype.text, href)
    display = value.get("display_value")
    if display is not None and not isinstance(display, str):
        raise wrong_value(child_field(field, "display_value"), "a string", vtype.text, display)
    result = {"type": vtype.text, "id": object_id}
    if href:
        result["href"] = href
    return {"sdk-object": result}


def _basename(path):
    name = re.split(r"[\\/]", path.rstrip("\\/"))[-1]
    return name or None


def _encode_mime(vtype, value, field, ctx):
    if not isinstance(value, dict):
        raise wrong_value(field, _EXPECTED["mime"], vtype.text, value)
    for key in value:
        if key not in _MIME_INPUT_KEYS:
            raise unknown_key(child_field(field, key), key, list(_MIME_INPUT_KEYS), "key of a MimeAttachment:")
    sources = [key for key in ("path", "content", "content_base64") if value.get(key) is not None]
    if len(sources) != 1:
        raise VroInputError(
            "%s: a MimeAttachment needs exactly one of path, content or content_base64, got %s"
            % (field, ", ".join(sources) if sources else "none"),
            field=field,
            expected="exactly one of path, content, content_base64",
            given=", ".join(sources) if sources else "none",
            vro_type=vtype.text,
        )
    name, mime_type = value.get("name"), value.get("mime_type")
    if name is not None and not isinstance(name, str):
        raise wrong_value(child_field(field, "name"), "a file name string", vtype.text, name)
    if mime_type is not None and (not isinstance(mime_type, str) or "/" not in mime_type):
        raise wrong_value(child_field(field, "mime_type"), "a MIME type like text/plain", vtype.text, mime_type)
    source = sources[0]
    data = _mime_data(vtype, source, value[source], child_field(field, source), ctx)
    if source == "path" and name is None:
        name = _basename(value[source])
    result = {}
    if name is not None:
        result["name"] = name
    result["mime-type"] = mime_type or DEFAULT_MIME_TYPE
    content = base64.b64encode(data).decode("ascii")
    result.update((key, content) for key in ctx.mime_content_keys)
    return {"mime-attachment": result}


def _mime_data(vtype, source, item, field, ctx):
    """The bytes of an attachment given by ``path``, ``content`` or ``content_base64``."""
    if source == "path":
        return _read_attachment(vtype, item, field, ctx)
    if source == "content_base64":
        data = b64decode(item)
        if data is None:
            raise wrong_value(field, "a base64 string", vtype.text, item)
        return data
    if isinstance(item, (bytes, bytearray)):
        return bytes(item)
    if not isinstance(item, str):
        raise wrong_value(field, "a text string", vtype.text, item)
    try:
        return item.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise wrong_value(field, "text that can be encoded as UTF-8", vtype.text, item) from exc


def _read_attachment(vtype, path, field, ctx):
    if not isinstance(path, str) or not path:
        raise wrong_value(field, "a file path string", vtype.text, path)
    if ctx.read_file is None:
        raise VroInputError(
            "%s: cannot read %s here (no file reader was given); pass content or content_base64 instead"
            % (field, short_repr(path)),
            field=field,
            expected="content or content_base64",
            given=short_repr(path),
            vro_type=vtype.text,
        )
    try:
        data = ctx.read_file(path)
    except VroInputError:
        raise
    except Exception as exc:  # pylint: disable=broad-except
        raise VroInputError(
            "%s: cannot read %s: %s" % (field, short_repr(path), safe_str(exc)),
            field=field,
            expected="a readable file",
            given=short_repr(path),
            vro_type=vtype.text,
        ) from exc
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("read_file must return bytes, got %s" % type(data).__name__)
    return bytes(data)
