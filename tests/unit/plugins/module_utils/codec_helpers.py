# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Helpers shared by the codec unit tests (test_encode, test_decode, test_parameters, ...)."""

from __future__ import annotations

import datetime
import json
import os

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils._encode import encode_typed
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.module_utils._spelling import EncodeContext
from ansible_collections.opsflow.vro.plugins.module_utils._types import VroType, parse_type

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "fixtures", "samples")
UTC = datetime.timezone.utc
# One spelling, for tests about something else than the default (both spellings at once)
CLIENT_SPELLING = {"properties_list_key": "property", "mime_content_key": "content"}


def sample(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return json.load(handle)


def encode_value(vro_type, value, field, wire=None, read_file=None):
    """One value as vRO type ``vro_type`` (a type string or ``VroType``), the way ``encode_inputs`` encodes it."""
    vtype = vro_type if isinstance(vro_type, VroType) else parse_type(vro_type, field)
    return encode_typed(vtype, value, field, EncodeContext(wire, read_file))


def enc(vro_type, value, **kwargs):
    return encode_value(vro_type, value, "inputs.x", **kwargs)


def input_error(func, *args, **kwargs):
    with pytest.raises(VroInputError) as info:
        func(*args, **kwargs)
    return info.value


def enc_error(vro_type, value, **kwargs):
    return input_error(encode_value, vro_type, value, "inputs.x", **kwargs)


def decl(**types):
    return [{"name": name, "type": vro_type} for name, vro_type in types.items()]
