# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_workflow_execute: argument spec, connection checks, the failure exit, and ``run()`` on the fake client.

The runner's decisions are tested in tests/unit/plugins/module_utils/test_runner.py; here, that the
module hands them its parameters, check mode and diff mode.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _module
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.modules import vro_workflow_execute as module_under_test

WF = "wf-1"
DEFINITION = {"id": WF, "name": "Provision", "input-parameters": [{"name": "name", "type": "string"}]}


@pytest.fixture
def call_main(run_main, make_fake_client):
    """Run this module's main(); a default fake client knows one secret learned during the run."""

    def call(args, run=None, client=None, connection=True):
        if client is None:
            client = make_fake_client()
            client.add_secrets(["learned-secret"])
        return run_main(module_under_test, args, client=client, run=run, connection=connection)

    return call


def test_env_fallbacks_fill_the_connection(call_main, monkeypatch):
    monkeypatch.setenv("VRO_HOSTNAME", "env-host")
    monkeypatch.setenv("VRO_PORT", "8281")
    monkeypatch.setenv("VRO_USERNAME", "env-user")
    monkeypatch.setenv("VRO_PASSWORD", "env-pass")
    seen = {}

    def run(module, client):
        seen.update(module.params)
        return {"changed": False}

    code, _result = call_main({"workflow_id": "w"}, run, connection=False)
    assert code == 0
    assert (seen["hostname"], seen["port"], seen["username"], seen["password"]) == (
        "env-host",
        8281,
        "env-user",
        "env-pass",
    )
    assert seen["validate_certs"] is True and seen["auth_mode"] == "basic"


@pytest.mark.parametrize(
    "extra, fragment",
    [
        ({"hostname": "https://vro.example.com"}, "hostname must be a host name"),
        ({"auth_mode": "token"}, "auth_mode token needs token"),
        ({"ca_path": "/tmp/ca.pem", "validate_certs": False}, "ca_path is set but validate_certs is false"),
        ({"username": None}, "auth_mode basic needs username"),
        ({"request_timeout": 0}, "request_timeout must be a number of seconds > 0"),
        ({"retries": -1}, "must not be negative"),
    ],
)
def test_connection_problems_fail_before_any_request(call_main, monkeypatch, extra, fragment):
    args = dict(workflow_id="w", **extra)
    monkeypatch.delenv("VRO_USERNAME", raising=False)
    code, result = call_main(args, run=lambda module, client: pytest.fail("run() must not be called"))
    assert code == 1 and fragment in result["msg"]


def test_vro_errors_become_fail_json_with_secrets_masked(call_main):
    def run(module, client):
        raise VroInputError("inputs.x: bad learned-secret", field="inputs.x", expected="y", given="z")

    code, result = call_main(dict(workflow_id="w"), run)
    assert code == 1
    assert result["msg"] == "inputs.x: bad ********"
    assert result["field"] == "inputs.x"


def test_a_failed_run_result_fails_the_task_and_keeps_its_data(call_main):
    def run(module, client):
        return {
            "changed": True,
            "failed": True,
            "msg": "run failed",
            "execution": {"id": "e"},
            "outputs": {"token": "learned-secret"},
        }

    code, result = call_main(dict(workflow_id="w"), run)
    assert code == 1 and result["msg"] == "run failed" and result["execution"] == {"id": "e"}
    assert "learned-secret" not in json.dumps(result)


def test_inputs_are_never_written_to_the_target_log(call_main, monkeypatch):
    logged = []
    monkeypatch.setattr(_module.VroModule, "log", lambda self, msg, log_args=None: logged.append(msg))
    call_main(
        dict(workflow_id="w", inputs={"adminPassword": "in-clear-secret"}),
        lambda module, client: {"changed": False},
    )
    assert logged and "in-clear-secret" not in " ".join(logged)
    assert "NOT_LOGGING_PARAMETER" in " ".join(logged)


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
    client = make_fake_client({"/workflows/%s" % WF: DEFINITION})
    code, result = call_main(
        {"workflow_id": WF, "inputs": {"name": "web01"}, "_ansible_check_mode": True, "_ansible_diff": True},
        client=client,
    )
    assert code == 0 and result["changed"] is True and result["execution_id"] is None
    assert result["diff"]["after"] == {"workflow": "Provision", "inputs": {"name": "web01"}}
    client.post.assert_not_called()


def test_run_starts_the_run_with_the_argspec_defaults(call_main, make_fake_client):
    client = make_fake_client(
        {
            "/workflows/%s" % WF: DEFINITION,
            "/workflows/%s/executions/e1/" % WF: {"id": "e1", "state": "running", "input-parameters": []},
        }
    )
    client.post.return_value.text = '{"id": "e1"}'
    code, result = call_main({"workflow_id": WF, "inputs": {"name": "web01"}}, client=client)
    assert code == 0 and (result["execution_id"], result["state"], result["changed"]) == ("e1", "running", True)
    assert "waited" not in result  # wait defaults to false
    (path, body), _kwargs = client.post.call_args
    assert path == "/workflows/%s/executions/" % WF
    assert body == {
        "parameters": [{"name": "name", "type": "string", "scope": "local", "value": {"string": {"value": "web01"}}}]
    }


def test_run_with_runs_returns_one_result_per_item(call_main, make_fake_client):
    client = make_fake_client({"/workflows/%s" % WF: DEFINITION})
    code, result = call_main(
        {
            "workflow_id": WF,
            "runs": [{"inputs": {"name": "a"}}, {"inputs": {"name": "b"}}],
            "_ansible_check_mode": True,
        },
        client=client,
    )
    assert code == 0 and [r["workflow_name"] for r in result["runs"]] == ["Provision", "Provision"]
