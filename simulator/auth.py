# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Authentication: Basic, and the vRA 8 / CSP token flow that yields bearer tokens.

* `POST /csp/gateway/am/api/login?access_token` {username, password, domain?} -> refresh token
  (plus an access token usable as bearer, a shortcut some clients take);
* `POST /iaas/api/login` {refreshToken} -> {"tokenType": "Bearer", "token": ...};
* `/vco/api` then takes `Authorization: Bearer <token>` until the token expires.
Refresh tokens never expire (vRA API tokens last 90 days); errors from these vRA endpoints use
Xenon's `ServiceErrorResponse` body, unlike `/vco/api`.
"""

import base64
import binascii
import secrets
import threading
import time
import uuid

from .messages import ApiError, json_response


def xenon_error(status, message, error_code=0):
    document = {
        "message": message,
        "statusCode": status,
        "errorCode": error_code,
        "serverErrorId": str(uuid.uuid4()),
        "documentKind": "com:vmware:xenon:common:ServiceErrorResponse",
    }
    return ApiError(status, message, document)


class TokenStore:
    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self):
        with self._lock:
            self._refresh = {}  # token -> user
            self._access = {}  # token -> [user, expiry]

    def issue_refresh(self, user):
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._refresh[token] = user
        return token

    def issue_access(self, user, ttl):
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._access[token] = [user, time.time() + ttl]
        return token

    def refresh_user(self, token):
        return self._refresh.get(token)

    def access_user(self, token):
        """The token's user; raises 401 for an unknown or expired token."""
        entry = self._access.get(token)
        if entry is None:
            raise ApiError(401, "Unauthorized: unknown bearer token")
        if entry[1] <= time.time():
            raise ApiError(401, "Unauthorized: the bearer token has expired")
        return entry[0]

    def expire(self, token=None):
        """Expire one access token, or every one; refresh tokens stay valid."""
        now = time.time()
        with self._lock:
            for key in [token] if token else list(self._access):
                if key in self._access:
                    self._access[key][1] = now


class Auth:
    def __init__(self, username, password, settings, tokens):
        self.username = username
        self.password = password
        self.settings = settings
        self.tokens = tokens

    def authenticate(self, request):
        """The user a /vco/api request runs as; raises 401 otherwise."""
        scheme, _space, credentials = (request.headers.get("Authorization") or "").partition(" ")
        scheme = scheme.lower()
        if scheme == "bearer":
            return self.tokens.access_user(credentials.strip())
        if scheme != "basic":
            raise ApiError(401, "Unauthorized: authentication is required")
        if not self.settings.basic_auth_enabled:
            raise ApiError(401, "Unauthorized: basic authentication is disabled on this server")
        try:
            user, _colon, password = base64.b64decode(credentials.strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise ApiError(401, "Unauthorized: malformed basic credentials") from None
        if not self._valid(user, password):
            raise ApiError(401, "Unauthorized: wrong user name or password")
        return self.username

    def bearer_token(self, request):
        scheme, _space, credentials = (request.headers.get("Authorization") or "").partition(" ")
        return credentials.strip() if scheme.lower() == "bearer" else None

    def _valid(self, user, password, domain=None):
        names = {user, f"{user}@{domain}"} if domain else {user}
        return self.username in names and secrets.compare_digest(password.encode(), self.password.encode())

    def routes(self):
        return [
            ("POST", "/csp/gateway/am/api/login", self.csp_login, False),
            ("POST", "/iaas/api/login", self.iaas_login, False),
            ("POST", "/csp/gateway/am/idp/auth/login", self.removed_login, False),
        ]

    @staticmethod
    def _body(request):
        try:
            return request.json()
        except ApiError as exc:
            raise xenon_error(400, exc.message) from None

    def csp_login(self, request):
        body = self._body(request)
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("username"), str)
            or not isinstance(body.get("password"), str)
        ):
            raise xenon_error(400, "'username' and 'password' are required", 400001)
        domain = body.get("domain") if isinstance(body.get("domain"), str) else None
        if not self._valid(body["username"], body["password"], domain):
            status = self.settings.csp_bad_credentials_status
            raise xenon_error(status, "Invalid username or password", 400002 if status == 400 else 401001)
        ttl = self.settings.token_ttl
        return json_response(
            200,
            {
                "refresh_token": self.tokens.issue_refresh(self.username),
                "access_token": self.tokens.issue_access(self.username, ttl),
                "token_type": "Bearer",
                "expires_in": int(ttl),
                "scope": "",
            },
        )

    def iaas_login(self, request):
        body = self._body(request)
        refresh = body.get("refreshToken") if isinstance(body, dict) else None
        if not refresh:
            raise xenon_error(400, "'refreshToken' can not be null.")
        user = self.tokens.refresh_user(refresh)
        if user is None:
            raise xenon_error(401, "Invalid refresh token", 401001)
        return json_response(
            200, {"tokenType": "Bearer", "token": self.tokens.issue_access(user, self.settings.token_ttl)}
        )

    def removed_login(self, request):
        # Removed in vRA 8.12; callers must move to /csp/gateway/am/api/login.
        raise xenon_error(400, "No matching handler")
