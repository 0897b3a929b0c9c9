"""What the Word and HTML exports share: the document outline, number formatting, the check that
refuses an unfinished report, and writing the output file safely.

Both writers render the same outline (``outline``), so the .docx and the web page always say the
same thing in the same order.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from desktop.errors import UserError
from desktop.findings import Finding, Severity
from desktop.numbers import format_number
from desktop.place import Place
from desktop.project_file import atomic_write_bytes, write_error
from desktop.report import Report
from desktop.standard_text import (
    contact_sentence,
    info_fee_part,
    info_fee_sentence,
    mentions_info_fee,
    opening_paragraph,
)
from desktop.template import SECTION_TITLES, TABLES, Cell, Label, Table
from desktop.unwritten import xml_safe as _clean

DRAFT_MARK = "未填"
# Printed at the top of every page of a draft: a draft whose cells are all filled but whose
# numbers do not add up must not pass for a final report either.
DRAFT_NOTICE = "草稿——报告尚未完成，请勿印发或公开"
# At most this many errors are listed when an export is refused (the rules already group blank
# cells per table, so this only bites on a badly broken report).
MAX_LISTED = 30


# --- numbers ------------------------------------------------------------------------------------


# A cell value as printed in a table: exactly as stored and shown on screen (``4106``,
# ``12.50``), blank as the empty string — the one formatting function of spec §10.
format_value = format_number


# --- the outline ----------------------------------------------------------------------------------


class RunKind(StrEnum):
    """How a piece of a paragraph is set."""

    TEXT = "text"
    HEADING2 = "heading2"  # a run-in sub-part heading (楷体)
    DRAFT = "draft"  # a visible gap marker in a draft (red)


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a paragraph."""

    text: str
    kind: RunKind = RunKind.TEXT


@dataclass(frozen=True, slots=True)
class Title:
    """The report title."""

    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading on its own line: level 1 (``一、``, 黑体) or 2 (``（一）``, 楷体)."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph (first-line indent, justified); ``flush_left`` without the indent
    (a letter's 主送 line, which GB/T 9704 sets 顶格)."""

    runs: tuple[Run, ...]
    keep_with_next: bool = False
    flush_left: bool = False

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class TableBlock:
    """One of the three statistics tables."""

    table: Table


@dataclass(frozen=True, slots=True)
class Signature:
    """The 落款 at the end: the organ's name over the 成文日期, both right-aligned as 公文 are
    (GB/T 9704 §7.3.5.2: the date two characters in from the right, the name's first character
    two characters left of the date's). ``date`` is the printed date, or the red draft marker
    when ``missing``."""

    org: str
    date: str
    missing: bool = False


Block = Title | Heading | Paragraph | TableBlock | Signature

# Printed in a draft where the 成文日期 will go; a final export without one is refused.
WRITTEN_MISSING = "（成文日期未填）"
WRITTEN_RULE = "written-date"


def _lines(text: str) -> list[str]:
    """User prose split into paragraphs at line breaks, blank lines dropped."""
    return [line.strip() for line in _clean(text).split("\n") if line.strip()]


def _prose_blocks(
    report: Report, number: int, draft: bool, fee_sentence: str | None
) -> list[Block]:
    section = report.prose.section(number)
    out: list[Block] = [Paragraph((Run(line),)) for line in _lines(section.lead)]
    fee_target = info_fee_part(report) if fee_sentence is not None else None
    for i, part in enumerate(section.parts):
        heading = _clean(part.heading).strip()
        lines = _lines(part.text)
        if i == fee_target and fee_sentence is not None:
            lines = [fee_sentence] if fee_sentence else []
            if not lines and draft:
                out.append(Heading(2, heading))
                out.append(Paragraph((Run(f"信息处理费收取金额{DRAFT_MARK}", RunKind.DRAFT),)))
                continue
        if heading and heading.endswith("。"):
            first = lines[0] if lines else ""
            out.append(Paragraph((Run(heading, RunKind.HEADING2), Run(first))))
            lines = lines[1:]
        elif heading:
            out.append(Heading(2, heading))
            if draft and not lines:
                out.append(Paragraph((Run(f"（{DRAFT_MARK}）", RunKind.DRAFT),)))
        out.extend(Paragraph((Run(line),)) for line in lines)
    if fee_sentence is not None and fee_target is None:
        if fee_sentence:
            out.append(Paragraph((Run(fee_sentence),)))
        elif draft:
            out.append(Paragraph((Run(f"信息处理费收取情况{DRAFT_MARK}", RunKind.DRAFT),)))
    if draft and not out:
        out.append(Paragraph((Run(f"（本部分{DRAFT_MARK}）", RunKind.DRAFT),)))
    return out


def zh_date(value: date) -> str:
    """A date as 公文 print it: year in full, month and day without a leading zero (GB/T 9704
    §7.3.5.2: 2023年1月8日)."""
    return f"{value.year}年{value.month}月{value.day}日"


def outline(report: Report, *, draft: bool = False) -> list[Block]:
    """The whole document as a list of blocks, in print order."""
    blocks: list[Block] = [Title(_clean(report.title()).strip())]
    opening = _lines(report.prose.opening) or [opening_paragraph(report)]
    blocks.extend(Paragraph((Run(line),)) for line in opening)
    contact = report.meta.contact.strip()
    if contact and not any(contact in line for line in opening):
        # A custom opening that does not give the contact: the filled contact still reaches
        # the reader, as its own paragraph after the opening.
        blocks.append(Paragraph((Run(_clean(contact_sentence(report))),)))
    tables = {t.section: t for t in TABLES}
    for number, heading in enumerate(SECTION_TITLES, start=1):
        blocks.append(Heading(1, heading))
        if number in tables:
            intro = _lines(report.prose.table_intros.get(number, ""))
            blocks.extend(Paragraph((Run(line),), keep_with_next=True) for line in intro)
            blocks.append(TableBlock(tables[number]))
            continue
        fee: str | None = None
        if number == 6 and not mentions_info_fee(report):
            fee = info_fee_sentence(report)
        blocks.extend(_prose_blocks(report, number, draft, fee))
    org = _clean(report.meta.org_name).strip()
    written = report.meta.written
    if written is not None:
        blocks.append(Signature(org, zh_date(written)))
    else:
        # Never an invented date: a final export is refused (export_problems), a draft says so.
        blocks.append(Signature(org, WRITTEN_MISSING, missing=True))
    return blocks


def cell_text(report: Report, cell: Cell, draft: bool) -> tuple[str, bool]:
    """What a value cell shows and whether it is a draft marker (blank cell in a draft)."""
    value = report.value(cell.id)
    if value is None:
        printed = report.printed_totals.get(cell.id) if cell.computed else None
        if draft and printed is not None:
            # A total that cannot be summed yet: the imported source's figure, marked as such.
            return f"原文印{format_value(printed)}", True
        return (DRAFT_MARK, True) if draft else ("", False)
    return format_value(value), False


# Grid column widths in mm on the 156 mm text block, shared by the Word tables and the web page
# (where they become percentages). Decided by looking at the rendered pages:
# - 三: the seven number columns hold two 五号 characters a line (社会/公益/组织) and five digits;
#   c0 stacks 三、本年度办理结果 one character a line as printed forms do; c1 holds the group labels
#   as （三）/不予公开; c2 gets the rest, so the longest item labels take at most three lines.
# - 四: 15 columns of ~10.4 mm hold two 五号 characters a line once the cell margins shrink to
#   0.5 mm, so 结果维持 breaks as 结果/维持 and the table stays on a portrait page.
COLUMN_WIDTHS_MM: dict[str, tuple[float, ...]] = {
    "t2": (48, 36, 36, 36),
    "t3": (8, 17, 50.5, *([11.5] * 7)),
    "t4": tuple([156 / 15] * 15),
}


def is_header_label(table: Table, label: Label) -> bool:
    """Whether a label is a column header (set bold / 黑体), not a row label."""
    return label.row < table.header_rows or label.row in table.header_like_rows


def label_lines(table: Table, label: Label) -> list[str]:
    """A label's text as set in its cell: the tall group labels of table 三 (（三）不予公开 …)
    break after their number, which reads far better in a narrow column than a break wherever
    the width runs out. Joined, the lines are always the template's label."""
    text = label.text
    if label.rowspan > 1 and label.col > 0 and text.startswith("（") and "）" in text:
        cut = text.index("）") + 1
        return [text[:cut], text[cut:]]
    return [text]


# --- refusing an unfinished report ------------------------------------------------------------


class IncompleteReportError(UserError):
    """The report has blank cells or errors, so a final (non-draft) export is refused.

    ``findings`` are the errors, for the GUI to show in its findings panel.
    """

    exit_code = 1

    def __init__(self, findings: list[Finding]) -> None:
        listed = findings[:MAX_LISTED]
        lines = [f"  - {f.message}" for f in listed]
        if len(findings) > len(listed):
            lines.append(f"  - ……另有 {len(findings) - len(listed)} 处")
        super().__init__(
            "报告还没有完成，不能导出正式文件：\n"
            + "\n".join(lines)
            + "\n请填写并改正以上各项后再导出；如只需先给领导看看，请导出草稿"
            "（命令行加 --draft），草稿中未填的单元格会以红色“未填”标出。"
        )
        self.findings = findings


def export_problems(report: Report) -> list[Finding]:
    """What stops a final export: every error the rules find (``desktop.rules.check``), blank
    cells (R12, by their printed labels) and the unrecorded 信息处理费 included."""
    from desktop import rules

    problems = [f for f in rules.check(report) if f.severity is Severity.ERROR]
    if report.meta.written is None:
        problems.append(
            Finding(
                WRITTEN_RULE,
                Severity.ERROR,
                "没有填写成文日期（报告末尾机关名称下方的日期）。请在“基本信息”中填写成文日期，"
                "正式文件不会自行填上日期。",
                fields=(Place.meta("written"),),
            )
        )
    return problems


def open_warnings(report: Report) -> list[Finding]:
    """The warnings a final export goes out with unless the user goes back (the export gate)."""
    from desktop import rules

    return [f for f in rules.check(report) if f.severity is Severity.WARNING]


def ensure_complete(report: Report) -> None:
    """Raise IncompleteReportError when a final export must be refused."""
    problems = export_problems(report)
    if problems:
        raise IncompleteReportError(problems)


# --- writing files ------------------------------------------------------------------------------


def write_output(path: str | Path, data: bytes, *, force: bool = False) -> None:
    """Write an export so that ``path`` is either untouched or complete: a temp file in the same
    folder, then ``os.replace``, keeping the old file's permissions. A file marked read-only is
    refused unless ``force``. Raises UserError (exit code 2) with a Chinese message."""
    path = Path(path)
    if path.is_dir():
        raise write_error(path, IsADirectoryError(errno.EISDIR, "is a directory"), "导出")
    try:
        atomic_write_bytes(path, data, force=force)
    except OSError as exc:
        raise write_error(path, exc, "导出") from None
