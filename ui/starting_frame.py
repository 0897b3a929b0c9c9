"""What the user sees while the report is being opened: a small window saying 正在打开…,
shown before pydantic, the report model and the main window's modules are imported, so that
something answers a double-click at once (issue 17, goal 2).

Kept cheap on purpose (measured): a plain QLabel window with rich text. ``QSplashScreen.show()``
waits up to a second for the window to be exposed, and any use of the ``Qt`` namespace (window
flags, alignment) makes PySide6 build all of its enum classes first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

# What html.escape does, without importing the html package, which builds its table of ~2,200
# named entities first (~2 ms before the frame can show).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    return text.translate(_ESCAPES)


def starting_text(file: Path | None) -> str:
    what = f"正在打开“{escape(file.name)}”…" if file is not None else "正在启动…"
    return (
        "<div align='center' style='font-size:15px'>"
        f"<b>年报</b><br><br>{what}<br><br>"
        "<span style='color:#666'>请稍候</span></div>"
    )


def show_starting_frame(app: QApplication, file: Path | None) -> QLabel:
    """Show and paint the frame; the caller closes it once the main window is shown."""
    frame = QLabel(starting_text(file))
    frame.setWindowTitle("年报 - 正在打开")
    frame.resize(380, 170)
    screen = app.primaryScreen()
    if screen is not None:
        frame.move(screen.availableGeometry().center() - frame.rect().center())
    frame.show()
    # Paint it now: the imports and the window that follow keep the event loop busy.
    frame.repaint()
    app.processEvents()
    return frame
