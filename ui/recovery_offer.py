"""At start-up: offer the recovery copies a crash left behind, one question per copy."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import UserError
from desktop.project_file import RecoveryCopy, discard_recovery, list_recovery, read_recovery
from ui.workspace import Workspace


def offer_recovery(
    workspace: Workspace, parent: QWidget, new_workspace: Callable[[], Workspace]
) -> None:
    """Offer every recovery copy newer than its file; stale copies are removed. A copy is
    restored into ``workspace`` when it holds nothing of its own (or the same file), otherwise
    into a new window's workspace (``new_workspace``)."""
    if workspace.autosaver is None:
        return
    for copy in list_recovery(workspace.autosaver.folder):
        if not recovery_is_newer(copy):
            # The file was saved after the copy was written: the copy holds nothing more.
            discard_recovery(copy.path)
            continue
        _offer_one(copy, workspace, parent, new_workspace)


def _offer_one(
    copy: RecoveryCopy,
    workspace: Workspace,
    parent: QWidget,
    new_workspace: Callable[[], Workspace],
) -> None:
    original = str(copy.original) if copy.original else "（尚未保存为文件）"
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "恢复未保存的工作",
        f"上次退出时有未保存的工作，已自动保存了一份恢复副本：\n\n"
        f"报告：{copy.title}\n原文件：{original}\n"
        f"自动保存于：{copy.saved_at:%Y年%m月%d日 %H:%M}\n\n"
        "要恢复吗？恢复后请检查内容并保存。",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("丢弃", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    if clicked is discard:
        discard_recovery(copy.path)
        return
    if clicked is not restore:
        return
    try:
        report = read_recovery(copy.path)
    except UserError as exc:
        QMessageBox.warning(parent, "无法恢复", str(exc))
        return
    doc = workspace.document
    same_file = copy.original is not None and copy.original == doc.path
    if doc.is_dirty() or (doc.path is not None and not same_file):
        # This window already holds a report: restore into a window of its own.
        workspace = new_workspace()
    workspace.restore(report, copy)


def recovery_is_newer(copy: RecoveryCopy) -> bool:
    """``newer_than_original`` compares whole seconds; a copy written in the same second as
    the file was saved must still count as newer, so also compare the files' own times."""
    if copy.newer_than_original or copy.original is None:
        return True
    try:
        return copy.path.stat().st_mtime > copy.original.stat().st_mtime
    except OSError:
        return True
