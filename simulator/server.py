# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTPS plumbing: a threaded HTTP/1.1 server with keep-alive, handing requests to the App.

The TLS handshake runs in the connection's own thread (not in the accept loop), so slow or
failing clients never hold up new connections. Each answer goes out in one write with an
exact Content-Length, so clients can reuse their connections.
"""

import socket
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .faults import reason_phrase
from .messages import Request

IDLE_TIMEOUT = 120  # seconds a kept-alive connection may sit idle (also bounds the handshake)


def tls_context(cert_path, key_path):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_path, key_path)
    return context


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 512
    allow_reuse_address = True

    def __init__(self, address, app, context, verbose=False):
        self.app = app
        self.context = context
        self.verbose = verbose
        super().__init__(address, Handler)

    def finish_request(self, request, client_address):
        request.settimeout(IDLE_TIMEOUT)
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            connection = self.context.wrap_socket(request, server_side=True)
        except OSError:  # handshake failed: the client does not trust our CA, or went away
            return
        try:
            self.RequestHandlerClass(connection, client_address, self)
        except OSError:  # the client dropped the connection mid-request
            pass
        finally:
            connection.close()

    def handle_error(self, request, client_address):
        if self.verbose:
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        started = time.perf_counter()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.send_error(400, "Bad Content-Length")
            return
        body = self.rfile.read(length) if length > 0 else b""
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        response = self.server.app.serve(Request.parse(self.command, self.path, self.headers, body, host))
        if response.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)  # no TLS close_notify: like a reset by a proxy
            self.log_message('"%s" dropped', self.requestline)
            return
        self._send(response)
        self.log_message(
            '"%s" %d %d %.1fms',
            self.requestline,
            response.status,
            len(response.body),
            (time.perf_counter() - started) * 1000,
        )

    do_POST = do_DELETE = do_PUT = do_PATCH = do_GET

    def _send(self, response):
        # Date on every answer: clients compare it with run start dates (lost-start recovery)
        lines = [f"HTTP/1.1 {response.status} {reason_phrase(response.status)}", f"Date: {self.date_time_string()}"]
        if response.status != 204:
            lines.append(f"Content-Length: {len(response.body)}")
        if response.body:
            lines.append(f"Content-Type: {response.content_type}")
        lines.extend(f"{name}: {value}" for name, value in response.headers)
        if self.close_connection:
            lines.append("Connection: close")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + response.body)

    def log_message(self, format, *args):  # noqa: A002 - signature of BaseHTTPRequestHandler
        if self.server.verbose:
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), format % args))
