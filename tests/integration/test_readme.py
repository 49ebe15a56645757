# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README as a user meets it: the Quickstart, copied into a playbook as written, runs green against the
simulator (the links of the built artifact's documents: tests/packaging/test_artifact_links.py)."""

from __future__ import annotations

import re

import yaml

from tests.integration.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def section(title):
    """The text of the README's `## title` section, up to the next `## ` heading."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def yaml_blocks(text):
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_quickstart_runs_as_written_against_the_simulator(run_playbook, simulator, tmp_path):
    blocks = yaml_blocks(section("Quickstart"))
    assert blocks, "no yaml block in the Quickstart"
    plays = [play for block in blocks for play in yaml.safe_load(block)]
    assert all("hosts" in play for play in plays), "every Quickstart block should be a playbook"
    playbook = tmp_path / "quickstart.yml"
    playbook.write_text("".join(blocks), encoding="utf-8")

    # Only the values of the Quickstart's variables change, as the README's simulator command passes them;
    # no VRO_* variable is set, so the connection can only come from the play's module_defaults.
    values = {
        "vro_host": simulator.host,
        "vro_port": simulator.port,
        "vro_user": simulator.username,
        "vro_password": simulator.password,
        "vro_ca": simulator.ca_path,
    }
    result = run_playbook(
        playbook,
        extra_vars=values,
        env=dict.fromkeys(("VRO_HOSTNAME", "VRO_PORT", "VRO_USERNAME", "VRO_PASSWORD", "VRO_CA_PATH")),
    )

    assert result.rc == 0 and not result.failed_tasks, result
    summary = result.task("Show what the two runs returned")["result"]["msg"]
    assert summary.startswith("completed: ") and "; completed: " in summary, summary
    assert "vm-IMGIMG03" in summary and "vm-IMGIMG04" in summary
    # the README's command for the simulator passes exactly the variables the Quickstart declares
    command = section("Trying your own playbooks without a vRO")
    assert set(re.findall(r"-e (vro_\w+)=", command)) == set(values)
    assert set(plays[0]["vars"]) | {"vro_password"} == set(values)
