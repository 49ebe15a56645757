# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a command against a freshly started vRO simulator, then stop the simulator.

    python tools/with_simulator.py [--state-file PATH] [--log-file PATH] [SIMULATOR OPTION...] -- COMMAND [ARG...]

Starts `python -m simulator --port 0 --state-file PATH` from the repository root (the contract in
docs/design.md), waits until the state file holds the listening address, runs COMMAND with
VRO_HOSTNAME, VRO_PORT, VRO_USERNAME, VRO_PASSWORD and VRO_CA_PATH set from it, and stops the
simulator when COMMAND ends, fails or is interrupted. Exits with COMMAND's exit status.
Options other than --state-file/--log-file (e.g. --flavor 7) are passed to the simulator.
Used by `make demo` and `make molecule`; tests/integration/conftest.py uses `vro_environment`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30.0


def vro_environment(state):
    """The VRO_* connection variables for a simulator, from its state-file mapping."""
    return {
        "VRO_HOSTNAME": str(state["host"]),
        "VRO_PORT": str(state["port"]),
        "VRO_USERNAME": str(state["username"]),
        "VRO_PASSWORD": str(state["password"]),
        "VRO_CA_PATH": str(state["ca_path"]),
    }


def hermetic_ansible_environment(state, workdir, collections_dir, callback_dir, callback):
    """The environment for an ansible-playbook run against a simulator that nothing outside can change.

    Inherited ANSIBLE_* and VRO_* variables are dropped; configuration, home and temp live in
    ``workdir``; the collection comes from ``collections_dir``; ``callback`` from ``callback_dir``
    is enabled; VRO_* point at the simulator described by ``state``.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "VRO_"))}
    env.update(vro_environment(state))
    env.update(
        {
            "ANSIBLE_CONFIG": str(workdir / "ansible.cfg"),
            "ANSIBLE_HOME": str(workdir / "ansible-home"),
            "ANSIBLE_LOCAL_TEMP": str(workdir / "ansible-tmp"),
            "ANSIBLE_COLLECTIONS_PATH": str(collections_dir),
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "ANSIBLE_CALLBACK_PLUGINS": str(callback_dir),
            "ANSIBLE_CALLBACKS_ENABLED": callback,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        }
    )
    return env


def _read_state(path, process, log_path):
    """Wait until the simulator has written a complete state file; fail early if it exits."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the simulator exited with status {process.returncode} before listening; see {log_path}")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            time.sleep(0.1)
    raise SystemExit(f"the simulator wrote no state file to {path} within {START_TIMEOUT:.0f} s; see {log_path}")


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _parse(argv):
    if "--" not in argv:
        raise SystemExit(__doc__)
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1 :]
    if not command:
        raise SystemExit(__doc__)
    paths = {"--state-file": REPO_ROOT / ".sim" / "state.json", "--log-file": None}
    simulator_args = []
    while options:
        option = options.pop(0)
        if option in paths and options:
            paths[option] = Path(options.pop(0)).resolve()
        else:
            simulator_args.append(option)
    state_path = paths["--state-file"]
    log_path = paths["--log-file"] or state_path.with_suffix(".log")
    return state_path, log_path, simulator_args, command


def _raise_interrupt(signum, _frame):
    raise SystemExit(128 + signum)


def main(argv):
    state_path, log_path, simulator_args, command = _parse(argv)
    state_path.parent.mkdir(parents=True, exist_ok=True)
    state_path.unlink(missing_ok=True)
    # a SIGTERM (e.g. a CI time-out) must still run the `finally` that stops the simulator
    signal.signal(signal.SIGTERM, _raise_interrupt)
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, "-m", "simulator", "--port", "0", "--state-file", str(state_path)] + simulator_args,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        state = _read_state(state_path, process, log_path)
        print(
            f"simulator: {state['url']} (pid {process.pid}, flavor {state.get('flavor', '?')}, log {log_path})",
            flush=True,
        )
        env = dict(os.environ, **vro_environment(state))
        return subprocess.call(command, env=env)
    finally:
        _stop(process)
        state_path.unlink(missing_ok=True)
        print(f"simulator: stopped (pid {process.pid})", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
