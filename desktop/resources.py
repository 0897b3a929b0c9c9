"""Where the bundled resources (examples, icons) are, unfrozen or inside a PyInstaller bundle.

No Qt here: the command line uses it too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.errors import UserError

EXAMPLE_NAME = "yanchi-2022.nianbao"


def resource_roots() -> list[Path]:
    """Folders that may hold ``resources/``, most specific first.

    A PyInstaller bundle unpacks data under ``sys._MEIPASS``; a source checkout or an installed
    wheel keeps ``resources/`` beside the ``desktop`` package.
    """
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "resources")
    package_parent = Path(__file__).resolve().parent.parent
    roots.append(package_parent / "resources")
    return roots


def resource_path(*parts: str) -> Path:
    """The first existing ``resources/<parts>`` among the roots.

    Raises UserError with a Chinese message when the resource is missing from every root (a
    broken installation).
    """
    for root in resource_roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    name = "/".join(parts)
    raise UserError(f"找不到程序自带的文件“{name}”，安装可能不完整。请重新安装年报软件。")


def find_resource(*parts: str) -> Path | None:
    """Like ``resource_path`` but returns None when the resource is missing."""
    try:
        return resource_path(*parts)
    except UserError:
        return None


def example_path() -> Path:
    """The bundled example report (raises UserError when it is missing)."""
    return resource_path("examples", EXAMPLE_NAME)


def icon_path(name: str = "nianbao.png") -> Path | None:
    """The application icon file, or None when it is not bundled."""
    return find_resource("icons", name)
