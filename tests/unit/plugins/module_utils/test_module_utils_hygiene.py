# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Rules every plugins/ Python file keeps, and the purity of the codec (no I/O, stdlib only)."""

from __future__ import annotations

import ast
import glob
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGINS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "plugins"))
MODULE_UTILS = os.path.join(PLUGINS, "module_utils")
PLUGIN_FILES = sorted(
    os.path.relpath(p, PLUGINS) for p in glob.glob(os.path.join(PLUGINS, "**", "*.py"), recursive=True)
)

# The codec: pure, importing only the standard library and each other.
CODEC = (
    "_types.py",
    "_input_errors.py",
    "_wire.py",
    "_dates.py",
    "_encode.py",
    "_decode.py",
    "_parameters.py",
    "_spelling.py",
)
PURE = CODEC + ("_secrets.py", "_errors.py")
COLLECTION_PREFIX = "ansible_collections.opsflow.vro.plugins.module_utils."
MAX_LINES = 500


def _imports(path):
    with open(path) as handle:
        tree = ast.parse(handle.read(), filename=path, feature_version=(3, 8))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", node.level))
    return tree, found


@pytest.mark.parametrize("name", PURE)
def test_codec_imports_only_stdlib_and_codec(name):
    _tree, imports = _imports(os.path.join(MODULE_UTILS, name))
    for module, level in imports:
        assert level == 0, module
        if module.startswith(COLLECTION_PREFIX):
            assert module[len(COLLECTION_PREFIX) :] + ".py" in PURE, "%s imports %s" % (name, module)
            continue
        top = module.split(".")[0]
        assert top in sys.stdlib_module_names, "%s imports %s" % (name, module)


@pytest.mark.parametrize("name", PURE)
def test_codec_files_are_small(name):
    with open(os.path.join(MODULE_UTILS, name)) as handle:
        assert len(handle.read().splitlines()) <= MAX_LINES


@pytest.mark.parametrize("name", PURE)
def test_codec_does_not_read_files_or_network(name):
    with open(os.path.join(MODULE_UTILS, name)) as handle:
        source = handle.read()
    for needle in ("open(", "socket", "requests", "subprocess", "os.path"):
        assert needle not in source
    if name != "_secrets.py":  # parses proxy URLs to find a password in them
        assert "urllib" not in source


@pytest.mark.parametrize("name", PLUGIN_FILES)
def test_plugin_header_and_py38_syntax(name):
    path = os.path.join(PLUGINS, name)
    with open(path) as handle:
        source = handle.read()
    tree, _imports_ = _imports(path)  # parses with Python 3.8 grammar
    header = source[len("#!/usr/bin/python\n") :] if source.startswith("#!") else source
    assert header.startswith(
        "# -*- coding: utf-8 -*-\n# Copyright: (c) 2026, opsflow.vro contributors\n"
        "# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)\n"
    )
    # Python 3 only: no Python 2 boilerplate, no import fallbacks
    assert "__metaclass__" not in source
    assert "absolute_import" not in source
    assert "from urllib import" not in source and "urlparse import" not in source
    if name.startswith("module_utils" + os.sep):
        assert "PRIVATE to the opsflow.vro collection" in source
    for node in ast.walk(tree):
        assert not isinstance(node, ast.Assert), "no assert statements in plugins (sanity no-assert)"
        if isinstance(node, ast.Attribute):
            assert node.attr not in ("removeprefix", "removesuffix"), "str.%s needs Python 3.9" % node.attr
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            assert not isinstance(node.left, ast.Name) or node.left.id not in ("str", "int", "dict", "list", "None")
