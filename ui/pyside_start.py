"""Keep PySide6 from caching the source of every module imported after it.

For each module imported once PySide6 is loaded, ``shibokensupport.feature`` asks whether the
module mentions PySide6 (for ``from __feature__ import …``) by reading its whole source with
``inspect.getsource``, which keeps every line in ``linecache``: 7.7 MiB of the window's memory
after start (issue 17, measured with tracemalloc: the largest single item) and the time to split
every file into lines. ``read_sources_uncached()`` answers the same question by reading the file
without keeping it. Nianbao uses no ``__feature__``; the answer only decides whether PySide6
tracks the module's feature selection. It touches a private module, so
``tests/ui/test_pyside_start.py`` checks the function replaced is still there and answers alike.
"""

from __future__ import annotations

import sys
from types import ModuleType

FEATURE = "shibokensupport.feature"


def mentions_pyside(module: ModuleType) -> bool:
    """Whether the source file of ``module`` mentions PySide6 (False when it has none), as
    ``shibokensupport.feature._mod_uses_pyside`` decides, without filling ``linecache``."""
    # The standard library never mentions PySide6: its ~60 modules loaded at start-up need not
    # be read (1.6 ms before the window is on screen).
    if getattr(module, "__name__", "").partition(".")[0] in sys.stdlib_module_names:
        return False
    path = getattr(module, "__file__", None)
    # inspect.getsource finds no source for extension, built-in or byte-code-only modules (a
    # frozen build's): the same answer, False.
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def read_sources_uncached() -> None:
    """Call before the window's modules are imported (loads shiboken6 if needed)."""
    import shiboken6  # noqa: F401 — loads shibokensupport, whose hook is replaced here

    feature = sys.modules.get(FEATURE)
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        setattr(feature, "_mod_uses_pyside", mentions_pyside)  # noqa: B010 — a private name
