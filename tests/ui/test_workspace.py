"""Every way of replacing the open report leaves the same state: the window's title and unsaved
mark, the recovery copy armed exactly when there are unsaved changes (and the replaced report's
copies gone), findings recomputed for the new report, the file remembered in 最近打开."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.importers import import_report
from desktop.merge import load_units, merge_reports
from desktop.project_file import list_recovery, load_report, read_recovery, save_report
from desktop.rules import check
from ui.main_window import MainWindow
from ui.workspace import Workspace

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Case:
    """Replace the open report; returns the path the new report is tied to (None: unsaved)
    and whether it starts dirty."""

    run: Callable[[Workspace, Path], Path | None]
    dirty: bool


def _new(ws: Workspace, tmp: Path) -> Path | None:
    ws.new()
    return None


def _open(ws: Workspace, tmp: Path) -> Path | None:
    other = tmp / "乙县2022年报.nianbao"
    report = load_report(ws.document.path)  # type: ignore[arg-type]
    report.meta.org_name = "乙县人民政府"
    save_report(report, other)
    ws.open(other)
    return other.resolve()


def _import(ws: Workspace, tmp: Path) -> Path | None:
    source = DATA / "yanchi-2022-report.txt"
    ws.import_result(import_report(source), source)
    return None


def _next_year(ws: Workspace, tmp: Path) -> Path | None:
    ws.next_year(load_report(ws.document.path))  # type: ignore[arg-type]
    return None


def _restore(ws: Workspace, tmp: Path) -> Path | None:
    from desktop.project_file import write_recovery

    report = load_report(ws.document.path)  # type: ignore[arg-type]
    report.meta.org_name = "丙县人民政府"
    folder = tmp / "elsewhere"
    written = write_recovery(report, folder, None, key="untitled-crashed")
    (copy,) = list_recovery(folder)
    assert copy.path == written
    ws.restore(read_recovery(copy.path), copy)
    return None


def _merge_result(ws: Workspace, tmp: Path) -> Path | None:
    base = load_report(ws.document.path)  # type: ignore[arg-type]
    paths = []
    for i, name in enumerate(("甲局", "乙局")):
        base.meta.org_name = name
        paths.append(tmp / f"unit{i}.nianbao")
        save_report(base, paths[-1])
    total = tmp / "total.nianbao"
    save_report(merge_reports(load_units(paths), "盐池县人民政府").report, total)
    ws.open_merge_result(total)
    return total.resolve()


CASES = {
    "new": Case(_new, dirty=False),
    "open": Case(_open, dirty=False),
    "import": Case(_import, dirty=True),
    "next year": Case(_next_year, dirty=True),
    "restore": Case(_restore, dirty=True),
    "merge result": Case(_merge_result, dirty=False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_replacement_leaves_the_same_state(
    name: str, make_window: Callable[..., MainWindow], example_copy: Path, tmp_path: Path
) -> None:
    window = make_window(example_copy)
    ws = window.workspace
    # Unsaved work with a recovery copy on disk, as when the user answered 不保存.
    window.document.set_cell("t3.new.natural", 1)
    assert ws.write_recovery_now()
    old_copies = {c.path for c in list_recovery(ws.autosaver.folder)}  # type: ignore[union-attr]
    assert old_copies
    ws.discard_changes()
    replaced: list[str] = []
    ws.replaced.connect(lambda: replaced.append(name))

    path = CASES[name].run(ws, tmp_path)

    doc = window.document
    assert replaced == [name]
    assert doc.path == path
    assert doc.is_dirty() is CASES[name].dirty
    assert window.isWindowModified() is CASES[name].dirty
    shown = path.name if path is not None else "未命名"
    assert window.windowTitle() == ws.title() == f"{shown}[*] - 年报"
    # A recovery copy is due exactly when the report exists only in memory (新建下一年度报告
    # used to wait for the first edit).
    assert ws.autosaver is not None
    assert ws.autosaver.is_pending() is CASES[name].dirty
    assert ws.recovery_armed() is CASES[name].dirty
    assert not any(p.exists() for p in old_copies), "the replaced report's copies are gone"
    assert doc.undo_stack.count() == 0
    # Findings are those of the new report, not left over from the old one.
    fresh = sorted((f.rule, f.message) for f in check(doc.report))
    assert sorted((f.rule, f.message) for f in doc.findings()) == fresh
    assert window.counts_label.text().startswith("错误 ")
    if path is not None:
        assert ws.recent.paths()[0] == path
    assert (ws.imported_from is not None) is (name == "import")
    if CASES[name].dirty:
        # The armed copy is written and read back as the new report.
        written = ws.autosaver.write_now()
        assert written is not None
        assert read_recovery(written).meta == doc.report.meta
