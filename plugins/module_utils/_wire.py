# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""The vRO wire format of a value, described once: value keys, envelope shapes, scalars.

A value travels as a *keyed value*: ``{<value key>: <inner>}`` such as ``{"string": {"value": "x"}}``.
Servers and documents spell it several ways (docs/design.md, "Wire spellings"); every spelling the collection
reads is listed here, and the decoder reads values only through ``envelope`` and ``entries``
(so the secret finder, which is the decoder, sees the same shapes). To accept a new shape,
add it here.

* Value key: any spelling that normalises (lower case, no ``-``/``_``) to one of ``VALUE_KEYS``
  (``secureString``, ``SECURE_STRING``...), or ``{"objectType": <key>, "value": ...}`` (old bodies).
* Scalar inner: ``{"value": x}`` or ``x`` itself.
* Containers (``CONTAINERS``): the list keys an array, a Properties or a composite keeps its
  entries under, the key naming each entry, and a wrapper some servers put around each entry.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, List, NamedTuple, Optional, Tuple, Union

from ansible_collections.opsflow.vro.plugins.module_utils._input_errors import safe_str

MAX_SAFE_INTEGER = 2**53

# vRO parameter names: ^[\p{L}_$][\p{L}0-9_$]*$ (8.18.1 spec). [^\W\d] is a letter or "_".
PARAMETER_NAME_RE = re.compile(r"(?:[^\W\d]|\$)(?:[^\W\d]|[0-9$])*\Z")

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


class Container(NamedTuple):
    """Where a container value keeps its entries."""

    list_keys: Tuple[str, ...]  # every spelling of the entries' list, in the order they are read
    name_key: Optional[str]  # the key naming an entry (None: entries are the keyed values themselves)
    wrapper: Optional[str] = None  # a key some servers wrap each entry in


CONTAINERS = {
    "array": Container(("elements", "element"), None),
    "properties": Container(("property", "properties", "entry"), "key"),
    "composite": Container(
        ("property", "properties", "CompositeObjectValue", "composite-value"), "id", "composite-value"
    ),
}


def canonical_key(key: Any) -> Optional[str]:
    """The ``VALUE_KEYS`` member ``key`` spells (``secureString`` -> ``secure-string``), or ``None``."""
    if not isinstance(key, str):
        return None
    return _KEY_ALIASES.get(key.replace("-", "").replace("_", "").lower())


def envelope(keyed: Any) -> Tuple[Optional[str], Any, Optional[str]]:
    """``(canonical key, inner, key as found)`` of a keyed value; ``(None, None, None)`` if none."""
    if not isinstance(keyed, dict):
        return None, None, None
    for key, inner in keyed.items():
        canonical = canonical_key(key)
        if canonical is not None:
            return canonical, inner, key
    canonical = canonical_key(keyed.get("objectType"))
    if canonical is not None:
        return canonical, keyed, None
    return None, None, None


def scalar(inner: Any) -> Any:
    """The value of a scalar's inner: ``{"value": x}`` or ``x``."""
    if isinstance(inner, dict):
        return inner.get("value")
    return inner


def _as_list(items: Any) -> list:
    if isinstance(items, list):
        return items
    if isinstance(items, dict):
        return [items]
    return []


def entries(key: str, inner: Any) -> List[Tuple[Optional[str], Any]]:
    """``[(entry name, keyed value)]`` of a container (``CONTAINERS[key]``), from every list spelling present.

    Array elements have no name (``None``). Entries that are not dicts, or have no name, are
    returned with name ``None`` too, so that a caller looking for secrets still sees their value.
    """
    shape = CONTAINERS[key]
    if isinstance(inner, list):
        lists = [inner]
    elif isinstance(inner, dict):
        lists = [_as_list(inner[name]) for name in shape.list_keys if inner.get(name) is not None]
    else:
        lists = []
    found = []
    for items in lists:
        for item in items:
            if shape.name_key is None:
                found.append((None, item))
                continue
            if shape.wrapper and isinstance(item, dict) and isinstance(item.get(shape.wrapper), dict):
                item = item[shape.wrapper]
            if isinstance(item, dict):
                name = item.get(shape.name_key)
                found.append((name if name is None else safe_str(name), item.get("value")))
    return found


_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z", re.ASCII)
_INTEGER_RE = re.compile(r"[+-]?[0-9]+\Z", re.ASCII)


def parse_number_text(text: str) -> Union[int, float, None]:
    """int or float for a decimal number string, else ``None`` (also for digits too many to convert)."""
    text = text.strip()
    if not _NUMBER_RE.match(text):
        return None
    try:
        return int(text) if _INTEGER_RE.match(text) else float(text)
    except ValueError:
        return None


def b64decode(text: Any) -> Optional[bytes]:
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
