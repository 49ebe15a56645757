# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rules AWX applies when a survey spec is saved, to check the specs the collection generates.

Copied (rules only, rewritten as a function that returns the first error AWX would answer) from
ansible/awx:
* awx/api/views/__init__.py, ``JobTemplateSurveySpec._validate_spec_data`` at commit
  0078f9e1b48c27fd57c5fd381c86ac0740cb2a47 (the POST of /api/v2/job_templates/{id}/survey_spec/, which
  awx.awx.job_template's survey_spec option calls);
* awx/main/constants.py, ``SURVEY_TYPE_MAPPING`` at commit 6c5fd93ce571df8f6b2e24d5b48fc590c49fbeef.
Left out: the ``$encrypted$`` default substitution (our specs set no defaults) and the
normalisation AWX does on string choices (ours are lists).
"""

SURVEY_TYPE_MAPPING = {
    "text": str,
    "textarea": str,
    "password": str,
    "multiplechoice": str,
    "multiselect": str,
    "integer": int,
    "float": (float, int),
}


def _top_level_error(spec):
    error = None
    for field, expect_type, type_label in (
        ("name", str, "string"),
        ("description", str, "string"),
        ("spec", list, "list of items"),
    ):
        if field not in spec:
            error = f"Field '{field}' is missing from survey spec."
        elif not isinstance(spec[field], expect_type):
            error = f"Expected {type_label} for field '{field}', received {type(spec[field]).__name__} type."
    if isinstance(spec.get("spec"), list) and len(spec["spec"]) < 1:
        error = "'spec' doesn't contain any items."
    return error


def _general_error(idx, item, variables):
    if not isinstance(item, dict):
        return f"Survey question {idx} is not a json object."
    for field_name in ("type", "question_name", "variable", "required"):
        if field_name not in item:
            return f"'{field_name}' missing from survey question {idx}"
        allowed, label = (bool, "boolean") if field_name == "required" else (str, "string")
        if not isinstance(item[field_name], allowed):
            return f"'{field_name}' in survey question {idx} expected to be {label}."
    if item["variable"] in variables:
        return f"'variable' '{item['variable']}' duplicated in survey question {idx}."
    variables.add(item["variable"])
    return None


def _choices_error(idx, item, qtype):
    if "choices" not in item:
        return f"Survey question {idx} of type {qtype} must specify choices."
    if "default" in item:
        defaults = item["default"].splitlines() if isinstance(item["default"], str) else item["default"]
        if qtype == "multiplechoice" and len(defaults) > 1:
            return "Multiple Choice (Single Select) can only have one default value."
        if any(choice not in item["choices"] for choice in defaults):
            return "Default choice must be answered from the choices listed."
    return None


def _item_error(idx, item, variables):
    error = _general_error(idx, item, variables)
    if error:
        return error
    qtype = item["type"]
    if qtype not in SURVEY_TYPE_MAPPING:
        return f"'{qtype}' in survey question {idx} is not one of '{', '.join(SURVEY_TYPE_MAPPING)}' allowed question types."
    if "default" in item and item["default"] != "" and not isinstance(item["default"], SURVEY_TYPE_MAPPING[qtype]):
        return f"Default value {item['default']} in survey question {idx} expected to be {qtype}."
    for key in ("min", "max"):
        if key in item and item[key] is not None and not isinstance(item[key], int):
            return f"The {key} limit in survey question {idx} expected to be integer."
    if qtype in ("multiselect", "multiplechoice"):
        error = _choices_error(idx, item, qtype)
        if error:
            return error
    if isinstance(item.get("default"), str) and item["default"].startswith("$encrypted$"):
        return f"$encrypted$ is a reserved keyword, may not be used for new default in position {idx}."
    return None


def survey_spec_error(spec):
    """The error message AWX would answer when saving ``spec``, or ``None`` if AWX accepts it."""
    if not isinstance(spec, dict):
        return "survey spec is not a JSON object"
    error = _top_level_error(spec)
    if error:
        return error
    variables = set()
    for idx, item in enumerate(spec["spec"]):
        error = _item_error(idx, item, variables)
        if error:
            return error
    return None
