"""Import of Word documents built in other shapes than Nianbao's own export, and of saved web
pages (tables with rowspan/colspan, scripts, layout tables, GB18030)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from import_texts import HUAIAN, Row, expected, table_rows

from desktop.importers import import_report
from desktop.template import SECTION_TITLES

PROSE = {
    1: [
        "2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "（一）主动公开。全年主动公开政府信息1200条。",
    ],
    5: ["一是公开质量有待提高。", "下一步将加强培训。"],
    6: ["（一）信息处理费收取情况。全年收取信息处理费120元。"],
}


def _build_docx(
    path: Path,
    values: dict[str, int | Decimal],
    add_table: Callable[[docx.document.Document, list[Row]], None],
    *,
    split_t3: bool = False,
    labels: Callable[[str], str] = lambda s: s,
) -> None:
    d = docx.Document()
    d.add_paragraph("某某市生态环境局2023年政府信息公开工作年度报告")
    d.add_paragraph("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。")
    tables = table_rows(values)
    for k, title in enumerate(SECTION_TITLES, start=1):
        d.add_paragraph(title)
        if k in tables:
            rows = [([labels(x) for x in lb], vals) for lb, vals in tables[k]]
            if split_t3 and k == 3:
                add_table(d, rows[:12])
                d.add_paragraph("")
                add_table(d, rows[:2] + rows[12:])  # the header repeated on the next page
            else:
                add_table(d, rows)
        else:
            for p in PROSE[k]:
                d.add_paragraph(p)
    d.save(str(path))


def _plain_grid(d: docx.document.Document, rows: list[Row]) -> None:
    """No merged cells: every row as wide as the widest, labels then numbers."""
    width = max(len(lb) + len(v) for lb, v in rows)
    table = d.add_table(rows=len(rows), cols=width)
    for row, (lb, vals) in zip(table.rows, rows, strict=True):
        # One row's cells at a time: python-docx's table.cell() walks the whole table each call.
        cells = row.cells
        for c, text in enumerate([*lb, *vals]):
            cells[c].text = text


def _extra_empty_columns(d: docx.document.Document, rows: list[Row]) -> None:
    """Spacer columns, empty in every row: a first and a last column, and one among the
    numbers (numbers right-aligned, labels left-aligned)."""
    width = max(len(lb) + len(v) for lb, v in rows) + 3
    spacer = width - 5
    table = d.add_table(rows=len(rows), cols=width)
    for row, (lb, vals) in zip(table.rows, rows, strict=True):
        cells = row.cells
        col = 1
        for text in lb:
            col += col == spacer
            cells[col].text = text
            col += 1
        col = width - 2
        for text in reversed(vals):
            if col == spacer:
                col -= 1
            cells[col].text = text
            col -= 1


def _merged(d: docx.document.Document, rows: list[Row]) -> None:
    """Labels in merged cells (gridSpan) spanning to the numbers, as Word users make them."""
    width = max(len(lb) + len(v) for lb, v in rows)
    table = d.add_table(rows=len(rows), cols=width)
    for row, (lb, vals) in zip(table.rows, rows, strict=True):
        label_cols = width - len(vals)
        cells = row.cells  # the number cells stay as they are when the labels merge
        first = cells[0]
        if label_cols > 1:
            first = first.merge(cells[label_cols - 1])
        first.text = "".join(lb)
        for c, text in enumerate(vals, start=label_cols):
            cells[c].text = text


def _check(path: Path, want: dict[str, int | Decimal]) -> None:
    result = import_report(path)
    values = result.report.values()
    assert {k: values[k] for k in want if values[k] != want[k]} == {}
    assert result.report.meta.org_name == "某某市生态环境局"
    assert result.report.meta.year == 2023
    assert result.report.info_fee_yuan == 120
    assert result.report.prose.s1.parts[0].heading == "（一）主动公开。"
    assert result.report.prose.s5.lead == "一是公开质量有待提高。\n下一步将加强培训。"


@pytest.mark.parametrize(
    "shape", [_plain_grid, _extra_empty_columns, _merged], ids=["no-merges", "spacers", "merged"]
)
def test_docx_table_shapes(tmp_path: Path, shape: Callable[..., None]) -> None:
    want = expected(HUAIAN)
    path = tmp_path / "r.docx"
    _build_docx(path, want, shape)
    _check(path, want)


def test_docx_table_three_split_in_two(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    path = tmp_path / "r.docx"
    _build_docx(path, want, _plain_grid, split_t3=True)
    _check(path, want)


def test_docx_half_width_labels(tmp_path: Path) -> None:
    import unicodedata

    want = expected(HUAIAN)
    path = tmp_path / "r.docx"
    _build_docx(path, want, _plain_grid, labels=lambda s: unicodedata.normalize("NFKC", s))
    _check(path, want)
    assert import_report(path).source_findings == []


def test_docx_tables_as_text_paragraphs(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    path = tmp_path / "r.docx"

    def as_tab_paragraphs(d: docx.document.Document, rows: list[Row]) -> None:
        for lb, vals in rows:
            d.add_paragraph("\t".join([*lb, *vals]))

    _build_docx(path, want, as_tab_paragraphs)
    _check(path, want)


def test_docx_template_grid_with_vertical_merges_and_a_blank_cell(tmp_path: Path) -> None:
    """Table 三 laid out exactly as the template (gridSpan and vMerge everywhere); an empty
    number cell is blank, not 0."""
    from desktop.template import TABLE_BY_KEY, Cell

    want = dict(expected(HUAIAN))
    d = docx.Document()
    d.add_paragraph("某某市生态环境局2023年政府信息公开工作年度报告")
    d.add_paragraph(SECTION_TITLES[2])
    t3 = TABLE_BY_KEY["t3"]
    table = d.add_table(rows=t3.n_rows, cols=t3.n_cols)
    items = (*t3.labels, *t3.cells)
    for item in items:  # the merges first (none overlaps another), then the text
        if item.rowspan > 1 or item.colspan > 1:
            end = table.cell(item.row + item.rowspan - 1, item.col + item.colspan - 1)
            table.cell(item.row, item.col).merge(end)
    # One row's cells at a time: python-docx's table.cell() walks the whole table each call.
    grid = [row.cells for row in table.rows]
    for item in items:
        cell = grid[item.row][item.col]
        if isinstance(item, Cell):
            if item.id != "t3.unable_2.legal":
                cell.text = str(want[item.id])
        else:
            cell.text = item.text
    d.add_paragraph(SECTION_TITLES[3])
    path = tmp_path / "r.docx"
    d.save(str(path))
    result = import_report(path)
    values = result.report.values()
    assert result.report.cells["t3.unable_2.legal"] is None
    assert "为空" in result.blanks["t3.unable_2.legal"]
    assert {k: values[k] for k in want if k.startswith("t3.") and values[k] != want[k]} == {
        "t3.unable_2.legal": None,
        "t3.unable_2.total": None,
        "t3.total.legal": None,
        "t3.total.total": None,
    }
    assert result.report.printed_totals["t3.unable_2.total"] == 11


# --- HTML ---------------------------------------------------------------------------------------


def _html_table(rows: list[Row], t3: bool) -> str:
    out = ["<table border=1>"]
    for i, (lb, vals) in enumerate(rows):
        cells = []
        if t3 and 4 <= i <= 25:
            # rowspan for the group label column as web pages print it
            if i == 4:
                cells.append('<td rowspan="22">三、本年度办理结果</td>')
            lb = lb[1:] if lb and lb[0] == "三、本年度办理结果" else lb
        for x in lb:
            cells.append(f'<td colspan="1"><p>{x}</p></td>')
        cells += [f"<td>{v}</td>" for v in vals]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _html(values: dict[str, int | Decimal]) -> str:
    tables = table_rows(values)
    body = [
        "<div class='nav'><a href='/'>首页</a> &gt; 政府信息公开</div>",
        "<table><tr><td>",  # a page-layout table around the whole article
        "<h1>某某市生态环境局2023年政府信息公开工作年度报告</h1>",
        "<p>本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p>",
    ]
    for k, title in enumerate(SECTION_TITLES, start=1):
        body.append(f"<p><strong>{title}</strong></p>")
        if k in tables:
            body.append(_html_table(tables[k], k == 3))
        else:
            body += [f"<p>{p}</p>" for p in PROSE[k]]
    body.append("</td></tr></table>")
    body.append("<div class='footer'>版权所有：某某市人民政府 网站标识码 1234</div>")
    return (
        "<!DOCTYPE html><html><head><meta charset='gb2312'><title>年报</title>"
        "<style>p { color: red } td::before { content: '9' }</style>"
        "<script>document.write('<p>一、总体情况</p><td>999</td>')</script></head><body>"
        + "\n".join(body)
        + "</body></html>"
    )


def test_html_saved_page_in_gb18030(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    path = tmp_path / "r.htm"
    path.write_bytes(_html(want).encode("gb18030"))
    _check(path, want)
    result = import_report(path)
    assert "版权所有" not in result.report.prose.s6.full_text()
    assert "999" not in result.report.prose.s1.full_text()


def test_html_in_utf8_without_declaration(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    path = tmp_path / "r.html"
    path.write_text(_html(want).replace("charset='gb2312'", ""), encoding="utf-8")
    _check(path, want)


def test_docx_text_box_text_is_read_once(tmp_path: Path) -> None:
    """A title in a text box is stored twice (mc:Choice and mc:Fallback): read it once."""
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    title = "某某县统计局2023年政府信息公开工作年度报告"
    box = f"<w:txbxContent><w:p><w:r><w:t>{title}</w:t></w:r></w:p></w:txbxContent>"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}" xmlns:mc="{mc}"><w:body>'
        f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps">{box}</mc:Choice>'
        f"<mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r></w:p>"
        f"<w:p><w:r><w:t>{SECTION_TITLES[0]}</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>全年工作正常开展。</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "box.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", xml)
    report = import_report(path).report
    assert (report.meta.org_name, report.meta.year) == ("某某县统计局", 2023)
    assert report.prose.s1.lead == "全年工作正常开展。"
