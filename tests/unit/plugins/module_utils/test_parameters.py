# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Spec of ``_parameters``: ``encode_inputs`` and ``validate_raw_parameters``."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _parameters
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.codec_helpers import (
    decl,
    input_error,
    sample,
)

# ------------------------------------------------------------------------------------------
# encode_inputs


class TestEncodeInputs:
    def test_basic(self):
        assert _parameters.encode_inputs({"a": "Apple", "b": 20}, decl(a="string", b="number")) == [
            {"name": "a", "type": "string", "scope": "local", "value": {"string": {"value": "Apple"}}},
            {"name": "b", "type": "number", "scope": "local", "value": {"number": {"value": 20}}},
        ]

    def test_none_value_is_unset(self):
        assert _parameters.encode_inputs({"ds": None}, decl(ds="VC:Datastore")) == [
            {"name": "ds", "type": "VC:Datastore", "scope": "local"}
        ]

    def test_empty_and_none_inputs(self):
        assert _parameters.encode_inputs({}, decl(a="string")) == []
        assert _parameters.encode_inputs(None, None) == []

    def test_declared_type_string_is_kept(self):
        assert _parameters.encode_inputs({"t": ["x"]}, decl(t="Array/string"))[0]["type"] == "Array/string"

    def test_unknown_input_did_you_mean_case(self):
        exc = input_error(_parameters.encode_inputs, {"vmname": "x"}, decl(vmName="string", cpu="number"))
        assert str(exc) == "inputs.vmname: unknown input; did you mean 'vmName'? Valid inputs: cpu, vmName"
        assert exc.field == "inputs.vmname"
        assert exc.expected == "one of: cpu, vmName"

    def test_unknown_input_did_you_mean_typo(self):
        exc = input_error(_parameters.encode_inputs, {"vmNmae": "x"}, decl(vmName="string", cpu="number"))
        assert "did you mean 'vmName'?" in str(exc)

    def test_unknown_input_without_suggestion(self):
        exc = input_error(_parameters.encode_inputs, {"zzz": "x"}, decl(vmName="string", cpu="number"))
        assert str(exc) == "inputs.zzz: unknown input; valid inputs: cpu, vmName"

    def test_unknown_input_no_inputs_declared(self):
        exc = input_error(_parameters.encode_inputs, {"a": 1}, [])
        assert str(exc) == "inputs.a: unknown input; the workflow declares no inputs"

    def test_matching_is_case_sensitive(self):
        with pytest.raises(VroInputError):
            _parameters.encode_inputs({"VMNAME": "x"}, decl(vmName="string"))

    def test_many_valid_names_are_shortened(self):
        exc = input_error(
            _parameters.encode_inputs, {"nope": 1}, [{"name": "in%02d" % i, "type": "string"} for i in range(40)]
        )
        assert "... (10 more)" in str(exc)

    def test_type_error_names_input_and_type(self):
        exc = input_error(_parameters.encode_inputs, {"cpu": "abc"}, decl(cpu="number"))
        assert str(exc) == "inputs.cpu: expected a number for vRO type 'number', got 'abc' (str)"

    def test_field_prefix(self):
        exc = input_error(_parameters.encode_inputs, {"cpu": "abc"}, decl(cpu="number"), field="runs[2].inputs")
        assert exc.field == "runs[2].inputs.cpu"
        exc = input_error(
            _parameters.encode_inputs,
            {"cpu": 1},
            decl(cpu="number"),
            input_types={"cpx": "number"},
            field="runs[2].inputs",
        )
        assert exc.field == "runs[2].input_types.cpx"

    def test_input_types_override(self):
        params = _parameters.encode_inputs({"n": "5"}, decl(n="string"), input_types={"n": "number"})
        assert params == [{"name": "n", "type": "number", "scope": "local", "value": {"number": {"value": 5}}}]

    def test_input_types_supply_types_without_definition(self):
        params = _parameters.encode_inputs(
            {"n": "5", "s": "x", "t": ["a"]}, None, input_types={"n": "number", "t": "array/String"}
        )
        assert params == [
            {"name": "n", "type": "number", "scope": "local", "value": {"number": {"value": 5}}},
            {"name": "s", "type": "Any", "scope": "local", "value": {"string": {"value": "x"}}},
            {
                "name": "t",
                "type": "Array/string",
                "scope": "local",
                "value": {"array": {"elements": [{"string": {"value": "a"}}]}},
            },
        ]

    def test_no_definition_infers_any(self):
        params = _parameters.encode_inputs({"a": 1, "b": {"k": True}, "c": None}, None)
        assert [(p["name"], p["type"]) for p in params] == [("a", "Any"), ("b", "Any"), ("c", "Any")]
        entries = [{"key": "k", "value": {"boolean": {"value": True}}}]
        assert params[1]["value"] == {"properties": {"property": entries, "properties": entries}}
        assert "value" not in params[2]

    def test_no_definition_checks_names(self):
        exc = input_error(_parameters.encode_inputs, {"bad name": 1}, None)
        assert exc.field == "inputs['bad name']"
        assert "not a valid vRO parameter name" in str(exc)
        assert _parameters.encode_inputs({"näme_$1": 1}, None)[0]["name"] == "näme_$1"

    def test_input_types_unknown_name(self):
        exc = input_error(
            _parameters.encode_inputs, {"vmName": "x"}, decl(vmName="string"), input_types={"vmname": "string"}
        )
        assert exc.field == "input_types.vmname"
        assert "did you mean 'vmName'?" in str(exc)

    def test_input_types_bad_type(self):
        exc = input_error(_parameters.encode_inputs, {"a": "x"}, None, input_types={"a": "strnig"})
        assert exc.field == "input_types.a"
        assert "did you mean 'string'?" in str(exc)

    @pytest.mark.parametrize(
        "input_types, field", [("number", "input_types"), ({1: "number"}, "input_types"), ({"a": 5}, "input_types.a")]
    )
    def test_input_types_junk(self, input_types, field):
        assert input_error(_parameters.encode_inputs, {"a": 1}, None, input_types=input_types).field == field

    def test_undecodable_declared_type(self):
        exc = input_error(_parameters.encode_inputs, {"a": "x"}, decl(a="Weird(type"))
        assert exc.field == "inputs.a"
        assert "set input_types.a to a type it can encode, or send raw parameters" in str(exc)
        # ... but an unset input of that type is fine, and input_types can fix it
        assert _parameters.encode_inputs({"a": None}, decl(a="Weird(type")) == [
            {"name": "a", "type": "Weird(type", "scope": "local"}
        ]
        assert (
            _parameters.encode_inputs({"a": "x"}, decl(a="Weird(type"), input_types={"a": "string"})[0]["type"]
            == "string"
        )

    def test_declared_entries_without_type_are_any(self):
        assert _parameters.encode_inputs({"a": 1}, [{"name": "a"}, "junk", {"type": "string"}])[0]["type"] == "Any"

    @pytest.mark.parametrize("inputs", ["a=1", ["a"], 5])
    def test_inputs_must_be_a_dict(self, inputs):
        assert input_error(_parameters.encode_inputs, inputs, None).field == "inputs"

    def test_input_names_must_be_strings(self):
        assert input_error(_parameters.encode_inputs, {1: "a"}, None).given == "1 (int)"

    def test_declared_must_be_a_list(self):
        assert input_error(_parameters.encode_inputs, {"a": 1}, {"a": "string"}).field == "declared"

    @pytest.mark.parametrize(
        "wire, field, needle",
        [
            ("properties", "wire", "a dict of wire options"),
            ({"properties_key": "property"}, "wire.properties_key", "did you mean 'properties_list_key'?"),
            ({"mime_content_key": "body"}, "wire.mime_content_key", "one of: content, mime-content"),
            ({"secure_string_key": "SecureString"}, "wire.secure_string_key", "one of: secure-string, string"),
        ],
    )
    def test_wire_options_are_checked(self, wire, field, needle):
        exc = input_error(_parameters.encode_inputs, {"a": 1}, None, wire=wire)
        assert exc.field == field
        assert needle in str(exc)

    def test_wire_none_values_mean_default(self):
        params = _parameters.encode_inputs({"p": {"a": 1}}, decl(p="Properties"), wire={"properties_list_key": None})
        assert set(params[0]["value"]["properties"]) == {"property", "properties"}


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


class TestParameterEdges:
    def test_field_prefix_without_inputs_suffix(self):
        exc = input_error(_parameters.encode_inputs, {"a": 1}, None, input_types={"a": "nope"}, field="vars")
        assert exc.field == "input_types.a"
