"""Undo and redo take the user to what they changed back, as Ctrl+Z does in Excel or WPS: the
tab of the place, and the cell or box there focused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.place import Place
from desktop.template import CELL_BY_ID
from ui.document import Document
from ui.main_window import MainWindow
from ui.navigation import TAB_META, TAB_S6, TAB_T2, TAB_T3


def _focused(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def _replayed(document: Document) -> list[Place]:
    places: list[Place] = []
    document.stepReplayed.connect(places.append)
    return places


def test_undo_of_a_cell_edit_goes_to_the_cell(window: MainWindow, qtbot) -> None:
    replayed = _replayed(window.document)
    value = window.document.value("t3.new.natural")
    assert isinstance(value, int)
    window.tabs.setCurrentIndex(TAB_META)
    window.document.set_cell("t3.new.natural", value + 1)
    # Doing the edit (here from code) moves nothing: the user is where they typed it.
    assert window.tabs.currentIndex() == TAB_META
    assert replayed == []

    window.document.undo_stack.undo()
    assert replayed == [Place.cell("t3.new.natural")]
    assert window.document.value("t3.new.natural") == value
    assert window.tabs.currentIndex() == TAB_T3
    view = window.table_pages["t3"].view
    cell = CELL_BY_ID["t3.new.natural"]
    assert (view.currentIndex().row(), view.currentIndex().column()) == (cell.row, cell.col)
    qtbot.waitUntil(lambda: _focused(view))

    window.tabs.setCurrentIndex(TAB_T2)
    window.document.undo_stack.redo()
    assert replayed[-1] == Place.cell("t3.new.natural")
    assert window.tabs.currentIndex() == TAB_T3


def test_undo_of_a_meta_edit_goes_to_the_field(window: MainWindow, qtbot) -> None:
    replayed = _replayed(window.document)
    before = window.document.report.meta.org_name
    window.document.set_meta_field("org_name", "测试县人民政府")
    window.tabs.setCurrentIndex(TAB_T3)
    window.document.undo_stack.undo()
    assert replayed == [Place.meta("org_name")]
    assert window.tabs.currentIndex() == TAB_META
    page = window.meta_page
    assert page.org_name.text() == before
    qtbot.waitUntil(lambda: _focused(page.org_name))


def test_undo_of_the_information_fee_goes_to_section_six(window: MainWindow, qtbot) -> None:
    replayed = _replayed(window.document)
    window.document.set_meta_field("info_fee_yuan", "12.5")
    window.tabs.setCurrentIndex(TAB_META)
    window.document.undo_stack.undo()
    assert replayed == [Place.info_fee()]
    assert window.tabs.currentIndex() == TAB_S6
    fee = window.prose_pages[6].fee
    assert fee is not None
    qtbot.waitUntil(lambda: _focused(fee))


def test_undo_of_a_prose_edit_goes_to_the_part(window: MainWindow, qtbot) -> None:
    replayed = _replayed(window.document)
    parts = window.document.report.prose.s6.parts
    assert len(parts) >= 2
    second = parts[1].text
    window.document.remove_subpart(6, 1)
    window.tabs.setCurrentIndex(TAB_META)

    window.document.undo_stack.undo()
    assert replayed == [Place.whole_part(6, 1)]
    assert window.tabs.currentIndex() == TAB_S6
    editor = window.prose_pages[6].part_editors[1]
    assert editor.text.toPlainText() == second
    qtbot.waitUntil(lambda: _focused(editor.text))

    # Redoing the removal leaves no part 2 to show: the section's opening text is focused.
    window.tabs.setCurrentIndex(TAB_META)
    window.document.undo_stack.redo()
    assert replayed[-1] == Place.lead(6)
    assert window.tabs.currentIndex() == TAB_S6
    qtbot.waitUntil(lambda: _focused(window.prose_pages[6].lead))


def test_undo_of_a_moved_part_goes_to_where_it_is_back(window: MainWindow) -> None:
    replayed = _replayed(window.document)
    window.document.move_subpart(6, 0, 1)
    window.document.undo_stack.undo()
    window.document.undo_stack.redo()
    assert replayed == [Place.whole_part(6, 0), Place.whole_part(6, 1)]


def test_undo_of_typed_prose_stays_in_its_box(window: MainWindow, qtbot) -> None:
    # Typed prose is undone by its own box (not a report undo step): focus stays where it is.
    replayed = _replayed(window.document)
    window.tabs.setCurrentIndex(TAB_S6)
    editor = window.prose_pages[6].part_editors[0].text
    before = editor.toPlainText()
    editor.setFocus()
    qtbot.waitUntil(lambda: _focused(editor))
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "ab")
    assert editor.toPlainText() == before + "ab"
    assert window.document.prose_text(Place.text(6, 0)) == before + "ab"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == before
    assert window.document.prose_text(Place.text(6, 0)) == before
    assert window.tabs.currentIndex() == TAB_S6
    assert _focused(editor)
    assert replayed == []
