# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vRO typed values: parse type names, validate wire values, render them in answers.

A wire value is an object with one key naming its kind, e.g. `{"number": {"value": 2}}` or
`{"array": {"elements": [...]}}` (vRO's parameter value encoding). Validation follows the declared
workflow type; `Any` accepts every kind and validates it by its key.
"""

import base64
import math
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

# What real vRO answers for a SecureString is UNCONFIRMED; the simulator never echoes a
# secret and answers this mask in its place (inputs, outputs, and inside Properties/Any).
SECURE_MASK = "********"

_SIMPLE = {
    "string": "string",
    "number": "number",
    "boolean": "boolean",
    "SecureString": "secure-string",
    "EncryptedString": "encrypted-string",
    "Date": "date",
    "Regexp": "regex",
    "Properties": "properties",
    "MimeAttachment": "mime-attachment",
    "Any": "any",
}
_TYPE_OF_KEY = {key: name for name, key in _SIMPLE.items() if key != "any"}


class InvalidValue(ValueError):
    """A wire value that does not fit its type; the message names where it went wrong."""


@dataclass(frozen=True)
class VroType:
    name: str  # as a workflow declares it, e.g. "Array/string"
    key: str  # wire key of its values; "any" for Any
    element: "VroType" = None  # Array/<element>
    fields: tuple = ()  # CompositeType: ((field id, VroType), ...)


@lru_cache(maxsize=None)
def parse_type(name):
    name = name.strip()
    if name in _SIMPLE:
        return VroType(name, _SIMPLE[name])
    if name.startswith("Array/"):
        return VroType(name, "array", element=parse_type(name[len("Array/") :]))
    if name.startswith("CompositeType("):
        return VroType(name, "composite", fields=_composite_fields(name))
    if ":" in name:  # plug-in (SDK) type such as VC:VirtualMachine
        return VroType(name, "sdk-object")
    raise ValueError(f"unknown vRO type '{name}'")


def same_type(a, b):
    return "".join(a.split()) == "".join(b.split())


def _composite_fields(name):
    """`CompositeType(host:string,port:number):Endpoint` -> fields; field types may nest."""
    depth, start, parts = 0, len("CompositeType("), []
    for index in range(start, len(name)):
        char = name[index]
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char in ",)" and depth == 0:
            parts.append(name[start:index])
            start = index + 1
            if char == ")":
                break
    else:
        raise ValueError(f"unbalanced composite type '{name}'")
    fields = []
    for part in filter(str.strip, parts):
        field_id, sep, field_type = part.partition(":")
        if not sep:
            raise ValueError(f"composite field '{part}' has no type")
        fields.append((field_id.strip(), parse_type(field_type)))
    return tuple(fields)


def _at(path):
    """Where inside a parameter a problem is: "" at its top, else e.g. "at [0].port: "."""
    return f"at {path}: " if path else ""


def _type_of(key, body, path):
    """The type an `Any` value has, read from its key (and its own `type` for objects)."""
    if key in _TYPE_OF_KEY:
        return parse_type(_TYPE_OF_KEY[key])
    if key == "array":
        return parse_type("Array/Any")
    if key in ("sdk-object", "composite"):
        declared = body.get("type") if isinstance(body, dict) else None
        marker, example = (
            (":", "VC:VirtualMachine") if key == "sdk-object" else ("CompositeType(", "CompositeType(a:string)")
        )
        if not isinstance(declared, str) or marker not in declared:
            raise InvalidValue(f"{_at(path)}'{key}' needs its own 'type', e.g. '{example}'")
        try:
            return parse_type(declared)
        except ValueError as exc:
            raise InvalidValue(f"{_at(path)}{exc}") from None
    raise InvalidValue(f"{_at(path)}unknown value key '{key}'")


def _split(value, path, example):
    if not isinstance(value, dict) or len(value) != 1:
        raise InvalidValue(f'{_at(path)}expected an object with exactly one type key, e.g. {{"{example}": {{...}}}}')
    key, body = next(iter(value.items()))
    return key, body


def validate(vtype, value, path, settings):
    """The value as this server reads it (see `_read_keys`); raises InvalidValue where it does not fit."""
    key, body = _split(value, path, vtype.key if vtype.key != "any" else "string")
    if vtype.key == "any":
        vtype = _type_of(key, body, path)
    elif key not in _accepted_keys(vtype, settings):
        raise InvalidValue(f"{_at(path)}value key '{key}' does not fit type '{vtype.name}' (expected '{vtype.key}')")
    if not isinstance(body, dict):
        raise InvalidValue(f"{_at(path)}'{key}' must be an object")
    return {key: _CHECKS[vtype.key](vtype, _read_keys(vtype, body, path, settings), path, settings)}


# Keys a value body may carry (the 8.18.1 spec's, plus `type` on a composite, which every client sends).
_KNOWN_KEYS = {
    "secure-string": ("value", "fallback", "plainText"),
    "array": ("elements",),
    "composite": ("type", "property"),
    "sdk-object": ("type", "id", "href", "display-value"),
}


def _known_keys(vtype, settings):
    if vtype.key == "properties":
        return _spellings(settings.properties_list_key, ("property", "properties"))
    if vtype.key == "mime-attachment":
        return ("name", "mime-type") + _spellings(settings.mime_content_key, ("content", "mime-content"))
    return _KNOWN_KEYS.get(vtype.key, ("value",))


def _spellings(setting, both):
    return both if setting == "both" else (setting,)


def _read_keys(vtype, body, path, settings):
    """The body with only the keys this server knows: an unknown key is a 400 under `unknown_keys: reject`,
    and otherwise dropped (so a value under a spelling the server does not read arrives empty)."""
    known = _known_keys(vtype, settings)
    unknown = sorted(set(body) - set(known))
    if unknown and settings.unknown_keys == "reject":
        raise InvalidValue(f"{_at(path)}unknown field(s) {', '.join(map(repr, unknown))} in '{vtype.key}'")
    return {key: body[key] for key in known if key in body}


def _accepted_keys(vtype, settings):
    if vtype.key == "secure-string" and settings.secure_string_accepts_string:
        return ("secure-string", "string")
    return (vtype.key,)


def _scalar(body, path, wanted, fits):
    if "value" not in body:
        raise InvalidValue(f"{_at(path)}missing 'value'")
    if not fits(body["value"]):
        raise InvalidValue(f"{_at(path)}{body['value']!r} is not {wanted}")
    return body


def _check_text(vtype, body, path, settings):
    return _scalar(body, path, "a string", lambda v: isinstance(v, str))


def _check_number(vtype, body, path, settings):
    return _scalar(body, path, "a JSON number", _is_number)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_boolean(vtype, body, path, settings):
    return _scalar(body, path, "a JSON boolean", lambda v: isinstance(v, bool))


def _check_date(vtype, body, path, settings):
    return _scalar(body, path, "an ISO 8601 date", lambda v: _parse_date(v) is not None)


def _parse_date(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _check_array(vtype, body, path, settings):
    elements = body.get("elements")
    if not isinstance(elements, list):
        raise InvalidValue(f"{_at(path)}'array' needs an 'elements' list")
    return {
        "elements": [
            validate(vtype.element, element, f"{path}[{index}]", settings) for index, element in enumerate(elements)
        ]
    }


def _check_properties(vtype, body, path, settings):
    """Read as {"property": [...]} whatever the spelling; empty when a dropping server found no list."""
    keys = _spellings(settings.properties_list_key, ("property", "properties"))
    present = [key for key in keys if key in body]
    if not present and settings.unknown_keys == "drop":
        return {"property": []}
    if not present or not isinstance(body[present[0]], list):
        raise InvalidValue(f"{_at(path)}'properties' needs a list named {' or '.join(map(repr, keys))}")
    any_type = parse_type("Any")
    items = []
    for index, item in enumerate(body[present[0]]):
        if not isinstance(item, dict) or not isinstance(item.get("key"), str) or "value" not in item:
            raise InvalidValue(f"{_at(path)}property #{index} needs a string 'key' and a 'value'")
        items.append(
            {"key": item["key"], "value": validate(any_type, item["value"], f"{path}[{item['key']!r}]", settings)}
        )
    return {"property": items}


def _check_composite(vtype, body, path, settings):
    if "type" in body and not (isinstance(body["type"], str) and same_type(body["type"], vtype.name)):
        raise InvalidValue(f"{_at(path)}composite type {body['type']!r} is not '{vtype.name}'")
    items = body.get("property")
    if not isinstance(items, list):
        raise InvalidValue(f"{_at(path)}'composite' needs a 'property' list")
    fields = dict(vtype.fields)
    read = []
    for index, item in enumerate(items):
        field_id = item.get("id") if isinstance(item, dict) else None
        if field_id not in fields:
            raise InvalidValue(
                f"{_at(path)}composite property #{index} has id {field_id!r}; fields are {', '.join(fields)}"
            )
        entry = {"id": field_id}
        if "value" in item:
            entry["value"] = validate(fields[field_id], item["value"], f"{path}.{field_id}", settings)
        read.append(entry)
    return {"type": vtype.name, "property": read}


def _check_sdk_object(vtype, body, path, settings):
    if body.get("type") != vtype.name:
        raise InvalidValue(f"{_at(path)}sdk-object type {body.get('type')!r} is not '{vtype.name}'")
    if not isinstance(body.get("id"), str) or not body["id"]:
        raise InvalidValue(f"{_at(path)}sdk-object needs a non-empty string 'id'")
    for optional in ("href", "display-value"):
        if optional in body and not isinstance(body[optional], str):
            raise InvalidValue(f"{_at(path)}sdk-object '{optional}' must be a string")
    return body


def _check_mime(vtype, body, path, settings):
    """Read as {"name", "mime-type"?, "content"?}; no content when a dropping server found none."""
    if not isinstance(body.get("name"), str):
        raise InvalidValue(f"{_at(path)}mime-attachment needs a string 'name'")
    if "mime-type" in body and not isinstance(body["mime-type"], str):
        raise InvalidValue(f"{_at(path)}mime-attachment 'mime-type' must be a string")
    read = {key: body[key] for key in ("name", "mime-type") if key in body}
    keys = _spellings(settings.mime_content_key, ("content", "mime-content"))
    present = [key for key in keys if key in body]
    if not present and settings.unknown_keys == "drop":
        return read
    if not present:
        raise InvalidValue(f"{_at(path)}mime-attachment needs {' or '.join(map(repr, keys))} (base64)")
    content = body[present[0]]
    try:
        base64.b64decode(content, validate=True)
    except (TypeError, ValueError):  # binascii.Error is a ValueError; so is non-ASCII text
        raise InvalidValue(f"{_at(path)}mime-attachment content is not valid base64") from None
    read["content"] = content
    return read


_CHECKS = {
    "string": _check_text,
    "secure-string": _check_text,
    "encrypted-string": _check_text,
    "regex": _check_text,
    "number": _check_number,
    "boolean": _check_boolean,
    "date": _check_date,
    "array": _check_array,
    "properties": _check_properties,
    "composite": _check_composite,
    "sdk-object": _check_sdk_object,
    "mime-attachment": _check_mime,
}


def render(vtype, value, settings):
    """A validated wire value as vRO shows it back: numbers as doubles, secrets masked."""
    key, body = next(iter(value.items()))
    if vtype.key == "any":
        vtype = _type_of(key, body, "")
    return {vtype.key: _RENDERERS[vtype.key](vtype, body, settings)}


def _render_same(vtype, body, settings):
    return {"value": body["value"]}


def _render_secure(vtype, body, settings):
    return {"value": SECURE_MASK}


def _render_number(vtype, body, settings):
    return {"value": float(body["value"])}


def _render_date(vtype, body, settings):
    parsed = _parse_date(body["value"]).astimezone(timezone.utc)
    return {"value": parsed.isoformat(timespec="milliseconds")}


def _render_array(vtype, body, settings):
    return {"elements": [render(vtype.element, element, settings) for element in body["elements"]]}


def _render_properties(vtype, body, settings):
    items = body["property"]
    name = "properties" if settings.properties_list_key == "properties" else "property"
    any_type = parse_type("Any")
    return {name: [{"key": item["key"], "value": render(any_type, item["value"], settings)} for item in items]}


def _render_composite(vtype, body, settings):
    fields = dict(vtype.fields)
    rendered = []
    for item in body["property"]:
        entry = {"id": item["id"]}
        if "value" in item:
            entry["value"] = render(fields[item["id"]], item["value"], settings)
        rendered.append(entry)
    return {"type": vtype.name, "property": rendered}


def _render_sdk_object(vtype, body, settings):
    return {key: body[key] for key in ("type", "id", "href", "display-value") if key in body}


def _render_mime(vtype, body, settings):
    rendered = {key: body[key] for key in ("name", "mime-type") if key in body}
    if "content" in body:
        rendered["mime-content" if settings.mime_content_key == "mime-content" else "content"] = body["content"]
    return rendered


_RENDERERS = {
    "string": _render_same,
    "encrypted-string": _render_same,
    "regex": _render_same,
    "boolean": _render_same,
    "secure-string": _render_secure,
    "number": _render_number,
    "date": _render_date,
    "array": _render_array,
    "properties": _render_properties,
    "composite": _render_composite,
    "sdk-object": _render_sdk_object,
    "mime-attachment": _render_mime,
}


def text_of(value):
    """Plain text of a scalar wire value, for catalog templates ("" when unset or not scalar)."""
    if not value:
        return ""
    body = next(iter(value.values()))
    scalar = body.get("value") if isinstance(body, dict) else None
    if isinstance(scalar, bool):
        return "true" if scalar else "false"
    if isinstance(scalar, float) and scalar.is_integer():
        return str(int(scalar))
    return "" if scalar is None or isinstance(scalar, (dict, list)) else str(scalar)


def number_of(value, default):
    body = value.get("number") if value else None
    return float(body["value"]) if body else default
