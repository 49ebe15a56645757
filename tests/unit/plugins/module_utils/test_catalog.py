# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding workflows: paging to the end, filters checked again here, category paths, tags."""

import json

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _catalog
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroHttpError, VroNotFoundError
from ansible_collections.opsflow.vro.plugins.module_utils._transport import Response


def listed(workflow_id, name, category="Cat", category_id="c1", tags=None):
    attributes = [
        {"name": "id", "value": workflow_id},
        {"name": "name", "value": name},
        {"name": "categoryName", "value": category},
        {"name": "categoryId", "value": category_id},
        {"name": "description"},  # vRO leaves `value` out of empty attributes
    ]
    if tags:
        attributes.append({"name": "globalTags", "value": "".join("%s:__SYSTEM_TAG__ " % t for t in tags)})
    return {"attributes": attributes, "href": "https://vro/vco/api/workflows/%s/" % workflow_id, "rel": "down"}


class PagedClient:
    """Answers GET /workflows from ``items`` by maxResult/startIndex, like vRO; records every call."""

    base_url = "https://vro.example.com/vco/api"

    def __init__(self, items, total=True, page_limit=None, categories=None, definitions=None):
        self.items = items
        self.total = total
        self.page_limit = page_limit  # a server that ignores maxResult and answers this many (None: honours it)
        self.categories = categories or {}
        self.definitions = definitions or {}
        self.calls = []

    def get(self, path, query=None, expected=(200,)):
        self.calls.append((path, query))
        if path == "/workflows":
            args = dict(part.split("=", 1) for part in query.split("&") if not part.startswith(("conditions", "tags")))
            start, size = int(args["startIndex"]), self.page_limit or int(args["maxResult"])
            body = {"link": self.items[start : start + size]}
            if self.total:
                body["total"] = len(self.items)
            return Response(200, {}, json.dumps(body), "GET", self.base_url + path)
        table, key = (
            (self.categories, path[len("/categories/") :])
            if path.startswith("/categories/")
            else (
                self.definitions,
                path[len("/workflows/") :],
            )
        )
        if key not in table:
            raise VroNotFoundError("not found", status=404, url=self.base_url + path)
        if isinstance(table[key], Exception):
            raise table[key]
        return Response(200, {}, json.dumps(table[key]), "GET", self.base_url + path)


ITEMS = [listed("w%03d" % n, "Workflow %03d" % n) for n in range(250)]


@pytest.mark.parametrize("total", [True, False])
def test_every_page_is_read(total):
    client = PagedClient(ITEMS, total=total)
    found = _catalog.list_workflows(client)
    assert [a["id"] for a in found] == ["w%03d" % n for n in range(250)]
    assert len(client.calls) == 3
    assert client.calls[1][1] == "maxResult=100&startIndex=100"


def test_a_server_that_answers_everything_at_once_is_read_once():
    client = PagedClient(ITEMS, page_limit=1000)
    assert len(_catalog.list_workflows(client)) == 250 and len(client.calls) == 1


def test_filters_are_sent_url_encoded_with_their_operator():
    client = PagedClient([])
    _catalog.list_workflows(client, [("name", "~", "a b&c"), ("categoryName", "=", "VM")], ["prod"])
    assert (
        client.calls[0][1]
        == "maxResult=100&startIndex=0&conditions=name~a%20b%26c&conditions=categoryName=VM&tags=prod"
    )


def test_global_tags_are_read_as_powervro_does():
    assert _catalog.parse_tags("vm:__SYSTEM_TAG__ prod:__SYSTEM_TAG__ ") == ["vm", "prod"]
    assert _catalog.parse_tags("") == [] and _catalog.parse_tags(None) == []


def test_selectors_are_checked_again_here():
    items = [
        listed("a", "Clone VM", "Clone", "c1", ["vm"]),
        listed("b", "Clone vm copy", "Clone", "c2", ["vm", "prod"]),
        listed("c", "Other", "Other", "c1"),
    ]
    categories = {"c1": {"path": "Library/VM/Clone"}, "c2": {"path": "Legacy/Clone"}}
    client = PagedClient(items, categories=categories)
    # the fake server ignores conditions, as a loose server might: the answer must still be exact
    found = _catalog.find_workflows(client, {"name_contains": "clone vm"}, details=False)
    assert [w["id"] for w in found] == ["b", "a"]  # sorted by category path
    assert [w["id"] for w in _catalog.find_workflows(client, {"workflow_name": "Clone VM"}, details=False)] == ["a"]
    by_path = _catalog.find_workflows(client, {"category": " /Library/VM/Clone/ "}, details=False)
    assert [w["id"] for w in by_path] == ["a", "c"]
    assert [w["id"] for w in _catalog.find_workflows(client, {"category": "Clone"}, details=False)] == ["b", "a"]
    del client.calls[:]
    tagged = _catalog.find_workflows(client, {"tags": ["vm", "prod"]}, details=False)
    assert [(w["id"], w["tags"], w["category_path"]) for w in tagged] == [("b", ["vm", "prod"], "Legacy/Clone")]
    # only the categories of workflows that pass the name and tag selectors are read
    assert [path for path, _q in client.calls if path.startswith("/categories/")] == ["/categories/c2"]


def test_each_category_is_read_once():
    client = PagedClient([listed("a", "A"), listed("b", "B")], categories={"c1": {"path": "P/Cat"}})
    assert [w["category_path"] for w in _catalog.find_workflows(client, {}, details=False)] == ["P/Cat", "P/Cat"]
    assert [path for path, _q in client.calls].count("/categories/c1") == 1


def test_without_categories_api_the_name_stands_in_for_the_path():
    client = PagedClient([listed("a", "A", "Flat", "c9")], categories={})
    assert _catalog.find_workflows(client, {}, details=False)[0]["category_path"] == "Flat"
    failing = PagedClient([listed("a", "A")], categories={"c1": VroHttpError("boom", status=500)})
    with pytest.raises(VroHttpError):
        _catalog.find_workflows(failing, {}, details=False)


def test_by_id_reads_the_definition_and_places_it_in_its_category():
    definition = {
        "id": "a",
        "name": "A",
        "version": "2.0.0",
        "description": "Does A",
        "input-parameters": [{"name": "vm", "type": "VC:VirtualMachine"}],
        "output-parameters": [{"name": "ok", "type": "boolean", "description": "Worked"}],
    }
    client = PagedClient(
        [listed("a", "A", tags=["t"]), listed("a2", "A")],
        categories={"c1": {"path": "X/Cat"}},
        definitions={"a": definition},
    )
    (found,) = _catalog.find_workflows(client, {"workflow_id": "a"})
    assert found == {
        "id": "a",
        "name": "A",
        "version": "2.0.0",
        "description": "Does A",
        "category_path": "X/Cat",
        "tags": ["t"],
        "inputs": [{"name": "vm", "type": "VC:VirtualMachine", "description": ""}],
        "outputs": [{"name": "ok", "type": "boolean", "description": "Worked"}],
        "survey_spec": {
            "name": "A",
            "description": "Does A",
            "spec": [
                {
                    "question_name": "vm",
                    "question_description": "vRO type VC:VirtualMachine; the id of the VC:VirtualMachine object",
                    "variable": "vm",
                    "type": "text",
                    "required": False,
                }
            ],
        },
    }
    assert [path for path, _q in client.calls].count("/workflows/a") == 1  # the definition is not read twice


def test_an_unknown_id_is_an_error_naming_it():
    with pytest.raises(VroNotFoundError, match="workflow_id 'nope' was not found"):
        _catalog.find_workflows(PagedClient([]), {"workflow_id": "nope"})
