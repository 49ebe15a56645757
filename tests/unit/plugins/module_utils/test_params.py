# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Example-based spec of the parameter encoder/decoder (``_params``) and of ``_errors``.

Property-based round trips and junk input live in ``test_params_properties.py``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import base64
import copy
import datetime
import json
import os
import sys

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _params as P
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroError, VroInputError

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "fixtures", "samples")
MODULE_UTILS = os.path.join(HERE, "..", "..", "..", "..", "plugins", "module_utils")

UTC = datetime.timezone.utc


def sample(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return json.load(handle)


def enc(vro_type, value, **kwargs):
    return P.encode_value(vro_type, value, "inputs.x", **kwargs)


def input_error(func, *args, **kwargs):
    with pytest.raises(VroInputError) as info:
        func(*args, **kwargs)
    return info.value


def enc_error(vro_type, value, **kwargs):
    return input_error(P.encode_value, vro_type, value, "inputs.x", **kwargs)


def decl(**types):
    return [{"name": name, "type": vro_type} for name, vro_type in types.items()]


# ------------------------------------------------------------------------------------------
# _errors


class TestErrors:
    def test_vro_error_to_fail_json(self):
        exc = VroError("boom", status=500, url=None, detail="x")
        assert str(exc) == "boom"
        assert exc.to_fail_json() == {"msg": "boom", "status": 500, "detail": "x"}

    def test_vro_error_details_cannot_override_failed_or_changed(self):
        assert VroError("boom", failed=False, changed=True).to_fail_json() == {"msg": "boom"}

    def test_input_error_is_a_vro_error_with_fields(self):
        exc = VroInputError(field="inputs.cpu", expected="a number", given="'abc' (str)")
        assert isinstance(exc, VroError)
        assert str(exc) == "inputs.cpu: expected a number, got 'abc' (str)"
        assert (exc.field, exc.expected, exc.given) == ("inputs.cpu", "a number", "'abc' (str)")
        assert exc.to_fail_json() == {
            "msg": "inputs.cpu: expected a number, got 'abc' (str)",
            "field": "inputs.cpu",
            "expected": "a number",
            "given": "'abc' (str)",
        }

    def test_input_error_with_message_and_extra_details(self):
        exc = VroInputError("custom", field="idempotent", expected="no secret inputs", given="pw", hint="h")
        assert str(exc) == "custom"
        assert exc.to_fail_json()["hint"] == "h"

    def test_params_errors_carry_vro_type(self):
        exc = enc_error("number", "abc")
        assert exc.to_fail_json() == {
            "msg": "inputs.x: expected a number for vRO type 'number', got 'abc' (str)",
            "field": "inputs.x",
            "expected": "a number",
            "given": "'abc' (str)",
            "vro_type": "number",
        }


# ------------------------------------------------------------------------------------------
# type strings


class TestParseType:
    @pytest.mark.parametrize(
        "text, kind, canonical",
        [
            ("string", "string", "string"),
            ("String", "string", "string"),
            ("number", "number", "number"),
            ("boolean", "boolean", "boolean"),
            ("SecureString", "secure", "SecureString"),
            ("securestring", "secure", "SecureString"),
            ("EncryptedString", "encrypted", "EncryptedString"),
            ("Date", "date", "Date"),
            ("Regexp", "regex", "Regexp"),
            ("Properties", "properties", "Properties"),
            ("MimeAttachment", "mime", "MimeAttachment"),
            ("Any", "any", "Any"),
            ("Array", "array", "Array"),
            ("Array/string", "array", "Array/string"),
            ("array/Array/number", "array", "Array/Array/number"),
            ("VC:VirtualMachine", "sdk", "VC:VirtualMachine"),
            ("Array/VC:VirtualMachine", "array", "Array/VC:VirtualMachine"),
            ("vCACCAFE:CatalogItem", "sdk", "vCACCAFE:CatalogItem"),
            ("Dynamic:ns.Thing", "sdk", "Dynamic:ns.Thing"),
            ("ResourceElement", "sdk", "ResourceElement"),
            ("Workflow", "sdk", "Workflow"),
            ("CompositeType(a:string,b:number):Pair", "composite", "CompositeType(a:string,b:number):Pair"),
            (
                " CompositeType( a : string , b : Array/VC:VirtualMachine ) : Pair ",
                "composite",
                "CompositeType(a:string,b:Array/VC:VirtualMachine):Pair",
            ),
            ("CompositeType(a:string)", "composite", "CompositeType(a:string)"),
            ("Array/CompositeType(a:string,b:number):Pair", "array", "Array/CompositeType(a:string,b:number):Pair"),
        ],
    )
    def test_known_types(self, text, kind, canonical):
        vtype = P.parse_type(text)
        assert vtype.kind == kind
        assert vtype.render() == canonical

    def test_composite_fields(self):
        vtype = P.parse_type("CompositeType(a:string,vm:VC:VirtualMachine,tags:Array/string):Disk")
        assert [(name, ftype.render()) for name, ftype in vtype.fields] == [
            ("a", "string"),
            ("vm", "VC:VirtualMachine"),
            ("tags", "Array/string"),
        ]
        assert vtype.name == "Disk"

    def test_nested_composite_field_split(self):
        vtype = P.parse_type("CompositeType(a:CompositeType(x:string,y:number):In,b:boolean):Out")
        assert [name for name, _ftype in vtype.fields] == ["a", "b"]
        assert [name for name, _ftype in vtype.fields[0][1].fields] == ["x", "y"]

    @pytest.mark.parametrize(
        "text, why",
        [
            ("strng", "did you mean 'string'?"),
            ("Sting", "did you mean 'string'?"),
            ("Regex", "did you mean 'Regexp'?"),
            ("Array/numbr", "did you mean 'number'?"),
            ("", "a vRO type name"),
            ("Array/", "empty type"),
            ("CompositeType(a:string", "unbalanced parentheses"),
            ("CompositeType(a)", "is not '<name>:<type>'"),
            ("CompositeType(1a:string)", "is not '<name>:<type>'"),
            ("CompositeType(a:string,a:number)", "appears twice"),
            ("CompositeType()", "at least one field"),
            ("CompositeType(a:string)Name", "expected ':<Name>'"),
            ("CompositeType(a:string):", "expected ':<Name>'"),
            ("a b", "unknown type"),
            ("Array/" * 40 + "string", "nested too deeply"),
        ],
    )
    def test_bad_types(self, text, why):
        exc = input_error(P.parse_type, text, "input_types.x")
        assert exc.field == "input_types.x"
        assert why in str(exc)

    @pytest.mark.parametrize("junk", [None, 3, ["string"], {"a": 1}])
    def test_non_string_types(self, junk):
        assert input_error(P.parse_type, junk).expected == "a vRO type name"

    def test_secret_flag(self):
        assert P.parse_type("SecureString").secret
        assert P.parse_type("Array/EncryptedString").secret
        assert P.parse_type("CompositeType(u:string,p:SecureString):Cred").secret
        assert not P.parse_type("Array/string").secret
        assert not P.parse_type("Array").secret


# ------------------------------------------------------------------------------------------
# encode_value / decode_value, type by type


class TestString:
    @pytest.mark.parametrize(
        "value, wire",
        [
            ("Apple", "Apple"),
            ("", ""),
            (123, "123"),
            (-7, "-7"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (datetime.date(2024, 1, 31), "2024-01-31"),
            (datetime.datetime(2024, 1, 31, 10, 0), "2024-01-31T10:00:00"),
            ("ünïcødé ✓", "ünïcødé ✓"),
        ],
    )
    def test_encode(self, value, wire):
        assert enc("string", value) == {"string": {"value": wire}}

    @pytest.mark.parametrize(
        "value, hint",
        [
            (True, 'quote it in YAML ("true")'),
            (False, '("false")'),
            ({"a": 1}, None),
            (["a"], None),
            (None, None),
            (float("nan"), None),
            (float("inf"), None),
            (b"bytes", None),
        ],
    )
    def test_reject(self, value, hint):
        exc = enc_error("string", value)
        assert exc.field == "inputs.x"
        assert str(exc).startswith("inputs.x: expected a string for vRO type 'string', got ")
        if hint:
            assert hint in str(exc)

    def test_decode(self):
        assert P.decode_value({"string": {"value": "Apple"}}) == "Apple"
        assert P.decode_value({"string": {}}) is None
        assert P.decode_value({"string": "flat"}) == "flat"

    def test_regexp(self):
        assert enc("Regexp", "^a.*$") == {"regex": {"value": "^a.*$"}}
        assert P.decode_value({"regex": {"value": "^a.*$"}}) == "^a.*$"
        assert str(enc_error("Regexp", ["x"])).startswith(
            "inputs.x: expected a regular expression string for vRO type 'Regexp'"
        )


class TestNumber:
    @pytest.mark.parametrize(
        "value, wire",
        [
            (20, 20),
            (0, 0),
            (-3, -3),
            (1.5, 1.5),
            (4.0, 4.0),
            ("4", 4),
            (" 4 ", 4),
            ("-4.5", -4.5),
            ("1e3", 1000.0),
            (".5", 0.5),
            ("+7", 7),
            (2**53, 2**53),
            (-(2**53), -(2**53)),
            (1e300, 1e300),
        ],
    )
    def test_encode(self, value, wire):
        encoded = enc("number", value)
        assert encoded == {"number": {"value": wire}}
        assert type(encoded["number"]["value"]) is type(wire)

    @pytest.mark.parametrize(
        "value, expected, hint",
        [
            ("abc", "a number", None),
            ("", "a number", None),
            ("4,5", "a number", None),
            ("0x10", "a number", None),
            ("1_000", "a number", None),
            ("\u0664", "a number", None),  # an Arabic-Indic digit: int() would take it, we do not
            ("nan", "a number", None),
            ("1e999", "a finite number", None),
            (True, "a number", "booleans are not numbers"),
            (float("nan"), "a finite number", None),
            (float("-inf"), "a finite number", None),
            (2**53 + 1, "a number between -2**53 and 2**53", "pass it as a string"),
            ("9007199254740993", "a number between -2**53 and 2**53", None),
            ("9" * 5000, "a number", None),
            ([1], "a number", None),
            (None, "a number", None),
        ],
    )
    def test_reject(self, value, expected, hint):
        exc = enc_error("number", value)
        assert exc.field == "inputs.x"
        assert exc.expected == expected
        if hint:
            assert hint in str(exc)

    def test_message(self):
        assert str(enc_error("number", "abc")) == "inputs.x: expected a number for vRO type 'number', got 'abc' (str)"

    @pytest.mark.parametrize(
        "wire, plain",
        [
            (326.0, 326),
            (20, 20),
            (1.5, 1.5),
            (-0.0, 0),
            (1e300, 1e300),
            (float(2**53), 2**53),
            (float(2**54), float(2**54)),
            ("326.0", 326),
            ("x", "x"),
            (None, None),
        ],
    )
    def test_decode(self, wire, plain):
        decoded = P.decode_value({"number": {"value": wire}})
        assert decoded == plain
        assert type(decoded) is type(plain)

    def test_decode_missing_value(self):
        assert P.decode_value({"number": {}}) is None


class TestBoolean:
    @pytest.mark.parametrize(
        "value, wire",
        [
            (True, True),
            (False, False),
            ("true", True),
            ("TRUE", True),
            ("Yes", True),
            (" no ", False),
            ("False", False),
        ],
    )
    def test_encode(self, value, wire):
        assert enc("boolean", value) == {"boolean": {"value": wire}}

    @pytest.mark.parametrize("value", ["maybe", "1", "", 1, 0, None, [True], "on"])
    def test_reject(self, value):
        exc = enc_error("boolean", value)
        assert exc.expected == "a boolean (true/false/yes/no)"
        assert exc.field == "inputs.x"

    def test_decode(self):
        assert P.decode_value({"boolean": {"value": False}}) is False
        assert P.decode_value({"boolean": {"value": "true"}}) is True


class TestSecrets:
    def test_secure_string_default_key(self):
        assert enc("SecureString", "s3cret") == {"secure-string": {"value": "s3cret"}}

    def test_secure_string_old_key(self):
        assert enc("SecureString", "s3cret", wire={"secure_string_key": "string"}) == {"string": {"value": "s3cret"}}

    def test_encrypted_string(self):
        assert enc("EncryptedString", "s3cret") == {"encrypted-string": {"value": "s3cret"}}
        # the secure_string_key option is about SecureString only
        assert enc("EncryptedString", "s", wire={"secure_string_key": "string"}) == {"encrypted-string": {"value": "s"}}

    def test_numbers_become_text(self):
        assert enc("SecureString", 1234) == {"secure-string": {"value": "1234"}}

    @pytest.mark.parametrize("vro_type", ["SecureString", "EncryptedString"])
    @pytest.mark.parametrize("value", [{"pw": "hunter2"}, ["hunter2"], True])
    def test_errors_never_show_the_value(self, vro_type, value):
        exc = enc_error(vro_type, value)
        assert "hunter2" not in str(exc) and "True" not in str(exc)
        assert exc.given.startswith("<secret> (")
        assert "hunter2" not in json.dumps(exc.to_fail_json())

    def test_errors_inside_secret_containers_are_masked(self):
        exc = enc_error("Array/SecureString", "hunter2")
        assert "hunter2" not in str(exc) and exc.given == "<secret> (str)"
        exc = enc_error("CompositeType(user:string,pw:SecureString):Cred", "hunter2")
        assert "hunter2" not in str(exc)
        exc = enc_error("Array/SecureString", ["ok", {"x": "hunter2"}])
        assert exc.field == "inputs.x[1]" and "hunter2" not in str(exc)

    @pytest.mark.parametrize(
        "vro_type, name", [("SecureString", "SecureString"), ("EncryptedString", "EncryptedString")]
    )
    def test_masked_value_is_refused(self, vro_type, name):
        exc = input_error(P.encode_inputs, {"password": P.SECRET_MASK}, decl(password=vro_type))
        assert str(exc) == "inputs.password is a masked %s from an earlier run; give the real value" % name
        assert exc.field == "inputs.password"

    def test_masked_value_in_array_is_refused(self):
        exc = input_error(P.encode_inputs, {"pws": ["real", P.SECRET_MASK]}, decl(pws="Array/SecureString"))
        assert str(exc) == "inputs.pws[1] is a masked SecureString from an earlier run; give the real value"

    def test_mask_is_fine_for_plain_strings(self):
        assert P.encode_inputs({"s": P.SECRET_MASK}, decl(s="string"))[0]["value"] == {
            "string": {"value": P.SECRET_MASK}
        }

    def test_decode_value_gives_clear_text(self):
        assert P.decode_value({"secure-string": {"value": "s3cret"}}) == "s3cret"
        assert P.decode_value({"encrypted-string": {"value": "s3cret"}}) == "s3cret"

    def test_decode_parameters_masks_and_collects(self):
        params = [
            {"name": "pw", "type": "SecureString", "scope": "local", "value": {"secure-string": {"value": "s3cret"}}},
            {"name": "old", "type": "SecureString", "scope": "local", "value": {"string": {"value": "old7x"}}},
            {"name": "enc", "type": "EncryptedString", "scope": "local", "value": {"encrypted-string": {"value": "e"}}},
            {"name": "dup", "type": "SecureString", "scope": "local", "value": {"secure-string": {"value": "s3cret"}}},
            {"name": "empty", "type": "SecureString", "scope": "local", "value": {"secure-string": {"value": ""}}},
            {"name": "unset", "type": "SecureString", "scope": "local"},
            {
                "name": "arr",
                "type": "Array/SecureString",
                "scope": "local",
                "value": {"array": {"elements": [{"string": {"value": "a1"}}, {"secure-string": {"value": "a2"}}]}},
            },
            {
                "name": "comp",
                "type": "CompositeType(user:string,pw:SecureString):Cred",
                "scope": "local",
                "value": {
                    "composite": {
                        "type": "CompositeType(user:string,pw:SecureString):Cred",
                        "property": [
                            {"id": "user", "value": {"string": {"value": "bob"}}},
                            {"id": "pw", "value": {"string": {"value": "cpw"}}},
                        ],
                    }
                },
            },
            {
                "name": "props",
                "type": "Properties",
                "scope": "local",
                "value": {"properties": {"property": [{"key": "k", "value": {"secure-string": {"value": "ppw"}}}]}},
            },
            {"name": "plain", "type": "string", "scope": "local", "value": {"string": {"value": "visible"}}},
        ]
        plain, secrets = P.decode_parameters(params)
        mask = P.SECRET_MASK
        assert plain == {
            "pw": mask,
            "old": mask,
            "enc": mask,
            "dup": mask,
            "empty": mask,
            "unset": None,
            "arr": [mask, mask],
            "comp": {"user": "bob", "pw": mask},
            "props": {"k": mask},
            "plain": "visible",
        }
        assert secrets == ["s3cret", "old7x", "e", "a1", "a2", "cpw", "ppw"]

    def test_secret_values_and_mask_parameters(self):
        params = P.encode_inputs(
            {"user": "bob", "pw": "s3cret", "pws": ["a", "b"], "cred": {"u": "x", "p": "cp"}, "none": None},
            decl(
                user="string",
                pw="SecureString",
                pws="Array/EncryptedString",
                cred="CompositeType(u:string,p:SecureString):Cred",
                none="SecureString",
            ),
        )
        original = copy.deepcopy(params)
        assert P.secret_values(params) == ["s3cret", "a", "b", "cp"]
        masked = P.mask_parameters(params)
        assert params == original  # not mutated
        assert masked[0] == params[0]
        assert masked[1]["value"] == {"secure-string": {"value": P.SECRET_MASK}}
        assert masked[2]["value"] == {"array": {"elements": [{"encrypted-string": {"value": P.SECRET_MASK}}] * 2}}
        assert masked[3]["value"]["composite"]["property"] == [
            {"id": "u", "value": {"string": {"value": "x"}}},
            {"id": "p", "value": {"secure-string": {"value": P.SECRET_MASK}}},
        ]
        assert masked[4] == params[4]
        assert P.secret_values(masked) == []

    def test_secret_values_with_old_string_key(self):
        params = P.encode_inputs({"pw": "s3cret"}, decl(pw="SecureString"), wire={"secure_string_key": "string"})
        assert params[0]["value"] == {"string": {"value": "s3cret"}}
        assert P.secret_values(params) == ["s3cret"]
        assert P.mask_parameters(params)[0]["value"] == {"string": {"value": P.SECRET_MASK}}

    def test_secret_values_in_raw_parameters(self):
        raw = P.validate_raw_parameters(
            [
                {"name": "pw", "type": "SecureString", "value": {"secure-string": {"value": "rawpw"}}},
                {
                    "name": "p",
                    "type": "Properties",
                    "value": {
                        "properties": {"properties": [{"key": "k", "value": {"encrypted-string": {"value": "nested"}}}]}
                    },
                },
                {"name": "odd", "type": "CompositeType(", "value": {"string": {"value": "not secret"}}},
            ]
        )
        assert P.secret_values(raw) == ["rawpw", "nested"]
        masked = P.mask_parameters(raw)
        assert masked[1]["value"]["properties"]["properties"][0]["value"] == {
            "encrypted-string": {"value": P.SECRET_MASK}
        }
        assert masked[2] == raw[2]

    @pytest.mark.parametrize(
        "junk", [None, 5, "x", [None, 1, "x", {"value": 3}, {"name": "a", "type": 5, "value": []}]]
    )
    def test_secret_helpers_tolerate_junk(self, junk):
        assert P.secret_values(junk) == []
        assert P.mask_parameters(junk) == junk


class TestDate:
    @pytest.mark.parametrize(
        "value, wire",
        [
            ("2024-06-27T01:46:55.891+00:00", "2024-06-27T01:46:55.891+00:00"),
            ("2024-06-27T01:46:55.891Z", "2024-06-27T01:46:55.891+00:00"),
            ("2024-06-27T01:46:55.891234567Z", "2024-06-27T01:46:55.891+00:00"),
            ("2024-06-27T01:46:55,5+02:00", "2024-06-27T01:46:55.500+02:00"),
            ("2024-06-27T01:46:55-0530", "2024-06-27T01:46:55.000-05:30"),
            ("2024-06-27T01:46+01", "2024-06-27T01:46:00.000+01:00"),
            ("2024-06-27 01:46:55", "2024-06-27T01:46:55.000+00:00"),
            ("2024-06-27", "2024-06-27T00:00:00.000+00:00"),
            (" 2024-06-27 ", "2024-06-27T00:00:00.000+00:00"),
            (datetime.date(2024, 6, 27), "2024-06-27T00:00:00.000+00:00"),
            (datetime.datetime(2024, 6, 27, 1, 46, 55, 891999), "2024-06-27T01:46:55.891+00:00"),
            (
                datetime.datetime(2024, 6, 27, 1, 2, 3, tzinfo=datetime.timezone(datetime.timedelta(hours=-7))),
                "2024-06-27T01:02:03.000-07:00",
            ),
            (datetime.datetime(5, 1, 2, tzinfo=UTC), "0005-01-02T00:00:00.000+00:00"),
        ],
    )
    def test_encode(self, value, wire):
        assert enc("Date", value) == {"date": {"value": wire}}

    @pytest.mark.parametrize(
        "value",
        [
            "2024-13-01",
            "2024-02-30",
            "2024-06-27T25:00",
            "2024-06-27T01:46:55+24:00",
            "27/06/2024",
            "yesterday",
            "",
            1719452815891,
            True,
            None,
            ["2024-06-27"],
            datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(seconds=30))),
        ],
    )
    def test_reject(self, value):
        exc = enc_error("Date", value)
        assert exc.expected == "an ISO 8601 date/time string or a date"
        assert exc.field == "inputs.x"

    @pytest.mark.parametrize(
        "wire, plain",
        [
            ("2024-06-27T01:46:55.891+00:00", "2024-06-27T01:46:55.891+00:00"),
            ("2024-06-27T01:46:55Z", "2024-06-27T01:46:55.000+00:00"),
            ("2012-01-31T14:28:40.223+03:00", "2012-01-31T14:28:40.223+03:00"),
            (1419025426833, "2014-12-19T21:43:46.833+00:00"),
            (1419025426833.0, "2014-12-19T21:43:46.833+00:00"),
            ("1419025426833", "2014-12-19T21:43:46.833+00:00"),
            ("not a date", "not a date"),
            (10**20, 10**20),
            (None, None),
        ],
    )
    def test_decode(self, wire, plain):
        assert P.decode_value({"date": {"value": wire}}) == plain

    def test_decoded_dates_replay(self):
        assert enc("Date", P.decode_value({"date": {"value": 1419025426833}})) == {
            "date": {"value": "2014-12-19T21:43:46.833+00:00"}
        }


class TestArray:
    def test_encode_strings(self):
        assert enc("Array/string", ["role[base]", "role[api]"]) == {
            "array": {"elements": [{"string": {"value": "role[base]"}}, {"string": {"value": "role[api]"}}]}
        }

    def test_empty(self):
        assert enc("Array/number", []) == {"array": {"elements": []}}
        assert P.decode_value({"array": {"elements": []}}) == []
        assert P.decode_value({"array": {}}) == []

    def test_tuple(self):
        assert enc("Array/number", (1, "2")) == {
            "array": {"elements": [{"number": {"value": 1}}, {"number": {"value": 2}}]}
        }

    def test_nested(self):
        wire = enc("Array/Array/number", [[1], [2, 3]])
        assert wire == {
            "array": {
                "elements": [
                    {"array": {"elements": [{"number": {"value": 1}}]}},
                    {"array": {"elements": [{"number": {"value": 2}}, {"number": {"value": 3}}]}},
                ]
            }
        }
        assert P.decode_value(wire) == [[1], [2, 3]]

    def test_bare_array_is_any(self):
        assert enc("Array", ["a", 1, True, {"k": "v"}]) == {
            "array": {
                "elements": [
                    {"string": {"value": "a"}},
                    {"number": {"value": 1}},
                    {"boolean": {"value": True}},
                    {"properties": {"property": [{"key": "k", "value": {"string": {"value": "v"}}}]}},
                ]
            }
        }

    def test_sdk_elements(self):
        assert enc("Array/VC:VirtualMachine", ["vm-1", {"id": "vm-2", "href": "https://h/x/"}]) == {
            "array": {
                "elements": [
                    {"sdk-object": {"type": "VC:VirtualMachine", "id": "vm-1"}},
                    {"sdk-object": {"type": "VC:VirtualMachine", "id": "vm-2", "href": "https://h/x/"}},
                ]
            }
        }

    @pytest.mark.parametrize(
        "value, field, expected",
        [
            ("a", "inputs.x", "a list"),
            ({"a": 1}, "inputs.x", "a list"),
            (["a", None], "inputs.x[1]", "a string"),
            (["a", ["b"]], "inputs.x[1]", "a string"),
            ([[1], [2, "z"]], "inputs.x[1][1]", "a number"),
        ],
    )
    def test_errors_name_the_element(self, value, field, expected):
        vro_type = "Array/Array/number" if field.count("[") == 2 else "Array/string"
        exc = enc_error(vro_type, value)
        assert exc.field == field
        assert exc.expected == expected

    def test_example_field_in_message(self):
        exc = input_error(P.encode_inputs, {"tags": ["a", "b", 3.5, {}]}, decl(tags="Array/string"))
        assert str(exc) == "inputs.tags[3]: expected a string for vRO type 'string', got {} (dict)"

    def test_decode_variants(self):
        assert P.decode_value({"array": {"elements": {"string": {"value": "one"}}}}) == ["one"]
        assert P.decode_value({"array": [{"number": {"value": 1.0}}]}) == [1]
        assert P.decode_value({"array": {"elements": None}}) == []
        assert P.decode_value({"array": {"elements": [{}, None]}}) == [None, None]


class TestProperties:
    VALUE = {
        "s": "v",
        "b": False,
        "n": 2,
        "f": 1.5,
        "d": {"inner": "x"},
        "l": [1, "two"],
        "dt": datetime.date(2024, 1, 2),
    }

    def wire(self, list_key="property"):
        return {
            "properties": {
                list_key: [
                    {"key": "s", "value": {"string": {"value": "v"}}},
                    {"key": "b", "value": {"boolean": {"value": False}}},
                    {"key": "n", "value": {"number": {"value": 2}}},
                    {"key": "f", "value": {"number": {"value": 1.5}}},
                    {
                        "key": "d",
                        "value": {"properties": {list_key: [{"key": "inner", "value": {"string": {"value": "x"}}}]}},
                    },
                    {
                        "key": "l",
                        "value": {"array": {"elements": [{"number": {"value": 1}}, {"string": {"value": "two"}}]}},
                    },
                    {"key": "dt", "value": {"date": {"value": "2024-01-02T00:00:00.000+00:00"}}},
                ]
            }
        }

    def test_encode_default_key(self):
        assert enc("Properties", self.VALUE) == self.wire("property")

    def test_encode_spec_key(self):
        assert enc("Properties", self.VALUE, wire={"properties_list_key": "properties"}) == self.wire("properties")

    @pytest.mark.parametrize("list_key", ["property", "properties"])
    def test_decode_both_keys(self, list_key):
        expected = dict(self.VALUE, dt="2024-01-02T00:00:00.000+00:00")
        assert P.decode_value(self.wire(list_key)) == expected

    def test_decode_odd_shapes(self):
        assert P.decode_value({"properties": {}}) == {}
        assert P.decode_value({"properties": {"property": {"key": "one", "value": {"string": {"value": "1"}}}}}) == {
            "one": "1"
        }
        assert P.decode_value(
            {"properties": [{"key": "a"}, {"value": {"string": {"value": "lost"}}}, "junk", {"key": 5}]}
        ) == {"a": None, "5": None}

    def test_empty_and_odd_keys(self):
        assert enc("Properties", {}) == {"properties": {"property": []}}
        assert enc("Properties", {"": "e", "a b": 1})["properties"]["property"][0] == {
            "key": "",
            "value": {"string": {"value": "e"}},
        }

    @pytest.mark.parametrize(
        "value, field, expected",
        [
            ("text", "inputs.x", "a dict with string keys"),
            ([("a", 1)], "inputs.x", "a dict with string keys"),
            ({1: "a"}, "inputs.x", "a dict with string keys"),
            ({"a": None}, "inputs.x.a", "a string, number, boolean, date, list or dict"),
            ({"a b": {"c": [1, float("nan")]}}, "inputs.x['a b'].c[1]", "a finite number"),
            ({"big": 2**60}, "inputs.x.big", "a number between -2**53 and 2**53"),
            ({"s": {1, 2}}, "inputs.x.s", "a string, number, boolean, date, list or dict"),
        ],
    )
    def test_errors(self, value, field, expected):
        exc = enc_error("Properties", value)
        assert exc.field == field
        assert exc.expected == expected

    def test_non_string_key_message(self):
        assert "key 1 is not a string" in str(enc_error("Properties", {1: "a"}))


class TestComposite:
    TYPE = "CompositeType(name:string,size:number,tags:Array/string,vm:VC:VirtualMachine):Disk"

    def test_encode(self):
        wire = enc(self.TYPE, {"name": "d1", "size": "10", "tags": ["a"], "vm": "vm-1"})
        assert wire == {
            "composite": {
                "type": self.TYPE,
                "property": [
                    {"id": "name", "value": {"string": {"value": "d1"}}},
                    {"id": "size", "value": {"number": {"value": 10}}},
                    {"id": "tags", "value": {"array": {"elements": [{"string": {"value": "a"}}]}}},
                    {"id": "vm", "value": {"sdk-object": {"type": "VC:VirtualMachine", "id": "vm-1"}}},
                ],
            }
        }
        assert P.decode_value(wire) == {
            "name": "d1",
            "size": 10,
            "tags": ["a"],
            "vm": {"type": "VC:VirtualMachine", "id": "vm-1", "href": None, "display_value": None},
        }

    def test_wire_type_is_the_declared_text(self):
        declared = "CompositeType(a: string):Name"
        assert enc(declared, {"a": "x"})["composite"]["type"] == declared

    def test_input_types_are_canonicalised(self):
        params = P.encode_inputs({"c": {"a": "x"}}, None, input_types={"c": "compositetype(a: String)"})
        assert params[0]["type"] == "CompositeType(a:string)"
        assert params[0]["value"]["composite"]["type"] == "CompositeType(a:string)"

    def test_null_field_is_unset(self):
        wire = enc("CompositeType(a:string,b:number):P", {"a": "x", "b": None})
        assert wire["composite"]["property"] == [{"id": "a", "value": {"string": {"value": "x"}}}, {"id": "b"}]
        assert P.decode_value(wire) == {"a": "x", "b": None}

    def test_unknown_field(self):
        exc = enc_error("CompositeType(diskName:string,size:number):Disk", {"diskname": "x", "size": 1})
        assert exc.field == "inputs.x.diskname"
        assert "did you mean 'diskName'?" in str(exc)
        assert "Valid: diskName, size" in str(exc)

    def test_missing_field(self):
        exc = enc_error("CompositeType(a:string,b:number,c:boolean):P", {"a": "x"})
        assert exc.field == "inputs.x"
        assert str(exc) == (
            "inputs.x: missing fields b, c of vRO type 'CompositeType(a:string,b:number,c:boolean):P' "
            "(give null to leave a field unset)"
        )

    def test_bad_field_value(self):
        exc = enc_error("CompositeType(a:string,b:number):P", {"a": "x", "b": "many"})
        assert exc.field == "inputs.x.b"
        assert exc.expected == "a number"

    def test_not_a_dict(self):
        exc = enc_error("CompositeType(a:string,b:number):P", ["x", 1])
        assert exc.expected == "a dict with fields a, b"

    def test_array_of_composites(self):
        wire = enc("Array/CompositeType(a:string):P", [{"a": "1"}, {"a": "2"}])
        assert [e["composite"]["type"] for e in wire["array"]["elements"]] == ["CompositeType(a:string):P"] * 2
        assert P.decode_value(wire) == [{"a": "1"}, {"a": "2"}]

    @pytest.mark.parametrize(
        "inner",
        [
            {"type": "T", "property": [{"id": "a", "value": {"string": {"value": "x"}}}]},
            {"type": "T", "properties": [{"id": "a", "value": {"string": {"value": "x"}}}]},
            {"CompositeObjectValue": [{"composite-value": {"id": "a", "value": {"string": {"value": "x"}}}}]},
            {"property": [{"composite-value": {"id": "a", "value": {"string": {"value": "x"}}}}]},
            {"property": {"id": "a", "value": {"string": {"value": "x"}}}},
        ],
    )
    def test_decode_variants(self, inner):
        assert P.decode_value({"composite": inner}) == {"a": "x"}


class TestSdkObject:
    def test_encode_id(self):
        assert enc("VC:VirtualMachine", "vrafqdn,id:vm-13387") == {
            "sdk-object": {"type": "VC:VirtualMachine", "id": "vrafqdn,id:vm-13387"}
        }

    def test_encode_dict(self):
        assert enc(
            "VC:VmFolder", {"id": "f", "type": "VC:VmFolder", "href": "https://h/f/", "display_value": "Folder"}
        ) == {"sdk-object": {"type": "VC:VmFolder", "id": "f", "href": "https://h/f/"}}

    def test_system_type(self):
        assert enc("ResourceElement", "abc-123") == {"sdk-object": {"type": "ResourceElement", "id": "abc-123"}}

    @pytest.mark.parametrize(
        "value, field, needle",
        [
            ("", "inputs.x", "a non-empty object id"),
            (5, "inputs.x", "an object id string or a dict with id"),
            ({"type": "VC:VirtualMachine"}, "inputs.x.id", "a non-empty object id string"),
            ({"id": ""}, "inputs.x.id", "a non-empty object id string"),
            (
                {"id": "x", "type": "VC:Datastore"},
                "inputs.x.type",
                "the object's type 'VC:Datastore' is not the declared vRO type 'VC:VirtualMachine'",
            ),
            ({"id": "x", "href": 5}, "inputs.x.href", "a URL string"),
            ({"id": "x", "Href": "h"}, "inputs.x.Href", "did you mean 'href'?"),
            ({"id": "x", "display_value": 3}, "inputs.x.display_value", "a string"),
        ],
    )
    def test_errors(self, value, field, needle):
        exc = enc_error("VC:VirtualMachine", value)
        assert exc.field == field
        assert needle in str(exc)

    @pytest.mark.parametrize(
        "inner, plain",
        [
            (
                {"type": "VC:VmFolder", "id": "f", "href": "h", "displayValue": "F"},
                {"type": "VC:VmFolder", "id": "f", "href": "h", "display_value": "F"},
            ),
            (
                {"type": "VC:VmFolder", "id": "f", "display-value": "F"},
                {"type": "VC:VmFolder", "id": "f", "href": None, "display_value": "F"},
            ),
            ({"id": "f"}, {"type": None, "id": "f", "href": None, "display_value": None}),
            ("f", {"type": None, "id": "f", "href": None, "display_value": None}),
        ],
    )
    def test_decode(self, inner, plain):
        assert P.decode_value({"sdk-object": inner}) == plain

    def test_decoded_replays_as_is(self):
        wire = {"sdk-object": {"type": "VC:VmFolder", "id": "f", "href": "https://h/f/", "displayValue": "Folder"}}
        assert enc("VC:VmFolder", P.decode_value(wire)) == {
            "sdk-object": {"type": "VC:VmFolder", "id": "f", "href": "https://h/f/"}
        }

    def test_decoded_sdk_inside_properties_replays_as_sdk(self):
        wire = {
            "properties": {
                "property": [
                    {"key": "vm", "value": {"sdk-object": {"type": "VC:VirtualMachine", "id": "v", "href": "h"}}}
                ]
            }
        }
        assert enc("Properties", P.decode_value(wire)) == wire

    def test_plain_dict_with_some_sdk_keys_stays_properties(self):
        assert "properties" in enc("Any", {"type": "VC:VirtualMachine", "id": "v"})


class TestMimeAttachment:
    def reader(self, files):
        calls = []

        def read_file(path):
            calls.append(path)
            if path not in files:
                raise IOError("No such file or directory: %r" % path)
            return files[path]

        read_file.calls = calls
        return read_file

    def test_path(self):
        read_file = self.reader({"/tmp/dir/cert.pem": b"\x00\x01binary"})
        wire = enc(
            "MimeAttachment",
            {"path": "/tmp/dir/cert.pem", "mime_type": "application/x-x509-ca-cert"},
            read_file=read_file,
        )
        assert wire == {
            "mime-attachment": {
                "name": "cert.pem",
                "mime-type": "application/x-x509-ca-cert",
                "content": base64.b64encode(b"\x00\x01binary").decode(),
            }
        }
        assert read_file.calls == ["/tmp/dir/cert.pem"]

    def test_path_windows_and_name_override(self):
        read_file = self.reader({"C:\\data\\a.csv": b"a,b"})
        wire = enc("MimeAttachment", {"path": "C:\\data\\a.csv"}, read_file=read_file)
        assert wire["mime-attachment"]["name"] == "a.csv"
        assert wire["mime-attachment"]["mime-type"] == "application/octet-stream"
        wire = enc("MimeAttachment", {"path": "C:\\data\\a.csv", "name": "b.csv"}, read_file=read_file)
        assert wire["mime-attachment"]["name"] == "b.csv"

    def test_reader_may_return_text(self):
        wire = enc("MimeAttachment", {"path": "t.txt"}, read_file=lambda path: "héllo")
        assert base64.b64decode(wire["mime-attachment"]["content"]) == "héllo".encode("utf-8")

    def test_path_without_reader(self):
        exc = enc_error("MimeAttachment", {"path": "/etc/hosts"})
        assert exc.field == "inputs.x.path"
        assert str(exc) == (
            "inputs.x.path: cannot read '/etc/hosts' here (no file reader was given); "
            "pass content or content_base64 instead"
        )

    def test_unreadable_path(self):
        exc = enc_error("MimeAttachment", {"path": "/nope"}, read_file=self.reader({}))
        assert exc.field == "inputs.x.path"
        assert str(exc).startswith("inputs.x.path: cannot read '/nope': No such file or directory")

    def test_reader_returning_junk_is_a_programming_error(self):
        with pytest.raises(TypeError):
            enc("MimeAttachment", {"path": "x"}, read_file=lambda path: 5)

    def test_read_file_must_be_callable(self):
        with pytest.raises(TypeError):
            enc("string", "x", read_file="not callable")

    def test_content_text(self):
        wire = enc("MimeAttachment", {"content": "a,b\n1,2\n", "name": "t.csv", "mime_type": "text/csv"})
        assert wire == {
            "mime-attachment": {
                "name": "t.csv",
                "mime-type": "text/csv",
                "content": base64.b64encode(b"a,b\n1,2\n").decode(),
            }
        }

    def test_content_without_name(self):
        assert enc("MimeAttachment", {"content": "x"}) == {
            "mime-attachment": {"mime-type": "application/octet-stream", "content": "eA=="}
        }

    def test_content_base64_is_canonicalised(self):
        wire = enc("MimeAttachment", {"content_base64": "aGVs\nbG8=", "name": "h"})
        assert wire["mime-attachment"]["content"] == "aGVsbG8="

    def test_spec_content_key(self):
        wire = enc("MimeAttachment", {"content": "x"}, wire={"mime_content_key": "mime-content"})
        assert wire == {"mime-attachment": {"mime-type": "application/octet-stream", "mime-content": "eA=="}}

    @pytest.mark.parametrize(
        "inner",
        [
            {"name": "h.txt", "mime-type": "text/plain", "content": "aGVsbG8="},
            {"name": "h.txt", "mime-type": "text/plain", "mime-content": "aGVsbG8="},
            {"name": "h.txt", "mimeType": "text/plain", "content": "aGVs\r\nbG8="},
        ],
    )
    def test_decode(self, inner):
        assert P.decode_value({"mime-attachment": inner}) == {
            "name": "h.txt",
            "mime_type": "text/plain",
            "content_base64": "aGVsbG8=",
        }

    def test_decode_keeps_broken_content(self):
        assert P.decode_value({"mime-attachment": {"content": "!!"}}) == {
            "name": None,
            "mime_type": None,
            "content_base64": "!!",
        }

    def test_decoded_replays(self):
        wire = {"mime-attachment": {"name": "h.txt", "mime-type": "text/plain", "content": "aGVsbG8="}}
        assert enc("MimeAttachment", P.decode_value(wire)) == wire
        assert enc("Properties", P.decode_value({"properties": {"property": [{"key": "f", "value": wire}]}})) == {
            "properties": {"property": [{"key": "f", "value": wire}]}
        }

    @pytest.mark.parametrize(
        "value, field, needle",
        [
            ("file.txt", "inputs.x", "a dict with one of path, content or content_base64"),
            ({}, "inputs.x", "exactly one of path, content or content_base64, got none"),
            ({"content": "a", "path": "b"}, "inputs.x", "got path, content"),
            ({"content": "a", "nmae": "b"}, "inputs.x.nmae", "did you mean 'name'?"),
            ({"content": 5}, "inputs.x.content", "a text string"),
            ({"content": "\ud800"}, "inputs.x.content", "UTF-8"),
            ({"content_base64": "not base64!"}, "inputs.x.content_base64", "a base64 string"),
            ({"content": "a", "name": 3}, "inputs.x.name", "a file name string"),
            ({"content": "a", "mime_type": "text"}, "inputs.x.mime_type", "a MIME type like text/plain"),
            ({"path": ""}, "inputs.x.path", "a file path string"),
        ],
    )
    def test_errors(self, value, field, needle):
        exc = enc_error("MimeAttachment", value, read_file=lambda path: b"")
        assert exc.field == field
        assert needle in str(exc)


class TestAny:
    @pytest.mark.parametrize(
        "value, wire",
        [
            ("s", {"string": {"value": "s"}}),
            ("4", {"string": {"value": "4"}}),
            (True, {"boolean": {"value": True}}),
            (4, {"number": {"value": 4}}),
            (4.5, {"number": {"value": 4.5}}),
            (datetime.date(2024, 1, 2), {"date": {"value": "2024-01-02T00:00:00.000+00:00"}}),
            ([1], {"array": {"elements": [{"number": {"value": 1}}]}}),
            ({"a": "b"}, {"properties": {"property": [{"key": "a", "value": {"string": {"value": "b"}}}]}}),
            (
                {"type": "VC:Host", "id": "h", "href": None, "display_value": None},
                {"sdk-object": {"type": "VC:Host", "id": "h"}},
            ),
        ],
    )
    def test_inference(self, value, wire):
        assert enc("Any", value) == wire

    @pytest.mark.parametrize("value", [None, b"x", {1, 2}, object(), float("nan"), 2**64])
    def test_reject(self, value):
        exc = enc_error("Any", value)
        assert exc.field == "inputs.x"
        assert exc.given
        assert "vRO type 'Any'" in str(exc)

    def test_decode_attribute_reference(self):
        assert P.decode_value(
            {"attribute-reference": {"configurationElementId": "c", "configurationElementKey": "k"}}
        ) == {"config_id": "c", "config_key": "k", "config_name": None}


class TestDecodeTolerance:
    @pytest.mark.parametrize(
        "keyed, plain",
        [
            (None, None),
            ({}, None),
            ({"value": 3}, 3),
            ({"objectType": "string", "value": "flat"}, "flat"),
            ({"objectType": "number", "value": 2.0}, 2),
            ({"secureString": {"value": "x"}}, "x"),
            (
                {"sdkObject": {"type": "T:t", "id": "i"}},
                {"type": "T:t", "id": "i", "href": None, "display_value": None},
            ),
            ({"mimeAttachment": {"content": "eA=="}}, {"name": None, "mime_type": None, "content_base64": "eA=="}),
            ({"SecureString": {"value": "x"}}, "x"),
            ({"future-type": {"value": 7}}, 7),
            ({"future-type": [1]}, [1]),
            ("already plain", "already plain"),
            ([1, 2], [1, 2]),
            ({"string": {"value": "x"}, "objectType": "string"}, "x"),
        ],
    )
    def test_shapes(self, keyed, plain):
        assert P.decode_value(keyed) == plain

    def test_decode_parameters_skips_junk_and_handles_missing_values(self):
        plain, secrets = P.decode_parameters(
            [
                "junk",
                None,
                {"type": "string"},
                {"name": 5},
                {"name": "a", "type": "string", "scope": "local"},
                {"name": "b", "type": "string", "value": None},
                {"name": "c", "type": "Not a type(", "value": {"string": {"value": "c"}}},
            ]
        )
        assert plain == {"a": None, "b": None, "c": "c"}
        assert secrets == []

    @pytest.mark.parametrize("junk", [None, "x", 3, {"name": "a"}])
    def test_decode_parameters_of_non_lists(self, junk):
        assert P.decode_parameters(junk) == ({}, [])


# ------------------------------------------------------------------------------------------
# encode_inputs


class TestEncodeInputs:
    def test_basic(self):
        assert P.encode_inputs({"a": "Apple", "b": 20}, decl(a="string", b="number")) == [
            {"name": "a", "type": "string", "scope": "local", "value": {"string": {"value": "Apple"}}},
            {"name": "b", "type": "number", "scope": "local", "value": {"number": {"value": 20}}},
        ]

    def test_none_value_is_unset(self):
        assert P.encode_inputs({"ds": None}, decl(ds="VC:Datastore")) == [
            {"name": "ds", "type": "VC:Datastore", "scope": "local"}
        ]

    def test_empty_and_none_inputs(self):
        assert P.encode_inputs({}, decl(a="string")) == []
        assert P.encode_inputs(None, None) == []

    def test_declared_type_string_is_kept(self):
        assert P.encode_inputs({"t": ["x"]}, decl(t="Array/string"))[0]["type"] == "Array/string"

    def test_unknown_input_did_you_mean_case(self):
        exc = input_error(P.encode_inputs, {"vmname": "x"}, decl(vmName="string", cpu="number"))
        assert str(exc) == "inputs.vmname: unknown input; did you mean 'vmName'? Valid inputs: cpu, vmName"
        assert exc.field == "inputs.vmname"
        assert exc.expected == "one of: cpu, vmName"

    def test_unknown_input_did_you_mean_typo(self):
        exc = input_error(P.encode_inputs, {"vmNmae": "x"}, decl(vmName="string", cpu="number"))
        assert "did you mean 'vmName'?" in str(exc)

    def test_unknown_input_without_suggestion(self):
        exc = input_error(P.encode_inputs, {"zzz": "x"}, decl(vmName="string", cpu="number"))
        assert str(exc) == "inputs.zzz: unknown input; valid inputs: cpu, vmName"

    def test_unknown_input_no_inputs_declared(self):
        exc = input_error(P.encode_inputs, {"a": 1}, [])
        assert str(exc) == "inputs.a: unknown input; the workflow declares no inputs"

    def test_matching_is_case_sensitive(self):
        with pytest.raises(VroInputError):
            P.encode_inputs({"VMNAME": "x"}, decl(vmName="string"))

    def test_many_valid_names_are_shortened(self):
        exc = input_error(P.encode_inputs, {"nope": 1}, [{"name": "in%02d" % i, "type": "string"} for i in range(40)])
        assert "... (10 more)" in str(exc)

    def test_type_error_names_input_and_type(self):
        exc = input_error(P.encode_inputs, {"cpu": "abc"}, decl(cpu="number"))
        assert str(exc) == "inputs.cpu: expected a number for vRO type 'number', got 'abc' (str)"

    def test_field_prefix(self):
        exc = input_error(P.encode_inputs, {"cpu": "abc"}, decl(cpu="number"), field="runs[2].inputs")
        assert exc.field == "runs[2].inputs.cpu"
        exc = input_error(
            P.encode_inputs, {"cpu": 1}, decl(cpu="number"), input_types={"cpx": "number"}, field="runs[2].inputs"
        )
        assert exc.field == "runs[2].input_types.cpx"

    def test_input_types_override(self):
        params = P.encode_inputs({"n": "5"}, decl(n="string"), input_types={"n": "number"})
        assert params == [{"name": "n", "type": "number", "scope": "local", "value": {"number": {"value": 5}}}]

    def test_input_types_supply_types_without_definition(self):
        params = P.encode_inputs(
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
        params = P.encode_inputs({"a": 1, "b": {"k": True}, "c": None}, None)
        assert [(p["name"], p["type"]) for p in params] == [("a", "Any"), ("b", "Any"), ("c", "Any")]
        assert params[1]["value"] == {"properties": {"property": [{"key": "k", "value": {"boolean": {"value": True}}}]}}
        assert "value" not in params[2]

    def test_no_definition_checks_names(self):
        exc = input_error(P.encode_inputs, {"bad name": 1}, None)
        assert exc.field == "inputs['bad name']"
        assert "not a valid vRO parameter name" in str(exc)
        assert P.encode_inputs({"näme_$1": 1}, None)[0]["name"] == "näme_$1"

    def test_input_types_unknown_name(self):
        exc = input_error(P.encode_inputs, {"vmName": "x"}, decl(vmName="string"), input_types={"vmname": "string"})
        assert exc.field == "input_types.vmname"
        assert "did you mean 'vmName'?" in str(exc)

    def test_input_types_bad_type(self):
        exc = input_error(P.encode_inputs, {"a": "x"}, None, input_types={"a": "strnig"})
        assert exc.field == "input_types.a"
        assert "did you mean 'string'?" in str(exc)

    @pytest.mark.parametrize(
        "input_types, field", [("number", "input_types"), ({1: "number"}, "input_types"), ({"a": 5}, "input_types.a")]
    )
    def test_input_types_junk(self, input_types, field):
        assert input_error(P.encode_inputs, {"a": 1}, None, input_types=input_types).field == field

    def test_undecodable_declared_type(self):
        exc = input_error(P.encode_inputs, {"a": "x"}, decl(a="Weird(type"))
        assert exc.field == "inputs.a"
        assert "set input_types.a to a type it can encode, or send raw parameters" in str(exc)
        # ... but an unset input of that type is fine, and input_types can fix it
        assert P.encode_inputs({"a": None}, decl(a="Weird(type")) == [
            {"name": "a", "type": "Weird(type", "scope": "local"}
        ]
        assert P.encode_inputs({"a": "x"}, decl(a="Weird(type"), input_types={"a": "string"})[0]["type"] == "string"

    def test_declared_entries_without_type_are_any(self):
        assert P.encode_inputs({"a": 1}, [{"name": "a"}, "junk", {"type": "string"}])[0]["type"] == "Any"

    @pytest.mark.parametrize("inputs", ["a=1", ["a"], 5])
    def test_inputs_must_be_a_dict(self, inputs):
        assert input_error(P.encode_inputs, inputs, None).field == "inputs"

    def test_input_names_must_be_strings(self):
        assert input_error(P.encode_inputs, {1: "a"}, None).given == "1 (int)"

    def test_declared_must_be_a_list(self):
        assert input_error(P.encode_inputs, {"a": 1}, {"a": "string"}).field == "declared"

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
        exc = input_error(P.encode_inputs, {"a": 1}, None, wire=wire)
        assert exc.field == field
        assert needle in str(exc)

    def test_wire_none_values_mean_default(self):
        params = P.encode_inputs({"p": {"a": 1}}, decl(p="Properties"), wire={"properties_list_key": None})
        assert "property" in params[0]["value"]["properties"]


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
        assert P.validate_raw_parameters(raw) == [
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
            assert P.validate_raw_parameters(params) == params
        params = sample("execution-get-completed-vco55.json")["input-parameters"]
        assert P.validate_raw_parameters(params) == params

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
        assert len(P.validate_raw_parameters(raw)) == 2

    def test_none_and_empty(self):
        assert P.validate_raw_parameters(None) == []
        assert P.validate_raw_parameters([]) == []

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
        exc = input_error(P.validate_raw_parameters, params)
        assert exc.field == field
        assert needle in str(exc)


# ------------------------------------------------------------------------------------------
# real samples


class TestSamples:
    def test_decode_completed_execution(self):
        execution = sample("execution-get-completed-vco55.json")
        inputs, secrets = P.decode_parameters(execution["input-parameters"])
        assert inputs == {
            "coreCount": "2",
            "ramMB": "2048",
            "onBehalfOf": "svcacct@example.com",
            "machineCount": "1",
            "businessUnit": "aw",
            "reservation": "nonprodlinux",
            "location": "us_east",
            "environment": "dev1",
            "image": "centos-6.6-x86_64-20141203-1",
            "runlist": ["role[loc_uswest]", "role[base]", "role[api]"],
            "nodename": "",
            "component": "api",
            "attributesJS": "",
        }
        outputs, out_secrets = P.decode_parameters(execution["output-parameters"])
        assert outputs == {
            "result": "SUCCESSFUL",
            "requestNumber": 326,
            "requestCompletionDetails": "Request succeeded. Created vm00378.",
        }
        assert isinstance(outputs["requestNumber"], int) and not isinstance(outputs["requestNumber"], float)
        assert secrets == [] and out_secrets == []

    def test_replay_completed_execution_with_its_definition(self):
        execution = sample("execution-get-completed-vco55.json")
        definition = sample("workflow-get-definition-vco55.json")
        inputs, _secrets = P.decode_parameters(execution["input-parameters"])
        assert P.encode_inputs(inputs, definition["input-parameters"]) == execution["input-parameters"]

    def test_definition_rejects_unknown_input(self):
        definition = sample("workflow-get-definition-vco55.json")
        exc = input_error(P.encode_inputs, {"runList": ["x"]}, definition["input-parameters"])
        assert "did you mean 'runlist'?" in str(exc)

    def test_vco55_start_request(self):
        body = sample("execution-start-request-vco55.json")
        plain = {
            "coreCount": "2",
            "ramMB": "2048",
            "onBehalfOf": "svc.soi_vmware@dev.activenetwork.com",
            "machineCount": "1",
            "businessUnit": "aw",
            "reservation": "nonprodlinux",
            "location": "us_east",
            "environment": "dev1",
            "image": "centos-6.6-x86_64-20141203-1",
            "runlist": ["role[loc_uswest]", "role[base]", "role[aw-api]"],
            "component": "api",
        }
        declared = [{"name": p["name"], "type": p["type"]} for p in body["parameters"]]
        assert P.encode_inputs(plain, declared) == body["parameters"]
        # the same with the real definition's Array/string but the sample's bare "Array" as an override
        definition = sample("workflow-get-definition-vco55.json")
        assert (
            P.encode_inputs(plain, definition["input-parameters"], input_types={"runlist": "Array"})
            == body["parameters"]
        )
        # YAML gives numbers for the numeric-looking strings: still the same wire
        yaml_like = dict(plain, coreCount=2, ramMB=2048, machineCount=1)
        assert P.encode_inputs(yaml_like, declared) == body["parameters"]

    def test_powervro_start_request(self):
        body = sample("execution-start-request-string-number-powervro.json")
        assert P.encode_inputs({"a": "Apple", "b": 20}, decl(a="string", b="number")) == body["parameters"]
        assert P.encode_inputs({"a": "Apple", "b": "20"}, decl(a="string", b="number")) == body["parameters"]

    def test_kb322683_sdk_object_request(self):
        body = sample("execution-start-request-sdk-object-vro8-kb322683.json")
        declared = [{"name": p["name"], "type": p["type"]} for p in body["parameters"]]
        plain = {
            "folder": {
                "id": "vrafqdn,id:group-v4",
                "type": "VC:VmFolder",
                "href": "https://vrafqdn:443/vco/api/catalog/VC/VmFolder/vrafqdn%252Cid%253Agroup-v4/",
            },
            "name": "Name of VM after cloning",
            "vm": {
                "id": "vrafqdn,id:vm-13387",
                "href": "https://vrafqdn:443/vco/api/catalog/VC/VirtualMachine/vrafqdn%252Cid%253Avm-13387/",
            },
            "powerOn": False,
            "template": "no",
            "datastore": None,
            "host": None,
            "pool": None,
            "doSysprep": "yes",
            "clientName": "test",
            "productId": "",
            "joinDomain": "",
        }
        assert P.encode_inputs(plain, declared) == body["parameters"]

    def test_kb322683_decode_and_replay(self):
        body = sample("execution-start-request-sdk-object-vro8-kb322683.json")
        declared = [{"name": p["name"], "type": p["type"]} for p in body["parameters"]]
        plain, secrets = P.decode_parameters(body["parameters"])
        assert plain["vm"] == {
            "type": "VC:VirtualMachine",
            "id": "vrafqdn,id:vm-13387",
            "display_value": None,
            "href": "https://vrafqdn:443/vco/api/catalog/VC/VirtualMachine/vrafqdn%252Cid%253Avm-13387/",
        }
        assert plain["datastore"] is None and plain["powerOn"] is False
        assert P.encode_inputs(plain, declared) == body["parameters"]
        # and without the definition: Any inference reproduces every value, types become Any
        untyped = P.encode_inputs(plain, None)
        assert [p.get("value") for p in untyped] == [p.get("value") for p in body["parameters"]]


# ------------------------------------------------------------------------------------------
# module hygiene


def _imports(path):
    tree = ast.parse(open(path).read(), filename=path, feature_version=(3, 8))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", node.level))
    return tree, found


STDLIB = getattr(sys, "stdlib_module_names", None)


@pytest.mark.parametrize("name", ["_params.py", "_errors.py"])
def test_module_imports_only_stdlib_and_errors(name):
    _tree, imports = _imports(os.path.join(MODULE_UTILS, name))
    for module, level in imports:
        if module == "ansible_collections.opsflow.vro.plugins.module_utils._errors" and name == "_params.py":
            continue
        if level == 1 and module == "_errors" and name == "_params.py":
            continue
        assert level == 0, module
        top = module.split(".")[0]
        if STDLIB is not None:
            assert top in STDLIB, "%s imports %s" % (name, module)
        else:  # pragma: no cover - Python < 3.10
            assert top in ("__future__", "base64", "binascii", "copy", "datetime", "difflib", "math", "re"), module


@pytest.mark.parametrize("name", ["_params.py", "_errors.py"])
def test_module_boilerplate_and_py38_syntax(name):
    path = os.path.join(MODULE_UTILS, name)
    source = open(path).read()
    tree, _imports_ = _imports(path)  # parses with Python 3.8 grammar
    assert source.startswith(
        "# -*- coding: utf-8 -*-\n# Copyright: (c) 2026, opsflow.vro contributors\n"
        "# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)\n"
    )
    assert "from __future__ import absolute_import, division, print_function\n\n__metaclass__ = type\n" in source
    assert "PRIVATE to the opsflow.vro collection" in source
    for node in ast.walk(tree):
        assert not isinstance(node, ast.Assert), "no assert statements in plugins (sanity no-assert)"
        if isinstance(node, ast.Attribute):
            assert node.attr not in ("removeprefix", "removesuffix"), "str.%s needs Python 3.9" % node.attr
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            assert not isinstance(node.left, ast.Name) or node.left.id not in ("str", "int", "dict", "list", "None")


def test_params_does_not_read_files_or_network():
    source = open(os.path.join(MODULE_UTILS, "_params.py")).read()
    for needle in ("open(", "socket", "urllib", "requests", "subprocess", "os.path"):
        assert needle not in source


# ------------------------------------------------------------------------------------------
# edges


class BadRepr(object):
    def __repr__(self):
        raise RuntimeError("no repr")

    def __str__(self):
        raise RuntimeError("no str")


class TestEdges:
    def test_vro_type_repr(self):
        assert repr(P.parse_type("Array/string")) == "VroType('Array/string')"

    def test_value_with_broken_repr(self):
        exc = enc_error("string", BadRepr())
        assert exc.given == "<BadRepr> (BadRepr)"

    def test_reader_error_with_broken_str(self):
        def read_file(path):
            raise BadError()

        class BadError(Exception):
            def __str__(self):
                raise RuntimeError("no str")

        exc = enc_error("MimeAttachment", {"path": "p"}, read_file=read_file)
        assert str(exc) == "inputs.x.path: cannot read 'p': <BadError>"

    def test_reader_may_raise_input_errors_itself(self):
        def read_file(path):
            raise VroInputError("inputs.x.path: outside the allowed directory", field="inputs.x.path")

        assert str(enc_error("MimeAttachment", {"path": "/etc/shadow"}, read_file=read_file)) == (
            "inputs.x.path: outside the allowed directory"
        )

    def test_integer_too_long_for_text(self):
        exc = enc_error("string", 10**5000)
        assert "the integer is too long" in str(exc)
        assert exc.given == "<int> (int)"

    def test_mime_content_bytes(self):
        assert enc("MimeAttachment", {"content": b"\xff\x00"})["mime-attachment"]["content"] == "/wA="
        assert enc("MimeAttachment", {"content_base64": b"/wA="})["mime-attachment"]["content"] == "/wA="
        assert enc_error("MimeAttachment", {"content_base64": b"\xff"}).field == "inputs.x.content_base64"
        assert enc_error("MimeAttachment", {"content_base64": 5}).field == "inputs.x.content_base64"

    def test_field_prefix_without_inputs_suffix(self):
        exc = input_error(P.encode_inputs, {"a": 1}, None, input_types={"a": "nope"}, field="vars")
        assert exc.field == "input_types.a"

    def test_decode_number_text_too_long(self):
        assert P.decode_value({"number": {"value": "9" * 5000}}) == "9" * 5000

    def test_decode_odd_containers(self):
        assert P.decode_value({"array": {"elements": "x"}}) == []
        assert P.decode_value({"array": 5}) == []
        assert P.decode_value({"properties": "x"}) == {}
        assert P.decode_value({"composite": None}) == {}
        assert P.decode_value({"mime-attachment": "x"}) == {"name": None, "mime_type": None, "content_base64": None}
        assert P.decode_value({"attribute-reference": "x"}) == {
            "config_id": None,
            "config_key": None,
            "config_name": None,
        }

    def test_secret_walk_odd_shapes(self):
        params = [
            {"name": "flat", "type": "SecureString", "value": {"secure-string": "flatpw"}},
            {
                "name": "plist",
                "type": "Properties",
                "value": {"properties": [{"key": "k", "value": {"secure-string": {"value": "listpw"}}}]},
            },
            {
                "name": "cv",
                "type": "CompositeType(p:SecureString):C",
                "value": {
                    "composite": {
                        "CompositeObjectValue": [
                            {"composite-value": {"id": "p", "value": {"string": {"value": "cvpw"}}}}
                        ]
                    }
                },
            },
            {"name": "objtype", "type": "string", "value": {"objectType": "secure-string", "value": "otpw"}},
        ]
        assert P.secret_values(params) == ["flatpw", "listpw", "cvpw", "otpw"]
        masked = P.mask_parameters(params)
        assert masked[0]["value"] == {"secure-string": P.SECRET_MASK}
        assert masked[1]["value"]["properties"][0]["value"] == {"secure-string": {"value": P.SECRET_MASK}}
        assert masked[2]["value"]["composite"]["CompositeObjectValue"][0]["composite-value"]["value"] == {
            "string": {"value": P.SECRET_MASK}
        }
        assert masked[3]["value"] == {"objectType": "secure-string", "value": P.SECRET_MASK}
        plain, secrets = P.decode_parameters(params)
        assert plain == {
            "flat": P.SECRET_MASK,
            "plist": {"k": P.SECRET_MASK},
            "cv": {"p": P.SECRET_MASK},
            "objtype": P.SECRET_MASK,
        }
        assert secrets == ["flatpw", "listpw", "cvpw", "otpw"]

    def test_format_date_is_public_and_strict(self):
        assert P.format_date(datetime.date(2024, 1, 2)) == "2024-01-02T00:00:00.000+00:00"
        with pytest.raises(ValueError):
            P.format_date(datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(seconds=1))))
