# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_action_execute: inputs encoded from the definition, check mode and bad inputs send nothing."""

import json

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils._client import Response
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.modules import vro_action_execute

DEFINITION = {
    "id": "act-2",
    "name": "login",
    "module": "com.example",
    "output-type": "number",
    "input-parameters": [{"name": "count", "type": "number"}, {"name": "password", "type": "SecureString"}],
}


class Module:
    def __init__(self, check_mode=False, **params):
        self.check_mode = check_mode
        self.params = dict({"action_id": None, "module": None, "action_name": None, "inputs": None, "parameters": None})
        self.params.update(params)


class Client:
    base_url = "https://vro.example.com/vco/api"

    def __init__(self):
        self.posts = []
        self.secrets = set()

    def add_secrets(self, values):
        self.secrets.update(values)

    def get(self, path, query=None, expected=(200,)):
        return Response(200, {}, json.dumps(DEFINITION), "GET", path)

    def post(self, path, body, query=None, expected=(200,)):
        self.posts.append(body)
        return Response(200, {}, json.dumps({"type": "number", "value": {"number": {"value": 3.0}}}), "POST", path)


def test_inputs_are_typed_by_the_definition_and_secrets_registered():
    client = Client()
    result = vro_action_execute.run(
        Module(module="com.example", action_name="login", inputs={"count": "2", "password": "Pa55-w0rd"}), client
    )
    assert result == {
        "changed": True,
        "action_id": "act-2",
        "action": "com.example/login",
        "result": 3,
        "result_type": "number",
    }
    (body,) = client.posts
    assert body["parameters"][0] == {
        "name": "count",
        "type": "number",
        "scope": "local",
        "value": {"number": {"value": 2}},
    }
    assert body["parameters"][1]["value"] == {"secure-string": {"value": "Pa55-w0rd"}}
    assert "Pa55-w0rd" in client.secrets


def test_check_mode_encodes_and_runs_nothing():
    client = Client()
    result = vro_action_execute.run(Module(check_mode=True, action_id="act-2", inputs={"count": 1}), client)
    assert result["changed"] and result["result"] is None and result["result_type"] == "number"
    assert client.posts == []


@pytest.mark.parametrize(
    "inputs, field",
    [({"count": "many"}, "inputs.count"), ({"counts": 1}, "inputs.counts")],
)
def test_a_bad_input_fails_before_anything_is_sent(inputs, field):
    client = Client()
    with pytest.raises(VroInputError) as raised:
        vro_action_execute.run(Module(action_id="act-2", inputs=inputs), client)
    assert raised.value.field == field and client.posts == []


def test_raw_parameters_are_checked_and_sent_as_given():
    client = Client()
    raw = [{"name": "count", "type": "number", "value": {"number": {"value": 5}}}]
    vro_action_execute.run(Module(action_id="act-2", parameters=raw), client)
    assert client.posts[0]["parameters"] == [dict(raw[0], scope="local")]
    with pytest.raises(VroInputError, match=r"parameters\[0\]"):
        vro_action_execute.run(Module(action_id="act-2", parameters=[{"type": "number"}]), Client())
