"""Numbers placed by the printed labels around them: table 四 printed as three 5-column tables,
lines holding only “|”, rows where only 总计 is printed; and what the placed numbers become
in dump (``--sources``, the CSV 来源 column) and after accept-totals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.importers import import_report
from desktop.project_file import load_report

HEAD = "某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n略。\n"
T4_HEAD = "四、政府信息公开行政复议、行政诉讼情况\n"
TAIL = "五、存在的主要问题及改进情况\n略。\n六、其他需要报告的事项\n未收取信息处理费。\n"
RESULTS = "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "r.txt"
    p.write_text(HEAD + body + TAIL, encoding="utf-8")
    return p


def _t4(tmp_path: Path, parts: list[tuple[str, str]]) -> dict[str, object]:
    body = T4_HEAD + "".join(f"{label}\n{RESULTS}{nums}\n" for label, nums in parts)
    result = import_report(_write(tmp_path, body))
    return {**result.report.cells, **result.report.printed_totals, "notes": result.notes}


def test_table4_in_three_parts_goes_by_group_labels(tmp_path: Path) -> None:
    got = _t4(
        tmp_path,
        [
            ("行政复议", "2 | 1 | 0 | 0 | 3 |"),
            ("行政诉讼 复议后起诉", "0 | 0 | 0 | 1 | 1 |"),  # printed before 直接起诉
            ("未经复议直接起诉", "4 | 0 | 0 | 0 | 4 |"),
        ],
    )
    assert [got[f"t4.review.{r}"] for r in ("upheld", "corrected", "total")] == [2, 1, 3]
    assert got["t4.suit_direct.upheld"] == 4 and got["t4.suit_direct.total"] == 4
    assert got["t4.suit_after_review.pending"] == 1 and got["t4.suit_after_review.upheld"] == 0


def test_table4_part_without_a_group_label_stays_blank(tmp_path: Path) -> None:
    got = _t4(tmp_path, [("行政复议", "2 | 1 | 0 | 0 | 3 |"), ("", "4 | 0 | 0 | 0 | 4 |")])
    assert got["t4.review.upheld"] == 2
    assert got["t4.suit_direct.upheld"] is None and got["t4.suit_after_review.upheld"] is None
    assert any("4 0 0 0 4" in n and "已留空" in n for n in got["notes"])  # type: ignore[union-attr]


def test_bare_pipe_lines_are_not_cells(tmp_path: Path) -> None:
    body = (
        "二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 |\n"
        "本年制发件数 |\n本年废止件数 |\n"
        "现行有效件数 |\n规章 |\n0 |\n0 |\n|\n|\n行政规范性文件 |\n|\n5 |\n12 |\n8 |\n|\n"
    )
    cells = import_report(_write(tmp_path, body)).report.cells
    assert [cells[f"t2.rules.{c}"] for c in ("made", "repealed", "valid")] == [0, 0, None]
    assert [cells[f"t2.normative.{c}"] for c in ("made", "repealed", "valid")] == [5, 12, 8]


T3_HEAD = (
    "三、收到和处理政府信息公开申请情况\n"
    "申请人情况 | | | | | | |\n"
    "自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
)


def test_total_only_row_keeps_its_printed_total(tmp_path: Path) -> None:
    body = (
        T3_HEAD
        + "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
        + "二、上年结转政府信息公开申请数量 | | | | | | | 2 |\n"
    )
    result = import_report(_write(tmp_path, body))
    assert result.report.cells["t3.new.natural"] == 3
    assert result.report.cells["t3.carried_in.natural"] is None
    assert result.report.printed_totals["t3.carried_in.total"] == 2


def test_dump_shows_printed_totals_with_sources_and_accept_keeps_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        T3_HEAD
        + "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 4 |\n"
        + "二、上年结转政府信息公开申请数量 | | | | | | | 2 |\n"
    )
    out = tmp_path / "r.nianbao"
    assert main(["import", str(_write(tmp_path, body)), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["dump", str(out)]) == 0
    flat = json.loads(capsys.readouterr().out)
    assert flat["t3.new.total"] == 3  # computable: the sum, not the printed 4
    assert flat["t3.carried_in.total"] == 2  # not computable: as printed
    assert main(["dump", str(out), "--sources"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert both["cells"] == flat
    assert both["sources"]["t3.new.natural"] == "输入"
    assert both["sources"]["t3.new.total"] == "计算"
    assert both["sources"]["t3.carried_in.total"] == "原文印出"
    assert main(["dump", str(out), "--format", "csv"]) == 0
    csv_text = capsys.readouterr().out
    assert "t3.carried_in.total,表三,二、上年结转政府信息公开申请数量,总计,2,原文印出" in csv_text

    assert main(["accept-totals", str(out)]) == 0
    said = capsys.readouterr().out
    assert "仍保留原文印出的数字" in said
    report = load_report(out)
    assert report.printed_totals == {"t3.carried_in.total": 2}


def test_other_printed_as_one_row_is_kept_aside_and_said() -> None:
    real = Path(__file__).resolve().parents[1] / "data" / "real" / "hongze-2023"
    result = import_report(real / "text_layout.txt")
    cells = result.report.cells
    assert all(cells[f"t3.other_{i}.natural"] is None for i in (1, 2, 3))
    assert "印成一行" in result.blanks["t3.other_1.natural"]
    assert any("（六）其他处理" in u and "0 0 0 0 0 0 0" in u for u in result.unmapped)
    # the rows around it are read
    assert cells["t3.rejected_5.natural"] == 0 and cells["t3.carried_out.natural"] == 0


def test_only_the_row_where_the_text_stops_is_a_cut_row(tmp_path: Path) -> None:
    head = (
        "某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n略。\n"
        "三、收到和处理政府信息公开申请情况\n"
        "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
        "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n（一）予以公开 2 1\n"
    )
    p = tmp_path / "cut.txt"
    p.write_text(head, encoding="utf-8")
    cut = import_report(p).report.cells
    assert [cut["t3.granted.natural"], cut["t3.granted.business"]] == [2, 1]  # cut mid-row
    p.write_text(
        head + "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n", encoding="utf-8"
    )
    whole = import_report(p).report.cells
    # The next row's label is printed: 予以公开 is complete, and two numbers for seven cells
    # cannot be placed.
    assert whole["t3.granted.natural"] is None and whole["t3.granted.business"] is None
    assert whole["t3.new.natural"] == 3
