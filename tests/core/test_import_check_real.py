"""``nianbao check`` on the complete real reports of the corpus, imported: the inconsistencies
their NOTES.txt lists are flagged, and where the numbers hold no error is raised (blank cells and
the source's own format findings, R12 and R17, aside)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.findings import Severity
from desktop.importers import import_report
from desktop.importers.summary import import_findings

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def _errors(source: str) -> list[tuple[str, str]]:
    result = import_report(REAL / source)
    return [
        (f.rule, f.message)
        for f in import_findings(result)
        if f.severity is Severity.ERROR and f.rule not in ("R12", "R17")
    ]


def test_hongze_table4_totals_are_flagged() -> None:
    # NOTES: t4 行政复议 总计 0 != 11; 复议后起诉 总计 0 != 5.
    errors = _errors("hongze-2023/text_layout.txt")
    assert [rule for rule, _ in errors] == ["R6", "R6"]
    assert "行政复议" in errors[0][1] and "11" in errors[0][1]
    assert "复议后起诉" in errors[1][1] and "5" in errors[1][1]
    assert _errors("hongze-2023/hzq2023_working.pdf") == errors


@pytest.mark.parametrize(
    "source",
    [
        "pingtan-2021/page.txt",
        "pingtan-2022/page.txt",
        "pingtan-2023/page.txt",
        "pingtan-2024/page.txt",
        "huaian-2024-from-pdf.txt",
        "shanghai-2019-old-format/report_normalized.html",
    ],
)
def test_reports_whose_numbers_hold_raise_no_error(source: str) -> None:
    assert _errors(source) == []


def test_pingtan_2023_prose_that_fits_no_split_is_said() -> None:
    # NOTES: prose 现行有效 393 vs the table's 470; the glued row cannot be split without it.
    notes = import_report(REAL / "pingtan-2023" / "page.txt").notes
    assert any("77132470" in n and "正文所述与各种拆分都不符" in n for n in notes)


def test_check_command_on_an_imported_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hongze.nianbao"
    assert main(["import", str(REAL / "hongze-2023" / "hzq2023_working.pdf"), "-o", str(out)]) == 0
    capsys.readouterr()
    main(["check", "--verbose", str(out)])  # rule codes are shown with --verbose
    printed = capsys.readouterr().out
    assert printed.count("R6") >= 2
