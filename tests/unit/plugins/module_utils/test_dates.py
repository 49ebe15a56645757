# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Spec of ``_dates``: ISO 8601 in, vRO's date form out."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _dates


class TestDateEdges:
    def test_format_date_is_public_and_strict(self):
        assert _dates.format_date(datetime.date(2024, 1, 2)) == "2024-01-02T00:00:00.000+00:00"
        with pytest.raises(ValueError):
            _dates.format_date(datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(seconds=1))))

    def test_parse_iso_keeps_the_offset_or_none(self):
        assert _dates.parse_iso("2024-06-27T01:46:55.891+02:00").utcoffset() == datetime.timedelta(hours=2)
        assert _dates.parse_iso("2024-06-27").tzinfo is None
        assert _dates.parse_iso("2024-06-27T01:00+24:00") is None
        assert _dates.parse_iso("yesterday") is None

    def test_parse_utc_makes_naive_utc_and_ignores_non_text(self):
        assert _dates.parse_utc("2024-06-27T01:00") == datetime.datetime(2024, 6, 27, 1, tzinfo=_dates.UTC)
        assert _dates.parse_utc(None) is None
        assert _dates.parse_utc(5) is None

    @pytest.mark.parametrize(
        "value, decoded",
        [
            ("2024-06-27T01:46:55.891Z", "2024-06-27T01:46:55.891+00:00"),
            (0, "1970-01-01T00:00:00.000+00:00"),
            ("86400000", "1970-01-02T00:00:00.000+00:00"),
            ("not a date", "not a date"),
            (True, True),
            (10**30, 10**30),
            (None, None),
        ],
    )
    def test_decode_date(self, value, decoded):
        assert _dates.decode_date(value) == decoded
