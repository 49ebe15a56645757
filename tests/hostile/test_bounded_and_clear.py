# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 12, items 10-13 (in-process): bounded requests and waits, no traceback, bad ids refused, plain errors.

The time bounds below are generous multiples of the configured timeouts: they catch a hang (the bug
kept a task running past 100 s), they do not measure speed.
"""

from __future__ import annotations

import importlib
import resource
import time
import types

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _executions, _runner, _workflows
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroConnectionError,
    VroError,
    VroInputError,
    VroResponseError,
)
from tests.hostile import server as hostile
from tests.hostile.conftest import WORKFLOW, task_params

DEFINITION = "/workflows/%s" % WORKFLOW
START = "/workflows/%s/executions" % WORKFLOW


def started_run(server, run, state="running"):
    server.vro.run_state = state
    result = run({"name": "web01"})
    return result["execution_id"]


# ---- item 10: a whole-request deadline, a whole-wait deadline --------------------------------------------


def test_a_server_trickling_one_byte_at_a_time_is_cut_at_request_timeout(server, connect):
    server.script("GET", DEFINITION, *[hostile.stall(200, {"id": WORKFLOW}, every=0.3)] * 3)
    began = time.monotonic()
    with pytest.raises(VroConnectionError) as caught:
        connect(request_timeout=1, retries=0).get(DEFINITION)
    assert time.monotonic() - began < 6, "a trickling answer must not outlive request_timeout"
    assert "request_timeout" in str(caught.value) or "within 1" in str(caught.value)


def test_wait_timeout_bounds_the_whole_wait_even_when_every_poll_trickles(server, connect, run):
    execution_id = started_run(server, run)
    server.script("GET", "%s/%s/state" % (START, execution_id), *[hostile.stall(200, every=0.5)] * 50)
    began = time.monotonic()
    result = run(
        {"name": "web02"}, client=connect(request_timeout=3, retries=3), wait=True, wait_timeout=2, poll_interval=1
    )
    assert time.monotonic() - began < 20
    assert result["execution_id"]  # the run started; the wait ended on time and said so


def test_a_stalled_state_poll_ends_the_wait_at_wait_timeout(server, connect, run):
    execution_id = started_run(server, run)
    server.script("GET", "%s/%s/state" % (START, execution_id), *[hostile.stall(200, every=0.5)] * 50)
    from ansible_collections.opsflow.vro.plugins.module_utils import _waiter  # pylint: disable=import-outside-toplevel

    began = time.monotonic()
    outcome = _waiter.wait_for(connect(request_timeout=5, retries=3), WORKFLOW, execution_id, 2, 1)
    assert outcome.timed_out and time.monotonic() - began < 10


# ---- item 11: no traceback, ever ------------------------------------------------------------------------


def test_a_non_latin1_password_is_sent_as_utf8_not_a_traceback(server, connect):
    connect(password="pässwörd-✓-Canary").get(DEFINITION)
    assert server.received[0].headers["Authorization"].startswith("Basic ")


def test_100000_deep_json_is_a_clear_error(server, connect):
    server.script("GET", DEFINITION, *[hostile.deep_json(200, 100000)] * 3)
    with pytest.raises(VroResponseError, match="nested too deeply"):
        connect().get(DEFINITION).object  # noqa: B018 - reading it is the test


def test_a_400_mb_answer_is_not_read(server, connect):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    server.script("GET", DEFINITION, *[hostile.huge(200, 400 * 1024 * 1024)] * 3)
    with pytest.raises(VroResponseError, match="larger than 32 MB"):
        connect(request_timeout=30).get(DEFINITION)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 150, "reading must stop at the cap (grew %d MB)" % grown_mb


MALFORMED_LISTINGS = {
    "attributes-5": {"relations": {"link": [{"attributes": 5}], "total": 1}},
    "relations-list": {"relations": [1]},
    "link-not-list": {"relations": {"link": 5}},
    "list-valued-dates": {
        "relations": {
            "link": [
                {"attributes": [{"name": "id", "value": "a"}, {"name": "startDate", "value": [1, 2]}]},
                {"attributes": [{"name": "id", "value": "b"}, {"name": "startDate", "value": "2026-11-28T09:00:00Z"}]},
                {"attributes": [{"name": "id", "value": ["c"]}, {"name": "startDate", "value": {"x": 1}}]},
            ],
            "total": "many",
        }
    },
}


@pytest.mark.parametrize("listing", MALFORMED_LISTINGS.values(), ids=MALFORMED_LISTINGS.keys())
def test_malformed_lists_are_read_without_a_traceback(server, connect, listing):
    server.script("GET", START, *[hostile.reply(200, listing)] * 3)
    found = _executions.list_executions(connect(), WORKFLOW, max_results=5)
    assert all(isinstance(s["id"], str) for s in found)


def test_malformed_workflow_listing_is_read_without_a_traceback(server, connect):
    server.script("GET", "/workflows", hostile.reply(200, {"relations": [1], "link": 5}))
    with pytest.raises(VroError, match="no workflow is named"):
        _workflows.resolve(connect(), workflow_name="x")


# ---- item 12: bad ids are bad input -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["..", ".", "", " "])
def test_bad_execution_ids_are_refused_before_any_request(server, connect, bad):
    with pytest.raises(VroInputError, match="execution_id"):
        _executions.get(connect(), WORKFLOW, bad)
    assert not server.received


@pytest.mark.parametrize("bad", ["..", ".", ""])
def test_bad_workflow_ids_are_refused_before_any_request(server, connect, bad):
    with pytest.raises(VroInputError, match="workflow_id"):
        _workflows.get_definition(connect(), bad)
    with pytest.raises(VroInputError, match="workflow_id"):
        _executions.get(connect(), bad, "e")
    assert not server.received


# ---- item 13: plain errors, right words --------------------------------------------------------------------


def test_a_plain_http_server_is_named_as_such_not_as_a_certificate_problem(connect):
    with hostile.HostileServer(tls=False) as plain:
        with pytest.raises(VroConnectionError) as caught:
            connect(port=plain.port).get(DEFINITION)
    assert "does not speak TLS" in str(caught.value)
    assert "ca_path" not in str(caught.value)


@pytest.mark.parametrize("state", [5, "exploded", None, ["running"]])
def test_an_unknown_or_numeric_state_is_a_plain_error_not_a_wait(server, connect, run, state):
    execution_id = started_run(server, run)
    server.script("GET", "%s/%s/state" % (START, execution_id), hostile.reply(200, {"value": state}))
    with pytest.raises(VroResponseError, match="not a state this collection knows"):
        _executions.get_state(connect(), WORKFLOW, execution_id)


@pytest.mark.parametrize("garbage", [{}, {"foo": 1}, {"id": "x", "state": 7}, {"id": "", "state": "completed"}])
def test_garbage_execution_json_is_not_reported_as_success(server, connect, run, garbage):
    original = server.vro.create_run

    def create_and_lie(exchange):
        created = original(exchange)
        server.script("GET", "%s/%s" % (START, created["id"]), *[hostile.reply(200, garbage)] * 3)
        return created

    server.vro.create_run = create_and_lie
    result = run({"name": "web01"})
    assert result["failed"] is True and result["execution_id"] == server.runs[0]["id"]


@pytest.mark.parametrize("definition", [{}, {"foo": 1}, {"id": WORKFLOW, "input-parameters": 5}])
def test_an_empty_definition_is_not_a_workflow_without_inputs(server, run, definition):
    server.script("GET", DEFINITION, hostile.reply(200, definition))
    with pytest.raises(VroResponseError, match="not a workflow definition"):
        run({"name": "web01"})
    assert not server.requests_to("POST")


def test_batch_errors_name_the_run(server, connect):
    runs = [{"inputs": {"name": "a"}}, {"workflow_id": "missing", "inputs": {}}]
    with pytest.raises(VroError, match=r"runs\[1\]: workflow_id 'missing' was not found"):
        _runner.run_task(connect(), task_params(workflow_id=WORKFLOW, runs=runs))
    assert not server.requests_to("POST")


# ---- connection options checked before anything is sent (items 11 and 12) ---------------------------------


def connection_params(**changes):
    params = dict(
        hostname="vro.example.com",
        port=443,
        username="u",
        password="p",
        auth_mode="basic",
        vra_hostname=None,
        domain=None,
        token=None,
        refresh_token=None,
        validate_certs=True,
        ca_path=None,
        proxy_url=None,
        request_timeout=30.0,
        retries=3,
        retry_backoff=1.0,
    )
    params.update(changes)
    return params


BAD_CONNECTIONS = {
    "hostname-with-user": ({"hostname": "admin@vro.example.com"}, "hostname must be a host name"),
    "hostname-with-fragment": ({"hostname": "vro.example.com#x"}, "hostname must be a host name"),
    "hostname-with-path": ({"hostname": "vro.example.com/vco"}, "hostname must be a host name"),
    "hostname-with-scheme": ({"hostname": "https://vro.example.com"}, "no https://"),
    "hostname-with-port": ({"hostname": "vro.example.com:8281"}, "use port"),
    "timeout-nan": ({"request_timeout": float("nan")}, "request_timeout must be"),
    "timeout-inf": ({"request_timeout": float("inf")}, "request_timeout must be"),
    "timeout-1e300": ({"request_timeout": 1e300}, "request_timeout must be"),
    "backoff-nan": ({"retry_backoff": float("nan")}, "retry_backoff"),
    "token-non-ascii": ({"auth_mode": "token", "token": "tök€n"}, "token must be ASCII"),
    "ca-missing": ({"ca_path": "/nonexistent/ca.pem"}, "does not exist"),
    "ca-directory": ({"ca_path": "/"}, "is not a file"),
}


@pytest.mark.parametrize("changes, expected", BAD_CONNECTIONS.values(), ids=BAD_CONNECTIONS.keys())
def test_bad_connection_options_are_refused_naming_the_option(changes, expected):
    from ansible_collections.opsflow.vro.plugins.module_utils import _module  # pylint: disable=import-outside-toplevel

    problems = "; ".join(_module.connection_problems(connection_params(**changes)))
    assert expected in problems
    assert "tök€n" not in problems


def test_a_ca_path_that_is_not_pem_is_refused(tmp_path):
    from ansible_collections.opsflow.vro.plugins.module_utils import _module  # pylint: disable=import-outside-toplevel

    der = tmp_path / "ca.cer"
    der.write_bytes(b"\x30\x82\x01\x0a garbage")
    assert "no PEM certificate" in "; ".join(_module.connection_problems(connection_params(ca_path=str(der))))


def test_good_connection_options_pass():
    from ansible_collections.opsflow.vro.plugins.module_utils import _module  # pylint: disable=import-outside-toplevel

    for hostname in ("vro.example.com", "192.0.2.10", "::1", "[2001:db8::1]"):
        assert _module.connection_problems(connection_params(hostname=hostname)) == []


@pytest.mark.parametrize(
    "proxy_url, password",
    [
        ("http://user:pa#ss@proxy:3128", "pa#ss"),
        ("http://user:pa/ss?x@proxy:3128", "pa/ss?x"),
        ("user:pa@ss@proxy:3128", "pa@ss"),
        ("http://proxy:3128", None),
    ],
)
def test_the_password_in_any_proxy_url_is_found(proxy_url, password):
    from ansible_collections.opsflow.vro.plugins.module_utils import _secrets  # pylint: disable=import-outside-toplevel

    assert _secrets.proxy_secrets(proxy_url)[:1] == ([password] if password else [])


@pytest.mark.parametrize("module_name", ["vro_execution_info", "vro_execution"])
@pytest.mark.parametrize("bad", ["..", ".", ""])
def test_the_modules_refuse_bad_ids_before_any_request(server, connect, module_name, bad):
    """The workflow is named by name, so a look-up would come first: the id check must come before it."""
    module = importlib.import_module("ansible_collections.opsflow.vro.plugins.modules." + module_name)
    params = dict(workflow_name="wf", workflow_id=None, execution_id=bad, execution_ids=None, secret_values=None)
    params.update(wait_timeout=1, max_results=1, log_lines=0, poll_interval=1, wait=False)
    with pytest.raises(VroInputError, match="execution_id"):
        module.run(types.SimpleNamespace(params=params), connect())
    assert not server.received
