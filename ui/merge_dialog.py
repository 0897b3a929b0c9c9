"""文件 → 汇总多个单位…: choose the units' files, name the total, merge, read the summary.

A thin front for ``desktop.merge``: the dialog collects what ``nianbao merge`` takes on the
command line and shows the same Chinese summary. The merge runs in a worker thread
(``ui.slow_work``): the window keeps painting, and a slow one (many files, a network drive)
shows a progress box with 取消.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.merge import (
    MergeResult,
    check_output,
    expand_inputs,
    load_units,
    merge_reports,
    summary_lines,
    write_breakdown,
)
from desktop.project_file import EXTENSION, save_report
from desktop.report import Level, OrgKind
from ui.file_dialogs import get_existing_directory, get_open_file_names, get_save_file_name
from ui.file_filters import FILE_FILTER
from ui.slow_work import run_slow

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
AUTO_LEVEL = "按各单位中最高的层级"


class MergeDialog(QDialog):
    """Collects the inputs of a 汇总, runs it and shows the summary.

    ``openRequested(Path)`` asks the main window to open the total report.
    """

    openRequested = Signal(object)

    def __init__(self, start_folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("汇总多个单位的年报")
        self.resize(760, 680)
        self.start_folder = start_folder or Path.home()
        self.saved_to: Path | None = None

        files_box = QGroupBox("各单位的年报文件")
        self.file_list = QListWidget()
        self.file_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.count_label = QLabel()
        self.add_files_button = QPushButton("添加文件…")
        self.add_folder_button = QPushButton("添加文件夹…")
        self.remove_button = QPushButton("移除所选")
        self.clear_button = QPushButton("清空")
        buttons = QVBoxLayout()
        for b in (self.add_files_button, self.add_folder_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.file_list, 1)
        row.addLayout(buttons)
        files_layout = QVBoxLayout(files_box)
        files_layout.addLayout(row)
        files_layout.addWidget(self.count_label)

        total_box = QGroupBox("汇总报告")
        self.org_edit = QLineEdit()
        self.org_edit.setPlaceholderText("例如：某某县人民政府")
        self.kind_combo = QComboBox()
        for kind in OrgKind:
            self.kind_combo.addItem(kind.value, kind)
        self.level_combo = QComboBox()
        self.level_combo.addItem(AUTO_LEVEL, None)
        for level in Level:
            self.level_combo.addItem(level.value, level)
        self.output_edit = QLineEdit()
        self.output_edit.setPlaceholderText("汇总报告保存到哪里（.nianbao）")
        self.output_button = QPushButton("浏览…")
        out_row = QHBoxLayout()
        out_row.addWidget(self.output_edit, 1)
        out_row.addWidget(self.output_button)
        self.breakdown_check = QCheckBox("同时生成分单位明细表（Excel）")
        self.breakdown_edit = QLineEdit()
        self.breakdown_edit.setPlaceholderText("明细表保存到哪里（.xlsx）")
        self.breakdown_button = QPushButton("浏览…")
        bd_row = QHBoxLayout()
        bd_row.addWidget(self.breakdown_edit, 1)
        bd_row.addWidget(self.breakdown_button)
        form = QFormLayout(total_box)
        form.addRow("机关全称：", self.org_edit)
        form.addRow("机关类型：", self.kind_combo)
        form.addRow("层级：", self.level_combo)
        form.addRow("保存到：", out_row)
        form.addRow(self.breakdown_check)
        form.addRow("明细表：", bd_row)

        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setPlaceholderText(
            "选好文件后点击“汇总”。某个单元格只要有一个单位未填写，汇总结果中就留空（不按 0 计），"
            "并在这里列出未填写的单位。"
        )

        self.button_box = QDialogButtonBox()
        self.merge_button = self.button_box.addButton(
            "汇总", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button = self.button_box.addButton(
            "打开汇总报告", QDialogButtonBox.ButtonRole.AcceptRole
        )
        close = self.button_box.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setEnabled(False)
        self.merge_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(files_box, 2)
        layout.addWidget(total_box)
        layout.addWidget(QLabel("汇总结果："))
        layout.addWidget(self.summary, 3)
        layout.addWidget(self.button_box)

        self.add_files_button.clicked.connect(self._choose_files)
        self.add_folder_button.clicked.connect(self._choose_folder)
        self.remove_button.clicked.connect(self._remove_selected)
        self.clear_button.clicked.connect(self._clear)
        self.output_button.clicked.connect(self._choose_output)
        self.breakdown_button.clicked.connect(self._choose_breakdown)
        self.breakdown_check.toggled.connect(self._breakdown_toggled)
        self.merge_button.clicked.connect(self.run_merge)
        self.open_button.clicked.connect(self._open_total)
        close.clicked.connect(self.reject)
        self._breakdown_toggled(False)
        self._update_count()

    # --- the file list ----------------------------------------------------------------------

    def paths(self) -> list[Path]:
        """The chosen files, in list order."""
        return [
            Path(self.file_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.file_list.count())
        ]

    def add_paths(self, paths: list[Path]) -> None:
        """Add files, or every ``.nianbao`` file of a folder; a file already listed is skipped
        (listing it twice would only be refused at merge time)."""
        known = {p.resolve() for p in self.paths()}
        try:
            expanded = expand_inputs(paths, self._output_path())
        except UserError as exc:
            self._show_error(str(exc))
            return
        for p in expanded:
            if p.resolve() in known:
                continue
            known.add(p.resolve())
            item = QListWidgetItem(p.name)
            item.setData(Qt.ItemDataRole.UserRole, str(p))
            item.setToolTip(str(p))
            self.file_list.addItem(item)
        if expanded:
            self.start_folder = expanded[-1].parent
            if not self.output_edit.text():
                self.output_edit.setText(str(self.start_folder / "汇总报告.nianbao"))
        self._update_count()

    def _choose_files(self) -> None:
        names, _ = get_open_file_names(
            self, "选择各单位的年报文件", str(self.start_folder), FILE_FILTER
        )
        self.add_paths([Path(n) for n in names])

    def _choose_folder(self) -> None:
        name = get_existing_directory(
            self, "选择存放各单位年报文件的文件夹", str(self.start_folder)
        )
        if name:
            self.add_paths([Path(name)])

    def _remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            self.file_list.takeItem(self.file_list.row(item))
        self._update_count()

    def _clear(self) -> None:
        self.file_list.clear()
        self._update_count()

    def _update_count(self) -> None:
        n = self.file_list.count()
        self.count_label.setText(f"已选择 {n} 个文件" if n else "尚未选择文件")
        self.remove_button.setEnabled(n > 0)
        self.clear_button.setEnabled(n > 0)

    # --- outputs -----------------------------------------------------------------------------

    def _output_path(self) -> Path | None:
        text = self.output_edit.text().strip()
        if not text:
            return None
        path = Path(text)
        if path.suffix.lower() != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        return path

    def _breakdown_path(self) -> Path | None:
        if not self.breakdown_check.isChecked():
            return None
        text = self.breakdown_edit.text().strip()
        if not text:
            return None
        path = Path(text)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def _choose_output(self) -> None:
        start = self._output_path() or self.start_folder / "汇总报告.nianbao"
        name, _ = get_save_file_name(self, "汇总报告保存到", str(start), FILE_FILTER)
        if name:
            self.output_edit.setText(name)

    def _choose_breakdown(self) -> None:
        out = self._output_path()
        start = out.with_name(out.stem + "-分单位明细.xlsx") if out else self.start_folder
        name, _ = get_save_file_name(self, "明细表保存到", str(start), XLSX_FILTER)
        if name:
            self.breakdown_edit.setText(name)

    def _breakdown_toggled(self, on: bool) -> None:
        self.breakdown_edit.setEnabled(on)
        self.breakdown_button.setEnabled(on)
        out = self._output_path()
        if on and not self.breakdown_edit.text() and out is not None:
            self.breakdown_edit.setText(str(out.with_name(out.stem + "-分单位明细.xlsx")))

    # --- running -----------------------------------------------------------------------------

    def _show_error(self, message: str) -> None:
        self.summary.setPlainText(f"未能完成汇总：\n{message}")

    def _confirm_overwrite(self, targets: list[Path]) -> bool:
        existing = [p for p in targets if p.exists()]
        if not existing:
            return True
        names = "\n".join(str(p) for p in existing)
        answer = QMessageBox.question(
            self,
            "文件已存在",
            f"以下文件已存在：\n{names}\n\n要覆盖吗？（原汇总报告会保留一个 .bak 备份）",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def run_merge(self) -> bool:
        """Merge the listed files and show the summary; True when the total was saved."""
        self.open_button.setEnabled(False)
        self.saved_to = None
        paths = self.paths()
        out = self._output_path()
        breakdown = self._breakdown_path()
        if not paths:
            self._show_error("请先添加各单位的年报文件（“添加文件…”或“添加文件夹…”）。")
            return False
        if out is None:
            self._show_error("请填写汇总报告保存到哪里（“保存到”一栏）。")
            return False
        if self.breakdown_check.isChecked() and breakdown is None:
            self._show_error("请填写明细表保存到哪里，或取消“同时生成分单位明细表”。")
            return False
        targets = [out] + ([breakdown] if breakdown is not None else [])
        if not self._confirm_overwrite(targets):
            return False
        org_name = self.org_edit.text().strip()
        level, org_kind = self.level_combo.currentData(), self.kind_combo.currentData()

        def work(cancelled: threading.Event) -> MergeResult | None:
            # Runs in a worker thread (ui.slow_work): reads and merges, then writes only when
            # the user has not pressed 取消 meanwhile.
            check_output(out, paths)
            units = load_units(paths)
            merged = merge_reports(units, org_name=org_name, level=level, org_kind=org_kind)
            if cancelled.is_set():
                return None
            save_report(merged.report, out)
            if breakdown is not None:
                write_breakdown(merged, breakdown)
            return merged

        try:
            result = run_slow(self, "汇总多个单位", f"正在汇总 {len(paths)} 个文件，请稍候…", work)
        except UserError as exc:
            self._show_error(str(exc))
            return False
        if result is None:
            self.summary.setPlainText("已取消汇总，没有写入任何文件。")
            return False
        self.saved_to = out
        lines = summary_lines(result, out, breakdown)
        verdict = (
            "结论：汇总完成，没有需要处理的问题。"
            if result.clean
            else "结论：汇总已完成，但有需要核实的问题（见上），请处理后重新汇总。"
        )
        self.summary.setPlainText("\n".join([*lines, "", verdict]))
        self.open_button.setEnabled(True)
        return True

    def _open_total(self) -> None:
        if self.saved_to is not None:
            self.openRequested.emit(self.saved_to)
        self.accept()
