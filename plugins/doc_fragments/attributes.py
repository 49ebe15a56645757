# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):
    # Attributes every module of the collection has.
    DOCUMENTATION = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/opsflow.vro.vro) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - opsflow.vro.vro
"""

    # For modules that never change anything.
    READ_ONLY = r"""
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details: The module only reads from vRO, so it behaves the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: none
"""
