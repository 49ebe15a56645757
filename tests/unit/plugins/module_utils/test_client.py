# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VroClient with a stubbed transport: retry policy, error mapping, auth, secrets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests
import urllib3

from ansible_collections.opsflow.vro.plugins.module_utils import _busy, _client
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroAuthError,
    VroConnectionError,
    VroHttpError,
    VroNotFoundError,
    VroOutcomeUnknownError,
    VroResponseError,
    VroTlsError,
)

PASSWORD = "pa55-Unit-Secret"


class FakeRaw:
    """A streamed ``requests`` response: the client reads it with ``iter_content`` and closes it."""

    encoding = "utf-8"

    def __init__(self, status, body="", headers=None):
        self.status_code = status
        self.text = body if isinstance(body, str) else json.dumps(body)
        self.headers = headers or {}

    def iter_content(self, size):
        data = self.text.encode("utf-8")
        return (data[i : i + size] for i in range(0, len(data), size))

    def close(self):
        pass


class FakeTransport:
    """Stands in for ``session.request``: answers from a script, records every call."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, method, url, data=None, headers=None, timeout=None, verify=None, proxies=None, **_options):
        self.calls.append(
            {"method": method, "url": url, "data": data, "headers": headers or {}, "verify": verify, "proxies": proxies}
        )
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class FakeTime:
    """A clock that only moves when the client sleeps; every sleep is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self):
        return self.now


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def sleeps(fake_time):
    return fake_time.sleeps


@pytest.fixture
def make_client(fake_time):
    def make(*answers, **options):
        options.setdefault("username", "admin")
        options.setdefault("password", PASSWORD)
        client = _client.VroClient("vro.example.com", 8281, sleep=fake_time.sleep, clock=fake_time.clock, **options)
        client.session.request = FakeTransport(*answers)
        return client

    return make


def test_get_sends_json_headers_and_builds_url(make_client):
    client = make_client(FakeRaw(200, {"ok": True}))
    response = client.get("/about")
    call = client.session.request.calls[0]
    assert call["url"] == "https://vro.example.com:8281/vco/api/about"
    assert client.session.headers["Accept"] == "application/json"
    assert response.json == {"ok": True}
    assert client.session.auth == (b"admin", PASSWORD.encode())


def test_query_string_is_sent_verbatim(make_client):
    client = make_client(FakeRaw(200, {}))
    client.get("/workflows", query="conditions=name=A%20B")
    assert client.session.request.calls[0]["url"].endswith("/workflows?conditions=name=A%20B")


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_safe_requests_are_retried_on_transient_statuses(make_client, sleeps, status):
    client = make_client(FakeRaw(status, "busy"), FakeRaw(status, "busy"), FakeRaw(200, {"value": "running"}))
    assert client.get("/x").json == {"value": "running"}
    assert len(client.session.request.calls) == 3
    assert len(sleeps) == 2
    assert sleeps[1] > 0


def test_retry_after_is_honoured(make_client, sleeps):
    client = make_client(FakeRaw(429, "slow down", {"Retry-After": "7"}), FakeRaw(200, {}))
    client.get("/x")
    assert sleeps == [pytest.approx(7.0, abs=0.1)]


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "Wed, 21 Oct 2026 07:28:00 GMT"])
def test_unusable_retry_after_falls_back_to_backoff(make_client, sleeps, value):
    client = make_client(FakeRaw(503, "busy", {"Retry-After": value}), FakeRaw(200, {}), retry_backoff=1.0)
    client.get("/x")
    assert 0.5 <= sleeps[0] <= 1.0


def test_retry_after_is_capped(make_client, sleeps):
    client = make_client(FakeRaw(429, "slow down", {"Retry-After": "3600"}), FakeRaw(200, {}))
    client.get("/x")
    assert sleeps == [pytest.approx(60.0, abs=0.1)]


def test_lost_answer_to_a_login_is_a_plain_connection_error(make_client):
    """A login changes nothing on the server, so it must not look like a lost start of a run."""
    lost = requests.exceptions.ConnectionError("RemoteDisconnected('Remote end closed connection without response')")
    client = make_client(lost, auth_mode="vra")
    with pytest.raises(VroConnectionError) as caught:
        client.post("/workflows/w/executions/", {})
    assert not isinstance(caught.value, VroOutcomeUnknownError)


@pytest.mark.parametrize(
    "body",
    ['{"message": "bad %s here"}', "%s" + "x" * 400, "<html><title>%s</title></html>", '{"message": "a\\"b %s"}'],
)
def test_secrets_are_masked_before_bodies_are_cut_or_unescaped(make_client, body):
    secret = "S3cr3t-P@ss w0rd!" + "y" * 290
    client = make_client(FakeRaw(500, body % secret.replace('"', '\\"')))
    client.add_secrets([secret])
    with pytest.raises(VroOutcomeUnknownError) as caught:  # a 500 to a POST: the run may exist
        client.post("/x", {})
    assert "S3cr3t" not in str(caught.value)


def test_the_server_clock_is_learned_from_date_headers(make_client):
    client = make_client(FakeRaw(200, {}, {"Date": "Sat, 28 Nov 2026 09:00:00 GMT"}))
    client.get("/x")
    assert client.server_clock_offset is not None


def test_backoff_grows_exponentially_with_jitter(make_client, sleeps):
    client = make_client(*([FakeRaw(503)] * 4), retry_backoff=1.0)
    with pytest.raises(VroHttpError) as caught:
        client.get("/x")
    assert caught.value.status == 503
    assert len(sleeps) == 3
    for attempt, delay in enumerate(sleeps):
        assert 0.5 * 2**attempt <= delay <= 2**attempt


def test_retries_are_bounded(make_client, sleeps):
    client = make_client(*([requests.exceptions.ConnectionError("reset")] * 3), retries=2)
    with pytest.raises(VroConnectionError):
        client.get("/x")
    assert len(client.session.request.calls) == 3


def test_a_connection_error_says_how_many_attempts_took_how_long(make_client):
    client = make_client(*([requests.exceptions.ConnectionError("refused")] * 3), retries=2, request_timeout=2)
    with pytest.raises(VroConnectionError) as caught:
        client.get("/x")
    assert "(3 attempts in 0.0 s; request_timeout: 2 s each, retries: 2, retry_backoff: 1.0 s)" in str(caught.value)
    assert caught.value.details["attempts"] == 3

    client = make_client(requests.exceptions.ConnectionError("refused"))
    with pytest.raises(VroConnectionError) as caught:
        client.post("/workflows/w/executions/", {})
    assert str(caught.value).endswith("(1 attempt in 0.0 s; request_timeout: 30 s each, a POST is not retried)")


def test_truncated_json_on_get_is_retried(make_client):
    client = make_client(FakeRaw(200, '{"value": "runn'), FakeRaw(200, {"value": "running"}))
    assert client.get("/x").json["value"] == "running"


def test_truncated_json_after_retries_is_a_clear_error(make_client):
    client = make_client(*([FakeRaw(200, '{"value": "runn')] * 4))
    with pytest.raises(VroResponseError, match="not valid JSON"):
        client.get("/x")


def test_post_is_never_retried_on_transient_status(make_client):
    client = make_client(FakeRaw(503, "<html><title>503 Service Unavailable</title></html>"))
    with pytest.raises(VroOutcomeUnknownError) as caught:
        client.post("/workflows/w/executions/", {"parameters": []})
    assert len(client.session.request.calls) == 1
    assert "503 Service Unavailable" in str(caught.value)


@pytest.mark.parametrize(
    "refusal",
    [
        FakeRaw(503, "busy", {"Retry-After": "1"}),  # a proxy may answer 503 after passing the POST on
        FakeRaw(429, "slow down"),  # no Retry-After: not a rate limiter's refusal we can rely on
        FakeRaw(502, "bad gateway", {"Retry-After": "1"}),
    ],
    ids=["503-with-retry-after", "429-without-retry-after", "502"],
)
def test_post_refusal_that_proves_nothing_is_not_repeated(make_client, refusal):
    client = make_client(refusal)
    with pytest.raises((VroHttpError, VroOutcomeUnknownError)):
        client.post("/workflows/w/executions/", {"parameters": []})
    assert len(client.session.request.calls) == 1


def test_post_refused_by_a_rate_limiter_is_repeated_after_retry_after(make_client, sleeps):
    client = make_client(
        FakeRaw(429, "Too many requests", {"Retry-After": "2"}),
        FakeRaw(429, "Too many requests", {"Retry-After": "2"}),
        FakeRaw(202, {"id": "e1"}),
    )
    assert client.post("/workflows/w/executions/", {"parameters": []}).json == {"id": "e1"}
    assert [call["method"] for call in client.session.request.calls] == ["POST"] * 3
    assert sleeps == [pytest.approx(2.0)] * 2


def test_busy_answers_with_retry_after_do_not_use_up_the_retries(make_client, sleeps):
    busy = [FakeRaw(503, "busy", {"Retry-After": "1"})] * 5
    client = make_client(*busy, FakeRaw(200, {"value": "running"}), retries=1)
    assert client.get("/x").json == {"value": "running"}
    assert client.busy_answers == 5


def test_busy_retries_end_after_max_busy_wait(make_client, sleeps):
    answers = [FakeRaw(429, "slow down", {"Retry-After": "60"})] * 20
    client = make_client(*answers, retries=0)
    with pytest.raises(VroHttpError) as caught:
        client.get("/x")
    assert caught.value.status == 429
    assert len(client.session.request.calls) == int(_busy.MAX_BUSY_WAIT // 60) + 1


def test_after_a_busy_answer_requests_take_turns_until_vro_keeps_up(make_client, sleeps):
    client = make_client(FakeRaw(429, "slow down", {"Retry-After": "0"}), *[FakeRaw(200, {})] * 300)
    client.get("/x")  # refused once, then served: from now on requests are spaced out
    sleeps.clear()
    client.get("/y")
    client.get("/y")
    assert sleeps == [pytest.approx(_busy.FIRST_PACE), pytest.approx(_busy.FIRST_PACE * _busy.PACE_RELIEF)]
    for _request in range(150):
        client.get("/z")  # every answer that is not busy narrows the gap, until it is gone
    sleeps.clear()
    client.get("/z")
    assert sleeps == []


def test_the_refusals_of_one_burst_widen_the_gap_once(make_client, sleeps):
    burst = [FakeRaw(429, "slow down", {"Retry-After": "0"})] * 3
    client = make_client(*burst, FakeRaw(200, {}), FakeRaw(200, {}), retries=0)
    client.get("/x")  # three refusals within a second count as one: the gap is the first, not 4 x
    sleeps.clear()
    client.get("/y")
    assert sleeps == [pytest.approx(_busy.FIRST_PACE)]


def test_retry_after_holds_back_the_other_threads_requests(make_client, sleeps):
    client = make_client(FakeRaw(503, "busy", {"Retry-After": "5"}), FakeRaw(200, {}))
    with pytest.raises(VroOutcomeUnknownError):
        client.post("/workflows/w/executions/", {"parameters": []})  # a 503 to a start is not repeated
    assert sleeps == []
    client.get("/other")  # but the next request of the same client waits until Retry-After
    assert sleeps == [pytest.approx(5.0)]


def test_post_with_lost_answer_is_outcome_unknown_not_retried(make_client):
    client = make_client(
        requests.exceptions.ConnectionError("RemoteDisconnected('Remote end closed connection without response')")
    )
    with pytest.raises(VroOutcomeUnknownError):
        client.post("/workflows/w/executions/", {"parameters": []})
    assert len(client.session.request.calls) == 1


def test_post_read_timeout_is_outcome_unknown(make_client):
    client = make_client(requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(VroOutcomeUnknownError):
        client.post("/workflows/w/executions/", {})


def refused():
    """What requests raises when nothing listens: the request never left."""
    reason = urllib3.exceptions.NewConnectionError(
        None, "Failed to establish a new connection: [Errno 111] Connection refused"
    )
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/vco/api/x", reason))


def test_post_refused_connection_is_a_plain_connection_error(make_client):
    client = make_client(refused())
    with pytest.raises(VroConnectionError) as caught:
        client.post("/workflows/w/executions/", {})
    assert not isinstance(caught.value, VroOutcomeUnknownError)
    assert "vro.example.com:8281" in str(caught.value)


def test_tls_failure_names_host_and_suggests_ca_path(make_client):
    client = make_client(requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED"))
    with pytest.raises(VroTlsError) as caught:
        client.get("/x")
    assert "vro.example.com:8281" in str(caught.value)
    assert "ca_path" in str(caught.value)


def test_401_on_basic_is_an_auth_error_without_the_password(make_client):
    client = make_client(FakeRaw(401, {"message": "Unauthorized"}))
    with pytest.raises(VroAuthError) as caught:
        client.get("/x")
    assert "admin" in str(caught.value)
    assert PASSWORD not in str(caught.value)
    assert len(client.session.request.calls) == 1


def test_404_maps_to_not_found_with_vro_message(make_client):
    client = make_client(
        FakeRaw(404, {"status": 404, "message": "Cannot find a workflow execution with the specified ID"})
    )
    with pytest.raises(VroNotFoundError, match="Cannot find a workflow execution"):
        client.get("/x")


def test_html_login_page_with_200_is_an_auth_error(make_client):
    client = make_client(
        FakeRaw(
            200,
            "<html><head><title>VMware Identity Manager - Login</title></head></html>",
            {"Content-Type": "text/html"},
        )
    )
    with pytest.raises(VroAuthError, match="Identity Manager"):
        client.get("/x")


def test_secrets_in_error_bodies_are_redacted(make_client):
    client = make_client(FakeRaw(400, {"message": "bad value s3cr3t-value for input pwd"}))
    client.add_secrets(["s3cr3t-value"])
    with pytest.raises(VroHttpError) as caught:
        client.post("/workflows/w/executions/", {})
    assert "s3cr3t-value" not in str(caught.value)
    assert "********" in str(caught.value)


def test_vra_login_flow_and_bearer_header(make_client):
    client = make_client(
        FakeRaw(200, {"refresh_token": "refresh-1"}),
        FakeRaw(200, {"tokenType": "Bearer", "token": "access-1"}),
        FakeRaw(200, {"ok": 1}),
        auth_mode="vra",
        domain="corp.example.com",
    )
    client.get("/about")
    login, iaas, call = client.session.request.calls
    assert login["url"] == "https://vro.example.com:8281/csp/gateway/am/api/login?access_token"
    assert json.loads(login["data"]) == {"username": "admin", "password": PASSWORD, "domain": "corp.example.com"}
    assert iaas["url"].endswith("/iaas/api/login")
    assert json.loads(iaas["data"]) == {"refreshToken": "refresh-1"}
    assert call["headers"]["Authorization"] == "Bearer access-1"
    assert client.session.auth is None
    assert {"refresh-1", "access-1", PASSWORD} <= client.secrets


def test_expired_token_triggers_one_new_login(make_client):
    client = make_client(
        FakeRaw(401, "expired"),
        FakeRaw(200, {"token": "access-2"}),
        FakeRaw(200, {"value": "running"}),
        auth_mode="token",
        token="access-1",
        refresh_token="refresh-1",
        username=None,
        password=None,
    )
    assert client.get("/x").json == {"value": "running"}
    assert client.session.request.calls[2]["headers"]["Authorization"] == "Bearer access-2"


def test_second_401_is_a_clear_auth_error(make_client):
    client = make_client(
        FakeRaw(401, "expired"),
        FakeRaw(200, {"token": "access-2"}),
        FakeRaw(401, "still no"),
        auth_mode="token",
        token="access-1",
        refresh_token="refresh-1",
    )
    with pytest.raises(VroAuthError, match="bearer token"):
        client.get("/x")


@pytest.mark.parametrize("status", [400, 401])
def test_vra_bad_credentials_either_status_is_auth_error(make_client, status):
    client = make_client(
        FakeRaw(status, {"message": "Invalid username or password", "statusCode": status}), auth_mode="vra"
    )
    with pytest.raises(VroAuthError) as caught:
        client.get("/x")
    assert "Invalid username or password" in str(caught.value)
    assert PASSWORD not in str(caught.value)


def test_removed_login_endpoint_is_explained(make_client):
    client = make_client(FakeRaw(400, {"message": "No matching handler"}), auth_mode="vra")
    with pytest.raises(VroAuthError, match="8.12"):
        client.get("/x")


def test_plain_token_without_refresh_cannot_relogin(make_client):
    client = make_client(FakeRaw(401, "expired"), auth_mode="token", token="access-1")
    with pytest.raises(VroAuthError):
        client.get("/x")
    assert len(client.session.request.calls) == 1


def test_proxy_and_ca_path_are_given_with_every_request(make_client, monkeypatch):
    # requests would let these environment variables override session-level settings
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.setenv("HTTPS_PROXY", "http://elsewhere:8080")
    client = make_client(FakeRaw(200, {}), proxy_url="http://127.0.0.1:3128", ca_path="/tmp/ca.pem")
    client.get("/x")
    call = client.session.request.calls[0]
    assert call["proxies"] == {"https": "http://127.0.0.1:3128", "http": "http://127.0.0.1:3128"}
    assert call["verify"] == "/tmp/ca.pem"


def test_without_proxy_url_the_environment_decides(make_client):
    client = make_client(FakeRaw(200, {}))
    client.get("/x")
    assert client.session.request.calls[0]["proxies"] is None
    assert client.session.trust_env


def test_validate_certs_false_disables_verification(make_client):
    assert make_client(validate_certs=False).transport.verify is False
    assert make_client().transport.verify is True
