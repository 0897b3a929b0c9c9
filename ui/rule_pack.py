"""工具 → 规则包…: choose the local rule pack (.nbrules); the choice is kept in the settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from desktop.rulepack import RulePack

# desktop.rulepack and the file dialog load when a pack is in use or chosen: most windows
# start without one, and the window asks for the current pack before it is on screen.

SETTINGS_KEY = "rules/pack"
FILE_FILTER = "规则包 (*.nbrules);;所有文件 (*)"


def pack_path(settings: QSettings) -> Path | None:
    """The remembered pack's path, or None."""
    value = settings.value(SETTINGS_KEY, "")
    return Path(str(value)) if value else None


def current_pack(settings: QSettings) -> RulePack | None:
    """The remembered pack, loaded; None when there is none or it no longer loads (the window
    then says so when the user opens 工具 → 规则包…)."""
    path = pack_path(settings)
    if path is None:
        return None
    from desktop.rulepack import RulePackError, load_pack

    try:
        return load_pack(path)
    except RulePackError:
        return None


def choose_rule_pack(parent: QWidget, settings: QSettings) -> RulePack | None:
    """Ask for a pack (or to stop using one); remember the choice. Returns the pack in use."""
    from desktop.rulepack import RulePackError, load_pack
    from ui.file_dialogs import get_open_file_name

    path = pack_path(settings)
    if path is not None:
        try:
            current = f"当前使用的规则包：“{load_pack(path).name}”（{path}）。"
        except RulePackError as exc:
            current = f"当前选择的规则包无法使用：{exc}"
        box = QMessageBox(parent)
        box.setWindowTitle("规则包")
        box.setText(current)
        choose = box.addButton("选择其他规则包…", QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton("不再使用规则包", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is stop:
            settings.remove(SETTINGS_KEY)
            return None
        if box.clickedButton() is not choose:
            return current_pack(settings)
    start = str(path.parent) if path is not None else ""
    name, _ = get_open_file_name(parent, "选择规则包", start, FILE_FILTER)
    if not name:
        return current_pack(settings)
    return use_pack(parent, settings, Path(name))


def use_pack(parent: QWidget, settings: QSettings, path: Path) -> RulePack | None:
    """Load ``path``; remember it when it loads, otherwise say why (nothing is remembered)."""
    from desktop.rulepack import RulePackError, load_pack

    try:
        pack = load_pack(path)
    except RulePackError as exc:
        QMessageBox.warning(parent, "规则包无法使用", f"{exc}\n内置的检查照常进行。")
        return current_pack(settings)
    settings.setValue(SETTINGS_KEY, str(path))
    QMessageBox.information(
        parent,
        "规则包",
        f"已启用规则包“{pack.name}”。检查结果中来自规则包的提示以【{pack.name}】开头。",
    )
    return pack
