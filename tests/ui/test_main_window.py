"""The main window from the user's side: files, unsaved changes, recovery, counts, navigation."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPlainTextEdit

from desktop.findings import Finding, Severity
from desktop.place import Place
from desktop.project_file import list_recovery, load_report, report_to_json, write_recovery
from desktop.resources import example_path
from desktop.template import CELL_BY_ID
from ui import app as ui_app
from ui import file_dialogs
from ui.main_window import TAB_NAMES, TAB_S6, TAB_T3, MainWindow
from ui.navigation import TAB_PREVIEW


def _break_table3(window: MainWindow) -> None:
    """Make table 三's 自然人 column not add up (R1), as a typed edit does."""
    value = window.document.value("t3.new.natural")
    assert isinstance(value, int)
    window.document.set_cell("t3.new.natural", value + 1)


def test_title_names_the_file_and_marks_unsaved_changes(window: MainWindow) -> None:
    assert window.windowTitle() == "盐池县2022年报.nianbao[*] - 年报"
    assert not window.isWindowModified()
    _break_table3(window)
    assert window.isWindowModified()
    assert window.save_label.text() == "有未保存的修改"


def test_save_and_reopen_give_the_same_report(
    window: MainWindow, make_window, example_copy: Path, qtbot
) -> None:
    _break_table3(window)
    window.document.set_cell("t2.fees", "12.5")
    window.document.set_meta_field("contact", "电话 0953-1234567")
    window.document.set_prose(Place.lead(5), "新的导语。")
    window.menu_actions.save.trigger()
    assert not window.isWindowModified()
    assert window.save_label.text() == "已保存"
    on_disk = load_report(example_copy)
    assert report_to_json(on_disk) == report_to_json(window.document.report)
    again = make_window(example_copy)
    assert report_to_json(again.document.report) == report_to_json(window.document.report)
    assert again.document.report.prose.s5.lead == "新的导语。"
    assert (example_copy.parent / (example_copy.name + ".bak")).exists()


def test_save_as_asks_for_a_name_and_adds_the_extension(
    make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    window.document.set_meta_field("org_name", "测试县人民政府")
    target = tmp_path / "新报告"
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *a, **k: (str(target), ""))
    assert window.save()
    saved = tmp_path / "新报告.nianbao"
    assert load_report(saved).meta.org_name == "测试县人民政府"
    assert window.windowTitle() == "新报告.nianbao[*] - 年报"
    assert window.recent_files()[0] == saved.resolve()


def test_closing_with_unsaved_changes_cancel_keeps_everything(
    window: MainWindow, example_copy: Path, boxes
) -> None:
    before = example_copy.read_bytes()
    _break_table3(window)
    boxes.answer("取消")
    window.close()
    assert window.isVisible()
    assert window.isWindowModified()
    assert example_copy.read_bytes() == before
    assert sorted(boxes.buttons[0]) == sorted(["保存", "不保存", "取消"])
    assert "尚未保存的修改" in boxes.texts[0]


def test_closing_with_unsaved_changes_dont_save_discards_them(
    window: MainWindow, example_copy: Path, recovery_folder: Path, boxes
) -> None:
    before = example_copy.read_bytes()
    _break_table3(window)
    assert window.write_recovery_now()
    assert list_recovery(recovery_folder)
    boxes.answer("不保存")
    window.close()
    assert not window.isVisible()
    assert example_copy.read_bytes() == before
    assert list_recovery(recovery_folder) == []


def test_closing_with_unsaved_changes_save_writes_the_file(
    window: MainWindow, example_copy: Path, boxes
) -> None:
    _break_table3(window)
    expected = window.document.value("t3.new.natural")
    boxes.answer("保存")
    window.close()
    assert not window.isVisible()
    assert load_report(example_copy).cells["t3.new.natural"] == expected


def test_opening_another_file_asks_about_unsaved_changes(
    window: MainWindow, example_copy: Path, tmp_path: Path, boxes
) -> None:
    other = tmp_path / "other.nianbao"
    other.write_bytes(example_path().read_bytes())
    _break_table3(window)
    boxes.answer("取消")
    assert not window.open_file(other)
    assert window.document.path == example_copy.resolve()
    boxes.answer("不保存")
    assert window.open_file(other)
    assert window.document.path == other.resolve()
    assert not window.isWindowModified()


def test_a_broken_file_is_refused_with_a_chinese_message(
    window: MainWindow, tmp_path: Path, boxes
) -> None:
    bad = tmp_path / "坏文件.nianbao"
    bad.write_text("{ not json", encoding="utf-8")
    boxes.answer("*")
    assert not window.open_file(bad)
    assert "坏文件.nianbao" in boxes.texts[0]
    assert "已损坏" in boxes.texts[0]


def test_recovery_copy_is_offered_after_a_crash(
    make_window, example_copy: Path, recovery_folder: Path, boxes
) -> None:
    crashed = make_window(example_copy)
    _break_table3(crashed)
    edited = crashed.document.value("t3.new.natural")
    assert crashed.write_recovery_now()
    # The process dies: nothing is saved, nothing is cleaned up.
    crashed.autosaver.stop()
    crashed.workspace.autosaver = None
    crashed.hide()
    assert len(list_recovery(recovery_folder)) == 1

    fresh = make_window()
    boxes.answer("恢复")
    fresh.offer_recovery()
    assert "盐池县2022年报告" in boxes.texts[0]
    assert fresh.document.value("t3.new.natural") == edited
    assert fresh.document.path == example_copy.resolve()
    assert fresh.isWindowModified()
    # The file itself was never touched; saving makes the copy unnecessary.
    assert load_report(example_copy).cells["t3.new.natural"] == edited - 1
    assert fresh.save()
    assert load_report(example_copy).cells["t3.new.natural"] == edited
    assert list_recovery(recovery_folder) == []


def test_recovery_of_an_unsaved_report_and_discarding_copies(
    make_window, recovery_folder: Path, boxes
) -> None:
    first = make_window()
    first.document.set_meta_field("org_name", "甲县人民政府")
    assert first.write_recovery_now()
    first.autosaver.stop()
    first.workspace.autosaver = None
    assert len(list_recovery(recovery_folder)) == 1
    fresh = make_window()
    boxes.answer("丢弃")
    fresh.offer_recovery()
    assert list_recovery(recovery_folder) == []
    assert fresh.document.report.meta.org_name == ""


def test_stale_recovery_copies_are_not_offered(
    make_window, example_copy: Path, recovery_folder: Path
) -> None:
    report = load_report(example_copy)
    copy = write_recovery(report, recovery_folder, example_copy.resolve())
    example_copy.touch()
    import os

    os.utime(example_copy, (copy.stat().st_mtime + 10, copy.stat().st_mtime + 10))
    window = make_window()
    window.offer_recovery()  # a dialog here would hang the test until its timeout
    assert list_recovery(recovery_folder) == []


def test_autosave_writes_a_recovery_copy_after_an_edit(
    make_window, example_copy: Path, recovery_folder: Path, qtbot
) -> None:
    window = make_window(example_copy)
    window.autosaver._quiet.setInterval(20)
    _break_table3(window)
    qtbot.waitUntil(lambda: bool(list_recovery(recovery_folder)), timeout=5000)
    assert window.save_label.text().startswith("已自动保存 ")
    assert example_copy.resolve() == list_recovery(recovery_folder)[0].original
    window.save()
    assert list_recovery(recovery_folder) == []


def test_autosave_failure_is_shown_and_never_touches_the_file(
    window: MainWindow, example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop.project_file as pf

    def no_space(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    before = example_copy.read_bytes()
    with monkeypatch.context() as patched:
        patched.setattr(pf, "atomic_write_bytes", no_space)
        _break_table3(window)
        assert not window.write_recovery_now()
        assert window.save_label.text() == "自动保存失败"
        assert "磁盘空间不足" in window.save_label.toolTip()
        assert example_copy.read_bytes() == before
    assert window.write_recovery_now()
    assert window.save_label.text().startswith("已自动保存 ")


def test_tab_error_counts_and_status_bar_follow_an_edit(window: MainWindow) -> None:
    assert window.tabs.tabText(TAB_T3) == TAB_NAMES[TAB_T3]
    # the two warnings: what the sample really lacks (R20's content part, 一 and 五)
    assert window.counts_label.text() == "错误 0 · 警告 2 · 未填 0 单元格 · 未写 0 部分"
    _break_table3(window)
    errors = [f for f in window.document.findings() if f.severity is Severity.ERROR]
    assert errors
    label = window.tabs.tabText(TAB_T3)
    assert label.startswith("三、依申请公开 (") and label != "三、依申请公开 (0)"
    assert window.counts_label.text().startswith(f"错误 {len(errors)} · ")
    window.document.set_cell("t3.granted.natural", None)
    assert window.counts_label.text().endswith("未填 1 单元格 · 未写 0 部分")
    window.menu_actions.undo.trigger()
    window.menu_actions.undo.trigger()
    assert window.tabs.tabText(TAB_T3) == TAB_NAMES[TAB_T3]
    assert window.counts_label.text() == "错误 0 · 警告 2 · 未填 0 单元格 · 未写 0 部分"


def test_undo_menu_names_the_edit(window: MainWindow) -> None:
    assert not window.menu_actions.undo.isEnabled()
    _break_table3(window)
    assert window.menu_actions.undo.text() == "撤销 修改 表三 自然人 本年新收"
    window.menu_actions.undo.trigger()
    assert window.menu_actions.redo.text() == "重做 修改 表三 自然人 本年新收"
    assert not window.isWindowModified()


def test_fill_blanks_with_zero_for_the_whole_report(window: MainWindow) -> None:
    window.document.set_cells({"t2.fees": None, "t4.review.upheld": None}, "清空")
    assert window.menu_actions.fill_zero.isEnabled()
    window.menu_actions.fill_zero.trigger()
    assert window.document.report.blank_ids() == []
    assert window.menu_actions.undo.text() == "撤销 空白单元格填0"
    assert not window.menu_actions.fill_zero.isEnabled()


def test_findings_panel_click_selects_the_cell(window: MainWindow, qtbot) -> None:
    _break_table3(window)
    items = window.findings_panel.items()
    item, finding = next((i, f) for i, f in items if f.cells)
    tree = window.findings_panel.tree
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    window.tabs.setCurrentIndex(0)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentIndex() == TAB_T3
    view = window.table_pages["t3"].view
    cell = CELL_BY_ID[finding.cells[0]]
    assert (view.currentIndex().row(), view.currentIndex().column()) == (cell.row, cell.col)


def test_a_prose_finding_focuses_the_field_and_selects_its_words(window: MainWindow) -> None:
    section = window.document.report.prose.s6
    first = section.parts[0]
    start = (
        len(section.lead) + 1 + len(first.heading) + 2 if section.lead else len(first.heading) + 2
    )
    finding = Finding(
        "R16", Severity.WARNING, "测试", fields=(Place.whole_section(6),), span=(start, start + 3)
    )
    window.go_to_finding(finding)
    assert window.tabs.currentIndex() == TAB_S6
    editor = window.prose_pages[6].part_editors[0].text
    assert isinstance(editor, QPlainTextEdit)
    assert editor.textCursor().selectedText() == first.text[2:5]


def test_a_meta_finding_focuses_the_date(window: MainWindow) -> None:
    window.document.set_meta_field("published", __import__("datetime").date(2023, 6, 1))
    finding = next(f for f in window.document.findings() if Place.meta("published") in f.fields)
    assert window.tabs.tabText(0) in ("基本信息", "基本信息 (1)")
    window.go_to_finding(finding)
    assert window.tabs.currentIndex() == 0
    assert (
        QApplication.focusWidget()
        in (
            window.meta_page.published,
            window.meta_page.published.findChild(QLineEdit),
        )
        or window.meta_page.published.hasFocus()
    )


def test_dropping_a_report_file_opens_it(make_window, example_copy: Path, qtbot) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(example_copy))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    # Opened once the drop has returned (the file manager is not kept waiting).
    qtbot.waitUntil(lambda: window.document.path is not None, timeout=10_000)
    assert window.document.path == example_copy.resolve()
    assert window.document.report.meta.org_name == "盐池县"


def test_crash_handler_saves_logs_tells_and_keeps_running(
    window: MainWindow, recovery_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append(text))
    )
    _break_table3(window)
    handler = ui_app.CrashHandler(lambda: [window])
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        handler(type(exc), exc, exc.__traceback__)
    assert list_recovery(recovery_folder), "a recovery copy is written first"
    assert handler.last_log is not None and "boom in a slot" in handler.last_log.read_text("utf-8")
    assert str(handler.last_log) in shown[0]
    assert window.isVisible() and window.isWindowModified()


def test_smoke_test_on_the_example_exits_zero(qapp) -> None:
    assert ui_app.run(["--smoke-test", str(example_path())]) == 0


def test_smoke_test_fails_on_a_broken_file(qapp, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.nianbao"
    bad.write_text("[]", encoding="utf-8")
    assert ui_app.run(["--smoke-test", str(bad)]) != 0


def test_unknown_option_is_refused(capsys) -> None:
    assert ui_app.run(["--frobnicate"]) == 2
    assert "无法识别的参数" in capsys.readouterr().err


def test_cjk_font_choice_prefers_windows_then_linux_fonts() -> None:
    assert ui_app.choose_font_families(["Arial", "SimSun", "Microsoft YaHei UI"])[0] == (
        "Microsoft YaHei UI"
    )
    assert ui_app.choose_font_families(["DejaVu Sans", "Noto Sans CJK SC", "文泉驿微米黑"]) == [
        "Noto Sans CJK SC",
        "文泉驿微米黑",
    ]
    assert ui_app.choose_font_families(["DejaVu Sans"]) == []


def test_resources_are_found_in_a_pyinstaller_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import resources

    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "nianbao.png").write_bytes(b"png")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.icon_path() == tmp_path / "resources" / "icons" / "nianbao.png"
    # Anything not in the bundle still comes from the source tree.
    assert resources.example_path().name == "yanchi-2022.nianbao"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert resources.icon_path() != tmp_path / "resources" / "icons" / "nianbao.png"


def _save_dialog_returns(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    asked: list[str] = []

    def fake(parent, title, start, filter_, *more):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(path), ""

    monkeypatch.setattr(file_dialogs, "get_save_file_name", fake)
    return asked


def test_export_word_of_a_complete_report_then_open_the_folder(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:
    from docx import Document as DocxDocument
    from PySide6.QtGui import QDesktopServices

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    target = tmp_path / "out" / "报告"
    target.parent.mkdir()
    asked = _save_dialog_returns(monkeypatch, target)
    boxes.answer("仍然导出", "打开所在文件夹")  # the example has two open warnings
    window.menu_actions.export_word.trigger()
    written = target.with_name("报告.docx")
    assert asked[0].endswith("盐池县2022年政府信息公开工作年度报告.docx")
    text = "\n".join(p.text for p in DocxDocument(str(written)).paragraphs)
    assert "盐池县2022年政府信息公开工作年度报告" in text
    assert "草稿" not in text
    assert opened == [QUrl.fromLocalFile(str(written.parent))]


def test_export_of_an_unfinished_report_offers_a_draft(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:
    window.document.set_cell("t3.granted.natural", None)
    target = tmp_path / "草稿.html"
    asked = _save_dialog_returns(monkeypatch, target)
    boxes.answer("取消")
    window.menu_actions.export_html.trigger()
    assert "1 个单元格未填" in boxes.texts[0]
    assert not asked and not target.exists()
    boxes.answer("导出草稿", "关闭")
    window.menu_actions.export_html.trigger()
    assert asked[0].endswith("（草稿）.html")
    html = target.read_text(encoding="utf-8")
    assert "未填" in html and "草稿" in html


def test_export_asks_in_chinese_before_replacing_a_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"edited in Word")
    # Typed without the extension: the file that would be replaced is 报告.docx all the same.
    _save_dialog_returns(monkeypatch, tmp_path / "报告")
    boxes.answer("仍然导出", "取消")  # the example has two open warnings
    window.menu_actions.export_word.trigger()
    assert "“报告.docx”已存在" in boxes.texts[1] and "要替换它吗" in boxes.texts[1]
    assert sorted(boxes.buttons[1]) == sorted(["替换", "取消"])
    assert target.read_bytes() == b"edited in Word"
    boxes.answer("仍然导出", "替换", "关闭")
    window.menu_actions.export_word.trigger()
    assert target.read_bytes().startswith(b"PK")


def test_draft_question_names_a_missing_written_date(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:
    window.document.set_meta_field("written", None)
    asked = _save_dialog_returns(monkeypatch, tmp_path / "r.docx")
    boxes.answer("取消")
    window.menu_actions.export_word.trigger()
    assert "成文日期未填" in boxes.texts[0] and "处错误" not in boxes.texts[0]
    assert not asked


def test_preview_shows_the_report_as_exported(window: MainWindow) -> None:
    window.tabs.setCurrentIndex(TAB_PREVIEW)
    text = window.preview.toPlainText()
    assert "盐池县2022年政府信息公开工作年度报告" in text
    assert "三、收到和处理政府信息公开申请情况" in text
    window.document.set_meta_field("org_name", "花马池镇")
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(TAB_PREVIEW)
    assert "花马池镇2022年政府信息公开工作年度报告" in window.preview.toPlainText()


def test_recent_files_menu_opens_and_forgets_missing_files(
    make_window, example_copy: Path, tmp_path: Path, boxes
) -> None:
    other = tmp_path / "乙.nianbao"
    other.write_bytes(example_path().read_bytes())
    window = make_window(example_copy)
    window.load_file(other)
    assert window.recent_files()[:2] == [other.resolve(), example_copy.resolve()]
    window.menu_actions.recent_menu.aboutToShow.emit()
    texts = [a.text() for a in window.menu_actions.recent_menu.actions()]
    assert texts[:2] == ["&1 乙.nianbao", "&2 盐池县2022年报.nianbao"]
    window.menu_actions.recent_menu.actions()[1].trigger()
    assert window.document.path == example_copy.resolve()
    other.unlink()
    window.menu_actions.recent_menu.aboutToShow.emit()
    boxes.answer("*")
    next(
        a for a in window.menu_actions.recent_menu.actions() if a.text().endswith("乙.nianbao")
    ).trigger()
    assert "找不到文件" in boxes.texts[0]
    assert other.resolve() not in window.recent_files()
    assert window.document.path == example_copy.resolve()


def test_table_intro_sentence_is_kept_with_the_report(window: MainWindow, qtbot) -> None:
    intro = window.table_pages["t3"].intro
    qtbot.keyClicks(intro, "Intro.")
    assert window.document.report.prose.table_intros == {3: "Intro."}
    assert window.isWindowModified()
    assert window.save()
    assert load_report(window.document.path).prose.table_intros == {3: "Intro."}


def test_qt_dialogs_speak_chinese(qapp) -> None:
    from PySide6.QtCore import QCoreApplication

    ui_app.configure_application(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert qapp.windowIcon().isNull() is False


def test_ctrl_s_right_after_typing_saves_what_was_typed(
    window: MainWindow, example_copy: Path, qtbot
) -> None:
    window.activateWindow()
    field = window.meta_page.contact
    field.setFocus()
    qtbot.keyClicks(field, "0953-1234567")  # no Enter: the field still has the focus
    assert window.document.report.meta.contact == ""
    window.menu_actions.save.trigger()
    assert load_report(example_copy).meta.contact == "0953-1234567"
    assert not window.isWindowModified()


def test_saving_while_a_cell_is_being_typed_keeps_the_number(
    window: MainWindow, example_copy: Path, qtbot
) -> None:
    window.activateWindow()
    window.tabs.setCurrentIndex(TAB_T3)
    view = window.table_pages["t3"].view
    view.select_cell("t3.other_3.natural")
    qtbot.keyClicks(view, "7")  # typing opens the cell editor; not yet confirmed
    window.menu_actions.save.trigger()
    assert load_report(example_copy).cells["t3.other_3.natural"] == 7


def test_preview_follows_undo_while_it_is_shown(window: MainWindow, qtbot) -> None:
    window.document.set_meta_field("org_name", "花马池镇")
    window.tabs.setCurrentIndex(TAB_PREVIEW)
    assert "花马池镇2022年" in window.preview.toPlainText()
    window.menu_actions.undo.trigger()
    qtbot.waitUntil(lambda: "盐池县2022年" in window.preview.toPlainText(), timeout=5000)


def test_a_finding_on_a_sub_part_selects_its_words(window: MainWindow) -> None:
    part = window.document.report.prose.s1.parts[1]
    finding = Finding("R16", Severity.WARNING, "测试", fields=(Place.text(1, 1),), span=(4, 8))
    window.go_to_finding(finding)
    editor = window.prose_pages[1].part_editors[1].text
    assert window.tabs.currentIndex() == 1
    assert editor.textCursor().selectedText() == part.text[4:8]
    whole = Finding("R16", Severity.WARNING, "测试", fields=(Place.whole_part(1, 1),), span=(1, 3))
    window.go_to_finding(whole)
    heading = window.prose_pages[1].part_editors[1].heading
    assert heading.selectedText() == part.heading[1:3]


def test_autosave_does_not_wait_forever_for_a_pause_in_typing(
    window: MainWindow, recovery_folder: Path, qtbot
) -> None:
    window.autosaver._quiet.setInterval(3_600_000)  # the user never pauses
    window.autosaver._longest.setInterval(30)
    for value in range(5):
        window.document.set_cell("t3.other_3.natural", value + 1)
    qtbot.waitUntil(lambda: bool(list_recovery(recovery_folder)), timeout=5000)


def _write_edited_recovery(example_copy: Path, recovery_folder: Path) -> None:
    """A recovery copy of the example with one edit (表三 其他处理 其他 = 5) not yet saved."""
    report = load_report(example_copy)
    report.cells["t3.other_3.natural"] = 5
    write_recovery(report, recovery_folder, example_copy.resolve())


def test_each_recovery_copy_is_offered_and_restored_in_its_own_window(
    make_window, example_copy: Path, recovery_folder: Path, boxes
) -> None:
    _write_edited_recovery(example_copy, recovery_folder)
    untitled = load_report(example_copy)
    untitled.meta.org_name = "乙县"
    write_recovery(untitled, recovery_folder, None, key="untitled-test")
    fresh = make_window()
    boxes.answer("恢复", "恢复")
    fresh.offer_recovery()
    assert len(boxes.texts) == 2
    windows = [fresh, *fresh._spawned]
    assert len(windows) == 2
    names = sorted(w.document.report.meta.org_name for w in windows)
    assert names == ["乙县", "盐池县"]
    restored = next(w for w in windows if w.document.path is not None)
    assert restored.document.report.cells["t3.other_3.natural"] == 5
    assert all(w.isWindowModified() for w in windows)


def test_window_size_and_panel_are_remembered(make_window) -> None:
    first = make_window()
    first.resize(700, 500)
    first.findings_panel.hide()
    first.close()
    second = make_window()
    assert (second.width(), second.height()) == (700, 500)
    assert second.findings_panel.isHidden()


def test_a_file_named_at_start_opens_in_the_first_window(
    qtbot, example_copy: Path, recovery_folder: Path, tmp_path: Path, boxes
) -> None:
    from PySide6.QtCore import QSettings

    from ui.app import first_window

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = first_window(example_copy, recovery_folder=recovery_folder, settings=settings)
    try:
        assert window.document.path == example_copy.resolve()
        assert window.document.report.meta.org_name == "盐池县"
        assert not window.isWindowModified()
        assert window.windowTitle().startswith(example_copy.name)
        assert example_copy.resolve() in window.recent_files()
        # A file that does not load starts an empty window; the caller then opens it the
        # ordinary way, which shows the error in a dialog.
        bad = tmp_path / "坏文件.nianbao"
        bad.write_text("{ not json", encoding="utf-8")
        empty = first_window(bad, recovery_folder=recovery_folder, settings=settings)
        assert empty.document.path is None
        boxes.answer("*")
        assert not empty.open_path(bad)
        assert "已损坏" in boxes.texts[0]
        empty.discard_changes_and_close()
    finally:
        window.discard_changes_and_close()


def test_recovery_of_the_file_opened_at_start_restores_into_its_window(
    make_window, example_copy: Path, recovery_folder: Path, boxes
) -> None:
    _write_edited_recovery(example_copy, recovery_folder)
    window = make_window(example_copy)
    boxes.answer("恢复")
    window.offer_recovery()
    assert window._spawned == []  # not a second window on the same file
    assert window.document.report.cells["t3.other_3.natural"] == 5
    assert window.document.path == example_copy.resolve()
    assert window.isWindowModified()


def test_final_export_gate_lists_warnings_and_empty_parts(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:
    # Issue 14 problem 2: a final export went straight to the save dialog with open warnings
    # and empty sub-parts, and the status bar said 未填 0.
    from desktop.unwritten import empty_parts

    doc = window.document
    s1 = doc.report.prose.s1
    emptied = [i for i, p in enumerate(s1.parts) if p.heading][2:5]
    for i in emptied:
        doc.set_prose(Place.text(1, i), "")
    assert len(empty_parts(doc.report)) == 3
    assert window.counts_label.text().endswith("未写 3 部分")
    target = tmp_path / "正式.docx"
    asked = _save_dialog_returns(monkeypatch, target)
    boxes.answer("返回修改")
    window.menu_actions.export_word.trigger()
    text = boxes.texts[0]
    assert "2 处警告" in text and "3 个部分还没有写内容" in text
    assert s1.parts[emptied[0]].heading in text
    assert not re.search(r"R\d", text)  # no rule codes for users
    assert set(boxes.buttons[0]) == {"返回修改", "仍然导出"}
    assert not asked and not target.exists()  # 返回修改: nothing written
    boxes.answer("仍然导出", "关闭")
    window.menu_actions.export_word.trigger()
    assert target.exists()


def test_gate_default_button_is_go_back(window: MainWindow, boxes) -> None:
    seen: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, look)
            return
        default = box.defaultButton()
        seen.append(default.text() if default is not None else "")
        escape = box.escapeButton()
        assert escape is not None and escape.text() == "返回修改"
        escape.click()

    QTimer.singleShot(0, look)
    assert window.files.final_export_gate("Word") is False
    assert seen == ["返回修改"]
