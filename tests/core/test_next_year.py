"""Next year's report from last year's: carry-over, blank cells, prose draft, embedded previous
report, and the ``nianbao next`` command."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unit_reports import example_report

from desktop.cli import main
from desktop.errors import UserError
from desktop.next_year import CARRY_PAIRS, next_year, plan_next_year
from desktop.project_file import load_report, report_to_json, save_report
from desktop.report import Report
from desktop.rules import check
from desktop.standard_text import opening_paragraph
from desktop.template import INPUT_IDS, T3_APPLICANT_KEYS


def last_year() -> Report:
    """A consistent 2022 report whose 结转下年度 differs in every column."""
    r = example_report()
    for i, col in enumerate(T3_APPLICANT_KEYS, start=1):
        # new + carried_in = total + carried_out: raise new and carried_out together.
        r.set_cell(f"t3.new.{col}", int(r.cells[f"t3.new.{col}"] or 0) + i)
        r.set_cell(f"t3.carried_out.{col}", i)
    r.meta.published = date(2023, 1, 20)
    r.info_fee_yuan = Decimal("3940")
    r.prose.opening = "根据条例，现发布本机关2022年政府信息公开工作年度报告。"
    r.prose.s5.lead = "一是公开内容不够全面。二是解读形式单一。"
    return r


def test_carries_every_column_forward_and_clears_the_rest() -> None:
    last = last_year()
    new = next_year(last)
    assert new.meta.year == 2023
    assert new.meta.org_name == last.meta.org_name
    assert new.meta.org_kind == last.meta.org_kind
    assert new.meta.level == last.meta.level
    assert new.meta.published is None
    assert new.info_fee_yuan is None
    for into, source in CARRY_PAIRS:
        assert new.cells[into] == last.cells[source]
    assert [new.cells[f"t3.carried_in.{c}"] for c in T3_APPLICANT_KEYS] == [1, 2, 3, 4, 5, 6]
    assert new.value("t3.carried_in.total") == 21
    carried = {into for into, _ in CARRY_PAIRS}
    assert all(new.cells[cid] is None for cid in INPUT_IDS if cid not in carried)


def test_r7_holds_without_being_given_last_year() -> None:
    new = next_year(last_year())
    assert new.previous is not None
    assert not [f for f in check(new) if f.rule == "R7"]
    # The embedded report really is used: a wrong carry-over is now caught.
    new.set_cell("t3.carried_in.legal", 0)
    r7 = [f for f in check(new) if f.rule == "R7"]
    assert r7 and any("t3.carried_in.legal" in f.cells for f in r7)


def test_r8_runs_against_last_year() -> None:
    last = last_year()
    new = next_year(last)
    new.set_cell("t2.normative.made", 3)
    new.set_cell("t2.normative.repealed", 1)
    new.set_cell("t2.normative.valid", 113 + 3 - 1)
    assert not [f for f in check(new) if f.rule == "R8" and "t2.normative.valid" in f.cells]
    new.set_cell("t2.normative.valid", 200)
    assert [f for f in check(new) if f.rule == "R8" and "t2.normative.valid" in f.cells]


def test_prose_kept_as_draft() -> None:
    last = last_year()
    new = next_year(last)
    assert new.prose == last.prose
    assert new.prose is not last.prose
    new.prose.s5.lead = "改写"
    assert last.prose.s5.lead == "一是公开内容不够全面。二是解读形式单一。"
    plan = plan_next_year(last)
    assert "开头段落" in plan.prose_naming_last_year
    assert any("总体情况" in p for p in plan.prose_naming_last_year)


def test_generated_opening_stays_empty() -> None:
    last = last_year()
    last.prose.opening = ""
    assert next_year(last).prose.opening == ""
    # The exporter's standard paragraph (e.g. back from an import) counts as generated.
    last.prose.opening = opening_paragraph(last).replace("。", "。\n", 1)
    plan = plan_next_year(last)
    assert plan.opening_cleared
    assert plan.report.prose.opening == ""
    assert "开头段落" not in plan.prose_naming_last_year
    # A written opening is the user's draft and is kept.
    last.prose.opening = "根据条例，现发布本机关2022年报告。"
    assert not plan_next_year(last).opening_cleared
    assert next_year(last).prose.opening == "根据条例，现发布本机关2022年报告。"


def test_title_override_naming_last_year_dropped_other_kept() -> None:
    last = last_year()
    last.prose.title = "盐池县人民政府2022年度政府信息公开工作报告"
    plan = plan_next_year(last)
    assert plan.report.prose.title is None
    assert plan.title_dropped == last.prose.title
    assert plan.report.title() == "盐池县人民政府2023年政府信息公开工作年度报告"
    last.prose.title = "盐池县人民政府政府信息公开工作年度报告"
    assert next_year(last).prose.title == "盐池县人民政府政府信息公开工作年度报告"


def test_blank_carried_out_stays_blank_and_is_reported() -> None:
    last = last_year()
    last.cells["t3.carried_out.research"] = None
    plan = plan_next_year(last)
    assert plan.report.cells["t3.carried_in.research"] is None
    assert plan.blank_carried == ("t3.carried_in.research",)
    assert "t3.carried_in.research" not in plan.carried


def test_previous_does_not_nest_so_files_do_not_grow() -> None:
    first = last_year()
    second = next_year(first)
    third = next_year(second)
    assert third.previous is not None and third.previous.meta.year == 2023
    assert third.previous.previous is None
    assert len(report_to_json(third)) < 1.2 * len(report_to_json(second))


def test_previous_survives_save_and_load(tmp_path: Path) -> None:
    new = next_year(last_year())
    save_report(new, tmp_path / "2023.nianbao")
    back = load_report(tmp_path / "2023.nianbao")
    assert back.previous is not None
    assert back.previous.cells == last_year().cells
    assert not [f for f in check(back) if f.rule == "R7"]


def test_year_out_of_range_is_a_clear_error() -> None:
    last = example_report(year=2100)
    with pytest.raises(UserError, match="无法再创建下一年度"):
        next_year(last)


# --- command line -------------------------------------------------------------------------------


def test_cli_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_report(last_year(), tmp_path / "2022.nianbao")
    out = tmp_path / "2023.nianbao"
    assert main(["next", str(tmp_path / "2022.nianbao"), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "2023 年度报告" in text
    assert "法律服务机构：5" in text
    new = load_report(out)
    assert new.meta.year == 2023
    assert new.cells["t3.carried_in.other"] == 6
    assert new.previous is not None and new.previous.meta.year == 2022


def test_cli_next_reports_blank_carry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = last_year()
    last.cells["t3.carried_out.natural"] = None
    save_report(last, tmp_path / "2022.nianbao")
    assert main(["next", str(tmp_path / "2022.nianbao"), "-o", str(tmp_path / "n.nianbao")]) == 0
    text = capsys.readouterr().out
    assert "未填写" in text and "自然人" in text


def test_cli_next_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_report(last_year(), tmp_path / "2022.nianbao")
    out = tmp_path / "2023.nianbao"
    out.write_text("keep me", encoding="utf-8")
    assert main(["next", str(tmp_path / "2022.nianbao"), "-o", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["next", str(tmp_path / "2022.nianbao"), "-o", str(out), "--force"]) == 0
    assert load_report(out).meta.year == 2023


def test_cli_next_unreadable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.nianbao"
    bad.write_bytes(b"\x00\x01junk")
    assert main(["next", str(bad), "-o", str(tmp_path / "n.nianbao")]) == 2
    assert "bad.nianbao" in capsys.readouterr().err
    assert not (tmp_path / "n.nianbao").exists()


_count = st.one_of(st.none(), st.integers(min_value=0, max_value=10**6))


@settings(max_examples=30, deadline=None)
@given(st.lists(_count, min_size=len(INPUT_IDS), max_size=len(INPUT_IDS)))
def test_any_report_carries_exactly_its_carried_out(values: list[int | None]) -> None:
    last = example_report()
    for cid, v in zip(INPUT_IDS, values, strict=True):
        last.cells[cid] = Decimal(v) if v is not None and cid == "t2.fees" else v
    plan = plan_next_year(last)
    for into, source in CARRY_PAIRS:
        assert plan.report.cells[into] == last.cells[source]
        assert (into in plan.blank_carried) == (last.cells[source] is None)
    carried = {into for into, _ in CARRY_PAIRS}
    assert all(plan.report.cells[c] is None for c in INPUT_IDS if c not in carried)
    assert plan.report.previous is not None
    assert plan.report.previous.cells == last.cells
    assert not [f for f in check(plan.report) if f.rule == "R7"]


def test_cli_next_never_writes_over_last_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = tmp_path / "2022.nianbao"
    save_report(last_year(), last)
    before = last.read_bytes()
    assert main(["next", str(last), "-o", str(last), "--force"]) == 2
    assert "上年度报告" in capsys.readouterr().err
    assert last.read_bytes() == before
