# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""One spelling of a body the encoder spelled both ways (docs/design.md "Wire spellings").

With ``wire_format`` unset, ``Properties`` lists and ``MimeAttachment`` contents go out under both
of their spellings (``_encode``). A server that refuses unknown keys answers 400 to that;
``_start.start`` then sends ``one_spelling`` of the body for each of ``SPELLINGS`` in turn.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ansible_collections.opsflow.vro.plugins.module_utils._encode import WIRE_CHOICES

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
