"""Reports for the merge and next-year tests: the bundled 盐池县 2022 example under any unit
name."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.project_file import load_report
from desktop.report import Level, OrgKind, Report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
EXAMPLE_CELLS: dict[str, int] = json.loads(
    (ROOT / "tests" / "data" / "yanchi-2022-cells.json").read_text(encoding="utf-8")
)


def example_report(
    org_name: str = "盐池县人民政府",
    year: int = 2022,
    kind: OrgKind = OrgKind.GOVERNMENT,
    level: Level = Level.COUNTY,
) -> Report:
    """The bundled example (all 200 cells, its prose) as the report of ``org_name``."""
    report = load_report(EXAMPLE)
    report.meta.org_name = org_name
    report.meta.year = year
    report.meta.org_kind = kind
    report.meta.level = level
    return report
