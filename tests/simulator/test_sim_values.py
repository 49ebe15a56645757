# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Type-name parsing, without a server."""

import pytest

from simulator.values import parse_type, text_of


def test_nested_array_type():
    vtype = parse_type("Array/Array/string")
    assert vtype.key == "array" and vtype.element.key == "array" and vtype.element.element.key == "string"


def test_composite_fields_may_nest():
    vtype = parse_type(
        "CompositeType(host:string,tags:Array/string,vm:VC:VirtualMachine,inner:CompositeType(a:number)):X"
    )
    assert [(name, field.key) for name, field in vtype.fields] == [
        ("host", "string"),
        ("tags", "array"),
        ("vm", "sdk-object"),
        ("inner", "composite"),
    ]
    assert [field[0] for field in dict(vtype.fields)["inner"].fields] == ["a"]


def test_sdk_and_unknown_types():
    assert parse_type("VC:VirtualMachine").key == "sdk-object"
    with pytest.raises(ValueError):
        parse_type("NoSuchType")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"number": {"value": 2.0}}, "2"),
        ({"number": {"value": 2.5}}, "2.5"),
        ({"boolean": {"value": True}}, "true"),
        ({"string": {"value": "x"}}, "x"),
        (None, ""),
        ({"array": {"elements": []}}, ""),
    ],
)
def test_text_of_for_templates(value, text):
    assert text_of(value) == text
