"""What an import reads around the tables: the organ's name without page chrome, its kind and
level inferred from the name (and said), the dates (spec §11), the 信息处理费 phrases, and no
false traditional-character notice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.importers import import_report
from desktop.importers.meta import clean_org, infer_kind_level, page_dates, parse_date, undouble
from desktop.importers.summary import summary_lines, summary_sections
from desktop.report import Level, OrgKind


@pytest.mark.parametrize(
    ("raw", "org"),
    [
        ("标题: 平潭综合实验区", "平潭综合实验区"),
        ("本地目录:zwgk/zfxxgk/zfxxgknb/202202/80613_平潭综合实验区", "平潭综合实验区"),
        ("#沐阳县人民政府", "沐阳县人民政府"),
        ("当前位置：首页>政务公开>年报>某县人民政府", "某县人民政府"),
        ("淮安市人民政府", "淮安市人民政府"),
    ],
)
def test_organ_name_without_page_chrome(raw: str, org: str) -> None:
    assert clean_org(raw) == org


def test_a_title_printed_twice_counts_once() -> None:
    assert undouble("某县2023年报告某县2023年报告") == "某县2023年报告"
    assert undouble("某县2023年报告") == "某县2023年报告"


@pytest.mark.parametrize(
    ("org", "kind", "level", "sure"),
    [
        ("平潭综合实验区", OrgKind.GOVERNMENT, Level.COUNTY, True),
        ("洪泽区人民政府", OrgKind.GOVERNMENT, Level.COUNTY, True),
        ("太平镇人民政府", OrgKind.GOVERNMENT, Level.TOWNSHIP, True),
        ("桐梓县夜郎镇", OrgKind.GOVERNMENT, Level.TOWNSHIP, True),
        ("某某街道办事处", OrgKind.GOVERNMENT, Level.TOWNSHIP, True),
        ("四川省人民政府", OrgKind.GOVERNMENT, Level.PROVINCE, True),
        ("淮安市人民政府", OrgKind.GOVERNMENT, Level.COUNTY, False),  # 设区的市 or not
        ("某某经济开发区管委会", OrgKind.GOVERNMENT, Level.COUNTY, True),
        ("四川省人民政府办公厅", OrgKind.DEPARTMENT, Level.PROVINCE, True),
        ("上海市人民政府办公厅", OrgKind.DEPARTMENT, Level.PROVINCE, True),
        ("自然资源部", OrgKind.DEPARTMENT, Level.STATE_COUNCIL_DEPT, True),
        ("阎良区信访局", OrgKind.DEPARTMENT, Level.COUNTY, True),
        ("某某省生态环境厅", OrgKind.DEPARTMENT, Level.PROVINCE, True),
        ("高平市人民政府办公室", OrgKind.DEPARTMENT, Level.COUNTY, False),
    ],
)
def test_kind_and_level_from_the_name(org: str, kind: OrgKind, level: Level, sure: bool) -> None:
    got_kind, got_level, unsure = infer_kind_level(org)
    assert (got_kind, got_level, not unsure) == (kind, level, sure)


def test_dates_from_fields_and_chinese_numerals() -> None:
    assert parse_date("二〇二四年一月三十一日") == date(2024, 1, 31)
    assert parse_date("2024年1月31日") == date(2024, 1, 31)
    texts = ["发布时间: 2022-02-08 16:34", "成文日期：2022年01月20日"]
    assert page_dates(texts) == (date(2022, 2, 8), date(2022, 1, 20))
    assert page_dates(["来源：某县人民政府 时间：2023-03-01 09:00"]) == (date(2023, 3, 1), None)


def _report(tmp_path: Path, body6: str, head: str = "", title: str = "某县人民政府") -> Path:
    p = tmp_path / "r.txt"
    p.write_text(
        f"{head}\n{title}2023年政府信息公开工作年度报告\n一、总体情况\n全年公开信息。\n"
        "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n"
        f"六、其他需要报告的事项\n{body6}\n",
        encoding="utf-8",
    )
    return p


def test_signature_gives_the_written_date_and_leaves_the_prose(tmp_path: Path) -> None:
    p = _report(
        tmp_path,
        "本年度未收取信息处理费。\n某县人民政府\n2024年1月20日",
        head="简体版 | 繁體版\n发布日期：2024-01-25",
    )
    result = import_report(p)
    meta = result.report.meta
    assert (meta.published, meta.written) == (date(2024, 1, 25), date(2024, 1, 20))
    assert "2024年1月20日" not in result.report.prose.s6.full_text()
    lines = "\n".join(summary_lines(summary_sections(result)))
    assert "成文日期：2024-01-20（落款）" in lines
    assert "发布日期：2024-01-25" in lines
    assert "机关类型：人民政府，层级：县级（按机关名称推断）" in lines
    assert not any("繁体" in n for n in result.notes)  # the 繁體版 link is no report text


def test_fee_phrases(tmp_path: Path) -> None:
    none = import_report(_report(tmp_path, "本年度未发生收费情况。"))
    assert none.report.info_fee_yuan == 0
    wan = import_report(_report(tmp_path, "全年收取信息处理费0.12万元。"))
    assert wan.report.info_fee_yuan == Decimal(1200)
    assert any("0.12万元" in n and "1200 元" in n for n in wan.notes)
    other = import_report(_report(tmp_path, "行政事业性收费未发生变化。"))
    assert other.report.info_fee_yuan is None


def test_pinyin_annotations_do_not_hide_labels(tmp_path: Path) -> None:
    p = tmp_path / "py.txt"
    p.write_text(
        "某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n略。\n"
        "二、主动公开政府信息情况\n第二十条第（一）项\n"
        "信息内容 本年制发件数 本年废止件数 现行有效件数\n"
        "規(guī)章 0 0 0\n行政规(guī)范性文件 3 1 20\n三、收到和处理政府信息公开申请情况\n",
        encoding="utf-8",
    )
    result = import_report(p)
    assert result.report.cells["t2.rules.valid"] == 0
    assert result.report.cells["t2.normative.valid"] == 20
    assert any("拼音" in n for n in result.notes)


def test_fee_with_many_decimals_is_imported_as_printed_and_flagged(tmp_path: Path) -> None:
    from desktop.importers.summary import import_findings

    p = tmp_path / "fee.txt"
    p.write_text(
        "某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n略。\n"
        "二、主动公开政府信息情况\n第二十条第（八）项\n信息内容 本年收费金额（单位：万元）\n"
        "行政事业性收费 190.45737912\n三、收到和处理政府信息公开申请情况\n",
        encoding="utf-8",
    )
    result = import_report(p)
    assert str(result.report.cells["t2.fees"]) == "190.45737912"
    assert any("190.45737912" in f.message for f in import_findings(result))


def test_organ_from_the_opening_sentence_when_there_is_no_title(tmp_path: Path) -> None:
    p = tmp_path / "o.txt"
    p.write_text(
        "根据《中华人民共和国政府信息公开条例》要求，特编制湛江市人民政府地方志办公室"
        "2023年政府信息公开工作年度报告。\n一、总体情况\n略。\n",
        encoding="utf-8",
    )
    result = import_report(p)
    assert result.report.meta.org_name == "湛江市人民政府地方志办公室"
    assert any("按开头一段的文字推断" in r for r in result.recovered)
