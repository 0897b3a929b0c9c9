"""No import cycle inside ``ui/``: every ``import ui.x`` / ``from ui.x import …`` counts, also
under ``if TYPE_CHECKING:`` and inside functions (a lazy import hides a cycle from Python, not
from the design). Read from the source, so it needs no Qt."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"


def ui_imports(source: str) -> set[str]:
    """The ``ui.*`` modules a module's source imports, wherever the import statement is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("ui."))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                # Relative import inside the ui package.
                module = "ui" + (f".{module}" if module else "")
            if module == "ui":
                found.update(f"ui.{a.name}" for a in node.names)
            elif module.startswith("ui."):
                found.add(module)
    return found


def import_graph(folder: Path) -> dict[str, set[str]]:
    modules = {f"ui.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    return {
        name: {m for m in ui_imports(p.read_text(encoding="utf-8")) if m in modules} - {name}
        for name, p in modules.items()
    }


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_sees_type_checking_and_lazy_imports() -> None:
    window = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ui.actions import A\n"
    actions = "def f():\n    from ui import window\n"
    graph = {"ui.window": ui_imports(window), "ui.actions": ui_imports(actions)}
    assert graph == {"ui.window": {"ui.actions"}, "ui.actions": {"ui.window"}}
    assert find_cycle(graph) == ["ui.actions", "ui.window", "ui.actions"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle_in_ui() -> None:
    graph = import_graph(UI)
    # The graph is really read: the window depends on the workspace, which knows no window.
    assert "ui.workspace" in graph["ui.main_window"]
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])
