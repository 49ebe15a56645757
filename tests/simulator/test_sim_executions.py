# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Starting runs and following them: flavors, states, cancel, lists, logs, interactions."""

import re
import time
from datetime import datetime

import pytest
from sim_support import APPROVAL, AWSNEW, FAIL, HEALTH_CHECK, SIGNAL, SLEEP, Api, param, seconds

from simulator.testing import Simulator

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")
NAME = {"parameters": [param("name", "string", "string", "web01")]}


def test_flavor8_start_answers_202_with_body_and_location(api, sim):
    response = api.post(f"/workflows/{AWSNEW}/executions", json=NAME)
    assert response.status_code == 202
    body = response.json()
    assert UUID.match(body["id"]) and body["state"] == "running"
    location = f"{sim.url}/vco/api/workflows/{AWSNEW}/executions/{body['id']}/"
    assert response.headers["Location"] == location == body["href"]
    assert body["started-by"] == sim.username


def test_flavor7_start_answers_202_empty_with_location(api7, sim7):
    response = api7.post(f"/workflows/{AWSNEW}/executions/", json=NAME)
    assert response.status_code == 202
    assert response.content == b"" and response.headers["Content-Length"] == "0"
    location = response.headers["Location"]
    assert location.startswith(f"{sim7.url}/vco/api/workflows/{AWSNEW}/executions/") and location.endswith("/")
    assert re.fullmatch(r"[0-9a-f]{32}", location.split("/")[-2])


@pytest.mark.parametrize("body", [None, b"", b"{}", b'{"parameters":[]}'])
def test_empty_contexts_are_accepted(api, body):
    response = api.session.post(
        api.url(f"/workflows/{HEALTH_CHECK}/executions"), data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 202, response.text


def test_completed_run_has_outputs_and_iso_dates(api, sim):
    execution_id = api.start(AWSNEW, NAME)
    document = api.wait(AWSNEW, execution_id)
    assert document["state"] == "completed"
    assert ISO.match(document["start-date"]) and ISO.match(document["end-date"])
    assert document["started-by"] == sim.username
    assert document["input-parameters"] == [
        {"value": {"string": {"value": "web01"}}, "type": "string", "name": "name", "scope": "local"}
    ]
    outputs = {p["name"]: p["value"] for p in document["output-parameters"]}
    assert outputs == {
        "vmName": {"string": {"value": "vm-web01"}},
        "ipAddress": {"string": {"value": "192.0.2.10"}},
        "cpuCount": {"number": {"value": 2.0}},
    }
    assert "content-exception" not in document
    assert {link["rel"] for link in document["relations"]["link"]} >= {"up", "remove", "logs", "state"}


def test_flavor7_dates_are_epoch_milliseconds(api7):
    execution_id = api7.start(HEALTH_CHECK)
    document = api7.wait(HEALTH_CHECK, execution_id)
    assert isinstance(document["start-date"], int) and isinstance(document["end-date"], int)
    assert 50 <= document["end-date"] - document["start-date"] <= 500


def test_states_progress_with_time(api):
    long_run = api.start(SLEEP, seconds(5))
    assert api.state(SLEEP, long_run) == "running"
    running = api.get(f"/workflows/{SLEEP}/executions/{long_run}").json()
    assert running["current-item-display-name"] == "Sleep" and "end-date" not in running
    assert "value" not in running["output-parameters"][0]
    execution_id = api.start(SLEEP, seconds(0.3))
    document = api.wait(SLEEP, execution_id)
    assert document["state"] == "completed"
    assert document["output-parameters"][0]["value"] == {"number": {"value": 0.3}}


def test_sleep_defaults_to_five_seconds(api):
    execution_id = api.start(SLEEP)
    time.sleep(0.2)
    assert api.state(SLEEP, execution_id) == "running"


def test_failed_run(api):
    execution_id = api.start(FAIL)
    document = api.wait(FAIL, execution_id)
    assert document["state"] == "failed"
    assert document["content-exception"] == (
        "Error: Datastore 'ds-missing' not found (Workflow:Fail / Scriptable task (item1)#12)"
    )
    assert document["current-item-display-name"] == "Scriptable task"
    assert 0.4 <= (_epoch(document["end-date"]) - _epoch(document["start-date"])) <= 0.7


def _epoch(text):
    return datetime.fromisoformat(text).timestamp()


def test_state_key_quirk(api, sim):
    execution_id = api.start(SLEEP, seconds(5))
    sim.control.config(state_key="state")
    assert api.get(f"/workflows/{SLEEP}/executions/{execution_id}/state").json() == {"state": "running"}


def test_unknown_execution_is_404(api):
    for path in ("", "/state", "/logs", "/syslogs", "/interaction"):
        response = api.get(f"/workflows/{AWSNEW}/executions/nope{path}")
        assert response.status_code == 404 and response.json()["status"] == 404
    other = api.start(HEALTH_CHECK)
    assert api.get(f"/workflows/{AWSNEW}/executions/{other}").status_code == 404  # wrong workflow


def test_start_unknown_workflow_is_404(api):
    assert api.post("/workflows/nope/executions", json={}).status_code == 404


def test_cancel_running_run(api):
    execution_id = api.start(SLEEP, seconds(5))
    response = api.delete(f"/workflows/{SLEEP}/executions/{execution_id}/state")
    assert response.status_code == 204
    document = api.get(f"/workflows/{SLEEP}/executions/{execution_id}").json()
    assert document["state"] == "canceled" and "end-date" in document


def test_cancel_delay_quirk(api, sim):
    sim.control.config(cancel_delay=0.6)
    execution_id = api.start(SLEEP, seconds(5))
    assert api.delete(f"/workflows/{SLEEP}/executions/{execution_id}/state").status_code == 204
    assert api.state(SLEEP, execution_id) == "running"
    assert api.wait(SLEEP, execution_id, timeout=2)["state"] == "canceled"


@pytest.mark.parametrize(("quirk", "status"), [("204", 204), ("400", 400)])
def test_cancel_finished_run(api, sim, quirk, status):
    sim.control.config(cancel_finished=quirk)
    execution_id = api.start(SLEEP, seconds(0))
    api.wait(SLEEP, execution_id)
    response = api.delete(f"/workflows/{SLEEP}/executions/{execution_id}/state")
    assert response.status_code == status
    if status == 400:
        assert "completed" in response.json()["message"]
    assert api.state(SLEEP, execution_id) == "completed"


def test_cancel_waiting_run(api):
    execution_id = api.start(APPROVAL)
    api.wait(APPROVAL, execution_id, states=("waiting",))
    assert api.delete(f"/workflows/{APPROVAL}/executions/{execution_id}/state").status_code == 204
    assert api.state(APPROVAL, execution_id) == "canceled"


def test_user_interaction_round_trip(api, sim):
    execution_id = api.start(APPROVAL, {"parameters": [param("request", "string", "string", "more disk")]})
    base = f"/workflows/{APPROVAL}/executions/{execution_id}"
    assert api.get(f"{base}/interaction").status_code == 404  # not reached yet
    document = api.wait(APPROVAL, execution_id, states=("waiting",))
    assert document["current-item-display-name"] == "Approve request"
    assert document["business-state"] == "Waiting for approval"
    interaction = api.get(f"{base}/interaction").json()
    assert interaction["state"] == "waiting" and interaction["name"] == "Approve request"
    assert interaction["assignees"] == ["administrator@vsphere.local"]
    assert interaction["input-parameters"] == [
        {"name": "approved", "type": "boolean", "description": "Approve the request?"}
    ]
    bad = api.post(f"{base}/interaction", json={"parameters": [param("approved", "boolean", "string", "yes")]})
    assert bad.status_code == 400 and "'approved'" in bad.json()["message"]
    answer = {"parameters": [param("approved", "boolean", "boolean", True)]}
    assert api.post(f"{base}/interaction", json=answer).status_code == 204
    assert api.state(APPROVAL, execution_id) in ("running", "completed")  # resumed: 0.2 s left
    assert api.post(f"{base}/interaction", json=answer).status_code == 400  # no longer waiting
    document = api.wait(APPROVAL, execution_id)
    assert document["state"] == "completed"
    assert document["output-parameters"] == [
        {"value": {"boolean": {"value": True}}, "type": "boolean", "name": "approved", "scope": "local"}
    ]
    assert api.get(f"{base}/interaction").json()["state"] == "finished"
    recorded = sim.control.executions()["executions"][0]
    assert recorded["interaction_answers"] == [answer["parameters"]]


def test_interaction_of_workflow_without_one_is_404(api):
    execution_id = api.start(HEALTH_CHECK)
    base = f"/workflows/{HEALTH_CHECK}/executions/{execution_id}/interaction"
    assert api.get(base).status_code == 404
    assert api.post(base, json={"parameters": []}).status_code == 404


def test_waiting_signal_then_completed(api):
    execution_id = api.start(SIGNAL, seconds(0.8))
    document = api.wait(SIGNAL, execution_id, states=("waiting-signal",))
    assert document["current-item-display-name"] == "Wait for event"
    assert api.wait(SIGNAL, execution_id)["state"] == "completed"
    events = api.get(f"/workflows/{SIGNAL}/executions/{execution_id}/logs").json()["logs"]
    assert [e["entry"]["short-description"] for e in events] == [
        "Workflow 'WaitSignal' has completed",
        "Workflow 'WaitSignal' has resumed",
        "Workflow is paused",
        "Workflow 'WaitSignal' has started",
    ]
    assert events[2]["entry"]["long-description"] == "Workflow 'WaitSignal' has paused while waiting on signal"


def test_list_executions_newest_first_with_paging(api, sim):
    ids = [api.start(SLEEP, seconds(s)) for s in (0, 0, 5)]
    time.sleep(0.05)
    document = api.get(f"/workflows/{SLEEP}/executions", params={"maxResult": 10, "startIndex": 0}).json()
    relations = document["relations"]
    assert relations["total"] == 3
    navigation = [link for link in relations["link"] if "attributes" not in link]
    assert [link["rel"] for link in navigation] == ["up", "add"]
    runs = [link for link in relations["link"] if "attributes" in link]
    assert all(link["rel"] == "down" for link in runs)
    found = [{a["name"]: a.get("value") for a in link["attributes"]} for link in runs]
    assert [f["id"] for f in found] == ids[::-1]
    assert list(found[0]) == ["id", "startDate", "endDate", "startedBy", "state", "name", "currentItemDisplayName"]
    assert (
        found[0]["state"] == "running" and found[0]["endDate"] is None and found[0]["currentItemDisplayName"] == "Sleep"
    )
    assert found[2]["state"] == "completed" and found[2]["endDate"].endswith("Z")
    assert found[2]["currentItemDisplayName"] is None and found[0]["startedBy"] == sim.username
    page = api.get(f"/workflows/{SLEEP}/executions/", params={"maxResult": 1, "startIndex": 1}).json()["relations"]
    assert page["total"] == 3 and page["startIndex"] == 1 and page["count"] == 1
    assert [a["value"] for a in page["link"][2]["attributes"] if a["name"] == "id"] == [ids[1]]


def test_list_in_flavor7_has_no_spec_paging_fields(api7):
    api7.start(HEALTH_CHECK)
    relations = api7.get(f"/workflows/{HEALTH_CHECK}/executions").json()["relations"]
    assert set(relations) == {"total", "link"}


def test_catalog_search_of_executions(api, sim):
    first = api.start(SLEEP, seconds(0))
    time.sleep(0.01)
    second = api.start(SLEEP, seconds(5))
    api.start(HEALTH_CHECK)
    query = {"conditions": f"workflowId={SLEEP}", "sortOrders": "-startDate", "maxResult": 1}
    document = api.get("/catalog/System/WorkflowExecution", params=query).json()
    assert document["total"] == 2
    (link,) = document["link"]
    found = {a["name"]: a.get("value") for a in link["attributes"]}
    assert found["id"] == second and found["workflowId"] == SLEEP
    assert link["href"] == f"{sim.url}/vco/api/catalog/System/WorkflowExecution/{second}/"
    oldest = api.get("/catalog/System/WorkflowExecution/", params={"conditions": f"workflowId={SLEEP}"}).json()
    assert [a["value"] for a in oldest["link"][0]["attributes"] if a["name"] == "id"] == [first]
    running = api.get(
        "/catalog/System/WorkflowExecution",
        params=[("conditions", "state=running"), ("conditions", f"workflowId={SLEEP}"), ("maxResult", 0)],
    )
    assert running.json() == {"link": [], "total": 1}


def test_syslogs_of_failed_run(api, sim):
    execution_id = api.start(FAIL)
    api.wait(FAIL, execution_id)
    entries = [e["entry"] for e in api.get(f"/workflows/{FAIL}/executions/{execution_id}/syslogs").json()["logs"]]
    assert entries[0]["short-description"] == "Workflow 'Fail' has failed" and entries[0]["severity"] == "error"
    assert entries[-1]["short-description"] == "Workflow 'Fail' has started"
    texts = [e["short-description"] for e in entries]
    assert "Error: Datastore 'ds-missing' not found (Workflow:Fail / Scriptable task (item1)#12)" in texts
    assert "Looking up datastore ds-missing" in texts and "__item_stack:/item1" in texts
    for entry in entries:
        assert set(entry) == {
            "origin",
            "severity",
            "time-stamp",
            "user",
            "short-description",
            "long-description",
            "time-stamp-val",
        }
        assert ISO.match(entry["time-stamp"]) and isinstance(entry["time-stamp-val"], int)
        assert entry["user"] == sim.username
    stamps = [e["time-stamp-val"] for e in entries]
    assert stamps == sorted(stamps, reverse=True)
    errors = api.get(
        f"/workflows/{FAIL}/executions/{execution_id}/syslogs", params={"conditions": "severity=error"}
    ).json()["logs"]
    assert {e["entry"]["severity"] for e in errors} == {"error"} and len(errors) == 3
    newest = api.get(f"/workflows/{FAIL}/executions/{execution_id}/syslogs", params={"maxResult": 1}).json()["logs"]
    assert newest == [{"entry": entries[0]}]
    later = api.get(
        f"/workflows/{FAIL}/executions/{execution_id}/syslogs", params={"conditions": f"timestamp>{stamps[-1]}"}
    ).json()["logs"]
    assert len(later) < len(entries)


def test_events_log_flavor7_epoch_stamps(api7):
    execution_id = api7.start(AWSNEW, NAME)
    api7.wait(AWSNEW, execution_id)
    entries = [e["entry"] for e in api7.get(f"/workflows/{AWSNEW}/executions/{execution_id}/logs").json()["logs"]]
    assert [e["short-description"] for e in entries] == [
        "Workflow 'AWSNEW' has completed",
        "Workflow 'AWSNEW' has started",
    ]
    assert all(isinstance(e["time-stamp"], int) and "origin" not in e for e in entries)
    syslog = api7.get(f"/workflows/{AWSNEW}/executions/{execution_id}/syslogs").json()["logs"]
    assert "Creating vm-web01" in [e["entry"]["short-description"] for e in syslog]


def test_location_host_quirk(api, sim):
    sim.control.config(location_host="vro-lb.example.com")
    response = api.post(f"/workflows/{HEALTH_CHECK}/executions", json={})
    assert response.headers["Location"].startswith("https://vro-lb.example.com/vco/api/workflows/")
    assert response.json()["href"].startswith("https://vro-lb.example.com/")


def test_control_records_executions(api, sim):
    sent = {"parameters": [param("name", "string", "string", "db01")]}
    execution_id = api.start(AWSNEW, sent)
    api.post(f"/workflows/{AWSNEW}/executions", json={"parameters": [{"name": "nope"}]})  # rejected: not recorded
    records = sim.control.executions()
    assert records["count"] == 1
    (record,) = records["executions"]
    assert record["id"] == execution_id and record["workflow_id"] == AWSNEW and record["workflow_name"] == "AWSNEW"
    assert record["inputs"] == sent["parameters"] and record["started_by"] == sim.username
    assert ISO.match(record["start_date"]) and record["state"] == "running"


def test_runtime_flavor_switch(api, sim):
    sim.control.config(flavor="7")
    response = api.post(f"/workflows/{HEALTH_CHECK}/executions", json={})
    assert response.content == b"" and re.fullmatch(r"[0-9a-f]{32}", response.headers["Location"].split("/")[-2])
    sim.control.reset()  # back to the start-up flavor
    assert api.post(f"/workflows/{HEALTH_CHECK}/executions", json={}).json()["id"]


def test_started_by_is_the_authenticated_user():
    with Simulator(username="ops@corp.local", password="pw") as other:
        api = Api(other)
        execution_id = api.start(HEALTH_CHECK)
        assert api.get(f"/workflows/{HEALTH_CHECK}/executions/{execution_id}").json()["started-by"] == "ops@corp.local"
