#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vro_workflow_info
short_description: Find vRealize / Aria Automation Orchestrator workflows, their inputs, outputs and an AWX survey
version_added: 1.0.0
description:
  - Finds workflows by O(workflow_id), exact O(workflow_name), O(name_contains), O(category) path or O(tags).
    Every selector given must match; with none, every workflow is returned.
  - Reads the whole inventory page by page, however many workflows the server holds.
  - Each workflow comes with its inputs and outputs (name, type, description) and a survey specification for
    an AWX/AAP job template that runs it (see RV(workflows[].survey_spec)).
  - Never changes anything.
author:
  - opsflow.vro contributors (@opsflow)
extends_documentation_fragment:
  - opsflow.vro.connection
  - opsflow.vro.attributes
  - opsflow.vro.attributes.READ_ONLY
options:
  workflow_id:
    description: Id of one workflow. A workflow id that does not exist is an error.
    type: str
  workflow_name:
    description: Exact name, case included. Several workflows can share a name (in different categories).
    type: str
  name_contains:
    description: Part of the name, matched without regard to case.
    type: str
  category:
    description:
      - Path of the category the workflows are directly in, with C(/) between levels, for example
        C(Library/vCenter/Virtual Machine management). Workflows in its subcategories are not included.
      - A name without C(/) also matches a category of that name anywhere in the tree.
    type: str
  tags:
    description:
      - Tags every workflow returned must carry (vRO 8.x global tags). vRO 7.x has no tags, so nothing matches there.
    type: list
    elements: str
  details:
    description:
      - Read each workflow's definition for its inputs, outputs and survey (one request per workflow found).
      - V(false) returns only what the inventory lists (id, name, version, description, category path, tags),
        which is much faster on large inventories.
    type: bool
    default: true
  survey_number_type:
    description:
      - AWX question type for C(number) inputs. vRO numbers are doubles, so V(float) accepts every value;
        V(integer) makes AWX refuse fractions.
    type: str
    choices: [float, integer]
    default: float
notes:
  - "Survey mapping, one question per input, the variable named after the input: C(SecureString) and
    C(EncryptedString) become C(password); C(number) becomes O(survey_number_type); C(boolean) becomes
    C(multiplechoice) with the choices C(true) and C(false); arrays, C(Properties), C(CompositeType),
    C(Any) and C(MimeAttachment) become C(textarea) answered as YAML or JSON; everything else (C(string),
    C(Date), C(Regexp), SDK objects given by id) becomes C(text). No question is required and none has a default.
    The input's description, its vRO type and the expected format become the question's description."
  - The playbook C(opsflow.vro.job_template_run_workflow) turns the answers, as AWX passes them, back into typed inputs.
seealso:
  - module: opsflow.vro.vro_workflow_execute
  - name: awx.awx.job_template
    description: Creates an AWX job template; its C(survey_spec) option takes RV(workflows[].survey_spec).
    link: https://docs.ansible.com/ansible/latest/collections/awx/awx/job_template_module.html
"""

EXAMPLES = r"""
- name: Find a workflow's id and inputs by its name
  opsflow.vro.vro_workflow_info:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    workflow_name: Clone virtual machine
  register: found

- name: Every workflow of a category that carries both tags, without reading definitions
  opsflow.vro.vro_workflow_info:
    hostname: vro.example.com
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    category: Library/vCenter/Virtual Machine management
    tags: [vm, production]
    details: false
  register: vm_workflows

- name: Show the survey of the first one
  ansible.builtin.debug:
    var: found.workflows[0].survey_spec
"""

RETURN = r"""
workflows:
  description: The workflows found, sorted by category path and name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Workflow id.
      type: str
      sample: 3a0ab069-cf2f-47e0-96f5-4a8920a5dc51
    name:
      description: Workflow name.
      type: str
      sample: Clone virtual machine
    version:
      description: Workflow version.
      type: str
      sample: 1.2.0
    description:
      description: Workflow description.
      type: str
    category_path:
      description: Path of the workflow's category, levels separated by C(/).
      type: str
      sample: Library/vCenter/Virtual Machine management
    tags:
      description: The workflow's tags (vRO 8.x global tags).
      type: list
      elements: str
      sample: [vm, production]
    inputs:
      description: Declared inputs, each with C(name), C(type) and C(description). Absent with O(details=false).
      type: list
      elements: dict
      returned: when O(details=true)
      sample: [{"name": "vm", "type": "VC:VirtualMachine", "description": "The virtual machine"}]
    outputs:
      description: Declared outputs, each with C(name), C(type) and C(description). Absent with O(details=false).
      type: list
      elements: dict
      returned: when O(details=true)
    survey_spec:
      description:
        - AWX/AAP survey specification (C(name), C(description), C(spec)) for the workflow's inputs, ready for the
          C(survey_spec) option of C(awx.awx.job_template). V(null) for a workflow without inputs
          (AWX refuses a survey without questions).
      type: dict
      returned: when O(details=true)
      sample:
        name: Clone virtual machine
        description: Clone a virtual machine
        spec:
          - question_name: vm
            question_description: The virtual machine (vRO type VC:VirtualMachine; the id of the VC:VirtualMachine object)
            variable: vm
            type: text
            required: false
"""

from ansible_collections.opsflow.vro.plugins.module_utils import _catalog, _module

SELECTORS = ("workflow_id", "workflow_name", "name_contains", "category", "tags")


def run(module, client):
    params = module.params
    selectors = dict((name, params[name]) for name in SELECTORS if params[name] not in (None, "", []))
    workflows = _catalog.find_workflows(
        client, selectors, details=params["details"], number_type=params["survey_number_type"]
    )
    return {"changed": False, "workflows": workflows}


def main():
    module = _module.VroModule(
        argument_spec=_module.argument_spec(
            workflow_id=dict(type="str"),
            workflow_name=dict(type="str"),
            name_contains=dict(type="str"),
            category=dict(type="str"),
            tags=dict(type="list", elements="str"),
            details=dict(type="bool", default=True),
            survey_number_type=dict(type="str", choices=["float", "integer"], default="float"),
        ),
        supports_check_mode=True,
    )
    _module.run_module(module, run)


if __name__ == "__main__":
    main()
