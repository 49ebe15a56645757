# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one fake vRO client of the unit tests, and ``run_main`` to run a module's main() on it.

It is ``create_autospec(VroClient, instance=True)``: a test that calls a method VroClient does not
have, or with arguments it does not take, fails, so the fake cannot drift from the real client.
Answers are given per path; what was sent is read back from the mock's calls.
"""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import PropertyMock, create_autospec

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.opsflow.vro.plugins.module_utils import _module, _secrets
from ansible_collections.opsflow.vro.plugins.module_utils._client import VroClient
from ansible_collections.opsflow.vro.plugins.module_utils._recovery import StartLedger
from ansible_collections.opsflow.vro.plugins.module_utils._transport import Response

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


def response(body=None, status=200, headers=None, method="GET", url="https://vro.example.com/vco/api/x"):
    text = "" if body is None else json.dumps(body)
    return Response(status, headers or {}, text, method, url)


def fake_client(routes=None, username="someuser@EXAMPLE.COM"):
    """A ``VroClient`` double whose GETs are answered from ``routes``: ``{path: answer}``.

    An answer is a body (given every time), a list (one item per request, in order) or an exception
    (raised). POST and DELETE answer 202 with an empty body until a test sets their ``side_effect``
    or ``return_value``. ``add_secrets``, ``secrets`` and ``redact`` behave like the real ones.
    """
    client = create_autospec(VroClient, instance=True)
    client.routes = dict(routes or {})
    client.username = username
    client.base_url = "https://vro.example.com:443/vco/api"
    client.server_clock_offset = None
    client.start_ledger = StartLedger()
    learned = set()

    def get(path, query=None, expected=(200,), until=None):
        if path not in client.routes:
            raise AssertionError("unexpected GET %s (not in the fake's routes)" % path)
        answer = client.routes[path]
        if isinstance(answer, list):
            answer = answer.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer if isinstance(answer, Response) else response(answer)

    client.get.side_effect = get
    client.post.return_value = response(status=202, method="POST")
    client.delete.return_value = response(status=204, method="DELETE")
    client.add_secrets.side_effect = lambda values: learned.update(v for v in values if isinstance(v, str) and v)
    client.redact.side_effect = lambda text: _secrets.redact(text, learned)
    type(client).secrets = PropertyMock(side_effect=lambda: frozenset(learned))
    return client


@pytest.fixture
def make_fake_client():
    """Build the fake client (see ``fake_client``) inside a test: ``make_fake_client(routes)``."""
    return fake_client


@pytest.fixture
def sample():
    """``sample(name)``: a real vRO body from tests/unit/fixtures/samples (SOURCES.md there names their origin)."""

    def load(name):
        return json.loads((SAMPLES / name).read_text(encoding="utf-8"))

    return load


CONNECTION = {"hostname": "vro.example.com", "username": "admin", "password": "Unit-Pa55"}


@pytest.fixture
def run_main(capsys, monkeypatch):
    """``run_main(module, args, client=None, run=None, connection=True) -> (exit code, result)``.

    ``args`` are added to working connection options (unless ``connection`` is false); a ``None`` value
    drops an option. ``client`` (the fake from tests/unit/conftest.py) replaces the real one; ``run``
    replaces the module's ``run()`` when a test is about the wiring around it.
    """

    def call(module, args, client=None, run=None, connection=True):
        if client is not None:
            monkeypatch.setattr(_module, "client_from_params", lambda params, pool_size=10: client)
        if run is not None:
            monkeypatch.setattr(module, "run", run)
        args = dict(CONNECTION if connection else {}, **args)
        with patch_module_args(dict((k, v) for k, v in args.items() if v is not None)):
            with pytest.raises(SystemExit) as exited:
                module.main()
        return exited.value.code, json.loads(capsys.readouterr().out)

    return call
