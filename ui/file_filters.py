"""File-dialog filters shared by the window and its dialogs."""

from __future__ import annotations

from desktop.project_file import EXTENSION

FILE_FILTER = f"年报文件 (*{EXTENSION});;所有文件 (*)"
