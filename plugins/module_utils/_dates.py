# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change in any release
# without notice; do not import it from other collections.

"""Dates, in one place: reading ISO 8601 text and writing the form vRO uses.

vRO dates are Java dates: sent and decoded as ``2024-06-27T01:46:55.891+00:00`` (milliseconds and
an offset; the offset given is kept, naive values are UTC, sub-millisecond digits are cut).
Some servers answer epoch milliseconds instead (vCO 5.5 and 7.x JSON); ``decode_date`` reads both.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Optional, Union

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)

_ISO_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?"
    r"(?:\s*(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?))?)?\Z",
    re.ASCII,
)
_EPOCH_MS_RE = re.compile(r"-?[0-9]{1,17}\Z", re.ASCII)


def _timezone(offset: Optional[str]) -> Union[datetime.tzinfo, None, bool]:
    """The tzinfo for an ISO offset text, ``None`` for none, ``False`` for an impossible one."""
    if not offset:
        return None
    if offset in ("Z", "z"):
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    off_h, off_m = int(digits[:2]), int(digits[2:] or "0")
    if off_h > 23 or off_m > 59:
        return False
    return datetime.timezone(sign * datetime.timedelta(hours=off_h, minutes=off_m))


def parse_iso(text: str) -> Optional[datetime.datetime]:
    """An aware or naive ``datetime`` for an ISO 8601 string, or ``None``."""
    match = _ISO_RE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tzinfo = _timezone(offset)
    if tzinfo is False:
        return None
    try:
        return datetime.datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), micro, tzinfo=tzinfo
        )
    except ValueError:
        return None


def parse_utc(text: Any) -> Optional[datetime.datetime]:
    """An aware ``datetime`` for ISO 8601 text (naive means UTC), ``None`` for anything else."""
    moment = parse_iso(text) if isinstance(text, str) else None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def format_date(moment: datetime.date) -> str:
    """``YYYY-MM-DDTHH:MM:SS.mmm+HH:MM`` for a date or datetime (naive -> UTC). ValueError on odd offsets."""
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime(moment.year, moment.month, moment.day)
    offset = moment.utcoffset()
    seconds = 0 if offset is None else offset.days * 86400 + offset.seconds
    if offset is not None and (offset.microseconds or seconds % 60):
        raise ValueError("UTC offset is not a whole number of minutes")
    minutes = seconds // 60
    sign = "-" if minutes < 0 else "+"
    off_h, off_m = divmod(abs(minutes), 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s%02d:%02d" % (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond // 1000,
        sign,
        off_h,
        off_m,
    )


def decode_date(value: Any) -> Any:
    """A wire date (ISO text or epoch milliseconds) in vRO's form; anything unreadable comes back as given."""
    if isinstance(value, str):
        moment = parse_iso(value)
        if moment is None and _EPOCH_MS_RE.match(value.strip()):
            return decode_date(int(value.strip()))
        if moment is not None:
            return format_date(moment)
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return format_date(EPOCH + datetime.timedelta(milliseconds=value))
        except (OverflowError, ValueError, TypeError):
            return value
    return value
