"""Web text with its structure flattened away (spec §8): headings run into the sentence before
them, and a table printed as one paragraph with its cells glued together."""

from __future__ import annotations

from pathlib import Path

from desktop.importers import import_report
from desktop.importers.glued import is_glued_table, split_glued_table, split_headings


def test_run_in_headings_are_cut_but_a_list_of_the_parts_is_not() -> None:
    text = (
        "本报告所列数据的统计期限自2023年1月1日起。一、总体情况2023年，我区……。"
        "二、主动公开政府信息情况"
    )
    assert split_headings(text) == [
        "本报告所列数据的统计期限自2023年1月1日起。",
        "一、总体情况",
        "2023年，我区……。",
        "二、主动公开政府信息情况",
    ]
    listing = "本报告包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息情况。"
    assert split_headings(listing) == [listing]


def test_a_glued_table_is_cut_at_its_labels_and_enumerators() -> None:
    text = (
        "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开1000001"
        "（六）其他处理3.其他1000001（七）总计630020469"
    )
    assert is_glued_table(text)
    assert split_glued_table(text) == [
        "（三）不予公开",
        "1.属于国家秘密 0000000",
        "2.其他法律行政法规禁止公开 1000001",
        "（六）其他处理",
        "3.其他 1000001",
        "（七）总计 630020469",
    ]
    assert not is_glued_table("全年主动公开政府信息2645条，行政许可2293件，行政处罚1282件。")


def test_glued_digits_without_a_unique_split_stay_blank_and_are_said(tmp_path: Path) -> None:
    p = tmp_path / "glued.txt"
    p.write_text(
        "某县人民政府2023年政府信息公开工作年度报告\n一、总体情况略。二、主动公开政府信息情况"
        " 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000"
        "行政规范性文件693665第二十条第（五）项信息内容本年处理决定数量行政许可2293 "
        "三、收到和处理政府信息公开申请情况\n",
        encoding="utf-8",
    )
    result = import_report(p)
    cells = result.report.cells
    # 000 can only be three zeros (no leading zeros); 693665 has many splits and no total.
    assert [cells[f"t2.rules.{c}"] for c in ("made", "repealed", "valid")] == [0, 0, 0]
    assert cells["t2.normative.made"] is None and cells["t2.normative.valid"] is None
    assert cells["t2.license"] == 2293
    assert any("693665" in n and "留空" in n for n in result.notes)
