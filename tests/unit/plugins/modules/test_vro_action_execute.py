# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_action_execute through main() on the fake client: inputs typed by the definition, secrets
masked, check mode and bad inputs send nothing, raw parameters, option combinations."""

import pytest

from ansible_collections.opsflow.vro.plugins.modules import vro_action_execute
from ansible_collections.opsflow.vro.tests.unit.conftest import response

DEFINITION = {
    "id": "act-2",
    "name": "login",
    "module": "com.example",
    "output-type": "number",
    "input-parameters": [{"name": "count", "type": "number"}, {"name": "password", "type": "SecureString"}],
}
ROUTES = {"/actions/com.example/login": DEFINITION, "/actions/act-2": DEFINITION}


@pytest.fixture
def client(make_fake_client):
    fake = make_fake_client(ROUTES)
    fake.post.return_value = response({"type": "number", "value": {"number": {"value": 3.0}}}, method="POST")
    return fake


def test_inputs_are_typed_by_the_definition_and_the_secret_never_shown(run_main, client):
    code, result = run_main(
        vro_action_execute,
        {"module": "com.example", "action_name": "login", "inputs": {"count": "2", "password": "Pa55-w0rd"}},
        client=client,
    )
    assert code == 0, result
    assert (result["changed"], result["action_id"], result["action"]) == (True, "act-2", "com.example/login")
    assert (result["result"], result["result_type"]) == (3, "number")
    (call,) = client.post.call_args_list
    path, body = call.args[:2]
    assert path == "/actions/act-2/executions"
    assert body["parameters"][0] == {
        "name": "count",
        "type": "number",
        "scope": "local",
        "value": {"number": {"value": 2}},
    }
    assert body["parameters"][1]["value"] == {"secure-string": {"value": "Pa55-w0rd"}}
    assert "Pa55-w0rd" in client.secrets and "Pa55-w0rd" not in str(result)


def test_check_mode_encodes_and_runs_nothing(run_main, client):
    code, result = run_main(
        vro_action_execute, {"action_id": "act-2", "inputs": {"count": 1}, "_ansible_check_mode": True}, client=client
    )
    assert code == 0 and result["changed"] and result["result"] is None and result["result_type"] == "number"
    client.post.assert_not_called()


@pytest.mark.parametrize("inputs, field", [({"count": "many"}, "inputs.count"), ({"counts": 1}, "inputs.counts")])
def test_a_bad_input_fails_before_anything_is_sent(run_main, client, inputs, field):
    code, result = run_main(vro_action_execute, {"action_id": "act-2", "inputs": inputs}, client=client)
    assert code == 1 and result["field"] == field and result["msg"].startswith(field)
    client.post.assert_not_called()


def test_raw_parameters_are_checked_and_sent_as_given(run_main, client):
    raw = [{"name": "count", "type": "number", "value": {"number": {"value": 5}}}]
    assert run_main(vro_action_execute, {"action_id": "act-2", "parameters": raw}, client=client)[0] == 0
    assert client.post.call_args.args[1]["parameters"] == [dict(raw[0], scope="local")]
    code, result = run_main(
        vro_action_execute, {"action_id": "act-2", "parameters": [{"type": "number"}]}, client=client
    )
    assert code == 1 and "parameters[0]" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"action_id": "a", "module": "m", "action_name": "n"}, "mutually exclusive"),
        ({"module": "m"}, "required together"),
        ({}, "one of the following is required"),
    ],
)
def test_the_action_must_be_named_one_way(run_main, client, args, message):
    code, result = run_main(vro_action_execute, args, client=client)
    assert code == 1 and message in result["msg"]
    client.get.assert_not_called()
