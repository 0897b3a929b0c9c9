"""Fixtures for the GUI tests: the sample report's numbers and a Document over them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.report import Report, new_report
from desktop.template import INPUT_IDS

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
