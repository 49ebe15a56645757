# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Messages a first-time user meets, from real module runs against the simulator: a missing host names
VRO_HOSTNAME, a wrong workflow name gets a "did you mean", a failed run names each error line once, and a
connection error says how many attempts took how long."""

from __future__ import annotations

import re
import socket

from tests.integration.plays import execute, info, play


def unused_port():
    """A loopback port nothing listens on (bound, then released: connecting to it is refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_messages_of_common_mistakes(run_playbook, simulator):
    result = run_playbook(
        play(
            execute(name="no host", workflow_name="AWSNEW", inputs={"name": "x"}),
            execute(name="wrong case", hostname=simulator.host, workflow_name="awsnew", inputs={"name": "x"}),
            execute(name="typo", hostname=simulator.host, workflow_name="AWSNWE", inputs={"name": "x"}),
            execute(
                name="refused",
                register="refused",
                workflow_name="AWSNEW",
                hostname="127.0.0.1",
                port=unused_port(),
                request_timeout=2,
                retry_backoff=0.2,
                inputs={"name": "x"},
            ),
        ),
        env={"VRO_HOSTNAME": None},
    )
    messages = {t["task"]: t["result"]["msg"] for t in result.tasks}

    assert messages["wrong case"].endswith("did you mean 'AWSNEW'?"), messages["wrong case"]
    assert messages["typo"].endswith("did you mean 'AWSNEW'?"), messages["typo"]
    attempts = re.search(
        r"\((\d+) attempts in ([\d.]+) s; request_timeout: 2\.0 s each, retries: 3", messages["refused"]
    )
    assert attempts and attempts.group(1) == "4", messages["refused"]
    assert float(attempts.group(2)) < 5
    assert "VRO_HOSTNAME" in messages["no host"] and "hostname" in messages["no host"], messages["no host"]


def test_a_failed_run_names_each_error_line_once(run_playbook, simulator):
    result = run_playbook(
        play(
            execute(name="fail", register="failed_run", workflow_name="Fail", wait=True),
            info(name="logs", workflow_name="Fail", execution_id="{{ failed_run.execution_id }}", include_logs=True),
        )
    )
    message = result.task("fail")["result"]["msg"]
    lines = message.split("Last error log lines: ", 1)[1].split(" | ")
    assert len(lines) == len(set(lines)) >= 2, message

    entries = result.task("logs")["result"]["logs"]
    from_logs = [e for e in entries if e["origin"] == "event"]
    others = {(e["time"], e["severity"], e["message"]) for e in entries if e["origin"] != "event"}
    assert not [e for e in from_logs if (e["time"], e["severity"], e["message"]) in others], entries
