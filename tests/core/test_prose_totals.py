"""R16's checks that need more than one cell (``desktop.prose_totals``): floors from filled
cells when others are blank, the prose's own sums and shares, “均获维持” against table 四 —
each raised only when the contradiction holds whatever the blank cells hold."""

from __future__ import annotations

from pathlib import Path

from desktop.findings import Finding
from desktop.project_file import load_report
from desktop.prose_totals import prose_total_findings
from desktop.report import Report, SubPart

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "yanchi-2022.nianbao"
# The example: 新收 11, 办理 11 — 予以公开 5, 部分公开 3, 无法提供 3 (all 自然人).


def _report(text: str) -> Report:
    report = load_report(EXAMPLE)
    report.prose.s1.parts[1] = SubPart(heading="（二）依申请公开", text=text)
    return report


def _found(report: Report) -> list[Finding]:
    return prose_total_findings(report)


def test_a_statement_below_the_filled_cells_is_flagged_whatever_the_blanks_hold() -> None:
    report = _report("予以公开及部分公开7件。")
    assert _found(report) == []  # every cell filled: R16 itself compares (5 + 3 ≠ 7)
    report.cells["t3.granted.business"] = None  # a blank: the sum is unknown, 8 is a floor
    found = _found(report)
    assert len(found) == 1 and "8 件" in found[0].message and "7件" in found[0].message
    report.prose.s1.parts[1].text = "予以公开及部分公开9件。"  # above the floor: may be right
    assert _found(report) == []


def test_shares_are_checked_rounded_or_cut() -> None:
    assert _found(_report("予以公开5件，占45.45%；部分公开3件，占27.2%。")) == []
    found = _found(_report("予以公开5件，占54.5%。"))
    assert len(found) == 1 and "54.5%" in found[0].message and "45.5%" in found[0].message


def test_outcome_counts_must_add_up_to_the_stated_total() -> None:
    ok = (
        "共办理政府信息公开申请11件，予以公开5件，部分公开3件，不予公开0件，"
        "无法提供3件，不予处理0件，其他处理0件。"
    )
    assert _found(_report(ok)) == []
    wrong = ok.replace("无法提供3件", "无法提供2件")
    sums = [f for f in _found(_report(wrong)) if "＝10 件" in f.message]
    assert len(sums) == 1 and "不是 11 件" in sums[0].message


def test_all_upheld_against_table_four() -> None:
    report = _report("因政府信息公开引起的行政复议2件，均获维持。")
    report.cells["t4.review.upheld"] = 2
    assert _found(report) == []
    report.cells["t4.review.pending"] = 1
    found = _found(report)
    assert len(found) == 1 and "行政复议尚未审结 1 件" in found[0].message
    # A sentence that names the other outcome itself is not “all upheld”.
    report.prose.s1.parts[1].text = "行政复议3件，其中2件均获维持，1件尚未审结。"
    assert _found(report) == []


def test_received_with_the_carried_over_is_a_note_unless_said() -> None:
    report = _report("全年共收到政府信息公开申请12件。")
    report.cells["t3.carried_in.natural"] = 1
    report.cells["t3.carried_out.natural"] = 1  # keeps R1 true; not what is tested
    found = _found(report)
    assert [f.severity.value for f in found] == ["info"]
    report.prose.s1.parts[1].text = "全年共收到政府信息公开申请12件，其中上年结转1件。"
    assert _found(report) == []
