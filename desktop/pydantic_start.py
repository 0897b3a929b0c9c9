"""Start pydantic without its plugin discovery.

pydantic's plugin loader (``pydantic.plugin._loader``) imports ``importlib.metadata`` when it is
first imported — when the first model class is built — even with ``PYDANTIC_DISABLE_PLUGINS``
set, which only skips the scan itself. That import costs ~35 ms of every start (measured for
issue 17), and Nianbao uses no pydantic plugins. ``skip_plugin_discovery()`` puts a loader that
finds no plugins in its place before pydantic is imported. It touches a private module, so
``tests/core/test_pydantic_start.py`` checks the pinned pydantic still has the one function
replaced here and imports it the one way stubbed here.

``keep_openssl_out()`` does the same for OpenSSL: pydantic imports ``secrets`` (for
``compare_digest``), which imports ``hmac`` and ``hashlib``, which load OpenSSL's libcrypto —
3.3 MiB of the window's memory, for hashes Nianbao takes from CPython's own modules.
``light_start()`` does both.
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


def keep_openssl_out() -> None:
    """Call before pydantic (or anything importing hashlib) is imported: ``hashlib`` and
    ``hmac`` then use CPython's own implementations (sha256, blake2b, compare_digest …), which
    they fall back to by design when ``_hashlib`` cannot be imported. Nianbao makes no network
    connection and needs none of the algorithms only OpenSSL offers. Does nothing once
    ``_hashlib`` is loaded."""
    sys.modules.setdefault("_hashlib", None)  # type: ignore[arg-type]


def light_start() -> None:
    """Both of the above: call first thing, before pydantic is imported."""
    skip_plugin_discovery()
    keep_openssl_out()
