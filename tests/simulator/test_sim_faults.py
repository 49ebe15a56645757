# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection rules and request counting."""

import time

import pytest
import requests
from sim_support import AWSNEW, HEALTH_CHECK, bearer_api, vra_token

EXECUTIONS = r"/executions$"


def test_status_fault_with_retry_after_then_recovers(api, sim):
    sim.control.add_faults(
        {"method": "GET", "path": r"/about$", "kind": "status", "status": 503, "retry_after": 2, "count": 2}
    )
    for _attempt in range(2):
        response = api.get("/about")
        assert response.status_code == 503 and response.headers["Retry-After"] == "2"
        assert response.json()["status"] == 503
    assert api.get("/about").status_code == 200
    assert sim.control.faults() == {"rules": []}


def test_status_fault_with_custom_body(api, sim):
    sim.control.add_faults({"path": "about", "kind": "status", "status": 429, "body": "slow down"})
    response = api.get("/about")
    assert response.status_code == 429 and response.text == "slow down"
    sim.control.add_faults({"path": "about", "kind": "status", "status": 500, "body": {"error": "boom"}})
    assert api.get("/about").json() == {"error": "boom"}


def test_after_skips_the_first_matches_and_method_filters(api, sim):
    sim.control.add_faults({"method": "POST", "path": r"/about", "kind": "status", "status": 500})
    assert api.get("/about").status_code == 200  # GET does not match a POST rule
    sim.control.clear_faults()
    sim.control.add_faults({"method": "*", "path": r"/about", "kind": "status", "status": 502, "after": 2})
    assert [api.get("/about").status_code for _attempt in range(4)] == [200, 200, 502, 200]


@pytest.mark.parametrize(("status", "title"), [(502, "502 Bad Gateway"), (200, "Login")])
def test_html_fault(api, sim, status, title):
    sim.control.add_faults({"path": "about", "kind": "html", "status": status})
    response = api.get("/about")
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html") and title in response.text


def test_drop_closes_without_answer(api, sim):
    sim.control.add_faults({"path": "about", "kind": "drop"})
    with pytest.raises(requests.ConnectionError):
        api.get("/about")
    assert api.get("/about").status_code == 200


def test_drop_after_commit_creates_the_execution(api, sim):
    sim.control.add_faults({"method": "POST", "path": EXECUTIONS, "kind": "drop_after_commit"})
    with pytest.raises(requests.ConnectionError):
        api.post(f"/workflows/{HEALTH_CHECK}/executions", json={})
    assert sim.control.executions()["count"] == 1


def test_slow_fault_delays_the_answer(api, sim):
    sim.control.add_faults({"path": "about", "kind": "slow", "delay": 0.3})
    started = time.monotonic()
    assert api.get("/about").status_code == 200
    assert time.monotonic() - started >= 0.3
    with pytest.raises(requests.Timeout):
        sim.control.add_faults({"path": "about", "kind": "slow", "delay": 0.5})
        api.get("/about", timeout=0.2)


def test_truncated_json_body(api, sim):
    full = api.get(f"/workflows/{AWSNEW}").content
    sim.control.add_faults({"path": AWSNEW, "kind": "truncated"})
    response = api.get(f"/workflows/{AWSNEW}")
    assert response.status_code == 200 and response.content == full[: len(full) // 2]
    with pytest.raises(ValueError):
        response.json()


def test_expire_token_fault(api, sim):
    token = vra_token(sim)[1]
    bearer = bearer_api(sim, token)
    sim.control.add_faults({"path": "about", "kind": "expire_token"})
    assert bearer.get("/about").status_code == 401
    assert bearer.get(f"/workflows/{AWSNEW}").status_code == 401  # the token really expired
    assert api.get("/about").status_code == 200


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "nope"},
        {"kind": "status"},
        {"kind": "drop", "path": "("},
        {"kind": "drop", "count": 0},
        {"kind": "drop", "method": "FETCH"},
        "not a rule",
    ],
)
def test_invalid_rules_are_400(sim, rule):
    with pytest.raises(Exception) as raised:
        sim.control.add_faults(rule)
    assert getattr(raised.value, "code", None) == 400


def test_stats_count_requests_per_template(api, sim):
    execution_id = api.start(HEALTH_CHECK)
    for _attempt in range(3):
        api.state(HEALTH_CHECK, execution_id)
    api.get("/no/such/path")
    sim.control.add_faults({"path": "state$", "kind": "status", "status": 503})
    api.get(f"/workflows/{HEALTH_CHECK}/executions/{execution_id}/state")
    stats = sim.control.stats()
    assert stats["requests"] == {
        "POST /workflows/{id}/executions": 1,
        "GET /workflows/{id}/executions/{eid}/state": 4,
        "GET <unmatched>": 1,
    }
    assert stats["total"] == 6
    sim.control.reset()
    assert sim.control.stats() == {"total": 0, "requests": {}}


def test_stats_timeline_lists_every_request_with_its_time(api, sim):
    before = time.time()
    execution_id = api.start(HEALTH_CHECK)
    api.state(HEALTH_CHECK, execution_id)
    timeline = sim.control.stats(timeline=True)["timeline"]
    assert [label for _moment, label in timeline] == [
        "POST /workflows/{id}/executions",
        "GET /workflows/{id}/executions/{eid}/state",
    ]
    assert before - 0.01 <= timeline[0][0] <= timeline[1][0] <= time.time() + 0.01
    assert "timeline" not in sim.control.stats()
