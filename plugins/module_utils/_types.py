# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""vRO type expressions: ``parse_type`` turns a type string into a ``VroType``.

Built-ins (``string``, ``SecureString``, ``Date``, ... any case), ``Array`` and ``Array/<type>``,
``CompositeType(<field>:<type>,...)[:<Name>]`` and SDK types (``VC:VirtualMachine``). A type
without ``:`` that is not a vRO built-in but starts with a capital letter (``ResourceElement``,
``Workflow``) is an SDK type too, unless it is a near miss of a built-in name (a typo).
"""

from __future__ import annotations

import difflib
import re
from typing import Any, List, Optional, Tuple

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.module_utils._input_errors import (
    IDENTIFIER_RE,
    describe,
    input_name_field,
    short_repr,
    suggest,
)

MAX_TYPE_DEPTH = 32

_SDK_TYPE_RE = re.compile(r"[^\s:/(),]+:[^\s/(),]+\Z")
_SYSTEM_TYPE_RE = re.compile(r"[A-Z][A-Za-z0-9_.]*\Z")
_COMPOSITE_NAME_RE = re.compile(r"[^\s(),:/]+\Z")

SECRET_KINDS = ("secure", "encrypted")

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
CANONICAL = dict((kind, name) for kind, name in _BUILTINS.values())
_KNOWN_TYPE_NAMES = sorted(CANONICAL.values()) + [
    "Array/<type>",
    "CompositeType(<field>:<type>,...)",
    "<Plugin>:<Type>",
]
# types


class VroType:
    """A parsed vRO type string.

    ``kind`` is one of string, number, boolean, secure, encrypted, date, regex, array, properties,
    composite, sdk, mime, any. ``text`` is the type string as given (used on the wire),
    ``elem`` the element type of an array (``None`` for a bare ``Array``), ``fields`` the
    ``[(name, VroType)]`` of a composite and ``name`` its name after ``):``.
    """

    __slots__ = ("kind", "text", "elem", "fields", "name")

    def __init__(
        self,
        kind: str,
        text: str,
        elem: Optional[VroType] = None,
        fields: Optional[List[Tuple[str, VroType]]] = None,
        name: Optional[str] = None,
    ):
        self.kind = kind
        self.text = text
        self.elem = elem
        self.fields = fields or []
        self.name = name

    @property
    def secret(self) -> bool:
        """True when a value of this type is or holds a SecureString/EncryptedString."""
        if self.kind in SECRET_KINDS:
            return True
        if self.kind == "array":
            return self.elem is not None and self.elem.secret
        if self.kind == "composite":
            return any(ftype.secret for _fname, ftype in self.fields)
        return False

    def render(self) -> str:
        """The canonical spelling (built-in names in vRO's case, no spaces)."""
        if self.kind == "array":
            return "Array" if self.elem is None else "Array/" + self.elem.render()
        if self.kind == "composite":
            inner = ",".join("%s:%s" % (fname, ftype.render()) for fname, ftype in self.fields)
            return "CompositeType(%s)%s" % (inner, ":" + self.name if self.name else "")
        if self.kind == "sdk":
            return self.text
        return CANONICAL[self.kind]

    def __repr__(self):
        return "VroType(%r)" % self.text


ANY = VroType("any", "Any")


def parse_type(text: Any, field: str = "type") -> VroType:
    """Parse a vRO type string into a ``VroType``; ``VroInputError`` (naming ``field``) if it is not one."""
    if not isinstance(text, str) or not text.strip():
        raise VroInputError(field=field, expected="a vRO type name", given=describe(text))
    return _parse_type(text.strip(), field, 0)


def _type_error(field, text, why):
    return VroInputError(
        "%s: %s is not a vRO type this module can encode (%s)" % (field, short_repr(text), why),
        field=field,
        expected="a vRO type (%s)" % ", ".join(_KNOWN_TYPE_NAMES),
        given=short_repr(text),
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
    builtin_names = list(CANONICAL.values()) + ["Array"]
    if _SDK_TYPE_RE.match(text):
        return VroType("sdk", text)
    if _SYSTEM_TYPE_RE.match(text):
        # ResourceElement, Workflow, ...: system objects, sent as sdk-object. A near miss of a
        # built-in name (Sting, Dat) is far more likely a typo than a system type.
        near = difflib.get_close_matches(low, [name.lower() for name in builtin_names], n=1, cutoff=0.8)
        if not near:
            return VroType("sdk", text)
    suggestion = suggest(text, builtin_names)
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


def _closing_parenthesis(text, open_at):
    """The index of the ``)`` that closes the ``(`` at ``open_at``, or ``None``."""
    level = 0
    for index in range(open_at, len(text)):
        if text[index] == "(":
            level += 1
        elif text[index] == ")":
            level -= 1
            if level == 0:
                return index
    return None


def _parse_composite(text, field, depth):
    open_at = text.index("(")
    close_at = _closing_parenthesis(text, open_at)
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
            if not sep or not IDENTIFIER_RE.match(fname):
                raise _type_error(field, text, "field %s is not '<name>:<type>'" % short_repr(part))
            if fname in seen:
                raise _type_error(field, text, "field %r appears twice" % fname)
            seen.add(fname)
            fields.append((fname, _parse_type(ftype.strip(), field, depth + 1)))
    if not fields:
        raise _type_error(field, text, "a composite type needs at least one field")
    return VroType("composite", text, fields=fields, name=name)


def try_parse_type(text: Any) -> Optional[VroType]:
    """``parse_type(text)``, or ``None`` when ``text`` is not a type (decoding never fails on it)."""
    try:
        return parse_type(text)
    except VroInputError:
        return None


def declared_types(declared: Any) -> Optional[dict]:
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


def checked_input_types(input_types: Any, declared_types: Optional[dict], types_field: str) -> dict:
    """``{name: canonical type string}``; validates every entry, used or not."""
    if input_types is None:
        return {}
    if not isinstance(input_types, dict):
        raise VroInputError(
            field=types_field, expected="a dict of input names to vRO types", given=describe(input_types)
        )
    result = {}
    for name, vro_type in input_types.items():
        field = input_name_field(types_field, name, declared_types)
        result[name] = parse_type(vro_type, field).render()
    return result
