# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pieces of vRO JSON documents: dates, links, inventory attributes, query options."""

import re
from datetime import datetime, timezone

from .messages import ApiError


def iso(epoch):
    """ISO date with milliseconds and offset, as 8.x writes them (`2024-06-27T01:46:55.891+00:00`)."""
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds")


def iso_z(epoch):
    """ISO date as the vCO 5.5 execution list attributes show it (`2014-12-10T17:39:08.843Z`)."""
    return iso(epoch).replace("+00:00", "Z")


def date_value(epoch, settings):
    """`start-date`, `end-date`, log `time-stamp`: epoch ms on 7.x, ISO strings on 8.x."""
    return iso(epoch) if settings.flavor.iso_dates else int(epoch * 1000)


def link(href, rel, attributes=None):
    """A relation link; `attributes` (name -> text or None) keeps its order, None drops `value`."""
    entry = {}
    if attributes is not None:
        entry["attributes"] = [
            {"value": value, "name": name} if value is not None else {"name": name}
            for name, value in attributes.items()
        ]
    entry.update(href=href, rel=rel)
    return entry


class Base:
    """Absolute URLs for one request: its Host header, or the `location_host` quirk."""

    def __init__(self, request, settings):
        self.root = f"https://{settings.location_host or request.host}/vco/api"

    def workflow(self, workflow_id):
        return f"{self.root}/workflows/{workflow_id}/"

    def execution(self, execution):
        return f"{self.root}/workflows/{execution.workflow.id}/executions/{execution.id}/"

    def category(self, category):
        return f"{self.root}/catalog/System/WorkflowCategory/{category.id}/"


_CONDITION = re.compile(r"^([A-Za-z][\w.]*)(=|~|\^|>|<)(.*)$", re.S)


def _compare(op, actual, wanted):
    if op == "=":
        return str(actual) == wanted
    if op == "~":
        return wanted.lower() in str(actual).lower()
    if op == "^":
        return str(actual).lower().startswith(wanted.lower())
    try:
        number = float(wanted)
    except ValueError:
        raise ApiError(400, f"Condition value {wanted!r} is not a number") from None
    return isinstance(actual, (int, float)) and (actual > number if op == ">" else actual < number)


class Query:
    """`conditions` (repeats are ANDed), `sortOrders`, `startIndex`, `maxResult` of a list call.

    Operators: `=` exact, `~` contains and `^` starts with (both case-insensitive), `>`/`<`
    numeric. A field the list does not know is a 400.
    """

    def __init__(self, request, fields):
        self.conditions = []
        for text in request.query.get("conditions", ()):
            match = _CONDITION.match(text)
            if not match or match.group(1) not in fields:
                raise ApiError(400, f"Unsupported condition {text!r}; fields: {', '.join(sorted(fields))}")
            self.conditions.append((fields[match.group(1)], match.group(2), match.group(3)))
        self.sort = []
        for text in request.query.get("sortOrders", ()):
            name = text.lstrip("-+")
            if name not in fields:
                raise ApiError(400, f"Unsupported sort order {text!r}")
            self.sort.append((fields[name], text.startswith("-")))
        self.start = _count(request, "startIndex", 0)
        self.limit = _count(request, "maxResult", None)

    def select(self, items):
        """(total matching, the requested page)."""
        matching = [item for item in items if all(_compare(op, get(item), value) for get, op, value in self.conditions)]
        for get, descending in reversed(self.sort):
            matching.sort(key=lambda item: str(get(item)), reverse=descending)
        end = None if self.limit is None else self.start + self.limit
        return len(matching), matching[self.start : end]


def _count(request, name, default):
    text = request.arg(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ApiError(400, f"'{name}' must be an integer >= 0")
    return value
