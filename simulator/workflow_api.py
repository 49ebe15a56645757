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


ATTRIBUTES = (
    "itemHref",
    "id",
    "categoryName",
    "canExecute",
    "categoryHref",
    "description",
    "name",
    "customIcon",
    "type",
    "canEdit",
    "version",
    "categoryId",
    "globalTags",
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
        """`GET /workflows`: conditions, `tags` (a workflow must carry every tag given; AND is
        UNCONFIRMED), then the page `startIndex`/`maxResult` of them."""
        base = Base(request, self.settings)
        wanted = set(request.query.get("tags", ()))
        items = [
            self._attributes(workflow, base) for workflow in self.catalog.workflows if wanted <= set(workflow.tags)
        ]
        query = Query(request, {name: (lambda attrs, name=name: attrs.get(name, "")) for name in ATTRIBUTES})
        total, page = query.select(items)
        return json_response(200, {"link": [link(attrs["itemHref"], "down", attrs) for attrs in page], "total": total})

    def _attributes(self, workflow, base):
        """Inventory attributes, all strings, in the order of the vCO 5.5 sample; 8.x adds `globalTags`."""
        href = base.workflow(workflow.id)
        attributes = {
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
        if self.settings.flavor.name == "8" and workflow.tags:
            # As PowervRO reads it: "tag:__SYSTEM_TAG__ " per tag (it strips the suffix and the last character).
            attributes["globalTags"] = "".join(f"{tag}:__SYSTEM_TAG__ " for tag in workflow.tags)
        return attributes

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
