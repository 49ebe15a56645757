# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request log for the conformance test: one JSON line per API request received.

Each line: method, path (as sent, trailing slash kept), query ({name: [values]}), content_type,
body (parsed JSON, else text, else null). Secrets never reach the file: login passwords and tokens
and every SecureString value are replaced by a mask of the same JSON type.
"""

import json
import threading

MASK = "********"
SECRET_FIELDS = {"password", "refreshToken", "refresh_token"}


class Recorder:
    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()

    def record(self, request):
        line = json.dumps(
            {
                "method": request.method,
                "path": request.raw_path,
                "query": request.query,
                "content_type": request.headers.get("Content-Type"),
                "body": _masked(_body(request.body)),
            },
            sort_keys=True,
        )
        with self._lock, open(self.path, "a", encoding="utf-8") as log:
            log.write(line + "\n")


def _body(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", errors="replace")


def _masked(node):
    if isinstance(node, list):
        return [_masked(item) for item in node]
    if not isinstance(node, dict):
        return node
    masked = {}
    for key, value in node.items():
        if key in SECRET_FIELDS and isinstance(value, str):
            masked[key] = MASK
        elif key == "secure-string" and isinstance(value, dict) and isinstance(value.get("value"), str):
            masked[key] = {**value, "value": MASK}
        else:
            masked[key] = _masked(value)
    return masked
