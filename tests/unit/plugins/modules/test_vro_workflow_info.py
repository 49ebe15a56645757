# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vro_workflow_info: only the selectors given reach the finder, with details and the number question type."""

from ansible_collections.opsflow.vro.plugins.module_utils import _catalog
from ansible_collections.opsflow.vro.plugins.modules import vro_workflow_info


class Module:
    check_mode = True

    def __init__(self, **params):
        self.params = dict.fromkeys(vro_workflow_info.SELECTORS)
        self.params.update(details=True, survey_number_type="float")
        self.params.update(params)


def test_empty_selectors_are_left_out(monkeypatch):
    seen = []
    monkeypatch.setattr(
        _catalog,
        "find_workflows",
        lambda client, selectors, details, number_type: seen.append((selectors, details, number_type)) or [],
    )
    result = vro_workflow_info.run(
        Module(category="Library/Mail", tags=[], workflow_name="", details=False), client=None
    )
    assert result == {"changed": False, "workflows": []}
    assert seen == [({"category": "Library/Mail"}, False, "float")]
    vro_workflow_info.run(Module(tags=["vm"], survey_number_type="integer"), client=None)
    assert seen[-1] == ({"tags": ["vm"]}, True, "integer")
