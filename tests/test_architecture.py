"""The import-layer contract (run by `make lint` and `make test`), and docs that name modules.

Layers, top to bottom; a module may import its own layer and the layers below it, never above:

    cli → harvest → batch → process → ingest → ocr → correct → extract → store → base

`base` is every module directly in pipeline/ but the process (model, errors, data, …) and the
package root. A package is a layer of its own name (pipeline/ocr/ is `ocr`). The stages
follow the order a document goes through them (ingest uses OCR's text-quality measure, OCR's
measures use correction's lexicon; never the other way). The analysts' package
(pipeline.analysis) stands beside the store: it may use the store and `base`, and only the CLI
and the OParl harvest use it. No module imports itself round a circle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
LAYERS = [
    "cli",
    "harvest",
    "batch",
    "process",
    "ingest",
    "ocr",
    "correct",
    "extract",
    "store",
    "base",
]
BESIDE = {"analysis": {"store", "base"}}  # layer → what it may import
USED_ONLY_BY = {"analysis": {"cli", "harvest"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    if module == "pipeline.__main__":
        return "cli"
    if module == "pipeline.process":
        return "process"
    if module == "pipeline" or MODULES[module].parent == PACKAGE:
        return "base"
    return module.split(".")[1]


def imports(module: str) -> set[str]:
    """Every pipeline module `module` imports, at the top or inside a function."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if base.split(".")[0] != "pipeline":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return {m for m in found if m in MODULES and m != module}


GRAPH = {module: imports(module) for module in MODULES}


def allowed(source: str, target: str) -> bool:
    a, b = layer(source), layer(target)
    if a == b:
        return True
    if b in USED_ONLY_BY and a not in USED_ONLY_BY[b]:
        return False
    if a in BESIDE:
        return b in BESIDE[a]
    if b in BESIDE:
        return True  # the users USED_ONLY_BY names
    return LAYERS.index(a) < LAYERS.index(b)


def test_every_module_has_a_layer() -> None:
    assert {layer(m) for m in MODULES} <= set(LAYERS) | set(BESIDE)


def test_imports_only_go_down() -> None:
    wrong = sorted(
        f"{source} ({layer(source)}) imports {target} ({layer(target)})"
        for source, targets in GRAPH.items()
        for target in targets
        if not allowed(source, target)
    )
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_no_import_circles() -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    circles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                circles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not circles, "import circles:\n" + "\n".join(" → ".join(c) for c in circles)


def test_the_contract_catches_an_upward_import() -> None:
    """The checker itself: a stage importing the process, or the store the analysis, fails."""
    assert not allowed("pipeline.ingest.pdf", "pipeline.process")
    assert not allowed("pipeline.store.write", "pipeline.analysis.query")
    assert not allowed("pipeline.batch.worker", "pipeline.analysis.query")
    assert not allowed("pipeline.extract.bodies", "pipeline.ocr.quality")
    assert allowed("pipeline.cli.analyst", "pipeline.analysis.query")
    assert allowed("pipeline.analysis.query", "pipeline.store")


# --- the architecture as documented -------------------------------------------------------

DOCS = [ROOT / "docs" / "architecture.md", ROOT / "README.md"]
NAMED = re.compile(r"`((?:pipeline|tests|scripts|dictionaries)(?:[./][\w*][\w.*]*)+)/?`")
TREE_ENTRY = re.compile(r"^  ([\w.]+/?)[ ,]", re.M)  # "  ocr/   tesseract …" in a pipeline/ tree


def exists(name: str) -> bool:
    """A file or folder (`pipeline/ocr/`), a module (`pipeline.ocr.tesseract`), or an attribute
    of one (`pipeline.process.STAGES`)."""
    if "*" in name:
        return any(ROOT.glob(name))
    if "/" in name:
        path = ROOT / name
        return path.exists() or path.with_suffix(".py").exists()
    if name in MODULES:
        return True
    owner, _, attribute = name.rpartition(".")
    pattern = rf"^(def |class |)\s*{re.escape(attribute)}\b"
    return owner in MODULES and bool(re.search(pattern, MODULES[owner].read_text(), re.M))


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_module_the_docs_name_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    named = set(NAMED.findall(text))
    for tree in re.findall(r"```\npipeline/\n(.*?)```", text, re.S):
        named |= {f"pipeline/{entry}".rstrip("/") for entry in TREE_ENTRY.findall(tree)}
    assert named, f"{doc.name} names no module"
    missing = sorted(m for m in named if not exists(m))
    assert not missing, f"{doc.name} names modules that do not exist: {missing}"


def test_the_doc_check_catches_a_stale_name() -> None:
    assert not exists("pipeline/quality.py") and not exists("pipeline.lexicon")
    assert exists("pipeline/ocr/quality.py") and exists("pipeline.process.STAGES")
