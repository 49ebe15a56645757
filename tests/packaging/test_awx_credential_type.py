# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX / AAP credential type file, read as AWX reads it: valid fields, and injectors that set only what
the modules read (the credential at work against the simulator: tests/integration/test_awx.py)."""

from __future__ import annotations

import jinja2.meta
import yaml

from ansible_collections.opsflow.vro.plugins.module_utils._module import CONNECTION_ARGSPEC
from tests.packaging.ansible_commands import REPO_ROOT

CREDENTIAL_TYPE = yaml.safe_load((REPO_ROOT / "awx" / "credential_type_vro.yml").read_text(encoding="utf-8"))
# every VRO_* variable the modules read
MODULE_ENV_VARS = {name for spec in CONNECTION_ARGSPEC.values() for name in spec["fallback"][1]}
# the keys AWX accepts in a credential type's input field (awx/main/fields.py)
AWX_FIELD_KEYS = {
    "id",
    "label",
    "type",
    "secret",
    "multiline",
    "help_text",
    "choices",
    "format",
    "default",
    "ask_at_runtime",
}


def test_credential_type_is_valid_for_awx_and_sets_what_the_modules_read():
    fields = {field["id"]: field for field in CREDENTIAL_TYPE["inputs"]["fields"]}
    assert len(fields) == len(CREDENTIAL_TYPE["inputs"]["fields"]), "duplicate field ids"
    for field in fields.values():
        assert set(field) <= AWX_FIELD_KEYS and {"id", "label"} <= set(field), field
        assert field.get("type", "string") in ("string", "boolean"), field
        if "default" in field:
            assert isinstance(field["default"], bool) == (field.get("type") == "boolean"), field
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
    assert list(injectors["file"]) == ["template.ca_bundle"]
    environment = jinja2.Environment()
    for template in [*injectors["env"].values(), *injectors["file"].values()]:
        assert jinja2.meta.find_undeclared_variables(environment.parse(template)) <= set(fields) | {"tower"}, template
