#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vro_user_interaction
short_description: Answer or cancel the user interaction of a waiting vRealize / Aria Automation Orchestrator run
version_added: 1.0.0
description:
  - A workflow run that reaches a user interaction (an approval, a form to fill in) waits in state V(waiting) until
    someone answers it. This module answers it, or cancels it.
  - The answer is given as plain O(inputs), typed from the fields the interaction declares with the same encoder as
    workflow inputs (every vRO type, a misspelt field name fails with "did you mean"), or as raw O(parameters).
  - Idempotent. A run that does not wait for an answer (any more) changes nothing; RV(msg) gives its state.
  - The run is found by O(execution_id) alone; its workflow is then looked up in vRO's catalog.
author:
  - opsflow.vro contributors (@opsflow)
extends_documentation_fragment:
  - opsflow.vro.connection
  - opsflow.vro.attributes
  - opsflow.vro.encoding
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode reads the run and its interaction and validates and encodes the answer, then sends nothing;
        RV(payload) shows what would be sent (secrets masked).
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: full
    details: The diff shows the interaction's state before and after.
options:
  execution_id:
    description: Id of the waiting run.
    type: str
    required: true
  workflow_id:
    description: Id of the run's workflow. Optional; without it and O(workflow_name) the workflow is looked up.
    type: str
  workflow_name:
    description: Exact name of the run's workflow. Optional, like O(workflow_id).
    type: str
  state:
    description:
      - V(answered) answers the interaction with O(inputs) or O(parameters).
      - V(canceled) cancels the interaction (C(DELETE .../interaction)). vRO then ends the run instead of resuming it;
        its API reference does not say in which state, and the state the run reached right after is returned in
        RV(state) (the bundled simulator reports V(canceled)). To stop a run that does not wait for input, use
        M(opsflow.vro.vro_execution).
    type: str
    choices: [answered, canceled]
    default: answered
  inputs:
    description:
      - The answer, as plain values keyed by field name (the C(inputs) listed by M(opsflow.vro.vro_user_interaction_info)).
      - Each value is encoded as the type the field declares, as the O(opsflow.vro.vro_workflow_execute#module:inputs)
        of a run are. An unknown field name, or a value that cannot be the declared type, fails before anything is sent.
      - SecureString values never appear in the task's output or logs.
    type: dict
  parameters:
    description:
      - The answer as raw vRO parameter objects (C(name), C(type), C(scope), C(value)), sent as they are.
      - Their names are checked against the interaction's fields; their values are checked by vRO.
    type: list
    elements: dict
seealso:
  - module: opsflow.vro.vro_user_interaction_info
  - module: opsflow.vro.vro_workflow_execute
  - module: opsflow.vro.vro_execution
"""

EXAMPLES = r"""
- name: Approve a request
  opsflow.vro.vro_user_interaction:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    execution_id: "{{ run.execution_id }}"
    inputs:
      approved: true

- name: Answer a form with a secret (never shown)
  opsflow.vro.vro_user_interaction:
    execution_id: "{{ run.execution_id }}"
    workflow_name: TwoStepApproval
    inputs:
      account: svc-db
      password: "{{ vault_db_password }}"

- name: Answer every waiting approval of a workflow
  opsflow.vro.vro_user_interaction:
    execution_id: "{{ item.execution_id }}"
    workflow_id: "{{ item.workflow_id }}"
    inputs:
      approved: true
  loop: "{{ pending.interactions }}"
  loop_control:
    label: "{{ item.execution_id }}"

- name: Cancel the interaction (vRO ends the run)
  opsflow.vro.vro_user_interaction:
    execution_id: "{{ run.execution_id }}"
    state: canceled
"""

RETURN = r"""
workflow_id:
  description: Id of the run's workflow.
  returned: always
  type: str
  sample: c0a87531-3ff0-4a69-9715-e8914e828a75
workflow_name:
  description: Name of the run's workflow.
  returned: always
  type: str
  sample: WaitForApproval
execution_id:
  description: Id of the run.
  returned: always
  type: str
  sample: 8c3d4a61-2b1e-4f0a-9e55-0b7f3c2d1a90
state:
  description:
    - State of the run when the module returned; after an answer, usually V(running) (or V(waiting) again, for the
      run's next interaction).
  returned: always
  type: str
  sample: running
interaction:
  description:
    - The interaction the run waited on, with the same fields as the items of
      RV(opsflow.vro.vro_user_interaction_info#module:interactions).
  returned: when the run was waiting
  type: dict
answered_at:
  description: When the answer (or the cancel) was sent, by the clock of the host running the module (ISO 8601).
  returned: when changed and not in check mode
  type: str
  sample: "2026-11-28T09:12:02.390+00:00"
payload:
  description: In check mode, the answer that would be sent (SecureString values masked).
  returned: in check mode, with O(state=answered), when the run waits
  type: dict
msg:
  description: What was done, or why nothing was (the run does not wait for an answer, and its state).
  returned: always
  type: str
  sample: "execution 8c3d4a61-2b1e-4f0a-9e55-0b7f3c2d1a90 is completed, not waiting for user input: nothing to answer"
"""

from ansible_collections.opsflow.vro.plugins.module_utils import _attachments, _decode, _interactions, _module
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError


def run(module, client):
    params = module.params
    verb = "answer" if params["state"] == "answered" else "cancel"
    if verb == "cancel" and (params["inputs"] is not None or params["parameters"] is not None):
        raise VroInputError(
            "inputs and parameters answer an interaction; state: canceled takes neither",
            field="state",
            expected="answered (with inputs or parameters), or canceled without them",
            given="canceled with an answer",
        )
    execution_id = params["execution_id"]
    workflow_id, workflow_name = _interactions.locate_run(
        client, execution_id, params["workflow_id"], params["workflow_name"]
    )
    state = _interactions.run_state(client, workflow_id, execution_id)
    result = {
        "changed": False,
        "workflow_id": workflow_id,
        "workflow_name": workflow_name,
        "execution_id": execution_id,
        "state": state,
    }
    interaction = _interactions.read(client, workflow_id, workflow_name, execution_id) if state == "waiting" else None
    if interaction is None or interaction["state"] != "waiting":
        result["msg"] = "execution %s is %s, not waiting for user input: nothing to %s" % (execution_id, state, verb)
        return result
    result.update(changed=True, interaction=interaction)
    parameters = None
    if params["state"] == "answered":
        parameters = _interactions.answer_parameters(
            interaction,
            params["inputs"],
            params["parameters"],
            wire=params["wire_format"],
            read_file=_attachments.attachment_reader(params["attachment_dirs"]),
        )
        client.add_secrets(_decode.secret_values(parameters))  # check mode sends nothing, yet shows the invocation
    if module._diff:
        result["diff"] = {"before": {"interaction": "waiting"}, "after": {"interaction": params["state"]}}
    if module.check_mode:
        if parameters is not None:
            result["payload"] = {"parameters": _decode.mask_parameters(parameters)}
        result["msg"] = "check mode: the interaction '%s' of execution %s would be %s" % (
            interaction["name"],
            execution_id,
            params["state"],
        )
        return result
    if parameters is not None:
        result["answered_at"] = _interactions.answer(client, interaction, parameters)
    else:
        result["answered_at"] = _interactions.now_iso()
        result["changed"] = _interactions.cancel(client, interaction)
    result["state"] = _interactions.run_state(client, workflow_id, execution_id)
    result["msg"] = "the interaction '%s' of execution %s was %s; the run is now %s" % (
        interaction["name"],
        execution_id,
        params["state"] if result["changed"] else "no longer waiting",
        result["state"],
    )
    return result


def main():
    module = _module.VroModule(
        argument_spec=_module.argument_spec(
            execution_id=dict(type="str", required=True),
            workflow_id=dict(type="str"),
            workflow_name=dict(type="str"),
            state=dict(type="str", choices=["answered", "canceled"], default="answered"),
            inputs=dict(type="dict"),
            parameters=dict(type="list", elements="dict"),
            **_module.ENCODING_OPTIONS,
        ),
        mutually_exclusive=[("workflow_id", "workflow_name"), ("inputs", "parameters")],
        supports_check_mode=True,
    )
    _module.run_module(module, run)


if __name__ == "__main__":
    main()
