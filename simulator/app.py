# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator as a function from Request to Response: routing, auth, faults, rate limit, counting."""

import sys
import time
import traceback

from .auth import Auth, TokenStore
from .control import ControlApi
from .execution_api import ExecutionApi
from .executions import ExecutionStore
from .faults import Faults
from .interaction_api import InteractionApi
from .library_api import LibraryApi
from .messages import ApiError, Response
from .ratelimit import RateLimit
from .routes import API_PREFIX, Router, Stats
from .workflow_api import WorkflowApi

CONTROL_PREFIX = "/_sim"
DROP = Response(0, drop=True)
# What vRO's challenge looks like is UNCONFIRMED; RFC 9110 requires one on every 401.
CHALLENGES = [("WWW-Authenticate", 'Bearer realm="vco"'), ("WWW-Authenticate", 'Basic realm="vco"')]


class App:
    def __init__(self, settings, catalog, username, password, recorder=None):
        self.settings = settings
        self.recorder = recorder  # simulator.recorder.Recorder, or None
        self.store = ExecutionStore()
        self.tokens = TokenStore()
        self.faults = Faults()
        self.stats = Stats()
        self.rate_limit = RateLimit()
        self.auth = Auth(username, password, settings, self.tokens)
        workflows = WorkflowApi(settings, catalog)
        executions = ExecutionApi(settings, workflows, self.store)
        library = LibraryApi(settings, catalog)
        interactions = InteractionApi(settings, workflows, executions, self.store)
        self.router = Router(
            workflows.routes() + executions.routes() + library.routes() + interactions.routes() + self.auth.routes()
        )
        self.control = Router(ControlApi(self).routes())

    def serve(self, request):
        if request.path.startswith(CONTROL_PREFIX):
            return self._run(_match(self.control, request), request)
        if self.recorder:
            self.recorder.record(request)
        found = _match(self.router, request)
        self.stats.count(f"{request.method} <unmatched>" if isinstance(found, ApiError) else found[0].label)
        response = self._answer(found, request)
        if response.status == 401 and request.path.startswith(API_PREFIX):
            response.headers += [challenge for challenge in CHALLENGES if challenge not in response.headers]
        return response

    def _answer(self, found, request):
        try:
            self.rate_limit.take(self.settings.rate_limit)
        except ApiError as exc:
            return exc.response()
        if (
            request.raw_path != request.path
            and request.raw_path.endswith("/")
            and self.settings.trailing_slash != "accept"
        ):
            # Spring 6 no longer matches `/executions/` to `/executions` (trailing slash match is off)
            return ApiError(
                int(self.settings.trailing_slash), f"No endpoint {request.method} {request.raw_path}"
            ).response()
        rule = self.faults.take(request.method, request.path)
        if rule is None:
            return self._run(found, request)
        if rule.kind == "drop":
            return DROP
        if rule.kind in ("status", "html"):
            return rule.canned_response()
        if rule.kind == "expire_token":
            token = self.auth.bearer_token(request)
            if token:
                self.tokens.expire(token)
            return ApiError(401, "Unauthorized: the bearer token has expired").response()
        if rule.kind == "slow":
            time.sleep(rule.delay)
        response = self._run(found, request)
        if rule.kind == "drop_after_commit":
            return DROP
        if rule.kind == "truncated":
            response.body = response.body[: len(response.body) // 2]
        return response

    def _run(self, found, request):
        if isinstance(found, ApiError):
            return found.response()
        route, arguments = found
        try:
            if route.auth:
                request.user = self.auth.authenticate(request)
            return route.handler(request, *arguments)
        except ApiError as exc:
            return exc.response()
        except Exception:  # a simulator bug: answer 500 and show it, as a server would log it
            traceback.print_exc(file=sys.stderr)
            return ApiError(500, "Internal simulator error").response()


def _match(router, request):
    """(route, path arguments), or the 404/405 error to answer."""
    try:
        return router.match(request.method, request.path)
    except ApiError as exc:
        return exc
