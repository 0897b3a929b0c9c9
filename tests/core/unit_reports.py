"""Reports for the merge and next-year tests: the 盐池县 2022 example under any unit name."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from desktop.report import Level, OrgKind, Report, new_report
from desktop.template import INPUT_IDS

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE_CELLS: dict[str, int] = json.loads(
    (DATA / "yanchi-2022-cells.json").read_text(encoding="utf-8")
)


def example_report(
    org_name: str = "盐池县人民政府",
    year: int = 2022,
    kind: OrgKind = OrgKind.GOVERNMENT,
    level: Level = Level.COUNTY,
) -> Report:
    """The sample report's 200 cells (inputs set, totals derived) and some of its prose."""
    report = new_report(org_name, year, kind, level)
    for cid in INPUT_IDS:
        report.set_cell(cid, EXAMPLE_CELLS[cid])
    report.info_fee_yuan = Decimal(0)
    report.prose.s1.lead = (
        f"{year}年，盐池县坚持以习近平新时代中国特色社会主义思想为指导，不断提升政府信息公开的质量和实效。"
    )
    report.prose.s1.parts[0].text = "通过政府网站主动公开政府信息约4000余条。"
    report.prose.s5.lead = "政府信息公开工作仍存在一些不足，下一步将持续改进。"
    report.prose.s6.parts[2].text = "本年度未收取信息处理费。"
    return report
