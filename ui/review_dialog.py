"""文件 → 审核多个单位…: review a folder of units' reports, list the results, save the workbook.

The review runs in a worker thread through ui.slow_work (the window keeps painting; a
progress box counts the files read and checked, and 取消 stops before the next one).
Double-clicking a unit asks the window to open its report (``openRequested(Path)``). Near-miss
roster pairs are listed for the reviewer to confirm; nothing is paired by guess.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.review.collect import ReviewResult, Status, UnitReview, review_folder
from desktop.rulepack import RulePack
from ui.file_dialogs import get_existing_directory, get_open_file_name, get_save_file_name
from ui.rule_pack import current_pack
from ui.slow_work import WorkProgress, run_slow

COLUMNS = ("单位", "状态", "错误", "警告", "文件")
_STATUS_COLOURS = {
    Status.PASSED: "#e2f0d9",
    Status.WARNINGS: "#fff2cc",
    Status.ERRORS: "#f8cbad",
    Status.UNREADABLE: "#d9d9d9",
    Status.MISSING: "#d9d9d9",
}


class ReviewDialog(QDialog):
    """Choose the folder (and roster, last year, letters), review, look at the results."""

    openRequested = Signal(object)

    def __init__(
        self,
        settings: QSettings | None = None,
        start_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setWindowTitle("审核多个单位的年报")
        self.resize(900, 700)
        self.settings = settings
        self.start_folder = start_folder or Path.home()
        self.review_result: ReviewResult | None = None
        self.pack: RulePack | None = current_pack(settings) if settings is not None else None

        inputs = QGroupBox("审核哪些报告")
        form = QFormLayout(inputs)
        self.folder_edit = self._path_row(form, "各单位报告所在文件夹：", "选择文件夹", folder=True)
        self.roster_edit = self._path_row(form, "应报单位名单（可不填）：", "名单 (*.xlsx *.txt)")
        self.previous_edit = self._path_row(
            form, "上一年度报告文件夹（可不填）：", "选择文件夹", folder=True
        )
        self.letters_edit = self._path_row(
            form, "审核意见保存到（可不填）：", "选择文件夹", folder=True
        )
        pack_text = f"“{self.pack.name}”" if self.pack else "未使用（工具 → 规则包… 中选择）"
        self.pack_label = QLabel(pack_text)
        form.addRow("规则包：", self.pack_label)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("reviewResults")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemDoubleClicked.connect(self._open_row)
        self.summary_label = QLabel("选好文件夹后点击“开始审核”。双击某个单位可以打开它的报告。")
        self.summary_label.setWordWrap(True)

        self.pairs_box = QGroupBox("可能是同一单位（名单上的名称 / 报告中的名称）")
        self.pairs = QListWidget()
        self.confirm_button = QPushButton("确认是同一单位")
        pairs_layout = QHBoxLayout(self.pairs_box)
        pairs_layout.addWidget(self.pairs, 1)
        pairs_layout.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignTop)
        self.confirm_button.clicked.connect(self._confirm_pair)
        self.pairs_box.setVisible(False)

        self.button_box = QDialogButtonBox()
        self.run_button = self.button_box.addButton(
            "开始审核", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button = self.button_box.addButton(
            "保存审核结果…", QDialogButtonBox.ButtonRole.ActionRole
        )
        close = self.button_box.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setEnabled(False)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run_review)
        self.save_button.clicked.connect(self._choose_and_save)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(inputs)
        layout.addWidget(QLabel("审核结果："))
        layout.addWidget(self.table, 3)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.pairs_box, 1)
        layout.addWidget(self.button_box)

    def _path_row(
        self, form: QFormLayout, label: str, what: str, folder: bool = False
    ) -> QLineEdit:
        edit = QLineEdit()
        button = QPushButton("浏览…")
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(button)
        form.addRow(label, row)

        def browse() -> None:
            start = edit.text() or str(self.start_folder)
            if folder:
                name = get_existing_directory(self, what, start)
            else:
                name, _ = get_open_file_name(self, label.rstrip("："), start, what)
            if name:
                edit.setText(name)

        button.clicked.connect(browse)
        return edit

    @staticmethod
    def _optional(edit: QLineEdit) -> Path | None:
        text = edit.text().strip()
        return Path(text) if text else None

    # --- running -------------------------------------------------------------------------------

    def run_review(self) -> bool:
        """Review the chosen folder in a worker thread (ui.slow_work: the window keeps
        painting, a progress box with 取消 appears when it takes a while); True when a
        result is shown."""
        folder = self._optional(self.folder_edit)
        if folder is None:
            QMessageBox.warning(self, "审核多个单位", "请先选择各单位报告所在的文件夹。")
            return False
        letters = self._optional(self.letters_edit)
        previous = self._optional(self.previous_edit)
        roster = self._optional(self.roster_edit)
        extra = self.pack.findings if self.pack is not None else None
        state = WorkProgress(text="正在读取各单位的报告…")

        def work(cancelled: threading.Event) -> ReviewResult:
            # Runs in the worker thread: no Qt here; 取消 is seen before the next file.
            def step(done: int, total: int, what: str) -> bool:
                state.report(done, total, f"{what}（{done + 1} / {total}）" if what else "")
                return not cancelled.is_set()

            return review_folder(
                folder,
                previous=previous,
                roster=roster,
                exclude=[letters] if letters is not None else [],
                extra_rules=extra,
                progress=step,
            )

        try:
            result = run_slow(self, "审核多个单位", state.text, work, progress=state)
        except UserError as exc:
            QMessageBox.warning(self, "无法审核", str(exc))
            return False
        if result is None or result.cancelled:
            self.summary_label.setText("已取消审核，没有生成结果。")
            return False
        self.show_result(result)
        return True

    def show_result(self, result: ReviewResult) -> None:
        """Fill the results table, the summary line and the near-miss pairs."""
        self.review_result = result
        rows: list[tuple[str, Status, str, str, str, UnitReview | None]] = []
        for u in result.units:
            errors = "" if u.report is None else str(u.errors)
            warnings = "" if u.report is None else str(u.warnings)
            rows.append((u.name, u.status, errors, warnings, u.rel, u))
        for name in result.missing:
            rows.append((name, Status.MISSING, "", "", "", None))
        self.table.setRowCount(len(rows))
        for r, (name, status, errors, warnings, rel, unit) in enumerate(rows):
            values = (name, status.value, errors, warnings, rel)
            colour = QBrush(QColor(_STATUS_COLOURS[status]))
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(unit.path) if unit else "")
                if unit is not None and unit.report is None:
                    item.setToolTip(unit.error)
                if c == 1:
                    item.setBackground(colour)
                if c in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        counts = {s: sum(1 for u in result.units if u.status is s) for s in Status}
        text = f"共 {len(result.units)} 个文件：" + "，".join(
            f"{s.value} {counts[s]} 个" for s in Status if s is not Status.MISSING
        )
        if result.roster is not None:
            text += f"；名单上缺报 {len(result.missing)} 个，不在名单上 {len(result.extra)} 个"
        self.summary_label.setText(text + "。双击某个单位可以打开它的报告。")
        self._fill_pairs()
        self.save_button.setEnabled(True)

    def _fill_pairs(self) -> None:
        self.pairs.clear()
        result = self.review_result
        if result is None:
            return
        for roster_name, unit_name in result.maybe_same:
            item = QListWidgetItem(f"{roster_name}  /  {unit_name}")
            item.setData(Qt.ItemDataRole.UserRole, (roster_name, unit_name))
            self.pairs.addItem(item)
        self.pairs_box.setVisible(bool(result.maybe_same))

    def _confirm_pair(self) -> None:
        item = self.pairs.currentItem()
        if item is None or self.review_result is None:
            return
        roster_name, unit_name = item.data(Qt.ItemDataRole.UserRole)
        self.review_result.confirm(roster_name, unit_name)
        self.show_result(self.review_result)

    def _open_row(self, item: QTableWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if not path:
            return  # a 缺报 line: there is no report to open
        self.openRequested.emit(Path(path))

    # --- saving ----------------------------------------------------------------------------------

    def _choose_and_save(self) -> None:
        start = str(self.start_folder / "审核结果.xlsx")
        name, _ = get_save_file_name(self, "保存审核结果", start, "Excel 表格 (*.xlsx)")
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> bool:
        """Write the workbook (and the letters, when a folder was chosen); True when saved.
        The file dialog already asked before replacing a file; letters that exist are
        replaced only after asking."""
        from desktop.review.letters import letter_paths, write_letters
        from desktop.review.workbook import write_workbook

        if self.review_result is None:
            return False
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        letters = self._optional(self.letters_edit)
        if letters is not None:
            taken = [p for _, p in letter_paths(self.review_result, letters) if p.exists()]
            if taken:
                answer = QMessageBox.question(
                    self,
                    "审核意见已存在",
                    f"“{letters}”中已有 {len(taken)} 份同名的审核意见，要替换它们吗？",
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return False
        try:
            write_workbook(self.review_result, path)
            written = write_letters(self.review_result, letters) if letters is not None else []
        except UserError as exc:
            QMessageBox.warning(self, "无法保存", str(exc))
            return False
        more = f"，审核意见 {len(written)} 份已保存到“{letters}”" if letters is not None else ""
        self.summary_label.setText(f"审核结果已保存到“{path}”{more}。")
        return True
