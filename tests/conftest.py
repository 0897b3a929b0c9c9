"""Test-wide set-up: Qt offscreen before any Qt import; user data in a temp folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
