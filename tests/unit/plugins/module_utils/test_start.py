# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Starting a run: the id from the start answer, paths and spellings, lost-start recovery."""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _dates, _executions, _start
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroHttpError, VroOutcomeUnknownError

# imported under another name, so that pytest does not collect its tests a second time here
from tests.unit.plugins.module_utils.test_executions import WF, response
from tests.unit.plugins.module_utils.test_executions import TestMatchingRuns as MatchingRuns


@pytest.mark.parametrize(
    "status, body, headers, expected",
    [
        (
            202,
            {"id": "03ae74a3-2466-4607-aded-b6514f358fae", "state": "running"},
            {},
            "03ae74a3-2466-4607-aded-b6514f358fae",
        ),
        (
            202,
            None,
            {
                "Location": "https://vco.example.com:8281/vco/api/workflows/%s/executions/ff8080814a1cb55c014a6481a9927a78/"
                % WF
            },
            "ff8080814a1cb55c014a6481a9927a78",
        ),
        (202, None, {"Location": "https://lb.example.com/vco/api/workflows/%s/executions/abc" % WF}, "abc"),
        (202, None, {}, None),
    ],
)
def test_execution_id_from_body_or_location(status, body, headers, expected):
    assert _start.execution_id_from(response(status, body, headers, "POST")) == expected


def test_a_lost_start_only_claims_a_run_that_started_after_the_post(make_fake_client):
    """An identical earlier run (a previous pipeline attempt) must not be taken for the one our lost POST made."""
    earlier = MatchingRuns()
    client = earlier.client(
        make_fake_client, [("previous-attempt", "2026-11-28T08:59:00Z", "someuser", earlier.echoed())]
    )
    client.server_clock_offset = 0.0
    started_at = _dates.parse_utc("2026-11-28T09:00:00+00:00")
    lost = VroOutcomeUnknownError("lost")
    assert _start.recover_lost_start(client, WF, MatchingRuns.SENT, started_at, lost, frozenset()) is None
    client = earlier.client(make_fake_client, [("ours", "2026-11-28T09:00:00.300Z", "someuser", earlier.echoed())])
    client.server_clock_offset = 0.0
    assert _start.recover_lost_start(client, WF, MatchingRuns.SENT, started_at, lost, frozenset()) == "ours"


def test_a_lost_start_never_claims_a_run_listed_before_the_post_or_already_claimed(make_fake_client):
    runs = MatchingRuns()
    started_at = _dates.parse_utc("2026-11-28T09:00:00+00:00")
    lost = VroOutcomeUnknownError("lost")
    for before, claimed in ((frozenset(["ours"]), set()), (frozenset(), {"ours"}), (None, set())):
        client = runs.client(make_fake_client, [("ours", "2026-11-28T09:00:00.300Z", "someuser", runs.echoed())])
        client.start_ledger.claimed.update(claimed)
        assert _start.recover_lost_start(client, WF, MatchingRuns.SENT, started_at, lost, before) is None


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
    started = _start.start(client, WF, [])
    assert started == _start.Started("e1", document)
    client.post.assert_called_once_with("/workflows/%s/executions" % WF, {"parameters": []}, expected=(200, 201, 202))


def test_start_without_a_body_has_no_document(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.return_value = response(
        202, None, {"Location": "https://vro/vco/api/workflows/w/executions/e7/"}, "POST"
    )
    assert _start.start(client, WF, []) == _start.Started("e7", None)


def test_a_400_to_both_spellings_is_answered_with_the_documents_spelling_then_the_clients(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused(), refused(), response(202, {"id": "e2"}, method="POST")]
    assert _start.start(client, WF, BOTH).execution_id == "e2"
    sent = [call.args[1]["parameters"][0]["value"]["properties"] for call in client.post.call_args_list]
    assert [sorted(body) for body in sent] == [["properties", "property"], ["properties"], ["property"]]


@pytest.mark.parametrize("status", [404, 409, 500])
def test_other_refusals_are_not_answered_with_another_form(make_fake_client, status):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused(status)]
    with pytest.raises(VroHttpError):
        _start.start(client, WF, BOTH)
    assert client.post.call_count == 1


def test_a_400_to_a_body_with_one_spelling_is_not_sent_again(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused()]
    one = [{"name": "p", "type": "Properties", "value": {"properties": {"property": []}}}]
    with pytest.raises(VroHttpError, match="unknown field"):
        _start.start(client, WF, one)
    assert client.post.call_count == 1


def test_every_form_refused_reports_the_documents_spelling_and_says_what_was_tried(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused(), VroHttpError("spec form refused", status=400, url="u"), refused()]
    with pytest.raises(VroHttpError) as info:
        _start.start(client, WF, BOTH)
    assert info.value.status == 400 and "spec form refused" in str(info.value)
    assert "both spellings, then with each alone" in str(info.value) and "wire_format" in str(info.value)


def test_a_lost_answer_to_a_single_spelling_form_is_recovered_not_resent(make_fake_client):
    client = make_fake_client(NO_RUNS_YET)
    client.post.side_effect = [refused(), VroOutcomeUnknownError("connection reset", url="u")]
    client.routes[_executions.execution_path(WF)] = {"relations": {"link": []}}
    with pytest.raises(VroOutcomeUnknownError, match="no run with these inputs appeared"):
        _start.start(client, WF, BOTH)
    assert client.post.call_count == 2
