"""What an import tells the user, in Chinese: shared by ``nianbao import`` and the window's
文件 → 导入已有报告… so both say the same thing in the same words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.findings import Finding
from desktop.importers import ImportResult
from desktop.place import Place
from desktop.report import CellValue, Report

# Rows with blank cells are named up to this many per reason, then counted.
ROWS_LISTED = 6


@dataclass(frozen=True, slots=True)
class SummaryItem:
    """One entry of the summary: its text, and the places of the imported report it is about
    (cells left blank, cells and fields of a finding; none for what is about the source)."""

    text: str
    places: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class SummarySection:
    """One part of the summary: a heading (ending in “：” when items follow) and its items."""

    heading: str
    items: tuple[SummaryItem, ...] = ()
    numbered: bool = False


def _plain(texts: Sequence[str]) -> tuple[SummaryItem, ...]:
    return tuple(SummaryItem(text) for text in texts)


@dataclass(frozen=True, slots=True)
class ImportCheck:
    """The rules run once on an imported report, kept in the parts their readers need: the
    summary lists them all, the window shows the table and prose parts without checking the
    report a second time (the check is most of an import's cost on a long text)."""

    source: tuple[Finding, ...]  # R17, about the source file
    table: tuple[Finding, ...]  # rules.table_findings
    prose: tuple[Finding, ...]  # prose_rules.prose_findings, as rules.check adds them

    @property
    def findings(self) -> list[Finding]:
        """What ``import_findings`` returns: the source's, then ``rules.check``'s."""
        return [*self.source, *self.table, *self.prose]


def import_check(result: ImportResult) -> ImportCheck:
    """Every rule once on the imported report (``rules.check``, split where it joins)."""
    from desktop.prose_rules import prose_findings
    from desktop.rules import table_findings

    report = result.report
    previous = report.previous
    return ImportCheck(
        tuple(result.source_findings),
        tuple(table_findings(report, previous)),
        tuple(prose_findings(report, previous)),
    )


def import_findings(result: ImportResult) -> list[Finding]:
    """The source's R17 findings followed by every rule's findings on the imported report."""
    return import_check(result).findings


def summary_sections(
    result: ImportResult, findings: Sequence[Finding] | None = None
) -> list[SummarySection]:
    """What was recovered, how things were settled, which cells were left blank and why, what
    did not map, and the findings (``import_findings(result)`` unless given)."""
    if findings is None:
        findings = import_findings(result)
    sections = [SummarySection("找到的内容：", _plain(result.recovered))]
    if result.notes:
        sections.append(SummarySection("说明：", _plain(result.notes)))
    if result.blanks:
        sections.append(
            SummarySection(
                f"留空的单元格 {len(result.blanks)} 个（原文没有或无法确定，请对照原文填写）：",
                _blank_items(result.blanks),
            )
        )
    if result.unmapped:
        sections.append(
            SummarySection("原文中无法对应到2021年格式的内容（未导入）：", _plain(result.unmapped))
        )
    if not findings:
        sections.append(SummarySection("检查结果：没有发现问题。"))
    else:
        sections.append(
            SummarySection(
                f"检查结果 {len(findings)} 项：",
                # Rule codes (R1…) are for support staff, not in what a user reads.
                tuple(
                    SummaryItem(
                        f"{f.severity.label}：{f.message}",
                        tuple(Place.cell(cid) for cid in f.cells) + f.fields,
                    )
                    for f in findings
                ),
                numbered=True,
            )
        )
    return sections


def summary_lines(sections: Sequence[SummarySection]) -> list[str]:
    """The sections as indented plain-text lines, a blank line before each heading."""
    lines: list[str] = []
    for section in sections:
        lines.append("")
        lines.append(section.heading)
        for i, item in enumerate(section.items, start=1):
            lines.append(f"  {i}. {item.text}" if section.numbered else f"  · {item.text}")
    return lines


def differing_totals(report: Report) -> list[Place]:
    """The totals printed in the source that are not the sum of their cells."""
    return [
        Place.cell(cid)
        for cid, printed in report.printed_totals.items()
        if printed is not None and printed != report.value(cid)
    ]


def totals_kept_on_accept(report: Report) -> dict[str, CellValue]:
    """The printed totals that accepting the computed ones must keep: those whose sum cannot be
    computed because a cell is blank (nothing computed to put in their place)."""
    return {
        cid: printed
        for cid, printed in report.printed_totals.items()
        if printed is not None and report.value(cid) is None
    }


def _blank_items(blanks: dict[str, str]) -> tuple[SummaryItem, ...]:
    """One item per reason: the rows it left blank (named by the template, up to
    ``ROWS_LISTED``) and every blank cell's place."""
    by_reason: dict[str, list[Place]] = {}
    for cid, why in blanks.items():
        by_reason.setdefault(why, []).append(Place.cell(cid))
    items: list[SummaryItem] = []
    for why, places in by_reason.items():
        rows: list[str] = []
        for place in places:
            cell = place.template_cell
            name = f"{cell.table_name} {cell.short_row}"
            if name not in rows:
                rows.append(name)
        listed = "、".join(rows[:ROWS_LISTED])
        more = f" 等 {len(rows)} 行" if len(rows) > ROWS_LISTED else ""
        text = f"{why}：{listed}{more}（{len(places)} 个单元格）"
        items.append(SummaryItem(text, tuple(places)))
    return tuple(items)
