# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection: rules that make matching requests fail the ways networks and proxies do.

A rule: {"method": "GET"|"POST"|"DELETE"|"PUT"|"*", "path": regex searched in the request path
(no query string), "kind": ..., "count": N (requests it affects, default 1), "after": M (let the
first M matching requests through, default 0)} plus per-kind options:
* status: `status` (required), `retry_after` (Retry-After header), `body` (text or JSON);
* html: `status` (default 502), `body` (default: a load-balancer error page, or a login page
  for status 200);
* drop: close the connection without an answer;
* drop_after_commit: handle the request (a POST creates its execution), then drop;
* slow: wait `delay` seconds (default 1) before handling the request;
* truncated: answer with the status and only the first half of the body (Content-Length fits
  the cut body, so the HTTP exchange is clean and the JSON is broken);
* expire_token: expire the request's bearer token and answer 401.
Each matching request counts toward every matching rule's `after`; the first rule still due
applies.
"""

import json
import re
import threading
from http import HTTPStatus

from .messages import ApiError, Response, json_response

KINDS = ("status", "html", "drop", "drop_after_commit", "slow", "truncated", "expire_token")
METHODS = ("GET", "POST", "DELETE", "PUT", "*")

LB_PAGE = (
    "<html><head><title>{status} {reason}</title></head><body><center><h1>{status} {reason}</h1></center>"
    "<hr><center>nginx</center></body></html>"
)
LOGIN_PAGE = (
    "<!DOCTYPE html><html><head><title>VMware Identity Manager - Login</title></head><body>"
    '<form method="post" action="/SAAS/auth/login"><input name="username"><input name="password" '
    'type="password"><button>Sign in</button></form></body></html>'
)


class Rule:
    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise ValueError("a rule must be an object")
        self.spec = spec
        self.method = str(spec.get("method", "*")).upper()
        self.kind = spec.get("kind")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        try:
            self.path = re.compile(spec.get("path", ""))
        except (re.error, TypeError) as exc:
            raise ValueError(f"path is not a regular expression: {exc}") from None
        self.remaining = _number(spec, "count", 1, int, minimum=1)
        self.skip = _number(spec, "after", 0, int)
        self.delay = _number(spec, "delay", 1.0, float)
        self.status = _number(spec, "status", 502 if self.kind == "html" else None, int, minimum=100)
        if self.kind == "status" and self.status is None:
            raise ValueError("kind 'status' needs 'status'")
        self.retry_after = spec.get("retry_after")
        self.body = spec.get("body")

    def describe(self):
        return {**self.spec, "remaining": self.remaining, "skip": self.skip}

    def canned_response(self):
        """The answer of a `status` or `html` rule."""
        reason = reason_phrase(self.status)
        headers = [("Retry-After", str(self.retry_after))] if self.retry_after is not None else []
        if self.kind == "html":
            page = self.body or (
                LOGIN_PAGE if self.status == 200 else LB_PAGE.format(status=self.status, reason=reason)
            )
            return Response(self.status, page.encode(), "text/html;charset=UTF-8", headers)
        if isinstance(self.body, str):
            return Response(self.status, self.body.encode(), "text/plain;charset=UTF-8", headers)
        body = self.body if self.body is not None else {"status": self.status, "message": f"Simulated {reason}"}
        return Response(self.status, json.dumps(body).encode(), headers=headers)


def reason_phrase(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _number(spec, name, default, kind, minimum=0):
    value = spec.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise ValueError(f"'{name}' must be a number >= {minimum}")
    return kind(value)


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []

    def add(self, specs):
        if not isinstance(specs, list):
            raise ApiError(400, "'rules' must be a list")
        try:
            rules = [Rule(spec) for spec in specs]
        except ValueError as exc:
            raise ApiError(400, f"Invalid fault rule: {exc}") from None
        with self._lock:
            self._rules.extend(rules)

    def clear(self):
        with self._lock:
            self._rules = []

    def take(self, method, path):
        """The rule that applies to this request, if any (its count is used up by one)."""
        if not self._rules:  # the common case needs no lock
            return None
        with self._lock:
            chosen = None
            for rule in self._rules:
                if rule.method not in ("*", method) or not rule.path.search(path):
                    continue
                if rule.skip:
                    rule.skip -= 1
                elif chosen is None:
                    chosen = rule
            if chosen is not None:
                chosen.remaining -= 1
                if not chosen.remaining:
                    self._rules.remove(chosen)
            return chosen

    def document(self):
        with self._lock:
            return json_response(200, {"rules": [rule.describe() for rule in self._rules]})
