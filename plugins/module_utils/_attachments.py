# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module util is PRIVATE to the opsflow.vro collection. It may change without notice;
# do not use it from other collections.

"""Files sent as MimeAttachment inputs (``{path: ...}``): read here, outside the pure encoder, and only safe ones."""

import os
import stat
from typing import Callable, List, Optional

from ansible_collections.opsflow.vro.plugins.module_utils._errors import VroInputError

# The largest file a MimeAttachment ``path`` may name (base64 makes the request a third larger).
MAX_ATTACHMENT = 16 * 1024 * 1024
# Trees of special files: never an attachment, whatever their type says (/proc/self/environ is "regular").
SPECIAL_TREES = ("/proc", "/sys", "/dev")


def attachment_reader(allowed_dirs: Optional[List[str]]) -> Callable[[str], bytes]:
    """The ``read_file`` of MimeAttachment inputs given as ``{path: ...}`` (read here, outside the pure encoder).

    ``allowed_dirs`` is the ``attachment_dirs`` option: None reads any regular file, a list only files
    inside those directories (after resolving symbolic links and ``..``), an empty list none at all.
    """
    allowed = None if allowed_dirs is None else [os.path.realpath(d) for d in allowed_dirs]

    def read_file(path: str) -> bytes:
        return read_attachment(path, allowed)

    return read_file


def read_attachment(path: str, allowed: Optional[List[str]]) -> bytes:
    """The bytes of a regular file of at most ``MAX_ATTACHMENT`` bytes, inside ``allowed`` when given.

    Special files are refused: a job-template survey could otherwise send ``/proc/self/environ`` (with
    the credentials AWX injects) to vRO, and a FIFO or ``/dev/zero`` would hang or fill the memory.
    """
    real = os.path.realpath(path)
    if allowed is not None and not any(_inside(real, directory) for directory in allowed):
        where = ", ".join(allowed) if allowed else "none: attachment_dirs is empty"
        raise _attachment_error(path, "outside attachment_dirs (%s)" % where, "a file inside attachment_dirs")
    if any(_inside(real, tree) for tree in SPECIAL_TREES):
        raise _attachment_error(path, "a special file under %s, not a regular file" % ", ".join(SPECIAL_TREES))
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer
        descriptor = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise _attachment_error(path, "cannot be read: %s" % (exc.strerror or exc)) from exc
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise _attachment_error(path, "not a regular file (a FIFO, socket, device or directory)")
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(MAX_ATTACHMENT + 1)
    if len(data) > MAX_ATTACHMENT:
        raise _attachment_error(path, "larger than %d MB" % (MAX_ATTACHMENT // (1024 * 1024)))
    return data


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def _attachment_error(path: str, problem: str, expected: str = "a readable regular file") -> VroInputError:
    return VroInputError(
        "MimeAttachment file '%s' %s%s" % (path, "" if problem.startswith("cannot") else "is ", problem),
        field="inputs",
        expected=expected,
        given=path,
    )
