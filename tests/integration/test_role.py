# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The opsflow.vro.run_workflow role against the simulator: facts, failures, input sets, idempotence,
check mode, the wait budget, connection variables and the answers to user interactions."""

from __future__ import annotations

import json
import re

from tests.integration.conftest import REPO_ROOT
from tests.integration.plays import WORKFLOW_IDS, play
from tests.integration.test_interactions import answers_posted
from tests.integration.test_secrets import assert_nothing_leaked

ROLE = "opsflow.vro.run_workflow"
CATALOG = json.loads((REPO_ROOT / "simulator" / "catalog.json").read_text(encoding="utf-8"))
FAIL_EXCEPTION = next(w for w in CATALOG["workflows"] if w["name"] == "Fail")["result"]["exception"]
FACTS = (
    "run_workflow_execution",
    "run_workflow_outputs",
    "run_workflow_execution_id",
    "run_workflow_state",
    "run_workflow_executions",
    "run_workflow_outputs_list",
    "run_workflow_interactions_answered",
    "run_workflow_interactions_answered_list",
)


def show_facts(name="show the facts"):
    """Every fact, or "undefined", so a test sees exactly what the role left behind."""
    return {
        "name": name,
        "ansible.builtin.debug": {"msg": {fact: "{{ %s | default('undefined') }}" % fact for fact in FACTS}},
    }


SHOW_FACTS = show_facts()


def role_task(**role_vars):
    """Include the role with a short polling delay (the simulator's workflows take a second or two)."""
    return {
        "name": "run the role",
        "ansible.builtin.include_role": {"name": ROLE},
        "vars": {"run_workflow_delay": 0.3, **role_vars},
    }


def role_result(result, task):
    """The record of one of the role's own tasks (callback names are 'role : task')."""
    return result.task(f"{ROLE} : {task}")


def executions_by_id(sim):
    return {e["id"]: e for e in sim.control.executions()["executions"]}


def test_role_runs_a_workflow_by_id_with_connection_variables_and_sets_facts(run_playbook, simulator):
    # No VRO_* in the environment: the run only works if the role passes its variables to the modules.
    no_env = {name: None for name in ("VRO_HOSTNAME", "VRO_PORT", "VRO_USERNAME", "VRO_PASSWORD", "VRO_CA_PATH")}
    result = run_playbook(
        play(
            role_task(
                run_workflow_hostname=simulator.host,
                run_workflow_port=simulator.port,
                run_workflow_username=simulator.username,
                run_workflow_password=simulator.password,
                run_workflow_ca_path=simulator.ca_path,
                run_workflow_workflow_id=WORKFLOW_IDS["AWSNEW"],
                run_workflow_inputs={"name": "role-by-id"},
            ),
            SHOW_FACTS,
        ),
        env=no_env,
    )
    assert result.rc == 0, result
    facts = result.task("show the facts")["result"]["msg"]
    assert facts["run_workflow_state"] == "completed"
    assert facts["run_workflow_outputs"] == {"vmName": "vm-role-by-id", "ipAddress": "192.0.2.10", "cpuCount": 2}
    execution = facts["run_workflow_execution"]
    assert execution["id"] == facts["run_workflow_execution_id"]
    assert execution["workflow_id"] == WORKFLOW_IDS["AWSNEW"]
    assert execution["inputs"] == {"name": "role-by-id"}
    assert facts["run_workflow_executions"] == [execution]
    assert facts["run_workflow_outputs_list"] == [facts["run_workflow_outputs"]]
    assert executions_by_id(simulator)[execution["id"]]["state"] == "completed"
    assert simulator.password not in result.stdout + result.stderr


def test_role_fails_with_the_exception_text_and_keeps_the_facts(run_playbook, simulator):
    result = run_playbook(
        play(
            {
                "name": "run a failing workflow",
                "block": [role_task(run_workflow_workflow_name="Fail")],
                "rescue": [
                    SHOW_FACTS,
                    {"name": "fail again", "ansible.builtin.fail": {"msg": "{{ ansible_failed_result.msg }}"}},
                ],
            }
        )
    )
    assert result.rc != 0, result
    facts = result.task("show the facts")["result"]["msg"]
    execution_id = facts["run_workflow_execution_id"]
    assert facts["run_workflow_state"] == "failed"
    assert facts["run_workflow_execution"]["exception"] == FAIL_EXCEPTION
    message = role_result(result, "Fail for each run that did not complete")["result"]["msg"]
    assert message == facts["run_workflow_execution"]["failure"]
    assert message.startswith(
        f"workflow 'Fail' ({WORKFLOW_IDS['Fail']}) execution {execution_id} failed: {FAIL_EXCEPTION}"
    )
    assert "failing item: Scriptable task" in message and "Datastore lookup failed" in message
    assert result.task("fail again")["result"]["msg"] == message
    assert executions_by_id(simulator)[execution_id]["state"] == "failed"


def test_role_runs_input_sets_concurrently_and_keeps_their_order(run_playbook, simulator):
    # the first run lasts longer, so input order and completion order differ
    result = run_playbook(
        play(
            role_task(run_workflow_workflow_name="Sleep", run_workflow_input_sets=[{"seconds": 2}, {"seconds": 1}]),
            SHOW_FACTS,
        )
    )
    assert result.rc == 0, result
    facts = result.task("show the facts")["result"]["msg"]
    assert facts["run_workflow_outputs_list"] == [{"slept": 2}, {"slept": 1}]
    executions = facts["run_workflow_executions"]
    assert [e["inputs"] for e in executions] == [{"seconds": 2}, {"seconds": 1}]
    assert [e["state"] for e in executions] == ["completed", "completed"]
    # one start task for both runs, and the second started before the first ended
    assert len(role_result(result, "Start one run of the workflow per input set")["result"]["runs"]) == 2
    first, second = executions
    assert second["start_date"] < first["end_date"]
    for name in ("run_workflow_execution", "run_workflow_outputs", "run_workflow_execution_id", "run_workflow_state"):
        assert facts[name] is None, name
    server = executions_by_id(simulator)
    assert all(server[e["id"]]["state"] == "completed" for e in executions)


def test_role_with_idempotent_follows_the_identical_run_instead_of_starting_one(run_playbook, simulator):
    inputs = {"name": "role-idempotent"}
    result = run_playbook(
        play(
            role_task(run_workflow_workflow_name="AWSNEW", run_workflow_inputs=inputs, run_workflow_idempotent=True),
            {"name": "first id", "ansible.builtin.set_fact": {"first_id": "{{ run_workflow_execution_id }}"}},
            role_task(run_workflow_workflow_name="AWSNEW", run_workflow_inputs=inputs, run_workflow_idempotent=True),
            {
                "name": "show the ids",
                "ansible.builtin.debug": {"msg": ["{{ first_id }}", "{{ run_workflow_execution_id }}"]},
            },
        )
    )
    assert result.rc == 0, result
    starts = [r for r in result.tasks if r["task"] == f"{ROLE} : Start one run of the workflow per input set"]
    assert [r["changed"] for r in starts] == [True, False]
    first_id, second_id = result.task("show the ids")["result"]["msg"]
    assert first_id == second_id
    matching = [
        e
        for e in simulator.control.executions()["executions"]
        if e["workflow_name"] == "AWSNEW" and "role-idempotent" in json.dumps(e["inputs"])
    ]
    assert [e["id"] for e in matching] == [first_id]


def test_role_in_check_mode_starts_nothing_and_sets_no_facts(run_playbook, simulator):
    before = simulator.control.executions()["count"]
    result = run_playbook(
        play(role_task(run_workflow_workflow_name="AWSNEW", run_workflow_inputs={"name": "role-check"}), SHOW_FACTS),
        check=True,
    )
    assert result.rc == 0, result
    start = role_result(result, "Start one run of the workflow per input set")["result"]
    assert start["runs"][0]["execution_id"] is None
    assert start["runs"][0]["payload"]["parameters"][0]["value"] == {"string": {"value": "role-check"}}
    assert role_result(result, "Check the runs until all have ended")["skipped"]
    assert set(result.task("show the facts")["result"]["msg"].values()) == {"undefined"}
    assert simulator.control.executions()["count"] == before


CONNECTION_ENV = ("VRO_HOSTNAME", "VRO_PORT", "VRO_USERNAME", "VRO_PASSWORD", "VRO_CA_PATH")


def test_role_takes_the_callers_module_defaults_and_its_own_variables_win(run_playbook, simulator):
    # No VRO_* at all: the connection comes from the play's module_defaults (as the README Quickstart
    # teaches), then from a block's module_defaults whose wrong password the role's variable overrides.
    connection = {
        "hostname": simulator.host,
        "port": simulator.port,
        "username": simulator.username,
        "password": simulator.password,
        "ca_path": simulator.ca_path,
    }
    result = run_playbook(
        play(
            role_task(run_workflow_workflow_name="AWSNEW", run_workflow_inputs={"name": "role-play-defaults"}),
            {"name": "first state", "ansible.builtin.set_fact": {"first_state": "{{ run_workflow_state }}"}},
            {
                "name": "block with a wrong password in its module_defaults",
                "module_defaults": {"group/opsflow.vro.vro": {**connection, "password": "not-the-password"}},
                "block": [
                    role_task(
                        run_workflow_workflow_name="AWSNEW",
                        run_workflow_inputs={"name": "role-variable-wins"},
                        run_workflow_password=simulator.password,
                    )
                ],
            },
            {
                "name": "show the states",
                "ansible.builtin.debug": {"msg": ["{{ first_state }}", "{{ run_workflow_state }}"]},
            },
            module_defaults={"group/opsflow.vro.vro": connection},
        ),
        env=dict.fromkeys(CONNECTION_ENV),
    )
    assert result.rc == 0, result
    assert result.task("show the states")["result"]["msg"] == ["completed", "completed"]
    names = {json.dumps(e["inputs"]) for e in simulator.control.executions()["executions"]}
    assert any("role-play-defaults" in n for n in names) and any("role-variable-wins" in n for n in names)
    assert "not-the-password" not in result.stdout


def test_role_passes_raw_parameters_and_run_options_to_the_module(run_playbook, simulator):
    parameters = [{"name": "name", "type": "string", "scope": "local", "value": {"string": {"value": "role-raw"}}}]
    result = run_playbook(
        play(
            role_task(
                run_workflow_workflow_name="AWSNEW",
                run_workflow_parameters=parameters,
                run_workflow_idempotency_window=60,
                run_workflow_max_concurrent=1,
            ),
            SHOW_FACTS,
        )
    )
    assert result.rc == 0, result
    assert result.task("show the facts")["result"]["msg"]["run_workflow_outputs"]["vmName"] == "vm-role-raw"
    start = role_result(result, "Start one run of the workflow per input set")["result"]
    assert start["invocation"]["module_args"]["max_concurrent"] == 1


def rescued(*role_tasks):
    """Each role task in a block whose rescue records the failure message and the facts."""
    return [
        {
            "name": f"attempt {index}",
            "block": [task],
            "rescue": [
                {
                    "name": f"record {index}",
                    "ansible.builtin.debug": {
                        "msg": {
                            "failure": "{{ ansible_failed_result.msg }}",
                            "failed_task": "{{ ansible_failed_task.name }}",
                            "execution_id": "{{ run_workflow_execution_id | default('undefined') }}",
                            "state": "{{ run_workflow_state | default('undefined') }}",
                            "answered": "{{ run_workflow_interactions_answered | default('undefined') }}",
                        }
                    },
                }
            ],
        }
        for index, task in enumerate(role_tasks)
    ]


def test_role_says_a_run_outlived_its_wait_budget_and_sets_the_facts(run_playbook, simulator):
    # three quick checks end well before the 20 s runs do; the second run is canceled on timeout
    budget = {"run_workflow_workflow_name": "Sleep", "run_workflow_retries": 2, "run_workflow_delay": 0.2}
    result = run_playbook(
        play(
            *rescued(
                role_task(run_workflow_inputs={"seconds": 20}, **budget),
                role_task(run_workflow_inputs={"seconds": 21}, run_workflow_cancel_on_timeout=True, **budget),
            )
        )
    )
    assert result.rc == 0, result
    server = executions_by_id(simulator)

    kept = result.task("record 0")["result"]["msg"]
    # left alone (it may have ended by now on a busy machine)
    assert kept["state"] == "running" and server[kept["execution_id"]]["state"] != "canceled"
    assert kept["failed_task"] == "Fail for each run that did not complete"
    who = f"workflow 'Sleep' ({WORKFLOW_IDS['Sleep']}) execution {kept['execution_id']}"
    assert re.fullmatch(
        re.escape(who) + r" is still running after about \d+ s; it keeps running in vRO \(cancel it with "
        r"opsflow\.vro\.vro_execution, execution_id \S+, state canceled; or set run_workflow_cancel_on_timeout to "
        r"true, or raise run_workflow_retries or run_workflow_delay\)",
        kept["failure"],
    ), kept["failure"]

    canceled = result.task("record 1")["result"]["msg"]
    assert canceled["state"] == "canceled" and server[canceled["execution_id"]]["state"] == "canceled"
    assert "was still running after about" in canceled["failure"] and "was canceled" in canceled["failure"]


def test_role_stops_at_once_when_a_run_waits_for_user_input(run_playbook, simulator):
    result = run_playbook(
        play(
            *rescued(
                role_task(
                    run_workflow_workflow_name="WaitForApproval",
                    run_workflow_inputs={"request": "role"},
                    run_workflow_retries=100,
                )
            )
        )
    )
    assert result.rc == 0, result
    record = result.task("record 0")["result"]["msg"]
    assert record["state"] == "waiting"
    assert "is waiting for user input" in record["failure"] and "run_workflow_wait_on_interaction" in record["failure"]
    # stopped at the first check that saw it waiting, not after 100
    assert role_result(result, "Check the runs until all have ended")["result"].get("attempts", 1) < 10


def test_role_rejects_variables_of_the_wrong_type_before_starting(run_playbook, simulator):
    before = simulator.control.executions()["count"]
    result = run_playbook(play(role_task(run_workflow_workflow_name="AWSNEW", run_workflow_inputs="web01")))
    assert result.rc != 0, result
    validation = result.failed_tasks[0]
    assert validation["action"] == "ansible.builtin.validate_argument_spec"
    assert "run_workflow_inputs" in validation["result"]["msg"]
    assert simulator.control.executions()["count"] == before


ROLE_SECRET = "Canary-Role-Answer-3e8c51d7a2"
CREDENTIALS = {"account": "svc-db", "password": "{{ vault_db_password }}"}
TWO_STEP_ANSWERS = [CREDENTIALS, {"approved": True, "comment": "ok"}]


def answered_names(answered):
    return [interaction["name"] for interaction in answered]


def test_role_answers_the_interactions_its_runs_reach_in_order_and_never_shows_a_secret(run_playbook, fresh_simulator):
    # From a variable, as from a vault, at -vvv: every answer path of the role, and the failures the until
    # loop gives (waiting for input, timeout with cancel, failed run), with the same messages.
    two_step = {"run_workflow_workflow_name": "TwoStepApproval", "run_workflow_inputs": {"request": "db access"}}
    playbook = play(
        role_task(**two_step, run_workflow_interaction_inputs=TWO_STEP_ANSWERS),
        show_facts("two steps"),
        role_task(
            run_workflow_workflow_name="WaitForApproval",
            run_workflow_input_sets=[{"request": "a"}, {"request": "b"}],
            run_workflow_interaction_inputs=[{"approved": True}],
        ),
        show_facts("input sets"),
        *rescued(
            role_task(**two_step, run_workflow_interaction_inputs=[CREDENTIALS]),
            role_task(
                **two_step,
                run_workflow_interaction_inputs=[CREDENTIALS],
                run_workflow_wait_on_interaction=True,
                run_workflow_cancel_on_timeout=True,
                run_workflow_retries=4,
                run_workflow_delay=0.5,
            ),
            role_task(run_workflow_workflow_name="Fail", run_workflow_interaction_inputs=[{"approved": True}]),
        ),
        show_facts("after the failures"),
    )
    result = run_playbook(playbook, extra_vars={"vault_db_password": ROLE_SECRET}, verbosity=3)
    assert result.rc == 0, result
    # the module waited: the until loop never ran
    assert all(r["skipped"] for r in result.tasks if r["task"] == f"{ROLE} : Check the runs until all have ended")
    server = executions_by_id(fresh_simulator)

    facts = result.task("two steps")["result"]["msg"]
    assert facts["run_workflow_state"] == "completed"
    assert facts["run_workflow_outputs"] == {"account": "svc-db", "approved": True, "comment": "ok"}
    assert facts["run_workflow_executions"] == [facts["run_workflow_execution"]]
    answered = facts["run_workflow_interactions_answered"]
    assert answered_names(answered) == ["Enter credentials", "Final approval"]
    assert answered[0]["answered_at"] < answered[1]["answered_at"]
    assert facts["run_workflow_interactions_answered_list"] == [answered]
    sent = server[facts["run_workflow_execution_id"]]["interaction_answers"]
    assert [[p["name"] for p in answer] for answer in sent] == [["account", "password"], ["approved", "comment"]]
    assert ROLE_SECRET in json.dumps(sent[0])  # the secret really went to vRO...

    batch = result.task("input sets")["result"]["msg"]
    assert batch["run_workflow_outputs_list"] == [{"approved": True}, {"approved": True}]
    assert [e["inputs"] for e in batch["run_workflow_executions"]] == [{"request": "a"}, {"request": "b"}]
    assert [answered_names(a) for a in batch["run_workflow_interactions_answered_list"]] == [["Approve request"]] * 2
    assert batch["run_workflow_interactions_answered"] is None and batch["run_workflow_state"] is None
    for execution in batch["run_workflow_executions"]:
        assert [[p["name"] for p in answer] for answer in server[execution["id"]]["interaction_answers"]] == [
            ["approved"]
        ]

    ran_out = result.task("record 0")["result"]["msg"]
    assert ran_out["failed_task"] == "Fail for each run that did not complete"
    assert ran_out["state"] == "waiting" and answered_names(ran_out["answered"]) == ["Enter credentials"]
    assert ran_out["failure"] == (
        f"workflow 'TwoStepApproval' ({WORKFLOW_IDS['TwoStepApproval']}) execution {ran_out['execution_id']} is "
        "waiting for user input; answer it in vRO, or set run_workflow_wait_on_interaction to true to keep waiting"
    )
    assert server[ran_out["execution_id"]]["state"] == "waiting"

    canceled = result.task("record 1")["result"]["msg"]
    assert canceled["state"] == "canceled" and server[canceled["execution_id"]]["state"] == "canceled"
    assert re.search(
        r"was still running after about \d+ s\s+and was canceled \(run_workflow_cancel_on_timeout\)$",
        canceled["failure"],
    ), canceled["failure"]

    failed = result.task("record 2")["result"]["msg"]
    after = result.task("after the failures")["result"]["msg"]
    assert failed["state"] == "failed" and after["run_workflow_interactions_answered"] == []
    assert failed["failure"] == after["run_workflow_execution"]["failure"]
    assert failed["failure"].startswith(
        f"workflow 'Fail' ({WORKFLOW_IDS['Fail']}) execution {failed['execution_id']} failed: {FAIL_EXCEPTION}"
    )
    assert "failing item: Scriptable task" in failed["failure"] and "Datastore lookup failed" in failed["failure"]
    assert_nothing_leaked(result, {"the SecureString answer": ROLE_SECRET})  # ...and nowhere else


def test_role_sends_no_answer_in_check_mode_nor_a_misspelt_one(run_playbook, fresh_simulator):
    answering = role_task(
        run_workflow_workflow_name="WaitForApproval",
        run_workflow_inputs={"request": "role-check"},
        run_workflow_interaction_inputs=[{"approved": True}],
    )
    checked = run_playbook(play(answering, SHOW_FACTS), check=True)
    assert checked.rc == 0, checked
    start = role_result(checked, "Start one run of the workflow per input set")["result"]
    assert start["runs"][0]["execution_id"] is None
    assert set(checked.task("show the facts")["result"]["msg"].values()) == {"undefined"}
    assert fresh_simulator.control.executions()["count"] == 0

    misspelt = {**answering, "vars": {**answering["vars"], "run_workflow_interaction_inputs": [{"aproved": True}]}}
    result = run_playbook(play(*rescued(misspelt)))
    assert result.rc == 0, result
    record = result.task("record 0")["result"]["msg"]
    assert record["failed_task"] == "Start one run of the workflow per input set"
    assert "interaction_inputs[0].aproved: unknown input; did you mean 'approved'?" in record["failure"]
    (run,) = fresh_simulator.control.executions()["executions"]
    assert f"execution_id {run['id']}" in record["failure"]  # the run that waits in vRO, to answer by hand
    assert run["state"] == "waiting"
    assert answers_posted(fresh_simulator) == 0
