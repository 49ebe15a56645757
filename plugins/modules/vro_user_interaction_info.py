#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vro_user_interaction_info
short_description: List vRealize / Aria Automation Orchestrator workflow runs that wait for user input
version_added: 1.0.0
description:
  - Lists the user interactions that wait for an answer (runs in state V(waiting)), with the fields each one asks
    for, so that a play can answer them with M(opsflow.vro.vro_user_interaction).
  - Without options, every waiting interaction this user can see; with O(workflow_id) or O(workflow_name), those of one
    workflow; with O(execution_id), the one of that run (an empty list when it does not wait).
  - Never changes anything.
author:
  - opsflow.vro contributors (@opsflow)
extends_documentation_fragment:
  - opsflow.vro.connection
  - opsflow.vro.attributes
  - opsflow.vro.attributes.READ_ONLY
options:
  workflow_id:
    description:
      - Only the interactions of runs of this workflow.
      - With O(execution_id), the workflow of that run; it can be left out, the run's workflow is then looked up.
    type: str
  workflow_name:
    description: Like O(workflow_id), by exact name; a name shared by several workflows is an error listing them.
    type: str
  execution_id:
    description: Only the interaction of this run.
    type: str
notes:
  - Waiting interactions are found through vRO's catalog (C(GET /catalog/System/UserInteraction?status=0)), then each
    one is read from its run (C(GET .../executions/{id}/interaction)); that is one or two requests per interaction.
seealso:
  - module: opsflow.vro.vro_user_interaction
  - module: opsflow.vro.vro_workflow_execute
"""

EXAMPLES = r"""
- name: Everything waiting for an answer
  opsflow.vro.vro_user_interaction_info:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
  register: pending

- name: Show what each one asks for
  ansible.builtin.debug:
    msg: "{{ item.workflow_name }} ({{ item.execution_id }}): {{ item.name }} asks for {{ item.inputs | map(attribute='name') | join(', ') }}"
  loop: "{{ pending.interactions }}"

- name: The waiting approvals of one workflow
  opsflow.vro.vro_user_interaction_info:
    workflow_name: WaitForApproval
  register: approvals

- name: The interaction of one run, by its id alone
  opsflow.vro.vro_user_interaction_info:
    execution_id: "{{ run.execution_id }}"
  register: one
"""

RETURN = r"""
interactions:
  description: The waiting interactions, one per run.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the interaction in vRO.
      type: str
    execution_id:
      description: Id of the run that waits.
      type: str
    workflow_id:
      description: Id of the run's workflow.
      type: str
    workflow_name:
      description: Name of the run's workflow.
      type: str
    name:
      description: Name of the interaction (its prompt).
      type: str
    state:
      description: V(waiting).
      type: str
    assignees:
      description: Users and groups who may answer.
      type: list
      elements: str
    timeout_date:
      description: When the interaction times out (ISO 8601), or V(null) when it never does.
      type: str
    inputs:
      description: The fields to fill in, each with C(name), C(type) (a vRO type) and C(description).
      type: list
      elements: dict
  sample:
    - id: 2f6a9b3c-4d5e-4c52-8d1e-0f5e0d4c5a7b
      execution_id: 8c3d4a61-2b1e-4f0a-9e55-0b7f3c2d1a90
      workflow_id: c0a87531-3ff0-4a69-9715-e8914e828a75
      workflow_name: WaitForApproval
      name: Approve request
      state: waiting
      assignees: [administrator@vsphere.local]
      timeout_date: null
      inputs:
        - name: approved
          type: boolean
          description: Approve the request?
"""

from ansible_collections.opsflow.vro.plugins.module_utils import _interactions, _module, _workflows


def run(module, client):
    params = module.params
    if params["execution_id"]:
        workflow_id, workflow_name = _interactions.locate_run(
            client, params["execution_id"], params["workflow_id"], params["workflow_name"]
        )
        _interactions.run_state(client, workflow_id, params["execution_id"])  # an unknown run is an error
        interaction = _interactions.read(client, workflow_id, workflow_name, params["execution_id"])
        found = [interaction] if interaction and interaction["state"] == "waiting" else []
    elif params["workflow_id"] or params["workflow_name"]:
        workflow = _workflows.identify(client, params["workflow_id"], params["workflow_name"])
        found = _interactions.list_waiting(client, workflow=workflow)
    else:
        found = _interactions.list_waiting(client)
    return {"changed": False, "interactions": found}


def main():
    module = _module.VroModule(
        argument_spec=_module.argument_spec(
            workflow_id=dict(type="str"),
            workflow_name=dict(type="str"),
            execution_id=dict(type="str"),
        ),
        mutually_exclusive=[("workflow_id", "workflow_name")],
        supports_check_mode=True,
    )
    _module.run_module(module, run)


if __name__ == "__main__":
    main()
