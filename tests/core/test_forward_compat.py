"""Forward compatibility: fields this build does not know, in a file of the same schema version,
are kept and written back on save; a newer schema version is refused with 请升级."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from unit_reports import example_report

from desktop.cli import main
from desktop.project_file import (
    SCHEMA_VERSION,
    ProjectFileError,
    load_report,
    report_to_json,
    save_report,
)
from desktop.report import SubPart, new_report

UNKNOWN = {
    "future_flag": True,
    "future_list": [1, "二", {"deep": None}],
    "future_amount": Decimal("12.50"),
    "future_huge": Decimal("1E+400"),
}


def _with_unknown_fields(tmp_path: Path) -> Path:
    report = example_report()
    report.prose.s1.parts.append(SubPart(heading="（一）", text="正文"))
    report.previous = new_report("上年", 2021)
    tree = json.loads(report_to_json(report), parse_float=Decimal)
    for node in (
        tree,
        tree["meta"],
        tree["prose"],
        tree["prose"]["s1"],
        tree["prose"]["s1"]["parts"][0],
        tree["previous"]["meta"],
    ):
        node.update(UNKNOWN)
    path = tmp_path / "newer-build.nianbao"
    text = json.dumps(tree, ensure_ascii=False, indent=2, default=str)
    for value in ("12.50", "1E+400"):
        text = text.replace(f'"{value}"', value)  # numbers, not strings
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_fields_survive_open_and_save(tmp_path: Path) -> None:
    path = _with_unknown_fields(tmp_path)
    report = load_report(path)
    report.meta.org_name = "改过的单位"
    out = tmp_path / "saved.nianbao"
    save_report(report, out)
    tree = json.loads(out.read_text(encoding="utf-8"), parse_float=Decimal)
    assert tree["meta"]["org_name"] == "改过的单位"
    for node in (
        tree,
        tree["meta"],
        tree["prose"],
        tree["prose"]["s1"],
        tree["prose"]["s1"]["parts"][0],
        tree["previous"]["meta"],
    ):
        for key, value in UNKNOWN.items():
            assert node[key] == value, key
    assert "1E+400" in out.read_text(encoding="utf-8")
    # And again: open → save is stable.
    save_report(load_report(out), tmp_path / "again.nianbao")
    assert (tmp_path / "again.nianbao").read_text(encoding="utf-8") == out.read_text(
        encoding="utf-8"
    )


def test_command_line_rewrite_keeps_unknown_fields(tmp_path: Path) -> None:
    path = _with_unknown_fields(tmp_path)
    report = load_report(path)
    report.printed_totals = {"t3.total.total": 1}
    save_report(report, path)
    assert main(["accept-totals", str(path)]) == 0
    tree = json.loads(path.read_text(encoding="utf-8"))
    assert tree["future_flag"] is True and tree["meta"]["future_list"][1] == "二"


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    tree = json.loads(report_to_json(new_report("甲", 2022)))
    tree["schema_version"] = SCHEMA_VERSION + 1
    path = tmp_path / "future.nianbao"
    path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectFileError, match="请升级"):
        load_report(path)
    assert main(["check", str(path)]) == 2
