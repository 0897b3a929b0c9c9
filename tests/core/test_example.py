"""The bundled example is the sample report entered completely and cleanly."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from desktop.place import Place
from desktop.project_file import load_report
from desktop.report import Level, OrgKind, Report
from desktop.rules import check

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
SAMPLE_TEXT = ROOT / "tests" / "data" / "yanchi-2022-report.txt"


def prose_texts(report: Report) -> list[str]:
    p = report.prose
    out = [p.title or "", p.opening]
    for section in (p.s1, p.s5, p.s6):
        out.append(section.lead)
        for part in section.parts:
            out += [part.heading, part.text]
    return [t for t in out if t]


def test_meta_and_fee() -> None:
    report = load_report(EXAMPLE)
    meta = report.meta
    assert (meta.org_name, meta.year) == ("盐池县", 2022)
    assert (meta.org_kind, meta.level) == (OrgKind.GOVERNMENT, Level.COUNTY)
    assert report.info_fee_yuan == Decimal(0)
    assert report.title() == "盐池县2022年政府信息公开工作年度报告"
    assert report.blank_ids() == []
    # only what the sample really lacks (R20's content part): 社会评议/责任追究 in 一, last
    # year's problems in 五
    assert [(f.rule, f.fields) for f in check(report)] == [
        ("R20", (Place.whole_section(1),)),
        ("R20", (Place.whole_section(5),)),
    ]


def test_every_word_of_the_sample_is_there_once() -> None:
    """The prose, stripped of layout, is exactly the sample's prose stripped of the extraction's
    leftovers: nothing lost, nothing added."""
    sample = SAMPLE_TEXT.read_text(encoding="utf-8")
    start = sample.index("盐池县")
    tables = (sample.index("二、主动公开政府信息情况"), sample.index("五、存在的主要问题"))
    heads = re.compile(r"^[一二三四五六]、\S+$", re.M)
    kept = sample[start : tables[0]] + sample[tables[1] :]
    kept = heads.sub("", kept)
    want = kept.replace("**", "").replace(",", "，").replace(":", "：")
    want = want.replace("<", "〈").replace(">", "〉")
    want = re.sub(r"\s+", "", want)
    report = load_report(EXAMPLE)
    got = re.sub(r"\s+", "", report.title() + "".join(prose_texts(report)))
    assert got == want


def test_extraction_leftovers_are_cleaned() -> None:
    report = load_report(EXAMPLE)
    for text in prose_texts(report):
        assert "**" not in text
        assert " " not in text and "\u3000" not in text
        assert not re.search(r"[,:;()]", text), text
        assert not re.search(r"\n\n|^\n|\n$", text)
    whole = "".join(prose_texts(report))
    for word in (
        "基础建设专项整治工作",
        "四是加强信息公开工作",
        "政策性文件意见征集",
        "持续改进政策解读",
    ):
        assert word in whole
    for word in ("2022年", "4000余条", "1.5万余条", "第6版", "收到政府信息公开申请11件"):
        assert word in whole


def test_paragraph_structure() -> None:
    p = load_report(EXAMPLE).prose
    assert p.opening.startswith("根据《中华人民共和国政府信息公开条例》")
    assert p.s1.lead.startswith("2022年，盐池县坚持")
    assert [x.heading for x in p.s1.parts] == [
        "（一）深入推进政府信息主动公开。",
        "（二）依法依规做好政府信息依申请公开。",
        "（三）强化政府信息管理。",
        "（四）推进政府信息公开平台建设。",
        "（五）加强监督保障。",
    ]
    assert p.s1.parts[0].text.startswith("围绕全县国民经济和社会发展")
    assert p.s5.parts == []
    assert p.s5.lead.count("\n") == 1
    assert p.s5.lead.split("\n")[1].startswith("下一步，我县将重点做好以下工作")
    assert [x.heading for x in p.s6.parts] == [
        "（一）2022年政务公开工作要点落实情况。",
        "（二）信息处理费收取情况。",
    ]
    paragraphs = p.s6.parts[0].text.split("\n")
    assert [x[:6] for x in paragraphs] == [
        "围绕全县中心",
        "重点领域信息",
        "政策文件解读",
        "政府信息资源",
        "平台载体发布",
    ]
    assert p.s6.parts[1].text == "全县2022年收到政府信息公开申请11件，未收取信息处理费。"
