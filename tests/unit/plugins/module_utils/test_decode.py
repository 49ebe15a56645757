# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Spec of the decoder (``_decode``): tolerance of odd shapes and real server bodies."""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _decode, _encode
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.codec_helpers import (
    decl,
    input_error,
    sample,
)


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
        assert _decode.decode_value(keyed) == plain

    def test_decode_parameters_skips_junk_and_handles_missing_values(self):
        plain, secrets = _decode.decode_parameters(
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
        assert _decode.decode_parameters(junk) == ({}, [])


# ------------------------------------------------------------------------------------------
# real samples


class TestSamples:
    def test_decode_completed_execution(self):
        execution = sample("execution-get-completed-vco55.json")
        inputs, secrets = _decode.decode_parameters(execution["input-parameters"])
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
        outputs, out_secrets = _decode.decode_parameters(execution["output-parameters"])
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
        inputs, _secrets = _decode.decode_parameters(execution["input-parameters"])
        assert _encode.encode_inputs(inputs, definition["input-parameters"]) == execution["input-parameters"]

    def test_definition_rejects_unknown_input(self):
        definition = sample("workflow-get-definition-vco55.json")
        exc = input_error(_encode.encode_inputs, {"runList": ["x"]}, definition["input-parameters"])
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
        assert _encode.encode_inputs(plain, declared) == body["parameters"]
        # the same with the real definition's Array/string but the sample's bare "Array" as an override
        definition = sample("workflow-get-definition-vco55.json")
        assert (
            _encode.encode_inputs(plain, definition["input-parameters"], input_types={"runlist": "Array"})
            == body["parameters"]
        )
        # YAML gives numbers for the numeric-looking strings: still the same wire
        yaml_like = dict(plain, coreCount=2, ramMB=2048, machineCount=1)
        assert _encode.encode_inputs(yaml_like, declared) == body["parameters"]

    def test_powervro_start_request(self):
        body = sample("execution-start-request-string-number-powervro.json")
        assert _encode.encode_inputs({"a": "Apple", "b": 20}, decl(a="string", b="number")) == body["parameters"]
        assert _encode.encode_inputs({"a": "Apple", "b": "20"}, decl(a="string", b="number")) == body["parameters"]

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
        assert _encode.encode_inputs(plain, declared) == body["parameters"]

    def test_kb322683_decode_and_replay(self):
        body = sample("execution-start-request-sdk-object-vro8-kb322683.json")
        declared = [{"name": p["name"], "type": p["type"]} for p in body["parameters"]]
        plain, secrets = _decode.decode_parameters(body["parameters"])
        assert plain["vm"] == {
            "type": "VC:VirtualMachine",
            "id": "vrafqdn,id:vm-13387",
            "display_value": None,
            "href": "https://vrafqdn:443/vco/api/catalog/VC/VirtualMachine/vrafqdn%252Cid%253Avm-13387/",
        }
        assert plain["datastore"] is None and plain["powerOn"] is False
        assert _encode.encode_inputs(plain, declared) == body["parameters"]
        # and without the definition: Any inference reproduces every value, types become Any
        untyped = _encode.encode_inputs(plain, None)
        assert [p.get("value") for p in untyped] == [p.get("value") for p in body["parameters"]]


class TestDecodeEdges:
    def test_decode_number_text_too_long(self):
        assert _decode.decode_value({"number": {"value": "9" * 5000}}) == "9" * 5000

    def test_decode_odd_containers(self):
        assert _decode.decode_value({"array": {"elements": "x"}}) == []
        assert _decode.decode_value({"array": 5}) == []
        assert _decode.decode_value({"properties": "x"}) == {}
        assert _decode.decode_value({"composite": None}) == {}
        assert _decode.decode_value({"mime-attachment": "x"}) == {
            "name": None,
            "mime_type": None,
            "content_base64": None,
        }
        assert _decode.decode_value({"attribute-reference": "x"}) == {
            "config_id": None,
            "config_key": None,
            "config_name": None,
        }
