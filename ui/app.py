"""Start-up of the window: QApplication, Chinese translations, a CJK font, the icon, the crash
handler, the file from the command line and ``--smoke-test``."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ui.pyside_start import read_sources_uncached

read_sources_uncached()  # before PySide6's classes and every module of the window load

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.errors import UserError  # noqa: E402
from desktop.resources import example_path, icon_path  # noqa: E402
from ui import startup_probe  # noqa: E402
from ui.starting_frame import show_starting_frame  # noqa: E402

# Nothing here imports pydantic or the report model at module level: the starting frame is
# shown before they load (issue 17).

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

    from ui.main_window import MainWindow

APP_NAME = "年报"

# UI fonts in order of preference: Windows first (微软雅黑 UI, then 宋体 on old installs), then
# the fonts 统信UOS / 麒麟 / Debian ship. Each name appears in both spellings fontconfig and
# Windows may report.
CJK_FONTS: tuple[str, ...] = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "微软雅黑",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "思源黑体",
    "WenQuanYi Micro Hei",
    "文泉驿微米黑",
    "WenQuanYi Zen Hei",
    "文泉驿正黑",
    "SimSun",
    "宋体",
    "AR PL UMing CN",
)


@dataclass(frozen=True, slots=True)
class StartOptions:
    """What the command line asked the window to do."""

    file: Path | None = None
    smoke_test: bool = False


def parse_args(argv: Sequence[str]) -> StartOptions:
    """``[FILE]`` or ``--smoke-test [FILE]``; unknown flags raise UserError."""
    smoke = False
    files: list[str] = []
    for arg in argv:
        if arg == "--smoke-test":
            smoke = True
        elif arg.startswith("-") and arg != "-":
            raise UserError(
                f"无法识别的参数“{arg}”。用法：nianbao [文件] 或 nianbao --smoke-test [文件]"
            )
        else:
            files.append(arg)
    if len(files) > 1:
        raise UserError("一次只能打开一个年报文件。")
    return StartOptions(Path(files[0]) if files else None, smoke)


def choose_font_families(available: Sequence[str]) -> list[str]:
    """The preferred CJK families that are installed, best first (empty when none is)."""
    have = set(available)
    return [name for name in CJK_FONTS if name in have]


def configure_application(app: QApplication) -> None:
    """Names, Chinese Qt translations, the CJK font and the icon."""
    # Imported here, not at the top: the starting frame is shown before these classes (and
    # their enums) are loaded.
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QFont, QFontDatabase, QIcon

    app.setApplicationName("nianbao")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("nianbao")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    _install_translations(app)
    families = choose_font_families(QFontDatabase.families())
    if families:
        font = QFont(app.font())
        # The whole list, so a glyph missing from the first font falls back to the next CJK one
        # instead of a Latin font's empty box.
        font.setFamilies(families)
        app.setFont(font)
    icon = icon_path()
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))


# Strings Qt's own zh_CN catalogue leaves in English (measured with Qt 6.11: its file dialog
# asks for "&Look in:" and "Files of &type:", the catalogue has them without the "&"; the icon
# provider's "Folder" has a disambiguation the catalogue lacks).
_MISSING_QT_STRINGS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
}


def _missing_qt_strings(app: QApplication) -> QTranslator:
    """A translator with Chinese for the few Qt strings the shipped catalogue misses;
    everything else falls through to Qt's own translations."""
    from PySide6.QtCore import QTranslator

    class MissingQtStrings(QTranslator):
        def translate(
            self, context: str, source: str, disambiguation: str | None = None, n: int = -1
        ) -> str | None:
            # None (a null QString): Qt asks the next translator. "" would blank the string.
            return _MISSING_QT_STRINGS.get((context, source))

        def isEmpty(self) -> bool:
            return False

    return MissingQtStrings(app)


def _install_translations(app: QApplication) -> bool:
    """Install Qt's Chinese translations; False when the catalogue is not found (a build that
    left it out: the smoke test reports that)."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded = True
            break
    # Installed last, so it is asked first.
    app.installTranslator(_missing_qt_strings(app))
    return loaded


def qt_translation_sample() -> str:
    """One of Qt's own strings as the running app shows it (the smoke test checks it is
    Chinese): the Cancel button of Qt's dialogs."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("QPlatformTheme", "Cancel")


def _print_exc() -> None:
    import traceback  # only on an error: it pulls in linecache, tokenize and textwrap

    traceback.print_exc()


def _print_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    import traceback

    traceback.print_exception(exc_type, exc, tb)


class CrashHandler:
    """``sys.excepthook`` for the window: save a recovery copy first, log the traceback, tell
    the user where the log is, keep running."""

    def __init__(self, windows: Callable[[], Sequence[QWidget]]) -> None:
        self._windows = windows
        self._busy = False
        self.last_log: Path | None = None

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or self._busy:
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._busy = True
        try:
            from PySide6.QtWidgets import QMessageBox

            from desktop.cli import write_crash_log

            saved = self._save_recovery()
            self.last_log = write_crash_log(exc)
            parent = next(iter(self._windows()), None)
            where = "已为您的工作另存了一份恢复副本；" if saved else ""
            QMessageBox.critical(
                parent,
                "年报 - 出现意外错误",
                "出现了意外错误，刚才的操作可能没有完成。\n\n"
                f"{where}软件可以继续使用，建议先保存文件。\n\n"
                f"详细信息已记录在：\n{self.last_log}\n请把该文件发给技术支持人员。",
            )
        except Exception:  # noqa: BLE001 — the handler itself must never raise
            _print_exc()
        finally:
            self._busy = False

    def _save_recovery(self) -> bool:
        saved = False
        for window in self._windows():
            write = getattr(window, "write_recovery_now", None)
            if write is None:
                continue
            try:
                saved = bool(write()) or saved
            except Exception:  # noqa: BLE001 — a failing recovery must not hide the error
                _print_exc()
        return saved


def _main_windows() -> list[QWidget]:
    from ui.main_window import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def smoke_test(app: QApplication, file: Path | None) -> int:
    """Open ``file`` (default: the bundled example), visit every tab, close; 0 when nothing
    raised."""
    from desktop.project_file import load_report
    from ui.main_window import MainWindow

    errors: list[BaseException] = []

    def record(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        errors.append(exc)
        _print_exception(exc_type, exc, tb)

    path = file if file is not None else example_path()
    try:
        report = load_report(path)
    except UserError as exc:
        # A file that cannot be read is the user's problem to fix, not a crash: say it in
        # Chinese like the command line does.
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    previous_hook = sys.excepthook
    sys.excepthook = record
    window: MainWindow | None = None
    try:
        window = MainWindow(report, path.resolve(), autosave=False)
        window.show()
        app.processEvents()
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            app.processEvents()
        window.findings_panel.refresh()
        app.processEvents()
        # Qt's own dialogs must speak Chinese in the frozen build too (its zh_CN catalogue
        # kept by the spec): one of Qt's strings, translated, or the smoke test fails.
        translated = qt_translation_sample() != "Cancel"
        if not translated:
            errors.append(RuntimeError("Qt's zh_CN translations are not loaded"))
        tabs = window.tabs.count()
        print(
            f"smoke test: opened {path.name}, visited {tabs} tabs, "
            f"Qt translations {'zh_CN' if translated else 'MISSING'}, {len(errors)} errors"
        )
    except Exception as exc:  # noqa: BLE001 — any failure is the test's answer
        _print_exc()
        errors.append(exc)
    finally:
        if window is not None:
            window.discard_changes_and_close()
            app.processEvents()
        sys.excepthook = previous_hook
    return 1 if errors else 0


def first_window(file: Path | None, **window_options: Any) -> MainWindow:
    """The window to start with: built around ``file`` when it is a report that loads, so the
    report's tabs are laid out once rather than for an empty report first. Anything else
    (no file, a file to import, a file that does not load) starts an empty window."""
    from desktop.project_file import load_report
    from ui.file_filters import is_importable
    from ui.main_window import MainWindow

    if file is None or is_importable(file):
        return MainWindow(**window_options)
    try:
        report = load_report(file)
    except UserError:
        return MainWindow(**window_options)
    window = MainWindow(report, file.resolve(), defer_prose_check=True, **window_options)
    window.note_opened(file)
    return window


def _no_display() -> bool:
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY_MESSAGE = (
    "错误：年报的窗口需要图形桌面，但这里没有可用的显示器（例如通过 SSH 登录的服务器）。\n"
    "没有桌面时，可以用命令行完成各项工作，例如：\n"
    "  nianbao check 报告.nianbao            检查年报\n"
    "  nianbao export 报告.nianbao -o 报告.docx  导出 Word 文档\n"
    "运行 nianbao --help 查看全部命令。"
)

# Offscreen Qt says this for every shown window (it has no window manager to tell); it is not
# a problem of ours and would only worry whoever reads the smoke test's output.
_QUIET_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


def _install_message_filter() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if any(quiet in message for quiet in _QUIET_QT_MESSAGES):
            return
        print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run(argv: Sequence[str]) -> int:
    """Start the window (or the smoke test); returns the exit code. The cycle collector, off
    while the window starts (ui.launcher), is on again after the first paint, at the latest a
    second after the window is shown, and whatever happens when this returns."""
    try:
        return _run(argv)
    finally:
        gc.enable()


def _run(argv: Sequence[str]) -> int:
    try:
        options = parse_args(argv)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    if options.smoke_test and _no_display():
        # CI machines and packaging builds have no screen; the smoke test needs none.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if _no_display():
        # Qt would print its xcb plugin message and abort (exit 134); say what to do instead.
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        _install_message_filter()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    if options.smoke_test:
        gc.enable()
        configure_application(app)
        return smoke_test(app, options.file)
    frame = show_starting_frame(app, options.file)
    startup_probe.watch_frame(frame)
    configure_application(app)
    handler = CrashHandler(_main_windows)
    previous_hook = sys.excepthook
    sys.excepthook = handler
    try:
        try:
            window = first_window(options.file)
            window.show()
        finally:
            frame.close()
        page = window.tabs.currentWidget()
        from PySide6.QtCore import QTimer

        from ui.first_paint import after_first_paint

        if window.document.prose_pending:
            after_first_paint(page, window.document.refresh_prose_findings)
        after_first_paint(page, gc.enable)
        # A window that does not paint at once (started minimised) must not keep it off.
        QTimer.singleShot(1000, gc.enable)
        # The probe after the prose rules' hook: Qt asks the event filter installed last
        # first, so the probe reports the paint itself, before the prose rules run.
        startup_probe.watch_window(window, page)
        window.offer_recovery()
        # Not open yet (a file to import, or one that did not load: opening it now shows the
        # error in a dialog) — unless a restored copy of that very file is already open.
        if options.file is not None and window.document.path != options.file.resolve():
            window.open_path(options.file)
        return int(app.exec())
    finally:
        sys.excepthook = previous_hook
