"""Every finding of the prose rules (R16, R18, R20, R21) and the review rules (R24–R29) on the
corpus reports, on the same reports read as next year's (their years then wrong), against a
copy of themselves as last year's, on the pingtan reports against their previous year's and on
the example against its embedded last year, held to a recorded file: the rules were sped up for
the review desk (a county's hundreds of reports), and a speed-up must not change one id,
message, place or the order.

After an intended change of a message or a rule, write the file again with
``NIANBAO_WRITE_GOLDEN=1 python -m pytest tests/core/test_prose_golden.py`` and read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop.findings import Finding
from desktop.importers import import_report
from desktop.importers.sources import read_source
from desktop.project_file import load_report
from desktop.prose_rules import prose_findings
from desktop.report import Report
from desktop.resources import example_path
from desktop.review.rules import review_findings
from tests.core.corpus import SOURCES

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden" / "prose-findings.json"


def _as_json(f: Finding) -> list[object]:
    return [
        f.rule,
        f.severity.value,
        f.message,
        list(f.cells),
        [p.path for p in f.fields],
        list(f.span) if f.span else None,
        [[p.path, a, b] for p, a, b in f.spans],
    ]


def _findings(report: Report, previous: Report | None, lines: list[str] | None) -> list[object]:
    found = prose_findings(report, previous) + review_findings(report, previous, lines)
    return [_as_json(f) for f in found]


def _last_year(report: Report) -> Report:
    copy = report.model_copy(deep=True)
    copy.meta.year = report.meta.year - 1
    return copy


def _all() -> dict[str, list[object]]:
    out: dict[str, list[object]] = {}
    reports: dict[str, tuple[Report, list[str]]] = {}
    for name, (src, _) in SOURCES.items():
        if src.suffix == ".pdf":
            continue  # its text is in the corpus as text_plain.txt (and the import is slow)
        report = import_report(src).report
        lines = [ln.text for ln in read_source(src).lines if not ln.is_row]
        reports[name] = (report, lines)
        out[name] = _findings(report, None, lines)
        out[f"{name} vs itself"] = _findings(report, _last_year(report), lines)
        # The same text as next year's report: every year it names is then another year (R18).
        later = report.model_copy(deep=True)
        later.meta.year += 1
        out[f"{name} a year later"] = _findings(later, None, lines)
    for year in (2022, 2023, 2024):
        report, lines = reports[f"pingtan-{year}/page.txt"]
        previous, _ = reports[f"pingtan-{year - 1}/page.txt"]
        out[f"pingtan-{year} vs {year - 1}"] = _findings(report, previous, lines)
    example = load_report(example_path())
    out["example"] = _findings(example, example.previous, None)
    return out


@pytest.mark.timeout(120)
def test_prose_and_review_findings_on_the_corpus_are_unchanged() -> None:
    found = json.loads(json.dumps(_all(), ensure_ascii=False))  # tuples as lists
    if os.environ.get("NIANBAO_WRITE_GOLDEN"):
        text = json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True)
        GOLDEN.write_text(text + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(found) == sorted(expected)
    for name in sorted(expected):
        assert found[name] == expected[name], name
    assert sum(len(v) for v in expected.values()) > 100  # the corpus does show faults
