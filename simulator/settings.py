# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Flavor (vRO 7 or 8), dialect and quirks: every behaviour switch of the simulator in one place.

Flavors bundle the differences between vRO 7.x and 8.x that are documented well enough to
be defaults. Dialects bundle readings of the API where servers may disagree (the 8.18.1 spec's
spellings against the ones clients use, strict or lenient parsing), so a test can pick the
server the collection must still be right with. Quirks are the single UNCONFIRMED or
deployment-dependent behaviours; a flavor or dialect only sets their defaults, and a test can
flip each at run time through ``POST /_sim/config``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Flavor:
    name: str
    about: dict
    uuid_ids: bool  # 8.x ids are UUIDs, 7.x ids are 32 hex chars
    iso_dates: bool  # 8.x renders dates as ISO strings, 7.x (5.5 JSON) as epoch ms
    start_returns_body: bool  # 8.x answers POST /executions with the execution document
    secure_string_accepts_string: bool


FLAVORS = {
    "7": Flavor(
        name="7",
        about={
            "version": "7.6.0.14764549",
            "build-number": "14764549",
            "build-date": "2019-09-18T09:30:00Z",
            "api-version": "6.0.0",
        },
        uuid_ids=False,
        iso_dates=False,
        start_returns_body=False,
        secure_string_accepts_string=True,
    ),
    "8": Flavor(
        name="8",
        about={
            "version": "8.18.1.24029603",
            "build-number": "24029603",
            "build-date": "2024-08-06T10:13:16Z",
            "api-version": "6.0.0",
        },
        uuid_ids=True,
        iso_dates=True,
        start_returns_body=True,
        secure_string_accepts_string=False,
    ),
}


@dataclass(frozen=True)
class Dialect:
    name: str
    state_key: str  # GET .../state answers {state_key: <state>}
    properties_list_key: str  # list key read in a Properties value ("both" reads either)
    mime_content_key: str  # base64 content key read in a MimeAttachment value
    unknown_keys: str  # in a request body: "reject" (400), "drop" (ignored), "context" (400 at the top only)
    trailing_slash: str  # "accept", or the status answered for a path ending in "/"
    log_entries: str  # "wrapped" ({"entry": {...}}, vCO 5.5 samples) or "unwrapped" (the spec's WsLog)


DIALECTS = {
    # What the simulator always did: both spellings read, unknown context keys rejected.
    "legacy": Dialect("legacy", "value", "both", "both", "context", "accept", "wrapped"),
    # The 8.18.1 spec read literally, by a server that ignores what it does not know.
    "spec": Dialect("spec", "state", "properties", "mime-content", "drop", "accept", "unwrapped"),
    # The spec's spellings on a server that fails on unknown keys and on trailing slashes (Spring 6).
    "strict": Dialect("strict", "state", "properties", "mime-content", "reject", "404", "unwrapped"),
    # The clients' spellings on a server that drops unknown keys: a spec-spelled value arrives empty.
    "lenient": Dialect("lenient", "value", "property", "content", "drop", "accept", "wrapped"),
}


def _choice(*allowed):
    def check(value):
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if text not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return text

    return check


def _boolean(value):
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _seconds(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError("must be a number of seconds >= 0")
    return float(value)


def _status(*allowed):
    def check(value):
        try:
            status = int(value)
        except (TypeError, ValueError):
            status = None
        if status not in allowed:
            raise ValueError(f"must be one of {', '.join(map(str, allowed))}")
        return status

    return check


def _optional_host(value):
    if value in (None, ""):
        return None
    if not isinstance(value, str) or "/" in value:
        raise ValueError("must be 'host' or 'host:port'")
    return value


FROM_FLAVOR = object()  # default decided by the flavor
FROM_DIALECT = object()  # default decided by the dialect


def _rate(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError("must be a number of requests per second >= 0 (0: no limit)")
    return float(value)


# name -> (checker, default)
QUIRKS = {
    "state_key": (_choice("value", "state"), FROM_DIALECT),
    "cancel_delay": (_seconds, 0.0),
    "cancel_finished": (_choice("204", "400"), "204"),
    "location_host": (_optional_host, None),
    "basic_auth_enabled": (_boolean, True),
    "csp_bad_credentials_status": (_status(400, 401), 400),
    "properties_list_key": (_choice("property", "properties", "both"), FROM_DIALECT),
    "mime_content_key": (_choice("content", "mime-content", "both"), FROM_DIALECT),
    "unknown_keys": (_choice("reject", "drop", "context"), FROM_DIALECT),
    "trailing_slash": (_choice("accept", "400", "404"), FROM_DIALECT),
    "log_entries": (_choice("wrapped", "unwrapped"), FROM_DIALECT),
    "secure_string_accepts_string": (_boolean, FROM_FLAVOR),
    # requests per second on /vco/api and the login endpoints; beyond it 429 with Retry-After
    "rate_limit": (_rate, 0.0),
}

OPTIONS = {
    "flavor": _choice(*FLAVORS),
    "dialect": _choice(*DIALECTS),
    "token_ttl": _seconds,
}


class Settings:
    """Current flavor, dialect, token TTL and quirk values; `update` validates before applying anything."""

    def __init__(self, flavor="8", token_ttl=3600.0, quirks=None, dialect="legacy"):
        self._startup = {"flavor": flavor, "dialect": dialect, "token_ttl": token_ttl, **(quirks or {})}
        self.restore()

    def restore(self):
        """Back to the start-up options (used by POST /_sim/reset)."""
        self.flavor = FLAVORS["8"]
        self.dialect = DIALECTS["legacy"]
        self.token_ttl = 3600.0
        self._explicit = {}
        self.update(self._startup)

    def update(self, changes):
        checked = {}
        for name, value in changes.items():
            checker = OPTIONS.get(name) or QUIRKS.get(name, (None,))[0]
            if checker is None:
                raise ValueError(f"unknown option '{name}'")
            try:
                checked[name] = checker(value)
            except ValueError as exc:
                raise ValueError(f"option '{name}' {exc}") from None
        if "flavor" in checked:
            self.flavor = FLAVORS[checked.pop("flavor")]
        if "dialect" in checked:
            self.dialect = DIALECTS[checked.pop("dialect")]
        if "token_ttl" in checked:
            self.token_ttl = checked.pop("token_ttl")
        self._explicit.update(checked)
        for name, (_parser, default) in QUIRKS.items():
            if name in self._explicit:
                value = self._explicit[name]
            elif default is FROM_FLAVOR:
                value = getattr(self.flavor, name)
            elif default is FROM_DIALECT:
                value = getattr(self.dialect, name)
            else:
                value = default
            setattr(self, name, value)

    def describe(self):
        return {
            "flavor": self.flavor.name,
            "dialect": self.dialect.name,
            "token_ttl": self.token_ttl,
            "quirks": {name: getattr(self, name) for name in QUIRKS},
        }
