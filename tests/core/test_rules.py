"""Every rule with a passing and a failing case, on the bundled example and changes to it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import rules as rules_module
from desktop.findings import Finding, Severity
from desktop.place import Place
from desktop.project_file import load_report
from desktop.report import Level, OrgKind, Report, SubPart, new_report
from desktop.rules import check, table_findings
from desktop.template import AMOUNT_IDS, CELL_BY_ID, CELL_IDS, INPUT_IDS

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "yanchi-2022.nianbao"


@pytest.fixture(scope="module")
def _example() -> Report:
    return load_report(EXAMPLE)


@pytest.fixture
def report(_example: Report) -> Report:
    return _example.model_copy(deep=True)


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def only(findings: list[Finding], rule: str) -> Finding:
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, findings
    return hits[0]


def last_year_of(report: Report) -> Report:
    """A consistent 2021 report: 111 documents in force + 2 made this year = 113."""
    prev = report.model_copy(deep=True)
    prev.meta.year = report.meta.year - 1
    prev.set_cell("t2.normative.valid", 111)
    return prev


def test_example_has_no_findings(report: Report) -> None:
    assert table_findings(report) == []
    assert table_findings(report, last_year_of(report)) == []
    # the prose rules note only what the sample really lacks (R20's content part)
    assert [(f.rule, f.fields) for f in check(report)] == [
        ("R20", (Place.whole_section(1),)),
        ("R20", (Place.whole_section(5),)),
    ]


# --- R1 -----------------------------------------------------------------------------------------


def test_r1_names_column_numbers_and_fix(report: Report) -> None:
    report.set_cell("t3.granted.natural", 4)  # results now sum to 10 of 11
    f = only(table_findings(report), "R1")
    assert f.severity is Severity.ERROR
    assert f.message == (
        "表三 自然人 列：本年新收 11 + 上年结转 0 = 11，但办理结果总计 10 + 结转下年度 0 = 10；"
        "结转下年度应为 1，或核对办理结果"
    )
    # The cell the fix names comes first: the finding's link jumps there (issue 14).
    assert f.cells == (
        "t3.carried_out.natural",
        "t3.new.natural",
        "t3.carried_in.natural",
        "t3.total.natural",
    )


def test_r1_when_results_exceed_applications(report: Report) -> None:
    report.set_cell("t3.partial.business", 2)
    f = only(table_findings(report), "R1")
    assert f.message.startswith("表三 商业企业 列：本年新收 0 + 上年结转 0 = 0，但办理结果总计 2")
    assert "办理结果比本年新收与上年结转之和多 2 件" in f.message


def test_r1_holds_again_when_carried_over(report: Report) -> None:
    report.set_cell("t3.granted.natural", 4)
    report.set_cell("t3.carried_out.natural", 1)
    assert table_findings(report) == []


def test_r1_skips_a_column_with_blanks(report: Report) -> None:
    report.set_cell("t3.granted.natural", None)
    assert rules(table_findings(report)) == ["R12"]


def test_r1_checks_printed_total_column(report: Report) -> None:
    report.printed_totals = {"t3.carried_out.total": 2}
    f = only(table_findings(report), "R1")
    assert f.message.startswith("表三 总计 列（按原报告印出的总计）：本年新收 11 + 上年结转 0 = 11")
    report.printed_totals = {"t3.carried_out.total": 0}
    assert table_findings(report) == []


# --- R2, R3, R6 against printed totals ----------------------------------------------------------


def test_r2_printed_result_total(report: Report) -> None:
    report.printed_totals = {"t3.total.natural": 10}
    f = only(table_findings(report), "R2")
    assert f.severity is Severity.ERROR
    assert f.cells == ("t3.total.natural",)
    assert "自然人 列：原报告印的（七）总计为 10" in f.message
    assert "各项办理结果之和为 11" in f.message
    report.printed_totals = {"t3.total.natural": 11}
    assert table_findings(report) == []


def test_r3_printed_total_column(report: Report) -> None:
    report.printed_totals = {"t3.new.total": 12, "t3.granted.total": 5}
    f = only(table_findings(report), "R3")
    assert f.message.startswith("表三 一、本年新收政府信息公开申请数量 行：原报告印的总计为 12")
    assert "各列之和为 11" in f.message


def test_r6_printed_review_total(report: Report) -> None:
    report.set_cell("t4.review.corrected", 1)
    report.printed_totals = {"t4.review.total": 2}
    f = only(table_findings(report), "R6")
    assert f.message == (
        "表四 行政复议：原报告印的总计为 2，但结果维持 0 + 结果纠正 1 + 其他结果 0 + 尚未审结 0"
        " = 1；请核对各分项，或改用计算得出的 1"
    )
    report.printed_totals = {"t4.review.total": 1}
    assert table_findings(report) == []
    report.printed_totals = {"t4.suit_after_review.total": 4}
    f = only(table_findings(report), "R6")
    assert f.message.startswith("表四 行政诉讼·复议后起诉：原报告印的总计为 4")


def test_typed_report_totals_always_hold(report: Report) -> None:
    report.set_cell("t4.suit_direct.pending", 3)
    assert report.printed_totals == {}
    assert "R6" not in rules(table_findings(report))


# --- R7, R8 with last year's report -------------------------------------------------------------


def test_r7_carry_over_differs(report: Report) -> None:
    prev = last_year_of(report)
    prev.set_cell("t3.carried_out.natural", 2)
    f = only(table_findings(report, prev), "R7")
    assert f.severity is Severity.WARNING
    assert f.cells == ("t3.carried_in.natural",)
    assert "上年结转 0，但 2021 年报告的结转下年度为 2；上年结转应为 2" in f.message


def test_previous_defaults_to_report_previous(report: Report) -> None:
    prev = last_year_of(report)
    prev.set_cell("t3.carried_out.legal", 1)
    report.previous = prev
    assert rules(table_findings(report)) == ["R7"]
    assert rules(check(report)).count("R7") == 1


def test_r7_previous_of_wrong_year(report: Report) -> None:
    prev = last_year_of(report)
    prev.meta.year = 2019
    f = only(table_findings(report, prev), "R7")
    assert "是 2019 年的，不是 2021 年的" in f.message


def test_r8_documents_in_force(report: Report) -> None:
    prev = last_year_of(report)
    assert table_findings(report, prev) == []
    prev.set_cell("t2.normative.valid", 100)
    f = only(table_findings(report, prev), "R8")
    assert f.message.startswith(
        "表二 行政规范性文件：2021 年现行有效 100 + 本年制发 2 − 本年废止 0 = 102，"
        "但本年现行有效件数为 113"
    )
    assert f.cells == ("t2.normative.made", "t2.normative.repealed", "t2.normative.valid")


# --- R10, R11 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "level", "flagged"),
    [
        (OrgKind.GOVERNMENT, Level.COUNTY, True),
        (OrgKind.GOVERNMENT, Level.TOWNSHIP, True),
        (OrgKind.DEPARTMENT, Level.CITY, True),
        (OrgKind.DEPARTMENT, Level.PROVINCE, True),
        (OrgKind.GOVERNMENT, Level.CITY, False),
        (OrgKind.GOVERNMENT, Level.PROVINCE, False),
        (OrgKind.DEPARTMENT, Level.STATE_COUNCIL_DEPT, False),
    ],
)
def test_r10_who_may_make_rules(report: Report, kind: OrgKind, level: Level, flagged: bool) -> None:
    report.meta.org_kind, report.meta.level = kind, level
    report.set_cell("t2.rules.made", 2)
    report.set_cell("t2.rules.valid", 2)
    found = [f for f in table_findings(report) if f.rule == "R10"]
    assert bool(found) is flagged
    if flagged:
        assert found[0].cells == ("t2.rules.made", "t2.rules.valid")
        assert "填了本年制发件数 2、现行有效件数 2" in found[0].message


def test_r10_zero_rules_are_fine_for_a_county(report: Report) -> None:
    assert report.cells["t2.rules.made"] == 0
    assert "R10" not in rules(table_findings(report))


@pytest.mark.parametrize(
    ("level", "fee", "flagged"),
    [
        (Level.COUNTY, "4106", False),
        (Level.COUNTY, "41060000", True),
        (Level.CITY, "96171.6", False),
        (Level.CITY, "961716000", True),
        (Level.TOWNSHIP, "120.5", False),
        (Level.TOWNSHIP, "1205000", True),
        (Level.PROVINCE, "900000", False),
    ],
)
def test_r11_fee_typed_in_yuan(report: Report, level: Level, fee: str, flagged: bool) -> None:
    report.meta.level = level
    if level is not Level.COUNTY:
        report.meta.org_kind = OrgKind.GOVERNMENT
    report.set_cell("t2.fees", Decimal(fee))
    found = [f for f in table_findings(report) if f.rule == "R11"]
    assert bool(found) is flagged
    if flagged:
        assert f"填的是 {fee}" in found[0].message
        assert f"即 {Decimal(fee) / 10000:f}".rstrip("0").rstrip(".") + " 亿元" in found[0].message
        assert f"请改填 {Decimal(fee) / 10000:f}".rstrip("0").rstrip(".") in found[0].message


# --- R12 ----------------------------------------------------------------------------------------


def test_r12_lists_blank_cells_per_table(report: Report) -> None:
    report.set_cell("t3.withheld_4.legal", None)
    report.set_cell("t4.review.pending", None)
    found = table_findings(report)
    assert rules(found) == ["R12", "R12"]
    assert all(f.severity is Severity.ERROR for f in found)
    assert found[0].cells == ("t3.withheld_4.legal",)
    assert found[0].message.startswith(
        "表三 还有 1 个单元格未填：不予公开·保护第三方合法权益 / 法律"
    )
    assert "请填 0" in found[0].message
    assert found[1].cells == ("t4.review.pending",)


def test_r12_blank_report_counts_every_input() -> None:
    blank = new_report("测试县", 2023)
    found = [f for f in table_findings(blank) if f.rule == "R12"]
    assert sum(len(f.cells) for f in found) == 166
    assert "等 144 个" in found[1].message
    assert found[-1].fields == (Place.info_fee(),)


def test_r12_info_fee_blank(report: Report) -> None:
    report.info_fee_yuan = None
    f = only(table_findings(report), "R12")
    assert "信息处理费金额未填" in f.message


# --- R13, R20 -----------------------------------------------------------------------------------


def test_r13_fee_amount_stated_in_section_six(report: Report) -> None:
    report.info_fee_yuan = Decimal(120)
    f = only(table_findings(report), "R13")
    assert f.fields == (Place.whole_section(6), Place.info_fee())
    assert "120 元" in f.message
    report.prose.s6.parts[1].text = "本年度共收取信息处理费120元。"
    assert table_findings(report) == []
    report.prose.s6.parts[1].text = "本年度共收取信息处理费0.012万元。"
    assert table_findings(report) == []
    report.prose.s6.parts[1].text = "收到申请120件，收取信息处理费。"
    assert rules(table_findings(report)) == ["R13"]


def test_r13_fee_notices_for_unpaid_fees(report: Report) -> None:
    report.set_cell("t3.granted.natural", 4)
    report.set_cell("t3.other_2.natural", 1)
    f = only(table_findings(report), "R13")
    assert f.cells == ("t3.other_2.total",)
    assert "逾期未按收费通知要求缴纳费用" in f.message and "共 1 件" in f.message
    report.prose.s6.parts[1].text += "向1名申请人发出收费通知，申请人逾期未缴纳。"
    assert table_findings(report) == []


def test_r20_section_five_just_none(report: Report) -> None:
    report.prose.s5.lead = "无。"
    f = only(table_findings(report), "R20")
    assert f.fields == (Place.whole_section(5),)
    assert f.message.startswith("五、存在的主要问题及改进情况 没有写内容")


def test_r20_section_six_empty_even_with_standard_headings(report: Report) -> None:
    report.prose.s6.parts = [SubPart(heading="（三）信息处理费收取情况")]
    f = only(table_findings(report), "R20")
    assert f.fields == (Place.whole_section(6),)
    assert "六、其他需要报告的事项 没有写内容" in f.message


def test_r20_section_six_must_name_the_fee(report: Report) -> None:
    report.prose.s6.parts = report.prose.s6.parts[:1]
    f = only(table_findings(report), "R20")
    assert "没有提到信息处理费" in f.message


def test_r13_and_r20_do_not_repeat_one_gap(report: Report) -> None:
    report.prose.s6.parts = report.prose.s6.parts[:1]
    report.info_fee_yuan = Decimal(50)
    assert rules(table_findings(report)) == ["R13"]


# --- R18 dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "level", "published", "flagged"),
    [
        (OrgKind.GOVERNMENT, Level.COUNTY, date(2023, 3, 31), False),
        (OrgKind.GOVERNMENT, Level.COUNTY, date(2023, 4, 1), True),
        (OrgKind.DEPARTMENT, Level.COUNTY, date(2023, 1, 31), False),
        (OrgKind.DEPARTMENT, Level.COUNTY, date(2023, 2, 1), True),
        (OrgKind.DEPARTMENT, Level.STATE_COUNCIL_DEPT, date(2023, 3, 1), True),
        (OrgKind.GOVERNMENT, Level.TOWNSHIP, date(2023, 6, 30), False),
        (OrgKind.GOVERNMENT, Level.TOWNSHIP, date(2022, 12, 30), True),
        (OrgKind.GOVERNMENT, Level.COUNTY, date(2022, 12, 31), True),
    ],
)
def test_r18_publication_date(
    report: Report, kind: OrgKind, level: Level, published: date, flagged: bool
) -> None:
    report.meta.org_kind, report.meta.level, report.meta.published = kind, level, published
    found = [f for f in table_findings(report) if f.rule == "R18"]
    assert bool(found) is flagged
    if flagged:
        assert found[0].fields == (Place.meta("published"),)
        assert f"{published.year}年{published.month}月{published.day}日" in found[0].message


def test_r18_names_the_deadline(report: Report) -> None:
    report.meta.org_kind = OrgKind.DEPARTMENT
    report.meta.published = date(2023, 2, 10)
    f = only(table_findings(report), "R18")
    assert "县级政府部门的年度报告应在 2023年1月31日 前公布" in f.message


@settings(max_examples=40)
@given(st.dictionaries(st.sampled_from(INPUT_IDS), st.one_of(st.none(), st.integers(0, 9))))
def test_values_agree_with_value_and_blanks_propagate(changes: dict[str, int | None]) -> None:
    report = new_report("测试县", 2023)
    for cid in INPUT_IDS:
        report.cells[cid] = Decimal(1) if cid in AMOUNT_IDS else 1
    for cid, v in changes.items():
        report.set_cell(cid, v)
    values = report.values()
    assert list(values) == list(CELL_IDS)
    for cid in CELL_IDS:
        assert values[cid] == report.value(cid)
    assert values["t3.total.total"] == (
        None
        if any(report.cells[s] is None for s in CELL_BY_ID["t3.total.total"].sources)
        else sum(report.cells[s] or 0 for s in CELL_BY_ID["t3.total.total"].sources)
    )


@pytest.mark.parametrize(
    ("text", "nothing"),
    [
        ("", True),
        ("无。", True),
        (" 暂无 ", True),
        ("“无其他需要报告的事项。”", True),
        ("。。。，，，" * 500, True),
        ("无" + "。" * 3000 + "事", False),
        ("本年度无收费。", False),
        ("没有", True),
        ("没有问题", False),
    ],
)
def test_says_nothing_reads_only_what_it_needs(text: str, nothing: bool) -> None:
    from desktop.rules import _EMPTY_WORDS, _PUNCT_RE, _says_nothing

    assert _says_nothing(text) is nothing
    assert _says_nothing(text) is (_PUNCT_RE.sub("", text) in _EMPTY_WORDS)


def _states_amount_reference(text: str, yuan: Decimal) -> bool:
    # R13's amount test as first written: a lookbehind at every character, no shortcut.
    import re

    plain = re.sub(r"(?<=\d)[,，](?=\d{3})", "", text)
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(万)?元", plain):
        value = Decimal(m.group(1))
        if (value * 10000 if m.group(2) else value) == yuan:
            return True
    return False


@given(
    st.text(alphabet="0123456789,，.。元万 收取费x", max_size=40),
    st.sampled_from([Decimal(0), Decimal(120), Decimal("1234"), Decimal("12.5"), Decimal(10000)]),
)
def test_r13_amount_test_reads_what_the_first_version_read(text: str, yuan: Decimal) -> None:
    assert rules_module._states_amount(text, yuan) is _states_amount_reference(text, yuan)
