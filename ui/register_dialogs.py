"""Dialogs of the register: the import mapping step, the register export, the holiday table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, os_error_reason
from desktop.register.model import (
    CASE_PENDING,
    DECISIONS,
    DEFAULT_DECISION_MAP,
    PENDING_LABEL,
    RESULT_LABELS,
    ApplicantKind,
    CaseCategory,
    CaseKind,
    Channel,
)
from desktop.register.sync import decision_words
from desktop.register.table_io import (
    APPLICATIONS,
    CASES,
    IGNORE,
    Mapping,
    Proposal,
    add_rows,
    propose,
    read_sheet,
    sheet_names,
    summary_lines,
)
from desktop.register.workdays import (
    DayKind,
    holidays_from_json,
    holidays_path,
    holidays_to_json,
    load_calendar,
)
from ui.document import Document
from ui.file_dialogs import get_open_file_name, get_save_file_name
from ui.register_edits import replace_rows, set_decision_map, set_mode

_NOT_READ = "（不读取）"
_UNMAPPED = "（请选择）"


def _choices(fld: str, table: str = APPLICATIONS, words: tuple[str, ...] = DECISIONS) -> list[str]:
    if table == CASES:
        if fld == "kind":
            return [k.value for k in CaseKind]
        return [*dict.fromkeys([*words, CASE_PENDING])]
    if fld == "kind":
        return [k.value for k in ApplicantKind]
    if fld == "channel":
        return ["（未填）", *(c.value for c in Channel)]
    return [PENDING_LABEL, *RESULT_LABELS.values()]


def _ok_cancel_row(layout: QVBoxLayout, *extra: QPushButton) -> QDialogButtonBox:
    """The dialog's bottom row: its own buttons on the left, 确定/取消 on the right."""
    row = QHBoxLayout()
    for button in extra:
        row.addWidget(button)
    row.addStretch(1)
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    row.addWidget(box)
    layout.addLayout(row)
    return box


class RegisterImportDialog(QDialog):
    """The mapping step: which column is which field and what each written value means; the
    rows that cannot be imported are listed. 导入 adds the mappable rows (one undo step). The
    sheet may be the 申请台账 or the 复议/诉讼 case list (recognised by its header row; the user
    can say which)."""

    def __init__(self, document: Document, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.path = path
        self.setWindowTitle(f"导入台账 — {path.name}")
        self.resize(900, 640)
        self.rows = read_sheet(path)  # raises UserError before the dialog shows
        self.sheets = sheet_names(path)
        self.words = decision_words(document.report.ledger)
        self.proposal: Proposal = propose(
            self.rows, document.report.meta.year, decision_words=self.words
        )
        layout = QVBoxLayout(self)
        which = QHBoxLayout()
        which.addWidget(QLabel("这个表格是："))
        self.table_box = QComboBox()
        self.table_box.addItems(["申请台账", "复议诉讼案件表"])
        self.table_box.setCurrentIndex(1 if self.proposal.table == CASES else 0)
        which.addWidget(self.table_box)
        # A workbook with several sheets (an exported register has 申请台账 and 复议诉讼案件):
        # the user picks the one to import.
        self.sheet_box = QComboBox()
        self.sheet_box.addItems(self.sheets)
        if len(self.sheets) > 1:
            which.addSpacing(16)
            which.addWidget(QLabel("工作表："))
            which.addWidget(self.sheet_box)
        which.addStretch(1)
        layout.addLayout(which)
        intro = QLabel(
            "请核对软件识别出的列和取值的对应关系。无法识别的列不会读取；无法对应的取值请选择，"
            "然后点“重新识别”。无法导入的行列在下面，不会被丢弃而不提示。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.columns = QTableWidget(0, 2)
        self.columns.setHorizontalHeaderLabels(["表格中的列", "对应台账字段"])
        self.columns.horizontalHeader().setStretchLastSection(True)
        row.addWidget(self.columns, 1)
        self.values = QTableWidget(0, 3)
        self.values.setHorizontalHeaderLabels(["字段", "表格中的写法", "对应为"])
        self.values.horizontalHeader().setStretchLastSection(True)
        row.addWidget(self.values, 1)
        layout.addLayout(row, 3)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        layout.addWidget(self.summary, 2)
        self.again = QPushButton("重新识别")
        self.save_mapping = QPushButton("保存映射…")
        self.box = _ok_cancel_row(layout, self.again, self.save_mapping)
        self.again.clicked.connect(self.reapply)
        self.table_box.activated.connect(lambda _i: self._table_chosen())
        self.sheet_box.activated.connect(lambda _i: self._sheet_chosen())
        self.save_mapping.clicked.connect(self._save_mapping)
        self.box.accepted.connect(self.do_import)
        self.box.rejected.connect(self.reject)
        self.added = 0
        self._show()

    @property
    def table(self) -> str:
        """The list the user says the sheet is."""
        return CASES if self.table_box.currentIndex() == 1 else APPLICATIONS

    def _sheet_chosen(self) -> None:
        """Read the chosen sheet and recognise which list it is."""
        try:
            rows = read_sheet(self.path, self.sheet_box.currentText())
            proposal = propose(rows, self.document.report.meta.year, decision_words=self.words)
        except UserError as exc:
            QMessageBox.warning(self, "导入台账", str(exc))
            return
        self.rows, self.proposal = rows, proposal
        self.table_box.setCurrentIndex(1 if proposal.table == CASES else 0)
        self._show()

    def _table_chosen(self) -> None:
        try:
            self.proposal = propose(
                self.rows,
                self.document.report.meta.year,
                table=self.table,
                decision_words=self.words,
            )
        except UserError as exc:
            QMessageBox.warning(self, "导入台账", str(exc))
            self.table_box.setCurrentIndex(1 if self.proposal.table == CASES else 0)
            return
        self._show()

    def _show(self) -> None:
        p = self.proposal
        labels = p.kind.labels
        headers = [h for h in p.headers if h]
        self.columns.setRowCount(len(headers))
        field_names = [_NOT_READ, *labels.values()]
        by_label = {v: k for k, v in labels.items()}
        self._field_by_label = by_label
        for i, h in enumerate(headers):
            self.columns.setItem(i, 0, QTableWidgetItem(h))
            box = QComboBox()
            box.addItems(field_names)
            fld = p.mapping.columns.get(h)
            box.setCurrentText(labels[fld] if fld and fld != IGNORE else _NOT_READ)
            self.columns.setCellWidget(i, 1, box)
        entries: list[tuple[str, str, str | None, bool]] = []
        for fld in p.kind.choices:
            for raw, value in p.mapping.values.get(fld, {}).items():
                entries.append((fld, raw, value, True))
            for raw in p.unknown_values.get(fld, []):
                entries.append((fld, raw, None, False))
        self.values.setRowCount(len(entries))
        self._value_rows = entries
        for i, (fld, raw, value, known) in enumerate(entries):
            self.values.setItem(i, 0, QTableWidgetItem(labels[fld]))
            self.values.setItem(i, 1, QTableWidgetItem(raw))
            box = QComboBox()
            choices = _choices(fld, p.table, self.words)
            box.addItems(([_UNMAPPED] if not known else []) + choices)
            if known:
                if p.table == CASES:
                    box.setCurrentText(str(value))
                elif fld == "result":
                    box.setCurrentText(PENDING_LABEL if value is None else RESULT_LABELS[value])
                elif value is None:
                    box.setCurrentText("（未填）")
                else:
                    box.setCurrentText(value)
            self.values.setCellWidget(i, 2, box)
        self.summary.setPlainText("\n".join(summary_lines(p)))
        ok = self.box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"导入 {len(p.rows)} 行")
        ok.setEnabled(bool(p.rows))

    def current_mapping(self) -> Mapping:
        """The mapping as the user has set it in the two tables."""
        columns: dict[str, str] = {}
        for i in range(self.columns.rowCount()):
            item = self.columns.item(i, 0)
            header = item.text() if item is not None else ""
            box = self.columns.cellWidget(i, 1)
            assert isinstance(box, QComboBox)
            text = box.currentText()
            columns[header] = IGNORE if text == _NOT_READ else self._field_by_label[text]
        kind = self.proposal.kind
        values: dict[str, dict[str, str | None]] = {f: {} for f in kind.choices}
        by_result = {v: k for k, v in RESULT_LABELS.items()}
        for i, (fld, raw, _value, _known) in enumerate(self._value_rows):
            box = self.values.cellWidget(i, 2)
            assert isinstance(box, QComboBox)
            text = box.currentText()
            if text == _UNMAPPED:
                continue
            if kind.name == CASES:
                values[fld][raw] = text
            elif fld == "result":
                values[fld][raw] = by_result.get(text)
            else:
                values[fld][raw] = None if text == "（未填）" else text
        return Mapping(columns, values, kind.name)

    def reapply(self) -> None:
        """Map the sheet again with the user's choices."""
        self.proposal = propose(
            self.rows,
            self.document.report.meta.year,
            self.current_mapping(),
            decision_words=self.words,
        )
        self._show()

    def _save_mapping(self) -> None:
        name, _ = get_save_file_name(self, "保存映射", "台账映射.json", "映射文件 (*.json)")
        if name:
            try:
                Path(name).write_text(self.current_mapping().to_json(), encoding="utf-8")
            except OSError as exc:
                QMessageBox.warning(self, "保存映射", f"未能保存：{os_error_reason(exc)}")

    def do_import(self) -> None:
        """Add the mappable rows as one undo step; a blank table 三 (四 for a case list)
        becomes 由台账生成."""
        from desktop.register.sync import t3_is_blank, t4_is_blank

        self.reapply()
        reg = self.document.report.ledger.model_copy(deep=True)
        self.added, _ = add_rows(reg, self.proposal)
        report = self.document.report
        if self.added and self.proposal.table == CASES:
            replace_rows(self.document, "cases", reg.cases, f"导入案件 {self.added} 件")
            if not report.ledger.t4_generated and t4_is_blank(report):
                set_mode(self.document, "t4", True)
        elif self.added:
            replace_rows(
                self.document, "applications", reg.applications, f"导入台账 {self.added} 行"
            )
            if not report.ledger.t3_generated and t3_is_blank(report):
                set_mode(self.document, "t3", True)
        self.accept()


def import_register(parent: QWidget, document: Document, path: Path | None = None) -> int:
    """Ask for a 台账 file and run the mapping step; returns how many rows were added."""
    if path is None:
        name, _ = get_open_file_name(
            parent, "导入台账", "", "台账表格 (*.xlsx *.csv *.xls *.et);;所有文件 (*)"
        )
        if not name:
            return 0
        path = Path(name)
    try:
        dialog = RegisterImportDialog(document, path, parent)
    except UserError as exc:
        QMessageBox.warning(parent, "导入台账", str(exc))
        return 0
    dialog.exec()
    return dialog.added


def export_register(parent: QWidget, document: Document) -> Path | None:
    """Save the register as .xlsx, saying it holds personal data."""
    from desktop.register.table_io import PERSONAL_DATA_NOTE, save_register_xlsx

    name, _ = get_save_file_name(parent, "导出台账", "申请台账.xlsx", "Excel 表格 (*.xlsx)")
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    try:
        save_register_xlsx(document.report.ledger, path, force=True)
    except UserError as exc:
        QMessageBox.warning(parent, "导出台账", str(exc))
        return None
    QMessageBox.information(parent, "导出台账", f"已导出：{path}\n\n{PERSONAL_DATA_NOTE}")
    return path


class HolidaysDialog(QDialog):
    """The user's 放假/调休 days for years the holiday package does not know; saved in the
    app's data folder; 导出/导入 to share them between offices."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("节假日设置")
        self.resize(460, 420)
        self.path = path or holidays_path()
        layout = QVBoxLayout(self)
        from desktop.register.workdays import package_years

        years = sorted(package_years())
        known = f"{years[0]}–{years[-1]} 年" if years else "没有年份"
        note = QLabel(
            f"软件自带的节假日数据包含 {known}的放假和调休安排。其他年份请在这里补充"
            "（日期写成 2027-10-01；类型为“放假”或“调休上班”），否则按周末计算答复期限。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["日期", "类型"])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, slot in (
            ("添加一行", self.add_row),
            ("删除所选", self.remove_rows),
            ("导入…", self.import_file),
            ("导出…", self.export_file),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        layout.addLayout(row)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.set_days(load_calendar(self.path).user_days)

    def set_days(self, days: dict[date, DayKind]) -> None:
        """Show these days."""
        self.table.setRowCount(0)
        for d, k in sorted(days.items()):
            self.add_row(d.isoformat(), k)

    def add_row(self, text: str = "", kind: DayKind = DayKind.HOLIDAY) -> None:
        """Add a row (empty by default)."""
        i = self.table.rowCount()
        self.table.insertRow(i)
        self.table.setItem(i, 0, QTableWidgetItem(text if isinstance(text, str) else ""))
        box = QComboBox()
        box.addItems([k.value for k in DayKind])
        box.setCurrentText(kind.value)
        self.table.setCellWidget(i, 1, box)

    def remove_rows(self) -> None:
        """Delete the selected rows."""
        for i in sorted({ix.row() for ix in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(i)

    def days(self) -> dict[date, DayKind]:
        """The days as entered; ValueError names the first bad date."""
        from desktop.register.table_io import parse_date_text

        out: dict[date, DayKind] = {}
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            text = item.text().strip() if item is not None else ""
            if not text:
                continue
            d = parse_date_text(text)
            if d is None:
                raise ValueError(f"第 {i + 1} 行的“{text}”不是日期，请写成 2027-10-01")
            box = self.table.cellWidget(i, 1)
            assert isinstance(box, QComboBox)
            out[d] = DayKind(box.currentText())
        return out

    def save(self) -> None:
        """Write the table to the data folder and use it from now on."""
        from desktop.project_file import atomic_write_bytes
        from desktop.register.checks import set_current_calendar

        try:
            days = self.days()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, holidays_to_json(days).encode("utf-8"))
        except ValueError as exc:
            QMessageBox.warning(self, "节假日设置", str(exc))
            return
        except OSError as exc:
            QMessageBox.warning(self, "节假日设置", f"未能保存：{os_error_reason(exc)}")
            return
        set_current_calendar(None)
        self.accept()

    def export_file(self) -> None:
        """Write the table to a file to share."""
        name, _ = get_save_file_name(self, "导出节假日", "节假日.json", "节假日表 (*.json)")
        if not name:
            return
        try:
            Path(name).write_text(holidays_to_json(self.days()), encoding="utf-8")
        except (ValueError, OSError) as exc:
            QMessageBox.warning(self, "导出节假日", str(exc))

    def import_file(self) -> None:
        """Add the days of a shared file."""
        name, _ = get_open_file_name(self, "导入节假日", "", "节假日表 (*.json)")
        if not name:
            return
        try:
            days = holidays_from_json(Path(name).read_text(encoding="utf-8"), name)
            merged = {**self.days(), **days}
        except (ValueError, OSError) as exc:
            QMessageBox.warning(self, "导入节假日", str(exc))
            return
        self.set_days(merged)


_NO_CATEGORY = "（未指定）"
DECISION_MAP_NOTE = (
    "下表是软件对各类复议、诉讼决定计入表四哪一栏的建议，不是法定口径：2021 年格式的表四只有"
    "结果维持、结果纠正、其他结果三栏，2023 年修订的行政复议法又增加了表中没有列出的决定类型。"
    "请按本机关（或上级）的统计口径核对，可以修改，也可以添加其他写法；对个别案件，还可以在"
    "案件表的“计入表四”一栏单独指定。修改只对本报告有效，可以撤销。"
)


class DecisionMapDialog(QDialog):
    """The report's decision mapping (结果对应): each decision word, the app's suggestion and
    where this report counts it in table 四. Words the cases use but the mapping does not know
    are listed for the user to place; new words can be added."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("结果对应（计入表四哪一栏）")
        self.resize(620, 560)
        reg = document.report.ledger
        layout = QVBoxLayout(self)
        note = QLabel(DECISION_MAP_NOTE)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            ["决定类型（按决定书的写法）", "软件建议", "本报告计入"]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        layout.addWidget(self.table, 1)
        used = [c.decision.strip() for c in reg.cases]
        words = [*DEFAULT_DECISION_MAP, *reg.decision_map]
        words += [w for w in used if w and w != CASE_PENDING]
        for word in dict.fromkeys(words):
            self._add_row(word, reg.decision_map.get(word) or DEFAULT_DECISION_MAP.get(word))
        self.add_button = QPushButton("添加决定类型")
        self.reset_button = QPushButton("全部恢复软件建议")
        self.box = _ok_cancel_row(layout, self.add_button, self.reset_button)
        self.add_button.clicked.connect(lambda: self._add_row("", None, edit=True))
        self.reset_button.clicked.connect(self.reset)
        self.box.accepted.connect(self.save)
        self.box.rejected.connect(self.reject)

    def _add_row(self, word: str, current: CaseCategory | None, edit: bool = False) -> None:
        from PySide6.QtCore import Qt

        i = self.table.rowCount()
        self.table.insertRow(i)
        item = QTableWidgetItem(word)
        if word in DEFAULT_DECISION_MAP:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(i, 0, item)
        suggestion = DEFAULT_DECISION_MAP.get(word)
        shown = QTableWidgetItem(suggestion.value if suggestion else "（软件没有建议）")
        shown.setFlags(shown.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(i, 1, shown)
        box = QComboBox()
        if suggestion is None:
            box.addItem(_NO_CATEGORY)
        box.addItems([c.value for c in CaseCategory])
        box.setCurrentText(current.value if current else _NO_CATEGORY)
        self.table.setCellWidget(i, 2, box)
        if edit:
            self.table.setCurrentCell(i, 0)
            self.table.editItem(item)

    def reset(self) -> None:
        """Every word back to the app's suggestion (words of the report's own: unplaced)."""
        for i in range(self.table.rowCount()):
            box = self.table.cellWidget(i, 2)
            assert isinstance(box, QComboBox)
            word = self._word(i)
            suggestion = DEFAULT_DECISION_MAP.get(word)
            box.setCurrentText(suggestion.value if suggestion else _NO_CATEGORY)

    def _word(self, row: int) -> str:
        item = self.table.item(row, 0)
        return item.text().strip() if item is not None else ""

    def chosen(self) -> dict[str, CaseCategory]:
        """The mapping as set in the table: entries that differ from the app's suggestion and
        placed words of the report's own."""
        out: dict[str, CaseCategory] = {}
        for i in range(self.table.rowCount()):
            word = self._word(i)
            box = self.table.cellWidget(i, 2)
            assert isinstance(box, QComboBox)
            if not word or word == CASE_PENDING or box.currentText() == _NO_CATEGORY:
                continue
            category = CaseCategory(box.currentText())
            if DEFAULT_DECISION_MAP.get(word) != category:
                out[word] = category
        return out

    def save(self) -> None:
        """Store the mapping (one undo step) and close."""
        set_decision_map(self.document, self.chosen())
        self.accept()
