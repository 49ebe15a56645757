# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every auth_mode end to end, succeeding and failing clearly, and a token that expires mid-wait.

Where a test must show that a bearer token (not Basic) was used, it turns the server's Basic auth
off first (the `basic_auth_enabled` quirk): a run that then succeeds can only have used the token.
"""

from __future__ import annotations

import json
import ssl
import urllib.request

import pytest

from tests.integration.plays import WORKFLOW_IDS, execute, info, play

CSP_LOGIN = "POST /csp/gateway/am/api/login"
IAAS_LOGIN = "POST /iaas/api/login"
WRONG_PASSWORD = "Not-The-Password-7c1d"
# The simulator's user is administrator@vsphere.local: vRA logs in the short name with a domain.
VRA_USER = "administrator"
VRA_DOMAIN = "vsphere.local"
VRA_ENV = {"VRO_AUTH_MODE": "vra", "VRO_USERNAME": VRA_USER, "VRO_DOMAIN": VRA_DOMAIN}
# Token mode needs neither user nor password: drop the ones the fixture sets.
TOKEN_ENV = {"VRO_AUTH_MODE": "token", "VRO_USERNAME": None, "VRO_PASSWORD": None}


def list_runs():
    """The cheapest real call: read the workflow, list its runs (two GETs)."""
    return play(info(name="list runs", register="listed", workflow_id=WORKFLOW_IDS["AWSNEW"]))


def run_list(run_playbook, **env):
    result = run_playbook(list_runs(), env=env)
    return result, result.task("list runs")


def logins(sim):
    """(CSP logins, refresh-token exchanges) the simulator has answered so far."""
    requests = sim.control.stats()["requests"]
    return requests.get(CSP_LOGIN, 0), requests.get(IAAS_LOGIN, 0)


def login_post(sim, path, body):
    """POST to the simulator's vRA login endpoints as an API user would (curl-style), trusting its CA."""
    context = ssl.create_default_context(cafile=sim.ca_path)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(
        sim.url + path, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    with opener.open(request, timeout=10) as response:
        return json.loads(response.read())


def refresh_token_for(sim):
    answer = login_post(
        sim,
        "/csp/gateway/am/api/login?access_token",
        {"username": VRA_USER, "password": sim.password, "domain": VRA_DOMAIN},
    )
    return answer["refresh_token"]


def access_token_for(sim):
    return login_post(sim, "/iaas/api/login", {"refreshToken": refresh_token_for(sim)})["token"]


def test_basic_auth_succeeds_without_any_login_call(run_playbook, fresh_simulator):
    result, task = run_list(run_playbook)

    assert not task["failed"], result
    assert logins(fresh_simulator) == (0, 0)
    assert fresh_simulator.control.stats()["requests"]["GET /workflows/{id}/executions"] == 1


def test_basic_auth_wrong_password_names_the_user_and_401_not_the_password(run_playbook, fresh_simulator):
    result, task = run_list(run_playbook, VRO_PASSWORD=WRONG_PASSWORD)

    assert task["failed"], result
    message = task["result"]["msg"]
    assert fresh_simulator.username in message
    assert "HTTP 401" in message
    assert WRONG_PASSWORD not in result.stdout + result.stderr + json.dumps(task["result"])


def test_basic_auth_disabled_on_the_server_suggests_auth_mode_vra(run_playbook, fresh_simulator):
    fresh_simulator.control.config(basic_auth_enabled=False)

    result, task = run_list(run_playbook)

    assert task["failed"], result
    message = task["result"]["msg"]
    assert "HTTP 401" in message
    assert "auth_mode: vra" in message


def test_vra_login_gets_a_bearer_token_from_csp_and_iaas(run_playbook, fresh_simulator):
    fresh_simulator.control.config(basic_auth_enabled=False)

    result, task = run_list(run_playbook, **VRA_ENV)

    assert not task["failed"], result
    assert logins(fresh_simulator) == (1, 1)


@pytest.mark.parametrize("csp_status", [400, 401])
def test_vra_bad_credentials_fail_as_a_refused_login(run_playbook, fresh_simulator, csp_status):
    """vRA answers bad credentials with 400; some deployments answer 401 (quirk): both read the same."""
    fresh_simulator.control.config(csp_bad_credentials_status=csp_status)

    result, task = run_list(run_playbook, VRO_PASSWORD=WRONG_PASSWORD, **VRA_ENV)

    assert task["failed"], result
    message = task["result"]["msg"]
    assert f"vRA login for user '{VRA_USER}'" in message
    assert f"refused (HTTP {csp_status})" in message
    assert "Invalid username or password" in message
    assert WRONG_PASSWORD not in result.stdout + result.stderr
    # One refused login, no token exchange, nothing sent to the API with a guessed credential.
    assert fresh_simulator.control.stats()["requests"] == {CSP_LOGIN: 1}


@pytest.mark.parametrize(
    "variable, exchanges",
    [
        pytest.param("VRO_TOKEN", 0, id="access-token-used-as-is"),
        pytest.param("VRO_REFRESH_TOKEN", 1, id="refresh-token-exchanged-once"),
    ],
)
def test_token_mode_calls_vro_with_a_bearer_token(run_playbook, fresh_simulator, variable, exchanges):
    """The test gets its tokens from the simulator's CSP and iaas endpoints, as an API user would."""
    fresh_simulator.control.config(basic_auth_enabled=False)
    refresh_token = refresh_token_for(fresh_simulator)
    credential = refresh_token if variable == "VRO_REFRESH_TOKEN" else access_token_for(fresh_simulator)
    csp_before, iaas_before = logins(fresh_simulator)

    result, task = run_list(run_playbook, **{variable: credential}, **TOKEN_ENV)

    assert not task["failed"], result
    assert logins(fresh_simulator) == (csp_before, iaas_before + exchanges)


@pytest.mark.parametrize(
    "variable, explanation",
    [
        pytest.param(
            "VRO_TOKEN", "rejected the bearer token (HTTP 401) and no refresh_token", id="unknown-access-token"
        ),
        pytest.param("VRO_REFRESH_TOKEN", "refresh token for an access token at", id="unknown-refresh-token"),
    ],
)
def test_token_mode_with_an_unknown_token_fails_clearly(run_playbook, fresh_simulator, variable, explanation):
    result, task = run_list(run_playbook, **{variable: "no-such-token-4e1a"}, **TOKEN_ENV)

    assert task["failed"], result
    message = task["result"]["msg"]
    assert explanation in message
    assert "HTTP 401" in message


def test_token_expiring_mid_wait_is_renewed_once_and_the_run_is_not_repeated(run_playbook, fresh_simulator):
    """The token dies twice: on the POST that starts the run and while polling its state.

    Each time vRO refuses the request with 401, so the client logs in again and repeats it:
    the refused POST started nothing, so exactly one run exists and the wait completes.
    """
    sleep_id = WORKFLOW_IDS["Sleep"]
    fresh_simulator.control.add_faults(
        {"method": "POST", "path": f"/workflows/{sleep_id}/executions/?$", "kind": "expire_token"},
        {"method": "GET", "path": "/state$", "kind": "expire_token", "after": 1},
    )

    result = run_playbook(
        play(execute(register="run", workflow_id=sleep_id, inputs={"seconds": 1.5}, wait=True, poll_interval=0.5)),
        env=VRA_ENV,
    )

    task = result.task("execute")
    assert not task["failed"], result
    assert task["result"]["state"] == "completed"
    runs = fresh_simulator.control.executions()
    assert runs["count"] == 1
    assert task["result"]["execution_id"] == runs["executions"][0]["id"]
    stats = fresh_simulator.control.stats()["requests"]
    assert stats[CSP_LOGIN] == 1  # the refresh token is kept: renewing needs no password round trip
    assert stats[IAAS_LOGIN] == 3  # the first token, then one renewal per expiry
    assert stats["POST /workflows/{id}/executions"] == 2
    assert fresh_simulator.control.faults()["rules"] == []  # both expiries really happened
