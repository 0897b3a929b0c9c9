"""Round trip: a report exported to .docx by Nianbao imports back to the same cells, prose,
机关全称, 年度 and 信息处理费 (机关类型, 层级 and contact are not in the document)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_texts import DATA

from desktop.importers import import_report
from desktop.report import Meta, Prose, Report, Section, SubPart
from desktop.standard_text import opening_paragraph
from desktop.template import AMOUNT_IDS, INPUT_IDS
from desktop.word_export import export_docx

# Sentences in the manner of the samples (no 信息处理费: that amount travels in its own field).
SENTENCES = (
    "全年通过政府网站主动公开政府信息4000余条",
    "严格执行《中华人民共和国政府信息公开条例》",
    "进一步完善政府信息公开审查机制，将文件公开属性审核与内容审签同步实施",
    "开展政策解读16期，制作图解14条，政策图解率达到100%",
    "对照全领域政务公开标准目录，对网站专栏进行全面改版升级",
    "一是个别单位对政务公开工作的重要性认识不足",
    "二是政策解读形式单一，缺乏系统性解读",
    "下一步，我局将强化组织领导，抓好培训和指导",
    "办理人大代表建议104件、政协提案66件，办复率均达到100%",
    "截至目前，留存政务新媒体共有46个，已全部纳入监管平台管理",
    "坚持“谁起草、谁解读”原则，完整、准确传递政策意图",
    "推动政务公开和政务服务深度融合，拓宽数字公报传播渠道",
)
ORGS = (
    "盐池县人民政府",
    "九原区政务服务局",
    "淮安市人民政府办公室",
    "某某镇人民政府",
    "抚远市自然资源局",
)
NUMERALS = "一二三四五六七八九十"
TOPICS = (
    "主动公开情况",
    "依申请公开",
    "政府信息管理",
    "平台建设",
    "监督保障",
    "政务公开工作要点落实情况",
)

paragraph = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(
    lambda s: "，".join(s) + "。"
)
paragraphs = st.lists(paragraph, min_size=0, max_size=3).map("\n".join)


@st.composite
def sections(draw: st.DrawFn) -> Section:
    lead = draw(paragraphs)
    n = draw(st.integers(0, 4))
    parts = []
    for i in range(n):
        heading = f"（{NUMERALS[i]}）{draw(st.sampled_from(TOPICS))}"
        if draw(st.booleans()):
            heading += "。"  # a run-in heading
        parts.append(SubPart(heading=heading, text=draw(paragraphs)))
    return Section(lead=lead, parts=parts)


counts = st.one_of(st.none(), st.integers(0, 10**9))
amounts = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False),
)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    cells = {cid: draw(amounts if cid in AMOUNT_IDS else counts) for cid in INPUT_IDS}
    intros = draw(st.dictionaries(st.sampled_from([2, 3, 4]), paragraph, max_size=3))
    prose = Prose(
        opening=draw(st.one_of(st.just(""), paragraphs)),
        s1=draw(sections()),
        s5=draw(sections()),
        s6=draw(sections()),
        table_intros=intros,
    )
    fee = draw(st.one_of(st.none(), st.just(Decimal(0)), st.integers(1, 99999).map(Decimal)))
    meta = Meta(org_name=draw(st.sampled_from(ORGS)), year=draw(st.integers(2019, 2030)))
    return Report(meta=meta, prose=prose, cells=cells, info_fee_yuan=fee)


def _assert_same(original: Report, back: Report) -> None:
    assert back.cells == original.cells
    assert back.meta.org_name == original.meta.org_name
    assert back.meta.year == original.meta.year
    assert back.info_fee_yuan == original.info_fee_yuan
    assert back.prose.s1 == original.prose.s1
    assert back.prose.s5 == original.prose.s5
    assert back.prose.s6 == original.prose.s6
    assert back.prose.table_intros == original.prose.table_intros
    expected_opening = original.prose.opening or opening_paragraph(original)
    assert back.prose.opening == expected_opening


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(report=reports())
def test_draft_export_imports_back(tmp_path: Path, report: Report) -> None:
    path = tmp_path / "r.docx"
    export_docx(report, path, draft=True)
    result = import_report(path)
    _assert_same(report, result.report)
    # Totals printed by the export are the computed ones.
    for cid, value in result.report.printed_totals.items():
        assert value == report.value(cid)


def test_final_export_of_the_sample_imports_back(tmp_path: Path) -> None:
    sample = import_report(DATA / "yanchi-2022-report.txt").report
    sample.printed_totals = {}
    sample.meta.written = date(2023, 1, 18)  # a final export needs the 成文日期
    path = tmp_path / "yanchi.docx"
    export_docx(sample, path)
    back = import_report(path)
    _assert_same(sample, back.report)
    assert back.report.meta.written == date(2023, 1, 18)  # read from the 落款
    assert back.blanks == {}
    assert back.source_findings == []


def test_generated_opening_comes_back_as_that_text(tmp_path: Path) -> None:
    report = Report(meta=Meta(org_name="某某县财政局", year=2024, contact="0951-1234567"))
    path = tmp_path / "r.docx"
    export_docx(report, path, draft=True)
    back = import_report(path).report
    assert back.prose.opening == opening_paragraph(report)
    assert "0951-1234567" in back.prose.opening


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(report=reports())
def test_html_export_imports_back(tmp_path: Path, report: Report) -> None:
    """The web-page export (pasted into a government site) comes back the same way."""
    from desktop.html_export import export_html

    path = tmp_path / "r.html"
    path.write_text(export_html(report, draft=True), encoding="utf-8")
    _assert_same(report, import_report(path).report)
