"""Fixtures for the GUI tests: the sample report's numbers and a Document over them; a main
window on a copy of the example, and a way to answer the real modal message boxes it shows."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.report import Report, new_report
from desktop.resources import example_path
from desktop.template import INPUT_IDS
from ui.main_window import MainWindow

DATA = Path(__file__).resolve().parent.parent / "data"


def sample_report() -> Report:
    """盐池县 2022: every input cell filled with the published numbers."""
    cells = json.loads((DATA / "yanchi-2022-cells.json").read_text(encoding="utf-8"))
    report = new_report("盐池县人民政府", 2022)
    report.cells = {cid: cells[cid] for cid in INPUT_IDS}
    return Report.model_validate(report.model_dump())


@pytest.fixture
def report() -> Report:
    return sample_report()


@pytest.fixture
def doc(qapp, report):  # type: ignore[no-untyped-def]
    from ui.document import Document

    return Document(report)


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the bundled example the test may change."""
    target = tmp_path / "盐池县2022年报.nianbao"
    shutil.copyfile(example_path(), target)
    return target


@pytest.fixture
def recovery_folder(tmp_path: Path) -> Path:
    return tmp_path / "recovery"


@pytest.fixture
def make_window(qtbot, recovery_folder: Path) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def make(path: Path | None = None, **kwargs: object) -> MainWindow:
        kwargs.setdefault("recovery_folder", recovery_folder)
        # Not qtbot.addWidget: pytest-qt would close a window with unsaved changes before this
        # fixture's clean-up, and the real 保存/不保存/取消 box would wait forever.
        window = MainWindow(**kwargs)  # type: ignore[arg-type]
        if path is not None:
            window.load_file(path)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        for spawned in window._spawned:
            spawned.discard_changes_and_close()
            spawned.deleteLater()
        window.discard_changes_and_close()
        window.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def window(make_window: Callable[..., MainWindow], example_copy: Path) -> MainWindow:
    return make_window(example_copy)


class BoxAnswers:
    """Answers the next modal QMessageBoxes by clicking the button with the given text ("*":
    the first button, for boxes with Qt's own OK), and
    records what each box said. A box without that button is rejected and the test fails."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.buttons: list[list[str]] = []
        self.errors: list[str] = []

    def answer(self, *button_texts: str) -> None:
        queue = list(button_texts)
        tries = [0]

        def click() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                tries[0] += 1
                if tries[0] < 300:
                    QTimer.singleShot(10, click)  # the box is not open yet
                else:
                    self.errors.append(f"no message box appeared for {queue}")
                return
            tries[0] = 0
            wanted = queue.pop(0)
            self.texts.append(box.text())
            self.buttons.append([b.text() for b in box.buttons()])
            for button in box.buttons():
                if button.text() == wanted or wanted == "*":
                    button.click()
                    break
            else:
                self.errors.append(f"no button {wanted!r} in {self.buttons[-1]}")
                box.reject()
            if queue:
                QTimer.singleShot(0, click)

        QTimer.singleShot(0, click)


@pytest.fixture
def boxes() -> Iterator[BoxAnswers]:
    answers = BoxAnswers()
    yield answers
    assert not answers.errors, answers.errors
