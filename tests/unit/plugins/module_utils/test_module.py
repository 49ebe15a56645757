# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_module: the connection options and their checks, the one failure exit, the log scrub, numeric ranges.

Driven through a real module's main() (vro_workflow_execute) with ``run()`` replaced at the seam.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _module
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.modules import vro_workflow_execute


@pytest.fixture
def call_main(run_main, make_fake_client):
    """Run vro_workflow_execute's main() with ``run``; the fake client has learned one secret."""

    def call(args, run, connection=True):
        client = make_fake_client()
        client.add_secrets(["learned-secret"])
        return run_main(vro_workflow_execute, args, client=client, run=run, connection=connection)

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
    code, result = call_main(args, lambda module, client: pytest.fail("run() must not be called"))
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


class TestCheckRanges:
    def test_values_at_the_bounds_pass(self):
        _module.check_ranges({"a": 1, "b": 0.1}, at_least={"a": 1}, above={"b": 0})

    @pytest.mark.parametrize(
        "params, at_least, above, message",
        [
            ({"a": 0}, {"a": 1}, None, "a: expected a number >= 1, got 0"),
            ({"b": 0}, None, {"b": 0}, "b: expected a number > 0, got 0"),
            ({"b": -2.5}, None, {"b": 0}, "b: expected a number > 0, got -2.5"),
        ],
    )
    def test_a_value_out_of_range_names_the_option(self, params, at_least, above, message):
        with pytest.raises(VroInputError) as caught:
            _module.check_ranges(params, at_least=at_least, above=above)
        assert str(caught.value) == message and caught.value.field == list(params)[0]
