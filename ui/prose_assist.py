"""Help inside the prose editors: the 插入标准表述 button (a standard sentence written from the
report's data, inserted at the cursor) and the highlighting of sentences repeated from last
year's report (R21)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QAction, QColor, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolButton, QWidget

from desktop.findings import Finding
from desktop.place import Place
from desktop.standard_text import SentenceKind, kinds_for_place, standard_sentence
from ui.document import Document

INSERT_TEXT = "插入标准表述"
# Light amber: visible behind black text, distinct from the selection colour.
REPEAT_COLOR = QColor("#ffe3a0")
REPEAT_RULE = "R21"

# (section or None for the opening paragraph, the sub-part heading)
PlaceFn = Callable[[], tuple[int | None, str]]


class StandardSentenceButton(QToolButton):
    """“插入标准表述”: a click inserts the standard sentence that fits the editor's place (by the
    section and the sub-part heading) at the cursor; the arrow menu offers all of them."""

    def __init__(
        self,
        document: Document,
        editor: QPlainTextEdit,
        place: PlaceFn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.editor = editor
        self.place = place
        self.setText(INSERT_TEXT)
        self.setAutoRaise(False)
        menu = QMenu(self)
        self.actions_by_kind: dict[SentenceKind, QAction] = {}
        for kind in SentenceKind:
            action = menu.addAction(kind.label)
            action.triggered.connect(lambda _=False, k=kind: self.insert(k))
            self.actions_by_kind[kind] = action
        self.setMenu(menu)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.clicked.connect(self._clicked)
        menu.aboutToShow.connect(self.update_tip)
        self.update_tip()

    def default_kind(self) -> SentenceKind | None:
        """The sentence a plain click inserts, or None when nothing fits this place."""
        section, heading = self.place()
        kinds = kinds_for_place(section, heading)
        return kinds[0] if kinds else None

    def update_tip(self) -> None:
        kind = self.default_kind()
        if kind is None:
            self.setToolTip("根据表格和基本信息中的数据生成标准表述，插入到光标处；请从菜单中选择")
        else:
            self.setToolTip(
                f"{kind.label}：根据当前数据生成，插入到光标处（可撤销）；其他表述见右侧菜单"
            )

    def _clicked(self) -> None:
        kind = self.default_kind()
        if kind is None:
            self.showMenu()
        else:
            self.insert(kind)

    def insert(self, kind: SentenceKind) -> None:
        """Insert the sentence of ``kind`` at the editor's cursor (replacing a selection)."""
        text = standard_sentence(kind, self.document.report)
        self.editor.setFocus()
        self.editor.insertPlainText(text)
        self.editor.ensureCursorVisible()


def repeated_ranges(findings: Iterable[Finding], field: Place) -> list[tuple[int, int]]:
    """The (start, end) ranges of ``field`` that R21 found repeated from last year."""
    return [
        (start, end)
        for f in findings
        if f.rule == REPEAT_RULE
        for name, start, end in f.spans
        if name == field
    ]


def show_repeats(editor: QPlainTextEdit, ranges: list[tuple[int, int]]) -> None:
    """Shade ``ranges`` in ``editor`` (extra selections: they move with the text as the user
    types and are replaced when the prose rules run again)."""
    length = editor.document().characterCount() - 1
    selections = []
    for start, end in ranges:
        a, b = max(0, min(start, length)), max(0, min(end, length))
        if a >= b:
            continue
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(editor.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format.setBackground(REPEAT_COLOR)
        selections.append(selection)
    editor.setExtraSelections(selections)
