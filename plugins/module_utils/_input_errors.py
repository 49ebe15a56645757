# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""How bad input is described: a short, safe picture of a given value, field paths, and "did you mean".

Used by the type parser, the encoder and the parameter checks so every input error reads the same way.
Secrets are never shown: callers pass ``secret=True`` and get ``<secret> (str)``.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable, Optional

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError

IDENTIFIER_RE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


def short_repr(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters; never raises."""
    try:
        text = repr(value)
    except Exception:  # pylint: disable=broad-except
        text = "<%s>" % type(value).__name__
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def describe(value: Any, secret: bool = False) -> str:
    """A short, safe description of a given value: ``'abc' (str)``; secrets are ``<secret> (str)``."""
    if value is None:
        return "None"
    if secret:
        return "<secret> (%s)" % type(value).__name__
    return "%s (%s)" % (short_repr(value), type(value).__name__)


def safe_str(value: Any) -> str:
    """``str(value)``, or ``<TypeName>`` when that raises."""
    try:
        return str(value)
    except Exception:  # pylint: disable=broad-except
        return "<%s>" % type(value).__name__


def suggest(name: Any, candidates: Iterable[Any]) -> Optional[str]:
    """The candidate closest to ``name`` (did you mean): a case-only difference first, then difflib."""
    if not isinstance(name, str):
        return None
    candidates = [c for c in candidates if isinstance(c, str)]
    lower = {}
    for candidate in candidates:
        lower.setdefault(candidate.lower(), candidate)
    if name.lower() in lower and lower[name.lower()] != name:
        return lower[name.lower()]
    match = difflib.get_close_matches(name.lower(), list(lower), n=1, cutoff=0.6)
    if match and lower[match[0]] != name:
        return lower[match[0]]
    return None


def names_list(names: Iterable[str], limit: int = 30) -> str:
    """``a, b, c, ... (N more)``."""
    names = list(names)
    text = ", ".join(names[:limit])
    if len(names) > limit:
        text += ", ... (%d more)" % (len(names) - limit)
    return text


def child_field(field: str, key: Any) -> str:
    """``inputs.props.key`` for identifier-like keys, ``inputs.props['a b']`` otherwise."""
    if isinstance(key, str) and IDENTIFIER_RE.match(key):
        return "%s.%s" % (field, key)
    return "%s[%s]" % (field, short_repr(key))


def input_types_field(inputs_field: str) -> str:
    """``input_types`` beside ``inputs`` (``runs[2].inputs`` -> ``runs[2].input_types``)."""
    if inputs_field.endswith("inputs"):
        return inputs_field[: -len("inputs")] + "input_types"
    return "input_types"


def wrong_value(
    field: str, expected: str, vro_type: str, value: Any, hint: Optional[str] = None, secret: bool = False
) -> VroInputError:
    """``<field>: expected <expected> for vRO type '<type>', got <value>[; <hint>]``."""
    given = describe(value, secret=secret)
    msg = "%s: expected %s for vRO type '%s', got %s" % (field, expected, vro_type, given)
    if hint:
        msg += "; " + hint
    return VroInputError(msg, field=field, expected=expected, given=given, vro_type=vro_type)


def unknown_key(field: str, key: Any, valid: list, what: str) -> VroInputError:
    """``<field>: unknown <what> <key>; did you mean ...? Valid: ...``."""
    suggestion = suggest(key, valid)
    msg = "%s: unknown %s %s" % (field, what, short_repr(key))
    if suggestion:
        msg += "; did you mean %r? Valid: %s" % (suggestion, names_list(valid))
    else:
        msg += "; valid: %s" % (names_list(valid) or "none")
    return VroInputError(msg, field=field, expected="one of: %s" % names_list(valid), given=short_repr(key))


def unknown_input(field: str, name: Any, valid: list) -> VroInputError:
    """``<field>: unknown input; did you mean ...? Valid inputs: ...`` (or: the workflow declares none)."""
    suggestion = suggest(name, valid)
    msg = "%s: unknown input" % field
    if not valid:
        msg += "; the workflow declares no inputs"
    elif suggestion:
        msg += "; did you mean %r? Valid inputs: %s" % (suggestion, names_list(sorted(valid)))
    else:
        msg += "; valid inputs: %s" % names_list(sorted(valid))
    return VroInputError(msg, field=field, expected="one of: %s" % names_list(sorted(valid)), given=short_repr(name))


def input_name_field(field: str, name: Any, valid: Optional[Iterable[str]]) -> str:
    """The field of input ``name`` in the dict at ``field`` (``inputs.vmName``); raises ``VroInputError`` unless
    ``name`` is a string and one of ``valid`` (``None``: any name)."""
    if not isinstance(name, str):
        raise VroInputError(field=field, expected="input names as strings", given=describe(name))
    where = child_field(field, name)
    if valid is not None and name not in valid:
        raise unknown_input(where, name, list(valid))
    return where
