# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request and response values passed between the HTTP plumbing and the API handlers."""

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs

JSON_TYPE = "application/json;charset=UTF-8"


class ApiError(Exception):
    """An error answer. `document` replaces the default vRO body `{"status", "message"}`."""

    def __init__(self, status, message, document=None, headers=()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.document = document
        self.headers = list(headers)

    def response(self):
        document = self.document or {"status": self.status, "message": self.message}
        return json_response(self.status, document, self.headers)


@dataclass
class Request:
    method: str
    path: str  # without the query string, trailing slash removed
    query: dict
    headers: object  # email.message.Message from http.server: case-insensitive .get()
    body: bytes
    host: str  # host[:port] used for absolute URLs in answers
    raw_path: str = ""  # the path as sent (the `trailing_slash` quirk and the request log see it)
    user: str = None

    @classmethod
    def parse(cls, method, target, headers, body, host):
        path, _mark, query = target.partition("?")
        return cls(
            method=method,
            path=path.rstrip("/") or "/",
            query=parse_qs(query, keep_blank_values=True),
            headers=headers,
            body=body,
            host=host,
            raw_path=path,
        )

    def arg(self, name, default=None):
        values = self.query.get(name)
        return values[0] if values else default

    def json(self, what="request body"):
        """The body as JSON; an empty body is `{}` (vRO runs a workflow with no context)."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise ApiError(400, f"Malformed {what}: {exc}") from None


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = JSON_TYPE
    headers: list = field(default_factory=list)
    drop: bool = False  # close the connection instead of answering (fault injection)


def json_response(status, document, headers=()):
    return Response(status, json.dumps(document, separators=(",", ":")).encode(), headers=list(headers))
