"""``nianbao import`` and ``nianbao accept-totals`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_texts import DATA, expected

from desktop.cli import command_names, main
from desktop.project_file import load_report


def test_import_is_a_command_name_the_launcher_knows() -> None:
    names = command_names()
    assert "import" in names and "accept-totals" in names
    assert "import-report" not in names


def test_import_sample_prints_summary_and_saves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "yanchi.nianbao"
    assert main(["import", str(DATA / "yanchi-2022-report.txt"), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "机关全称：盐池县" in printed
    assert "表格数字：166 / 166 个填写格" in printed
    assert "已按本表的合计唯一确定缺的是哪一栏" in printed
    assert "检查结果" in printed
    report = load_report(out)
    assert report.values() == expected("yanchi-2022-cells.json")
    # dump gives the same 200 cells
    assert main(["dump", str(out), "--format", "json"]) == 0
    dumped = json.loads(capsys.readouterr().out)
    assert dumped == json.loads((DATA / "yanchi-2022-cells.json").read_text("utf-8"))


def test_import_lists_blank_cells_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.nianbao"
    assert main(["import", str(DATA / "real" / "excerpt-01.txt"), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "留空的单元格" in printed
    assert "原文在此之前中断：表三 不予公开·属于三类内部事务信息" in printed
    assert "等 19 行（108 个单元格）" in printed
    # The imported report's own findings (blank cells), without rule codes (issue 14).
    assert "未填" in printed and "R12" not in printed


def test_import_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.nianbao"
    out.write_text("old", encoding="utf-8")
    assert main(["import", str(DATA / "yanchi-2022-report.txt"), "-o", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "old"
    assert main(["import", str(DATA / "yanchi-2022-report.txt"), "-o", str(out), "--force"]) == 0


def test_wrong_printed_total_is_reported_until_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A published report's arithmetic error is a finding of the import, not a failure."""
    text = (DATA / "real" / "huaian-2024-from-pdf.txt").read_text(encoding="utf-8")
    assert text.count("2932") == 1
    src = tmp_path / "wrong.txt"
    src.write_text(text.replace("2932", "2933"), encoding="utf-8")  # （七）总计 / 自然人
    out = tmp_path / "wrong.nianbao"
    assert main(["import", str(src), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2933" in printed and "R2" not in printed  # the R2 finding, said without its code
    report = load_report(out)
    assert report.printed_totals["t3.total.natural"] == 2933
    assert report.value("t3.total.natural") == 2932
    assert main(["check", "--verbose", str(out)]) == 1
    assert "R2" in capsys.readouterr().out

    assert main(["accept-totals", str(out)]) == 0
    said = capsys.readouterr().out
    assert "已改用软件计算的合计" in said and "（七）总计" in said
    assert load_report(out).printed_totals == {}
    assert main(["check", str(out)]) == 0
    capsys.readouterr()
    assert main(["accept-totals", str(out)]) == 0
    assert "无需处理" in capsys.readouterr().out


def test_wrong_printed_total_stops_settling_short_rows(tmp_path: Path) -> None:
    """With a wrong (七)总计 the sample's short rows cannot be placed: blank, never guessed."""
    from desktop.importers import import_report

    text = (DATA / "yanchi-2022-report.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.lstrip().startswith("(七) 总计"))
    lines[i] = lines[i].replace("11", "12", 1)
    src = tmp_path / "wrong.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    result = import_report(src)
    assert result.report.printed_totals["t3.total.natural"] == 12
    assert result.report.cells["t3.withheld_1.natural"] is None
    assert result.report.cells["t3.granted.natural"] == 5


def test_printed_total_disagreeing_with_sum_gives_r3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (DATA / "real" / "huaian-2024-from-pdf.txt").read_text(encoding="utf-8")
    text = text.replace(
        "34          0        0        0        0    0    34",
        "34          0        0        0        0    0    35",
    )
    src = tmp_path / "h.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "h.nianbao"
    assert main(["import", str(src), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "错误" in printed and "R3" not in printed  # the R3 finding, without its code
    report = load_report(out)
    assert report.cells["t3.carried_in.natural"] == 34
    assert report.printed_totals["t3.carried_in.total"] == 35
    assert report.value("t3.carried_in.total") == 34  # dump gives the computed total


def test_accept_totals_on_unreadable_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.nianbao"
    bad.write_text("{", encoding="utf-8")
    assert main(["accept-totals", str(bad)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_import_runs_every_rule_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 17: the check (most of it the prose rules over the whole text) is the larger half
    # of importing a big text; the summary must not run it twice.
    from desktop import prose_rules, rules

    calls = {"table": 0, "prose": 0}
    table, prose = rules.table_findings, prose_rules.prose_findings

    def counted_table(*args: object, **kwargs: object) -> object:
        calls["table"] += 1
        return table(*args, **kwargs)  # type: ignore[arg-type]

    def counted_prose(*args: object, **kwargs: object) -> object:
        calls["prose"] += 1
        return prose(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rules, "table_findings", counted_table)
    monkeypatch.setattr(prose_rules, "prose_findings", counted_prose)
    out = tmp_path / "yanchi.nianbao"
    assert main(["import", str(DATA / "yanchi-2022-report.txt"), "-o", str(out)]) == 0
    assert "检查结果" in capsys.readouterr().out
    assert calls == {"table": 1, "prose": 1}
