"""Markdown as converters write it from a PDF or Word report: ``#`` headings, pipe tables with a
``|---|`` rule, bold marks, and one table split in two (a page break in the original)."""

from __future__ import annotations

from pathlib import Path

from import_texts import HUAIAN, expected, report_text

from desktop.importers import import_report
from desktop.template import INPUT_IDS, SECTION_TITLES


def _markdown(values: dict) -> str:
    text = report_text(values, lambda row: "| " + " | ".join([*row[0], *row[1]]) + " |")
    out: list[str] = []
    rule_due = False
    for line in text.splitlines():
        if line in SECTION_TITLES:
            out += ["", f"## **{line}**", ""]
            rule_due = True
            continue
        if line.endswith("年度报告"):
            out.append(f"# {line}")
            continue
        if line.startswith("| ") and line.strip("| ").startswith("（五）不予处理"):
            out += ["", "— 3 —", "", "| 三、本年度办理结果 | （五）不予处理 |", "| --- | --- |"]
        out.append(line)
        if rule_due and line.startswith("|"):
            out.append("|" + " --- |" * (line.count("|") - 1))
            rule_due = False
    return "\n".join(out) + "\n"


def test_markdown_converter_output_imports_every_cell(tmp_path: Path) -> None:
    values = expected(HUAIAN)
    p = tmp_path / "报告.md"
    p.write_text(_markdown(values), encoding="utf-8")
    result = import_report(p)
    assert result.source_kind == "md"
    assert result.report.meta.org_name == "测试县人民政府办公室"
    assert {cid: result.report.cells[cid] for cid in INPUT_IDS} == {
        cid: values[cid] for cid in INPUT_IDS
    }
    assert result.report.prose.s1.parts[0].heading.startswith("（一）主动公开")
    assert result.report.info_fee_yuan == 120
