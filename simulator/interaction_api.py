# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""User interactions (vro-api.md 3.10) and the catalog items that lead to a run.

* `GET|POST|DELETE /workflows/{id}/executions/{eid}/interaction`: read, answer, cancel the
  interaction of a run. A run may reach several interactions one after the other; the
  resource is always the latest one reached (`waiting` while the run waits on it, then
  `finished`).
* `GET /catalog/System/UserInteraction[?status=0]`: every interaction reached by a run (only
  the waiting ones with `status=0`), as inventory links with `id`, `name` and `state`
  attributes; `GET /catalog/System/UserInteraction/{id}` is the inventory item, whose links
  lead to the run (`up`) and to the interaction resource (`interaction`). Which attributes
  real vRO lists is UNCONFIRMED, so the run is reachable only through the item's links.
* `GET /interactions`, `GET /workflows/{id}/interactions`: the same, as `UserInteractionsList`.
* `GET /catalog/System/WorkflowExecution/{eid}`: a run's inventory item; its first link is the
  parent workflow (the lookup a VMware Java sample does, vro-api.md 3.7).

Choices where vRO's behaviour is UNCONFIRMED:
* canceling an interaction (`DELETE .../interaction`) cancels the run;
* answering or canceling an interaction that is not waiting is a 400; a run that has reached
  no interaction (yet) answers 404 on all three verbs;
* an interaction's `timeout-date` is only reported: the run does not fail when it passes.
"""

import time
from dataclasses import dataclass

from .documents import Base, Query, date_value, link
from .messages import ApiError, Response, json_response
from .parameters import describe_parameters, parse_context

RUN = "/vco/api/workflows/{id}/executions/{eid}"
CATALOG = "/vco/api/catalog/System/UserInteraction"
WAITING_STATUS = "0"  # `?status=0`: waiting interactions only (7.x and 8.x guides)


@dataclass(frozen=True)
class Reached:
    """An interaction a run has reached, at `span`."""

    execution: object
    span: object
    waiting: bool

    @property
    def interaction(self):
        return self.span.phase.interaction

    @property
    def id(self):
        return self.execution.interaction_ids[self.span.index]

    @property
    def state(self):
        return "waiting" if self.waiting else "finished"


def reached(execution, now):
    """Every interaction the run has reached, oldest first."""
    snapshot = execution.snapshot(now)
    spans = [span for span in snapshot.spans if span.phase.interaction]
    return [Reached(execution, span, snapshot.state == "waiting" and span is snapshot.spans[-1]) for span in spans]


class InteractionApi:
    def __init__(self, settings, workflows, executions, store):
        self.settings = settings
        self.workflows = workflows
        self.executions = executions  # ExecutionApi: finds a run or answers its 404
        self.store = store

    def routes(self):
        return [
            ("GET", RUN + "/interaction", self.get, True),
            ("POST", RUN + "/interaction", self.answer, True),
            ("DELETE", RUN + "/interaction", self.cancel, True),
            ("GET", CATALOG, self.catalog, True),
            ("GET", CATALOG + "/{iid}", self.catalog_item, True),
            ("GET", "/vco/api/interactions", self.all, True),
            ("GET", "/vco/api/workflows/{id}/interactions", self.of_workflow, True),
            ("GET", "/vco/api/catalog/System/WorkflowExecution/{eid}", self.execution_item, True),
        ]

    def _latest(self, workflow_id, execution_id):
        execution = self.executions.execution(workflow_id, execution_id)
        found = reached(execution, time.time())
        if not found:
            raise ApiError(404, f"Can not find an user interaction for the workflow run with ID: {execution_id}")
        return found[-1]

    def document(self, item, base):
        """`WsUserInteraction` of 8.18.1 (older pages spell the lists `assignee[]`/`parameter[]`)."""
        interaction = item.interaction
        execution_href = base.execution(item.execution)
        document = {
            "relations": {"link": [link(execution_href, "up")]},
            "id": item.id,
            "name": interaction.name,
            "href": f"{execution_href}interaction/",
            "state": item.state,
            "assignees": list(interaction.assignees + interaction.groups),
            "user-assignees": list(interaction.assignees),
            "group-assignees": list(interaction.groups),
            "input-parameters": describe_parameters(interaction.inputs),
        }
        if interaction.timeout_seconds is not None:
            document["timeout-date"] = date_value(item.span.start + interaction.timeout_seconds, self.settings)
        return document

    def get(self, request, workflow_id, execution_id):
        item = self._latest(workflow_id, execution_id)
        return json_response(200, self.document(item, Base(request, self.settings)))

    def answer(self, request, workflow_id, execution_id):
        item = self._latest(workflow_id, execution_id)
        context = request.json("interaction answer")
        owner = f"user interaction '{item.interaction.name}'"
        values = parse_context(context, item.interaction.inputs, self.settings, owner)
        if not item.waiting or not self.store.answer(item.execution, values, context.get("parameters", [])):
            raise ApiError(
                400, f"The user interaction of workflow execution {execution_id} is not waiting for an answer"
            )
        return Response(204)

    def cancel(self, request, workflow_id, execution_id):
        item = self._latest(workflow_id, execution_id)
        if not item.waiting or not self.store.cancel_interaction(item.execution):
            raise ApiError(
                400, f"The user interaction of workflow execution {execution_id} is not waiting; nothing to cancel"
            )
        return Response(204)

    def _items(self, runs, waiting_only):
        now = time.time()
        return [item for run in runs for item in reached(run, now) if item.waiting or not waiting_only]

    def _links(self, request, items, href_of):
        fields = {
            "id": lambda item: item.id,
            "name": lambda item: item.interaction.name,
            "state": lambda item: item.state,
        }
        query = Query(request, fields)
        total, page = query.select(items)
        links = [link(href_of(item), "down", {name: get(item) for name, get in fields.items()}) for item in page]
        return total, query, links

    def catalog(self, request):
        base = Base(request, self.settings)
        items = self._items(self.store.all(), request.arg("status") == WAITING_STATUS)
        total, _query, links = self._links(
            request, items, lambda item: f"{base.root}/catalog/System/UserInteraction/{item.id}/"
        )
        return json_response(200, {"link": links, "total": total})

    def catalog_item(self, request, interaction_id):
        base = Base(request, self.settings)
        for item in self._items(self.store.all(), waiting_only=False):
            if item.id == interaction_id:
                execution_href = base.execution(item.execution)
                return json_response(
                    200,
                    {
                        "relations": {
                            "link": [link(execution_href, "up"), link(f"{execution_href}interaction/", "interaction")]
                        },
                        "attributes": [
                            {"name": "id", "value": item.id},
                            {"name": "name", "value": item.interaction.name},
                            {"name": "state", "value": item.state},
                        ],
                        "href": f"{base.root}/catalog/System/UserInteraction/{item.id}/",
                    },
                )
        raise ApiError(404, f"Cannot find a user interaction with the specified ID: {interaction_id}")

    def _list(self, request, runs):
        base = Base(request, self.settings)
        items = self._items(runs, waiting_only=False)
        total, query, links = self._links(request, items, lambda item: self.document(item, base)["href"])
        return json_response(200, {"startIndex": query.start, "count": len(links), "total": total, "link": links})

    def all(self, request):
        return self._list(request, self.store.all())

    def of_workflow(self, request, workflow_id):
        workflow = self.workflows.workflow(workflow_id)
        return self._list(request, self.store.of_workflow(workflow.id))

    def execution_item(self, request, execution_id):
        execution = self.store.find(execution_id)
        if execution is None:
            raise ApiError(404, f"Cannot find a workflow execution with the specified ID: {execution_id}")
        base = Base(request, self.settings)
        snapshot = execution.snapshot(time.time())
        return json_response(
            200,
            {
                "relations": {
                    "link": [link(base.workflow(execution.workflow.id), "up"), link(base.execution(execution), "down")]
                },
                "attributes": [
                    {"name": "id", "value": execution.id},
                    {"name": "name", "value": execution.workflow.name},
                    {"name": "state", "value": snapshot.state},
                ],
                "href": f"{base.root}/catalog/System/WorkflowExecution/{execution.id}/",
            },
        )
