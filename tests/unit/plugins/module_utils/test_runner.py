# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The runner's decisions, each on the autospec fake client: check mode, an idempotent hit, cancel on
timeout, a lost POST with 0 / 1 / 2 candidate runs, batch isolation; and the run specs and options."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _executions, _runner
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroHttpError,
    VroInputError,
    VroOutcomeUnknownError,
)
from ansible_collections.opsflow.vro.plugins.module_utils._transport import Response
from ansible_collections.opsflow.vro.plugins.modules import vro_workflow_execute

# imported under another name, so that pytest does not collect its tests a second time here
from tests.unit.plugins.module_utils.test_executions import response

WF = "wf-1"
STRING_INPUT = [{"name": "name", "type": "string"}]
SECRET_INPUT = [{"name": "name", "type": "string"}, {"name": "pw", "type": "SecureString"}]


def task_params(**overrides):
    """vro_workflow_execute's parameters as AnsibleModule would fill them: the argspec's defaults, then ``overrides``."""
    params = dict((name, spec.get("default")) for name, spec in vro_workflow_execute.argument_spec().items())
    params.update(workflow_id=WF)
    params.update(overrides)
    return params


def options(check_mode=False, **overrides):
    return _runner.RunOptions.from_params(task_params(**overrides), check_mode)


def now(seconds=0):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return moment.isoformat()


def echoed(name):
    return [{"name": "name", "type": "string", "scope": "local", "value": {"string": {"value": name}}}]


def execution(execution_id, state="completed", name="web01", outputs=None):
    return {
        "id": execution_id,
        "name": "Provision",
        "state": state,
        "start-date": now(),
        "input-parameters": echoed(name),
        "output-parameters": outputs or [],
    }


def listing(*runs):
    """An executions listing: ``(id, state, started)`` per run."""
    links = [
        {
            "rel": "down",
            "href": "h",
            "attributes": [
                {"name": "id", "value": run_id},
                {"name": "state", "value": state},
                {"name": "startDate", "value": started},
            ],
        }
        for run_id, state, started in runs
    ]
    return {"relations": {"total": len(links), "link": links}}


def vro(make_fake_client, declared=None, **routes):
    """The fake client knowing workflow WF (declaring ``declared``, one string input by default), plus ``routes``."""
    answers = {"/workflows/%s" % WF: {"id": WF, "name": "Provision", "input-parameters": declared or STRING_INPUT}}
    answers[run_path(None)] = listing()  # the runs listed before each start: none
    answers.update(routes)
    return make_fake_client(answers)


def run_path(execution_id, suffix=""):
    return _executions.execution_path(WF, execution_id, suffix)


def started_as(client, execution_id):
    """Make the fake's POST answer like vRO 8: the new execution in the body."""
    client.post.return_value.text = '{"id": "%s", "state": "running"}' % execution_id


class TestRunOptions:
    def test_every_option_comes_from_the_parameters(self):
        opts = options(check_mode=True, wait=True, wait_timeout=7, max_concurrent=3, wire_format={"a": "b"})
        assert (opts.wait, opts.wait_timeout, opts.max_concurrent, opts.check_mode) == (True, 7, 3, True)
        assert opts.wire == {"a": "b"} and callable(opts.read_file)

    def test_a_missing_parameter_is_an_error_not_a_silent_default(self):
        params = task_params()
        del params["wait_timeout"]
        with pytest.raises(KeyError):
            _runner.RunOptions.from_params(params)


class TestRunSpecs:
    def test_run_items_inherit_the_top_level_workflow_and_types(self):
        specs = _runner.run_specs(
            task_params(
                workflow_id=None,
                workflow_name="AWSNEW",
                input_types={"a": "Date"},
                runs=[{"inputs": {"name": "a"}}, {"workflow_id": "other", "inputs": {}}],
            )
        )
        assert specs[0]["workflow_name"] == "AWSNEW" and specs[0]["input_types"] == {"a": "Date"}
        assert specs[1]["workflow_id"] == "other" and specs[1]["workflow_name"] is None

    def test_every_run_needs_a_workflow(self):
        specs = _runner.run_specs(task_params(workflow_id=None, runs=[{"workflow_id": "w"}, {"inputs": {}}]))
        with pytest.raises(VroInputError, match=r"runs\[1\]"):
            _runner.check_workflows(specs)

    def test_single_run_without_workflow_is_refused(self):
        with pytest.raises(VroInputError, match="one of workflow_id or workflow_name is required"):
            _runner.check_workflows(_runner.run_specs(task_params(workflow_id=None, inputs={})))

    def test_a_run_item_with_inputs_and_parameters_is_refused(self):
        specs = _runner.run_specs(task_params(runs=[{"inputs": {}, "parameters": []}]))
        with pytest.raises(VroInputError, match="mutually exclusive"):
            _runner.check_workflows(specs)


def test_check_mode_starts_nothing_and_returns_the_masked_payload(make_fake_client):
    client = vro(make_fake_client, declared=SECRET_INPUT)
    result = _runner.run_task(
        client, task_params(inputs={"name": "web01", "pw": "S3cret!"}), check_mode=True, diff=True
    )
    client.post.assert_not_called()
    assert result["changed"] is True and result["execution_id"] is None
    sent = dict((p["name"], p["value"]) for p in result["payload"]["parameters"])
    assert "S3cret!" not in repr(sent) and sent["name"] == {"string": {"value": "web01"}}
    assert result["diff"]["after"]["workflow"] == "Provision"
    assert "S3cret!" in client.secrets


def test_a_real_run_posts_once_and_reads_the_run_back(make_fake_client):
    client = vro(make_fake_client, **{run_path("e1"): execution("e1", outputs=echoed("vm-web01"))})
    started_as(client, "e1")
    result = _runner.run_task(client, task_params(inputs={"name": "web01"}))
    assert client.post.call_count == 1
    assert (result["execution_id"], result["state"], result["changed"], result["failed"]) == (
        "e1",
        "completed",
        True,
        False,
    )
    assert result["outputs"] == {"name": "vm-web01"}


def test_an_idempotent_hit_starts_nothing(make_fake_client):
    client = vro(
        make_fake_client,
        **{
            run_path(None): listing(("old", "completed", now(-60))),
            run_path("old"): execution("old"),
        },
    )
    result = _runner.run_task(client, task_params(inputs={"name": "web01"}, idempotent=True))
    client.post.assert_not_called()
    assert (result["changed"], result["execution_id"], result["state"]) == (False, "old", "completed")
    assert "an identical run (old, completed)" in result["msg"]


def test_an_idempotent_miss_starts_the_run(make_fake_client):
    client = vro(
        make_fake_client,
        **{
            run_path(None): listing(("other", "completed", now(-60))),
            run_path("other"): execution("other", name="web02"),
            run_path("e1"): execution("e1"),
        },
    )
    started_as(client, "e1")
    result = _runner.run_task(client, task_params(inputs={"name": "web01"}, idempotent=True))
    assert client.post.call_count == 1 and result["execution_id"] == "e1" and result["changed"] is True


def test_idempotent_refuses_secret_inputs_before_anything_is_sent(make_fake_client):
    client = vro(make_fake_client, declared=SECRET_INPUT)
    with pytest.raises(VroInputError, match="idempotent: true cannot compare"):
        _runner.run_task(client, task_params(inputs={"name": "a", "pw": "x"}, idempotent=True))
    client.post.assert_not_called()


def test_timeout_with_cancel_reports_a_run_that_ended_on_its_own(make_fake_client):
    """The cancel came too late: the run completed by itself, so the outcome is its own, not 'canceled'."""
    client = vro(
        make_fake_client,
        **{
            run_path("e1", "/state"): [{"value": "running"}, {"value": "completed"}],
            run_path("e1"): execution("e1", state="completed"),
        },
    )
    started_as(client, "e1")
    result = _runner.run_task(
        client, task_params(inputs={"name": "web01"}, wait=True, wait_timeout=0, cancel_on_timeout=True)
    )
    client.delete.assert_called_once_with(run_path("e1", "/state"))
    assert (result["state"], result["failed"]) == ("completed", False)
    assert "msg" not in result


def test_timeout_with_cancel_says_the_run_was_canceled(make_fake_client):
    client = vro(
        make_fake_client,
        **{
            run_path("e1", "/state"): [{"value": "running"}, {"value": "canceled"}],
            run_path("e1"): execution("e1", state="canceled"),
        },
    )
    started_as(client, "e1")
    result = _runner.run_task(
        client, task_params(inputs={"name": "web01"}, wait=True, wait_timeout=0, cancel_on_timeout=True)
    )
    assert result["failed"] is True and "it was canceled (cancel_on_timeout)" in result["msg"]


def test_timeout_without_cancel_leaves_the_run_alone(make_fake_client):
    client = vro(
        make_fake_client,
        **{run_path("e1", "/state"): {"value": "running"}, run_path("e1"): execution("e1", state="running")},
    )
    started_as(client, "e1")
    result = _runner.run_task(client, task_params(inputs={"name": "web01"}, wait=True, wait_timeout=0))
    client.delete.assert_not_called()
    assert result["failed"] is True and "it keeps running in vRO" in result["msg"]


class TestLostPost:
    """The POST's answer was lost: never POST again; claim the run only if exactly one candidate appeared."""

    def lost(self, make_fake_client, *candidates):
        # listed before the POST: none; after it: the candidates
        routes = {run_path(None): [listing(), listing(*[(c, "running", now(1)) for c in candidates])]}
        routes.update((run_path(c), execution(c, state="running")) for c in candidates)
        client = vro(make_fake_client, **routes)
        client.post.side_effect = VroOutcomeUnknownError("connection reset after the request was sent")
        return client

    def test_no_candidate_is_an_unknown_outcome(self, make_fake_client):
        client = self.lost(make_fake_client)
        with pytest.raises(VroOutcomeUnknownError, match="no run with these inputs appeared"):
            _runner.run_task(client, task_params(inputs={"name": "web01"}))
        assert client.post.call_count == 1

    def test_one_candidate_is_claimed(self, make_fake_client):
        client = self.lost(make_fake_client, "ours")
        result = _runner.run_task(client, task_params(inputs={"name": "web01"}))
        assert client.post.call_count == 1
        assert (result["execution_id"], result["changed"], result["failed"]) == ("ours", True, False)

    def test_two_candidates_cannot_be_told_apart(self, make_fake_client):
        client = self.lost(make_fake_client, "a", "b")
        with pytest.raises(VroOutcomeUnknownError, match="2 runs with the same inputs"):
            _runner.run_task(client, task_params(inputs={"name": "web01"}))
        assert client.post.call_count == 1


def test_a_batch_goes_on_when_one_run_fails_to_start(make_fake_client):
    client = vro(make_fake_client, **{run_path("e1"): execution("e1"), run_path("e3"): execution("e3", name="c")})
    answers = {"a": "e1", "c": "e3"}

    def post(path, body, query=None, expected=(200, 201, 202)):
        name = body["parameters"][0]["value"]["string"]["value"]
        if name not in answers:
            raise VroHttpError("HTTP 500 from vRO", status=500)
        return Response(202, {}, '{"id": "%s"}' % answers[name], "POST", path)

    client.post.side_effect = post
    runs = [{"inputs": {"name": name}} for name in ("a", "b", "c")]
    result = _runner.run_task(client, task_params(runs=runs, max_concurrent=1), diff=True)
    assert client.post.call_count == 3
    assert [r["execution_id"] for r in result["runs"]] == ["e1", None, "e3"]
    assert [r["failed"] for r in result["runs"]] == [False, True, False]
    assert result["failed"] is True and result["msg"].startswith("1 of 3 runs did not complete: runs[1]: HTTP 500")
    assert [p["workflow"] for p in result["diff"]["after"]["runs"]] == ["Provision"] * 3


def test_a_batch_with_fail_on_error_false_reports_without_failing(make_fake_client):
    client = vro(make_fake_client)
    client.post.side_effect = VroHttpError("HTTP 500 from vRO", status=500)
    result = _runner.run_task(client, task_params(runs=[{"inputs": {"name": "a"}}], fail_on_error=False))
    assert result["failed"] is False and result["runs"][0]["failed"] is True and "msg" in result


def test_a_batch_validates_every_run_before_starting_any(make_fake_client):
    client = vro(make_fake_client)
    runs = [{"inputs": {"name": "a"}}, {"inputs": {"nmae": "b"}}]
    with pytest.raises(VroInputError, match=r"runs\[1\]\.inputs"):
        _runner.run_task(client, task_params(runs=runs))
    client.post.assert_not_called()


def test_secrets_read_back_from_a_run_are_registered_on_the_client(make_fake_client):
    secret_output = [{"name": "token", "type": "SecureString", "value": {"secure-string": {"value": "t0ken"}}}]
    client = vro(make_fake_client, **{run_path("e1"): execution("e1", outputs=secret_output)})
    started_as(client, "e1")
    _runner.run_task(client, task_params(inputs={"name": "web01"}))
    assert "t0ken" in client.secrets


APPROVE = {"id": "ui-1", "name": "Approve", "state": "waiting", "input-parameters": [{"name": "ok", "type": "boolean"}]}
CONFIRM = {
    "id": "ui-2",
    "name": "Confirm",
    "state": "waiting",
    "input-parameters": [{"name": "pw", "type": "SecureString"}],
}


def waiting_run(make_fake_client, states, interactions):
    """Run e1 of WF, whose /state answers ``states`` in turn and /interaction ``interactions`` in turn."""
    client = vro(
        make_fake_client,
        **{
            run_path("e1"): execution("e1"),
            run_path("e1", "/state"): [{"value": state} for state in states],
            run_path("e1", "/interaction"): list(interactions),
        },
    )
    started_as(client, "e1")
    return client


def answers_posted(client):
    return [call.args[1]["parameters"] for call in client.post.call_args_list if call.args[0].endswith("/interaction")]


class TestInteractionInputs:
    def test_each_interaction_reached_gets_the_next_answer_in_order(self, make_fake_client):
        client = waiting_run(make_fake_client, ["waiting", "waiting", "completed"], [APPROVE, CONFIRM])
        params = task_params(inputs={"name": "a"}, wait=True, interaction_inputs=[{"ok": True}, {"pw": "Secret-9"}])
        result = _runner.run_task(client, params)
        assert not result["failed"], result
        assert [a["name"] for a in result["interactions_answered"]] == ["Approve", "Confirm"]
        assert answers_posted(client) == [
            [{"name": "ok", "type": "boolean", "scope": "local", "value": {"boolean": {"value": True}}}],
            [
                {
                    "name": "pw",
                    "type": "SecureString",
                    "scope": "local",
                    "value": {"secure-string": {"value": "Secret-9"}},
                }
            ],
        ]
        assert "Secret-9" in client.secrets  # so that no_log masks it everywhere

    def test_a_single_dict_is_one_answer_and_the_interaction_still_shown_is_not_answered_twice(self, make_fake_client):
        client = waiting_run(make_fake_client, ["waiting", "waiting", "completed"], [APPROVE, APPROVE])
        result = _runner.run_task(client, task_params(inputs={"name": "a"}, wait=True, interaction_inputs={"ok": True}))
        assert len(answers_posted(client)) == 1 and result["state"] == "completed"

    def test_with_no_answer_left_the_run_waiting_fails_as_before(self, make_fake_client):
        client = waiting_run(make_fake_client, ["waiting", "waiting"], [APPROVE, CONFIRM, CONFIRM])
        result = _runner.run_task(
            client, task_params(inputs={"name": "a"}, wait=True, interaction_inputs=[{"ok": True}])
        )
        assert result["failed"] and "interaction 'Confirm' asks for pw (SecureString)" in result["msg"]
        assert [a["name"] for a in result["interactions_answered"]] == ["Approve"]

    def test_a_misspelt_answer_fails_naming_it_and_posts_no_answer(self, make_fake_client):
        client = waiting_run(make_fake_client, ["waiting"], [APPROVE])
        result = _runner.run_task(client, task_params(inputs={"name": "a"}, wait=True, interaction_inputs=[{"okk": 1}]))
        assert result["failed"] and "interaction_inputs[0].okk: unknown input; did you mean 'ok'?" in result["msg"]
        assert answers_posted(client) == [] and result["interactions_answered"] == []

    def test_answers_of_run_items_are_named_after_the_item(self, make_fake_client):
        client = waiting_run(make_fake_client, ["waiting"], [APPROVE])
        params = task_params(wait=True, runs=[{"inputs": {"name": "a"}, "interaction_inputs": {"okk": 1}}])
        result = _runner.run_task(client, params)
        assert "runs[0].interaction_inputs[0].okk" in result["runs"][0]["msg"]

    def test_answers_need_wait(self, make_fake_client):
        client = vro(make_fake_client)
        with pytest.raises(VroInputError, match="interaction_inputs answers the interactions .* it needs wait: true"):
            _runner.run_task(client, task_params(inputs={"name": "a"}, interaction_inputs=[{"ok": True}]))
        client.post.assert_not_called()


def test_follow_run_waits_for_a_run_started_elsewhere_like_for_our_own(make_fake_client):
    failed = dict(execution("e1", state="failed"), **{"content-exception": "Error: boom"})
    client = vro(
        make_fake_client,
        **{
            run_path("e1"): failed,
            run_path("e1", "/state"): [{"value": "running"}, {"value": "failed"}],
            run_path("e1", "/syslogs"): {"logs": []},
            run_path("e1", "/logs"): {"logs": []},
        },
    )
    params = dict(wait_timeout=30, poll_interval=0.2, wait_on_interaction=False, log_lines=5)
    result = _runner.follow_run(client, WF, "Provision", "e1", _runner.RunOptions.for_waiting(params))
    assert result["failed"] and "workflow 'Provision' (wf-1) execution e1 failed: Error: boom" in result["msg"]
    assert result["waited"]["polls"] == 2
    client.post.assert_not_called()


# ------------------------------------------------------------------------------------------
# start: no trailing slash, both spellings then one (docs/design.md "Wire spellings")

BOTH = [
    {
        "name": "p",
        "type": "Properties",
        "value": {"properties": {"property": [], "properties": []}},
    }
]


def refused(status=400):
    return VroHttpError("POST failed with HTTP %d: unknown field" % status, status=status, url="https://vro/x")


# the start lists the workflow's runs before its POST (none yet here)
NO_RUNS_YET = {_executions.execution_path(WF): {"relations": {"total": 0, "link": []}}}


def test_start_posts_to_the_documents_path_and_returns_the_answer(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    document = {"id": "e1", "input-parameters": []}
    client.post.return_value = response(202, document, method="POST")
    started = _runner.start(client, WF, [])
    assert started == _runner.Started("e1", document)
    client.post.assert_called_once_with("/workflows/%s/executions" % WF, {"parameters": []}, expected=(200, 201, 202))


def test_start_without_a_body_has_no_document(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.return_value = response(
        202, None, {"Location": "https://vro/vco/api/workflows/w/executions/e7/"}, "POST"
    )
    assert _runner.start(client, WF, []) == _runner.Started("e7", None)


def test_a_400_to_both_spellings_is_answered_with_the_documents_spelling_then_the_clients(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused(), refused(), response(202, {"id": "e2"}, method="POST")]
    assert _runner.start(client, WF, BOTH).execution_id == "e2"
    sent = [call.args[1]["parameters"][0]["value"]["properties"] for call in client.post.call_args_list]
    assert [sorted(body) for body in sent] == [["properties", "property"], ["properties"], ["property"]]


@pytest.mark.parametrize("status", [404, 409, 500])
def test_other_refusals_are_not_answered_with_another_form(make_fake_client, status):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused(status)]
    with pytest.raises(VroHttpError):
        _runner.start(client, WF, BOTH)
    assert client.post.call_count == 1


def test_a_400_to_a_body_with_one_spelling_is_not_sent_again(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused()]
    one = [{"name": "p", "type": "Properties", "value": {"properties": {"property": []}}}]
    with pytest.raises(VroHttpError, match="unknown field"):
        _runner.start(client, WF, one)
    assert client.post.call_count == 1


def test_every_form_refused_reports_the_documents_spelling_and_says_what_was_tried(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused(), VroHttpError("spec form refused", status=400, url="u"), refused()]
    with pytest.raises(VroHttpError) as info:
        _runner.start(client, WF, BOTH)
    assert info.value.status == 400 and "spec form refused" in str(info.value)
    assert "both spellings, then with each alone" in str(info.value) and "wire_format" in str(info.value)


def test_a_lost_answer_to_a_single_spelling_form_is_recovered_not_resent(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused(), VroOutcomeUnknownError("connection reset", url="u")]
    client.routes[_executions.execution_path(WF)] = {"relations": {"link": []}}
    with pytest.raises(VroOutcomeUnknownError, match="no run with these inputs appeared"):
        _runner.start(client, WF, BOTH)
    assert client.post.call_count == 2


def token_refused():
    return VroOutcomeUnknownError("POST answered HTTP 401: token expired", url="u", renewed_login=True)


def test_a_refused_token_is_answered_with_one_more_post_after_the_look_up_finds_no_run(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [token_refused(), response(202, {"id": "e3"}, method="POST")]
    assert _runner.start(client, WF, []).execution_id == "e3"
    assert client.post.call_count == 2


def test_a_token_refused_twice_is_not_answered_with_a_third_post(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [token_refused(), token_refused(), response(202, {"id": "e4"}, method="POST")]
    with pytest.raises(VroOutcomeUnknownError, match="no run with these inputs appeared"):
        _runner.start(client, WF, [])
    assert client.post.call_count == 2


def test_a_lost_answer_without_a_renewed_login_is_never_answered_with_a_post(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [VroOutcomeUnknownError("connection reset", url="u"), response(202, {"id": "e5"})]
    with pytest.raises(VroOutcomeUnknownError, match="may have started"):
        _runner.start(client, WF, [])
    assert client.post.call_count == 1
