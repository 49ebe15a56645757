# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Spec of ``_errors``: the one exception hierarchy."""

from __future__ import annotations

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroError, VroInputError
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.codec_helpers import (
    enc_error,
)

# ------------------------------------------------------------------------------------------
# _errors


class TestErrors:
    def test_vro_error_to_fail_json(self):
        exc = VroError("boom", status=500, url=None, detail="x")
        assert str(exc) == "boom"
        assert exc.to_fail_json() == {"msg": "boom", "status": 500, "detail": "x"}

    def test_vro_error_details_cannot_override_failed_or_changed(self):
        assert VroError("boom", failed=False, changed=True).to_fail_json() == {"msg": "boom"}

    def test_input_error_is_a_vro_error_with_fields(self):
        exc = VroInputError(field="inputs.cpu", expected="a number", given="'abc' (str)")
        assert isinstance(exc, VroError)
        assert str(exc) == "inputs.cpu: expected a number, got 'abc' (str)"
        assert (exc.field, exc.expected, exc.given) == ("inputs.cpu", "a number", "'abc' (str)")
        assert exc.to_fail_json() == {
            "msg": "inputs.cpu: expected a number, got 'abc' (str)",
            "field": "inputs.cpu",
            "expected": "a number",
            "given": "'abc' (str)",
        }

    def test_input_error_with_message_and_extra_details(self):
        exc = VroInputError("custom", field="idempotent", expected="no secret inputs", given="pw", hint="h")
        assert str(exc) == "custom"
        assert exc.to_fail_json()["hint"] == "h"

    def test_params_errors_carry_vro_type(self):
        exc = enc_error("number", "abc")
        assert exc.to_fail_json() == {
            "msg": "inputs.x: expected a number for vRO type 'number', got 'abc' (str)",
            "field": "inputs.x",
            "expected": "a number",
            "given": "'abc' (str)",
            "vro_type": "number",
        }
