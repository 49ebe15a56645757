# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure parts of one exchange: reading an error body, Retry-After, same-origin redirects, query text.

The exchange itself (deadline, size cap, cut answers) is driven through the client in test_client.py and
against a hostile server in tests/hostile."""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _transport


@pytest.mark.parametrize(
    "body, expected",
    [
        ('{"message": "Workflow not found"}', "Workflow not found"),
        ("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "HTML page: 502 Bad Gateway"),
        ("plain   text\nerror", "plain text error"),
        ("", "(empty body)"),
        ('{"statusCode": 400}', '{"statusCode": 400}'),
    ],
)
def test_describe_body(body, expected):
    assert _transport.describe_body(body) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("5", 5.0),
        ("0", 0.0),
        ("3600", _transport.MAX_RETRY_AFTER),
        ("-1", None),
        ("nan", None),
        ("inf", None),
        ("Wed, 21 Oct 2026 07:28:00 GMT", None),
        (None, None),
    ],
)
def test_retry_after_is_seconds_capped_or_none(value, expected):
    assert _transport.retry_after_seconds(value) == expected


@pytest.mark.parametrize(
    "other, same",
    [
        ("https://vro.example.com/vco/api/x", True),
        ("https://vro.example.com:443/other", True),
        ("https://vro.example.com:8281/x", False),
        ("http://vro.example.com/x", False),
        ("https://evil.example.com/x", False),
    ],
)
def test_same_origin_is_scheme_host_and_port(other, same):
    assert _transport.same_origin("https://vro.example.com/vco/api/", other) is same


def test_a_query_string_is_sent_as_given_and_a_dict_is_encoded():
    assert _transport.query_text("conditions=name=A B") == "conditions=name=A B"
    assert _transport.query_text({"maxResult": 5, "sortOrders": "-startDate"}) == "maxResult=5&sortOrders=-startDate"
