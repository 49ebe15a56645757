# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A handful of vRO actions (scriptable functions in modules such as com.vmware.library.vc.vm).

An action runs synchronously: `POST /actions/{id}/executions` (or `/actions/{module}/{name}/executions`)
answers the result as one typed value (vro-api.md 3.12, 8.18.1 spec `WsActionExecutionResult`).
Each action here computes its result from its wire inputs; `throwError` throws, and the answer
then carries vRO's message instead of a value.
"""

import uuid
from dataclasses import dataclass

from .catalog import Param

_NAMESPACE = uuid.UUID("0d7c1a8e-51f2-4b6a-8d3e-7a9b2c4e6f10")


class ActionThrew(Exception):
    """The action's script threw: the message is what vRO reports."""


@dataclass(frozen=True)
class Action:
    module: str
    name: str
    description: str
    inputs: tuple
    output_type: str
    script: object  # {input name: wire value} -> wire value of output_type

    @property
    def id(self):
        return str(uuid.uuid5(_NAMESPACE, self.fqn))

    @property
    def fqn(self):
        return f"{self.module}/{self.name}"


def _scalar(values, name, default=None):
    value = values.get(name)
    if not value:
        return default
    return next(iter(value.values())).get("value", default)


def _strings(values, name):
    value = values.get(name) or {"array": {"elements": []}}
    return [next(iter(element.values()))["value"] for element in value["array"]["elements"]]


def _string(text):
    return {"string": {"value": text}}


def _join_words(values):
    return _string(_scalar(values, "separator", " ").join(_strings(values, "words")))


def _add(values):
    return {"number": {"value": float(_scalar(values, "a", 0)) + float(_scalar(values, "b", 0))}}


def _split_words(values):
    return {"array": {"elements": [_string(word) for word in _scalar(values, "text", "").split()]}}


def _vm(name):
    vm_id = f"vcenter.sim.local,id:vm-{sum(map(ord, name)) % 9000 + 1000}"
    return {"type": "VC:VirtualMachine", "id": vm_id, "display-value": name}


def _vm_by_name(values):
    return {"sdk-object": _vm(_scalar(values, "name", ""))}


def _vm_properties(values):
    vm = (values.get("vm") or {}).get("sdk-object") or {}
    properties = [
        ("id", _string(vm.get("id", ""))),
        ("type", _string(vm.get("type", ""))),
        ("powerState", _string("poweredOn")),
        ("cpuCount", {"number": {"value": 2.0}}),
        ("template", {"boolean": {"value": False}}),
    ]
    return {"properties": {"property": [{"key": key, "value": value} for key, value in properties]}}


def _throw_error(values):
    raise ActionThrew(f"Error: {_scalar(values, 'message', 'failed')} (Dynamic Script Module name : throwError#2)")


ACTIONS = (
    Action(
        "com.vmware.library.sim.text",
        "joinWords",
        "Join words with a separator",
        (Param("words", "Array/string", "The words"), Param("separator", "string", "Put between words")),
        "string",
        _join_words,
    ),
    Action(
        "com.vmware.library.sim.text",
        "splitWords",
        "Split a text on white space",
        (Param("text", "string", "The text"),),
        "Array/string",
        _split_words,
    ),
    Action(
        "com.vmware.library.sim.math",
        "add",
        "Add two numbers",
        (Param("a", "number", "First number"), Param("b", "number", "Second number")),
        "number",
        _add,
    ),
    Action(
        "com.vmware.library.vc.vm",
        "getVirtualMachineByName",
        "Find a virtual machine by name",
        (Param("name", "string", "Name of the virtual machine"),),
        "VC:VirtualMachine",
        _vm_by_name,
    ),
    Action(
        "com.vmware.library.vc.vm",
        "getVirtualMachineProperties",
        "Properties of a virtual machine",
        (Param("vm", "VC:VirtualMachine", "The virtual machine"),),
        "Properties",
        _vm_properties,
    ),
    Action(
        "com.vmware.library.sim.test",
        "throwError",
        "Always throws an error with the message given",
        (Param("message", "string", "What to throw"),),
        "void",
        _throw_error,
    ),
)
