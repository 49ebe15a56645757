# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""The one HTTP client of the collection.

``VroClient`` owns the ``requests`` session (one connection pool shared by every call and
every thread of a module run), authentication (Basic, vRA/CSP login, bearer token), TLS,
proxy, timeouts, the retry policy and the mapping of every failure to our exceptions.

Retry policy: safe requests (GET, and DELETE, which we only use to cancel) are retried with
exponential backoff and jitter on connection errors, timeouts, 429 and 502/503/504, and on a
2xx whose JSON body is cut short. A POST is never retried after it may have reached the
server: a second POST that starts a workflow could provision twice. When a POST's outcome is
unknown the client raises ``VroOutcomeUnknownError`` and leaves recovery to the caller.

A busy server (429/503 with ``Retry-After``) is waited out, not failed: see ``_busy``.
"""

import base64
import datetime
import email.utils
import json
import random
import threading
import time
import traceback

from ansible_collections.opsflow.vro.plugins.module_utils._busy import BusyGate
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroAuthError,
    VroConnectionError,
    VroHttpError,
    VroNotFoundError,
    VroOutcomeUnknownError,
    VroResponseError,
    VroTlsError,
)
from ansible_collections.opsflow.vro.plugins.module_utils._recovery import StartLedger
from ansible_collections.opsflow.vro.plugins.module_utils._secrets import proxy_secrets, redact
from ansible_collections.opsflow.vro.plugins.module_utils._transport import (
    Transport,
    looks_like_html,
    query_text,
    retry_after_seconds,
    same_origin,
)

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    import urllib3
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

HAS_REQUESTS = requests is not None

API_ROOT = "/vco/api"
CSP_LOGIN_PATH = "/csp/gateway/am/api/login"
IAAS_LOGIN_PATH = "/iaas/api/login"
RETRY_STATUSES = frozenset((429, 502, 503, 504))
# Requests that may be repeated: reading, and DELETE, which we only use to cancel a run.
RETRYABLE_METHODS = frozenset(("GET", "DELETE"))
MAX_BACKOFF = 30.0
AUTH_MODES = ("basic", "vra", "token")
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
MAX_REDIRECTS = 5
# Answers to the POST that starts a run after which the run may exist: a redirect (never followed), 401
# (may come from a proxy or gateway after vRO acted) and any 5xx (a gateway's 502/504 says nothing of vRO).
OUTCOME_UNKNOWN_STATUSES = REDIRECT_STATUSES | frozenset((401,)) | frozenset(range(500, 600))


class VroClient:
    """HTTP access to one vRO server's ``/vco/api``.

    Thread safe: the concurrent-runs path shares one client, one session and one pool.
    """

    def __init__(
        self,
        hostname,
        port=443,
        username=None,
        password=None,
        auth_mode="basic",
        token=None,
        refresh_token=None,
        vra_hostname=None,
        domain=None,
        validate_certs=True,
        ca_path=None,
        proxy_url=None,
        request_timeout=30,
        retries=3,
        retry_backoff=1.0,
        pool_size=10,
        sleep=time.sleep,
        clock=time.monotonic,
    ):
        if not HAS_REQUESTS:
            raise RuntimeError("the requests library is required")
        if auth_mode not in AUTH_MODES:
            raise ValueError("auth_mode must be one of %s" % ", ".join(AUTH_MODES))
        self.hostname = hostname
        self.port = port
        self.username = username
        self.auth_mode = auth_mode
        self.server_url = "https://%s:%s" % (hostname, port)
        self.base_url = self.server_url + API_ROOT
        self.login_url = "https://%s:%s" % (vra_hostname or hostname, port)
        self.request_timeout = request_timeout
        self.retries = retries
        self.retry_backoff = retry_backoff
        # server clock minus ours, from the last Date header: dates vRO reports are on its clock
        self.server_clock_offset = None
        self._password = password
        self._domain = domain
        # A token pasted from a YAML block scalar ends in a newline, which no header may carry.
        token, refresh_token = (t.strip() if isinstance(t, str) else t for t in (token, refresh_token))
        self._token = token
        self._refresh_token = refresh_token
        self._sleep = sleep
        self._login_lock = threading.Lock()
        self._clock_lock = threading.Lock()
        self.busy = BusyGate(sleep=sleep, clock=clock)
        self._secrets_lock = threading.Lock()
        self._secrets = set(s for s in (password, token, refresh_token) if s)
        self.start_ledger = StartLedger()
        self.transport = Transport(
            "%s:%s" % (hostname, port),
            request_timeout,
            verify=ca_path if (validate_certs and ca_path) else bool(validate_certs),
            proxies={"https": proxy_url, "http": proxy_url} if proxy_url else None,
            redact=self.redact,
            pool_size=pool_size,
        )
        self.session = self.transport.session
        self.add_secrets(proxy_secrets(proxy_url))
        if not validate_certs:
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        if auth_mode == "basic" and username is not None:
            # as UTF-8 bytes: requests would encode text as latin-1 and fail on any other character
            self.session.auth = (username.encode("utf-8"), (password or "").encode("utf-8"))
            self.add_secrets([base64.b64encode(self.session.auth[0] + b":" + self.session.auth[1]).decode("ascii")])

    # ---- secrets -------------------------------------------------------------------------

    def add_secrets(self, values):
        """Values (such as SecureString inputs) that must never appear in an error message."""
        with self._secrets_lock:
            self._secrets.update(v for v in values if isinstance(v, str) and v)

    @property
    def busy_answers(self):
        """How many 429/503 answers this client received: pollers slow their schedule when it grows."""
        return self.busy.answers

    @property
    def secrets(self):
        with self._secrets_lock:
            return frozenset(self._secrets)

    def redact(self, text):
        return redact(text, self.secrets)

    # ---- verbs ---------------------------------------------------------------------------

    def get(self, path, query=None, expected=(200,), until=None):
        return self.request("GET", path, query=query, expected=expected, until=until)

    def post(self, path, body, query=None, expected=(200, 201, 202)):
        return self.request("POST", path, query=query, body=body, expected=expected)

    def delete(self, path, expected=(200, 202, 204)):
        return self.request("DELETE", path, expected=expected)

    def request(self, method, path, query=None, body=None, expected=(200,), until=None):
        """One API call with the retry policy; ``path`` is relative to ``/vco/api``.

        A ``query`` string is sent exactly as given (vRO's ``conditions=name=X`` must keep its
        second ``=``), a dict is url-encoded. ``until`` (monotonic) bounds every attempt and stops
        the retries. Returns a ``Response`` whose status is in ``expected``; raises a ``VroError``
        otherwise. A POST is sent once: any answer after which vRO may have acted other than an
        expected one (a cut or lost answer, a redirect, 401, 5xx) raises ``VroOutcomeUnknownError``.
        """
        url = self.base_url + path + ("?" + query_text(query) if query else "")
        data = None if body is None else json.dumps(body)  # the HTTP body, the same for every attempt
        attempt = 0
        redirects = 0
        reauthenticated = False
        busy_waited = 0.0
        started = time.monotonic()
        while True:
            headers = self._auth_headers()
            self.busy.take_turn()
            try:
                response = self.transport.send(method, url, data, headers, until=until)
            except VroConnectionError as exc:
                # a certificate does not get better by asking again
                if not isinstance(exc, VroTlsError) and self._may_retry(method, attempt, until):
                    attempt += 1
                    self._backoff(attempt)
                    continue
                self._note_attempts(exc, method, attempt + 1, time.monotonic() - started)
                raise
            self._note_server_clock(response.headers.get("date"))
            held_back = self.busy.repeat_after(response, method in RETRYABLE_METHODS, busy_waited, until)
            if held_back is not None:  # a busy server's refusal: waited out, not counted as a retry
                busy_waited += held_back
                continue
            if response.status in REDIRECT_STATUSES and method == "GET" and redirects < MAX_REDIRECTS:
                url = self._redirect_target(response)
                redirects += 1
                continue
            if method == "POST" and response.status in OUTCOME_UNKNOWN_STATUSES:
                raise self._unknown_outcome(response, headers)
            if response.status == 401 and not reauthenticated and self._can_reauthenticate():
                # A bearer token expired mid-run (vRA idle timeout is 25 min): log in once more.
                # A refused read changes nothing, so it is repeated (a POST never is: see above).
                reauthenticated = True
                self._login(stale=headers.get("Authorization"))
                continue
            if response.status in RETRY_STATUSES and self._may_retry(method, attempt, until):
                attempt += 1
                self._backoff(attempt, response.headers.get("retry-after"))
                continue
            if response.status in expected:
                problem = self._unreadable(response)
                if problem is None:
                    return self._accepted(response)
                if not self._may_retry(method, attempt, until):
                    raise problem
                attempt += 1  # a safe request whose JSON came cut short: ask again
                self._backoff(attempt)
                continue
            raise self._error_for(response)

    @staticmethod
    def _unreadable(response):
        """The error when the answer to a safe request should be JSON but cannot be parsed, else None."""
        if response.method not in RETRYABLE_METHODS or not response.text or looks_like_html(response):
            return None
        try:
            response.json  # noqa: B018 - parsing is the test
        except VroResponseError as exc:
            return exc
        return None

    @staticmethod
    def _accepted(response):
        """The expected answer, unless it is an HTML login page (vRA 7 with vIDM answers a bad token so, with 200)."""
        if looks_like_html(response) and response.status == 200:
            raise VroAuthError(
                "vRO answered %s %s with an HTML page instead of JSON (%s): this usually "
                "means the credentials or token were not accepted and a login page was served"
                % (response.method, response.url, response.describe()),
                status=200,
                url=response.url,
            )
        return response

    def _may_retry(self, method, attempt, until):
        return method in RETRYABLE_METHODS and attempt < self.retries and (until is None or time.monotonic() < until)

    def _redirect_target(self, response):
        """Where a GET is redirected, if it stays on the same origin; any other redirect is refused."""
        location = response.headers.get("location") or ""
        target = requests.compat.urljoin(response.url, location)
        if not same_origin(response.url, target):
            raise VroHttpError(
                "vRO answered GET %s with a redirect (HTTP %s) to %s, another server, port or scheme: not followed, "
                "so no credential leaves for it. Point hostname and port at the vRO that answers."
                % (response.url, response.status, self.redact(target)),
                status=response.status,
                url=response.url,
            )
        return target

    def _unknown_outcome(self, response, headers):
        """The error for a POST answered with a status after which the run may exist (see OUTCOME_UNKNOWN_STATUSES)."""
        renewed = False
        if response.status in REDIRECT_STATUSES:
            what = "a redirect (HTTP %s to %s), which is never followed for a POST" % (
                response.status,
                self.redact(response.headers.get("location") or "nowhere"),
            )
        else:
            what = "HTTP %s (%s)" % (response.status, response.describe())
            if response.status == 401 and self._can_reauthenticate():
                self._login(stale=headers.get("Authorization"))
                renewed = True
        return VroOutcomeUnknownError(
            "vRO answered POST %s with %s" % (response.url, what),
            url=response.url,
            status=response.status,
            renewed_login=renewed,
        )

    def _note_attempts(self, exc, method, attempts, seconds):
        """Make ``exc`` say how many attempts were made and how long they took: one request's timeout is not the
        time a task waits when each retry waits again, after a backoff."""
        if method in RETRYABLE_METHODS:
            policy = "retries: %d, retry_backoff: %s s" % (self.retries, self.retry_backoff)
        else:
            policy = "a %s is not retried" % method
        exc.msg = "%s (%d attempt%s in %.1f s; request_timeout: %s s each, %s)" % (
            exc.msg,
            attempts,
            "" if attempts == 1 else "s",
            seconds,
            self.request_timeout,
            policy,
        )
        exc.args = (exc.msg,)
        exc.details.update(attempts=attempts, seconds=round(seconds, 1))

    def _note_server_clock(self, date_header):
        try:
            server_now = email.utils.parsedate_to_datetime(date_header)
        except (TypeError, ValueError):
            return
        if server_now is not None and server_now.tzinfo is not None:
            # A lower bound of the true offset (the Date header is rounded down to the second, and was made
            # before now); the highest one seen is the closest.
            offset = (server_now - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
            with self._clock_lock:
                if self.server_clock_offset is None or offset > self.server_clock_offset:
                    self.server_clock_offset = offset

    def _backoff(self, attempt, retry_after=None):
        delay = retry_after_seconds(retry_after)
        if delay is None:
            # Exponential backoff with jitter, so many parallel pollers do not retry in step.
            delay = min(MAX_BACKOFF, self.retry_backoff * (2 ** (attempt - 1))) * random.uniform(0.5, 1.0)
        self._sleep(delay)

    def _error_for(self, response):
        detail = response.describe()
        where = "%s %s" % (response.method, response.url)
        if response.status == 401:
            return VroAuthError(self._auth_failure_message(detail), status=401, url=response.url)
        if response.status == 404:
            return VroNotFoundError(
                "%s: not found (HTTP 404): %s" % (where, detail), status=404, url=response.url, detail=detail
            )
        return VroHttpError(
            "%s failed with HTTP %s: %s" % (where, response.status, detail),
            status=response.status,
            url=response.url,
            detail=detail,
        )

    def _auth_failure_message(self, detail):
        if self.auth_mode == "basic":
            who = "user '%s'" % self.username if self.username else "no username given"
            return (
                "vRO at %s rejected the credentials (HTTP 401) for %s: check username and password "
                "(the password is not shown). If this vRO uses vRA/Aria Automation authentication, Basic "
                "auth may be disabled: use auth_mode: vra. Server said: %s" % (self.base_url, who, detail)
            )
        if self._can_reauthenticate():
            return "vRO at %s rejected the bearer token (HTTP 401), also after logging in again: %s" % (
                self.base_url,
                detail,
            )
        return "vRO at %s rejected the bearer token (HTTP 401) and no refresh_token was given to get a new one: %s" % (
            self.base_url,
            detail,
        )

    # ---- authentication ------------------------------------------------------------------

    def _can_reauthenticate(self):
        return self.auth_mode != "basic" and bool(self._refresh_token or self._password)

    def _auth_headers(self):
        if self.auth_mode == "basic":
            return {}
        return {"Authorization": "Bearer %s" % self._login()}

    def _login(self, stale=None):
        """The bearer token, obtained once and shared by all threads.

        ``stale`` is the Authorization header vRO just refused: a new token is fetched unless
        another thread already replaced that one (many pollers see the expiry at once).
        """
        force = stale is not None
        with self._login_lock:
            if self._token and (not force or stale != "Bearer %s" % self._token):
                return self._token
            if self._refresh_token:
                try:
                    return self._remember_token(self._iaas_bearer_token())
                except VroAuthError:
                    if self.auth_mode != "vra":
                        raise
            if self.auth_mode != "vra":
                raise VroAuthError(
                    "vRO refused the bearer token (HTTP 401) and no refresh_token was given to get a new one",
                    url=self.base_url,
                )
            self._refresh_token = self._csp_refresh_token()
            self.add_secrets([self._refresh_token])
            return self._remember_token(self._iaas_bearer_token())

    def _remember_token(self, token):
        self._token = token
        self.add_secrets([token])
        return token

    def _login_post(self, path, body, what):
        url = self.login_url + path
        # A login changes nothing on the server: a lost answer is a plain connection error.
        response = self.transport.send("POST", url, json.dumps(body), {}, may_act=False)
        if response.status in (200, 201):
            try:
                return response.object
            except VroResponseError:
                return {}
        detail = response.describe()
        if response.status in (400, 401, 403):
            hint = ""
            if "No matching handler" in detail:
                hint = " This login endpoint does not exist on this server (vRA 8.12 removed the old one)."
            raise VroAuthError(
                "%s at %s was refused (HTTP %s): %s.%s" % (what, url, response.status, detail, hint),
                status=response.status,
                url=url,
            )
        raise VroHttpError(
            "%s at %s failed with HTTP %s: %s" % (what, url, response.status, detail),
            status=response.status,
            url=url,
            detail=detail,
        )

    def _csp_refresh_token(self):
        if not (self.username and self._password):
            raise VroAuthError(
                "auth_mode vra needs username and password (or use auth_mode token with refresh_token)",
                url=self.login_url,
            )
        body = {"username": self.username, "password": self._password}
        if self._domain:
            body["domain"] = self._domain
        data = self._login_post(CSP_LOGIN_PATH + "?access_token", body, "vRA login for user '%s'" % self.username)
        refresh = data.get("refresh_token") or data.get("refreshToken")
        if not refresh:
            raise VroAuthError("vRA login at %s answered without a refresh_token" % self.login_url, url=self.login_url)
        return refresh

    def _iaas_bearer_token(self):
        data = self._login_post(
            IAAS_LOGIN_PATH, {"refreshToken": self._refresh_token}, "Exchanging the refresh token for an access token"
        )
        token = data.get("token") or data.get("access_token")
        if not token:
            raise VroAuthError("%s%s answered without a token" % (self.login_url, IAAS_LOGIN_PATH), url=self.login_url)
        return token
