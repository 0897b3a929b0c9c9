"""Importing an office's own 台账 (messy, as offices keep them), exporting the register, the
报送副本, and that applicant data never reaches the report outputs."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.cli import main
from desktop.project_file import load_report, save_report
from desktop.register.model import ApplicantKind, Application, Register
from desktop.register.sync import apply_register
from desktop.register.table_io import Mapping, parse_date_text, propose, read_sheet
from desktop.report import new_report


def messy_register(path: Path) -> Path:
    """A 台账 the way a county office keeps it: a merged title row, a 序号 column, headers of
    its own, dates as Excel dates and as text, blank lines between months, its own words."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["某某县自然资源局2025年政府信息公开申请登记台账"])
    ws.merge_cells("A1:I1")
    ws.append([])
    ws.append(
        [
            "序号",
            "受理编号",
            "受理日期",
            "申请人身份",
            "申请人",
            "申请方式",
            "申请内容",
            "答复结果",
            "办结日期",
        ]
    )
    ws.append(
        [
            1,
            "YS-001",
            datetime(2025, 1, 6),
            "公民",
            "张三",
            "网上申请",
            "某地块征收补偿方案",
            "同意公开",
            datetime(2025, 1, 20),
        ]
    )
    ws.append(
        [
            2,
            "YS-002",
            "2025/1/15",
            "企业",
            "某某建设有限公司",
            "信函",
            "规划许可证",
            "部分公开",
            "2025年2月10日",
        ]
    )
    ws.append([])
    ws.append(
        [
            3,
            "YS-003",
            "2月3日",
            "律师事务所",
            "某律所",
            "现场",
            "执法案卷",
            "不予公开（属于行政执法案卷）",
            "2025-02-25",
        ]
    )
    ws.append([4, "YS-004", "2025.3.5", "公民", "李四", "网上申请", "低保名单", "办理中", None])
    ws.append(
        [5, "YS-005", "2025-3-8", "个体户", "王五", "电话", "某会议纪要", "已答复", "2025-3-20"]
    )  # 个体户, 电话 and 已答复 are not recognised
    ws.append(
        [6, "YS-006", "2025-13-40", "公民", "赵六", "网上申请", "x", "同意公开", "2025-3-20"]
    )  # impossible date
    ws.append([None] * 9)
    path = tmp = path / "台账.xlsx"
    wb.save(tmp)
    return path


def test_a_messy_office_register_gets_a_correct_mapping_summary(tmp_path: Path) -> None:
    p = propose(read_sheet(messy_register(tmp_path)), 2025)
    assert p.header_line == 3
    assert p.mapping.columns == {
        "序号": "ignore",
        "受理编号": "id",
        "受理日期": "received",
        "申请人身份": "kind",
        "申请人": "applicant",
        "申请方式": "channel",
        "申请内容": "content",
        "答复结果": "result",
        "办结日期": "answered",
    }
    assert p.mapping.values["kind"] == {
        "公民": "自然人",
        "企业": "商业企业",
        "律师事务所": "法律服务机构",
    }
    assert p.mapping.values["result"]["同意公开"] == "granted"
    assert p.mapping.values["result"]["不予公开（属于行政执法案卷）"] == "withheld_7"
    assert p.mapping.values["result"]["办理中"] is None
    rows = {a.id: a for _, a in p.rows}
    assert list(rows) == ["YS-001", "YS-002", "YS-003", "YS-004"]
    assert rows["YS-001"].received == date(2025, 1, 6) and rows["YS-001"].answered == date(
        2025, 1, 20
    )
    assert rows["YS-002"].received == date(2025, 1, 15) and rows["YS-002"].answered == date(
        2025, 2, 10
    )
    assert rows["YS-003"].received == date(2025, 2, 3)  # 2月3日 of the report year
    assert rows["YS-004"].result is None and rows["YS-004"].answered is None
    assert p.unknown_values == {"kind": ["个体户"], "channel": ["电话"], "result": ["已答复"]}
    assert [(u.line, len(u.reasons)) for u in p.unmapped] == [(9, 3), (10, 1)]
    assert "不是日期" in p.unmapped[1].reasons[0]
    assert p.skipped_blank == 2


def test_cli_without_yes_writes_nothing_and_exits_one_when_rows_are_unmapped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = messy_register(tmp_path)
    f = tmp_path / "2025.nianbao"
    save_report(new_report("某某县自然资源局", 2025), f)
    before = f.read_bytes()
    assert main(["register-import", str(table), "--into", str(f)]) == 1
    out = capsys.readouterr().out
    assert "受理日期 → 收到申请日期" in out and "序号 → （不读取）" in out
    assert "第 9 行" in out and "个体户" in out and "未写入任何内容" in out
    assert f.read_bytes() == before


def test_cli_with_yes_adds_mappable_rows_once_and_switches_a_blank_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = messy_register(tmp_path)
    f = tmp_path / "2025.nianbao"
    save_report(new_report("某某县自然资源局", 2025), f)
    assert main(["register-import", str(table), "--into", str(f), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "已导入 4 行" in out and "由台账生成" in out and "2 行无法对应" in out
    r = load_report(f)
    assert r.ledger.t3_generated and len(r.ledger.applications) == 4
    # dump shows the derived table
    assert main(["dump", str(f)]) == 0
    cells = json.loads(capsys.readouterr().out)
    assert cells["t3.new.natural"] == 2 and cells["t3.granted.natural"] == 1
    assert cells["t3.carried_out.natural"] == 1 and cells["t3.withheld_7.legal"] == 1
    assert cells["t3.total.total"] == 3 and cells["t3.new.total"] == 4
    # the same sheet again adds nothing
    assert main(["register-import", str(table), "--into", str(f), "--yes"]) == 0
    assert "已导入 0 行" in capsys.readouterr().out
    assert len(load_report(f).ledger.applications) == 4


def test_a_mapping_file_maps_what_was_not_recognised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = messy_register(tmp_path)
    f = tmp_path / "2025.nianbao"
    save_report(new_report("某某县自然资源局", 2025), f)
    m = tmp_path / "映射.json"
    m.write_text(
        json.dumps(
            {
                "format": "nianbao-register-mapping",
                "columns": {},
                "values": {
                    "kind": {"个体户": "商业企业"},
                    "channel": {"电话": "其他"},
                    "result": {"已答复": "（一）予以公开"},
                },
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert main(["register-import", str(table), "--into", str(f), "--mapping", str(m)]) == 1
    out = capsys.readouterr().out
    assert "个体户 → 商业企业" in out and "可导入 5 行" in out and "第 10 行" in out
    bad = tmp_path / "坏.json"
    bad.write_text('{"format": "nianbao-register-mapping", "columns": {"A": "年龄"}}', "utf-8")
    assert main(["register-import", str(table), "--into", str(f), "--mapping", str(bad)]) == 2
    assert "不是台账的字段" in capsys.readouterr().err


def test_csv_in_gb18030_and_utf8_and_the_wps_format(tmp_path: Path) -> None:
    text = "收到日期,申请人类型,处理结果,答复日期\n2025-4-1,公民,予以公开,2025-4-10\n"
    for enc in ("gb18030", "utf-8-sig"):
        p = tmp_path / f"{enc}.csv"
        p.write_bytes(text.encode(enc))
        prop = propose(read_sheet(p), 2025)
        assert len(prop.rows) == 1 and prop.complete
    et = tmp_path / "台账.et"
    et.write_bytes(b"x")
    with pytest.raises(Exception, match=r"请在 WPS 中打开它.*另存为"):
        read_sheet(et)
    assert main(["register-import", str(et), "--into", str(tmp_path / "x.nianbao")]) == 2


def test_excel_serial_dates_and_typed_date_forms() -> None:
    assert parse_date_text("2025-3-5") == date(2025, 3, 5)
    assert parse_date_text("2025/03/05") == date(2025, 3, 5)
    assert parse_date_text("3月5日", 2025) == date(2025, 3, 5)
    assert parse_date_text("2025年3月5日 10:30") == date(2025, 3, 5)
    assert parse_date_text("3月5日") is None  # no year known: not guessed
    assert parse_date_text("2025-2-30") is None
    rows = [["收到日期", "申请人类型"], [45722, "公民"]]  # 45722 = 2025-03-06 in Excel
    assert propose(rows, 2025).rows[0][1].received == date(2025, 3, 6)


def _report_with_personal_data() -> object:
    r = new_report("测试局", 2025)
    r.ledger = Register(
        applications=[
            Application(
                id="a",
                received=date(2025, 3, 1),
                kind=ApplicantKind.NATURAL,
                applicant="欧阳申请人",
                content="机密申请内容甲",
                result="granted",
                answered=date(2025, 3, 10),
                note="备注隐私乙",
            )
        ],
        t3_generated=True,
    )
    apply_register(r)
    return r


def test_applicant_data_never_reaches_docx_html_dump_or_merge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docx import Document

    r = _report_with_personal_data()
    f = tmp_path / "a.nianbao"
    save_report(r, f)  # type: ignore[arg-type]
    secrets = ("欧阳申请人", "机密申请内容甲", "备注隐私乙")
    assert all(s in f.read_text(encoding="utf-8") for s in secrets)  # the register is in the file
    assert main(["export", str(f), "-o", str(tmp_path / "a.docx"), "--draft"]) == 0
    assert main(["export", str(f), "-o", str(tmp_path / "a.html"), "--draft"]) == 0
    assert main(["dump", str(f)]) == 0
    assert main(["dump", str(f), "--format", "csv"]) == 0
    r2 = new_report("测试二局", 2025)
    save_report(r2, tmp_path / "b.nianbao")
    main(["merge", str(f), str(tmp_path / "b.nianbao"), "-o", str(tmp_path / "sum.nianbao")])
    printed = capsys.readouterr()
    doc = Document(str(tmp_path / "a.docx"))
    docx_text = "\n".join(p.text for p in doc.paragraphs) + "".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    html = (tmp_path / "a.html").read_text(encoding="utf-8")
    merged = (tmp_path / "sum.nianbao").read_text(encoding="utf-8")
    assert "merged" and (tmp_path / "sum.nianbao").exists()
    for s in secrets:
        assert s not in docx_text and s not in html and s not in merged
        assert s not in printed.out and s not in printed.err


def test_register_export_and_submit_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = _report_with_personal_data()
    f = tmp_path / "a.nianbao"
    save_report(r, f)  # type: ignore[arg-type]
    out = tmp_path / "台账.xlsx"
    assert main(["register-export", str(f), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "个人信息" in said
    ws = load_workbook(out).worksheets[0]
    assert "个人信息" in str(ws["A1"].value)
    assert [c.value for c in ws[2]][:4] == ["编号", "收到申请日期", "申请方式", "申请人类型"]
    assert ws["E3"].value == "欧阳申请人" and ws["P3"].value == "（一）予以公开"
    # the export reads back through the importer
    p = propose(read_sheet(out), 2025)
    assert [a.id for _, a in p.rows] == ["a"] and p.rows[0][1].result == "granted"
    assert main(["register-export", str(f), "-o", str(out)]) == 2  # exists, no --force
    copy = tmp_path / "报送.nianbao"
    assert main(["submit-copy", str(f), "-o", str(copy)]) == 0
    text = copy.read_text(encoding="utf-8")
    assert "欧阳申请人" not in text and "机密申请内容甲" not in text
    back = load_report(copy)
    assert back.ledger.empty and back.cells == load_report(f).cells
    assert main(["submit-copy", str(f), "-o", str(f), "--force"]) == 2


def test_a_saved_mapping_round_trips() -> None:
    m = Mapping({"受理日期": "received"}, {"kind": {"群众": "自然人"}, "result": {"x": None}})
    assert Mapping.from_json(m.to_json()).values["kind"] == {"群众": "自然人"}


def test_export_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    from desktop.register.table_io import save_register_xlsx

    reg = Register(
        applications=[
            Application(
                id="=1+1",
                received=date(2025, 3, 1),
                kind=ApplicantKind.NATURAL,
                applicant='=HYPERLINK("x")',
                content="@SUM(A1)",
            )
        ]
    )
    out = tmp_path / "t.xlsx"
    save_register_xlsx(reg, out)
    ws = load_workbook(out).worksheets[0]
    values = [ws.cell(3, c).value for c in (1, 5, 6)]
    assert all(isinstance(v, str) for v in values)
    assert all(ws.cell(3, c).data_type == "s" for c in (1, 5, 6))


XLS_FIXTURE = Path(__file__).resolve().parents[1] / "data" / "register" / "messy-register.xls"


def test_an_old_excel_xls_register_maps_like_its_xlsx(tmp_path: Path) -> None:
    data = XLS_FIXTURE.read_bytes()
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")  # a real BIFF workbook, not a renamed zip
    from_xls = propose(read_sheet(XLS_FIXTURE), 2025)
    from_xlsx = propose(read_sheet(messy_register(tmp_path)), 2025)
    assert from_xls.header_line == from_xlsx.header_line == 3
    assert from_xls.mapping == from_xlsx.mapping
    assert from_xls.unknown_values == from_xlsx.unknown_values
    assert [(n, a.model_dump()) for n, a in from_xls.rows] == [
        (n, a.model_dump()) for n, a in from_xlsx.rows
    ]
    assert from_xls.unmapped == from_xlsx.unmapped
    # Excel date cells come back as dates, text dates as text
    assert {a.id: a.received for _, a in from_xls.rows}["YS-001"] == date(2025, 1, 6)


def test_register_import_reads_xls_and_refuses_a_broken_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "2025.nianbao"
    save_report(new_report("某某县自然资源局", 2025), f)
    assert main(["register-import", str(XLS_FIXTURE), "--into", str(f), "--yes"]) == 0
    assert "已导入 4 行" in capsys.readouterr().out
    assert len(load_report(f).ledger.applications) == 4
    broken = tmp_path / "坏.xls"
    broken.write_bytes(XLS_FIXTURE.read_bytes()[:1500])
    assert main(["register-import", str(broken), "--into", str(f)]) == 2
    assert "已损坏或不是 Excel 文件" in capsys.readouterr().err
    # an .xlsx saved under an .xls name (it happens) is read as what it is
    renamed = tmp_path / "其实是xlsx.xls"
    renamed.write_bytes(messy_register(tmp_path).read_bytes())
    assert len(propose(read_sheet(renamed), 2025).rows) == 4


def messy_case_list(path: Path) -> Path:
    """A 复议/诉讼 case list as a legal office keeps it: title row, 序号, its own headers and the
    decisions as the decision documents word them."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2025年政府信息公开行政复议、行政诉讼案件统计表"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "案件类型", "收到日期", "关联申请编号", "审理结果", "结案日期", "备注"])
    ws.append([1, "行政复议", datetime(2025, 3, 2), "YS-001", "维持", datetime(2025, 5, 6), ""])
    ws.append([2, "直接起诉", "2025/4/1", "", "驳回诉讼请求", "2025-8-30", "一审"])
    ws.append([3, "复议后起诉", "2024-11-20", "", "审理中", None, "上年收到"])
    ws.append([])
    ws.append([4, "复议", "6月1日", "YS-003", "撤销并责令重新作出", "2025-7-15", ""])
    ws.append([5, "行政诉讼", "2025-7-1", "", "准予撤回起诉", "2025-9-1", ""])  # which suit?
    ws.append([6, "复议", "2025-8-1", "", "不予受理", "2025-8-10", ""])  # not a known word
    ws.append([7, "复议", "2025-9-1", "", "维持", None, ""])  # decided, no date
    out = path / "案件.xlsx"
    wb.save(out)
    return out


def test_a_case_list_is_recognised_and_mapped(tmp_path: Path) -> None:
    from desktop.register.table_io import CASES, detect_table, summary_lines

    rows = read_sheet(messy_case_list(tmp_path))
    assert detect_table(rows) == CASES
    p = propose(rows, 2025)
    assert p.table == CASES and p.header_line == 2
    assert p.mapping.columns == {
        "序号": "ignore",
        "案件类型": "kind",
        "收到日期": "received",
        "关联申请编号": "application",
        "审理结果": "decision",
        "结案日期": "decided",
        "备注": "note",
    }
    assert p.mapping.values["decision"] == {
        "维持": "维持",
        "驳回诉讼请求": "驳回",
        "审理中": "尚未审结",
        "撤销并责令重新作出": "撤销",
        "准予撤回起诉": "撤诉",
    }
    assert p.unknown_values == {"kind": ["行政诉讼"], "decision": ["不予受理"]}
    got = {c.id: c for _, c in p.rows}
    assert [(c.kind.value, c.received, c.decision, c.decided) for c in got.values()] == [
        ("行政复议", date(2025, 3, 2), "维持", date(2025, 5, 6)),
        ("未经复议直接起诉", date(2025, 4, 1), "驳回", date(2025, 8, 30)),
        ("复议后起诉", date(2024, 11, 20), "尚未审结", None),
        ("行政复议", date(2025, 6, 1), "撤销", date(2025, 7, 15)),
    ]
    assert [(u.line, u.reasons) for u in p.unmapped] == [
        (8, ("类型“行政诉讼”无法对应",)),
        (9, ("结果“不予受理”无法对应",)),
        (10, ("结果是“维持”，但没有结案日期",)),
    ]
    text = "\n".join(summary_lines(p))
    assert "识别为复议诉讼案件表" in text and "驳回诉讼请求 → 驳回" in text
    assert "行政诉讼 → （无法对应" in text and "第 10 行" in text
    # an application sheet is still an application sheet
    assert detect_table(read_sheet(messy_register(tmp_path))) == "applications"


def test_cli_imports_a_case_list_once_and_table_four_follows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = messy_case_list(tmp_path)
    f = tmp_path / "2025.nianbao"
    save_report(new_report("某某县自然资源局", 2025), f)
    before = f.read_bytes()
    assert main(["register-import", str(table), "--into", str(f)]) == 1
    out = capsys.readouterr().out
    assert "识别为复议诉讼案件表" in out and "可导入 4 行" in out and "未写入任何内容" in out
    assert f.read_bytes() == before
    m = tmp_path / "映射.json"
    m.write_text(
        json.dumps(
            {
                "format": "nianbao-register-mapping",
                "table": "cases",
                "columns": {},
                "values": {"kind": {"行政诉讼": "未经复议直接起诉"}},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    args = ["register-import", str(table), "--into", str(f), "--mapping", str(m), "--yes"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "已导入 5 行" in out and "复议诉讼案件表" in out and "2 行无法对应" in out
    assert "表四原来未填写" in out
    r = load_report(f)
    assert len(r.ledger.cases) == 5 and r.ledger.t4_generated and not r.ledger.t3_generated
    assert main(["dump", str(f)]) == 0
    cells = json.loads(capsys.readouterr().out)
    assert cells["t4.review.upheld"] == 1 and cells["t4.review.corrected"] == 1
    assert cells["t4.suit_direct.upheld"] == 1 and cells["t4.suit_direct.other"] == 1
    assert cells["t4.suit_after_review.pending"] == 1  # received 2024, undecided
    # again: nothing added twice (the rows without 编号 are recognised by their content)
    assert main(args) == 0
    assert "已导入 0 行" in capsys.readouterr().out
    assert len(load_report(f).ledger.cases) == 5


def test_rows_without_an_id_from_two_sheets_are_both_added(tmp_path: Path) -> None:
    reg = Register()
    from desktop.register.table_io import add_rows

    a = [["收到日期", "申请人类型", "申请人", "申请内容"], ["2025-4-1", "公民", "甲", "一"]]
    b = [["收到日期", "申请人类型", "申请人", "申请内容"], ["2025-4-2", "公民", "乙", "二"]]
    assert add_rows(reg, propose(a, 2025)) == (1, [])
    # the second sheet's row gets the same generated 编号 (导入-2): renumbered, not dropped
    assert add_rows(reg, propose(b, 2025)) == (1, [])
    assert [x.id for x in reg.applications] == ["导入-2", "导入-2-2"]
    assert add_rows(reg, propose(b, 2025)) == (0, [(2, "导入-2")])


def test_a_case_list_mapping_file_round_trips_and_is_checked() -> None:
    from desktop.errors import UserError

    m = Mapping({"案件类型": "kind"}, {"kind": {"行政诉讼": "复议后起诉"}, "decision": {}}, "cases")
    assert Mapping.from_json(m.to_json()) == m
    bad = m.to_json().replace("复议后起诉", "诉讼")
    with pytest.raises(UserError, match="不是“类型”的有效取值"):
        Mapping.from_json(bad)
    with pytest.raises(UserError, match="不是台账的字段"):
        Mapping.from_json(m.to_json().replace('"kind"', '"answered"', 1))


def test_an_exported_register_imports_back_both_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.register.model import Case, CaseCategory, CaseKind

    r = new_report("某某县自然资源局", 2025)
    r.ledger = Register(
        applications=[
            Application(
                id="2025-001",
                received=date(2025, 3, 1),
                kind=ApplicantKind.LEGAL,
                applicant="某律所",
                content="执法案卷",
                result="withheld_7",
                answered=date(2025, 3, 20),
            ),
            Application(id="2025-002", received=date(2025, 12, 28), kind=ApplicantKind.NATURAL),
        ],
        cases=[
            Case(
                id="案件2025-001",
                kind=CaseKind.SUIT_AFTER_REVIEW,
                application="2025-001",
                received=date(2025, 5, 1),
                decision="驳回",
                decided=date(2025, 9, 1),
            ),
            Case(
                id="案件2025-002",
                kind=CaseKind.REVIEW,
                received=date(2025, 10, 1),
                decision="撤销",
                category=CaseCategory.OTHER,  # a per-case choice: the export shows it as 计入
                decided=date(2025, 11, 1),
            ),
        ],
    )
    f = tmp_path / "a.nianbao"
    save_report(r, f)
    out = tmp_path / "台账.xlsx"
    assert main(["register-export", str(f), "-o", str(out)]) == 0
    g = tmp_path / "b.nianbao"
    save_report(new_report("某某县自然资源局", 2025), g)
    assert main(["register-import", str(out), "--into", str(g), "--yes"]) == 0
    args = ["register-import", str(out), "--into", str(g), "--sheet", "复议诉讼案件", "--yes"]
    assert main(args) == 0
    said = capsys.readouterr().out
    assert "识别为复议诉讼案件表" in said and "计入 → （不读取）" in said
    back = load_report(g).ledger
    assert back.applications == r.ledger.applications
    # the cases come back as the decisions say; the per-case 计入 is not read back as a choice
    assert [c.model_dump() for c in back.cases] == [
        r.ledger.cases[0].model_dump(),
        r.ledger.cases[1].model_dump() | {"category": None},
    ]
    assert main(["register-import", str(out), "--into", str(g), "--sheet", "无此表"]) == 2
    assert "没有名为“无此表”的工作表（有：申请台账、复议诉讼案件）" in capsys.readouterr().err
