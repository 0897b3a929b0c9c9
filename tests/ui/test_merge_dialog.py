"""文件 → 汇总多个单位…: the dialog merges the chosen files and shows the summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.project_file import load_report, save_report
from desktop.report import Level
from ui.merge_dialog import MergeDialog

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "yanchi-2022.nianbao"
NAMES = ("盐池县发展和改革局", "盐池县教育局", "盐池县花马池镇人民政府")


@pytest.fixture
def unit_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "units"
    folder.mkdir()
    for i, name in enumerate(NAMES):
        report = load_report(EXAMPLE)
        report.meta.org_name = name
        save_report(report, folder / f"unit{i}.nianbao")
    return folder


def test_merge_a_folder_with_breakdown(qtbot, unit_folder: Path, tmp_path: Path) -> None:
    dialog = MergeDialog(start_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.add_paths([unit_folder])
    assert dialog.file_list.count() == 3
    assert dialog.count_label.text() == "已选择 3 个文件"
    out = tmp_path / "盐池县汇总.nianbao"
    dialog.output_edit.setText(str(out))
    dialog.org_edit.setText("盐池县人民政府")
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(Level.COUNTY))
    dialog.breakdown_check.setChecked(True)
    assert dialog.breakdown_edit.text().endswith("盐池县汇总-分单位明细.xlsx")

    with qtbot.waitSignal(dialog.openRequested, timeout=5000) as opened:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        assert "已汇总 3 个单位的 2022 年度报告" in dialog.summary.toPlainText()
        assert "没有需要处理的问题" in dialog.summary.toPlainText()
        assert dialog.open_button.isEnabled()
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [out]
    total = load_report(out)
    assert total.meta.org_name == "盐池县人民政府"
    assert total.value("t3.new.total") == 33
    assert (tmp_path / "盐池县汇总-分单位明细.xlsx").is_file()


def test_blank_cell_is_listed_with_its_unit(qtbot, unit_folder: Path, tmp_path: Path) -> None:
    report = load_report(unit_folder / "unit1.nianbao")
    report.cells["t4.review.upheld"] = None
    save_report(report, unit_folder / "unit1.nianbao")
    dialog = MergeDialog(start_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.add_paths(sorted(unit_folder.glob("*.nianbao")))
    dialog.output_edit.setText(str(tmp_path / "total"))
    assert dialog.run_merge()
    text = dialog.summary.toPlainText()
    assert "表四 行政复议 / 结果维持：盐池县教育局" in text
    assert "有需要核实的问题" in text
    assert (tmp_path / "total.nianbao").is_file()  # the extension is added


def test_same_file_is_listed_once_and_broken_file_explained(
    qtbot, unit_folder: Path, tmp_path: Path
) -> None:
    dialog = MergeDialog(start_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.add_paths([unit_folder / "unit0.nianbao", unit_folder / "unit0.nianbao"])
    assert dialog.file_list.count() == 1
    broken = tmp_path / "broken.nianbao"
    broken.write_text("{", encoding="utf-8")
    dialog.add_paths([broken])
    dialog.output_edit.setText(str(tmp_path / "total.nianbao"))
    assert not dialog.run_merge()
    assert "未能完成汇总" in dialog.summary.toPlainText()
    assert "broken.nianbao" in dialog.summary.toPlainText()
    assert not dialog.open_button.isEnabled()
    assert not (tmp_path / "total.nianbao").exists()


def test_existing_output_is_not_overwritten_without_asking(
    qtbot, unit_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "total.nianbao"
    out.write_text("keep", encoding="utf-8")
    asked: list[str] = []

    def answer_no(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    dialog = MergeDialog(start_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.add_paths([unit_folder])
    dialog.output_edit.setText(str(out))
    assert not dialog.run_merge()
    assert asked and "total.nianbao" in asked[0]
    assert out.read_text(encoding="utf-8") == "keep"


def test_nothing_chosen_says_what_to_do(qtbot, tmp_path: Path) -> None:
    dialog = MergeDialog(start_folder=tmp_path)
    qtbot.addWidget(dialog)
    assert not dialog.run_merge()
    assert "请先添加各单位的年报文件" in dialog.summary.toPlainText()
