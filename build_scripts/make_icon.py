"""Draw the application icon with Qt and write ``resources/icons/nianbao.png`` and ``.ico``.

Usage: ``python build_scripts/make_icon.py [OUTDIR]`` (default: resources/icons). The ICO holds
PNG-compressed images of several sizes (valid since Windows Vista), written by hand because Qt's
ICO writer stores a single size only.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#c0392b")
PAPER = QColor("#fdfaf3")
INK = QColor("#5b6470")


def draw(size: int) -> QImage:
    """The icon at ``size`` pixels: a red document with a folded corner and table lines."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0
    # The sheet with a folded top-right corner.
    sheet = QPainterPath()
    left, top, right, bottom, fold = 40 * s, 16 * s, 216 * s, 240 * s, 48 * s
    sheet.moveTo(left, top)
    sheet.lineTo(right - fold, top)
    sheet.lineTo(right, top + fold)
    sheet.lineTo(right, bottom)
    sheet.lineTo(left, bottom)
    sheet.closeSubpath()
    p.setPen(QPen(QColor("#8e2a1f"), max(1.0, 6 * s)))
    p.setBrush(PAPER)
    p.drawPath(sheet)
    corner = QPainterPath()
    corner.moveTo(right - fold, top)
    corner.lineTo(right - fold, top + fold)
    corner.lineTo(right, top + fold)
    corner.closeSubpath()
    p.setBrush(QColor("#e8d9c4"))
    p.drawPath(corner)
    # A red band with 年 on it.
    band = QRectF(left + 3 * s, 70 * s, right - left - 6 * s, 92 * s)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(RED)
    p.drawRect(band)
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "SimHei"])
    font.setBold(True)
    font.setPixelSize(max(8, int(84 * s)))
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(band, Qt.AlignmentFlag.AlignCenter, "年")
    # Table lines under the band (skipped where they would blur into one another).
    if size >= 32:
        p.setPen(QPen(INK, max(1.0, 6 * s)))
        for y in (186, 212):
            p.drawLine(QPointF(left + 22 * s, y * s), QPointF(right - 22 * s, y * s))
        p.drawLine(QPointF(112 * s, 176 * s), QPointF(112 * s, 222 * s))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def ico_bytes(images: list[QImage]) -> bytes:
    """An ICO file whose entries are PNG streams."""
    payloads = [png_bytes(img) for img in images]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    for img, data in zip(images, payloads, strict=True):
        dim = img.width() if img.width() < 256 else 0  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(payloads)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication(["make_icon"])
    draw(256).save(str(out / "nianbao.png"))
    (out / "nianbao.ico").write_bytes(ico_bytes([draw(n) for n in ICO_SIZES]))
    del app
    print(f"wrote {out / 'nianbao.png'} and {out / 'nianbao.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
