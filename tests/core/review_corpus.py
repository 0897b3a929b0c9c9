"""Short names for the corpus files (tests/data/real) that the review tests read."""

from __future__ import annotations

from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
_PLACES: dict[str, str] = {
    "hongze-2023.txt": "hongze-2023/text_plain.txt",
    "huaian-2024.txt": "huaian-2024-from-pdf.txt",
    "huaian-2024.cells.json": "huaian-2024-from-pdf.cells.json",
    "shanghai-2019.docx": "shanghai-2019-old-format/report_as_word.docx",
    "shanghai-2019.html": "shanghai-2019-old-format/report_normalized.html",
    **{f"pingtan-{y}.txt": f"pingtan-{y}/page.txt" for y in range(2021, 2025)},
    **{f"pingtan-{y}.cells.json": f"pingtan-{y}/cells.json" for y in range(2021, 2025)},
    **{f"excerpt-{i:02d}.txt": f"excerpt-{i:02d}.txt" for i in range(1, 22)},
}
SOURCES: tuple[str, ...] = tuple(sorted(n for n in _PLACES if not n.endswith(".json")))


def corpus(name: str) -> Path:
    """The corpus file known by ``name``."""
    return REAL / _PLACES[name]
