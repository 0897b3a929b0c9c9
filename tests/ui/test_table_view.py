"""The table views as a clerk uses them: typing, keys, clipboard, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QLineEdit

from desktop.findings import Severity
from desktop.report import new_report
from ui.document import Document
from ui.table_model import COLOR_ERROR
from ui.table_view import ReportTableView

DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole


@pytest.fixture
def t3(qtbot, doc):  # type: ignore[no-untyped-def]
    view = ReportTableView(doc, "t3")
    qtbot.addWidget(view)
    view.resize(*view.full_size())
    view.show()
    qtbot.waitExposed(view)
    return view


def shown(view: ReportTableView, cell_id: str) -> str:
    return str(view.table_model.index_of(cell_id).data(DISPLAY))


def editor_of(view: ReportTableView) -> QLineEdit:
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit)
    return editor


def type_text(qtbot, view: ReportTableView, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a person: the first key reaches the table, the rest the editor it opens."""
    qtbot.keyClick(view, text[0])
    if len(text) > 1:
        qtbot.keyClicks(editor_of(view), text[1:])


def test_typing_a_number_updates_totals_and_findings(qtbot, t3, doc) -> None:
    assert shown(t3, "t3.new.total") == "11"
    assert not [f for f in doc.findings() if f.rule == "R1"]
    t3.select_cell("t3.new.natural")
    changed: list[tuple[int, int]] = []
    t3.table_model.dataChanged.connect(lambda a, b: changed.append((a.row(), a.column())))

    type_text(qtbot, t3, "12")
    assert t3.state() == t3.State.EditingState
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Tab)

    assert doc.report.cells["t3.new.natural"] == 12
    assert shown(t3, "t3.new.natural") == "12"
    assert shown(t3, "t3.new.total") == "12"
    # 新收 12 + 结转 0 no longer equals 总计 11 + 结转 0: the column is wrong now.
    r1 = [f for f in doc.findings() if f.rule == "R1"]
    assert r1 and r1[0].severity is Severity.ERROR
    index = t3.table_model.index_of("t3.new.natural")
    assert index.data(BACKGROUND).color() == COLOR_ERROR
    assert r1[0].message in index.data(Qt.ItemDataRole.ToolTipRole)
    # Only the edited cell, its totals and the cells whose findings changed were announced.
    expected = {(3, 3), (3, 9)}
    assert expected <= set(changed)
    allowed = expected | {
        (c.row, c.col)
        for cid in doc.changed_finding_cells
        if (c := t3.table_model.cell_at(t3.table_model.index_of(cid))) is not None
    }
    assert set(changed) <= allowed
    # Tab committed and moved right, to the next input cell.
    assert t3.current_cell().id == "t3.new.business"  # type: ignore[union-attr]
    assert doc.undo_stack.undoText() == "修改 表三 自然人 本年新收"


def test_enter_commits_and_moves_down_shift_enter_up(qtbot, t3, doc) -> None:
    t3.select_cell("t3.granted.natural")
    type_text(qtbot, t3, "7")
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: doc.report.cells["t3.granted.natural"] == 7, timeout=2000)
    assert t3.current_cell().id == "t3.partial.natural"  # type: ignore[union-attr]
    qtbot.keyClick(t3, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert t3.current_cell().id == "t3.granted.natural"  # type: ignore[union-attr]
    # Enter skips the computed 总计 row on its way down.
    t3.select_cell("t3.other_3.natural")
    qtbot.keyClick(t3, Qt.Key.Key_Return)
    assert t3.current_cell().id == "t3.carried_out.natural"  # type: ignore[union-attr]


def test_tab_wraps_to_next_row_and_skips_total_column(qtbot, t3) -> None:
    t3.select_cell("t3.new.other")
    qtbot.keyClick(t3, Qt.Key.Key_Tab)
    assert t3.current_cell().id == "t3.carried_in.natural"  # type: ignore[union-attr]
    qtbot.keyClick(t3, Qt.Key.Key_Backtab)
    assert t3.current_cell().id == "t3.new.other"  # type: ignore[union-attr]


def test_arrows_move_between_value_cells(qtbot, t3) -> None:
    t3.select_cell("t3.new.natural")
    qtbot.keyClick(t3, Qt.Key.Key_Left)  # a label is to the left: stay
    assert t3.current_cell().id == "t3.new.natural"  # type: ignore[union-attr]
    qtbot.keyClick(t3, Qt.Key.Key_Down)
    assert t3.current_cell().id == "t3.carried_in.natural"  # type: ignore[union-attr]
    t3.select_cell("t3.new.other")
    qtbot.keyClick(t3, Qt.Key.Key_Right)  # arrows may land on a total, to read or copy it
    assert t3.current_cell().id == "t3.new.total"  # type: ignore[union-attr]


def refused_note(view: ReportTableView) -> str:
    """The note shown next to the cell (empty when none is shown)."""
    note = view.cell_message
    return note.text() if note.isVisible() else ""


def test_typed_decimal_in_a_count_is_refused_in_place_not_changed(qtbot, t3, doc) -> None:
    # Issue 14 problem 1: "12.5" became 125 (the validator dropped the point).
    t3.select_cell("t3.new.natural")
    type_text(qtbot, t3, "12.5")
    editor = editor_of(t3)
    assert editor.text() == "12.5"  # every character kept
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert t3.state() == t3.State.EditingState  # the editor stays open
    assert editor_of(t3) is editor and editor.text() == "12.5"
    assert "整数" in refused_note(t3)  # a message next to the cell, not only the status bar
    assert "#c62828" in editor.styleSheet()  # red frame
    note = t3.cell_message.geometry()
    cell = t3.visualRect(t3.currentIndex())
    assert abs(note.top() - cell.bottom()) < 8 or abs(note.bottom() - cell.top()) < 8
    assert doc.report.cells["t3.new.natural"] == 11  # the stored value is unchanged
    assert doc.undo_stack.count() == 0

    # Correcting the text clears the frame and the note; Tab then commits.
    editor.setText("")
    qtbot.keyClicks(editor, "13")
    assert not refused_note(t3) and not editor.styleSheet()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert doc.report.cells["t3.new.natural"] == 13


@pytest.mark.parametrize(
    ("typed", "words"), [("-3", "负数"), ("abc", "不是数字"), ("1234567890", "太大")]
)
def test_minus_letters_and_too_many_digits_are_refused_in_place(
    qtbot, t3, doc, typed: str, words: str
) -> None:
    t3.select_cell("t3.new.natural")
    type_text(qtbot, t3, typed)
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Tab)
    assert editor_of(t3).text() == typed
    assert words in refused_note(t3)
    assert doc.report.cells["t3.new.natural"] == 11
    # Esc restores the old value and closes the note.
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Escape)
    assert t3.state() != t3.State.EditingState
    assert not refused_note(t3)
    assert shown(t3, "t3.new.natural") == "11"


def test_thousands_separators_and_full_width_digits_are_accepted(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.natural")
    type_text(qtbot, t3, "1,234")
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Tab)
    assert doc.report.cells["t3.new.natural"] == 1234
    assert not refused_note(t3)


def test_leaving_an_invalid_edit_by_clicking_keeps_the_value_and_says_so(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.natural")
    type_text(qtbot, t3, "1x")
    messages: list[str] = []
    t3.statusMessage.connect(messages.append)
    t3.select_cell("t3.carried_in.natural")  # moving away commits what is in the editor
    qtbot.wait(20)
    assert doc.report.cells["t3.new.natural"] == 11
    assert messages and "原值未变" in messages[-1]


def test_paste_with_letters_shows_the_message_next_to_the_cell(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.natural")
    assert not t3.paste_text("5\tx")
    assert "不是数字" in refused_note(t3)
    cell = t3.visualRect(t3.table_model.index_of("t3.new.business"))
    assert t3.cell_message.geometry().left() <= cell.right()
    assert doc.report.cells["t3.new.natural"] == 11


def test_tab_tab_enter_returns_to_the_start_column_one_row_down(qtbot, t3, doc) -> None:
    # Issue 14 problem 9: Excel/WPS go back to 自然人 of the next row.
    t3.select_cell("t3.new.natural")
    for text in ("1", "2"):
        type_text(qtbot, t3, text)
        qtbot.keyClick(editor_of(t3), Qt.Key.Key_Tab)
    type_text(qtbot, t3, "3")
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: t3.state() != t3.State.EditingState)
    assert doc.report.cells["t3.new.research"] == 3
    assert t3.current_cell().id == "t3.carried_in.natural"  # type: ignore[union-attr]
    # Without a Tab run, Enter simply goes down.
    qtbot.keyClick(t3, Qt.Key.Key_Return)
    assert t3.current_cell().id == "t3.granted.natural"  # type: ignore[union-attr]


def test_typing_replaces_f2_edits_delete_blanks_undoably(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.natural")
    qtbot.keyClick(t3, "7")
    assert editor_of(t3).text() == "7"  # typing replaces the old 11
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Escape)
    qtbot.keyClick(t3, Qt.Key.Key_F2)
    assert editor_of(t3).text() == "11"  # F2 edits in place
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Escape)
    qtbot.keyClick(t3, Qt.Key.Key_Delete)
    assert doc.report.cells.get("t3.new.natural") is None
    assert shown(t3, "t3.new.natural") == "未填"
    doc.undo_stack.undo()
    assert doc.report.cells["t3.new.natural"] == 11


def test_frozen_headers_stay_when_table_3_scrolls(qtbot, doc) -> None:
    # Issue 14 problem 4: at 1366×768 the column headers of table 三 scrolled away.
    view = ReportTableView(doc, "t3")
    qtbot.addWidget(view)
    width, height = view.full_size()
    view.resize(width // 2, height // 2)  # both ways too small: both scroll bars
    view.show()
    qtbot.waitExposed(view)
    panes = view._panes
    assert panes is not None and panes.top is not None and panes.left is not None
    assert not panes.top.isVisible()  # unscrolled: nothing laid over the table
    view.select_cell("t3.carried_out.other")  # the last row: scrolls down and right
    qtbot.wait(20)
    assert view.verticalScrollBar().value() > 0
    assert panes.top.isVisible()
    assert panes.top.geometry().top() == view.viewport().geometry().top()
    header_height = sum(view.rowHeight(r) for r in range(3))
    assert panes.top.height() == header_height
    # The pane shows the header labels at the columns of the cells below them.
    assert panes.top.horizontalScrollBar().value() == view.horizontalScrollBar().value()
    assert (
        panes.top.visualRect(view.table_model.index(1, 3)).left()
        == view.visualRect(view.table_model.index(3, 3)).left()
    )
    # The current cell is not hidden under the frozen rows.
    assert view.visualRect(view.currentIndex()).top() >= header_height
    # Scrolled sideways, the row labels stay.
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    assert view.horizontalScrollBar().value() > 0
    assert panes.left.isVisible()
    assert panes.left.width() == sum(view.columnWidth(c) for c in range(3))
    assert panes.left.verticalScrollBar().value() == view.verticalScrollBar().value()
    assert panes.corner is not None and panes.corner.isVisible()


def test_typing_into_a_total_is_refused(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.total")
    with qtbot.waitSignal(t3.statusMessage) as blocker:
        qtbot.keyClick(t3, "3")
    assert "合计" in blocker.args[0]
    assert doc.undo_stack.count() == 0


def test_amount_cell_refuses_too_many_decimals_in_place(qtbot, doc) -> None:
    # Spec §10: 万元 amounts are typed with up to 6 decimals (real reports print 24252.311082).
    view = ReportTableView(doc, "t2")
    qtbot.addWidget(view)
    view.show()
    view.select_cell("t2.fees")
    type_text(qtbot, view, "12.3456789")
    qtbot.keyClick(editor_of(view), Qt.Key.Key_Tab)
    assert editor_of(view).text() == "12.3456789"
    assert "6 位小数" in view.cell_message.text() and view.cell_message.isVisible()
    editor_of(view).setText("12.345600")
    qtbot.keyClick(editor_of(view), Qt.Key.Key_Tab)
    assert str(doc.report.cells["t2.fees"]) == "12.345600"  # as typed
    assert doc.undo_stack.undoText() == "修改 表二 行政事业性收费"


def test_full_width_digits_from_an_input_method(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.natural")
    qtbot.keyClick(t3, Qt.Key.Key_F2)
    editor = editor_of(t3)
    assert editor.text() == "11"  # F2 edits the value, it does not overwrite it
    editor.selectAll()
    event = QInputMethodEvent()
    event.setCommitString("１２")
    QGuiApplication.sendEvent(editor, event)
    assert editor.text() == "１２"  # shown as typed
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert doc.report.cells["t3.new.natural"] == 12


def test_input_method_digits_start_typing_in_the_table(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.natural")
    event = QInputMethodEvent()
    event.setCommitString("３")
    QGuiApplication.sendEvent(t3, event)
    assert editor_of(t3).text() == "３"
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Tab)
    assert doc.report.cells["t3.new.natural"] == 3
    event = QInputMethodEvent()
    event.setCommitString("三")  # a Chinese numeral is not a number the table can sum
    QGuiApplication.sendEvent(t3, event)
    assert editor_of(t3).text() == "三"  # kept as typed …
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Tab)
    assert "不是数字" in t3.cell_message.text()  # … and refused on Tab
    assert doc.report.cells["t3.new.business"] != "三"


def test_escape_cancels_an_edit(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.natural")
    type_text(qtbot, t3, "99")
    qtbot.keyClick(editor_of(t3), Qt.Key.Key_Escape)
    assert doc.report.cells["t3.new.natural"] == 11
    assert doc.undo_stack.count() == 0


def test_pasted_block_lands_right_and_undoes_in_one_step(qtbot, t3, doc) -> None:
    t3.select_cell("t3.granted.natural")
    QGuiApplication.clipboard().setText("1\t2\t3\r\n4\t5\t6\r\n")
    qtbot.keyClick(t3, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    cells = doc.report.cells
    assert [cells[f"t3.granted.{k}"] for k in ("natural", "business", "research")] == [1, 2, 3]
    assert [cells[f"t3.partial.{k}"] for k in ("natural", "business", "research")] == [4, 5, 6]
    assert shown(t3, "t3.granted.total") == "6"
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "粘贴 6 个单元格"

    doc.undo_stack.undo()
    assert cells["t3.granted.natural"] == 5 and cells["t3.partial.natural"] == 3
    assert cells["t3.granted.business"] == 0
    assert shown(t3, "t3.granted.total") == "5"
    doc.undo_stack.redo()
    assert cells["t3.partial.research"] == 6


def test_paste_skips_totals_with_a_notice(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.natural")
    with qtbot.waitSignal(t3.statusMessage) as blocker:
        t3.paste_text("1\t1\t1\t1\t1\t1\t6\n")
    assert "跳过 1 个合计" in blocker.args[0]
    assert all(doc.report.cells[f"t3.new.{k}"] == 1 for k in ("natural", "other"))
    assert doc.value("t3.new.total") == 6


def test_invalid_paste_is_refused_whole_and_names_the_cell(qtbot, t3, doc) -> None:
    t3.select_cell("t3.new.natural")
    before = dict(doc.report.cells)
    with qtbot.waitSignal(t3.statusMessage) as blocker:
        assert not t3.paste_text("3\t2件\t1")
    assert "表三 一、本年新收政府信息公开申请数量 / 商业企业" in blocker.args[0]
    assert "2件" in blocker.args[0]
    assert doc.report.cells == before
    assert doc.undo_stack.count() == 0


def test_a_too_large_paste_is_refused_in_place_like_typing(qtbot, t3, doc) -> None:
    # Spec §10: paste takes what typing takes (at most 9 digits), with the same message.
    t3.select_cell("t3.new.natural")
    before = dict(doc.report.cells)
    with qtbot.waitSignal(t3.statusMessage) as blocker:
        assert not t3.paste_text("12345678901")
    assert doc.report.cells == before and doc.undo_stack.count() == 0
    model = t3.table_model
    with qtbot.waitSignal(model.editRejected) as typed:
        assert not model.setData(model.index_of("t3.new.natural"), "12345678901")
    assert doc.report.cells == before
    assert "最多 9 位" in typed.args[0] and "12345678901" in typed.args[0]
    assert blocker.args[0] == f"未粘贴：{typed.args[0]}"


def test_paste_from_excel_with_thousands_separators_and_blanks(qtbot, doc) -> None:
    view = ReportTableView(doc, "t2")
    qtbot.addWidget(view)
    view.select_cell("t2.license")
    # Excel copies a merged 1×3 cell as the value and two empty fields.
    assert view.paste_text("14,356\t\t\n\t\t\n\t\t\n2,848\t\t\n")
    assert doc.report.cells["t2.license"] == 14356
    assert doc.report.cells["t2.penalty"] == 2848


def test_single_value_fills_the_selection(qtbot, t3, doc) -> None:
    model = t3.table_model
    t3.select_cell("t3.withheld_1.natural")
    sel = t3.selectionModel()
    sel.select(
        model.index_of("t3.withheld_3.business"),
        sel.SelectionFlag.Select,
    )
    t3.paste_text("4")
    assert doc.report.cells["t3.withheld_1.natural"] == 4
    assert doc.report.cells["t3.withheld_3.business"] == 4
    assert doc.undo_stack.undoText() == "粘贴 2 个单元格"


def test_copy_selection_as_tsv(qtbot, t3, doc) -> None:
    model = t3.table_model
    t3.select_cell("t3.new.natural")
    t3.selectionModel().select(
        model.index_of("t3.carried_in.business"), t3.selectionModel().SelectionFlag.Select
    )
    qtbot.keyClick(t3, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "11\t\n\t0"


def test_delete_clears_the_selection_in_one_step(qtbot, t3, doc) -> None:
    model = t3.table_model
    t3.select_cell("t3.new.natural")
    sel = t3.selectionModel()
    for cid in ("t3.granted.natural", "t3.new.total"):
        sel.select(model.index_of(cid), sel.SelectionFlag.Select)
    qtbot.keyClick(t3, Qt.Key.Key_Delete)
    assert doc.report.cells["t3.new.natural"] is None
    assert doc.report.cells["t3.granted.natural"] is None
    assert shown(t3, "t3.new.natural") == "未填"
    assert shown(t3, "t3.new.total") == ""  # a total over a blank is not a number yet
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.report.cells["t3.new.natural"] == 11
    assert doc.report.cells["t3.granted.natural"] == 5


def test_blank_cells_show_as_unfilled_not_as_errors(qtbot) -> None:
    doc = Document(new_report("某县人民政府", 2023))
    view = ReportTableView(doc, "t3")
    qtbot.addWidget(view)
    index = view.table_model.index_of("t3.new.natural")
    assert index.data(DISPLAY) == "未填"
    assert index.data(BACKGROUND) is None
    assert any(f.rule == "R12" for f in doc.findings())


def test_fill_blanks_with_zero_for_the_table(qtbot) -> None:
    doc = Document(new_report("某县人民政府", 2023))
    view = ReportTableView(doc, "t3")
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.statusMessage) as blocker:
        view.fill_blanks_action.trigger()
    assert blocker.args == ["已将表三的 144 个空白单元格填为 0"]
    assert doc.blank_ids("t3") == []
    assert doc.blank_ids("t2")  # only this table
    assert shown(view, "t3.total.total") == "0"
    assert doc.undo_stack.undoText() == "空白单元格填0"
    doc.undo_stack.undo()
    assert len(doc.blank_ids("t3")) == 144


def test_accept_computed_totals_is_undoable(qtbot, report) -> None:
    report.printed_totals = {"t3.total.natural": 12}
    doc = Document(report)
    view = ReportTableView(doc, "t3")
    qtbot.addWidget(view)
    assert view.accept_totals_action.isEnabled()
    assert shown(view, "t3.total.natural") == "印 12 / 算 11"
    view.accept_totals_action.trigger()
    assert shown(view, "t3.total.natural") == "11"
    assert not view.accept_totals_action.isEnabled()
    assert doc.undo_stack.undoText() == "采用计算的合计"
    doc.undo_stack.undo()
    assert shown(view, "t3.total.natural") == "印 12 / 算 11"
    assert view.accept_totals_action.isEnabled()


def test_select_cell_by_id(qtbot, doc) -> None:
    view = ReportTableView(doc, "t4")
    qtbot.addWidget(view)
    assert view.select_cell("t4.suit_direct.pending")
    assert view.current_cell().id == "t4.suit_direct.pending"  # type: ignore[union-attr]
    assert not view.select_cell("t3.new.natural")  # another table's cell


def test_spans_follow_the_template(qtbot, doc) -> None:
    view = ReportTableView(doc, "t3")
    qtbot.addWidget(view)
    assert view.rowSpan(5, 0) == 22  # 三、本年度办理结果
    assert view.columnSpan(0, 3) == 7  # 申请人情况
    assert view.horizontalHeader().isHidden() and view.verticalHeader().isHidden()
    # Upright, one character a line, as printed (not broken as 本年/度办/理结/果).
    assert view.table_model.index(5, 0).data(DISPLAY) == "\n".join("三、本年度办理结果")
    assert view.table_model.index(6, 0).data(DISPLAY) is None  # covered by the merge


def test_undo_redo_of_typed_edits(qtbot, t3, doc) -> None:
    for cid, text in (("t3.new.natural", "3"), ("t3.new.business", "4")):
        t3.select_cell(cid)
        type_text(qtbot, t3, text)
        qtbot.keyClick(editor_of(t3), Qt.Key.Key_Tab)
    assert doc.value("t3.new.total") == 7
    doc.undo_stack.undo()
    assert doc.value("t3.new.total") == 3
    assert shown(t3, "t3.new.business") == "0"
    doc.undo_stack.undo()
    assert shown(t3, "t3.new.total") == "11"
    assert not doc.is_dirty()
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert shown(t3, "t3.new.total") == "7"


@pytest.mark.parametrize("key", ["t2", "t3", "t4"])
@pytest.mark.parametrize("blank", [False, True])
def test_models_pass_qtmodeltester(qtmodeltester, report, key, blank) -> None:
    if blank:
        report = new_report("某县人民政府", 2023)
    else:
        report.printed_totals = {"t3.total.natural": 12, "t4.review.total": 1}
    doc = Document(report)
    view = ReportTableView(doc, key)
    qtmodeltester.check(view.table_model)
    assert view.table_model.rowCount(QModelIndex()) == view.table.n_rows


def test_a_long_number_widens_its_column(qtbot, t3, doc) -> None:
    col = t3.table_model.index_of("t3.new.natural").column()
    before = t3.columnWidth(col)
    doc.set_cell("t3.new.natural", 123456789)
    assert t3.columnWidth(col) > before
    text = t3.table_model.index_of("t3.new.total").data(DISPLAY)
    assert text == "123456789"
    fm = t3.fontMetrics()
    assert fm.horizontalAdvance(text) < t3.columnWidth(t3.table.n_cols - 1)
