#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vro_execution_info
short_description: Read vRealize / Aria Automation Orchestrator workflow runs, their state, outputs and logs
version_added: 1.0.0
description:
  - With O(execution_id), returns that run of the workflow, its state, and its inputs and outputs decoded to plain values.
  - With O(execution_ids), returns those runs and whether all of them have ended, so one C(until) loop can poll many runs.
  - Without either, lists the workflow's runs, newest first, optionally only those in O(state_filter).
  - With O(wait=true) and O(execution_id), waits for the run to end first, like
    O(opsflow.vro.vro_workflow_execute#module:wait=true) does for a run it starts, with the same polling and the same
    outcome. A run that fails or is canceled fails the task with vRO's reason; a run still going after
    O(wait_timeout) fails it with a message saying so. This follows a run started elsewhere (another play, the vRO
    client, a schedule).
  - With O(wait=true) and O(execution_ids), waits for all those runs the way
    O(opsflow.vro.vro_workflow_execute#module:runs) waits for its runs, with one request listing the workflow's runs per
    poll for all of them, whatever their number, and judges each run as with O(execution_id).
  - Never changes anything.
author:
  - opsflow.vro contributors (@opsflow)
extends_documentation_fragment:
  - opsflow.vro.connection
  - opsflow.vro.attributes
  - opsflow.vro.attributes.READ_ONLY
  - opsflow.vro.wait
options:
  workflow_id:
    description:
      - Id of the workflow. One of O(workflow_id), O(workflow_name) and O(execution_id) is required.
      - With O(execution_id) it may be left out; the run's workflow is then looked up in vRO's catalog.
    type: str
  workflow_name:
    description: Exact name of the workflow; a name shared by several workflows is an error listing them.
    type: str
  execution_id:
    description: Id of one run to read.
    type: str
  wait:
    description:
      - With O(execution_id), wait for the run to reach V(completed), V(failed) or V(canceled) before returning it.
      - With O(execution_ids), wait for every run the same way, then return them all. The runs share one poll
        schedule, each poll being one request listing the workflow's runs (paged only as far as the oldest run still
        waited on), so the request rate does not grow with the number of runs; a run the list does not show is
        read with its own state request. A run that fails, is canceled, waits for user input or is still going
        after O(wait_timeout) fails the task once all are done, with every run's result in RV(executions).
      - A run that waits for user input fails the task promptly with the interaction's details (answer it with
        M(opsflow.vro.vro_user_interaction)), unless O(wait_on_interaction=true). V(waiting-signal) keeps waiting.
    type: bool
    default: false
  execution_ids:
    description: Ids of several runs of the workflow to read in one task.
    type: list
    elements: str
  state_filter:
    description:
      - When listing runs, keep only runs in these states.
      - Called O(states) before 1.1.0; that name still works but is deprecated, since RV(states) is a return value
        with another meaning (the state of each run, by id).
    type: list
    elements: str
    choices: [canceled, completed, failed, initializing, running, suspended, waiting, waiting-signal]
    aliases: [states]
    version_added: 1.1.0
  max_results:
    description: When listing runs, return at most this many (the newest).
    type: int
    default: 20
  include_logs:
    description:
      - Also return the run's log entries (the C(/syslogs) and C(/logs) of vRO merged, oldest first) in RV(logs)
        (the C(logs) key of each item of RV(executions) with O(execution_ids)).
    type: bool
    default: false
  log_lines:
    description: With O(include_logs), return at most this many of the last log entries.
    type: int
    default: 100
  secret_values:
    description:
      - Values to mask (as C(********)) wherever they appear in what this task returns, such as the SecureString
        inputs given to the run. vRO does not return those, so this module cannot know them, but a workflow may
        quote them in its exception text or logs.
      - The role C(opsflow.vro.run_workflow) passes the SecureString inputs it started the runs with.
    type: list
    elements: str
seealso:
  - module: opsflow.vro.vro_workflow_execute
  - module: opsflow.vro.vro_execution
"""

EXAMPLES = r"""
- name: Wait until a run ends
  opsflow.vro.vro_execution_info:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    workflow_id: "{{ run.workflow_id }}"
    execution_id: "{{ run.execution_id }}"
  register: status
  until: status.state in ['completed', 'failed', 'canceled']
  retries: 60
  delay: 5

- name: Wait for a run started elsewhere (by its id alone)
  opsflow.vro.vro_execution_info:
    execution_id: "{{ execution_id }}"
    wait: true
    wait_timeout: 1800
  register: finished

- name: Show why it failed
  opsflow.vro.vro_execution_info:
    workflow_id: "{{ run.workflow_id }}"
    execution_id: "{{ run.execution_id }}"
    include_logs: true
    log_lines: 20
  register: failed_run

- name: Wait for many runs of one workflow (one list request per poll for all of them)
  opsflow.vro.vro_execution_info:
    workflow_name: Provision VM
    execution_ids: "{{ batch.runs | map(attribute='execution_id') | list }}"
    wait: true
    wait_timeout: 1800
  register: all_done

- name: Poll many runs in one task
  opsflow.vro.vro_execution_info:
    workflow_name: Provision VM
    execution_ids: "{{ batch.runs | map(attribute='execution_id') | list }}"
  register: many
  until: many.all_finished
  retries: 120
  delay: 5

- name: The last five failed runs of a workflow
  opsflow.vro.vro_execution_info:
    workflow_name: AWSNEW
    state_filter: [failed]
    max_results: 5
  register: recent_failures

- name: Read an earlier run (for example one started once in the vRO UI)
  opsflow.vro.vro_execution_info:
    workflow_name: AWSNEW
    execution_id: "{{ earlier_execution_id }}"
  register: earlier

- name: Replay it with the same inputs
  opsflow.vro.vro_workflow_execute:
    workflow_id: "{{ earlier.workflow_id }}"
    inputs: "{{ earlier.execution.inputs }}"
"""

RETURN = r"""
workflow_id:
  description: Id of the workflow.
  returned: always
  type: str
  sample: 3a0ab069-cf2f-47e0-96f5-4a8920a5dc51
workflow_name:
  description: Name of the workflow.
  returned: always
  type: str
  sample: AWSNEW
state:
  description: State of the run (lower case).
  returned: with O(execution_id)
  type: str
  sample: completed
execution:
  description:
    - The run, normalized.
    - Its C(inputs) can be passed as is to the O(opsflow.vro.vro_workflow_execute#module:inputs) of a new run.
  returned: with O(execution_id)
  type: dict
  contains:
    id:
      description: Execution id.
      type: str
    workflow_id:
      description: Workflow id.
      type: str
    name:
      description: Workflow name.
      type: str
    state:
      description: V(initializing), V(running), V(waiting), V(waiting-signal), V(suspended), V(completed), V(failed) or V(canceled) (lower case).
      type: str
    started_by:
      description: User that started the run.
      type: str
    start_date:
      description: Start time, ISO 8601 with a UTC offset, whatever format the server used.
      type: str
    end_date:
      description: End time, ISO 8601 with a UTC offset; V(null) while running.
      type: str
    exception:
      description: vRO's exception text (C(content-exception)) of a failed run.
      type: str
    current_item:
      description: The workflow item being run (or that failed).
      type: str
    business_state:
      description: Business status text set by the workflow.
      type: str
    href:
      description: URL of the run as vRO reports it.
      type: str
    inputs:
      description: Inputs of the run as plain values (SecureString values masked).
      type: dict
    outputs:
      description: Outputs of the run as plain values (SecureString values masked).
      type: dict
  sample:
    id: 8c3d4a61-2b1e-4f0a-9e55-0b7f3c2d1a90
    workflow_id: 3a0ab069-cf2f-47e0-96f5-4a8920a5dc51
    name: AWSNEW
    state: completed
    started_by: administrator@vsphere.local
    start_date: "2026-11-28T09:12:01.120+00:00"
    end_date: "2026-11-28T09:12:02.131+00:00"
    exception: null
    current_item: null
    business_state: null
    href: https://vro.example.com/vco/api/workflows/3a0ab069-cf2f-47e0-96f5-4a8920a5dc51/executions/8c3d4a61-2b1e-4f0a-9e55-0b7f3c2d1a90/
    inputs:
      name: IMGIMG03
    outputs:
      vmName: vm-IMGIMG03
outputs:
  description: Outputs of the run as plain values (SecureString values masked).
  returned: with O(execution_id)
  type: dict
  sample:
    vmName: vm-IMGIMG03
logs:
  description: Log entries of the run, oldest first, each with C(time), C(severity), C(origin) and C(message).
  returned: with O(execution_id) and O(include_logs)
  type: list
  elements: dict
  sample:
    - time: "2026-11-28T09:12:01.200+00:00"
      severity: info
      origin: system
      message: Workflow 'AWSNEW' has started
failure:
  description:
    - Why a V(failed) or V(canceled) run ended, in one sentence naming the workflow and the execution, with vRO's
      exception text, the failing item and the last error log lines.
    - With O(execution_ids), each item of RV(executions) that failed or was canceled carries its own C(failure).
  returned: with O(execution_id), when the run failed or was canceled
  type: str
  sample: "workflow 'Fail' (55b69adf-0b18-4709-aadd-e9c584b7d0f0) execution 3e1f0c52-6f0e-4bb1-9d64-0c1c8a41e5f7 failed:
    Error: Datastore 'ds-missing' not found (failing item: Scriptable task). Last error log lines: Datastore lookup failed"
executions:
  description:
    - Without O(execution_id) and O(execution_ids), summaries of the workflow's runs, newest first (C(id), C(workflow_id),
      C(name), C(state), C(started_by), C(start_date), C(end_date), C(current_item), C(href)).
    - With O(execution_ids), the full runs in the order of the ids (with C(logs) when O(include_logs)).
    - With O(execution_ids) and O(wait=true), each item also has C(failed) (true when the run did not complete, because it
      failed, was canceled, waits for user input, was still going after O(wait_timeout), or could not be read),
      C(msg) (why, else null), C(waited) (as RV(waited)), C(failure) and C(logs) for a run that failed or was
      canceled, and C(interaction) for a run that waits for user input. A run that could not be read at all has
      only C(id), C(workflow_id), C(state) (null), C(failed) and C(msg).
  returned: without O(execution_id)
  type: list
  elements: dict
states:
  description: With O(execution_ids), the state of each run, by id.
  returned: with O(execution_ids)
  type: dict
  sample:
    8c3d4a61-2b1e-4f0a-9e55-0b7f3c2d1a90: completed
    0f5e0d4c-5a7b-4c52-8d1e-2f6a9b3c4d5e: running
waited:
  description:
    - How long the module waited, how many times it read the run's state, and when it saw the end.
    - With O(execution_ids), in each item of RV(executions); C(polls) then counts the polls of the run's schedule,
      each shared by all the runs (one list request).
  returned: with O(wait=true) and O(execution_id)
  type: dict
  sample:
    seconds: 1.24
    polls: 3
    detected_at: "2026-11-28T09:12:02.390+00:00"
interaction:
  description:
    - The pending user interaction of a run that waits for input (name, assignees, fields).
    - With O(execution_ids), in each item of RV(executions) that waits for input.
  returned: with O(wait=true) and O(execution_id), when the run waits for user input
  type: dict
all_finished:
  description: With O(execution_ids), whether every run has reached V(completed), V(failed) or V(canceled).
  returned: with O(execution_ids)
  type: bool
  sample: false
"""

from ansible_collections.opsflow.vro.plugins.module_utils import (
    _executions,
    _interactions,
    _module,
    _runner,
    _workflows,
)
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError


def read_run(client, workflow_name, workflow_id, execution_id, params):
    execution, secrets = _executions.normalize(_executions.get(client, workflow_id, execution_id), workflow_id)
    client.add_secrets(secrets)
    if execution["state"] in _executions.UNSUCCESSFUL_STATES:
        execution["failure"], entries = _executions.explain_failure(
            client, workflow_name, execution, params["log_lines"]
        )
        if params["include_logs"]:
            execution["logs"] = entries
    elif params["include_logs"]:
        execution["logs"] = _executions.logs(client, workflow_id, execution_id, params["log_lines"])
    return execution


def waited(client, result, params):
    """A followed run's result as this module returns it: ``failure`` when it failed or was canceled, logs if asked."""
    if result.get("state") in _executions.UNSUCCESSFUL_STATES:
        result["failure"] = result["msg"]
    if params["include_logs"] and "logs" not in result and "execution" in result:
        result["logs"] = _executions.logs(client, result["workflow_id"], result["execution_id"], params["log_lines"])
    return result


def wait_for_run(client, workflow_name, workflow_id, execution_id, params):
    """Wait for a run started elsewhere as for our own runs (same waiter, same outcome); the result, failed or not."""
    result = _runner.follow_run(
        client, workflow_id, workflow_name, execution_id, _runner.RunOptions.for_waiting(params)
    )
    result = waited(client, result, params)
    del result["execution_id"]
    return result


def wait_for_runs(client, workflow_name, workflow_id, execution_ids, params):
    """Wait for runs of the workflow started elsewhere as ``runs`` waits for ours: one list poll for all of them."""
    options = _runner.RunOptions.for_waiting(params)
    executions = []
    for result in _runner.follow_runs(client, workflow_id, workflow_name, execution_ids, options):
        result = waited(client, result, params)
        unread = {"id": result["execution_id"], "workflow_id": workflow_id, "state": None}
        execution = dict(result.get("execution") or unread, msg=result.get("msg"))
        execution.update(
            (key, result[key]) for key in ("failed", "failure", "logs", "waited", "interaction") if key in result
        )
        executions.append(execution)
    summary = summarize(executions)
    failed = [e for e in executions if e["failed"]]
    if failed:
        summary["failed"] = True
        summary["msg"] = _runner.incomplete_runs_message([(e["id"], e["msg"]) for e in failed], len(executions))
    return summary


def summarize(executions):
    return dict(
        executions=executions,
        states=dict((e["id"], e["state"]) for e in executions),
        all_finished=all(e["state"] in _executions.TERMINAL_STATES for e in executions),
    )


def check_options(params):
    _module.check_ranges(params, at_least=dict(max_results=1, log_lines=0, wait_timeout=0), above=dict(poll_interval=0))
    if params["wait"] and not (params["execution_id"] or params["execution_ids"]):
        raise VroInputError(field="wait", expected="execution_id or execution_ids with wait: true", given="neither")
    if not (params["workflow_id"] or params["workflow_name"] or params["execution_id"]):
        raise VroInputError(
            "one of workflow_id, workflow_name or execution_id is required (execution_ids and listing need a workflow)",
            field="workflow_id",
            expected="a workflow id or name, or an execution_id",
            given="none",
        )


def run(module, client):
    params = module.params
    client.add_secrets(params["secret_values"] or [])
    check_options(params)
    _workflows.check_ids(
        workflow_id=params["workflow_id"], execution_id=params["execution_id"], execution_ids=params["execution_ids"]
    )
    if params["execution_id"]:
        workflow_id, workflow_name = _interactions.locate_run(
            client, params["execution_id"], params["workflow_id"], params["workflow_name"]
        )
    else:
        workflow_id, workflow_name = _workflows.identify(client, params["workflow_id"], params["workflow_name"])
    result = {"changed": False, "workflow_id": workflow_id, "workflow_name": workflow_name}
    if params["execution_id"] and params["wait"]:
        result.update(wait_for_run(client, workflow_name, workflow_id, params["execution_id"], params))
    elif params["execution_id"]:
        execution = read_run(client, workflow_name, workflow_id, params["execution_id"], params)
        for key in ("logs", "failure"):
            if key in execution:
                result[key] = execution.pop(key)
        result.update(execution=execution, state=execution["state"], outputs=execution["outputs"])
    elif params["execution_ids"] is not None and params["wait"]:
        result.update(wait_for_runs(client, workflow_name, workflow_id, params["execution_ids"], params))
    elif params["execution_ids"] is not None:
        result.update(
            summarize(
                [
                    read_run(client, workflow_name, workflow_id, execution_id, params)
                    for execution_id in params["execution_ids"]
                ]
            )
        )
    else:
        result["executions"] = _executions.list_executions(
            client, workflow_id, params["max_results"], params["state_filter"]
        )
    return result


def main():
    module = _module.VroModule(
        argument_spec=_module.argument_spec(
            workflow_id=dict(type="str"),
            workflow_name=dict(type="str"),
            execution_id=dict(type="str"),
            execution_ids=dict(type="list", elements="str"),
            state_filter=dict(
                type="list",
                elements="str",
                choices=_executions.ALL_STATES,
                aliases=["states"],
                deprecated_aliases=[dict(name="states", version="2.0.0", collection_name="opsflow.vro")],
            ),
            max_results=dict(type="int", default=20),
            include_logs=dict(type="bool", default=False),
            log_lines=dict(type="int", default=100),
            secret_values=dict(type="list", elements="str", no_log=True),
            wait=dict(type="bool", default=False),
            **_module.WAIT_OPTIONS,
        ),
        mutually_exclusive=[("workflow_id", "workflow_name"), ("execution_id", "execution_ids")],
        supports_check_mode=True,
    )
    _module.run_module(module, run)


if __name__ == "__main__":
    main()
