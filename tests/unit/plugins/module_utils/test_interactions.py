# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""User interactions and runs found by id alone: catalog lookups, listing, answers, cancel, against a fake client."""

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _interactions
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroHttpError,
    VroInputError,
    VroNotFoundError,
    VroOutcomeUnknownError,
    VroResponseError,
)

BASE = "https://vro.example.com:443/vco/api"
WF = "c0a87531-3ff0-4a69-9715-e8914e828a75"
EX = "8c3d4a61-2b1e-4f0a-9e55-0b7f3c2d1a90"
RUN = "/workflows/%s/executions/%s" % (WF, EX)
INTERACTION = {
    "id": "ui-1",
    "name": "Enter credentials",
    "state": "waiting",
    "assignees": ["administrator@vsphere.local"],
    "input-parameters": [
        {"name": "account", "type": "string", "description": "Service account"},
        {"name": "password", "type": "SecureString"},
    ],
}


@pytest.fixture
def fake(make_fake_client):
    """``fake({(method, path): answer})``: the shared fake client (tests/unit/conftest.py); a POST or DELETE
    answer that is an exception is raised, any other means success."""

    def build(routes):
        client = make_fake_client(dict((path, answer) for (method, path), answer in routes.items() if method == "GET"))
        for (method, _path), answer in routes.items():
            if method != "GET" and isinstance(answer, Exception):
                getattr(client, method.lower()).side_effect = answer
        return client

    return build


def requested(client, method):
    return [call.args[0] for call in getattr(client, method.lower()).call_args_list]


def not_found():
    return VroNotFoundError("HTTP 404", status=404, url=BASE + "/x")


# ---- a run's workflow -----------------------------------------------------------------------


def test_the_workflow_of_a_run_comes_from_its_catalog_item_links(fake):
    item = {"relations": {"link": [{"rel": "up", "href": BASE + "/workflows/%s/" % WF}]}, "attributes": []}
    client = fake({("GET", "/catalog/System/WorkflowExecution/" + EX): item})
    assert _interactions.workflow_of(client, EX) == WF


def test_the_workflow_of_a_run_falls_back_on_a_workflow_id_attribute(fake):
    item = {
        "relations": {"link": [{"rel": "down", "href": BASE + RUN + "/"}]},
        "attributes": [{"name": "workflowId", "value": WF}],
    }
    client = fake({("GET", "/catalog/System/WorkflowExecution/" + EX): item})
    assert _interactions.workflow_of(client, EX) == WF


def test_an_unknown_run_is_a_clear_error(fake):
    client = fake({("GET", "/catalog/System/WorkflowExecution/nope"): not_found()})
    with pytest.raises(VroNotFoundError, match="execution_id 'nope' was not found on %s" % BASE):
        _interactions.workflow_of(client, "nope")


def test_a_catalog_item_that_names_no_workflow_asks_for_workflow_id(fake):
    client = fake({("GET", "/catalog/System/WorkflowExecution/" + EX): {"attributes": []}})
    with pytest.raises(VroResponseError, match="give workflow_id as well"):
        _interactions.workflow_of(client, EX)


def test_a_given_workflow_id_costs_no_request(fake):
    client = fake({})
    assert _interactions.workflow_id_of_run(client, EX, workflow_id=WF) == WF
    assert not client.get.called


def test_locate_run_reads_the_name_from_the_definition(fake):
    client = fake(
        {
            ("GET", "/catalog/System/WorkflowExecution/" + EX): {
                "relations": {"link": [{"href": BASE + "/workflows/%s" % WF}]}
            },
            ("GET", "/workflows/" + WF): {"id": WF, "name": "WaitForApproval"},
        }
    )
    assert _interactions.locate_run(client, EX) == (WF, "WaitForApproval")


# ---- reading --------------------------------------------------------------------------------


def test_normalize_reads_the_8x_names_and_the_older_pages_names():
    item = _interactions.normalize(dict(INTERACTION, **{"timeout-date": "2026-11-30T10:00:00.000+00:00"}), WF, "W", EX)
    assert item == {
        "id": "ui-1",
        "execution_id": EX,
        "workflow_id": WF,
        "workflow_name": "W",
        "name": "Enter credentials",
        "state": "waiting",
        "assignees": ["administrator@vsphere.local"],
        "timeout_date": "2026-11-30T10:00:00.000+00:00",
        "inputs": [
            {"name": "account", "type": "string", "description": "Service account"},
            {"name": "password", "type": "SecureString", "description": None},
        ],
    }
    older = {
        "name": "Approve",
        "state": "WAITING",
        "assignee": ["bob"],
        "parameter": [{"name": "ok", "type": "boolean"}],
    }
    item = _interactions.normalize(older, WF, "W", EX)
    assert (item["state"], item["assignees"], item["inputs"][0]["name"], item["timeout_date"]) == (
        "waiting",
        ["bob"],
        "ok",
        None,
    )


def test_a_run_without_an_interaction_reads_as_none(fake):
    client = fake({("GET", RUN + "/interaction"): not_found()})
    assert _interactions.read(client, WF, "W", EX) is None


def test_run_state_names_an_unknown_run(fake):
    client = fake({("GET", RUN + "/state"): not_found()})
    with pytest.raises(VroNotFoundError, match="execution_id '%s' is not a run of workflow %s" % (EX, WF)):
        _interactions.run_state(client, WF, EX)


def catalog_link(interaction_id, state="waiting", href=None):
    attributes = [
        {"name": "id", "value": interaction_id},
        {"name": "name", "value": "x"},
        {"name": "state", "value": state},
    ]
    return {
        "rel": "down",
        "href": href or BASE + "/catalog/System/UserInteraction/%s/" % interaction_id,
        "attributes": attributes,
    }


def test_list_waiting_follows_each_item_to_its_run_and_reads_each_workflow_once(fake):
    other_ex = "0f5e0d4c-5a7b-4c52-8d1e-2f6a9b3c4d5e"
    item = {
        "relations": {
            "link": [
                {"rel": "up", "href": BASE + RUN + "/"},
                {"rel": "interaction", "href": BASE + RUN + "/interaction/"},
            ]
        }
    }
    listing = {
        "link": [
            catalog_link("ui-1"),
            catalog_link("ui-2", href=BASE + "/workflows/%s/executions/%s/interaction/" % (WF, other_ex)),
            catalog_link("ui-3", state="finished"),  # a server that ignores status=0
            {"rel": "up", "href": BASE + "/catalog/System/"},
        ],
        "total": 3,
    }
    client = fake(
        {
            ("GET", "/catalog/System/UserInteraction"): listing,
            ("GET", "/catalog/System/UserInteraction/ui-1"): item,
            ("GET", "/workflows/" + WF): {"id": WF, "name": "WaitForApproval"},
            ("GET", RUN + "/interaction"): INTERACTION,
            ("GET", "/workflows/%s/executions/%s/interaction" % (WF, other_ex)): dict(INTERACTION, state="finished"),
        }
    )
    found = _interactions.list_waiting(client)
    assert [(i["execution_id"], i["workflow_name"]) for i in found] == [
        (EX, "WaitForApproval")
    ]  # ui-2 was answered meanwhile
    assert client.get.call_args_list[0].kwargs["query"] == {"status": 0}
    assert requested(client, "GET").count("/workflows/" + WF) == 1
    assert "/catalog/System/UserInteraction/ui-2" not in requested(client, "GET")  # its link named the run
    assert "/catalog/System/UserInteraction/ui-3" not in requested(client, "GET")


def test_list_waiting_of_one_workflow_skips_the_others_unread(fake):
    listing = {"link": [catalog_link("ui-1", href=BASE + "/workflows/other/executions/e1/interaction/")]}
    client = fake({("GET", "/catalog/System/UserInteraction"): listing})
    assert _interactions.list_waiting(client, workflow=(WF, "WaitForApproval")) == []
    assert requested(client, "GET") == ["/catalog/System/UserInteraction"]


# ---- answering ------------------------------------------------------------------------------


def waiting_interaction():
    return _interactions.normalize(INTERACTION, WF, "TwoStepApproval", EX)


def test_inputs_are_typed_from_the_interaction_fields():
    parameters = _interactions.answer_parameters(waiting_interaction(), inputs={"account": "svc", "password": "pw-1"})
    assert parameters == [
        {"name": "account", "type": "string", "scope": "local", "value": {"string": {"value": "svc"}}},
        {"name": "password", "type": "SecureString", "scope": "local", "value": {"secure-string": {"value": "pw-1"}}},
    ]


@pytest.mark.parametrize(
    "inputs, parameters, fragment",
    [
        ({"acount": "svc"}, None, "inputs.acount: unknown input; did you mean 'account'?"),
        ({"account": {"a": 1}}, None, "inputs.account: expected"),
        (
            None,
            [{"name": "pasword", "type": "SecureString", "value": {"secure-string": {"value": "x"}}}],
            "did you mean 'password'?",
        ),
        (None, [{"name": "account", "type": "string", "vaule": {}}], "parameters[0].vaule"),
    ],
)
def test_a_bad_answer_fails_before_anything_is_sent(inputs, parameters, fragment):
    with pytest.raises(VroInputError) as raised:
        _interactions.answer_parameters(waiting_interaction(), inputs=inputs, parameters=parameters)
    assert fragment in str(raised.value)


def test_raw_parameters_are_sent_as_given():
    raw = [{"name": "account", "type": "string", "value": {"string": {"value": "svc"}}}]
    assert _interactions.answer_parameters(waiting_interaction(), parameters=raw) == [dict(raw[0], scope="local")]


def test_answer_posts_the_context_and_registers_its_secrets(fake):
    client = fake({("POST", RUN + "/interaction"): None})
    parameters = _interactions.answer_parameters(waiting_interaction(), inputs={"password": "pw-1"})
    assert _interactions.answer(client, waiting_interaction(), parameters)
    client.post.assert_called_once_with(RUN + "/interaction", {"parameters": parameters}, expected=(200, 202, 204))
    assert client.secrets == frozenset(["pw-1"])


def test_a_lost_answer_is_never_resent_and_is_taken_when_the_interaction_moved_on(fake):
    lost = VroOutcomeUnknownError("the connection broke after the request was sent", url=BASE + RUN)
    client = fake(
        {("POST", RUN + "/interaction"): lost, ("GET", RUN + "/interaction"): dict(INTERACTION, state="finished")}
    )
    assert _interactions.answer(client, waiting_interaction(), [])
    assert client.post.call_count == 1


def test_a_lost_answer_while_the_interaction_still_waits_is_unknown(fake):
    lost = VroOutcomeUnknownError("the connection broke after the request was sent", url=BASE + RUN)
    client = fake({("POST", RUN + "/interaction"): lost, ("GET", RUN + "/interaction"): INTERACTION})
    with pytest.raises(VroOutcomeUnknownError, match="still waits, so the answer was not taken. It was not re-sent"):
        _interactions.answer(client, waiting_interaction(), [])
    assert client.post.call_count == 1


def test_cancel_of_an_interaction_someone_else_ended_changes_nothing(fake):
    refused = VroHttpError("HTTP 400", status=400, url=BASE + RUN)
    client = fake(
        {("DELETE", RUN + "/interaction"): refused, ("GET", RUN + "/interaction"): dict(INTERACTION, state="finished")}
    )
    assert _interactions.cancel(client, waiting_interaction()) is False
    client = fake({("DELETE", RUN + "/interaction"): refused, ("GET", RUN + "/interaction"): INTERACTION})
    with pytest.raises(VroHttpError):
        _interactions.cancel(client, waiting_interaction())


@pytest.mark.parametrize(
    "given, expected", [(None, []), ({"a": 1}, [{"a": 1}]), ([{"a": 1}, {"b": 2}], [{"a": 1}, {"b": 2}])]
)
def test_answers_list_takes_one_answer_or_a_list(given, expected):
    assert _interactions.answers_list(given) == expected


def test_answers_list_refuses_anything_else():
    with pytest.raises(VroInputError, match="interaction_inputs: expected a dict"):
        _interactions.answers_list(["approved"])
