"""The app's open/save/folder dialogs, in Chinese down to the file sizes.

Where there is no native dialog (Linux desktops without a platform-theme plugin) Qt draws its
own, and its detail view shows sizes as ``12.3 KiB``: QLocale's IEC units, which no translation
catalogue changes. These functions build the same dialogs as ``QFileDialog``'s static
functions, and give the size column of Qt's own dialog a delegate that writes the units as
Chinese Windows Explorer does (KB, MB, GB) and 字节 for bytes. Native dialogs are left alone.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog, QStyledItemDelegate, QTreeView, QWidget

# QFileSystemModel's columns: name, size, type, date modified.
SIZE_COLUMN = 1
_IEC = re.compile(r"\b(K|M|G|T)iB\b")
_BYTES = re.compile(r"\bbytes?\b")


def chinese_size(text: str) -> str:
    """``12.3 KiB`` → ``12.3 KB``, ``1 bytes`` → ``1 字节``; other text unchanged."""
    return _BYTES.sub("字节", _IEC.sub(r"\1B", text))


class _SizeDelegate(QStyledItemDelegate):
    def displayText(self, value: object, locale: QLocale | QLocale.Language) -> str:
        return chinese_size(super().displayText(value, locale))


def chinese_sizes(dialog: QFileDialog) -> None:
    """Give Qt's own dialog's detail view the Chinese size units (no-op for a native one)."""
    for view in dialog.findChildren(QTreeView):
        view.setItemDelegateForColumn(SIZE_COLUMN, _SizeDelegate(view))


def _run(dialog: QFileDialog) -> list[str]:
    chinese_sizes(dialog)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return []
    return dialog.selectedFiles()


def get_open_file_name(
    parent: QWidget | None, caption: str, directory: str = "", file_filter: str = ""
) -> tuple[str, str]:
    """As ``QFileDialog.getOpenFileName``: (path or "", the chosen filter)."""
    dialog = QFileDialog(parent, caption, directory, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    files = _run(dialog)
    return (files[0] if files else "", dialog.selectedNameFilter() if files else "")


def get_open_file_names(
    parent: QWidget | None, caption: str, directory: str = "", file_filter: str = ""
) -> tuple[list[str], str]:
    """As ``QFileDialog.getOpenFileNames``."""
    dialog = QFileDialog(parent, caption, directory, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    files = _run(dialog)
    return (files, dialog.selectedNameFilter() if files else "")


def get_save_file_name(
    parent: QWidget | None, caption: str, directory: str = "", file_filter: str = ""
) -> tuple[str, str]:
    """As ``QFileDialog.getSaveFileName`` (asks before replacing an existing file)."""
    dialog = QFileDialog(parent, caption, directory, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    files = _run(dialog)
    return (files[0] if files else "", dialog.selectedNameFilter() if files else "")


def get_existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    """As ``QFileDialog.getExistingDirectory``."""
    dialog = QFileDialog(parent, caption, directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    files = _run(dialog)
    return files[0] if files else ""
