# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWX's validation rules for a custom credential type, copied (as data, and the checks of their `validate`
methods) from two versions of `awx/main/fields.py` in github.com/ansible/awx, classes
`CredentialTypeInputField` and `CredentialTypeInjectorField`:

- TOWER_3_2: the oldest schema of a released AWX / Ansible Tower found, from before Tower 3.3 (AWX's
  docs/credentials/custom_credential_types.md: custom credential types came with Tower 3.2, "3.3 adds the
  ability for a single Credential Type to inject multiple files"). It has no `default` on input fields and
  only the single-file `file: {template: ...}` injector.
- LATER: a later version (with `format: url`, `default` on input fields checked against the field's type,
  multi-file `template.<name>` injectors, env values limited to ASCII, ANSIBLE_* env names refused).
Both schemas are JSON Schema, checked with jsonschema as AWX's JSONSchemaField does.
"""

from __future__ import annotations

import re

_ID_PATTERN = "^[a-zA-Z_]+[a-zA-Z0-9_]*$"


def _inputs_schema(field_properties):
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "required": {"type": "array", "items": {"type": "string"}},
            "fields": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": field_properties,
                    "additionalProperties": False,
                    "required": ["id", "label"],
                },
            },
        },
    }


_COMMON_FIELD_PROPERTIES = {
    "type": {"enum": ["string", "boolean"]},
    "choices": {"type": "array", "minItems": 1, "items": {"type": "string"}, "uniqueItems": True},
    "id": {"type": "string", "pattern": _ID_PATTERN},
    "label": {"type": "string"},
    "help_text": {"type": "string"},
    "multiline": {"type": "boolean"},
    "secret": {"type": "boolean"},
    "ask_at_runtime": {"type": "boolean"},
}
_NAMES = {"type": "object", "patternProperties": {_ID_PATTERN: {"type": "string"}}, "additionalProperties": False}

TOWER_3_2 = {
    "inputs": _inputs_schema({**_COMMON_FIELD_PROPERTIES, "format": {"enum": ["ssh_private_key"]}}),
    "injectors": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "file": {
                "type": "object",
                "properties": {"template": {"type": "string"}},
                "additionalProperties": False,
                "required": ["template"],
            },
            "env": _NAMES,
            "extra_vars": _NAMES,
        },
    },
    "multi_file": False,
    "default_allowed": False,
}

LATER = {
    "inputs": _inputs_schema(
        {**_COMMON_FIELD_PROPERTIES, "format": {"enum": ["ssh_private_key", "url"]}, "default": {}}
    ),
    "injectors": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "file": {
                "type": "object",
                "patternProperties": {r"^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$": {"type": "string"}},
                "additionalProperties": False,
            },
            "env": {
                "type": "object",
                "patternProperties": {_ID_PATTERN: {"type": "string", "pattern": "^[\x00-\x7f]*$"}},
                "additionalProperties": False,
            },
            "extra_vars": _NAMES,
        },
    },
    "multi_file": True,
    "default_allowed": True,
}


def field_errors(inputs, version):
    """The checks of CredentialTypeInputField.validate beyond the schema."""
    errors = []
    ids = set()
    for field in inputs.get("fields", []):
        if field["id"] == "tower":
            errors.append('"tower" is a reserved field name')
        if field["id"] in ids:
            errors.append("field IDs must be unique (%s)" % field["id"])
        ids.add(field["id"])
        kind = field.get("type", "string")
        if version["default_allowed"] and "default" in field:
            if not isinstance(field["default"], {"string": str, "boolean": bool}[kind]):
                errors.append("%s is not a %s" % (field["default"], kind))
        errors += [
            "%s not allowed for %s type (%s)" % (key, kind, field["id"])
            for key in ("choices", "multiline", "format", "secret")
            if key in field and kind != "string"
        ]
    return errors


def injector_errors(injectors, version):
    """The checks of CredentialTypeInjectorField.validate beyond the schema (syntax of the file injectors)."""
    names = [name for name in injectors.get("file", {}) if name.startswith("template")]
    if version["multi_file"] and "template" in names and len(names) > 1:
        return ["Must use multi-file syntax when injecting multiple files"]
    if version["multi_file"]:
        return [
            "Environment variable %s may affect Ansible configuration" % n
            for n in injectors.get("env", {})
            if re.match("ANSIBLE_", n)
        ]
    return []
