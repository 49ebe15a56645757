# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dialects (spec, legacy, strict, lenient), Date and WWW-Authenticate headers, rate limit, request log."""

import json
import time
from email.utils import parsedate_to_datetime

import pytest
from sim_support import ALL_TYPES, SLEEP, Api, raw, seconds

from simulator.testing import REQUEST_LOG_DIR_ENV, Simulator

ITEMS = [{"key": "k", "value": {"string": {"value": "v"}}}]
EXECUTIONS = f"/workflows/{ALL_TYPES}/executions"


def properties(*list_keys):
    return {"name": "in_properties", "type": "Properties", "value": {"properties": {k: ITEMS for k in list_keys}}}


def mime(*content_keys):
    body = {"name": "a.txt", "mime-type": "text/plain", **{k: "aGk=" for k in content_keys}}
    return {"name": "in_mime", "type": "MimeAttachment", "value": {"mime-attachment": body}}


def echoed(response, name):
    return {p["name"]: p for p in response.json()["input-parameters"]}[name].get("value")


def start(api, *parameters):
    return api.post(EXECUTIONS, json={"parameters": list(parameters)})


# (dialect, list keys sent) -> the Properties value the run records
@pytest.mark.parametrize(
    ("dialect", "sent", "recorded"),
    [
        ("legacy", ("property",), {"properties": {"property": ITEMS}}),
        ("legacy", ("properties",), {"properties": {"property": ITEMS}}),
        ("legacy", ("property", "properties"), {"properties": {"property": ITEMS}}),
        ("spec", ("properties",), {"properties": {"properties": ITEMS}}),
        ("spec", ("property",), {"properties": {"properties": []}}),  # the other spelling arrives empty
        ("spec", ("property", "properties"), {"properties": {"properties": ITEMS}}),
        ("lenient", ("property",), {"properties": {"property": ITEMS}}),
        ("lenient", ("properties",), {"properties": {"property": []}}),
        ("lenient", ("property", "properties"), {"properties": {"property": ITEMS}}),
        ("strict", ("properties",), {"properties": {"properties": ITEMS}}),
    ],
)
def test_properties_spelling_per_dialect(api, sim, dialect, sent, recorded):
    sim.control.config(dialect=dialect)
    response = start(api, properties(*sent))
    assert response.status_code == 202, response.text
    assert echoed(response, "in_properties") == recorded


@pytest.mark.parametrize(
    ("dialect", "sent", "recorded"),
    [
        ("legacy", ("content",), "content"),
        ("legacy", ("mime-content",), "content"),
        ("spec", ("mime-content",), "mime-content"),
        ("spec", ("content",), None),  # no content recorded
        ("spec", ("content", "mime-content"), "mime-content"),
        ("lenient", ("content",), "content"),
        ("lenient", ("mime-content",), None),
        ("lenient", ("content", "mime-content"), "content"),
        ("strict", ("mime-content",), "mime-content"),
    ],
)
def test_mime_spelling_per_dialect(api, sim, dialect, sent, recorded):
    sim.control.config(dialect=dialect)
    response = start(api, mime(*sent))
    assert response.status_code == 202, response.text
    expected = {"name": "a.txt", "mime-type": "text/plain", **({recorded: "aGk="} if recorded else {})}
    assert echoed(response, "in_mime") == {"mime-attachment": expected}


@pytest.mark.parametrize(
    ("parameter", "context_extra", "named"),
    [
        (properties("property", "properties"), {}, "'property'"),
        (properties("property"), {}, "'property'"),
        (mime("content", "mime-content"), {}, "'content'"),
        ({**properties("properties"), "encoding": "x"}, {}, "encoding"),
        (properties("properties"), {"parameter": []}, "parameter"),
    ],
)
def test_strict_rejects_unknown_keys_anywhere_in_the_body(api, sim, parameter, context_extra, named):
    sim.control.config(dialect="strict")
    response = api.post(EXECUTIONS, json={"parameters": [parameter], **context_extra})
    assert response.status_code == 400 and named in response.json()["message"]
    assert sim.control.executions()["count"] == 0


@pytest.mark.parametrize("dialect", ["spec", "lenient"])
def test_dropping_dialects_ignore_unknown_keys(api, sim, dialect):
    sim.control.config(dialect=dialect)
    response = api.post(EXECUTIONS, json={"parameters": [{**mime("content", "mime-content"), "x": 1}], "y": 2})
    assert response.status_code == 202, response.text


def test_legacy_still_rejects_unknown_context_keys(api):
    response = api.post(EXECUTIONS, json={"parameter": []})
    assert response.status_code == 400 and "parameter" in response.json()["message"]


@pytest.mark.parametrize(("dialect", "status"), [("legacy", 202), ("spec", 202), ("lenient", 202), ("strict", 404)])
def test_trailing_slash(api, sim, dialect, status):
    sim.control.config(dialect=dialect)
    response = api.post(f"/workflows/{SLEEP}/executions/", json=seconds(0))
    assert response.status_code == status
    if dialect == "strict":
        assert sim.control.executions()["count"] == 0
        assert api.get(f"/workflows/{SLEEP}/").status_code == 404
        assert api.get(f"/workflows/{SLEEP}").status_code == 200


@pytest.mark.parametrize(("dialect", "key"), [("legacy", "value"), ("spec", "state"), ("strict", "state")])
def test_state_key_per_dialect(api, sim, dialect, key):
    sim.control.config(dialect=dialect)
    execution_id = api.start(SLEEP, seconds(0))
    assert list(api.get(f"/workflows/{SLEEP}/executions/{execution_id}/state").json()) == [key]


@pytest.mark.parametrize(("dialect", "wrapped"), [("legacy", True), ("spec", False), ("lenient", True)])
def test_log_entries_per_dialect(api, sim, dialect, wrapped):
    sim.control.config(dialect=dialect)
    execution_id = api.start(SLEEP, seconds(0))
    for kind in ("logs", "syslogs"):
        logs = api.get(f"/workflows/{SLEEP}/executions/{execution_id}/{kind}").json()["logs"]
        assert logs and all(list(entry) == ["entry"] for entry in logs) is wrapped
        if not wrapped:
            assert all("short-description" in entry for entry in logs)


def test_dialect_is_reported_and_reset_and_a_quirk_overrides_it(sim):
    config = sim.control.config(dialect="spec", state_key="value")
    assert config["dialect"] == "spec"
    assert config["quirks"]["state_key"] == "value" and config["quirks"]["properties_list_key"] == "properties"
    sim.control.reset()
    assert sim.control.config()["dialect"] == "legacy"


def test_unknown_dialect_is_refused(sim):
    with pytest.raises(Exception, match="400"):
        sim.control.config(dialect="vro9")


def test_dialect_at_start_up():
    with Simulator(dialect="strict") as strict:
        assert strict.dialect == "strict" and strict.control.config()["quirks"]["trailing_slash"] == "404"
        strict.control.reset()
        assert strict.control.config()["dialect"] == "strict"  # reset returns to the start-up dialect


@pytest.mark.parametrize("path", ["/vco/api/about", "/vco/api/nowhere", "/_sim/config", "/vco/api/workflows"])
def test_every_answer_has_a_date(sim, path):
    response = raw(sim, "GET", path, auth=(sim.username, sim.password))
    sent = parsedate_to_datetime(response.headers["Date"]).timestamp()
    assert abs(sent - time.time()) < 5


@pytest.mark.parametrize("auth", [None, ("administrator@vsphere.local", "wrong")])
def test_401_carries_a_challenge(sim, auth):
    response = raw(sim, "GET", "/vco/api/workflows", auth=auth)
    assert response.status_code == 401
    challenges = response.raw.headers.getlist("WWW-Authenticate")
    assert {c.split()[0] for c in challenges} == {"Basic", "Bearer"}


def test_expired_token_fault_also_carries_a_challenge(api, sim):
    sim.control.add_faults({"method": "GET", "path": "/about", "kind": "expire_token"})
    assert "Bearer" in api.get("/about").headers["WWW-Authenticate"]


def test_rate_limit(api, sim):
    sim.control.config(rate_limit=3)
    statuses = [api.get("/about") for _attempt in range(5)]
    assert [r.status_code for r in statuses[:3]] == [200, 200, 200]
    refused = statuses[3]
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    time.sleep(0.4)  # 3 per second: one new request allowed after 1/3 s
    assert api.get("/about").status_code == 200
    assert sim.control.stats()["total"] == 6  # refused requests are still counted
    sim.control.reset()
    assert all(api.get("/about").status_code == 200 for _attempt in range(5))


def test_rate_limit_applies_to_logins_not_to_the_control_api(api, sim):
    sim.control.config(rate_limit=1)
    assert api.get("/about").status_code == 200
    assert raw(sim, "POST", "/iaas/api/login", json={}).status_code == 429
    assert sim.control.config()["quirks"]["rate_limit"] == 1


def test_request_log_keeps_the_path_as_sent_and_masks_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv(REQUEST_LOG_DIR_ENV, str(tmp_path))
    with Simulator() as logged:
        api = Api(logged)
        context = {
            "parameters": [
                {"name": "in_secure", "type": "SecureString", "value": {"secure-string": {"value": "TopSecret"}}}
            ]
        }
        assert api.post(f"{EXECUTIONS}/", json=context).status_code == 202
        api.get("/workflows", params={"conditions": "name=x", "maxResult": 2})
        raw(logged, "POST", "/csp/gateway/am/api/login", json={"username": "u", "password": "Pw0rd!"})
        logged.control.stats()  # the control API is not logged
    (log,) = tmp_path.glob("requests-*.jsonl")
    text = log.read_text()
    assert "TopSecret" not in text and "Pw0rd!" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert [(line["method"], line["path"]) for line in lines] == [
        ("POST", f"/vco/api{EXECUTIONS}/"),
        ("GET", "/vco/api/workflows"),
        ("POST", "/csp/gateway/am/api/login"),
    ]
    assert lines[0]["content_type"] == "application/json"
    assert lines[0]["body"]["parameters"][0]["value"] == {"secure-string": {"value": "********"}}
    assert lines[1]["query"] == {"conditions": ["name=x"], "maxResult": ["2"]} and lines[1]["body"] is None
