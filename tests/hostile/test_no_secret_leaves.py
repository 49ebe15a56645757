# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 12, items 6-7 (in-process): redirects never carry a secret anywhere, and echoed secrets are masked
in every spelling. Items 8-9 need a real ansible-playbook: tests/integration/test_hostile_playbooks.py."""

from __future__ import annotations

import base64
import html
import json
import re

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroError
from tests.hostile import server as hostile
from tests.hostile.conftest import PASSWORD, SECRET, WORKFLOW

DEFINITION = "/workflows/%s" % WORKFLOW
START = "/workflows/%s/executions" % WORKFLOW


def leaks(text, secret):
    """Whether ``text`` reveals ``secret`` in any spelling an echoing server uses (raw, JSON, HTML, base64)."""
    spellings = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], html.escape(secret)}
    if any(s in text for s in spellings):
        return True
    for token in re.findall(r"[A-Za-z0-9+/=]{8,}", text):
        for start in range(4):
            chunk = token[start:].rstrip("=")
            chunk = chunk[: len(chunk) - len(chunk) % 4]
            try:
                decoded = base64.b64decode(chunk)
            except ValueError:
                continue
            if secret.encode() in decoded:
                return True
    return False


@pytest.fixture
def elsewhere():
    """A second hostile server: "another host/port" that must never hear from us."""
    with hostile.HostileServer() as other:
        yield other


# ---- item 6: redirects --------------------------------------------------------------------------------

OFF_ORIGIN = {
    "another-port": "https://localhost:{other}{path}",
    "another-host": "https://127.0.0.1:{port}{path}",
    "plain-http": "http://localhost:{port}{path}",
}


@pytest.mark.parametrize("target", OFF_ORIGIN.values(), ids=OFF_ORIGIN.keys())
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_get_redirected_off_origin_is_refused_and_nothing_is_sent_there(server, connect, elsewhere, target, status):
    location = target.replace("{other}", str(elsewhere.port))
    server.script("GET", DEFINITION, hostile.redirect(location, status))
    client = connect()
    with pytest.raises(VroError) as caught:
        client.get(DEFINITION)
    assert "not followed" in str(caught.value)
    assert len(server.received) == 1 and not elsewhere.received


def test_a_same_origin_redirect_of_a_get_is_followed_with_the_credentials(server, connect):
    server.script("GET", DEFINITION, hostile.redirect("/vco/api/workflows/%s/" % WORKFLOW, 302))
    assert connect().get(DEFINITION).object["id"] == WORKFLOW
    assert [r.path for r in server.received] == [DEFINITION, DEFINITION]
    assert server.received[1].headers.get("Authorization", "").startswith("Basic ")


@pytest.mark.parametrize("status", [302, 307, 308])
def test_the_start_post_redirected_elsewhere_carries_no_body_anywhere(server, run, elsewhere, status):
    server.script("POST", START, hostile.redirect("https://localhost:%d/vco/api/x" % elsewhere.port, status))
    with pytest.raises(VroError):
        run({"name": "a", "secret": SECRET})
    assert not elsewhere.received
    assert len(server.requests_to("POST")) == 1


@pytest.mark.parametrize("status", [302, 307])
def test_the_vra_login_redirected_elsewhere_sends_the_password_nowhere(server, connect, elsewhere, status):
    server.script(
        "POST", "/csp/gateway/am/api/login", hostile.redirect("https://localhost:%d/login" % elsewhere.port, status)
    )
    client = connect(auth_mode="vra")
    with pytest.raises(VroError) as caught:
        client.get(DEFINITION)
    assert not elsewhere.received
    assert not leaks(str(caught.value), PASSWORD)
    assert len(server.received) == 1


# ---- item 7: echoed secrets in every spelling ----------------------------------------------------------


ECHOES = {
    "json-message": ("json", "message"),
    "json-ascii-message": ("json-ascii", "message"),
    "json-ascii-other-key": ("json-ascii", "request"),  # not a message key: the JSON is shown re-escaped
    "html": ("html", "message"),
    "base64": ("base64", "message"),
    "base64-other-key": ("base64", "request"),
}


@pytest.mark.parametrize("spelling, key", ECHOES.values(), ids=ECHOES.keys())
@pytest.mark.parametrize("part", ["body", "all"])
def test_an_echoed_request_reveals_no_secret(server, connect, spelling, key, part):
    server.script("POST", "/echo", hostile.echo(400, spelling, part, key))
    client = connect()
    client.add_secrets([SECRET])
    with pytest.raises(VroError) as caught:
        client.post("/echo", {"parameters": [{"name": "secret", "value": {"secure-string": {"value": SECRET}}}]})
    message = str(caught.value)
    assert "400" in message
    for secret in (SECRET, PASSWORD, "vro-user:" + PASSWORD):
        assert not leaks(message, secret), message


@pytest.mark.parametrize("spelling", ["json", "json-ascii", "html", "base64"])
def test_an_echoed_basic_authorization_header_reveals_no_password(server, connect, spelling):
    server.script("GET", DEFINITION, hostile.echo(403, spelling, "authorization"))
    with pytest.raises(VroError) as caught:
        connect().get(DEFINITION)
    message = str(caught.value)
    assert "Basic" in message or "QmFz" in message  # the header was echoed: the attack really happened
    assert not leaks(message, PASSWORD) and not leaks(message, "vro-user:" + PASSWORD), message


def test_an_echoed_bearer_token_is_masked(server, connect):
    server.script("GET", DEFINITION, hostile.echo(403, "html", "authorization"))
    client = connect(auth_mode="token", token="tok-Canary-<&>'\"-1", username=None, password=None)
    with pytest.raises(VroError) as caught:
        client.get(DEFINITION)
    assert not leaks(str(caught.value), "tok-Canary-<&>'\"-1")
