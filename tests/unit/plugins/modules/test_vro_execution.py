# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_execution ``run()`` on the fake client: cancel a run, or report that there was nothing to cancel."""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils._executions import execution_path
from ansible_collections.opsflow.vro.plugins.modules import vro_execution as module_under_test

WF = "wf-1"
STATE = execution_path(WF, "e1", "/state")


@pytest.fixture
def cancel(run_main, make_fake_client):
    """Run the module against a run whose state answers are ``states``; returns (code, result, client)."""

    def call(states, **args):
        client = make_fake_client({STATE: [{"value": s} for s in states]})
        code, result = run_main(module_under_test, dict({"workflow_id": WF, "execution_id": "e1"}, **args), client)
        return code, result, client

    return call


def test_a_finished_run_is_left_alone(cancel):
    code, result, client = cancel(["completed"])
    assert code == 0 and result["changed"] is False and result["state"] == "completed"
    client.delete.assert_not_called()


def test_check_mode_reports_the_cancel_without_sending_it(cancel):
    code, result, client = cancel(["running"], _ansible_check_mode=True, _ansible_diff=True)
    assert code == 0 and result["changed"] is True
    assert result["diff"] == {"before": {"state": "running"}, "after": {"state": "canceled"}}
    client.delete.assert_not_called()


def test_a_running_run_is_canceled(cancel):
    code, result, client = cancel(["running", "canceled"])
    assert code == 0 and (result["changed"], result["previous_state"], result["state"]) == (True, "running", "canceled")
    client.delete.assert_called_once_with(STATE)


def test_a_run_that_ended_before_the_cancel_took_effect_is_no_change(cancel):
    code, result, _client = cancel(["running", "completed"], _ansible_diff=True)
    assert code == 0 and result["changed"] is False and "diff" not in result
    assert "was completed before the cancel took effect" in result["msg"]


def test_a_cancel_that_does_not_take_effect_in_time_fails(cancel):
    code, result, _client = cancel(["running", "running"], wait_timeout=0)
    assert code == 1 and "still reports it running after 0 s" in result["msg"]


def test_a_negative_wait_timeout_is_refused_before_any_request(cancel):
    code, result, client = cancel([], wait_timeout=-1)
    assert code == 1 and result["msg"] == "wait_timeout: expected a number >= 0, got -1"
    client.get.assert_not_called()


def test_a_workflow_name_is_resolved_first(run_main, make_fake_client):
    listing = {
        "link": [{"attributes": [{"name": "id", "value": WF}, {"name": "name", "value": "Provision"}], "href": "h"}]
    }
    client = make_fake_client({"/workflows": listing, "/workflows/%s" % WF: {"id": WF}, STATE: {"value": "failed"}})
    code, result = run_main(module_under_test, {"workflow_name": "Provision", "execution_id": "e1"}, client)
    assert code == 0 and result["workflow_id"] == WF and result["state"] == "failed"
