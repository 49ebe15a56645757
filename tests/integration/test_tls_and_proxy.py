# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS verification and proxies, end to end: real ansible-playbook runs against the simulator's HTTPS.

The simulator's certificate is signed by its own CA, which no system bundle trusts: a run succeeds
with verification on only when ca_path names that CA. Proxy runs go through a CONNECT proxy on
loopback (tests/integration/connect_proxy.py) that counts the tunnels it opened.
"""

from __future__ import annotations

import certifi
import pytest

from tests.integration.connect_proxy import ConnectProxy
from tests.integration.plays import WORKFLOW_IDS, info, play

# Every proxy variable requests reads, in both cases; a test sets the ones it needs on top.
NO_PROXY_ENV = {
    name: None for base in ("https_proxy", "http_proxy", "all_proxy", "no_proxy") for name in (base, base.upper())
}
# A CA bundle that did not sign the simulator's certificate (the public roots requests ships).
UNRELATED_CA = certifi.where()
INSECURE_WARNING = "validate_certs is false"


def list_runs():
    """The cheapest real call: read the workflow, list its runs (two GETs)."""
    return play(info(name="list runs", register="listed", workflow_id=WORKFLOW_IDS["AWSNEW"]))


def run_list(run_playbook, **env):
    result = run_playbook(list_runs(), env={**NO_PROXY_ENV, **env})
    return result, result.task("list runs")


@pytest.fixture()
def connect_proxy():
    with ConnectProxy() as proxy:
        yield proxy


def test_ca_path_verifies_the_server(run_playbook, fresh_simulator):
    result, task = run_list(run_playbook, VRO_CA_PATH=fresh_simulator.ca_path)

    assert not task["failed"], result
    assert "executions" in task["result"]
    assert not any(INSECURE_WARNING in w for w in task["warnings"])
    assert fresh_simulator.control.stats()["requests"]["GET /workflows/{id}/executions"] == 1


def test_without_ca_path_verification_fails_naming_the_server_and_ca_path(run_playbook, fresh_simulator):
    result, task = run_list(run_playbook, VRO_CA_PATH=None)

    assert task["failed"], result
    message = task["result"]["msg"]
    assert f"{fresh_simulator.host}:{fresh_simulator.port}" in message
    assert "TLS verification failed" in message
    assert "ca_path" in message
    # The handshake failed, so no request reached the API.
    assert fresh_simulator.control.stats()["total"] == 0


def test_validate_certs_false_succeeds_with_a_warning(run_playbook, fresh_simulator):
    result, task = run_list(run_playbook, VRO_CA_PATH=None, VRO_VALIDATE_CERTS="false")

    assert not task["failed"], result
    assert any(INSECURE_WARNING in w for w in task["warnings"]), task["warnings"]
    # urllib3's own InsecureRequestWarning is silenced: the module's one warning says it all.
    assert "InsecureRequestWarning" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "ca_path, bundle_env, succeeds",
    [
        pytest.param("simulator", UNRELATED_CA, True, id="env-bundle-unrelated-ca_path-right"),
        pytest.param(UNRELATED_CA, "simulator", False, id="env-bundle-right-ca_path-unrelated"),
    ],
)
def test_requests_ca_bundle_cannot_override_ca_path(run_playbook, fresh_simulator, ca_path, bundle_env, succeeds):
    """requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE replace `verify=True`; ca_path must win both ways."""
    simulator_ca = fresh_simulator.ca_path
    bundle = simulator_ca if bundle_env == "simulator" else bundle_env
    result, task = run_list(
        run_playbook,
        VRO_CA_PATH=simulator_ca if ca_path == "simulator" else ca_path,
        REQUESTS_CA_BUNDLE=bundle,
        CURL_CA_BUNDLE=bundle,
    )

    assert task["failed"] is not succeeds, result
    if not succeeds:
        assert "TLS verification failed" in task["result"]["msg"]


def test_proxy_url_tunnels_every_request_through_the_proxy(run_playbook, fresh_simulator, connect_proxy):
    result, task = run_list(run_playbook, VRO_PROXY_URL=connect_proxy.url)

    assert not task["failed"], result
    target = f"{fresh_simulator.host}:{fresh_simulator.port}"
    assert set(connect_proxy.tunnels()) == {target}
    assert connect_proxy.tunnels()[target] >= 1


def test_https_proxy_environment_is_honoured_without_proxy_url(run_playbook, fresh_simulator, connect_proxy):
    result, task = run_list(run_playbook, HTTPS_PROXY=connect_proxy.url)

    assert not task["failed"], result
    assert connect_proxy.tunnels().get(f"{fresh_simulator.host}:{fresh_simulator.port}", 0) >= 1


def test_no_proxy_bypasses_the_https_proxy_environment(run_playbook, fresh_simulator, connect_proxy):
    result, task = run_list(run_playbook, HTTPS_PROXY=connect_proxy.url, NO_PROXY=fresh_simulator.host)

    assert not task["failed"], result
    assert connect_proxy.tunnels() == {}
    assert fresh_simulator.control.stats()["requests"]["GET /workflows/{id}/executions"] == 1
