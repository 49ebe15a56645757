# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_user_interaction decisions: idempotence, check mode, cancel, bad input, against a fake client."""

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.modules import vro_user_interaction as module_under_test
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.test_interactions import (
    EX,
    INTERACTION,
    RUN,
    WF,
    requested,
)


class FakeModule:
    def __init__(self, check_mode=False, diff=False, **params):
        self.params = dict(
            execution_id=EX,
            workflow_id=WF,
            workflow_name=None,
            state="answered",
            inputs=None,
            parameters=None,
            wire_format=None,
            attachment_dirs=None,
        )
        self.params.update(params)
        self.check_mode = check_mode
        self._diff = diff


def routes(state="waiting"):
    return {
        "/workflows/" + WF: {"id": WF, "name": "TwoStepApproval"},
        RUN + "/state": [{"value": state}, {"value": "running"}],
        RUN + "/interaction": INTERACTION,
    }


def test_a_run_no_longer_waiting_is_unchanged_and_says_its_state(make_fake_client):
    client = make_fake_client(routes(state="completed"))
    result = module_under_test.run(FakeModule(inputs={"account": "svc"}), client)
    assert not result["changed"] and result["state"] == "completed"
    assert result["msg"] == "execution %s is completed, not waiting for user input: nothing to answer" % EX
    assert not client.post.called and RUN + "/interaction" not in requested(client, "GET")


def test_check_mode_validates_masks_and_sends_nothing(make_fake_client):
    client = make_fake_client(routes())
    module = FakeModule(check_mode=True, diff=True, inputs={"account": "svc", "password": "pw-1"})
    result = module_under_test.run(module, client)
    assert result["changed"] and result["state"] == "waiting"
    assert result["payload"]["parameters"][1]["value"] == {"secure-string": {"value": "********"}}
    assert result["diff"] == {"before": {"interaction": "waiting"}, "after": {"interaction": "answered"}}
    assert not client.post.called and not client.delete.called


def test_wire_format_spells_the_answer_as_for_a_run(make_fake_client):
    """The answer goes through the same encoder, with the same wire choices, as a run's inputs."""
    client = make_fake_client(routes())
    module = FakeModule(check_mode=True, inputs={"password": "pw-1"}, wire_format={"secure_string_key": "string"})
    result = module_under_test.run(module, client)
    assert result["payload"]["parameters"][0]["value"] == {"string": {"value": "********"}}


def test_an_answer_is_posted_and_the_new_state_returned(make_fake_client):
    client = make_fake_client(routes())
    result = module_under_test.run(FakeModule(inputs={"account": "svc"}), client)
    assert result["changed"] and result["state"] == "running" and result["answered_at"]
    assert (
        result["msg"] == "the interaction 'Enter credentials' of execution %s was answered; the run is now running" % EX
    )


def test_cancel_deletes_the_interaction(make_fake_client):
    client = make_fake_client(routes())
    result = module_under_test.run(FakeModule(state="canceled"), client)
    assert result["changed"] and "was canceled" in result["msg"]
    client.delete.assert_called_once()


def test_cancel_with_an_answer_fails_before_any_request(make_fake_client):
    client = make_fake_client({})
    with pytest.raises(VroInputError, match="state: canceled takes neither"):
        module_under_test.run(FakeModule(state="canceled", inputs={"account": "svc"}), client)
    assert not client.get.called
