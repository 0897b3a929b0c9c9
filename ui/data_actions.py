"""File-menu actions that bring data in: 新建下一年度报告 and 汇总多个单位….

Kept out of ``main_window`` so the window only has to add the two menu items; the work is done
by ``desktop.next_year`` and ``desktop.merge``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.errors import UserError
from desktop.project_file import load_report
from ui.file_filters import FILE_FILTER

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.merge_dialog import MergeDialog


def start_next_year(window: MainWindow) -> bool:
    """Replace the open report by next year's, made from it (unsaved until the user saves).

    Unsaved changes of the open report are offered for saving first, so last year's file keeps
    them. When no report is open (a blank, unnamed one), last year's file is asked for.
    Returns True when the new report is shown.
    """
    from desktop.next_year import plan_next_year, summary_lines

    last = window.document.report
    source = window.document.path
    if not window.maybe_save():
        return False
    if not last.meta.org_name.strip() and source is None:
        # Nothing real is open: ask for last year's file instead of carrying a blank report.
        name, _ = QFileDialog.getOpenFileName(
            window, "选择上一年度的年报文件", str(Path.home()), FILE_FILTER
        )
        if not name:
            return False
        source = Path(name)
        try:
            last = load_report(source)
        except UserError as exc:
            QMessageBox.warning(window, "无法打开文件", str(exc))
            return False
    elif window.document.is_dirty() and source is not None:
        # The user chose 不保存: start from the file as saved, not from the discarded edits.
        try:
            last = load_report(source)
        except UserError as exc:
            QMessageBox.warning(window, "无法打开文件", str(exc))
            return False
    try:
        plan = plan_next_year(last)
    except UserError as exc:
        QMessageBox.warning(window, "无法新建下一年度报告", str(exc))
        return False
    # dirty=True: the new report exists only in memory until it is saved under a new name.
    window.document.replace_report(plan.report, None, dirty=True)
    meta = plan.report.meta
    window.show_message(f"已创建 {meta.year} 年度报告，请填写本年度数据后保存。")
    QMessageBox.information(
        window, "已创建下一年度报告", "\n".join(summary_lines(plan, None, source))
    )
    return True


def open_merge_dialog(window: MainWindow) -> MergeDialog:
    """Show the 汇总 dialog; 打开汇总报告 there opens the total in this window."""
    from ui.merge_dialog import MergeDialog

    start = window.document.path.parent if window.document.path else None
    dialog = MergeDialog(start_folder=start, parent=window)

    def open_total(path: object) -> None:
        window.open_file(Path(str(path)))

    dialog.openRequested.connect(open_total)
    dialog.show()
    return dialog
