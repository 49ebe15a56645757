# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every vRO type from plain YAML and back over HTTPS; check mode, diff, idempotent runs, replay."""

from __future__ import annotations

import base64
import datetime

from tests.integration.plays import WORKFLOW_IDS, assert_ok, execute, info, play

ALL_TYPES = WORKFLOW_IDS["AllTypes"]
AWSNEW = WORKFLOW_IDS["AWSNEW"]
SECURE = "Sup3r-Secret-Value-4711"
ENCRYPTED = "Encrypted-Value-0815"

PLAIN_INPUTS = {
    "in_string": "hello",
    "in_number": 42.5,
    "in_boolean": True,
    "in_date": "2026-11-28T10:00:00+01:00",
    "in_regexp": "^vm-[0-9]+$",
    "in_array_string": ["a", "b"],
    "in_array_number": [1, 2.5],
    "in_array_array_string": [["a"], ["b", "c"]],
    "in_array_vm": ["vc01,id:vm-1", {"id": "vc01,id:vm-2"}],
    "in_properties": {"owner": "ops", "ttl": 30, "nested": {"flag": True}},
    "in_composite": {"host": "db.example.com", "port": 5432},
    "in_vm": {"id": "vc01,id:vm-13387", "type": "VC:VirtualMachine"},
    "in_mime": {"content": "hello file", "name": "a.txt", "mime_type": "text/plain"},
    "in_any": 7,
}
SECRET_INPUTS = {"in_secure": SECURE, "in_encrypted": ENCRYPTED}


def parse_iso(text):
    return datetime.datetime.fromisoformat(text)


def sdk(object_id):
    return {"type": "VC:VirtualMachine", "id": object_id}


def assert_outputs_round_trip(outputs):
    assert outputs["out_string"] == "hello"
    assert outputs["out_number"] == 42.5
    assert outputs["out_boolean"] is True
    assert parse_iso(outputs["out_date"]) == parse_iso("2026-11-28T10:00:00+01:00")
    assert outputs["out_regexp"] == "^vm-[0-9]+$"
    assert outputs["out_array_string"] == ["a", "b"]
    assert outputs["out_array_number"] == [1, 2.5]
    assert outputs["out_array_array_string"] == [["a"], ["b", "c"]]
    assert [{k: vm[k] for k in ("type", "id")} for vm in outputs["out_array_vm"]] == [
        sdk("vc01,id:vm-1"),
        sdk("vc01,id:vm-2"),
    ]
    assert set(outputs["out_array_vm"][0]) == {"type", "id", "href", "display_value"}
    assert outputs["out_properties"] == {"owner": "ops", "ttl": 30, "nested": {"flag": True}}
    assert outputs["out_composite"] == {"host": "db.example.com", "port": 5432}
    assert {k: outputs["out_vm"][k] for k in ("type", "id")} == sdk("vc01,id:vm-13387")
    assert outputs["out_mime"]["name"] == "a.txt" and outputs["out_mime"]["mime_type"] == "text/plain"
    assert base64.b64decode(outputs["out_mime"]["content_base64"]) == b"hello file"
    assert outputs["out_any"] == 7


def test_every_type_goes_in_and_comes_back_plain(run_playbook, simulator):
    result = run_playbook(
        play(
            execute(
                register="run",
                workflow_id=ALL_TYPES,
                inputs=dict(PLAIN_INPUTS, **SECRET_INPUTS),
                wait=True,
                wait_timeout=30,
                poll_interval=1,
            ),
            {"name": "show", "ansible.builtin.debug": {"var": "run"}},
        ),
        verbosity=1,
    )
    assert_ok(result)
    outcome = result.task("execute")["result"]
    assert outcome["state"] == "completed"
    assert_outputs_round_trip(outcome["outputs"])
    # secrets: masked in the result and nowhere in Ansible's output, though vRO got them
    assert outcome["outputs"]["out_secure"] == "********"
    assert outcome["outputs"]["out_encrypted"] == "********"
    assert outcome["execution"]["inputs"]["in_secure"] == "********"
    for secret in (SECURE, ENCRYPTED):
        assert secret not in result.stdout + result.stderr
    sent = {p["name"]: p for p in simulator.control.executions()["executions"][-1]["inputs"]}
    assert sent["in_secure"]["value"] == {"secure-string": {"value": SECURE}}
    assert sent["in_number"]["value"] == {"number": {"value": 42.5}}
    assert sent["in_array_vm"]["value"]["array"]["elements"][1] == {"sdk-object": sdk("vc01,id:vm-2")}


def test_check_mode_starts_nothing_and_shows_the_masked_payload(run_playbook, fresh_simulator):
    result = run_playbook(
        play(execute(workflow_id=ALL_TYPES, inputs=dict(PLAIN_INPUTS, **SECRET_INPUTS), wait=True)),
        check=True,
        diff=True,
    )
    assert_ok(result)
    outcome = result.task("execute")["result"]
    assert outcome["changed"] is True
    assert outcome["execution_id"] is None
    sent = {p["name"]: p["value"] for p in outcome["payload"]["parameters"]}
    assert sent["in_secure"] == {"secure-string": {"value": "********"}}
    assert sent["in_string"] == {"string": {"value": "hello"}}
    assert outcome["diff"]["after"]["inputs"]["in_string"] == "hello"
    assert outcome["diff"]["after"]["inputs"]["in_secure"] == "********"
    assert "in_array_vm" in result.stdout  # --diff prints the inputs
    assert SECURE not in result.stdout + result.stderr
    assert fresh_simulator.control.executions()["count"] == 0


def test_check_mode_still_validates(run_playbook, fresh_simulator):
    result = run_playbook(play(execute(workflow_id=ALL_TYPES, inputs={"in_composite": {"host": "h"}})), check=True)
    message = result.task("execute")["result"]["msg"]
    assert "inputs.in_composite" in message and "port" in message


def test_idempotent_rerun_returns_the_first_run_unchanged(run_playbook, fresh_simulator):
    task = dict(workflow_id=AWSNEW, inputs={"name": "IDEM01"}, idempotent=True)
    result = run_playbook(
        play(
            execute(name="first", register="first", **task),
            execute(name="again", register="again", **task),
            execute(name="again in check mode", check_mode=True, **task),
            execute(name="other inputs", workflow_id=AWSNEW, inputs={"name": "IDEM02"}, idempotent=True),
        )
    )
    assert_ok(result)
    first, again = result.task("first")["result"], result.task("again")["result"]
    assert first["changed"] is True and again["changed"] is False
    assert again["execution_id"] == first["execution_id"]
    assert result.task("again in check mode")["result"]["execution_id"] == first["execution_id"]
    assert result.task("other inputs")["changed"] is True
    assert fresh_simulator.control.executions()["count"] == 2


def test_idempotent_ignores_failed_runs(run_playbook, fresh_simulator):
    task = dict(workflow_id=WORKFLOW_IDS["Fail"], idempotent=True, wait=True, poll_interval=1)
    result = run_playbook(play(execute(name="first", **task), execute(name="second", **task)))
    assert result.task("first")["failed"] and result.task("second")["failed"]
    assert result.task("second")["result"]["execution_id"] != result.task("first")["result"]["execution_id"]
    assert fresh_simulator.control.executions()["count"] == 2


def test_idempotent_with_secure_inputs_is_refused_clearly(run_playbook, fresh_simulator):
    result = run_playbook(play(execute(workflow_id=ALL_TYPES, inputs={"in_secure": SECURE}, idempotent=True)))
    message = result.task("execute")["result"]["msg"]
    assert "idempotent" in message and "in_secure" in message and "SecureString" in message
    assert SECURE not in result.stdout + result.stderr
    assert fresh_simulator.control.executions()["count"] == 0


def test_decoded_inputs_of_a_run_replay_as_is(run_playbook, simulator):
    result = run_playbook(
        play(
            execute(
                name="original",
                register="original",
                workflow_id=ALL_TYPES,
                inputs=PLAIN_INPUTS,
                wait=True,
                poll_interval=1,
            ),
            info(name="read", register="earlier", workflow_id=ALL_TYPES, execution_id="{{ original.execution_id }}"),
            execute(
                name="replay",
                register="replay",
                workflow_id="{{ earlier.workflow_id }}",
                inputs="{{ earlier.execution.inputs }}",
                wait=True,
                poll_interval=1,
            ),
        )
    )
    assert_ok(result)
    original = result.task("original")["result"]["execution"]["inputs"]
    replayed = result.task("replay")["result"]["execution"]["inputs"]
    assert replayed == original
    assert_outputs_round_trip(result.task("replay")["result"]["outputs"])


def test_replaying_a_masked_secret_asks_for_the_real_value(run_playbook, fresh_simulator):
    result = run_playbook(
        play(
            execute(name="original", register="original", workflow_id=ALL_TYPES, inputs={"in_secure": SECURE}),
            info(name="read", register="earlier", workflow_id=ALL_TYPES, execution_id="{{ original.execution_id }}"),
            execute(name="replay", workflow_id=ALL_TYPES, inputs="{{ earlier.execution.inputs }}"),
        )
    )
    message = result.task("replay")["result"]["msg"]
    assert "inputs.in_secure is a masked SecureString from an earlier run" in message
    assert fresh_simulator.control.executions()["count"] == 1


def test_input_types_supply_a_type_and_wire_variants_reach_the_server(run_playbook, fresh_simulator):
    fresh_simulator.control.config(properties_list_key="properties", mime_content_key="mime-content")
    result = run_playbook(
        play(
            execute(
                register="run",
                workflow_id=ALL_TYPES,
                inputs={
                    "in_any": "2026-01-02T03:04:05Z",
                    "in_properties": {"k": "v"},
                    "in_mime": {"content": "x", "name": "x.txt"},
                },
                input_types={"in_any": "Date"},
                wire_format={"properties_list_key": "properties", "mime_content_key": "mime-content"},
                wait=True,
                poll_interval=1,
            )
        )
    )
    assert_ok(result)
    sent = {p["name"]: p for p in fresh_simulator.control.executions()["executions"][0]["inputs"]}
    assert sent["in_any"]["value"] == {"date": {"value": "2026-01-02T03:04:05.000+00:00"}}
    assert "properties" in sent["in_properties"]["value"]["properties"]
    assert "mime-content" in sent["in_mime"]["value"]["mime-attachment"]
    assert result.task("execute")["result"]["outputs"]["out_properties"] == {"k": "v"}


def test_the_server_rejects_a_wire_variant_it_does_not_speak(run_playbook, fresh_simulator):
    """The simulator can play a vRO that only knows `property`; the 400 comes back clearly."""
    fresh_simulator.control.config(properties_list_key="property")
    result = run_playbook(
        play(
            execute(
                workflow_id=ALL_TYPES,
                inputs={"in_properties": {"k": "v"}},
                wire_format={"properties_list_key": "properties"},
            )
        )
    )
    message = result.task("execute")["result"]["msg"]
    assert "HTTP 400" in message and "in_properties" in message
    assert fresh_simulator.control.executions()["count"] == 0


def test_idempotent_matches_sdk_objects_echoed_with_extra_fields(run_playbook, fresh_simulator):
    """vRO echoes SDK objects with href and a display value, and every declared input: still the same run."""
    task = dict(
        workflow_id=ALL_TYPES,
        inputs={"in_vm": "vc01,id:vm-7", "in_number": 3},
        idempotent=True,
        wait=True,
        poll_interval=1,
    )
    result = run_playbook(play(execute(name="first", **task), execute(name="again", **task)))
    assert_ok(result)
    echoed = result.task("first")["result"]["execution"]["inputs"]["in_vm"]
    assert set(echoed) == {"type", "id", "href", "display_value"}
    assert result.task("again")["changed"] is False
    assert result.task("again")["result"]["execution_id"] == result.task("first")["result"]["execution_id"]
    assert fresh_simulator.control.executions()["count"] == 1
