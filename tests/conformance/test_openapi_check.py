# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request checker itself: each correction is needed, good requests pass, bad ones are named."""

import re

import pytest
from openapi_check import CORRECTIONS, Spec, security_scheme_problems, waiver

START = "/vco/api/workflows/3a0ab069-cf2f-47e0-96f5-4a8920a5dc51/executions"
CONTEXT = {
    "parameters": [
        {"name": "vmName", "type": "string", "scope": "local", "value": {"string": {"value": "web01"}}},
        {"name": "count", "type": "number", "scope": "local", "value": {"number": {"value": 2}}},
        {"name": "when", "type": "Date", "scope": "local", "value": {"date": {"value": "2024-06-27T03:46:55+02:00"}}},
        {
            "name": "tags",
            "type": "Properties",
            "scope": "local",
            "value": {"properties": {"properties": [{"key": "k", "value": {"string": {"value": "v"}}}]}},
        },
        {
            "name": "file",
            "type": "MimeAttachment",
            "scope": "local",
            "value": {"mime-attachment": {"name": "a.txt", "mime-type": "text/plain", "mime-content": "aGk="}},
        },
        {"name": "héllo_ünïcode", "type": "Array/string", "value": {"array": {"elements": []}}},
    ]
}
GOOD = {"method": "POST", "path": START, "query": {}, "content_type": "application/json", "body": CONTEXT}


def with_parameter(parameter):
    return {**GOOD, "body": {"parameters": [parameter]}}


def test_a_conforming_start_has_no_problem(spec):
    assert spec.problems(GOOD) == []


@pytest.mark.parametrize(
    ("request_", "problem"),
    [
        ({**GOOD, "path": START + "/"}, "POST /workflows/{workflowId}/executions/ (trailing slash): no such path"),
        ({**GOOD, "path": "/vco/api/workflow/x/executions"}, "no such path"),
        ({**GOOD, "path": "/api/workflows"}, "outside the document's server /vco/api"),
        ({**GOOD, "method": "PUT"}, "method not allowed"),
        ({**GOOD, "content_type": "text/plain"}, "content type 'text/plain' is not one of"),
        ({**GOOD, "body": None}, "the request body is required"),
        ({**GOOD, "body": {"parameters": {"name": "x"}}}, "is not of type 'array'"),
        (with_parameter({"type": "string"}), "'name' is a required property"),
        (with_parameter({"name": "1st"}), "'1st' does not match '^[\\\\p{L}_$][\\\\p{L}0-9_$]*$'"),
        (with_parameter({"name": "x", "scope": "global"}), "'global' is not one of ['local', 'token']"),
        (with_parameter({"name": "x", "value": {"number": {"value": "2"}}}), "'2' is not of type 'number'"),
        (with_parameter({"name": "x", "value": {"text": {"value": "2"}}}), "body at /parameters/0/value"),
        (with_parameter({"name": "x", "value": {"string": {"value": "a"}, "number": {"value": 1}}}), "value"),
        (with_parameter({"name": "x", "value": {"date": {"value": "27.06.2024"}}}), "is not a 'date-time'"),
        (with_parameter({"name": "x", "value": {"mime-attachment": {"mime-content": "#"}}}), "is not a 'byte'"),
        (
            with_parameter({"name": "x", "value": {"array": {"elements": [{"number": {"value": True}}]}}}),
            "True is not of type 'number'",
        ),
        (
            {"method": "GET", "path": "/vco/api/workflows", "query": {"maxResults": ["1"]}},
            "unknown query parameter 'maxResults'",
        ),
        ({"method": "GET", "path": "/vco/api/workflows", "query": {"maxResult": ["all"]}}, "'all' is not an integer"),
        ({"method": "GET", "path": "/vco/api/workflows", "query": {"maxResult": ["1", "2"]}}, "given 2 times"),
        ({"method": "GET", "path": "/vco/api/workflows", "query": {"queryCount": ["yes"]}}, "not true or false"),
        (
            {"method": "GET", "path": "/vco/api/workflows", "query": {"maxResult": ["9999999999"]}},
            "is not a 'int32'",
        ),
        ({"method": "GET", "path": "/vco/api/about", "query": {}, "body": {"x": 1}}, "takes no request body"),
    ],
)
def test_a_deliberately_bad_request_is_named(spec, request_, problem):
    problems = spec.problems(request_)
    assert any(problem in text for text in problems), problems


@pytest.mark.parametrize(
    "request_",
    [
        {"method": "GET", "path": "/vco/api/about", "query": {}},
        {
            "method": "GET",
            "path": "/vco/api/workflows",
            "query": {"conditions": ["name=a", "id~b"], "maxResult": ["5"]},
        },
        {"method": "GET", "path": f"{START}/abc", "query": {}},
        {"method": "GET", "path": f"{START}/abc/state", "query": {}},
        {"method": "DELETE", "path": f"{START}/abc/state", "query": {}},
        {"method": "GET", "path": f"{START}/abc/logs", "query": {"maxResult": ["20"]}},
        {"method": "GET", "path": "/vco/api/catalog/System/WorkflowExecution", "query": {"sortOrders": ["-startDate"]}},
        {**GOOD, "content_type": "application/json;charset=UTF-8"},
    ],
)
def test_conforming_requests(spec, request_):
    assert spec.problems(request_) == []


def test_extra_keys_are_allowed_because_the_document_does_not_forbid_them(spec):
    """Both spellings at once conform: the value types' own fields are open objects in the document."""
    both = {"properties": {"property": [], "properties": []}}
    assert spec.problems(with_parameter({"name": "x", "value": both})) == []


def test_login_requests_are_waived_with_a_reason():
    assert "not part of the vRO API document" in waiver({"method": "POST", "path": "/iaas/api/login"})
    assert waiver({"method": "POST", "path": "/iaas/api/login/"}) is None
    assert waiver({"method": "GET", "path": "/vco/api/about"}) is None


def test_each_correction_is_needed():
    published = Spec.load(corrections=())
    assert security_scheme_problems(published.document) == [
        "securitySchemes.BearerAuth: 'name' is not a field of a 'http' scheme",
        "securitySchemes.BasicAuth: 'name' is not a field of a 'http' scheme",
    ]
    with pytest.raises(RecursionError):  # Value -> string -> allOf Value -> ... never ends
        published.problems(with_parameter({"name": "x", "value": {"string": {"value": "a"}}}))
    without_letters = Spec.load(corrections=CORRECTIONS[:2])
    with pytest.raises(re.error, match="bad escape"):
        without_letters.problems(with_parameter({"name": "x"}))
    corrected = Spec.load()
    assert security_scheme_problems(corrected.document) == []
    assert [(c.__name__, len(changed)) for c, changed in corrected.corrections] == [
        ("drop_name_from_http_security_schemes", 2),
        ("value_types_as_wrapper_objects", 13),
        ("unicode_letter_classes", 6),
    ]


def test_letter_ranges_mean_unicode_letters(spec):
    for name, conforms in [("é", True), ("Ωmega", True), ("名前", True), ("_x9", True), ("9x", False), ("a-b", False)]:
        assert (spec.problems(with_parameter({"name": name})) == []) is conforms, name
