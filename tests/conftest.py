# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-wide import set-up for plain pytest (no ansible-test, no pytest-ansible).

- `.build/collections/ansible_collections/opsflow/vro` is a symlink to the repository root (made here
  if `make` has not made it yet), and `.build/collections` goes on sys.path, so tests import
  `ansible_collections.opsflow.vro.plugins...` exactly as ansible-core does.
- The repository root goes on sys.path too, so tests can `import simulator.testing`.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
COLLECTIONS_DIR = REPO_ROOT / ".build" / "collections"
COLLECTION_LINK = COLLECTIONS_DIR / "ansible_collections" / "opsflow" / "vro"


def _ensure_collection_link():
    if COLLECTION_LINK.is_symlink() and COLLECTION_LINK.resolve() == REPO_ROOT:
        return
    COLLECTION_LINK.parent.mkdir(parents=True, exist_ok=True)
    if COLLECTION_LINK.is_symlink() or COLLECTION_LINK.exists():
        COLLECTION_LINK.unlink()
    try:
        COLLECTION_LINK.symlink_to(REPO_ROOT, target_is_directory=True)
    except FileExistsError:  # made meanwhile by a parallel worker
        pass


_ensure_collection_link()
for _path in (str(COLLECTIONS_DIR), str(REPO_ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)
