"""Local rule packs (.nbrules): the sample pack, each kind of requirement, malformed packs
refused whole with the line named, and ``check --rules`` / ``review --rules``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.place import Place
from desktop.project_file import save_report
from desktop.rulepack import RulePackError, load_pack, parse_pack
from tests.core.unit_reports import ROOT, example_report

SAMPLE = ROOT / "resources" / "rules" / "example.nbrules"
NAME = "盐池县政务公开办2022年度报告报审要求"


def test_sample_pack_on_the_example() -> None:
    pack = load_pack(SAMPLE)
    assert pack.name == NAME
    assert pack.review_date == date(2023, 1, 15)
    found = pack.findings(example_report())
    # The example states no number of 政策解读; everything else the pack asks for is there.
    assert [(f.rule, f.fields) for f in found] == [(NAME, (Place.whole_section(1),))]
    assert found[0].message.startswith(f"【{NAME}】一、总体情况：应写明本年度发布政策解读的数量")
    report = example_report()
    report.prose.s1.parts[0].text += "全年发布政策解读材料 12 篇。"
    assert pack.findings(report) == []


def _pack(**items: object) -> str:
    return json.dumps({"名称": "测试规则包", **items}, ensure_ascii=False, indent=2)


def test_each_requirement_fires() -> None:
    pack = parse_pack(
        _pack(
            报审日期="2023-01-15",
            字数上限={"五": 50},
            必备小标题={"一": ["主动公开", "考核评议"]},
            正文要求=[{"部分": "开头", "须包含": "统计期限", "提示": "开头应写明统计期限"}],
        )
    )
    report = example_report()
    report.meta.published = date(2023, 1, 20)
    messages = [f.message for f in pack.findings(report)]
    assert len(messages) == 4
    assert "发布日期 2023年1月20日 晚于本地规定的报审日期 2023年1月15日" in messages[0]
    assert messages[1] == "【测试规则包】开头段落：开头应写明统计期限"
    assert "五、存在的主要问题及改进情况有 " in messages[2] and "超过规定的 50 字" in messages[2]
    assert "缺少小标题“考核评议”" in messages[3]
    report.meta.published = date(2023, 1, 15)
    assert len(pack.findings(report)) == 3
    # While editing: 报审日期 against today, only while there is no 发布日期.
    report.meta.published = None
    soon = pack.findings(report, today=date(2023, 1, 10))
    assert "还有 5 天" in soon[0].message and soon[0].severity.value == "info"
    late = pack.findings(report, today=date(2023, 1, 16))
    assert "已过本地规定的报审日期" in late[0].message
    assert len(pack.findings(report, today=date(2022, 12, 1))) == 3


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('{\n  "名称": "甲",\n  "报审日期": "2023-01-15"\n  "字数上限": {}\n}', 4, "缺少逗号"),
        ('{\n  "名称": "甲",\n  "字数上线": {"一": 10}\n}', 3, "不认识的项目“字数上线”"),
        ('{\n  "名称": "甲",\n  "报审日期": "2023-13-01"\n}', 3, "报审日期“2023-13-01”"),
        (
            '{\n  "名称": "甲",\n  "正文要求": [\n    {"部分": "一", "须包含": "解读(\\\\d+",'
            ' "提示": "x"}\n  ]\n}',
            4,
            "写法有误",
        ),
        ('{\n  "名称": "甲",\n  "字数上限": {\n    "二": 10\n  }\n}', 4, "“二”不是可以检查的部分"),
        ('{\n  "名称": "甲",\n  "字数上限": {\n    "一": -5\n  }\n}', 4, "应是正整数"),
        ('{\n  "报审日期": "2023-01-15"\n}', 1, "缺少“名称”"),
        ("[1, 2]", 1, "对象"),
    ],
)
def test_malformed_pack_refused_whole_naming_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(RulePackError) as info:
        parse_pack(text, Path("县规则.nbrules"))
    message = str(info.value)
    assert f"规则包“县规则.nbrules”第 {line} 行有错误" in message
    assert words in message and "规则包整个未使用" in message


def test_check_rules_and_malformed_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.nianbao"
    save_report(example_report("盐池县交通运输局"), path)
    code = main(["check", str(path)])
    plain = capsys.readouterr().out
    assert main(["check", str(path), "--rules", str(SAMPLE)]) == code
    with_pack = capsys.readouterr().out
    assert f"【{NAME}】" in with_pack and f"【{NAME}】" not in plain
    assert main(["check", str(path), "--rules", str(SAMPLE), "--json"]) == code
    assert NAME in [f["rule"] for f in json.loads(capsys.readouterr().out)]
    bad = tmp_path / "坏.nbrules"
    bad.write_text('{\n  "名称": "甲",\n}\n', encoding="utf-8")
    assert main(["check", str(path), "--rules", str(bad)]) == code
    captured = capsys.readouterr()
    assert "规则包“坏.nbrules”第 3 行有错误" in captured.err and "只按内置规则检查" in captured.err
    assert captured.out == plain  # the built-in rules ran as without a pack


def test_review_rules_findings_carry_the_pack_name(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    units = tmp_path / "u"
    units.mkdir()
    save_report(example_report("盐池县交通运输局"), units / "a.nianbao")
    out = tmp_path / "r.xlsx"
    main(["review", str(units), "-o", str(out), "--rules", str(SAMPLE)])
    rows = list(load_workbook(out)["问题清单"].iter_rows(values_only=True))
    pack_rows = [r for r in rows if r[5] == NAME]
    assert len(pack_rows) == 1 and str(pack_rows[0][2]).startswith(f"【{NAME}】")
