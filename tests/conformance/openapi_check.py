# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check recorded HTTP requests against the vRO 8.18.1 OpenAPI document.

`Spec.load()` reads the published document and applies `CORRECTIONS`, the smallest changes that
make it machine-checkable (each one says what is wrong and what it changes). `Spec.problems(request)`
lists what does not conform in one recorded request (see simulator/recorder.py for the record):
path, method, path and query parameters, content type, body schema. An empty list means it conforms.
Requests outside the document's server (`/vco/api`) are matched against `WAIVERS` instead.
"""

import base64
import binascii
import copy
import json
import re
import sys
import unicodedata
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import jsonschema
import referencing
import referencing.jsonschema

SPEC_PATH = Path(__file__).resolve().parent / "vro-8.18.1-openapi.json"
API_PREFIX = "/vco/api"  # the path of the document's server URL
DOCUMENT_URI = "urn:vro-8.18.1-openapi"
UNICODE_LETTER = "\\p{L}"

# Requests the suite sends that this document cannot judge, with the reason.
WAIVERS = {
    ("POST", "/csp/gateway/am/api/login"): "vRA identity service (CSP) login: not part of the vRO API document",
    ("POST", "/iaas/api/login"): "vRA IaaS API token exchange: not part of the vRO API document",
    ("GET", "/vco/api/catalog/System/UserInteraction"): (
        "the waiting-interactions query: vRO's 7.x and 8.x guides filter it with `status=0`, a query parameter "
        "the 8.18.1 document does not list for /catalog/{namespace}/{type}; the client also skips items that are "
        "not waiting, so a server that ignores the parameter is read correctly"
    ),
}

# OpenAPI 3.0.3, Security Scheme Object: fixed fields allowed for each `type`.
SECURITY_SCHEME_FIELDS = {
    "http": {"type", "description", "scheme", "bearerFormat"},
    "apiKey": {"type", "description", "name", "in"},
    "oauth2": {"type", "description", "flows"},
    "openIdConnect": {"type", "description", "openIdConnectUrl"},
}


# --- corrections -------------------------------------------------------------------------------


def drop_name_from_http_security_schemes(document):
    """`components.securitySchemes` BearerAuth and BasicAuth are `type: http` with a `name`: OpenAPI 3.0
    allows `name` only on `apiKey` schemes. The `name` fields are removed (they carry no meaning)."""
    changed = []
    for scheme_name, scheme in document["components"]["securitySchemes"].items():
        if scheme.get("type") == "http" and "name" in scheme:
            del scheme["name"]
            changed.append(scheme_name)
    return changed


def value_types_as_wrapper_objects(document):
    """The value types (`string`, `properties`, `mime-attachment`, ...) are declared `allOf: [Value, own
    fields]` (and most `oneOf: [Value]` or `oneOf: [string]`) while `Value` is `oneOf` all of them: each
    refers to the others in a loop, so a validator recurses forever and no value can match exactly one.
    On the wire a value is an object with one key, the type's name, holding its fields
    (`{"string": {"value": "x"}}`, Jackson's wrapper-object type id, the names being the schema names).
    Each value type becomes that object: required key <name>, no other key, holding its own fields;
    `Value`'s `oneOf` then picks exactly one."""
    schemas = document["components"]["schemas"]
    value_ref = "#/components/schemas/Value"
    names = [entry["$ref"].rsplit("/", 1)[1] for entry in schemas["Value"]["oneOf"]]
    for name in names:
        schema = schemas[name]
        own = [part for part in schema.get("allOf", []) if part.get("$ref") != value_ref]
        if len(own) != 1:
            raise ValueError(f"value type {name!r} no longer has the shape this correction expects")
        wrapper = {"type": "object", "required": [name], "additionalProperties": False, "properties": {name: own[0]}}
        if "description" in schema:
            wrapper["description"] = schema["description"]
        schemas[name] = wrapper
    return names


def unicode_letter_classes(document):
    """Patterns use `\\p{L}` (any Unicode letter), which ECMA-262 reads only with the `u` flag and
    Python's `re` not at all. Each `\\p{L}` inside a character class is replaced by the explicit
    ranges of Unicode category L* (from this Python's unicodedata), which means the same."""
    changed = []

    def visit(node, where):
        if isinstance(node, dict):
            pattern = node.get("pattern")
            if isinstance(pattern, str) and UNICODE_LETTER in pattern:
                node["pattern"] = pattern.replace(UNICODE_LETTER, _letter_ranges())
                changed.append(where)
            for key, value in node.items():
                visit(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                visit(value, f"{where}/{index}")

    visit(document, "#")
    return changed


@lru_cache(maxsize=None)
def _letter_ranges():
    ranges, start, previous = [], None, None
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)).startswith("L"):
            if start is None:
                start = code
            elif code != previous + 1:
                ranges.append((start, previous))
                start = code
            previous = code
    ranges.append((start, previous))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges if b < 0x10000) + "".join(
        f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges if b >= 0x10000
    )


CORRECTIONS = (drop_name_from_http_security_schemes, value_types_as_wrapper_objects, unicode_letter_classes)


# --- formats ---------------------------------------------------------------------------------------

FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", value):
        raise ValueError(f"{value!r} is not an RFC 3339 date-time")
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@FORMATS.checks("byte", raises=(ValueError, binascii.Error))
def _byte(value):
    if isinstance(value, str):
        base64.b64decode(value, validate=True)
    return True


@FORMATS.checks("int32")
def _int32(value):
    return not isinstance(value, int) or -(2**31) <= value < 2**31


# --- the checker -----------------------------------------------------------------------------------


class Spec:
    def __init__(self, document, corrections):
        self.document = document
        self.corrections = corrections  # [(correction function, what it changed)]
        resource = referencing.Resource(contents=document, specification=referencing.jsonschema.DRAFT4)
        self._registry = referencing.Registry().with_resource(DOCUMENT_URI, resource)
        self._routes = [
            (re.compile("^" + re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$"), path)
            for path in document["paths"]
        ]

    @classmethod
    def load(cls, path=SPEC_PATH, corrections=CORRECTIONS):
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        applied = [(correction, correction(document)) for correction in corrections]
        return cls(document, applied)

    def validator(self, schema):
        schema = copy.deepcopy(schema)
        if "$ref" in schema:
            schema["$ref"] = DOCUMENT_URI + schema["$ref"]
        return jsonschema.Draft4Validator(schema, registry=self._registry, format_checker=FORMATS)

    def operation(self, method, path):
        """(path template, path arguments) of the operation a request path and method address.

        None when no template matches; the template without the method when only the method is wrong.
        A template with fewer parameters wins (a literal segment beats `{id}`)."""
        if not path.startswith(API_PREFIX + "/"):
            return None
        relative = path[len(API_PREFIX) :]
        matches = [
            (template, found.groupdict())
            for pattern, template in self._routes
            for found in [pattern.match(relative)]
            if found
        ]
        if not matches:
            return None
        allowed = [match for match in matches if method.lower() in self.document["paths"][match[0]]]
        return min(allowed or matches, key=lambda match: match[0].count("{"))

    def label(self, method, path):
        """`METHOD /template` of a request, for reports: ids collapsed into the document's path template
        (`/template/` when only a trailing slash keeps the path from matching; the path itself otherwise)."""
        found = self.operation(method, path)
        if found:
            return f"{method} {found[0]}"
        stripped = self.operation(method, path.rstrip("/")) if path.endswith("/") else None
        if stripped:
            return f"{method} {stripped[0]}/ (trailing slash)"
        return f"{method} {path}"

    def problems(self, request):
        """What in one recorded request does not conform (empty: it conforms)."""
        method, path = request["method"], request["path"]
        if not path.startswith(API_PREFIX + "/"):
            return [f"{method} {path}: outside the document's server {API_PREFIX}"]
        found = self.operation(method, path)
        if found is None:
            return [f"{self.label(method, path)}: no such path in the document"]
        template, arguments = found
        operation = self.document["paths"][template].get(method.lower())
        if operation is None:
            return [f"{method} {path}: method not allowed on {template}"]
        where = f"{method} {template}"
        return (
            self._path_problems(operation, arguments, where)
            + self._query_problems(operation, request.get("query") or {}, where)
            + self._body_problems(operation, request, where)
        )

    def _path_problems(self, operation, arguments, where):
        problems = []
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] in arguments:
                problems += self._value_problems(parameter, [arguments[parameter["name"]]], where)
        return problems

    def _query_problems(self, operation, query, where):
        declared = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        problems = [f"{where}: unknown query parameter {name!r}" for name in sorted(set(query) - set(declared))]
        for name, parameter in declared.items():
            if name in query:
                problems += self._value_problems(parameter, query[name], where)
            elif parameter.get("required"):
                problems.append(f"{where}: missing required query parameter {name!r}")
        return problems

    def _value_problems(self, parameter, texts, where):
        schema = parameter.get("schema", {})
        if schema.get("type") != "array" and len(texts) > 1:
            return [f"{where}: parameter {parameter['name']!r} given {len(texts)} times"]
        item_schema = schema.get("items", {}) if schema.get("type") == "array" else schema
        try:
            values = [_typed(text, item_schema.get("type")) for text in texts]
        except ValueError as exc:
            return [f"{where}: parameter {parameter['name']!r}: {exc}"]
        instance = values if schema.get("type") == "array" else values[0]
        return [
            f"{where}: parameter {parameter['name']!r}: {error.message}"
            for error in self.validator(schema).iter_errors(instance)
        ]

    def _body_problems(self, operation, request, where):
        body, content_type = request.get("body"), request.get("content_type")
        request_body = operation.get("requestBody")
        if body is None:
            if request_body and request_body.get("required"):
                return [f"{where}: the request body is required"]
            return []
        if not request_body:
            return [f"{where}: the operation takes no request body"]
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type not in request_body["content"]:
            return [f"{where}: content type {content_type!r} is not one of {sorted(request_body['content'])}"]
        schema = request_body["content"][media_type].get("schema", {})
        return [
            f"{where}: body at /{'/'.join(map(str, error.absolute_path))}: {_message(error)}"
            for error in self.validator(schema).iter_errors(body)
        ]


def _message(error):
    """The deepest reason of a oneOf/anyOf failure, so a report names the field that is wrong."""
    while error.context:
        error = max(error.context, key=lambda sub: len(sub.absolute_path))
    if error.validator == "pattern":  # show the pattern as published, not its expanded letter ranges
        published = error.validator_value.replace(_letter_ranges(), UNICODE_LETTER)
        return f"{error.instance!r} does not match {published!r}"
    return error.message


def security_scheme_problems(document):
    """Fields of a security scheme that OpenAPI 3.0 does not allow for its type."""
    return [
        f"securitySchemes.{name}: {field!r} is not a field of a {scheme.get('type')!r} scheme"
        for name, scheme in document["components"]["securitySchemes"].items()
        for field in sorted(set(scheme) - SECURITY_SCHEME_FIELDS.get(scheme.get("type"), set()))
        if not field.startswith("x-")
    ]


def _typed(text, json_type):
    """A query or path text as the JSON value its schema type describes."""
    if json_type == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(f"{text!r} is not an integer")
        return int(text)
    if json_type == "number":
        return float(text)
    if json_type == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"{text!r} is not true or false")
        return text == "true"
    return text


def read_requests(paths):
    """Recorded requests from JSON-lines files, each with `source` (file:line) added."""
    requests = []
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                requests.append({**json.loads(line), "source": f"{Path(path).name}:{number}"})
    return requests


def waiver(request):
    """The reason a request is not checked, or None."""
    return WAIVERS.get((request["method"], request["path"]))
