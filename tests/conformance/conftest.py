# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make openapi_check importable (pytest runs in importlib mode) and load the document once."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from openapi_check import Spec  # noqa: E402


@pytest.fixture(scope="session")
def spec():
    return Spec.load()
