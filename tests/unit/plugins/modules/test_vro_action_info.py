# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_action_info: one action by id or module/name, or a filtered, sorted list with or without details."""

import json

from ansible_collections.opsflow.vro.plugins.module_utils._transport import Response
from ansible_collections.opsflow.vro.plugins.modules import vro_action_info


def attributes(action_id, module, name):
    return {
        "attributes": [
            {"name": "id", "value": action_id},
            {"name": "module", "value": module},
            {"name": "name", "value": name},
            {"name": "output-type", "value": "string"},
        ],
        "href": "x",
        "rel": "down",
    }


LISTING = {
    "link": [attributes("3", "com.b", "zeta"), attributes("1", "com.a", "getVm"), attributes("2", "com.a", "addVm")]
}


class Module:
    def __init__(self, **params):
        self.check_mode = False
        self.params = {"action_id": None, "module": None, "action_name": None, "name_contains": None, "details": True}
        self.params.update(params)


class Client:
    base_url = "https://vro.example.com/vco/api"

    def __init__(self):
        self.paths = []

    def get(self, path, query=None, expected=(200,)):
        self.paths.append(path)
        if path == "/actions":
            body = LISTING
        else:
            body = {
                "id": path.rsplit("/", 1)[-1],
                "name": "n",
                "module": "m",
                "input-parameters": [{"name": "a", "type": "number"}],
            }
        return Response(200, {}, json.dumps(body), "GET", path)


def test_one_action_by_module_and_name():
    client = Client()
    result = vro_action_info.run(Module(module="com.a", action_name="getVm"), client)
    assert client.paths == ["/actions/com.a/getVm"]
    assert result["changed"] is False and result["actions"][0]["inputs"] == [
        {"name": "a", "type": "number", "description": ""}
    ]


def test_listing_filters_sorts_and_reads_details():
    client = Client()
    result = vro_action_info.run(Module(module="com.a"), client)
    assert sorted(a["id"] for a in result["actions"]) == ["1", "2"]
    assert client.paths == ["/actions", "/actions/1", "/actions/2"]


def test_listing_without_details_reads_only_the_list():
    client = Client()
    result = vro_action_info.run(Module(name_contains="VM", details=False), client)
    assert client.paths == ["/actions"]
    assert [(a["module"], a["name"], a["result_type"]) for a in result["actions"]] == [
        ("com.a", "addVm", "string"),
        ("com.a", "getVm", "string"),
    ]
    assert "inputs" not in result["actions"][0]
