"""Which dropped file the window takes: a report file or one the importer reads."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent

from desktop.project_file import EXTENSION
from ui.file_filters import is_importable


def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The first local file of the drop the window can open or import, or None."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.suffix.lower() == EXTENSION or is_importable(path):
            return path
    return None
