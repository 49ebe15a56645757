# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module wiring: argument spec, connection checks, run specs; ``run()`` is stubbed at the seam."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.opsflow.vro.plugins.module_utils import _module
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.modules import vro_workflow_execute as module_under_test

CONNECTION = {"hostname": "vro.example.com", "username": "admin", "password": "Unit-Pa55"}


def call_main(args, capsys, monkeypatch, run=None):
    """Run main() with ``args``; ``run`` replaces the module's run(); returns (exit code, result dict)."""
    if run is not None:
        monkeypatch.setattr(module_under_test, "run", run)
        monkeypatch.setattr(_module, "client_from_params", lambda params, pool_size=10: FakeClient())
    with patch_module_args(args):
        with pytest.raises(SystemExit) as exited:
            module_under_test.main()
    return exited.value.code, json.loads(capsys.readouterr().out)


class FakeClient:
    secrets = frozenset(["Unit-Pa55", "learned-secret"])

    @staticmethod
    def redact(text):
        return text.replace("learned-secret", "********")


def test_env_fallbacks_fill_the_connection(capsys, monkeypatch):
    monkeypatch.setenv("VRO_HOSTNAME", "env-host")
    monkeypatch.setenv("VRO_PORT", "8281")
    monkeypatch.setenv("VRO_USERNAME", "env-user")
    monkeypatch.setenv("VRO_PASSWORD", "env-pass")
    seen = {}

    def run(module, client):
        seen.update(module.params)
        return {"changed": False}

    code, _result = call_main({"workflow_id": "w"}, capsys, monkeypatch, run)
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
def test_connection_problems_fail_before_any_request(capsys, monkeypatch, extra, fragment):
    args = dict(CONNECTION, workflow_id="w", **extra)
    args = dict((k, v) for k, v in args.items() if v is not None)
    monkeypatch.delenv("VRO_USERNAME", raising=False)
    code, result = call_main(
        args, capsys, monkeypatch, run=lambda module, client: pytest.fail("run() must not be called")
    )
    assert code == 1 and fragment in result["msg"]


def test_vro_errors_become_fail_json_with_secrets_masked(capsys, monkeypatch):
    def run(module, client):
        raise VroInputError("inputs.x: bad learned-secret", field="inputs.x", expected="y", given="z")

    code, result = call_main(dict(CONNECTION, workflow_id="w"), capsys, monkeypatch, run)
    assert code == 1
    assert result["msg"] == "inputs.x: bad ********"
    assert result["field"] == "inputs.x"


def test_a_failed_run_result_fails_the_task_and_keeps_its_data(capsys, monkeypatch):
    def run(module, client):
        return {
            "changed": True,
            "failed": True,
            "msg": "run failed",
            "execution": {"id": "e"},
            "outputs": {"token": "learned-secret"},
        }

    code, result = call_main(dict(CONNECTION, workflow_id="w"), capsys, monkeypatch, run)
    assert code == 1 and result["msg"] == "run failed" and result["execution"] == {"id": "e"}
    assert "learned-secret" not in json.dumps(result)


def test_inputs_are_never_written_to_the_target_log(capsys, monkeypatch):
    logged = []
    monkeypatch.setattr(_module.VroModule, "log", lambda self, msg, log_args=None: logged.append(msg))
    call_main(
        dict(CONNECTION, workflow_id="w", inputs={"adminPassword": "in-clear-secret"}),
        capsys,
        monkeypatch,
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
def test_argument_spec_rejects_contradictions(capsys, monkeypatch, args):
    code, _result = call_main(
        dict(CONNECTION, **args),
        capsys,
        monkeypatch,
        run=lambda module, client: pytest.fail("run() must not be called"),
    )
    assert code == 1


def params(**overrides):
    base = dict((key, None) for key in module_under_test.RUN_OPTIONS)
    base["runs"] = None
    base.update(overrides)
    return base


@pytest.mark.parametrize(
    "option, value, fragment",
    [
        ("max_concurrent", 0, "max_concurrent: expected a number >= 1"),
        ("wait_timeout", -1, "wait_timeout: expected a number >= 0"),
        ("poll_interval", 0, "poll_interval"),
    ],
)
def test_numbers_out_of_range_are_named(option, value, fragment):
    values = dict(
        max_concurrent=10,
        idempotency_max_runs=50,
        wait_timeout=600,
        idempotency_window=86400,
        log_lines=20,
        poll_interval=5,
    )
    values[option] = value
    with pytest.raises(VroInputError, match=fragment):
        module_under_test.check_numbers(values)


def test_run_items_inherit_the_top_level_workflow_and_types():
    specs = module_under_test.run_specs(
        params(
            workflow_name="AWSNEW",
            input_types={"a": "Date"},
            runs=[{"inputs": {"name": "a"}}, {"workflow_id": "other", "inputs": {}}],
        )
    )
    assert specs[0]["workflow_name"] == "AWSNEW" and specs[0]["input_types"] == {"a": "Date"}
    assert specs[1]["workflow_id"] == "other" and specs[1]["workflow_name"] is None


def test_every_run_needs_a_workflow():
    specs = module_under_test.run_specs(params(runs=[{"workflow_id": "w"}, {"inputs": {}}]))
    with pytest.raises(VroInputError, match=r"runs\[1\]"):
        module_under_test.check_workflows(specs)


def test_single_run_without_workflow_is_refused():
    with pytest.raises(VroInputError, match="one of workflow_id or workflow_name is required"):
        module_under_test.check_workflows(module_under_test.run_specs(params(inputs={})))
