# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""Secrets, in one place: the mask, ``redact`` for text, ``mask`` for data, and the invocation scrub.

Where secrets come from: the connection options (password, token, refresh token: ``no_log`` in
the argument spec), SecureString/EncryptedString values (found by decoding, ``_decode.secret_values``)
and a password inside ``proxy_url``. The client collects the clear values it knows of and
redacts every message it builds from a server answer; modules register them with ``no_log``.

The invocation scrub: Ansible logs a module's parameters to the target's syslog when it starts
and echoes them as ``invocation`` in a failure. Which workflow inputs are secret is only known
once the workflow definition has been read, after that log line, and a failure can come before
the read (login refused, TLS, server down). So the options that carry workflow inputs
(``PAYLOAD_OPTIONS``) are never logged nor echoed: ``scrub_invocation`` replaces them.
"""

from __future__ import annotations

import base64
import html
import json
import re
from typing import Any, Dict, Iterable, List, Set
from urllib.parse import quote, quote_plus, unquote

SECRET_MASK = "********"
# The shortest run of base64 characters taken as a secret's base64 spelling: shorter ones would mask
# ordinary words.
MIN_BASE64_CORE = 6

# Options that carry workflow inputs or interaction answers, which may hold SecureString values.
PAYLOAD_OPTIONS = ("inputs", "parameters", "runs", "interaction_inputs")
NOT_LOGGED = "NOT_LOGGING_PARAMETER"
# Answers for user interactions are typed only when the interaction is reached; those of interactions a run never
# reached are never typed, so which of their values are secret is never known: no invocation shows them.
ANSWER_OPTION = "interaction_inputs"


def redact(text: Any, secrets: Iterable[str]) -> str:
    """``text`` with every secret value replaced by the mask, longest first (one may contain another).

    A server that echoes a request quotes it in its own spelling, so each secret is also looked for
    JSON-escaped, HTML-escaped, URL-encoded and in base64 at any of the three byte alignments, so
    that it is found inside a longer base64 text such as a Basic ``Authorization`` header (there the
    few characters around it that mix its bytes with their neighbours' are masked too).
    """
    text = "" if text is None else str(text)
    secrets = [s for s in secrets if s]
    spellings = set()
    cores = set()
    for secret in secrets:
        spellings.update(secret_spellings(secret))
        cores.update(base64_cores(secret))
    for spelling in sorted(spellings, key=len, reverse=True):
        text = text.replace(spelling, SECRET_MASK)
    for core in sorted(cores, key=len, reverse=True):
        text = re.sub(r"[A-Za-z0-9+/_-]{0,3}%s[A-Za-z0-9+/_=-]{0,4}" % re.escape(core), SECRET_MASK, text)
    return text


def secret_spellings(secret: str) -> Set[str]:
    """The ways a server may write ``secret`` back: as is, escaped for JSON, HTML or a URL."""
    escaped_json = json.dumps(secret)[1:-1]
    spellings = {
        secret,
        escaped_json,
        json.dumps(secret, ensure_ascii=False)[1:-1],
        escaped_json.replace("\\u", "\\U"),
        html.escape(secret),
        html.escape(secret, quote=False),
        html.escape(secret).replace("&#x27;", "&#39;"),
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
    }
    spellings.discard("")
    return spellings


def base64_cores(secret: str) -> Set[str]:
    """The base64 characters that depend on ``secret``'s bytes only, at each byte alignment (standard and URL-safe)."""
    data = secret.encode("utf-8")
    cores = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data).decode("ascii")
        core = encoded[(offset * 4 + 2) // 3 : ((offset + len(data)) // 3) * 4]
        if len(core) >= MIN_BASE64_CORE:
            cores.update((core, core.replace("+", "-").replace("/", "_")))
    return cores


def mask(data: Any, secrets: Iterable[str]) -> Any:
    """A copy of JSON-like ``data`` where every string value equal to a secret is the mask (keys are kept)."""
    return _mask(data, frozenset(s for s in secrets if s))


def _mask(data, secrets):
    if isinstance(data, dict):
        return dict((key, _mask(value, secrets)) for key, value in data.items())
    if isinstance(data, (list, tuple)):
        return [_mask(item, secrets) for item in data]
    if isinstance(data, str) and data in secrets:
        return SECRET_MASK
    if secrets and number_text(data) in secrets:
        return SECRET_MASK  # a numeric secret (a SecureString given as a number in raw parameters)
    return data


def number_text(value: Any) -> Any:
    """How a number given as a secret is written (``12345``, ``1.5``), or None for anything else (and huge ints)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        return json.dumps(value)
    except ValueError:  # an int too long to print: not a value anyone types as a password
        return None


def scrub_invocation(params: Dict[str, Any]) -> Dict[str, Any]:
    """Module parameters fit for a log line or a failure's ``invocation``: workflow inputs left out."""
    return dict((k, NOT_LOGGED if k in PAYLOAD_OPTIONS and v is not None else v) for k, v in params.items())


def scrub_answers(params: Dict[str, Any]) -> Dict[str, Any]:
    """Module parameters fit for a success's ``invocation``: interaction answers left out, also in ``runs`` items."""
    scrubbed = dict(params)
    if scrubbed.get(ANSWER_OPTION) is not None:
        scrubbed[ANSWER_OPTION] = NOT_LOGGED
    if isinstance(scrubbed.get("runs"), list):
        scrubbed["runs"] = [
            dict(item, **{ANSWER_OPTION: NOT_LOGGED})
            if isinstance(item, dict) and item.get(ANSWER_OPTION) is not None
            else item
            for item in scrubbed["runs"]
        ]
    return scrubbed


def proxy_secrets(proxy_url: Any) -> List[str]:
    """The password in a proxy URL (``http://user:pass@proxy:3128``), as written and unquoted.

    Found by hand, not by ``urlparse``: a password with ``#``, ``/``, ``?`` or ``@`` in it, or a URL
    without a scheme, would hide it from the parser (and show it in ``invocation``).
    """
    text = proxy_url if isinstance(proxy_url, str) else ""
    text = text.split("://", 1)[1] if "://" in text else text
    userinfo, at, _host = text.rpartition("@")
    password = userinfo.split(":", 1)[1] if at and ":" in userinfo else ""
    return [password, unquote(password)] if password else []
