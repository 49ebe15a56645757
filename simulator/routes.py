# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Path templates -> handlers, and per-template request counts for `/_sim/stats`."""

import re
import threading
import time
from collections import Counter
from urllib.parse import unquote

from .messages import ApiError

API_PREFIX = "/vco/api"


class Route:
    def __init__(self, method, template, handler, auth):
        self.method = method
        self.handler = handler
        self.auth = auth  # whether the caller must authenticate for /vco/api
        # Stats name /vco/api paths relative to the API root: "GET /workflows/{id}".
        relative = template[len(API_PREFIX) :] if template.startswith(API_PREFIX) else template
        self.label = f"{method} {relative or '/'}"
        self.pattern = re.compile("^" + re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$")


class Router:
    def __init__(self, routes):
        self.routes = [Route(*route) for route in routes]

    def match(self, method, path):
        """(route, path arguments in order) for a request; an unknown path or method is a 404/405."""
        allowed = False
        for route in self.routes:
            found = route.pattern.match(path)
            if found:
                if route.method == method:
                    return route, [unquote(value) for value in found.groups()]
                allowed = True
        if allowed:
            raise ApiError(405, f"Method {method} is not allowed on {path}")
        raise ApiError(404, f"No resource at {path}")


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self):
        with self._lock:
            self._counts = Counter()
            self._timeline = []

    def count(self, label):
        with self._lock:
            self._counts[label] += 1
            self._timeline.append((time.time(), label))

    def document(self, timeline=False):
        """Counts by route; with ``timeline``, also every request as ``[epoch seconds, route]`` (request rates)."""
        with self._lock:
            document = {"total": sum(self._counts.values()), "requests": dict(sorted(self._counts.items()))}
            if timeline:
                document["timeline"] = [[round(moment, 4), label] for moment, label in self._timeline]
            return document
