# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""Find workflows in vRO's inventory: by id, exact name, part of a name, category path or tags.

``GET /workflows`` pages with ``maxResult``/``startIndex`` and answers ``total`` (8.18.1 spec);
real servers hold thousands of workflows, so every listing here walks all pages. Filters go to
the server where vRO has one (``conditions=name=``, ``name~``, ``categoryName=``, ``tags=``) and
are checked again here, so a server that reads a condition loosely cannot widen the answer.
A category path (``Library/vCenter/Virtual Machine management``) is the ``path`` of
``GET /categories/{id}`` (spec ``WsCategory``); its ``/`` separator is UNCONFIRMED on real servers.
Tags come from the 8.x ``globalTags`` attribute (``"tag:__SYSTEM_TAG__ ..."``, as PowervRO reads it).
"""

from urllib.parse import quote

from ansible_collections.opsflow.vro.plugins.module_utils import _survey, _workflows
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroHttpError

PAGE_SIZE = 100
SYSTEM_TAG_SUFFIX = ":__SYSTEM_TAG__"


def parse_tags(text):
    """Tag names of a ``globalTags`` attribute value."""
    tags = []
    for word in (text or "").split():
        tag = word[: -len(SYSTEM_TAG_SUFFIX)] if word.endswith(SYSTEM_TAG_SUFFIX) else word
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _page_query(conditions, tags, start):
    parts = ["maxResult=%d" % PAGE_SIZE, "startIndex=%d" % start]
    # vRO wants the condition's operator literal and the value url-encoded (see _workflows.find_by_name).
    parts += ["conditions=%s%s%s" % (field, op, quote(value, safe="")) for field, op, value in conditions]
    parts += ["tags=%s" % quote(tag, safe="") for tag in tags]
    return "&".join(parts)


def list_workflows(client, conditions=(), tags=()):
    """Inventory attributes (``{name: value}``) of every workflow matching, read page by page.

    ``conditions``: ``(field, operator, value)`` triples; ``tags``: names. Stops at ``total``, at an
    empty page, or, when a server leaves ``total`` out, at a short page.
    """
    found, seen, start = [], set(), 0
    while True:
        data = client.get("/workflows", query=_page_query(conditions, tags, start)).object
        links = data.get("link") or (data.get("relations") or {}).get("link") or []
        links = [link for link in links if isinstance(link, dict)] if isinstance(links, list) else []
        for link in links:
            attrs = _workflows.link_attributes(link)
            if attrs.get("id") and attrs["id"] not in seen:
                seen.add(attrs["id"])
                found.append(attrs)
        start += len(links)
        total = data.get("total")
        if not links or (isinstance(total, int) and start >= total) or (total is None and len(links) < PAGE_SIZE):
            return found


class CategoryPaths:
    """Category id -> path, each category read once (``GET /categories/{id}``)."""

    def __init__(self, client):
        self._client = client
        self._paths = {}

    def path(self, category_id, fallback_name):
        if not category_id:
            return fallback_name
        if category_id not in self._paths:
            try:
                document = self._client.get("/categories/%s" % quote(category_id, safe="")).object
            except VroHttpError as exc:
                if exc.status not in (400, 404, 405):
                    raise
                document = {}  # a server without /categories (7.x is UNCONFIRMED): the name is all we know
            self._paths[category_id] = document.get("path") or document.get("name") or fallback_name
        return self._paths[category_id]


def normalize_path(text):
    return "/".join(part.strip() for part in (text or "").strip().strip("/").split("/"))


def _matches_listing(attrs, selectors):
    """Name and tag selectors, which the listing alone answers."""
    name = attrs.get("name", "")
    if selectors.get("workflow_name") is not None and name != selectors["workflow_name"]:
        return False
    contains = selectors.get("name_contains")
    if contains is not None and contains.lower() not in name.lower():
        return False
    return set(selectors.get("tags") or []) <= set(parse_tags(attrs.get("globalTags")))


def _matches_category(attrs, path, category):
    if category is None:
        return True
    wanted = normalize_path(category)
    # A bare name (no "/") also matches the category's own name, as vRO's categoryName condition does.
    return wanted == path or ("/" not in wanted and wanted == attrs.get("categoryName"))


def _server_filters(selectors):
    conditions = []
    if selectors.get("workflow_name") is not None:
        conditions.append(("name", "=", selectors["workflow_name"]))
    elif selectors.get("name_contains") is not None:
        conditions.append(("name", "~", selectors["name_contains"]))
    if selectors.get("category") is not None:
        conditions.append(("categoryName", "=", normalize_path(selectors["category"]).rsplit("/", 1)[-1]))
    return conditions, list(selectors.get("tags") or [])


def _by_id(client, workflow_id):
    """Inventory attributes of one workflow: its definition, placed in its category by a name lookup."""
    definition = _workflows.get_definition(client, workflow_id)
    attrs = {
        "id": definition.get("id") or workflow_id,
        "name": definition.get("name", ""),
        "version": definition.get("version", ""),
        "description": definition.get("description", ""),
        "categoryId": definition.get("category-id") or definition.get("categoryId") or "",
    }
    if attrs["name"]:
        for listed in list_workflows(client, [("name", "=", attrs["name"])]):
            if listed.get("id") == attrs["id"]:
                listed.update((key, value) for key, value in attrs.items() if value)
                return listed, definition
    return attrs, definition


def _parameters(params):
    described = []
    for param in params or []:
        if isinstance(param, dict) and isinstance(param.get("name"), str):
            described.append(
                {"name": param["name"], "type": param.get("type") or "", "description": param.get("description") or ""}
            )
    return described


def describe(attrs, path, definition, number_type="float"):
    """One found workflow as the module returns it; ``definition`` ``None`` leaves out inputs and outputs."""
    item = {
        "id": attrs.get("id", ""),
        "name": attrs.get("name", ""),
        "version": attrs.get("version", ""),
        "description": attrs.get("description", ""),
        "category_path": path,
        "tags": parse_tags(attrs.get("globalTags")),
    }
    if definition is not None:
        item["version"] = definition.get("version") or item["version"]
        item["description"] = definition.get("description") or item["description"]
        item["inputs"] = _parameters(_workflows.declared_inputs(definition))
        item["outputs"] = _parameters(definition.get("output-parameters") or definition.get("outputParameters"))
        item["survey_spec"] = _survey.survey_spec(item["name"], item["description"], item["inputs"], number_type)
    return item


def find_workflows(client, selectors, details=True, number_type="float"):
    """Every workflow matching all the ``selectors`` given (``workflow_id``, ``workflow_name``,
    ``name_contains``, ``category``, ``tags``); none given: every workflow. Sorted by path, then name."""
    paths = CategoryPaths(client)
    definitions = {}
    if selectors.get("workflow_id"):
        attrs, definitions[selectors["workflow_id"]] = _by_id(client, selectors["workflow_id"])
        candidates = [attrs]
    else:
        conditions, tags = _server_filters(selectors)
        candidates = list_workflows(client, conditions, tags)
    found = []
    for attrs in candidates:
        if not _matches_listing(attrs, selectors):
            continue
        path = paths.path(attrs.get("categoryId"), attrs.get("categoryName", ""))
        if _matches_category(attrs, path, selectors.get("category")):
            found.append((attrs, path))
    found.sort(key=lambda pair: (pair[1], pair[0].get("name", ""), pair[0].get("id", "")))
    items = []
    for attrs, path in found:
        definition = None
        if details:
            definition = definitions.get(attrs["id"]) or _workflows.get_definition(client, attrs["id"])
        items.append(describe(attrs, path, definition, number_type))
    return items
