"""The open report and everything that belongs to it, without any widget.

``Workspace`` owns the ``Document`` (report, path, undo, findings), the ``Autosaver`` writing
recovery copies, the recent-files list and the folder an unsaved import came from. Each way of
putting another report in front of the user (新建, 打开, 导入, 新建下一年度报告, 恢复, opening a
汇总 result) goes through ``_replace``, so they all leave the same state: the title and save
state re-read, the dirty flag as asked, a recovery copy armed exactly when there are unsaved
changes, findings recomputed, the file remembered in 最近打开. Dialogs stay in the window: it
asks the questions and calls one public method per use case here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from desktop import file_guard
from desktop.errors import UserError
from desktop.project_file import EXTENSION, RecoveryCopy, load_report, save_report
from desktop.report import Report, new_report
from desktop.text_gate import removal_note
from ui.autosave import Autosaver, data_dir
from ui.document import Document

if TYPE_CHECKING:
    from desktop.importers import ImportResult
    from desktop.importers.summary import ImportCheck
    from desktop.next_year import NextYear

MAX_RECENT = 8

ExportKind = Literal["docx", "html"]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """What the window needs to ask for an export target and to say what was written."""

    title: str  # dialog title and menu wording
    name: str  # what was written, in a sentence (已导出…)
    suffix: str
    file_filter: str


EXPORT_FORMATS: dict[ExportKind, ExportFormat] = {
    "docx": ExportFormat("Word", "Word 文档", ".docx", "Word 文档 (*.docx)"),
    "html": ExportFormat("网页", "网页", ".html", "网页 (*.html)"),
}


class FileChangedError(UserError):
    """The file changed on disk since this window opened or saved it; the window asks
    另存为 / 覆盖 / 重新打开 instead of overwriting it."""


@dataclass(frozen=True, slots=True)
class SaveState:
    """What the status bar says about saving (``error`` shows it in red)."""

    text: str
    tooltip: str = ""
    error: bool = False


def default_report() -> Report:
    """What 新建 starts from: last year's report, the unit still to be named."""
    return new_report("", date.today().year - 1)


def default_settings() -> QSettings:
    # Tests and portable use point NIANBAO_DATA_DIR elsewhere; keep settings there too.
    if os.environ.get("NIANBAO_DATA_DIR"):
        return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings()


def documents_folder() -> Path:
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    # A Documents folder that does not exist made Qt's file dialog pre-fill the file name box
    # with "Documents": start in the home folder then.
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def safe_filename(name: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name).strip() or "年报"


class RecentFiles:
    """最近打开的文件, newest first, kept in the settings."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def paths(self) -> list[Path]:
        value = self._settings.value("recentFiles", [])
        # QSettings gives a lone entry back as a string, and an INI file may hold anything.
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(v) for v in value if isinstance(v, str) and v]

    def add(self, path: Path) -> None:
        paths = [p for p in self.paths() if p != path]
        paths.insert(0, path)
        self._set(paths[:MAX_RECENT])

    def remove(self, path: Path) -> None:
        self._set([p for p in self.paths() if p != path])

    def clear(self) -> None:
        self._set([])

    def _set(self, paths: list[Path]) -> None:
        self._settings.setValue("recentFiles", [str(p) for p in paths])


class Workspace(QObject):
    """One open report with its file, recovery copies and history (see the module docstring).

    Signals: ``replaced`` after another report was put in place (all bookkeeping done);
    ``stateChanged`` when the title or the save state may read differently; ``message(str)``
    for the status bar.
    """

    replaced = Signal()
    stateChanged = Signal()
    message = Signal(str)
    # A note the user must see, not only a status line: text removed on opening, the file being
    # open elsewhere, a lock taken over or impossible. Emitted from the event loop, so a window
    # connecting after construction still gets the notes of the report it was built with.
    notice = Signal(str)

    def __init__(
        self,
        report: Report | None = None,
        path: Path | None = None,
        *,
        autosave: bool = True,
        recovery_folder: Path | None = None,
        settings: QSettings | None = None,
        defer_prose_check: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = Document(
            report or default_report(), path, self, defer_prose_check=defer_prose_check
        )
        self.settings = settings if settings is not None else default_settings()
        self.recent = RecentFiles(self.settings)
        self.autosaver: Autosaver | None = None
        if autosave:
            self.autosaver = Autosaver(self._recovery_snapshot, recovery_folder, self)
            self.autosaver.saved.connect(self._autosaved)
            self.autosaver.failed.connect(self._autosave_failed)
        self._autosave_error = ""
        # The folder of the file an unsaved imported report came from: 保存 suggests it.
        self.imported_from: Path | None = None
        # The file as this window last read or wrote it, and our lock beside it.
        self.identity: file_guard.FileIdentity | None = None
        self._lock: file_guard.LockInfo | None = None
        self._locked: Path | None = None
        self.notices: list[str] = []
        if path is not None:
            self._track(Path(path), report)
        doc = self.document
        doc.undo_stack.indexChanged.connect(self._edited)
        doc.proseChanged.connect(self._edited)
        doc.metaChanged.connect(self._edited)
        doc.dirtyChanged.connect(self._dirty_changed)
        doc.pathChanged.connect(lambda *_: self.stateChanged.emit())

    # --- state -----------------------------------------------------------------------------------

    def title(self) -> str:
        """The window title (``[*]`` is where Qt shows the unsaved mark)."""
        path = self.document.path
        return f"{path.name if path is not None else '未命名'}[*] - 年报"

    def save_state(self) -> SaveState:
        if self._autosave_error:
            return SaveState("自动保存失败", self._autosave_error, error=True)
        if not self.document.is_dirty():
            return SaveState("已保存" if self.document.path is not None else "")
        last = self.autosaver.last_saved if self.autosaver is not None else None
        if last is not None:
            return SaveState(
                f"已自动保存 {last:%H:%M}",
                "未保存的修改已另存恢复副本；请记得按 Ctrl+S 保存到文件",
            )
        return SaveState("有未保存的修改")

    def recovery_armed(self) -> bool:
        """True when a recovery copy is due (timers running) or already written."""
        saver = self.autosaver
        return saver is not None and (saver.is_pending() or saver.last_saved is not None)

    # --- replacing the open report ---------------------------------------------------------------

    def _replace(
        self,
        report: Report,
        path: Path | None,
        *,
        dirty: bool,
        imported_from: Path | None = None,
        adopt: Path | None = None,
        known: ImportCheck | None = None,
    ) -> None:
        """All the bookkeeping of showing another report, whichever way it came."""
        if self.autosaver is not None:
            # The copies of the report being replaced: it was saved or given up by now.
            self.autosaver.discard()
        self._autosave_error = ""
        self.imported_from = imported_from
        self._track(path, report)
        self.document.replace_report(report, path, dirty=dirty, known=known)
        if self.autosaver is not None:
            if adopt is not None:
                self.autosaver.adopt(adopt)
            if dirty:
                # It exists only in memory: a recovery copy follows as after any edit.
                self.autosaver.note_edit()
        if path is not None:
            self.recent.add(path)
        self.replaced.emit()
        self.stateChanged.emit()

    # --- the file on disk: identity and lock ------------------------------------------------------

    def _track(self, path: Path | None, report: Report | None) -> None:
        """Remember ``path``'s identity and hold its lock (released for the previous file); say
        what must be said about it."""
        notes: list[str] = []
        if path is not None:
            path = Path(path).resolve()
        if path != self._locked:
            self.release_lock()
            if path is not None:
                result = file_guard.acquire(path)
                self._lock = result.held
                self._locked = path if result.held is not None else None
                if result.note:
                    notes.append(result.note)
        self.identity = file_guard.identity_of(path) if path is not None else None
        if report is not None and report.removed_text:
            notes.append(removal_note(report.removed_text, path.name if path else ""))
        for note in notes:
            self._notify(note)

    def _notify(self, text: str) -> None:
        self.notices.append(text)
        QTimer.singleShot(0, self, lambda: self.notice.emit(text))

    def release_lock(self) -> None:
        """Give up our lock file (window closed, another file opened)."""
        if self._locked is not None:
            file_guard.release(self._locked, self._lock)
        self._lock = None
        self._locked = None

    @property
    def holds_lock(self) -> bool:
        return self._lock is not None

    def changed_on_disk(self) -> bool:
        """True when the open file changed on disk since this window read or wrote it."""
        path = self.document.path
        return path is not None and file_guard.changed_on_disk(path, self.identity)

    def new(self) -> None:
        """新建: an empty report of last year, not yet a file."""
        self._replace(default_report(), None, dirty=False)
        self.message.emit("已新建报告：请先在“基本信息”中填写机关全称和报告年度。")

    def open(self, path: Path) -> None:
        """打开 a report file (raises ``UserError``; nothing changes then)."""
        path = Path(path)
        report = load_report(path)
        self._replace(report, path.resolve(), dirty=False)
        self.message.emit(f"已打开“{path.name}”。")

    def open_merge_result(self, path: Path) -> None:
        """Show the total a 汇总 just wrote: it is a saved file like any other."""
        self.open(path)

    def note_opened(self, path: Path) -> None:
        """A report built around ``path`` at start-up: remember it as if opened here."""
        self.recent.add(path.resolve())
        self.message.emit(f"已打开“{path.name}”。")
        self.stateChanged.emit()

    def import_result(
        self, result: ImportResult, source: Path, known: ImportCheck | None = None
    ) -> None:
        """导入: the imported report, unsaved; 保存 suggests the source's folder. ``known``:
        the import's own run of the rules on it, shown instead of running them again."""
        folder = Path(source).resolve().parent
        self._replace(result.report, None, dirty=True, imported_from=folder, known=known)
        self.settings.setValue("import/folder", str(folder))
        self.message.emit(f"已导入“{Path(source).name}”：请核对后按 Ctrl+S 保存。")

    def next_year(self, last: Report) -> NextYear:
        """新建下一年度报告 from ``last`` (raises ``UserError``); unsaved until saved under a
        new name."""
        from desktop.next_year import plan_next_year

        plan = plan_next_year(last)
        self._replace(plan.report, None, dirty=True)
        self.message.emit(f"已创建 {plan.report.meta.year} 年度报告，请填写本年度数据后保存。")
        return plan

    def restore(self, report: Report, copy: RecoveryCopy) -> None:
        """A recovery copy: unsaved, tied to its original file when that folder still exists;
        the copy now belongs to this report (deleted once it is saved or given up)."""
        path = copy.original if copy.original and copy.original.parent.is_dir() else None
        self._replace(report, path, dirty=True, adopt=copy.path)
        self.message.emit("已恢复未保存的工作。请检查内容，然后按 Ctrl+S 保存。")

    # --- writing ---------------------------------------------------------------------------------

    def save(self, path: Path, *, overwrite_changed: bool = False, force: bool = False) -> None:
        """保存 / 另存为 to ``path`` (raises ``UserError``).

        Raises FileChangedError when ``path`` is this report's file and it changed on disk since
        it was opened or saved here (unless ``overwrite_changed``: the user chose 覆盖), and
        ReadOnlyTargetError for a read-only file (unless ``force``: the user confirmed). The lock
        of another window is no reason to refuse: the identity check is what protects its work.
        """
        path = Path(path)
        current = self.document.path
        if (
            not overwrite_changed
            and current is not None
            and path.resolve() == current
            and file_guard.changed_on_disk(path, self.identity)
        ):
            raise FileChangedError(file_guard.describe_change(path, self.identity))
        data = save_report(self.document.report, path, force=force, ignore_lock=True)
        resolved = path.resolve()
        if resolved != self._locked:
            self._track(resolved, None)
        self.identity = file_guard.identity_of_bytes(resolved, data)
        self.document.mark_saved(resolved)
        if self.autosaver is not None:
            self.autosaver.discard()
        self._autosave_error = ""
        self.recent.add(path.resolve())
        self.stateChanged.emit()
        self.message.emit(f"已保存到“{path}”（{datetime.now():%H:%M}）。")

    def export(self, kind: ExportKind, path: Path, *, draft: bool, force: bool = False) -> None:
        """导出Word / 导出网页 (raises ``UserError``; ReadOnlyTargetError unless ``force``)."""
        if kind == "docx":
            from desktop.word_export import export_docx

            export_docx(self.document.report, path, draft=draft, force=force)
        else:
            from desktop.html_export import write_html

            write_html(self.document.report, path, draft=draft, force=force)

    def discard_changes(self) -> None:
        """不保存: the recovery copies of this report are not needed any more."""
        if self.autosaver is not None:
            self.autosaver.discard()

    def write_recovery_now(self) -> bool:
        """Write a recovery copy at once when there are unsaved changes (crash handler)."""
        if self.autosaver is None or not self.document.is_dirty():
            return False
        return self.autosaver.write_now() is not None

    def stop(self) -> None:
        if self.autosaver is not None:
            self.autosaver.stop()
        self.release_lock()

    # --- names -----------------------------------------------------------------------------------

    def save_folder(self) -> Path:
        if self.document.path is not None:
            return self.document.path.parent
        return self.imported_from or documents_folder()

    def suggested_name(self, suffix: str, draft: bool = False) -> str:
        if self.document.path is not None and suffix == EXTENSION:
            return self.document.path.name
        meta = self.document.report.meta
        if suffix == EXTENSION:
            # New or imported alike, named the way staff name their files (an import's
            # folder is chosen elsewhere: beside its source).
            return safe_filename(f"{meta.org_name}{meta.year}年报") + suffix
        base = f"{meta.org_name}{meta.year}年政府信息公开工作年度报告"
        if draft:
            base += "（草稿）"
        return safe_filename(base) + suffix

    # --- autosave --------------------------------------------------------------------------------

    def _recovery_snapshot(self) -> tuple[Report, Path | None]:
        return self.document.report, self.document.path

    def _edited(self, *_: object) -> None:
        if self.autosaver is not None and self.document.is_dirty():
            self.autosaver.note_edit()
        self.stateChanged.emit()

    def _dirty_changed(self, dirty: bool) -> None:
        if not dirty and self.autosaver is not None:
            # Back to what is on disk (saved, or undone to it): the copies are not needed.
            self.autosaver.discard()
        self.stateChanged.emit()

    def _autosaved(self, *_: object) -> None:
        self._autosave_error = ""
        self.stateChanged.emit()

    def _autosave_failed(self, message: str) -> None:
        self._autosave_error = message
        self.stateChanged.emit()
