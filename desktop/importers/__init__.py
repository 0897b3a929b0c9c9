"""Import of published reports (.docx, .html/.htm, .txt) into a ``Report``.

``import_report(path)`` reads the file (refusing hostile or broken files with a Chinese
``UserError``), finds the title, the six sections, the prose and the three tables by the
template's printed labels, and says what it recovered, what it left blank and why, and what in
the source does not follow the 2021 format (R17). It never invents a number: a number the source
does not show, or shows ambiguously, stays blank (None).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.findings import Finding
from desktop.importers.cancel import checkpoint
from desktop.report import Report
from desktop.text_gate import clean

if TYPE_CHECKING:
    from desktop.importers.sources import SourceDoc


@dataclass(slots=True)
class ImportResult:
    """An imported report and what the import has to say about it (all Chinese)."""

    report: Report
    source_kind: str  # "docx", "html", "txt"
    recovered: list[str] = field(default_factory=list)  # what was found
    blanks: dict[str, str] = field(default_factory=dict)  # input cell id → why it is blank
    notes: list[str] = field(default_factory=list)  # how things were settled, what to check
    source_findings: list[Finding] = field(default_factory=list)  # R17 about the source
    unmapped: list[str] = field(default_factory=list)  # parts of the source with no place


def _clean_lines(doc: SourceDoc) -> dict[int, int]:
    """Remove what a report cannot hold (``desktop.text_gate``) from the source's lines before
    anything is taken from them; return removed counts by line number (1-based)."""
    removed: dict[int, int] = {}
    for number, line in enumerate(doc.lines, start=1):
        for i, cell in enumerate(line.cells):
            cleaned, n = clean(cell)
            if n:
                line.cells[i] = cleaned
                removed[number] = removed.get(number, 0) + n
    return removed


def import_report(path: str | Path) -> ImportResult:
    """Read a published report; raises ``UserError`` (exit code 2) for unreadable files."""
    from desktop.importers.document import parse_document
    from desktop.importers.sources import read_source

    p = Path(path)
    checkpoint()
    doc = read_source(p)
    removed = _clean_lines(doc)
    checkpoint()
    parsed = parse_document(doc)
    checkpoint()
    if removed:
        total = sum(removed.values())
        where = "、".join(f"第 {n} 段 {k} 个" for n, k in list(removed.items())[:10])
        more = f" 等 {len(removed)} 处" if len(removed) > 10 else ""
        parsed.notes.insert(
            0,
            f"原文中有 {total} 个无法保存的特殊字符（控制字符等），导入时已删除：{where}{more}。"
            "请核对这些地方的文字。",
        )
    return ImportResult(
        report=parsed.report,
        source_kind=doc.kind,
        recovered=parsed.recovered,
        blanks=parsed.blanks,
        notes=parsed.notes,
        source_findings=parsed.source_findings,
        unmapped=parsed.unmapped,
    )
