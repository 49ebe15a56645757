# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Workflows: find by exact name (the real vCO listing replayed), ambiguity errors that list the candidates."""

from __future__ import annotations

import json

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _workflows
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroWorkflowLookupError

WF = "6e04a460-4a45-4e16-9603-db2922c24462"


def test_find_by_name_replays_the_real_listing_and_keeps_exact_matches(make_fake_client, sample):
    client = make_fake_client({"/workflows": sample("workflow-list-by-name-vco55.json")})
    found = _workflows.find_by_name(client, "Request Component")
    assert found == [
        {
            "id": WF,
            "name": "Request Component",
            "category": "vCAC",
            "href": "https://vco.example.com:8281/vco/api/workflows/%s/" % WF,
        }
    ]
    assert client.get.call_args.kwargs["query"] == "conditions=name=Request%20Component"
    assert (
        _workflows.find_by_name(
            make_fake_client({"/workflows": sample("workflow-list-by-name-vco55.json")}), "request component"
        )
        == []
    )


def test_ambiguous_name_lists_candidates_with_ids_and_categories(make_fake_client, sample):
    listing = sample("workflow-list-by-name-vco55.json")
    twin = json.loads(json.dumps(listing["link"][0]))
    for attribute in twin["attributes"]:
        if attribute["name"] == "id":
            attribute["value"] = "other-id"
        if attribute["name"] == "categoryName":
            attribute["value"] = "Library"
    listing["link"].append(twin)
    with pytest.raises(VroWorkflowLookupError) as caught:
        _workflows.resolve(make_fake_client({"/workflows": listing}), workflow_name="Request Component")
    message = str(caught.value)
    assert (
        "2 workflows" in message
        and WF in message
        and "other-id" in message
        and "vCAC" in message
        and "Library" in message
    )
