# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Filter ``opsflow.vro.survey_inputs``: a workflow's inputs from AWX survey answers (documented in survey_inputs.yml)."""

from ansible.errors import AnsibleFilterError

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroError
from ansible_collections.opsflow.vro.plugins.module_utils._survey import inputs_from_answers


def survey_inputs(answers, inputs):
    if not isinstance(inputs, (list, tuple)):
        raise AnsibleFilterError(
            "survey_inputs: the argument must be a workflow's inputs list, got %s" % type(inputs).__name__
        )
    try:
        return inputs_from_answers(answers, [dict(param) for param in inputs])
    except VroError as exc:
        raise AnsibleFilterError("survey_inputs: %s" % exc) from None


class FilterModule(object):
    def filters(self):
        return {"survey_inputs": survey_inputs}
