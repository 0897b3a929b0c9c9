"""The Word export read back with python-docx: tables exactly as the template, numbers as the
report, page set-up, styles and fonts, footers, prose structure, drafts and refusals."""

from __future__ import annotations

import errno
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Mm

from desktop.errors import UserError
from desktop.export_common import DRAFT_MARK, IncompleteReportError
from desktop.numbers import number_text
from desktop.project_file import load_report
from desktop.report import Report, Section, SubPart, new_report
from desktop.standard_text import info_fee_sentence
from desktop.template import SECTION_TITLES, TABLES, Cell
from desktop.word_export import build_document, docx_bytes, export_docx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
SAMPLE_CELLS = ROOT / "tests" / "data" / "yanchi-2022-cells.json"


def example() -> Report:
    return load_report(EXAMPLE)


def reopen(report: Report, draft: bool = False) -> DocumentObject:
    """Export to bytes and open the result as a fresh document, as Word would."""
    return docx.Document(io.BytesIO(docx_bytes(report, draft=draft)))


# --- reading a table grid back from the XML ----------------------------------------------------


class Grid:
    """A docx table rebuilt from gridSpan / vMerge: origin cells, their spans, texts, widths."""

    def __init__(self, tbl: object) -> None:
        self.tbl = tbl
        self.texts: dict[tuple[int, int], str] = {}
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}
        self.tc: dict[tuple[int, int], object] = {}
        self.rows = tbl.findall(qn("w:tr"))  # type: ignore[attr-defined]
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        for r, tr in enumerate(self.rows):
            c = 0
            for tc in tr.findall(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                span_el = tcpr.find(qn("w:gridSpan"))
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                vm = tcpr.find(qn("w:vMerge"))
                continues = vm is not None and vm.get(qn("w:val")) in (None, "continue")
                if continues:
                    origin = owner[(r - 1, c)]
                    _, cs = self.spans[origin]
                    assert cs == span, "a vMerge continuation must span the same columns"
                    self.spans[origin] = (r - origin[0] + 1, cs)
                else:
                    origin = (r, c)
                    self.texts[origin] = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                    self.spans[origin] = (1, span)
                    self.tc[origin] = tc
                for k in range(span):
                    owner[(r, c + k)] = origin
                c += span
            self.n_cols = c

    def merges(self) -> set[tuple[int, int, int, int]]:
        return {(r, c, rs, cs) for (r, c), (rs, cs) in self.spans.items() if (rs, cs) != (1, 1)}


def grids(doc: DocumentObject) -> dict[str, Grid]:
    tables = doc.element.body.findall(qn("w:tbl"))
    assert len(tables) == 3
    return {t.key: Grid(tbl) for t, tbl in zip(TABLES, tables, strict=True)}


def twips(el: object, tag: str) -> int:
    return int(el.find(qn(tag)).get(qn("w:w")))  # type: ignore[attr-defined]


# --- the tables ----------------------------------------------------------------------------------


def test_every_label_at_its_grid_position() -> None:
    g = grids(reopen(example()))
    for table in TABLES:
        assert len(g[table.key].rows) == table.n_rows
        assert g[table.key].n_cols == table.n_cols
        for label in table.labels:
            assert g[table.key].texts[(label.row, label.col)] == label.text, label


def test_every_number_equals_the_report_and_the_dump() -> None:
    report = example()
    g = grids(reopen(report))
    dumped = json.loads(SAMPLE_CELLS.read_text(encoding="utf-8"))
    for table in TABLES:
        for cell in table.cells:
            text = g[table.key].texts[(cell.row, cell.col)]
            assert text == number_text(report.value(cell.id)), cell.id
            assert Decimal(text) == Decimal(str(dumped[cell.id])), cell.id


def test_merges_are_the_template_spans() -> None:
    g = grids(reopen(example()))
    for table in TABLES:
        assert g[table.key].merges() == set(table.spans())


def test_widths_are_explicit_and_fill_the_text_block() -> None:
    doc = reopen(example())
    section = doc.sections[0]
    text_width = round((section.page_width - section.left_margin - section.right_margin) / 635)
    for table, grid in grids(doc).items():
        tbl = grid.tbl
        tblpr = tbl.find(qn("w:tblPr"))  # type: ignore[attr-defined]
        assert tblpr.find(qn("w:tblW")).get(qn("w:type")) == "dxa"
        assert abs(twips(tblpr, "w:tblW") - text_width) <= 1
        assert tblpr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        cols = [
            int(gc.get(qn("w:w")))
            for gc in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))  # type: ignore[attr-defined]
        ]
        assert sum(cols) == twips(tblpr, "w:tblW")
        for tr in grid.rows:
            widths = [twips(tc.find(qn("w:tcPr")), "w:tcW") for tc in tr.findall(qn("w:tc"))]
            assert sum(widths) == sum(cols), table
    t3 = [int(x.get(qn("w:w"))) for x in grids(doc)["t3"].tbl.iter(qn("w:gridCol"))]  # type: ignore[attr-defined]
    assert max(t3[3:]) - min(t3[3:]) <= 1, "table 三's number columns are equal"
    assert t3[2] > 3 * t3[3], "table 三's item labels get the widest column"


def test_header_cells_centred_and_table_three_headers_repeat() -> None:
    g = grids(reopen(example()))
    for table in TABLES:
        for tr_index, tr in enumerate(g[table.key].rows):
            trpr = tr.find(qn("w:trPr"))
            assert trpr.find(qn("w:cantSplit")) is not None
            repeats = trpr.find(qn("w:tblHeader")) is not None
            assert repeats == (table.key == "t3" and tr_index < table.header_rows)
            for tc in tr.findall(qn("w:tc")):
                assert tc.find(qn("w:tcPr")).find(qn("w:vAlign")).get(qn("w:val")) == "center"
    doc = reopen(example())
    table_style = doc.styles["表格文字"]
    assert table_style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER


def test_amounts_as_written_and_zero_as_zero() -> None:
    # Spec §10: a value is shown and exported exactly as stored (12.50 stays 12.50).
    report = example()
    t2 = TABLES[0]
    fees: Cell = next(c for c in t2.cells if c.id == "t2.fees")
    for value, printed in (
        (Decimal("12.50"), "12.50"),
        (Decimal("4106.000"), "4106.000"),
        (0, "0"),
    ):
        report.set_cell("t2.fees", value)
        assert grids(reopen(report))["t2"].texts[(fees.row, fees.col)] == printed
    report.set_cell("t3.new.legal", 0)
    assert "0" == grids(reopen(report))["t3"].texts[(3, 7)]


# --- page, styles, footers -----------------------------------------------------------------------


def test_page_size_and_margins() -> None:
    section = reopen(example()).sections[0]
    mm = Mm(1)
    assert abs(section.page_width - Mm(210)) < mm / 10
    assert abs(section.page_height - Mm(297)) < mm / 10
    for margin, value in (
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(margin - Mm(value)) < mm / 10
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch = int(grid.get(qn("w:linePitch")))
    text_height = (section.page_height - section.top_margin - section.bottom_margin) / 635
    assert int(text_height // pitch) == 22


def east_asia(style: object) -> str | None:
    rfonts = style.element.find(qn("w:rPr")).find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return rfonts.get(qn("w:eastAsia")) if rfonts is not None else None


def test_named_styles_with_east_asian_fonts() -> None:
    doc = reopen(example())
    styles = doc.styles
    expected = {
        "Normal": "仿宋_GB2312",  # shown as 正文 by Chinese Word and WPS
        "公文标题": "方正小标宋简体",
        "一级标题": "黑体",
        "二级标题": "楷体_GB2312",
        "二级标题字符": "楷体_GB2312",
        "表头文字": "黑体",
        "页码": "宋体",
    }
    for name, font in expected.items():
        assert east_asia(styles[name]) == font, name
    normal = styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 16
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == docx.enum.text.WD_LINE_SPACING.EXACTLY
    assert 28.9 <= pf.line_spacing.pt <= 29
    assert pf.first_line_indent.pt == 32
    assert pf.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert styles["公文标题"].font.size.pt == 22
    assert styles["公文标题"].paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert styles["表格文字"].font.size.pt == 10.5
    assert styles["表格文字（小四）"].font.size.pt == 12
    assert styles["页码"].font.size.pt == 14
    # The table styles ignore the line grid, or every table line would be 29 pt high.
    assert styles["表格文字"].paragraph_format.line_spacing_rule != (
        docx.enum.text.WD_LINE_SPACING.EXACTLY
    )


def test_tables_use_their_text_styles() -> None:
    doc = reopen(example())
    g = grids(doc)
    for key, style_id in (("t2", "GwTableText12"), ("t3", "GwTableText"), ("t4", "GwTableText")):
        styles = {p.get(qn("w:val")) for p in g[key].tbl.iter(qn("w:pStyle"))}  # type: ignore[attr-defined]
        assert styles == {style_id}


def test_page_numbers_odd_right_even_left() -> None:
    doc = reopen(example())
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        p = footer.paragraphs[0]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.style.name == "页码"
        assert p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == align


# --- the prose -----------------------------------------------------------------------------------


def body_paragraphs(doc: DocumentObject) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs]


def test_title_sections_and_run_in_headings() -> None:
    report = example()
    doc = reopen(report)
    paras = body_paragraphs(doc)
    assert paras[0] == ("公文标题", report.title())
    assert [t for s, t in paras if s == "一级标题"] == list(SECTION_TITLES)
    first = report.prose.s1.parts[0]
    assert first.heading.endswith("。")
    p = next(p for p in doc.paragraphs if p.text.startswith(first.heading))
    assert p.style.name == "Normal"
    assert p.runs[0].text == first.heading
    assert p.runs[0].style.name == "二级标题字符"
    assert p.text == first.heading + first.text.split("\n")[0]


def test_tables_sit_in_their_sections() -> None:
    doc = reopen(example())
    body = doc.element.body
    order = []
    for el in body:
        if el.tag == qn("w:tbl"):
            order.append("table")
        elif el.tag == qn("w:p"):
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            if text in SECTION_TITLES:
                order.append(text[:1])
    assert order == ["一", "二", "table", "三", "table", "四", "table", "五", "六"]


def test_heading_without_full_stop_stands_alone_and_prose_splits_at_line_breaks() -> None:
    report = example()
    report.prose.s5 = Section(
        lead="第一段。\n\n第二段。\r\n第三段。",
        parts=[SubPart(heading="（一）下一步工作", text="甲。\n乙。")],
    )
    paras = body_paragraphs(reopen(report))
    start = paras.index(("一级标题", SECTION_TITLES[4]))
    assert paras[start + 1 : start + 7] == [
        ("Normal", "第一段。"),
        ("Normal", "第二段。"),
        ("Normal", "第三段。"),
        ("二级标题", "（一）下一步工作"),
        ("Normal", "甲。"),
        ("Normal", "乙。"),
    ]


def test_generated_opening_paragraph_when_empty() -> None:
    report = example()
    report.prose.opening = ""
    text = body_paragraphs(reopen(report))[1][1]
    assert "《中华人民共和国政府信息公开条例》" in text
    assert "国办公开办函〔2021〕30号" in text
    assert "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止" in text
    report.prose.opening = "我们自己的开头。"
    assert body_paragraphs(reopen(report))[1][1] == "我们自己的开头。"


def section_six(doc: DocumentObject) -> list[tuple[str, str]]:
    paras = body_paragraphs(doc)
    # Section six runs to the 落款 (the organ and the 成文日期) at the end.
    return [p for p in paras[paras.index(("一级标题", SECTION_TITLES[5])) + 1 :] if p[0] != "落款"]


def test_info_fee_sentence_when_the_user_wrote_none() -> None:
    report = example()
    report.prose.s6 = Section(lead="本年度无其他需要报告的事项。")
    report.info_fee_yuan = Decimal(0)
    six = section_six(reopen(report))
    assert six[-1] == ("Normal", info_fee_sentence(report))
    assert "未收取信息处理费" in six[-1][1]
    report.info_fee_yuan = Decimal("1200.00")
    six = section_six(reopen(report))
    assert "收取信息处理费1200元" in six[-1][1]


def test_info_fee_sentence_fills_the_empty_standard_sub_part() -> None:
    report = new_report("某某局", 2023)
    report.prose.s6.parts[0].text = "按要点完成各项工作。"
    report.info_fee_yuan = Decimal(0)
    six = section_six(reopen(report, draft=True))
    i = six.index(("二级标题", "（三）信息处理费收取情况"))
    assert six[i + 1] == ("Normal", info_fee_sentence(report))


def test_no_generated_fee_sentence_when_the_user_wrote_one() -> None:
    report = example()
    six = [t for _, t in section_six(reopen(report))]
    assert sum("信息处理费" in t for t in six) == 1
    assert info_fee_sentence(report) not in six


def test_table_intro_before_its_table() -> None:
    report = example()
    report.prose.table_intros = {3: "本年度收到和处理政府信息公开申请情况如下表。"}
    doc = reopen(report)
    body = list(doc.element.body)
    intro = next(
        i
        for i, el in enumerate(body)
        if "".join(t.text or "" for t in el.iter(qn("w:t"))).startswith("本年度收到和处理")
    )
    assert body[intro + 1].tag == qn("w:tbl")
    assert body[intro + 1] is doc.element.body.findall(qn("w:tbl"))[1]
    assert body[intro].find(qn("w:pPr")).find(qn("w:keepNext")) is not None


def test_control_characters_and_markup_in_prose_do_not_break_the_file() -> None:
    report = example()
    report.meta.org_name = "<某某>&局"
    # Control characters cannot reach the model any more (the text gate refuses them; a file
    # holding them opens with them removed): what is left must still export, tab included.
    with pytest.raises(ValueError, match="特殊字符"):
        Section(lead="含控制字符\x0b\x01的文字")
    report.prose.s5 = Section(lead="含控制字符的文字\t和制表符")
    doc = reopen(report)
    assert doc.paragraphs[0].text.startswith("<某某>&局")
    assert ("Normal", "含控制字符的文字 和制表符") in body_paragraphs(doc)


# --- drafts and refusals -------------------------------------------------------------------------


def test_draft_marks_every_blank_cell_in_red() -> None:
    report = example()
    report.cells["t3.granted.legal"] = None
    report.cells["t2.fees"] = None
    doc = reopen(report, draft=True)
    g = grids(doc)
    marked = set()
    for table in TABLES:
        for cell in table.cells:
            tc = g[table.key].tc[(cell.row, cell.col)]
            if g[table.key].texts[(cell.row, cell.col)] == DRAFT_MARK:
                styles = {s.get(qn("w:val")) for s in tc.iter(qn("w:rStyle"))}  # type: ignore[attr-defined]
                assert styles == {"GwDraftMark"}
                marked.add(cell.id)
    # the two blanks and the totals they feed
    assert marked == {
        "t2.fees",
        "t3.granted.legal",
        "t3.granted.total",
        "t3.total.legal",
        "t3.total.total",
    }
    red = doc.styles["未填标记"].font.color.rgb
    assert str(red) == "FF0000"
    header = doc.sections[0].header
    assert "草稿" in header.paragraphs[0].text


def test_draft_of_a_new_report_marks_the_empty_prose() -> None:
    report = new_report("某某局", 2023)
    paras = body_paragraphs(reopen(report, draft=True))
    assert ("一级标题", SECTION_TITLES[4]) in paras
    five = paras.index(("一级标题", SECTION_TITLES[4]))
    assert DRAFT_MARK in paras[five + 1][1]
    assert any("信息处理费" in t and DRAFT_MARK in t for _, t in paras)


def test_final_export_of_a_complete_report_has_no_draft_marks(tmp_path: Path) -> None:
    out = tmp_path / "年报.docx"
    export_docx(example(), out)
    doc = docx.Document(str(out))
    assert DRAFT_MARK not in "".join(t.text or "" for t in doc.element.body.iter(qn("w:t")))
    assert not doc.sections[0].header.paragraphs[0].text


def test_refuses_blank_cells_without_draft(tmp_path: Path) -> None:
    out = tmp_path / "年报.docx"
    with pytest.raises(IncompleteReportError) as info:
        export_docx(new_report("某某局", 2023), out)
    message = str(info.value)
    assert info.value.exit_code == 1
    assert "表二" in message and "表三" in message and "表四" in message and "未填" in message
    assert "信息处理费" in message
    assert "--draft" in message
    assert not out.exists()
    export_docx(new_report("某某局", 2023), out, draft=True)
    assert out.exists()


def test_refuses_arithmetic_errors_without_draft(tmp_path: Path) -> None:
    report = example()
    report.set_cell("t3.new.natural", 12)  # N + P no longer equals T + F
    with pytest.raises(IncompleteReportError) as info:
        export_docx(report, tmp_path / "x.docx")
    assert any(f.rule == "R1" for f in info.value.findings)
    assert "自然人" in str(info.value)
    assert not (tmp_path / "x.docx").exists()


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "年报.docx"
    out.write_bytes(b"old")

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(UserError) as info:
        export_docx(example(), out)
    assert "磁盘空间不足" in str(info.value)
    assert info.value.exit_code == 2
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["年报.docx"]


def test_permission_error_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("desktop.safe_write.atomic_write", denied)
    out = tmp_path / "年报.docx"
    with pytest.raises(UserError) as info:
        export_docx(example(), out)
    assert str(out) in str(info.value) and "权限" in str(info.value)


def test_document_properties() -> None:
    doc = build_document(example())
    assert doc.core_properties.title == "盐池县2022年政府信息公开工作年度报告"
    assert doc.core_properties.author == "盐池县"


# Child order of the property elements (ECMA-376 CT_PPrBase, CT_RPr, CT_TblPr, CT_TcPr, CT_SectPr,
# CT_Style): Word refuses to open ("unreadable content") a file whose children are out of order,
# even where LibreOffice and python-docx read it happily.
_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW "
    "jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings",
    "style": "name aliases basedOn next link autoRedefine uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
    "tblStylePr",
    "tblBorders": "top left start bottom right end insideH insideV",
    "tblCellMar": "top left start bottom right end",
}


def test_element_order_follows_the_schema() -> None:
    doc = reopen(example(), draft=True)
    parts = [doc.element, doc.styles.element, doc.settings.element]
    section = doc.sections[0]
    parts += [section.footer._element, section.even_page_footer._element]
    checked = 0
    for part in parts:
        for tag, order in _ORDER.items():
            rank = {name: i for i, name in enumerate(order.split())}
            for el in part.iter(qn(f"w:{tag}")):
                names = [child.tag.split("}")[1] for child in el]
                assert all(n in rank for n in names), (tag, names)
                assert names == sorted(names, key=rank.__getitem__), (tag, names)
                checked += 1
    assert checked > 500


def test_font_table_names_windows_fallbacks() -> None:
    doc = reopen(example())
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    fonts = docx.oxml.parse_xml(part.blob)
    alt = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in fonts.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"] == "宋体"
    for f in fonts.findall(qn("w:font")):
        if f.get(qn("w:name")) in alt:
            assert f.find(qn("w:charset")).get(qn("w:val")) == "86"  # GB2312
