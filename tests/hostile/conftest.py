# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the red-team tests: a hostile HTTPS server and clients of the collection pointed at it.

server   a started ``HostileServer`` (tests/hostile/server.py) with workflow ``wf-1``
         (inputs name: string, size: number, enabled: boolean, secret: SecureString).
connect  connect(**options) -> ``VroClient`` for ``server`` (Basic auth, its CA, short timeouts,
         no backoff sleeps); options override the defaults.
run      run(inputs=None, client=None, **options) -> the result of ``_runner.run_task`` (vro_workflow_execute's
         run) for one run of wf-1; ``options`` are module options, the others keep their argspec defaults.
batch    batch(input_sets, client=None, **options) -> the ``runs`` results of one task with ``runs`` (one item
         per input set, fail_on_error false).
"""

from __future__ import annotations

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _client, _runner
from ansible_collections.opsflow.vro.plugins.modules import vro_workflow_execute
from tests.hostile.server import HostileServer

PASSWORD = "Canary-pw \"q\\ <é>'&"
SECRET = "Canary-secret \"q\\ <ü>'&"
WORKFLOW = "wf-1"
INPUTS = {"name": "string", "size": "number", "enabled": "boolean", "secret": "SecureString"}


@pytest.fixture
def server():
    with HostileServer() as hostile:
        hostile.add_workflow(WORKFLOW, INPUTS)
        yield hostile


@pytest.fixture
def connect(server):  # pylint: disable=redefined-outer-name
    def make(**options):
        settings = dict(
            hostname="localhost",
            port=server.port,
            username="vro-user",
            password=PASSWORD,
            ca_path=server.ca_path,
            request_timeout=2,
            retries=1,
            retry_backoff=0,
            sleep=lambda seconds: None,
        )
        settings.update(options)
        return _client.VroClient(**settings)

    return make


def task_params(**options):
    """vro_workflow_execute's parameters: its argspec defaults, then ``options``."""
    params = dict((name, spec.get("default")) for name, spec in vro_workflow_execute.argument_spec().items())
    params.update(options)
    return params


@pytest.fixture
def run(connect):  # pylint: disable=redefined-outer-name
    def start(inputs=None, client=None, **options):
        inputs = {"name": "web01"} if inputs is None else inputs
        return _runner.run_task(client or connect(), task_params(workflow_id=WORKFLOW, inputs=inputs, **options))

    return start


@pytest.fixture
def batch(connect):  # pylint: disable=redefined-outer-name
    def start(input_sets, client=None, **options):
        options.setdefault("fail_on_error", False)
        runs = [{"inputs": dict(inputs)} for inputs in input_sets]
        return _runner.run_task(client or connect(), task_params(workflow_id=WORKFLOW, runs=runs, **options))["runs"]

    return start
