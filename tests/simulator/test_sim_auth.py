# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Basic auth, the vRA/CSP token flow, bearer tokens and their expiry."""

import time

import pytest
from sim_support import AWSNEW, CSP_LOGIN, HEALTH_CHECK, IAAS_LOGIN, bearer_api, raw, vra_token


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic bm9ib2R5Om5vcGU="},
        {"Authorization": "Basic !!!"},
        {"Authorization": "Bearer unknown-token"},
        {"Authorization": "Negotiate abc"},
    ],
)
def test_missing_or_bad_credentials_are_401_json(api, sim, headers):
    response = raw(sim, "GET", f"/vco/api/workflows/{AWSNEW}", headers=headers)
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_basic_auth_works_and_can_be_disabled(api, sim):
    assert api.get(f"/workflows/{AWSNEW}").status_code == 200
    sim.control.config(basic_auth_enabled=False)
    response = api.get(f"/workflows/{AWSNEW}")
    assert response.status_code == 401 and "basic" in response.json()["message"].lower()
    token = vra_token(sim)[1]
    assert bearer_api(sim, token).get(f"/workflows/{AWSNEW}").status_code == 200


def test_csp_flow_gives_a_bearer_token_that_starts_runs_as_the_user(api, sim):
    login = raw(sim, "POST", CSP_LOGIN, json={"username": sim.username, "password": sim.password})
    assert login.status_code == 200
    body = login.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["refresh_token"]
    iaas = raw(sim, "POST", IAAS_LOGIN, json={"refreshToken": body["refresh_token"]})
    assert iaas.status_code == 200 and iaas.json()["tokenType"] == "Bearer"
    bearer = bearer_api(sim, iaas.json()["token"])
    execution_id = bearer.start(HEALTH_CHECK)
    assert bearer.get(f"/workflows/{HEALTH_CHECK}/executions/{execution_id}").json()["started-by"] == sim.username
    # the CSP access token is usable directly too (the PowerValidatedSolutions shortcut)
    assert bearer_api(sim, body["access_token"]).get("/about").status_code == 200


def test_csp_login_with_domain(api, sim):
    user, domain = sim.username.split("@")
    response = raw(sim, "POST", CSP_LOGIN, json={"username": user, "password": sim.password, "domain": domain})
    assert response.status_code == 200


@pytest.mark.parametrize("status", [400, 401])
def test_csp_bad_credentials(api, sim, status):
    sim.control.config(csp_bad_credentials_status=status)
    response = raw(sim, "POST", CSP_LOGIN, json={"username": sim.username, "password": "wrong"})
    assert response.status_code == status
    body = response.json()
    assert body["statusCode"] == status and "errorCode" in body and body["message"]


@pytest.mark.parametrize("body", [b"", b"{}", b"not json", b'{"username": 1, "password": "x"}'])
def test_csp_malformed_login_is_400_xenon(api, sim, body):
    response = raw(sim, "POST", CSP_LOGIN, data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["statusCode"] == 400


def test_iaas_login_errors(api, sim):
    missing = raw(sim, "POST", IAAS_LOGIN, json={})
    assert missing.status_code == 400 and missing.json()["message"] == "'refreshToken' can not be null."
    unknown = raw(sim, "POST", IAAS_LOGIN, json={"refreshToken": "nope"})
    assert unknown.status_code == 401 and unknown.json()["statusCode"] == 401


def test_removed_login_endpoint(api, sim):
    response = raw(
        sim,
        "POST",
        "/csp/gateway/am/idp/auth/login?access_token",
        json={"username": sim.username, "password": sim.password},
    )
    assert response.status_code == 400 and "No matching handler" in response.json()["message"]


def test_tokens_expire_after_ttl_and_refresh_tokens_stay_valid(api, sim):
    sim.control.config(token_ttl=0.8)
    refresh, token = vra_token(sim)
    bearer = bearer_api(sim, token)
    assert bearer.get("/about").status_code == 200
    time.sleep(0.9)
    expired = bearer.get("/about")
    assert expired.status_code == 401 and "expired" in expired.json()["message"]
    fresh = raw(sim, "POST", IAAS_LOGIN, json={"refreshToken": refresh}).json()["token"]
    assert bearer_api(sim, fresh).get("/about").status_code == 200


def test_expire_all_tokens_now(api, sim):
    refresh, token = vra_token(sim)
    sim.control.expire_tokens()
    assert bearer_api(sim, token).get("/about").status_code == 401
    assert api.get("/about").status_code == 200  # basic is not token based
    fresh = raw(sim, "POST", IAAS_LOGIN, json={"refreshToken": refresh}).json()["token"]
    assert bearer_api(sim, fresh).get("/about").status_code == 200


def test_reset_forgets_tokens(api, sim):
    refresh, token = vra_token(sim)
    sim.control.reset()
    assert bearer_api(sim, token).get("/about").status_code == 401
    assert raw(sim, "POST", IAAS_LOGIN, json={"refreshToken": refresh}).status_code == 401
