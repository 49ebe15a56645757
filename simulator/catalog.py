# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The workflow catalog: declarative workflow definitions loaded from catalog.json.

A workflow runs through `phases` (running / waiting-signal for a time, waiting until a user
interaction is answered; a workflow may have several) and then ends with `result` (completed,
or failed with an exception text). An interaction names its `assignees` (users) and `groups`;
its optional `timeout_seconds` only sets the `timeout-date` it reports (the run does not fail
when it passes). Outputs are computed from a `template`, an `echo` of an input or interaction answer,
or a constant `value`. Texts may use `{input name}` placeholders.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from .values import parse_type

DEFAULT_PATH = Path(__file__).with_name("catalog.json")
PHASE_STATES = ("running", "waiting", "waiting-signal")
RESULT_STATES = ("completed", "failed")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str = None

    @property
    def vtype(self):
        return parse_type(self.type)


@dataclass(frozen=True)
class Interaction:
    name: str
    assignees: tuple
    inputs: tuple
    groups: tuple = ()
    timeout_seconds: float = None


@dataclass(frozen=True)
class Phase:
    state: str
    item: str
    seconds: float = 0.0
    seconds_input: str = None  # a number input that overrides `seconds`
    logs: tuple = ()  # System.log lines written when the phase starts
    business_state: str = None
    interaction: Interaction = None  # only for state "waiting"


@dataclass(frozen=True)
class Output:
    param: Param
    template: str = None
    echo: str = None
    value: dict = None


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    parent: "Category" = None
    description: str = ""

    @property
    def lineage(self):
        """The categories from the root down to this one."""
        return (self.parent.lineage if self.parent else ()) + (self,)

    @property
    def path(self):
        # vRO's WsCategory `path` separator is UNCONFIRMED; "/" as the UI shows a category tree.
        return "/".join(category.name for category in self.lineage)


@dataclass(frozen=True)
class Workflow:
    id: str
    name: str
    category: Category
    version: str
    description: str
    inputs: tuple
    outputs: tuple
    phases: tuple
    result: str
    exception: str = None
    error_logs: tuple = ()
    tags: tuple = ()

    @property
    def output_params(self):
        return tuple(output.param for output in self.outputs)


class Catalog:
    def __init__(self, workflows, categories=()):
        self.workflows = tuple(workflows)
        self._by_id = {workflow.id: workflow for workflow in self.workflows}
        known = {category.id: category for category in categories}
        for workflow in self.workflows:
            for category in workflow.category.lineage:
                known.setdefault(category.id, category)
        self.categories = tuple(known.values())
        self._categories_by_id = known

    def get(self, workflow_id):
        return self._by_id.get(workflow_id)

    def category(self, category_id):
        return self._categories_by_id.get(category_id)

    @classmethod
    def load(cls, path=DEFAULT_PATH, inventory=True):
        """The workflows of `path`, and (with `inventory`) the generated library of `inventory.py`."""
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        categories = {entry["name"]: Category(entry["id"], entry["name"]) for entry in document["categories"]}
        try:
            workflows = [_workflow(entry, categories) for entry in document["workflows"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"invalid catalog {path}: {exc!r}") from None
        from .inventory import generate_inventory  # here: inventory.py builds on this module's classes

        generated_categories, generated = generate_inventory() if inventory else ((), ())
        return cls(workflows + list(generated), tuple(categories.values()) + tuple(generated_categories))


def _params(entries):
    for entry in entries:
        parse_type(entry["type"])  # fail at load time on a type the simulator cannot handle
    return tuple(Param(entry["name"], entry["type"], entry.get("description")) for entry in entries)


def _phase(entry):
    if entry["state"] not in PHASE_STATES:
        raise ValueError(f"phase state {entry['state']!r}")
    spec = entry.get("interaction")
    if (entry["state"] == "waiting") != (spec is not None):
        raise ValueError(f"phase {entry['item']!r}: 'waiting' phases, and only they, need an 'interaction'")
    interaction = spec and Interaction(
        spec["name"],
        tuple(spec.get("assignees", ())),
        _params(spec["inputs"]),
        groups=tuple(spec.get("groups", ())),
        timeout_seconds=spec.get("timeout_seconds"),
    )
    return Phase(
        state=entry["state"],
        item=entry["item"],
        seconds=float(entry.get("seconds", 0)),
        seconds_input=entry.get("seconds_input"),
        logs=tuple(entry.get("logs", ())),
        business_state=entry.get("business_state"),
        interaction=interaction,
    )


def _output(entry, sources):
    param = _params([entry])[0]
    output = Output(param, entry.get("template"), entry.get("echo"), entry.get("value"))
    if sum(x is not None for x in (output.template, output.echo, output.value)) != 1:
        raise ValueError(f"output {param.name!r} needs exactly one of template, echo, value")
    if output.template is not None and param.type != "string":
        raise ValueError(f"output {param.name!r}: templates make strings only")
    if output.echo is not None and output.echo not in sources:
        raise ValueError(f"output {param.name!r} echoes unknown {output.echo!r}")
    return output


def _workflow(entry, categories):
    inputs = _params(entry.get("inputs", ()))
    phases = tuple(_phase(phase) for phase in entry["phases"])
    numbers = {param.name for param in inputs if param.type == "number"}
    for phase in phases:
        if phase.seconds_input is not None and phase.seconds_input not in numbers:
            raise ValueError(f"phase {phase.item!r}: seconds_input must name a number input")
    answers = [param.name for phase in phases if phase.interaction for param in phase.interaction.inputs]
    result = entry["result"]
    if result["state"] not in RESULT_STATES:
        raise ValueError(f"result state {result['state']!r}")
    return Workflow(
        id=entry["id"],
        name=entry["name"],
        category=categories[entry["category"]],
        version=entry.get("version", "1.0.0"),
        description=entry.get("description", ""),
        inputs=inputs,
        outputs=tuple(_output(output, {p.name for p in inputs} | set(answers)) for output in entry.get("outputs", ())),
        phases=phases,
        result=result["state"],
        exception=result.get("exception"),
        error_logs=tuple(result.get("logs", ())),
        tags=tuple(entry.get("tags", ())),
    )
