# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for integration tests: real `ansible-playbook` runs against the vRO simulator over HTTPS.

simulator        session-scoped `simulator.testing.Simulator()` (flavor 8): .url .host .port .ca_path
                 .username .password .control (executions(), reset(), config(**quirks),
                 add_faults(*rules), clear_faults(), stats(), expire_tokens()).
simulator7       the same for flavor 7.
fresh_simulator  `simulator`, reset (executions, faults, stats, tokens) before and after the test.
dialect_simulator  dialect_simulator(name): a flavor-8 simulator started in that dialect (legacy, spec,
                 strict, lenient; see simulator/settings.py), one per dialect per session, reset.
run_playbook     run_playbook(playbook, extra_vars=None, env=None, check=False, diff=False,
                 verbosity=0, sim=None, timeout=300) -> PlaybookResult. See its docstring.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tools.with_simulator import hermetic_ansible_environment

REPO_ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS_DIR = REPO_ROOT / ".build" / "collections"
CALLBACK_DIR = REPO_ROOT / "tools" / "callback_plugins"
RESULTS_ENV = "OPSFLOW_TASK_RESULTS"


@dataclasses.dataclass
class PlaybookResult:
    """What one ansible-playbook run produced.

    rc, stdout, stderr: of the process (stdout is the default human-readable output).
    tasks: one dict per task and host, in order: task (name), action, host, changed, failed,
        skipped, unreachable, ignore_errors, warnings (list of str), deprecations (list of str),
        result (the host's result dict without `_ansible_*` keys; for loops it holds `results`).
    stats: the play recap per host ({host: {ok, changed, failures, skipped, unreachable, ...}}).
    command: the ansible-playbook command line.
    str(result) shows the command, rc, stdout and stderr: use it as the assertion message.
    """

    rc: int
    stdout: str
    stderr: str
    tasks: list
    stats: dict
    command: list

    def task(self, name, host=None):
        """The last result of the task named `name` (and run on `host`, if given); KeyError if none."""
        for record in reversed(self.tasks):
            if record["task"] == name and host in (None, record["host"]):
                return record
        raise KeyError(f"no result for task {name!r}; tasks run: {[r['task'] for r in self.tasks]}\n{self}")

    @property
    def failed_tasks(self):
        """Results that failed and were not ignored."""
        return [r for r in self.tasks if (r["failed"] or r["unreachable"]) and not r["ignore_errors"]]

    def __str__(self):
        return f"$ {' '.join(self.command)}\nrc={self.rc}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def _simulator_state(sim):
    return {key: getattr(sim, key) for key in ("host", "port", "username", "password", "ca_path")}


def _ansible_playbook():
    """The ansible-playbook next to the Python running pytest (the .venv), else the one on PATH."""
    candidate = Path(sys.executable).parent / "ansible-playbook"
    return str(candidate) if candidate.exists() else "ansible-playbook"


@pytest.fixture(scope="session")
def simulator():
    """A flavor-8 simulator for the whole session; tests that change config or faults must undo it."""
    from simulator.testing import Simulator  # pylint: disable=import-outside-toplevel

    with Simulator() as sim:
        yield sim


@pytest.fixture(scope="session")
def simulator7():
    """A flavor-7 simulator for the whole session."""
    from simulator.testing import Simulator  # pylint: disable=import-outside-toplevel

    with Simulator(flavor="7") as sim:
        yield sim


@pytest.fixture(scope="session")
def _simulators_by_dialect():
    from simulator.testing import Simulator  # pylint: disable=import-outside-toplevel

    started = {}
    yield started, Simulator
    for sim in started.values():
        sim.stop()


@pytest.fixture()
def dialect_simulator(_simulators_by_dialect):  # pylint: disable=redefined-outer-name
    """dialect_simulator(name) -> a reset simulator in that dialect (started on first use in the session)."""
    started, simulator_class = _simulators_by_dialect
    used = []

    def get(dialect):
        if dialect not in started:
            started[dialect] = simulator_class(dialect=dialect).start()
        sim = started[dialect]
        sim.control.reset()
        used.append(sim)
        return sim

    yield get
    for sim in used:
        sim.control.reset()


@pytest.fixture()
def fresh_simulator(simulator):  # pylint: disable=redefined-outer-name
    """The session simulator with no executions, faults, quirks, stats or tokens from other tests."""
    simulator.control.reset()
    yield simulator
    simulator.control.reset()


@pytest.fixture()
def run_playbook(simulator, tmp_path):  # pylint: disable=redefined-outer-name
    """Run the real ansible-playbook and return a PlaybookResult.

    run_playbook(playbook, extra_vars=None, env=None, check=False, diff=False, verbosity=0,
                 sim=None, timeout=300)

    playbook: YAML text (written to a temporary file) or a path to a playbook file.
    extra_vars: dict passed as `-e @file.json`, so types survive.
    env: variables to add or override; a value of None removes the variable.
    check, diff, verbosity: --check, --diff, -v repeated `verbosity` times.
    sim: the simulator the VRO_* variables point at (default: the `simulator` fixture).

    The environment is hermetic: inherited ANSIBLE_* and VRO_* variables are dropped; the collection
    is found through ANSIBLE_COLLECTIONS_PATH=.build/collections; VRO_HOSTNAME, VRO_PORT,
    VRO_USERNAME, VRO_PASSWORD, VRO_CA_PATH point at the simulator, so playbooks need no connection
    options. Playbooks use `hosts: localhost` (the implicit localhost runs modules with this venv's
    Python, which has `requests`).
    """
    run_numbers = itertools.count(1)

    def run(playbook, extra_vars=None, env=None, check=False, diff=False, verbosity=0, sim=None, timeout=300):
        workdir = tmp_path / f"playbook-run-{next(run_numbers)}"
        workdir.mkdir()
        if isinstance(playbook, Path) or (
            isinstance(playbook, str) and "\n" not in playbook and Path(playbook).is_file()
        ):
            playbook_path = Path(playbook).resolve()
        else:
            playbook_path = workdir / "playbook.yml"
            playbook_path.write_text(playbook, encoding="utf-8")
        results_path = workdir / "task-results.jsonl"
        (workdir / "ansible.cfg").write_text("", encoding="utf-8")

        command = [_ansible_playbook(), str(playbook_path)]
        if extra_vars:
            vars_path = workdir / "extra-vars.json"
            vars_path.write_text(json.dumps(extra_vars), encoding="utf-8")
            command += ["-e", f"@{vars_path}"]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)

        run_env = hermetic_ansible_environment(
            _simulator_state(sim or simulator), workdir, COLLECTIONS_DIR, CALLBACK_DIR, "task_results"
        )
        run_env[RESULTS_ENV] = str(results_path)
        for key, value in (env or {}).items():
            if value is None:
                run_env.pop(key, None)
            else:
                run_env[key] = str(value)

        process = subprocess.run(
            command,
            cwd=workdir,
            env=run_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        records = []
        if results_path.exists():
            records = [json.loads(line) for line in results_path.read_text(encoding="utf-8").splitlines() if line]
        return PlaybookResult(
            rc=process.returncode,
            stdout=process.stdout,
            stderr=process.stderr,
            tasks=[r for r in records if r["kind"] == "task"],
            stats=next((r["hosts"] for r in records if r["kind"] == "stats"), {}),
            command=command,
        )

    return run
