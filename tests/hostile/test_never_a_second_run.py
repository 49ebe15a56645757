# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 12, items 1-5: whatever happens to the POST that starts a run, never a second run, never a lost one.

Each test drives the collection's client and runner in-process against the hostile HTTPS server.
"""

from __future__ import annotations

import datetime
import math

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _runner
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroOutcomeUnknownError
from tests.hostile import server as hostile
from tests.hostile.conftest import WORKFLOW

START = "/workflows/%s/executions" % WORKFLOW
LIST = START
RUN_INPUTS = {"name": "web01", "size": 64, "enabled": True}


def posts(server):
    return server.requests_to("POST", START)


# ---- item 1: outcome unknown is broader than "no answer" ------------------------------------------

CREATED_THEN_BROKEN = {
    "cut-mid-body": hostile.truncate(202, cut=7),
    "bad-tls-record-after-status": hostile.break_tls(202),
    "gateway-504": hostile.reply(
        504, "<html><title>504 Gateway Time-out</title></html>", {"Content-Type": "text/html"}
    ),
    "401-after-create": hostile.reply(401, {"message": "session expired"}),
    "500-after-create": hostile.reply(500, {"message": "internal error"}),
    "502-after-create": hostile.reply(502, "bad gateway"),
    "503-after-create": hostile.reply(503, "unavailable"),
    "garbage-202": hostile.reply(202, "{not json"),
}


@pytest.mark.parametrize("answer", CREATED_THEN_BROKEN.values(), ids=CREATED_THEN_BROKEN.keys())
def test_run_created_then_answer_broken_is_recovered_not_repeated(server, run, answer):
    server.script("POST", START, hostile.create_then(answer))
    result = run(RUN_INPUTS)
    assert len(posts(server)) == 1
    assert len(server.runs) == 1
    assert result["execution_id"] == server.runs[0]["id"]
    assert result["changed"] is True


LOOKUP_FAILURES = {
    "500": hostile.reply(500, {"message": "boom"}),
    "503": hostile.reply(503, "busy"),
    "hang": hostile.hang(4),
}


@pytest.mark.parametrize("lookup", LOOKUP_FAILURES.values(), ids=LOOKUP_FAILURES.keys())
def test_failed_lookup_still_says_the_run_may_have_started_and_how_to_find_it(server, connect, run, lookup):
    server.script("POST", START, hostile.create_then(hostile.truncate(202, cut=3)))
    server.script("GET", LIST, *[lookup] * 5)
    with pytest.raises(VroOutcomeUnknownError) as caught:
        run(RUN_INPUTS, client=connect(request_timeout=1))
    message = str(caught.value)
    assert "may have started" in message
    assert "vro_execution_info" in message and WORKFLOW in message
    assert "between" in message and "UTC" in message  # the time window to look in
    assert len(posts(server)) == 1


def test_a_plain_refusal_is_not_an_unknown_outcome(server, run):
    server.script("POST", START, hostile.reply(400, {"message": "input 'size' is not a number"}))
    with pytest.raises(Exception) as caught:
        run(RUN_INPUTS)
    assert "HTTP 400" in str(caught.value) and "not a number" in str(caught.value)
    assert server.received[-1].method == "POST"  # nothing looked up after it: vRO refused the run
    assert len(posts(server)) == 1


def test_bearer_401_on_start_looks_first_and_posts_again_only_when_no_run_appeared(server, connect, run):
    """A 401 to a bearer request is a refusal by the auth layer: after a new login, look for the run, and start
    it again only when the look-up shows none (one run in the end)."""
    server.script("POST", "/iaas/api/login", hostile.reply(200, {"token": "tok-2"}))
    server.script("POST", START, hostile.reply(401, {"message": "token expired"}))
    client = connect(auth_mode="token", token="tok-1", refresh_token="refresh-1", username=None, password=None)
    result = run(RUN_INPUTS, client=client)
    assert len(server.runs) == 1 and result["execution_id"] == server.runs[0]["id"]
    assert server.requests_to("GET", LIST)  # looked before posting again


def test_bearer_401_after_the_run_was_created_finds_it_and_does_not_post_again(server, connect, run):
    server.script("POST", "/iaas/api/login", hostile.reply(200, {"token": "tok-2"}))
    server.script("POST", START, hostile.create_then(hostile.reply(401, {"message": "token expired"})))
    client = connect(auth_mode="token", token="tok-1", refresh_token="refresh-1", username=None, password=None)
    result = run(RUN_INPUTS, client=client)
    assert len(posts(server)) == 1 and len(server.runs) == 1
    assert result["execution_id"] == server.runs[0]["id"]


# ---- item 2: recovery never claims another run ------------------------------------------------------


def test_identical_runs_in_one_batch_never_share_an_execution_id(server, connect, batch):
    """The second POST is lost before vRO acted: the first run must not be claimed for it."""
    server.script("POST", START, hostile.honest, hostile.hang(3))
    first, second = batch([RUN_INPUTS] * 2, client=connect(request_timeout=1), max_concurrent=1)
    assert first["execution_id"] == server.runs[0]["id"]
    assert second["execution_id"] != first["execution_id"]
    assert second["failed"] and "may have started" in second["msg"]
    assert len(server.runs) == 1


def test_identical_runs_created_but_both_answers_lost_get_one_id_each(server, batch):
    server.script("POST", START, *[hostile.create_then(hostile.truncate(202, cut=2))] * 2)
    ids = [r["execution_id"] for r in batch([RUN_INPUTS] * 2, max_concurrent=1)]
    assert ids[0] and ids[0] != ids[1]  # the second may be unknown (two candidates), but never the first's id
    assert len(posts(server)) == 2


@pytest.mark.parametrize("send_date", [False, True], ids=["no-date-header", "date-header"])
def test_a_run_that_existed_before_the_post_is_never_claimed(server, connect, run, send_date):
    """A loop: the previous iteration (another process) started an identical run just before."""
    server.send_date = send_date
    run(RUN_INPUTS)
    if send_date:  # with a Date header the window starts at the POST on vRO's clock (1 s resolution)
        server.vro.runs[0]["start"] -= datetime.timedelta(seconds=1.5)
    server.script("POST", START, hostile.hang(3))
    with pytest.raises(VroOutcomeUnknownError) as caught:
        run(RUN_INPUTS, client=connect(request_timeout=1))
    assert server.runs[0]["id"] not in str(caught.value).split("started since", maxsplit=1)[0]
    assert len(server.runs) == 1


# ---- item 3: idempotent compares every declared input ------------------------------------------------


def test_idempotent_does_not_skip_a_run_whose_left_out_inputs_differ(server, run):
    run({"name": "web01", "size": 64, "enabled": True})
    result = run({"name": "web01"}, idempotent=True)
    assert result["changed"] is True and "nothing started" not in result.get("msg", "")
    assert len(server.runs) == 2


def test_idempotent_still_finds_a_truly_identical_run(server, run):
    first = run({"name": "web01", "size": 64})
    again = run({"name": "web01", "size": 64}, idempotent=True)
    assert again["changed"] is False and again["execution_id"] == first["execution_id"]
    assert len(server.runs) == 1


# ---- item 4: a crash after the start never loses the started run's id ------------------------------


CRASHES_AFTER_START = {
    "nan-poll-interval": ({"wait": True, "poll_interval": math.nan}, None),
    "deep-json-execution": ({}, hostile.deep_json(200, 100000)),
    "execution-not-an-object": ({}, hostile.reply(200, [1, 2])),
}


@pytest.mark.parametrize("options, execution_answer", CRASHES_AFTER_START.values(), ids=CRASHES_AFTER_START.keys())
def test_an_error_after_the_start_still_returns_the_execution_id(server, run, options, execution_answer):
    server.vro.run_state = "running"
    if execution_answer is not None:
        original = server.vro.create_run

        def create_and_break(exchange):
            created = original(exchange)
            server.script("GET", "%s/%s" % (START, created["id"]), *[execution_answer] * 3)
            return created

        server.vro.create_run = create_and_break
    result = run(RUN_INPUTS, **options)
    assert result["execution_id"] == server.runs[0]["id"]
    assert result["changed"] is True and result["failed"] is True
    assert "Traceback" not in result["msg"]


def test_a_crash_in_a_batch_keeps_every_started_id(server, batch):
    original = server.vro.create_run

    def create_and_break(exchange):
        created = original(exchange)
        server.script("GET", "%s/%s" % (START, created["id"]), *[hostile.deep_json(200, 100000)] * 3)
        return created

    server.vro.create_run = create_and_break
    results = batch([{"name": "web%02d" % i} for i in range(3)], max_concurrent=3)
    started = sorted(r["execution_id"] for r in results)
    assert started == sorted(r["id"] for r in server.runs)
    assert all(r["changed"] for r in results)


# ---- item 5: a redirect on a POST is never followed, never a started run ----------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_on_the_start_is_not_followed_nor_a_started_run(server, run, status):
    server.script("POST", START, hostile.redirect("https://localhost:{port}/vco/api/workflows/%s/" % WORKFLOW, status))
    with pytest.raises(VroOutcomeUnknownError) as caught:
        run(RUN_INPUTS)
    assert WORKFLOW + "/executions" not in [r.path for r in server.received if r.method == "GET" and not r.query]
    assert not server.requests_to("GET", "/workflows/%s" % WORKFLOW)[1:]  # only the definition read before
    assert "redirect" in str(caught.value).lower()
    assert len(posts(server)) == 1


def test_location_of_another_resource_is_not_an_execution_id(server, run):
    location = "https://localhost:{port}/vco/api/workflows/%s/" % WORKFLOW
    server.script("POST", START, hostile.reply(202, b"", {"Location": location.format(port=server.port)}))
    with pytest.raises(Exception) as caught:
        run(RUN_INPUTS)
    assert "neither an id" in str(caught.value)


def test_lost_start_lookup_ignores_runs_already_returned_by_this_task(server, connect):
    client = connect()
    first = _runner.start(
        client, WORKFLOW, [{"name": "name", "type": "string", "value": {"string": {"value": "a"}}}]
    ).execution_id
    assert first in client.start_ledger.claimed
