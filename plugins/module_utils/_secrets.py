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

from typing import Any, Dict, Iterable, List
from urllib.parse import unquote, urlparse

SECRET_MASK = "********"

# Options that carry workflow inputs or interaction answers, which may hold SecureString values.
PAYLOAD_OPTIONS = ("inputs", "parameters", "runs", "interaction_inputs")
NOT_LOGGED = "NOT_LOGGING_PARAMETER"
# Answers for user interactions are typed only when the interaction is reached; those of interactions a run never
# reached are never typed, so which of their values are secret is never known: no invocation shows them.
ANSWER_OPTION = "interaction_inputs"


def redact(text: Any, secrets: Iterable[str]) -> str:
    """``text`` with every secret value replaced by the mask, longest first (one may contain another)."""
    text = "" if text is None else str(text)
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, SECRET_MASK)
    return text


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
    return data


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
    """The password in a proxy URL (``http://user:pass@proxy:3128``), as written and unquoted."""
    try:
        password = urlparse(proxy_url or "").password
    except ValueError:  # not a URL at all: nothing to find in it
        password = None
    return [password, unquote(password)] if password else []
