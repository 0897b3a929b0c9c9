"""The 申请台账 tab: typing dates and choices, undo, paste, due colours, 由台账生成 making table 三
read-only with a link to its rows, and the models passing Qt's model tester."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from desktop.register.model import ApplicantKind, Application, Register
from desktop.register.sync import apply_register
from desktop.report import Report, new_report
from ui.document import Document
from ui.register_model import COLOR_DUE_SOON, COLOR_OVERDUE, RegisterModel
from ui.register_page import RegisterPage

TODAY = date(2025, 6, 26)  # a Thursday


def _report() -> Report:
    r = new_report("测试局", 2025)
    r.ledger = Register(
        applications=[
            Application(id="2025-001", received=date(2025, 6, 3), kind=ApplicantKind.NATURAL),
            Application(id="2025-002", received=date(2025, 5, 6), kind=ApplicantKind.BUSINESS),
            Application(
                id="2025-003",
                received=date(2025, 3, 1),
                kind=ApplicantKind.NATURAL,
                result="granted",
                answered=date(2025, 3, 10),
            ),
        ],
        t3_generated=True,
    )
    apply_register(r)
    return r


def _col(model: RegisterModel, field: str) -> int:
    return next(i for i, c in enumerate(model.columns) if c.field == field)


def test_models_pass_the_qt_model_tester(qtmodeltester: Any, qapp: Any) -> None:
    doc = Document(_report())
    for kind in ("applications", "cases"):
        qtmodeltester.check(RegisterModel(doc, kind, TODAY))  # type: ignore[arg-type]


def test_typing_dates_and_choices_is_one_undo_step_each(qapp: Any) -> None:
    doc = Document(_report())
    m = RegisterModel(doc, "applications", TODAY)
    idx = m.index(0, _col(m, "answered"))
    assert m.setData(idx, "6月20日")
    assert doc.report.ledger.applications[0].answered == date(2025, 6, 20)
    assert m.setData(m.index(0, _col(m, "result")), "（一）予以公开")
    assert doc.report.cells["t3.granted.natural"] == 2  # 由台账生成: written at once
    assert m.setData(m.index(1, _col(m, "received")), "2025/05/07")
    assert not m.setData(m.index(1, _col(m, "received")), "5月32日")
    assert "不是日期" in m.last_error
    assert not m.setData(m.index(1, _col(m, "kind")), "公民")  # not a listed choice
    doc.undo_stack.undo()
    assert doc.report.ledger.applications[1].received == date(2025, 5, 6)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.report.ledger.applications[0].answered is None
    assert doc.report.cells["t3.granted.natural"] == 1


def test_due_colours_and_what_is_due_this_week(qtbot: Any) -> None:
    doc = Document(_report())
    page = RegisterPage(doc, today=TODAY)
    qtbot.addWidget(page)
    m = page.applications.source
    state = _col(m, "state")
    # 2025-001: due 2025-07-01, 3 working days after Thu 6-26 → 即将到期
    assert m.data(m.index(0, state)) == "即将到期"
    assert m.data(m.index(0, state), Qt.ItemDataRole.BackgroundRole).color() == COLOR_DUE_SOON
    # 2025-002: received 5-6, due 6-4 → 已逾期
    assert m.data(m.index(1, state)) == "已逾期"
    assert m.data(m.index(1, state), Qt.ItemDataRole.BackgroundRole).color() == COLOR_OVERDUE
    text = page.due_this_week_text()
    assert "2025-002" in text and "已逾期 1 件" in text
    assert "2025-001" not in text  # due next Tuesday, not this week


def test_paste_many_rows_adds_rows_in_one_step_or_refuses_all(qtbot: Any) -> None:
    doc = Document(_report())
    page = RegisterPage(doc, today=TODAY)
    qtbot.addWidget(page)
    table = page.applications
    table.setCurrentIndex(table.view_index(3 - 1, 0))
    # from 编号 of the last row on: overwrite it and add two rows
    rows = "X-1\t2025-4-1\t网络\t自然人\nX-2\t2025/4/2\t信函\t商业企业\nX-3\t4月3日\t\t其他\n"
    assert table.paste_text(rows)
    ids = [a.id for a in doc.report.ledger.applications]
    assert ids == ["2025-001", "2025-002", "X-1", "X-2", "X-3"]
    assert doc.report.ledger.applications[4].received == date(2025, 4, 3)
    assert doc.report.cells["t3.new.business"] == 2
    doc.undo_stack.undo()
    assert len(doc.report.ledger.applications) == 3
    assert not table.paste_text("Y\t不是日期\n")
    assert len(doc.report.ledger.applications) == 3


def test_generated_table_three_is_read_only_and_links_to_its_rows(
    make_window: Any, tmp_path: Path
) -> None:
    from desktop.project_file import save_report

    path = tmp_path / "r.nianbao"
    save_report(_report(), path)
    window = make_window(path)
    assert window.tabs.tabText(4) == "申请台账" and window.tabs.tabText(5).startswith("四")
    view = window.table_pages["t3"].view
    model = view.model()
    index = model.index_of("t3.new.natural")
    assert not (model.flags(index) & Qt.ItemFlag.ItemIsEditable)
    assert window.document.report.cells["t3.new.natural"] == 2
    view.doubleClicked.emit(index)
    assert window.tabs.currentWidget() is window.register_page
    assert window.register_page.applications.proxy.rowCount() == 2
    window.register_page.clear_row_filter()
    assert window.register_page.applications.proxy.rowCount() == 3
    # 手工填写: editable again, numbers kept
    window.register_page.t3_mode.setCurrentText("手工填写")
    window.register_page._mode_chosen("t3")
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert window.document.report.cells["t3.new.natural"] == 2
    window.document.undo_stack.undo()
    assert not (model.flags(index) & Qt.ItemFlag.ItemIsEditable)


def test_placeholder_rows_for_the_first_year(qtbot: Any) -> None:
    last = new_report("测试局", 2024)
    last.cells["t3.carried_out.natural"] = 2
    from desktop.next_year import plan_next_year

    r = plan_next_year(last).report
    r.ledger.applications.append(
        Application(id="a", received=date(2025, 2, 1), kind=ApplicantKind.NATURAL)
    )
    doc = Document(r)
    page = RegisterPage(doc, today=TODAY)
    qtbot.addWidget(page)
    assert not page.placeholder_button.isHidden()
    assert page.add_placeholders() == 2
    assert page.placeholder_button.isHidden()
    assert sum(a.placeholder for a in doc.report.ledger.applications) == 2


def test_import_mapping_step_adds_rows_once_user_maps_values(qtbot: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook
    from PySide6.QtWidgets import QComboBox

    from ui.register_dialogs import RegisterImportDialog

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["台账"])
    ws.merge_cells("A1:D1")
    ws.append(["序号", "受理日期", "申请人身份", "处理结果"])
    ws.append([1, "2025-4-1", "公民", "同意公开"])
    ws.append([2, "2025-4-2", "个体户", "办理中"])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    r = new_report("测试局", 2025)
    doc = Document(r)
    dialog = RegisterImportDialog(doc, path)
    qtbot.addWidget(dialog)
    assert len(dialog.proposal.rows) == 0  # 同意公开 without a 答复日期 column: not placed
    assert [u.line for u in dialog.proposal.unmapped] == [3, 4]
    # map 个体户 and make 处理结果 unread: both rows import, pending
    for i in range(dialog.columns.rowCount()):
        if dialog.columns.item(i, 0).text() == "处理结果":  # type: ignore[union-attr]
            box = dialog.columns.cellWidget(i, 1)
            assert isinstance(box, QComboBox)
            box.setCurrentText("（不读取）")
    for i, (_fld, raw, _v, _k) in enumerate(dialog._value_rows):
        if raw == "个体户":
            box = dialog.values.cellWidget(i, 2)
            assert isinstance(box, QComboBox)
            box.setCurrentText("商业企业")
    dialog.reapply()
    assert len(dialog.proposal.rows) == 2 and not dialog.proposal.unmapped
    dialog.do_import()
    assert dialog.added == 2 and doc.report.ledger.t3_generated
    assert doc.report.cells["t3.new.business"] == 1
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.report.ledger.applications == [] and not doc.report.ledger.t3_generated


def test_import_dialog_takes_a_case_list_and_an_xls(qtbot: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook
    from PySide6.QtWidgets import QComboBox

    from ui.register_dialogs import RegisterImportDialog

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "案件类型", "收到日期", "审理结果", "结案日期"])
    ws.append([1, "行政复议", "2025-3-2", "维持", "2025-5-6"])
    ws.append([2, "行政诉讼", "2025-4-1", "驳回诉讼请求", "2025-8-30"])
    ws.append([3, "复议", "2025-5-1", "审理中", None])
    path = tmp_path / "案件.xlsx"
    wb.save(path)
    doc = Document(new_report("测试局", 2025))
    dialog = RegisterImportDialog(doc, path)
    qtbot.addWidget(dialog)
    assert dialog.table_box.currentText() == "复议诉讼案件表"
    assert [u.line for u in dialog.proposal.unmapped] == [3]  # 行政诉讼: which kind?
    for i, (_fld, raw, _v, _k) in enumerate(dialog._value_rows):
        if raw == "行政诉讼":
            box = dialog.values.cellWidget(i, 2)
            assert isinstance(box, QComboBox)
            box.setCurrentText("未经复议直接起诉")
    dialog.reapply()
    assert dialog.proposal.complete
    dialog.do_import()
    reg = doc.report.ledger
    assert dialog.added == 3 and len(reg.cases) == 3 and reg.applications == []
    assert reg.t4_generated and not reg.t3_generated
    assert doc.report.cells["t4.suit_direct.upheld"] == 1
    assert doc.report.cells["t4.review.pending"] == 1
    # the same list again: nothing added twice
    again = RegisterImportDialog(doc, path)
    qtbot.addWidget(again)
    for i, (_fld, raw, _v, _k) in enumerate(again._value_rows):
        if raw == "行政诉讼":
            box = again.values.cellWidget(i, 2)
            assert isinstance(box, QComboBox)
            box.setCurrentText("未经复议直接起诉")
    again.do_import()
    assert again.added == 0 and len(doc.report.ledger.cases) == 3
    # an old-format .xls 申请台账 through the same dialog
    xls = Path(__file__).resolve().parents[1] / "data" / "register" / "messy-register.xls"
    old = RegisterImportDialog(doc, xls)
    qtbot.addWidget(old)
    assert old.table_box.currentText() == "申请台账" and len(old.proposal.rows) == 4
    old.do_import()
    assert old.added == 4 and len(doc.report.ledger.applications) == 4


def test_a_year_unknown_to_the_calendar_is_said_on_the_page(qtbot: Any) -> None:
    r = new_report("测试局", 2099)
    r.ledger = Register(
        applications=[Application(id="a", received=date(2099, 3, 2), kind=ApplicantKind.NATURAL)]
    )
    page = RegisterPage(Document(r), today=date(2099, 3, 3))
    qtbot.addWidget(page)
    assert "2099 年" in page.note_label.text() and "按周末计算" in page.note_label.text()
    assert not page.note_label.isHidden()


def test_dropdowns_and_sorting_by_date(qtbot: Any) -> None:
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

    doc = Document(_report())
    page = RegisterPage(doc, today=TODAY)
    qtbot.addWidget(page)
    table = page.applications
    m = table.source
    index = table.proxy.mapFromSource(m.index(0, _col(m, "kind")))
    editor = table.itemDelegate().createEditor(table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())][:2] == ["自然人", "商业企业"]
    editor.setCurrentText("科研机构")
    table.itemDelegate().setModelData(editor, table.proxy, index)
    assert doc.report.ledger.applications[0].kind is ApplicantKind.RESEARCH
    # the view shows the model itself until asked to sort or filter (cheaper frames)
    assert not table.proxied and table.model() is m
    table.setColumnWidth(0, 123)
    table.sortByColumn(_col(m, "received"), Qt.SortOrder.AscendingOrder)
    assert table.proxied and table.columnWidth(0) == 123
    view = table.model()
    shown = [view.index(r, 0).data() for r in range(view.rowCount())]
    assert shown == ["2025-003", "2025-002", "2025-001"]
    assert table.source_row(view.index(0, 0)) == 2
    assert table.view_index(2, 0).row() == 0
    page.filter.setText("2025-002")
    assert table.proxy.rowCount() == 1 and table.model().rowCount() == 1
    # back to register order, no filter: the model again
    page.filter.setText("")
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.set_rows(None)
    assert not table.proxied and table.columnWidth(0) == 123
    assert [table.model().index(r, 0).data() for r in range(3)] == [
        "2025-001",
        "2025-002",
        "2025-003",
    ]
    assert page.show_rows_for_cell("t3.new.natural") == 1  # 2025-001 is 科研机构 now
    assert table.proxied and table.model().rowCount() == 1
    page.clear_row_filter()
    assert not table.proxied and table.model().rowCount() == 3


def test_holiday_table_saves_and_is_used(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    import pytest

    from desktop.register.checks import current_calendar, set_current_calendar
    from desktop.register.workdays import holidays_from_json
    from ui.register_dialogs import HolidaysDialog

    path = tmp_path / "holidays.json"
    dialog = HolidaysDialog(path=path)
    qtbot.addWidget(dialog)
    dialog.add_row("2099-03-10")
    dialog.add_row("2099/3/14")
    box = dialog.table.cellWidget(1, 1)
    box.setCurrentText("调休上班")  # type: ignore[union-attr]
    dialog.save()
    days = holidays_from_json(path.read_text(encoding="utf-8"))
    assert [(d.isoformat(), k.value) for d, k in sorted(days.items())] == [
        ("2099-03-10", "放假"),
        ("2099-03-14", "调休上班"),
    ]
    set_current_calendar(None)
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path))
    try:
        assert current_calendar().known(2099)
    finally:
        set_current_calendar(None)
    dialog2 = HolidaysDialog(path=path)
    qtbot.addWidget(dialog2)
    assert dialog2.table.rowCount() == 2
    dialog2.add_row("不是日期")
    with pytest.raises(ValueError, match="第 3 行"):
        dialog2.days()


def test_decision_mapping_is_the_apps_suggestion_editable_for_the_report(qtbot: Any) -> None:
    from PySide6.QtWidgets import QComboBox

    from desktop.register.model import Case, CaseCategory, CaseKind
    from ui.register_dialogs import DecisionMapDialog
    from ui.register_model import T4_RULE_NOTE

    r = new_report("测试局", 2025)
    r.ledger = Register(
        cases=[
            Case(
                id="案件2025-001",
                kind=CaseKind.REVIEW,
                received=date(2025, 2, 1),
                decision="驳回",
                decided=date(2025, 4, 1),
            ),
            Case(
                id="案件2025-002",
                kind=CaseKind.REVIEW,
                received=date(2025, 3, 1),
                decision="不予受理",  # not a word the app knows
                decided=date(2025, 5, 1),
            ),
        ],
        t4_generated=True,
    )
    apply_register(r)
    doc = Document(r)
    page = RegisterPage(doc, today=TODAY)
    qtbot.addWidget(page)
    # the window says the mapping is a suggestion, and the table 四 counting rule, by the cases
    assert T4_RULE_NOTE in page.rule_label.text() and "软件的建议" in page.rule_label.text()
    assert "12 月 31 日的状态" in page.rule_label.text()
    assert r.cells["t4.review.upheld"] is None  # 不予受理 unplaced: a blank, not a wrong number
    dialog = DecisionMapDialog(doc, page)
    qtbot.addWidget(dialog)
    rows = {dialog._word(i): i for i in range(dialog.table.rowCount())}
    assert list(rows)[:11] == ["维持", "驳回", "变更", "撤销", "确认违法", "确认无效",
                               "责令履行", "调解", "和解", "终止", "撤诉"]  # fmt: skip
    assert "不予受理" in rows  # used by a case, listed for the user to place

    def choose(word: str, text: str) -> None:
        box = dialog.table.cellWidget(rows[word], 2)
        assert isinstance(box, QComboBox)
        box.setCurrentText(text)

    assert dialog.table.item(rows["驳回"], 1).text() == "结果维持"  # type: ignore[union-attr]
    choose("驳回", "结果纠正")
    choose("不予受理", "其他结果")
    assert dialog.chosen() == {"驳回": CaseCategory.CORRECTED, "不予受理": CaseCategory.OTHER}
    dialog.save()
    assert r.ledger.decision_map == {"驳回": CaseCategory.CORRECTED, "不予受理": CaseCategory.OTHER}
    assert r.cells["t4.review.corrected"] == 1 and r.cells["t4.review.other"] == 1
    assert "本报告已改为：驳回→结果纠正；不予受理→其他结果" in page.rule_label.text()
    # a per-case choice still wins over the report's mapping
    cases = page.cases.source
    idx = cases.index(0, next(i for i, c in enumerate(cases.columns) if c.field == "category"))
    assert cases.data(idx) == "结果纠正（按对应）"
    assert cases.setData(idx, "结果维持")
    assert r.cells["t4.review.upheld"] == 1 and r.cells["t4.review.corrected"] == 0
    doc.undo_stack.undo()
    doc.undo_stack.undo()  # the mapping back to the app's suggestion
    assert r.ledger.decision_map == {} and r.cells["t4.review.upheld"] is None
    assert "本报告已改为" not in page.rule_label.text()
    # 恢复软件建议 puts every word back
    again = DecisionMapDialog(doc, page)
    qtbot.addWidget(again)
    rows = {again._word(i): i for i in range(again.table.rowCount())}
    box = again.table.cellWidget(rows["撤诉"], 2)
    assert isinstance(box, QComboBox)
    box.setCurrentText("结果纠正")
    again.reset()
    assert again.chosen() == {}


def test_import_dialog_reads_the_chosen_sheet_of_an_exported_register(
    qtbot: Any, tmp_path: Path
) -> None:
    from desktop.register.model import Case, CaseKind
    from desktop.register.table_io import save_register_xlsx
    from ui.register_dialogs import RegisterImportDialog

    r = _report()
    r.ledger.cases = [
        Case(
            id="案件2025-001",
            kind=CaseKind.REVIEW,
            received=date(2025, 2, 1),
            decision="维持",
            decided=date(2025, 4, 1),
        )
    ]
    out = tmp_path / "导出.xlsx"
    save_register_xlsx(r.ledger, out)
    doc = Document(new_report("测试局", 2025))
    dialog = RegisterImportDialog(doc, out)
    qtbot.addWidget(dialog)
    assert [dialog.sheet_box.itemText(i) for i in range(dialog.sheet_box.count())] == [
        "申请台账",
        "复议诉讼案件",
    ]
    assert dialog.table_box.currentText() == "申请台账" and len(dialog.proposal.rows) == 3
    dialog.sheet_box.setCurrentIndex(1)
    dialog.sheet_box.activated.emit(1)
    assert dialog.table_box.currentText() == "复议诉讼案件表"
    assert [c.id for _, c in dialog.proposal.rows] == ["案件2025-001"]
    dialog.do_import()
    assert [c.id for c in doc.report.ledger.cases] == ["案件2025-001"]
    assert doc.report.ledger.applications == [] and doc.report.cells["t4.review.upheld"] == 1
