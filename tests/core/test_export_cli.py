"""``nianbao export`` through ``desktop.cli.main``: formats by extension, exit codes, Chinese
messages, nothing half-written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import docx
import pytest

from desktop.cli import main
from desktop.project_file import save_report
from desktop.report import new_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    path = tmp_path / "空白.nianbao"
    save_report(new_report("某某局", 2023), path)
    return path


def test_export_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "年报.docx"
    code, text, _ = run(capsys, "export", str(EXAMPLE), "-o", str(out))
    assert code == 0
    assert "已导出" in text and str(out) in text
    doc = docx.Document(str(out))
    assert doc.paragraphs[0].text == "盐池县2022年政府信息公开工作年度报告"
    assert len(doc.tables) == 3


def test_export_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "年报.HTML"
    code, _, _ = run(capsys, "export", str(EXAMPLE), "-o", str(out))
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<table") == 3 and 'rowspan="22"' in html


def test_blank_report_is_refused_with_the_list(
    blank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("年报.docx", "年报.html"):
        out = tmp_path / name
        code, _, err = run(capsys, "export", str(blank), "-o", str(out))
        assert code == 1
        assert "不能导出正式文件" in err
        assert "表三 还有 144 个单元格未填" in err
        assert "--draft" in err
        assert not out.exists()


def test_draft_exports_anyway(
    blank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "草稿.docx"
    code, text, _ = run(capsys, "export", str(blank), "-o", str(out), "--draft")
    assert code == 0 and "草稿" in text
    body = docx.Document(str(out)).element.body.xml
    assert body.count("未填") > 166


def test_unreadable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", str(tmp_path / "没有.nianbao"), "-o", "x.docx")
    assert code == 2
    assert "找不到文件" in err
    bad = tmp_path / "坏.nianbao"
    bad.write_text("{不是年报", encoding="utf-8")
    code, _, err = run(capsys, "export", str(bad), "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "错误" in err
    assert not (tmp_path / "x.docx").exists()


def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", str(EXAMPLE), "-o", str(tmp_path / "无此目录" / "x.docx"))
    assert code == 2 and "文件夹不存在" in err
    code, _, err = run(capsys, "export", str(EXAMPLE), "-o", str(tmp_path))
    assert code == 2  # a folder is not an output file name (and has no .docx suffix)
    folder = tmp_path / "像文件的文件夹.docx"
    folder.mkdir()
    code, _, err = run(capsys, "export", str(EXAMPLE), "-o", str(folder))
    assert code == 2 and "文件夹" in err


def test_disk_full_leaves_no_half_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "年报.docx"

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    code, _, err = run(capsys, "export", str(EXAMPLE), "-o", str(out))
    assert code == 2 and "磁盘空间不足" in err
    assert list(tmp_path.iterdir()) == []


def test_unknown_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", str(EXAMPLE), "-o", str(tmp_path / "年报.pdf"))
    assert code == 2
    assert ".docx" in err and ".html" in err


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("用法：nianbao export")
    assert "--draft" in text and "输出文件" in text


def test_final_export_prints_open_warnings_and_empty_parts_then_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 14: only errors stop a final export; warnings and empty parts are said first.
    from desktop.project_file import load_report

    report = load_report(EXAMPLE)
    report.prose.s1.parts[2].text = ""
    source = tmp_path / "例.nianbao"
    save_report(report, source)
    out = tmp_path / "年报.docx"
    code, _, err = run(capsys, "export", str(source), "-o", str(out))
    assert code == 0 and out.exists()
    assert "2 处警告" in err and "社会评议" in err
    assert "1 个部分还没有写内容" in err and report.prose.s1.parts[2].heading in err
    assert "（R" not in err


def test_a_draft_is_marked_even_without_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A complete report exported as a draft looked exactly like the final one.
    from desktop.export_common import DRAFT_NOTICE

    docx_out, html_out = tmp_path / "草稿.docx", tmp_path / "草稿.html"
    for out in (docx_out, html_out):
        code, _, _ = run(capsys, "export", str(EXAMPLE), "-o", str(out), "--draft")
        assert code == 0
    headers = "".join(
        p.text for s in docx.Document(str(docx_out)).sections for p in s.header.paragraphs
    )
    assert DRAFT_NOTICE in headers  # in the page header: on every page
    assert DRAFT_NOTICE in html_out.read_text(encoding="utf-8")
    final = tmp_path / "正式.docx"
    run(capsys, "export", str(EXAMPLE), "-o", str(final))
    assert DRAFT_NOTICE not in "".join(
        p.text for s in docx.Document(str(final)).sections for p in s.header.paragraphs
    )
