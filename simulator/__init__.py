# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A vRO (vRealize / Aria Orchestrator) REST API simulator for tests, demos and benchmarks.

An independent reading of the vRO API (shared/vro-api.md); it shares no code with plugins/.
Start it with `python -m simulator`; drive it from tests with `simulator.testing.Simulator`.
"""
