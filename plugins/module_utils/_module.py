# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""What every module of the collection shares, written once: the connection argument spec
(documented in the ``opsflow.vro.connection`` doc fragment), building the client from module
parameters, and turning our exceptions into ``fail_json``."""

import math
import os
import re

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.opsflow.vro.plugins.module_utils import _client, _secrets, _spelling
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroError, VroInputError

CONNECTION_ARGSPEC = dict(
    # required, but checked in connection_problems: Ansible's "missing required arguments: hostname" would not
    # name VRO_HOSTNAME
    hostname=dict(type="str", fallback=(env_fallback, ["VRO_HOSTNAME"])),
    port=dict(type="int", default=443, fallback=(env_fallback, ["VRO_PORT"])),
    username=dict(type="str", fallback=(env_fallback, ["VRO_USERNAME"])),
    password=dict(type="str", no_log=True, fallback=(env_fallback, ["VRO_PASSWORD"])),
    auth_mode=dict(
        type="str", default="basic", choices=list(_client.AUTH_MODES), fallback=(env_fallback, ["VRO_AUTH_MODE"])
    ),
    vra_hostname=dict(type="str", fallback=(env_fallback, ["VRO_VRA_HOSTNAME"])),
    domain=dict(type="str", fallback=(env_fallback, ["VRO_DOMAIN"])),
    token=dict(type="str", no_log=True, fallback=(env_fallback, ["VRO_TOKEN"])),
    refresh_token=dict(type="str", no_log=True, fallback=(env_fallback, ["VRO_REFRESH_TOKEN"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["VRO_VALIDATE_CERTS"])),
    ca_path=dict(type="path", fallback=(env_fallback, ["VRO_CA_PATH"])),
    proxy_url=dict(type="str", fallback=(env_fallback, ["VRO_PROXY_URL"])),
    request_timeout=dict(type="float", default=30, fallback=(env_fallback, ["VRO_REQUEST_TIMEOUT"])),
    retries=dict(type="int", default=3, fallback=(env_fallback, ["VRO_RETRIES"])),
    retry_backoff=dict(type="float", default=1.0, fallback=(env_fallback, ["VRO_RETRY_BACKOFF"])),
)


# Bounds that keep timers and sockets sane (socket timeouts overflow beyond about 292 years).
MAX_REQUEST_TIMEOUT = 86400
# The largest number any other numeric option takes: ten years of seconds (dates overflow far later).
MAX_OPTION_NUMBER = 10 * 365 * 86400
MAX_CA_FILE = 16 * 1024 * 1024


# Options of the modules that wait for a run (doc fragment opsflow.vro.wait).
WAIT_OPTIONS = dict(
    wait_timeout=dict(type="int", default=600),
    poll_interval=dict(type="float", default=5),
    wait_on_interaction=dict(type="bool", default=False),
)

# Options of the modules that encode plain values (doc fragment opsflow.vro.encoding); wire_format's choices and
# defaults are the encoder's own, so they are written once.
ENCODING_OPTIONS = dict(
    wire_format=dict(
        type="dict",
        options=dict(
            (key, dict(type="str", choices=list(choices), default=_spelling.WIRE_DEFAULTS[key], no_log=False))
            for key, choices in _spelling.WIRE_CHOICES.items()
        ),
    ),
    attachment_dirs=dict(type="list", elements="path"),
)


def argument_spec(**module_options):
    spec = dict(CONNECTION_ARGSPEC)
    spec.update(module_options)
    return spec


class VroModule(AnsibleModule):
    """``AnsibleModule`` that keeps workflow inputs out of the target's syslog and out of failures.

    Why and how: ``_secrets`` (the invocation scrub). A success has read every definition, and its
    secret values are registered with ``no_log`` before it returns.
    """

    def _params_without_payload(self):
        return _secrets.scrub_invocation(self.params)

    def _log_invocation(self):
        params = self.params
        self.params = self._params_without_payload()
        try:
            super(VroModule, self)._log_invocation()
        finally:
            self.params = params

    def _hide_embedded_secrets(self):
        """A proxy URL may carry a password (``http://user:pass@proxy:3128``) though the option is not no_log."""
        self.no_log_values.update(_secrets.proxy_secrets(self.params.get("proxy_url")))

    def exit_json(self, **kwargs):
        self._hide_embedded_secrets()
        kwargs.setdefault("invocation", {"module_args": _secrets.scrub_answers(self.params)})
        super(VroModule, self).exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._hide_embedded_secrets()
        kwargs.setdefault("invocation", {"module_args": self._params_without_payload()})
        super(VroModule, self).fail_json(msg, **kwargs)


def connection_problems(params):
    """Connection option combinations that cannot work, as messages naming the options."""
    mode = params["auth_mode"]
    problems = []
    if not params.get("hostname"):
        problems.append(
            "hostname is required: set the hostname option, the VRO_HOSTNAME environment variable, or "
            "module_defaults for group/opsflow.vro.vro"
        )
    if mode == "basic" and not params.get("username"):
        problems.append("auth_mode basic needs username (or VRO_USERNAME) and password (or VRO_PASSWORD)")
    if mode == "vra" and not (params.get("username") and params.get("password")):
        problems.append("auth_mode vra needs username and password (the vRA/Aria Automation login)")
    if mode == "token" and not (params.get("token") or params.get("refresh_token")):
        problems.append("auth_mode token needs token (VRO_TOKEN) or refresh_token (VRO_REFRESH_TOKEN)")
    if params["ca_path"] and not params["validate_certs"]:
        problems.append("ca_path is set but validate_certs is false: the CA would not be used; drop one of them")
    if not (0 < params["request_timeout"] <= MAX_REQUEST_TIMEOUT):
        problems.append(
            "request_timeout must be a number of seconds > 0 and at most %d (got %s)"
            % (MAX_REQUEST_TIMEOUT, params["request_timeout"])
        )
    if params["retries"] < 0 or not (0 <= params["retry_backoff"] <= MAX_REQUEST_TIMEOUT):
        problems.append(
            "retries and retry_backoff must not be negative (got %s and %s)"
            % (params["retries"], params["retry_backoff"])
        )
    problems.extend(hostname_problems(params["hostname"], "hostname"))
    if params.get("vra_hostname"):
        problems.extend(hostname_problems(params["vra_hostname"], "vra_hostname"))
    for name in ("token", "refresh_token"):
        if params.get(name) and not params[name].strip().isascii():
            problems.append("%s must be ASCII text (a bearer token is; the value is not shown)" % name)
    if params.get("ca_path") and params["validate_certs"]:
        problems.extend(ca_path_problems(params["ca_path"]))
    return problems


def check_ranges(params, at_least=None, above=None):
    """Refuse a numeric option out of range, naming it, before anything is sent.

    ``at_least`` maps option names to their lowest accepted value, ``above`` to a bound they must exceed.
    Every one of them must also be a finite number up to ``MAX_OPTION_NUMBER`` (nan, inf and 1e300
    would otherwise reach timers and dates, and overflow there).
    """
    for name in set(at_least or {}) | set(above or {}):
        value = params[name]
        if not math.isfinite(value) or value > MAX_OPTION_NUMBER:
            raise VroInputError(field=name, expected="a finite number up to %d" % MAX_OPTION_NUMBER, given=value)
    for name, lowest in (at_least or {}).items():
        if params[name] < lowest:
            raise VroInputError(field=name, expected="a number >= %s" % lowest, given=params[name])
    for name, bound in (above or {}).items():
        if params[name] <= bound:
            raise VroInputError(field=name, expected="a number > %s" % bound, given=params[name])


def hostname_problems(hostname, field):
    """A host name or address only: a scheme, path, port, user or fragment would make another URL than meant."""
    hostname = hostname or ""
    if not hostname.strip():
        return ["%s must not be empty" % field]
    if re.search(r"[:/@#?\\\s]", hostname) and not _is_ipv6(hostname):
        return [
            "%s must be a host name or address only, such as vro.example.com or 192.0.2.10 (got '%s'): no "
            "https://, path, user@, port (use port) or #; the collection adds https:// and /vco/api"
            % (field, hostname.split("@")[-1])
        ]
    return []


def _is_ipv6(hostname):
    return bool(re.match(r"^\[?[0-9A-Fa-f:.]+\]?$", hostname)) and hostname.count(":") >= 2


def ca_path_problems(ca_path):
    """``ca_path`` must be a readable file of PEM certificates (not a directory, not DER, not missing)."""
    if not os.path.exists(ca_path):
        return [
            "ca_path %s does not exist: give the path of the PEM file of the CA that signed vRO's certificate" % ca_path
        ]
    if not os.path.isfile(ca_path):
        return [
            "ca_path %s is not a file (a directory?): give the path of a PEM file with the CA certificates" % ca_path
        ]
    try:
        with open(ca_path, "rb") as handle:
            head = handle.read(MAX_CA_FILE)
    except OSError as exc:
        return ["ca_path %s cannot be read: %s" % (ca_path, exc.strerror or exc)]
    if b"-----BEGIN CERTIFICATE-----" not in head:
        return [
            "ca_path %s holds no PEM certificate (no '-----BEGIN CERTIFICATE-----' line): convert a DER file "
            "with 'openssl x509 -inform der -in ca.cer -out ca.pem'" % ca_path
        ]
    return []


def client_from_params(params, pool_size=10):
    return _client.VroClient(
        hostname=params["hostname"],
        port=params["port"],
        username=params["username"],
        password=params["password"],
        auth_mode=params["auth_mode"],
        token=params["token"],
        refresh_token=params["refresh_token"],
        vra_hostname=params["vra_hostname"],
        domain=params["domain"],
        validate_certs=params["validate_certs"],
        ca_path=params["ca_path"],
        proxy_url=params["proxy_url"],
        request_timeout=params["request_timeout"],
        retries=params["retries"],
        retry_backoff=params["retry_backoff"],
        pool_size=pool_size,
    )


def run_module(module, run, pool_size=10):
    """Build the client, call ``run(module, client) -> result`` and exit; every ``VroError`` becomes ``fail_json``.

    A result with ``failed: True`` fails the task but keeps all its data (execution, outputs, logs).
    Secret values the client learned (passwords, tokens, SecureString values) are registered
    with ``no_log`` so Ansible masks them anywhere in the result.
    """
    if not _client.HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=_client.REQUESTS_IMPORT_ERROR)
    problems = connection_problems(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems))
    if not module.params["validate_certs"]:
        module.warn("validate_certs is false: the vRO server's TLS certificate is not verified")
    client = client_from_params(module.params, pool_size=pool_size)
    try:
        result = run(module, client)
    except VroError as exc:
        module.no_log_values.update(client.secrets)
        failure = exc.to_fail_json()
        failure["msg"] = client.redact(failure["msg"])
        module.fail_json(**failure)
    module.no_log_values.update(client.secrets)
    if result.pop("failed", False):
        module.fail_json(**result)
    module.exit_json(**result)
