# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start the simulator from tests: `with Simulator(flavor="7", dialect="spec") as sim: ...`.

The helper runs `python -m simulator --port 0` in a subprocess, waits for its state file and
exposes url/host/port/ca_path/username/password/flavor/dialect/state_file/pid, plus `.control`,
a stdlib-only client of the `/_sim` control API.

When the environment names a directory in VRO_SIM_REQUEST_LOG_DIR, every simulator started here
appends the requests it receives to its own JSON-lines file there (the conformance test reads them).
"""

import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the directory that holds the `simulator` package
REQUEST_LOG_DIR_ENV = "VRO_SIM_REQUEST_LOG_DIR"


class SimulatorError(RuntimeError):
    pass


class Control:
    """The `/_sim` API over HTTPS, trusting only the simulator's CA."""

    def __init__(self, url, ca_path):
        self.url = url
        # Loopback only: never through a proxy from the environment.
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=ca_path)),
        )

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/_sim/{path}", data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with self._opener.open(request, timeout=30) as response:
            payload = response.read()
        return json.loads(payload) if payload else None

    def executions(self):
        return self._call("GET", "executions")

    def reset(self):
        self._call("POST", "reset")

    def config(self, **options):
        """Change flavor / token_ttl / quirks; with no arguments, read them."""
        return self._call("POST", "config", options) if options else self._call("GET", "config")

    def add_faults(self, *rules):
        return self._call("POST", "faults", {"rules": list(rules)})

    def faults(self):
        return self._call("GET", "faults")

    def clear_faults(self):
        self._call("DELETE", "faults")

    def stats(self, timeline=False):
        return self._call("GET", "stats?timeline=1" if timeline else "stats")

    def expire_tokens(self):
        self._call("POST", "tokens/expire")


class Simulator:
    """Context manager running one simulator process on a free loopback port."""

    def __init__(
        self,
        flavor="8",
        dialect="legacy",
        username=None,
        password=None,
        token_ttl=None,
        catalog=None,
        cert_dir=None,
        quirks=None,
        verbose=False,
        startup_timeout=10.0,
    ):
        self._options = {
            "--flavor": flavor,
            "--dialect": dialect,
            "--username": username,
            "--password": password,
            "--token-ttl": token_ttl,
            "--catalog": catalog,
            "--cert-dir": cert_dir,
        }
        self._quirks = quirks or {}
        self._verbose = verbose
        self._startup_timeout = startup_timeout
        self._process = None
        self._workdir = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        self._workdir = Path(tempfile.mkdtemp(prefix="vro-sim-test-"))
        self.state_file = self._workdir / "state.json"
        self.log_path = self._workdir / "simulator.log"
        command = [sys.executable, "-m", "simulator", "--port", "0", "--state-file", str(self.state_file)]
        for option, value in self._options.items():
            if value is not None:
                command += [option, str(value)]
        log_dir = os.environ.get(REQUEST_LOG_DIR_ENV)
        if log_dir:
            Path(log_dir).mkdir(parents=True, exist_ok=True)
            log = tempfile.NamedTemporaryFile(dir=log_dir, prefix="requests-", suffix=".jsonl", delete=False)
            log.close()
            command += ["--request-log", log.name]
        for name, value in self._quirks.items():
            command += ["--quirk", f"{name}={json.dumps(value)}"]
        if self._verbose:
            command.append("--verbose")
        with open(self.log_path, "wb") as log:  # a file, not a pipe: a full pipe would block the server
            self._process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            state = self._wait_for_state()
        except SimulatorError:
            self.stop()
            raise
        for key in ("url", "host", "port", "ca_path", "username", "password", "flavor", "dialect", "pid"):
            setattr(self, key, state[key])
        self.control = Control(self.url, self.ca_path)
        return self

    def _wait_for_state(self):
        deadline = time.monotonic() + self._startup_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise SimulatorError(f"simulator exited with {self._process.returncode}:\n{self.log()}")
            try:
                return json.loads(self.state_file.read_text(encoding="utf-8"))
            except (FileNotFoundError, ValueError):
                time.sleep(0.05)
        raise SimulatorError(f"simulator did not start within {self._startup_timeout} s:\n{self.log()}")

    def log(self):
        """What the simulator wrote to stdout/stderr so far."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self):
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None
