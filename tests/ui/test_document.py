"""The Document: undo steps with menu names, the saved state, meta and prose edits, findings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop import rules
from desktop.place import Place
from desktop.report import Level, new_report
from ui.document import Document


def test_cell_edit_is_an_undo_step_named_for_the_menu(doc) -> None:
    changed: list[list[str]] = []
    doc.cellsChanged.connect(changed.append)
    doc.set_cell("t3.new.natural", 12)
    assert doc.undo_stack.undoText() == "修改 表三 自然人 本年新收"
    assert changed == [["t3.new.natural", "t3.new.total"]]
    doc.set_cell("t2.rules.made", "1")
    assert doc.undo_stack.undoText() == "修改 表二 规章 本年制发件数"
    doc.set_cell("t4.review.upheld", 2)
    assert doc.undo_stack.undoText() == "修改 表四 行政复议 结果维持"
    doc.set_cell("t2.license", 1)
    assert doc.undo_stack.undoText() == "修改 表二 行政许可"


def test_same_value_is_no_undo_step(doc) -> None:
    doc.set_cell("t3.new.natural", 11)
    doc.set_cell("t3.new.natural", "11")
    assert doc.undo_stack.count() == 0
    assert not doc.is_dirty()


def test_invalid_values_and_totals_are_refused(doc) -> None:
    with pytest.raises(ValueError, match="请填写 0 或正整数"):
        doc.set_cell("t3.new.natural", -1)
    with pytest.raises(ValueError, match="合计"):
        doc.set_cell("t3.new.total", 3)
    with pytest.raises(ValueError, match="表三 一、本年新收政府信息公开申请数量 / 商业企业"):
        doc.set_cells({"t3.new.natural": 1, "t3.new.business": "x"}, "粘贴 2 个单元格")
    assert doc.report.cells["t3.new.natural"] == 11  # nothing of a refused batch is applied
    assert doc.undo_stack.count() == 0


def test_dirty_follows_the_undo_stack_and_saving(doc) -> None:
    states: list[bool] = []
    doc.dirtyChanged.connect(states.append)
    doc.set_cell("t3.new.natural", 1)
    assert doc.is_dirty()
    doc.undo_stack.undo()
    assert not doc.is_dirty()
    doc.undo_stack.redo()
    doc.mark_saved(Path("/tmp/x.nianbao"))
    assert not doc.is_dirty()
    assert doc.path == Path("/tmp/x.nianbao")
    doc.undo_stack.undo()  # back before the save: unsaved again
    assert doc.is_dirty()
    assert states == [True, False, True, False, True]


def test_prose_typing_marks_dirty_without_an_undo_step(qtbot, doc) -> None:
    with qtbot.waitSignal(doc.proseChanged):
        doc.set_prose(Place.lead(5), "存在的问题。")
    assert doc.report.prose.s5.lead == "存在的问题。"
    assert doc.is_dirty()
    assert doc.undo_stack.count() == 0
    doc.set_prose(Place.text(1, 0), "围绕……")
    doc.set_prose(Place.table_intro(3), "本年度收到申请如下。")
    doc.set_prose(Place.title(), "")
    assert doc.report.prose.title is None
    assert doc.prose_text(Place.table_intro(3)) == "本年度收到申请如下。"
    assert doc.report.prose.s1.parts[0].text == "围绕……"
    doc.mark_saved()
    assert not doc.is_dirty()
    with pytest.raises(KeyError):
        doc.set_prose(Place.lead(2), "x")  # section 二 is a table


def test_subparts_add_remove_move_are_undoable(qtbot, doc) -> None:
    parts = doc.report.prose.s1.parts
    headings = [p.heading for p in parts]
    doc.set_prose(Place.text(1, 1), "依申请公开的文字")
    with qtbot.waitSignal(doc.proseStructureChanged) as blocker:
        doc.remove_subpart(1, 1)
    assert blocker.args == [1]
    assert doc.undo_stack.undoText() == "删除 一、总体情况 第2部分"
    assert len(parts) == len(headings) - 1
    doc.undo_stack.undo()
    assert parts[1].text == "依申请公开的文字"  # undo brings the text back
    doc.move_subpart(1, 0, 2)
    # The parts move; their （一）（二）（三） follow the new order (issue 14).
    assert [p.heading[3:] for p in parts][:3] == [
        h[3:] for h in (headings[1], headings[2], headings[0])
    ]
    assert [p.heading[:3] for p in parts][:3] == ["（一）", "（二）", "（三）"]
    doc.undo_stack.undo()
    assert [p.heading for p in parts] == headings
    at = doc.add_subpart(6, heading="（四）其他")
    assert doc.report.prose.s6.parts[at].heading == "（四）其他"
    doc.undo_stack.undo()
    assert len(doc.report.prose.s6.parts) == 3


def test_meta_fields_are_undoable_and_validated(qtbot, doc) -> None:
    with qtbot.waitSignal(doc.metaChanged):
        doc.set_meta_field("org_name", "盐池县人民政府办公室")
    assert doc.undo_stack.undoText() == "修改 机关全称"
    doc.set_meta_field("published", date(2023, 1, 20))
    doc.set_meta_field("level", Level.CITY)
    doc.set_meta_field("info_fee_yuan", "0")
    assert doc.report.info_fee_yuan == Decimal(0)
    assert doc.undo_stack.undoText() == "修改 信息处理费"
    with pytest.raises(ValueError, match="报告年度"):
        doc.set_meta_field("year", 1800)
    with pytest.raises(ValueError, match="信息处理费"):
        doc.set_meta_field("info_fee_yuan", "-5")
    doc.undo_stack.undo()
    assert doc.report.info_fee_yuan is None
    doc.undo_stack.undo()
    assert doc.report.meta.level is Level.COUNTY
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.report.meta.org_name == "盐池县人民政府"


def test_fee_finding_goes_when_the_fee_is_entered(doc) -> None:
    assert any(Place.info_fee() in f.fields for f in doc.findings())
    doc.set_meta_field("info_fee_yuan", Decimal(0))
    assert not any(f.rule == "R12" and Place.info_fee() in f.fields for f in doc.findings())


def test_fill_blanks_for_the_whole_report(qapp) -> None:
    doc = Document(new_report("某县人民政府", 2023))
    n = doc.fill_blanks_with_zero()
    assert n == len(doc.report.cells)
    assert doc.report.cells["t2.fees"] == Decimal(0)
    assert isinstance(doc.report.cells["t3.new.natural"], int)
    assert not any(f.rule == "R12" and f.cells for f in doc.findings())
    assert doc.undo_stack.count() == 1


def test_findings_follow_edits_and_name_changed_cells(qtbot, doc) -> None:
    with qtbot.waitSignal(doc.findingsChanged):
        doc.set_cell("t3.carried_out.natural", 4)
    r1 = [f for f in doc.findings() if f.rule == "R1"]
    assert len(r1) == 1
    assert "t3.carried_out.natural" in doc.changed_finding_cells
    assert doc.cell_findings("t3.carried_out.natural") == (r1[0],)
    assert doc.cell_severity("t3.carried_out.natural") is not None
    doc.undo_stack.undo()
    assert not [f for f in doc.findings() if f.rule == "R1"]
    assert doc.cell_severity("t3.carried_out.natural") is None


def test_prose_findings_are_debounced_and_kept(qtbot, doc) -> None:
    doc.set_prose(Place.lead(5), "")
    doc.refresh_prose_findings()
    table = set(rules.table_findings(doc.report))
    expected = [f for f in rules.check(doc.report) if f not in table]
    assert doc.prose_findings() == expected
    doc.set_prose(Place.lead(5), "本年度工作仍存在不足。")
    assert doc._prose_timer.isActive()  # runs after the typing rests, not on every key
    assert not doc.prose_check_idle()
    qtbot.waitUntil(doc.prose_check_idle, timeout=10_000)  # then in a worker thread
    table = set(rules.table_findings(doc.report))
    assert doc.prose_findings() == [f for f in rules.check(doc.report) if f not in table]


def test_accept_computed_totals_clears_printed_totals(qtbot, report) -> None:
    report.printed_totals = {"t3.total.natural": 12}
    doc = Document(report)
    assert doc.printed_total_differs("t3.total.natural")
    assert any(f.rule == "R2" for f in doc.findings())
    with qtbot.waitSignal(doc.cellsChanged) as blocker:
        assert doc.accept_computed_totals()
    assert blocker.args == [["t3.total.natural"]]
    assert doc.report.printed_totals == {}
    assert not any(f.rule == "R2" for f in doc.findings())
    doc.undo_stack.undo()
    assert doc.report.printed_totals == {"t3.total.natural": 12}
    assert not Document(new_report("x", 2023)).accept_computed_totals()


def test_replace_report_resets_undo_and_dirty(qtbot, doc) -> None:
    doc.set_cell("t3.new.natural", 1)
    other = new_report("某县人民政府", 2023)
    with qtbot.waitSignal(doc.reportReplaced):
        doc.replace_report(other, Path("/tmp/b.nianbao"))
    assert doc.report is other
    assert doc.undo_stack.count() == 0
    assert not doc.is_dirty()
    assert doc.path == Path("/tmp/b.nianbao")
    doc.replace_report(new_report("某县人民政府", 2023), None, dirty=True)  # a recovery copy
    assert doc.is_dirty()
