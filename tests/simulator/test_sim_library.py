# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The generated workflow library (paging, categories, tags) and the actions."""

import pytest

VM_MANAGEMENT = "Library/vCenter/Virtual Machine management"


def attributes(link):
    return {attribute["name"]: attribute.get("value", "") for attribute in link["attributes"]}


def test_paging_walks_the_whole_inventory_without_overlap(api):
    total = api.get("/workflows").json()["total"]
    assert total > 250
    seen = []
    for start in range(0, total, 100):
        page = api.get("/workflows", params={"maxResult": 100, "startIndex": start}).json()
        assert page["total"] == total
        seen += [attributes(link)["id"] for link in page["link"]]
    assert len(seen) == len(set(seen)) == total


def test_a_category_holds_more_than_one_page(api):
    document = api.get("/workflows", params={"conditions": "categoryName=Virtual Machine management"}).json()
    assert document["total"] == 130
    page = api.get(
        "/workflows", params={"conditions": "categoryName=Virtual Machine management", "maxResult": 100}
    ).json()
    assert len(page["link"]) == 100 and page["total"] == 130


def test_category_document_has_path_and_parent(api):
    link = api.get("/workflows", params={"conditions": "name=Clone virtual machine 001"}).json()["link"][0]
    category = api.get(f"/categories/{attributes(link)['categoryId']}").json()
    assert category["path"] == VM_MANAGEMENT + "/Clone" and category["name"] == "Clone"
    assert category["type"] == "WorkflowCategory" and len(category["path-ids"]) == 4
    parent = api.get(category["relations"]["link"][0]["href"].split("/vco/api")[1]).json()
    assert parent["path"] == VM_MANAGEMENT


def test_category_list_and_roots(api):
    everything = api.get("/categories", params={"categoryType": "WorkflowCategory"}).json()
    roots = api.get("/categories", params={"categoryType": "WorkflowCategory", "isRoot": "true"}).json()
    names = {attributes(link)["name"] for link in roots["link"]}
    assert names == {"Demo", "Test", "Legacy", "Library"}
    assert everything["total"] > roots["total"]
    assert api.get("/categories", params={"categoryType": "ScriptModuleCategory"}).json()["total"] == 0
    assert api.get("/categories/nope").status_code == 404


def test_tags_filter_and_global_tags_attribute(api, api7):
    both = api.get("/workflows", params=[("tags", "snapshot"), ("tags", "production")]).json()
    assert both["total"] == 6  # every third of 18
    tags = attributes(both["link"][0])["globalTags"]
    assert tags == "vcenter:__SYSTEM_TAG__ snapshot:__SYSTEM_TAG__ production:__SYSTEM_TAG__ "
    assert "globalTags" not in attributes(api7.get("/workflows", params={"tags": "snapshot"}).json()["link"][0])


def test_generated_names_are_unique(api):
    links = api.get("/workflows").json()["link"]
    names = [attributes(link)["name"] for link in links]
    assert len(names) - len(set(names)) == 1  # only the catalog's deliberate "Duplicate Name"


def actions_by_name(api):
    return {attributes(link)["fqn"]: attributes(link) for link in api.get("/actions").json()["link"]}


def run(api, fqn, parameters, by="id"):
    action = actions_by_name(api)[fqn]
    path = f"/actions/{action['id']}/executions" if by == "id" else f"/actions/{fqn}/executions"
    return api.post(path, json={"parameters": parameters})


def string(name, text):
    return {"name": name, "type": "string", "scope": "local", "value": {"string": {"value": text}}}


@pytest.mark.parametrize("by", ["id", "name"])
def test_action_definition_by_id_and_by_module_and_name(api, by):
    action = actions_by_name(api)["com.vmware.library.sim.text/joinWords"]
    path = f"/actions/{action['id']}" if by == "id" else "/actions/com.vmware.library.sim.text/joinWords"
    document = api.get(path).json()
    assert document["id"] == action["id"] and document["module"] == "com.vmware.library.sim.text"
    assert document["output-type"] == "string"
    assert [(p["name"], p["type"]) for p in document["input-parameters"]] == [
        ("words", "Array/string"),
        ("separator", "string"),
    ]


@pytest.mark.parametrize(
    ("fqn", "parameters", "result"),
    [
        (
            "com.vmware.library.sim.text/joinWords",
            [
                {
                    "name": "words",
                    "type": "Array/string",
                    "value": {"array": {"elements": [{"string": {"value": "a"}}, {"string": {"value": "b"}}]}},
                },
                string("separator", "-"),
            ],
            {"type": "string", "value": {"string": {"value": "a-b"}}},
        ),
        (
            "com.vmware.library.sim.math/add",
            [
                {"name": "a", "type": "number", "value": {"number": {"value": 2}}},
                {"name": "b", "type": "number", "value": {"number": {"value": 0.5}}},
            ],
            {"type": "number", "value": {"number": {"value": 2.5}}},
        ),
        (
            "com.vmware.library.sim.text/splitWords",
            [string("text", "x y")],
            {
                "type": "Array/string",
                "value": {"array": {"elements": [{"string": {"value": "x"}}, {"string": {"value": "y"}}]}},
            },
        ),
    ],
)
def test_actions_answer_their_typed_result(api, fqn, parameters, result):
    for by in ("id", "name"):
        document = run(api, fqn, parameters, by).json()
        assert document["state"] == "completed"
        assert {key: document[key] for key in result} == result


def test_sdk_object_and_properties_results(api):
    vm = run(api, "com.vmware.library.vc.vm/getVirtualMachineByName", [string("name", "web01")]).json()
    assert vm["type"] == "VC:VirtualMachine" and vm["value"]["sdk-object"]["display-value"] == "web01"
    sdk = {"name": "vm", "type": "VC:VirtualMachine", "value": vm["value"]}
    props = run(api, "com.vmware.library.vc.vm/getVirtualMachineProperties", [sdk]).json()
    entries = {entry["key"]: entry["value"] for entry in props["value"]["properties"]["property"]}
    assert entries["id"] == {"string": {"value": vm["value"]["sdk-object"]["id"]}}
    assert entries["cpuCount"] == {"number": {"value": 2.0}}


def test_a_throwing_action_reports_its_message(api):
    document = run(api, "com.vmware.library.sim.test/throwError", [string("message", "boom")]).json()
    assert document["state"] == "failed" and "value" not in document
    assert document["error"].startswith("Error: boom")


def test_bad_action_input_is_400_and_counted(api, sim):
    response = run(api, "com.vmware.library.sim.math/add", [string("a", "two")])
    assert response.status_code == 400 and "'a'" in response.json()["message"]
    assert sim.control.stats()["requests"]["POST /actions/{actionId}/executions"] == 1
    assert api.post("/actions/nope/executions", json={}).status_code == 404
