# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures: one simulator per flavor per test module, reset before every test."""

import sys
from pathlib import Path

import pytest

# pytest runs in importlib mode (no test dir on sys.path): make sim_support importable for the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sim_support import Api  # noqa: E402

from simulator.testing import Simulator  # noqa: E402


@pytest.fixture(scope="module")
def sim():
    with Simulator(flavor="8") as simulator:
        yield simulator


@pytest.fixture(scope="module")
def sim7():
    with Simulator(flavor="7") as simulator:
        yield simulator


@pytest.fixture
def api(sim):
    sim.control.reset()
    return Api(sim)


@pytest.fixture
def api7(sim7):
    sim7.control.reset()
    return Api(sim7)
