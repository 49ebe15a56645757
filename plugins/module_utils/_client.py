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
"""

import datetime
import email.utils
import json
import math
import random
import re
import threading
import time
import traceback

from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroAuthError,
    VroConnectionError,
    VroHttpError,
    VroNotFoundError,
    VroOutcomeUnknownError,
    VroResponseError,
    VroTlsError,
)
from ansible_collections.opsflow.vro.plugins.module_utils._secrets import redact

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    import urllib3
    from requests.adapters import HTTPAdapter
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

HAS_REQUESTS = requests is not None

API_ROOT = "/vco/api"
CSP_LOGIN_PATH = "/csp/gateway/am/api/login"
IAAS_LOGIN_PATH = "/iaas/api/login"
JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
RETRY_STATUSES = frozenset((429, 502, 503, 504))
# Requests that may be repeated: reading, and DELETE, which we only use to cancel a run.
RETRYABLE_METHODS = frozenset(("GET", "DELETE"))
MAX_RETRY_AFTER = 60.0
MAX_BACKOFF = 30.0
AUTH_MODES = ("basic", "vra", "token")


class Response:
    """A finished HTTP exchange: status, lower-cased headers, text and lazily parsed JSON.

    ``redact`` masks known secrets in any message built from the body.
    """

    def __init__(self, status, headers, text, method, url, redact=None):
        self.status = status
        self.headers = dict((k.lower(), v) for k, v in headers.items())
        self.text = text
        self.method = method
        self.url = url
        self._redact = redact or (lambda text: text)
        self._json = None

    @property
    def json(self):
        """The body as JSON; an empty body is ``None``; anything unparsable raises ``VroResponseError``."""
        if self._json is None and self.text.strip():
            try:
                self._json = json.loads(self.text)
            except ValueError:
                raise VroResponseError(
                    "vRO answered %s %s with HTTP %s but the body is not valid JSON: %s"
                    % (self.method, self.url, self.status, self.describe()),
                    status=self.status,
                    url=self.url,
                ) from None
        return self._json

    @property
    def object(self):
        """The body as a JSON object (``{}`` when empty); any other JSON raises ``VroResponseError``."""
        data = self.json
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise VroResponseError(
                "vRO answered %s %s with JSON that is not an object: %s" % (self.method, self.url, self.describe()),
                status=self.status,
                url=self.url,
            )
        return data

    def describe(self):
        """``describe_body`` of the body with secrets masked before (cutting could split one) and after (JSON unescaping)."""
        return self._redact(describe_body(self._redact(self.text)))


def describe_body(text, limit=300):
    """A short human reading of an error body: vRO's message from JSON, an HTML page's title, or text."""
    text = (text or "").strip()
    if not text:
        return "(empty body)"
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ("message", "details", "error", "errorMessage", "error_description"):
            if data.get(key):
                return str(data[key])[:limit]
        return json.dumps(data)[:limit]
    if re.search(r"<\s*html", text, re.IGNORECASE):
        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.IGNORECASE | re.DOTALL)
        found = title or heading
        words = re.sub(r"<[^>]+>", " ", found.group(1) if found else text)
        return "HTML page: %s" % " ".join(words.split())[:limit]
    return " ".join(text.split())[:limit]


def causes(exc):
    """``exc`` and the exceptions it wraps: requests wraps urllib3's, which keep theirs in ``reason`` or ``args[0]``."""
    chain = [exc]
    while True:
        inner = getattr(chain[-1], "reason", None)
        if not isinstance(inner, Exception):
            args = getattr(chain[-1], "args", ())
            inner = args[0] if args and isinstance(args[0], Exception) else None
        if inner is None or inner in chain:
            return chain
        chain.append(inner)


def looks_like_html(response):
    return "html" in response.headers.get("content-type", "") or response.text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    )


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
        self._token = token
        self._refresh_token = refresh_token
        self._sleep = sleep
        self._login_lock = threading.Lock()
        self._secrets_lock = threading.Lock()
        self._secrets = set(s for s in (password, token, refresh_token) if s)

        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=max(pool_size, 1), max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update(JSON_HEADERS)
        self.session.headers["User-Agent"] = "opsflow.vro (Ansible collection)"
        # Given with every request, not only set on the session: requests lets REQUESTS_CA_BUNDLE
        # and HTTPS_PROXY from the environment override session settings, and ours must win.
        self.verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self.proxies = {"https": proxy_url, "http": proxy_url} if proxy_url else None
        if not validate_certs:
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        if auth_mode == "basic" and username is not None:
            self.session.auth = (username, password or "")

    # ---- secrets -------------------------------------------------------------------------

    def add_secrets(self, values):
        """Values (such as SecureString inputs) that must never appear in an error message."""
        with self._secrets_lock:
            self._secrets.update(v for v in values if isinstance(v, str) and v)

    @property
    def secrets(self):
        with self._secrets_lock:
            return frozenset(self._secrets)

    def redact(self, text):
        return redact(text, self.secrets)

    # ---- verbs ---------------------------------------------------------------------------

    def get(self, path, query=None, expected=(200,)):
        return self.request("GET", path, query=query, expected=expected)

    def post(self, path, body, query=None, expected=(200, 201, 202)):
        return self.request("POST", path, query=query, body=body, expected=expected)

    def delete(self, path, expected=(200, 202, 204)):
        return self.request("DELETE", path, expected=expected)

    def request(self, method, path, query=None, body=None, expected=(200,)):
        """One API call with the retry policy; ``path`` is relative to ``/vco/api``.

        A ``query`` string is sent exactly as given (vRO's ``conditions=name=X`` must keep its
        second ``=``), a dict is url-encoded. Returns a ``Response`` whose status is in
        ``expected``; raises a ``VroError`` otherwise.
        """
        url = self.base_url + path
        if query:
            url += "?" + (query if isinstance(query, str) else requests.compat.urlencode(query, doseq=True))
        attempt = 0
        reauthenticated = False
        started = time.monotonic()
        while True:
            headers = self._auth_headers()
            try:
                response = self._send(method, url, body, headers)
            except VroTlsError:
                raise  # a certificate does not get better by asking again
            except VroConnectionError as exc:
                if method in RETRYABLE_METHODS and attempt < self.retries:
                    attempt += 1
                    self._backoff(attempt)
                    continue
                self._note_attempts(exc, method, attempt + 1, time.monotonic() - started)
                raise
            if response.status == 401 and not reauthenticated and self._can_reauthenticate():
                # A bearer token expired mid-run (vRA idle timeout is 25 min): log in once more.
                # The request was refused, so repeating it, even a POST, cannot run anything twice.
                reauthenticated = True
                self._login(stale=headers.get("Authorization"))
                continue
            if response.status in RETRY_STATUSES and method in RETRYABLE_METHODS and attempt < self.retries:
                attempt += 1
                self._backoff(attempt, response.headers.get("retry-after"))
                continue
            if response.status in expected:
                try:
                    self._parse_json_now(method, response)
                except VroResponseError:
                    if attempt < self.retries:
                        attempt += 1
                        self._backoff(attempt)
                        continue
                    raise
                if looks_like_html(response) and response.status == 200:
                    # vRA 7 with vIDM answers a bad token with its HTML login page and 200.
                    raise VroAuthError(
                        "vRO answered %s %s with an HTML page instead of JSON (%s): this usually "
                        "means the credentials or token were not accepted and a login page was served"
                        % (method, url, response.describe()),
                        status=200,
                        url=url,
                    )
                return response
            raise self._error_for(response)

    # ---- transport -----------------------------------------------------------------------

    def _send(self, method, url, body, headers, may_act=None):
        """One HTTP exchange. ``may_act``: a lost answer means the request may have been carried out
        (default: for POST); such failures raise ``VroOutcomeUnknownError``."""
        may_act = method == "POST" if may_act is None else may_act
        data = None if body is None else json.dumps(body)
        try:
            raw = self.session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=self.request_timeout,
                verify=self.verify,
                proxies=self.proxies,
            )
        except requests.exceptions.SSLError as exc:
            raise VroTlsError(
                "TLS verification failed for %s: %s. Set ca_path to the CA bundle that signed the "
                "server's certificate, or validate_certs: false to skip verification (insecure)."
                % (requests.compat.urlparse(url).netloc, self._reason(exc)),
                url=url,
            ) from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise VroConnectionError(
                "timed out after %s s connecting to %s:%s (%s)"
                % (self.request_timeout, self.hostname, self.port, self._reason(exc)),
                url=url,
            ) from exc
        except requests.exceptions.ProxyError as exc:
            raise VroConnectionError("cannot reach vRO through the proxy: %s" % self._reason(exc), url=url) from exc
        except requests.exceptions.ConnectionError as exc:
            if may_act and not self._never_sent(exc):
                raise VroOutcomeUnknownError(
                    "the connection to %s:%s broke after the request was sent (%s)"
                    % (self.hostname, self.port, self._reason(exc)),
                    url=url,
                ) from exc
            raise VroConnectionError(
                "cannot connect to vRO at %s:%s: %s" % (self.hostname, self.port, self._reason(exc)),
                url=url,
            ) from exc
        except requests.exceptions.Timeout as exc:
            if may_act:
                raise VroOutcomeUnknownError(
                    "no answer from %s:%s within %s s after the request was sent"
                    % (self.hostname, self.port, self.request_timeout),
                    url=url,
                ) from exc
            raise VroConnectionError(
                "no answer from %s:%s within %s s (request_timeout) (%s)"
                % (self.hostname, self.port, self.request_timeout, self._reason(exc)),
                url=url,
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise VroConnectionError(
                "request to %s:%s failed: %s" % (self.hostname, self.port, self._reason(exc)), url=url
            ) from exc
        self._note_server_clock(raw.headers.get("Date"))
        return Response(raw.status_code, raw.headers, raw.text, method, url, redact=self.redact)

    @staticmethod
    def _parse_json_now(method, response):
        """Parse a safe request's JSON answer here, so that a body cut short raises where it can be retried."""
        if method in RETRYABLE_METHODS and response.text and not looks_like_html(response):
            return response.json
        return None

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
            self.server_clock_offset = (server_now - datetime.datetime.now(datetime.timezone.utc)).total_seconds()

    @staticmethod
    def _never_sent(exc):
        """True when the connection failed before any byte of the request left (refused, DNS), so nothing can have run."""
        return any(isinstance(cause, urllib3.exceptions.NewConnectionError) for cause in causes(exc))

    def _reason(self, exc):
        """The innermost cause of a requests exception, which is the one that says what went wrong."""
        return self.redact(str(causes(exc)[-1]))

    def _backoff(self, attempt, retry_after=None):
        delay = None
        if retry_after:
            try:
                delay = float(retry_after)
            except ValueError:
                delay = None  # an HTTP date or junk: fall back to our own backoff
            if delay is not None and not (math.isfinite(delay) and delay >= 0):
                delay = None
            if delay is not None:
                delay = min(delay, MAX_RETRY_AFTER)
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
        response = self._send("POST", url, body, {}, may_act=False)
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
