# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A vRO (vRealize / Aria Orchestrator) REST API simulator for tests, demos and benchmarks.

An independent reading of vRO's public REST API documentation and of the real bodies in
tests/unit/fixtures/samples/; it shares no code with plugins/.
Start it with `python -m simulator`; drive it from tests with `simulator.testing.Simulator`.
"""
