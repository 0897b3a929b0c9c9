"""The real-report corpus (tests/data/real, copied from the shared samples): every source with
the cells it shows, and a comparison of an import with them.

A cell absent from a cells file is unknown (the text stops, or never shows it): an import must
leave it blank. A cell recorded as null is shown blank in the source: it must stay blank too.
Computed cells (totals) are compared with what the imported report holds for them: the printed
total when one was read, else the sum when every source cell is known.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from desktop.report import Report
from desktop.template import CELL_BY_ID, CELL_IDS

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def _sources() -> dict[str, tuple[Path, Path]]:
    """Source name → (source file, cells file), in a stable order."""
    out: dict[str, tuple[Path, Path]] = {}
    for cells in sorted(REAL.glob("*.cells.json")):
        stem = cells.name.removesuffix(".cells.json")
        out[stem] = (REAL / f"{stem}.txt", cells)
    for folder in sorted(p for p in REAL.iterdir() if p.is_dir()):
        cells = folder / "cells.json"
        for src in sorted(folder.iterdir()):
            if src.suffix.lower() in (".txt", ".pdf", ".html", ".docx", ".md") and src.name not in (
                "NOTES.txt",
                "SOURCE.txt",
            ):
                out[f"{folder.name}/{src.name}"] = (src, cells)
    return out


SOURCES = _sources()


def shown_cells(cells_file: Path) -> dict[str, int | Decimal | None]:
    """The cells a source shows (amounts as exact decimals, as printed)."""
    raw = json.loads(cells_file.read_text(encoding="utf-8"), parse_float=Decimal)
    return {cid: v for cid, v in raw.items()}


def held_value(report: Report, cid: str) -> int | Decimal | None:
    """What the imported report holds for a cell: the input, or for a total the printed one
    when read, else the computed sum (None when a source cell is blank)."""
    if CELL_BY_ID[cid].computed:
        printed = report.printed_totals.get(cid)
        if printed is not None:
            return printed
    return report.value(cid)


@dataclass(slots=True)
class Score:
    """One source's comparison with its cells file."""

    exact: list[str] = field(default_factory=list)
    wrong: dict[str, tuple[object, object]] = field(default_factory=dict)  # cid → (held, shown)
    missing: list[str] = field(default_factory=list)
    invented: dict[str, object] = field(default_factory=dict)  # cid → held

    @property
    def shown(self) -> int:
        """Cells the source shows with a number."""
        return len(self.exact) + len(self.wrong) + len(self.missing)


def score(report: Report, shown: dict[str, int | Decimal | None]) -> Score:
    """Compare an imported report with the cells its source shows."""
    out = Score()
    for cid in CELL_IDS:
        held = held_value(report, cid)
        computed = CELL_BY_ID[cid].computed
        if cid not in shown or shown[cid] is None:
            # A sum of shown inputs is no invention; an input or a printed total is.
            if held is not None and not (computed and cid not in report.printed_totals):
                out.invented[cid] = held
            continue
        want = shown[cid]
        if held is None:
            out.missing.append(cid)
        elif Decimal(str(held)) == Decimal(str(want)):
            out.exact.append(cid)
        else:
            out.wrong[cid] = (held, want)
    return out
