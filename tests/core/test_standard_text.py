"""The standard sentences the exports write when the user left a customary part empty."""

from __future__ import annotations

from decimal import Decimal

from desktop.report import SubPart, new_report
from desktop.standard_text import (
    info_fee_part,
    info_fee_sentence,
    mentions_info_fee,
    opening_paragraph,
)


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
