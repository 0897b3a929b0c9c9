"""The one check every command that writes a file makes before writing anything.

Usage, in a command's ``run`` (before any work that could be wasted, and before ANY output is
written, so a command with several outputs writes all of them or none)::

    from desktop.commands.outputs import NIANBAO, XLSX, check_outputs

    out, breakdown = check_outputs(
        [(args.output, NIANBAO), (args.breakdown, XLSX)], force=args.force
    )
    # ``breakdown`` is None when ``args.breakdown`` was None.

``check_outputs`` raises ``UserError`` (exit code 2) with a Chinese message when an output

- has an extension its kind does not allow (the message lists the allowed ones),
- has no extension and its kind appends none (``export``: the extension decides the format),
- is a folder ("这是一个文件夹"), said at once whether or not ``--force`` was given,
- exists and ``force`` is false (nothing was changed; ``--force`` is named),
- lies in a folder that does not exist, or is the same file as another output.

When a kind appends its extension to a name without one, the returned path has it and a line
saying so is printed (never change what the user typed silently). OS errors met while writing
are turned into Chinese by ``desktop.errors.os_error_reason`` (no English ``strerror``
reaches the user).

The kinds (issue 16's table): ``NIANBAO`` for ``new``/``import``/``next``/``merge``/
``accept-totals`` ``-o``; ``EXPORT`` for ``export -o`` (.docx or .html); ``dump_kind(format)``
for ``dump -o``; ``XLSX`` for ``merge --breakdown`` and ``review -o``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from desktop.errors import UserError, os_error_reason

FORCE_FLAG = "--force"


@dataclass(frozen=True, slots=True)
class OutputKind:
    """What one output may be called.

    ``allowed``: the accepted extensions (lower case, with the dot), the first being the usual
    one. ``append``: the extension added to a name given without one, or None when a name
    without an extension is refused (the extension chooses the format). ``what``: the Chinese
    name of the file in messages (年报文件, 导出文件 …).
    """

    what: str
    allowed: tuple[str, ...]
    append: str | None
    described: tuple[str, ...] = ()  # Chinese names of the allowed kinds, same order

    def listing(self) -> str:
        """The allowed extensions as a Chinese list, with their meaning when known."""
        if self.described:
            return "、".join(
                f"{ext}（{name}）" for ext, name in zip(self.allowed, self.described, strict=True)
            )
        return "、".join(self.allowed)


NIANBAO = OutputKind("年报文件", (".nianbao",), ".nianbao")
EXPORT = OutputKind("导出文件", (".docx", ".html"), None, ("Word 文档", "网页"))
XLSX = OutputKind("Excel 表格", (".xlsx",), ".xlsx")
JSON = OutputKind("JSON 文件", (".json",), ".json")
CSV = OutputKind("CSV 文件", (".csv",), ".csv")


def dump_kind(fmt: str) -> OutputKind:
    """``dump -o``: the extension must match ``--format`` (json / csv)."""
    return {"json": JSON, "csv": CSV}[fmt]


def _exists(path: Path) -> bool:
    try:
        path.lstat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise UserError(f"无法检查“{path}”：{os_error_reason(exc)}。") from None
    return True


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a.absolute() == b.absolute()


def check_output(
    path: str | Path, kind: OutputKind, *, force: bool, out: TextIO | None = None
) -> Path:
    """Check one output (see the module docstring); return the path to write.

    Raises UserError. Prints a line to ``out`` (stdout by default) when an extension was added.
    """
    given = Path(path)
    if str(path).strip() == "":
        raise UserError(f"没有给出{kind.what}的文件名。")
    # A folder is said before anything else: appending an extension to it would silently write
    # a file beside it, and --force would only lead to a second refusal.
    if given.is_dir():
        example = f"{given / ('报告' + (kind.append or kind.allowed[0]))}"
        raise UserError(f"无法写入“{given}”：这是一个文件夹。请在后面写上文件名，如 {example}。")
    suffix = given.suffix.lower()
    target = given
    if not suffix:
        if kind.append is None:
            raise UserError(
                f"{kind.what}“{given}”没有扩展名，无法确定导出的格式。请以 {kind.listing()} 结尾。"
            )
        target = given.with_name(given.name + kind.append)
        print(
            f"提示：{kind.what}“{given}”没有扩展名，已自动加上 {kind.append}：{target}",
            file=out or sys.stdout,
        )
        if target.is_dir():
            raise UserError(f"无法写入“{target}”：这是一个文件夹。请换一个文件名。")
    elif suffix not in kind.allowed:
        raise UserError(
            f"{kind.what}“{given}”的扩展名 {given.suffix} 不对，未做任何改动。"
            f"请以 {kind.listing()} 结尾。"
        )
    folder = target.parent
    if not folder.is_dir():
        if _exists(folder):
            raise UserError(f"“{folder}”不是文件夹，无法在其中保存“{target.name}”。")
        raise UserError(
            f"未能保存“{target}”：所在文件夹不存在，未做任何改动。"
            f"请先建立文件夹“{folder}”，或换一个位置。"
        )
    if _exists(target) and not force:
        raise UserError(
            f"文件“{target}”已存在，未做任何改动。如确实要覆盖它，请加上 {FORCE_FLAG}；"
            "否则请换一个文件名。"
        )
    if not os.access(folder, os.W_OK):
        # Only a hint: the real write may still fail (e.g. a file locked by Word), and then its
        # error is translated too. Checking here keeps a multi-output command all-or-nothing.
        raise UserError(f"没有权限在文件夹“{folder}”中保存文件，未做任何改动。请换一个位置。")
    return target


def check_outputs(
    outputs: Iterable[tuple[str | Path | None, OutputKind]],
    *,
    force: bool,
    inputs: Sequence[Path] = (),
    out: TextIO | None = None,
) -> list[Path | None]:
    """Check every output of one command before any is written; returns their paths in order
    (None for an output that was not asked for). Also refuses two outputs that are the same
    file, or an output that is one of ``inputs`` (e.g. the units of a merge).

    Raises UserError on the first problem; nothing has been written at that point.
    """
    result: list[Path | None] = []
    for path, kind in outputs:
        result.append(None if path is None else check_output(path, kind, force=force, out=out))
    chosen = [p for p in result if p is not None]
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            if _same(a, b):
                raise UserError(f"两个输出文件是同一个文件“{a}”，请分别指定不同的文件名。")
        for src in inputs:
            if _exists(a) and _same(a, src):
                raise UserError(f"输出文件“{a}”就是输入的文件“{src}”本身，请换一个文件名。")
    return result
