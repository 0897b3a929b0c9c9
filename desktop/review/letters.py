"""审核意见 letters: one short .docx per unit with findings, in the report export's 公文 styles."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from desktop.errors import os_error_reason
from desktop.export_common import Heading, Paragraph, Run, Title
from desktop.findings import Severity
from desktop.review.collect import ReviewResult, UnitReview
from desktop.review.workbook import place_of, split_fix

_BAD_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_GROUPS: tuple[tuple[Severity, str], ...] = (
    (Severity.ERROR, "错误（必须改正）"),
    (Severity.WARNING, "警告（请逐项核对）"),
    (Severity.INFO, "提示"),
)
_CN = "一二三"


def letter_name(unit: UnitReview) -> str:
    """The letter's file name: the unit's name (characters Windows refuses replaced)."""
    name = _BAD_CHARS.sub("_", unit.name).strip(" .") or "未命名单位"
    return f"{name[:60]}_审核意见.docx"


def letter_units(result: ReviewResult) -> list[UnitReview]:
    """The units that get a letter: unreadable ones and those with findings."""
    return [u for u in result.units if u.report is None or u.findings]


def letter_paths(result: ReviewResult, folder: Path) -> list[tuple[UnitReview, Path]]:
    """Each letter's unit and path; a second file of the same name gets “（2）”."""
    out: list[tuple[UnitReview, Path]] = []
    used: set[str] = set()
    for u in letter_units(result):
        name = letter_name(u)
        stem = name[: -len(".docx")]
        n = 2
        while name.lower() in used:
            name = f"{stem}（{n}）.docx"
            n += 1
        used.add(name.lower())
        out.append((u, folder / name))
    return out


def letter_blocks(unit: UnitReview, today: date) -> list[Title | Heading | Paragraph]:
    """The letter's text as export blocks."""
    r = unit.report
    year = f"{r.meta.year}年" if r is not None else ""
    blocks: list[Title | Heading | Paragraph] = [
        Title(f"关于{unit.name}{year}政府信息公开工作年度报告的审核意见"),
        # 主送: 顶格, not indented like the body (GB/T 9704 §7.3.2).
        Paragraph((Run(f"{unit.name}："),), flush_left=True),
    ]
    if r is None:
        blocks.append(
            Paragraph(
                (
                    Run(
                        f"你单位报送的文件“{unit.rel}”无法读取：{unit.error}。请重新报送可以打开的"
                        "文件（年报软件的 .nianbao 文件或 Word 文档）。"
                    ),
                )
            )
        )
    else:
        blocks.append(
            Paragraph(
                (
                    Run(
                        f"你单位报送的《{r.title()}》（文件“{unit.rel}”）经审核，发现以下问题。"
                        "请逐项核对、修改后重新报送。"
                    ),
                )
            )
        )
        section = 0
        for severity, heading in _GROUPS:
            group = [f for f in unit.findings if f.severity is severity]
            if not group:
                continue
            blocks.append(Heading(1, f"{_CN[section]}、{heading}"))
            section += 1
            for i, f in enumerate(group, start=1):
                problem, fix = split_fix(f.message)
                text = f"{i}. 位置：{place_of(f)}。问题：{problem.rstrip('。')}。"
                if fix:
                    text += f"修改建议：{fix}。"
                blocks.append(Paragraph((Run(text),)))
    blocks.append(Paragraph((Run(f"审核日期：{today.year}年{today.month}月{today.day}日"),)))
    return blocks


def write_letters(
    result: ReviewResult, folder: str | Path, today: date | None = None
) -> list[Path]:
    """Write every letter into ``folder`` (created if needed), each atomically; returns the
    paths. Raises UserError with a Chinese message when one cannot be written."""
    from desktop.errors import UserError
    from desktop.export_common import write_output
    from desktop.word_export import blocks_docx_bytes

    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建文件夹“{out}”：{os_error_reason(exc)}。") from None
    day = today or date.today()
    written: list[Path] = []
    for unit, path in letter_paths(result, out):
        blocks = letter_blocks(unit, day)
        title = blocks[0].text if isinstance(blocks[0], Title) else ""
        write_output(path, blocks_docx_bytes(list(blocks), title))
        written.append(path)
    return written
