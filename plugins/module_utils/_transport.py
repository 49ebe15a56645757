# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""One HTTP exchange with vRO, and what its answer is.

``Transport`` owns the ``requests`` session and sends one request, bounded as a whole by a deadline
(``_deadline``), reading at most ``MAX_BODY`` bytes; every way the exchange can fail becomes one of our
exceptions, and a failure after which the server may have acted (a cut answer to a POST) is
``VroOutcomeUnknownError``. Retries, redirects, authentication and a busy server are the client's
business (``_client``); this file only knows one exchange.
"""

import json
import math
import re
import time

from ansible_collections.opsflow.vro.plugins.module_utils import _deadline
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroConnectionError,
    VroOutcomeUnknownError,
    VroResponseError,
    VroTlsError,
)

try:
    import requests
    import urllib3
except ImportError:  # the client reports the missing library
    requests = urllib3 = None

JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
MAX_RETRY_AFTER = 60.0
# The most of an answer we read: vRO's largest answers (an execution with attachments) are far smaller,
# and a hostile or broken server must not make us hold hundreds of MB.
MAX_BODY = 32 * 1024 * 1024
CHUNK = 64 * 1024


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


def query_text(query):
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


class Transport:
    """The HTTP session (one connection pool shared by every thread) and one exchange at a time over it."""

    def __init__(self, where, request_timeout, verify, proxies, redact, pool_size=10):
        self.where = where
        self.request_timeout = request_timeout
        # Given with every request, not only set on the session: requests lets REQUESTS_CA_BUNDLE
        # and HTTPS_PROXY from the environment override session settings, and ours must win.
        self.verify = verify
        self.proxies = proxies
        self.redact = redact
        self.session = requests.Session()
        adapter = _deadline.DeadlineAdapter(pool_connections=2, pool_maxsize=max(pool_size, 1), max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update(JSON_HEADERS)
        self.session.headers["User-Agent"] = "opsflow.vro (Ansible collection)"

    def send(self, method, url, data, headers, may_act=None, until=None):
        """One HTTP exchange, bounded as a whole by ``request_timeout`` (and by ``until``, a monotonic deadline).

        ``data`` is the body, already JSON text (or None): the caller serialises it once for all its attempts.

        ``may_act``: a lost or cut answer means the request may have been carried out (default: for POST);
        such failures raise ``VroOutcomeUnknownError``. Redirects are never followed here (see ``VroClient.request``).
        """
        may_act = method == "POST" if may_act is None else may_act
        due = time.monotonic() + self.request_timeout
        due = due if until is None else min(due, until)
        with _deadline.deadline(due):
            try:
                raw = self.session.request(
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
            except (requests.exceptions.RequestException, OSError, ValueError) as exc:
                raise self._failure(exc, url, may_act, due) from exc
            try:
                content = self._read_body(raw, method, url, may_act, due)
            finally:
                raw.close()
        text = content.decode(raw.encoding or "utf-8", "replace")
        return Response(raw.status_code, raw.headers, text, method, url, redact=self.redact)

    def _failure(self, exc, url, may_act, due):
        """Our error for a request that failed before its status line and headers were read."""
        where = self.where
        if isinstance(exc, requests.exceptions.SSLError):
            reason = self._reason(exc)
            if _speaks_plain_http(reason):
                return VroConnectionError(
                    "the server at %s does not speak TLS (%s): is this a plain-HTTP port? The collection "
                    "talks HTTPS only; check hostname and port" % (where, reason),
                    url=url,
                )
            if may_act and not _is_verification_failure(reason):
                return VroOutcomeUnknownError(
                    "the TLS connection to %s broke after the request was sent (%s)" % (where, reason), url=url
                )
            return VroTlsError(
                "TLS verification failed for %s: %s. Set ca_path to the CA bundle that signed the "
                "server's certificate, or validate_certs: false to skip verification (insecure)."
                % (requests.compat.urlparse(url).netloc, reason),
                url=url,
            )
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return VroConnectionError(
                "timed out after %s s connecting to %s (%s)" % (self.request_timeout, where, self._reason(exc)),
                url=url,
            )
        if isinstance(exc, requests.exceptions.ProxyError):
            return VroConnectionError("cannot reach vRO through the proxy: %s" % self._reason(exc), url=url)
        if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout)):
            if may_act and not self._never_sent(exc):
                return VroOutcomeUnknownError(
                    "no complete answer from %s within %s s after the request was sent (%s)"
                    % (where, self.request_timeout, self._reason(exc)),
                    url=url,
                )
            return VroConnectionError(
                "no answer from %s within %s s (request_timeout) (%s)"
                % (where, self.request_timeout, self._reason(exc))
                if time.monotonic() >= due or isinstance(exc, requests.exceptions.Timeout)
                else "cannot connect to vRO at %s: %s" % (where, self._reason(exc)),
                url=url,
            )
        # e.g. ca_path removed or unreadable mid-run, a header requests refuses
        return VroConnectionError("request to %s failed: %s" % (where, self.redact(str(exc))), url=url)

    def _read_body(self, raw, method, url, may_act, due):
        """The body, at most ``MAX_BODY`` bytes, read before ``due``; a cut or broken body is a failed request."""
        where = self.where
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

    @staticmethod
    def _never_sent(exc):
        """True when the connection failed before any byte of the request left (refused, DNS), so nothing can have run."""
        return any(isinstance(cause, urllib3.exceptions.NewConnectionError) for cause in causes(exc))

    def _reason(self, exc):
        """The innermost cause of a requests exception, which is the one that says what went wrong."""
        return self.redact(str(causes(exc)[-1]))
