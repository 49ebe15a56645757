# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `/_sim` control API for tests and benchmarks (no auth, not counted, never faulted)."""

import time

from .documents import iso
from .messages import ApiError, Response, json_response


class ControlApi:
    def __init__(self, app):
        self.app = app

    def routes(self):
        return [
            ("GET", "/_sim/executions", self.executions, False),
            ("POST", "/_sim/reset", self.reset, False),
            ("GET", "/_sim/config", self.config, False),
            ("POST", "/_sim/config", self.configure, False),
            ("GET", "/_sim/faults", self.faults, False),
            ("POST", "/_sim/faults", self.add_faults, False),
            ("DELETE", "/_sim/faults", self.clear_faults, False),
            ("GET", "/_sim/stats", self.stats, False),
            ("POST", "/_sim/tokens/expire", self.expire_tokens, False),
        ]

    def executions(self, request):
        now = time.time()
        records = []
        for run in self.app.store.all():
            snapshot = run.snapshot(now)
            records.append(
                {
                    "id": run.id,
                    "workflow_id": run.workflow.id,
                    "workflow_name": run.workflow.name,
                    "state": snapshot.state,
                    "inputs": run.parameters,
                    "started_by": run.started_by,
                    "start_date": iso(run.started),
                    "end_date": iso(snapshot.end) if snapshot.end is not None else None,
                    "cancel_requested": run.cancel_at is not None,
                    "interaction_answers": [run.answers[index].parameters for index in sorted(run.answers)],
                }
            )
        return json_response(200, {"count": len(records), "executions": records})

    def reset(self, request):
        """Forget executions, faults, stats, tokens and the rate budget; back to the start-up options."""
        app = self.app
        for part in (app.store, app.faults, app.stats, app.tokens, app.rate_limit):
            part.clear()
        app.settings.restore()
        return Response(204)

    def config(self, request):
        return json_response(200, self.app.settings.describe())

    def configure(self, request):
        changes = request.json()
        if not isinstance(changes, dict):
            raise ApiError(400, "The body must be an object of option -> value")
        try:
            self.app.settings.update(changes)
        except ValueError as exc:
            raise ApiError(400, str(exc)) from None
        return self.config(request)

    def faults(self, request):
        return self.app.faults.document()

    def add_faults(self, request):
        body = request.json()
        self.app.faults.add(body.get("rules") if isinstance(body, dict) else None)
        return self.app.faults.document()

    def clear_faults(self, request):
        self.app.faults.clear()
        return Response(204)

    def stats(self, request):
        return json_response(200, self.app.stats.document(timeline=bool(request.query.get("timeline"))))

    def expire_tokens(self, request):
        self.app.tokens.expire()
        return Response(204)
