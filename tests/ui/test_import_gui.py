"""文件 → 导入已有报告… from the user's side: the imported report opens unsaved with every
number, a file that cannot be read changes nothing, unsaved work is asked about first, printed
totals that disagree show as 印/算 until accepted, files can be dropped, slow imports show
progress and can be cancelled."""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from desktop.importers.summary import summary_lines, summary_sections
from desktop.project_file import load_report, report_to_json
from desktop.template import CELL_BY_ID, TABLE_BY_KEY
from ui import file_dialogs
from ui.main_window import TAB_META, MainWindow

DATA = Path(__file__).resolve().parent.parent / "data"
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def sample_txt(tmp_path: Path) -> Path:
    """The published 盐池县 2022 report as text copied from its web page."""
    folder = tmp_path / "下载"
    folder.mkdir()
    target = folder / "盐池县2022年政府信息公开工作年度报告.txt"
    shutil.copyfile(DATA / "yanchi-2022-report.txt", target)
    return target


@pytest.fixture
def wrong_total_txt(tmp_path: Path) -> Path:
    """淮安 2024 with its printed （七）总计 / 自然人 one more than the rows add up to."""
    text = (DATA / "real" / "huaian-2024-from-pdf.txt").read_text(encoding="utf-8")
    assert text.count("2932") == 1
    target = tmp_path / "淮安.txt"
    target.write_text(text.replace("2932", "2933"), encoding="utf-8")
    return target


class OpenDialog:
    """Stands in for the open dialog: answers ``path`` and records the calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
        self.path = path
        self.calls: list[tuple[Any, ...]] = []
        monkeypatch.setattr(file_dialogs, "get_open_file_name", self)

    def __call__(self, *args: Any, **kwargs: Any) -> tuple[str, str]:
        self.calls.append(args)
        return (str(self.path) if self.path else "", "")


def shown(window: MainWindow, cell_id: str) -> str:
    view = window.table_pages[CELL_BY_ID[cell_id].table].view
    return str(view.table_model.index_of(cell_id).data(DISPLAY))


def expected_cells() -> dict[str, int]:
    cells: dict[str, int] = json.loads(
        (DATA / "yanchi-2022-cells.json").read_text(encoding="utf-8")
    )
    return cells


def _break_table3(window: MainWindow) -> None:
    value = window.document.value("t3.new.natural")
    assert isinstance(value, int)
    window.document.set_cell("t3.new.natural", value + 1)


def test_importing_the_sample_text_opens_an_unsaved_report_with_every_number(
    window: MainWindow,
    sample_txt: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes,
) -> None:
    dialog = OpenDialog(monkeypatch, sample_txt)
    window.menu_actions.import_.trigger()

    caption, filters = dialog.calls[0][1], dialog.calls[0][3]
    assert caption == "导入已有报告"
    assert "可导入的报告 (*.docx *.html *.htm *.txt *.md *.markdown *.pdf)" in filters
    doc = window.document
    assert doc.path is None
    assert doc.is_dirty()
    assert window.isWindowModified()
    assert window.windowTitle() == "未命名[*] - 年报"
    assert window.tabs.currentIndex() == TAB_META
    assert (doc.report.meta.org_name, doc.report.meta.year) == ("盐池县", 2022)
    want = expected_cells()
    assert len(want) == 200
    assert doc.report.values() == want
    # What the tables show: every input and computed cell, and no 印/算 (the totals agree).
    on_screen = {
        cid: shown(window, cid)
        for table in TABLE_BY_KEY.values()
        for cid in (c.id for c in table.cells)
    }
    assert on_screen == {cid: str(v) for cid, v in want.items()}
    # No error and no blank cell; the sample's real prose gaps (R20 warnings) may show.
    counts = window.counts_label.text()
    assert counts.startswith("错误 0 · 警告 ") and " · 未填 0 单元格 · 未写 " in counts

    summary = window.import_summary
    assert summary is not None and summary.isVisible()
    said = summary.plain_text()
    assert "盐池县2022年政府信息公开工作年度报告.txt" in said
    assert "表格数字：166 / 166 个填写格" in said
    assert "19 行原文缺少一栏数字" in said
    assert "错误" not in said.split("检查结果")[-1]  # warnings only: the sample's real prose gaps
    assert "印 X / 算 Y" in summary.hint.text().replace("\xa0", " ")
    assert "编辑 → 采用计算的合计" in summary.hint.text()
    # The same summary as `nianbao import` prints, line for line.
    for line in summary_lines(summary_sections(summary.import_result, summary.findings)):
        text = re.sub(r"^\d+\.\s*", "", line.strip().lstrip("·").strip())  # list numbers
        assert text in said
    summary.accept()

    # 保存 asks for a name, suggested beside the source and named after the unit and year.
    asked: list[str] = []
    target = sample_txt.parent / "盐池县2022年报.nianbao"

    def save_dialog(*args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(args[2])
        return (str(target), "")

    monkeypatch.setattr(file_dialogs, "get_save_file_name", save_dialog)
    assert window.save()
    assert Path(asked[0]) == target.resolve()
    assert doc.path == target.resolve()
    assert not window.isWindowModified()
    assert load_report(target).values() == want


def test_closing_an_imported_report_asks_to_save_it(make_window, sample_txt: Path, boxes) -> None:
    window = make_window()
    assert window.import_file(sample_txt)
    assert window.import_summary is not None
    window.import_summary.accept()
    boxes.answer("取消")
    window.close()
    assert window.isVisible()
    # Issue 14: a named report is not called 未命名的报告.
    assert "盐池县2022年报告" in boxes.texts[0] and "未命名" not in boxes.texts[0]
    assert window.document.report.meta.org_name == "盐池县"


def test_a_file_that_cannot_be_imported_is_refused_and_nothing_changes(
    window: MainWindow, example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:
    before = report_to_json(window.document.report)
    bad = tmp_path / "坏报告.docx"
    bad.write_bytes(b"this is not a Word file")
    OpenDialog(monkeypatch, bad)
    boxes.answer("*")
    window.menu_actions.import_.trigger()
    assert "坏报告.docx" in boxes.texts[0]
    assert "无法导入" in boxes.texts[0]
    assert window.document.path == example_copy.resolve()
    assert not window.document.is_dirty()
    assert report_to_json(window.document.report) == before
    assert window.import_summary is None


def test_unsaved_changes_are_asked_about_before_importing(
    window: MainWindow,
    example_copy: Path,
    sample_txt: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes,
) -> None:
    on_disk = example_copy.read_bytes()
    _break_table3(window)
    edited = report_to_json(window.document.report)
    dialog = OpenDialog(monkeypatch, sample_txt)

    boxes.answer("取消")
    window.menu_actions.import_.trigger()
    assert sorted(boxes.buttons[0]) == sorted(["保存", "不保存", "取消"])
    assert dialog.calls == []  # 取消: no file is even asked for
    assert window.document.path == example_copy.resolve()
    assert window.document.is_dirty()
    assert report_to_json(window.document.report) == edited

    boxes.answer("不保存")
    window.menu_actions.import_.trigger()
    assert len(dialog.calls) == 1
    assert window.document.path is None
    assert window.document.report.meta.org_name == "盐池县"
    assert example_copy.read_bytes() == on_disk


def test_a_wrong_printed_total_shows_both_until_the_computed_one_is_accepted(
    make_window, wrong_total_txt: Path
) -> None:
    window = make_window()
    assert window.import_file(wrong_total_txt)
    doc = window.document
    assert shown(window, "t3.total.natural") == "印 2933 / 算 2932"
    assert any(f.rule == "R2" and "t3.total.natural" in f.cells for f in doc.findings())
    summary = window.import_summary
    assert summary is not None
    assert "原文有 1 处印出的合计与各项之和不符" in summary.hint.text()
    assert "（七）总计" in summary.hint.text()
    assert "2933" in summary.plain_text() and "R2" not in summary.plain_text()
    summary.accept()

    assert window.menu_actions.accept_totals.isEnabled()
    window.menu_actions.accept_totals.trigger()
    assert shown(window, "t3.total.natural") == "2932"
    assert not any(f.rule == "R2" for f in doc.findings())
    assert not window.menu_actions.accept_totals.isEnabled()
    assert window.menu_actions.undo.text() == "撤销 采用计算的合计"
    window.menu_actions.undo.trigger()
    assert shown(window, "t3.total.natural") == "印 2933 / 算 2932"
    assert window.menu_actions.accept_totals.isEnabled()
    window.menu_actions.redo.trigger()
    assert shown(window, "t3.total.natural") == "2932"
    # Still unsaved after undo and redo: the import itself is not on disk.
    assert doc.is_dirty()


_MIME_KEPT: list[QMimeData] = []


def _drop(window: MainWindow, path: Path) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    _MIME_KEPT.append(mime)  # the event does not own its data: keep it alive
    return QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_dropping_a_published_report_imports_it(
    make_window, sample_txt: Path, tmp_path: Path, qtbot
) -> None:
    window = make_window()
    doc = tmp_path / "报告.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    refused = _drop(window, doc)
    window.dropEvent(refused)
    assert not refused.isAccepted()  # neither a report file nor a report to import
    QApplication.processEvents()
    assert window.import_summary is None

    window.dropEvent(_drop(window, sample_txt))
    qtbot.waitUntil(lambda: window.import_summary is not None, timeout=10_000)
    assert window.document.path is None
    assert window.document.report.meta.org_name == "盐池县"
    assert window.document.is_dirty()


def test_dropping_a_pdf_imports_it(make_window, qtbot) -> None:
    window = make_window()
    pdf = DATA / "real" / "hongze-2023" / "hzq2023_working.pdf"
    event = _drop(window, pdf)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.import_summary is not None, timeout=30_000)
    assert window.document.report.meta.org_name == "洪泽区人民政府"
    assert window.document.report.cells["t2.license"] is not None


def _import_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "nianbao-import"]


def _slow_import(monkeypatch: pytest.MonkeyPatch, release: threading.Event) -> None:
    import desktop.importers as importers

    real = importers.import_report

    def slow(path: Any) -> Any:
        release.wait(30)
        return real(path)

    monkeypatch.setattr(importers, "import_report", slow)


def _when_progress_shows(act: Any, seen: list[str]) -> None:
    """Calls ``act(progress)`` once the modal progress box is up."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QProgressDialog) and box.isVisible():
            seen.append(box.labelText())
            act(box)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)


def _click_cancel(box: QProgressDialog) -> None:
    (button,) = [b for b in box.findChildren(QPushButton) if b.text() == "取消"]
    button.click()


def test_a_slow_import_shows_progress_then_opens_the_report(
    make_window, sample_txt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    _slow_import(monkeypatch, release)
    window = make_window()
    seen: list[str] = []
    _when_progress_shows(lambda box: release.set(), seen)
    try:
        assert window.import_file(sample_txt)
    finally:
        release.set()
    assert seen == [f"正在导入“{sample_txt.name}”，请稍候…"]
    assert QApplication.overrideCursor() is None
    assert window.document.report.values() == expected_cells()


def test_a_slow_import_can_be_cancelled_and_changes_nothing(
    window: MainWindow, example_copy: Path, sample_txt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = report_to_json(window.document.report)
    release = threading.Event()
    _slow_import(monkeypatch, release)
    seen: list[str] = []
    _when_progress_shows(_click_cancel, seen)
    try:
        assert not window.import_file(sample_txt)
    finally:
        release.set()
        for thread in _import_threads():
            thread.join(30)
    assert seen
    assert QApplication.overrideCursor() is None
    assert window.document.path == example_copy.resolve()
    assert not window.document.is_dirty()
    assert report_to_json(window.document.report) == before
    assert window.import_summary is None
    assert "已取消导入" in window.statusBar().currentMessage()


def test_a_word_file_exported_by_nianbao_imports_back_with_the_same_numbers(
    make_window, tmp_path: Path
) -> None:
    from desktop.resources import example_path
    from desktop.word_export import export_docx

    original = load_report(example_path())
    source = tmp_path / "盐池县2022年报.docx"
    export_docx(original, source)
    window = make_window()
    assert window.import_file(source)
    assert window.document.report.values() == original.values()
    assert window.document.report.meta.org_name == original.meta.org_name
    summary = window.import_summary
    assert summary is not None
    assert summary.heading.text().startswith("已导入Word 文档“盐池县2022年报.docx”")
    # Unsaved work is protected like any edit: a recovery copy can be written.
    assert window.write_recovery_now()


def test_the_window_checks_an_imported_report_once_and_shows_the_same_findings(
    make_window, wrong_total_txt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 17: the check is most of an import's cost on a long text. The import's worker
    # runs it for the summary; the window shows those findings instead of running it again.
    from desktop import prose_rules, rules
    from desktop.rulepack import load_pack

    window = make_window()
    pack = load_pack(DATA.parent.parent / "resources" / "rules" / "example.nbrules")
    window.document.set_rule_pack(pack)
    calls = {"table": 0, "prose": 0}
    table, prose = rules.table_findings, prose_rules.prose_findings

    def counted_table(*args: Any, **kwargs: Any) -> Any:
        calls["table"] += 1
        return table(*args, **kwargs)

    def counted_prose(*args: Any, **kwargs: Any) -> Any:
        calls["prose"] += 1
        return prose(*args, **kwargs)

    monkeypatch.setattr(rules, "table_findings", counted_table)
    monkeypatch.setattr(prose_rules, "prose_findings", counted_prose)
    assert window.import_file(wrong_total_txt)
    assert calls == {"table": 1, "prose": 1}
    shown_findings = window.document.findings()
    assert any(f.rule == "R2" for f in shown_findings)  # the wrong printed total
    assert any(f.rule == pack.name for f in shown_findings)  # the pack's, added by the window
    # The same list, in the same order, as the window's own check of that report.
    window.document.replace_report(window.document.report, None, dirty=True)
    assert window.document.findings() == shown_findings
