# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""User interactions: successive interactions, refused answers, cancel, listings, catalog lookups."""

from datetime import datetime, timedelta, timezone

from sim_support import APPROVAL, HEALTH_CHECK, TWO_STEP, param


def two_step_run(api):
    execution_id = api.start(TWO_STEP, {"parameters": [param("request", "string", "string", "db access")]})
    api.wait(TWO_STEP, execution_id, states=("waiting",))
    return execution_id, f"/workflows/{TWO_STEP}/executions/{execution_id}"


CREDENTIALS = {
    "parameters": [
        param("account", "string", "string", "svc-db"),
        param("password", "SecureString", "secure-string", "s3cr3t-Answer"),
    ]
}
APPROVAL_ANSWER = {
    "parameters": [param("approved", "boolean", "boolean", True), param("comment", "string", "string", "ok")]
}


def test_two_successive_interactions_are_answered_in_order(api, sim):
    execution_id, base = two_step_run(api)
    first = api.get(f"{base}/interaction").json()
    assert (first["name"], first["state"]) == ("Enter credentials", "waiting")
    assert [(p["name"], p["type"]) for p in first["input-parameters"]] == [
        ("account", "string"),
        ("password", "SecureString"),
    ]
    assert "timeout-date" not in first
    assert api.post(f"{base}/interaction", json=CREDENTIALS).status_code == 204
    api.wait(TWO_STEP, execution_id, states=("waiting",))
    second = api.get(f"{base}/interaction").json()
    assert (second["name"], second["state"]) == ("Final approval", "waiting")
    assert second["id"] != first["id"]
    assert second["user-assignees"] == ["approver@vsphere.local"]
    assert second["group-assignees"] == ["vro-approvers@vsphere.local"]
    assert second["assignees"] == ["approver@vsphere.local", "vro-approvers@vsphere.local"]
    timeout = datetime.fromisoformat(second["timeout-date"])
    assert timedelta(hours=23) < timeout - datetime.now(timezone.utc) <= timedelta(hours=24)
    assert api.post(f"{base}/interaction", json=APPROVAL_ANSWER).status_code == 204
    document = api.wait(TWO_STEP, execution_id)
    assert document["state"] == "completed"
    outputs = {p["name"]: p["value"] for p in document["output-parameters"]}
    assert outputs == {
        "account": {"string": {"value": "svc-db"}},
        "approved": {"boolean": {"value": True}},
        "comment": {"string": {"value": "ok"}},
    }
    assert api.get(f"{base}/interaction").json()["name"] == "Final approval"
    recorded = sim.control.executions()["executions"][0]
    assert recorded["interaction_answers"] == [CREDENTIALS["parameters"], APPROVAL_ANSWER["parameters"]]


def test_an_answer_with_a_wrong_field_name_or_type_is_refused_like_a_bad_context(api, sim):
    execution_id, base = two_step_run(api)
    misspelt = {"parameters": [param("acount", "string", "string", "svc-db")]}
    refused = api.post(f"{base}/interaction", json=misspelt)
    assert refused.status_code == 400
    assert refused.json()["message"] == "Parameter 'acount' is not an input of user interaction 'Enter credentials'"
    wrong_type = {"parameters": [param("password", "SecureString", "number", 5)]}
    refused = api.post(f"{base}/interaction", json=wrong_type)
    assert refused.status_code == 400 and "'password'" in refused.json()["message"]
    assert api.post(f"{base}/interaction", json={"parameter": []}).status_code == 400  # the 7.3 page's spelling
    assert api.state(TWO_STEP, execution_id) == "waiting"
    assert sim.control.executions()["executions"][0]["interaction_answers"] == []


def test_answer_and_cancel_need_a_waiting_interaction(api):
    execution_id = api.start(HEALTH_CHECK)
    base = f"/workflows/{HEALTH_CHECK}/executions/{execution_id}/interaction"
    assert api.delete(base).status_code == 404
    execution_id, base = two_step_run(api)
    assert api.delete(f"{base}/interaction").status_code == 204
    assert api.state(TWO_STEP, execution_id) == "canceled"
    assert api.get(f"{base}/interaction").json()["state"] == "finished"
    assert api.delete(f"{base}/interaction").status_code == 400
    assert api.post(f"{base}/interaction", json=CREDENTIALS).status_code == 400


def test_catalog_lists_waiting_interactions_and_leads_to_their_run(api):
    waiting_id, _base = two_step_run(api)
    answered = api.start(APPROVAL)
    api.wait(APPROVAL, answered, states=("waiting",))
    approval_base = f"/workflows/{APPROVAL}/executions/{answered}/interaction"
    assert api.post(approval_base, json={"parameters": [param("approved", "boolean", "boolean", False)]}).ok

    everything = api.get("/catalog/System/UserInteraction").json()
    assert everything["total"] == 2
    waiting = api.get("/catalog/System/UserInteraction", params={"status": "0"}).json()
    assert waiting["total"] == 1
    attributes = {a["name"]: a["value"] for a in waiting["link"][0]["attributes"]}
    assert (attributes["name"], attributes["state"]) == ("Enter credentials", "waiting")
    item = api.get(waiting["link"][0]["href"]).json()
    hrefs = {entry["rel"]: entry["href"] for entry in item["relations"]["link"]}
    assert hrefs["interaction"].endswith(f"/workflows/{TWO_STEP}/executions/{waiting_id}/interaction/")
    assert api.get(hrefs["interaction"]).json()["id"] == attributes["id"]
    assert api.get("/catalog/System/UserInteraction/no-such-id").status_code == 404

    assert api.get("/interactions").json()["total"] == 2
    of_workflow = api.get(f"/workflows/{APPROVAL}/interactions").json()
    assert [{a["name"]: a.get("value") for a in entry["attributes"]}["state"] for entry in of_workflow["link"]] == [
        "finished"
    ]


def test_catalog_item_of_an_execution_names_its_workflow(api, sim):
    execution_id = api.start(HEALTH_CHECK)
    item = api.get(f"/catalog/System/WorkflowExecution/{execution_id}").json()
    assert item["relations"]["link"][0]["href"] == f"{sim.url}/vco/api/workflows/{HEALTH_CHECK}/"
    assert {"name": "id", "value": execution_id} in item["attributes"]
    assert api.get("/catalog/System/WorkflowExecution/not-a-run").status_code == 404
    stats = sim.control.stats()["requests"]
    assert stats["GET /catalog/System/WorkflowExecution/{eid}"] == 2
