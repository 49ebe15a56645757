# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX / AAP credential type file, read as AWX reads it: valid fields, and injectors that set only what
the modules read (the credential at work against the simulator: tests/integration/test_awx.py)."""

from __future__ import annotations

import copy

import jinja2.meta
import jsonschema
import pytest
import yaml

from ansible_collections.opsflow.vro.plugins.module_utils._module import CONNECTION_ARGSPEC
from tests.packaging import awx_schemas
from tests.packaging.ansible_commands import REPO_ROOT

CREDENTIAL_TYPE = yaml.safe_load((REPO_ROOT / "awx" / "credential_type_vro.yml").read_text(encoding="utf-8"))
# every VRO_* variable the modules read
MODULE_ENV_VARS = {name for spec in CONNECTION_ARGSPEC.values() for name in spec["fallback"][1]}


def test_credential_type_is_valid_for_awx_and_sets_what_the_modules_read():
    fields = {field["id"]: field for field in CREDENTIAL_TYPE["inputs"]["fields"]}
    assert len(fields) == len(CREDENTIAL_TYPE["inputs"]["fields"]), "duplicate field ids"
    assert set(CREDENTIAL_TYPE["inputs"]["required"]) <= set(fields)
    assert {name for name, field in fields.items() if field.get("secret")} == {"password", "token", "refresh_token"}
    assert fields["ca_bundle"]["multiline"] is True and fields["ca_bundle"]["secret"] is False
    assert fields["auth_mode"]["choices"] == CONNECTION_ARGSPEC["auth_mode"]["choices"]

    injectors = CREDENTIAL_TYPE["injectors"]
    assert set(injectors) == {"file", "env"}
    assert set(injectors["env"]) == {
        "VRO_HOSTNAME",
        "VRO_PORT",
        "VRO_USERNAME",
        "VRO_PASSWORD",
        "VRO_AUTH_MODE",
        "VRO_DOMAIN",
        "VRO_VRA_HOSTNAME",
        "VRO_TOKEN",
        "VRO_REFRESH_TOKEN",
        "VRO_VALIDATE_CERTS",
        "VRO_CA_PATH",
    }
    assert set(injectors["env"]) <= MODULE_ENV_VARS
    assert list(injectors["file"]) == ["template"]
    environment = jinja2.Environment()
    for template in [*injectors["env"].values(), *injectors["file"].values()]:
        assert jinja2.meta.find_undeclared_variables(environment.parse(template)) <= set(fields) | {"tower"}, template


def awx_errors(credential_type, version):
    """What the AWX version (a schema of tests/packaging/awx_schemas.py) says against this credential type."""
    errors = []
    for part in ("inputs", "injectors"):
        validator = jsonschema.Draft4Validator(version[part])
        errors += [f"{part}: {error.message}" for error in validator.iter_errors(credential_type[part])]
    errors += awx_schemas.field_errors(credential_type["inputs"], version)
    errors += awx_schemas.injector_errors(credential_type["injectors"], version)
    return errors


@pytest.mark.parametrize("version", ["TOWER_3_2", "LATER"])
def test_credential_type_passes_the_oldest_and_a_later_awx_schema(version):
    # docs/awx.md states the minimum version from this: the oldest released schema accepts the type
    assert awx_errors(CREDENTIAL_TYPE, getattr(awx_schemas, version)) == []


def test_the_oldest_schema_refuses_field_defaults_and_multi_file_injectors():
    # why the credential type has neither (and proof that the copied rules can fail)
    with_default = copy.deepcopy(CREDENTIAL_TYPE)
    with_default["inputs"]["fields"][1]["default"] = "443"
    multi_file = copy.deepcopy(CREDENTIAL_TYPE)
    multi_file["injectors"]["file"] = {"template.ca_bundle": "{{ ca_bundle }}"}

    assert any("'default' was unexpected" in e for e in awx_errors(with_default, awx_schemas.TOWER_3_2))
    assert any("'template.ca_bundle' was unexpected" in e for e in awx_errors(multi_file, awx_schemas.TOWER_3_2))
    assert awx_errors(with_default, awx_schemas.LATER) == awx_errors(multi_file, awx_schemas.LATER) == []
