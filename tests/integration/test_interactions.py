# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""User interactions answered from Ansible, runs followed by their id alone, waiting on a run started elsewhere."""

from __future__ import annotations

import datetime
import json
import threading
import time

import requests

from tests.integration.plays import WORKFLOW_IDS, answer, assert_ok, execute, execution, info, interactions, play
from tests.integration.test_secrets import assert_nothing_leaked

APPROVAL = WORKFLOW_IDS["WaitForApproval"]
TWO_STEP = WORKFLOW_IDS["TwoStepApproval"]
SLEEP = WORKFLOW_IDS["Sleep"]
FAIL = WORKFLOW_IDS["Fail"]
SECURE_ANSWER = "Canary-Answer-6d1f0a93be"
ANSWER_POST = "POST /workflows/{id}/executions/{eid}/interaction"
STATE_GET = "GET /workflows/{id}/executions/{eid}/state"


def until_waiting(name, workflow_id, **args):
    """Start a run and wait until it waits for input: the task fails then, saying so (ignored)."""
    return execute(name=name, register=name, workflow_id=workflow_id, wait=True, poll_interval=1, **args)


def answers_posted(sim):
    return sim.control.stats()["requests"].get(ANSWER_POST, 0)


def test_an_approval_is_listed_and_answered_by_execution_id_alone(run_playbook, fresh_simulator):
    run_id = "{{ run.execution_id }}"
    result = run_playbook(
        play(
            until_waiting("run", APPROVAL, inputs={"request": "more disk"}),
            interactions(name="everything", register="everything"),
            interactions(name="of the workflow", workflow_name="WaitForApproval"),
            interactions(name="of the run", execution_id=run_id),
            answer(name="misspelt", execution_id=run_id, inputs={"aproved": True}),
            answer(name="check mode", execution_id=run_id, inputs={"approved": True}, check_mode=True),
            answer(name="approve", execution_id=run_id, inputs={"approved": True}),
            info(name="wait for the end", execution_id=run_id, wait=True, poll_interval=1),
            answer(name="approve again", execution_id=run_id, inputs={"approved": True}),
            interactions(name="none left", execution_id=run_id),
        )
    )
    waiting = result.task("run")
    assert waiting["failed"] and "is waiting for user input" in waiting["result"]["msg"]
    execution_id = waiting["result"]["execution_id"]

    listed = result.task("everything")["result"]["interactions"]
    assert len(listed) == 1
    item = listed[0]
    assert item["execution_id"] == execution_id
    assert (item["workflow_id"], item["workflow_name"]) == (APPROVAL, "WaitForApproval")
    assert (item["name"], item["state"]) == ("Approve request", "waiting")
    assert item["assignees"] == ["administrator@vsphere.local"]
    assert item["timeout_date"] is None
    assert item["inputs"] == [{"name": "approved", "type": "boolean", "description": "Approve the request?"}]
    assert result.task("of the workflow")["result"]["interactions"] == listed
    assert result.task("of the run")["result"]["interactions"] == listed

    misspelt = result.task("misspelt")
    assert misspelt["failed"]
    assert "inputs.aproved" in misspelt["result"]["msg"] and "did you mean 'approved'" in misspelt["result"]["msg"]

    check = result.task("check mode")["result"]
    assert check["changed"] and check["payload"]["parameters"][0]["value"] == {"boolean": {"value": True}}
    assert check["state"] == "waiting"

    approved = result.task("approve")
    assert approved["changed"] and not approved["failed"], approved
    assert approved["result"]["interaction"]["name"] == "Approve request"
    assert datetime.datetime.fromisoformat(approved["result"]["answered_at"])

    assert result.task("wait for the end")["result"]["outputs"] == {"approved": True}
    again = result.task("approve again")
    assert not again["changed"] and not again["failed"]
    assert again["result"]["msg"] == (
        "execution %s is completed, not waiting for user input: nothing to answer" % execution_id
    )
    assert result.task("none left")["result"]["interactions"] == []
    # the misspelt answer and check mode sent nothing: one answer reached vRO
    assert answers_posted(fresh_simulator) == 1
    assert fresh_simulator.control.executions()["executions"][0]["interaction_answers"] == [
        [{"name": "approved", "type": "boolean", "scope": "local", "value": {"boolean": {"value": True}}}]
    ]


def test_two_successive_interactions_with_a_secret_never_shown(run_playbook, fresh_simulator):
    run_id = "{{ run.execution_id }}"
    playbook = play(
        until_waiting("run", TWO_STEP, inputs={"request": "db access"}),
        answer(
            name="credentials in check mode",
            execution_id=run_id,
            inputs={"account": "svc-db", "password": "{{ vault_db_password }}"},
            check_mode=True,
        ),
        answer(
            name="credentials",
            register="credentials",
            execution_id=run_id,
            workflow_name="TwoStepApproval",
            inputs={"account": "svc-db", "password": "{{ vault_db_password }}"},
        ),
        info(name="until the next interaction", execution_id=run_id, wait=True, poll_interval=1),
        interactions(name="second", execution_id=run_id),
        answer(name="approval", execution_id=run_id, inputs={"approved": True, "comment": "ok"}),
        info(name="end", register="end", execution_id=run_id, wait=True, poll_interval=1),
        {"name": "dump", "ansible.builtin.debug": {"var": "credentials"}},
    )
    # From a variable, as from a vault: ansible -vvv quotes the source of a failed task, literal values included.
    result = run_playbook(playbook, extra_vars={"vault_db_password": SECURE_ANSWER}, verbosity=3)
    assert result.task("credentials")["changed"] and not result.task("credentials")["failed"], result
    stopped = result.task("until the next interaction")
    assert stopped["failed"] and "interaction 'Final approval'" in stopped["result"]["msg"]
    second = result.task("second")["result"]["interactions"][0]
    assert second["assignees"] == ["approver@vsphere.local", "vro-approvers@vsphere.local"]
    timeout = datetime.datetime.fromisoformat(second["timeout_date"])
    assert timeout - datetime.datetime.now(datetime.timezone.utc) > datetime.timedelta(hours=23)
    assert result.task("approval")["changed"]
    end = result.task("end")
    assert not end["failed"] and end["result"]["outputs"] == {"account": "svc-db", "approved": True, "comment": "ok"}
    answers = fresh_simulator.control.executions()["executions"][0]["interaction_answers"]
    assert [[p["name"] for p in a] for a in answers] == [["account", "password"], ["approved", "comment"]]
    assert SECURE_ANSWER in json.dumps(answers[0])  # the secret really went to vRO...
    assert_nothing_leaked(result, {"the SecureString answer": SECURE_ANSWER})  # ...and nowhere else


def test_cancel_an_interaction_and_an_unknown_run(run_playbook, fresh_simulator):
    result = run_playbook(
        play(
            until_waiting("run", APPROVAL),
            answer(
                name="cancel in check mode", execution_id="{{ run.execution_id }}", state="canceled", check_mode=True
            ),
            answer(name="cancel", execution_id="{{ run.execution_id }}", state="canceled"),
            answer(name="unknown", execution_id="no-such-run", inputs={"approved": True}),
        )
    )
    check = result.task("cancel in check mode")
    assert check["changed"] and check["result"]["state"] == "waiting"
    canceled = result.task("cancel")
    assert canceled["changed"] and canceled["result"]["state"] == "canceled", canceled
    unknown = result.task("unknown")
    assert unknown["failed"]
    assert "execution_id 'no-such-run' was not found" in unknown["result"]["msg"]
    assert fresh_simulator.control.stats()["requests"].get("DELETE /workflows/{id}/executions/{eid}/interaction") == 1


def test_execution_modules_follow_a_run_by_its_id_alone(run_playbook, fresh_simulator):
    result = run_playbook(
        play(
            execute(name="sleep", register="sleep", workflow_id=SLEEP, inputs={"seconds": 30}),
            info(name="read", execution_id="{{ sleep.execution_id }}"),
            execution(name="cancel", execution_id="{{ sleep.execution_id }}"),
            execute(name="fail", register="fail", workflow_id=FAIL),
            info(name="wait for a failure", execution_id="{{ fail.execution_id }}", wait=True, poll_interval=1),
            execute(name="long", register="long", workflow_id=SLEEP, inputs={"seconds": 30}),
            info(name="time out", execution_id="{{ long.execution_id }}", wait=True, wait_timeout=1, poll_interval=1),
        )
    )
    read = result.task("read")["result"]
    assert (read["workflow_id"], read["workflow_name"], read["state"]) == (SLEEP, "Sleep", "running")
    assert result.task("cancel")["result"]["state"] == "canceled"
    failure = result.task("wait for a failure")
    assert failure["failed"]
    assert "Error: Datastore 'ds-missing' not found" in failure["result"]["msg"]
    assert failure["result"]["failure"] == failure["result"]["msg"]
    timed_out = result.task("time out")
    assert timed_out["failed"] and "is still running after wait_timeout=1s" in timed_out["result"]["msg"]


def approve_once_polled(sim, polls=3, timeout=60):
    """Answer the first waiting approval once the waiting task has read its state ``polls`` times."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sim.control.stats()["requests"].get(STATE_GET, 0) >= polls:
            run = sim.control.executions()["executions"][0]
            url = "%s/vco/api/workflows/%s/executions/%s/interaction" % (sim.url, APPROVAL, run["id"])
            body = {"parameters": [{"name": "approved", "type": "boolean", "value": {"boolean": {"value": True}}}]}
            requests.post(url, json=body, auth=(sim.username, sim.password), verify=sim.ca_path, timeout=10)
            return
        time.sleep(0.05)


def test_waiting_on_a_run_started_elsewhere_sees_its_end_within_a_second(run_playbook, fresh_simulator):
    # ansible-playbook takes 1-5 s between two tasks on a busy machine: a 1 s run started by one task is over
    # before the next begins to wait. So the run is held (an approval) until the wait has polled it three
    # times, then answered elsewhere: it ends 0.2 s later, while waited on.
    answerer = threading.Thread(target=approve_once_polled, args=(fresh_simulator,))
    answerer.start()
    result = run_playbook(
        play(
            execute(name="start", register="run", workflow_id=APPROVAL),
            info(
                name="wait",
                execution_id="{{ run.execution_id }}",
                wait=True,
                wait_on_interaction=True,
                poll_interval=5,
            ),
        )
    )
    answerer.join()
    assert_ok(result)
    outcome = result.task("wait")["result"]
    assert outcome["state"] == "completed" and outcome["outputs"] == {"approved": True}
    assert outcome["waited"]["polls"] >= 4, outcome["waited"]
    ended = datetime.datetime.fromisoformat(outcome["execution"]["end_date"])
    latency = (datetime.datetime.fromisoformat(outcome["waited"]["detected_at"]) - ended).total_seconds()
    assert 0 <= latency < 1.0, outcome["waited"]


def test_interaction_inputs_answer_the_interactions_a_run_reaches_in_order(run_playbook, fresh_simulator):
    playbook = play(
        execute(
            name="approval",
            workflow_id=APPROVAL,
            inputs={"request": "more disk"},
            wait=True,
            poll_interval=1,
            interaction_inputs={"approved": True},  # one dict: one answer
        ),
        execute(
            name="two steps",
            register="two_steps",
            workflow_name="TwoStepApproval",
            wait=True,
            poll_interval=1,
            interaction_inputs=[
                {"account": "svc-db", "password": "{{ vault_db_password }}"},
                {"approved": True, "comment": "ok"},
            ],
        ),
        execute(
            name="answers run out",
            workflow_id=TWO_STEP,
            wait=True,
            poll_interval=1,
            interaction_inputs=[{"account": "svc-db", "password": "{{ vault_db_password }}"}],
        ),
        execute(
            name="batch",
            workflow_id=APPROVAL,
            wait=True,
            poll_interval=1,
            runs=[
                {"inputs": {"request": "a"}, "interaction_inputs": [{"approved": True}]},
                {"inputs": {"request": "b"}, "interaction_inputs": [{"approved": False}]},
            ],
        ),
        execute(
            name="answers never used",
            workflow_name="Health Check",
            wait=True,
            poll_interval=1,
            interaction_inputs=[{"password": "{{ vault_db_password }}"}],
        ),
        {"name": "dump", "ansible.builtin.debug": {"var": "two_steps"}},
    )
    result = run_playbook(playbook, extra_vars={"vault_db_password": SECURE_ANSWER}, verbosity=3)
    assert not result.task("answers never used")["failed"]

    approval = result.task("approval")
    assert not approval["failed"], approval
    assert approval["result"]["outputs"] == {"approved": True}
    assert [a["name"] for a in approval["result"]["interactions_answered"]] == ["Approve request"]

    two_steps = result.task("two steps")["result"]
    assert two_steps["state"] == "completed", two_steps
    assert two_steps["outputs"] == {"account": "svc-db", "approved": True, "comment": "ok"}
    answered = two_steps["interactions_answered"]
    assert [a["name"] for a in answered] == ["Enter credentials", "Final approval"]
    assert datetime.datetime.fromisoformat(answered[0]["answered_at"]) < datetime.datetime.fromisoformat(
        answered[1]["answered_at"]
    )

    ran_out = result.task("answers run out")
    assert ran_out["failed"]
    assert (
        "is waiting for user input: interaction 'Final approval' asks for approved (boolean)"
        in ran_out["result"]["msg"]
    )
    assert [a["name"] for a in ran_out["result"]["interactions_answered"]] == ["Enter credentials"]

    batch = result.task("batch")["result"]["runs"]
    assert [(r["state"], r["outputs"]) for r in batch] == [
        ("completed", {"approved": True}),
        ("completed", {"approved": False}),
    ]
    assert all(len(r["interactions_answered"]) == 1 for r in batch)

    runs = {run["id"]: run for run in fresh_simulator.control.executions()["executions"]}
    secure_sent = [run for run in runs.values() if SECURE_ANSWER in json.dumps(run["interaction_answers"])]
    assert len(secure_sent) == 2  # the secret really went to vRO, twice...
    assert_nothing_leaked(result, {"the SecureString answer": SECURE_ANSWER})  # ...and nowhere else


def test_a_misspelt_interaction_input_fails_with_did_you_mean_and_sends_nothing(run_playbook, fresh_simulator):
    result = run_playbook(
        play(
            execute(
                name="misspelt",
                workflow_id=APPROVAL,
                wait=True,
                poll_interval=1,
                interaction_inputs=[{"aproved": True}],
            ),
            execute(
                name="without wait",
                workflow_id=APPROVAL,
                interaction_inputs=[{"approved": True}],
            ),
        )
    )
    misspelt = result.task("misspelt")
    assert misspelt["failed"]
    msg = misspelt["result"]["msg"]
    assert "interaction_inputs[0].aproved: unknown input; did you mean 'approved'?" in msg, msg
    assert "check it with opsflow.vro.vro_execution_info" in msg
    assert misspelt["result"]["interactions_answered"] == []
    assert answers_posted(fresh_simulator) == 0
    assert fresh_simulator.control.executions()["executions"][0]["state"] == "waiting"
    no_wait = result.task("without wait")
    assert no_wait["failed"] and "interaction_inputs answers the interactions" in no_wait["result"]["msg"]
    assert fresh_simulator.control.executions()["count"] == 1  # refused before starting anything
