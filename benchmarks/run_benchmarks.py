# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many runs at once, measured (issue 6): a script that prints a report, not a test.

    make venv collection
    .venv/bin/python benchmarks/run_benchmarks.py                  # the default set, about 20-25 min on 2 cores
    .venv/bin/python benchmarks/run_benchmarks.py --full           # every cell of the matrix (several hours)
    .venv/bin/python benchmarks/run_benchmarks.py --runs 10 --durations 1 --approaches module,concurrent \\
        --extras none --output -                                   # a quick look while developing

It starts its own simulator, runs the real ansible-playbook of this .venv against it for each cell
(N runs of the Sleep workflow lasting D seconds, one of four approaches), then measures the client,
the simulator and the module process without Ansible, checks the targets of issue 6 and writes the
report (markdown) to --output (default docs/benchmark-results.md) and to stdout. Progress goes to
stderr. benchmarks/README.md explains every number.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime
import functools
import hashlib
import http.client
import importlib
import importlib.metadata
import io
import json
import math
import os
import platform
import re
import shlex
import shutil
import ssl
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from base64 import b64encode
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "benchmarks"
PLAYBOOKS_DIR = BENCH_DIR / "playbooks"
CALLBACK_DIR = BENCH_DIR / "callback_plugins"
COLLECTIONS_DIR = REPO_ROOT / ".build" / "collections"
DEFAULT_OUTPUT = REPO_ROOT / "docs" / "benchmark-results.md"
sys.path[:0] = [str(REPO_ROOT), str(COLLECTIONS_DIR)]

from simulator.testing import Simulator  # noqa: E402  (needs the repository root on sys.path)
from tools.with_simulator import hermetic_ansible_environment  # noqa: E402

SLEEP_WORKFLOW_ID = "d98453d2-6114-409c-adb7-9d4c2328c8e6"
STATE_POLL = "GET /workflows/{id}/executions/{eid}/state"
EXECUTION_READ = "GET /workflows/{id}/executions/{eid}"
FINAL_STATES = frozenset(("completed", "failed", "canceled"))
STATE_URL = re.compile(r"/executions/([^/]+)/state/?$")
ALL_RUNS = (10, 50, 200)
ALL_DURATIONS = (1, 5)
POLL_INTERVAL = 5  # every approach polls at most every 5 s: the vRO docs' delay and the module's default

# Targets of issue 6
TARGET_RUNS, TARGET_SECONDS = 50, 5
TARGET_WALL_FACTOR = 2  # concurrent path under 2 x one run's duration
TARGET_SPEEDUP = 20  # ... and at least 20 x faster than the baseline
TARGET_LATENCY = 0.5  # median detection latency (s) with poll_interval 5
LONG_RUN_SECONDS = 60
FIXED_POLLS = LONG_RUN_SECONDS // POLL_INTERVAL  # 12 requests of fixed 5 s polling over 60 s
TARGET_LONG_RUN_POLLS = 2 * FIXED_POLLS
# A run's detection latency depends on where its end falls between two polls: the matrix's 1 s and
# 5 s runs end at one fixed phase of the poll schedule. Runs 0.5 s apart cover every phase of 5 s.
PHASE_OFFSETS = tuple(k * 0.5 for k in range(10))
MEMORY_RUNS, MEMORY_SECONDS = 200, 5
TARGET_RSS_MB = 100

# Issue 17: many runs of one workflow followed with a handful of requests, and a busy vRO
LIST_POLL = "GET /workflows/{id}/executions"
START = "POST /workflows/{id}/executions"
FOLLOWING = frozenset((LIST_POLL, STATE_POLL))  # the requests made only to learn the runs' states
SCALE_SECONDS = 10
# The last commit whose concurrent path polls each run's /state alone (before batch polling):
# measured beside this commit's code in the same benchmark run (--per-run-ref).
PER_RUN_POLLING_REF = "5bd0b36"
SCALE_RATE_LIMIT = 20
TARGET_REQUESTS_PER_RUN = 2.5
TARGET_FOLLOW_RATE = 20  # requests/s spent following the runs, in any one-second window
TARGET_SCALE_WALL_FACTOR = 1.5
TARGET_THOUSAND_WALL = 70
TARGET_THOUSAND_RSS_MB = 150


@dataclasses.dataclass(frozen=True)
class ScaleCase:
    key: str
    title: str
    code: str  # "batch": this commit; "per-run": PER_RUN_POLLING_REF; "uri": the uri baseline playbook
    runs: int
    max_concurrent: int
    rate_limit: int = 0


SCALE_CASES = (
    ScaleCase("batch-200", "200 x 10 s, max_concurrent 200", "batch", 200, 200),
    ScaleCase("per-run-200", "200 x 10 s, max_concurrent 200", "per-run", 200, 200),
    # serial: 200 runs would take 35+ minutes; its per-run figures do not depend on N
    ScaleCase("uri-10", "10 x 10 s, one after the other", "uri", 10, 1),
    ScaleCase("batch-1000", "1,000 x 10 s, max_concurrent 200", "batch", 1000, 200),
    ScaleCase("per-run-1000", "1,000 x 10 s, max_concurrent 200", "per-run", 1000, 200),
    ScaleCase("batch-limited", "200 x 10 s, max_concurrent 200, vRO limited to 20 requests/s", "batch", 200, 200, 20),
    ScaleCase(
        "per-run-limited", "200 x 10 s, max_concurrent 200, vRO limited to 20 requests/s", "per-run", 200, 200, 20
    ),
)
SCALE_CODE_TITLES = {
    "batch": "vro_workflow_execute runs, batch polling (this commit)",
    "per-run": "vro_workflow_execute runs, per-run polling (commit %s)",
    "uri": "uri POST + GET /state until (delay 5) [baseline]",
}


@dataclasses.dataclass(frozen=True)
class Approach:
    key: str
    title: str
    playbook: str
    # "playbook": when the controller received the result that showed the run ended (callback time);
    # "module": the run's waited.detected_at, when the module's waiter saw it end.
    detection: str
    serial: bool


APPROACHES = (
    Approach(
        "uri", "1. uri POST + uri GET /state until (delay 5), loop [baseline]", "uri_baseline.yml", "playbook", True
    ),
    Approach("role", "2. role run_workflow, include_role loop (delay 5)", "role_loop.yml", "playbook", True),
    Approach("module", "3. vro_workflow_execute wait: true, loop", "module_loop.yml", "module", True),
    Approach("concurrent", "4. vro_workflow_execute runs: N, max_concurrent: N", "concurrent.yml", "module", False),
)
BY_KEY = {approach.key: approach for approach in APPROACHES}
BASELINE = "uri"

# The default set, about 20-25 minutes on this 2-core machine: every approach at N=10 (D=1 and 5),
# the target cell N=50 x D=5 for the baseline, the module loop and the concurrent path, and the
# concurrent path in every cell (it takes seconds). The serial approaches at N=200 take 30+ minutes each.
DEFAULT_CELLS = frozenset(
    [(key, 10, seconds) for key in BY_KEY for seconds in ALL_DURATIONS]
    + [(key, TARGET_RUNS, TARGET_SECONDS) for key in ("uri", "module", "concurrent")]
    + [("concurrent", runs, seconds) for runs in ALL_RUNS for seconds in ALL_DURATIONS]
)
EXTRAS = ("scale", "client", "simulator", "memory", "long-run")
MEASURED_CODE = ("plugins", "roles")


def say(message):
    sys.stderr.write("[%s] %s\n" % (time.strftime("%H:%M:%S"), message))
    sys.stderr.flush()


def median(values):
    return statistics.median(values) if values else None


def p95(values):
    """Nearest-rank 95th percentile: a value that was measured, never an interpolation."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def epoch(iso_date):
    return datetime.datetime.fromisoformat(iso_date).timestamp()


def process_cpu_seconds(pid):
    """utime + stime of a process, from /proc/PID/stat (fields 14 and 15, after the command name)."""
    fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---- running playbooks --------------------------------------------------------------------------


@dataclasses.dataclass
class PlaybookRun:
    rc: int
    wall: float  # seconds from starting ansible-playbook to its exit
    events: list  # the bench_timeline callback's records
    log: Path

    def tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    @property
    def task_span(self):
        """Seconds from the first task's start to the last result: the playbook minus Ansible's start-up."""
        times = [event["t"] for event in self.events]
        return max(times) - min(times) if times else None


class PlaybookRunner:
    """Runs benchmarks/playbooks/* with this .venv's ansible-playbook, hermetically, against one simulator."""

    def __init__(self, sim, workdir):
        self.workdir = workdir
        self.count = 0
        self.ansible_playbook = Path(sys.executable).parent / "ansible-playbook"
        (workdir / "ansible.cfg").write_text("", encoding="utf-8")
        state = {key: getattr(sim, key) for key in ("host", "port", "username", "password", "ca_path")}
        self.env = hermetic_ansible_environment(state, workdir, COLLECTIONS_DIR, CALLBACK_DIR, "bench_timeline")

    def run(self, playbook, label, extra_vars, timeout, collections_dir=None):
        """``collections_dir``: another tree to take the collection from (today's code, for comparison)."""
        self.count += 1
        stem = "%02d-%s" % (self.count, label)
        timeline = self.workdir / (stem + ".timeline.jsonl")
        log = self.workdir / (stem + ".log")
        vars_file = self.workdir / (stem + ".vars.json")
        vars_file.write_text(json.dumps(extra_vars), encoding="utf-8")
        command = [str(self.ansible_playbook), str(PLAYBOOKS_DIR / playbook), "-e", "@%s" % vars_file]
        env = dict(self.env, OPSFLOW_BENCH_TIMELINE=str(timeline))
        if collections_dir is not None:
            env["ANSIBLE_COLLECTIONS_PATH"] = str(collections_dir)
        began = time.monotonic()
        with open(log, "wb") as output:
            try:
                rc = subprocess.run(
                    command,
                    cwd=self.workdir,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    timeout=timeout,
                    check=False,
                ).returncode
            except subprocess.TimeoutExpired:
                rc = "timeout after %d s" % timeout
        wall = time.monotonic() - began
        events = [json.loads(line) for line in timeline.read_text().splitlines()] if timeline.exists() else []
        return PlaybookRun(rc, wall, events, log)


# ---- detection times ----------------------------------------------------------------------------


def reported_states(result):
    """(execution id, state) pairs a task result shows, whichever module produced it."""
    found = STATE_URL.search(result.get("url", ""))
    if found and "body_state" in result:  # ansible.builtin.uri GET .../state
        yield found.group(1), result["body_state"]
    if result.get("execution_id"):  # vro_workflow_execute, one run
        yield result["execution_id"], result.get("state")
    for run in result.get("runs", []):  # vro_workflow_execute with runs
        yield run.get("execution_id"), run.get("state")
    for execution in result.get("executions", []):  # vro_execution_info with execution_ids
        yield execution.get("id"), execution.get("state")


def seen_by_playbook(events):
    """{execution id: epoch when the controller first received a result showing the run had ended}."""
    seen = {}
    for event in events:
        if event["event"] in ("ok", "item_ok"):
            for execution_id, state in reported_states(event["result"]):
                if state in FINAL_STATES and execution_id not in seen:
                    seen[execution_id] = event["t"]
    return seen


def detected_by_module(events):
    """{execution id: epoch of the run's waited.detected_at}: when the module's waiter saw it end."""
    detected = {}
    for event in events:
        result = event.get("result", {})
        for run in [result] + result.get("runs", []):
            if run.get("execution_id") and run.get("waited"):
                detected[run["execution_id"]] = epoch(run["waited"]["detected_at"])
    return detected


# ---- the matrix ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
    approach: Approach
    runs: int
    seconds: int
    load1: float
    wall: float = None
    task_span: float = None
    requests: int = None
    state_polls: int = None
    execution_reads: int = None
    latencies: list = dataclasses.field(default_factory=list)
    playbook_latencies: list = dataclasses.field(default_factory=list)
    error: str = None


def measure_cell(runner, sim, approach, runs, seconds):
    sim.control.reset()
    row = Row(approach, runs, seconds, load1=os.getloadavg()[0])
    say("%s: %d runs x %d s ..." % (approach.key, runs, seconds))
    per_run = seconds + 3 * POLL_INTERVAL  # generous: a serial run costs its duration, a poll gap and start-up
    timeout = (runs * per_run if approach.serial else per_run) + 300
    extra_vars = {"bench_workflow_id": SLEEP_WORKFLOW_ID, "bench_seconds": seconds, "bench_run_count": runs}
    run = runner.run(approach.playbook, "%s-%dx%ds" % (approach.key, runs, seconds), extra_vars, timeout)
    counts = sim.control.stats()
    executions = sim.control.executions()["executions"]
    row.wall, row.task_span = run.wall, run.task_span
    row.requests = counts["total"]
    row.state_polls = counts["requests"].get(STATE_POLL, 0)
    row.execution_reads = counts["requests"].get(EXECUTION_READ, 0)

    ended = {e["id"]: epoch(e["end_date"]) for e in executions if e["state"] == "completed"}
    seen = seen_by_playbook(run.events)
    detected = detected_by_module(run.events) if approach.detection == "module" else seen
    row.latencies = [detected[i] - end for i, end in ended.items() if i in detected]
    row.playbook_latencies = [seen[i] - end for i, end in ended.items() if i in seen]
    problems = []
    if run.rc != 0:
        problems.append("ansible-playbook rc=%s" % run.rc)
    if len(executions) != runs or len(ended) != runs:
        problems.append("%d runs started, %d completed (expected %d)" % (len(executions), len(ended), runs))
    if len(row.latencies) != len(ended):
        problems.append("detection time found for %d of %d runs" % (len(row.latencies), len(ended)))
    if problems:
        row.error = "; ".join(problems)
        say("  FAILED: %s; last output of %s:\n%s" % (row.error, run.log, run.tail()))
    else:
        say(
            "  wall %.1f s, %d requests, detection median %s s"
            % (row.wall, row.requests, seconds_text(median(row.latencies)))
        )
    return row


def selected_cells(args):
    if args.full:
        return {(key, runs, seconds) for key in BY_KEY for runs in ALL_RUNS for seconds in ALL_DURATIONS}
    if not (args.runs or args.durations or args.approaches):
        return set(DEFAULT_CELLS)
    return {
        (key, runs, seconds)
        for key in (args.approaches or list(BY_KEY))
        for runs in (args.runs or ALL_RUNS)
        for seconds in (args.durations or ALL_DURATIONS)
    }


def cell_order(cell):
    """Short cells first, so that a broken set-up shows within a minute."""
    key, runs, seconds = cell
    return (runs, seconds, [a.key for a in APPROACHES].index(key))


# ---- measurements without Ansible ---------------------------------------------------------------


def module_util(name):
    """The collection's own module_utils/``name``, imported exactly as ansible-core names it."""
    return importlib.import_module("ansible_collections.opsflow.vro.plugins.module_utils." + name)


def sim_client(sim, pool_size=10):
    client_module = module_util("_client")
    return client_module.VroClient(
        hostname=sim.host,
        port=sim.port,
        username=sim.username,
        password=sim.password,
        ca_path=sim.ca_path,
        pool_size=pool_size,
    )


def sleep_parameters(seconds):
    return [{"name": "seconds", "type": "number", "scope": "local", "value": {"number": {"value": seconds}}}]


def call_repeatedly(call, threads, seconds):
    """Call ``call()`` from ``threads`` threads for ``seconds``; returns (calls made, elapsed seconds)."""
    deadline = time.monotonic() + seconds
    counts = [0] * threads

    def work(index):
        while time.monotonic() < deadline:
            call()
            counts[index] += 1

    began = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(work, range(threads)))
    return sum(counts), time.monotonic() - began


def record_state(executions, client, execution_id, states):
    """GET one run's state and add it to ``states``."""
    states.add(executions.get_state(client, SLEEP_WORKFLOW_ID, execution_id))


def measure_client(sim, seconds):
    """(a) GET /state through one VroClient and _executions.get_state: sequential, then 8 and 32 threads sharing it."""
    executions, starting = module_util("_executions"), module_util("_runner")
    sim.control.reset()
    results = []
    for threads in (1, 8, 32):
        client = sim_client(sim, pool_size=threads)  # the module sizes its pool to max_concurrent the same way
        execution_id = starting.start(client, SLEEP_WORKFLOW_ID, sleep_parameters(600)).execution_id
        states = set()
        poll = functools.partial(record_state, executions, client, execution_id, states)
        cpu_before, sim_cpu_before = time.process_time(), process_cpu_seconds(sim.pid)
        calls, elapsed = call_repeatedly(poll, threads, seconds)
        results.append(
            {
                "threads": threads,
                "requests": calls,
                "rps": calls / elapsed,
                "client_cpu": (time.process_time() - cpu_before) / elapsed,
                "simulator_cpu": (process_cpu_seconds(sim.pid) - sim_cpu_before) / elapsed,
                "states": sorted(states),
            }
        )
        say("  client, %d thread(s): %.0f requests/s" % (threads, calls / elapsed))
    return results


def _raw_state_polls(host, port, ca_path, authorization, path, seconds):
    """One process, one keep-alive connection, stdlib only: GET ``path`` for ``seconds``; returns (count, elapsed)."""
    connection = http.client.HTTPSConnection(host, port, context=ssl.create_default_context(cafile=ca_path))
    headers = {"Authorization": authorization, "Accept": "application/json"}
    count, began = 0, time.monotonic()
    while time.monotonic() - began < seconds:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError("GET %s answered HTTP %d" % (path, response.status))
        count += 1
    return count, time.monotonic() - began


def measure_simulator(sim, seconds):
    """(b) The simulator's own capacity for GET /state, loaded by 1, 2 and 4 processes (no GIL shared with it)."""
    sim.control.reset()
    execution_id = module_util("_runner").start(sim_client(sim), SLEEP_WORKFLOW_ID, sleep_parameters(600)).execution_id
    path = "/vco/api/workflows/%s/executions/%s/state" % (SLEEP_WORKFLOW_ID, execution_id)
    authorization = "Basic " + b64encode(("%s:%s" % (sim.username, sim.password)).encode()).decode()
    results = []
    for processes in (1, 2, 4):
        sim_cpu_before, began = process_cpu_seconds(sim.pid), time.monotonic()
        with concurrent.futures.ProcessPoolExecutor(max_workers=processes) as pool:
            futures = [
                pool.submit(_raw_state_polls, sim.host, sim.port, sim.ca_path, authorization, path, seconds)
                for _worker in range(processes)
            ]
            outcomes = [future.result() for future in futures]
        elapsed = time.monotonic() - began
        rps = sum(count / spent for count, spent in outcomes)
        results.append(
            {
                "processes": processes,
                "requests": sum(count for count, _spent in outcomes),
                "rps": rps,
                "simulator_cpu": (process_cpu_seconds(sim.pid) - sim_cpu_before) / elapsed,
            }
        )
        say("  simulator, %d load process(es): %.0f requests/s" % (processes, rps))
    return results


RSS_WRAPPER = """#!{python}
# Benchmark interpreter for Ansible modules: runs {python} with the module's arguments as a child,
# waits for it with wait4() and appends the child's peak resident set size (kB, ru_maxrss) to {output}.
import os
import sys

pid = os.fork()
if pid == 0:
    os.execv({python!r}, [{python!r}] + sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
with open({output!r}, "a") as report:
    report.write("%d\\n" % usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def rss_interpreter(workdir, name):
    """(wrapper, report file): a Python that records its module child's peak RSS, for ansible_python_interpreter."""
    rss_file = workdir / ("rss-%s.txt" % name)
    wrapper = workdir / ("python-rss-%s" % name)
    wrapper.write_text(RSS_WRAPPER.format(python=sys.executable, output=str(rss_file)), encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper, rss_file


def rss_peaks_mb(rss_file):
    return [int(line) * 1024 / 1e6 for line in rss_file.read_text().split()] if rss_file.exists() else []


def measure_memory(runner, sim, workdir):
    """(c) Peak RSS of the module process (the AnsiballZ payload, which runs the module in-process)."""
    results = []
    for runs in (1, MEMORY_RUNS):
        wrapper, rss_file = rss_interpreter(workdir, str(runs))
        sim.control.reset()
        say("memory: one module process with %d concurrent run(s) of %d s ..." % (runs, MEMORY_SECONDS))
        extra_vars = {
            "bench_workflow_id": SLEEP_WORKFLOW_ID,
            "bench_seconds": MEMORY_SECONDS,
            "bench_run_count": runs,
            "ansible_python_interpreter": str(wrapper),
        }
        run = runner.run("concurrent.yml", "memory-%d" % runs, extra_vars, timeout=MEMORY_SECONDS + 300)
        completed = sum(1 for e in sim.control.executions()["executions"] if e["state"] == "completed")
        peaks = rss_peaks_mb(rss_file)
        error = None
        if run.rc != 0 or completed != runs or len(peaks) != 1:
            error = "rc=%s, %d of %d runs completed, %d RSS readings" % (run.rc, completed, runs, len(peaks))
            say("  FAILED: %s\n%s" % (error, run.tail()))
        results.append(
            {
                "runs": runs,
                "rss_mb": peaks[0] if len(peaks) == 1 else None,
                "task_span": run.task_span,
                "error": error,
            }
        )
        if not error:
            say("  peak RSS %.1f MB" % results[-1]["rss_mb"])
    return results


def fixed_interval_wait(client, execution_id):
    """Poll a run's state every 5 s on a fixed schedule from now (the vRO docs' loop, minus Ansible).

    Returns (polls, epoch when the end was seen).
    """
    executions = module_util("_executions")
    began, polls = time.monotonic(), 0
    while True:
        state = executions.get_state(client, SLEEP_WORKFLOW_ID, execution_id)
        polls += 1
        if state in FINAL_STATES:
            return polls, time.time()
        time.sleep(max(0.0, began + polls * POLL_INTERVAL - time.monotonic()))


def waiter_wait(client, execution_id):
    """Wait for a run with the module's own waiter (poll_interval 5). Returns (polls, epoch when the end was seen)."""
    waiter = module_util("_waiter")
    outcome = waiter.wait_for(client, SLEEP_WORKFLOW_ID, execution_id, timeout=600, poll_interval=POLL_INTERVAL)
    return outcome.polls, epoch(outcome.ended_at)


def phase_spread(sim, outcome):
    """Runs of 60.0, 60.5 ... 64.5 s, so that their ends fall at every phase of a 5 s poll grid; each is
    waited for twice over: by the module's waiter and by fixed 5 s polling. Fills ``outcome``."""
    starting = module_util("_runner")
    client = sim_client(sim, pool_size=2 * len(PHASE_OFFSETS))
    waits = [(how, LONG_RUN_SECONDS + offset) for how in (waiter_wait, fixed_interval_wait) for offset in PHASE_OFFSETS]

    def follow(wait):
        how, seconds = wait
        execution_id = starting.start(client, SLEEP_WORKFLOW_ID, sleep_parameters(seconds)).execution_id
        return (how.__name__, execution_id) + how(client, execution_id)

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(waits)) as pool:
        followed = list(pool.map(follow, waits))
    ends = {e["id"]: epoch(e["end_date"]) for e in sim.control.executions()["executions"] if e["end_date"]}
    for name in ("waiter_wait", "fixed_interval_wait"):
        mine = [(polls, seen - ends[execution_id]) for how, execution_id, polls, seen in followed if how == name]
        outcome[name] = {
            "polls": [polls for polls, _latency in mine],
            "latencies": [latency for _polls, latency in mine],
        }
    outcome["server_count"] = sim.control.stats()["requests"].get(STATE_POLL, 0)


def measure_long_run(runner, sim):
    """(d) One 60 s run with wait: true (poll_interval 5) through Ansible; at the same time, on a second
    simulator (its own request counts), the phase spread of the waiter against fixed 5 s polling."""
    sim.control.reset()
    say(
        "long run: %d s with wait: true; beside it, %d runs of %d-%.1f s by the waiter and by fixed %d s polling ..."
        % (
            LONG_RUN_SECONDS,
            2 * len(PHASE_OFFSETS),
            LONG_RUN_SECONDS,
            LONG_RUN_SECONDS + PHASE_OFFSETS[-1],
            POLL_INTERVAL,
        )
    )
    spread = {}
    with Simulator() as other:
        beside = threading.Thread(target=phase_spread, args=(other, spread))
        beside.start()
        extra_vars = {"bench_workflow_id": SLEEP_WORKFLOW_ID, "bench_seconds": LONG_RUN_SECONDS, "bench_run_count": 1}
        run = runner.run("module_loop.yml", "long-run", extra_vars, timeout=LONG_RUN_SECONDS + 300)
        beside.join()
    ends = {e["id"]: epoch(e["end_date"]) for e in sim.control.executions()["executions"] if e["end_date"]}
    detected = detected_by_module(run.events)
    result = {"error": None, "spread": spread}
    spread_polls = sum(sum(spread[name]["polls"]) for name in ("waiter_wait", "fixed_interval_wait") if name in spread)
    if run.rc != 0 or len(detected) != 1 or "server_count" not in spread:
        result["error"] = "rc=%s, %d module detections, phase spread %s" % (
            run.rc,
            len(detected),
            "done" if spread else "failed",
        )
    elif spread["server_count"] != spread_polls:
        result["error"] = "the second simulator served %d GET /state, the pollers counted %d" % (
            spread["server_count"],
            spread_polls,
        )
    if result["error"]:
        say("  FAILED: %s\n%s" % (result["error"], run.tail()))
        return result
    module_id, module_detected = next(iter(detected.items()))  # exactly one: checked above
    waited = next(e["result"]["waited"] for e in run.events if e.get("result", {}).get("waited"))
    result.update(
        module_polls=sim.control.stats()["requests"].get(STATE_POLL, 0),
        module_polls_reported=waited["polls"],
        module_latency=module_detected - ends[module_id],
    )
    say("  wait: true: %d GET /state, detection latency %.2f s" % (result["module_polls"], result["module_latency"]))
    return result


# ---- issue 17: many runs of one workflow -------------------------------------------------------


@dataclasses.dataclass
class ScaleRow:
    case: ScaleCase
    load1: float
    wall: float = None
    task_span: float = None
    started: int = 0
    completed: int = 0
    failed: int = 0
    counts: dict = dataclasses.field(default_factory=dict)
    requests: int = 0
    peak_following_rate: int = None
    peak_rate: int = None
    latencies: list = dataclasses.field(default_factory=list)
    rss_mb: float = None
    error: str = None

    @property
    def requests_per_run(self):
        return self.requests / self.case.runs


def tree_at(ref, paths, workdir, name):
    """``paths`` of the repository as they were at ``ref``, extracted under ``workdir/name``."""
    target = workdir / name
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", ref, *paths], cwd=REPO_ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def collection_at(ref, workdir):
    """A collections path holding the collection as it was at ``ref`` (plugins, meta, galaxy.yml)."""
    root = workdir / ("collection-%s" % ref)
    tree_at(ref, ["plugins", "meta", "galaxy.yml"], root, "ansible_collections/opsflow/vro")
    return root


def peak_per_second(times):
    """The most requests in any one-second window (sliding, from each request's time)."""
    ordered, peak, first = sorted(times), 0, 0
    for last, moment in enumerate(ordered):
        while moment - ordered[first] >= 1.0:
            first += 1
        peak = max(peak, last - first + 1)
    return peak


def failed_runs(events):
    """Runs reported failed: the module's ``runs`` items, or the uri loop's failed tasks."""
    failed = 0
    for event in events:
        result = event.get("result", {})
        failed += sum(1 for run in result.get("runs", []) if run.get("failed"))
        if event["event"] in ("failed", "item_failed") and "runs" not in result:
            failed += 1
    return failed


def measure_scale_case(runner, sim, workdir, case, per_run_collection):
    sim.control.reset()
    row = ScaleRow(case, load1=os.getloadavg()[0])
    say("scale: %s, %s ..." % (case.key, case.title))
    if case.rate_limit:
        try:
            sim.control.config(rate_limit=case.rate_limit)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            row.error = "the simulator has no rate_limit quirk (%s)" % exc
            say("  FAILED: %s" % row.error)
            return row
    extra_vars = {
        "bench_workflow_id": SLEEP_WORKFLOW_ID,
        "bench_seconds": SCALE_SECONDS,
        "bench_run_count": case.runs,
        "bench_max_concurrent": case.max_concurrent,
    }
    rss_file = None
    if case.code != "uri":
        wrapper, rss_file = rss_interpreter(workdir, case.key)
        extra_vars["ansible_python_interpreter"] = str(wrapper)
    run = runner.run(
        "uri_baseline.yml" if case.code == "uri" else "concurrent.yml",
        "scale-%s" % case.key,
        extra_vars,
        timeout=case.runs * (SCALE_SECONDS + 3 * POLL_INTERVAL) + 300 if case.code == "uri" else 900,
        collections_dir=per_run_collection if case.code == "per-run" else None,
    )
    stats = sim.control.stats(timeline=True)
    executions = sim.control.executions()["executions"]
    sim.control.reset()  # also lifts the rate limit
    row.wall, row.task_span = run.wall, run.task_span
    row.counts, row.requests = stats["requests"], stats["total"]
    timeline = stats.get("timeline")  # None from a simulator without the request timeline
    if timeline is not None:
        row.peak_rate = peak_per_second([moment for moment, _label in timeline])
        row.peak_following_rate = peak_per_second([moment for moment, label in timeline if label in FOLLOWING])
    row.started = len(executions)
    ended = {e["id"]: epoch(e["end_date"]) for e in executions if e["state"] == "completed"}
    row.completed = len(ended)
    row.failed = failed_runs(run.events)
    detected = seen_by_playbook(run.events) if case.code == "uri" else detected_by_module(run.events)
    row.latencies = [detected[i] - end for i, end in ended.items() if i in detected]
    peaks = rss_peaks_mb(rss_file) if rss_file else []
    row.rss_mb = peaks[0] if len(peaks) == 1 else None
    say(
        "  rc %s, wall %.1f s, %d of %d runs completed (%d started, %d failed), %d requests, peak %s/s following"
        % (run.rc, row.wall, row.completed, case.runs, row.started, row.failed, row.requests, row.peak_following_rate)
    )
    moments = [moment for moment, _label in timeline or []]
    starts = [event["t"] for event in run.events if event["event"] == "task_start"]
    if moments and starts:
        say(
            "  first request %.1f s after the task started, last request %.1f s after"
            % (min(moments) - min(starts), max(moments) - min(starts))
        )
    return row


def measure_scale(runner, sim, workdir, args):
    """The scale rows, on the benchmark's simulator (its ``rate_limit`` mode for the rate-limited ones)."""
    per_run_collection = collection_at(args.per_run_ref, workdir)
    return [
        measure_scale_case(runner, sim, workdir, case, per_run_collection)
        for case in SCALE_CASES
        if case.key in args.scale_cases
    ]


def scale_row_named(scale, key):
    return next((row for row in scale or [] if row.case.key == key and not row.error), None)


def check_scale_targets(scale):
    """[(True | False | None, text)] for the targets of issue 17."""
    checks = []
    row = scale_row_named(scale, "batch-200")
    name = "200 x %d s, max_concurrent 200, batch polling" % SCALE_SECONDS
    if row and row.latencies and row.peak_following_rate is not None:
        limit = TARGET_SCALE_WALL_FACTOR * SCALE_SECONDS
        ok = (
            row.requests_per_run <= TARGET_REQUESTS_PER_RUN
            and row.peak_following_rate < TARGET_FOLLOW_RATE
            and median(row.latencies) < TARGET_LATENCY
            and row.task_span < limit
            and row.completed == row.case.runs
        )
        checks.append(
            (
                ok,
                "%s: %.2f HTTP requests per run (limit %.1f); at most %d requests/s following the runs (limit < %d; "
                "all requests, POSTs and final reads included: %d/s); detection median %.2f s (limit < %.1f); module "
                "task %.1f s (limit %.0f s = %.1f x %d s); %d of %d completed"
                % (
                    name,
                    row.requests_per_run,
                    TARGET_REQUESTS_PER_RUN,
                    row.peak_following_rate,
                    TARGET_FOLLOW_RATE,
                    row.peak_rate,
                    median(row.latencies),
                    TARGET_LATENCY,
                    row.task_span,
                    limit,
                    TARGET_SCALE_WALL_FACTOR,
                    SCALE_SECONDS,
                    row.completed,
                    row.case.runs,
                ),
            )
        )
    else:
        checks.append((None, "%s: not measured (needs the scale extra)" % name))
    row = scale_row_named(scale, "batch-1000")
    name = "1,000 x %d s, max_concurrent 200, batch polling" % SCALE_SECONDS
    if row and row.rss_mb is not None:
        ok = row.wall < TARGET_THOUSAND_WALL and row.rss_mb < TARGET_THOUSAND_RSS_MB and row.completed == row.case.runs
        checks.append(
            (
                ok,
                "%s: playbook %.1f s (limit %d s), module peak RSS %.1f MB (limit %d MB), %d of %d completed"
                % (
                    name,
                    row.wall,
                    TARGET_THOUSAND_WALL,
                    row.rss_mb,
                    TARGET_THOUSAND_RSS_MB,
                    row.completed,
                    row.case.runs,
                ),
            )
        )
    else:
        checks.append((None, "%s: not measured (needs the scale extra)" % name))
    row = scale_row_named(scale, "batch-limited")
    name = "200 x %d s against a vRO limited to %d requests/s, batch polling" % (SCALE_SECONDS, SCALE_RATE_LIMIT)
    if row:
        ok = row.completed == row.case.runs and row.failed == 0 and row.started == row.case.runs
        checks.append(
            (
                ok,
                "%s: %d of %d completed, %d failed, %d started (none twice: %s), playbook %.1f s"
                % (
                    name,
                    row.completed,
                    row.case.runs,
                    row.failed,
                    row.started,
                    "yes" if row.started == row.case.runs else "NO",
                    row.wall,
                ),
            )
        )
    else:
        checks.append((None, "%s: not measured (needs the scale extra and the simulator's rate_limit quirk)" % name))
    return checks


def scale_section(scale, per_run_ref):
    lines = [
        "## Many runs of one workflow: batch polling against per-run polling and the baseline",
        "",
        "Sleep %d s, `poll_interval: 5`, measured one after the other in this benchmark run. Per-run polling is "
        "the collection at commit %s (before batch polling), run from its own collections path. Following = "
        "the requests made only to learn the runs' states (list of executions, GET .../state); the peak rates are "
        "the most requests in any one-second window, from the simulator's request times. Failed = runs the module "
        "(or the uri loop) reported failed. RSS = peak resident set of the module process."
        % (SCALE_SECONDS, per_run_ref),
        "",
    ]
    lines += [
        "| runs | code | wall (s): playbook / task | completed / started / failed | HTTP requests (per run) |"
        " POST, list, GET /state, GET execution | peak requests/s: following / all | detection latency median / p95 (s)"
        " | module peak RSS (MB) | load (1 min) at start |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in scale:
        code = SCALE_CODE_TITLES[row.case.code]
        code = code % per_run_ref if "%s" in code else code
        if row.error:
            lines.append("| %s | %s | error: %s | | | | | | | %.1f |" % (row.case.title, code, row.error, row.load1))
            continue
        counts = row.counts
        lines.append(
            "| %s | %s | %.1f / %s | %d / %d / %d | %d (%.2f) | %d, %d, %d, %d | %s / %s | %s / %s | %s | %.1f |"
            % (
                row.case.title,
                code,
                row.wall,
                seconds_text(row.task_span, 1),
                row.completed,
                row.started,
                row.failed,
                row.requests,
                row.requests_per_run,
                counts.get(START, 0),
                counts.get(LIST_POLL, 0),
                counts.get(STATE_POLL, 0),
                counts.get(EXECUTION_READ, 0),
                "-" if row.peak_following_rate is None else row.peak_following_rate,
                "-" if row.peak_rate is None else row.peak_rate,
                seconds_text(median(row.latencies)),
                seconds_text(p95(row.latencies)),
                seconds_text(row.rss_mb, 1),
                row.load1,
            )
        )
    return "\n".join(lines) + "\n"


# ---- targets and report -------------------------------------------------------------------------


def find_row(rows, key, runs, seconds):
    return next((r for r in rows if (r.approach.key, r.runs, r.seconds) == (key, runs, seconds) and not r.error), None)


def check_targets(rows, extras):
    """[(PASS | FAIL | NOT CHECKED, text)] for the three targets of issue 6."""
    checks = []
    concurrent_row = find_row(rows, "concurrent", TARGET_RUNS, TARGET_SECONDS)
    baseline_row = find_row(rows, BASELINE, TARGET_RUNS, TARGET_SECONDS)
    name = "%d runs of a %d s workflow, concurrent path (max_concurrent %d)" % (
        TARGET_RUNS,
        TARGET_SECONDS,
        TARGET_RUNS,
    )
    if concurrent_row and baseline_row:
        limit = TARGET_WALL_FACTOR * TARGET_SECONDS
        speedup = baseline_row.wall / concurrent_row.wall
        ok = concurrent_row.task_span < limit and speedup >= TARGET_SPEEDUP
        checks.append(
            (
                ok,
                "%s: module task %.1f s from task start to result (limit %d s = %d x %d s); "
                "playbook %.1f s vs serial uri baseline %.1f s = %.1fx faster (need >= %dx)"
                % (
                    name,
                    concurrent_row.task_span,
                    limit,
                    TARGET_WALL_FACTOR,
                    TARGET_SECONDS,
                    concurrent_row.wall,
                    baseline_row.wall,
                    speedup,
                    TARGET_SPEEDUP,
                ),
            )
        )
    else:
        checks.append(
            (
                None,
                "%s: not measured (needs the uri and concurrent rows at N=%d, D=%d)"
                % (name, TARGET_RUNS, TARGET_SECONDS),
            )
        )

    waiter_rows = [r for r in rows if r.approach.detection == "module" and not r.error]
    long_run = extras.get("long-run")
    name = "detection latency median < %.1f s with poll_interval %d; 60 s run <= %d GET /state" % (
        TARGET_LATENCY,
        POLL_INTERVAL,
        TARGET_LONG_RUN_POLLS,
    )
    if waiter_rows and long_run and not long_run["error"]:
        worst = max(waiter_rows, key=lambda r: median(r.latencies))
        ok = median(worst.latencies) < TARGET_LATENCY and long_run["module_polls"] <= TARGET_LONG_RUN_POLLS
        checks.append(
            (
                ok,
                "%s: worst row median %.2f s (%s, %d x %d s; %d waiter rows measured); the 60 s run made "
                "%d GET /state (limit %d = 2 x %d of fixed 5 s polling), detection latency %.2f s"
                % (
                    name,
                    median(worst.latencies),
                    worst.approach.key,
                    worst.runs,
                    worst.seconds,
                    len(waiter_rows),
                    long_run["module_polls"],
                    TARGET_LONG_RUN_POLLS,
                    FIXED_POLLS,
                    long_run["module_latency"],
                ),
            )
        )
    else:
        checks.append((None, "%s: not measured (needs a module or concurrent row and the long-run extra)" % name))

    memory = [m for m in extras.get("memory") or [] if m["runs"] == MEMORY_RUNS and not m["error"]]
    name = "one module process with %d concurrent runs (max_concurrent %d, Sleep %d s) under %d MB RSS" % (
        MEMORY_RUNS,
        MEMORY_RUNS,
        MEMORY_SECONDS,
        TARGET_RSS_MB,
    )
    if memory:
        checks.append((memory[0]["rss_mb"] < TARGET_RSS_MB, "%s: peak RSS %.1f MB" % (name, memory[0]["rss_mb"])))
    else:
        checks.append((None, "%s: not measured (needs the memory extra)" % name))
    checks += check_scale_targets(extras.get("scale"))
    return [("NOT CHECKED" if ok is None else "PASS" if ok else "FAIL", text) for ok, text in checks]


def seconds_text(value, digits=2):
    return "-" if value is None else "%.*f" % (digits, value)


def matrix_table(rows, cells_run):
    """Every cell of the standard matrix (and any other measured), measured or marked "not measured"."""
    all_runs = sorted(set(ALL_RUNS) | {r.runs for r in rows})
    all_durations = sorted(set(ALL_DURATIONS) | {r.seconds for r in rows})
    lines = [
        "| runs x duration | approach | wall (s): playbook / tasks | speed-up vs baseline | HTTP requests | GET /state, GET execution |"
        " detection latency median / p95 (s) | playbook sees it, median (s) | load (1 min) at start |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for runs in all_runs:
        for seconds in all_durations:
            for approach in APPROACHES:
                cell = "%d x %d s" % (runs, seconds)
                row = next(
                    (r for r in rows if (r.approach.key, r.runs, r.seconds) == (approach.key, runs, seconds)), None
                )
                if row is None:
                    lines.append("| %s | %s | not measured | | | | | | |" % (cell, approach.title))
                    continue
                if row.error:
                    lines.append(
                        "| %s | %s | error: %s | | | | | | %.1f |" % (cell, approach.title, row.error, row.load1)
                    )
                    continue
                baseline = find_row(rows, BASELINE, runs, seconds)
                speedup = "%.1fx" % (baseline.wall / row.wall) if baseline else "no baseline"
                lines.append(
                    "| %s | %s | %.1f / %.1f | %s | %d | %d, %d | %s / %s | %s | %.1f |"
                    % (
                        cell,
                        approach.title,
                        row.wall,
                        row.task_span,
                        speedup,
                        row.requests,
                        row.state_polls,
                        row.execution_reads,
                        seconds_text(median(row.latencies)),
                        seconds_text(p95(row.latencies)),
                        seconds_text(median(row.playbook_latencies)),
                        row.load1,
                    )
                )
    skipped = len(APPROACHES) * len(all_runs) * len(all_durations) - len(cells_run)
    return "\n".join(lines), skipped


def extras_section(extras):
    parts = []
    client = extras.get("client")
    if client:
        parts += [
            "### (a) The client alone: GET /state through one VroClient (`_executions.get_state`)",
            "",
            "| threads sharing the client | requests | requests/s | client process CPU (cores) | simulator CPU (cores) |",
            "| ---: | ---: | ---: | ---: | ---: |",
        ]
        parts += [
            "| %d | %d | %.0f | %.2f | %.2f |"
            % (r["threads"], r["requests"], r["rps"], r["client_cpu"], r["simulator_cpu"])
            for r in client
        ]
        parts.append("")
    simulator = extras.get("simulator")
    if simulator:
        parts += [
            "### (b) The simulator's capacity: GET /state from separate processes (stdlib, one keep-alive connection each)",
            "",
            "| load processes | requests | requests/s | simulator CPU (cores) |",
            "| ---: | ---: | ---: | ---: |",
        ]
        parts += [
            "| %d | %d | %.0f | %.2f |" % (r["processes"], r["requests"], r["rps"], r["simulator_cpu"])
            for r in simulator
        ]
        parts.append("")
    if client and simulator:
        parts += [limiting_side(client, simulator), ""]
    memory = extras.get("memory")
    if memory:
        parts += [
            "### (c) Memory of one module process (peak RSS from wait4, Sleep %d s)" % MEMORY_SECONDS,
            "",
            "| concurrent runs (max_concurrent) | peak RSS (MB) | module task (s) |",
            "| ---: | ---: | ---: |",
        ]
        parts += [
            "| %d | %s | %s |" % (m["runs"], m["error"] or "%.1f" % m["rss_mb"], seconds_text(m["task_span"], 1))
            for m in memory
        ]
        parts.append("")
    long_run = extras.get("long-run")
    if long_run:
        parts += [
            "### (d) One %d s run: wait: true (poll_interval %d) versus fixed %d s polling"
            % (LONG_RUN_SECONDS, POLL_INTERVAL, POLL_INTERVAL),
            "",
        ]
        if long_run["error"]:
            parts.append("error: %s" % long_run["error"])
        else:
            spread = long_run["spread"]
            span = "%d-%.1f s" % (LONG_RUN_SECONDS, LONG_RUN_SECONDS + PHASE_OFFSETS[-1])
            parts += [
                "| waiting | runs | GET /state per run, median (min-max) | detection latency (s), median (min-max) |",
                "| --- | ---: | ---: | ---: |",
                "| vro_workflow_execute wait: true through Ansible, %d s | 1 | %d (the module counted %d) | %.2f |"
                % (
                    LONG_RUN_SECONDS,
                    long_run["module_polls"],
                    long_run["module_polls_reported"],
                    long_run["module_latency"],
                ),
                "| the module's waiter (`_waiter.wait_for`), %s | %d | %s | %s |"
                % (
                    span,
                    len(PHASE_OFFSETS),
                    spread_text(spread["waiter_wait"]["polls"], "%g"),
                    spread_text(spread["waiter_wait"]["latencies"], "%.2f"),
                ),
                "| fixed %d s polling from the start, %s | %d | %s | %s |"
                % (
                    POLL_INTERVAL,
                    span,
                    len(PHASE_OFFSETS),
                    spread_text(spread["fixed_interval_wait"]["polls"], "%g"),
                    spread_text(spread["fixed_interval_wait"]["latencies"], "%.2f"),
                ),
            ]
        parts.append("")
    return "\n".join(parts)


def limiting_side(client, simulator):
    """Which side limits the status polls, in one sentence from the numbers of (a) and (b)."""
    best_client = max(client, key=lambda r: r["rps"])
    best_simulator = max(simulator, key=lambda r: r["rps"])
    if best_simulator["rps"] > 1.2 * best_client["rps"]:
        verdict = "the client side limits (one Python process, its threads share one interpreter lock)"
    elif best_client["rps"] > 1.2 * best_simulator["rps"]:
        verdict = "the simulator limits"
    else:
        verdict = "neither side clearly limits (within 20%)"
    sprint_demand = MEMORY_RUNS / (0.12 * POLL_INTERVAL)
    return (
        "One VroClient peaked at %.0f requests/s (%d thread(s), its process using %.2f cores); the simulator served "
        "up to %.0f requests/s (%d load processes): %s. For scale: %d runs in the waiter's first seconds, one poll "
        "each every 0.6 s, need about %.0f requests/s."
        % (
            best_client["rps"],
            best_client["threads"],
            best_client["client_cpu"],
            best_simulator["rps"],
            best_simulator["processes"],
            verdict,
            MEMORY_RUNS,
            sprint_demand,
        )
    )


def spread_text(values, number):
    return (number + " (" + number + "-" + number + ")") % (median(values), min(values), max(values))


def machine_lines():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "unknown",
    )
    return "nproc %d, %s, %s RAM, Linux %s, Python %s" % (
        os.cpu_count(),
        model,
        memory,
        platform.release(),
        platform.python_version(),
    )


def code_version():
    """The commit measured, and which measured paths differ from it (others work in this tree meanwhile)."""

    def git(*arguments):
        return subprocess.run(["git", *arguments], cwd=REPO_ROOT, capture_output=True, text=True, check=False).stdout

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = [line[3:] for line in git("status", "--porcelain", "--", *MEASURED_CODE, "benchmarks").splitlines()]
    return commit + (" plus uncommitted changes to %s" % ", ".join(changed) if changed else "")


def measured_code_fingerprint():
    """A digest of every file under plugins/ and roles/: equal at start and end = one code version measured."""
    digest = hashlib.sha256()
    for folder in MEASURED_CODE:
        for path in sorted((REPO_ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def report(rows, cells_run, extras, checks, started, load_start, load_end, elapsed, version, code_changed):
    table, skipped = matrix_table(rows, cells_run)
    command = ".venv/bin/python benchmarks/run_benchmarks.py" + "".join(" " + shlex.quote(a) for a in sys.argv[1:])
    lines = [
        "# Benchmark results: many runs at once",
        "",
        "Generated by `benchmarks/run_benchmarks.py` (see `benchmarks/README.md` for what each number means).",
        "",
        "- date: %s" % started.strftime("%Y-%m-%d %H:%M %Z"),
        "- machine: %s" % machine_lines(),
        "- load average (1, 5, 15 min) at start: %s; at end: %s"
        % (", ".join("%.2f" % v for v in load_start), ", ".join("%.2f" % v for v in load_end)),
        "- ansible-core %s, simulator flavor 8 on loopback HTTPS, workflow Sleep (`seconds` input)"
        % importlib.metadata.version("ansible-core"),
        "- command: `%s` (took %.0f min)" % (command, elapsed / 60),
        "- code: commit %s" % version,
    ]
    if code_changed:
        lines.append(
            "- **warning**: files under %s changed while the benchmark ran (other work in this tree), so rows may "
            "have measured different code: run it again" % " and ".join(f + "/" for f in MEASURED_CODE)
        )
    lines += [
        "",
        "## Targets",
        "",
    ]
    lines += ["- **%s** %s" % (status, text) for status, text in checks]
    lines += [
        "",
        "## N runs of a workflow lasting D seconds",
        "",
        "Wall = the whole ansible-playbook process / from its first task's start to its last result (without "
        "Ansible's start-up). Speed-up = the baseline's playbook wall / the row's. Requests = everything the simulator served for the row. Detection "
        "latency = when the run's end was detected minus its end_date: for 1 and 2, when the controller received the "
        "result that showed it (the end of the `until` loop); for 3 and 4, the run's `waited.detected_at`. "
        '"Playbook sees it" = when the controller received that run\'s result, for every approach.',
        "",
        table,
        "",
    ]
    if skipped:
        lines += [
            "%d cells were not measured in this run (nothing is estimated). The full matrix: "
            "`.venv/bin/python benchmarks/run_benchmarks.py --full` (the serial approaches at 200 x 5 s take "
            "30+ minutes each; several hours in all)." % skipped,
            "",
        ]
    if extras.get("scale"):
        lines += [scale_section(extras["scale"], extras["per_run_ref"])]
    lines += ["## Without Ansible", "", extras_section(extras) or "not measured (`--extras none`)"]
    return "\n".join(lines).rstrip() + "\n"


# ---- main ---------------------------------------------------------------------------------------


def comma_list(convert):
    def parse(text):
        return [convert(item) for item in text.split(",") if item]

    return parse


def approach_key(text):
    if text not in BY_KEY:
        raise argparse.ArgumentTypeError("unknown approach %r (choose from %s)" % (text, ", ".join(BY_KEY)))
    return text


def scale_key(text):
    if text not in [case.key for case in SCALE_CASES]:
        raise argparse.ArgumentTypeError("unknown scale case %r" % text)
    return text


def extra_key(text):
    if text not in EXTRAS + ("none",):
        raise argparse.ArgumentTypeError("unknown extra %r (choose from %s, none)" % (text, ", ".join(EXTRAS)))
    return text


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=comma_list(int), help="numbers of runs N, e.g. 10,50 (default set: see README)")
    parser.add_argument("--durations", type=comma_list(int), help="run durations D in seconds, e.g. 1,5")
    parser.add_argument("--approaches", type=comma_list(approach_key), help="of: %s" % ", ".join(BY_KEY))
    parser.add_argument("--full", action="store_true", help="every approach x N in 10,50,200 x D in 1,5 (hours)")
    parser.add_argument(
        "--extras",
        type=comma_list(extra_key),
        default=list(EXTRAS),
        help="measurements without the matrix, of: %s, or none (default: all)" % ", ".join(EXTRAS),
    )
    parser.add_argument(
        "--scale-cases",
        type=comma_list(scale_key),
        default=[case.key for case in SCALE_CASES],
        help="rows of the scale extra, of: %s (default: all)" % ", ".join(case.key for case in SCALE_CASES),
    )
    parser.add_argument(
        "--per-run-ref",
        default=PER_RUN_POLLING_REF,
        help="the commit measured as per-run polling in the scale extra (default %s)" % PER_RUN_POLLING_REF,
    )
    parser.add_argument("--throughput-seconds", type=float, default=4.0, help="length of each throughput measurement")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="markdown report file, or - for stdout only")
    parser.add_argument("--keep", metavar="DIR", help="keep playbook logs and timelines in DIR")
    args = parser.parse_args(argv)
    if "none" in args.extras:
        args.extras = []
    return args


def check_setup():
    problems = []
    if not (Path(sys.executable).parent / "ansible-playbook").exists():
        problems.append(
            "no ansible-playbook next to %s: run this with .venv/bin/python after `make venv`" % sys.executable
        )
    if not (COLLECTIONS_DIR / "ansible_collections" / "opsflow" / "vro").resolve() == REPO_ROOT:
        problems.append(
            "%s/ansible_collections/opsflow/vro does not link here: run `make collection`" % COLLECTIONS_DIR
        )
    if problems:
        raise SystemExit("\n".join(problems))


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    check_setup()
    cells = sorted(selected_cells(args), key=cell_order)
    started, load_start, began = datetime.datetime.now().astimezone(), os.getloadavg(), time.monotonic()
    version, fingerprint = code_version(), measured_code_fingerprint()  # at the start: what the measurements ran
    say("%d matrix cells, extras: %s; load average %s" % (len(cells), ", ".join(args.extras) or "none", load_start))
    workdir = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="vro-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows, extras = [], {}
    try:
        with Simulator() as sim:
            runner = PlaybookRunner(sim, workdir)
            for key, runs, seconds in cells:
                rows.append(measure_cell(runner, sim, BY_KEY[key], runs, seconds))
            if "scale" in args.extras:
                extras["scale"] = measure_scale(runner, sim, workdir, args)
                extras["per_run_ref"] = args.per_run_ref
            if "client" in args.extras:
                say("client throughput ...")
                extras["client"] = measure_client(sim, args.throughput_seconds)
            if "simulator" in args.extras:
                say("simulator capacity ...")
                extras["simulator"] = measure_simulator(sim, args.throughput_seconds)
            if "memory" in args.extras:
                extras["memory"] = measure_memory(runner, sim, workdir)
            if "long-run" in args.extras:
                extras["long-run"] = measure_long_run(runner, sim)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    checks = check_targets(rows, extras)
    code_changed = measured_code_fingerprint() != fingerprint
    text = report(
        rows,
        cells,
        extras,
        checks,
        started,
        load_start,
        os.getloadavg(),
        time.monotonic() - began,
        version,
        code_changed,
    )
    sys.stdout.write(text)
    if args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
        say("report written to %s" % args.output)
    return 1 if any(status == "FAIL" for status, _detail in checks) or any(r.error for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
