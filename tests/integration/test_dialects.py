# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection against servers that read the API differently (simulator dialects).

Core operations run against `spec` (the 8.18.1 document read literally) and `legacy` (today's
simulator); Properties and MimeAttachment inputs, the values a server may silently lose, against
all four dialects with `wire_format` unset.
"""

from __future__ import annotations

import base64

import pytest

from tests.integration.plays import WORKFLOW_IDS, assert_ok, execute, execution, info, play

AWSNEW = WORKFLOW_IDS["AWSNEW"]
ALL_TYPES = WORKFLOW_IDS["AllTypes"]
PROPERTIES = {"owner": "ops", "ttl": 30, "nested": {"flag": True}}
MIME = {"content": "hello file", "name": "a.txt", "mime_type": "text/plain"}
MIME_BASE64 = base64.b64encode(b"hello file").decode()


@pytest.mark.parametrize("dialect", ["spec", "legacy"])
def test_core_operations(run_playbook, dialect_simulator, dialect):
    sim = dialect_simulator(dialect)
    result = run_playbook(
        play(
            execute(name="run", register="run", workflow_name="AWSNEW", inputs={"name": "D1"}, wait=True),
            info(name="read", workflow_id=AWSNEW, execution_id="{{ run.execution_id }}", include_logs=True),
            info(name="list", workflow_id=AWSNEW),
            execute(name="sleeper", register="sleeper", workflow_id=WORKFLOW_IDS["Sleep"], inputs={"seconds": 60}),
            execution(
                name="cancel",
                workflow_id=WORKFLOW_IDS["Sleep"],
                execution_id="{{ sleeper.execution_id }}",
                state="canceled",
            ),
            execute(name="fail", workflow_id=WORKFLOW_IDS["Fail"], wait=True, poll_interval=1),
        ),
        sim=sim,
    )
    failed = result.task("fail")
    assert failed["failed"] and failed["result"]["state"] == "failed" and failed["result"]["logs"], result
    assert [t["task"] for t in result.tasks if t["failed"]] == ["fail"], result
    run = result.task("run")["result"]
    assert run["state"] == "completed" and run["outputs"]["vmName"] == "vm-D1"
    read = result.task("read")["result"]
    assert read["execution"]["inputs"] == {"name": "D1"} and read["logs"]
    assert [e["id"] for e in result.task("list")["result"]["executions"]] == [run["execution_id"]]
    assert result.task("cancel")["result"]["state"] == "canceled"
    paths = {line.split(" ", 1)[1] for line in sim.control.stats()["requests"]}
    assert not [path for path in paths if path.endswith("/")], paths


CLIENT_SPELLING = {"properties_list_key": "property", "mime_content_key": "content"}


@pytest.mark.parametrize(
    ("dialect", "quirks", "posts"),
    [
        ("legacy", {}, 1),
        ("spec", {}, 1),  # (a) reads the document's spelling, ignores the other
        ("lenient", {}, 1),  # (b) reads the clients' spelling, ignores the other
        ("strict", {}, 2),  # (c) 400 to both spellings; the document's spelling alone is read
        ("strict", CLIENT_SPELLING, 3),  # (c) reading the clients' spelling: the third form
    ],
    ids=["legacy", "spec", "lenient", "strict", "strict-client-spelling"],
)
def test_properties_and_attachments_arrive_unconfigured(run_playbook, dialect_simulator, dialect, quirks, posts):
    sim = dialect_simulator(dialect)
    if quirks:
        sim.control.config(**quirks)
    result = run_playbook(
        play(
            execute(
                workflow_id=ALL_TYPES,
                inputs={"in_properties": PROPERTIES, "in_mime": MIME, "in_string": "s"},
                wait=True,
                poll_interval=1,
            )
        ),
        sim=sim,
    )
    assert_ok(result)
    outputs = result.task("execute")["result"]["outputs"]
    assert outputs["out_properties"] == PROPERTIES
    assert outputs["out_mime"]["content_base64"] == MIME_BASE64
    assert sim.control.executions()["count"] == 1  # one run, however many POSTs it took
    assert sim.control.stats()["requests"]["POST /workflows/{id}/executions"] == posts


@pytest.mark.parametrize(
    ("dialect", "wire_format", "lost"),
    [
        ("spec", {"properties_list_key": "property"}, "in_properties"),
        ("spec", {"mime_content_key": "content"}, "in_mime.content_base64"),
        (
            "lenient",
            {"properties_list_key": "properties", "mime_content_key": "mime-content"},
            "in_properties, in_mime.content_base64",
        ),
    ],
)
def test_a_dropped_input_fails_the_task_naming_it(run_playbook, dialect_simulator, dialect, wire_format, lost):
    """A spelling forced with wire_format that the server drops: the task fails, naming the input."""
    sim = dialect_simulator(dialect)
    result = run_playbook(
        play(
            execute(
                workflow_id=ALL_TYPES,
                inputs={"in_properties": PROPERTIES, "in_mime": MIME, "in_string": "s"},
                wire_format=wire_format,
            )
        ),
        sim=sim,
    )
    record = result.task("execute")
    task = record["result"]
    run_id = sim.control.executions()["executions"][0]["id"]
    assert record["failed"] and task["execution_id"] == run_id, result
    assert lost in task["msg"] and run_id in task["msg"] and "wire_format" in task["msg"]
    assert ", ".join(task["dropped_inputs"]) == lost


def test_verify_inputs_false_accepts_what_the_server_recorded(run_playbook, dialect_simulator):
    sim = dialect_simulator("spec")
    result = run_playbook(
        play(
            execute(
                workflow_id=ALL_TYPES,
                inputs={"in_properties": PROPERTIES},
                wire_format={"properties_list_key": "property"},
                verify_inputs=False,
            )
        ),
        sim=sim,
    )
    assert_ok(result)
