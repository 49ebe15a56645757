# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A minimal HTTPS (CONNECT) proxy on loopback that counts the tunnels it opens, for proxy tests.

    with ConnectProxy() as proxy:
        ... proxy.url ...              # http://127.0.0.1:PORT
        proxy.tunnels()                # {"127.0.0.1:8443": 3, ...}: tunnels opened per target

Only CONNECT is served (the collection talks HTTPS only), and only to loopback targets, so a
misconfigured test can never send traffic off this machine. Standard library only.
"""

from __future__ import annotations

import collections
import select
import socket
import socketserver
import threading

LOOPBACK_HOSTS = frozenset(("127.0.0.1", "localhost", "::1"))
HEADER_LIMIT = 64 * 1024
IDLE_TIMEOUT = 30.0  # a tunnel nobody uses for this long is closed: the proxy stops by itself


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _TunnelHandler(socketserver.BaseRequestHandler):
    def handle(self):
        client = self.request
        client.settimeout(IDLE_TIMEOUT)
        head = _read_head(client)
        if head is None:
            return
        method, target = (head.split(" ") + ["", ""])[:2]
        host, port = target.rsplit(":", 1) if ":" in target else (target, "")
        host = host.strip("[]")
        if method.upper() != "CONNECT" or not port.isdigit():
            client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        if host not in LOOPBACK_HOSTS:
            client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        try:
            upstream = socket.create_connection((host, int(port)), timeout=IDLE_TIMEOUT)
        except OSError:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        self.server.proxy.record(target)
        with upstream:
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            _pipe(client, upstream)


def _read_head(sock):
    """The request line of the proxy request (its headers are read and ignored), or None."""
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = sock.recv(4096)
        except OSError:
            return None
        if not chunk or len(data) > HEADER_LIMIT:
            return None
        data += chunk
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def _pipe(left, right):
    """Copy bytes both ways until one side closes or the tunnel is idle for IDLE_TIMEOUT."""
    peers = {left: right, right: left}
    while True:
        readable = select.select(list(peers), [], [], IDLE_TIMEOUT)[0]
        if not readable:
            return
        for sock in readable:
            try:
                data = sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            try:
                peers[sock].sendall(data)
            except OSError:
                return


class ConnectProxy:
    """A CONNECT proxy on a free port of 127.0.0.1, serving from a background thread."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tunnels = collections.Counter()
        self._server = None
        self._thread = None
        self.url = None

    def record(self, target):
        with self._lock:
            self._tunnels[target] += 1

    def tunnels(self):
        """Tunnels opened so far, per ``host:port`` target as the client asked for it."""
        with self._lock:
            return dict(self._tunnels)

    def start(self):
        self._server = _Server(("127.0.0.1", 0), _TunnelHandler)
        self._server.proxy = self
        self.url = "http://127.0.0.1:%d" % self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="connect-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
