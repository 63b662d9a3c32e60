"""The package's layers: a module imports only its own layer or the layers below it, and no
import cycle exists anywhere (imports inside functions count too).

    files → syntax → survey → analysis → online → lint → fix → workflows, output → cli → the façade

Read from the source with `ast`, so a lazy import cannot hide an upward edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mdsurvey"

LAYERS = {
    "_version": 0,
    "files": 1,
    "syntax": 2,
    "survey": 3,
    "analysis": 4,
    "online": 4.5,  # below lint (its online rules will call it), above what it reads
    "lint": 5,
    "fix": 6,
    "workflows": 7,
    "output": 7,
    "cli": 8,
    "api": 9,
    "__init__": 9,
    "__main__": 10,
}


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = ["mdsurvey", *f.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__" and len(parts) > 2:
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


MODULES = _modules()


def layer(module: str) -> int:
    """The layer of `mdsurvey.<first>…`; the package's own `__init__` is the façade."""
    parts = module.split(".")
    first = parts[1] if len(parts) > 1 else "__init__"
    return LAYERS[first]


def imports(module: str, path: Path) -> set[str]:
    """Every mdsurvey module `module` imports (a `from pkg import name` of a submodule counts as it)."""
    is_pkg = path.name == "__init__.py"
    package = module.split(".") if is_pkg else module.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("mdsurvey"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("mdsurvey"):
                continue
            for a in node.names:
                sub = f"{target}.{a.name}"
                out.add(sub if sub in MODULES else target)
    out.discard(module)
    return {m for m in out if m in MODULES or m == "mdsurvey"}


GRAPH = {m: imports(m, p) for m, p in MODULES.items()}

# No cycle is allowed: the rule list is explicit (lint/rules/__init__.py) and no rule imports it.
KNOWN_CYCLES: list[list[str]] = []


def test_every_module_has_a_layer() -> None:
    for m in MODULES:
        assert layer(m) >= 0


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_reaches_up(module: str) -> None:
    up = sorted(t for t in GRAPH[module] if layer(t) > layer(module))
    assert not up, f"{module} (layer {layer(module)}) imports a higher layer: {up}"


def test_no_import_cycles() -> None:
    # Tarjan's strongly connected components: any component of two or more modules is a cycle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH.get(v, ()):
            # a submodule's import of its own package's __init__ is Python's doing, not a cycle
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for m in sorted(GRAPH):
        if m not in index:
            visit(m)
    assert [c for c in cycles if c not in KNOWN_CYCLES] == [], f"import cycles: {cycles}"


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    # the test above must be able to fail: a lint module that imports the cli is caught
    f = tmp_path / "x.py"
    f.write_text("def f():\n    from mdsurvey.cli.app import main\n", encoding="utf-8")
    found = imports("mdsurvey.lint.x", f)
    assert "mdsurvey.cli.app" in found and layer("mdsurvey.cli.app") > layer("mdsurvey.lint.x")


def test_every_module_imports_on_its_own() -> None:
    """Each module imports first in a fresh interpreter (an import cycle shows only there: the
    online rules and `lint.onlinefacts` had one)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    names = sorted(
        ".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for p in (root / "mdsurvey").rglob("*.py")
        if p.name != "__main__.py"
    )
    probe = (
        "import importlib, subprocess, sys\n"
        "bad = [n for n in sys.argv[1:] if subprocess.run([sys.executable, '-c', f'import {n}'],"
        " capture_output=True).returncode]\n"
        "print(' '.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *names], capture_output=True, text=True, cwd=root)
    assert done.stdout.strip() == "", f"fail on their own: {done.stdout.strip()}"
