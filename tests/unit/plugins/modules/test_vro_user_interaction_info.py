# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_user_interaction_info ``run()`` on the fake client: everything, one workflow, one run; never a change."""

from __future__ import annotations

from ansible_collections.opsflow.vro.plugins.modules import vro_user_interaction_info as module_under_test

WF = "wf-1"
BASE = "https://vro.example.com/vco/api"
WAITING = {"id": "ui-1", "name": "Approve", "state": "waiting", "input-parameters": [{"name": "ok", "type": "boolean"}]}


def catalog(*runs):
    return {
        "link": [
            {
                "rel": "down",
                "href": "%s/workflows/%s/executions/%s/interaction/" % (BASE, WF, execution_id),
                "attributes": [{"name": "state", "value": "waiting"}],
            }
            for execution_id in runs
        ]
    }


def routes(**extra):
    found = {
        "/workflows/" + WF: {"id": WF, "name": "Approval"},
        "/catalog/System/UserInteraction": catalog("e1", "e2"),
        "/workflows/%s/executions/e1/interaction" % WF: WAITING,
        "/workflows/%s/executions/e2/interaction" % WF: dict(WAITING, state="finished"),
    }
    found.update(extra)
    return found


def test_everything_waiting_is_listed_with_its_fields(run_main, make_fake_client):
    client = make_fake_client(routes())
    code, result = run_main(module_under_test, {}, client)
    assert code == 0 and result["changed"] is False
    assert [(i["execution_id"], i["workflow_name"], i["name"]) for i in result["interactions"]] == [
        ("e1", "Approval", "Approve")
    ]
    assert result["interactions"][0]["inputs"] == [{"name": "ok", "type": "boolean", "description": None}]


def test_one_workflow_by_name(run_main, make_fake_client):
    listing = {"link": [{"attributes": [{"name": "id", "value": WF}, {"name": "name", "value": "Approval"}]}]}
    client = make_fake_client(routes(**{"/workflows": listing}))
    code, result = run_main(module_under_test, {"workflow_name": "Approval"}, client)
    assert code == 0 and [i["execution_id"] for i in result["interactions"]] == ["e1"]


def test_one_run_that_no_longer_waits_has_none(run_main, make_fake_client):
    client = make_fake_client(routes(**{"/workflows/%s/executions/e2/state" % WF: {"value": "running"}}))
    code, result = run_main(module_under_test, {"workflow_id": WF, "execution_id": "e2"}, client)
    assert code == 0 and result["interactions"] == []
