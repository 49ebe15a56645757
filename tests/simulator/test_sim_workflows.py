# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Service root, about, workflow search by name and workflow definitions."""

import json
from pathlib import Path

import pytest
from sim_support import ALL_TYPES, AWSNEW, DUPLICATE_DEMO, DUPLICATE_LEGACY, HEALTH_CHECK

# the real bodies the unit tests replay (see SOURCES.md there)
SAMPLES = Path(__file__).resolve().parent.parent / "unit" / "fixtures" / "samples"


def attributes(link):
    return {attribute["name"]: attribute.get("value") for attribute in link["attributes"]}


def test_root_needs_no_auth(api, sim):
    response = api.session.get(f"{sim.url}/vco/api/", auth=None)
    assert response.status_code == 200
    assert f"{sim.url}/vco/api/workflows/" in [service["href"] for service in response.json()["service"]]


@pytest.mark.parametrize(("fixture", "prefix"), [("api", "8.18.1."), ("api7", "7.6.0.")])
def test_about_version_by_flavor(request, fixture, prefix):
    about = request.getfixturevalue(fixture).get("/about").json()
    assert about["version"].startswith(prefix)
    assert set(about) == {"version", "build-number", "build-date", "api-version"}
    assert about["version"].endswith("." + about["build-number"])


def test_about_needs_auth(api):
    assert api.get("/about", auth=("administrator@vsphere.local", "wrong")).status_code == 401


def test_find_by_exact_name_has_the_sample_shape(api, sim):
    response = api.get("/workflows", params={"conditions": "name=AWSNEW"})
    document = response.json()
    assert document["total"] == 1
    (link,) = document["link"]
    assert link["rel"] == "down"
    assert link["href"] == f"{sim.url}/vco/api/workflows/{AWSNEW}/"
    found = attributes(link)
    assert found["id"] == AWSNEW and found["name"] == "AWSNEW" and found["categoryName"] == "Demo"
    assert all(isinstance(value, str) for value in found.values())
    sample = json.loads((SAMPLES / "workflow-list-by-name-vco55.json").read_text(encoding="utf-8"))
    assert set(attributes(sample["link"][0])) <= set(found)
    assert set(sample) == set(document)


def test_find_by_url_encoded_name_with_spaces(api):
    response = api.get("/workflows?conditions=name%3DHealth%20Check")
    assert [attributes(link)["id"] for link in response.json()["link"]] == [HEALTH_CHECK]


def test_duplicate_names_are_both_returned(api):
    document = api.get("/workflows", params={"conditions": "name=Duplicate Name"}).json()
    assert document["total"] == 2
    found = {attributes(link)["id"]: attributes(link)["categoryName"] for link in document["link"]}
    assert found == {DUPLICATE_DEMO: "Demo", DUPLICATE_LEGACY: "Legacy"}


def test_contains_condition_and_paging(api):
    everything = api.get("/workflows", params={"conditions": "name~dUpLiCaTe"}).json()
    assert everything["total"] == 2
    page = api.get("/workflows", params={"conditions": "name~duplicate", "maxResult": 1, "startIndex": 1}).json()
    assert page["total"] == 2 and len(page["link"]) == 1
    assert page["link"][0] == everything["link"][1]


def test_conditions_are_anded(api):
    document = api.get(
        "/workflows", params=[("conditions", "name=Duplicate Name"), ("conditions", "categoryName=Legacy")]
    )
    assert [attributes(link)["id"] for link in document.json()["link"]] == [DUPLICATE_LEGACY]


def test_unknown_name_gives_empty_list(api):
    assert api.get("/workflows", params={"conditions": "name=nope"}).json() == {"link": [], "total": 0}


@pytest.mark.parametrize("query", ["conditions=bogus=1", "maxResult=-1", "startIndex=x"])
def test_bad_list_queries_are_400(api, query):
    response = api.get(f"/workflows?{query}")
    assert response.status_code == 400 and response.json()["status"] == 400


def test_definition(api, sim):
    document = api.get(f"/workflows/{AWSNEW}").json()
    assert document["id"] == AWSNEW and document["name"] == "AWSNEW"
    assert document["href"] == f"{sim.url}/vco/api/workflows/{AWSNEW}/"
    assert document["input-parameters"] == [{"name": "name", "type": "string", "description": "Short VM name"}]
    assert [(p["name"], p["type"]) for p in document["output-parameters"]] == [
        ("vmName", "string"),
        ("ipAddress", "string"),
        ("cpuCount", "number"),
    ]
    rels = {link["rel"] for link in document["relations"]["link"]}
    assert {"up", "executions", "presentation", "interactions"} <= rels
    assert document["customized-icon"] is False


def test_all_types_definition_lists_every_type(api):
    types = [p["type"] for p in api.get(f"/workflows/{ALL_TYPES}").json()["input-parameters"]]
    assert types == [
        "string",
        "number",
        "boolean",
        "SecureString",
        "EncryptedString",
        "Date",
        "Regexp",
        "Array/string",
        "Array/number",
        "Array/Array/string",
        "Array/VC:VirtualMachine",
        "Properties",
        "CompositeType(host:string,port:number):Endpoint",
        "VC:VirtualMachine",
        "MimeAttachment",
        "Any",
    ]


def test_definition_with_trailing_slash(api):
    assert api.get(f"/workflows/{AWSNEW}/").status_code == 200


def test_unknown_workflow_is_404_with_json_body(api):
    response = api.get("/workflows/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["status"] == 404 and "00000000-0000" in response.json()["message"]


def test_unknown_path_and_method(api):
    assert api.get("/nothing/here").status_code == 404
    assert api.delete(f"/workflows/{AWSNEW}").status_code == 405
