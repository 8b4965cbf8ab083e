"""The import graph of lintas has no upward edge: every module imports only its own layer or the layers below.

Layers, lowest first. A layer may use any layer before it; nothing may reach up (documents do not import corpus
code, the library does not import its CLI). Function-level imports count too: a lazy import is still an edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO_ROOT

#: Module-name prefixes by layer (the first matching prefix wins, so a longer one may sit in a higher layer).
LAYERS: list[tuple[str, ...]] = [
    (
        "lintas.translate.errors",
        "lintas.translate.checks",
        "lintas.translate.io",
        "lintas.translate.progress",
        "lintas.translate.resources",
        "lintas.translate.parallelism",
        "lintas.translate.option_spec",
        "lintas.translate.config",
        "lintas.translate.results",
    ),
    (
        "lintas.translate.documents",
        "lintas.translate.segment",
        "lintas.translate.batching",
        "lintas.translate.guard",
        "lintas.translate.cache",
        "lintas.translate.conversion_cache",
        "lintas.translate.models",
        "lintas.translate.file_hashes",
    ),
    ("lintas.translate.engines", "lintas.translate.bitext", "lintas.translate.fixtures"),
    ("lintas.translate.translator", "lintas.translate.article", "lintas.translate.align"),
    ("lintas.translate.corpus",),
    ("lintas.eval",),
    ("lintas.translate.cli",),
]
#: The package roots: ``lintas.translate`` holds only the version and lazy exports of its public names.
ROOTS = {"lintas.translate": 0, "lintas.eval": 5}


def _layer(module: str) -> int | None:
    if module in ROOTS:
        return ROOTS[module]
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") or module.startswith(p + "_") for p in prefixes):
            return index
    return None


def _modules() -> dict[str, Path]:
    found = {}
    for folder, package in (("translate", "lintas.translate"), ("eval", "lintas.eval")):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            parts = path.relative_to(REPO_ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n for n in names if n.startswith("lintas.")}


def test_every_module_has_a_layer():
    assert [m for m in _modules() if _layer(m) is None] == []


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for module, path in _modules().items():
        if module in ("lintas.translate",):  # lazy exports of the public API: see ROOTS
            continue
        own = _layer(module)
        for imported in _imports(path):
            target = _layer(imported)
            if target is not None and own is not None and target > own:
                upward.append(f"{module} (layer {own}) imports {imported} (layer {target})")
    assert upward == []
