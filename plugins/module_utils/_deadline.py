# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""A deadline for a whole HTTP request, not for each read.

Socket timeouts bound each read only: a server (or proxy) that sends one byte every few
seconds keeps a request alive for ever. ``DeadlineAdapter`` is the ``requests`` adapter of
the client: each connection a request uses is watched by one shared ``Watchdog`` thread, which
shuts the socket down when that request's deadline passes; the blocked read then fails, and
the client reports a timeout.
"""

import socket
import threading
import time

try:
    from requests.adapters import HTTPAdapter
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
except ImportError:  # the client reports the missing library
    HTTPAdapter = object
    HTTPConnectionPool = HTTPSConnectionPool = None

_current = threading.local()


class Watchdog:
    """Shuts down the sockets of requests that outlived their deadline. One daemon thread, started on first use."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._cond = threading.Condition()
        self._watched = {}  # token -> (deadline, connection)
        self._next_token = 0
        self._thread = None

    def watch(self, connection, deadline):
        with self._cond:
            self._next_token += 1
            self._watched[self._next_token] = (deadline, connection)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="opsflow-vro-deadline", daemon=True)
                self._thread.start()
            self._cond.notify()
            return self._next_token

    def release(self, token):
        with self._cond:
            self._watched.pop(token, None)

    def _run(self):
        with self._cond:
            while True:
                now = self._clock()
                for token, (deadline, connection) in list(self._watched.items()):
                    if deadline <= now:
                        del self._watched[token]
                        _cut(connection)
                if self._watched:
                    self._cond.wait(max(0.01, min(d for d, _c in self._watched.values()) - now))
                else:
                    self._cond.wait()


def _cut(connection):
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except (OSError, ValueError):
            pass  # already closed


WATCHDOG = Watchdog()


class deadline:  # noqa: N801 - a context manager, named like open()
    """``with deadline(when):`` every connection this thread uses until the block ends is cut at ``when`` (monotonic)."""

    def __init__(self, when):
        self.when = when

    def __enter__(self):
        _current.deadline = self.when
        _current.tokens = []
        return self

    def __exit__(self, *exc_info):
        for token in getattr(_current, "tokens", []):
            WATCHDOG.release(token)
        _current.deadline = None
        _current.tokens = []


def _watched(pool_class):
    class WatchedPool(pool_class):
        def _make_request(self, conn, *args, **kwargs):
            when = getattr(_current, "deadline", None)
            if when is not None:
                _current.tokens.append(WATCHDOG.watch(conn, when))
            return super(WatchedPool, self)._make_request(conn, *args, **kwargs)

    return WatchedPool


WATCHED_POOLS = (
    {"http": _watched(HTTPConnectionPool), "https": _watched(HTTPSConnectionPool)} if HTTPConnectionPool else {}
)


class DeadlineAdapter(HTTPAdapter):
    """``HTTPAdapter`` whose pools (direct and through a proxy) register their connections with the watchdog."""

    def init_poolmanager(self, *args, **kwargs):
        super(DeadlineAdapter, self).init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = WATCHED_POOLS

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super(DeadlineAdapter, self).proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = WATCHED_POOLS
        return manager
