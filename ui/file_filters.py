"""File-dialog filters shared by the window and its dialogs, and which files the importer
reads (here rather than in ``ui.import_dialog``, which the window loads only when it imports:
opening a file at start asks only whether it is one to import)."""

from __future__ import annotations

from pathlib import Path

from desktop.importers.kinds import SOURCE_KINDS
from desktop.project_file import EXTENSION

FILE_FILTER = f"年报文件 (*{EXTENSION});;所有文件 (*)"

# What the importer reads, by file name ending (lower case): the importer's own list.
IMPORT_SUFFIXES: tuple[str, ...] = tuple(SOURCE_KINDS)
IMPORT_FILTER = (
    "可导入的报告 (" + " ".join(f"*{s}" for s in IMPORT_SUFFIXES) + ");;Word 文档 (*.docx)"
    ";;网页 (*.html *.htm);;PDF 文件 (*.pdf);;Markdown 文件 (*.md *.markdown)"
    ";;文本文件 (*.txt);;所有文件 (*)"
)


def is_importable(path: Path) -> bool:
    """True for a file the importer reads (.docx, .html, .htm, .txt, .md, .pdf)."""
    return path.suffix.lower() in IMPORT_SUFFIXES
