# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Spec of ``_wire``: the one description of value keys and envelope shapes."""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _wire


@pytest.mark.parametrize(
    "keyed, found",
    [
        ({"secureString": {"value": "x"}}, ("secure-string", {"value": "x"}, "secureString")),
        ({"SDK_OBJECT": {}}, ("sdk-object", {}, "SDK_OBJECT")),
        ({"objectType": "string", "value": "x"}, ("string", {"objectType": "string", "value": "x"}, None)),
        ({"other": 1}, (None, None, None)),
        ("text", (None, None, None)),
    ],
)
def test_envelope(keyed, found):
    assert _wire.envelope(keyed) == found


def test_every_container_spelling_is_read():
    assert _wire.entries("array", {"elements": [1], "element": {"x": 2}}) == [(None, 1), (None, {"x": 2})]
    assert _wire.entries("properties", [{"key": "a", "value": 1}]) == [("a", 1)]
    assert _wire.entries("properties", {"entry": {"key": 3, "value": 1}}) == [("3", 1)]
    composite = {"CompositeObjectValue": [{"composite-value": {"id": "f", "value": 2}}, "junk", {"value": 3}]}
    assert _wire.entries("composite", composite) == [("f", 2), (None, 3)]
    assert _wire.entries("composite", None) == []


def test_scalars():
    assert _wire.scalar({"value": 1}) == 1 and _wire.scalar(2) == 2
    assert _wire.parse_number_text(" 1e3 ") == 1000.0 and _wire.parse_number_text("12") == 12
    assert _wire.parse_number_text("1,0") is None
    assert _wire.b64decode("/w A=") == b"\xff\x00" and _wire.b64decode("*") is None and _wire.b64decode(5) is None
