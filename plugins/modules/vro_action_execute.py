#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vro_action_execute
short_description: Run a vRealize / Aria Automation Orchestrator action and return its result
version_added: 1.0.0
description:
  - Runs a vRO action (a scriptable function such as C(com.vmware.library.vc.vm/getAllVMs)) and returns its result
    decoded to plain data, like PowervRO's C(Invoke-vROAction).
  - The action is found by O(action_id), or by O(module) and O(action_name).
  - O(inputs) are encoded as the types the action declares, with the same rules and errors as the workflow inputs
    of M(opsflow.vro.vro_workflow_execute); a bad input fails before anything runs.
  - An action that throws fails the task with vRO's message.
  - vRO runs actions synchronously, and an action can change anything its script touches, so a run reports
    C(changed).
author:
  - opsflow.vro contributors (@opsflow)
extends_documentation_fragment:
  - opsflow.vro.connection
  - opsflow.vro.attributes
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details: In check mode the action is found and its inputs are encoded and checked, but it is not run.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: none
options:
  action_id:
    description: Id of the action. Either O(action_id), or O(module) and O(action_name), are required.
    type: str
  module:
    description: The action's module (its folder in the vRO client), for example C(com.vmware.library.vc.vm).
    type: str
  action_name:
    description: The action's name within O(module), case included.
    type: str
  inputs:
    description:
      - Action inputs as plain values keyed by input name, encoded as the types the action declares (see the
        collection README for the mapping). An unknown name, or a value that cannot be its type, is an error.
      - Inputs left out are sent unset. Mutually exclusive with O(parameters).
    type: dict
  parameters:
    description:
      - Raw vRO parameter objects (C(name), C(type), C(scope), C(value)), sent as given after a shape check.
      - Mutually exclusive with O(inputs).
    type: list
    elements: dict
seealso:
  - module: opsflow.vro.vro_action_info
  - module: opsflow.vro.vro_workflow_execute
"""

EXAMPLES = r"""
- name: Find a virtual machine with a library action
  opsflow.vro.vro_action_execute:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    module: com.vmware.library.vc.vm
    action_name: getVirtualMachineByName
    inputs:
      name: web01
  register: vm

- name: Pass the SDK object it returned to another action
  opsflow.vro.vro_action_execute:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    module: com.vmware.library.vc.vm
    action_name: getVirtualMachineProperties
    inputs:
      vm: "{{ vm.result }}"
"""

RETURN = r"""
action_id:
  description: Id of the action.
  returned: always
  type: str
  sample: 5b1f3b5e-7d1a-5c8e-9d0a-2f4b6c8e1a3d
action:
  description: The action as C(module/name).
  returned: always
  type: str
  sample: com.vmware.library.vc.vm/getVirtualMachineByName
result:
  description:
    - The action's return value decoded to plain data (strings, numbers, booleans, lists, dicts); an SDK object is a
      dict with C(type), C(id), C(href) and C(display_value); a SecureString is masked.
    - V(null) for a V(void) action, and in check mode.
  returned: success
  type: raw
  sample: {"type": "VC:VirtualMachine", "id": "vcenter.example.com,id:vm-1234", "href": null, "display_value": "web01"}
result_type:
  description: The vRO type of RV(result).
  returned: always
  type: str
  sample: VC:VirtualMachine
"""

from ansible_collections.opsflow.vro.plugins.module_utils import _actions, _module
from ansible_collections.opsflow.vro.plugins.module_utils._decode import secret_values
from ansible_collections.opsflow.vro.plugins.module_utils._encode import encode_inputs
from ansible_collections.opsflow.vro.plugins.module_utils._parameters import validate_raw_parameters


def run(module, client):
    params = module.params
    definition = _actions.get_definition(client, params["action_id"], params["module"], params["action_name"])
    described = _actions.describe(definition)
    if params["parameters"]:
        parameters = validate_raw_parameters(params["parameters"])
    else:
        parameters = encode_inputs(params["inputs"] or {}, _actions.declared_inputs(definition))
    client.add_secrets(secret_values(parameters))
    result = {
        "changed": True,
        "action_id": described["id"],
        "action": described["fqn"],
        "result": None,
        "result_type": described["result_type"],
    }
    if module.check_mode:
        return result
    value, result_type, secrets = _actions.run(client, definition, parameters)
    client.add_secrets(secrets)
    result.update(result=value, result_type=result_type)
    return result


def main():
    module = _module.VroModule(
        argument_spec=_module.argument_spec(
            action_id=dict(type="str"),
            module=dict(type="str"),
            action_name=dict(type="str"),
            inputs=dict(type="dict"),
            parameters=dict(type="list", elements="dict"),
        ),
        mutually_exclusive=[("action_id", "module"), ("action_id", "action_name"), ("inputs", "parameters")],
        required_one_of=[("action_id", "module")],
        required_together=[("module", "action_name")],
        supports_check_mode=True,
    )
    _module.run_module(module, run)


if __name__ == "__main__":
    main()
