#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vro_execution
short_description: Cancel a vRealize / Aria Automation Orchestrator workflow run
version_added: 1.0.0
description:
  - Brings a workflow run to the requested state. Today the one state is V(canceled).
  - Canceling a run that has already ended (completed, failed or canceled) changes nothing and is not an error.
author:
  - opsflow.vro contributors (@opsflow)
extends_documentation_fragment:
  - opsflow.vro.connection
  - opsflow.vro.attributes
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details: In check mode the run's state is read and the module reports whether it would cancel it.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: full
    details: The diff shows the run's state before and after.
options:
  workflow_id:
    description:
      - Id of the run's workflow. Optional; without it and O(workflow_name) the workflow is looked up from
        O(execution_id) in vRO's catalog (one more request).
    type: str
  workflow_name:
    description: Exact name of the run's workflow. Optional, like O(workflow_id).
    type: str
  execution_id:
    description: Id of the run.
    type: str
    required: true
  state:
    description: The state the run should be in.
    type: str
    choices: [canceled]
    default: canceled
  wait_timeout:
    description: Seconds to wait for vRO to report the run V(canceled) after the cancel request.
    type: int
    default: 30
seealso:
  - module: opsflow.vro.vro_workflow_execute
  - module: opsflow.vro.vro_execution_info
"""

EXAMPLES = r"""
- name: Cancel a run
  opsflow.vro.vro_execution:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    workflow_id: "{{ run.workflow_id }}"
    execution_id: "{{ run.execution_id }}"
    state: canceled

- name: Cancel a run known by its id alone
  opsflow.vro.vro_execution:
    execution_id: "{{ execution_id }}"
"""

RETURN = r"""
workflow_id:
  description: Id of the workflow.
  returned: always
  type: str
  sample: 3a0ab069-cf2f-47e0-96f5-4a8920a5dc51
execution_id:
  description: Id of the run.
  returned: always
  type: str
  sample: 8c3d4a61-2b1e-4f0a-9e55-0b7f3c2d1a90
previous_state:
  description: State of the run before the module acted.
  returned: always
  type: str
  sample: running
state:
  description: State of the run when the module returned.
  returned: always
  type: str
  sample: canceled
"""

from ansible_collections.opsflow.vro.plugins.module_utils import (
    _executions,
    _interactions,
    _module,
    _waiter,
    _workflows,
)


def run(module, client):
    params = module.params
    _module.check_ranges(params, at_least=dict(wait_timeout=0))
    _workflows.check_ids(workflow_id=params["workflow_id"], execution_id=params["execution_id"])
    execution_id = params["execution_id"]
    workflow_id = _interactions.workflow_id_of_run(client, execution_id, params["workflow_id"], params["workflow_name"])
    before = _executions.get_state(client, workflow_id, execution_id)
    result = {
        "changed": False,
        "workflow_id": workflow_id,
        "execution_id": execution_id,
        "previous_state": before,
        "state": before,
    }
    if before in _executions.TERMINAL_STATES:
        return result
    result["changed"] = True
    if module._diff:
        result["diff"] = {"before": {"state": before}, "after": {"state": "canceled"}}
    if module.check_mode:
        return result
    _executions.cancel(client, workflow_id, execution_id)
    # vRO does not promise that cancel is synchronous: watch until the run is final.
    final = _waiter.wait_for(client, workflow_id, execution_id, params["wait_timeout"], 1, stop_on_waiting=False).state
    result["state"] = final
    if final in _executions.TERMINAL_STATES and final != "canceled":
        # The run ended on its own before the cancel took effect: nothing was changed.
        result["changed"] = False
        result.pop("diff", None)
        result["msg"] = "execution %s was %s before the cancel took effect" % (execution_id, final)
    elif final != "canceled":
        result["failed"] = True
        result["msg"] = "vRO accepted the cancel of execution %s but still reports it %s after %s s" % (
            execution_id,
            final,
            params["wait_timeout"],
        )
    return result


def main():
    module = _module.VroModule(
        argument_spec=_module.argument_spec(
            workflow_id=dict(type="str"),
            workflow_name=dict(type="str"),
            execution_id=dict(type="str", required=True),
            state=dict(type="str", choices=["canceled"], default="canceled"),
            wait_timeout=dict(type="int", default=30),
        ),
        mutually_exclusive=[("workflow_id", "workflow_name")],
        supports_check_mode=True,
    )
    _module.run_module(module, run)


if __name__ == "__main__":
    main()
