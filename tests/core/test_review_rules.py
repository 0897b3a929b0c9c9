"""The review rules (R24–R29, R18's statistics period) on real corpus text: each fires on a real
text showing the fault (or a real text minimally edited to show it) and stays silent on the
corpus reports without it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.importers.document import parse_document
from desktop.importers.sources import read_source
from desktop.report import INPUT_IDS, Report
from desktop.review.rules import r24_structure, review_findings, source_headings
from desktop.rules import check
from tests.core.review_corpus import SOURCES, corpus
from tests.core.unit_reports import example_report

# Complete reports of the corpus (all six parts shown).
COMPLETE = (
    "hongze-2023.txt",
    "huaian-2024.txt",
    "pingtan-2021.txt",
    "pingtan-2023.txt",
    "pingtan-2024.txt",
    "shanghai-2019.docx",
    "shanghai-2019.html",
    "excerpt-09.txt",
)
ALL_SOURCES = SOURCES


def _lines(name: str) -> tuple[list[str], Report]:
    doc = read_source(corpus(name))
    return [ln.text for ln in doc.lines if not ln.is_row], parse_document(doc).report


def _lines_of_text(text: str, tmp_path: Path) -> tuple[list[str], Report]:
    p = tmp_path / "edited.txt"
    p.write_text(text, encoding="utf-8")
    doc = read_source(p)
    return [ln.text for ln in doc.lines if not ln.is_row], parse_document(doc).report


def _with_cells(report: Report, name: str) -> Report:
    """The report with the corpus cells of ``name`` (the numbers as published)."""
    cells = json.loads((corpus(name)).read_text(encoding="utf-8"))
    for cid in INPUT_IDS:
        v = cells.get(cid)
        report.cells[cid] = None if v is None else (Decimal(repr(v)) if cid == "t2.fees" else v)
    return report


def _rules(findings: list, *ids: str) -> list:
    return [f for f in findings if f.rule in ids]


# --- R24 structure -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", COMPLETE)
def test_r24_silent_on_complete_corpus_reports(name: str) -> None:
    lines, _ = _lines(name)
    assert [k for _, k, _ in source_headings(lines)] == [1, 2, 3, 4, 5, 6]
    assert r24_structure(lines) == []


@pytest.mark.parametrize("name", ALL_SOURCES)
def test_r24_never_misnumbers_or_reorders_a_corpus_report(name: str) -> None:
    # Excerpts stop part-way (their missing parts are reported), but no corpus report prints a
    # wrong number or a wrong order.
    lines, _ = _lines(name)
    wrong = [f for f in r24_structure(lines) if "序号" in f.message or "顺序" in f.message]
    assert wrong == []


def test_r24_fires_on_a_real_misprinted_heading() -> None:
    # 平潭 2022 printed “四、政府信息公开行政法复议、行政诉讼情况”.
    lines, _ = _lines("pingtan-2022.txt")
    found = r24_structure(lines)
    assert len(found) == 1
    assert "第四部分的标题印成了“四、政府信息公开行政法复议、行政诉讼情况”" in found[0].message


def test_r24_fires_when_two_is_printed_as_three(tmp_path: Path) -> None:
    text = (corpus("hongze-2023.txt")).read_text(encoding="utf-8")
    edited = text.replace("二、主动公开政府信息情况", "三、主动公开政府信息情况", 1)
    assert edited != text
    lines, _ = _lines_of_text(edited, tmp_path)
    found = r24_structure(lines)
    assert [f.severity.value for f in found] == ["error"]
    assert "第二部分的标题印成了“三、主动公开政府信息情况”，序号应为“二、”" in found[0].message


def test_r24_fires_on_a_missing_part_and_on_the_wrong_order(tmp_path: Path) -> None:
    text = (corpus("excerpt-09.txt")).read_text(encoding="utf-8")
    five_start = text.index("五、存在的主要问题")
    six_start = text.index("六、其他需要报告的事项")
    without_five = text[:five_start] + text[six_start:]
    found = r24_structure(_lines_of_text(without_five, tmp_path)[0])
    assert [f.message[:8] for f in found] == ["缺少第五部分“五"]
    swapped = text[:five_start] + text[six_start:] + "\n" + text[five_start:six_start]
    found = r24_structure(_lines_of_text(swapped, tmp_path)[0])
    assert any("顺序不对" in f.message for f in found)


# --- R25 the opening's list of parts -------------------------------------------------------------


def test_r25_fires_on_a_real_opening_listing_five_parts_as_six() -> None:
    # 区统计局 2023: “……存在问题及改进情况、其他需要报告的事项等六部分组成” leaves out 四.
    lines, report = _lines("excerpt-08.txt")
    found = _rules(review_findings(report, None, lines), "R25")
    assert len(found) == 1
    assert "说是六个部分，但没有列出“政府信息公开行政复议、行政诉讼情况”" in found[0].message


@pytest.mark.parametrize("name", [n for n in ALL_SOURCES if n != "excerpt-08.txt"])
def test_r25_silent_on_the_other_corpus_reports(name: str) -> None:
    lines, report = _lines(name)
    assert _rules(review_findings(report, None, lines), "R25") == []


def test_r25_fires_on_a_wrong_count(tmp_path: Path) -> None:
    text = (corpus("pingtan-2021.txt")).read_text(encoding="utf-8")
    assert "等六个部分" in text
    edited = text.replace("等六个部分", "等五个部分", 1)
    lines, report = _lines_of_text(edited, tmp_path)
    found = _rules(review_findings(report, None, lines), "R25")
    assert len(found) == 1 and "说报告由五个部分组成" in found[0].message


# --- R18 statistics period -----------------------------------------------------------------------


# 平潭 2022's opening sentence, as published (the importer cannot split that page into parts).
PINGTAN_2022_PERIOD = "本报告中所列数据统计时限为2022年1月1日至2022年12月31日。"


@pytest.mark.parametrize(
    "edited",
    [
        PINGTAN_2022_PERIOD.replace("为2022年1月1日至2022年", "为2021年1月1日至2021年"),
        PINGTAN_2022_PERIOD.replace("为2022年1月1日至2022年12月31日", "为2021年度"),
    ],
)
def test_statistics_period_of_another_year_fires_r18(edited: str) -> None:
    report = example_report("平潭综合实验区", 2022)
    report.prose.opening = PINGTAN_2022_PERIOD
    assert [f for f in check(report) if f.rule == "R18" and "统计期限" in f.message] == []
    report.prose.opening = edited
    found = [f for f in check(report) if f.rule == "R18" and "统计期限" in f.message]
    assert len(found) == 1 and "写的是 2021 年" in found[0].message


# --- R26 year on year ----------------------------------------------------------------------------


def _pingtan(year: int) -> Report:
    report = example_report("平潭综合实验区", year)
    return _with_cells(report, f"pingtan-{year}.cells.json")


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_r26_silent_on_real_consecutive_years(year: int) -> None:
    assert _rules(review_findings(_pingtan(year), _pingtan(year - 1)), "R26") == []


def test_r26_fires_on_an_extra_digit_and_a_lost_digit() -> None:
    this, last = _pingtan(2024), _pingtan(2023)
    this.cells["t2.coercion"] = 650  # 65 with a zero too many; 2023 had 54
    this.cells["t2.penalty"] = 110  # 1100 with a digit lost; 2023 had 1330
    found = _rules(review_findings(this, last), "R26")
    assert [f.cells for f in found] == [("t2.penalty",), ("t2.coercion",)]
    assert "本年 110，2023 年为 1330，只有上年的 8%" in found[0].message
    assert "本年 650，2023 年为 54，是上年的 12.0 倍" in found[1].message


def test_r26_needs_both_years_at_least_ten() -> None:
    this, last = _pingtan(2024), _pingtan(2023)
    last.cells["t2.coercion"] = 9
    assert _rules(review_findings(this, last), "R26") == []


# --- R27–R29 信息处理费 ---------------------------------------------------------------------


def _corpus_reports() -> list[Report]:
    reports = [_lines(n)[1] for n in ALL_SOURCES]
    reports.append(example_report())
    reports += [_pingtan(y) for y in (2021, 2022, 2023, 2024)]
    return reports


def test_fee_rules_silent_on_the_corpus() -> None:
    for report in _corpus_reports():
        assert _rules(review_findings(report), "R27", "R28", "R29") == [], report.meta.org_name


def test_r27_unpaid_fee_notices_while_six_says_none_were_sent() -> None:
    report = example_report()  # 盐池县 2022: “……未收取信息处理费。”
    part = next(p for p in report.prose.s6.parts if "信息处理费" in p.text)
    assert "未收取信息处理费" in part.text
    assert _rules(review_findings(report), "R27") == []  # no application dropped for fees
    report.cells["t3.other_2.natural"] = 1
    report.cells["t3.granted.natural"] -= 1
    # “not collected” agrees with an unpaid fee notice; “no notice sent” does not.
    assert _rules(review_findings(report), "R27") == []
    part.text = part.text.replace("未收取信息处理费", "未发出收费通知，未收取信息处理费")
    found = _rules(review_findings(report), "R27")
    assert len(found) == 1 and "未发出收费通知" in found[0].message


def test_r28_fee_equal_to_table_two_amount() -> None:
    _, report = _lines("huaian-2024.txt")  # 全年收取政府信息公开信息处理费 3940 元
    report = _with_cells(report, "huaian-2024.cells.json")
    assert report.info_fee_yuan == 3940
    assert _rules(review_findings(report), "R28") == []
    report.cells["t2.fees"] = Decimal("0.394")  # 3940 元 written into the 万元 cell
    assert len(_rules(review_findings(report), "R28")) == 1
    report.cells["t2.fees"] = Decimal("3940")
    assert len(_rules(review_findings(report), "R28")) == 1


def test_r29_fee_without_any_application() -> None:
    _, report = _lines("huaian-2024.txt")
    report = _with_cells(report, "huaian-2024.cells.json")
    for cid in INPUT_IDS:
        if cid.startswith("t3."):
            report.cells[cid] = 0
    found = _rules(review_findings(report), "R29")
    assert len(found) == 1 and "3940 元" in found[0].message
    report.info_fee_yuan = Decimal(0)
    assert _rules(review_findings(report), "R29") == []


def test_no_new_errors_on_any_corpus_report() -> None:
    # The review rules add no error to a corpus report except R24's missing parts of excerpts
    # that stop part-way through.
    for name in ALL_SOURCES:
        lines, report = _lines(name)
        errors = [
            f
            for f in review_findings(report, None, lines)
            if f.severity.value == "error" and not f.message.startswith("缺少第")
        ]
        assert errors == [], name
