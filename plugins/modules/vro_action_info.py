#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vro_action_info
short_description: Find vRealize / Aria Automation Orchestrator actions, their inputs and return type
version_added: 1.0.0
description:
  - Finds one action by O(action_id), or by O(module) and O(action_name), or lists actions, optionally only those
    of one O(module) or whose name contains O(name_contains).
  - Each action comes with its inputs (name, type, description) and its return type, which
    M(opsflow.vro.vro_action_execute) uses to encode inputs and decode the result.
  - Never changes anything.
author:
  - opsflow.vro contributors (@opsflow)
extends_documentation_fragment:
  - opsflow.vro.connection
  - opsflow.vro.attributes
  - opsflow.vro.attributes.READ_ONLY
options:
  action_id:
    description: Id of one action.
    type: str
  module:
    description: Module of the actions, for example C(com.vmware.library.vc.vm); with O(action_name), one action.
    type: str
  action_name:
    description: Name of one action in O(module), case included.
    type: str
  name_contains:
    description: When listing, keep actions whose name contains this text, without regard to case.
    type: str
  details:
    description:
      - When listing, read each action's definition for its inputs (one request per action found).
        V(false) returns what the list holds, without RV(actions[].inputs).
    type: bool
    default: true
seealso:
  - module: opsflow.vro.vro_action_execute
"""

EXAMPLES = r"""
- name: Inputs and return type of one action
  opsflow.vro.vro_action_info:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    module: com.vmware.library.vc.vm
    action_name: getVirtualMachineByName
  register: found

- name: Every action of a module
  opsflow.vro.vro_action_info:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    module: com.vmware.library.vc.vm
  register: vm_actions
"""

RETURN = r"""
actions:
  description: The actions found, sorted by module and name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Action id.
      type: str
    name:
      description: Action name.
      type: str
      sample: getVirtualMachineByName
    module:
      description: The action's module.
      type: str
      sample: com.vmware.library.vc.vm
    fqn:
      description: C(module/name).
      type: str
      sample: com.vmware.library.vc.vm/getVirtualMachineByName
    version:
      description: Action version.
      type: str
    description:
      description: Action description.
      type: str
    inputs:
      description: Declared inputs, each with C(name), C(type) and C(description).
      type: list
      elements: dict
      returned: with one action, or when listing with O(details=true)
    result_type:
      description: vRO type of the action's result (V(void) when it returns nothing).
      type: str
      sample: VC:VirtualMachine
"""

from ansible_collections.opsflow.vro.plugins.module_utils import _actions, _module


def _listed(client, params):
    found = []
    for attrs in _actions.list_actions(client):
        if params["module"] and attrs.get("module") != params["module"]:
            continue
        if params["name_contains"] and params["name_contains"].lower() not in attrs.get("name", "").lower():
            continue
        if params["details"] and attrs.get("id"):
            found.append(_actions.describe(_actions.get_definition(client, attrs["id"])))
        else:
            item = _actions.describe(attrs)
            item.pop("inputs")
            found.append(item)
    return sorted(found, key=lambda item: (item["module"], item["name"], item["id"]))


def run(module, client):
    params = module.params
    if params["action_id"] or params["action_name"]:
        definition = _actions.get_definition(client, params["action_id"], params["module"], params["action_name"])
        return {"changed": False, "actions": [_actions.describe(definition)]}
    return {"changed": False, "actions": _listed(client, params)}


def main():
    module = _module.VroModule(
        argument_spec=_module.argument_spec(
            action_id=dict(type="str"),
            module=dict(type="str"),
            action_name=dict(type="str"),
            name_contains=dict(type="str"),
            details=dict(type="bool", default=True),
        ),
        mutually_exclusive=[("action_id", "module"), ("action_id", "action_name"), ("action_name", "name_contains")],
        required_by={"action_name": "module"},
        supports_check_mode=True,
    )
    _module.run_module(module, run)


if __name__ == "__main__":
    main()
