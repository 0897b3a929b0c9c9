"""The report as a Word document in the mandated format (GB/T 9704 look, safe in Word and WPS).

Layout decisions (spec §6): A4, margins 37/35/28/26 mm (text block 156 × 225 mm), a document grid
of 22 lines × 28 characters, body 仿宋_GB2312 3号 with Times New Roman for Latin and digits, and
named styles so a user restyles the whole report in one place. The body style is Word's built-in
``Normal``, which Chinese Word and WPS show as “正文”; a custom style of that name would appear
twice in their style lists.

Tables are built from ``desktop.template`` cell by cell with real ``gridSpan`` / ``vMerge``
merges and explicit widths everywhere (``tblW``, ``gridCol``, ``tcW``), because WPS honours the
grid and never autofits. The XML is written as text and parsed once per document part, which
keeps an export of a full report far below the half second a user would notice.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm

from desktop import __version__
from desktop.export_common import (
    COLUMN_WIDTHS_MM,
    DRAFT_NOTICE,
    Block,
    Heading,
    Paragraph,
    Run,
    RunKind,
    Signature,
    TableBlock,
    Title,
    cell_text,
    ensure_complete,
    is_header_label,
    label_lines,
    outline,
    write_output,
)
from desktop.report import Report
from desktop.template import Cell, Label, Table

# --- page set-up ----------------------------------------------------------------------------------

TWIPS_PER_MM = 1440 / 25.4


def _tw(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
HEADER_MM = 15
# The page number's em-dash line starts about 7 mm below the text block (GB/T 9704 §7.5):
# 35 mm bottom margin − 7 mm − one 4号 line (≈ 6.4 mm) leaves ≈ 21.5 mm to the page edge.
FOOTER_MM = 21.5
PAGE_TW = (_tw(PAGE_MM[0]), _tw(PAGE_MM[1]))
MARGINS_TW = {k: _tw(v) for k, v in MARGINS_MM.items()}
TEXT_WIDTH_TW = PAGE_TW[0] - MARGINS_TW["left"] - MARGINS_TW["right"]
TEXT_HEIGHT_TW = PAGE_TW[1] - MARGINS_TW["top"] - MARGINS_TW["bottom"]

LINES_PER_PAGE = 22  # of 28 characters each (GB/T 9704)
BODY_PT = 16  # 3号
# Fixed line spacing that fits exactly 22 lines in the text block (≈ 28.95 pt).
LINE_TW = TEXT_HEIGHT_TW // LINES_PER_PAGE
# 28 characters a line: 16 pt characters need 448 pt, the text block is 442 pt wide. Word could
# squeeze them through a character grid (docGrid linesAndChars with a negative charSpace), but
# LibreOffice then gives every character two grid cells (14 a line), so the body style condenses
# its character spacing by 0.25 pt instead, which every word processor honours the same way. The
# document grid is a line grid (22 lines).
BODY_CONDENSE_TW = -5  # twentieths of a point

# --- fonts and styles -----------------------------------------------------------------------------

LATIN_FONT = "Times New Roman"
FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"

STYLE_TITLE = ("GwTitle", "公文标题")
STYLE_H1 = ("GwHeading1", "一级标题")
STYLE_H2 = ("GwHeading2", "二级标题")
STYLE_H2_CHAR = ("GwHeading2Char", "二级标题字符")
STYLE_TABLE = ("GwTableText", "表格文字")
STYLE_TABLE_12 = ("GwTableText12", "表格文字（小四）")
STYLE_TABLE_HEAD = ("GwTableHead", "表头文字")
STYLE_PAGE_NUMBER = ("GwPageNumber", "页码")
STYLE_DRAFT = ("GwDraftMark", "未填标记")
STYLE_SIGNATURE = ("GwSignature", "落款")


# How each statistics table is set: cell side margins and minimum row height in twips, the
# paragraph style; the column widths are COLUMN_WIDTHS_MM.
@dataclass(frozen=True, slots=True)
class TableLayout:
    """How one statistics table is set in Word."""

    cell_margin_tw: int
    min_row_tw: int
    style: tuple[str, str]


TABLE_LAYOUT: dict[str, TableLayout] = {
    "t2": TableLayout(108, _tw(7), STYLE_TABLE_12),
    "t3": TableLayout(57, _tw(5.5), STYLE_TABLE),
    "t4": TableLayout(28, _tw(6), STYLE_TABLE),
}
BORDER_EIGHTHS = 4  # 0.5 pt


def _rfonts(east_asia: str, latin: str = LATIN_FONT) -> str:
    # hint="eastAsia": quotation marks “” and other characters of ambiguous width take the
    # Chinese font, so a ” after digits (“12345”) is not set as a narrow Latin quote.
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" '
        f'w:cs="{latin}" w:hint="eastAsia"/>'
    )


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def _pstyle(
    ident: tuple[str, str], ppr: str, rpr: str, based_on: str = "Normal", next_: str = "Normal"
) -> str:
    sid, name = ident
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:next w:val="{next_}"/>'
        f"<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _cstyle(ident: tuple[str, str], rpr: str) -> str:
    sid, name = ident
    return (
        f'<w:style {nsdecls("w")} w:type="character" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/>'
        f"<w:qFormat/><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _install_styles(doc: DocumentObject) -> None:
    styles = doc.styles.element
    lang = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    defaults = parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_rfonts(FONT_BODY)}"
        # CT_RPr order matters to Word: kern before sz.
        f'<w:kern w:val="2"/>{_size(BODY_PT * 2)}{lang}</w:rPr></w:rPrDefault>'
        f'<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        f"</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    old = styles.find(qn("w:docDefaults"))
    if old is not None:
        styles.replace(old, defaults)
    else:
        styles.insert(0, defaults)

    normal = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']")
    assert normal is not None  # python-docx's own template always has it
    for child in list(normal):
        if child.tag in (qn("w:pPr"), qn("w:rPr")):
            normal.remove(child)
    body_ppr = (
        '<w:widowControl w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_TW}" w:lineRule="exact"/>'
        '<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>'
    )
    normal.append(parse_xml(f"<w:pPr {nsdecls('w')}>{body_ppr}</w:pPr>"))
    normal.append(
        parse_xml(
            f'<w:rPr {nsdecls("w")}>{_rfonts(FONT_BODY)}<w:spacing w:val="{BODY_CONDENSE_TW}"/>'
            f"{_size(BODY_PT * 2)}</w:rPr>"
        )
    )

    for xml in (
        _pstyle(
            STYLE_TITLE,
            f'<w:keepNext/><w:spacing w:before="0" w:after="{LINE_TW}" w:line="{LINE_TW}" '
            f'w:lineRule="exact"/>{_NO_INDENT}<w:jc w:val="center"/>',
            f'{_rfonts(FONT_TITLE)}<w:b w:val="0"/><w:bCs w:val="0"/>{_size(44)}',
        ),
        _pstyle(STYLE_H1, '<w:keepNext/><w:outlineLvl w:val="0"/>', _rfonts(FONT_H1)),
        _pstyle(STYLE_H2, '<w:keepNext/><w:outlineLvl w:val="1"/>', _rfonts(FONT_H2)),
        _cstyle(STYLE_H2_CHAR, _rfonts(FONT_H2)),
        # Table text ignores the document grid, or every table line would be 28.95 pt high.
        _pstyle(
            STYLE_TABLE,
            f'<w:snapToGrid w:val="0"/>{_SINGLE}{_NO_INDENT}<w:jc w:val="center"/>',
            f'<w:snapToGrid w:val="0"/>{_size(21)}',
            next_=STYLE_TABLE[0],
        ),
        _pstyle(STYLE_TABLE_12, "", _size(24), based_on=STYLE_TABLE[0], next_=STYLE_TABLE_12[0]),
        _cstyle(STYLE_TABLE_HEAD, _rfonts(FONT_H1)),
        _pstyle(
            STYLE_PAGE_NUMBER,
            f'<w:snapToGrid w:val="0"/>{_SINGLE}{_NO_INDENT}',
            f"{_rfonts(FONT_PAGE_NUMBER, FONT_PAGE_NUMBER)}{_size(28)}",
        ),
        _cstyle(STYLE_DRAFT, '<w:b/><w:color w:val="FF0000"/>'),
        _pstyle(STYLE_SIGNATURE, f'{_NO_INDENT}<w:jc w:val="right"/>', ""),
    ):
        styles.append(parse_xml(xml))


# Fallbacks for PCs without the 公文 fonts (stock Windows 10/11 has 仿宋, 楷体, 黑体, 宋体 but not
# the _GB2312 fonts or 方正小标宋简体): the font table's altName and GB2312 charset let Word and
# WPS substitute a Chinese face of the same kind instead of a Latin one.
FONT_FALLBACKS: dict[str, str] = {
    FONT_BODY: "仿宋",
    FONT_H2: "楷体",
    FONT_TITLE: "宋体",
    FONT_H1: "SimHei",
    FONT_PAGE_NUMBER: "SimSun",
}


def _install_font_table(doc: DocumentObject) -> None:
    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    fonts = parse_xml(part.blob)
    # python-docx's template lists fonts of a Japanese Mac Word (ＭＳ 明朝, ＭＳ ゴシック,
    # Cambria …) that nothing here uses; only Times New Roman of those is ours.
    for font in list(fonts):
        if font.get(qn("w:name")) != LATIN_FONT:
            fonts.remove(font)
    for name, alt in FONT_FALLBACKS.items():
        fonts.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
                "</w:font>"
            )
        )
    part._blob = serialize_part_xml(fonts)


def _install_settings(doc: DocumentObject) -> None:
    settings = doc.settings.element
    doc.settings.odd_and_even_pages_header_footer = True
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        for cs in compat.findall(qn("w:compatSetting")):
            if cs.get(qn("w:name")) == "compatibilityMode":
                # Word 2013+ layout: a table of the text width lines up with the margins.
                cs.set(qn("w:val"), "15")
    # python-docx's template carries a thumbnail of an empty page, which Windows Explorer would
    # show as the report's preview.
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    # The schema requires w:percent on w:zoom (the template's bestFit alone fails validation).
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        for attr in list(zoom.attrib):
            del zoom.attrib[attr]
        zoom.set(qn("w:percent"), "100")
    # The template's stylesWithEffects.xml is a Word 2010 copy of ITS styles (Normal 11 pt at
    # 1.15 spacing), not ours; Word 2010 would read it instead of styles.xml.
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)
            if rel_id in doc.part.rels:
                del doc.part.rels[rel_id]


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity>"
    "<Company>{company}</Company></Properties>"
)


def _install_properties(doc: DocumentObject, title: str, author: str, draft: bool) -> None:
    """File properties (Word's 属性 / 文件信息): title, author = the organ, created and modified
    now, and 年报 as the application. The template's app.xml (Microsoft Macintosh Word, 0 words,
    2013) is replaced: the counts are left out, so Word and WPS count the document themselves."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = "草稿" if draft else ""
    props.keywords = "政府信息公开工作年度报告"
    props.created = now
    props.modified = now
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.format(
                application=escape(f"年报 {__version__}"), company=escape(author)
            ).encode("utf-8")


def _install_page(doc: DocumentObject, draft_notice: bool) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    sect_pr = section._sectPr
    pg_mar = sect_pr.find(qn("w:pgMar"))
    assert pg_mar is not None
    for side in ("top", "bottom", "left", "right"):
        pg_mar.set(qn(f"w:{side}"), str(MARGINS_TW[side]))
    pg_mar.set(qn("w:header"), str(_tw(HEADER_MM)))
    pg_mar.set(qn("w:footer"), str(_tw(FOOTER_MM)))
    pg_mar.set(qn("w:gutter"), "0")
    pg_sz = sect_pr.find(qn("w:pgSz"))
    assert pg_sz is not None
    pg_sz.set(qn("w:w"), str(PAGE_TW[0]))
    pg_sz.set(qn("w:h"), str(PAGE_TW[1]))
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is not None:
        sect_pr.remove(grid)
    sect_pr.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:type="lines" w:linePitch="{LINE_TW}"/>'))
    # Odd pages: number on the right, one character in; even pages: on the left.
    one_char = 14 * 20
    _set_footer(section.footer._element, "right", f'w:right="{one_char}"')
    _set_footer(section.even_page_footer._element, "left", f'w:left="{one_char}"')
    section.footer.is_linked_to_previous = False
    if draft_notice:
        for header in (section.header, section.even_page_header):
            header.is_linked_to_previous = False
            hdr = header._element
            for child in list(hdr):
                hdr.remove(child)
            hdr.append(
                parse_xml(
                    f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{STYLE_PAGE_NUMBER[0]}"/>'
                    f'<w:jc w:val="center"/></w:pPr><w:r><w:rPr>'
                    f'<w:rStyle w:val="{STYLE_DRAFT[0]}"/></w:rPr>{_t(DRAFT_NOTICE)}</w:r></w:p>'
                )
            )
        # python-docx appends the header references after the footer ones; the schema (and
        # Word) want every headerReference first.
        refs = [c for c in sect_pr if c.tag in (qn("w:headerReference"), qn("w:footerReference"))]
        for ref in refs:
            sect_pr.remove(ref)
        refs.sort(key=lambda c: c.tag != qn("w:headerReference"))
        for i, ref in enumerate(refs):
            sect_pr.insert(i, ref)


def _set_footer(ftr: BaseOxmlElement, align: str, indent: str) -> None:
    for child in list(ftr):
        ftr.remove(child)

    def r(inner: str) -> str:
        return f"<w:r>{inner}</w:r>"

    ftr.append(
        parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{STYLE_PAGE_NUMBER[0]}"/>'
            f'<w:ind {indent}/><w:jc w:val="{align}"/></w:pPr>'
            + r('<w:t xml:space="preserve">— </w:t>')
            + r('<w:fldChar w:fldCharType="begin"/>')
            + r('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
            + r('<w:fldChar w:fldCharType="separate"/>')
            + r("<w:t>1</w:t>")
            + r('<w:fldChar w:fldCharType="end"/>')
            + r('<w:t xml:space="preserve"> —</w:t>')
            + "</w:p>"
        )
    )


# --- body ---------------------------------------------------------------------------------------


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _run(run: Run) -> str:
    if not run.text:
        return ""
    if run.kind is RunKind.HEADING2:
        return f'<w:r><w:rPr><w:rStyle w:val="{STYLE_H2_CHAR[0]}"/></w:rPr>{_t(run.text)}</w:r>'
    if run.kind is RunKind.DRAFT:
        return f'<w:r><w:rPr><w:rStyle w:val="{STYLE_DRAFT[0]}"/></w:rPr>{_t(run.text)}</w:r>'
    return f"<w:r>{_t(run.text)}</w:r>"


def _para(style: str | None, runs: str, extra_ppr: str = "") -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += extra_ppr
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{runs}</w:p>"


def column_widths_tw(table: Table) -> list[int]:
    """The table's grid column widths in twips, summing exactly to the text block's width."""
    widths_mm = COLUMN_WIDTHS_MM[table.key]
    assert len(widths_mm) == table.n_cols
    total = sum(widths_mm)
    edges = [0]
    acc = 0.0
    for w in widths_mm:
        acc += w
        edges.append(round(acc / total * TEXT_WIDTH_TW))
    return [b - a for a, b in itertools.pairwise(edges)]


def _label_runs(table: Table, label: Label) -> str:
    rpr = (
        f'<w:rPr><w:rStyle w:val="{STYLE_TABLE_HEAD[0]}"/></w:rPr>'
        if is_header_label(table, label)
        else ""
    )
    return "<w:r><w:br/></w:r>".join(
        f"<w:r>{rpr}{_t(line)}</w:r>" for line in label_lines(table, label)
    )


def keeps_with_next(table: Table, row: int) -> bool:
    """Whether a row must stay on the same page as the next one (Word and WPS honour keepNext
    on the paragraphs of a row; rows never split inside either).

    Table 二 (about a third of a page) stays whole, so its 第二十条 blocks are never split over two
    pages — breaking between blocks left 第二十条第（八）项 alone on the next page; table 三
    keeps its header, each group of items (（三）不予公开 …) and its last three rows together;
    table 四 stays whole.
    """
    if row >= table.n_rows - 1:
        return False
    if table.key == "t3":
        if row < table.header_rows or row >= table.n_rows - 3:
            return True
        group = table.covering(row, 1)
        return group is not None and group.rowspan > 1 and group is table.covering(row + 1, 1)
    return True


def _table_xml(table: Table, report: Report, draft: bool) -> str:
    layout = TABLE_LAYOUT[table.key]
    cell_margin, style = layout.cell_margin_tw, layout.style
    widths = column_widths_tw(table)
    border = f'w:val="single" w:sz="{BORDER_EIGHTHS}" w:space="0" w:color="000000"'
    borders = "".join(
        f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{TEXT_WIDTH_TW}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{cell_margin}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
    ]
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out.append("</w:tblGrid>")
    pstyle = f'<w:pStyle w:val="{style[0]}"/>'
    for r in range(table.n_rows):
        header_row = r < table.header_rows and table.key == "t3"
        keep = keeps_with_next(table, r)
        ppr = f"<w:pPr>{pstyle}{'<w:keepNext/>' if keep else ''}</w:pPr>"
        out.append(
            f"<w:tr><w:trPr><w:cantSplit/>{'<w:tblHeader/>' if header_row else ''}"
            f'<w:trHeight w:val="{layout.min_row_tw}" w:hRule="atLeast"/></w:trPr>'
        )
        c = 0
        while c < table.n_cols:
            item = table.covering(r, c)
            if item is None:  # the template covers every grid position; stay robust anyway
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/>'
                    f'<w:vAlign w:val="center"/></w:tcPr><w:p>{ppr}</w:p></w:tc>'
                )
                c += 1
                continue
            span = item.colspan
            width = sum(widths[c : c + span])
            tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if span > 1:
                tcpr += f'<w:gridSpan w:val="{span}"/>'
            origin = item.row == r
            if item.rowspan > 1:
                tcpr += '<w:vMerge w:val="restart"/>' if origin else "<w:vMerge/>"
            tcpr += '<w:vAlign w:val="center"/>'
            runs = ""
            if origin:
                if isinstance(item, Cell):
                    text, mark = cell_text(report, item, draft)
                    runs = _run(Run(text, RunKind.DRAFT if mark else RunKind.TEXT))
                else:
                    runs = _label_runs(table, item)
            out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p>{ppr}{runs}</w:p></w:tc>")
            c += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _block_xml(block: Block, report: Report | None, draft: bool, space_before: bool = False) -> str:
    # After a table, the next heading or paragraph keeps one empty line of space above it, so a
    # table never runs straight into the next section's heading.
    spacing = f'<w:spacing w:before="{LINE_TW}"/>' if space_before else ""
    if isinstance(block, Title):
        return _para(STYLE_TITLE[0], _run(Run(block.text)))
    if isinstance(block, Heading):
        style = STYLE_H1 if block.level == 1 else STYLE_H2
        return _para(style[0], _run(Run(block.text)), spacing)
    if isinstance(block, Paragraph):
        return _para(
            None,
            "".join(_run(r) for r in block.runs),
            ("<w:keepNext/>" if block.keep_with_next else "")
            + spacing
            + (_NO_INDENT if block.flush_left else ""),
        )
    if isinstance(block, Signature):
        return _signature_xml(block)
    assert isinstance(block, TableBlock) and report is not None
    return _table_xml(block.table, report, draft)


def _width_chars(text: str) -> float:
    # Digits and Latin letters are set in Times New Roman, about half a 3号 character wide.
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def signature_indents(org: str, date_text: str) -> tuple[float, float]:
    """Right indents in characters of the organ's name and the date (GB/T 9704 §7.3.5.2 without
    a seal): the date two characters in from the right; the name's first character two
    characters left of the date's; a name too long for that keeps two characters itself and
    the date moves left under it."""
    name_w, date_w = _width_chars(org), _width_chars(date_text)
    name_right = 4 + date_w - name_w
    if name_right >= 2:
        return name_right, 2.0
    return 2.0, name_w - date_w


def _signature_xml(block: Signature) -> str:
    name_right, date_right = signature_indents(block.org, block.date)

    def ind(chars: float) -> str:
        return (
            f'<w:ind w:firstLineChars="0" w:firstLine="0" w:rightChars="{round(chars * 100)}" '
            f'w:right="{round(chars * BODY_PT * 20)}"/>'
        )

    style = f'<w:pStyle w:val="{STYLE_SIGNATURE[0]}"/>'
    # One blank line between the text and the name (正文下空一行).
    name = (
        f'<w:p><w:pPr>{style}<w:keepNext/><w:spacing w:before="{LINE_TW}"/>{ind(name_right)}'
        f'<w:jc w:val="right"/></w:pPr>{_run(Run(block.org))}</w:p>'
    )
    kind = RunKind.DRAFT if block.missing else RunKind.TEXT
    when = (
        f'<w:p><w:pPr>{style}{ind(date_right)}<w:jc w:val="right"/></w:pPr>'
        f"{_run(Run(block.date, kind))}</w:p>"
    )
    return name + when


def build_document(report: Report, *, draft: bool = False) -> DocumentObject:
    """The report as a python-docx Document (no completeness check; see ``export_docx``)."""
    doc = Document()
    _install_styles(doc)
    _install_settings(doc)
    _install_font_table(doc)
    # A draft is marked on every page even when nothing is missing: a complete draft must not
    # pass for the final document.
    _install_page(doc, draft)
    _install_properties(doc, report.title(), report.meta.org_name, draft)

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    blocks = outline(report, draft=draft)
    parts: list[str] = []
    for i, block in enumerate(blocks):
        after_table = i > 0 and isinstance(blocks[i - 1], TableBlock)
        parts.append(_block_xml(block, report, draft, space_before=after_table))
    xml = "".join(parts)
    fragment = parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")
    sect_pr = body.find(qn("w:sectPr"))
    assert sect_pr is not None
    for child in list(fragment):
        sect_pr.addprevious(child)
    return doc


def docx_bytes(report: Report, *, draft: bool = False) -> bytes:
    """The finished .docx file as bytes (no completeness check; see ``export_docx``)."""
    buf = io.BytesIO()
    build_document(report, draft=draft).save(buf)
    return buf.getvalue()


def export_docx(
    report: Report, path: str | Path, *, draft: bool = False, force: bool = False
) -> None:
    """Write the report as a .docx file.

    A final export (``draft=False``) refuses a report with blank cells or errors and raises
    ``IncompleteReportError`` (a ``UserError`` listing them). A draft marks every blank cell with
    a red “未填”. The file is written to a temp file first, so a failed export never leaves a
    half-written file; a write failure raises ``UserError`` with a Chinese message.
    """
    if not draft:
        ensure_complete(report)
    write_output(path, docx_bytes(report, draft=draft), force=force)


def blocks_docx_bytes(blocks: Sequence[Block], title: str, author: str = "") -> bytes:
    """A short document of titles, headings and paragraphs (no tables) in the report's 公文
    styles and page set-up: the review's 审核意见 letters look like the reports they answer."""
    doc = Document()
    _install_styles(doc)
    _install_settings(doc)
    _install_font_table(doc)
    _install_page(doc, False)
    _install_properties(doc, title, author, False)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    xml = "".join(_block_xml(b, None, False) for b in blocks if not isinstance(b, TableBlock))
    fragment = parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")
    sect_pr = body.find(qn("w:sectPr"))
    assert sect_pr is not None
    for child in list(fragment):
        sect_pr.addprevious(child)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
