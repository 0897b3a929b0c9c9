"""The window's questions about files that changed on disk or are marked read-only, and the
notes shown when a report is opened (text removed, the file open elsewhere). The logic lives in
``desktop.file_guard`` and ``desktop.safe_write``; these are only the dialogs."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

ChangedChoice = Literal["save_as", "overwrite", "reload", "cancel"]


def ask_file_changed(parent: QWidget, what: str) -> ChangedChoice:
    """另存为 / 覆盖 / 重新打开 / 取消 for a file changed on disk; 另存为 is the default, so that
    pressing Enter never destroys the other change."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "文件已被修改",
        f"{what}\n\n直接保存会覆盖别处所做的修改。请选择：\n"
        "· 另存为：把本窗口的内容保存为另一个文件（两边的修改都保留）；\n"
        "· 覆盖：用本窗口的内容替换磁盘上的文件（别处的修改将丢失）；\n"
        "· 重新打开：放弃本窗口未保存的修改，打开磁盘上的版本。",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    save_as = box.addButton("另存为…", QMessageBox.ButtonRole.AcceptRole)
    overwrite = box.addButton("覆盖", QMessageBox.ButtonRole.DestructiveRole)
    reload = box.addButton("重新打开", QMessageBox.ButtonRole.ResetRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save_as)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save_as:
        return "save_as"
    if clicked is overwrite:
        return "overwrite"
    if clicked is reload:
        return "reload"
    return "cancel"


def ask_overwrite_read_only(parent: QWidget, what: str) -> bool:
    """True when the user confirms replacing a file marked read-only."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "文件是只读的",
        f"{what.split('（命令行')[0]}\n\n仍然要覆盖它吗？",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    overwrite = box.addButton("仍然覆盖", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is overwrite


def show_notice(parent: QWidget, text: str) -> QMessageBox:
    """A note the user must see, without stopping the window (non-modal)."""
    box = QMessageBox(
        QMessageBox.Icon.Information, "提示", text, QMessageBox.StandardButton.Ok, parent
    )
    box.setModal(False)
    box.show()
    return box
