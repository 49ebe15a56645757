# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Actions: definition lookup, result decoding, and every way vRO may report a thrown error."""

import json

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _actions
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroHttpError, VroNotFoundError
from ansible_collections.opsflow.vro.plugins.module_utils._transport import Response

DEFINITION = {
    "id": "act-1",
    "name": "getVm",
    "module": "com.vmware.library.vc.vm",
    "output-type": "VC:VirtualMachine",
    "input-parameters": [{"name": "name", "type": "string", "description": "VM name"}],
}


class ActionClient:
    base_url = "https://vro.example.com/vco/api"

    def __init__(self, answer=None, error=None):
        self.answer = answer
        self.error = error
        self.posts = []

    def get(self, path, query=None, expected=(200,)):
        if self.error:
            raise self.error
        return Response(200, {}, json.dumps(DEFINITION), "GET", self.base_url + path)

    def post(self, path, body, query=None, expected=(200,)):
        self.posts.append((path, body))
        if self.error:
            raise self.error
        return Response(200, {}, json.dumps(self.answer), "POST", self.base_url + path)


def test_definition_by_module_and_name_is_url_encoded():
    client = ActionClient()
    seen = []
    client.get = lambda path, query=None, expected=(200,): seen.append(path) or Response(200, {}, "{}", "GET", path)
    _actions.get_definition(client, module="com.x", name="a b")
    _actions.get_definition(client, action_id="id/1")
    assert seen == ["/actions/com.x/a%20b", "/actions/id%2F1"]


@pytest.mark.parametrize(
    "args, label",
    [({"action_id": "nope"}, "action_id 'nope'"), ({"module": "m", "name": "n"}, "action 'm/n' (module/action_name)")],
)
def test_an_unknown_action_is_named(args, label):
    client = ActionClient(error=VroNotFoundError("x", status=404, url="u"))
    with pytest.raises(
        VroNotFoundError, match=r"%s was not found on https://vro" % label.replace("(", r"\(").replace(")", r"\)")
    ):
        _actions.get_definition(client, **args)


def test_describe_reads_every_spelling_of_the_return_type():
    described = _actions.describe(DEFINITION)
    assert described == {
        "id": "act-1",
        "name": "getVm",
        "module": "com.vmware.library.vc.vm",
        "fqn": "com.vmware.library.vc.vm/getVm",
        "version": "",
        "description": "",
        "inputs": [{"name": "name", "type": "string", "description": "VM name"}],
        "result_type": "VC:VirtualMachine",
    }
    assert _actions.describe({"outputParameterType": "string"})["result_type"] == "string"
    assert _actions.describe({"outputType": "number"})["result_type"] == "number"


def test_run_decodes_an_sdk_object():
    sdk = {"sdk-object": {"type": "VC:VirtualMachine", "id": "vc,id:vm-1", "display-value": "web01"}}
    client = ActionClient({"type": "VC:VirtualMachine", "value": sdk, "state": "completed"})
    value, result_type, secrets = _actions.run(client, DEFINITION, [{"name": "name", "type": "string"}])
    assert result_type == "VC:VirtualMachine" and secrets == []
    assert value == {"type": "VC:VirtualMachine", "id": "vc,id:vm-1", "href": None, "display_value": "web01"}
    assert client.posts == [("/actions/act-1/executions", {"parameters": [{"name": "name", "type": "string"}]})]


def test_a_secure_string_result_is_masked_and_its_value_kept_for_no_log():
    client = ActionClient({"type": "SecureString", "value": {"secure-string": {"value": "clear-text"}}})
    value, _type, secrets = _actions.run(client, DEFINITION, [])
    assert value == "********" and secrets == ["clear-text"]


def test_a_void_action_returns_none_typed_by_its_definition():
    assert _actions.run(ActionClient({"state": "completed"}), dict(DEFINITION, **{"output-type": "void"}), []) == (
        None,
        "void",
        [],
    )


@pytest.mark.parametrize("key", _actions.ERROR_KEYS)
def test_a_thrown_error_fails_with_vro_message(key):
    client = ActionClient({"type": "void", "state": "failed", key: "TypeError: x is null"})
    with pytest.raises(_actions.VroActionError) as raised:
        _actions.run(client, DEFINITION, [])
    assert str(raised.value) == "action com.vmware.library.vc.vm/getVm failed: TypeError: x is null"


def test_a_failed_state_without_message_still_fails():
    with pytest.raises(_actions.VroActionError, match="gives no message"):
        _actions.run(ActionClient({"state": "failed"}), DEFINITION, [])


def test_an_error_status_with_a_message_fails_the_same_way():
    error = VroHttpError("POST failed with HTTP 400", status=400, url="u", detail="Error: boom (line 2)")
    with pytest.raises(_actions.VroActionError, match="getVm failed: Error: boom"):
        _actions.run(ActionClient(error=error), DEFINITION, [])
    other = VroHttpError("refused", status=403, url="u", detail="Forbidden")
    with pytest.raises(VroHttpError, match="refused"):
        _actions.run(ActionClient(error=other), DEFINITION, [])


def test_list_actions_skips_links_without_attributes():
    client = ActionClient()
    body = {"link": [{"rel": "up", "href": "x"}, {"attributes": [{"name": "id", "value": "a"}, {"name": "name"}]}]}
    client.get = lambda path, query=None, expected=(200,): Response(200, {}, json.dumps(body), "GET", path)
    assert _actions.list_actions(client) == [{"id": "a", "name": ""}]
