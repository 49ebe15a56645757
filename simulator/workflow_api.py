# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`/vco/api` service root, `about`, and the workflow service (find by name, definition)."""

from .documents import Base, Query, link
from .messages import ApiError, json_response
from .parameters import describe_parameters

SERVICES = (
    ("workflows", "Workflow service"),
    ("catalog", "Catalog service"),
    ("interactions", "User interaction service"),
    ("about", "Server version"),
)


class WorkflowApi:
    def __init__(self, settings, catalog):
        self.settings = settings
        self.catalog = catalog

    def routes(self):
        return [
            ("GET", "/vco/api", self.services, False),
            ("GET", "/vco/api/about", self.about, True),
            ("GET", "/vco/api/workflows", self.find, True),
            ("GET", "/vco/api/workflows/{id}", self.definition, True),
        ]

    def workflow(self, workflow_id):
        workflow = self.catalog.get(workflow_id)
        if workflow is None:
            raise ApiError(404, f"Cannot find a workflow with the specified ID: {workflow_id}")
        return workflow

    def services(self, request):
        root = Base(request, self.settings).root
        return json_response(
            200, {"service": [{"href": f"{root}/{name}/", "description": text} for name, text in SERVICES]}
        )

    def about(self, request):
        return json_response(200, dict(self.settings.flavor.about))

    def find(self, request):
        base = Base(request, self.settings)
        items = [self._attributes(workflow, base) for workflow in self.catalog.workflows]
        query = Query(request, {name: (lambda attrs, name=name: attrs[name]) for name in items[0]})
        total, page = query.select(items)
        return json_response(200, {"link": [link(attrs["itemHref"], "down", attrs) for attrs in page], "total": total})

    @staticmethod
    def _attributes(workflow, base):
        """Inventory attributes, all strings, in the order of the vCO 5.5 sample."""
        href = base.workflow(workflow.id)
        return {
            "itemHref": href,
            "id": workflow.id,
            "categoryName": workflow.category.name,
            "canExecute": "true",
            "categoryHref": base.category(workflow.category),
            "description": workflow.description,
            "name": workflow.name,
            "customIcon": "false",
            "type": "Workflow",
            "canEdit": "true",
            "version": workflow.version,
            "categoryId": workflow.category.id,
        }

    def definition(self, request, workflow_id):
        workflow = self.workflow(workflow_id)
        base = Base(request, self.settings)
        href = base.workflow(workflow.id)
        relations = [link(base.category(workflow.category), "up")] + [
            link(f"{href}{rel}/", rel)
            for rel in ("executions", "presentation", "tasks", "icon", "schema", "permissions", "interactions")
        ]
        document = {
            "output-parameters": describe_parameters(workflow.output_params),
            "relations": {"link": relations},
            "id": workflow.id,
            "name": workflow.name,
            "version": workflow.version,
            "description": workflow.description,
            "href": href,
            "customized-icon": False,
            "input-parameters": describe_parameters(workflow.inputs),
        }
        if self.settings.flavor.name == "8":
            document["category-id"] = workflow.category.id
        return json_response(200, document)
