"""The window never overwrites silently: two windows on one file, a file rewritten by another
program, a read-only file; lock notes; notes about text removed on opening; typing and paste
refuse what a report cannot hold; two crashed windows both come back."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from desktop.file_guard import lock_path, read_lock
from desktop.project_file import list_recovery, load_report, report_to_json, save_report
from ui.main_window import MainWindow


def _org(window: MainWindow, name: str) -> None:
    window.document.set_meta_field("org_name", name)


def test_two_windows_second_save_asks_and_first_change_survives(
    make_window, example_copy: Path, boxes
) -> None:
    first = make_window(example_copy)
    second = make_window(example_copy)
    # The second window is told at once that the file is open elsewhere.
    assert any("已由" in n and "打开" in n for n in second.workspace.notices)
    assert first.workspace.holds_lock and not second.workspace.holds_lock
    _org(first, "第一个窗口的单位")
    assert first.save()
    _org(second, "第二个窗口的单位")
    boxes.answer("取消")
    assert not second.save()
    assert sorted(boxes.buttons[-1]) == sorted(["另存为…", "覆盖", "重新打开", "取消"])
    assert "已被修改" in boxes.texts[-1]
    assert load_report(example_copy).meta.org_name == "第一个窗口的单位"
    # 覆盖 is an explicit choice: then the second window's work is written.
    boxes.answer("覆盖")
    assert second.save()
    assert load_report(example_copy).meta.org_name == "第二个窗口的单位"
    # The first window now sees the change in its turn.
    _org(first, "第一个窗口再改")
    boxes.answer("重新打开")
    assert not first.save()
    assert first.document.report.meta.org_name == "第二个窗口的单位"
    assert not first.document.is_dirty()


def test_default_button_is_save_as(make_window, example_copy: Path, boxes) -> None:
    window = make_window(example_copy)
    _org(window, "甲")
    report = load_report(example_copy)
    report.meta.org_name = "别的程序写的"
    save_report(report, example_copy, force=True)
    seen: list[str] = []

    def press_enter() -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.defaultButton().text())
        box.escapeButton().click() if box.escapeButton() else box.reject()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, press_enter)
    assert not window.save()
    assert seen == ["另存为…"]
    assert load_report(example_copy).meta.org_name == "别的程序写的"


def test_external_rewrite_between_open_and_save_is_noticed(
    make_window, example_copy: Path, boxes
) -> None:
    window = make_window(example_copy)
    _org(window, "窗口里的修改")
    text = example_copy.read_text(encoding="utf-8")
    example_copy.write_text(text.replace("盐池县", "另一县", 1), encoding="utf-8")
    changed = example_copy.read_bytes()
    boxes.answer("取消")
    assert not window.save()
    assert example_copy.read_bytes() == changed


def test_saving_after_own_save_does_not_ask(make_window, example_copy: Path) -> None:
    window = make_window(example_copy)
    for name in ("甲", "乙", "丙"):
        _org(window, name)
        assert window.save()  # a box here would hang the test
    assert load_report(example_copy).meta.org_name == "丙"


def test_read_only_file_asks_in_the_window(make_window, example_copy: Path, boxes) -> None:
    window = make_window(example_copy)
    os.chmod(example_copy, 0o444)
    before = example_copy.read_bytes()
    _org(window, "只读也要改")
    boxes.answer("取消")
    assert not window.save()
    assert "只读" in boxes.texts[-1]
    assert example_copy.read_bytes() == before
    boxes.answer("仍然覆盖")
    assert window.save()
    assert load_report(example_copy).meta.org_name == "只读也要改"
    assert example_copy.stat().st_mode & 0o777 == 0o444


def test_lock_released_on_close_and_stale_lock_taken_over(make_window, example_copy: Path) -> None:
    window = make_window(example_copy)
    assert read_lock(example_copy) is not None
    window.discard_changes_and_close()
    assert not lock_path(example_copy).exists()
    lock_path(example_copy).write_text(
        json.dumps({"user": "王五", "host": os.uname().nodename, "pid": 2**22 + 3, "time": 0}),
        encoding="utf-8",
    )
    again = make_window(example_copy)
    assert again.workspace.holds_lock
    assert any("接管" in n for n in again.workspace.notices)


def test_file_with_forbidden_text_opens_with_a_visible_note(
    make_window, example_copy: Path, qtbot
) -> None:
    text = example_copy.read_text(encoding="utf-8")
    tree = json.loads(text)
    org = tree["meta"]["org_name"]
    tree["meta"]["org_name"] = org[:2] + "\x0b\x01" + org[2:]
    tree["prose"]["opening"] = "开头\uffff"
    raw = json.dumps(tree, ensure_ascii=False).replace("开头", "开\\ud800头")
    example_copy.write_text(raw, encoding="utf-8")
    window = make_window(example_copy)
    qtbot.waitUntil(lambda: bool(window.notice_boxes), timeout=3000)
    note = window.notice_boxes[-1].text()
    assert "机关全称 2 个" in note and "开头段落 2 个" in note
    assert window.document.report.meta.org_name == org
    assert window.save()
    assert load_report(example_copy).removed_text == {}


def test_typing_and_paste_refuse_forbidden_characters(window: MainWindow) -> None:
    page = window.meta_page
    page.org_name.setFocus()
    page.org_name.selectAll()
    page.org_name.insert("盐池\x0b县")
    assert page.org_name.text() != "盐池\x0b县"
    assert "无法保存到文件的特殊字符" in str(page.org_name.property("gateMessage"))
    editor = window.prose_pages[1].lead
    before = editor.toPlainText()
    mime = QMimeData()
    # (Qt itself cannot carry a lone surrogate in a QString: such text never arrives here.)
    for pasted, words in (("粘贴\x0b的文字", "垂直制表符"), ("粘贴\uffff的", "非字符")):
        mime.setText(pasted)
        editor.insertFromMimeData(mime)
        assert editor.toPlainText() == before
        assert words in str(editor.property("gateMessage"))
    mime.setText("正常\r\n文字")
    editor.insertFromMimeData(mime)
    assert "正常\n文字" in editor.toPlainText()


def test_two_crashed_windows_on_one_file_both_come_back(
    make_window, example_copy: Path, recovery_folder: Path, boxes
) -> None:
    first = make_window(example_copy)
    second = make_window(example_copy)
    _org(first, "第一个窗口未保存")
    _org(second, "第二个窗口未保存")
    for crashed in (first, second):
        assert crashed.write_recovery_now()
        assert crashed.autosaver is not None
        crashed.autosaver.stop()
        crashed.workspace.autosaver = None  # as if the process died
    copies = list_recovery(recovery_folder)
    assert len(copies) == 2
    fresh = make_window()
    boxes.answer("恢复", "恢复")
    fresh.offer_recovery()
    names = {w.document.report.meta.org_name for w in [fresh, *fresh._spawned]}
    assert names == {"第一个窗口未保存", "第二个窗口未保存"}
    # The recovery copies themselves are JSON the report can be read from.
    assert all(json.loads(c.path.read_text(encoding="utf-8"))["report"] for c in copies)
    assert report_to_json(fresh.document.report)


def test_window_save_keeps_unknown_fields_at_every_level(make_window, example_copy: Path) -> None:
    # A file of the same schema version from a newer build: fields this build does not know at
    # the top, in 基本信息, in the prose, in the register and in one of its rows.
    tree = json.loads(report_to_json(load_report(example_copy)))  # the current schema version
    tree["ledger"]["applications"] = [
        {"id": "2022-001", "received": "2022-03-01", "kind": "自然人", "future_row": [1, "二"]}
    ]
    nodes = (
        tree,
        tree["meta"],
        tree["prose"],
        tree["prose"]["s1"],
        tree["ledger"],
        tree["ledger"]["applications"][0],
    )
    for node in nodes:
        node["future_field"] = {"deep": ["值", None]}
    example_copy.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    window = make_window(example_copy)
    from ui.register_edits import set_field

    assert set_field(window.document, "applications", 0, "note", "窗口里写的备注")
    _org(window, "窗口里改的单位")
    assert window.save()
    saved = json.loads(example_copy.read_text(encoding="utf-8"))
    row = saved["ledger"]["applications"][0]
    assert row["note"] == "窗口里写的备注" and row["future_row"] == [1, "二"]
    assert saved["meta"]["org_name"] == "窗口里改的单位"
    for node in (
        saved,
        saved["meta"],
        saved["prose"],
        saved["prose"]["s1"],
        saved["ledger"],
        row,
    ):
        assert node["future_field"] == {"deep": ["值", None]}
