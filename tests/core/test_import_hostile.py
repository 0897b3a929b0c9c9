"""No input file, however broken or hostile, gives a traceback or a hang: a Chinese message and
exit code 2 from ``nianbao import``."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from desktop.cli import main

_DOC_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _run_import(src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    out = tmp_path / "out.nianbao"
    code = main(["import", str(src), "-o", str(out)])
    err = capsys.readouterr().err
    assert not out.exists()
    assert "Traceback" not in err
    return code, err


def _not_a_zip(tmp_path: Path) -> Path:
    p = tmp_path / "report.docx"
    p.write_text("这其实是一个文本文件", encoding="utf-8")
    return p


def _zip_bomb(tmp_path: Path) -> Path:
    # 200 MB of zeros compress to ~200 kB: refused from the declared sizes, before inflating.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                fh.write(chunk)
    p = tmp_path / "bomb.docx"
    p.write_bytes(buf.getvalue())
    return p


def _entity_expansion(tmp_path: Path) -> Path:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + "]>"
        + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(tmp_path / "lol.docx", {"word/document.xml": lol.encode()})


def _external_entity(tmp_path: Path) -> Path:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + _DOC_HEAD.split("\n", 1)[1]
        + "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(tmp_path / "xxe.docx", {"word/document.xml": xxe.encode()})


def _malformed_xml(tmp_path: Path) -> Path:
    return _zip(
        tmp_path / "bad.docx",
        {"word/document.xml": (_DOC_HEAD + "<w:body><w:p><w:r><w:t>半截").encode()},
    )


def _no_document(tmp_path: Path) -> Path:
    return _zip(tmp_path / "empty.docx", {"[Content_Types].xml": b"<Types/>"})


def _truncated_zip(tmp_path: Path) -> Path:
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", (_DOC_HEAD + "<w:body/></w:document>") * 200)
    p = tmp_path / "cut.docx"
    p.write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    return p


def _binary_junk(tmp_path: Path) -> Path:
    p = tmp_path / "junk.txt"
    p.write_bytes(os.urandom(64 * 1024))
    return p


def _binary_html(tmp_path: Path) -> Path:
    p = tmp_path / "junk.html"
    p.write_bytes(bytes(range(256)) * 200)
    return p


def _empty(tmp_path: Path) -> Path:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    return p


def _whitespace(tmp_path: Path) -> Path:
    p = tmp_path / "blank.html"
    p.write_text("   \n\n  ", encoding="utf-8")
    return p


def _huge_text(tmp_path: Path) -> Path:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        line = "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n".encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    return p


def _many_lines(tmp_path: Path) -> Path:
    p = tmp_path / "lines.txt"
    p.write_bytes("三、收到和处理政府信息公开申请情况\n".encode() + b"0\n" * 3_000_000)
    return p


def _huge_html_grid(tmp_path: Path) -> Path:
    p = tmp_path / "grid.html"
    row = "<tr><td>1</td><td rowspan=50 colspan=50>x</td></tr>"
    p.write_text("<html><body><table>" + row * 100_000 + "</table></body></html>", "utf-8")
    return p


def _directory(tmp_path: Path) -> Path:
    p = tmp_path / "folder.docx"
    p.mkdir()
    return p


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere.txt"


def _doc_file(tmp_path: Path) -> Path:
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return p


CASES = {
    "not-a-zip": (_not_a_zip, "不是有效的 Word 文档"),
    "zip-bomb": (_zip_bomb, "恶意构造的压缩文件"),
    "entity-expansion": (_entity_expansion, "DOCTYPE"),
    "external-entity": (_external_entity, "DOCTYPE"),
    "malformed-xml": (_malformed_xml, "已损坏"),
    "no-document-xml": (_no_document, "没有 Word 正文"),
    "truncated-zip": (_truncated_zip, "无法导入"),
    "binary-junk": (_binary_junk, "无法导入"),
    "binary-html": (_binary_html, "无法导入"),
    "empty-file": (_empty, "空的"),
    "whitespace-only": (_whitespace, "没有文字内容"),
    "50-MB-text": (_huge_text, "文件过大"),
    "directory": (_directory, "文件夹"),
    "3-million-lines": (_many_lines, "行数过多"),
    "huge-html-grid": (_huge_html_grid, "不像是年度报告"),
    "missing-file": (_missing, "找不到"),
    "old-doc": (_doc_file, ".doc"),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_gets_a_message_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = CASES[case]
    src = make(tmp_path)
    code, err = _run_import(src, tmp_path, capsys)
    assert code == 2
    assert words in err
    assert src.name in err or case == "missing-file" or "找不到" in err


@pytest.mark.timeout(60)
def test_zip_with_many_members_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = {f"word/media/{i}.bin": b"x" for i in range(3000)}
    members["word/document.xml"] = (_DOC_HEAD + "<w:body/></w:document>").encode()
    code, err = _run_import(_zip(tmp_path / "many.docx", members), tmp_path, capsys)
    assert code == 2 and "条目过多" in err


@pytest.mark.timeout(60)
def test_docx_without_any_report_imports_as_blank_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A valid Word file that is not a report is not an error: everything is blank and said."""
    src = _zip(
        tmp_path / "letter.docx",
        {
            "word/document.xml": (
                _DOC_HEAD + "<w:body><w:p><w:r><w:t>会议通知</w:t></w:r></w:p>"
                "</w:body></w:document>"
            ).encode()
        },
    )
    out = tmp_path / "out.nianbao"
    assert main(["import", str(src), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "留空的单元格 166 个" in printed
    assert "机关全称留空" in printed


@pytest.mark.timeout(60)
def test_one_huge_line_of_digits_imports_without_hanging(tmp_path: Path) -> None:
    """Nine megabytes in one row: not a number anyone wrote, so nothing is read from it."""
    from desktop.importers import import_report

    p = tmp_path / "digits.txt"
    p.write_bytes("二、主动公开政府信息情况\n规章 ".encode() + b"1" * 9_000_000)
    result = import_report(p)
    assert result.report.cells["t2.rules.made"] is None
