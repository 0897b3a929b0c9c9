"""The window's menu bar: 文件, 编辑, 检查, 帮助, and the help texts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar, QMessageBox, QWidget

from desktop import __version__
from ui.file_actions import FileActions


class WindowCommands(Protocol):
    """What the 编辑 and 检查 menus ask of the window."""

    def close(self) -> bool: ...
    def fill_blanks(self) -> None: ...
    def accept_computed_totals(self) -> None: ...
    def check_now(self) -> None: ...
    def next_finding(self) -> None: ...
    def choose_rule_pack(self) -> None: ...


@dataclass(frozen=True, slots=True)
class WindowActions:
    """The menu actions tests and the window enable, disable or trigger."""

    new: QAction
    open: QAction
    recent_menu: QMenu
    save: QAction
    save_as: QAction
    export_word: QAction
    export_html: QAction
    import_: QAction
    next_year: QAction
    merge: QAction
    undo: QAction
    redo: QAction
    fill_zero: QAction
    accept_totals: QAction
    review: QAction
    rule_pack: QAction


Shortcut = QKeySequence | QKeySequence.StandardKey


def build_menus(
    bar: QMenuBar,
    parent: QWidget,
    commands: WindowCommands,
    files: FileActions,
    undo_stack: QUndoStack,
    findings_toggle: QAction,
) -> WindowActions:
    def action(
        menu: QMenu, text: str, slot: Callable[[], object], shortcut: Shortcut | None = None
    ) -> QAction:
        item = QAction(text, parent)
        if shortcut is not None:
            item.setShortcut(shortcut)
        item.triggered.connect(lambda _checked=False: slot())
        menu.addAction(item)
        return item

    keys = QKeySequence.StandardKey
    file_menu = bar.addMenu("文件(&F)")
    new = action(file_menu, "新建(&N)", files.new, keys.New)
    open_ = action(file_menu, "打开(&O)…", files.open_dialog, keys.Open)
    recent_menu = file_menu.addMenu("最近打开的文件(&R)")
    recent_menu.aboutToShow.connect(lambda: files.fill_recent_menu(recent_menu))
    file_menu.addSeparator()
    save = action(file_menu, "保存(&S)", files.save, keys.Save)
    save_as = action(file_menu, "另存为(&A)…", files.save_as, QKeySequence("Ctrl+Shift+S"))
    file_menu.addSeparator()
    export_word = action(
        file_menu, "导出Word(&E)…", lambda: files.export("docx"), QKeySequence("Ctrl+E")
    )
    export_html = action(file_menu, "导出网页(&H)…", lambda: files.export("html"))
    file_menu.addSeparator()
    import_ = action(file_menu, "导入已有报告(&I)…", files.import_dialog, QKeySequence("Ctrl+I"))
    import_.setStatusTip("把已发布的年报（Word 文档、网页或文本）导入为新的报告")
    next_year = action(file_menu, "新建下一年度报告(&Y)…", files.next_year)
    merge = action(file_menu, "汇总多个单位(&M)…", files.merge)
    review = action(file_menu, "审核多个单位(&V)…", files.review)
    review.setStatusTip("政务公开办：一次审核一个文件夹中各单位的年报，生成审核结果表和审核意见")
    file_menu.addSeparator()
    action(file_menu, "退出(&X)", commands.close, QKeySequence("Ctrl+Q"))

    edit_menu = bar.addMenu("编辑(&E)")
    undo = undo_stack.createUndoAction(parent, "撤销")
    undo.setShortcut(keys.Undo)
    redo = undo_stack.createRedoAction(parent, "重做")
    # Ctrl+Y is redo in WPS, Excel and Word; Qt's own Redo key stays too (Ctrl+Shift+Z).
    redo_keys = QKeySequence.keyBindings(keys.Redo)
    if QKeySequence("Ctrl+Y") not in redo_keys:
        redo_keys.append(QKeySequence("Ctrl+Y"))
    redo.setShortcuts(redo_keys)
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    fill_zero = action(edit_menu, "空白单元格填0（全部表格）", commands.fill_blanks)
    accept_totals = action(edit_menu, "采用计算的合计", commands.accept_computed_totals)

    check_menu = bar.addMenu("检查(&C)")
    action(check_menu, "立即检查全部(&K)", commands.check_now, QKeySequence("F9"))
    action(check_menu, "下一个问题(&N)", commands.next_finding, QKeySequence("F8"))
    findings_toggle.setText("显示检查结果面板")
    check_menu.addAction(findings_toggle)

    tools_menu = bar.addMenu("工具(&T)")
    rule_pack = action(tools_menu, "规则包(&P)…", commands.choose_rule_pack)
    rule_pack.setStatusTip("选择政务公开办下发的本地规则包，检查时一并使用")

    help_menu = bar.addMenu("帮助(&H)")
    action(help_menu, "使用说明", lambda: show_help(parent), keys.HelpContents)
    action(help_menu, "关于年报", lambda: show_about(parent))
    return WindowActions(
        new=new,
        open=open_,
        recent_menu=recent_menu,
        save=save,
        save_as=save_as,
        export_word=export_word,
        export_html=export_html,
        import_=import_,
        next_year=next_year,
        merge=merge,
        undo=undo,
        redo=redo,
        fill_zero=fill_zero,
        accept_totals=accept_totals,
        review=review,
        rule_pack=rule_pack,
    )


def show_help(parent: QWidget) -> None:
    QMessageBox.information(
        parent,
        "使用说明",
        "填写表格：像 Excel 一样直接输入数字；回车下移，Tab 右移，F2 修改，Delete 清空。\n"
        "可以从 Excel 或 WPS 复制一块数据，选中起始单元格后按 Ctrl+V 粘贴。\n"
        "灰色单元格是自动计算的合计，不能填写；“未填”表示还没有填写（不等于 0）。\n"
        "右侧“检查结果”列出所有问题，点击即可跳到出问题的地方。\n"
        "修改会自动另存恢复副本，但仍请随时按 Ctrl+S 保存。",
    )


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "关于年报",
        f"年报 {__version__}\n\n政府信息公开工作年度报告的填写、检查与导出工具。\n"
        "格式依据：国办公开办函〔2021〕30号。\n本软件不联网，数据只保存在本机。",
    )
