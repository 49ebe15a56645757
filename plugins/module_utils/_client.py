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

A busy server: a 429 or 503 with ``Retry-After`` holds back every request of this client (all
threads) until that moment, then lets them go in turn, spaced out while vRO keeps saying it is busy;
such a retry is not counted against ``retries`` (it is bounded by ``MAX_BUSY_WAIT`` seconds of waiting
instead), so a busy vRO slows a module down without failing it.
A POST is repeated only after a 429 with ``Retry-After``: that answer is a rate limiter's refusal,
given before the request is passed on (RFC 6585), and vRO's own API documents no 429, so no run
can have started. A 503 proves nothing (proxies also answer 503 when the upstream dropped a request
it had received), so a POST answered 503 is not repeated.
"""

import base64
import contextlib
import datetime
import email.utils
import json
import math
import random
import re
import threading
import time
import traceback

from ansible_collections.opsflow.vro.plugins.module_utils import _deadline
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroAuthError,
    VroConnectionError,
    VroHttpError,
    VroNotFoundError,
    VroOutcomeUnknownError,
    VroResponseError,
    VroTlsError,
)
from ansible_collections.opsflow.vro.plugins.module_utils._secrets import proxy_secrets, redact

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
JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
RETRY_STATUSES = frozenset((429, 502, 503, 504))
# A server that says it is too busy now: with Retry-After, every request waits until then.
BUSY_STATUSES = frozenset((429, 503))
MAX_BUSY_WAIT = 600.0
# After a busy answer, the client's requests (all threads) take turns this many seconds apart: the gap
# doubles with further busy answers (once per PACE_RAISE_EVERY seconds: the refusals of one burst are one
# signal) and shrinks by PACE_RELIEF with each other answer, until gone.
FIRST_PACE = 0.05
MAX_PACE = 1.0
PACE_RAISE_EVERY = 1.0
PACE_RELIEF = 0.98
LAST_PACE = 0.005
# Requests that may be repeated: reading, and DELETE, which we only use to cancel a run.
RETRYABLE_METHODS = frozenset(("GET", "DELETE"))
MAX_RETRY_AFTER = 60.0
MAX_BACKOFF = 30.0
AUTH_MODES = ("basic", "vra", "token")
# The most of an answer we read: vRO's largest answers (an execution with attachments) are far smaller,
# and a hostile or broken server must not make us hold hundreds of MB.
MAX_BODY = 32 * 1024 * 1024
CHUNK = 64 * 1024
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
MAX_REDIRECTS = 5
# Answers to the POST that starts a run after which the run may exist: a redirect (never followed), 401
# (may come from a proxy or gateway after vRO acted) and any 5xx (a gateway's 502/504 says nothing of vRO).
OUTCOME_UNKNOWN_STATUSES = REDIRECT_STATUSES | frozenset((401,)) | frozenset(range(500, 600))


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
            except RecursionError:
                raise VroResponseError(
                    "vRO answered %s %s with HTTP %s and JSON nested too deeply to read"
                    % (self.method, self.url, self.status),
                    status=self.status,
                    url=self.url,
                ) from None
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


class _BodyTooLarge(Exception):
    pass


class _DeadlinePassed(Exception):
    pass


def _speaks_plain_http(reason):
    """An OpenSSL reason that says the other end answered in clear text, not TLS."""
    return any(
        word in reason for word in ("WRONG_VERSION_NUMBER", "wrong version number", "HTTP_REQUEST", "http request")
    )


def _is_verification_failure(reason):
    return any(
        word in reason for word in ("CERTIFICATE_VERIFY_FAILED", "certificate verify failed", "hostname", "match")
    )


def _query_text(query):
    return query if isinstance(query, str) else requests.compat.urlencode(query, doseq=True)


def same_origin(url, other):
    """Same scheme, host and port (the only redirects a GET follows)."""
    first, second = requests.compat.urlparse(url), requests.compat.urlparse(other)
    return (first.scheme, first.hostname, first.port or 443) == (second.scheme, second.hostname, second.port or 443)


def retry_after_seconds(value):
    """``Retry-After`` in seconds (capped at ``MAX_RETRY_AFTER``), or None for a date or junk: then we back off ourselves."""
    try:
        delay = float(value)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(delay) and delay >= 0):
        return None
    return min(delay, MAX_RETRY_AFTER)


def looks_like_html(response):
    return "html" in response.headers.get("content-type", "") or response.text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    )


class StartLedger:
    """The runs this module run has started or claimed, and a gate between POSTs and lost-start look-ups.

    A look-up for the run a lost POST may have created must not claim a run that another thread's
    POST is about to report: it waits until no POST is in flight, and no POST leaves while it looks.
    """

    def __init__(self):
        self._cond = threading.Condition()
        self._posting = 0
        self._looking = False
        self.claimed = set()

    @contextlib.contextmanager
    def posting(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._looking)
            self._posting += 1
        try:
            yield
        finally:
            with self._cond:
                self._posting -= 1
                self._cond.notify_all()

    @contextlib.contextmanager
    def looking(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._looking and self._posting == 0)
            self._looking = True
        try:
            yield
        finally:
            with self._cond:
                self._looking = False
                self._cond.notify_all()

    def claim(self, execution_id):
        """Record ``execution_id`` as this task's; False if it already was (it can be returned once only)."""
        with self._cond:
            if execution_id in self.claimed:
                return False
            self.claimed.add(execution_id)
            return True


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
        self._clock = clock
        self._login_lock = threading.Lock()
        self._busy_lock = threading.Lock()
        self._busy_until = 0.0
        self._pace = 0.0
        self._pace_raised_at = None
        self._next_turn = 0.0
        # How many 429/503 answers this client received: pollers slow their schedule when it grows.
        self.busy_answers = 0
        self._secrets_lock = threading.Lock()
        self._secrets = set(s for s in (password, token, refresh_token) if s)
        self.start_ledger = StartLedger()

        self.session = requests.Session()
        adapter = _deadline.DeadlineAdapter(pool_connections=2, pool_maxsize=max(pool_size, 1), max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update(JSON_HEADERS)
        self.session.headers["User-Agent"] = "opsflow.vro (Ansible collection)"
        # Given with every request, not only set on the session: requests lets REQUESTS_CA_BUNDLE
        # and HTTPS_PROXY from the environment override session settings, and ours must win.
        self.verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self.proxies = {"https": proxy_url, "http": proxy_url} if proxy_url else None
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
        url = self.base_url + path + ("?" + _query_text(query) if query else "")
        attempt = 0
        redirects = 0
        reauthenticated = False
        started = time.monotonic()
        while True:
            headers = self._auth_headers()
            try:
                response = self._send_when_not_busy(method, url, body, headers, until)
            except VroTlsError:
                raise  # a certificate does not get better by asking again
            except VroConnectionError as exc:
                if self._may_retry(method, attempt, until):
                    attempt += 1
                    self._backoff(attempt)
                    continue
                self._note_attempts(exc, method, attempt + 1, time.monotonic() - started)
                raise
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

    # ---- transport -----------------------------------------------------------------------

    def _send(self, method, url, body, headers, may_act=None, until=None):
        """One HTTP exchange, bounded as a whole by ``request_timeout`` (and by ``until``, a monotonic deadline).

        ``may_act``: a lost or cut answer means the request may have been carried out (default: for POST);
        such failures raise ``VroOutcomeUnknownError``. Redirects are never followed here (see ``request``).
        """
        may_act = method == "POST" if may_act is None else may_act
        data = None if body is None else json.dumps(body)
        due = time.monotonic() + self.request_timeout
        due = due if until is None else min(due, until)
        with _deadline.deadline(due):
            raw = self._open(method, url, data, headers, may_act, due)
            try:
                content = self._read_body(raw, method, url, may_act, due)
            finally:
                raw.close()
        self._note_server_clock(raw.headers.get("Date"))
        text = content.decode(raw.encoding or "utf-8", "replace")
        return Response(raw.status_code, raw.headers, text, method, url, redact=self.redact)

    def _open(self, method, url, data, headers, may_act, due):
        """Send the request and read the status line and headers; every failure becomes one of our errors."""
        where = "%s:%s" % (self.hostname, self.port)
        try:
            return self.session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=max(0.001, due - time.monotonic()),
                verify=self.verify,
                proxies=self.proxies,
                allow_redirects=False,
                stream=True,
            )
        except requests.exceptions.SSLError as exc:
            reason = self._reason(exc)
            if _speaks_plain_http(reason):
                raise VroConnectionError(
                    "the server at %s does not speak TLS (%s): is this a plain-HTTP port? The collection "
                    "talks HTTPS only; check hostname and port" % (where, reason),
                    url=url,
                ) from exc
            if may_act and not _is_verification_failure(reason):
                raise VroOutcomeUnknownError(
                    "the TLS connection to %s broke after the request was sent (%s)" % (where, reason), url=url
                ) from exc
            raise VroTlsError(
                "TLS verification failed for %s: %s. Set ca_path to the CA bundle that signed the "
                "server's certificate, or validate_certs: false to skip verification (insecure)."
                % (requests.compat.urlparse(url).netloc, reason),
                url=url,
            ) from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise VroConnectionError(
                "timed out after %s s connecting to %s (%s)" % (self.request_timeout, where, self._reason(exc)),
                url=url,
            ) from exc
        except requests.exceptions.ProxyError as exc:
            raise VroConnectionError("cannot reach vRO through the proxy: %s" % self._reason(exc), url=url) from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            if may_act and not self._never_sent(exc):
                raise VroOutcomeUnknownError(
                    "no complete answer from %s within %s s after the request was sent (%s)"
                    % (where, self.request_timeout, self._reason(exc)),
                    url=url,
                ) from exc
            raise VroConnectionError(
                "no answer from %s within %s s (request_timeout) (%s)"
                % (where, self.request_timeout, self._reason(exc))
                if time.monotonic() >= due or isinstance(exc, requests.exceptions.Timeout)
                else "cannot connect to vRO at %s: %s" % (where, self._reason(exc)),
                url=url,
            ) from exc
        except (requests.exceptions.RequestException, OSError, ValueError) as exc:
            # e.g. ca_path removed or unreadable mid-run, a header requests refuses
            raise VroConnectionError("request to %s failed: %s" % (where, self.redact(str(exc))), url=url) from exc

    def _read_body(self, raw, method, url, may_act, due):
        """The body, at most ``MAX_BODY`` bytes, read before ``due``; a cut or broken body is a failed request."""
        where = "%s:%s" % (self.hostname, self.port)
        chunks = []
        size = 0
        try:
            for chunk in raw.iter_content(CHUNK):
                size += len(chunk)
                if size > MAX_BODY:
                    raise _BodyTooLarge()
                chunks.append(chunk)
                if time.monotonic() >= due:
                    raise _DeadlinePassed()
        except _BodyTooLarge:
            error = VroOutcomeUnknownError if may_act else VroResponseError
            raise error(
                "the answer of vRO to %s %s (HTTP %s) is larger than %d MB; it was not read"
                % (method, url, raw.status_code, MAX_BODY // (1024 * 1024)),
                status=raw.status_code,
                url=url,
            ) from None
        except (_DeadlinePassed, requests.exceptions.RequestException, OSError, ValueError) as exc:
            late = isinstance(exc, _DeadlinePassed) or time.monotonic() >= due
            reason = "not complete within %s s (request_timeout)" % self.request_timeout if late else self._reason(exc)
            error = VroOutcomeUnknownError if may_act else VroConnectionError
            raise error(
                "the answer from %s to %s %s broke off after HTTP %s: %s"
                % (where, method, url, raw.status_code, reason),
                url=url,
            ) from exc
        return b"".join(chunks)

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
            with self._secrets_lock:
                if self.server_clock_offset is None or offset > self.server_clock_offset:
                    self.server_clock_offset = offset

    @staticmethod
    def _never_sent(exc):
        """True when the connection failed before any byte of the request left (refused, DNS), so nothing can have run."""
        return any(isinstance(cause, urllib3.exceptions.NewConnectionError) for cause in causes(exc))

    def _reason(self, exc):
        """The innermost cause of a requests exception, which is the one that says what went wrong."""
        return self.redact(str(causes(exc)[-1]))

    def _send_when_not_busy(self, method, url, body, headers, until):
        """``_send`` in this request's turn; a busy server's refusal with ``Retry-After`` is waited out and sent again."""
        busy_waited = 0.0
        while True:
            self._take_turn()
            response = self._send(method, url, body, headers, until=until)
            retry_after = self._busy_retry(method, response, busy_waited, until)
            if retry_after is None:
                return response
            busy_waited += retry_after

    def _busy_retry(self, method, response, busy_waited, until=None):
        """Seconds to hold back before repeating a request a busy server refused (429/503), or None: do not repeat."""
        if response.status not in BUSY_STATUSES:
            self._relieve()
            return None
        retry_after = self._note_busy(response)
        may_repeat = method in RETRYABLE_METHODS or response.status == 429
        if retry_after is None or not may_repeat or busy_waited + retry_after > MAX_BUSY_WAIT:
            return None
        if until is not None and time.monotonic() + retry_after >= until:
            return None
        return retry_after

    def _note_busy(self, response):
        """Count a 429/503, space requests out more, and hold them all back until ``Retry-After``; returns it, or None."""
        delay = retry_after_seconds(response.headers.get("retry-after"))
        with self._busy_lock:
            self.busy_answers += 1
            now = self._clock()
            if self._pace_raised_at is None or now - self._pace_raised_at >= PACE_RAISE_EVERY:
                self._pace = min(MAX_PACE, max(FIRST_PACE, self._pace * 2))
                self._pace_raised_at = now
            if delay is not None:
                self._busy_until = max(self._busy_until, now + delay)
        return delay

    def _relieve(self):
        with self._busy_lock:
            if self._pace:
                self._pace = self._pace * PACE_RELIEF if self._pace * PACE_RELIEF >= LAST_PACE else 0.0

    def _take_turn(self):
        """Wait for this request's turn: not before ``Retry-After``, and one pace after the previous one while busy."""
        with self._busy_lock:
            now = self._clock()
            turn = max(now, self._busy_until, self._next_turn if self._pace else now)
            self._next_turn = turn + self._pace
        if turn > now:
            self._sleep(turn - now)

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
