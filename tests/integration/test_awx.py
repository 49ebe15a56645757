# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWX / AAP: the vRO credential type and the job-template playbook, as AWX would run them.

AWX is not installed here. `awx_environment` renders the credential type's injectors the way
AWX's CredentialType.inject_credential does, and the playbooks then run with that environment
alone, against the simulator over HTTPS.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.opsflow.vro.plugins.module_utils._module import CONNECTION_ARGSPEC
from tests.integration.plays import WORKFLOW_IDS, info, play

REPO_ROOT = Path(__file__).resolve().parents[2]
CREDENTIAL_TYPE = yaml.safe_load((REPO_ROOT / "awx" / "credential_type_vro.yml").read_text(encoding="utf-8"))
JOB_TEMPLATE = REPO_ROOT / "playbooks" / "job_template_run_workflow.yml"
# every VRO_* variable the modules read, so a run can be given the credential's environment only
MODULE_ENV_VARS = {name for spec in CONNECTION_ARGSPEC.values() for name in spec["fallback"][1]}
# the default callback prints set_stats data with this prefix when ANSIBLE_SHOW_CUSTOM_STATS is true
CUSTOM_STATS_PREFIX = "\tRUN: "


class _Namespace:
    """Attribute holder, like AWX's TowerNamespace."""


def awx_environment(inputs, private_dir):
    """The environment AWX gives a job that uses a vRO credential with these `inputs`.

    As in AWX: empty string inputs stay undefined (they render as ''), unset booleans are False,
    the `file` template is written to a file whose path is `tower.filename` (single-file syntax), and
    the templates are rendered in Jinja2's immutable sandbox.
    """
    namespace = {key: value for key, value in inputs.items() if isinstance(value, bool) or value}
    for field in CREDENTIAL_TYPE["inputs"]["fields"]:
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    tower = namespace["tower"] = _Namespace()
    template = CREDENTIAL_TYPE["injectors"]["file"]["template"]
    path = private_dir / "awx-injected-file"
    path.write_text(sandbox.from_string(template).render(**namespace), encoding="utf-8")
    tower.filename = str(path)
    return {
        name: sandbox.from_string(template).render(**namespace)
        for name, template in CREDENTIAL_TYPE["injectors"]["env"].items()
    }


def only(environment):
    """`run_playbook` env: these variables, and none of the VRO_* ones the fixture would set."""
    return {**dict.fromkeys(MODULE_ENV_VARS), **environment}


def custom_stats(result):
    """The set_stats data (per_host false) that the run ended with, from the default callback's output."""
    lines = [line for line in result.stdout.splitlines() if line.startswith(CUSTOM_STATS_PREFIX)]
    assert len(lines) == 1, f"expected one custom stats line\n{result}"
    return json.loads(lines[0][len(CUSTOM_STATS_PREFIX) :])


def run_job_template(run_playbook, extra_vars, env=None, sim=None):
    return run_playbook(
        JOB_TEMPLATE, extra_vars=extra_vars, env={"ANSIBLE_SHOW_CUSTOM_STATS": "true", **(env or {})}, sim=sim
    )


def test_unset_inputs_keep_the_defaults_and_tls_verification(run_playbook, simulator, tmp_path):
    environment = awx_environment(
        {"host": simulator.host, "username": simulator.username, "password": simulator.password}, tmp_path
    )
    assert environment == {
        "VRO_HOSTNAME": simulator.host,
        "VRO_PORT": "443",
        "VRO_AUTH_MODE": "basic",
        "VRO_DOMAIN": "",
        "VRO_VRA_HOSTNAME": "",
        "VRO_USERNAME": simulator.username,
        "VRO_PASSWORD": simulator.password,
        "VRO_TOKEN": "",
        "VRO_REFRESH_TOKEN": "",
        "VRO_VALIDATE_CERTS": "true",
        "VRO_CA_PATH": "",
    }

    # Without the CA bundle, the simulator's certificate (from a private CA) must be refused.
    environment["VRO_PORT"] = str(simulator.port)
    result = run_playbook(play(info(register="runs", workflow_id=WORKFLOW_IDS["AWSNEW"])), env=only(environment))
    failure = result.task("info")
    assert failure["failed"], result
    assert "TLS verification failed" in failure["result"]["msg"]


def refresh_token_from(sim):
    """A vRA API (refresh) token from the simulator's CSP login, as a vRA user would create one."""
    response = requests.post(
        f"{sim.url}/csp/gateway/am/api/login?access_token",
        json={"username": sim.username, "password": sim.password},
        verify=sim.ca_path,
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["refresh_token"]


@pytest.mark.parametrize("auth_mode", ["basic", "token"])
def test_credential_runs_the_job_template(auth_mode, run_playbook, fresh_simulator, tmp_path):
    sim = fresh_simulator
    inputs = {
        "host": sim.host,
        "port": str(sim.port),
        "auth_mode": auth_mode,
        "ca_bundle": Path(sim.ca_path).read_text(encoding="utf-8"),
    }
    if auth_mode == "basic":
        inputs.update(username=sim.username, password=sim.password)
        secret = sim.password
    else:
        inputs.update(refresh_token=refresh_token_from(sim))
        secret = inputs["refresh_token"]
    environment = awx_environment(inputs, tmp_path)
    assert Path(environment["VRO_CA_PATH"]).read_text(encoding="utf-8") == inputs["ca_bundle"]

    result = run_job_template(
        run_playbook,
        {"vro_workflow_id": WORKFLOW_IDS["AWSNEW"], "vro_workflow_inputs": {"name": "AWX01"}},
        env=only(environment),
    )

    assert result.rc == 0, result
    assert custom_stats(result)["vro_workflow_result"]["outputs"]["vmName"] == "vm-AWX01"
    assert [run["started_by"] for run in sim.control.executions()["executions"]] == [sim.username]
    assert secret not in result.stdout + result.stderr


def test_job_template_publishes_the_outputs_with_set_stats(run_playbook, fresh_simulator):
    # a survey textarea gives the inputs as a JSON string
    result = run_job_template(
        run_playbook,
        {"vro_workflow_name": "AWSNEW", "vro_workflow_inputs": '{"name": "JT01"}', "vro_wait_timeout": "60"},
    )

    assert result.rc == 0, result
    [started] = fresh_simulator.control.executions()["executions"]
    published = result.task("Publish the run's result for the next nodes of a workflow job template")["result"][
        "ansible_stats"
    ]
    assert published["per_host"] is False
    expected = {
        "workflow_id": WORKFLOW_IDS["AWSNEW"],
        "workflow_name": "AWSNEW",
        "execution_id": started["id"],
        "state": "completed",
        "outputs": {"vmName": "vm-JT01", "ipAddress": "192.0.2.10", "cpuCount": 2},
        "exception": None,
    }
    assert published["data"] == {"vro_workflow_result": expected}
    assert custom_stats(result) == {"vro_workflow_result": expected}


def test_job_template_fails_with_the_workflow_exception_and_still_publishes(run_playbook, fresh_simulator):
    result = run_job_template(run_playbook, {"vro_workflow_name": "Fail"})

    assert result.rc != 0
    [failure] = result.failed_tasks
    assert failure["task"] == "Run the vRO workflow and wait for it to end"
    exception = "Error: Datastore 'ds-missing' not found"
    assert exception in failure["result"]["msg"]
    published = custom_stats(result)["vro_workflow_result"]
    assert published["state"] == "failed" and exception in published["exception"]
    assert published["execution_id"] == fresh_simulator.control.executions()["executions"][0]["id"]


def test_job_template_keeps_secure_string_inputs_out_of_the_job_output(run_playbook, fresh_simulator):
    secret = "s3cret-Survey-Value"
    inputs = json.dumps({"in_secure": secret, "in_string": "visible"})

    result = run_job_template(
        run_playbook, {"vro_workflow_name": "AllTypes", "vro_workflow_inputs": inputs}, env={"ANSIBLE_VERBOSITY": "2"}
    )

    assert result.rc == 0, result
    outputs = custom_stats(result)["vro_workflow_result"]["outputs"]
    assert outputs["out_string"] == "visible" and outputs["out_secure"] != secret
    # what AWX keeps of a job: its output and each task's result (the job events)
    assert secret not in result.stdout + result.stderr + json.dumps(result.tasks)


@pytest.mark.parametrize(
    ("extra_vars", "failed_task", "message"),
    [
        pytest.param(
            {"vro_workflow_inputs": {"name": "X"}},
            "Check the workflow and wait timeout extra variables",
            "Set exactly one of the extra variables vro_workflow_name and vro_workflow_id",
            id="no-workflow",
        ),
        pytest.param(
            {"vro_workflow_name": "AWSNEW", "vro_wait_timeout": "ten minutes"},
            "Check the workflow and wait timeout extra variables",
            "vro_wait_timeout to a whole number of seconds greater than 0 (got 'ten minutes')",
            id="bad-timeout",
        ),
        pytest.param(
            {"vro_workflow_name": "AWSNEW", "vro_workflow_inputs": "{name: X"},
            "Explain that the inputs are neither a mapping nor JSON",
            "vro_workflow_inputs must be a mapping, or a string holding a JSON object such as",
            id="invalid-json",
        ),
        pytest.param(
            {"vro_workflow_name": "AWSNEW", "vro_workflow_inputs": '["X"]'},
            "Check that the workflow inputs are a mapping",
            "not a JSON list",
            id="json-list",
        ),
    ],
)
def test_job_template_rejects_bad_extra_vars_before_starting(
    extra_vars, failed_task, message, run_playbook, fresh_simulator
):
    result = run_job_template(run_playbook, extra_vars)

    assert result.rc != 0
    # a rescued task counts as failed too: the message that ends the run is the last failure
    assert result.failed_tasks[-1]["task"] == failed_task, result
    assert message in result.failed_tasks[-1]["result"]["msg"]
    assert fresh_simulator.control.executions()["count"] == 0
