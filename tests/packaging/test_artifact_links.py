# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README as the installed collection shows it: its relative links (and those of every other shipped document)
resolve inside the built artifact."""

from __future__ import annotations

import posixpath
import re
import tarfile

from tests.packaging.ansible_commands import REPO_ROOT, ok, run_tool


def test_links_in_the_built_artifact_resolve_inside_it(tmp_path):
    # what a user reads after `ansible-galaxy collection install`: the built artifact, not this tree
    ok(run_tool("ansible-galaxy", "collection", "build", "--output-path", tmp_path, REPO_ROOT, tmp=tmp_path))
    (artifact,) = tmp_path.glob("opsflow-vro-*.tar.gz")
    with tarfile.open(artifact) as archive:
        members = {member.name for member in archive.getmembers()}
        documents = {name: archive.extractfile(name).read().decode("utf-8") for name in members if name.endswith(".md")}
    assert "README.md" in documents
    broken = [
        (name, target)
        for name, text in documents.items()
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
        if not re.match(r"[a-z]+:", target)
        and posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) not in members
    ]
    assert not broken, f"relative links to files the artifact leaves out: {broken}"
