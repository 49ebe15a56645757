# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Spec of secrets: found and masked by decoding (``_decode``), refused as input (``_encode``), ``_secrets``."""

from __future__ import annotations

import copy
import json

import pytest
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.opsflow.vro.plugins.module_utils import _decode, _encode, _parameters, _secrets
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.codec_helpers import (
    decl,
    enc,
    enc_error,
    input_error,
)


class TestSecrets:
    def test_secure_string_default_key(self):
        assert enc("SecureString", "s3cret") == {"secure-string": {"value": "s3cret"}}

    def test_secure_string_old_key(self):
        assert enc("SecureString", "s3cret", wire={"secure_string_key": "string"}) == {"string": {"value": "s3cret"}}

    def test_encrypted_string(self):
        assert enc("EncryptedString", "s3cret") == {"encrypted-string": {"value": "s3cret"}}
        # the secure_string_key option is about SecureString only
        assert enc("EncryptedString", "s", wire={"secure_string_key": "string"}) == {"encrypted-string": {"value": "s"}}

    def test_numbers_become_text(self):
        assert enc("SecureString", 1234) == {"secure-string": {"value": "1234"}}

    @pytest.mark.parametrize("vro_type", ["SecureString", "EncryptedString"])
    @pytest.mark.parametrize("value", [{"pw": "hunter2"}, ["hunter2"], True])
    def test_errors_never_show_the_value(self, vro_type, value):
        exc = enc_error(vro_type, value)
        assert "hunter2" not in str(exc) and "True" not in str(exc)
        assert exc.given.startswith("<secret> (")
        assert "hunter2" not in json.dumps(exc.to_fail_json())

    def test_errors_inside_secret_containers_are_masked(self):
        exc = enc_error("Array/SecureString", "hunter2")
        assert "hunter2" not in str(exc) and exc.given == "<secret> (str)"
        exc = enc_error("CompositeType(user:string,pw:SecureString):Cred", "hunter2")
        assert "hunter2" not in str(exc)
        exc = enc_error("Array/SecureString", ["ok", {"x": "hunter2"}])
        assert exc.field == "inputs.x[1]" and "hunter2" not in str(exc)

    @pytest.mark.parametrize(
        "vro_type, name", [("SecureString", "SecureString"), ("EncryptedString", "EncryptedString")]
    )
    def test_masked_value_is_refused(self, vro_type, name):
        exc = input_error(_encode.encode_inputs, {"password": _secrets.SECRET_MASK}, decl(password=vro_type))
        assert str(exc) == "inputs.password is a masked %s from an earlier run; give the real value" % name
        assert exc.field == "inputs.password"

    def test_masked_value_in_array_is_refused(self):
        exc = input_error(
            _encode.encode_inputs, {"pws": ["real", _secrets.SECRET_MASK]}, decl(pws="Array/SecureString")
        )
        assert str(exc) == "inputs.pws[1] is a masked SecureString from an earlier run; give the real value"

    def test_mask_is_fine_for_plain_strings(self):
        assert _encode.encode_inputs({"s": _secrets.SECRET_MASK}, decl(s="string"))[0]["value"] == {
            "string": {"value": _secrets.SECRET_MASK}
        }

    def test_decode_value_gives_clear_text(self):
        assert _decode.decode_value({"secure-string": {"value": "s3cret"}}) == "s3cret"
        assert _decode.decode_value({"encrypted-string": {"value": "s3cret"}}) == "s3cret"

    def test_decode_parameters_masks_and_collects(self):
        params = [
            {"name": "pw", "type": "SecureString", "scope": "local", "value": {"secure-string": {"value": "s3cret"}}},
            {"name": "old", "type": "SecureString", "scope": "local", "value": {"string": {"value": "old7x"}}},
            {"name": "enc", "type": "EncryptedString", "scope": "local", "value": {"encrypted-string": {"value": "e"}}},
            {"name": "dup", "type": "SecureString", "scope": "local", "value": {"secure-string": {"value": "s3cret"}}},
            {"name": "empty", "type": "SecureString", "scope": "local", "value": {"secure-string": {"value": ""}}},
            {"name": "unset", "type": "SecureString", "scope": "local"},
            {
                "name": "arr",
                "type": "Array/SecureString",
                "scope": "local",
                "value": {"array": {"elements": [{"string": {"value": "a1"}}, {"secure-string": {"value": "a2"}}]}},
            },
            {
                "name": "comp",
                "type": "CompositeType(user:string,pw:SecureString):Cred",
                "scope": "local",
                "value": {
                    "composite": {
                        "type": "CompositeType(user:string,pw:SecureString):Cred",
                        "property": [
                            {"id": "user", "value": {"string": {"value": "bob"}}},
                            {"id": "pw", "value": {"string": {"value": "cpw"}}},
                        ],
                    }
                },
            },
            {
                "name": "props",
                "type": "Properties",
                "scope": "local",
                "value": {"properties": {"property": [{"key": "k", "value": {"secure-string": {"value": "ppw"}}}]}},
            },
            {"name": "plain", "type": "string", "scope": "local", "value": {"string": {"value": "visible"}}},
        ]
        plain, secrets = _decode.decode_parameters(params)
        mask = _secrets.SECRET_MASK
        assert plain == {
            "pw": mask,
            "old": mask,
            "enc": mask,
            "dup": mask,
            "empty": mask,
            "unset": None,
            "arr": [mask, mask],
            "comp": {"user": "bob", "pw": mask},
            "props": {"k": mask},
            "plain": "visible",
        }
        assert secrets == ["s3cret", "old7x", "e", "a1", "a2", "cpw", "ppw"]

    def test_secret_values_and_mask_parameters(self):
        params = _encode.encode_inputs(
            {"user": "bob", "pw": "s3cret", "pws": ["a", "b"], "cred": {"u": "x", "p": "cp"}, "none": None},
            decl(
                user="string",
                pw="SecureString",
                pws="Array/EncryptedString",
                cred="CompositeType(u:string,p:SecureString):Cred",
                none="SecureString",
            ),
        )
        original = copy.deepcopy(params)
        assert _decode.secret_values(params) == ["s3cret", "a", "b", "cp"]
        masked = _decode.mask_parameters(params)
        assert params == original  # not mutated
        assert masked[0] == params[0]
        assert masked[1]["value"] == {"secure-string": {"value": _secrets.SECRET_MASK}}
        assert masked[2]["value"] == {
            "array": {"elements": [{"encrypted-string": {"value": _secrets.SECRET_MASK}}] * 2}
        }
        assert masked[3]["value"]["composite"]["property"] == [
            {"id": "u", "value": {"string": {"value": "x"}}},
            {"id": "p", "value": {"secure-string": {"value": _secrets.SECRET_MASK}}},
        ]
        assert masked[4] == params[4]
        assert _decode.secret_values(masked) == []

    def test_secret_values_with_old_string_key(self):
        params = _encode.encode_inputs({"pw": "s3cret"}, decl(pw="SecureString"), wire={"secure_string_key": "string"})
        assert params[0]["value"] == {"string": {"value": "s3cret"}}
        assert _decode.secret_values(params) == ["s3cret"]
        assert _decode.mask_parameters(params)[0]["value"] == {"string": {"value": _secrets.SECRET_MASK}}

    def test_secret_values_in_raw_parameters(self):
        raw = _parameters.validate_raw_parameters(
            [
                {"name": "pw", "type": "SecureString", "value": {"secure-string": {"value": "rawpw"}}},
                {
                    "name": "p",
                    "type": "Properties",
                    "value": {
                        "properties": {"properties": [{"key": "k", "value": {"encrypted-string": {"value": "nested"}}}]}
                    },
                },
                {"name": "odd", "type": "CompositeType(", "value": {"string": {"value": "not secret"}}},
            ]
        )
        assert _decode.secret_values(raw) == ["rawpw", "nested"]
        masked = _decode.mask_parameters(raw)
        assert masked[1]["value"]["properties"]["properties"][0]["value"] == {
            "encrypted-string": {"value": _secrets.SECRET_MASK}
        }
        assert masked[2] == raw[2]

    @pytest.mark.parametrize(
        "junk", [None, 5, "x", [None, 1, "x", {"value": 3}, {"name": "a", "type": 5, "value": []}]]
    )
    def test_secret_helpers_tolerate_junk(self, junk):
        assert _decode.secret_values(junk) == []
        assert _decode.mask_parameters(junk) == junk


class TestSecretEdges:
    def test_secret_walk_odd_shapes(self):
        params = [
            {"name": "flat", "type": "SecureString", "value": {"secure-string": "flatpw"}},
            {
                "name": "plist",
                "type": "Properties",
                "value": {"properties": [{"key": "k", "value": {"secure-string": {"value": "listpw"}}}]},
            },
            {
                "name": "cv",
                "type": "CompositeType(p:SecureString):C",
                "value": {
                    "composite": {
                        "CompositeObjectValue": [
                            {"composite-value": {"id": "p", "value": {"string": {"value": "cvpw"}}}}
                        ]
                    }
                },
            },
            {"name": "objtype", "type": "string", "value": {"objectType": "secure-string", "value": "otpw"}},
        ]
        assert _decode.secret_values(params) == ["flatpw", "listpw", "cvpw", "otpw"]
        masked = _decode.mask_parameters(params)
        assert masked[0]["value"] == {"secure-string": _secrets.SECRET_MASK}
        assert masked[1]["value"]["properties"][0]["value"] == {"secure-string": {"value": _secrets.SECRET_MASK}}
        assert masked[2]["value"]["composite"]["CompositeObjectValue"][0]["composite-value"]["value"] == {
            "string": {"value": _secrets.SECRET_MASK}
        }
        assert masked[3]["value"] == {"objectType": "secure-string", "value": _secrets.SECRET_MASK}
        plain, secrets = _decode.decode_parameters(params)
        assert plain == {
            "flat": _secrets.SECRET_MASK,
            "plist": {"k": _secrets.SECRET_MASK},
            "cv": {"p": _secrets.SECRET_MASK},
            "objtype": _secrets.SECRET_MASK,
        }
        assert secrets == ["flatpw", "listpw", "cvpw", "otpw"]


class TestSecretsModule:
    def test_redact_masks_longest_first_and_ignores_empty(self):
        assert _secrets.redact("pw=hunter2 and hunter", ["hunter", "hunter2", ""]) == "pw=******** and ********"
        assert _secrets.redact(None, ["x"]) == ""

    def test_mask_replaces_equal_string_values_only(self):
        data = {"name": "pw", "value": {"secure-string": {"value": "s3cret"}}, "list": ["s3cret", "other", 1]}
        masked = _secrets.mask(data, ["s3cret", ""])
        assert masked == {
            "name": "pw",
            "value": {"secure-string": {"value": _secrets.SECRET_MASK}},
            "list": [_secrets.SECRET_MASK, "other", 1],
        }
        assert data["value"]["secure-string"]["value"] == "s3cret"  # a copy

    def test_scrub_invocation_hides_every_payload_option_that_is_set(self):
        params = {"inputs": {"pw": "x"}, "parameters": None, "runs": [{}], "hostname": "vro"}
        assert _secrets.scrub_invocation(params) == {
            "inputs": "NOT_LOGGING_PARAMETER",
            "parameters": None,
            "runs": "NOT_LOGGING_PARAMETER",
            "hostname": "vro",
        }

    def test_scrub_answers_hides_interaction_inputs_also_in_run_items(self):
        params = {
            "inputs": {"name": "a"},
            "interaction_inputs": [{"pw": "x"}],
            "runs": [{"inputs": {}, "interaction_inputs": {"pw": "y"}}, {"inputs": {}, "interaction_inputs": None}],
        }
        assert _secrets.scrub_answers(params) == {
            "inputs": {"name": "a"},
            "interaction_inputs": "NOT_LOGGING_PARAMETER",
            "runs": [
                {"inputs": {}, "interaction_inputs": "NOT_LOGGING_PARAMETER"},
                {"inputs": {}, "interaction_inputs": None},
            ],
        }
        assert params["runs"][0]["interaction_inputs"] == {"pw": "y"}  # a copy

    @pytest.mark.parametrize(
        "proxy_url, found",
        [
            ("http://user:p%40ss@proxy:3128", ["p%40ss", "p@ss"]),
            ("http://proxy:3128", []),
            (None, []),
            ("http://[::1", []),  # not a URL: nothing to find
        ],
    )
    def test_proxy_secrets(self, proxy_url, found):
        assert _secrets.proxy_secrets(proxy_url) == found

    def test_secret_values_fall_out_of_decoding(self):
        params = [{"name": "a", "type": "Array/SecureString", "value": {"array": {"elements": [{"string": "x1"}]}}}]
        assert _decode.secret_values(params) == _decode.decode_parameters(params)[1] == ["x1"]


def test_a_short_secret_is_masked_inside_words_too_as_ansible_itself_does():
    """The decision on short secrets (README, "Connecting"): masked wherever they appear, not only as whole words.

    Ansible replaces every occurrence of a no_log value (the connection password and tokens) inside every string
    of a module's result, substrings included; masking only whole words here would change nothing a user sees,
    and would leak a secret that vRO's text embeds without spaces (``user:Fail@host``, ``pw=Fail;``).
    """
    message = "Datastore lookup Failed for user:Fail@vro"
    assert _secrets.redact(message, ["Fail"]) == "Datastore lookup ********ed for user:********@vro"
    assert remove_values(message, {"Fail"}) == "Datastore lookup ********ed for user:********@vro"
