# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One spelling of a body encoded with both spellings of Properties and MimeAttachment values."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _encode
from ansible_collections.opsflow.vro.plugins.module_utils._spelling import SPELLINGS, one_spelling
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.codec_helpers import CLIENT_SPELLING, decl

DECLARED = decl(
    props="Properties",
    file="MimeAttachment",
    files="Array/MimeAttachment",
    nested="Array/Properties",
    endpoint="CompositeType(meta:Properties,port:number):Endpoint",
    name="string",
)
INPUTS = {
    "props": {"a": 1, "inner": {"b": "x"}},
    "file": {"content": "hi", "name": "a.txt"},
    "files": [{"content": "one"}],
    "nested": [{"k": "v"}],
    "endpoint": {"meta": {"m": True}, "port": 1},
    "name": "plain",
}


def encoded(wire=None):
    return _encode.encode_inputs(INPUTS, DECLARED, wire=wire)


@pytest.mark.parametrize("wire", SPELLINGS, ids=["spec", "client"])
def test_reduces_every_value_at_every_depth_to_what_encoding_with_that_spelling_gives(wire):
    both = encoded()
    untouched = copy.deepcopy(both)
    assert one_spelling(both, wire) == encoded(wire)
    assert both == untouched  # the original body is kept for the next attempt


def test_a_body_with_one_spelling_needs_no_other_form():
    assert one_spelling(encoded(CLIENT_SPELLING), SPELLINGS[0]) is None
    assert one_spelling([{"name": "n", "type": "string", "value": {"string": {"value": "x"}}}], SPELLINGS[0]) is None


def test_spellings_are_the_spec_first_then_the_clients():
    assert SPELLINGS == (
        {"properties_list_key": "properties", "mime_content_key": "mime-content"},
        CLIENT_SPELLING,
    )


def test_parameters_without_value_and_odd_shapes_pass_through():
    odd = [{"name": "unset", "type": "Properties"}, {"name": "x", "value": "not keyed"}, "junk"]
    both = encoded()
    assert one_spelling(odd + both, SPELLINGS[1])[:3] == odd
