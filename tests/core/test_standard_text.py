"""Standard sentences: the exports' opening and 信息处理费 sentences when the user left those
parts empty, and the sentences the GUI inserts (wording, blanks, agreement with the checks)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop.place import Place
from desktop.project_file import load_report
from desktop.prose_rules import prose_claims, prose_findings
from desktop.report import Report, SubPart, new_report
from desktop.standard_text import (
    BLANK_MARK,
    SentenceKind,
    application_sentences,
    info_fee_part,
    info_fee_sentence,
    info_fee_sentence_marked,
    kinds_for_place,
    mentions_info_fee,
    normative_sentence,
    opening_paragraph,
    standard_sentence,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "yanchi-2022.nianbao"


def test_opening_names_the_basis_the_notice_and_the_period() -> None:
    report = new_report("某某县交通运输局", 2024)
    text = opening_paragraph(report)
    assert "《中华人民共和国政府信息公开条例》" in text
    assert "国办公开办函〔2021〕30号" in text
    assert "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。" in text
    assert "某某县交通运输局" in text
    assert "联系" not in text


def test_opening_adds_the_contact_line_as_a_sentence() -> None:
    report = new_report("某某局", 2024)
    report.meta.contact = "某某局办公室，电话0951-1234567；"
    assert opening_paragraph(report).endswith("请联系：某某局办公室，电话0951-1234567。")


def test_fee_sentence_for_zero_an_amount_and_unknown() -> None:
    report = new_report("某某局", 2023)
    assert info_fee_sentence(report) == ""
    report.info_fee_yuan = Decimal(0)
    assert info_fee_sentence(report) == "2023年度，本机关未收取信息处理费。"
    report.info_fee_yuan = Decimal("12.50")
    assert "收取信息处理费12.5元。" in info_fee_sentence(report)
    report.info_fee_yuan = Decimal("3E+2")
    assert "收取信息处理费300元。" in info_fee_sentence(report)


def test_a_bare_standard_heading_is_not_a_statement() -> None:
    report = new_report("某某局", 2023)
    assert not mentions_info_fee(report)  # new reports carry “（三）信息处理费收取情况”
    assert info_fee_part(report) == 2
    report.prose.s6.parts[2].text = "本年度未收取信息处理费。"
    assert mentions_info_fee(report)
    assert info_fee_part(report) is None
    report.prose.s6.parts = [SubPart(heading="（一）本年度未收取信息处理费。")]
    assert mentions_info_fee(report)


# --- the sentences the GUI inserts --------------------------------------------------------------


@pytest.fixture
def yanchi() -> Report:
    return load_report(EXAMPLE)


def test_application_sentences_of_the_sample(yanchi: Report) -> None:
    assert application_sentences(yanchi) == (
        "全年共收到政府信息公开申请11件，上年结转0件，均已办结。"
        "其中，予以公开5件，部分公开3件，无法提供3件。"
        "全年共发生政府信息公开行政复议0件、行政诉讼0件。"
    )


def test_application_sentences_with_carry_over_and_suits(yanchi: Report) -> None:
    yanchi.set_cell("t3.carried_in.business", 2)
    yanchi.set_cell("t3.carried_out.natural", 1)
    yanchi.set_cell("t3.rejected_2.business", 1)
    yanchi.set_cell("t3.withheld_4.natural", 1)
    yanchi.set_cell("t3.unable_1.natural", 2)
    yanchi.set_cell("t4.review.upheld", 2)
    yanchi.set_cell("t4.suit_direct.pending", 1)
    yanchi.set_cell("t4.suit_after_review.corrected", 1)
    assert application_sentences(yanchi) == (
        "全年共收到政府信息公开申请11件，上年结转2件，办结12件，结转下年度继续办理1件。"
        "其中，予以公开5件，部分公开3件，不予公开1件，无法提供2件，不予处理1件。"
        "全年共发生政府信息公开行政复议2件、行政诉讼2件。"
    )


def test_no_applications() -> None:
    report = new_report("某县交通运输局", 2023)
    for cid in report.cells:
        report.set_cell(cid, 0)
    assert application_sentences(report) == (
        "全年未收到政府信息公开申请，上年结转0件。全年共发生政府信息公开行政复议0件、行政诉讼0件。"
    )


def test_blank_cells_are_marked_not_written_as_zero(yanchi: Report) -> None:
    yanchi.set_cell("t3.new.legal", None)
    yanchi.set_cell("t4.suit_direct.other", None)
    yanchi.set_cell("t2.normative.valid", None)
    text = application_sentences(yanchi)
    assert f"收到政府信息公开申请{BLANK_MARK}件" in text
    assert f"行政诉讼{BLANK_MARK}件" in text
    assert "行政复议0件" in text  # what is filled is still said
    assert f"现行有效的行政规范性文件共{BLANK_MARK}件" in normative_sentence(yanchi)


def test_normative_sentence(yanchi: Report) -> None:
    assert normative_sentence(yanchi) == (
        "本年度制发行政规范性文件2件，废止行政规范性文件0件，现行有效的行政规范性文件共113件。"
    )


def test_marked_fee_sentence_for_inserting(yanchi: Report) -> None:
    yanchi.info_fee_yuan = None
    assert info_fee_sentence(yanchi) == ""  # the writers mark the gap themselves
    assert info_fee_sentence_marked(yanchi) == (
        f"2022年度，本机关依据《政府信息公开信息处理费管理办法》收取信息处理费{BLANK_MARK}元。"
    )
    yanchi.info_fee_yuan = Decimal(0)
    assert info_fee_sentence_marked(yanchi) == info_fee_sentence(yanchi)


def test_opening_paragraph_of_the_example(yanchi: Report) -> None:
    text = opening_paragraph(yanchi)
    assert "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。" in text
    assert "盐池县" in text


def test_standard_sentences_pass_the_prose_checks(yanchi: Report) -> None:
    """What Nianbao writes is read back by R16/R18 as agreeing with the tables; after a table
    change the same sentences disagree and are flagged."""
    yanchi.set_cell("t3.carried_in.business", 2)
    yanchi.set_cell("t3.carried_out.natural", 1)
    yanchi.set_cell("t3.rejected_2.business", 1)
    yanchi.set_cell("t4.suit_direct.pending", 1)
    yanchi.info_fee_yuan = Decimal(300)
    yanchi.prose.opening = opening_paragraph(yanchi)
    yanchi.prose.s1.parts[1] = SubPart(
        heading="（二）依申请公开", text=application_sentences(yanchi)
    )
    yanchi.prose.s1.parts[2] = SubPart(
        heading="（三）政府信息管理", text=normative_sentence(yanchi)
    )
    yanchi.prose.s6.parts = [SubPart(heading="（一）信息处理费", text=info_fee_sentence(yanchi))]
    quantities = {c.quantity for c in prose_claims(yanchi)}
    assert {"received", "carried_in", "handled", "carried_out", "review", "suit"} <= quantities
    assert {"normative_made", "normative_repealed", "normative_valid", "info_fee"} <= quantities
    rules = [f.rule for f in prose_findings(yanchi)]
    assert "R16" not in rules and "R18" not in rules

    yanchi.set_cell("t3.granted.natural", 6)
    yanchi.set_cell("t3.new.natural", 12)
    yanchi.set_cell("t2.normative.valid", 115)
    yanchi.info_fee_yuan = Decimal(0)
    flagged = {(f.rule, f.fields[0]) for f in prose_findings(yanchi)}
    assert ("R16", Place.text(1, 1)) in flagged
    assert ("R16", Place.text(1, 2)) in flagged
    assert ("R16", Place.text(6, 0)) in flagged
    yanchi.meta.year = 2023
    flagged = {(f.rule, f.fields[0]) for f in prose_findings(yanchi)}
    assert ("R18", Place.opening()) in flagged


def test_kinds_for_place() -> None:
    assert kinds_for_place(None) == (SentenceKind.OPENING,)
    assert kinds_for_place(1, "（二）依法依规做好政府信息依申请公开。") == (
        SentenceKind.APPLICATIONS,
    )
    assert kinds_for_place(1, "（三）政府信息管理") == (SentenceKind.NORMATIVE,)
    assert kinds_for_place(1, "（四）政府信息公开平台建设") == ()
    assert kinds_for_place(6, "（三）信息处理费收取情况") == (SentenceKind.INFO_FEE,)
    assert kinds_for_place(5, "") == ()
    report = new_report("某县", 2023)
    assert standard_sentence(SentenceKind.INFO_FEE, report) == info_fee_sentence_marked(report)


def test_active_disclosure_sentence_for_1_1_from_table_2() -> None:
    # Issue 14: 一（一） had no standard sentence.
    from desktop.project_file import load_report
    from desktop.resources import example_path
    from desktop.standard_text import (
        BLANK_MARK,
        SentenceKind,
        active_disclosure_sentence,
        kinds_for_place,
    )

    report = load_report(example_path())
    text = active_disclosure_sentence(report)
    assert "行政许可决定14356件" in text and "行政事业性收费4106万元" in text
    assert "现行有效行政规范性文件113件" in text
    assert kinds_for_place(1, "（一）主动公开") == (SentenceKind.ACTIVE,)
    report.cells["t2.penalty"] = None
    assert f"行政处罚决定{BLANK_MARK}件" in active_disclosure_sentence(report)  # blank ≠ 0


def test_s5_topics_are_the_words_the_findings_use() -> None:
    from desktop import rules
    from desktop.project_file import load_report
    from desktop.resources import example_path
    from desktop.standard_text import S5_TOPICS

    report = load_report(example_path())
    messages = " ".join(f.message for f in rules.check(report))
    assert "上年度报告所列问题的改进情况" in messages
    assert S5_TOPICS[1] == "上年度问题的改进情况"
    assert "本年度的问题" in messages and "下一步举措" in messages
