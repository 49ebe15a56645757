# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the execution environment (EE) image, or only its build context, from the collection artifact.

    make build                                                   # first: .build/dist/opsflow-vro-<version>.tar.gz
    python execution-environment/build_ee.py create              # the build context in .build/ee, no container engine
    python execution-environment/build_ee.py build [--tag NAME]  # the image, with podman (or --container-runtime docker)

Further options go to ansible-builder as they are. The collection version is read from galaxy.yml, the only place
it is written. Before ansible-builder runs, the artifact of that version must exist (else: which command to run);
it is copied, with a requirements file naming it, to .build/ee-input/, where execution-environment.yml expects
both. Without a --tag, `build` tags the image opsflow-vro-ee:<version>.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFINITION = REPO_ROOT / "execution-environment" / "execution-environment.yml"
INPUT_DIR = REPO_ROOT / ".build" / "ee-input"
# the names execution-environment.yml refers to, without a version
INPUT_ARTIFACT = "opsflow-vro.tar.gz"
REQUIREMENTS = (
    """\
---
# written by execution-environment/build_ee.py for ansible-builder: the collection artifact, copied
# into the build context's collections/ folder by additional_build_files
collections:
  - name: collections/%s
    type: file
"""
    % INPUT_ARTIFACT
)


def collection_version():
    match = re.search(r"^version:\s*['\"]?([^'\"\s#]+)", (REPO_ROOT / "galaxy.yml").read_text(encoding="utf-8"), re.M)
    if not match:
        raise SystemExit("build_ee.py: no 'version:' line in %s" % (REPO_ROOT / "galaxy.yml"))
    return match.group(1)


def ansible_builder():
    """The ansible-builder next to this Python (the .venv), else the one on PATH."""
    sibling = Path(sys.executable).parent / "ansible-builder"
    return str(sibling) if sibling.exists() else (shutil.which("ansible-builder") or "ansible-builder")


def main(argv):
    if not argv or argv[0] not in ("create", "build"):
        raise SystemExit(__doc__)
    version = collection_version()
    artifact = REPO_ROOT / ".build" / "dist" / ("opsflow-vro-%s.tar.gz" % version)
    if not artifact.is_file():
        raise SystemExit(
            "build_ee.py: %s does not exist. Build the collection artifact first, from %s:\n    make build\n"
            "then run this command again." % (artifact.relative_to(REPO_ROOT), REPO_ROOT)
        )
    INPUT_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(artifact, INPUT_DIR / INPUT_ARTIFACT)
    (INPUT_DIR / "requirements.yml").write_text(REQUIREMENTS, encoding="utf-8")

    command = [ansible_builder(), argv[0], "--file", str(DEFINITION)]
    if "--context" not in argv and not any(a.startswith("--context=") or a == "-c" for a in argv):
        command += ["--context", str(REPO_ROOT / ".build" / "ee")]
    if argv[0] == "build" and not any(a in ("-t", "--tag") or a.startswith("--tag=") for a in argv):
        command += ["--tag", "opsflow-vro-ee:%s" % version]
    command += argv[1:]
    print("build_ee.py: opsflow.vro %s from %s" % (version, artifact.relative_to(REPO_ROOT)), flush=True)
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
