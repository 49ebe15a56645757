# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Executions: normalization, listing order, logs, matching runs, dropped inputs; real vCO samples replayed."""

from __future__ import annotations

import json

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _dates, _executions
from ansible_collections.opsflow.vro.plugins.module_utils._errors import (
    VroHttpError,
    VroResponseError,
)
from ansible_collections.opsflow.vro.plugins.module_utils._transport import Response

WF = "6e04a460-4a45-4e16-9603-db2922c24462"


def response(status=200, body=None, headers=None, method="GET", url="https://vro/vco/api/x"):
    text = "" if body is None else json.dumps(body)
    return Response(status, headers or {}, text, method, url)


@pytest.mark.parametrize(
    "value, expected",
    [
        (1419025426833, "2014-12-19T21:43:46.833+00:00"),
        ("1419025426833", "2014-12-19T21:43:46.833+00:00"),
        ("2014-12-10T17:39:08.843Z", "2014-12-10T17:39:08.843+00:00"),
        ("2024-06-27T01:46:55.891+00:00", "2024-06-27T01:46:55.891+00:00"),
        ("2012-01-31T14:28:40.223+0300", "2012-01-31T14:28:40.223+03:00"),
        (None, None),
        ("", None),
        ("not a date", "not a date"),
    ],
)
def test_iso_date_accepts_epoch_ms_and_iso(value, expected):
    assert _executions.iso_date(value) == expected


@pytest.mark.parametrize(
    "state, expected",
    [
        ("completed", "completed"),
        ("CANCELED", "canceled"),
        ("STATE_WAITING_ON_SIGNAL", "waiting-signal"),
        ("Waiting-Signal", "waiting-signal"),
        ("cancelled", "canceled"),
    ],
)
def test_states_are_compared_case_insensitively(state, expected):
    assert _executions.normalize_state(state) == expected


def test_normalize_replays_the_real_vco55_execution(sample):
    execution, secrets = _executions.normalize(sample("execution-get-completed-vco55.json"), WF)
    assert execution["id"] == "ff8080814a1cb55c014a6481a9927a78"
    assert execution["state"] == "completed"
    assert execution["started_by"] == "someuser@EXAMPLE.COM"
    assert execution["start_date"] == "2014-12-19T21:43:46.833+00:00"
    assert execution["end_date"].startswith("2014-12-19T21:55:24.320")
    assert execution["inputs"]["runlist"] == ["role[loc_uswest]", "role[base]", "role[api]"]
    assert execution["inputs"]["coreCount"] == "2"
    assert execution["outputs"] == {
        "result": "SUCCESSFUL",
        "requestNumber": 326,
        "requestCompletionDetails": "Request succeeded. Created vm00378.",
    }
    assert isinstance(execution["outputs"]["requestNumber"], int)
    assert execution["exception"] is None
    assert secrets == []


def test_list_reads_the_last_page_when_the_server_lists_oldest_first(make_fake_client, sample):
    full = sample("executions-list-vco55.json")
    links = full["relations"]["link"]
    first_page = {"relations": {"total": 100, "link": links[:2] + links[2:7]}}
    last_page = {"relations": {"total": 100, "link": links[:2] + links[-5:]}}
    client = make_fake_client({_executions.execution_path(WF): [first_page, last_page]})
    newest = _executions.list_executions(client, WF, max_results=5)
    assert [c.kwargs["query"]["startIndex"] for c in client.get.call_args_list] == [0, 95]
    starts = [e["start_date"] for e in newest]
    assert starts == sorted(starts, reverse=True)
    assert starts[0] == "2014-12-19T21:43:46.833+00:00"
    assert newest[0]["started_by"] == "someuser@example.com"


def test_list_filters_by_state_over_a_bounded_window(make_fake_client, sample):
    client = make_fake_client({_executions.execution_path(WF): sample("executions-list-vco55.json")})
    failed = _executions.list_executions(client, WF, max_results=3, states=["FAILED"])
    assert len(failed) == 3 and all(e["state"] == "failed" for e in failed)
    assert client.get.call_args.kwargs["query"]["maxResult"] == 100


def test_logs_replay_merge_oldest_first_and_cap(make_fake_client, sample):
    logs = sample("execution-logs-vco55.json")
    error = {
        "origin": "server",
        "severity": "error",
        "time-stamp": "2014-12-19T21:55:24.000+00:00",
        "time-stamp-val": 1419026124000,
        "short-description": "boom",
    }
    marker = {
        "origin": "system",
        "severity": "info",
        "time-stamp-val": 1419025426900,
        "short-description": "__item_stack:/item1",
    }
    syslogs = {"logs": [{"entry": error}, {"entry": marker}]}
    client = make_fake_client(
        {_executions.execution_path(WF, "e", "/syslogs"): syslogs, _executions.execution_path(WF, "e", "/logs"): logs}
    )
    entries = _executions.logs(client, WF, "e")
    assert [e["time"] for e in entries] == sorted(e["time"] for e in entries)
    assert entries[0]["message"] == "Workflow 'Request Component' has started"
    assert entries[-1]["message"] == "Workflow 'Request Component' has completed"
    assert not any(e["message"].startswith("__item_stack") for e in entries)
    assert {e["origin"] for e in entries} == {"server", "event"}
    assert _executions.error_lines(entries) == ["boom"]
    assert len(_executions.logs(make_fake_client(dict(client.routes)), WF, "e", max_lines=2)) == 2


def test_cancel_of_a_run_that_just_ended_is_not_an_error(make_fake_client):
    client = make_fake_client({_executions.execution_path(WF, "e", "/state"): {"value": "completed"}})
    client.delete.side_effect = VroHttpError("400", status=400)
    _executions.cancel(client, WF, "e")
    client.delete.assert_called_once()


def test_state_accepts_value_or_state_key(make_fake_client):
    path = _executions.execution_path(WF, "e", "/state")
    assert _executions.get_state(make_fake_client({path: {"value": "running"}}), WF, "e") == "running"
    assert _executions.get_state(make_fake_client({path: {"state": "FAILED"}}), WF, "e") == "failed"


class TestMatchingRuns:
    SDK = {"sdk-object": {"type": "VC:VirtualMachine", "id": "vc01,id:vm-1"}}
    SENT = [
        {"name": "name", "type": "string", "scope": "local", "value": {"string": {"value": "web01"}}},
        {"name": "cpu", "type": "number", "scope": "local", "value": {"number": {"value": 2}}},
        {"name": "vm", "type": "VC:VirtualMachine", "scope": "local", "value": SDK},
    ]

    def echoed(self, **changes):
        """How vRO echoes SENT: every declared input, numbers as doubles, SDK objects with href and display value."""
        values = {
            "name": {"string": {"value": "web01"}},
            "cpu": {"number": {"value": 2.0}},
            "vm": {
                "sdk-object": dict(
                    self.SDK["sdk-object"],
                    href="https://vro/vco/api/catalog/VC/VirtualMachine/x/",
                    displayValue="web01",
                )
            },
            "notes": {"string": {"value": ""}},
        }
        values.update(changes)
        return [{"name": name, "type": "string", "scope": "local", "value": value} for name, value in values.items()]

    def client(self, make_fake_client, runs):
        listing = {"relations": {"total": len(runs), "link": []}}
        routes = {}
        for run_id, started, started_by, echoed in runs:
            attributes = [
                {"name": "id", "value": run_id},
                {"name": "startDate", "value": started},
                {"name": "state", "value": "completed"},
            ]
            attributes.append({"name": "startedBy", "value": started_by})
            listing["relations"]["link"].append({"rel": "down", "href": "h", "attributes": attributes})
            routes[_executions.execution_path(WF, run_id)] = {"id": run_id, "input-parameters": echoed}
        routes[_executions.execution_path(WF)] = listing
        return make_fake_client(routes)

    def find(self, client, since="2026-11-28T09:00:00+00:00"):
        moment = _dates.parse_utc(since)
        return [r["id"] for r in _executions.find_matching_runs(client, WF, self.SENT, moment, None, 10)]

    def test_echoed_doubles_and_sdk_extras_match_and_inputs_left_out_may_be_echoed_empty(self, make_fake_client):
        assert self.find(
            self.client(make_fake_client, [("a", "2026-11-28T09:00:05Z", "someuser@EXAMPLE.COM", self.echoed())])
        ) == ["a"]

    def test_a_run_with_a_value_for_an_input_left_out_does_not_match(self, make_fake_client):
        """idempotent must not skip a run: that earlier run had notes, this one has none (issue 12, item 3)."""
        runs = [("a", "2026-11-28T09:00:05Z", "someuser", self.echoed(notes={"string": {"value": "rush"}}))]
        assert self.find(self.client(make_fake_client, runs)) == []

    def test_a_different_value_or_an_older_run_does_not_match(self, make_fake_client):
        runs = [
            ("other-cpu", "2026-11-28T09:00:05Z", "someuser", self.echoed(cpu={"number": {"value": 4.0}})),
            ("too-old", "2026-11-28T08:59:59Z", "someuser", self.echoed()),
        ]
        assert self.find(self.client(make_fake_client, runs)) == []

    def test_runs_of_other_users_do_not_match(self, make_fake_client):
        runs = [
            ("mine", "2026-11-28T09:00:05Z", "CORP\\someuser", self.echoed()),
            ("theirs", "2026-11-28T09:00:06Z", "otheruser@corp", self.echoed()),
        ]
        assert self.find(self.client(make_fake_client, runs)) == ["mine"]

    @pytest.mark.parametrize(
        "username, started_by, same",
        [
            ("admin", "admin@vsphere.local", True),
            ("admin@vsphere.local", "VSPHERE\\admin", True),
            ("admin", "bob", False),
            (None, "bob", True),
            ("a", None, True),
        ],
    )
    def test_same_user_ignores_the_domain(self, username, started_by, same):
        assert _executions.same_user(username, started_by) is same


@pytest.mark.parametrize("body", [[1, 2], "text", 7])
def test_json_that_is_not_an_object_is_a_clear_error(make_fake_client, body):
    client = make_fake_client({_executions.execution_path(WF, "e", "/state"): body})
    with pytest.raises(VroResponseError, match="not an object"):
        _executions.get_state(client, WF, "e")


def test_logs_are_best_effort(make_fake_client):
    syslogs_fail = VroHttpError("GET syslogs failed with HTTP 500", status=500)

    junk = {
        "logs": [
            1,
            {"entry": "x"},
            {"entry": {"severity": 3, "short-description": "kept", "time-stamp": 1419026124333}},
        ]
    }
    entries = _executions.logs(
        make_fake_client(
            {
                _executions.execution_path(WF, "e", "/syslogs"): syslogs_fail,
                _executions.execution_path(WF, "e", "/logs"): junk,
            }
        ),
        WF,
        "e",
    )
    assert [(e["message"], e["severity"]) for e in entries] == [("kept", "3")]


def test_a_line_of_both_logs_is_listed_once_and_the_failure_names_each_error_once(make_fake_client):
    def entry(message, origin=None, millis=1419026124000):
        fields = {"severity": "error", "time-stamp-val": millis, "short-description": message}
        return {"entry": dict(fields, origin=origin) if origin else fields}

    syslogs = {"logs": [entry("boom", "server"), entry("boom", "system"), entry("lookup failed", "system")]}
    # /logs repeats the server's line, and has one of its own, later
    logs = {"logs": [entry("boom"), entry("boom", millis=1419026125000)]}
    client = make_fake_client(
        {_executions.execution_path(WF, "e", "/syslogs"): syslogs, _executions.execution_path(WF, "e", "/logs"): logs}
    )

    entries = _executions.logs(client, WF, "e")

    assert [(e["origin"], e["message"]) for e in entries] == [
        ("server", "boom"),
        ("system", "boom"),
        ("system", "lookup failed"),
        ("event", "boom"),
    ]
    # each message once, in the order of its last occurrence
    assert _executions.error_lines(entries) == ["lookup failed", "boom"]
    assert _executions.error_lines(entries, count=1) == ["boom"]


# ------------------------------------------------------------------------------------------
# dropped_inputs (verify_inputs)


def param(name, vro_type, value):
    return {"name": name, "type": vro_type, "scope": "local", "value": value}


PROPS = {"properties": {"property": [{"key": "k", "value": {"string": {"value": "v"}}}]}}
EMPTY_PROPS = {"properties": {"properties": []}}
MIME = {"mime-attachment": {"name": "a", "mime-type": "text/plain", "content": "aGk="}}
MIME_EMPTY = {"mime-attachment": {"name": "a", "mime-type": "text/plain"}}


@pytest.mark.parametrize(
    ("echoed", "lost"),
    [
        ([param("p", "Properties", PROPS), param("m", "MimeAttachment", MIME)], []),
        ([param("p", "Properties", EMPTY_PROPS), param("m", "MimeAttachment", MIME)], ["p"]),
        ([param("p", "Properties", PROPS), param("m", "MimeAttachment", MIME_EMPTY)], ["m.content_base64"]),
        ([param("m", "MimeAttachment", MIME)], ["p"]),
        ([{"name": "p", "type": "Properties"}, param("m", "MimeAttachment", MIME)], ["p"]),
    ],
)
def test_dropped_inputs(echoed, lost):
    sent = [param("p", "Properties", PROPS), param("m", "MimeAttachment", MIME), {"name": "unset", "type": "string"}]
    assert _executions.dropped_inputs(sent, echoed) == lost


def test_dropped_inputs_looks_inside_arrays_and_properties_but_does_not_compare_values():
    nested = {"array": {"elements": [PROPS, {"properties": {"property": [{"key": "x", "value": PROPS}]}}]}}
    echoed_nested = {"array": {"elements": [EMPTY_PROPS, {"properties": {"property": [{"key": "x", "value": PROPS}]}}]}}
    sent = [param("n", "Array/Properties", nested), param("s", "number", {"number": {"value": 2}})]
    echoed = [param("n", "Array/Properties", echoed_nested), param("s", "number", {"number": {"value": 2.0}})]
    assert _executions.dropped_inputs(sent, echoed) == ["n[0]"]
    echoed[0]["value"]["array"]["elements"] = echoed[0]["value"]["array"]["elements"][:1]
    assert _executions.dropped_inputs(sent, echoed) == ["n[0]", "n[1]"]


def test_secrets_are_only_checked_for_presence():
    sent = [param("pw", "SecureString", {"secure-string": {"value": "s3cret"}})]
    assert _executions.dropped_inputs(sent, [{"name": "pw", "type": "SecureString"}]) == []
    assert _executions.dropped_inputs(sent, []) == ["pw"]


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
    assert _executions.execution_id_from(response(status, body, headers, "POST")) == expected
