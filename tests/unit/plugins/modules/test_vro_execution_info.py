# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_execution_info ``run()`` on the fake client: one run, several runs, a listing; never a change."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroNotFoundError
from ansible_collections.opsflow.vro.plugins.module_utils._executions import execution_path
from ansible_collections.opsflow.vro.plugins.modules import vro_execution_info as module_under_test
from tests.unit.plugins.module_utils.test_runner import listing as executions_listing

WF = "wf-1"
SECRET = [{"name": "token", "type": "SecureString", "value": {"secure-string": {"value": "t0ken-value"}}}]
LOG = {
    "logs": [
        {"entry": {"severity": "error", "long-description": "datastore missing", "time-stamp": "2026-11-28T09:00:01Z"}}
    ]
}


def run(state, exception=None, outputs=None):
    return {"id": "e-%s" % state, "state": state, "content-exception": exception, "output-parameters": outputs or []}


@pytest.fixture
def info(run_main, make_fake_client):
    def call(routes=None, **args):
        answers = {"/workflows/%s" % WF: {"id": WF, "name": "Provision"}}
        answers.update(routes or {})
        client = make_fake_client(answers)
        code, result = run_main(module_under_test, dict({"workflow_id": WF}, **args), client)
        return code, result, client

    return call


def test_one_run_is_read_with_its_outputs_and_secrets_masked(info):
    routes = {execution_path(WF, "e-completed"): run("completed", outputs=SECRET)}
    code, result, client = info(routes, execution_id="e-completed")
    assert code == 0 and result["changed"] is False and result["state"] == "completed"
    assert "t0ken-value" not in str(result) and result["outputs"]["token"] == "********"
    assert "t0ken-value" in client.secrets


def test_a_failed_run_is_explained_with_its_logs(info):
    routes = {
        execution_path(WF, "e-failed"): run("failed", exception="boom"),
        execution_path(WF, "e-failed", "/syslogs"): LOG,
        execution_path(WF, "e-failed", "/logs"): {"logs": []},
    }
    code, result, _client = info(routes, execution_id="e-failed", include_logs=True)
    assert code == 0 and "e-failed failed: boom. Last error log lines: datastore missing" in result["failure"]
    assert [entry["message"] for entry in result["logs"]] == ["datastore missing"]


def test_several_runs_say_whether_all_finished(info):
    routes = {
        execution_path(WF, "e-completed"): run("completed"),
        execution_path(WF, "e-running"): run("running"),
    }
    code, result, _client = info(routes, execution_ids=["e-completed", "e-running"])
    assert code == 0 and result["states"] == {"e-completed": "completed", "e-running": "running"}
    assert result["all_finished"] is False


def test_without_ids_the_newest_runs_are_listed(info):
    attributes = [{"name": "id", "value": "e1"}, {"name": "state", "value": "completed"}]
    listing = {"relations": {"total": 1, "link": [{"href": "h", "attributes": attributes}]}}
    code, result, client = info({execution_path(WF): listing}, max_results=5)
    assert code == 0 and [e["id"] for e in result["executions"]] == ["e1"]
    assert client.get.call_args.kwargs["query"]["maxResult"] == 5


@pytest.mark.parametrize("option, value", [("max_results", 0), ("log_lines", -1)])
def test_numbers_out_of_range_are_refused_before_any_request(info, option, value):
    code, result, client = info(**{option: value})
    assert code == 1 and result["field"] == option
    client.get.assert_not_called()


def test_a_run_known_by_its_id_alone_is_found_through_the_catalog(info):
    item = {"relations": {"link": [{"rel": "up", "href": "https://vro.example.com/vco/api/workflows/%s/" % WF}]}}
    routes = {
        "/catalog/System/WorkflowExecution/e-completed": item,
        execution_path(WF, "e-completed"): run("completed"),
    }
    code, result, _client = info(routes, workflow_id=None, execution_id="e-completed")
    assert code == 0 and (result["workflow_id"], result["workflow_name"], result["state"]) == (
        WF,
        "Provision",
        "completed",
    )


def test_wait_follows_the_run_and_fails_with_the_reason_of_its_failure(info):
    routes = {
        execution_path(WF, "e-failed", "/state"): [{"value": "running"}, {"value": "failed"}],
        execution_path(WF, "e-failed"): run("failed", exception="boom"),
        execution_path(WF, "e-failed", "/syslogs"): LOG,
        execution_path(WF, "e-failed", "/logs"): {"logs": []},
    }
    code, result, client = info(routes, execution_id="e-failed", wait=True, poll_interval=0.2)
    assert code == 1 and "execution e-failed failed: boom" in result["msg"] and result["failure"] == result["msg"]
    assert result["waited"]["polls"] == 2
    client.post.assert_not_called()


def listing(**states):
    """The workflow's runs as its executions list shows them: ``{execution id: state}``, all started now."""
    started = datetime.datetime.now(datetime.timezone.utc).isoformat()
    return executions_listing(*((run_id, state, started) for run_id, state in states.items()))


def test_wait_with_several_ids_polls_their_list_and_fails_naming_the_run_that_failed(info):
    ended = listing(**{"e-completed": "completed", "e-failed": "failed"})
    routes = {
        execution_path(WF): [listing(**{"e-completed": "running", "e-failed": "running"})] + [ended] * 20,
        execution_path(WF, "e-completed"): run("completed"),
        execution_path(WF, "e-failed"): run("failed", exception="boom"),
        execution_path(WF, "e-failed", "/syslogs"): LOG,
        execution_path(WF, "e-failed", "/logs"): {"logs": []},
    }
    code, result, client = info(routes, execution_ids=["e-completed", "e-failed"], wait=True, poll_interval=0.2)
    assert code == 1 and result["msg"].startswith("1 of 2 runs did not complete: e-failed: ")
    assert "execution e-failed failed: boom" in result["msg"]
    assert result["states"] == {"e-completed": "completed", "e-failed": "failed"} and result["all_finished"]
    completed, failed = result["executions"]
    assert (completed["failed"], completed["msg"], failed["failed"]) == (False, None, True)
    assert failed["failure"] == failed["msg"] and [e["message"] for e in failed["logs"]] == ["datastore missing"]
    assert completed["waited"]["polls"] >= 2 and failed["waited"]["polls"] >= 2
    paths = [c.args[0] for c in client.get.call_args_list]
    assert not [p for p in paths if p.endswith("/state")]  # the list, never a state request per run
    assert 2 <= paths.count(execution_path(WF)) <= 3
    client.post.assert_not_called()


def test_wait_with_several_ids_reports_a_run_that_cannot_be_read_and_still_waits_for_the_others(info):
    routes = {
        execution_path(WF): listing(**{"e-completed": "completed"}),
        execution_path(WF, "e-completed"): run("completed"),
        execution_path(WF, "e-purged", "/state"): VroNotFoundError("not found", status=404, url="u"),
    }
    code, result, _client = info(routes, execution_ids=["e-purged", "e-completed"], wait=True, poll_interval=0.2)
    assert code == 1 and result["msg"].startswith("1 of 2 runs did not complete: e-purged: ")
    purged, completed = result["executions"]
    assert purged == {"id": "e-purged", "workflow_id": WF, "state": None, "failed": True, "msg": purged["msg"]}
    assert completed["state"] == "completed" and completed["failed"] is False


@pytest.mark.parametrize(
    "args, fragment",
    [
        ({"wait": True}, "wait: expected execution_id or execution_ids with wait: true"),
        ({"workflow_id": None}, "one of workflow_id, workflow_name or execution_id is required"),
        ({"execution_id": "e1", "wait": True, "poll_interval": 0}, "poll_interval: expected a number > 0"),
    ],
)
def test_options_that_cannot_work_are_refused_before_any_request(info, args, fragment):
    code, result, client = info(**args)
    assert code == 1 and fragment in result["msg"]
    client.get.assert_not_called()
