# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""The wire spellings where sources disagree (docs/design.md "Wire spellings"), and the choice among them.

* ``Properties``: list key ``property`` (clients, Cloud Director) or ``properties`` (8.18 spec);
  by default both, holding the same list.
* ``MimeAttachment``: content key ``content`` (two real scripts) or ``mime-content`` (spec); by
  default both, holding the same content.
* ``SecureString``: key ``secure-string`` (spec) by default; ``string`` (7.x Ansible example).

``WIRE_CHOICES``/``WIRE_DEFAULTS`` are what ``wire_format`` may choose (the argspec is built from them);
``EncodeContext`` carries one encoding's checked choice to the encoder. A server that refuses unknown
keys answers 400 to a body spelled both ways; ``_runner.start`` then sends ``one_spelling`` of it for
each of ``SPELLINGS`` in turn.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.module_utils._input_errors import child_field, describe, unknown_key

# None: every spelling of WIRE_CHOICES at once
WIRE_DEFAULTS = {
    "properties_list_key": None,
    "mime_content_key": None,
    "secure_string_key": "secure-string",
}
WIRE_CHOICES = {
    "properties_list_key": ("property", "properties"),
    "mime_content_key": ("content", "mime-content"),
    "secure_string_key": ("secure-string", "string"),
}


class EncodeContext:
    """The checked ``wire`` choices and the ``read_file`` callable of one encoding."""

    __slots__ = ("properties_list_keys", "mime_content_keys", "secure_string_key", "read_file")

    def __init__(self, wire: Optional[Dict[str, str]], read_file: Optional[Callable[[str], bytes]]):
        if wire is None:
            wire = {}
        if not isinstance(wire, dict):
            raise VroInputError(field="wire", expected="a dict of wire options", given=describe(wire))
        options = dict(WIRE_DEFAULTS)
        for key, value in wire.items():
            if key not in WIRE_CHOICES:
                raise unknown_key(child_field("wire", key), key, sorted(WIRE_CHOICES), "wire option")
            if value is None:
                continue
            if not isinstance(value, str) or value not in WIRE_CHOICES[key]:
                raise VroInputError(
                    field="wire.%s" % key,
                    expected="one of: %s" % ", ".join(WIRE_CHOICES[key]),
                    given=describe(value),
                )
            options[key] = value
        if read_file is not None and not callable(read_file):
            raise TypeError("read_file must be a callable taking a path and returning bytes")
        self.properties_list_keys = _spelled(options, "properties_list_key")
        self.mime_content_keys = _spelled(options, "mime_content_key")
        self.secure_string_key = options["secure_string_key"]
        self.read_file = read_file


def _spelled(options, key):
    """The keys to write: the one chosen, or every spelling when none is."""
    return WIRE_CHOICES[key] if options[key] is None else (options[key],)


# The one-spelling forms, in the order they are tried: the 8.18.1 document's, then the clients'.
SPELLINGS = (
    {"properties_list_key": "properties", "mime_content_key": "mime-content"},
    {"properties_list_key": "property", "mime_content_key": "content"},
)
# value key -> the wire option naming its spellings
_SPELLED = {"properties": "properties_list_key", "mime-attachment": "mime_content_key"}


def one_spelling(parameters: List[Dict[str, Any]], wire: Dict[str, str]) -> Optional[List[Dict[str, Any]]]:
    """``parameters`` with each value spelled both ways reduced to the spelling of ``wire``
    (``properties_list_key``, ``mime_content_key``); ``None`` when nothing was spelled both ways."""
    changed = False

    def reduce(keyed):
        nonlocal changed
        if not isinstance(keyed, dict) or len(keyed) != 1:
            return keyed
        ((key, inner),) = keyed.items()
        if not isinstance(inner, dict):
            return keyed
        inner = dict(inner)
        spelled = _SPELLED.get(key)
        if spelled and all(name in inner for name in WIRE_CHOICES[spelled]):
            for name in WIRE_CHOICES[spelled]:
                if name != wire[spelled]:
                    del inner[name]
            changed = True
        for name, items in inner.items():
            if name in ("elements", "property", "properties") and isinstance(items, list):
                inner[name] = [_reduce_entry(item, reduce) for item in items]
        return {key: inner}

    reduced = [dict(p, value=reduce(p["value"])) if isinstance(p, dict) and "value" in p else p for p in parameters]
    return reduced if changed else None


def _reduce_entry(item, reduce):
    """An array element (a keyed value) or a Properties/composite entry (``{key|id, value}``)."""
    if isinstance(item, dict) and "value" in item and ("key" in item or "id" in item):
        return dict(item, value=reduce(item["value"]))
    return reduce(item)
