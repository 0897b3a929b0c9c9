"""The text gate: no string field holds what XML 1.0 or UTF-8 cannot carry. The model refuses it;
a file or an import holding it opens with it removed and a note naming fields and counts; the
result can always be saved, exported and reopened."""

from __future__ import annotations

import json
import zipfile
from functools import partial
from pathlib import Path

import pytest
from unit_reports import example_report

from desktop import text_gate
from desktop.cli import main
from desktop.html_export import write_html
from desktop.project_file import load_report, report_to_json, save_report
from desktop.report import Meta, Report, Section, SubPart, new_report
from desktop.word_export import export_docx

BAD = {"surrogate": "\\ud800", "vt": "\\u000b", "ffff": "\uffff", "soh": "\\u0001"}

# Every string field of a report (path in the JSON tree → the note's Chinese name).
FIELDS: dict[tuple[str | int, ...], str] = {
    ("meta", "org_name"): "机关全称",
    ("meta", "contact"): "联系方式",
    ("prose", "title"): "标题",
    ("prose", "opening"): "开头段落",
    ("prose", "s1", "lead"): "第一部分导语",
    ("prose", "s5", "lead"): "第五部分导语",
    ("prose", "s6", "lead"): "第六部分导语",
    ("prose", "s1", "parts", 0, "heading"): "第一部分第1小节标题",
    ("prose", "s1", "parts", 0, "text"): "第一部分第1小节正文",
    ("prose", "s5", "parts", 0, "text"): "第五部分第1小节正文",
    ("prose", "s6", "parts", 0, "heading"): "第六部分第1小节标题",
    ("prose", "table_intros", "2"): "第二部分表前说明",
    ("prose", "table_intros", "4"): "第四部分表前说明",
}


def _hostile_file(tmp_path: Path, bad: str, with_previous: bool = True) -> Path:
    report = example_report()
    for number in (1, 5, 6):
        section = report.prose.section(number)
        if not section.parts:
            section.parts.append(SubPart(heading="（一）小节", text="正文"))
    report.prose.table_intros = {2: "表前", 4: "表前"}
    report.meta.contact = "电话 0953-1234567"
    report.prose.title = "自定义标题"
    report.prose.opening = "开头。"
    if with_previous:
        report.previous = new_report("上年单位", 2021)
    text = report_to_json(report)
    tree = json.loads(text)
    # The bad character goes into the middle of every field (as JSON text, so that a lone
    # surrogate can be written at all: ``\ud800`` is how such a file holds one).
    marker = "@@BAD@@"
    for path in FIELDS:
        node = tree
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = f"前{marker}后{node[path[-1]]}"
    if with_previous:
        tree["previous"]["meta"]["org_name"] = f"上年{marker}单位"
    out = tmp_path / "hostile.nianbao"
    out.write_text(
        json.dumps(tree, ensure_ascii=False, indent=2).replace(marker, bad), encoding="utf-8"
    )
    return out


@pytest.mark.parametrize("kind", sorted(BAD))
def test_every_field_opened_with_note_saved_exported_reopened(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hostile_file(tmp_path, BAD[kind])
    report = load_report(path)
    assert report.removed_text == {
        **{name: 1 for name in FIELDS.values()},
        "上年度报告的机关全称": 1,
    }
    for value in (report.meta.org_name, report.meta.contact, report.prose.title or ""):
        assert value.startswith("前后")
    # The command line says it, naming fields and counts.
    assert main(["check", str(path)]) in (0, 1)
    err = capsys.readouterr().err
    assert "已删除" in err and "机关全称 1 个" in err and "第四部分表前说明 1 个" in err
    saved = tmp_path / "saved.nianbao"
    save_report(report, saved)
    docx, html = tmp_path / "r.docx", tmp_path / "r.html"
    export_docx(report, docx, draft=True)
    write_html(report, html, draft=True)
    with zipfile.ZipFile(docx) as z:
        assert "前后" in z.read("word/document.xml").decode("utf-8")
        assert "前后" in z.read("docProps/core.xml").decode("utf-8")  # title in the properties
    assert "前后" in html.read_text(encoding="utf-8")
    again = load_report(saved)
    assert again.removed_text == {}
    assert again.meta.org_name == report.meta.org_name
    assert again.prose == report.prose
    # Commands that failed with exit 3 on such a file now work.
    assert main(["export", str(path), "-o", str(tmp_path / "x.docx"), "--draft"]) == 0
    assert main(["next", str(path), "-o", str(tmp_path / "n.nianbao")]) == 0
    assert main(["dump", str(path)]) == 0


def _application(values: dict[str, object]) -> object:
    from desktop.register.model import Application

    return Application.model_validate(
        {"id": "1", "received": "2022-03-01", "kind": "自然人", **values}
    )


def _case(values: dict[str, object]) -> object:
    from desktop.register.model import Case

    return Case.model_validate({"id": "1", "kind": "行政复议", "received": "2022-05-01", **values})


@pytest.mark.parametrize("bad", ["\ud800", "\udfff", "\x0b", "\x01", "\x00", "\uffff", "\ufffe"])
def test_model_refuses_forbidden_text_in_every_field(bad: str) -> None:
    report = new_report("甲", 2022)
    report.prose.s1.parts.append(SubPart())
    setters = [
        lambda: setattr(report.meta, "org_name", f"a{bad}"),
        lambda: setattr(report.meta, "contact", f"a{bad}"),
        lambda: setattr(report.prose, "title", f"a{bad}"),
        lambda: setattr(report.prose, "opening", f"a{bad}"),
        lambda: setattr(report.prose.s1, "lead", f"a{bad}"),
        lambda: setattr(report.prose.s1.parts[0], "heading", f"a{bad}"),
        lambda: setattr(report.prose.s1.parts[0], "text", f"a{bad}"),
        lambda: SubPart(text=f"a{bad}"),
        lambda: Section(lead=f"a{bad}"),
        lambda: Meta(org_name=f"a{bad}", year=2022),
        lambda: Report.model_validate(
            {"meta": {"org_name": "x", "year": 2022}, "prose": {"table_intros": {3: bad}}}
        ),
        *(
            partial(_application, {name: f"a{bad}"})
            for name in ("id", "applicant", "content", "consult_party", "note")
        ),
        *(partial(_case, {name: f"a{bad}"}) for name in ("id", "application", "decision", "note")),
    ]
    for set_it in setters:
        with pytest.raises(ValueError, match="无法保存到文件的特殊字符"):
            set_it()
    assert report.meta.org_name == "甲"
    assert report.prose.s1.parts[0].text == ""


def test_tab_and_newline_are_text() -> None:
    report = new_report("甲", 2022)
    report.prose.s1.lead = "第一段\n第二段\t制表"
    assert text_gate.problem("a\tb\nc") is None
    assert text_gate.problem("a\r\nb") is None  # a Windows line break is a line break
    assert text_gate.problem("a\x0cb") is not None


def test_problem_message_is_bounded_and_chinese() -> None:
    message = text_gate.problem("\x01" * 100_000 + "\ud800", "机关全称")
    assert message is not None
    assert len(message) < 300
    assert "机关全称" in message and "100001" in message


def test_import_with_forbidden_characters_notes_them(tmp_path: Path) -> None:
    from desktop.importers import import_report

    source = Path(__file__).parent.parent / "data" / "yanchi-2022-report.txt"
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[0] = lines[0][:3] + "\x01\uffff" + lines[0][3:]
    lines[5] = lines[5] + "\x1b"
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("\n".join(lines), encoding="utf-8")
    result = import_report(hostile)
    note = result.notes[0]
    assert "3 个无法保存的特殊字符" in note and "第 1 段 2 个" in note and "第 6 段 1 个" in note
    clean = import_report(source)
    assert result.report.meta.org_name == clean.report.meta.org_name
    save_report(result.report, tmp_path / "i.nianbao")
    assert load_report(tmp_path / "i.nianbao").removed_text == {}


# Every string field of the register's rows (schema 2), with the note's Chinese name.
LEDGER_FIELDS: dict[tuple[str, str], str] = {
    ("applications", "id"): "申请台账第1条的编号",
    ("applications", "applicant"): "申请台账第1条的申请人",
    ("applications", "content"): "申请台账第1条的申请内容",
    ("applications", "consult_party"): "申请台账第1条的征求意见对象",
    ("applications", "note"): "申请台账第1条的备注",
    ("cases", "id"): "复议诉讼台账第1条的编号",
    ("cases", "application"): "复议诉讼台账第1条的关联申请",
    ("cases", "decision"): "复议诉讼台账第1条的结果",
    ("cases", "note"): "复议诉讼台账第1条的备注",
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_every_register_field_opened_with_note_saved_exported_reopened(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from openpyxl import load_workbook

    from desktop.register.model import ApplicantKind, Application, Case, CaseKind

    report = example_report()
    report.ledger.applications = [
        Application(
            id="2022-001",
            received=date(2022, 3, 1),
            kind=ApplicantKind.NATURAL,
            applicant="张三",
            content="某地块征收补偿方案",
            consult_party="第三方",
            note="备注",
        )
    ]
    report.ledger.cases = [
        Case(
            id="复议-1",
            kind=CaseKind.REVIEW,
            application="2022-001",
            received=date(2022, 5, 1),
            decision="维持",
            note="案件备注",
        )
    ]
    tree = json.loads(report_to_json(report))
    marker = "@@BAD@@"
    for (rows, name), _ in LEDGER_FIELDS.items():
        row = tree["ledger"][rows][0]
        value = row[name]
        row[name] = value[:1] + marker + value[1:]
    path = tmp_path / "hostile-register.nianbao"
    path.write_text(
        json.dumps(tree, ensure_ascii=False).replace(marker, BAD[kind]), encoding="utf-8"
    )
    opened = load_report(path)
    assert opened.removed_text == {name: 1 for name in LEDGER_FIELDS.values()}
    assert opened.ledger.model_dump() == report.ledger.model_dump()  # only the bad ones went
    assert main(["check", str(path)]) in (0, 1)
    assert "复议诉讼台账第1条的结果 1 个" in capsys.readouterr().err
    saved = tmp_path / "saved.nianbao"
    save_report(opened, saved)
    assert load_report(saved).removed_text == {}
    xlsx = tmp_path / "台账.xlsx"
    assert main(["register-export", str(path), "-o", str(xlsx)]) == 0
    sheets = load_workbook(xlsx, read_only=True)
    cells = {
        str(c) for ws in sheets.worksheets for row in ws.iter_rows(values_only=True) for c in row
    }
    assert {"张三", "某地块征收补偿方案", "维持", "案件备注"} <= cells
    assert main(["submit-copy", str(path), "-o", str(tmp_path / "副本.nianbao")]) == 0
