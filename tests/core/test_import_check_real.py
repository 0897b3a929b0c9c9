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
    assert _errors("hongze-2023/text_plain.txt") == errors


def _r16(source: str) -> list[tuple[Severity, str]]:
    result = import_report(REAL / source)
    return [(f.severity, f.message) for f in import_findings(result) if f.rule == "R16"]


def _one(found: list[tuple[Severity, str]], *words: str) -> Severity:
    hits = [sev for sev, msg in found if all(w in msg for w in words)]
    assert len(hits) == 1, (words, found)
    return hits[0]


def test_pingtan_2022_received_counts_the_carried_over_ones() -> None:
    # NOTES: prose '收到政府信息公开申请75件' vs table 本年新收 74 (75 = 新收 + 上年结转).
    found = _r16("pingtan-2022/page.txt")
    assert _one(found, "75件", "74 件", "上年结转 1 件") is Severity.INFO
    assert len(found) == 1


def test_pingtan_2023_prose_against_the_glued_row_is_a_finding() -> None:
    # NOTES: prose 现行有效 393 vs table 470; the row is glued (77132470) and stays blank, so
    # the import says it: no split of the printed digits gives 393.
    found = _r16("pingtan-2023/page.txt")
    assert _one(found, "393", "77132470") is Severity.WARNING
    assert len(found) == 1


@pytest.mark.parametrize(
    "source",
    [
        "shanghai-2019-old-format/report_normalized.html",
        "shanghai-2019-old-format/report_as_word.docx",
        "shanghai-2019-old-format/text_cells.txt",
    ],
)
def test_shanghai_2019_notes_each_have_a_finding(source: str) -> None:
    result = import_report(REAL / source)
    findings = import_findings(result)
    # 总计 column left blank in the 办理结果 rows: table 三's blank cells.
    assert any(f.rule == "R12" and f.message.startswith("表三") for f in findings)
    found = [(f.severity, f.message) for f in findings if f.rule == "R16"]
    # 予以公开及部分公开 258 vs the filled cells' 272 + 3 (the 总计 cells are blank).
    _one(found, "258件", "275 件")
    # 无法提供 265 vs 265 + 47 + 25.
    _one(found, "265件", "337 件")
    # the prose's outcome counts 258+35+265+158+0 = 716, not the 805 answered.
    _one(found, "716", "805")
    # 258 is 32.0% of 805, not 33.9%.
    _one(found, "33.9%", "32.0%")
    # 复议7件，诉讼9件，均获维持 vs 尚未审结 2 and 1.
    _one(found, "均获维持", "行政复议尚未审结 2 件", "未经复议直接起诉尚未审结 1 件")
    assert len(found) == 5
    assert all(sev is Severity.WARNING for sev, _ in found)


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
