# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A generated workflow library: a few hundred workflows in nested categories, with tags.

Real servers hold thousands of workflows, so listing clients must page; this library makes the
simulator's paging real. It is data, built the same way every time (ids are uuid5 of the names).
Every generated workflow runs in a moment and completes. Names are unique and never clash with
catalog.json, so lookups by name there stay unambiguous.
"""

import uuid

from .catalog import Category, Param, Phase, Workflow

_NAMESPACE = uuid.UUID("6f1f4a5e-2c7b-4d0e-9a51-0c5b3e1d7a22")

# (category path, how many workflows, name stem, tags of every workflow there)
_LIBRARY = (
    ("Library/vCenter/Virtual Machine management", 130, "Manage virtual machine", ("vcenter", "vm")),
    ("Library/vCenter/Virtual Machine management/Clone", 24, "Clone virtual machine", ("vcenter", "vm", "clone")),
    ("Library/vCenter/Virtual Machine management/Snapshot", 18, "Snapshot virtual machine", ("vcenter", "snapshot")),
    ("Library/vCenter/Cluster and Compute Resource", 30, "Configure cluster", ("vcenter", "cluster")),
    ("Library/vCenter/Networking", 22, "Configure port group", ("vcenter", "network")),
    ("Library/NSX", 20, "Configure NSX segment", ("nsx", "network")),
    ("Library/Mail", 6, "Send notification mail", ("mail",)),
    ("Library/Locking", 8, "Lock resource", ("locking",)),
)

# Input sets the generated workflows cycle through: (name, type, description).
_INPUT_SETS = (
    (("vm", "VC:VirtualMachine", "The virtual machine"),),
    (("vm", "VC:VirtualMachine", "The virtual machine"), ("newName", "string", "The new name")),
    (("cluster", "VC:ClusterComputeResource", "The cluster"), ("enabled", "boolean", "Turn the feature on")),
    (("name", "string", "Name of the object"), ("count", "number", "How many to create")),
    (("recipients", "Array/string", "Mail addresses"), ("settings", "Properties", "Extra settings")),
)


def _id(text):
    return str(uuid.uuid5(_NAMESPACE, text))


def _category(path, known):
    if path in known:
        return known[path]
    parent_path, _slash, name = path.rpartition("/")
    parent = _category(parent_path, known) if parent_path else None
    known[path] = Category(_id("category:" + path).replace("-", ""), name, parent, f"Workflows for {name}")
    return known[path]


def generate_inventory():
    """(categories, workflows) of the generated library."""
    categories = {}
    workflows = []
    for path, count, stem, tags in _LIBRARY:
        category = _category(path, categories)
        for number in range(1, count + 1):
            name = f"{stem} {number:03d}"
            inputs = _INPUT_SETS[number % len(_INPUT_SETS)]
            workflows.append(
                Workflow(
                    id=_id("workflow:" + path + "/" + name),
                    name=name,
                    category=category,
                    version=f"1.{number % 4}.0",
                    description=f"{name} (generated library workflow in {path})",
                    inputs=tuple(Param(*spec) for spec in inputs),
                    outputs=(),
                    phases=(Phase(state="running", item="Run", seconds=0.05),),
                    result="completed",
                    # every third workflow is also tagged for production, to test tag combinations
                    tags=tags + (("production",) if number % 3 == 0 else ()),
                )
            )
    return tuple(categories.values()), tuple(workflows)
