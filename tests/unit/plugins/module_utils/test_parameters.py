# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Spec of ``_parameters``: ``validate_raw_parameters`` (the raw ``parameters`` option)."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _parameters
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.codec_helpers import (
    input_error,
    sample,
)

# ------------------------------------------------------------------------------------------
# raw parameters


class TestValidateRawParameters:
    def test_valid_and_scope_defaulted(self):
        raw = [
            {"name": "a", "type": "string", "value": {"string": {"value": "x"}}},
            {"name": "b", "type": "VC:Datastore", "scope": "token"},
            {"name": "c", "type": "number", "value": None, "description": "d", "updated": False, "encrypt-value": True},
        ]
        original = copy.deepcopy(raw)
        assert _parameters.validate_raw_parameters(raw) == [
            {"name": "a", "type": "string", "scope": "local", "value": {"string": {"value": "x"}}},
            {"name": "b", "type": "VC:Datastore", "scope": "token"},
            {
                "name": "c",
                "type": "number",
                "scope": "local",
                "description": "d",
                "updated": False,
                "encrypt-value": True,
            },
        ]
        assert raw == original

    def test_samples_are_valid(self):
        for name in (
            "execution-start-request-sdk-object-vro8-kb322683.json",
            "execution-start-request-vco55.json",
            "execution-start-request-string-number-powervro.json",
        ):
            params = sample(name)["parameters"]
            assert _parameters.validate_raw_parameters(params) == params
        params = sample("execution-get-completed-vco55.json")["input-parameters"]
        assert _parameters.validate_raw_parameters(params) == params

    def test_nested_values(self):
        raw = [
            {
                "name": "p",
                "type": "Properties",
                "value": {
                    "properties": {
                        "property": [
                            {"key": "a", "value": {"array": {"elements": [{"number": {"value": 1}}]}}},
                            {"key": "unset"},
                        ]
                    }
                },
            },
            {
                "name": "c",
                "type": "CompositeType(a:string):X",
                "value": {
                    "composite": {
                        "type": "CompositeType(a:string):X",
                        "property": [{"id": "a", "value": {"string": {"value": "v"}}}],
                    }
                },
            },
        ]
        assert len(_parameters.validate_raw_parameters(raw)) == 2

    def test_none_and_empty(self):
        assert _parameters.validate_raw_parameters(None) == []
        assert _parameters.validate_raw_parameters([]) == []

    @pytest.mark.parametrize(
        "params, field, needle",
        [
            ({"name": "a"}, "parameters", "a list of vRO parameter objects"),
            (["a"], "parameters[0]", "a dict with name, type, scope and value"),
            ([{"type": "string"}], "parameters[0].name", "a vRO parameter name"),
            ([{"name": "1abc", "type": "string"}], "parameters[0].name", "a vRO parameter name"),
            ([{"name": "a-b", "type": "string"}], "parameters[0].name", "a vRO parameter name"),
            ([{"name": "ab\n", "type": "string"}], "parameters[0].name", "a vRO parameter name"),
            (
                [{"name": "a", "type": "string"}, {"name": "a", "type": "string"}],
                "parameters[1].name",
                "duplicate parameter name 'a' (also parameters[0])",
            ),
            ([{"name": "a"}], "parameters[0].type", "a vRO type string"),
            ([{"name": "a", "type": ""}], "parameters[0].type", "a vRO type string"),
            ([{"name": "a", "type": "string", "scope": "global"}], "parameters[0].scope", "local or token"),
            ([{"name": "a", "type": "string", "vaule": {}}], "parameters[0].vaule", "did you mean 'value'?"),
            ([{"name": "a", "type": "string", "value": "x"}], "parameters[0].value", "exactly one value key"),
            ([{"name": "a", "type": "string", "value": {}}], "parameters[0].value", "exactly one value key"),
            (
                [{"name": "a", "type": "string", "value": {"string": {}, "number": {}}}],
                "parameters[0].value",
                "exactly one value key",
            ),
            (
                [{"name": "a", "type": "SecureString", "value": {"SecureString": {"value": "x"}}}],
                "parameters[0].value",
                "value key 'SecureString' must be spelled 'secure-string'",
            ),
            (
                [{"name": "a", "type": "string", "value": {"strin": {"value": "x"}}}],
                "parameters[0].value",
                "did you mean 'string'?",
            ),
            ([{"name": "a", "type": "string", "value": {"string": "x"}}], "parameters[0].value.string", "a dict"),
            (
                [{"name": "a", "type": "Array/string", "value": {"array": {"elements": {"string": {"value": "x"}}}}}],
                "parameters[0].value.array.elements",
                "a list",
            ),
            (
                [
                    {
                        "name": "a",
                        "type": "Array/string",
                        "value": {"array": {"elements": [{"string": {"value": "x"}}, {"strng": {}}]}},
                    }
                ],
                "parameters[0].value.array.elements[1]",
                "did you mean 'string'?",
            ),
            (
                [
                    {
                        "name": "a",
                        "type": "Properties",
                        "value": {"properties": {"property": [{"value": {"string": {}}}]}},
                    }
                ],
                "parameters[0].value.properties.property[0]",
                "a dict with a string 'key'",
            ),
            (
                [{"name": "a", "type": "Properties", "value": {"properties": {"properties": "x"}}}],
                "parameters[0].value.properties.properties",
                "a list",
            ),
            (
                [
                    {
                        "name": "a",
                        "type": "Properties",
                        "value": {"properties": {"property": [{"key": "k", "value": {"bad": {}}}]}},
                    }
                ],
                "parameters[0].value.properties.property[0].value",
                "unknown value key 'bad'",
            ),
            (
                [{"name": "a", "type": "C", "value": {"composite": {"property": [{"key": "k"}]}}}],
                "parameters[0].value.composite.property[0]",
                "a dict with a string 'id'",
            ),
            ([{"name": "a", "type": "string", "description": 5}], "parameters[0].description", "a string"),
            ([{"name": "a", "type": "string", "updated": "yes"}], "parameters[0].updated", "a boolean"),
            ([{"name": "a", "type": "string", "encrypt-value": 1}], "parameters[0].encrypt-value", "a boolean"),
        ],
    )
    def test_errors(self, params, field, needle):
        exc = input_error(_parameters.validate_raw_parameters, params)
        assert exc.field == field
        assert needle in str(exc)
