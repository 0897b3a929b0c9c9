"""Import of published reports as text: the sample, real excerpts, and every messy shape of
spec §8 written out by hand or generated from the template's labels."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_texts import (
    DATA,
    HUAIAN,
    expected,
    glued,
    one_cell_per_line,
    pipes,
    report_text,
    spaces,
    tabs,
    traditional,
)

from desktop.importers import ImportResult, import_report
from desktop.report import Level, OrgKind
from desktop.rules import check
from desktop.template import INPUT_IDS


def _import_text(tmp_path: Path, text: str, name: str = "report.txt") -> ImportResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_report(path)


def _assert_cells(result: ImportResult, want: dict[str, int | Decimal]) -> None:
    """Every cell in ``want`` has that value; every other input cell is blank."""
    values = result.report.values()
    wrong = {k: (values[k], v) for k, v in want.items() if values[k] != v}
    assert wrong == {}
    extra = {k: values[k] for k in INPUT_IDS if k not in want and values[k] is not None}
    assert extra == {}


# --- the sample and the real excerpts --------------------------------------------------------


def test_sample_text_gives_the_200_cells() -> None:
    result = import_report(DATA / "yanchi-2022-report.txt")
    want = expected("yanchi-2022-cells.json")
    assert len(want) == 200
    assert result.report.values() == want
    report = result.report
    assert (report.meta.org_name, report.meta.year) == ("盐池县", 2022)
    assert report.info_fee_yuan == 0
    # The printed totals are kept as printed: here the (七)总计 row and table 四's totals.
    assert report.printed_totals["t3.total.natural"] == 11
    assert report.printed_totals["t4.review.total"] == 0
    assert "t3.new.total" not in report.printed_totals  # the source lost the 总计 column


def test_sample_missing_column_is_settled_by_the_totals_and_said() -> None:
    result = import_report(DATA / "yanchi-2022-report.txt")
    assert result.report.cells["t3.unable_1.natural"] == 3
    assert result.report.cells["t3.unable_1.business"] == 0
    assert any("19 行原文缺少一栏数字" in n and "合计" in n for n in result.notes)
    assert any("没有“总计”一栏" in n for n in result.notes)
    assert result.blanks == {}


def test_sample_prose_is_cleaned_of_extraction_leftovers() -> None:
    prose = import_report(DATA / "yanchi-2022-report.txt").report.prose
    s1 = prose.s1
    assert len(s1.parts) == 5
    assert s1.parts[0].heading == "（一）深入推进政府信息主动公开。"
    assert s1.lead.startswith("2022年，盐池县坚持")  # “2022 年” lost its stray space
    every = prose.s1.full_text() + prose.s5.full_text() + prose.s6.full_text()
    assert "**" not in every
    # Sentences broken by the page break are whole again.
    assert "基础建设专项整治工作" in s1.parts[3].text
    assert "四是加强信息公开工作的监督检查工作" in s1.parts[4].text
    assert "1.5万余条" in s1.parts[0].text
    assert prose.opening.endswith("本报告统计数据从2022年1月1日至12月31日。")
    assert [p.heading for p in prose.s6.parts] == [
        "（一）2022年政务公开工作要点落实情况。",
        "（二）信息处理费收取情况。",
    ]
    assert prose.s6.parts[1].text == "全县2022年收到政府信息公开申请11件，未收取信息处理费。"
    assert prose.s5.parts == [] and prose.s5.lead.count("\n") == 1


@pytest.mark.parametrize(
    "name",
    ["excerpt-01", "excerpt-03", "excerpt-07", "huaian-2024-from-pdf"],
)
def test_real_excerpts_give_their_cells(name: str) -> None:
    result = import_report(DATA / "real" / f"{name}.txt")
    _assert_cells(result, expected(f"real/{name}.cells.json"))


def test_huaian_pdf_text_meta_fee_and_prose() -> None:
    result = import_report(DATA / "real" / "huaian-2024-from-pdf.txt")
    report = result.report
    assert (report.meta.org_name, report.meta.year) == ("淮安市人民政府", 2024)
    assert report.meta.org_kind is OrgKind.GOVERNMENT
    # A 市 may be county-level, but one that makes 规章 is a 设区的市: no false R10 warning.
    assert report.meta.level is Level.CITY
    assert not [f for f in check(report) if f.rule == "R10"]
    assert report.info_fee_yuan == Decimal(3940)
    prose = report.prose
    # Page numbers (-1-) are gone and lines broken by the PDF layout are joined.
    assert "-1-" not in prose.s1.full_text()
    assert "“建设‘四最’一流营商环境高质量推进产业发展”" in prose.s1.parts[0].text
    assert [p.heading for p in prose.s1.parts][:2] == [
        "（一）主动公开情况。",
        "（二）依申请公开情况。",
    ]
    assert prose.s5.lead.startswith("对照上级新要求和公众新期待，还有一些需要加强和改进的地方。")
    assert result.source_findings == []
    # No paragraph is cut in the middle of a sentence by the PDF's line breaks.
    for number in (1, 5, 6):
        for line in prose.section(number).full_text().split("\n"):
            assert line.endswith(("。", "：", "；")), line


def test_truncated_excerpt_says_where_it_stops() -> None:
    result = import_report(DATA / "real" / "excerpt-01.txt")
    assert result.report.cells["t3.withheld_4.natural"] == 1
    assert result.report.cells["t3.withheld_4.business"] is None
    assert result.blanks["t4.review.upheld"] == "原文在此之前中断"
    assert any("中断" in n for n in result.notes)
    assert (result.report.meta.org_name, result.report.meta.year) == ("九原区政务服务局", 2022)


def test_excerpt_without_title_leaves_org_blank_and_says_so() -> None:
    result = import_report(DATA / "real" / "excerpt-03.txt")
    assert result.report.meta.org_name == ""
    assert result.report.meta.year == 2022
    assert any("机关全称留空" in n for n in result.notes)
    # The 规章 row has an empty 现行有效件数 cell: blank, not 0.
    assert result.report.cells["t2.rules.valid"] is None
    assert "为空" in result.blanks["t2.rules.valid"]
    assert "8份政府信息公开申请" in result.report.prose.table_intros[3]
    # The header variant 现行有效件数（历史累计） is an altered label (R17).
    assert [f.rule for f in result.source_findings] == ["R17"]
    assert "（历史累计）" in result.source_findings[0].message


# --- generated shapes: every input cell comes back -----------------------------------------


@pytest.mark.parametrize(
    ("shape", "with_total"),
    [
        (pipes, True),
        (tabs, True),
        (one_cell_per_line, True),
        (spaces, True),
        (tabs, False),
        (one_cell_per_line, False),
    ],
    ids=["pipes", "tabs", "one-cell-per-line", "runs-of-spaces", "no-total-tabs", "no-total-cells"],
)
def test_table_shapes(tmp_path: Path, shape: object, with_total: bool) -> None:
    want = expected(HUAIAN)
    result = _import_text(tmp_path, report_text(want, shape, with_total=with_total))  # type: ignore[arg-type]
    _assert_cells(result, want)
    assert result.report.meta.org_name == "测试县人民政府办公室"
    assert result.report.info_fee_yuan == 120
    assert result.source_findings == []


def test_traditional_characters(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    result = _import_text(tmp_path, traditional(report_text(want, pipes)))
    _assert_cells(result, want)
    assert result.report.meta.year == 2023
    assert any("繁体" in n for n in result.notes)
    assert result.source_findings == []


def test_half_width_punctuation(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    text = unicodedata.normalize("NFKC", report_text(want, spaces))
    assert "（" not in text
    _assert_cells(_import_text(tmp_path, text), want)


def test_whole_tables_glued_split_only_where_unique(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    result = _import_text(tmp_path, report_text(want, glued))
    values = result.report.values()
    # Whatever was filled is right: never a wrong split.
    wrong = {k: values[k] for k in INPUT_IDS if values[k] is not None and values[k] != want[k]}
    assert wrong == {}
    # Table 二 has no totals to decide “1011” (1 0 11? 10 1 1?): blank, and said.
    assert result.report.cells["t2.rules.made"] is None
    assert any("“1011”" in n for n in result.notes)
    # Most of table 三 is settled by its totals.
    assert result.report.cells["t3.new.natural"] == 3001
    assert result.report.cells["t3.withheld_8.natural"] == 105
    for cid in INPUT_IDS:
        if values[cid] is None:
            assert cid in result.blanks


# --- hand-written messy texts ------------------------------------------------------------------

T3_SMALL = """\
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况
自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数量 {new}
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
三、本年度办理结果 （一）予以公开 {granted}
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0
（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0
2.其他法律行政法规禁止公开 0 0 0 0 0 0 0
3.危及“三安全一稳定” 0 0 0 0 0 0 0
4.保护第三方合法权益 0 0 0 0 0 0 0
5.属于三类内部事务信息 0 0 0 0 0 0 0
6.属于四类过程性信息 0 0 0 0 0 0 0
7.属于行政执法案卷 0 0 0 0 0 0 0
8.属于行政查询事项 0 0 0 0 0 0 0
（四）无法提供 1.本机关不掌握相关政府信息 0 0 0 0 0 0 0
2.没有现成信息需要另行制作 0 0 0 0 0 0 0
3.补正后申请内容仍不明确 0 0 0 0 0 0 0
（五）不予处理 1.信访举报投诉类申请 0 0 0 0 0 0 0
2.重复申请 0 0 0 0 0 0 0
3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 0 0 0 0 0 0 0
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
3.其他 0 0 0 0 0 0 0
（七）总计 {total}
四、结转下年度继续办理 0 0 0 0 0 0 0
四、政府信息公开行政复议、行政诉讼情况
"""


def _small(new: str, granted: str, total: str) -> str:
    return (
        "某某县发展和改革局2023年政府信息公开工作年度报告\n一、总体情况\n全年工作正常开展。\n"
        + T3_SMALL.format(new=new, granted=granted, total=total)
    )


def test_glued_row_with_a_unique_split(tmp_path: Path) -> None:
    # The web page lost the separators: 71 3 0 0 0 0 74.
    text = _small("713000074", "71 3 0 0 0 0 74", "71 3 0 0 0 0 74")
    result = _import_text(tmp_path, text)
    cells = result.report.cells
    got = [
        cells[f"t3.new.{c}"]
        for c in ("natural", "business", "research", "nonprofit", "legal", "other")
    ]
    assert got == [71, 3, 0, 0, 0, 0]
    assert result.report.printed_totals["t3.new.total"] == 74
    assert any("粘连" in n and "唯一拆分" in n for n in result.notes)


def test_glued_row_without_a_unique_split_stays_blank(tmp_path: Path) -> None:
    # 11 0 0 0 0 0 | 11 or 1 10 0 0 0 0 | 11: the row total allows both, and the (七)总计 row
    # is glued the same way, so nothing can decide. Never guess.
    text = _small("110000011", "110000011", "110000011")
    result = _import_text(tmp_path, text)
    cells = result.report.cells
    for row in ("new", "granted"):
        for c in ("natural", "business"):
            assert cells[f"t3.{row}.{c}"] is None
            assert "无法唯一拆分" in result.blanks[f"t3.{row}.{c}"]
    assert cells["t3.carried_in.natural"] == 0  # rows that were clear are kept
    assert any("无法唯一确定" in n for n in result.notes)


def test_missing_column_that_the_totals_cannot_place_stays_blank(tmp_path: Path) -> None:
    text = _small("1 1 0 0 0 0 2", "1 0 0 0 0 2", "1 1 0 0 0 0 2")
    text = text.replace(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1 0 0 0 0 1",
    )
    result = _import_text(tmp_path, text)
    cells = result.report.cells
    # Either row may hold the 法人 application: both readings fit every total.
    assert cells["t3.granted.natural"] is None and cells["t3.partial.natural"] is None
    assert cells["t3.new.natural"] == 1


def test_missing_column_settled_by_row_total(tmp_path: Path) -> None:
    # One applicant number lost, the row's printed 总计 says which: 5 = 2 + 3.
    text = _small("2 3 0 0 0 0 5", "2 0 0 0 0 5", "2 3 0 0 0 0 5")
    result = _import_text(tmp_path, text)
    cells = result.report.cells
    assert [cells["t3.granted.natural"], cells["t3.granted.business"]] == [2, 3]
    assert any("缺少一栏" in n for n in result.notes)


def test_blank_cells_and_slashes_are_blank_not_zero(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    text = report_text(want, pipes).replace("规章 | 1 | 0 | 11 |", "规章 | / | — |  |")
    result = _import_text(tmp_path, text)
    cells = result.report.cells
    assert cells["t2.rules.made"] is None
    assert cells["t2.rules.repealed"] is None
    assert cells["t2.rules.valid"] is None
    assert cells["t2.normative.made"] == 8
    assert all("为空" in result.blanks[f"t2.rules.{c}"] for c in ("made", "repealed", "valid"))


def test_fee_written_in_yuan_is_noted_for_r11(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    text = report_text(want, pipes).replace(
        "行政事业性收费 | 96171.6 |", "行政事业性收费 | 961716000元 |"
    )
    result = _import_text(tmp_path, text)
    assert result.report.cells["t2.fees"] == Decimal(961716000)
    assert any("万元填写" in n and "元" in n and "R11" not in n for n in result.notes)


def test_typos_in_labels_map_and_are_r17_findings(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    text = report_text(want, tabs)
    text = text.replace("只计这一情形", "只计这一情况").replace(
        "三类内部事务信息", "三类内容事务信息"
    )
    result = _import_text(tmp_path, text)
    _assert_cells(result, want)
    messages = [f.message for f in result.source_findings]
    assert {f.rule for f in result.source_findings} == {"R17"}
    assert any("三类内容事务信息" in m for m in messages)
    assert any("只计这一情况" in m for m in messages)


def test_page_text_around_the_report_is_dropped(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    text = (
        "首页 > 政府信息公开 > 政府信息公开年报\n无障碍 | 长者模式 | 登录\n"
        "测试县人民政府办公室2022年政府信息公开工作年度报告\n"  # a link to last year's
        + "发布时间：2024-01-20 来源：县政府办 浏览次数：318\n【字体：大 中 小】\n"
        + report_text(want, pipes)
        + "【打印本页】 【关闭窗口】\n主办单位：测试县人民政府办公室 网站标识码：1234000001\n"
        + "版权所有 © 测试县人民政府 ICP备12345678号\n"
    )
    result = _import_text(tmp_path, text)
    _assert_cells(result, want)
    report = result.report
    assert report.meta.year == 2023  # the report's own title, not the link above it
    assert report.meta.published is not None and report.meta.published.year == 2024
    assert report.prose.opening.startswith("本报告中所列数据的统计期限")
    assert "版权所有" not in report.prose.s6.full_text()
    assert "打印" not in report.prose.s6.full_text()


def test_pdf_page_numbers_and_broken_lines(tmp_path: Path) -> None:
    text = (
        "             某某镇人民政府\n     2023 年政府信息公开工作年度报告\n\n"
        "   本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自\n"
        "2023 年 1 月 1 日起至 2023 年 12 月 31 日止。\n"
        "   一、总体情况\n"
        "   （一）主动公开。全年在镇政府网站主动公开政府信息 356 条，其中政策文\n"
        "件 12 件，涵盖乡村振兴、社会救助等领\n\n"
        "                                          — 1 —\n"
        "域。\n"
        "   （二）依申请公开。全年未收到政府信息公开申请。\n"
        "   五、存在的主要问题及改进情况\n"
        "   信息更新不够及时。下一步将建立定期\n检查制度。\n"
        "   六、其他需要报告的事项\n"
        "   本年度未收取信息处理费。\n"
        "                                          — 2 —\n"
    )
    result = _import_text(tmp_path, text)
    report = result.report
    assert (report.meta.org_name, report.meta.year) == ("某某镇人民政府", 2023)
    assert report.meta.level is Level.TOWNSHIP
    assert report.prose.s1.parts[0].text == (
        "全年在镇政府网站主动公开政府信息356条，其中政策文件12件，涵盖乡村振兴、社会救助等领域。"
    )
    assert report.prose.opening.endswith("自2023年1月1日起至2023年12月31日止。")
    assert report.prose.s5.lead == "信息更新不够及时。下一步将建立定期检查制度。"
    assert report.info_fee_yuan == 0
    assert "— 2 —" not in report.prose.s6.full_text()
    # The tables are missing entirely: blank with the reason, not 0.
    assert report.cells["t3.new.natural"] is None
    assert "没有" in result.blanks["t3.new.natural"]


def test_2019_trial_template_is_r17_and_maps_what_maps(tmp_path: Path) -> None:
    text = """某某县教育局2022年政府信息公开工作年度报告
一、总体情况
全年工作正常开展。
二、主动公开政府信息情况
第二十条第（一）项
信息内容	本年新制作数量	本年新公开数量	对外公开总数量
规章	0	0	0
规范性文件	3	3	25
第二十条第（五）项
信息内容	上一年项目数量	本年增/减	处理决定数量
行政许可	12	0	340
其他对外管理服务事项	0	0	0
第二十条第（六）项
信息内容	上一年项目数量	本年增/减	处理决定数量
行政处罚	5	1	27
行政强制	1	0	3
第二十条第（八）项
信息内容	上一年项目数量	本年增/减
行政事业性收费	2	0
第二十条第（九）项
信息内容	采购项目数量	采购总金额
政府集中采购	4	120.5
三、收到和处理政府信息公开申请情况
"""
    result = _import_text(tmp_path, text)
    cells = result.report.cells
    assert cells["t2.normative.made"] == 3
    assert cells["t2.rules.made"] == 0
    assert cells["t2.normative.valid"] is None and cells["t2.normative.repealed"] is None
    assert (cells["t2.license"], cells["t2.penalty"], cells["t2.coercion"]) == (340, 27, 3)
    assert cells["t2.fees"] is None
    assert "2019" in result.blanks["t2.fees"]
    r17 = [f for f in result.source_findings if f.rule == "R17"]
    assert r17 and "2019年试行格式" in r17[0].message
    assert any("政府集中采购" in u for u in result.unmapped)
    assert any("其他对外管理服务事项" in u for u in result.unmapped)


def test_unknown_extension_is_refused_in_chinese(tmp_path: Path) -> None:
    from desktop.errors import UserError

    path = tmp_path / "report.rtf"
    path.write_bytes(b"{\\rtf1 report}")
    with pytest.raises(UserError, match="只能导入"):
        import_report(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes((DATA / "yanchi-2022-report.txt").read_text("utf-8").encode(encoding))
    result = import_report(path)
    assert result.report.values() == expected("yanchi-2022-cells.json")
    assert result.report.meta.org_name == "盐池县"


def test_2019_table_three_other_row_is_kept_aside(tmp_path: Path) -> None:
    lines = T3_SMALL.format(new="1 0 0 0 0 0 1", granted="1 0 0 0 0 0 1", total="1 0 0 0 0 0 1")
    lines = lines.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("（六）其他处理"))
    lines[start : start + 3] = ["（六）其他处理 0 0 0 0 0 0 0"]
    text = "某某县教育局2022年政府信息公开工作年度报告\n一、总体情况\n全年工作正常。\n" + "\n".join(
        lines
    )
    result = _import_text(tmp_path, text)
    cells = result.report.cells
    assert cells["t3.granted.natural"] == 1
    assert cells["t3.rejected_5.natural"] == 0
    assert cells["t3.other_1.natural"] is None
    assert "2019" in result.blanks["t3.other_3.natural"]
    assert any(f.rule == "R17" and "（六）其他处理" in f.message for f in result.source_findings)
    assert any("其他处理" in u for u in result.unmapped)


def test_sample_imports_to_the_bundled_example() -> None:
    """The example shipped with the app was made from the same text: same cells, same prose
    (half-width punctuation among Chinese text made full-width, as the format prints it)."""
    from desktop.project_file import load_report

    example = load_report(
        Path(__file__).resolve().parents[2] / "resources/examples/yanchi-2022.nianbao"
    )
    imported = import_report(DATA / "yanchi-2022-report.txt").report
    assert imported.cells == example.cells
    assert imported.prose == example.prose
    assert imported.info_fee_yuan == example.info_fee_yuan
    assert (imported.meta.org_name, imported.meta.year) == (
        example.meta.org_name,
        example.meta.year,
    )


def test_numbers_a_report_cannot_hold_stay_blank_with_the_reason(tmp_path: Path) -> None:
    want = expected(HUAIAN)
    text = report_text(want, pipes)
    text = text.replace("行政许可 | 447228 |", "行政许可 | 99999999999999999 |")
    text = text.replace("行政强制 | 88283 |", "行政强制 | 2.5 |")
    result = _import_text(tmp_path, text)
    assert result.report.cells["t2.license"] is None
    assert "超过 15 位" in result.blanks["t2.license"]
    assert result.report.cells["t2.coercion"] is None
    assert "整数" in result.blanks["t2.coercion"]
    # The file saves and loads again.
    from desktop.project_file import load_report, save_report

    save_report(result.report, tmp_path / "x.nianbao")
    assert load_report(tmp_path / "x.nianbao").cells == result.report.cells


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.fixed_dictionaries(
        {cid: st.sampled_from([0, 0, 0, 1, 2, 3, 10, 11, 12, 25, 101]) for cid in INPUT_IDS}
    )
)
def test_glued_numbers_are_never_split_wrongly(tmp_path: Path, values: dict[str, int]) -> None:
    """Whatever the numbers, a glued table gives only right numbers or blanks with a reason."""
    from desktop.report import Meta, Report

    report = Report(meta=Meta(org_name="某某局", year=2023), cells=values)
    everything = report.values()
    result = _import_text(tmp_path, report_text(everything, glued))  # type: ignore[arg-type]
    got = result.report.values()
    assert {k: got[k] for k in INPUT_IDS if got[k] is not None and got[k] != values[k]} == {}
    assert all(k in result.blanks for k in INPUT_IDS if got[k] is None)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.fixed_dictionaries(
        {cid: st.sampled_from([0, 0, 0, 0, 1, 2, 3, 5]) for cid in INPUT_IDS}
    ),
    rnd=st.randoms(use_true_random=False),
    with_total=st.booleans(),
)
def test_rows_missing_a_column_are_never_filled_wrongly(
    tmp_path: Path, values: dict[str, int], rnd: Any, with_total: bool
) -> None:
    """Rows of table 三 that lost one number: settled by the totals or left blank, never wrong."""
    from desktop.report import Meta, Report

    def drop_one(row: tuple[list[str], list[str]]) -> str:
        labels, vals = row
        vals = list(vals)
        if len(vals) in (6, 7) and rnd.random() < 0.5:
            del vals[rnd.randrange(len(vals))]
        return "\t".join([*labels, *vals])

    everything = Report(meta=Meta(org_name="某某局", year=2023), cells=values).values()
    text = report_text(everything, drop_one, with_total=with_total)  # type: ignore[arg-type]
    got = _import_text(tmp_path, text).report.values()
    assert {k: got[k] for k in INPUT_IDS if got[k] is not None and got[k] != values[k]} == {}


@pytest.mark.parametrize(
    ("sentence", "fee"),
    [
        ("全年收取政府信息公开信息处理费 3940 元。", Decimal(3940)),
        ("共收取信息处理费1,200元，均已上缴国库。", Decimal(1200)),
        ("依法收取信息处理费合计0.5万元。", Decimal(5000)),
        ("全年共发出收费通知3件，收取信息处理费合计：360元。", Decimal(360)),
        ("未收取信息处理费。", Decimal(0)),
        ("本年度没有收取信息处理费。", Decimal(0)),
        ("本机关不收取信息处理费。", Decimal(0)),
        ("依据《政府信息公开信息处理费管理办法》，本年度未产生信息处理费。", Decimal(0)),
        ("信息处理费收取情况：0元。", Decimal(0)),
        ("本年度按时完成各项工作。", None),
    ],
)
def test_info_fee_from_section_six(tmp_path: Path, sentence: str, fee: Decimal | None) -> None:
    text = (
        "某某局2023年政府信息公开工作年度报告\n一、总体情况\n全年工作正常开展。\n"
        f"六、其他需要报告的事项\n（一）信息处理费收取情况。{sentence}\n"
    )
    assert _import_text(tmp_path, text).report.info_fee_yuan == fee
