"""The shape of the package: imports follow the data's way, functions stay short.

The layers are declared in ``pyproject.toml`` (``[tool.importlinter]``) and
explained in ``ARCHITECTURE.md``.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")
#: The longest a function may be, in lines, not counting its docstring.
MAX_FUNCTION_LINES = 60


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_imports_follow_the_pipeline():
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_an_import_against_the_flow_is_caught(tmp_path):
    shutil.copytree(REPO / "geo", tmp_path / "geo", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    finder = tmp_path / "geo" / "find" / "ner.py"
    finder.write_text(finder.read_text() + "\nfrom ..render import files  # a finder that knows the map\n")
    done = _lint(tmp_path)
    assert done.returncode != 0
    assert "geo.find is not allowed to import geo.render" in done.stdout
    assert "geo.find.ner -> geo.render.files" in done.stdout


def _function_lengths(root: Path):
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = node.body
                doc = body[0] if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str) else None
                lines = node.end_lineno - node.lineno + 1 - (doc.end_lineno - doc.lineno + 1 if doc else 0)
                yield f"{path.relative_to(REPO)}:{node.lineno} {node.name}", lines


def test_no_function_is_longer_than_sixty_lines():
    """Counted from ``def`` to the last line, decorators and the docstring left out."""
    long = {where: n for where, n in _function_lengths(REPO / "geo") if n > MAX_FUNCTION_LINES}
    assert not long, long


@pytest.mark.parametrize("folder", ["text", "project", "ingest", "find", "resolve", "measure", "claims", "build", "render"])
def test_every_stage_folder_says_what_it_holds(folder):
    init = REPO / "geo" / folder / "__init__.py"
    assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"geo/{folder}/__init__.py has no docstring"
