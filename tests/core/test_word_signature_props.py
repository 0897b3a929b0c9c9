"""The Word file's 落款, contact line, file properties, leftover template parts and layout
(issue 16, items 11, 12 and 14), read back with python-docx and from the XML."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from desktop import __version__
from desktop.export_common import WRITTEN_MISSING, IncompleteReportError
from desktop.html_export import export_html
from desktop.place import Place
from desktop.project_file import load_report
from desktop.report import Report
from desktop.template import TABLES
from desktop.word_export import (
    LINE_TW,
    docx_bytes,
    export_docx,
    keeps_with_next,
    signature_indents,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"


def example() -> Report:
    return load_report(EXAMPLE)


def parts(report: Report, draft: bool = False) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes(report, draft=draft))) as z:
        return {name: z.read(name) for name in z.namelist()}


def last_paragraphs(report: Report, n: int, draft: bool = False) -> list[object]:
    doc = docx.Document(io.BytesIO(docx_bytes(report, draft=draft)))
    return doc.paragraphs[-n:]


# --- 11. 落款, 成文日期, contact ---------------------------------------------------------------


def test_report_ends_with_organ_and_written_date_right_aligned() -> None:
    name, when = last_paragraphs(example(), 2)
    assert name.text == "盐池县" and when.text == "2023年1月18日"  # type: ignore[attr-defined]
    for p in (name, when):
        ppr = p._p.pPr  # type: ignore[attr-defined]
        assert ppr.find(qn("w:jc")).get(qn("w:val")) == "right"
        assert ppr.find(qn("w:ind")).get(qn("w:firstLine")) == "0"
    # 正文下空一行: one line of space above the name; the date two characters in from the right.
    name_ppr = name._p.pPr  # type: ignore[attr-defined]
    assert name_ppr.find(qn("w:spacing")).get(qn("w:before")) == str(LINE_TW)
    assert when._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "200"  # type: ignore[attr-defined]
    # The name's first character stands two characters left of the date's.
    name_right = int(name_ppr.find(qn("w:ind")).get(qn("w:rightChars"))) / 100
    assert name_right == pytest.approx(4 + 6.5 - 3)  # 2023年1月18日 is 6.5 wide, 盐池县 3


def test_signature_indents_for_a_long_organ_name() -> None:
    name_right, date_right = signature_indents("某某自治区某某市人民政府办公室", "2024年1月20日")
    assert name_right == 2 and date_right == pytest.approx(15 - 6.5)


def test_final_export_refuses_a_missing_written_date(tmp_path: Path) -> None:
    report = example()
    report.meta.written = None
    out = tmp_path / "r.docx"
    with pytest.raises(IncompleteReportError) as info:
        export_docx(report, out)
    assert "成文日期" in str(info.value)
    assert [f.fields for f in info.value.findings] == [(Place.meta("written"),)]
    assert not out.exists()


def test_draft_without_written_date_says_so_in_red() -> None:
    report = example()
    report.meta.written = None
    name, when = last_paragraphs(report, 2, draft=True)
    assert name.text == "盐池县" and when.text == WRITTEN_MISSING  # type: ignore[attr-defined]
    run = when.runs[0]  # type: ignore[attr-defined]
    assert run._r.rPr.find(qn("w:rStyle")).get(qn("w:val")) == "GwDraftMark"


def test_html_has_the_signature_too() -> None:
    html = export_html(example(), draft=False)
    assert html.index("盐池县</p>") > html.index("六、其他需要报告的事项")
    assert "2023年1月18日</p>" in html and "text-align: right" in html


def test_contact_line_printed_with_a_custom_opening() -> None:
    report = example()
    assert report.prose.opening  # the example has its own opening paragraph
    report.meta.contact = "盐池县人民政府办公室，电话 0953-6012345"
    doc = docx.Document(io.BytesIO(docx_bytes(report)))
    texts = [p.text for p in doc.paragraphs]
    line = "如对本报告有疑问，请联系：盐池县人民政府办公室，电话 0953-6012345。"
    assert texts.index(line) == 2  # right after the title and the opening
    assert sum(t.count("0953-6012345") for t in texts) == 1


def test_contact_line_not_doubled_when_the_opening_gives_it() -> None:
    report = example()
    report.meta.contact = "0953-6012345"
    report.prose.opening = "本报告……如有疑问请致电 0953-6012345。"
    texts = [p.text for p in docx.Document(io.BytesIO(docx_bytes(report))).paragraphs]
    assert sum(t.count("0953-6012345") for t in texts) == 1


# --- 12. file properties and template leftovers -------------------------------------------------


def test_core_and_app_properties() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    doc = docx.Document(io.BytesIO(docx_bytes(example())))
    props = doc.core_properties
    assert props.title == "盐池县2022年政府信息公开工作年度报告"
    assert props.author == "盐池县"
    assert props.created is not None and props.modified is not None
    assert before - timedelta(seconds=2) <= props.created <= before + timedelta(minutes=5)
    assert props.modified == props.created
    app = parts(example())["docProps/app.xml"].decode("utf-8")
    assert f"<Application>年报 {__version__}</Application>" in app
    for stale in ("Macintosh", "<Words>", "<Pages>", "<Characters>", "Normal.dotm", "AppVersion"):
        assert stale not in app


def test_no_styles_with_effects_no_japanese_fonts_and_zoom_percent() -> None:
    files = parts(example())
    assert "word/stylesWithEffects.xml" not in files
    assert b"stylesWithEffects" not in files["[Content_Types].xml"]
    assert b"stylesWithEffects" not in files["word/_rels/document.xml.rels"]
    fonts = files["word/fontTable.xml"].decode("utf-8")
    for name in ("ＭＳ 明朝", "ＭＳ ゴシック", "Cambria", "Calibri"):
        assert name not in fonts
    assert 'w:charset w:val="80"' not in fonts  # Shift-JIS
    settings = files["word/settings.xml"].decode("utf-8")
    assert '<w:zoom w:percent="100"/>' in settings


# --- 14. layout: space after tables, table 二 kept whole ------------------------------------------


def test_one_line_of_space_after_every_table() -> None:
    doc = docx.Document(io.BytesIO(docx_bytes(example())))
    body = list(doc.element.body)
    tables = [i for i, el in enumerate(body) if el.tag == qn("w:tbl")]
    assert len(tables) == 3
    for i in tables:
        after = body[i + 1]
        spacing = after.find(qn("w:pPr")).find(qn("w:spacing"))
        assert spacing is not None and spacing.get(qn("w:before")) == str(LINE_TW)


def test_table_two_is_kept_whole() -> None:
    t2 = next(t for t in TABLES if t.key == "t2")
    assert all(keeps_with_next(t2, r) for r in range(t2.n_rows - 1))
    assert not keeps_with_next(t2, t2.n_rows - 1)
    doc = docx.Document(io.BytesIO(docx_bytes(example())))
    rows = doc.element.body.findall(qn("w:tbl"))[0].findall(qn("w:tr"))
    keeps = [row.find(".//" + qn("w:keepNext")) is not None for row in rows]
    assert keeps == [True] * (len(rows) - 1) + [False]


def test_written_date_in_chinese_form_without_leading_zeros() -> None:
    report = example()
    report.meta.written = date(2024, 3, 5)
    assert last_paragraphs(report, 1)[0].text == "2024年3月5日"  # type: ignore[attr-defined]
