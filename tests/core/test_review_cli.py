"""``nianbao review`` on a folder of 30 units built from the corpus and the example: the
workbook's 汇总 / 问题清单 / 缺报 sheets (read back with openpyxl) and the letters (read back
with python-docx) are exactly what the folder's faults call for."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop.cli import main
from desktop.project_file import save_report
from desktop.report import OrgKind, Report
from desktop.review.collect import review_folder
from desktop.review.workbook import FINDINGS_HEADER, MISSING_HEADER, SUMMARY_HEADER, split_fix
from tests.core.review_corpus import corpus
from tests.core.unit_reports import example_report

CLEAN = [
    f"盐池县{n}"
    for n in (
        "发展和改革局 教育体育局 科学技术局 公安局 民政局 司法局 人力资源和社会保障局 自然资源局"
        " 住房和城乡建设局 交通运输局 水务局 农业农村局 商务和经济技术合作局 文化旅游广电局"
        " 卫生健康局 退役军人事务局 应急管理局 市场监督管理局 医疗保障局 林业和草原局"
    ).split()
]
HANDLED = "上年度报告所列问题已全部整改落实。"


def _dept(name: str, year: int = 2022) -> Report:
    report = example_report(name, year, OrgKind.DEPARTMENT)
    # R20: the example's 五 does not say how last year's problems were handled.
    report.prose.s5.lead = HANDLED + report.prose.s5.lead
    return report


def build_folder(root: Path) -> tuple[Path, Path, Path]:
    """The 30 units, last year's folder and the roster."""
    units, last = root / "各单位", root / "上年"
    for i, name in enumerate(CLEAN):
        sub = units / ("部门" if i % 2 else "乡镇")
        sub.mkdir(parents=True, exist_ok=True)
        save_report(_dept(name), sub / f"{name}.nianbao")
    # Known faults.
    finance = _dept("盐池县财政局")
    finance.cells["t3.carried_out.natural"] = 2  # R1: 11 + 0 ≠ 11 + 2
    save_report(finance, units / "盐池县财政局.nianbao")
    audit = _dept("盐池县审计局")
    save_report(audit, units / "盐池县审计局.nianbao")
    stats = _dept("盐池县统计局")
    stats.meta.published = date(2023, 3, 1)  # R18: a department's deadline is 31 January
    save_report(stats, units / "盐池县统计局.nianbao")
    # Published sources, read through the importer.
    shutil.copy(corpus("excerpt-08.txt"), units / "区统计局.txt")  # R24, R25
    shutil.copy(corpus("excerpt-09.txt"), units / "浑南区国资局.txt")
    shutil.copy(corpus("hongze-2023.txt"), units / "洪泽区人民政府.txt")  # 2023, R6
    shutil.copy(corpus("shanghai-2019.docx"), units / "上海市人民政府办公厅.docx")  # 2019, R17
    # One unreadable, one duplicate, one unit that is not on the roster.
    (units / "坏文件.nianbao").write_text('{"meta": ', encoding="utf-8")
    (units / "重复").mkdir()
    shutil.copy(units / "乡镇" / f"{CLEAN[0]}.nianbao", units / "重复" / "再报一次.nianbao")
    save_report(_dept("盐池县气象局"), units / "盐池县气象局.nianbao")
    # Last year: 审计局's 行政许可 was 1000 (now 14356: R26) and its text the same (R21).
    prev_audit = _dept("盐池县审计局", 2021)
    prev_audit.cells["t2.license"] = 1000
    prev_audit.cells["t2.normative.valid"] = 111  # 111 + 2 − 0 = 113: R8 holds
    last.mkdir()
    save_report(prev_audit, last / "审计局2021.nianbao")
    # Two 2021 reports of 林业和草原局: ambiguous, listed, not used.
    save_report(_dept(CLEAN[-1], 2021), last / "林草局-1.nianbao")
    other = _dept(CLEAN[-1], 2021)
    other.prose.s6.lead = "另一稿。"
    save_report(other, last / "林草局-2.nianbao")
    roster = root / "名单.txt"
    names = [
        *CLEAN,
        "盐池县财政局",
        "盐池县审计局",
        "盐池县统计局",
        "区统计局",
        "浑南区国资局",
        "洪泽区人民政府",
        "上海市人民政府办公厅",
        "盐池县档案局",  # sent nothing
    ]
    roster.write_text("\n".join(names) + "\n", encoding="utf-8")
    return units, last, roster


def _rows(ws: object) -> list[tuple[object, ...]]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def _by_unit(rows: list[tuple[object, ...]]) -> dict[str, list[tuple[object, ...]]]:
    out: dict[str, list[tuple[object, ...]]] = {}
    for r in rows[1:]:
        out.setdefault(str(r[0]), []).append(r)
    return out


def test_review_thirty_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units, last, roster = build_folder(tmp_path)
    files = [p for p in units.rglob("*") if p.is_file()]
    assert len(files) == 30
    out, letters = tmp_path / "审核结果.xlsx", tmp_path / "意见"
    argv = [
        "review",
        str(units),
        "-o",
        str(out),
        "--roster",
        str(roster),
        "--previous",
        str(last),
        "--letters",
        str(letters),
    ]
    assert main(argv) == 1
    printed = capsys.readouterr().out
    assert "共 30 个文件" in printed and "缺报 1 个" in printed

    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题清单", "缺报"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
        assert all(ws.column_dimensions[c].width >= 7 for c in "ABC")
        assert ws["A2"].alignment.wrap_text

    summary = _rows(wb["汇总"])
    assert summary[0] == SUMMARY_HEADER
    status = {(r[0], r[4]): r[5] for r in summary[1:]}
    assert len(summary) == 1 + 30 + 1
    for i, name in enumerate(CLEAN[:-1]):
        folder = "部门" if i % 2 else "乡镇"
        assert status[(name, str(Path(folder) / f"{name}.nianbao"))] == "通过"
    row = {r[0]: r for r in summary[1:] if r[4] and "重复" not in str(r[4])}
    assert row["盐池县财政局"] == (
        "盐池县财政局",
        "政府部门",
        "县级",
        2022,
        "盐池县财政局.nianbao",
        "有错误",
        1,
        0,
    )
    assert row["盐池县审计局"][5:] == ("有警告", 0, 2)
    assert row["盐池县统计局"][5:] == ("有警告", 0, 1)
    assert row["盐池县气象局"][5:] == ("通过", 0, 0)
    assert row["坏文件"][5] == "无法读取"
    assert row["区统计局"][5] == "有错误"
    assert row["洪泽区人民政府"][3] == 2023 and row["洪泽区人民政府"][5] == "有错误"
    assert row["上海市人民政府办公厅"][3] == 2019 and row["上海市人民政府办公厅"][5] == "有错误"
    assert status[(CLEAN[0], str(Path("重复") / "再报一次.nianbao"))] == "有错误"
    assert summary[-1] == ("盐池县档案局", None, None, None, None, "缺报", None, None)

    # Long texts wrap: their rows are made tall enough to show them (no viewer grows them).
    sheet = wb["问题清单"]
    tall = [r for r in range(2, sheet.max_row + 1) if (sheet.row_dimensions[r].height or 0) > 16]
    long = [r for r in range(2, sheet.max_row + 1) if len(str(sheet.cell(r, 3).value)) > 60]
    assert long and set(long) <= set(tall)
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    findings = _rows(wb["问题清单"])
    assert findings[0] == FINDINGS_HEADER
    by_unit = _by_unit(findings)
    for name in CLEAN[1:-1]:
        assert name not in by_unit
    assert [(r[4], r[5]) for r in by_unit["盐池县财政局"]] == [("错误", "R1")]
    place = str(by_unit["盐池县财政局"][0][1])
    assert place.startswith("表三 ") and "/ 自然人" in place and place.endswith("等 4 格")
    assert by_unit["盐池县财政局"][0][3] == "结转下年度应为 0，或核对办理结果"
    assert sorted(r[5] for r in by_unit["盐池县审计局"]) == ["R21", "R26"]
    r26 = next(r for r in by_unit["盐池县审计局"] if r[5] == "R26")
    assert r26[1] == "表二 行政许可 / 本年处理决定数量"
    assert "本年 14356，2021 年为 1000，是上年的 14.4 倍" in str(r26[2])
    assert [(r[1], r[5]) for r in by_unit["盐池县统计局"]] == [("基本信息 发布日期", "R18")]
    dup = [r for r in by_unit[CLEAN[0]] if "再报一次" in str(r[6])]
    assert [(r[4], r[5]) for r in dup] == [("错误", "审核")] and "同一份文件" in str(dup[0][2])
    # The ambiguous last-year pair is listed on the unit, not used (no R21 against either).
    forest = by_unit[CLEAN[-1]]
    assert [(r[4], r[5]) for r in forest] == [("警告", "审核")]
    assert "无法确定用哪一份" in str(forest[0][2])
    assert status[(CLEAN[-1], str(Path("部门") / f"{CLEAN[-1]}.nianbao"))] == "有警告"
    bad = by_unit["坏文件"]
    assert len(bad) == 1 and bad[0][1] == "文件" and bad[0][4] == "错误"
    statistics = {r[5] for r in by_unit["区统计局"]}
    assert {"R24", "R25", "R12"} <= statistics
    assert any("缺少第四部分" in str(r[2]) for r in by_unit["区统计局"])
    assert any(r[5] == "R6" for r in by_unit["洪泽区人民政府"])
    assert any(r[5] == "审核" and "2023 年度的" in str(r[2]) for r in by_unit["洪泽区人民政府"])
    assert any(r[5] == "R17" for r in by_unit["上海市人民政府办公厅"])

    missing = _rows(wb["缺报"])
    assert missing == [
        MISSING_HEADER,
        ("盐池县档案局", "缺报", "名单上有此单位，但没有收到它的报告"),
        ("盐池县气象局", "不在名单上", "收到了这个单位的报告，但名单上没有它"),
    ]

    # Letters: one per unit with findings (an unreadable file included), none for clean ones.
    written = sorted(p.name for p in letters.iterdir())
    expected = {
        "盐池县财政局",
        "盐池县审计局",
        "盐池县统计局",
        "区统计局",
        "浑南区国资局",
        "洪泽区人民政府",
        "上海市人民政府办公厅",
        "坏文件",
        CLEAN[0],
        CLEAN[-1],
    }
    assert written == sorted(f"{n}_审核意见.docx" for n in expected)
    doc = Document(str(letters / "盐池县审计局_审核意见.docx"))
    paras = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    assert paras[0] == ("公文标题", "关于盐池县审计局2022年政府信息公开工作年度报告的审核意见")
    assert paras[1][1] == "盐池县审计局："
    # The 主送 line is 顶格 (GB/T 9704), the body below it indented two characters.
    assert doc.paragraphs[1].paragraph_format.first_line_indent == 0
    assert doc.paragraphs[2].paragraph_format.first_line_indent is None  # the body style's
    assert doc.paragraphs[2].style.paragraph_format.first_line_indent > 0
    assert paras[3] == ("一级标题", "一、警告（请逐项核对）")
    assert paras[4][1].startswith("1. 位置：")
    assert any("位置：表二 行政许可 / 本年处理决定数量。问题：" in t for _, t in paras)
    assert paras[-1][1].startswith("审核日期：")
    finance = Document(str(letters / "盐池县财政局_审核意见.docx"))
    texts = [p.text for p in finance.paragraphs]
    assert "一、错误（必须改正）" in texts
    assert any("修改建议：结转下年度应为 0，或核对办理结果。" in t for t in texts)
    sec = doc.sections[0]
    assert round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28


def test_review_outputs_refused_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = tmp_path / "各单位"
    units.mkdir()
    save_report(_dept("盐池县水务局"), units / "a.nianbao")
    out = tmp_path / "结果.xlsx"
    assert main(["review", str(units), "-o", str(out)]) == 0
    before = out.read_bytes()
    assert main(["review", str(units), "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert main(["review", str(units), "-o", str(tmp_path / "结果.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    # Letters that exist are refused before the workbook is written.
    bad = units / "b.nianbao"
    bad.write_text("x", encoding="utf-8")
    letters = tmp_path / "意见"
    letters.mkdir()
    (letters / "b_审核意见.docx").write_bytes(b"old")
    out2 = tmp_path / "结果2.xlsx"
    assert main(["review", str(units), "-o", str(out2), "--letters", str(letters)]) == 2
    assert not out2.exists() and (letters / "b_审核意见.docx").read_bytes() == b"old"
    assert main(["review", str(units), "-o", str(out2), "--letters", str(letters), "--force"]) == 1
    assert (letters / "b_审核意见.docx").read_bytes() != b"old"


def test_review_nothing_readable_exit_2(tmp_path: Path) -> None:
    (tmp_path / "u").mkdir()
    (tmp_path / "u" / "坏.nianbao").write_text("x", encoding="utf-8")
    assert main(["review", str(tmp_path / "u"), "-o", str(tmp_path / "r.xlsx")]) == 2
    assert (tmp_path / "r.xlsx").exists()  # the unreadable file is still listed


def test_workbook_write_error_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.project_file as pf

    units = tmp_path / "u"
    units.mkdir()
    save_report(_dept("盐池县水务局"), units / "a.nianbao")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pf, "atomic_write_bytes", full)
    monkeypatch.setattr("desktop.safe_write.atomic_write", full)
    monkeypatch.setattr("desktop.safe_write.atomic_write_bytes", full)
    assert main(["review", str(units), "-o", str(tmp_path / "r.xlsx")]) == 2
    assert not (tmp_path / "r.xlsx").exists()


def test_formula_like_text_is_kept_as_text(tmp_path: Path) -> None:
    from desktop.review.workbook import write_workbook

    units = tmp_path / "u"
    units.mkdir()
    save_report(_dept('=HYPERLINK("x")'), units / "a.nianbao")
    result = review_folder(units)
    write_workbook(result, tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["汇总"]
    assert ws["A2"].data_type == "s" and str(ws["A2"].value).endswith('=HYPERLINK("x")')


def test_split_fix() -> None:
    assert split_fix("表三 …：a；结转下年度应为 0") == ("表三 …：a", "结转下年度应为 0")
    assert split_fix("甲。如是沿用往年的文字，请改为 2022 年。") == (
        "甲",
        "如是沿用往年的文字，请改为 2022 年",
    )
    assert split_fix("只有问题") == ("只有问题", "")
