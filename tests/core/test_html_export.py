"""The web-page export: the three tables with rowspan/colspan exactly as the template, the numbers
of the report, the prose, and nothing a CMS editor or Qt's rich text would drop or fetch."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from desktop.export_common import DRAFT_MARK, IncompleteReportError
from desktop.html_export import export_html, write_html
from desktop.numbers import number_text
from desktop.project_file import load_report
from desktop.report import Report, new_report
from desktop.template import SECTION_TITLES, TABLES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"


def example() -> Report:
    return load_report(EXAMPLE)


class _Tables(HTMLParser):
    """Collects tables as rows of (text, rowspan, colspan, tag), plus every tag and attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, int, int, str]]]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self._cell: tuple[str, int, int] | None = None
        self._text: list[str] = []
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = (tag, int(a.get("rowspan") or 1), int(a.get("colspan") or 1))
            self._text = []
        elif tag in ("h1", "h2", "h3"):
            self._heading, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell:
            kind, rs, cs = self._cell
            self.tables[-1][-1].append(("".join(self._text), rs, cs, kind))
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._heading:
            self.headings.append((tag, "".join(self._text)))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def parse(html: str) -> _Tables:
    p = _Tables()
    p.feed(html)
    p.close()
    return p


def grid(rows: list[list[tuple[str, int, int, str]]]) -> dict[tuple[int, int], tuple]:
    """Place cells on the grid as a browser does: skip positions taken by earlier rowspans."""
    taken: set[tuple[int, int]] = set()
    out: dict[tuple[int, int], tuple] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            text, rs, cs, kind = cell
            out[(r, c)] = (text, rs, cs, kind)
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            c += cs
    return out


def test_tables_have_the_template_labels_spans_and_numbers() -> None:
    report = example()
    parsed = parse(export_html(report))
    assert len(parsed.tables) == 3
    for table, rows in zip(TABLES, parsed.tables, strict=True):
        assert len(rows) == table.n_rows
        g = grid(rows)
        spans = {(r, c, rs, cs) for (r, c), (_, rs, cs, _) in g.items() if (rs, cs) != (1, 1)}
        assert spans == set(table.spans())
        for label in table.labels:
            assert g[(label.row, label.col)][0] == label.text
        for cell in table.cells:
            assert g[(cell.row, cell.col)][0] == number_text(report.value(cell.id)), cell.id
        covered = sum(rs * cs for (_, rs, cs, _) in g.values())
        assert covered == table.n_rows * table.n_cols


def test_column_headers_are_th() -> None:
    parsed = parse(export_html(example()))
    t3 = grid(parsed.tables[1])
    assert t3[(0, 3)] == ("申请人情况", 1, 7, "th")
    assert t3[(3, 0)][3] == "td"  # a row label


def test_self_contained_no_scripts_no_external_resources() -> None:
    html = export_html(example())
    parsed = parse(html)
    tags = {t for t, _ in parsed.tags}
    assert not tags & {"script", "style", "link", "img", "iframe", "object", "embed", "a"}
    for _, attrs in parsed.tags:
        assert "src" not in attrs and "href" not in attrs
        assert not any(k.startswith("on") for k in attrs)
        assert "class" not in attrs or attrs.get("style")  # styling is always inline
    assert "url(" not in html and "http" not in html and "@import" not in html


def test_title_headings_and_prose() -> None:
    report = example()
    parsed = parse(export_html(report))
    assert parsed.headings[0] == ("h1", report.title())
    assert [t for tag, t in parsed.headings if tag == "h2"] == list(SECTION_TITLES)
    html = export_html(report)
    first = report.prose.s1.parts[0]
    assert first.heading in html
    assert "国办公开办函〔2021〕30号" in html


def test_text_is_escaped() -> None:
    report = example()
    report.meta.org_name = "<script>alert(1)</script>&局"
    html = export_html(report)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;局" in html


def test_preview_marks_blanks_and_final_export_refuses(tmp_path: Path) -> None:
    report = new_report("某某局", 2023)
    html = export_html(report)
    assert html.count(DRAFT_MARK) >= 166
    assert re.search(r'<span style="color: #ff0000[^"]*">未填</span>', html)
    assert "草稿" in html
    out = tmp_path / "年报.html"
    with pytest.raises(IncompleteReportError):
        write_html(report, out)
    assert not out.exists()
    write_html(report, out, draft=True)
    assert DRAFT_MARK in out.read_text(encoding="utf-8")


def test_written_file_is_utf8_with_charset(tmp_path: Path) -> None:
    out = tmp_path / "年报.html"
    write_html(example(), out)
    data = out.read_bytes()
    text = data.decode("utf-8")
    # A clean fragment for pasting: one <div>, nothing outside it (no stray <meta>).
    assert text.startswith('<div class="nianbao-report"') and text.rstrip().endswith("</div>")
    assert "<meta" not in text
    assert "盐池县2022年政府信息公开工作年度报告" in text
    assert "草稿" not in text and DRAFT_MARK not in text


def test_written_page_is_a_complete_html_page(tmp_path: Path) -> None:
    out = tmp_path / "年报.html"
    write_html(example(), out, page=True)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    head, body = text.split("</head>")
    assert '<meta charset="utf-8" />' in head
    assert "<title>盐池县2022年政府信息公开工作年度报告</title>" in head
    assert body.strip().startswith('<body>\n<div class="nianbao-report"')
    assert body.rstrip().endswith("</body>\n</html>")
