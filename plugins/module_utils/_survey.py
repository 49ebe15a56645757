# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""AWX/AAP surveys for vRO workflows, both ways: a survey spec from a workflow's inputs, and the
workflow's inputs from the answers AWX passes as flat extra variables. Pure: no I/O.

The mapping (one question per input, the variable named after the input):

=================================================  ==================  ================================
vRO input type                                     question type       answer AWX passes
=================================================  ==================  ================================
SecureString, EncryptedString                      password            text
number                                             float (or integer)  number
boolean                                            multiplechoice      ``"true"`` or ``"false"``
Array/..., Properties, CompositeType(...), Any,    textarea            YAML or JSON text, parsed here
MimeAttachment                                                         into a list or dict
string, Date, Regexp, SDK objects (``VC:VM``)      text                text (an SDK object's id)
=================================================  ==================  ================================

No question is required (a vRO workflow definition does not say which inputs are mandatory) and
none has a default. AWX passes an unanswered optional question as an empty string or not at all;
both leave the input unset.
"""

import json
from collections.abc import Mapping

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroError, VroInputError
from ansible_collections.opsflow.vro.plugins.module_utils._types import parse_type

try:
    import yaml

    HAS_YAML = True
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core
    HAS_YAML = False

NUMBER_QUESTION_TYPES = ("float", "integer")
_QUESTION_TYPE_OF_KIND = {
    "secure": "password",
    "encrypted": "password",
    "boolean": "multiplechoice",
    "array": "textarea",
    "properties": "textarea",
    "composite": "textarea",
    "any": "textarea",
    "mime": "textarea",
}
_TEXTAREA_HINTS = {
    "array": "a YAML or JSON list",
    "properties": "a YAML or JSON mapping",
    "composite": "a YAML or JSON mapping with the fields %s",
    "any": "YAML or JSON",
    "mime": "a YAML or JSON mapping: name, mime_type, and content or content_base64",
}
BOOLEAN_CHOICES = ["true", "false"]


def _kind(vro_type):
    try:
        return parse_type(vro_type).kind
    except VroError:
        return "string"  # a type the encoder does not know is asked as text and left for it to refuse


def question_type(vro_type, number_type="float"):
    kind = _kind(vro_type)
    if kind == "number":
        return number_type
    return _QUESTION_TYPE_OF_KIND.get(kind, "text")


def _description(param):
    text = (param.get("description") or "").strip()
    vro_type = param.get("type") or "string"
    kind = _kind(vro_type)
    hint = _TEXTAREA_HINTS.get(kind)
    if hint and kind == "composite":
        hint = hint % ", ".join(name for name, _ftype in parse_type(vro_type).fields)
    if kind == "sdk":
        hint = "the id of the %s object" % vro_type
    details = "vRO type %s%s" % (vro_type, "; " + hint if hint else "")
    return "%s (%s)" % (text, details) if text else details


def survey_spec(name, description, inputs, number_type="float"):
    """The AWX/AAP survey spec (``name``, ``description``, ``spec``) for a workflow's declared inputs.

    ``inputs``: ``[{name, type, description}]``. A workflow without inputs has no survey (AWX
    refuses a spec without questions): ``None``.
    """
    if number_type not in NUMBER_QUESTION_TYPES:
        raise VroInputError(field="survey_number_type", expected=" or ".join(NUMBER_QUESTION_TYPES), given=number_type)
    questions = []
    for param in inputs:
        qtype = question_type(param.get("type") or "string", number_type)
        question = {
            "question_name": param["name"],
            "question_description": _description(param),
            "variable": param["name"],
            "type": qtype,
            "required": False,
        }
        if qtype == "multiplechoice":
            question["choices"] = list(BOOLEAN_CHOICES)
        questions.append(question)
    if not questions:
        return None
    return {"name": name, "description": description or "", "spec": questions}


def _parse_text(text, field, vro_type):
    """A textarea answer: JSON, else YAML (JSON is YAML, but a JSON error message is clearer first)."""
    try:
        return json.loads(text)
    except ValueError as exc:
        reason = "JSON: %s" % exc
    if HAS_YAML:
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            # The problem and where, never the parser's quote of the text (it may hold anything).
            mark = getattr(exc, "problem_mark", None)
            reason = "YAML: %s%s" % (
                getattr(exc, "problem", None) or "not valid",
                " at line %d, column %d" % (mark.line + 1, mark.column + 1) if mark else "",
            )
    raise VroInputError(
        "%s: the survey answer for vRO type %s is neither JSON nor YAML: %s"
        % (field, vro_type, " ".join(reason.split())),
        field=field,
        expected="YAML or JSON text",
        given="text that does not parse",
    )


def inputs_from_answers(answers, inputs, field="inputs"):
    """The workflow's inputs from survey answers passed as flat extra variables.

    ``answers`` maps variable names to what AWX passed (other variables are ignored); ``inputs``
    are the workflow's declared inputs. Textarea answers (arrays, Properties, composites, Any,
    attachments) given as text are parsed as JSON or YAML; an empty answer leaves its input unset.
    Other values are returned as given, for the encoder to type by the declared input (it takes
    ``"3"`` for a number and ``"true"`` for a boolean) and to refuse with a clear message.
    """
    if not isinstance(answers, Mapping):
        raise VroInputError(field=field, expected="a mapping of survey variables", given=type(answers).__name__)
    result = {}
    for param in inputs:
        name = param.get("name")
        if name not in answers or answers[name] is None:
            continue
        answer = answers[name]
        vro_type = param.get("type") or "string"
        qtype = question_type(vro_type)
        if isinstance(answer, str) and not answer.strip() and qtype != "text" and qtype != "password":
            continue
        if qtype == "textarea" and isinstance(answer, str):
            answer = _parse_text(answer, "%s.%s" % (field, name), vro_type)
        result[name] = answer
    return result
