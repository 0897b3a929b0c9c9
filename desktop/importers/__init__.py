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

from desktop.findings import Finding
from desktop.report import Report


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


def import_report(path: str | Path) -> ImportResult:
    """Read a published report; raises ``UserError`` (exit code 2) for unreadable files."""
    from desktop.importers.document import parse_document
    from desktop.importers.sources import read_source

    p = Path(path)
    doc = read_source(p)
    parsed = parse_document(doc)
    return ImportResult(
        report=parsed.report,
        source_kind=doc.kind,
        recovered=parsed.recovered,
        blanks=parsed.blanks,
        notes=parsed.notes,
        source_findings=parsed.source_findings,
        unmapped=parsed.unmapped,
    )
