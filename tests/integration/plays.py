# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build small playbooks for integration tests: one play on localhost, tasks given as data."""

from __future__ import annotations

import yaml

WORKFLOW_IDS = {
    "AWSNEW": "3a0ab069-cf2f-47e0-96f5-4a8920a5dc51",
    "Sleep": "d98453d2-6114-409c-adb7-9d4c2328c8e6",
    "Fail": "55b69adf-0b18-4709-aadd-e9c584b7d0f0",
    "WaitForApproval": "c0a87531-3ff0-4a69-9715-e8914e828a75",
    "TwoStepApproval": "7d2f4b1e-9c3a-4e58-b6d0-2a1f8e5c9b47",
    "WaitSignal": "95b5300d-21cc-48ba-a3c7-caf34158292e",
    "AllTypes": "ecae1a1f-7d4d-4626-a7e7-f7f3fe97b7ed",
}


def play(*tasks, **play_options):
    """YAML text of a playbook running ``tasks`` (dicts) on localhost, without fact gathering."""
    document = {"name": "integration test", "hosts": "localhost", "gather_facts": False, "connection": "local"}
    document.update(play_options)
    document["tasks"] = list(tasks)
    return yaml.safe_dump([document], sort_keys=False)


TASK_KEYWORDS = ("check_mode", "diff", "until", "retries", "delay", "no_log", "environment")


def module_task(name, module, register=None, **args):
    """A task calling ``opsflow.vro.<module>``; failures are kept (ignore_errors) so tests can read them.

    Task keywords (``check_mode``, ``until``...) among ``args`` go to the task, the rest to the module.
    """
    task = {"name": name, "ignore_errors": True}
    task.update((key, args.pop(key)) for key in TASK_KEYWORDS if key in args)
    task["opsflow.vro." + module] = args
    if register:
        task["register"] = register
    return task


def execute(name="execute", **args):
    return module_task(name, "vro_workflow_execute", **args)


def info(name="info", **args):
    return module_task(name, "vro_execution_info", **args)


def execution(name="execution", **args):
    return module_task(name, "vro_execution", **args)


def answer(name="answer", **args):
    return module_task(name, "vro_user_interaction", **args)


def interactions(name="interactions", **args):
    return module_task(name, "vro_user_interaction_info", **args)


def assert_ok(result):
    """Every task succeeded (our module tasks ignore errors, so the exit code alone cannot tell)."""
    failed = [t for t in result.tasks if t["failed"] or t["unreachable"]]
    assert result.rc == 0 and not failed, "failed tasks: %s\n%s" % (
        [(t["task"], t["result"].get("msg")) for t in failed],
        result,
    )
