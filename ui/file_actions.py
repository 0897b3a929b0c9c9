"""The 文件 menu's dialogs: they ask the questions, the ``Workspace`` does the work.

Every action that would replace the open report first asks 保存 / 不保存 / 取消 about unsaved
changes (``maybe_save``); a file that cannot be read is refused in a dialog and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from desktop.errors import UserError
from desktop.project_file import EXTENSION, load_report
from desktop.safe_write import ReadOnlyTargetError
from ui.document import BLANK_RULE
from ui.file_filters import FILE_FILTER, IMPORT_FILTER, is_importable
from ui.file_safety import ask_file_changed, ask_overwrite_read_only
from ui.workspace import (
    EXPORT_FORMATS,
    ExportKind,
    FileChangedError,
    Workspace,
    documents_folder,
)

if TYPE_CHECKING:
    from ui.import_dialog import ImportSummaryDialog

# How many warnings or empty parts the export gate lists before "……另有 n 处".
GATE_LISTED = 12


class FileActions(QObject):
    """新建, 打开, 导入, 保存, 导出, 新建下一年度报告 and 汇总 for one window.

    ``commit_pending_edits`` applies what is being typed before anything is read or saved.
    ``startShown(bool)`` asks the window to show 基本信息 (and, when True, to put the cursor
    in 机关全称) after 新建 or 导入.
    """

    startShown = Signal(bool)
    message = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget,
        commit_pending_edits: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._parent = parent
        self._commit = commit_pending_edits
        self.import_summary: ImportSummaryDialog | None = None

    @property
    def _doc_path(self) -> Path | None:
        return self.workspace.document.path

    def _unsaved_name(self) -> str:
        """A report not saved yet, named by its unit and year (an imported or filled-in report
        is not 未命名)."""
        meta = self.workspace.document.report.meta
        if meta.org_name.strip():
            return f"{meta.org_name.strip()}{meta.year}年报告（尚未保存为文件）"
        return "未命名的报告"

    def maybe_save(self) -> bool:
        """Ask 保存 / 不保存 / 取消 when there are unsaved changes; True when it is fine to go
        on (saved, or the changes given up)."""
        self._commit()
        if not self.workspace.document.is_dirty():
            return True
        name = self._doc_path.name if self._doc_path else self._unsaved_name()
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "年报",
            f"“{name}”有尚未保存的修改。\n\n要在关闭前保存吗？",
            buttons.Save | buttons.Discard | buttons.Cancel,
            self._parent,
        )
        for button, text in ((buttons.Save, "保存"), (buttons.Discard, "不保存")):
            box.button(button).setText(text)
        box.button(buttons.Cancel).setText("取消")
        box.setDefaultButton(buttons.Save)
        box.setEscapeButton(buttons.Cancel)
        box.exec()
        clicked = box.standardButton(box.clickedButton())
        if clicked == buttons.Save:
            return self.save()
        if clicked == buttons.Discard:
            self.workspace.discard_changes()
            return True
        return False

    # --- replacing the open report ---------------------------------------------------------------

    def new(self) -> None:
        if self.maybe_save():
            self.workspace.new()
            self.startShown.emit(True)

    def open_dialog(self) -> None:
        from ui.file_dialogs import get_open_file_name

        if not self.maybe_save():
            return
        start = str(self._doc_path.parent) if self._doc_path else str(documents_folder())
        name, _ = get_open_file_name(self._parent, "打开年报文件", start, FILE_FILTER)
        if name:
            self.open_file(Path(name), ask=False)

    def open_file(self, path: Path, ask: bool = True) -> bool:
        """Open ``path`` (asking about unsaved changes first when ``ask``); True when opened."""
        if ask and not self.maybe_save():
            return False
        try:
            self.workspace.open(path)
        except UserError as exc:
            QMessageBox.warning(self._parent, "无法打开文件", str(exc))
            return False
        return True

    def open_path(self, path: Path) -> bool:
        """Open a report file, or import a published report (.docx, .html, .htm, .txt)."""
        if is_importable(path):
            return self.import_file(path)
        return self.open_file(path)

    def open_recent(self, path: Path) -> None:
        if not path.exists():
            QMessageBox.warning(
                self._parent,
                "找不到文件",
                f"找不到文件“{path}”，它可能已被移动、改名或删除。\n已从“最近打开的文件”中移除。",
            )
            self.workspace.recent.remove(path)
            return
        self.open_file(path)

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        paths = self.workspace.recent.paths()
        if not paths:
            menu.addAction("（无）").setEnabled(False)
            return
        for i, path in enumerate(paths, start=1):
            action = menu.addAction(f"&{i} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_recent(p))
        menu.addSeparator()
        menu.addAction("清除列表").triggered.connect(self.workspace.recent.clear)

    def import_dialog(self) -> None:
        """文件 → 导入已有报告…: ask about unsaved changes, pick a file, import it."""
        from ui.file_dialogs import get_open_file_name

        if not self.maybe_save():
            return
        start = self.workspace.settings.value("import/folder", "")
        if not isinstance(start, str) or not start or not Path(start).is_dir():
            start = str(self._doc_path.parent if self._doc_path else documents_folder())
        name, _ = get_open_file_name(self._parent, "导入已有报告", start, IMPORT_FILTER)
        if name:
            self.import_file(Path(name), ask=False)

    def import_file(self, path: Path, ask: bool = True) -> bool:
        """Import a published report as a new, unsaved report and show what the import found.
        A file the importer cannot read is refused in a dialog and nothing changes."""
        if ask and not self.maybe_save():
            return False
        # Loaded on first use: the import's dialog and its worker are no part of the start.
        from ui.import_dialog import ImportSummaryDialog, run_import

        path = Path(path)
        self._commit()
        try:
            done = run_import(path, self._parent)
        except UserError as exc:
            QMessageBox.warning(self._parent, "无法导入", str(exc))
            return False
        if done is None:
            self.message.emit("已取消导入，报告未作改动。")
            return False
        result, known = done
        self.workspace.import_result(result, path, known)
        self.startShown.emit(False)
        if self.import_summary is not None:
            self.import_summary.close()
            self.import_summary.deleteLater()
        self.import_summary = ImportSummaryDialog(path, result, known.findings, self._parent)
        self.import_summary.open()
        return True

    def next_year(self) -> bool:
        """新建下一年度报告: from the open report, or from a file asked for when none is open.

        Unsaved changes are offered for saving first, so last year's file keeps them; after
        不保存 the file as saved is used, not the discarded edits."""
        from desktop.next_year import summary_lines
        from ui.file_dialogs import get_open_file_name

        doc = self.workspace.document
        last, source = doc.report, doc.path
        pick_file = not last.meta.org_name.strip() and source is None
        if not pick_file:
            # Say which report is taken as last year's, and let the user pick another file.
            choice = self._ask_next_year_source()
            if choice is None:
                return False
            pick_file = choice
        if not self.maybe_save():
            return False
        try:
            if pick_file:
                # Nothing real is open: ask for last year's file instead of a blank report.
                name, _ = get_open_file_name(
                    self._parent, "选择上一年度的年报文件", str(Path.home()), FILE_FILTER
                )
                if not name:
                    return False
                source = Path(name)
                last = load_report(source)
            elif doc.is_dirty() and source is not None:
                # Still dirty after maybe_save: the user chose 不保存; use the file as saved.
                last = load_report(source)
        except UserError as exc:
            QMessageBox.warning(self._parent, "无法打开文件", str(exc))
            return False
        try:
            plan = self.workspace.next_year(last)
        except UserError as exc:
            QMessageBox.warning(self._parent, "无法新建下一年度报告", str(exc))
            return False
        QMessageBox.information(
            self._parent, "已创建下一年度报告", "\n".join(summary_lines(plan, None, source))
        )
        return True

    def _ask_next_year_source(self) -> bool | None:
        """True: choose a file; False: use the open report; None: cancelled."""
        meta = self.workspace.document.report.meta
        name = self._doc_path.name if self._doc_path else self._unsaved_name()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "新建下一年度报告",
            f"将以当前打开的“{name}”（{meta.org_name}{meta.year}年）作为上一年度报告，"
            f"新建{meta.year + 1}年度的报告：沿用机关名称等基本信息和各部分小标题，"
            "表格数字留空，上年结转等数字从上一年度带入。\n\n"
            "如要以其他年报文件为上一年度报告，请点“选择其他文件…”。",
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        use_open = box.addButton("以当前报告新建", QMessageBox.ButtonRole.AcceptRole)
        other = box.addButton("选择其他文件…", QMessageBox.ButtonRole.ActionRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(use_open)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is use_open:
            return False
        if clicked is other:
            return True
        return None

    def merge(self) -> QWidget:
        """Show the 汇总 dialog; 打开汇总报告 there opens the total here."""
        from ui.merge_dialog import MergeDialog

        start = self._doc_path.parent if self._doc_path else None
        dialog = MergeDialog(start_folder=start, parent=self._parent)
        dialog.openRequested.connect(lambda path: self._open_merge_result(Path(str(path))))
        dialog.show()
        return dialog

    def review(self) -> QWidget:
        """Show the 审核多个单位 dialog; a double-click there opens that unit's report here."""
        from ui.review_dialog import ReviewDialog

        start = self._doc_path.parent if self._doc_path else None
        dialog = ReviewDialog(self.workspace.settings, start_folder=start, parent=self._parent)
        dialog.openRequested.connect(lambda path: self.open_path(Path(str(path))))
        dialog.show()
        return dialog

    def _open_merge_result(self, path: Path) -> None:
        if not self.maybe_save():
            return
        try:
            self.workspace.open_merge_result(path)
        except UserError as exc:
            QMessageBox.warning(self._parent, "无法打开文件", str(exc))

    # --- writing ---------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save to the report's file (asks for one when there is none); True when saved."""
        self._commit()
        if self._doc_path is None:
            return self.save_as()
        return self._save_to(self._doc_path)

    def save_as(self) -> bool:
        from ui.file_dialogs import get_save_file_name

        self._commit()
        ws = self.workspace
        start = self._doc_path or ws.save_folder() / ws.suggested_name(EXTENSION)
        name, _ = get_save_file_name(self._parent, "另存为", str(start), FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        overwrite, force = False, False
        while True:
            try:
                self.workspace.save(path, overwrite_changed=overwrite, force=force)
            except FileChangedError as exc:
                choice = ask_file_changed(self._parent, str(exc))
                if choice == "save_as":
                    return self.save_as()
                if choice == "reload":
                    self.open_file(path, ask=False)
                    return False
                if choice != "overwrite":
                    return False
                overwrite = True
                continue
            except ReadOnlyTargetError as exc:
                if not ask_overwrite_read_only(self._parent, str(exc)):
                    return False
                force = True
                continue
            except UserError as exc:
                QMessageBox.warning(self._parent, "保存失败", str(exc))
                return False
            return True

    def export(self, kind: ExportKind) -> None:
        """导出Word / 导出网页: a draft when the report is not complete (asked first)."""
        from ui.file_dialogs import get_save_file_name

        form = EXPORT_FORMATS[kind]
        draft = self._draft_question(form.title)
        if draft is None:
            return
        if not draft and not self.final_export_gate(form.title):
            return
        folder = self._doc_path.parent if self._doc_path else documents_folder()
        start = folder / self.workspace.suggested_name(form.suffix, draft)
        name, _ = get_save_file_name(
            self._parent, f"导出{form.title}", str(start), form.file_filter
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != form.suffix:
            path = path.with_name(path.name + form.suffix)
        # The dialog asked about the name as typed; a name that got its extension here was
        # not asked about, so ask in Chinese before replacing that file.
        if path != Path(name) and path.exists() and not self._confirm_replace(path):
            return
        try:
            try:
                self.workspace.export(kind, path, draft=draft)
            except ReadOnlyTargetError as exc:
                if not ask_overwrite_read_only(self._parent, str(exc)):
                    return
                self.workspace.export(kind, path, draft=draft, force=True)
        except UserError as exc:
            QMessageBox.warning(self._parent, "导出失败", str(exc))
            return
        self._exported(path, form.name + ("（草稿）" if draft else ""))

    def _confirm_replace(self, path: Path) -> bool:
        """Ask before an export replaces a file: the clerk may have edited the last export."""
        if path.is_dir():
            QMessageBox.warning(
                self._parent, "无法导出", f"“{path}”这是一个文件夹，请换一个文件名。"
            )
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "替换文件",
            f"“{path.name}”已存在。\n\n替换后，这个文件原来的内容（包括在 Word 或 WPS 中"
            "对它做的修改）将被新导出的内容代替。要替换它吗？",
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        replace = box.addButton("替换", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is replace

    def _draft_question(self, what: str) -> bool | None:
        """None: cancelled; True: export a draft; False: the report is complete."""
        from desktop.export_common import WRITTEN_RULE, export_problems

        self._commit()
        report = self.workspace.document.report
        problems = export_problems(report)
        if not problems:
            return False
        blanks = len(report.blank_ids())
        errors = sum(1 for f in problems if f.rule not in (BLANK_RULE, WRITTEN_RULE))
        listed = []
        if blanks:
            listed.append(f"{blanks} 个单元格未填")
        if errors:
            listed.append(f"{errors} 处错误")
        if any(f.rule == WRITTEN_RULE for f in problems):
            listed.append("成文日期未填（在“基本信息”中填写）")
        what_is_wrong = "、".join(listed) if listed else "未完成的内容"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            f"导出{what}",
            f"报告还有{what_is_wrong}，现在只能导出草稿。\n\n"
            "草稿会在文档中醒目地标出未填和有问题的地方，供内部审阅，不能直接发布。"
            "改正后再导出即为正式稿。",
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        draft = box.addButton("导出草稿", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(draft)
        box.exec()
        return True if box.clickedButton() is draft else None

    def final_export_gate(self, what: str) -> bool:
        """Before a final export: the open warnings and the empty sub-parts in one dialog, with
        返回修改 as the default; True when the user chose 仍然导出 (or nothing is open)."""
        from desktop.export_common import open_warnings
        from desktop.unwritten import empty_parts

        report = self.workspace.document.report
        warnings = [f.message for f in open_warnings(report)]
        empty = empty_parts(report)
        if not warnings and not empty:
            return True
        lines: list[str] = []
        if warnings:
            lines.append(f"还有 {len(warnings)} 处警告：")
            lines.extend(f"  {i}. {m}" for i, m in enumerate(warnings[:GATE_LISTED], start=1))
            if len(warnings) > GATE_LISTED:
                lines.append(f"  ……另有 {len(warnings) - GATE_LISTED} 处，见“检查结果”")
        if empty:
            lines.append(f"以下 {len(empty)} 个部分还没有写内容（未写）：")
            lines.extend(f"  · {name}" for name in empty[:GATE_LISTED])
            if len(empty) > GATE_LISTED:
                lines.append(f"  ……另有 {len(empty) - GATE_LISTED} 个")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            f"导出{what}",
            "报告没有错误，但还有以下未处理的地方。正式稿导出后通常直接印发或公开，"
            "建议先返回修改。\n\n" + "\n".join(lines),
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        back = box.addButton("返回修改", QMessageBox.ButtonRole.RejectRole)
        go_on = box.addButton("仍然导出", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is go_on

    def _exported(self, path: Path, what: str) -> None:
        self.message.emit(f"已导出{what}：{path}")
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "导出完成",
            f"已导出{what}：\n{path}",
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is open_folder:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
