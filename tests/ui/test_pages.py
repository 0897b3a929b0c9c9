"""The 基本信息 and prose pages and the findings panel, driven like a user would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt

from desktop.findings import Severity
from desktop.place import Place
from ui.main_window import TAB_S5, MainWindow
from ui.navigation import TAB_T4


def test_meta_edits_are_undoable_and_update_the_title_preview(window: MainWindow, qtbot) -> None:
    page = window.meta_page
    page.org_name.selectAll()
    qtbot.keyClicks(page.org_name, "Test County")
    assert page.title_preview.text() == "Test County2022年政府信息公开工作年度报告"
    qtbot.keyClick(page.org_name, Qt.Key.Key_Return)
    assert window.document.report.meta.org_name == "Test County"
    assert window.menu_actions.undo.text() == "撤销 修改 机关全称"
    assert window.isWindowModified()
    window.menu_actions.undo.trigger()
    assert window.document.report.meta.org_name == "盐池县"
    assert page.org_name.text() == "盐池县"
    assert page.title_preview.text() == "盐池县2022年政府信息公开工作年度报告"


def test_custom_title_overrides_the_generated_one_and_clears_back(
    window: MainWindow, qtbot
) -> None:
    page = window.meta_page
    qtbot.keyClicks(page.custom_title, "Custom Title 2022")
    assert page.title_preview.text() == "Custom Title 2022"
    qtbot.keyClick(page.custom_title, Qt.Key.Key_Return)
    assert window.document.report.prose.title == "Custom Title 2022"
    assert window.document.report.title() == "Custom Title 2022"
    assert window.isWindowModified()
    page.custom_title.selectAll()
    qtbot.keyClick(page.custom_title, Qt.Key.Key_Delete)
    assert page.title_preview.text() == "盐池县2022年政府信息公开工作年度报告"
    qtbot.keyClick(page.custom_title, Qt.Key.Key_Return)
    assert window.document.report.prose.title is None


def test_meta_choices_and_optional_date(window: MainWindow) -> None:
    page = window.meta_page
    page.level.activated.emit(page.level.findText("设区的市级"))
    assert window.document.report.meta.level.value == "设区的市级"
    assert not page.published.isEnabled()
    page.has_published.setChecked(True)
    assert window.document.report.meta.published == date(2023, 1, 31)
    page.has_published.setChecked(False)
    assert window.document.report.meta.published is None
    window.menu_actions.undo.trigger()
    assert page.has_published.isChecked()
    assert window.document.report.meta.published == date(2023, 1, 31)


def test_opening_paragraph_typing_marks_the_report_unsaved(window: MainWindow, qtbot) -> None:
    page = window.meta_page
    page.opening.clear()
    qtbot.keyClicks(page.opening, "abc 12")
    assert window.document.report.prose.opening == "abc 12"
    assert page.opening_count.text() == "5 字"
    assert window.isWindowModified()


def test_prose_parts_add_type_move_remove_and_undo(window: MainWindow, qtbot, boxes) -> None:
    window.tabs.setCurrentIndex(TAB_S5)
    page = window.prose_pages[5]
    section = window.document.report.prose.s5
    before = [p.model_copy() for p in section.parts]
    page.add_button.click()
    assert len(page.part_editors) == len(before) + 1
    new = page.part_editors[-1]
    assert new.heading.text().startswith("（")  # a numbered section: the next number
    new.heading.clear()
    qtbot.keyClicks(new.heading, "(X) heading")
    qtbot.keyClicks(new.text, "some words")
    assert section.parts[-1].heading == "(X) heading"
    assert section.parts[-1].text == "some words"
    assert new.count.text() == "9 字"
    if len(page.part_editors) > 1:
        new.up.click()
        assert section.parts[-2].text == "some words"
        assert page.part_editors[-2].text.toPlainText() == "some words"
        assert window.menu_actions.undo.text().startswith("撤销 移动 五、存在的主要问题及改进情况")
        window.menu_actions.undo.trigger()
        assert section.parts[-1].text == "some words"
    boxes.answer("删除")  # it holds text: asked first
    page.part_editors[-1].remove.click()
    assert "9 个字" in boxes.texts[-1]
    assert [p.heading for p in section.parts] == [p.heading for p in before]
    assert len(page.part_editors) == len(before)
    window.menu_actions.undo.trigger()
    assert section.parts[-1].text == "some words"
    assert page.part_editors[-1].text.toPlainText() == "some words"


def test_lead_editor_shows_the_guidance_and_counts(window: MainWindow, qtbot) -> None:
    page = window.prose_pages[5]
    page.lead.clear()
    assert "存在的主要问题" in page.lead.placeholderText()
    qtbot.keyClicks(page.lead, "ab")
    qtbot.keyClick(page.lead, Qt.Key.Key_Return)
    qtbot.keyClicks(page.lead, "cd")
    assert window.document.report.prose.s5.lead == "ab\ncd"
    assert page.lead_count.text() == "4 字"


def test_info_fee_is_entered_in_yuan(window: MainWindow, qtbot) -> None:
    fee = window.prose_pages[6].fee
    assert fee is not None
    fee.clear()
    qtbot.keyClicks(fee, "120.5")
    qtbot.keyClick(fee, Qt.Key.Key_Return)
    assert window.document.report.info_fee_yuan == Decimal("120.5")
    assert window.menu_actions.undo.text() == "撤销 修改 信息处理费"


def test_findings_panel_groups_by_severity_and_updates_live(window: MainWindow) -> None:
    panel = window.findings_panel
    sample_gaps = ["R20", "R20"]  # what the sample really lacks (R20's content part)
    assert [f.rule for _, f in panel.items()] == sample_gaps
    window.document.set_cell("t3.new.natural", 99)
    window.document.set_meta_field("published", date(2023, 6, 30))
    window.document.refresh_prose_findings()
    heads = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert heads[0].startswith("● 错误 ")
    assert any(h.startswith("▲ 警告 ") for h in heads)
    severities = [f.severity for _, f in panel.items()]
    assert severities == sorted(
        severities, key=[Severity.ERROR, Severity.WARNING, Severity.INFO].index
    )
    window.menu_actions.undo.trigger()
    window.menu_actions.undo.trigger()
    window.document.refresh_prose_findings()
    assert [f.rule for _, f in panel.items()] == sample_gaps


def test_blank_cells_are_listed_apart_from_errors(window: MainWindow) -> None:
    window.document.set_cell("t4.review.upheld", None)
    panel = window.findings_panel
    heads = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert heads == ["▲ 警告 2", "○ 未填"]  # the warnings: the sample's R20 content gaps
    assert window.tabs.tabText(TAB_T4) == "四、复议诉讼"
    assert window.counts_label.text() == "错误 0 · 警告 2 · 未填 1 单元格 · 未写 0 部分"


def test_written_date_field(window: MainWindow) -> None:
    page = window.meta_page
    # The example carries its 成文日期.
    assert page.has_written.isChecked() and page.written.isEnabled()
    assert page.written.date().toString("yyyy-MM-dd") == "2023-01-18"
    page.has_written.setChecked(False)
    assert window.document.report.meta.written is None
    assert not page.written.isEnabled()
    window.menu_actions.undo.trigger()
    assert window.document.report.meta.written == date(2023, 1, 18)
    assert page.focus_field(Place.meta("written"))


def test_viewport_of_is_the_viewport(qtbot) -> None:
    from PySide6.QtWidgets import QPlainTextEdit, QTreeWidget

    from ui.widgets import viewport_of

    for area in (QTreeWidget(), QPlainTextEdit()):
        qtbot.addWidget(area)
        port = viewport_of(area)
        assert port is area.viewport()
        assert port.parent() is area
