# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):
    # Connection, authentication, TLS and retry options shared by every module.
    DOCUMENTATION = r"""
options:
  hostname:
    description:
      - Host name or IP address of the vRO server (or of the vRA/Aria Automation appliance when vRO is embedded).
      - Only the host; a scheme, path, user, port or V(#) is refused. The modules call
        V(https://<hostname>:<port>/vco/api).
      - If not set, the value of the E(VRO_HOSTNAME) environment variable is used.
      - Required, from the option or from E(VRO_HOSTNAME); a missing host fails before anything is sent, naming both.
    type: str
  port:
    description:
      - HTTPS port of the vRO API. vRO 7.x standalone listens on V(8281); vRO 8.x and embedded vRO on V(443).
      - If not set, the value of the E(VRO_PORT) environment variable is used.
    type: int
    default: 443
  username:
    description:
      - User for O(auth_mode=basic) (for example V(administrator@vsphere.local)) or for the vRA login with O(auth_mode=vra).
      - If not set, the value of the E(VRO_USERNAME) environment variable is used.
    type: str
  password:
    description:
      - Password of O(username). Never logged or returned.
      - If not set, the value of the E(VRO_PASSWORD) environment variable is used.
    type: str
  auth_mode:
    description:
      - How to authenticate.
      - V(basic) sends HTTP Basic credentials (vRO 7.x, vRO 8.x with vSphere authentication).
      - V(vra) logs in to vRA/Aria Automation (C(/csp/gateway/am/api/login), then C(/iaas/api/login)) with
        O(username), O(password) and O(domain), and calls vRO with the bearer token it gets. Use it for vRO embedded
        in vRA/Aria Automation and for the Cloud Extensibility Proxy.
      - V(token) uses O(token) as the bearer token, or exchanges O(refresh_token) for one.
      - When a bearer token expires during a long wait, the modules log in again once and retry.
      - If not set, the value of the E(VRO_AUTH_MODE) environment variable is used.
    type: str
    choices: [basic, vra, token]
    default: basic
  vra_hostname:
    description:
      - Host of the vRA/Aria Automation login endpoints when it is not O(hostname) (O(auth_mode=vra) or O(refresh_token)).
      - If not set, the value of the E(VRO_VRA_HOSTNAME) environment variable is used.
    type: str
  domain:
    description:
      - Identity domain for the vRA login (O(auth_mode=vra)), for example V(corp.example.com).
      - If not set, the value of the E(VRO_DOMAIN) environment variable is used.
    type: str
  token:
    description:
      - Bearer access token for O(auth_mode=token). Never logged or returned.
      - If not set, the value of the E(VRO_TOKEN) environment variable is used.
    type: str
  refresh_token:
    description:
      - vRA/Aria Automation API (refresh) token, exchanged for an access token with O(auth_mode=token).
        Never logged or returned.
      - If not set, the value of the E(VRO_REFRESH_TOKEN) environment variable is used.
    type: str
  validate_certs:
    description:
      - Verify the server's TLS certificate. Set to V(false) only for tests; prefer O(ca_path) for private CAs.
      - If not set, the value of the E(VRO_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the CA certificate(s) that signed the vRO (and vRA) certificate.
      - If not set, the value of the E(VRO_CA_PATH) environment variable is used.
    type: path
  proxy_url:
    description:
      - HTTP(S) proxy to reach vRO through, for example V(http://proxy.example.com:3128).
      - When not set, the standard E(HTTPS_PROXY) and E(NO_PROXY) environment variables are honoured.
      - If not set, the value of the E(VRO_PROXY_URL) environment variable is used.
    type: str
  request_timeout:
    description:
      - Seconds one HTTP request may take as a whole, from connecting to the last byte of the answer (a server that
        answers slowly or one byte at a time is cut off when it runs out). A finite number up to 86400.
      - If not set, the value of the E(VRO_REQUEST_TIMEOUT) environment variable is used.
    type: float
    default: 30
  retries:
    description:
      - How many times a safe request (GET, and the DELETE that cancels a run) is retried on connection errors,
        timeouts, HTTP 429 and HTTP 502, 503, 504, and on a JSON answer cut short, with exponential backoff and jitter.
      - A busy server's HTTP 429 or 503 with C(Retry-After) is waited out instead (C(Retry-After) honoured up to 60
        seconds at a time, for up to 600 seconds per request) without counting as a retry, and holds back every
        other request of the task until then.
      - The POST that starts a workflow is never retried blindly, since it could start the workflow twice. It is sent
        again only after an HTTP 429 with C(Retry-After), a rate limiter's refusal given before anything ran.
      - If not set, the value of the E(VRO_RETRIES) environment variable is used.
    type: int
    default: 3
  retry_backoff:
    description:
      - First backoff delay in seconds; it doubles with each retry (with jitter), up to 30 seconds.
      - If not set, the value of the E(VRO_RETRY_BACKOFF) environment variable is used.
    type: float
    default: 1.0
notes:
  - "The modules talk to vRO over HTTPS from wherever they run; use C(delegate_to: localhost) or run the play on
    C(localhost) with C(connection: local)."
  - Requires the Python C(requests) library on the host that runs the module.
requirements:
  - requests
"""
