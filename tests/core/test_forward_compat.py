"""Forward compatibility: fields this build does not know, in a file of the same schema version,
are kept and written back on save — at every level of the file, the register's rows included —
by every command that rewrites a report; a newer schema version is refused with 请升级."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

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
from desktop.register.model import ApplicantKind, Application, Case, CaseKind
from desktop.report import SubPart, new_report

UNKNOWN = {
    "future_flag": True,
    "future_list": [1, "二", {"deep": None}],
    "future_amount": Decimal("12.50"),
    "future_huge": Decimal("1E+400"),
}


def _nodes(tree: dict[str, Any]) -> list[dict[str, Any]]:
    """Every kind of object a report file holds, at each nesting level."""
    ledger = tree["ledger"]
    previous = tree["previous"]
    return [
        tree,
        tree["meta"],
        tree["prose"],
        tree["prose"]["s1"],
        tree["prose"]["s1"]["parts"][0],
        ledger,
        ledger["applications"][0],
        ledger["applications"][1],
        ledger["cases"][0],
        previous,
        previous["meta"],
        previous["prose"]["s5"],
        previous["ledger"],
        previous["ledger"]["applications"][0],
    ]


def _application(rid: str, year: int) -> Application:
    return Application(id=rid, received=date(year, 3, 1), kind=ApplicantKind.NATURAL)


def _with_unknown_fields(tmp_path: Path) -> Path:
    report = example_report()
    report.prose.s1.parts.append(SubPart(heading="（一）", text="正文"))
    report.ledger.applications = [_application("2022-001", 2022), _application("2022-002", 2022)]
    report.ledger.cases = [Case(id="复议-1", kind=CaseKind.REVIEW, received=date(2022, 5, 1))]
    report.previous = new_report("上年", 2021)
    report.previous.ledger.applications = [_application("2021-001", 2021)]
    tree = json.loads(report_to_json(report), parse_float=Decimal)
    for node in _nodes(tree):
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
    _assert_kept(tree)
    assert "1E+400" in out.read_text(encoding="utf-8")
    # And again: open → save is stable.
    save_report(load_report(out), tmp_path / "again.nianbao")
    assert (tmp_path / "again.nianbao").read_text(encoding="utf-8") == out.read_text(
        encoding="utf-8"
    )


def _assert_kept(tree: dict[str, Any]) -> None:
    for n, node in enumerate(_nodes(tree)):
        for key, value in UNKNOWN.items():
            assert node[key] == value, (n, key)


def test_register_rows_with_unknown_fields_open_and_keep_them(tmp_path: Path) -> None:
    report = load_report(_with_unknown_fields(tmp_path))
    first = report.ledger.applications[0]
    assert first.model_extra is not None and first.model_extra["future_flag"] is True
    # An edit of a known field of such a row keeps its unknown ones (validate_assignment).
    first.note = "备注"
    assert first.model_extra["future_list"] == [1, "二", {"deep": None}]


def test_command_line_rewrite_keeps_unknown_fields(tmp_path: Path) -> None:
    path = _with_unknown_fields(tmp_path)
    report = load_report(path)
    report.printed_totals = {"t3.total.total": 1}
    save_report(report, path)
    assert main(["accept-totals", str(path)]) == 0
    _assert_kept(json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))


def test_register_import_keeps_unknown_fields(tmp_path: Path) -> None:
    path = _with_unknown_fields(tmp_path)
    sheet = tmp_path / "台账.csv"
    sheet.write_text("编号,收到申请日期,申请人类型\n2022-100,2022-06-01,自然人\n", encoding="utf-8")
    assert main(["register-import", str(sheet), "--into", str(path), "--yes"]) == 0
    tree = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    assert [a["id"] for a in tree["ledger"]["applications"]] == ["2022-001", "2022-002", "2022-100"]
    _assert_kept(tree)


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    tree = json.loads(report_to_json(new_report("甲", 2022)))
    tree["schema_version"] = SCHEMA_VERSION + 1
    path = tmp_path / "future.nianbao"
    path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectFileError, match="请升级"):
        load_report(path)
    assert main(["check", str(path)]) == 2
