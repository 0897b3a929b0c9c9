"""Start pydantic without its plugin discovery.

pydantic's plugin loader (``pydantic.plugin._loader``) imports ``importlib.metadata`` when it is
first imported — when the first model class is built — even with ``PYDANTIC_DISABLE_PLUGINS``
set, which only skips the scan itself. That import costs ~35 ms of every start (measured for
issue 17), and Nianbao uses no pydantic plugins. ``skip_plugin_discovery()`` puts a loader that
finds no plugins in its place before pydantic is imported. It touches a private module, so
``tests/core/test_pydantic_start.py`` checks the pinned pydantic still has the one function
replaced here and imports it the one way stubbed here.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterable

LOADER = "pydantic.plugin._loader"


def _no_plugins() -> Iterable[object]:
    return ()


def skip_plugin_discovery() -> None:
    """Call before pydantic is imported; does nothing once its real loader is loaded."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if LOADER in sys.modules:
        return
    loader = types.ModuleType(LOADER)
    loader.__doc__ = "Stand-in for pydantic's plugin loader: Nianbao uses no pydantic plugins."
    loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = loader
