"""The import summary's entries name the places of the imported report they are about (the
cells left blank, the cells and fields of each finding, the printed totals that differ), and
say them in Chinese through the template's naming forms."""

from __future__ import annotations

from pathlib import Path

from desktop.importers import import_report
from desktop.importers.summary import (
    differing_totals,
    import_findings,
    summary_lines,
    summary_sections,
)
from desktop.place import Place, PlaceKind
from desktop.project_file import load_report
from desktop.resources import example_path
from desktop.template import CELL_BY_ID

DATA = Path(__file__).resolve().parent.parent / "data"


def test_blank_cells_and_findings_are_places() -> None:
    result = import_report(DATA / "real" / "excerpt-01.txt")
    assert result.blanks, "the excerpt stops before table 四: its cells are left blank"
    findings = import_findings(result)
    sections = summary_sections(result, findings)
    [blank] = [s for s in sections if s.heading.startswith("留空的单元格")]
    # Every blank cell is in the item of its reason, as a cell place.
    by_reason = {item.text.split("：", 1)[0]: item.places for item in blank.items}
    want: dict[str, list[Place]] = {}
    for cid, why in result.blanks.items():
        want.setdefault(why, []).append(Place.cell(cid))
    assert {why: list(places) for why, places in by_reason.items()} == want
    # The text names the rows through the template.
    stopped = next(i for i in blank.items if Place.cell("t4.review.upheld") in i.places)
    cell = stopped.places[0].template_cell
    assert stopped.text.startswith(f"原文在此之前中断：{cell.table_name} {cell.short_row}、")
    assert stopped.text.endswith(f"（{len(stopped.places)} 个单元格）")

    [checked] = [s for s in sections if s.heading.startswith("检查结果")]
    assert len(checked.items) == len(findings)
    for item, finding in zip(checked.items, findings, strict=True):
        assert item.places == tuple(Place.cell(c) for c in finding.cells) + finding.fields
    assert any(item.places for item in checked.items)
    # What is about the source has no place in the report.
    assert all(not item.places for item in sections[0].items)
    # The printed lines are the items' text.
    lines = summary_lines(sections)
    assert f"  · {stopped.text}" in lines


def test_differing_printed_totals_are_cell_places() -> None:
    report = load_report(example_path())
    total = next(c for c in CELL_BY_ID.values() if c.computed and report.value(c.id) is not None)
    value = report.value(total.id)
    assert isinstance(value, int)
    report.printed_totals = {total.id: value + 1}
    [place] = differing_totals(report)
    assert place == Place.cell(total.id)
    assert place.kind is PlaceKind.CELL
    assert place.template_cell is total
    report.printed_totals = {total.id: value}
    assert differing_totals(report) == []
