# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Property-based spec of the encoder and decoder (``_encode``, ``_decode``, ``_parameters``): round trips for generated values of every type, and junk.

* ``decode(encode(x)) == normalize(x)`` where ``normalize`` is written here independently
  (e.g. dates through ``datetime.isoformat``), for nested arrays, properties and composites;
* ``encode(decode(encode(x))) == encode(x)``: a decoded run replays to the very same wire;
* junk of any shape given for any type raises ``VroInputError`` and nothing else, and the
  decoders never raise at all.
"""

from __future__ import annotations

import base64
import datetime
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.opsflow.vro.plugins.module_utils import (
    _decode,
    _encode,
    _parameters,
    _secrets,
    _spelling,
    _types,
)
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError
from ansible_collections.opsflow.vro.tests.unit.plugins.module_utils.codec_helpers import encode_value

# PARAMS_HYPOTHESIS_EXAMPLES=5000 for a deeper search; the default keeps the unit run short.
SETTINGS = settings(
    max_examples=int(os.environ.get("PARAMS_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SDK_TYPE = "VC:VirtualMachine"
UTC = datetime.timezone.utc
SAFE = 2**53

# ------------------------------------------------------------------------------------------
# type trees: ("leaf", name) | ("array", tree) | ("bare_array",) | ("composite", [(field, tree)])

LEAVES = [
    "string",
    "number",
    "boolean",
    "SecureString",
    "EncryptedString",
    "Date",
    "Regexp",
    "Properties",
    "Any",
    "MimeAttachment",
    SDK_TYPE,
]


def render(tree):
    if tree[0] == "leaf":
        return tree[1]
    if tree[0] == "bare_array":
        return "Array"
    if tree[0] == "array":
        return "Array/" + render(tree[1])
    return "CompositeType(%s):Gen" % ",".join("%s:%s" % (name, render(sub)) for name, sub in tree[1])


field_names = st.from_regex(r"[a-z][A-Za-z0-9_]{0,6}", fullmatch=True)
leaf_trees = st.one_of(st.sampled_from(LEAVES).map(lambda name: ("leaf", name)), st.just(("bare_array",)))
trees = st.recursive(
    leaf_trees,
    lambda inner: st.one_of(
        inner.map(lambda sub: ("array", sub)),
        st.lists(st.tuples(field_names, inner), min_size=1, max_size=3, unique_by=lambda pair: pair[0]).map(
            lambda fields: ("composite", fields)
        ),
    ),
    max_leaves=4,
)

# ------------------------------------------------------------------------------------------
# values and their expected decoded form


finite_floats = st.floats(allow_nan=False, allow_infinity=False)
safe_ints = st.integers(min_value=-SAFE, max_value=SAFE)
offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
any_scalars = st.one_of(st.text(max_size=12), st.booleans(), safe_ints, finite_floats)
any_values = st.recursive(
    any_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)


def norm_number(value):
    if isinstance(value, str):
        value = float(value) if any(c in value for c in ".eE") else int(value)
    if isinstance(value, float) and value.is_integer() and abs(value) <= SAFE:
        return int(value)
    return value


def norm_any(value):
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return norm_number(value)
    if isinstance(value, list):
        return [norm_any(item) for item in value]
    return dict((key, norm_any(item)) for key, item in value.items())


def norm_date(value):
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if not isinstance(value, datetime.datetime):
        return value.isoformat() + "T00:00:00.000+00:00"
    if value.tzinfo is None:
        return value.isoformat(timespec="milliseconds") + "+00:00"
    return value.isoformat(timespec="milliseconds")


def norm_text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def read_file(path):
    return ("content of " + path).encode("utf-8")


date_values = st.one_of(
    st.datetimes(),
    st.datetimes(timezones=offsets),
    st.dates(),
    st.datetimes(timezones=offsets).map(lambda moment: moment.isoformat()),
    st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.isoformat().replace("+00:00", "Z")),
)
text_values = st.one_of(
    st.text(max_size=20), st.integers(min_value=-(10**30), max_value=10**30), finite_floats, st.dates()
)
mime_values = st.one_of(
    st.fixed_dictionaries(
        {"content": st.text(max_size=20)},
        optional={"name": st.text(max_size=8), "mime_type": st.sampled_from(["text/plain", "text/csv"])},
    ),
    st.fixed_dictionaries(
        {"content_base64": st.binary(max_size=20).map(lambda raw: base64.b64encode(raw).decode())},
        optional={"name": st.text(max_size=8)},
    ),
    st.fixed_dictionaries(
        {"path": st.from_regex(r"/tmp/[a-z]{1,8}/[a-z]{1,8}\.txt", fullmatch=True)},
        optional={"mime_type": st.just("text/plain")},
    ),
)
sdk_values = st.one_of(
    st.text(min_size=1, max_size=20),
    st.fixed_dictionaries(
        {"id": st.text(min_size=1, max_size=20)},
        optional={"type": st.just(SDK_TYPE), "href": st.text(max_size=20), "display_value": st.text(max_size=5)},
    ),
)

LEAF_VALUES = {
    "string": text_values,
    "Regexp": text_values,
    "number": st.one_of(safe_ints, finite_floats, safe_ints.map(str), finite_floats.map(repr)),
    "boolean": st.one_of(st.booleans(), st.sampled_from(["true", "True", "yes", "NO", "false", " no "])),
    "SecureString": text_values.filter(lambda value: value != _secrets.SECRET_MASK),
    "EncryptedString": text_values.filter(lambda value: value != _secrets.SECRET_MASK),
    "Date": date_values,
    "Properties": st.dictionaries(st.text(max_size=6), any_values, max_size=4),
    "Any": any_values,
    "MimeAttachment": mime_values,
    SDK_TYPE: sdk_values,
}


def values_for(tree):
    if tree[0] == "leaf":
        return LEAF_VALUES[tree[1]]
    if tree[0] == "bare_array":
        return st.lists(any_values, max_size=3)
    if tree[0] == "array":
        return st.lists(values_for(tree[1]), max_size=3)
    return st.fixed_dictionaries(dict((name, st.one_of(st.none(), values_for(sub))) for name, sub in tree[1]))


def normalize(tree, value):
    if value is None:
        return None
    if tree[0] == "bare_array":
        return [norm_any(item) for item in value]
    if tree[0] == "array":
        return [normalize(tree[1], item) for item in value]
    if tree[0] == "composite":
        return dict((name, normalize(sub, value[name])) for name, sub in tree[1])
    name = tree[1]
    if name in ("string", "Regexp", "SecureString", "EncryptedString"):
        return norm_text(value)
    if name == "number":
        return norm_number(value)
    if name == "boolean":
        return value if isinstance(value, bool) else value.strip().lower() in ("true", "yes")
    if name == "Date":
        return norm_date(value)
    if name in ("Properties", "Any"):
        return norm_any(value)
    if name == "MimeAttachment":
        return norm_mime(value)
    if isinstance(value, str):
        return {"type": SDK_TYPE, "id": value, "href": None, "display_value": None}
    return {"type": SDK_TYPE, "id": value["id"], "href": value.get("href") or None, "display_value": None}


def norm_mime(value):
    if "path" in value:
        raw, default_name = read_file(value["path"]), value["path"].rsplit("/", 1)[-1]
    elif "content" in value:
        raw, default_name = value["content"].encode("utf-8"), None
    else:
        raw, default_name = base64.b64decode(value["content_base64"]), None
    return {
        "name": value.get("name", default_name),
        "mime_type": value.get("mime_type", _encode.DEFAULT_MIME_TYPE),
        "content_base64": base64.b64encode(raw).decode(),
    }


def has_secret(tree):
    if tree[0] == "leaf":
        return tree[1] in ("SecureString", "EncryptedString")
    if tree[0] == "array":
        return has_secret(tree[1])
    if tree[0] == "composite":
        return any(has_secret(sub) for _name, sub in tree[1])
    return False


def masked(tree, plain, found):
    """The expected decode_parameters view: secrets masked, clear values collected."""
    if plain is None:
        return None
    if tree[0] == "leaf" and tree[1] in ("SecureString", "EncryptedString"):
        found.append(plain)
        return _secrets.SECRET_MASK
    if tree[0] == "array":
        return [masked(tree[1], item, found) for item in plain]
    if tree[0] == "composite":
        return dict((name, masked(sub, plain[name], found)) for name, sub in tree[1])
    return plain


wires = st.fixed_dictionaries(
    {}, optional=dict((key, st.sampled_from(choices)) for key, choices in _spelling.WIRE_CHOICES.items())
)


@st.composite
def typed_values(draw):
    tree = draw(trees)
    return tree, draw(values_for(tree))


# ------------------------------------------------------------------------------------------
# round trips


@SETTINGS
@given(typed_values(), wires)
def test_decode_of_encode_is_normalized_value(typed, wire):
    tree, value = typed
    encoded = encode_value(render(tree), value, "inputs.x", wire=wire, read_file=read_file)
    assert _decode.decode_value(encoded) == normalize(tree, value)


@SETTINGS
@given(typed_values(), wires)
def test_decoded_values_replay_to_the_same_wire(typed, wire):
    tree, value = typed
    encoded = encode_value(render(tree), value, "inputs.x", wire=wire, read_file=read_file)
    assert encode_value(render(tree), _decode.decode_value(encoded), "inputs.x", wire=wire) == encoded


@SETTINGS
@given(
    st.dictionaries(st.from_regex(r"[A-Za-z_$][A-Za-z0-9_$]{0,8}", fullmatch=True), typed_values(), max_size=4), wires
)
def test_inputs_round_trip_through_execution_parameters(named, wire):
    declared = [{"name": name, "type": render(tree)} for name, (tree, _value) in named.items()]
    inputs = dict((name, value) for name, (_tree, value) in named.items())
    params = _encode.encode_inputs(inputs, declared, wire=wire, read_file=read_file)
    assert [param["name"] for param in params] == list(named)
    assert all(param["scope"] == "local" and "value" in param for param in params)

    plain, secrets = _decode.decode_parameters(params)
    found = []
    expected = dict((name, masked(tree, normalize(tree, value), found)) for name, (tree, value) in named.items())
    assert plain == expected
    clear = [secret for secret in found if secret and secret != _secrets.SECRET_MASK]
    assert sorted(set(secrets)) == sorted(set(clear))
    assert sorted(set(_decode.secret_values(params))) == sorted(set(clear))
    assert _decode.secret_values(_decode.mask_parameters(params)) == []
    if any(has_secret(tree) and value not in (None, [], {}) for tree, value in named.values()) and found:
        with pytest.raises(VroInputError, match="masked"):
            _encode.encode_inputs(plain, declared, wire=wire)
    elif not found:
        assert _encode.encode_inputs(plain, declared, wire=wire) == params


@SETTINGS
@given(st.dictionaries(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True), any_values, max_size=4))
def test_untyped_inputs_round_trip(inputs):
    params = _encode.encode_inputs(inputs, None)
    assert all(param["type"] == "Any" for param in params)
    assert _decode.decode_parameters(params) == (dict((name, norm_any(value)) for name, value in inputs.items()), [])


@SETTINGS
@given(trees)
def test_type_strings_render_and_reparse(tree):
    vtype = _types.parse_type(render(tree))
    assert vtype.render() == render(tree)
    assert _types.parse_type(vtype.render()).render() == vtype.render()


# ------------------------------------------------------------------------------------------
# junk

junk_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.binary(max_size=6),
    st.dates(),
    st.datetimes(),
    st.builds(lambda: 10**5000),  # too long for str() since Python 3.11
    st.datetimes(
        timezones=st.integers(min_value=-86399, max_value=86399).map(
            lambda seconds: datetime.timezone(datetime.timedelta(seconds=seconds))
        )
    ),
    st.sampled_from(
        [
            _secrets.SECRET_MASK,
            "",
            "true",
            "4",
            "1e999",
            "2024-01-01",
            "VC:X",
            float("nan"),
            "path",
            "content",
            "content_base64",
            "id",
            "type",
        ]
    ),
)
junk = st.recursive(
    junk_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(
            st.one_of(
                st.text(max_size=6),
                st.sampled_from(["path", "content", "id", "type", "name", "href"]),
                st.integers(),
                st.none(),
            ),
            inner,
            max_size=3,
        ),
        st.frozensets(st.integers(), max_size=2),
    ),
    max_leaves=10,
)
junk_types = st.one_of(
    trees.map(render),
    st.text(max_size=20),
    junk_scalars,
    st.sampled_from(["CompositeType(", "Array/", "CompositeType(a:string)x", ":", "A:", "Array/" * 50]),
)


def only_input_errors(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except VroInputError as exc:
        assert str(exc) and exc.field
        return exc


@SETTINGS
@given(trees, junk)
def test_junk_values_raise_only_input_errors(tree, value):
    only_input_errors(encode_value, render(tree), value, "inputs.x", read_file=read_file)


MARKER = "S3cr3t-M4rk3r"
secret_trees = st.sampled_from(
    [
        ("leaf", "SecureString"),
        ("leaf", "EncryptedString"),
        ("array", ("leaf", "SecureString")),
        ("array", ("array", ("leaf", "EncryptedString"))),
    ]
)
secret_junk = st.recursive(
    st.one_of(st.just(MARKER), st.none(), st.booleans(), st.floats(), st.dates(), st.just(_secrets.SECRET_MASK)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.just(MARKER), inner, max_size=1)),
    max_leaves=6,
)


@SETTINGS
@given(secret_trees, secret_junk)
def test_errors_never_leak_secret_values(tree, value):
    result = only_input_errors(encode_value, render(tree), value, "inputs.x")
    if isinstance(result, VroInputError):
        assert MARKER not in str(result)
        assert MARKER not in repr(result.to_fail_json())


@SETTINGS
@given(junk_types, junk)
def test_junk_types_raise_only_input_errors(vro_type, value):
    only_input_errors(encode_value, vro_type, value, "inputs.x")


@SETTINGS
@given(
    junk,
    st.one_of(st.none(), st.lists(st.fixed_dictionaries({"name": st.text(max_size=5), "type": junk_types})), junk),
    st.one_of(st.none(), st.dictionaries(st.text(max_size=5), junk_types, max_size=2), junk),
    st.one_of(st.none(), wires, junk),
)
def test_junk_encode_inputs_raise_only_input_errors(inputs, declared, input_types, wire):
    only_input_errors(_encode.encode_inputs, inputs, declared, input_types=input_types, wire=wire)


WIRE_KEYS = [
    "string",
    "number",
    "boolean",
    "date",
    "secure-string",
    "encrypted-string",
    "regex",
    "array",
    "elements",
    "properties",
    "property",
    "key",
    "value",
    "composite",
    "id",
    "composite-value",
    "CompositeObjectValue",
    "sdk-object",
    "displayValue",
    "mime-attachment",
    "content",
    "mime-content",
    "objectType",
    "attribute-reference",
]
wire_junk = st.recursive(
    junk_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(WIRE_KEYS), st.text(max_size=4)), inner, max_size=3),
    ),
    max_leaves=14,
)
param_junk = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"name": st.text(max_size=4)}, optional={"type": junk_types, "value": wire_junk, "scope": junk}
        ),
        wire_junk,
    ),
    max_size=4,
)


@SETTINGS
@given(wire_junk)
def test_decode_value_never_raises(keyed):
    _decode.decode_value(keyed)


@SETTINGS
@given(st.one_of(param_junk, wire_junk))
def test_decode_and_secret_helpers_never_raise(params):
    plain, secrets = _decode.decode_parameters(params)
    assert isinstance(plain, dict) and isinstance(secrets, list)
    assert isinstance(_decode.secret_values(params), list)
    _decode.mask_parameters(params)


@SETTINGS
@given(st.one_of(param_junk, wire_junk))
def test_validate_raw_parameters_raises_only_input_errors(params):
    result = only_input_errors(_parameters.validate_raw_parameters, params)
    if isinstance(result, list):
        assert all(param["scope"] in ("local", "token") for param in result)
