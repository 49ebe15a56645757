# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret ever reaches the output: real `ansible-playbook -vvv` runs, every byte grepped.

A simulator of its own runs with a distinctive password; the SecureString value, the wrong
password and the tokens are distinctive too, so a grep cannot pass by accident. Each scenario
(success, auth failure, TLS failure, a server error whose body echoes secrets, a lost start,
vra and token modes) first proves it really took its path, then every secret is searched for in
stdout, stderr and the registered results (also dumped with debug). A leak fails the test with
where and around what it appeared, the secret itself replaced by its name.
"""

from __future__ import annotations

import base64
import json
import re

import certifi
import pytest

from tests.integration.connect_proxy import ConnectProxy
from tests.integration.plays import WORKFLOW_IDS, execute, play
from tests.integration.test_auth import TOKEN_ENV, VRA_DOMAIN, VRA_ENV, login_post

ALL_TYPES = WORKFLOW_IDS["AllTypes"]
START_PATH = f"/workflows/{ALL_TYPES}/executions/?$"
PASSWORD = "Canary-Pw-5f2e9a71d3"
WRONG_PASSWORD = "Canary-WrongPw-8c40be27"
SECURE_VALUE = "Canary-Secure-0b7d13c4f9"
PROXY_PASSWORD = "Canary-ProxyPw-3e6a90d1"
# Whatever token a run obtained by itself cannot be known here: catch any Authorization value.
CREDENTIAL_PATTERNS = {
    "a bearer token": re.compile(r"Bearer\s+[A-Za-z0-9._~+/=-]{16,}"),
    "an Authorization header value": re.compile(
        r"Authorization['\"]?\s*[:=]\s*['\"]?\w+\s+[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE
    ),
}
CONTEXT = 60


def basic_header(username, password):
    return base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture(scope="module")
def canary_simulator():
    from simulator.testing import Simulator  # pylint: disable=import-outside-toplevel

    with Simulator(password=PASSWORD) as sim:
        yield sim


@pytest.fixture()
def canary(canary_simulator):
    canary_simulator.control.reset()
    yield canary_simulator
    canary_simulator.control.reset()


def known_secrets(sim):
    return {
        "the password": PASSWORD,
        "the wrong password": WRONG_PASSWORD,
        "the SecureString value": SECURE_VALUE,
        "the proxy password": PROXY_PASSWORD,
        "the Basic credentials (base64 of user:password)": basic_header(sim.username, PASSWORD),
        "the wrong Basic credentials": basic_header(sim.username, WRONG_PASSWORD),
    }


def leaks(text, secrets):
    """One line per leaked secret or credential-shaped string, with context, the secret masked by name."""
    found = []
    for name, value in secrets.items():
        start = text.find(value)
        if start >= 0:
            found.append((name, start, start + len(value)))
    for name, pattern in CREDENTIAL_PATTERNS.items():
        found.extend((name, match.start(), match.end()) for match in pattern.finditer(text))
    report = []
    for name, start, end in found:
        before = text[max(start - CONTEXT, 0) : start]
        after = text[end : end + CONTEXT]
        masked = f"{before}<<{name.upper()}>>{after}"
        for value in secrets.values():  # context may hold another secret: never print one
            masked = masked.replace(value, "<<SECRET>>")
        report.append(f"{name} leaked at offset {start}: ...{masked!r}...")
    return report


def assert_nothing_leaked(result, secrets):
    places = {"stdout": result.stdout, "stderr": result.stderr}
    places.update((f"result of task {t['task']!r}", json.dumps(t["result"])) for t in result.tasks)
    report = [f"{where}: {line}" for where, text in places.items() for line in leaks(text, secrets)]
    assert not report, "SECRET LEAK in ansible-playbook -vvv output:\n" + "\n".join(report)


def run_all_types(run_playbook, sim, env=None, **args):
    """AllTypes with a SecureString input, at -vvv, its registered result dumped by debug."""
    playbook = play(
        execute(
            name="run",
            register="run",
            workflow_id=ALL_TYPES,
            inputs={"in_secure": SECURE_VALUE, "in_string": "canary"},
            **args,
        ),
        {"name": "dump", "ansible.builtin.debug": {"var": "run"}},
    )
    result = run_playbook(playbook, env=env, sim=sim, verbosity=3)
    return result, result.task("run")["result"]


def sent_secure_value(sim):
    """True when the simulator received the SecureString value: the scenario really used it."""
    return any(SECURE_VALUE in json.dumps(run["inputs"]) for run in sim.control.executions()["executions"])


def test_leak_check_finds_a_planted_secret_without_printing_it():
    secrets = {"the password": PASSWORD}
    text = f'msg: "login as admin with {PASSWORD} failed", headers: {{"Authorization": "Bearer abcdefghijklmnopqrstuvwxyz"}}'

    report = leaks(text, secrets)

    assert len(report) == 3  # the password, the bearer token, the header
    assert all(PASSWORD not in line for line in report)
    assert "<<THE PASSWORD>>" in report[0]
    assert leaks("Basic auth may be disabled: use auth_mode: vra; rejected the bearer token", secrets) == []


def test_success_with_a_secure_string(run_playbook, canary):
    result, run = run_all_types(run_playbook, canary, wait=True, poll_interval=0.3)

    assert run["state"] == "completed", result
    assert run["outputs"]["out_secure"] == "********"
    assert sent_secure_value(canary)
    assert_nothing_leaked(result, known_secrets(canary))


def test_basic_auth_failure(run_playbook, canary):
    result, run = run_all_types(run_playbook, canary, env={"VRO_PASSWORD": WRONG_PASSWORD})

    assert "HTTP 401" in run["msg"], result
    assert_nothing_leaked(result, known_secrets(canary))


def test_tls_failure(run_playbook, canary):
    result, run = run_all_types(run_playbook, canary, env={"VRO_CA_PATH": certifi.where()})

    assert "TLS verification failed" in run["msg"], result
    assert_nothing_leaked(result, known_secrets(canary))


def test_server_error_whose_body_echoes_the_secrets(run_playbook, canary):
    echo = f"Cannot start: in_secure={SECURE_VALUE} rejected; session of {canary.username}/{PASSWORD} closed"
    canary.control.add_faults(
        {"method": "POST", "path": START_PATH, "kind": "status", "status": 500, "body": {"message": echo}}
    )

    result, run = run_all_types(run_playbook, canary)

    assert "HTTP 500" in run["msg"], result
    assert "Cannot start: in_secure=********" in run["msg"]  # the body is shown, the secrets in it masked
    assert_nothing_leaked(result, known_secrets(canary))


def test_lost_start(run_playbook, canary):
    canary.control.add_faults({"method": "POST", "path": START_PATH, "kind": "drop_after_commit"})

    result, run = run_all_types(run_playbook, canary, env={"VRO_RETRY_BACKOFF": "0.05"})

    assert canary.control.stats()["requests"]["POST /workflows/{id}/executions"] == 1, result
    assert run["execution_id"] == canary.control.executions()["executions"][0]["id"]  # recovered, not restarted
    assert sent_secure_value(canary)
    assert_nothing_leaked(result, known_secrets(canary))


def test_vra_mode_success_with_a_token_renewal_and_failure(run_playbook, canary):
    canary.control.add_faults({"method": "GET", "path": "/state$", "kind": "expire_token"})
    result, run = run_all_types(run_playbook, canary, env=VRA_ENV, wait=True, poll_interval=0.3)
    assert run["state"] == "completed", result
    assert canary.control.stats()["requests"]["POST /iaas/api/login"] == 2  # the renewal happened
    assert_nothing_leaked(result, known_secrets(canary))

    failed, run = run_all_types(run_playbook, canary, env={**VRA_ENV, "VRO_PASSWORD": WRONG_PASSWORD})
    assert "vRA login" in run["msg"] and "refused" in run["msg"], failed
    assert_nothing_leaked(failed, known_secrets(canary))


def vra_tokens(sim):
    refresh = login_post(
        sim,
        "/csp/gateway/am/api/login?access_token",
        {"username": "administrator", "password": PASSWORD, "domain": VRA_DOMAIN},
    )["refresh_token"]
    return refresh, login_post(sim, "/iaas/api/login", {"refreshToken": refresh})["token"]


def test_token_modes_success_and_failure(run_playbook, canary):
    refresh_token, token = vra_tokens(canary)
    secrets = {**known_secrets(canary), "the token": token, "the refresh token": refresh_token}

    given, run = run_all_types(run_playbook, canary, env={**TOKEN_ENV, "VRO_TOKEN": token})
    assert run["execution_id"], given
    exchanged, run = run_all_types(run_playbook, canary, env={**TOKEN_ENV, "VRO_REFRESH_TOKEN": refresh_token})
    assert run["execution_id"], exchanged
    canary.control.expire_tokens()
    refused, run = run_all_types(run_playbook, canary, env={**TOKEN_ENV, "VRO_TOKEN": token})
    assert "HTTP 401" in run["msg"], refused

    for result in (given, exchanged, refused):
        assert_nothing_leaked(result, secrets)


def test_proxy_url_with_credentials(run_playbook, canary):
    """The proxy's password rides inside proxy_url, an option that as a whole is not secret."""
    with ConnectProxy() as proxy:
        through, run = run_all_types(
            run_playbook, canary, env={"VRO_PROXY_URL": proxy.url.replace("//", f"//ops:{PROXY_PASSWORD}@")}
        )
        assert run["execution_id"] and proxy.tunnels(), through
        proxy_port = proxy.url.rsplit(":", 1)[1]
    # The same proxy, stopped: the run fails reaching it, and the URL stays in the invocation.
    unreachable, run = run_all_types(
        run_playbook,
        canary,
        env={
            "VRO_PROXY_URL": f"http://ops:{PROXY_PASSWORD}@127.0.0.1:{proxy_port}",
            "VRO_RETRIES": "0",
        },
    )
    assert "through the proxy" in run["msg"], unreachable

    for result in (through, unreachable):
        assert_nothing_leaked(result, known_secrets(canary))


# ---- issue 12, item 8: every path a secret can take ---------------------------------------------------

ODD_PROXY_PASSWORDS = {
    "a # in it": "Canary-Px#1a7e",
    "a / in it": "Canary-Px/2b8f",
    "a ? in it": "Canary-Px?3c9a",
}


@pytest.mark.parametrize("password", ODD_PROXY_PASSWORDS.values(), ids=ODD_PROXY_PASSWORDS.keys())
def test_a_proxy_password_with_url_characters_is_masked(run_playbook, canary, password):
    for proxy_url in (f"http://ops:{password}@127.0.0.1:9", f"ops:{password}@127.0.0.1:9"):  # with and without scheme
        result, run = run_all_types(run_playbook, canary, env={"VRO_PROXY_URL": proxy_url, "VRO_RETRIES": "0"})
        assert run.get("failed") or run.get("msg"), result
        assert_nothing_leaked(result, {**known_secrets(canary), "the proxy password": password})


def test_a_token_with_a_trailing_newline_is_used_not_quoted(run_playbook, canary):
    """A token pasted as a YAML block scalar ends in a newline, which no HTTP header may carry."""
    _refresh_token, token = vra_tokens(canary)
    result, run = run_all_types(run_playbook, canary, env={**TOKEN_ENV, "VRO_TOKEN": token + "\n"})
    assert run["execution_id"], result
    assert_nothing_leaked(result, {**known_secrets(canary), "the token": token})


def test_a_numeric_secure_string_in_raw_parameters_is_masked_in_check_mode_payload_and_diff(run_playbook, canary):
    number = 7301946285
    playbook = play(
        execute(
            name="run",
            register="run",
            workflow_id=ALL_TYPES,
            parameters=[
                {"name": "in_secure", "type": "SecureString", "value": {"secure-string": {"value": number}}},
                {"name": "in_string", "type": "string", "value": {"string": {"value": "canary"}}},
            ],
        ),
        {"name": "dump", "ansible.builtin.debug": {"var": "run"}},
    )
    result = run_playbook(playbook, sim=canary, verbosity=3, check=True, diff=True)
    run = result.task("run")["result"]
    assert "payload" in run, result
    assert_nothing_leaked(result, {**known_secrets(canary), "the numeric SecureString": str(number)})
