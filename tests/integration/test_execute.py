# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_workflow_execute and vro_execution_info against the simulator: the foundation contract.

Start by id and by name on vRO 7 and 8 answers, read runs back, list them, and every
bad-input or server problem gives a clear error naming the field, before anything starts.
"""

from __future__ import annotations

import socket

import pytest

from tests.integration.plays import WORKFLOW_IDS, assert_ok, execute, info, play

AWSNEW = WORKFLOW_IDS["AWSNEW"]
EXECUTION_KEYS = {
    "id",
    "workflow_id",
    "name",
    "state",
    "started_by",
    "start_date",
    "end_date",
    "exception",
    "current_item",
    "business_state",
    "href",
    "inputs",
    "outputs",
}


def run_and_read(run_playbook, sim, **execute_args):
    """Start a run, wait for it with vro_execution_info's until loop, return (start, final) results."""
    result = run_playbook(
        play(
            execute(register="run", **execute_args),
            dict(
                info(register="status", workflow_id="{{ run.workflow_id }}", execution_id="{{ run.execution_id }}"),
                until="status.state in ['completed', 'failed', 'canceled']",
                retries=30,
                delay=0.5,
            ),
        ),
        sim=sim,
    )
    assert_ok(result)
    return result.task("execute")["result"], result.task("info")["result"]


@pytest.mark.parametrize("flavor", ["8", "7"])
def test_run_awsnew_by_name_and_read_its_outputs(run_playbook, simulator, simulator7, flavor):
    sim = simulator if flavor == "8" else simulator7
    before = sim.control.executions()["count"]
    started, final = run_and_read(run_playbook, sim, workflow_name="AWSNEW", inputs={"name": "IMGIMG03"})

    assert started["changed"] is True
    assert started["workflow_id"] == AWSNEW
    assert started["workflow_name"] == "AWSNEW"
    assert started["state"] in ("running", "completed")
    assert set(started["execution"]) == EXECUTION_KEYS
    runs = sim.control.executions()
    assert runs["count"] == before + 1
    created = runs["executions"][-1]
    assert started["execution_id"] == created["id"]
    if flavor == "7":
        assert len(created["id"]) == 32 and "-" not in created["id"]
    else:
        assert created["id"].count("-") == 4

    execution = final["execution"]
    assert final["changed"] is False
    assert final["state"] == execution["state"] == "completed"
    assert (
        final["outputs"] == execution["outputs"] == {"vmName": "vm-IMGIMG03", "ipAddress": "192.0.2.10", "cpuCount": 2}
    )
    assert execution["inputs"] == {"name": "IMGIMG03"}
    assert execution["started_by"] == sim.username
    # ISO 8601 with an offset whatever the flavor sent (7.x: epoch milliseconds)
    for date in (execution["start_date"], execution["end_date"]):
        assert date[10] == "T" and date[-6] in "+-" and date[-3] == ":"
    assert execution["start_date"] < execution["end_date"]


def test_run_by_id_with_raw_parameters(run_playbook, simulator):
    raw = [{"name": "name", "type": "string", "scope": "local", "value": {"string": {"value": "RAW01"}}}]
    _started, final = run_and_read(run_playbook, simulator, workflow_id=AWSNEW, parameters=raw)
    assert final["outputs"]["vmName"] == "vm-RAW01"


def test_location_on_another_host_is_not_followed(run_playbook, fresh_simulator):
    """Behind a load balancer vRO's Location names another host; follow-ups use our own base URL."""
    fresh_simulator.control.config(location_host="lb.invalid:9443", flavor="7")
    _started, final = run_and_read(run_playbook, fresh_simulator, workflow_id=AWSNEW, inputs={"name": "LB"})
    assert final["state"] == "completed"


def test_list_runs_newest_first_filtered_by_state(run_playbook, fresh_simulator):
    result = run_playbook(
        play(
            execute(name="first", register="first", workflow_id=AWSNEW, inputs={"name": "one"}),
            execute(name="second", register="second", workflow_id=AWSNEW, inputs={"name": "two"}),
            {"name": "pause", "ansible.builtin.pause": {"seconds": 2}},
            execute(name="third", register="third", workflow_id=WORKFLOW_IDS["Sleep"], inputs={"seconds": 30}),
            info(name="all", workflow_name="AWSNEW"),
            info(name="completed", workflow_name="AWSNEW", state_filter=["completed"], max_results=1),
            # the old name of state_filter still works, with a deprecation
            info(name="running", workflow_id=WORKFLOW_IDS["Sleep"], states=["running"]),
        )
    )
    assert_ok(result)
    listed = result.task("all")["result"]["executions"]
    assert [e["id"] for e in listed] == [
        result.task("second")["result"]["execution_id"],
        result.task("first")["result"]["execution_id"],
    ]
    assert all(e["state"] == "completed" and e["workflow_id"] == AWSNEW for e in listed)
    only_one = result.task("completed")["result"]["executions"]
    assert len(only_one) == 1 and only_one[0]["id"] == listed[0]["id"]
    assert [e["id"] for e in result.task("running")["result"]["executions"]] == [
        result.task("third")["result"]["execution_id"]
    ]
    assert not result.task("completed")["deprecations"]
    assert any("Alias 'states' is deprecated" in d for d in result.task("running")["deprecations"])


@pytest.mark.parametrize(
    "args, fragments",
    [
        ({"workflow_id": AWSNEW, "workflow_name": "AWSNEW"}, ["mutually exclusive", "workflow_id", "workflow_name"]),
        ({}, ["workflow_id", "workflow_name", "required"]),
        ({"workflow_name": "No Such Workflow"}, ["workflow_name", "no workflow is named 'No Such Workflow'"]),
        (
            {"workflow_name": "Duplicate Name"},
            [
                "2 workflows are named 'Duplicate Name'",
                "75fd31e0-dca8-43ad-949b-1cb2ca8154d6",
                "f2820b16-1846-4b14-9489-7206da8e58c0",
                "Demo",
                "Legacy",
                "workflow_id",
            ],
        ),
        (
            {"workflow_id": "00000000-0000-0000-0000-000000000000"},
            ["workflow_id '00000000-0000-0000-0000-000000000000' was not found"],
        ),
        ({"workflow_id": AWSNEW, "inputs": {"Name": "x"}}, ["inputs.Name", "did you mean 'name'"]),
        ({"workflow_id": WORKFLOW_IDS["Sleep"], "inputs": {"seconds": "soon"}}, ["inputs.seconds", "number", "soon"]),
        (
            {"workflow_id": AWSNEW, "parameters": [{"name": "name", "value": {"string": {"value": "x"}}}]},
            ["parameters[0].type"],
        ),
        (
            {"workflow_id": AWSNEW, "inputs": {"name": "x"}, "parameters": []},
            ["mutually exclusive", "inputs", "parameters"],
        ),
    ],
    ids=[
        "both",
        "neither",
        "unknown-name",
        "ambiguous-name",
        "unknown-id",
        "unknown-input",
        "wrong-type",
        "raw-malformed",
        "inputs-and-parameters",
    ],
)
def test_bad_input_fails_clearly_and_starts_nothing(run_playbook, fresh_simulator, args, fragments):
    result = run_playbook(play(execute(**args)))
    outcome = result.task("execute")
    assert outcome["failed"], outcome
    for fragment in fragments:
        assert fragment in outcome["result"]["msg"], outcome["result"]["msg"]
    assert fresh_simulator.control.executions()["count"] == 0
    assert "POST /workflows/{id}/executions" not in str(fresh_simulator.control.stats())


def test_bad_password_says_401_and_never_echoes_it(run_playbook, simulator):
    result = run_playbook(
        play(execute(workflow_id=AWSNEW, inputs={"name": "x"})), env={"VRO_PASSWORD": "Wrong-Pa55word-XYZ"}
    )
    message = result.task("execute")["result"]["msg"]
    assert "401" in message and simulator.username in message
    assert "Wrong-Pa55word-XYZ" not in result.stdout + result.stderr


def test_untrusted_certificate_suggests_ca_path(run_playbook, simulator):
    result = run_playbook(play(execute(workflow_id=AWSNEW, inputs={"name": "x"})), env={"VRO_CA_PATH": None})
    message = result.task("execute")["result"]["msg"]
    assert "TLS verification failed for %s:%s" % (simulator.host, simulator.port) in message
    assert "ca_path" in message and "validate_certs" in message


def test_connection_refused_names_host_and_port(run_playbook):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    result = run_playbook(play(info(workflow_id=AWSNEW)), env={"VRO_PORT": closed_port, "VRO_RETRIES": 0})
    message = result.task("info")["result"]["msg"]
    assert "cannot connect to vRO at 127.0.0.1:%d" % closed_port in message
    assert "refused" in message.lower()


def test_html_error_page_is_reported_by_its_title(run_playbook, fresh_simulator):
    fresh_simulator.control.add_faults(
        {"method": "GET", "path": "^/vco/api/workflows/[^/]+/?$", "kind": "html", "status": 502, "count": 10}
    )
    result = run_playbook(play(execute(workflow_id=AWSNEW, inputs={"name": "x"})), env={"VRO_RETRIES": 0})
    message = result.task("execute")["result"]["msg"]
    assert "HTTP 502" in message and "HTML page" in message
    assert "<html" not in message.lower()


def test_unknown_execution_is_a_clear_not_found(run_playbook, simulator):
    result = run_playbook(play(info(workflow_id=AWSNEW, execution_id="nope")))
    message = result.task("info")["result"]["msg"]
    assert "execution 'nope' of workflow '%s' was not found" % AWSNEW in message


def test_module_defaults_group_sets_connection_once(run_playbook, simulator):
    text = play(
        execute(register="run", workflow_name="AWSNEW", inputs={"name": "grp"}),
        module_defaults={
            "group/opsflow.vro.vro": {
                "hostname": simulator.host,
                "port": simulator.port,
                "username": simulator.username,
                "password": simulator.password,
                "ca_path": simulator.ca_path,
            }
        },
    )
    result = run_playbook(
        text,
        env={"VRO_HOSTNAME": None, "VRO_PORT": None, "VRO_USERNAME": None, "VRO_PASSWORD": None, "VRO_CA_PATH": None},
    )
    assert_ok(result)
    assert result.task("execute")["changed"]
