# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The workflow run service: start, read, list, cancel, logs (interactions: interaction_api)."""

import time
from functools import partial

from .documents import Base, Query, date_value, iso_z, link
from .logs import log_lines, render_line
from .messages import ApiError, Response, json_response
from .parameters import parse_context, render_parameters

RUN = "/vco/api/workflows/{id}/executions/{eid}"
NO_ITEM = "__item-undefined__"  # what vCO shows when no item is current
LIST_ATTRIBUTES = ("id", "startDate", "endDate", "startedBy", "state", "name", "currentItemDisplayName")


def current_item(snapshot):
    if snapshot.state == "completed" or not snapshot.spans:
        return None
    return snapshot.spans[-1].phase.item


def business_state(snapshot):
    return next((span.phase.business_state for span in reversed(snapshot.spans) if span.phase.business_state), None)


class ExecutionApi:
    def __init__(self, settings, workflows, store):
        self.settings = settings
        self.workflows = workflows
        self.store = store

    def routes(self):
        return [
            ("POST", "/vco/api/workflows/{id}/executions", self.start, True),
            ("GET", "/vco/api/workflows/{id}/executions", self.list, True),
            ("GET", RUN, self.get, True),
            ("GET", RUN + "/state", self.state, True),
            ("DELETE", RUN + "/state", self.cancel, True),
            ("GET", RUN + "/logs", self.logs, True),
            ("GET", RUN + "/syslogs", self.syslogs, True),
            ("GET", "/vco/api/catalog/System/WorkflowExecution", self.search, True),
        ]

    def execution(self, workflow_id, execution_id):
        self.workflows.workflow(workflow_id)
        execution = self.store.get(workflow_id, execution_id)
        if execution is None:
            raise ApiError(404, f"Cannot find a workflow execution with the specified ID: {execution_id}")
        return execution

    def start(self, request, workflow_id):
        workflow = self.workflows.workflow(workflow_id)
        context = request.json("execution context")
        values = parse_context(context, workflow.inputs, self.settings, f"workflow '{workflow.name}'")
        execution = self.store.start(
            workflow, values, context.get("parameters", []), request.user, self.settings.flavor.uuid_ids
        )
        base = Base(request, self.settings)
        location = [("Location", base.execution(execution))]
        if not self.settings.flavor.start_returns_body:
            return Response(202, headers=location)
        return json_response(202, self._document(execution, execution.snapshot(time.time()), base), location)

    def get(self, request, workflow_id, execution_id):
        execution = self.execution(workflow_id, execution_id)
        return json_response(
            200, self._document(execution, execution.snapshot(time.time()), Base(request, self.settings))
        )

    def _document(self, execution, snapshot, base):
        workflow = execution.workflow
        href = base.execution(execution)
        relations = [link(f"{base.workflow(workflow.id)}executions/", "up"), link(href, "remove")]
        relations += [link(f"{href}{rel}/", rel) for rel in ("logs", "state")]
        if snapshot.state == "waiting":
            relations.append(link(f"{href}interaction/", "interaction"))
        document = {
            "relations": {"link": relations},
            "id": execution.id,
            "state": snapshot.state,
            "name": workflow.name,
            "href": href,
            "start-date": date_value(execution.started, self.settings),
        }
        if snapshot.end is not None:
            document["end-date"] = date_value(snapshot.end, self.settings)
        outputs = execution.outputs() if snapshot.state == "completed" else {}
        document.update(
            {
                "started-by": execution.started_by,
                "input-parameters": render_parameters(workflow.inputs, execution.values, self.settings),
                "output-parameters": render_parameters(workflow.output_params, outputs, self.settings),
                "current-item-display-name": current_item(snapshot) or NO_ITEM,
            }
        )
        if snapshot.state == "failed":
            document["content-exception"] = workflow.exception
        if business_state(snapshot):
            document["business-state"] = business_state(snapshot)
        return document

    def state(self, request, workflow_id, execution_id):
        execution = self.execution(workflow_id, execution_id)
        return json_response(200, {self.settings.state_key: execution.snapshot(time.time()).state})

    def cancel(self, request, workflow_id, execution_id):
        execution = self.execution(workflow_id, execution_id)
        if self.store.cancel(execution, self.settings.cancel_delay) or self.settings.cancel_finished == "204":
            return Response(204)
        state = execution.snapshot(time.time()).state
        raise ApiError(400, f"Workflow execution {execution_id} is not running (state: {state}); it cannot be canceled")

    def _attributes(self, execution, snapshot):
        """Execution list attributes, in the order of the vCO 5.5 sample; None means no value."""
        return {
            "id": execution.id,
            "startDate": iso_z(execution.started),
            "endDate": iso_z(snapshot.end) if snapshot.end is not None else None,
            "startedBy": execution.started_by,
            "state": snapshot.state,
            "name": execution.workflow.name,
            "currentItemDisplayName": current_item(snapshot),
        }

    def _query(self, request, now, search=False):
        def field(name):
            return lambda run: self._attributes(run, run.snapshot(now))[name] or ""

        fields = {name: field(name) for name in LIST_ATTRIBUTES}
        if search:
            fields["workflowId"] = lambda run: run.workflow.id
        return Query(request, fields)

    def list(self, request, workflow_id):
        workflow = self.workflows.workflow(workflow_id)
        base = Base(request, self.settings)
        now = time.time()
        query = self._query(request, now)
        total, page = query.select(self.store.of_workflow(workflow.id)[::-1])  # newest first
        executions_href = f"{base.workflow(workflow.id)}executions/"
        links = [link(base.workflow(workflow.id), "up"), link(executions_href, "add")]
        links += [link(base.execution(run), "down", self._attributes(run, run.snapshot(now))) for run in page]
        relations = {"total": total}
        if self.settings.flavor.name == "8":
            relations.update(startIndex=query.start, count=len(page))
        relations["link"] = links
        return json_response(200, {"relations": relations, "href": executions_href})

    def search(self, request):
        """`catalog/System/WorkflowExecution`: runs of every workflow, oldest first unless sorted."""
        base = Base(request, self.settings)
        now = time.time()
        query = self._query(request, now, search=True)
        total, page = query.select(self.store.all())
        links = []
        for run in page:
            attributes = self._attributes(run, run.snapshot(now))
            attributes["workflowId"] = run.workflow.id
            links.append(link(f"{base.root}/catalog/System/WorkflowExecution/{run.id}/", "down", attributes))
        return json_response(200, {"link": links, "total": total})

    def logs(self, request, workflow_id, execution_id):
        return self._logs(request, workflow_id, execution_id, system=False)

    def syslogs(self, request, workflow_id, execution_id):
        return self._logs(request, workflow_id, execution_id, system=True)

    def _logs(self, request, workflow_id, execution_id, system):
        execution = self.execution(workflow_id, execution_id)
        lines = [line for line in log_lines(execution, execution.snapshot(time.time())) if system or line.event]
        fields = {
            "severity": lambda line: line.severity,
            "origin": lambda line: line.origin,
            "timestamp": lambda line: int(line.time * 1000),
        }
        _total, page = Query(request, fields).select(lines[::-1])  # newest first
        timestamp = partial(date_value, settings=self.settings)
        wrapped = self.settings.log_entries == "wrapped"
        return json_response(
            200, {"logs": [render_line(line, execution.started_by, system, timestamp, wrapped) for line in page]}
        )
