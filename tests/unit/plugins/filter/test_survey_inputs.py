# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The survey_inputs filter: the _survey rules behind a Jinja filter, errors as AnsibleFilterError."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.opsflow.vro.plugins.filter.survey_inputs import FilterModule

survey_inputs = FilterModule().filters()["survey_inputs"]


def test_answers_become_inputs():
    inputs = [{"name": "names", "type": "Array/string"}, {"name": "n", "type": "number"}]
    assert survey_inputs({"names": '["a"]', "n": 2, "other": "x"}, inputs) == {"names": ["a"], "n": 2}


def test_errors_are_filter_errors_naming_the_input():
    with pytest.raises(AnsibleFilterError, match=r"survey_inputs: inputs\.names: the survey answer"):
        survey_inputs({"names": "[a"}, [{"name": "names", "type": "Array/string"}])
    with pytest.raises(AnsibleFilterError, match="must be a workflow's inputs list"):
        survey_inputs({}, "names")
