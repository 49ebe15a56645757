# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 16: find workflows (every selector, all pages), AWX surveys both ways, and vRO actions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.awx_survey_rules import survey_spec_error
from tests.integration.plays import WORKFLOW_IDS, assert_ok, module_task, play

REPO_ROOT = Path(__file__).resolve().parents[2]
JOB_TEMPLATE = REPO_ROOT / "playbooks" / "job_template_run_workflow.yml"
VM_MANAGEMENT = "Library/vCenter/Virtual Machine management"
LIST_STAT = "GET /workflows"
ACTION_RUN_STATS = ("POST /actions/{actionId}/executions", "POST /actions/{categoryName}/{actionName}/executions")


def workflow_info(name, **args):
    return module_task(name, "vro_workflow_info", register=name, **args)


def action_task(module_name, name, **args):
    # built here: module_task's own `module` parameter would swallow the action's `module` option
    task = module_task(name, module_name, register=name, **{k: v for k, v in args.items() if k != "module"})
    if "module" in args:
        task["opsflow.vro." + module_name]["module"] = args["module"]
    return task


def action_execute(name, **args):
    return action_task("vro_action_execute", name, **args)


def test_find_by_each_selector(run_playbook, fresh_simulator):
    result = run_playbook(
        play(
            workflow_info("by_id", workflow_id=WORKFLOW_IDS["AWSNEW"]),
            workflow_info("by_name", workflow_name="Duplicate Name"),
            workflow_info("by_part", name_contains="SNAPSHOT virtual machine 01", details=False),
            workflow_info("by_category", category=VM_MANAGEMENT + "/Clone", details=False),
            workflow_info("by_tags", tags=["snapshot", "production"], details=False),
            workflow_info("by_category_and_tag", category="Networking", tags=["production"], details=False),
            workflow_info("everything", details=False),
            workflow_info("unknown_id", workflow_id="no-such-workflow"),
            workflow_info("in_check_mode", workflow_name="Health Check", check_mode=True),
        )
    )
    by_id = result.task("by_id")["result"]["workflows"]
    assert [(w["name"], w["category_path"], w["version"]) for w in by_id] == [("AWSNEW", "Demo", "1.2.0")]
    assert by_id[0]["inputs"] == [{"name": "name", "type": "string", "description": "Short VM name"}]
    assert [o["name"] for o in by_id[0]["outputs"]] == ["vmName", "ipAddress", "cpuCount"]
    assert by_id[0]["survey_spec"]["spec"][0]["variable"] == "name"

    by_name = result.task("by_name")["result"]["workflows"]
    assert [(w["category_path"], w["id"]) for w in by_name] == [
        ("Demo", "75fd31e0-dca8-43ad-949b-1cb2ca8154d6"),
        ("Legacy", "f2820b16-1846-4b14-9489-7206da8e58c0"),
    ]
    assert by_name[0]["survey_spec"] is None  # no inputs: AWX refuses a survey without questions

    by_part = result.task("by_part")["result"]["workflows"]
    assert [w["name"] for w in by_part] == [f"Snapshot virtual machine {n:03d}" for n in range(10, 19)]
    assert "inputs" not in by_part[0] and "survey_spec" not in by_part[0]

    by_category = result.task("by_category")["result"]["workflows"]
    assert len(by_category) == 24 and {w["category_path"] for w in by_category} == {VM_MANAGEMENT + "/Clone"}

    by_tags = result.task("by_tags")["result"]["workflows"]
    assert len(by_tags) == 6 and all({"snapshot", "production"} <= set(w["tags"]) for w in by_tags)

    networking = result.task("by_category_and_tag")["result"]["workflows"]
    assert len(networking) == 7 and {w["category_path"] for w in networking} == {"Library/vCenter/Networking"}

    everything = result.task("everything")["result"]["workflows"]
    # the 258 generated library workflows and the 10 of simulator/catalog.json
    assert len(everything) == len({w["id"] for w in everything}) == 268

    unknown = result.task("unknown_id")
    assert unknown["failed"] and "workflow_id 'no-such-workflow' was not found" in unknown["result"]["msg"]
    checked = result.task("in_check_mode")
    assert not checked["failed"] and not checked["changed"] and len(checked["result"]["workflows"]) == 1


def test_a_category_larger_than_a_page_comes_back_whole(run_playbook, fresh_simulator):
    result = run_playbook(play(workflow_info("vm", category=VM_MANAGEMENT, details=False)))
    assert_ok(result)
    found = result.task("vm")["result"]["workflows"]
    assert len(found) == 130 and len({w["id"] for w in found}) == 130
    assert fresh_simulator.control.stats()["requests"][LIST_STAT] == 2  # 130 workflows, pages of 100


def test_the_survey_of_every_input_type_passes_the_awx_rules(run_playbook, fresh_simulator):
    result = run_playbook(play(workflow_info("all", workflow_id=WORKFLOW_IDS["AllTypes"])))
    assert_ok(result)
    spec = result.task("all")["result"]["workflows"][0]["survey_spec"]
    assert survey_spec_error(spec) is None
    types = {question["variable"]: question["type"] for question in spec["spec"]}
    assert types == {
        "in_string": "text",
        "in_number": "float",
        "in_boolean": "multiplechoice",
        "in_secure": "password",
        "in_encrypted": "password",
        "in_date": "text",
        "in_regexp": "text",
        "in_array_string": "textarea",
        "in_array_number": "textarea",
        "in_array_array_string": "textarea",
        "in_array_vm": "textarea",
        "in_properties": "textarea",
        "in_composite": "textarea",
        "in_vm": "text",
        "in_mime": "textarea",
        "in_any": "textarea",
    }


SURVEY_ANSWERS = {
    # as AWX passes them (awx/main/models/mixins.py): text, textarea, password and multiplechoice answers are
    # strings, float answers numbers; flat extra variables named after the inputs
    "in_string": "hello",
    "in_number": 42.5,
    "in_boolean": "true",
    "in_secure": "Survey-Secret-4711",
    "in_encrypted": "",
    "in_date": "2026-11-28T10:00:00+01:00",
    "in_regexp": "^vm-[0-9]+$",
    "in_array_string": "- a\n- b\n",
    "in_array_number": "[1, 2.5]",
    "in_array_array_string": '[["a"], ["b", "c"]]',
    "in_array_vm": "- vc01,id:vm-1\n",
    "in_properties": "owner: ops\nttl: 30\n",
    "in_composite": '{"host": "db.example.com", "port": 5432}',
    "in_vm": "vc01,id:vm-13387",
    "in_mime": "name: a.txt\nmime_type: text/plain\ncontent: hello file\n",
    "in_any": "",
}


def test_survey_answers_as_awx_passes_them_run_the_workflow_typed(run_playbook, fresh_simulator):
    extra_vars = {"vro_workflow_id": WORKFLOW_IDS["AllTypes"], "vro_inputs_from_survey": True, **SURVEY_ANSWERS}
    result = run_playbook(JOB_TEMPLATE, extra_vars=extra_vars)
    assert result.rc == 0, result
    outputs = result.task("Run the vRO workflow and wait for it to end")["result"]["outputs"]
    assert outputs["out_string"] == "hello"
    assert outputs["out_number"] == 42.5
    assert outputs["out_boolean"] is True
    assert outputs["out_array_string"] == ["a", "b"]
    assert outputs["out_array_number"] == [1, 2.5]
    assert outputs["out_array_array_string"] == [["a"], ["b", "c"]]
    assert [vm["id"] for vm in outputs["out_array_vm"]] == ["vc01,id:vm-1"]
    assert outputs["out_properties"] == {"owner": "ops", "ttl": 30}
    assert outputs["out_composite"] == {"host": "db.example.com", "port": 5432}
    assert outputs["out_vm"]["id"] == "vc01,id:vm-13387"
    assert outputs["out_mime"]["name"] == "a.txt"
    assert outputs["out_secure"] == "********"
    assert outputs["out_any"] is None  # an empty textarea answer leaves the input unset
    assert "Survey-Secret-4711" not in result.stdout + result.stderr


def test_a_survey_answer_that_does_not_parse_fails_naming_the_input(run_playbook, fresh_simulator):
    extra_vars = {
        "vro_workflow_id": WORKFLOW_IDS["AllTypes"],
        "vro_inputs_from_survey": True,
        "in_secure": "Survey-Secret-4711",
        "in_properties": "owner: [ops\n",
    }
    result = run_playbook(JOB_TEMPLATE, extra_vars=extra_vars)
    assert result.rc != 0
    failure = result.task("Check that the survey answers parse (textarea answers are YAML or JSON)")["result"]["msg"]
    assert "inputs.in_properties" in failure and "Properties" in failure
    assert fresh_simulator.control.executions()["executions"] == []
    assert "Survey-Secret-4711" not in result.stdout + result.stderr


ACTIONS = [
    ("com.vmware.library.sim.text", "joinWords", {"words": ["a", "b"], "separator": "+"}, "string", "a+b"),
    ("com.vmware.library.sim.math", "add", {"a": "2", "b": 0.5}, "number", 2.5),
    ("com.vmware.library.sim.text", "splitWords", {"text": "x y z"}, "Array/string", ["x", "y", "z"]),
]


def test_each_action_returns_its_decoded_result(run_playbook, fresh_simulator):
    tasks = [
        action_execute(f"run_{name}", module=module, action_name=name, inputs=inputs)
        for module, name, inputs, _t, _r in ACTIONS
    ]
    tasks += [
        action_execute(
            "find_vm",
            module="com.vmware.library.vc.vm",
            action_name="getVirtualMachineByName",
            inputs={"name": "web01"},
        ),
        action_execute(
            "vm_properties",
            action_id="{{ vm_action.actions[0].id }}",
            inputs={"vm": "{{ find_vm.result }}"},
        ),
    ]
    tasks.insert(
        -1,
        action_task(
            "vro_action_info",
            "vm_action",
            module="com.vmware.library.vc.vm",
            action_name="getVirtualMachineProperties",
        ),
    )
    result = run_playbook(play(*tasks))
    assert_ok(result)
    for _module, name, _inputs, result_type, expected in ACTIONS:
        ran = result.task(f"run_{name}")
        assert ran["changed"] and ran["result"]["result"] == expected and ran["result"]["result_type"] == result_type
    vm = result.task("find_vm")["result"]
    assert vm["result_type"] == "VC:VirtualMachine"
    assert vm["result"]["type"] == "VC:VirtualMachine" and vm["result"]["display_value"] == "web01"
    info = result.task("vm_action")["result"]["actions"][0]
    assert info["result_type"] == "Properties" and info["inputs"][0]["type"] == "VC:VirtualMachine"
    properties = result.task("vm_properties")["result"]
    assert properties["result_type"] == "Properties"
    assert properties["result"] == {
        "id": vm["result"]["id"],
        "type": "VC:VirtualMachine",
        "powerState": "poweredOn",
        "cpuCount": 2,
        "template": False,
    }


def test_a_throwing_action_fails_with_its_message(run_playbook, fresh_simulator):
    result = run_playbook(
        play(
            action_execute(
                "throw",
                module="com.vmware.library.sim.test",
                action_name="throwError",
                inputs={"message": "Datastore ds-9 is full"},
            )
        )
    )
    failed = result.task("throw")
    assert failed["failed"]
    assert failed["result"]["msg"] == (
        "action com.vmware.library.sim.test/throwError failed: "
        "Error: Datastore ds-9 is full (Dynamic Script Module name : throwError#2)"
    )


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"a": "two", "b": 1}, "inputs.a: expected a number"),
        ({"a": 1, "c": 2}, "inputs.c"),
    ],
)
def test_bad_action_inputs_fail_before_anything_runs(run_playbook, fresh_simulator, inputs, message):
    result = run_playbook(
        play(
            action_execute("bad", module="com.vmware.library.sim.math", action_name="add", inputs=inputs),
            action_execute(
                "bad_in_check_mode",
                module="com.vmware.library.sim.math",
                action_name="add",
                inputs=inputs,
                check_mode=True,
            ),
        )
    )
    for name in ("bad", "bad_in_check_mode"):
        failed = result.task(name)
        assert failed["failed"] and message in failed["result"]["msg"], failed
    requests = fresh_simulator.control.stats()["requests"]
    assert not any(requests.get(stat) for stat in ACTION_RUN_STATS), requests
    assert requests["GET /actions/{categoryName}/{actionName}"] == 2


def test_check_mode_validates_and_runs_nothing(run_playbook, fresh_simulator):
    result = run_playbook(
        play(action_execute("add", module="com.vmware.library.sim.math", action_name="add", inputs={"a": 1, "b": 2})),
        check=True,
    )
    assert_ok(result)
    checked = result.task("add")
    assert checked["changed"] and checked["result"]["result"] is None and checked["result"]["result_type"] == "number"
    requests = fresh_simulator.control.stats()["requests"]
    assert not any(requests.get(stat) for stat in ACTION_RUN_STATS), json.dumps(requests)
