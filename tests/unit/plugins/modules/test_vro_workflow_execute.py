# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_workflow_execute: argument spec, connection checks, the failure exit, and ``run()`` on the fake client.

The runner's decisions are tested in tests/unit/plugins/module_utils/test_runner.py; here, that the
module hands them its parameters, check mode and diff mode.
"""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.modules import vro_workflow_execute as module_under_test

WF = "wf-1"
DEFINITION = {"id": WF, "name": "Provision", "input-parameters": [{"name": "name", "type": "string"}]}


# the workflow's definition, and its runs (none yet), which the start lists before its POST
KNOWN_WORKFLOW = {
    "/workflows/%s" % WF: DEFINITION,
    "/workflows/%s/executions" % WF: {"relations": {"total": 0, "link": []}},
}


@pytest.fixture
def call_main(run_main, make_fake_client):
    """Run this module's main(); a default fake client knows one secret learned during the run."""

    def call(args, run=None, client=None, connection=True):
        if client is None:
            client = make_fake_client()
            client.add_secrets(["learned-secret"])
        return run_main(module_under_test, args, client=client, run=run, connection=connection)

    return call


@pytest.mark.parametrize(
    "args",
    [
        {"workflow_id": "w", "workflow_name": "n"},
        {"workflow_id": "w", "inputs": {}, "parameters": []},
        {"workflow_id": "w", "runs": [], "inputs": {}},
        {"workflow_id": "w", "wire_format": {"properties_list_key": "props"}},
    ],
)
def test_argument_spec_rejects_contradictions(call_main, args):
    code, _result = call_main(args, run=lambda module, client: pytest.fail("run() must not be called"))
    assert code == 1


@pytest.mark.parametrize(
    "option, value, fragment",
    [
        ("max_concurrent", 0, "max_concurrent: expected a number >= 1"),
        ("idempotency_max_runs", 0, "idempotency_max_runs: expected a number >= 1"),
        ("wait_timeout", -1, "wait_timeout: expected a number >= 0"),
        ("log_lines", -1, "log_lines: expected a number >= 0"),
        ("poll_interval", 0, "poll_interval: expected a number > 0"),
    ],
)
def test_run_refuses_numbers_out_of_range_before_any_request(call_main, make_fake_client, option, value, fragment):
    client = make_fake_client()
    code, result = call_main({"workflow_id": WF, option: value}, client=client)
    assert code == 1 and fragment in result["msg"] and result["field"] == option
    client.get.assert_not_called()


def test_run_in_check_mode_starts_nothing_and_shows_the_diff(call_main, make_fake_client):
    client = make_fake_client(dict(KNOWN_WORKFLOW))
    code, result = call_main(
        {"workflow_id": WF, "inputs": {"name": "web01"}, "_ansible_check_mode": True, "_ansible_diff": True},
        client=client,
    )
    assert code == 0 and result["changed"] is True and result["execution_id"] is None
    assert result["diff"]["after"] == {"workflow": "Provision", "inputs": {"name": "web01"}}
    client.post.assert_not_called()


SENT = [{"name": "name", "type": "string", "scope": "local", "value": {"string": {"value": "web01"}}}]


def test_run_starts_the_run_with_the_argspec_defaults(call_main, make_fake_client):
    client = make_fake_client(
        {
            "/workflows/%s" % WF: DEFINITION,
            "/workflows/%s/executions" % WF: {"relations": {"total": 0, "link": []}},  # listed before the start
            "/workflows/%s/executions/e1" % WF: {"id": "e1", "state": "running", "input-parameters": SENT},
        }
    )
    client.post.return_value.text = '{"id": "e1"}'
    code, result = call_main({"workflow_id": WF, "inputs": {"name": "web01"}}, client=client)
    assert code == 0 and (result["execution_id"], result["state"], result["changed"]) == ("e1", "running", True)
    assert "waited" not in result  # wait defaults to false
    (path, body), _kwargs = client.post.call_args
    assert path == "/workflows/%s/executions" % WF
    assert body == {"parameters": SENT}
    # verify_inputs defaults to true: 7.x-style answer without the run, so the run was read once to check it
    assert [call.args[0] for call in client.get.call_args_list].count("/workflows/%s/executions/e1" % WF) == 2


def test_an_input_vro_did_not_record_fails_the_task_naming_it(call_main, make_fake_client):
    client = make_fake_client(dict(KNOWN_WORKFLOW))
    client.post.return_value.text = '{"id": "e1", "input-parameters": [{"name": "name", "type": "string"}]}'
    code, result = call_main({"workflow_id": WF, "inputs": {"name": "web01"}}, client=client)
    assert code == 1 and result["failed"] and result["dropped_inputs"] == ["name"]
    assert "input(s) name" in result["msg"] and "execution e1" in result["msg"] and "wire_format" in result["msg"]
    # the start's answer held the echo: the run is not read
    assert [c.args[0] for c in client.get.call_args_list] == ["/workflows/%s" % WF, "/workflows/%s/executions" % WF]


def test_verify_inputs_false_does_not_check(call_main, make_fake_client):
    client = make_fake_client(dict(KNOWN_WORKFLOW))
    client.routes["/workflows/%s/executions/e1" % WF] = {"id": "e1", "state": "running", "input-parameters": []}
    client.post.return_value.text = '{"id": "e1", "input-parameters": []}'
    code, result = call_main({"workflow_id": WF, "inputs": {"name": "web01"}, "verify_inputs": False}, client=client)
    assert code == 0 and "dropped_inputs" not in result


def test_run_with_runs_returns_one_result_per_item(call_main, make_fake_client):
    client = make_fake_client(dict(KNOWN_WORKFLOW))
    code, result = call_main(
        {
            "workflow_id": WF,
            "runs": [{"inputs": {"name": "a"}}, {"inputs": {"name": "b"}}],
            "_ansible_check_mode": True,
        },
        client=client,
    )
    assert code == 0 and [r["workflow_name"] for r in result["runs"]] == ["Provision", "Provision"]
