"""Recovery copies while there are unsaved changes: a few seconds after the last edit and at
most ten seconds after the first unsaved edit even while edits keep coming (steady typing never
lets the quiet timer fire), into the user's data folder — never over the user's own file. Each
window writes its own copy (a session key in the name), so two windows on one file that both
crash both come back."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from desktop.errors import UserError
from desktop.project_file import discard_recovery, write_recovery
from desktop.report import Report

QUIET_MS = 3_000  # after the last edit
MAX_INTERVAL_MS = 10_000  # the ceiling while edits keep coming


def data_dir() -> Path:
    """The user's data folder (``NIANBAO_DATA_DIR`` overrides it, e.g. in tests)."""
    override = os.environ.get("NIANBAO_DATA_DIR")
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".nianbao"


def recovery_dir() -> Path:
    """Where recovery copies live."""
    return data_dir() / "recovery"


class Autosaver(QObject):
    """Writes recovery copies of one document on timers; the window tells it about edits."""

    saved = Signal(datetime)
    failed = Signal(str)

    def __init__(
        self,
        snapshot: Callable[[], tuple[Report, Path | None]],
        folder: Path | None = None,
        parent: QObject | None = None,
        quiet_ms: int = QUIET_MS,
        max_interval_ms: int = MAX_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._snapshot = snapshot
        self._folder = folder
        # Unsaved reports have no file to name their copy after: one key per window session.
        self._key = f"untitled-{uuid.uuid4().hex[:12]}"
        # Per window: two windows on the same file must not overwrite each other's copy.
        self._session = uuid.uuid4().hex[:8]
        self._written: set[Path] = set()
        self.last_saved: datetime | None = None
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(quiet_ms)
        self._quiet.timeout.connect(self.write_now)
        self._longest = QTimer(self)
        self._longest.setSingleShot(True)
        self._longest.setInterval(max_interval_ms)
        self._longest.timeout.connect(self.write_now)

    @property
    def folder(self) -> Path:
        return self._folder if self._folder is not None else recovery_dir()

    def note_edit(self) -> None:
        """An unsaved change happened: restart the quiet timer, keep the ten-second ceiling."""
        self._quiet.start()
        if not self._longest.isActive():
            self._longest.start()

    def is_pending(self) -> bool:
        return self._quiet.isActive() or self._longest.isActive()

    def stop(self) -> None:
        self._quiet.stop()
        self._longest.stop()

    def adopt(self, path: Path) -> None:
        """A restored recovery copy now belongs to this document (discarded with its own)."""
        self._written.add(path)

    def write_now(self) -> Path | None:
        """Write the recovery copy now; None (and ``failed``) when it could not be written."""
        self.stop()
        report, original = self._snapshot()
        try:
            path = write_recovery(
                report,
                self.folder,
                original,
                key=None if original else self._key,
                session=self._session,
            )
        except UserError as exc:
            self.failed.emit(str(exc))
            return None
        self._written.add(path)
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved)
        return path

    def discard(self) -> None:
        """The work is safe (saved) or given up (不保存): delete this document's copies."""
        self.stop()
        for path in self._written:
            try:
                discard_recovery(path)
            except OSError:
                # A copy that cannot be deleted only means an extra offer at the next start.
                continue
        self._written.clear()
        self.last_saved = None
