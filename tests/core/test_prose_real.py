"""The prose rules on a real published report (淮安市人民政府 2024, text from its PDF): every
statement they read is a real one, and none disagrees with the report's own tables."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from desktop.prose_rules import prose_claims, prose_findings
from desktop.report import Level, OrgKind, Report, SubPart, new_report
from desktop.template import INPUT_IDS

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def _huaian() -> Report:
    text = (REAL / "huaian-2024-from-pdf.txt").read_text(encoding="utf-8")
    cells = json.loads((REAL / "huaian-2024-from-pdf.cells.json").read_text(encoding="utf-8"))
    report = new_report("淮安市人民政府", 2024, OrgKind.GOVERNMENT, Level.CITY)
    for cid in INPUT_IDS:
        report.set_cell(cid, cells[cid])
    # The PDF's lines joined back into paragraphs, page numbers (“-3-”) dropped.
    lines = [x.strip() for x in text.splitlines()]
    body = "".join(x for x in lines if x and not re.fullmatch(r"-\s*\d+\s*-", x))

    def between(start: str, end: str | None) -> str:
        i = body.index(start) + len(start)
        return body[i : body.index(end, i) if end else len(body)]

    report.prose.opening = between("年度报告", "一、总体情况")
    s1 = re.split(r"(?=（[一二三四五]）)", between("一、总体情况", "二、主动公开政府信息情况"))
    report.prose.s1.lead = s1[0]
    report.prose.s1.parts = [
        SubPart(heading=p[: p.index("。") + 1], text=p[p.index("。") + 1 :]) for p in s1[1:]
    ]
    report.prose.s5.lead = between("五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    report.prose.s6.lead = between("六、其他需要报告的事项", None)
    report.info_fee_yuan = Decimal(3940)
    return report


def test_real_report_statements_are_read_and_agree() -> None:
    report = _huaian()
    claims = {(c.quantity, c.value) for c in prose_claims(report)}
    assert claims == {
        ("received", 3119),  # 全市共受理政府信息公开申请 3119 件
        ("handled", 3050),  # 答复 3050 件
        ("carried_in", 34),  # （含上年度结转申请 34 件
        ("carried_out", 103),  # 另有 103 件顺延到下年度答复）
        ("review", 351),  # 政府信息公开行政复议 351 件
        ("suit", 46),  # 政府信息公开行政诉讼 46 件 = 26 直接起诉 + 20 复议后起诉
        ("info_fee", Decimal(3940)),  # 全年收取政府信息公开信息处理费 3940 元
    }
    rules = [f.rule for f in prose_findings(report)]
    assert "R16" not in rules and "R18" not in rules and "R21" not in rules


def test_real_report_with_a_wrong_number_and_year() -> None:
    report = _huaian()
    part = report.prose.s1.parts[1]
    part.text = part.text.replace("行政诉讼 46 件", "行政诉讼 45 件")
    report.prose.opening = report.prose.opening.replace("2024 年 1 月 1 日", "2023 年 1 月 1 日")
    findings = prose_findings(report)
    r16 = [f for f in findings if f.rule == "R16"]
    assert len(r16) == 1 and "行政诉讼 45 件" in r16[0].message and "46 件" in r16[0].message
    r18 = [f for f in findings if f.rule == "R18"]
    assert len(r18) == 1 and "2023 年 1 月 1 日" in r18[0].message
