"""The rooms: imports run one way and nothing imports in a circle.

A static import graph of core/ and gui/ (every import statement, including those inside
functions), and each subpackage imported alone in a fresh interpreter.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

BASE = {
    "core.errors",
    "core.model",
    "core.config",
    "core.gcpause",
    "core.sizes",
    "core.languages",
}
# Which rooms each room may import (besides its own modules).  core/__init__.py, the public
# API, sits on top of core and may import any room.  Rooms: text <- load; text <- verdict <-
# engine <- rank; report and cli on top.
CORE_ALLOWED: dict[str, set[str]] = {
    "core.errors": set(),
    "core.model": set(),
    "core.gcpause": set(),
    "core.sizes": set(),
    # Language names and the "different languages" message: the verdict says it, so it lives
    # below the verdict (core/languages.py says why).
    "core.languages": {"core.model", "core.sizes"},
    "core.config": {"core.errors", "core.model"},
    "core.text": BASE,
    "core.load": BASE | {"core.text"},
    "core.verdict": BASE | {"core.text"},
    "core.facts": BASE | {"core.text"},
    # traces reuse the facts room's titles around names (one list of job titles)
    "core.traces": BASE | {"core.text", "core.facts"},
    "core.engine": BASE | {"core.text", "core.load", "core.verdict", "core.facts"},
    "core.rank": BASE | {"core.text", "core.load", "core.verdict", "core.engine", "core.facts"},
    "core.report": BASE
    | {"core.text", "core.load", "core.verdict", "core.engine", "core.facts", "core.traces"},
    "core.cli": BASE
    | {
        "core.text",
        "core.load",
        "core.verdict",
        "core.engine",
        "core.facts",
        "core.traces",
        "core.rank",
        "core.report",
    },
}
# gui: the small shared modules never import the views, the window or the rank window;
# the views never import the window or the rank window.
GUI_LOW = {"gui.side", "gui.formats", "gui.tasks", "gui.settings", "gui.options", "gui.drops"}
GUI_HIGH = {"gui.views", "gui.window", "gui.rank", "gui.app", "gui.selftest"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    files = sorted([*ROOT.glob("core/**/*.py"), *ROOT.glob("gui/**/*.py")])
    return {_module_name(path): path for path in files}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative import
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    # "from core.cli import compare": the module core.cli.compare.
                    full = f"{base}.{alias.name}"
                    targets.append(full if full in modules else base)
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def _room(module: str) -> str:
    parts = module.split(".")
    return module if len(parts) == 1 else ".".join(parts[:2])


def test_the_graph_sees_the_imports() -> None:
    graph = _graph()
    assert "core.text.tokens" in graph["core.engine.prepare"] or any(
        target.startswith("core.text") for target in graph["core.engine.prepare"]
    )
    assert "core.cli.compare" in graph["core.cli.main"]


def test_core_rooms_import_one_way() -> None:
    wrong = []
    for module, targets in _graph().items():
        room = _room(module)
        if not module.startswith("core") or module == "core":
            continue
        for target in targets:
            target_room = _room(target)
            if target_room.startswith("gui"):
                wrong.append(f"{module} -> {target} (core never imports the gui)")
            elif target_room != room and target_room not in CORE_ALLOWED[room]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_gui_layers() -> None:
    wrong = []
    for module, targets in _graph().items():
        room = _room(module)
        for target in targets:
            target_room = _room(target)
            if room in GUI_LOW and target_room in GUI_HIGH:
                wrong.append(f"{module} -> {target}")
            if room == "gui.views" and target_room in GUI_HIGH - {"gui.views"}:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_circles() -> None:
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == []


ROOMS = [
    "core.text",
    "core.load",
    "core.verdict",
    "core.engine",
    "core.rank",
    "core.report",
    "core.cli",
    "gui.side",
    "gui.formats",
    "gui.tasks",
    "gui.views",
    "gui.window",
    "gui.rank",
]


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_imports_alone(room: str) -> None:
    names = sorted(
        name
        for name in _modules()
        if (name == room or name.startswith(room + ".")) and not name.endswith(".__main__")
    )
    script = f"import importlib\nfor name in {names!r}:\n    importlib.import_module(name)\n"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
