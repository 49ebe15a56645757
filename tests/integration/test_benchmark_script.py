# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark script still drives the collection's code as it is: its measurements without Ansible run
against the simulator, shortened, and return figures. No figure is judged here (speed is the benchmark's
business, not a test's); what is checked is that each measurement completes with sane counts, so that a
renamed or moved function of module_utils breaks a test instead of the next benchmark run."""

from __future__ import annotations

import pytest

from benchmarks import run_benchmarks
from simulator.testing import Simulator


@pytest.fixture(scope="module")
def sim():
    with Simulator() as simulator:
        yield simulator


def test_the_client_and_simulator_throughput_measurements_run(sim):
    client_rows = run_benchmarks.measure_client(sim, 0.2)
    simulator_rows = run_benchmarks.measure_simulator(sim, 0.2)
    assert [row["threads"] for row in client_rows] == [1, 8, 32]
    assert all(row["requests"] > 0 and row["states"] == ["running"] for row in client_rows), client_rows
    assert simulator_rows and all(row["requests"] > 0 for row in simulator_rows), simulator_rows


def test_the_phase_spread_measurement_runs(sim, monkeypatch):
    """Runs of 1.0 and 1.5 s instead of 60-64.5 s: both waits see every run end, with at least one poll."""
    monkeypatch.setattr(run_benchmarks, "LONG_RUN_SECONDS", 1)
    monkeypatch.setattr(run_benchmarks, "PHASE_OFFSETS", (0.0, 0.5))
    monkeypatch.setattr(run_benchmarks, "POLL_INTERVAL", 0.5)
    outcome = {}
    run_benchmarks.phase_spread(sim, outcome)
    for how in ("waiter_wait", "fixed_interval_wait"):
        assert len(outcome[how]["polls"]) == 2 and min(outcome[how]["polls"]) >= 1
        assert all(latency > -1.0 for latency in outcome[how]["latencies"])
    assert outcome["server_count"] >= 4
