# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A hostile vRO over HTTPS on loopback, scriptable per request, for the red-team tests (issue 12).

    with HostileServer() as server:
        server.script("POST", "/workflows/wf-1/executions", create_then(truncate(202, body, cut=10)))
        ... VroClient(hostname="localhost", port=server.port, ca_path=server.ca_path, ...) ...
        server.received          # every request: Received(method, path, query, headers, body)
        server.runs              # the runs it "created"

Without a script a request is answered by a tiny honest vRO (``HonestVro``): one workflow
definition per id (``server.add_workflow``), POST creates a run (completed at once), and the
executions list, execution, ``/state`` and logs answer like vRO 8 does. A script is a queue of
*behaviours* per method and path (path relative to ``/vco/api``, without trailing slash or
query); each request takes the next one, and an empty queue falls back to the honest vRO.
A behaviour is a function ``behaviour(exchange)``; the ones below can truncate a body, break TLS
after the status line, answer any status after having created the run, redirect, echo the request
in several spellings, stall, hang, lie, and send huge or deeply nested bodies.

Independent of plugins/ (an attacker does not share our code). Standard library, plus the
simulator's throw-away CA for the certificate.
"""

from __future__ import annotations

import base64
import collections
import datetime
import email.utils
import html
import http.server
import json
import os
import socket
import ssl
import tempfile
import threading
import time
import urllib.parse
import uuid

from simulator import certs

API_ROOT = "/vco/api"
Received = collections.namedtuple("Received", "method path query headers body")


class Exchange:
    """One request being answered: what came in, and raw ways to answer it."""

    def __init__(self, handler, server, method, path, query, body):
        self.handler = handler
        self.server = server
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.headers = dict(handler.headers.items())

    @property
    def json(self):
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    def head(self, status, headers=None, length=None, reason="Hostile"):
        """Status line and headers; ``length`` None means a Content-Length is not sent."""
        lines = ["HTTP/1.1 %d %s" % (status, reason)]
        merged = {"Content-Type": "application/json"}
        if self.server.send_date:
            merged["Date"] = email.utils.formatdate(usegmt=True)
        merged.update(headers or {})
        if length is not None:
            merged["Content-Length"] = str(length)
        lines += ["%s: %s" % item for item in merged.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def write(self, data):
        self.handler.wfile.write(data)
        self.handler.wfile.flush()

    def reply(self, status, body=b"", headers=None):
        data = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
        self.write(self.head(status, headers, len(data)) + data)

    def hang_up(self):
        self.handler.close_connection = True


# ---- behaviours -------------------------------------------------------------------------------


def reply(status, body=b"", headers=None):
    def behaviour(exchange):
        exchange.reply(status, body, headers)

    return behaviour


def honest(exchange):
    exchange.server.vro.answer(exchange)


def create_then(then):
    """Create the run as vRO would (the POST reached it), then answer with ``then``."""

    def behaviour(exchange):
        exchange.server.vro.create_run(exchange)
        then(exchange)

    return behaviour


def truncate(status=202, body=None, cut=5):
    """Announce the whole body, send ``cut`` bytes of it, hang up (the client sees IncompleteRead)."""

    def behaviour(exchange):
        data = json.dumps(body if body is not None else {"id": "x" * 36, "state": "running"}).encode()
        exchange.write(exchange.head(status, length=len(data)) + data[:cut])
        exchange.hang_up()

    return behaviour


def break_tls(status=202):
    """Send the status line and headers, then bytes that are not a valid TLS record, and hang up."""

    def behaviour(exchange):
        exchange.write(exchange.head(status, length=100))
        os.write(exchange.handler.connection.fileno(), b"\x17\x03\x03\x00\x10not-a-tls-record")
        exchange.hang_up()

    return behaviour


def hang(seconds=30.0):
    """Read the request and say nothing for ``seconds``."""

    def behaviour(exchange):
        time.sleep(seconds)
        exchange.hang_up()

    return behaviour


def stall(status=200, body=None, every=1.0):
    """The whole answer, status line included, one byte every ``every`` seconds."""

    def behaviour(exchange):
        data = json.dumps(body if body is not None else {"value": "running"}).encode()
        try:
            for byte in exchange.head(status, length=len(data)) + data:
                exchange.write(bytes([byte]))
                time.sleep(every)
        except OSError:
            pass  # the client gave up: that is the point
        exchange.hang_up()

    return behaviour


def redirect(location, status=302):
    """``location`` may use ``{port}`` (this server's port) and ``{path}`` (the request path)."""

    def behaviour(exchange):
        target = location.format(port=exchange.server.port, path=API_ROOT + exchange.path)
        exchange.reply(status, b"", {"Location": target})

    return behaviour


def echo(status=500, spelling="json", part="all", key="message"):
    """An error page quoting the request in one spelling: json (JSON text, non-ASCII kept), json-ascii
    (``\\u00e9``), html (``&lt;``, ``&#x27;``) or base64. ``part``: all (headers and body), body, or
    authorization (the Authorization header's value); ``key``: the JSON key it is quoted under."""

    def behaviour(exchange):
        quoted = {
            "all": "%s\n%s" % ("\n".join("%s: %s" % item for item in exchange.headers.items()), exchange.body.decode()),
            "body": exchange.body.decode("utf-8", "replace"),
            "authorization": exchange.headers.get("Authorization", ""),
        }[part]
        if spelling in ("json", "json-ascii"):
            text = json.dumps({key: "bad request: " + quoted}, ensure_ascii=spelling == "json-ascii")
            exchange.reply(status, text)
        elif spelling == "html":
            page = "<html><head><title>Error: %s</title></head><body></body></html>" % html.escape(quoted)
            exchange.reply(status, page, {"Content-Type": "text/html"})
        elif spelling == "base64":
            exchange.reply(status, json.dumps({key: "request was " + base64.b64encode(quoted.encode()).decode()}))
        else:
            raise ValueError(spelling)

    return behaviour


def huge(status=200, size=400 * 1024 * 1024):
    """Announce ``size`` bytes of JSON and send them as long as the client reads."""

    def behaviour(exchange):
        exchange.write(exchange.head(status, length=size) + b'{"value": "')
        chunk = b"x" * 65536
        sent = 11
        try:
            while sent < size:
                exchange.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        exchange.hang_up()

    return behaviour


def deep_json(status=200, depth=100000):
    return reply(status, "[" * depth + "]" * depth)


# ---- the honest part ------------------------------------------------------------------------------


class HonestVro:
    """Just enough of vRO 8 for a run to start, be found, be read and end."""

    def __init__(self, server):
        self.server = server
        self.workflows = {}
        self.runs = []
        self.run_state = "completed"
        # a failed run's content-exception; {input} placeholders are filled from the run's inputs
        self.exception = None
        self.lock = threading.Lock()

    def create_run(self, exchange):
        workflow_id = exchange.path.split("/")[2]
        body = exchange.json if isinstance(exchange.json, dict) else {}
        run = {
            "id": str(uuid.uuid4()),
            "workflow_id": workflow_id,
            "parameters": body.get("parameters") or [],
            "start": datetime.datetime.now(datetime.timezone.utc) + self.server.clock_offset,
            "state": self.run_state,
            "user": self.server.username,
        }
        with self.lock:
            self.runs.append(run)
        return run

    def run(self, execution_id):
        return next((r for r in self.runs if r["id"] == execution_id), None)

    def answer(self, exchange):  # noqa: C901 - one branch per resource, flat on purpose
        parts = exchange.path.strip("/").split("/")
        if parts[:1] != ["workflows"] or len(parts) < 2:
            return exchange.reply(404, {"message": "no such resource %s" % exchange.path})
        definition = self.workflows.get(parts[1])
        if definition is None:
            return exchange.reply(404, {"message": "workflow %s not found" % parts[1]})
        if len(parts) == 2:
            return exchange.reply(200, definition)
        if len(parts) == 3 and exchange.method == "POST":
            run = self.create_run(exchange)
            return exchange.reply(202, self.execution(run))
        if len(parts) == 3:
            return exchange.reply(200, self.listing(parts[1]))
        run = self.run(parts[3])
        if run is None:
            return exchange.reply(404, {"message": "execution %s not found" % parts[3]})
        if len(parts) == 4:
            return exchange.reply(200, self.execution(run))
        if parts[4] == "state":
            return exchange.reply(200, {"value": run["state"]})
        return exchange.reply(200, {"logs": []})

    def execution(self, run):
        definition = self.workflows[run["workflow_id"]]
        given = dict((p.get("name"), p) for p in run["parameters"] if isinstance(p, dict))
        echoed = []
        for declared in definition.get("input-parameters", []):
            entry = {"name": declared["name"], "type": declared["type"], "scope": "local"}
            value = given.get(declared["name"], {}).get("value")
            if value is not None and declared["type"] not in ("SecureString", "EncryptedString"):
                entry["value"] = value
            echoed.append(entry)
        document = {
            "id": run["id"],
            "name": definition.get("name"),
            "state": run["state"],
            "start-date": iso(run["start"]),
            "started-by": run["user"],
            "input-parameters": echoed,
            "output-parameters": [],
        }
        if self.exception and run["state"] == "failed":
            document["content-exception"] = self.exception.format_map(collections.defaultdict(str, plain_values(given)))
        return document

    def listing(self, workflow_id):
        runs = sorted((r for r in self.runs if r["workflow_id"] == workflow_id), key=lambda r: r["start"], reverse=True)
        links = [
            {
                "href": "%s/workflows/%s/executions/%s/" % (API_ROOT, workflow_id, r["id"]),
                "attributes": [
                    {"name": "id", "value": r["id"]},
                    {"name": "state", "value": r["state"]},
                    {"name": "startDate", "value": iso(r["start"])},
                    {"name": "startedBy", "value": r["user"]},
                ],
            }
            for r in runs
        ]
        return {"relations": {"link": links, "total": len(links)}}


def plain_values(parameters):
    """``{name: text}`` of the scalar values of WsParameters, secrets included (a careless workflow quotes them)."""
    values = {}
    for name, parameter in parameters.items():
        keyed = parameter.get("value") or {}
        for inner in keyed.values() if isinstance(keyed, dict) else []:
            if isinstance(inner, dict) and "value" in inner:
                values[name] = str(inner["value"])
    return values


def iso(moment):
    return moment.isoformat(timespec="milliseconds")


# ---- the server ------------------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def _serve(self):
        server = self.server.hostile
        parsed = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = parsed.path[len(API_ROOT) :] if parsed.path.startswith(API_ROOT) else parsed.path
        path = path.rstrip("/") or "/"
        server.record(Received(self.command, path, parsed.query, dict(self.headers.items()), body))
        exchange = Exchange(self, server, self.command, path, parsed.query, body)
        server.next_behaviour(self.command, path)(exchange)

    do_GET = do_POST = do_DELETE = do_PUT = _serve


class _TlsServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class HostileServer:
    """The server: ``start()``/``stop()`` or a context manager. See the module docstring."""

    def __init__(self, username="vro-user", password="Canary-hostile-pw", tls=True):
        self.username = username
        self.password = password  # never checked: an attacker takes any credential
        self.host = "localhost"
        self.send_date = True
        self.clock_offset = datetime.timedelta(0)  # the server's clock minus the real one
        self.vro = HonestVro(self)
        self.received = []
        self._scripts = collections.defaultdict(collections.deque)
        self._lock = threading.Lock()
        self._tmp = tempfile.TemporaryDirectory(prefix="hostile-")
        self.tls = tls
        self.ca_path = None
        self._httpd = None
        self._thread = None

    @property
    def runs(self):
        return self.vro.runs

    @property
    def port(self):
        return self._httpd.server_address[1]

    def add_workflow(self, workflow_id, inputs, name=None):
        """``inputs``: ``{name: vRO type}`` in declaration order."""
        self.vro.workflows[workflow_id] = {
            "id": workflow_id,
            "name": name or workflow_id,
            "input-parameters": [{"name": n, "type": t} for n, t in inputs.items()],
            "output-parameters": [],
        }

    def script(self, method, path, *behaviours):
        with self._lock:
            self._scripts[(method, path.rstrip("/"))].extend(behaviours)

    def next_behaviour(self, method, path):
        with self._lock:
            queue = self._scripts.get((method, path))
            return queue.popleft() if queue else honest

    def record(self, received):
        with self._lock:
            self.received.append(received)

    def requests_to(self, method, path=None):
        return [r for r in self.received if r.method == method and (path is None or r.path == path.rstrip("/"))]

    def start(self):
        self._httpd = _TlsServer(("127.0.0.1", 0), _Handler)
        self._httpd.hostile = self
        if self.tls:
            self.ca_path, server_pem, server_key = (str(p) for p in certs.generate(self._tmp.name))
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(server_pem, server_key)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._tmp.cleanup()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


def free_port():
    """A loopback port nobody listens on (for redirects to "another port")."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
