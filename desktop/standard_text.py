"""Standard sentences the exports write when the user left a customary part empty.

Pure functions of the report: no I/O, no formatting. The Word and HTML writers (and the prose
helpers) call them so that every output says the same words.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.report import Report

INFO_FEE_WORD = "信息处理费"


def _sentence(text: str) -> str:
    """``text`` ending in one full stop (user text may already end in punctuation)."""
    text = text.strip()
    if not text or text[-1] in "。！？.!?":
        return text
    return text.rstrip("；;，,：:") + "。"


def opening_paragraph(report: Report) -> str:
    """The customary opening paragraph: legal basis, the 30号 notice, the statistics period and,
    when the report has one, the contact line."""
    year = report.meta.year
    org = report.meta.org_name or "本机关"
    text = (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作"
        "年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，"
        f"由{org}编制。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    )
    contact = report.meta.contact.strip()
    if contact:
        text += _sentence(f"如对本报告有疑问，请联系：{contact}")
    return text


def format_yuan(amount: Decimal) -> str:
    """Money as written in prose: no trailing zeros, no exponent (``1200``, ``12.5``)."""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return format(amount.normalize(), "f")


def info_fee_sentence(report: Report) -> str:
    """The sentence of section 六 on the 信息处理费 (国办函〔2020〕109号) for the recorded amount.

    Returns an empty string while the amount is not filled in (``info_fee_yuan is None``): the
    writers then mark the gap instead of guessing.
    """
    fee = report.info_fee_yuan
    if fee is None:
        return ""
    year = report.meta.year
    if fee == 0:
        return f"{year}年度，本机关未收取{INFO_FEE_WORD}。"
    return (
        f"{year}年度，本机关依据《政府信息公开信息处理费管理办法》收取"
        f"{INFO_FEE_WORD}{format_yuan(fee)}元。"
    )


def mentions_info_fee(report: Report) -> bool:
    """Whether the user's own words in section 六 already report the 信息处理费.

    A heading alone (``（三）信息处理费收取情况`` with no text, as new reports start) is not a
    statement; a run-in heading ending in 。 is.
    """
    s6 = report.prose.s6
    if INFO_FEE_WORD in s6.lead:
        return True
    return any(
        INFO_FEE_WORD in p.text or (INFO_FEE_WORD in p.heading and p.heading.endswith("。"))
        for p in s6.parts
    )


def info_fee_part(report: Report) -> int | None:
    """The index of the empty sub-part of 六 whose heading announces the 信息处理费, where the
    generated sentence belongs; None when the sentence goes at the end of the section."""
    for i, p in enumerate(report.prose.s6.parts):
        if INFO_FEE_WORD in p.heading and not p.text.strip():
            return i
    return None
