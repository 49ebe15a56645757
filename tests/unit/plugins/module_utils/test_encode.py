# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Example-based spec of the encoder (``_encode``), type by type, with each type's decoded form.

Property-based round trips and junk input live in ``test_encode_decode_properties.py``.
"""

from __future__ import annotations

import base64
import datetime

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _decode, _encode
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.codec_helpers import (
    CLIENT_SPELLING,
    UTC,
    decl,
    enc,
    enc_error,
    input_error,
)

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
        assert _decode.decode_value({"string": {"value": "Apple"}}) == "Apple"
        assert _decode.decode_value({"string": {}}) is None
        assert _decode.decode_value({"string": "flat"}) == "flat"

    def test_regexp(self):
        assert enc("Regexp", "^a.*$") == {"regex": {"value": "^a.*$"}}
        assert _decode.decode_value({"regex": {"value": "^a.*$"}}) == "^a.*$"
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
        decoded = _decode.decode_value({"number": {"value": wire}})
        assert decoded == plain
        assert type(decoded) is type(plain)

    def test_decode_missing_value(self):
        assert _decode.decode_value({"number": {}}) is None


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
        assert _decode.decode_value({"boolean": {"value": False}}) is False
        assert _decode.decode_value({"boolean": {"value": "true"}}) is True


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
        assert _decode.decode_value({"date": {"value": wire}}) == plain

    def test_decoded_dates_replay(self):
        assert enc("Date", _decode.decode_value({"date": {"value": 1419025426833}})) == {
            "date": {"value": "2014-12-19T21:43:46.833+00:00"}
        }


class TestArray:
    def test_encode_strings(self):
        assert enc("Array/string", ["role[base]", "role[api]"]) == {
            "array": {"elements": [{"string": {"value": "role[base]"}}, {"string": {"value": "role[api]"}}]}
        }

    def test_empty(self):
        assert enc("Array/number", []) == {"array": {"elements": []}}
        assert _decode.decode_value({"array": {"elements": []}}) == []
        assert _decode.decode_value({"array": {}}) == []

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
        assert _decode.decode_value(wire) == [[1], [2, 3]]

    def test_bare_array_is_any(self):
        entry = {"key": "k", "value": {"string": {"value": "v"}}}
        assert enc("Array", ["a", 1, True, {"k": "v"}]) == {
            "array": {
                "elements": [
                    {"string": {"value": "a"}},
                    {"number": {"value": 1}},
                    {"boolean": {"value": True}},
                    {"properties": {"property": [entry], "properties": [entry]}},
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
        exc = input_error(_encode.encode_inputs, {"tags": ["a", "b", 3.5, {}]}, decl(tags="Array/string"))
        assert str(exc) == "inputs.tags[3]: expected a string for vRO type 'string', got {} (dict)"

    def test_decode_variants(self):
        assert _decode.decode_value({"array": {"elements": {"string": {"value": "one"}}}}) == ["one"]
        assert _decode.decode_value({"array": [{"number": {"value": 1.0}}]}) == [1]
        assert _decode.decode_value({"array": {"elements": None}}) == []
        assert _decode.decode_value({"array": {"elements": [{}, None]}}) == [None, None]


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

    def wire(self, *list_keys):
        def spelled(entries):
            return {"properties": dict((key, entries) for key in list_keys)}

        return spelled(
            [
                {"key": "s", "value": {"string": {"value": "v"}}},
                {"key": "b", "value": {"boolean": {"value": False}}},
                {"key": "n", "value": {"number": {"value": 2}}},
                {"key": "f", "value": {"number": {"value": 1.5}}},
                {"key": "d", "value": spelled([{"key": "inner", "value": {"string": {"value": "x"}}}])},
                {
                    "key": "l",
                    "value": {"array": {"elements": [{"number": {"value": 1}}, {"string": {"value": "two"}}]}},
                },
                {"key": "dt", "value": {"date": {"value": "2024-01-02T00:00:00.000+00:00"}}},
            ]
        )

    def test_encode_default_is_both_keys(self):
        assert enc("Properties", self.VALUE) == self.wire("property", "properties")

    def test_encode_client_key(self):
        assert enc("Properties", self.VALUE, wire={"properties_list_key": "property"}) == self.wire("property")

    def test_encode_spec_key(self):
        assert enc("Properties", self.VALUE, wire={"properties_list_key": "properties"}) == self.wire("properties")

    @pytest.mark.parametrize("list_key", ["property", "properties"])
    def test_decode_both_keys(self, list_key):
        expected = dict(self.VALUE, dt="2024-01-02T00:00:00.000+00:00")
        assert _decode.decode_value(self.wire(list_key)) == expected

    def test_decode_odd_shapes(self):
        assert _decode.decode_value({"properties": {}}) == {}
        assert _decode.decode_value(
            {"properties": {"property": {"key": "one", "value": {"string": {"value": "1"}}}}}
        ) == {"one": "1"}
        assert _decode.decode_value(
            {"properties": [{"key": "a"}, {"value": {"string": {"value": "lost"}}}, "junk", {"key": 5}]}
        ) == {"a": None, "5": None}

    def test_empty_and_odd_keys(self):
        assert enc("Properties", {}) == {"properties": {"property": [], "properties": []}}
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
        assert _decode.decode_value(wire) == {
            "name": "d1",
            "size": 10,
            "tags": ["a"],
            "vm": {"type": "VC:VirtualMachine", "id": "vm-1", "href": None, "display_value": None},
        }

    def test_wire_type_is_the_declared_text(self):
        declared = "CompositeType(a: string):Name"
        assert enc(declared, {"a": "x"})["composite"]["type"] == declared

    def test_input_types_are_canonicalised(self):
        params = _encode.encode_inputs({"c": {"a": "x"}}, None, input_types={"c": "compositetype(a: String)"})
        assert params[0]["type"] == "CompositeType(a:string)"
        assert params[0]["value"]["composite"]["type"] == "CompositeType(a:string)"

    def test_null_field_is_unset(self):
        wire = enc("CompositeType(a:string,b:number):P", {"a": "x", "b": None})
        assert wire["composite"]["property"] == [{"id": "a", "value": {"string": {"value": "x"}}}, {"id": "b"}]
        assert _decode.decode_value(wire) == {"a": "x", "b": None}

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
        assert _decode.decode_value(wire) == [{"a": "1"}, {"a": "2"}]

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
        assert _decode.decode_value({"composite": inner}) == {"a": "x"}


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
        assert _decode.decode_value({"sdk-object": inner}) == plain

    def test_decoded_replays_as_is(self):
        wire = {"sdk-object": {"type": "VC:VmFolder", "id": "f", "href": "https://h/f/", "displayValue": "Folder"}}
        assert enc("VC:VmFolder", _decode.decode_value(wire)) == {
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
        assert enc("Properties", _decode.decode_value(wire), wire=CLIENT_SPELLING) == wire

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
            wire=CLIENT_SPELLING,
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

    def test_content_text_goes_under_both_keys(self):
        wire = enc("MimeAttachment", {"content": "a,b\n1,2\n", "name": "t.csv", "mime_type": "text/csv"})
        assert wire == {
            "mime-attachment": {
                "name": "t.csv",
                "mime-type": "text/csv",
                "content": base64.b64encode(b"a,b\n1,2\n").decode(),
                "mime-content": base64.b64encode(b"a,b\n1,2\n").decode(),
            }
        }

    def test_content_without_name(self):
        assert enc("MimeAttachment", {"content": "x"}) == {
            "mime-attachment": {"mime-type": "application/octet-stream", "content": "eA==", "mime-content": "eA=="}
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
        assert _decode.decode_value({"mime-attachment": inner}) == {
            "name": "h.txt",
            "mime_type": "text/plain",
            "content_base64": "aGVsbG8=",
        }

    def test_decode_keeps_broken_content(self):
        assert _decode.decode_value({"mime-attachment": {"content": "!!"}}) == {
            "name": None,
            "mime_type": None,
            "content_base64": "!!",
        }

    def test_decoded_replays(self):
        wire = {"mime-attachment": {"name": "h.txt", "mime-type": "text/plain", "content": "aGVsbG8="}}
        assert enc("MimeAttachment", _decode.decode_value(wire), wire=CLIENT_SPELLING) == wire
        properties = {"properties": {"property": [{"key": "f", "value": wire}]}}
        assert enc("Properties", _decode.decode_value(properties), wire=CLIENT_SPELLING) == properties

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


KV_AB = {"key": "a", "value": {"string": {"value": "b"}}}


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
            ({"a": "b"}, {"properties": {"property": [KV_AB], "properties": [KV_AB]}}),
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
        assert _decode.decode_value(
            {"attribute-reference": {"configurationElementId": "c", "configurationElementKey": "k"}}
        ) == {"config_id": "c", "config_key": "k", "config_name": None}


# edges


class BadRepr(object):
    def __repr__(self):
        raise RuntimeError("no repr")

    def __str__(self):
        raise RuntimeError("no str")


class TestEncodeEdges:
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


# ------------------------------------------------------------------------------------------
# encode_inputs


class TestEncodeInputs:
    def test_basic(self):
        assert _encode.encode_inputs({"a": "Apple", "b": 20}, decl(a="string", b="number")) == [
            {"name": "a", "type": "string", "scope": "local", "value": {"string": {"value": "Apple"}}},
            {"name": "b", "type": "number", "scope": "local", "value": {"number": {"value": 20}}},
        ]

    def test_none_value_is_unset(self):
        assert _encode.encode_inputs({"ds": None}, decl(ds="VC:Datastore")) == [
            {"name": "ds", "type": "VC:Datastore", "scope": "local"}
        ]

    def test_empty_and_none_inputs(self):
        assert _encode.encode_inputs({}, decl(a="string")) == []
        assert _encode.encode_inputs(None, None) == []

    def test_declared_type_string_is_kept(self):
        assert _encode.encode_inputs({"t": ["x"]}, decl(t="Array/string"))[0]["type"] == "Array/string"

    def test_unknown_input_did_you_mean_case(self):
        exc = input_error(_encode.encode_inputs, {"vmname": "x"}, decl(vmName="string", cpu="number"))
        assert str(exc) == "inputs.vmname: unknown input; did you mean 'vmName'? Valid inputs: cpu, vmName"
        assert exc.field == "inputs.vmname"
        assert exc.expected == "one of: cpu, vmName"

    def test_unknown_input_did_you_mean_typo(self):
        exc = input_error(_encode.encode_inputs, {"vmNmae": "x"}, decl(vmName="string", cpu="number"))
        assert "did you mean 'vmName'?" in str(exc)

    def test_unknown_input_without_suggestion(self):
        exc = input_error(_encode.encode_inputs, {"zzz": "x"}, decl(vmName="string", cpu="number"))
        assert str(exc) == "inputs.zzz: unknown input; valid inputs: cpu, vmName"

    def test_unknown_input_no_inputs_declared(self):
        exc = input_error(_encode.encode_inputs, {"a": 1}, [])
        assert str(exc) == "inputs.a: unknown input; the workflow declares no inputs"

    def test_matching_is_case_sensitive(self):
        with pytest.raises(VroInputError):
            _encode.encode_inputs({"VMNAME": "x"}, decl(vmName="string"))

    def test_many_valid_names_are_shortened(self):
        exc = input_error(
            _encode.encode_inputs, {"nope": 1}, [{"name": "in%02d" % i, "type": "string"} for i in range(40)]
        )
        assert "... (10 more)" in str(exc)

    def test_type_error_names_input_and_type(self):
        exc = input_error(_encode.encode_inputs, {"cpu": "abc"}, decl(cpu="number"))
        assert str(exc) == "inputs.cpu: expected a number for vRO type 'number', got 'abc' (str)"

    def test_field_prefix(self):
        exc = input_error(_encode.encode_inputs, {"cpu": "abc"}, decl(cpu="number"), field="runs[2].inputs")
        assert exc.field == "runs[2].inputs.cpu"
        exc = input_error(
            _encode.encode_inputs,
            {"cpu": 1},
            decl(cpu="number"),
            input_types={"cpx": "number"},
            field="runs[2].inputs",
        )
        assert exc.field == "runs[2].input_types.cpx"

    def test_input_types_override(self):
        params = _encode.encode_inputs({"n": "5"}, decl(n="string"), input_types={"n": "number"})
        assert params == [{"name": "n", "type": "number", "scope": "local", "value": {"number": {"value": 5}}}]

    def test_input_types_supply_types_without_definition(self):
        params = _encode.encode_inputs(
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
        params = _encode.encode_inputs({"a": 1, "b": {"k": True}, "c": None}, None)
        assert [(p["name"], p["type"]) for p in params] == [("a", "Any"), ("b", "Any"), ("c", "Any")]
        entries = [{"key": "k", "value": {"boolean": {"value": True}}}]
        assert params[1]["value"] == {"properties": {"property": entries, "properties": entries}}
        assert "value" not in params[2]

    def test_no_definition_checks_names(self):
        exc = input_error(_encode.encode_inputs, {"bad name": 1}, None)
        assert exc.field == "inputs['bad name']"
        assert "not a valid vRO parameter name" in str(exc)
        assert _encode.encode_inputs({"näme_$1": 1}, None)[0]["name"] == "näme_$1"

    def test_input_types_unknown_name(self):
        exc = input_error(
            _encode.encode_inputs, {"vmName": "x"}, decl(vmName="string"), input_types={"vmname": "string"}
        )
        assert exc.field == "input_types.vmname"
        assert "did you mean 'vmName'?" in str(exc)

    def test_input_types_bad_type(self):
        exc = input_error(_encode.encode_inputs, {"a": "x"}, None, input_types={"a": "strnig"})
        assert exc.field == "input_types.a"
        assert "did you mean 'string'?" in str(exc)

    @pytest.mark.parametrize(
        "input_types, field", [("number", "input_types"), ({1: "number"}, "input_types"), ({"a": 5}, "input_types.a")]
    )
    def test_input_types_junk(self, input_types, field):
        assert input_error(_encode.encode_inputs, {"a": 1}, None, input_types=input_types).field == field

    def test_undecodable_declared_type(self):
        exc = input_error(_encode.encode_inputs, {"a": "x"}, decl(a="Weird(type"))
        assert exc.field == "inputs.a"
        assert "set input_types.a to a type it can encode, or send raw parameters" in str(exc)
        # ... but an unset input of that type is fine, and input_types can fix it
        assert _encode.encode_inputs({"a": None}, decl(a="Weird(type")) == [
            {"name": "a", "type": "Weird(type", "scope": "local"}
        ]
        assert (
            _encode.encode_inputs({"a": "x"}, decl(a="Weird(type"), input_types={"a": "string"})[0]["type"] == "string"
        )

    def test_declared_entries_without_type_are_any(self):
        assert _encode.encode_inputs({"a": 1}, [{"name": "a"}, "junk", {"type": "string"}])[0]["type"] == "Any"

    @pytest.mark.parametrize("inputs", ["a=1", ["a"], 5])
    def test_inputs_must_be_a_dict(self, inputs):
        assert input_error(_encode.encode_inputs, inputs, None).field == "inputs"

    def test_input_names_must_be_strings(self):
        assert input_error(_encode.encode_inputs, {1: "a"}, None).given == "1 (int)"

    def test_declared_must_be_a_list(self):
        assert input_error(_encode.encode_inputs, {"a": 1}, {"a": "string"}).field == "declared"

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
        exc = input_error(_encode.encode_inputs, {"a": 1}, None, wire=wire)
        assert exc.field == field
        assert needle in str(exc)

    def test_wire_none_values_mean_default(self):
        params = _encode.encode_inputs({"p": {"a": 1}}, decl(p="Properties"), wire={"properties_list_key": None})
        assert set(params[0]["value"]["properties"]) == {"property", "properties"}


class TestEncodeInputsEdges:
    def test_field_prefix_without_inputs_suffix(self):
        exc = input_error(_encode.encode_inputs, {"a": 1}, None, input_types={"a": "nope"}, field="vars")
        assert exc.field == "input_types.a"
