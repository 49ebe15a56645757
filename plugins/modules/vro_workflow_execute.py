#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vro_workflow_execute
short_description: Run a vRealize / Aria Automation Orchestrator workflow, optionally wait for it
version_added: 1.0.0
description:
  - Starts one run (or many concurrent runs) of a vRO workflow through the vRO REST API (C(/vco/api)).
  - Inputs are plain values; the module reads the workflow's definition and encodes each input as the
    typed parameter vRO expects (see the type table in the collection README). Inputs are validated before
    anything is started.
  - Optionally waits for the run to end, fails the task with vRO's exception text when it fails, cancels it on
    timeout, and returns its outputs as plain values.
  - With O(idempotent=true) a re-run of a pipeline does not start the workflow again when an identical run already
    exists.
author:
  - opsflow.vro contributors (@opsflow)
extends_documentation_fragment:
  - opsflow.vro.connection
  - opsflow.vro.attributes
  - opsflow.vro.encoding
  - opsflow.vro.wait
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode never starts a run. It resolves the workflow, validates and encodes the inputs, and returns the
        payload that would be sent (secrets masked) in RV(payload).
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: full
    details:
      - The diff shows the workflow and the inputs of the run, or of each of O(runs) (secrets masked).
options:
  workflow_id:
    description:
      - Id of the workflow to run. Exactly one of O(workflow_id) and O(workflow_name) is required,
        unless every item of O(runs) names its own workflow.
    type: str
  workflow_name:
    description:
      - Name of the workflow to run, matched exactly (case included).
      - A name that matches no workflow, or several (same name in different folders), is an error that lists the
        candidates with their ids and categories.
    type: str
  inputs:
    description:
      - Workflow inputs as plain values, keyed by input name (case-sensitive).
      - Each value is encoded as the type the workflow declares; see the collection README for the type mapping
        (string, number, boolean, SecureString, EncryptedString, Date, Regexp, Array/T, Properties, CompositeType,
        SDK objects such as VC:VirtualMachine, MimeAttachment, Any).
      - An unknown name, or a value that cannot be the declared type, fails before anything is sent.
      - Inputs left out take the workflow's default values. A V(null) value is sent as an unset parameter.
      - The decoded RV(opsflow.vro.vro_execution_info#module:execution.inputs) of an earlier run can be passed
        here as is to replay it; SecureString inputs come back masked and must be given again.
      - Mutually exclusive with O(parameters).
    type: dict
  parameters:
    description:
      - Raw vRO parameter objects (C(name), C(type), C(scope), C(value)), sent as given, for when you already have
        the vRO wire format (as in the vRO documentation). Checked for shape before sending.
      - Mutually exclusive with O(inputs).
    type: list
    elements: dict
  input_types:
    description:
      - vRO types by input name, overriding or supplying the types the workflow declares, for example
        V({"vm":"VC:VirtualMachine"}).
      - Needed for inputs whose type cannot be read from the workflow definition.
    type: dict
  runs:
    description:
      - Start many runs in one task, at most O(max_concurrent) at a time, sharing one session and connection pool.
      - Each item has its own O(inputs) (or O(parameters)), and optionally its own workflow; items without a workflow
        use O(workflow_id)/O(workflow_name).
      - All items are validated before the first run starts. Results come back in RV(runs), in input order.
      - With O(wait=true), the task fails after all runs have ended if any failed, unless O(fail_on_error=false).
      - Mutually exclusive with O(inputs) and O(parameters).
    type: list
    elements: dict
    suboptions:
      workflow_id:
        description: Workflow of this run, by id.
        type: str
      workflow_name:
        description: Workflow of this run, by exact name.
        type: str
      inputs:
        description: Plain inputs of this run, as O(inputs).
        type: dict
      parameters:
        description: Raw parameters of this run, as O(parameters).
        type: list
        elements: dict
      input_types:
        description: Type overrides for this run, as O(input_types).
        type: dict
      interaction_inputs:
        description: Answers for the interactions this run reaches, as O(interaction_inputs); default O(interaction_inputs).
        type: raw
  max_concurrent:
    description: With O(runs), how many runs may be started and followed at the same time.
    type: int
    default: 10
  fail_on_error:
    description: With O(runs), fail the task when any run failed, was canceled, timed out or waits for input.
    type: bool
    default: true
  verify_inputs:
    description:
      - After starting a run, compare the inputs vRO recorded for it (its echoed C(input-parameters)) with those
        sent. An input that vRO did not record (missing, or empty where a value was sent, for example a
        C(Properties) value in a spelling this vRO ignores) fails the task with the input names, the execution id and
        what to try, and RV(dropped_inputs) lists them. The run has started by then and is not canceled.
      - Values are not compared, only their presence (vRO normalizes numbers, dates and SDK objects); SecureString
        values are only checked to be present, since vRO does not return them.
      - Items of O(runs) inherit it.
    type: bool
    default: true
  idempotent:
    description:
      - Before starting, look for an earlier run of the same workflow with identical inputs (compared after encoding,
        SDK objects by type and id; every input counts, so an input left out here matches only a run where it was
        left out or empty too, since vRO does not publish default values) that is V(running), V(waiting),
        V(waiting-signal) or V(completed), started within O(idempotency_window) seconds and, when O(username) is known,
        by that user (the domain part of the name is ignored). If there is one, start nothing, return it and report
        C(changed=false). Failed and canceled runs do not count.
      - This is best-effort, not a lock. Two tasks that start the same run at the same moment can both start it,
        and only the newest O(idempotency_max_runs) runs are examined.
      - SecureString and EncryptedString inputs cannot be compared (vRO does not return them), so they are refused
        with this option.
    type: bool
    default: false
  idempotency_window:
    description: With O(idempotent), how far back (seconds) an identical run counts.
    type: int
    default: 86400
  idempotency_max_runs:
    description: With O(idempotent), how many of the workflow's newest runs are examined at most.
    type: int
    default: 50
  wait:
    description:
      - Wait for the run to end (V(completed), V(failed) or V(canceled)).
      - Polling starts fast (a run that ends in one second is seen within about a second) and slows to
        O(poll_interval).
      - A V(failed) or V(canceled) run fails the task with vRO's exception text, the failing item and the last error
        log lines, and still returns RV(execution), RV(outputs) and RV(logs).
      - A run V(waiting) for user input fails the task promptly with the interaction's details,
        unless O(wait_on_interaction=true). V(waiting-signal) (a timer or event) keeps waiting.
    type: bool
    default: false
  cancel_on_timeout:
    description: With O(wait), cancel the run when O(wait_timeout) runs out (and say so).
    type: bool
    default: false
  interaction_inputs:
    description:
      - With O(wait=true), answers for the user interactions the run reaches while the module waits for it, in order
        (the first interaction reached gets the first item, and so on). A single dict is a list of one.
      - Each item gives plain values keyed by the interaction's field names, typed from the fields it declares as
        O(inputs) are typed from the workflow (a misspelt field fails with "did you mean", and nothing is sent).
        SecureString values never appear in the output.
      - An interaction reached when no answer is left is handled as without this option (see O(wait) and
        O(wait_on_interaction)).
      - What was answered is returned in RV(interactions_answered).
    type: raw
  log_lines:
    description: How many of the run's last log lines to return in RV(logs) when it fails.
    type: int
    default: 20
notes:
  - vRO answers the start of a run with the new execution in the body (8.x) or only a C(Location) header (7.x);
    both are handled, and follow-up URLs are built from O(hostname) and O(port), not from the returned host.
  - If the answer to the start request is lost, cut short, a redirect, HTTP 401 or 5xx, the module does not send it
    again. It looks for the run that request may have created (same workflow, same inputs, not listed before the
    request, not already returned, started since) and returns it; if it cannot tell, it fails saying that the run may
    have started, when, and how to find it. See SECURITY.md.
seealso:
  - module: opsflow.vro.vro_execution_info
  - module: opsflow.vro.vro_execution
  - name: vRO REST API reference
    description: The Orchestrator server API (workflows, executions) on the Broadcom developer portal.
    link: https://developer.broadcom.com/xapis/vrealize-orchestrator-api/latest/
"""

EXAMPLES = r"""
- name: Start AWSNEW
  opsflow.vro.vro_workflow_execute:
    hostname: vro.example.com
    port: 8281
    username: administrator@vsphere.local
    password: "{{ vro_password }}"
    workflow_name: AWSNEW
    inputs:
      name: IMGIMG03
  register: run

- name: Run a workflow and wait for it, failing with vRO's error text if it fails
  opsflow.vro.vro_workflow_execute:
    workflow_id: 3a0ab069-cf2f-47e0-96f5-4a8920a5dc51
    inputs:
      name: IMGIMG03
    wait: true
    wait_timeout: 1800
    cancel_on_timeout: true
  register: run

- name: Run an approval workflow and answer its two interactions in order
  opsflow.vro.vro_workflow_execute:
    workflow_name: TwoStepApproval
    inputs:
      request: db access
    wait: true
    interaction_inputs:
      - account: svc-db
        password: "{{ vault_db_password }}"
      - approved: true
        comment: approved by the pipeline
  register: approval

- name: Typed inputs from plain YAML
  opsflow.vro.vro_workflow_execute:
    workflow_name: Clone VM
    inputs:
      vm: "vcenter.example.com,id:vm-13387"          # VC:VirtualMachine, by id
      cpuCount: 4                                     # number
      powerOn: true                                   # boolean
      tags: [web, prod]                               # Array/string
      settings: {owner: ops, ttl_days: 30}            # Properties
      adminPassword: "{{ vault_admin_password }}"     # SecureString, never shown
      notBefore: "2026-12-01T08:00:00+01:00"          # Date
    wait: true

- name: Re-runnable provisioning step (does nothing when an identical run exists)
  opsflow.vro.vro_workflow_execute:
    workflow_name: Create Tenant Network
    inputs:
      tenant: acme
      vlan: 120
    idempotent: true
    wait: true

- name: One task, many runs, at most 20 at a time
  opsflow.vro.vro_workflow_execute:
    workflow_name: Provision VM
    runs:
      - inputs: {name: web01}
      - inputs: {name: web02}
      - workflow_name: Register DNS Record
        inputs: {record: web}
    max_concurrent: 20
    wait: true
  register: batch

- name: Connection options once, for every module of the collection
  module_defaults:
    group/opsflow.vro.vro:
      hostname: vro.example.com
      username: administrator@vsphere.local
      password: "{{ vro_password }}"
      ca_path: /etc/pki/vro-ca.pem
  block:
    - name: Start a run by id with raw vRO parameters
      opsflow.vro.vro_workflow_execute:
        workflow_id: 3a0ab069-cf2f-47e0-96f5-4a8920a5dc51
        parameters:
          - name: name
            type: string
            scope: local
            value:
              string:
                value: IMGIMG03
"""

RETURN = r"""
workflow_id:
  description: Id of the workflow that was run.
  returned: always, except with O(runs)
  type: str
  sample: 3a0ab069-cf2f-47e0-96f5-4a8920a5dc51
workflow_name:
  description: Name of the workflow that was run.
  returned: always, except with O(runs)
  type: str
  sample: AWSNEW
execution_id:
  description: Id of the run. V(null) in check mode unless an identical run was found with O(idempotent).
  returned: always, except with O(runs)
  type: str
  sample: 8c3d4a61-2b1e-4f0a-9e55-0b7f3c2d1a90
secret_inputs:
  description:
    - Names of the inputs that hold a SecureString or EncryptedString value (their values are never returned). Pass
      those values to O(opsflow.vro.vro_execution_info#module:secret_values) to have them masked where a workflow quotes
      them (the role C(opsflow.vro.run_workflow) does).
  returned: always, except with O(runs) (each item of RV(runs) has it)
  type: list
  elements: str
  sample: [adminPassword]
state:
  description:
    - State of the run when the module returned. Without O(wait=true) usually V(running) (or V(initializing), or a final
      state for a very short run).
  returned: when a run was started or found
  type: str
  sample: completed
dropped_inputs:
  description:
    - With O(verify_inputs), the inputs (or parts of them, such as C(tags.owner) or C(file.content_base64)) that vRO
      did not record for the run; the task failed.
  returned: when an input was not recorded
  type: list
  elements: str
  sample: [tags]
execution:
  description:
    - The run, normalized (same fields as RV(opsflow.vro.vro_execution_info#module:execution)), inputs and outputs as
      plain values with SecureString values masked.
  returned: when a run was started or found
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
  description: Outputs of the run as plain values (same as the C(outputs) of RV(execution)).
  returned: when a run was started or found
  type: dict
  sample:
    vmName: vm-IMGIMG03
    cpuCount: 2
payload:
  description: In check mode, the request body that would start the run (secret values masked).
  returned: check mode, when no identical run was found
  type: dict
  sample:
    parameters:
      - name: name
        type: string
        scope: local
        value:
          string:
            value: IMGIMG03
logs:
  description: The last O(log_lines) log entries of a failed or canceled run, oldest first.
  returned: when O(wait=true) and the run failed or was canceled
  type: list
  elements: dict
  sample:
    - time: "2026-11-28T09:12:02.101+00:00"
      severity: error
      origin: server
      message: "Error: Datastore 'ds-missing' not found"
waited:
  description: With O(wait=true), how the wait went.
  returned: when O(wait=true) and a run was started or found
  type: dict
  contains:
    seconds:
      description: Seconds spent waiting.
      type: float
    polls:
      description: How many times the run's state was read.
      type: int
    detected_at:
      description: When the wait ended, by the clock of the host running the module (ISO 8601).
      type: str
  sample:
    seconds: 1.24
    polls: 3
    detected_at: "2026-11-28T09:12:02.390+00:00"
interactions_answered:
  description: With O(interaction_inputs), the interactions answered, in order, each with C(name) and C(answered_at).
  returned: when O(wait=true) and O(interaction_inputs) are given and a run was started or found
  type: list
  elements: dict
  contains:
    name:
      description: Name of the interaction.
      type: str
    answered_at:
      description: When the answer was sent, by the clock of the host running the module (ISO 8601).
      type: str
  sample:
    - name: Approve request
      answered_at: "2026-11-28T09:12:01.830+00:00"
interaction:
  description:
    - The pending user interaction of a run that waits for input, with the keys of the items of
      RV(opsflow.vro.vro_user_interaction_info#module:interactions) (C(name), C(assignees), C(inputs) to fill in, ...).
  returned: when O(wait=true) and the run is waiting for user input
  type: dict
runs:
  description:
    - With O(runs), one result per item, in input order, each with C(workflow_id), C(workflow_name),
      C(execution_id), C(state), C(changed), C(failed), C(msg), C(secret_inputs), C(execution), C(outputs) and
      C(interactions_answered) (with O(interaction_inputs)).
    - C(msg) is on every item, saying why the run failed, or giving a note (an identical run was found, check mode),
      else V(null), so that a C(map) of the items to their C(msg) works.
  returned: with O(runs)
  type: list
  elements: dict
"""

from ansible_collections.opsflow.vro.plugins.module_utils import _module, _runner

RUN_OPTIONS = dict(
    workflow_id=dict(type="str"),
    workflow_name=dict(type="str"),
    inputs=dict(type="dict"),
    parameters=dict(type="list", elements="dict"),
    input_types=dict(type="dict"),
    interaction_inputs=dict(type="raw"),
)

# Lowest accepted value of each numeric option (poll_interval must be above its bound).
AT_LEAST = dict(max_concurrent=1, idempotency_max_runs=1, wait_timeout=0, idempotency_window=0, log_lines=0)
ABOVE = dict(poll_interval=0)


def argument_spec():
    """The options and their defaults: the one place a default is written (DOCUMENTATION repeats it for users)."""
    return _module.argument_spec(
        runs=dict(type="list", elements="dict", options=RUN_OPTIONS),
        max_concurrent=dict(type="int", default=10),
        fail_on_error=dict(type="bool", default=True),
        verify_inputs=dict(type="bool", default=True),
        idempotent=dict(type="bool", default=False),
        idempotency_window=dict(type="int", default=86400),
        idempotency_max_runs=dict(type="int", default=50),
        wait=dict(type="bool", default=False),
        cancel_on_timeout=dict(type="bool", default=False),
        log_lines=dict(type="int", default=20),
        **_module.WAIT_OPTIONS,
        **_module.ENCODING_OPTIONS,
        **RUN_OPTIONS,
    )


def run(module, client):
    _module.check_ranges(module.params, at_least=AT_LEAST, above=ABOVE)
    return _runner.run_task(client, module.params, check_mode=module.check_mode, diff=module._diff)


def main():
    module = _module.VroModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[
            ("workflow_id", "workflow_name"),
            ("inputs", "parameters"),
            ("runs", "inputs"),
            ("runs", "parameters"),
        ],
        supports_check_mode=True,
    )
    _module.run_module(module, run, pool_size=module.params["max_concurrent"])


if __name__ == "__main__":
    main()
