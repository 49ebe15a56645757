# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers for the simulator tests: catalog ids, parameter builders, bound requests clients."""

import time

import requests

AWSNEW = "3a0ab069-cf2f-47e0-96f5-4a8920a5dc51"
SLEEP = "d98453d2-6114-409c-adb7-9d4c2328c8e6"
FAIL = "55b69adf-0b18-4709-aadd-e9c584b7d0f0"
APPROVAL = "c0a87531-3ff0-4a69-9715-e8914e828a75"
TWO_STEP = "7d2f4b1e-9c3a-4e58-b6d0-2a1f8e5c9b47"
SIGNAL = "95b5300d-21cc-48ba-a3c7-caf34158292e"
ALL_TYPES = "ecae1a1f-7d4d-4626-a7e7-f7f3fe97b7ed"
DUPLICATE_DEMO = "75fd31e0-dca8-43ad-949b-1cb2ca8154d6"
DUPLICATE_LEGACY = "f2820b16-1846-4b14-9489-7206da8e58c0"
HEALTH_CHECK = "f5ced164-5b4e-4ad0-9f6a-224f7324e755"


def param(name, vro_type, key, value):
    return {"name": name, "type": vro_type, "scope": "local", "value": {key: {"value": value}}}


def seconds(value):
    return {"parameters": [param("seconds", "number", "number", value)]}


class Api:
    """A requests session bound to one simulator: paths are relative to /vco/api.

    `auth`: None for the simulator's Basic credentials, False for none, or a requests auth.
    """

    def __init__(self, sim, auth=None):
        self.sim = sim
        self.session = requests.Session()
        self.session.trust_env = False  # else REQUESTS_CA_BUNDLE / proxy variables override verify
        self.session.verify = sim.ca_path
        self.session.auth = (sim.username, sim.password) if auth is None else auth or None
        self.session.headers.update({"Accept": "application/json"})

    def url(self, path):
        return path if path.startswith("https://") else f"{self.sim.url}/vco/api{path}"

    def get(self, path, **kwargs):
        return self.session.get(self.url(path), **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.session.post(self.url(path), json=json, **kwargs)

    def delete(self, path, **kwargs):
        return self.session.delete(self.url(path), **kwargs)

    def start(self, workflow_id, context=None):
        """Start a run and return its id (from the body on 8.x, the Location on 7.x)."""
        response = self.post(f"/workflows/{workflow_id}/executions", json=context or {})
        assert response.status_code == 202, response.text
        return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]

    def state(self, workflow_id, execution_id):
        return self.get(f"/workflows/{workflow_id}/executions/{execution_id}/state").json()["value"]

    def wait(self, workflow_id, execution_id, states=("completed", "failed", "canceled"), timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state(workflow_id, execution_id)
            if state in states:
                return self.get(f"/workflows/{workflow_id}/executions/{execution_id}").json()
            time.sleep(0.05)
        raise AssertionError(f"execution {execution_id} still {state} after {timeout} s")


CSP_LOGIN = "/csp/gateway/am/api/login?access_token"
IAAS_LOGIN = "/iaas/api/login"


def raw(sim, method, path, **kwargs):
    session = requests.Session()
    session.trust_env = False
    return session.request(method, f"{sim.url}{path}", verify=sim.ca_path, **kwargs)


def bearer_api(sim, token):
    api = Api(sim, auth=False)
    api.session.headers["Authorization"] = f"Bearer {token}"
    return api


def vra_token(sim, **credentials):
    body = {"username": sim.username, "password": sim.password, **credentials}
    refresh = raw(sim, "POST", CSP_LOGIN, json=body).json()["refresh_token"]
    return refresh, raw(sim, "POST", IAAS_LOGIN, json={"refreshToken": refresh}).json()["token"]
