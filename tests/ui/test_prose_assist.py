"""The prose editors' help: 插入标准表述 at the cursor, a prose finding selecting its text, and
the sentences repeated from last year shaded."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from desktop.place import Place
from desktop.project_file import load_report
from desktop.report import Report
from desktop.standard_text import (
    application_sentences,
    info_fee_sentence,
    normative_sentence,
    opening_paragraph,
)
from ui.main_window import MainWindow
from ui.prose_assist import REPEAT_COLOR

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "yanchi-2022.nianbao"


def _window_with(qtbot: QtBot, report: Report) -> MainWindow:
    w = MainWindow(report, autosave=False)
    # closing with unsaved edits would ask 保存/不保存 in a modal box: discard them instead
    qtbot.addWidget(w, before_close_func=lambda w: w.discard_changes_and_close())
    w.show()
    return w


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    return _window_with(qtbot, load_report(EXAMPLE))


def test_insert_applications_sentence_at_the_cursor(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.prose_pages[1].part_editors[1]
    assert "依申请公开" in editor.heading.text()
    editor.text.setPlainText("前文。后文。")
    cursor = editor.text.textCursor()
    cursor.setPosition(3)
    editor.text.setTextCursor(cursor)
    assert editor.insert_button is not None
    qtbot.mouseClick(editor.insert_button, Qt.MouseButton.LeftButton)
    expected = "前文。" + application_sentences(window.document.report) + "后文。"
    assert editor.text.toPlainText() == expected
    assert window.document.report.prose.s1.parts[1].text == expected
    assert window.document.is_dirty()
    # one undo in the editor takes the whole insertion back
    editor.text.undo()
    assert editor.text.toPlainText() == "前文。后文。"


def test_insert_button_follows_the_heading(window: MainWindow, qtbot: QtBot) -> None:
    management = window.prose_pages[1].part_editors[2]
    management.text.clear()
    assert management.insert_button is not None
    qtbot.mouseClick(management.insert_button, Qt.MouseButton.LeftButton)
    assert management.text.toPlainText() == normative_sentence(window.document.report)

    window.document.set_meta_field("info_fee_yuan", Decimal(80))
    fee_part = window.prose_pages[6].part_editors[1]
    assert "信息处理费" in fee_part.heading.text()
    fee_part.text.clear()
    assert fee_part.insert_button is not None
    qtbot.mouseClick(fee_part.insert_button, Qt.MouseButton.LeftButton)
    assert fee_part.text.toPlainText() == info_fee_sentence(window.document.report)
    assert "80元" in fee_part.text.toPlainText()


def test_menu_offers_every_sentence(window: MainWindow) -> None:
    platform = window.prose_pages[1].part_editors[3]  # 平台建设: no default sentence
    assert platform.insert_button is not None
    assert platform.insert_button.default_kind() is None
    labels = [a.text() for a in platform.insert_button.menu().actions()]
    assert labels == [
        "插入标准开头段落",
        "插入主动公开标准表述",
        "插入依申请公开标准表述",
        "插入行政规范性文件标准表述",
        "插入信息处理费标准表述",
    ]
    platform.text.clear()
    platform.insert_button.actions_by_kind[
        next(k for k in platform.insert_button.actions_by_kind if k.value == "applications")
    ].trigger()
    assert platform.text.toPlainText() == application_sentences(window.document.report)


def test_insert_opening_paragraph(window: MainWindow, qtbot: QtBot) -> None:
    page = window.meta_page
    page.opening.clear()
    qtbot.mouseClick(page.opening_insert, Qt.MouseButton.LeftButton)
    assert window.document.report.prose.opening == opening_paragraph(window.document.report)
    assert "统计期限自2022年1月1日起至2022年12月31日止" in page.opening.toPlainText()


def test_prose_finding_selects_the_quoted_text(window: MainWindow) -> None:
    report = window.document.report
    text = report.prose.s1.parts[1].text.replace("申请11件", "申请12件", 1)
    window.document.set_prose(Place.text(1, 1), text)
    window.document.refresh_prose_findings()
    r16 = [f for f in window.document.prose_findings() if f.rule == "R16"]
    assert len(r16) == 1
    window.go_to_finding(r16[0])
    assert window.tabs.currentWidget() is window.prose_pages[1]
    editor = window.prose_pages[1].part_editors[1].text
    assert editor.textCursor().selectedText() == "收到政府信息公开申请12件"


def test_wrong_year_in_opening_selects_the_year(window: MainWindow) -> None:
    report = window.document.report
    window.document.set_prose(Place.opening(), opening_paragraph(report).replace("2022", "2021"))
    window.document.refresh_prose_findings()
    r18 = [f for f in window.document.prose_findings() if f.rule == "R18"]
    assert r18
    window.go_to_finding(r18[0])
    assert window.tabs.currentWidget() is window.meta_page
    assert window.meta_page.opening.textCursor().selectedText() == "2021"


def test_repeated_sentences_are_shaded_until_rewritten(qtbot: QtBot) -> None:
    last = load_report(EXAMPLE)
    report = last.model_copy(deep=True)
    report.meta.year = 2023
    report.previous = last
    window = _window_with(qtbot, report)
    r21 = [f for f in window.document.prose_findings() if f.rule == "R21"]
    assert len(r21) == 1
    lead = window.prose_pages[5].lead
    shaded = lead.extraSelections()
    assert shaded
    assert all(s.format.background().color() == REPEAT_COLOR for s in shaded)  # type: ignore[attr-defined]
    first = shaded[0].cursor.selectedText()  # type: ignore[attr-defined]
    assert first == "2022年，我县政府信息公开工作虽然取得一定的成绩，但也存在一些困难和问题。"
    expected = {(a, b) for field, a, b in r21[0].spans if field == Place.lead(5)}
    got = {
        (s.cursor.selectionStart(), s.cursor.selectionEnd())  # type: ignore[attr-defined]
        for s in shaded
    }
    assert got == expected

    # the user rewrites section 五: after the prose rules run, its shading is gone
    lead.setPlainText("本年度新发现的问题：一是公开目录更新不及时；二是政策解读形式仍较单一。")
    window.document.refresh_prose_findings()
    assert lead.extraSelections() == []
    part = window.prose_pages[1].part_editors[1].text
    assert part.extraSelections()  # 一 is still last year's text


def test_typing_moves_the_shading_with_the_text(qtbot: QtBot) -> None:
    last = load_report(EXAMPLE)
    report = last.model_copy(deep=True)
    report.meta.year = 2023
    report.previous = last
    window = _window_with(qtbot, report)
    lead = window.prose_pages[5].lead
    shaded = lead.extraSelections()
    before = shaded[0].cursor.selectedText()  # type: ignore[attr-defined]
    cursor = lead.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    lead.setTextCursor(cursor)
    lead.insertPlainText("（新增）")
    shaded = lead.extraSelections()
    assert shaded[0].cursor.selectionStart() == len("（新增）")  # type: ignore[attr-defined]
    assert shaded[0].cursor.selectedText() == before  # type: ignore[attr-defined]


def test_wrong_year_in_the_title_selects_the_year(window: MainWindow) -> None:
    window.document.set_prose(Place.title(), "盐池县2021年政府信息公开工作年度报告")
    window.document.refresh_prose_findings()
    r18 = [f for f in window.document.prose_findings() if f.rule == "R18"]
    assert len(r18) == 1 and r18[0].fields == (Place.title(),)
    window.go_to_finding(r18[0])
    assert window.tabs.currentWidget() is window.meta_page
    assert window.meta_page.custom_title.selectedText() == "2021"
