# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""MimeAttachment files: regular files only, inside attachment_dirs, under the size cap."""

from __future__ import annotations

import os

import pytest

from ansible_collections.opsflow.vro.plugins.module_utils import _attachments
from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError


def test_a_missing_mime_file_is_an_input_error(tmp_path):
    read_file = _attachments.attachment_reader(None)
    with pytest.raises(VroInputError, match="cannot be read"):
        read_file(str(tmp_path / "nöt thère.bin"))
    (tmp_path / "ok.bin").write_bytes(b"\x00\x01")
    assert read_file(str(tmp_path / "ok.bin")) == b"\x00\x01"


@pytest.mark.parametrize("path", ["/proc/self/environ", "/dev/zero", "/sys/kernel/hostname", "/"])
def test_special_files_are_never_attachments(path):
    """Issue 12, item 9: a job-template survey must not send /proc/self/environ (the AWX credential) to vRO."""
    with pytest.raises(VroInputError, match="special file|not a regular file"):
        _attachments.attachment_reader(None)(path)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(VroInputError, match="not a regular file"):
        _attachments.attachment_reader(None)(str(fifo))


def test_attachment_dirs_is_an_allow_list_after_links_and_dots(tmp_path):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.txt").write_bytes(b"ok")
    (tmp_path / "secret.txt").write_bytes(b"no")
    (allowed / "link.txt").symlink_to(tmp_path / "secret.txt")
    read_file = _attachments.attachment_reader([str(allowed)])
    assert read_file(str(allowed / "ok.txt")) == b"ok"
    for path in (tmp_path / "secret.txt", allowed / "link.txt", allowed / ".." / "secret.txt"):
        with pytest.raises(VroInputError, match="outside attachment_dirs"):
            read_file(str(path))
    with pytest.raises(VroInputError, match="attachment_dirs is empty"):
        _attachments.attachment_reader([])(str(allowed / "ok.txt"))


def test_an_attachment_over_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(_attachments, "MAX_ATTACHMENT", 10)
    (tmp_path / "big.bin").write_bytes(b"x" * 11)
    with pytest.raises(VroInputError, match="larger than"):
        _attachments.attachment_reader(None)(str(tmp_path / "big.bin"))
