"""Every module and every public function, class and method of the package says in one line
what it is for (the style guide's rule, checked so that it stays true)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mdsurvey"


def missing(path: Path) -> list[str]:
    """`path:line name` of each public definition (and the module) without a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = [] if ast.get_docstring(tree) or path.name == "__main__.py" else [f"{path}: module"]

    def walk(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name.startswith("_"):
                    continue
                if not ast.get_docstring(node):
                    out.append(f"{path}:{node.lineno} {node.name}")
                if isinstance(node, ast.ClassDef):
                    walk(node.body)

    walk(tree.body)
    return out


def test_every_public_definition_has_a_docstring() -> None:
    gaps = [m for f in sorted(PACKAGE.rglob("*.py")) for m in missing(f)]
    assert gaps == []


def test_the_check_finds_a_missing_docstring(tmp_path: Path) -> None:
    f = tmp_path / "m.py"
    source = '"""A module."""\n\n\nclass A:\n    def run(self) -> None:\n        pass\n'
    f.write_text(source, encoding="utf-8")
    assert [g.split(" ")[-1] for g in missing(f)] == ["A", "run"]
