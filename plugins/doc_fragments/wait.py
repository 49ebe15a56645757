# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):
    # How a module waits for a run to end (the same waiter for a run it started and for one started elsewhere).
    # The argument spec of these options is _module.WAIT_OPTIONS.
    DOCUMENTATION = r"""
options:
  wait_timeout:
    description: With O(wait=true), seconds to wait before failing the task with a message that the run is still going.
    type: int
    default: 600
  poll_interval:
    description:
      - With O(wait=true), the longest gap in seconds between two reads of the run's state. The first reads come
        faster, so that a short run is seen ending within about a second.
      - Runs of one workflow waited on together share one list request per read, whatever their number.
    type: float
    default: 5
  wait_on_interaction:
    description: With O(wait=true), keep waiting while the run waits for user input instead of failing.
    type: bool
    default: false
"""
