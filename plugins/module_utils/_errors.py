# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""The one exception hierarchy of the collection.

Every error the collection raises on purpose is a ``VroError``. A module turns it into
``module.fail_json(**exc.to_fail_json())``. Subclasses add their own keyword details; a
detail whose value is ``None`` is left out of the failure result.
"""


class VroError(Exception):
    """Base of every error the collection raises.

    ``VroError(msg, **details)``: ``msg`` is the whole human message; ``details`` become extra
    keys of the module's failure result (``to_fail_json``) and are kept in ``self.details``.
    """

    def __init__(self, msg="", **details):
        super(VroError, self).__init__(msg)
        self.msg = msg
        self.details = dict(details)

    def __str__(self):
        return self.msg

    def to_fail_json(self):
        """``{"msg": str(self), <details that are not None>}`` for ``module.fail_json(**...)``."""
        result = {"msg": str(self)}
        for key, value in self.details.items():
            if value is not None and key not in ("msg", "failed", "changed"):
                result[key] = value
        return result


class VroInputError(VroError):
    """Bad user input, found before anything was sent to vRO.

    ``field`` names where it is (``inputs.vmName``, ``inputs.tags[2]``, ``parameters[1].value``),
    ``expected`` says what would be valid and ``given`` is a short, safe description of what
    was given (never a secret's value: callers write ``<secret>`` instead).
    Without ``msg`` the message is ``"<field>: expected <expected>, got <given>"``.
    """

    def __init__(self, msg=None, field=None, expected=None, given=None, **details):
        if msg is None:
            msg = "%s: expected %s, got %s" % (field or "input", expected or "a valid value", given)
        details.update(field=field, expected=expected, given=given)
        super(VroInputError, self).__init__(msg, **details)
        self.field = field
        self.expected = expected
        self.given = given


# ---- errors of the conversation with vRO (raised by the client and the layers above it) ----


class VroConnectionError(VroError):
    """vRO could not be reached or did not answer (refused, reset, timeout, proxy, DNS)."""

    def __init__(self, msg, url=None, **details):
        super(VroConnectionError, self).__init__(msg, url=url, **details)
        self.url = url


class VroTlsError(VroConnectionError):
    """The server's certificate could not be verified."""


class VroOutcomeUnknownError(VroConnectionError):
    """A request that changes something may or may not have been carried out (answer lost)."""


class VroHttpError(VroError):
    """vRO answered with an unexpected HTTP status; ``detail`` is its message (JSON, text or HTML title)."""

    def __init__(self, msg, status=None, url=None, detail=None, **details):
        super(VroHttpError, self).__init__(msg, status=status, url=url, **details)
        self.status = status
        self.url = url
        self.detail = detail


class VroAuthError(VroHttpError):
    """Credentials or token refused (HTTP 401, or a login endpoint's 400/401/403)."""


class VroNotFoundError(VroHttpError):
    """HTTP 404: no such workflow or execution, or no right to read it."""


class VroResponseError(VroHttpError):
    """vRO answered, but the body is not what the API promises (not JSON, cut short)."""


class VroWorkflowLookupError(VroError):
    """A workflow name matched no workflow, or several; ``candidates`` lists them."""

    def __init__(self, msg, candidates=None, **details):
        super(VroWorkflowLookupError, self).__init__(msg, candidates=candidates, **details)
        self.candidates = candidates or []
