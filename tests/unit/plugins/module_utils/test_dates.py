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
