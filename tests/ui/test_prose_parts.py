"""Issue 14 on the prose tabs: sub-parts are never lost (delete asks, one undo step each,
（一）（二）… follow the order), Ctrl+Z / Ctrl+Y wherever the caret is, and the 信息处理费 box
refuses a wrong amount in place instead of dropping keys."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from desktop.place import Place
from desktop.report import SubPart
from desktop.standard_text import chinese_ordinal, renumber_headings
from ui.main_window import TAB_S1, TAB_S6, MainWindow


def test_chinese_ordinals_and_renumbering() -> None:
    assert [chinese_ordinal(n) for n in (1, 9, 10, 11, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
    ]
    assert renumber_headings(["（三）甲", "乙", "（一）丙", "(五)丁"]) == [
        "（一）甲",
        "乙",
        "（二）丙",
        "(三)丁",
    ]


def _s1(window: MainWindow):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentIndex(TAB_S1)
    return window.prose_pages[1], window.document.report.prose.s1


def test_deleting_a_part_with_text_asks_and_cancel_keeps_it(window: MainWindow, boxes) -> None:
    # Issue 14 problem 5: 删除 on a sub-part holding 99 characters removed it at once.
    page, section = _s1(window)
    count = len(section.parts)
    section_text = section.parts[2].text
    boxes.answer("取消")
    page.part_editors[2].remove.click()
    assert len(section.parts) == count and section.parts[2].text == section_text
    assert "确定要删除" in boxes.texts[0]
    assert window.document.undo_stack.count() == 0


def test_delete_and_move_renumber_and_undo_in_one_step(window: MainWindow, boxes) -> None:
    page, section = _s1(window)
    headings = [p.heading for p in section.parts]
    assert headings[2].startswith("（三）")
    boxes.answer("删除")
    page.part_editors[1].remove.click()
    assert [p.heading[:3] for p in section.parts] == ["（一）", "（二）", "（三）", "（四）"]
    assert section.parts[1].heading == "（二）" + headings[2][3:]  # renumbered, text kept
    assert page.part_editors[1].heading.text() == section.parts[1].heading
    window.menu_actions.undo.trigger()  # one step: the part and the old numbers back
    assert [p.heading for p in section.parts] == headings

    page.part_editors[3].up.click()  # （四） moves above （三）
    assert section.parts[2].heading == "（三）" + headings[3][3:]
    assert section.parts[3].heading == "（四）" + headings[2][3:]
    window.menu_actions.undo.trigger()
    assert [p.heading for p in section.parts] == headings


def test_a_new_part_gets_the_next_number(window: MainWindow) -> None:
    page, section = _s1(window)
    page.add_button.click()
    assert section.parts[-1].heading == f"（{chinese_ordinal(len(section.parts))}）"
    window.menu_actions.undo.trigger()


def test_ctrl_z_in_a_heading_box_undoes_the_move_ctrl_y_redoes(window: MainWindow, qtbot) -> None:
    # Issue 14 problems 5 and 6: with the caret in a heading box Ctrl+Z did not undo the
    # move, and Ctrl+Y did nothing anywhere.
    window.activateWindow()
    qtbot.waitActive(window)
    page, section = _s1(window)
    texts = [p.text for p in section.parts]
    page.part_editors[1].up.click()
    heading = page.part_editors[0].heading
    assert heading.hasFocus()
    assert section.parts[0].text == texts[1]
    qtbot.keyClick(heading, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [p.text for p in section.parts] == texts
    qtbot.keyClick(heading, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert section.parts[0].text == texts[1]
    # Typing in the box is undone by the box first, then the move.
    qtbot.keyClicks(heading, "X")
    qtbot.keyClick(heading, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not heading.text().endswith("X")
    assert section.parts[0].text == texts[1]
    qtbot.keyClick(heading, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [p.text for p in section.parts] == texts


def test_ctrl_y_redoes_in_a_table(window: MainWindow, qtbot) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    view = window.table_pages["t3"].view
    window.tabs.setCurrentIndex(3)
    view.select_cell("t3.new.natural")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.document.value("t3.new.natural") is None
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.value("t3.new.natural") == 11
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.document.value("t3.new.natural") is None


def test_info_fee_refuses_in_place_and_keeps_the_text(window: MainWindow, qtbot) -> None:
    window.tabs.setCurrentIndex(TAB_S6)
    page = window.prose_pages[6]
    fee = page.fee
    assert fee is not None
    old = window.document.report.info_fee_yuan
    fee.clear()
    qtbot.keyClicks(fee, "12x0.5")  # the x used to be dropped silently: 120.5
    qtbot.keyClick(fee, Qt.Key.Key_Return)
    assert fee.text() == "12x0.5"
    assert page.fee_message.isVisible() and "不是数字" in page.fee_message.text()
    assert "#c62828" in fee.styleSheet()
    assert window.document.report.info_fee_yuan == old
    fee.setText("12.345")
    fee.editingFinished.emit()
    assert "2 位小数" in page.fee_message.text()
    fee.clear()
    qtbot.keyClicks(fee, "1,200")  # thousands separators are fine
    assert not page.fee_message.isVisible()
    qtbot.keyClick(fee, Qt.Key.Key_Return)
    assert window.document.report.info_fee_yuan == Decimal("1200")


def test_subpart_model_is_untouched_by_renumbering_headings_without_numbers(
    window: MainWindow,
) -> None:
    doc = window.document
    section = doc.report.prose.s5
    section.parts[:] = [SubPart(heading="问题", text="a"), SubPart(heading="举措", text="b")]
    doc.move_subpart(5, 1, 0)
    assert [p.heading for p in section.parts] == ["举措", "问题"]


def test_opening_a_table_tab_focuses_the_current_cell_not_the_caption(
    window: MainWindow, qtbot
) -> None:
    # Issue 14 problem 3: after clicking the 三、依申请公开 tab, typing "5" went into 表前说明.
    window.activateWindow()
    qtbot.waitActive(window)
    window.tabs.setCurrentIndex(TAB_S1)
    window.prose_pages[1].lead.setFocus()  # the focus on the page being left
    window.tabs.setCurrentIndex(3)
    page = window.table_pages["t3"]
    qtbot.waitUntil(lambda: page.view.hasFocus())
    caption = page.intro.text()
    qtbot.keyClick(page.view, "5")
    editor = page.view.indexWidget(page.view.currentIndex())
    assert editor is not None and editor.text() == "5"
    assert page.intro.text() == caption
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    # A finding that points at the caption still gets it.
    window.tabs.setCurrentIndex(TAB_S1)
    window.tabs.setCurrentIndex(3)
    page.focus_field(page.field)
    qtbot.wait(30)
    assert page.intro.hasFocus()


def test_section_5_outline_prompt_inserts_editable_parts_in_one_step(
    window: MainWindow,
) -> None:
    # Issue 14: 五 had no help at all while a warning said it must be written.
    from desktop.standard_text import S5_TOPICS
    from ui.s5_prompt import S5PromptDialog

    page = window.prose_pages[5]
    assert page.outline_button is not None
    doc = window.document
    section = doc.report.prose.s5
    before = len(section.parts)
    dialog = S5PromptDialog(doc, page)
    assert dialog.boxes[0].toPlainText().startswith("2022年，盐池县")
    dialog.boxes[2].clear()  # a topic left out is not inserted
    assert dialog.insert() == 2
    assert [p.heading[3:] for p in section.parts[before:]] == list(S5_TOPICS[:2])
    assert section.parts[before].heading.startswith("（一）")
    assert page.part_editors[before].text.toPlainText().startswith("2022年，盐池县")
    doc.undo_stack.undo()  # one step
    assert len(section.parts) == before
    dialog.deleteLater()


def test_findings_call_the_lead_box_by_its_label(window: MainWindow) -> None:
    # The box is labelled 导语; findings called it 开头段落 (the name of 基本信息's paragraph).
    from desktop.prose_rules import prose_places

    places = {p.field: p.name for p in prose_places(window.document.report)}
    assert places[Place.lead(5)] == "五、存在的主要问题及改进情况 导语"
    assert places[Place.opening()] == "开头段落"


def test_r1_link_jumps_to_the_cell_the_message_says_to_fix(window: MainWindow) -> None:
    doc = window.document
    doc.set_cell("t3.granted.natural", doc.value("t3.granted.natural") - 1)  # type: ignore[operator]
    finding = next(f for f in doc.findings() if f.rule == "R1")
    assert "结转下年度应为" in finding.message
    window.go_to_finding(finding)
    view = window.table_pages["t3"].view
    assert view.current_cell().id == "t3.carried_out.natural"  # type: ignore[union-attr]


def test_new_and_imported_reports_get_the_same_kind_of_file_name(window: MainWindow) -> None:
    ws = window.workspace
    ws.document.replace_report(ws.document.report, None)
    assert ws.suggested_name(".nianbao") == "盐池县2022年报.nianbao"
    ws.imported_from = None
    assert ws.suggested_name(".nianbao") == "盐池县2022年报.nianbao"


def test_merge_counts_blank_cells_apart_from_errors(window: MainWindow) -> None:
    from desktop.findings import Finding, Severity
    from desktop.merge import is_counted_error

    blank = Finding("R12", Severity.ERROR, "表三 未填", cells=("t3.new.natural",))
    assert not is_counted_error(blank)
    assert is_counted_error(Finding("R1", Severity.ERROR, "x"))


def test_preview_headings_are_as_large_as_the_body(window: MainWindow, qtbot) -> None:
    # Issue 14: 预览 headings were smaller than the body text (Qt's own heading sizes).
    window.tabs.setCurrentIndex(7)
    window.preview.refresh()
    block = window.preview.document().begin()
    sizes: dict[str, float] = {}
    while block.isValid():
        text = block.text()
        if text and block.begin() != block.end():
            size = block.begin().fragment().charFormat().font().pointSizeF()
            if text.startswith("一、总体情况"):
                sizes["heading"] = size
            elif text.startswith("根据"):
                sizes["body"] = size
        block = block.next()
    assert sizes["heading"] >= sizes["body"] > 0


def test_an_editors_remembered_text_follows_every_change(qtbot) -> None:
    from PySide6.QtGui import QTextCursor

    from ui.widgets import ProseEdit

    editor = ProseEdit()
    qtbot.addWidget(editor)
    editor.show()

    def same() -> bool:
        return editor.plain_text() == editor.toPlainText()

    assert editor.plain_text() == ""
    editor.set_text_quietly("第一稿")  # signals of the editor blocked
    assert editor.plain_text() == "第一稿" and same()
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "ab")
    assert editor.plain_text() == "第一稿ab" and same()
    editor.undo()
    assert same()
    blocked = editor.blockSignals(True)
    editor.textCursor().insertText("插入")
    editor.document().setPlainText("整个换掉")
    editor.blockSignals(blocked)
    assert editor.plain_text() == "整个换掉" and same()
    editor.clear()
    assert editor.plain_text() == "" and same()
