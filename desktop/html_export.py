"""The report as one self-contained HTML fragment for the government website (and the GUI's
preview tab).

What a web CMS editor and Qt's rich-text engine both keep: plain ``<h1>``/``<h2>``/``<p>`` and
``<table border="1">`` with ``rowspan``/``colspan`` taken from the template, inline ``style``
attributes only (no ``<style>`` sheet, which editors strip), no scripts, no images, no links, no
external fonts. Text is UTF-8 and escaped; full-width brackets and digits pass through as is.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from desktop.export_common import (
    COLUMN_WIDTHS_MM,
    DRAFT_NOTICE,
    Block,
    Heading,
    Paragraph,
    RunKind,
    Signature,
    TableBlock,
    Title,
    cell_text,
    ensure_complete,
    export_problems,
    is_header_label,
    label_lines,
    outline,
    write_output,
)
from desktop.report import Report
from desktop.template import Cell, Label, Table

FONT_BODY = "仿宋_GB2312, 仿宋, FangSong, STFangsong, serif"
FONT_TITLE = "方正小标宋简体, 小标宋, 宋体, SimSun, serif"
FONT_H1 = "黑体, SimHei, sans-serif"
FONT_H2 = "楷体_GB2312, 楷体, KaiTi, STKaiti, serif"

_STYLE_TITLE = (
    f"font-family: {FONT_TITLE}; font-size: 22pt; font-weight: normal; text-align: center;"
)
# Qt's rich text understands text-indent only in px; browsers take the later 2em.
_INDENT = "text-indent: 32px; text-indent: 2em;"
_STYLE_H1 = f"font-family: {FONT_H1}; font-size: 16pt; font-weight: normal; {_INDENT}"
_STYLE_H2 = f"font-family: {FONT_H2}; font-size: 16pt; font-weight: normal; {_INDENT}"
_STYLE_P = (
    f"font-family: {FONT_BODY}; font-size: 16pt; {_INDENT} text-align: justify; "
    "line-height: 1.8; margin: 0;"
)
_STYLE_RUN_IN = f"font-family: {FONT_H2};"
_STYLE_DRAFT = "color: #ff0000; font-weight: bold;"
# The bottom margin is one body line: a table never runs straight into the next heading.
_STYLE_TABLE = "border-collapse: collapse; width: 100%; margin: 0.5em 0 1.8em 0;"
_STYLE_TD = (
    f"font-family: {FONT_BODY}; text-align: center; vertical-align: middle; "
    "padding: 2px 4px; border: 1px solid #000000;"
)
_STYLE_TH = _STYLE_TD.replace(FONT_BODY, FONT_H1) + " font-weight: bold;"
_TABLE_FONT_PT = {"t2": 12, "t3": 10.5, "t4": 10.5}


def _run_html(text: str, kind: RunKind) -> str:
    if kind is RunKind.HEADING2:
        return f'<span style="{_STYLE_RUN_IN}">{escape(text)}</span>'
    if kind is RunKind.DRAFT:
        return f'<span style="{_STYLE_DRAFT}">{escape(text)}</span>'
    return escape(text)


def _label_html(table: Table, label: Label) -> str:
    return "<br />".join(escape(line) for line in label_lines(table, label))


def _table_html(table: Table, report: Report, draft: bool) -> str:
    size = f" font-size: {_TABLE_FONT_PT[table.key]}pt;"
    widths = COLUMN_WIDTHS_MM[table.key]
    total = sum(widths)

    def width(col: int, span: int) -> str:
        # Qt's rich text (the preview tab) and old CMS editors size columns from these.
        return f' width="{sum(widths[col : col + span]) / total * 100:.1f}%"'

    out = [
        f'<table border="1" cellspacing="0" cellpadding="3" width="100%" style="{_STYLE_TABLE}">'
    ]
    for r in range(table.n_rows):
        out.append("<tr>")
        for c in range(table.n_cols):
            item = table.at(r, c)
            if item is None:
                if table.covering(r, c) is None:
                    out.append(f'<td style="{_STYLE_TD}{size}"></td>')
                continue
            spans = ""
            if item.rowspan > 1:
                spans += f' rowspan="{item.rowspan}"'
            if item.colspan > 1:
                spans += f' colspan="{item.colspan}"'
            spans += width(c, item.colspan)
            if isinstance(item, Cell):
                text, mark = cell_text(report, item, draft)
                inner = _run_html(text, RunKind.DRAFT if mark else RunKind.TEXT)
                out.append(f'<td{spans} style="{_STYLE_TD}{size}">{inner}</td>')
            else:
                header = is_header_label(table, item)
                tag, style = ("th", _STYLE_TH) if header else ("td", _STYLE_TD)
                out.append(
                    f'<{tag}{spans} style="{style}{size}">{_label_html(table, item)}</{tag}>'
                )
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def _block_html(block: Block, report: Report, draft: bool) -> str:
    if isinstance(block, Title):
        return f'<h1 style="{_STYLE_TITLE}">{escape(block.text)}</h1>'
    if isinstance(block, Heading):
        if block.level == 1:
            return f'<h2 style="{_STYLE_H1}">{escape(block.text)}</h2>'
        return f'<h3 style="{_STYLE_H2}">{escape(block.text)}</h3>'
    if isinstance(block, Paragraph):
        inner = "".join(_run_html(r.text, r.kind) for r in block.runs)
        style = _STYLE_P + (" text-indent: 0;" if block.flush_left else "")
        return f'<p style="{style}">{inner}</p>'
    if isinstance(block, Signature):
        # The 落款: right-aligned, two characters in from the right, a blank line above.
        style = f"font-family: {FONT_BODY}; font-size: 16pt; text-align: right; margin: 0;"
        date_html = _run_html(block.date, RunKind.DRAFT if block.missing else RunKind.TEXT)
        return (
            f'<p style="{style} margin-top: 1.8em; padding-right: 4em;">{escape(block.org)}</p>\n'
            f'<p style="{style} padding-right: 2em;">{date_html}</p>'
        )
    assert isinstance(block, TableBlock)
    return _table_html(block.table, report, draft)


def export_html(report: Report, *, draft: bool = True, notice: bool | None = None) -> str:
    """The report as an HTML fragment (a ``<div>``): title, prose and the three tables.

    Blank cells show a red “未填” unless ``draft`` is False (then they are left empty); this
    function never refuses, so the GUI can preview an unfinished report. ``write_html`` is the
    checked export. ``notice`` puts the draft notice on top: by default (the preview) only on a
    draft with problems; an exported draft always carries it.
    """
    parts = [_block_html(b, report, draft) for b in outline(report, draft=draft)]
    if notice is None:
        notice = draft and bool(export_problems(report))
    if notice:
        text = escape(DRAFT_NOTICE)
        parts.insert(0, f'<p style="{_STYLE_DRAFT} text-align: center;">{text}</p>')
    body = "\n".join(parts)
    return (
        f'<div class="nianbao-report" style="max-width: 48em; margin: 0 auto;">\n{body}\n</div>\n'
    )


def html_page(report: Report, *, draft: bool = False) -> str:
    """A complete HTML page around the fragment: doctype, ``<meta charset>`` and the title in
    ``<head>``, so a browser opening the file directly shows the Chinese right."""
    title = escape(report.title())
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8" />\n'
        f"<title>{title}</title>\n</head>\n<body>\n"
        + export_html(report, draft=draft, notice=draft)
        + "</body>\n</html>\n"
    )


def write_html(
    report: Report,
    path: str | Path,
    *,
    draft: bool = False,
    page: bool = False,
    force: bool = False,
) -> None:
    """Write the report as HTML (UTF-8): by default the bare fragment — one ``<div>`` and
    nothing outside it, ready to paste into a website's editor — or with ``page`` a complete page
    (``html_page``).

    Like ``export_docx``: without ``draft`` a report with blank cells or errors is refused
    (``IncompleteReportError``); the file is replaced atomically, never left half-written.
    """
    if not draft:
        ensure_complete(report)
    text = (
        html_page(report, draft=draft) if page else export_html(report, draft=draft, notice=draft)
    )
    write_output(path, text.encode("utf-8"), force=force)
