# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's ``main()`` in-process on the fake client: argspec, ``run()`` and the failure exit together."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.opsflow.vro.plugins.module_utils import _module

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
