# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWX surveys: the question of every vRO type, the AWX save rules, and answers back into inputs."""

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.plugins.module_utils._survey import inputs_from_answers, question_type, survey_spec
from tests.awx_survey_rules import survey_spec_error


@pytest.mark.parametrize(
    "vro_type, expected",
    [
        ("string", "text"),
        ("number", "float"),
        ("boolean", "multiplechoice"),
        ("SecureString", "password"),
        ("EncryptedString", "password"),
        ("Date", "text"),
        ("Regexp", "text"),
        ("Array/string", "textarea"),
        ("Array/VC:VirtualMachine", "textarea"),
        ("Properties", "textarea"),
        ("CompositeType(host:string,port:number):Endpoint", "textarea"),
        ("Any", "textarea"),
        ("MimeAttachment", "textarea"),
        ("VC:VirtualMachine", "text"),
        ("not a type (", "text"),
    ],
)
def test_question_type_of_each_vro_type(vro_type, expected):
    assert question_type(vro_type) == expected


def test_numbers_can_be_asked_as_integers():
    assert question_type("number", "integer") == "integer"
    with pytest.raises(VroInputError, match="survey_number_type"):
        survey_spec("w", "", [{"name": "n", "type": "number"}], number_type="double")


def test_the_spec_passes_the_awx_rules_and_carries_descriptions():
    inputs = [
        {"name": "vm", "type": "VC:VirtualMachine", "description": "The VM"},
        {"name": "on", "type": "boolean", "description": ""},
        {"name": "endpoint", "type": "CompositeType(host:string,port:number):Endpoint"},
        {"name": "count", "type": "number", "description": "How many"},
    ]
    spec = survey_spec("Clone", "Clone a VM", inputs, number_type="integer")
    assert survey_spec_error(spec) is None
    assert (spec["name"], spec["description"]) == ("Clone", "Clone a VM")
    vm, on, endpoint, count = spec["spec"]
    assert vm == {
        "question_name": "vm",
        "question_description": "The VM (vRO type VC:VirtualMachine; the id of the VC:VirtualMachine object)",
        "variable": "vm",
        "type": "text",
        "required": False,
    }
    assert on["choices"] == ["true", "false"] and on["question_description"] == "vRO type boolean"
    assert "the fields host, port" in endpoint["question_description"]
    assert count["type"] == "integer"


def test_no_inputs_no_survey():
    assert survey_spec("w", None, []) is None


def test_the_awx_rules_catch_what_awx_refuses():
    good = survey_spec("w", "", [{"name": "a", "type": "string"}])
    assert survey_spec_error(dict(good, spec=good["spec"] * 2)).startswith("'variable' 'a' duplicated")
    assert "must specify choices" in survey_spec_error(
        {"name": "w", "description": "", "spec": [dict(good["spec"][0], type="multiplechoice")]}
    )
    assert survey_spec_error({"name": "w", "description": "", "spec": []}) == "'spec' doesn't contain any items."
    assert "expected to be boolean" in survey_spec_error(
        {"name": "w", "description": "", "spec": [dict(good["spec"][0], required="no")]}
    )


DECLARED = [
    {"name": "text", "type": "string"},
    {"name": "count", "type": "number"},
    {"name": "on", "type": "boolean"},
    {"name": "secret", "type": "SecureString"},
    {"name": "names", "type": "Array/string"},
    {"name": "props", "type": "Properties"},
    {"name": "anything", "type": "Any"},
]


def test_answers_as_awx_passes_them_become_inputs():
    answers = {
        "text": "",
        "count": 3,
        "on": "false",
        "secret": "s3cret",
        "names": "- a\n- b\n",
        "props": '{"k": 1}',
        "anything": "",
        "vro_workflow_id": "not an input",
    }
    assert inputs_from_answers(answers, DECLARED) == {
        "text": "",
        "count": 3,
        "on": "false",
        "secret": "s3cret",
        "names": ["a", "b"],
        "props": {"k": 1},
    }


def test_unanswered_questions_leave_inputs_unset():
    assert inputs_from_answers({"count": "", "on": "", "names": "  ", "props": None}, DECLARED) == {}


def test_structured_answers_given_as_data_are_kept():
    assert inputs_from_answers({"names": ["x"], "props": {"k": "v"}}, DECLARED) == {"names": ["x"], "props": {"k": "v"}}


def test_text_that_does_not_parse_names_the_input_and_not_the_text():
    with pytest.raises(VroInputError) as raised:
        inputs_from_answers({"props": "key: [unclosed-Secret-Bit\n"}, DECLARED)
    message = str(raised.value)
    assert message.startswith("inputs.props: the survey answer for vRO type Properties is neither JSON nor YAML")
    assert "line 2" in message and "Secret-Bit" not in message


def test_answers_must_be_a_mapping():
    with pytest.raises(VroInputError, match="a mapping of survey variables"):
        inputs_from_answers(["a"], DECLARED)
