# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Spec of ``_types``: vRO type expressions."""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _types
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.codec_helpers import (
    input_error,
)

# ------------------------------------------------------------------------------------------
# type strings


class TestParseType:
    @pytest.mark.parametrize(
        "text, kind, canonical",
        [
            ("string", "string", "string"),
            ("String", "string", "string"),
            ("number", "number", "number"),
            ("boolean", "boolean", "boolean"),
            ("SecureString", "secure", "SecureString"),
            ("securestring", "secure", "SecureString"),
            ("EncryptedString", "encrypted", "EncryptedString"),
            ("Date", "date", "Date"),
            ("Regexp", "regex", "Regexp"),
            ("Properties", "properties", "Properties"),
            ("MimeAttachment", "mime", "MimeAttachment"),
            ("Any", "any", "Any"),
            ("Array", "array", "Array"),
            ("Array/string", "array", "Array/string"),
            ("array/Array/number", "array", "Array/Array/number"),
            ("VC:VirtualMachine", "sdk", "VC:VirtualMachine"),
            ("Array/VC:VirtualMachine", "array", "Array/VC:VirtualMachine"),
            ("vCACCAFE:CatalogItem", "sdk", "vCACCAFE:CatalogItem"),
            ("Dynamic:ns.Thing", "sdk", "Dynamic:ns.Thing"),
            ("ResourceElement", "sdk", "ResourceElement"),
            ("Workflow", "sdk", "Workflow"),
            ("CompositeType(a:string,b:number):Pair", "composite", "CompositeType(a:string,b:number):Pair"),
            (
                " CompositeType( a : string , b : Array/VC:VirtualMachine ) : Pair ",
                "composite",
                "CompositeType(a:string,b:Array/VC:VirtualMachine):Pair",
            ),
            ("CompositeType(a:string)", "composite", "CompositeType(a:string)"),
            ("Array/CompositeType(a:string,b:number):Pair", "array", "Array/CompositeType(a:string,b:number):Pair"),
        ],
    )
    def test_known_types(self, text, kind, canonical):
        vtype = _types.parse_type(text)
        assert vtype.kind == kind
        assert vtype.render() == canonical

    def test_composite_fields(self):
        vtype = _types.parse_type("CompositeType(a:string,vm:VC:VirtualMachine,tags:Array/string):Disk")
        assert [(name, ftype.render()) for name, ftype in vtype.fields] == [
            ("a", "string"),
            ("vm", "VC:VirtualMachine"),
            ("tags", "Array/string"),
        ]
        assert vtype.name == "Disk"

    def test_nested_composite_field_split(self):
        vtype = _types.parse_type("CompositeType(a:CompositeType(x:string,y:number):In,b:boolean):Out")
        assert [name for name, _ftype in vtype.fields] == ["a", "b"]
        assert [name for name, _ftype in vtype.fields[0][1].fields] == ["x", "y"]

    @pytest.mark.parametrize(
        "text, why",
        [
            ("strng", "did you mean 'string'?"),
            ("Sting", "did you mean 'string'?"),
            ("Regex", "did you mean 'Regexp'?"),
            ("Array/numbr", "did you mean 'number'?"),
            ("", "a vRO type name"),
            ("Array/", "empty type"),
            ("CompositeType(a:string", "unbalanced parentheses"),
            ("CompositeType(a)", "is not '<name>:<type>'"),
            ("CompositeType(1a:string)", "is not '<name>:<type>'"),
            ("CompositeType(a:string,a:number)", "appears twice"),
            ("CompositeType()", "at least one field"),
            ("CompositeType(a:string)Name", "expected ':<Name>'"),
            ("CompositeType(a:string):", "expected ':<Name>'"),
            ("a b", "unknown type"),
            ("Array/" * 40 + "string", "nested too deeply"),
        ],
    )
    def test_bad_types(self, text, why):
        exc = input_error(_types.parse_type, text, "input_types.x")
        assert exc.field == "input_types.x"
        assert why in str(exc)

    @pytest.mark.parametrize("junk", [None, 3, ["string"], {"a": 1}])
    def test_non_string_types(self, junk):
        assert input_error(_types.parse_type, junk).expected == "a vRO type name"

    def test_secret_flag(self):
        assert _types.parse_type("SecureString").secret
        assert _types.parse_type("Array/EncryptedString").secret
        assert _types.parse_type("CompositeType(u:string,p:SecureString):Cred").secret
        assert not _types.parse_type("Array/string").secret
        assert not _types.parse_type("Array").secret


class TestTypeEdges:
    def test_vro_type_repr(self):
        assert repr(_types.parse_type("Array/string")) == "VroType('Array/string')"
