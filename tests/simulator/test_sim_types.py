# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed parameters: every vRO type accepted, echoed and rejected like vRO; envelope errors; quirks."""

import pytest
from sim_support import ALL_TYPES, AWSNEW

from simulator.values import SECURE_MASK

VM = {
    "sdk-object": {
        "type": "VC:VirtualMachine",
        "id": "vc01,id:vm-13",
        "href": "https://vc/vm-13/",
        "display-value": "vm-13",
    }
}
COMPOSITE = "CompositeType(host:string,port:number):Endpoint"

TYPES = {  # input suffix -> (declared type, value sent, value echoed back)
    "string": ("string", {"string": {"value": "hello"}}, {"string": {"value": "hello"}}),
    "number": ("number", {"number": {"value": 20}}, {"number": {"value": 20.0}}),
    "boolean": ("boolean", {"boolean": {"value": False}}, {"boolean": {"value": False}}),
    "secure": ("SecureString", {"secure-string": {"value": "s3cret"}}, {"secure-string": {"value": SECURE_MASK}}),
    "encrypted": ("EncryptedString", {"encrypted-string": {"value": "e"}}, {"encrypted-string": {"value": "e"}}),
    "date": (
        "Date",
        {"date": {"value": "2024-06-27T03:46:55.891+02:00"}},
        {"date": {"value": "2024-06-27T01:46:55.891+00:00"}},
    ),
    "regexp": ("Regexp", {"regex": {"value": "^vm-[0-9]+$"}}, {"regex": {"value": "^vm-[0-9]+$"}}),
    "array_string": (
        "Array/string",
        {"array": {"elements": [{"string": {"value": "a"}}, {"string": {"value": "b"}}]}},
        {"array": {"elements": [{"string": {"value": "a"}}, {"string": {"value": "b"}}]}},
    ),
    "array_number": (
        "Array/number",
        {"array": {"elements": [{"number": {"value": 1}}, {"number": {"value": 2.5}}]}},
        {"array": {"elements": [{"number": {"value": 1.0}}, {"number": {"value": 2.5}}]}},
    ),
    "array_array_string": (
        "Array/Array/string",
        {"array": {"elements": [{"array": {"elements": [{"string": {"value": "x"}}]}}, {"array": {"elements": []}}]}},
        {"array": {"elements": [{"array": {"elements": [{"string": {"value": "x"}}]}}, {"array": {"elements": []}}]}},
    ),
    "array_vm": ("Array/VC:VirtualMachine", {"array": {"elements": [VM]}}, {"array": {"elements": [VM]}}),
    "properties": (
        "Properties",
        {
            "properties": {
                "property": [
                    {"key": "k", "value": {"string": {"value": "v"}}},
                    {"key": "n", "value": {"number": {"value": 3}}},
                    {"key": "pw", "value": {"secure-string": {"value": "hidden"}}},
                ]
            }
        },
        {
            "properties": {
                "property": [
                    {"key": "k", "value": {"string": {"value": "v"}}},
                    {"key": "n", "value": {"number": {"value": 3.0}}},
                    {"key": "pw", "value": {"secure-string": {"value": SECURE_MASK}}},
                ]
            }
        },
    ),
    "composite": (
        COMPOSITE,
        {
            "composite": {
                "type": COMPOSITE,
                "property": [
                    {"id": "host", "value": {"string": {"value": "h"}}},
                    {"id": "port", "value": {"number": {"value": 443}}},
                ],
            }
        },
        {
            "composite": {
                "type": COMPOSITE,
                "property": [
                    {"id": "host", "value": {"string": {"value": "h"}}},
                    {"id": "port", "value": {"number": {"value": 443.0}}},
                ],
            }
        },
    ),
    "vm": ("VC:VirtualMachine", VM, VM),
    "mime": (
        "MimeAttachment",
        {"mime-attachment": {"name": "a.txt", "mime-type": "text/plain", "content": "aGk="}},
        {"mime-attachment": {"name": "a.txt", "mime-type": "text/plain", "content": "aGk="}},
    ),
    "any": (
        "Any",
        {"array": {"elements": [{"number": {"value": 7}}, {"string": {"value": "s"}}]}},
        {"array": {"elements": [{"number": {"value": 7.0}}, {"string": {"value": "s"}}]}},
    ),
}


def envelope(suffix, value, vro_type=None):
    return {"name": f"in_{suffix}", "type": vro_type or TYPES[suffix][0], "scope": "local", "value": value}


def start(api, *parameters):
    return api.post(f"/workflows/{ALL_TYPES}/executions", json={"parameters": list(parameters)})


def test_every_type_is_accepted_echoed_and_returned(api):
    response = start(api, *(envelope(suffix, spec[1]) for suffix, spec in TYPES.items()))
    assert response.status_code == 202, response.text
    document = api.wait(ALL_TYPES, response.json()["id"])
    assert document["state"] == "completed"
    inputs = {p["name"]: p for p in document["input-parameters"]}
    outputs = {p["name"]: p for p in document["output-parameters"]}
    for suffix, spec in TYPES.items():
        vro_type, echoed = spec[0], spec[2]
        assert inputs[f"in_{suffix}"] == {"value": echoed, "type": vro_type, "name": f"in_{suffix}", "scope": "local"}
        assert outputs[f"out_{suffix}"] == {
            "value": echoed,
            "type": vro_type,
            "name": f"out_{suffix}",
            "scope": "local",
        }


def test_unset_parameters_are_allowed_and_echoed_without_value(api):
    response = start(
        api, {"name": "in_vm", "type": "VC:VirtualMachine", "scope": "local"}, {"name": "in_string", "value": None}
    )
    assert response.status_code == 202, response.text
    inputs = {p["name"]: p for p in response.json()["input-parameters"]}
    assert "value" not in inputs["in_vm"] and "value" not in inputs["in_string"]


REJECTED = [
    ("string", {"number": {"value": 1}}),
    ("string", {"string": {"value": 1}}),
    ("string", {"string": {}}),
    ("string", "hello"),
    ("number", {"number": {"value": "20"}}),
    ("number", {"number": {"value": True}}),
    ("number", {"string": {"value": "20"}}),
    ("boolean", {"boolean": {"value": "true"}}),
    ("secure", {"string": {"value": "s"}}),
    ("secure", {"SecureString": {"value": "s"}}),
    ("encrypted", {"string": {"value": "e"}}),
    ("date", {"date": {"value": "yesterday"}}),
    ("date", {"date": {"value": 1719452815891}}),
    ("regexp", {"regex": {"value": 5}}),
    ("regexp", {"string": {"value": "x"}}),
    ("array_string", {"array": {"elements": [{"number": {"value": 1}}]}}),
    ("array_string", {"array": {"elements": "a"}}),
    ("array_string", {"string": {"value": "a"}}),
    ("array_number", {"array": {"elements": [{"number": {"value": "1"}}]}}),
    ("array_array_string", {"array": {"elements": [{"string": {"value": "flat"}}]}}),
    ("array_vm", {"array": {"elements": [{"sdk-object": {"type": "VC:Datastore", "id": "ds-1"}}]}}),
    ("properties", {"properties": {"property": [{"key": "k"}]}}),
    ("properties", {"properties": {"property": [{"key": "k", "value": {"bogus": {"value": 1}}}]}}),
    ("properties", {"properties": {}}),
    (
        "composite",
        {"composite": {"type": COMPOSITE, "property": [{"id": "user", "value": {"string": {"value": "u"}}}]}},
    ),
    (
        "composite",
        {"composite": {"type": COMPOSITE, "property": [{"id": "port", "value": {"string": {"value": "1"}}}]}},
    ),
    ("composite", {"composite": {"type": "CompositeType(a:string):Other", "property": []}}),
    ("vm", {"sdk-object": {"type": "VC:VirtualMachine"}}),
    ("vm", {"sdk-object": {"type": "VC:Datastore", "id": "ds-1"}}),
    ("vm", {"string": {"value": "vm-13"}}),
    ("mime", {"mime-attachment": {"name": "a", "content": "not base64!"}}),
    ("mime", {"mime-attachment": {"content": "aGk="}}),
    ("any", {"bogus": {"value": 1}}),
    ("any", {"string": {"value": "a"}, "number": {"value": 1}}),
    ("any", {"sdk-object": {"id": "x"}}),
]


@pytest.mark.parametrize(("suffix", "value"), REJECTED)
def test_values_that_do_not_fit_are_400_naming_the_parameter(api, suffix, value):
    response = start(api, envelope(suffix, value))
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and f"'in_{suffix}'" in body["message"]
    assert api.sim.control.executions()["count"] == 0


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"{not json", "Malformed"),
        (b"[]", "JSON object"),
        (b'{"parameters": {}}', "'parameters'"),
        (b'{"parameters": [{"type": "string"}]}', "parameters[0]"),
        (b'{"parameters": ["x"]}', "parameters[0]"),
        (b'{"parameter": []}', "parameter"),
        (b'{"parameters": [{"name": "ghost", "value": {"string": {"value": "x"}}}]}', "'ghost'"),
        (b'{"parameters": [{"name": "in_string"}, {"name": "in_string"}]}', "'in_string'"),
        (b'{"parameters": [{"name": "in_string", "type": "number"}]}', "'in_string'"),
        (b'{"parameters": [{"name": "in_string", "scope": "global"}]}', "'in_string'"),
    ],
)
def test_malformed_contexts_are_400(api, body, needle):
    response = api.session.post(
        api.url(f"/workflows/{ALL_TYPES}/executions"), data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert needle in response.json()["message"]


def test_generic_array_type_name_is_accepted(api):
    assert start(api, envelope("array_string", TYPES["array_string"][1], vro_type="Array")).status_code == 202


def test_sample_request_shape_is_accepted(api):
    """The PowervRO sample shape (string + number) works against a string input."""
    assert (
        api.post(
            f"/workflows/{AWSNEW}/executions",
            json={
                "parameters": [
                    {"value": {"string": {"value": "Apple"}}, "type": "string", "name": "name", "scope": "local"}
                ]
            },
        ).status_code
        == 202
    )


def test_secure_string_as_string_depends_on_flavor(api, api7, sim):
    as_string = envelope("secure", {"string": {"value": "pw"}})
    assert start(api, as_string).status_code == 400
    response = start(api7, as_string)
    assert response.status_code == 202
    sim.control.config(secure_string_accepts_string=True)
    response = start(api, as_string)
    assert response.status_code == 202
    echoed = {p["name"]: p for p in response.json()["input-parameters"]}["in_secure"]
    assert echoed["value"] == {"secure-string": {"value": SECURE_MASK}}


@pytest.mark.parametrize(
    ("quirk", "list_key", "status"),
    [
        ("both", "property", 202),
        ("both", "properties", 202),
        ("property", "properties", 400),
        ("properties", "property", 400),
        ("properties", "properties", 202),
        ("property", "property", 202),
    ],
)
def test_properties_list_key_quirk(api, sim, quirk, list_key, status):
    sim.control.config(properties_list_key=quirk)
    value = {"properties": {list_key: [{"key": "k", "value": {"string": {"value": "v"}}}]}}
    response = start(api, envelope("properties", value))
    assert response.status_code == status
    if status == 202:
        echoed = {p["name"]: p for p in response.json()["input-parameters"]}["in_properties"]["value"]
        assert list(echoed["properties"]) == ["properties" if quirk == "properties" else "property"]


@pytest.mark.parametrize(
    ("quirk", "content_key", "status"),
    [
        ("both", "content", 202),
        ("both", "mime-content", 202),
        ("content", "mime-content", 400),
        ("mime-content", "content", 400),
        ("mime-content", "mime-content", 202),
    ],
)
def test_mime_content_key_quirk(api, sim, quirk, content_key, status):
    sim.control.config(mime_content_key=quirk)
    value = {"mime-attachment": {"name": "a.bin", "mime-type": "application/octet-stream", content_key: "AAE="}}
    response = start(api, envelope("mime", value))
    assert response.status_code == status
    if status == 202:
        echoed = {p["name"]: p for p in response.json()["input-parameters"]}["in_mime"]["value"]["mime-attachment"]
        assert echoed[content_key if quirk != "both" else "content"] == "AAE="


def test_secret_is_recorded_for_tests_but_never_answered(api, sim):
    response = start(api, envelope("secure", {"secure-string": {"value": "TopSecret"}}))
    assert "TopSecret" not in response.text
    assert sim.control.executions()["executions"][0]["inputs"][0]["value"]["secure-string"]["value"] == "TopSecret"
