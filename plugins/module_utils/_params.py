# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""Pure encoder (plain value -> vRO typed parameter) and decoder (vRO parameter -> plain value).

No I/O happens here: no network, no files (a ``MimeAttachment`` given as ``{path: ...}`` is read
through the ``read_file`` callable the caller passes), no imports from the collection but ``_errors``.

Wire shapes (``docs``: ../shared/vro-api.md section 5) and the choices made where sources disagree:

* A parameter is ``{"name", "type", "scope": "local", "value": {<value key>: {...}}}``; an input
  whose value is ``None`` is sent without ``value`` (unset, as the vRO 8 KB sample does).
* ``Properties``: list key ``property`` (clients, Cloud Director) by default; ``properties`` (8.18
  spec) with ``wire={"properties_list_key": "properties"}``. Decoding reads both.
* ``MimeAttachment``: content key ``content`` (two real scripts) by default; ``mime-content`` (spec)
  with ``wire={"mime_content_key": "mime-content"}``. Decoding reads both.
* ``SecureString``: key ``secure-string`` (spec) by default; ``string`` (7.x Ansible example) with
  ``wire={"secure_string_key": "string"}``. Decoding masks both (the parameter type says it is secret).
* ``Date``: sent as ISO 8601 with milliseconds and an offset (``2024-06-27T01:46:55.891+00:00``);
  the offset given is kept, naive values are UTC, extra sub-millisecond digits are cut (vRO
  dates are Java dates). Decoded dates come back in that same form; epoch-ms numbers (5.5) too.
* ``number``: vRO numbers are doubles, so integers beyond 2**53 are refused (pass them as
  strings) and integral doubles decode to ``int`` (``326.0`` -> ``326``).
* ``CompositeType``: ``{"composite": {"type": <full type>, "property": [{"id", "value"}]}}``
  (spec XML names); decoding also reads ``CompositeObjectValue`` and ``composite-value`` wrappers.
* SDK object: ``{"sdk-object": {"type", "id"[, "href"]}}``; decoded as
  ``{"type", "id", "href", "display_value"}``. A type without ``:`` that is not a vRO built-in
  but starts with a capital letter (``ResourceElement``, ``Workflow``) is an SDK type too.
* ``Any`` (and ``Properties`` values, ``Array`` elements of unknown type) are keyed by the Python
  type: str -> string, bool -> boolean, int/float -> number, date/datetime -> date,
  list -> array, dict -> properties, except that dicts shaped exactly like our decoded SDK objects
  (``type, id, href, display_value``) or attachments (``name, mime_type, content_base64``) are
  sent as those, so decoded Properties replay faithfully. Dates and composites inside
  ``Any``/``Properties`` come back as strings/dicts and replay as such (the wire does not say
  their type). When the workflow definition is unknown, an input without ``input_types`` is
  sent with type ``Any``.
* Secrets: ``decode_parameters`` replaces SecureString/EncryptedString values by ``SECRET_MASK``
  and returns the clear values separately (for ``no_log``); encoding the mask for a secret
  input is refused, so a replayed run cannot silently send ``********`` as a password.
"""

import base64
import binascii
import copy
import datetime
import difflib
import math
import re

from ansible_collections.opsflow.vro.plugins.module_utils._errors import SECRET_MASK, VroInputError

DEFAULT_MIME_TYPE = "application/octet-stream"
MAX_SAFE_INTEGER = 2**53
MAX_TYPE_DEPTH = 32

# The value keys of WsParameter.value (8.18.1 spec oneOf members), in the spec's order.
VALUE_KEYS = (
    "string",
    "number",
    "boolean",
    "date",
    "secure-string",
    "encrypted-string",
    "regex",
    "array",
    "properties",
    "sdk-object",
    "composite",
    "mime-attachment",
    "attribute-reference",
)

WIRE_DEFAULTS = {
    "properties_list_key": "property",
    "mime_content_key": "content",
    "secure_string_key": "secure-string",
}
WIRE_CHOICES = {
    "properties_list_key": ("property", "properties"),
    "mime_content_key": ("content", "mime-content"),
    "secure_string_key": ("secure-string", "string"),
}

RAW_PARAMETER_KEYS = ("name", "type", "scope", "value", "description", "updated", "encrypt-value")
SCOPES = ("local", "token")

# vRO parameter names: ^[\p{L}_$][\p{L}0-9_$]*$ (8.18.1 spec). [^\W\d] is a letter or "_".
NAME_RE = re.compile(r"(?:[^\W\d]|\$)(?:[^\W\d]|[0-9$])*\Z")
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z", re.ASCII)
_INTEGER_RE = re.compile(r"[+-]?[0-9]+\Z", re.ASCII)
_ISO_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?"
    r"(?:\s*(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?))?)?\Z",
    re.ASCII,
)
_EPOCH_MS_RE = re.compile(r"-?[0-9]{1,17}\Z", re.ASCII)
_SDK_TYPE_RE = re.compile(r"[^\s:/(),]+:[^\s/(),]+\Z")
_SYSTEM_TYPE_RE = re.compile(r"[A-Z][A-Za-z0-9_.]*\Z")
_COMPOSITE_NAME_RE = re.compile(r"[^\s(),:/]+\Z")
_IDENTIFIER_RE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")

_SECRET_KINDS = ("secure", "encrypted")

# lower-cased built-in type name -> (kind, canonical spelling)
_BUILTINS = {
    "string": ("string", "string"),
    "number": ("number", "number"),
    "boolean": ("boolean", "boolean"),
    "securestring": ("secure", "SecureString"),
    "encryptedstring": ("encrypted", "EncryptedString"),
    "date": ("date", "Date"),
    "regexp": ("regex", "Regexp"),
    "properties": ("properties", "Properties"),
    "mimeattachment": ("mime", "MimeAttachment"),
    "any": ("any", "Any"),
}
_CANONICAL = dict((kind, name) for kind, name in _BUILTINS.values())
_KNOWN_TYPE_NAMES = sorted(_CANONICAL.values()) + [
    "Array/<type>",
    "CompositeType(<field>:<type>,...)",
    "<Plugin>:<Type>",
]

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

# value key spelled any plausible way (normalised: lower case, no "-"/"_") -> canonical key
_KEY_ALIASES = {
    "string": "string",
    "number": "number",
    "boolean": "boolean",
    "date": "date",
    "securestring": "secure-string",
    "encryptedstring": "encrypted-string",
    "regex": "regex",
    "regexp": "regex",
    "array": "array",
    "properties": "properties",
    "sdkobject": "sdk-object",
    "composite": "composite",
    "mimeattachment": "mime-attachment",
    "attributereference": "attribute-reference",
}

_SDK_DECODED_KEYS = frozenset(("type", "id", "href", "display_value"))
_SDK_INPUT_KEYS = ("id", "type", "href", "display_value")
_MIME_DECODED_KEYS = frozenset(("name", "mime_type", "content_base64"))
_MIME_INPUT_KEYS = ("path", "content", "content_base64", "name", "mime_type")

_UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)


# --------------------------------------------------------------------------------------------
# types


class VroType:
    """A parsed vRO type string.

    ``kind`` is one of string, number, boolean, secure, encrypted, date, regex, array, properties,
    composite, sdk, mime, any. ``text`` is the type string as given (used on the wire),
    ``elem`` the element type of an array (``None`` for a bare ``Array``), ``fields`` the
    ``[(name, VroType)]`` of a composite and ``name`` its name after ``):``.
    """

    __slots__ = ("kind", "text", "elem", "fields", "name")

    def __init__(self, kind, text, elem=None, fields=None, name=None):
        self.kind = kind
        self.text = text
        self.elem = elem
        self.fields = fields or []
        self.name = name

    @property
    def secret(self):
        """True when a value of this type is or holds a SecureString/EncryptedString."""
        if self.kind in _SECRET_KINDS:
            return True
        if self.kind == "array":
            return self.elem is not None and self.elem.secret
        if self.kind == "composite":
            return any(ftype.secret for _fname, ftype in self.fields)
        return False

    def render(self):
        """The canonical spelling (built-in names in vRO's case, no spaces)."""
        if self.kind == "array":
            return "Array" if self.elem is None else "Array/" + self.elem.render()
        if self.kind == "composite":
            inner = ",".join("%s:%s" % (fname, ftype.render()) for fname, ftype in self.fields)
            return "CompositeType(%s)%s" % (inner, ":" + self.name if self.name else "")
        if self.kind == "sdk":
            return self.text
        return _CANONICAL[self.kind]

    def __repr__(self):
        return "VroType(%r)" % self.text


_ANY = VroType("any", "Any")


def parse_type(text, field="type"):
    """Parse a vRO type string into a ``VroType``; ``VroInputError`` (naming ``field``) if it is not one."""
    if not isinstance(text, str) or not text.strip():
        raise VroInputError(field=field, expected="a vRO type name", given=_describe(text))
    return _parse_type(text.strip(), field, 0)


def _try_parse_type(text):
    try:
        return parse_type(text)
    except VroInputError:
        return None


def _type_error(field, text, why):
    return VroInputError(
        "%s: %s is not a vRO type this module can encode (%s)" % (field, _short_repr(text), why),
        field=field,
        expected="a vRO type (%s)" % ", ".join(_KNOWN_TYPE_NAMES),
        given=_short_repr(text),
    )


def _parse_type(text, field, depth):
    if depth > MAX_TYPE_DEPTH:
        raise _type_error(field, text, "nested too deeply")
    if not text:
        raise _type_error(field, text, "empty type")
    low = text.lower()
    if low == "array":
        return VroType("array", text)
    if low.startswith("array/"):
        return VroType("array", text, elem=_parse_type(text[6:].strip(), field, depth + 1))
    if low.startswith("compositetype("):
        return _parse_composite(text, field, depth)
    if low in _BUILTINS:
        return VroType(_BUILTINS[low][0], text)
    builtin_names = list(_CANONICAL.values()) + ["Array"]
    if _SDK_TYPE_RE.match(text):
        return VroType("sdk", text)
    if _SYSTEM_TYPE_RE.match(text):
        # ResourceElement, Workflow, ...: system objects, sent as sdk-object. A near miss of a
        # built-in name (Sting, Dat) is far more likely a typo than a system type.
        near = difflib.get_close_matches(low, [name.lower() for name in builtin_names], n=1, cutoff=0.8)
        if not near:
            return VroType("sdk", text)
    suggestion = _suggest(text, builtin_names)
    raise _type_error(field, text, "unknown type" + ("; did you mean %r?" % suggestion if suggestion else ""))


def _split_top_level(text):
    """Split on commas that are not inside parentheses."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _parse_composite(text, field, depth):
    open_at = text.index("(")
    level, close_at = 0, None
    for index in range(open_at, len(text)):
        if text[index] == "(":
            level += 1
        elif text[index] == ")":
            level -= 1
            if level == 0:
                close_at = index
                break
    if close_at is None:
        raise _type_error(field, text, "unbalanced parentheses")
    rest = text[close_at + 1 :].strip()
    name = None
    if rest:
        name = rest[1:].strip() if rest.startswith(":") else ""
        if not _COMPOSITE_NAME_RE.match(name):
            raise _type_error(field, text, "expected ':<Name>' after the field list")
    inner = text[open_at + 1 : close_at]
    fields, seen = [], set()
    if inner.strip():
        for part in _split_top_level(inner):
            part = part.strip()
            fname, sep, ftype = part.partition(":")
            fname = fname.strip()
            if not sep or not _IDENTIFIER_RE.match(fname):
                raise _type_error(field, text, "field %s is not '<name>:<type>'" % _short_repr(part))
            if fname in seen:
                raise _type_error(field, text, "field %r appears twice" % fname)
            seen.add(fname)
            fields.append((fname, _parse_type(ftype.strip(), field, depth + 1)))
    if not fields:
        raise _type_error(field, text, "a composite type needs at least one field")
    return VroType("composite", text, fields=fields, name=name)


# --------------------------------------------------------------------------------------------
# helpers


def _short_repr(value, limit=60):
    try:
        text = repr(value)
    except Exception:  # pylint: disable=broad-except
        text = "<%s>" % type(value).__name__
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _describe(value, secret=False):
    """A short, safe description of a given value: ``'abc' (str)``; secrets are ``<secret> (str)``."""
    if value is None:
        return "None"
    if secret:
        return "<secret> (%s)" % type(value).__name__
    return "%s (%s)" % (_short_repr(value), type(value).__name__)


def _safe_str(value):
    try:
        return str(value)
    except Exception:  # pylint: disable=broad-except
        return "<%s>" % type(value).__name__


def _suggest(name, candidates):
    """The candidate closest to ``name``: a case-only difference first, then difflib."""
    if not isinstance(name, str):
        return None
    candidates = [c for c in candidates if isinstance(c, str)]
    lower = {}
    for candidate in candidates:
        lower.setdefault(candidate.lower(), candidate)
    if name.lower() in lower and lower[name.lower()] != name:
        return lower[name.lower()]
    match = difflib.get_close_matches(name.lower(), list(lower), n=1, cutoff=0.6)
    if match and lower[match[0]] != name:
        return lower[match[0]]
    return None


def _names_list(names, limit=30):
    names = list(names)
    text = ", ".join(names[:limit])
    if len(names) > limit:
        text += ", ... (%d more)" % (len(names) - limit)
    return text


def _child(field, key):
    """``inputs.props.key`` for identifier-like keys, ``inputs.props['a b']`` otherwise."""
    if isinstance(key, str) and _IDENTIFIER_RE.match(key):
        return "%s.%s" % (field, key)
    return "%s[%s]" % (field, _short_repr(key))


def _fail(field, expected, vro_type, value, hint=None, secret=False):
    given = _describe(value, secret=secret)
    msg = "%s: expected %s for vRO type '%s', got %s" % (field, expected, vro_type, given)
    if hint:
        msg += "; " + hint
    return VroInputError(msg, field=field, expected=expected, given=given, vro_type=vro_type)


def _unknown_key_error(field, key, valid, what):
    suggestion = _suggest(key, valid)
    msg = "%s: unknown %s %s" % (field, what, _short_repr(key))
    if suggestion:
        msg += "; did you mean %r? Valid: %s" % (suggestion, _names_list(valid))
    else:
        msg += "; valid: %s" % (_names_list(valid) or "none")
    return VroInputError(msg, field=field, expected="one of: %s" % _names_list(valid), given=_short_repr(key))


class _Context:
    __slots__ = ("properties_list_key", "mime_content_key", "secure_string_key", "read_file")

    def __init__(self, wire, read_file):
        if wire is None:
            wire = {}
        if not isinstance(wire, dict):
            raise VroInputError(field="wire", expected="a dict of wire options", given=_describe(wire))
        options = dict(WIRE_DEFAULTS)
        for key, value in wire.items():
            if key not in WIRE_CHOICES:
                raise _unknown_key_error(_child("wire", key), key, sorted(WIRE_CHOICES), "wire option")
            if value is None:
                continue
            if not isinstance(value, str) or value not in WIRE_CHOICES[key]:
                raise VroInputError(
                    field="wire.%s" % key,
                    expected="one of: %s" % ", ".join(WIRE_CHOICES[key]),
                    given=_describe(value),
                )
            options[key] = value
        if read_file is not None and not callable(read_file):
            raise TypeError("read_file must be a callable taking a path and returning bytes")
        self.properties_list_key = options["properties_list_key"]
        self.mime_content_key = options["mime_content_key"]
        self.secure_string_key = options["secure_string_key"]
        self.read_file = read_file


# --------------------------------------------------------------------------------------------
# encoding


def encode_value(vro_type, value, field, wire=None, read_file=None):
    """The keyed value object (``{"string": {"value": "x"}}``) for ``value`` as vRO type ``vro_type``.

    ``field`` names the value in errors (``inputs.vmName``). Raises ``VroInputError``.
    """
    ctx = _Context(wire, read_file)
    vtype = vro_type if isinstance(vro_type, VroType) else parse_type(vro_type, field)
    return _encode(vtype, value, field, ctx)


def _encode(vtype, value, field, ctx):
    kind = vtype.kind
    if kind == "any":
        return _encode_any(value, field, ctx)
    if kind in ("string", "regex"):
        return {kind: {"value": _text(vtype, value, field)}}
    if kind in _SECRET_KINDS:
        text = _text(vtype, value, field)
        if text == SECRET_MASK:
            raise VroInputError(
                "%s is a masked %s from an earlier run; give the real value" % (field, _CANONICAL[kind]),
                field=field,
                expected="the real %s value" % _CANONICAL[kind],
                given="<masked>",
                vro_type=vtype.text,
            )
        key = ctx.secure_string_key if kind == "secure" else "encrypted-string"
        return {key: {"value": text}}
    if kind == "number":
        return {"number": {"value": _number(vtype, value, field)}}
    if kind == "boolean":
        return {"boolean": {"value": _boolean(vtype, value, field)}}
    if kind == "date":
        return {"date": {"value": _date(vtype, value, field)}}
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
    raise _fail(field, "a value", vtype.text, value)  # pragma: no cover - every kind is handled above


def _text(vtype, value, field):
    secret = vtype.kind in _SECRET_KINDS
    expected = _EXPECTED[vtype.kind]
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise _fail(
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
        except ValueError:
            raise _fail(field, expected, vtype.text, value, secret=secret, hint="the integer is too long")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _fail(field, expected, vtype.text, value, secret=secret)
        return repr(value)
    if isinstance(value, datetime.date):
        # YAML turns an unquoted 2024-01-31 into a date; give back the text that was written.
        return value.isoformat()
    raise _fail(field, expected, vtype.text, value, secret=secret)


def _check_number(vtype, number, field, given):
    if isinstance(number, int) and abs(number) > MAX_SAFE_INTEGER:
        raise _fail(
            field,
            "a number between -2**53 and 2**53",
            vtype.text,
            given,
            hint="vRO numbers are doubles and would round it; pass it as a string",
        )
    if isinstance(number, float) and not math.isfinite(number):
        raise _fail(field, "a finite number", vtype.text, given)
    return number


def _parse_number_text(text):
    """int or float for a decimal number string, else ``None`` (also for digits too many to convert)."""
    text = text.strip()
    if not _NUMBER_RE.match(text):
        return None
    try:
        return int(text) if _INTEGER_RE.match(text) else float(text)
    except ValueError:
        return None


def _number(vtype, value, field):
    if isinstance(value, bool):
        raise _fail(field, "a number", vtype.text, value, hint="booleans are not numbers")
    if isinstance(value, (int, float)):
        return _check_number(vtype, value, field, value)
    if isinstance(value, str):
        number = _parse_number_text(value)
        if number is not None:
            return _check_number(vtype, number, field, value)
    raise _fail(field, "a number", vtype.text, value)


def _boolean(vtype, value, field):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "yes"):
            return True
        if word in ("false", "no"):
            return False
    raise _fail(field, _EXPECTED["boolean"], vtype.text, value)


def parse_iso(text):
    """An aware or naive ``datetime`` for an ISO 8601 string, or ``None``."""
    match = _ISO_RE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tzinfo = None
    if offset:
        if offset in ("Z", "z"):
            tzinfo = _UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            off_h, off_m = int(digits[:2]), int(digits[2:] or "0")
            if off_h > 23 or off_m > 59:
                return None
            tzinfo = datetime.timezone(sign * datetime.timedelta(hours=off_h, minutes=off_m))
    try:
        return datetime.datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), micro, tzinfo=tzinfo
        )
    except ValueError:
        return None


def format_date(moment):
    """``YYYY-MM-DDTHH:MM:SS.mmm+HH:MM`` for a date or datetime (naive -> UTC). ValueError on odd offsets."""
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime(moment.year, moment.month, moment.day)
    offset = moment.utcoffset()
    seconds = 0 if offset is None else offset.days * 86400 + offset.seconds
    if offset is not None and (offset.microseconds or seconds % 60):
        raise ValueError("UTC offset is not a whole number of minutes")
    minutes = seconds // 60
    sign = "-" if minutes < 0 else "+"
    off_h, off_m = divmod(abs(minutes), 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s%02d:%02d" % (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond // 1000,
        sign,
        off_h,
        off_m,
    )


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
            raise _fail(field, _EXPECTED["date"], vtype.text, value, hint=str(exc))
    raise _fail(
        field,
        _EXPECTED["date"],
        vtype.text,
        value,
        hint="e.g. 2024-06-27T01:46:55.891+00:00 or 2024-06-27" if isinstance(value, str) else None,
    )


def _encode_array(vtype, value, field, ctx):
    if not isinstance(value, (list, tuple)):
        raise _fail(field, "a list", vtype.text, value, secret=vtype.secret)
    elem = vtype.elem or _ANY
    return {
        "array": {"elements": [_encode(elem, item, "%s[%d]" % (field, index), ctx) for index, item in enumerate(value)]}
    }


def _encode_properties(vtype, value, field, ctx):
    if not isinstance(value, dict):
        raise _fail(field, _EXPECTED["properties"], vtype.text, value)
    entries = []
    for key, item in value.items():
        if not isinstance(key, str):
            raise _fail(
                field, _EXPECTED["properties"], vtype.text, key, hint="key %s is not a string" % _short_repr(key)
            )
        entries.append({"key": key, "value": _encode_any(item, _child(field, key), ctx)})
    return {"properties": {ctx.properties_list_key: entries}}


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
        return {"number": {"value": _check_number(_ANY, value, field, value)}}
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
    raise _fail(field, _EXPECTED["any"], "Any", value)


def _encode_composite(vtype, value, field, ctx):
    names = [fname for fname, _ftype in vtype.fields]
    if not isinstance(value, dict):
        raise _fail(field, "a dict with fields %s" % ", ".join(names), vtype.text, value, secret=vtype.secret)
    for key in value:
        if key not in names:
            raise _unknown_key_error(_child(field, key), key, names, "field of %s:" % _short_repr(vtype.text))
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
            entry["value"] = _encode(ftype, item, _child(field, fname), ctx)
        entries.append(entry)
    return {"composite": {"type": vtype.text, "property": entries}}


def _encode_sdk(vtype, value, field):
    if isinstance(value, str):
        if not value:
            raise _fail(field, "a non-empty object id", vtype.text, value)
        return {"sdk-object": {"type": vtype.text, "id": value}}
    if not isinstance(value, dict):
        raise _fail(field, _EXPECTED["sdk"], vtype.text, value)
    for key in value:
        if key not in _SDK_INPUT_KEYS:
            raise _unknown_key_error(_child(field, key), key, list(_SDK_INPUT_KEYS), "key of an SDK object:")
    object_id = value.get("id")
    if not isinstance(object_id, str) or not object_id:
        raise _fail(_child(field, "id"), "a non-empty object id string", vtype.text, object_id)
    given_type = value.get("type")
    if given_type is not None and given_type != vtype.text:
        raise VroInputError(
            "%s: the object's type %s is not the declared vRO type '%s'"
            % (_child(field, "type"), _short_repr(given_type), vtype.text),
            field=_child(field, "type"),
            expected=repr(vtype.text),
            given=_describe(given_type),
            vro_type=vtype.text,
        )
    href = value.get("href")
    if href is not None and not isinstance(href, str):
        raise _fail(_child(field, "href"), "a URL string", vtype.text, href)
    display = value.get("display_value")
    if display is not None and not isinstance(display, str):
        raise _fail(_child(field, "display_value"), "a string", vtype.text, display)
    result = {"type": vtype.text, "id": object_id}
    if href:
        result["href"] = href
    return {"sdk-object": result}


def _basename(path):
    name = re.split(r"[\\/]", path.rstrip("\\/"))[-1]
    return name or None


def _encode_mime(vtype, value, field, ctx):
    if not isinstance(value, dict):
        raise _fail(field, _EXPECTED["mime"], vtype.text, value)
    for key in value:
        if key not in _MIME_INPUT_KEYS:
            raise _unknown_key_error(_child(field, key), key, list(_MIME_INPUT_KEYS), "key of a MimeAttachment:")
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
        raise _fail(_child(field, "name"), "a file name string", vtype.text, name)
    if mime_type is not None and (not isinstance(mime_type, str) or "/" not in mime_type):
        raise _fail(_child(field, "mime_type"), "a MIME type like text/plain", vtype.text, mime_type)
    source = sources[0]
    item = value[source]
    if source == "path":
        data = _read_attachment(vtype, item, _child(field, "path"), ctx)
        if name is None:
            name = _basename(item)
    elif source == "content":
        if isinstance(item, (bytes, bytearray)):
            data = bytes(item)
        elif isinstance(item, str):
            try:
                data = item.encode("utf-8")
            except UnicodeEncodeError:
                raise _fail(_child(field, "content"), "text that can be encoded as UTF-8", vtype.text, item)
        else:
            raise _fail(_child(field, "content"), "a text string", vtype.text, item)
    else:
        data = _b64decode(item)
        if data is None:
            raise _fail(_child(field, "content_base64"), "a base64 string", vtype.text, item)
    result = {}
    if name is not None:
        result["name"] = name
    result["mime-type"] = mime_type or DEFAULT_MIME_TYPE
    result[ctx.mime_content_key] = base64.b64encode(data).decode("ascii")
    return {"mime-attachment": result}


def _read_attachment(vtype, path, field, ctx):
    if not isinstance(path, str) or not path:
        raise _fail(field, "a file path string", vtype.text, path)
    if ctx.read_file is None:
        raise VroInputError(
            "%s: cannot read %s here (no file reader was given); pass content or content_base64 instead"
            % (field, _short_repr(path)),
            field=field,
            expected="content or content_base64",
            given=_short_repr(path),
            vro_type=vtype.text,
        )
    try:
        data = ctx.read_file(path)
    except VroInputError:
        raise
    except Exception as exc:  # pylint: disable=broad-except
        raise VroInputError(
            "%s: cannot read %s: %s" % (field, _short_repr(path), _safe_str(exc)),
            field=field,
            expected="a readable file",
            given=_short_repr(path),
            vro_type=vtype.text,
        )
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("read_file must return bytes, got %s" % type(data).__name__)
    return bytes(data)


def _b64decode(text):
    """bytes for a base64 string (whitespace ignored), else ``None``."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("ascii")
        except UnicodeDecodeError:
            return None
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def _declared_types(declared):
    """``{name: type string}`` from a definition's input-parameters, or ``None``."""
    if declared is None:
        return None
    if not isinstance(declared, (list, tuple)):
        raise VroInputError(
            field="declared", expected="the workflow's input-parameters list", given=_describe(declared)
        )
    types = {}
    for entry in declared:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            vro_type = entry.get("type")
            types[entry["name"]] = vro_type if isinstance(vro_type, str) and vro_type.strip() else "Any"
    return types


def _unknown_input_error(field, name, valid):
    suggestion = _suggest(name, valid)
    msg = "%s: unknown input" % field
    if not valid:
        msg += "; the workflow declares no inputs"
    elif suggestion:
        msg += "; did you mean %r? Valid inputs: %s" % (suggestion, _names_list(sorted(valid)))
    else:
        msg += "; valid inputs: %s" % _names_list(sorted(valid))
    return VroInputError(msg, field=field, expected="one of: %s" % _names_list(sorted(valid)), given=_short_repr(name))


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
            field=types_field, expected="a dict of input names to vRO types", given=_describe(input_types)
        )
    result = {}
    for name, vro_type in input_types.items():
        if not isinstance(name, str):
            raise VroInputError(field=types_field, expected="input names as strings", given=_describe(name))
        field = _child(types_field, name)
        if declared_types is not None and name not in declared_types:
            raise _unknown_input_error(field, name, list(declared_types))
        result[name] = parse_type(vro_type, field).render()
    return result


def encode_inputs(inputs, declared, input_types=None, wire=None, read_file=None, field="inputs"):
    """WsParameter dicts for plain ``inputs``, typed by ``declared`` (a definition's input-parameters).

    ``input_types`` ``{name: vro_type}`` overrides or supplies types; without a definition
    (``declared`` is ``None``) an input with no ``input_types`` entry is typed ``Any``.
    ``field`` prefixes the names in errors (``inputs.vmName``). Raises ``VroInputError``.
    """
    ctx = _Context(wire, read_file)
    if inputs is None:
        return []
    if not isinstance(inputs, dict):
        raise VroInputError(field=field, expected="a dict of input names to values", given=_describe(inputs))
    declared_types = _declared_types(declared)
    types_field = _input_types_field(field)
    overrides = _checked_input_types(input_types, declared_types, types_field)
    params = []
    for name, value in inputs.items():
        if not isinstance(name, str):
            raise VroInputError(field=field, expected="input names as strings", given=_describe(name))
        where = _child(field, name)
        if declared_types is not None and name not in declared_types:
            raise _unknown_input_error(where, name, list(declared_types))
        if declared_types is None and not NAME_RE.match(name):
            raise VroInputError(
                "%s: %s is not a valid vRO parameter name (a letter, _ or $, then letters, digits, _ or $)"
                % (where, _short_repr(name)),
                field=where,
                expected="a vRO parameter name",
                given=_short_repr(name),
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
                    "%s; set %s to a type it can encode, or send raw parameters" % (exc.msg, _child(types_field, name)),
                    field=where,
                    expected=exc.expected,
                    given=exc.given,
                )
            param["value"] = _encode(vtype, value, where, ctx)
        params.append(param)
    return params


# --------------------------------------------------------------------------------------------
# decoding


def _norm_key(key):
    if not isinstance(key, str):
        return None
    return key.replace("-", "").replace("_", "").lower()


def _envelope(keyed):
    """``(canonical key, inner, key as found)`` of a keyed value; ``(None, None, None)`` if none."""
    if not isinstance(keyed, dict):
        return None, None, None
    for key, inner in keyed.items():
        canonical = _KEY_ALIASES.get(_norm_key(key))
        if canonical is not None:
            return canonical, inner, key
    canonical = _KEY_ALIASES.get(_norm_key(keyed.get("objectType")))
    if canonical is not None:
        return canonical, keyed, None
    return None, None, None


def _scalar(inner):
    if isinstance(inner, dict):
        return inner.get("value")
    return inner


def _plain_number(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) <= MAX_SAFE_INTEGER:
            return int(value)
        return value
    if isinstance(value, str):
        number = _parse_number_text(value)
        if number is not None:
            return _plain_number(number)
    return value


def _decode_date(value):
    if isinstance(value, str):
        moment = parse_iso(value)
        if moment is None and _EPOCH_MS_RE.match(value.strip()):
            return _decode_date(int(value.strip()))
        if moment is not None:
            return format_date(moment)
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return format_date(_EPOCH + datetime.timedelta(milliseconds=value))
        except (OverflowError, ValueError, TypeError):
            return value
    return value


def _as_list(items):
    if isinstance(items, list):
        return items
    if isinstance(items, dict):
        return [items]
    return []


def _entries(inner, names):
    if isinstance(inner, list):
        return inner
    if not isinstance(inner, dict):
        return []
    for name in names:
        if inner.get(name) is not None:
            return _as_list(inner[name])
    return []


def _key_text(key):
    return key if isinstance(key, str) else _safe_str(key)


def _decode(keyed, vtype, secrets):
    """Plain value of a keyed value object. ``secrets`` (a list or ``None``): mask and collect secrets."""
    if keyed is None:
        return None
    key, inner, _found = _envelope(keyed)
    if key is None:
        if isinstance(keyed, dict):
            if not keyed:
                return None
            if "value" in keyed:
                return keyed["value"]
            if len(keyed) == 1:
                only = list(keyed.values())[0]
                return only.get("value") if isinstance(only, dict) and "value" in only else only
        return keyed
    secret_type = vtype is not None and vtype.kind in _SECRET_KINDS
    if key in ("secure-string", "encrypted-string") or (key == "string" and secret_type):
        value = _scalar(inner)
        if secrets is not None and isinstance(value, str):
            secrets.append(value)
            return SECRET_MASK
        return value
    if key in ("string", "regex", "boolean"):
        value = _scalar(inner)
        if key == "boolean" and isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return value
    if key == "number":
        return _plain_number(_scalar(inner))
    if key == "date":
        return _decode_date(_scalar(inner))
    if key == "array":
        elem = vtype.elem if vtype is not None and vtype.kind == "array" else None
        return [_decode(item, elem, secrets) for item in _entries(inner, ("elements", "element"))]
    if key == "properties":
        result = {}
        for entry in _entries(inner, ("property", "properties", "entry")):
            if isinstance(entry, dict) and entry.get("key") is not None:
                result[_key_text(entry["key"])] = _decode(entry.get("value"), None, secrets)
        return result
    if key == "composite":
        return _decode_composite(inner, vtype, secrets)
    if key == "sdk-object":
        inner = inner if isinstance(inner, dict) else {"id": inner}
        display = inner.get("displayValue", inner.get("display-value", inner.get("display_value")))
        return {"type": inner.get("type"), "id": inner.get("id"), "href": inner.get("href"), "display_value": display}
    if key == "mime-attachment":
        inner = inner if isinstance(inner, dict) else {}
        content = None
        for name in ("content", "mime-content", "mimeContent", "mime_content"):
            if inner.get(name) is not None:
                content = inner[name]
                break
        data = _b64decode(content)
        return {
            "name": inner.get("name"),
            "mime_type": inner.get("mime-type", inner.get("mimeType", inner.get("mime_type"))),
            "content_base64": base64.b64encode(data).decode("ascii") if data is not None else content,
        }
    # attribute-reference (configuration element binding)
    inner = inner if isinstance(inner, dict) else {}
    return {
        "config_id": inner.get("configurationElementId", inner.get("config-id")),
        "config_key": inner.get("configurationElementKey", inner.get("config-key")),
        "config_name": inner.get("configurationElementName", inner.get("config-name")),
    }


def _composite_items(inner):
    """``[(id, keyed value)]`` from every plausible composite shape."""
    items = []
    for entry in _entries(inner, ("property", "properties", "CompositeObjectValue", "composite-value")):
        if isinstance(entry, dict) and isinstance(entry.get("composite-value"), dict):
            entry = entry["composite-value"]
        if isinstance(entry, dict) and entry.get("id") is not None:
            items.append((_key_text(entry["id"]), entry.get("value")))
    return items


def _decode_composite(inner, vtype, secrets):
    field_types = dict(vtype.fields) if vtype is not None and vtype.kind == "composite" else {}
    result = {}
    for fname, keyed in _composite_items(inner):
        result[fname] = _decode(keyed, field_types.get(fname), secrets)
    return result


def decode_value(keyed):
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


def decode_parameters(params):
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
        vtype = _try_parse_type(param.get("type"))
        result[param["name"]] = _decode(param.get("value"), vtype, secrets)
    return result, _unique(secrets)


# --------------------------------------------------------------------------------------------
# raw parameters and secrets


def _check_keyed(keyed, field):
    if not isinstance(keyed, dict) or len(keyed) != 1:
        raise VroInputError(
            "%s: expected a dict with exactly one value key (%s), got %s"
            % (field, ", ".join(VALUE_KEYS), _describe(keyed)),
            field=field,
            expected="a dict with exactly one value key",
            given=_describe(keyed),
        )
    key = list(keyed)[0]
    if key not in VALUE_KEYS:
        canonical = _KEY_ALIASES.get(_norm_key(key))
        if canonical is not None:
            raise VroInputError(
                "%s: value key %s must be spelled %r (vRO answers 400 to display-type keys)"
                % (field, _short_repr(key), canonical),
                field=field,
                expected=repr(canonical),
                given=_short_repr(key),
            )
        raise _unknown_key_error(field, key, list(VALUE_KEYS), "value key")
    inner = keyed[key]
    where = _child(field, key)
    if not isinstance(inner, dict):
        raise VroInputError(field=where, expected="a dict", given=_describe(inner))
    if key == "array" and inner.get("elements") is not None:
        elements = inner["elements"]
        if not isinstance(elements, list):
            raise VroInputError(field=where + ".elements", expected="a list", given=_describe(elements))
        for index, element in enumerate(elements):
            _check_keyed(element, "%s.elements[%d]" % (where, index))
    if key in ("properties", "composite"):
        ident = "key" if key == "properties" else "id"
        for list_key in ("property", "properties"):
            entries = inner.get(list_key)
            if entries is None:
                continue
            if not isinstance(entries, list):
                raise VroInputError(field="%s.%s" % (where, list_key), expected="a list", given=_describe(entries))
            for index, entry in enumerate(entries):
                entry_field = "%s.%s[%d]" % (where, list_key, index)
                if not isinstance(entry, dict) or not isinstance(entry.get(ident), str):
                    raise VroInputError(
                        field=entry_field, expected="a dict with a string %r" % ident, given=_describe(entry)
                    )
                if entry.get("value") is not None:
                    _check_keyed(entry["value"], entry_field + ".value")


def validate_raw_parameters(parameters):
    """Check raw vRO parameter objects (the module's ``parameters`` option); return copies, ``scope`` defaulted.

    A ``value`` of ``None`` is dropped (the parameter is sent unset). Raises ``VroInputError``
    naming ``parameters[i].<key>``.
    """
    if parameters is None:
        return []
    if not isinstance(parameters, (list, tuple)):
        raise VroInputError(field="parameters", expected="a list of vRO parameter objects", given=_describe(parameters))
    result, seen = [], {}
    for index, param in enumerate(parameters):
        field = "parameters[%d]" % index
        if not isinstance(param, dict):
            raise VroInputError(field=field, expected="a dict with name, type, scope and value", given=_describe(param))
        for key in param:
            if key not in RAW_PARAMETER_KEYS:
                raise _unknown_key_error(_child(field, key), key, list(RAW_PARAMETER_KEYS), "parameter key")
        name = param.get("name")
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise VroInputError(
                "%s.name: expected a vRO parameter name (a letter, _ or $, then letters, digits, _ or $), got %s"
                % (field, _describe(name)),
                field=field + ".name",
                expected="a vRO parameter name",
                given=_describe(name),
            )
        if name in seen:
            raise VroInputError(
                "%s.name: duplicate parameter name %r (also parameters[%d])" % (field, name, seen[name]),
                field=field + ".name",
                expected="a name used once",
                given=_short_repr(name),
            )
        seen[name] = index
        vro_type = param.get("type")
        if not isinstance(vro_type, str) or not vro_type.strip():
            raise VroInputError(
                field=field + ".type", expected="a vRO type string such as 'string'", given=_describe(vro_type)
            )
        scope = param.get("scope")
        if scope is None:
            scope = "local"
        elif scope not in SCOPES:
            raise VroInputError(field=field + ".scope", expected="local or token", given=_describe(scope))
        if param.get("value") is not None:
            _check_keyed(param["value"], field + ".value")
        if param.get("description") is not None and not isinstance(param["description"], str):
            raise VroInputError(
                field=field + ".description", expected="a string", given=_describe(param["description"])
            )
        for flag in ("updated", "encrypt-value"):
            if param.get(flag) is not None and not isinstance(param[flag], bool):
                raise VroInputError(field="%s.%s" % (field, flag), expected="a boolean", given=_describe(param[flag]))
        checked = dict(param)
        checked["scope"] = scope
        if checked.get("value", False) is None:
            del checked["value"]
        result.append(checked)
    return result


def _walk_secrets(keyed, vtype, found, mask):
    """Collect (and with ``mask``, replace in place) the secret values under a keyed value."""
    key, inner, found_key = _envelope(keyed)
    if key is None:
        return
    secret_type = vtype is not None and vtype.kind in _SECRET_KINDS
    if key in ("secure-string", "encrypted-string") or (key == "string" and secret_type):
        if isinstance(inner, dict):
            if isinstance(inner.get("value"), str):
                found.append(inner["value"])
                if mask:
                    inner["value"] = SECRET_MASK
        elif isinstance(inner, str) and found_key is not None:
            found.append(inner)
            if mask:
                keyed[found_key] = SECRET_MASK
        return
    if key == "array":
        elem = vtype.elem if vtype is not None and vtype.kind == "array" else None
        for item in _entries(inner, ("elements", "element")):
            _walk_secrets(item, elem, found, mask)
    elif key == "properties":
        for list_key in ("property", "properties", "entry"):
            for entry in _entries(inner, (list_key,)) if isinstance(inner, dict) else []:
                if isinstance(entry, dict):
                    _walk_secrets(entry.get("value"), None, found, mask)
        if isinstance(inner, list):
            for entry in inner:
                if isinstance(entry, dict):
                    _walk_secrets(entry.get("value"), None, found, mask)
    elif key == "composite":
        field_types = dict(vtype.fields) if vtype is not None and vtype.kind == "composite" else {}
        for list_key in ("property", "properties", "CompositeObjectValue", "composite-value"):
            for entry in _entries(inner, (list_key,)) if isinstance(inner, dict) else []:
                if isinstance(entry, dict) and isinstance(entry.get("composite-value"), dict):
                    entry = entry["composite-value"]
                if isinstance(entry, dict):
                    _walk_secrets(
                        entry.get("value"),
                        field_types.get(entry.get("id")) if isinstance(entry.get("id"), str) else None,
                        found,
                        mask,
                    )


def _scan(params, mask):
    found = []
    result = copy.deepcopy(params) if mask else params
    if isinstance(result, (list, tuple)):
        for param in result:
            if isinstance(param, dict):
                _walk_secrets(param.get("value"), _try_parse_type(param.get("type")), found, mask)
    return result, found


def secret_values(params):
    """The clear-text secrets (SecureString/EncryptedString values) in encoded WsParameters."""
    return _unique(_scan(params, False)[1])


def mask_parameters(params):
    """A deep copy of encoded WsParameters with every secret value replaced by ``SECRET_MASK``."""
    return _scan(params, True)[0]
