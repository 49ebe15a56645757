# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rate-limit mode (the `rate_limit` quirk): N requests per second, beyond it 429 with Retry-After.

A token bucket holding one second's worth of requests: a burst of N passes, then requests pass at
N per second. Retry-After is whole seconds (RFC 9110), at least 1, until the next token is due.
"""

import math
import threading
import time

from .messages import ApiError


class RateLimit:
    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self):
        with self._lock:
            self._rate = 0.0
            self._tokens = 0.0
            self._updated = time.monotonic()

    def take(self, rate):
        """Let one request through at `rate` per second (0: no limit), else raise the 429."""
        if rate <= 0:
            return
        with self._lock:
            now = time.monotonic()
            if rate != self._rate:  # a new limit starts with a full bucket
                self._rate, self._tokens = rate, max(1.0, rate)
            else:
                self._tokens = min(max(1.0, rate), self._tokens + (now - self._updated) * rate)
            self._updated = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return
            wait = (1.0 - self._tokens) / rate
        raise ApiError(
            429,
            f"Too many requests: this server allows {rate:g} per second",
            headers=[("Retry-After", str(max(1, math.ceil(wait))))],
        )
