"""Refusals of issue 13's list are exit 2 with a bounded Chinese message: huge numbers in files
given to merge, a 20-digit count, output names over 255 bytes, messages quoting huge input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from unit_reports import example_report

from desktop.cli import MAX_MESSAGE_CHARS, bounded, main
from desktop.project_file import report_to_json, save_report

ROOT = Path(__file__).resolve().parents[2]


def _unit_with(tmp_path: Path, name: str, literal: str) -> Path:
    text = report_to_json(example_report())
    doc = json.loads(text)
    doc["cells"]["t3.new.natural"] = "@@"
    path = tmp_path / name
    path.write_text(
        json.dumps(doc, ensure_ascii=False, indent=2).replace('"@@"', literal), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("literal", ["1e100000000", "9" * 20])
def test_merge_and_check_refuse_huge_numbers_with_exit_2(tmp_path: Path, literal: str) -> None:
    bad = _unit_with(tmp_path, "bad.nianbao", literal)
    good = tmp_path / "good.nianbao"
    save_report(example_report("乙单位"), good)
    for argv in (
        ["check", str(bad)],
        ["merge", str(bad), str(good), "-o", str(tmp_path / "total.nianbao")],
        ["next", str(bad), "-o", str(tmp_path / "next.nianbao")],
    ):
        # A separate process with a time limit: this used to hang (int() of 1e100000000).
        proc = subprocess.run(
            [sys.executable, "-m", "desktop", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert proc.returncode == 2, (argv, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert len(proc.stderr) <= MAX_MESSAGE_CHARS + 200


@pytest.mark.parametrize("command", ["export", "dump", "next", "new"])
def test_output_names_over_255_bytes_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    src = tmp_path / "a.nianbao"
    save_report(example_report(), src)
    long_stem = "报" * 90  # 270 bytes
    argv = {
        "export": ["export", str(src), "-o", str(tmp_path / f"{long_stem}.docx"), "--draft"],
        "dump": ["dump", str(src), "-o", str(tmp_path / f"{long_stem}.json")],
        "next": ["next", str(src), "-o", str(tmp_path / f"{long_stem}.nianbao")],
        "new": [
            "new",
            "-o",
            str(tmp_path / f"{long_stem}.nianbao"),
            "--org",
            "甲",
            "--year",
            "2022",
        ],
    }[command]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "出现意外错误" not in err and "Traceback" not in err
    assert len(err) < 1200


def test_long_messages_are_cut_in_the_middle() -> None:
    message = "开头" + "很长" * 500_000 + "结尾"
    cut = bounded(message)
    assert len(cut) <= MAX_MESSAGE_CHARS + 40
    assert cut.startswith("开头") and cut.endswith("结尾") and "省略" in cut
    assert bounded("短消息") == "短消息"


def test_a_huge_org_name_in_a_refusal_stays_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.nianbao"
    out.mkdir()
    code = main(["new", "-o", str(out), "--org", "某" * 400_000, "--year", "2022"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err) <= MAX_MESSAGE_CHARS + 100


def test_only_web_charsets_are_obeyed(tmp_path: Path) -> None:
    from desktop.importers.sources import decode_text, web_charset

    assert web_charset("GBK") == "gb18030" and web_charset(" utf-8 ") == "utf-8"
    for label in ("punycode", "rot13", "hex", "base64", "zlib", "idna", "unicode_escape", "x"):
        assert web_charset(label) is None, label
    # A page declaring punycode (quadratic to decode) is read as if nothing were declared.
    body = "<p>" + "政府信息公开工作年度报告" * 1000 + "</p>"
    data = f'<meta charset="punycode"><html><body>{body}</body></html>'.encode()
    assert "年度报告" in decode_text(data, tmp_path / "x.html")


def test_punycode_page_import_is_quick_and_exits_normally(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "data" / "yanchi-2022-report.txt").read_text(encoding="utf-8")
    page = tmp_path / "punycode.html"
    paras = "".join(f"<p>{line}</p>" for line in text.splitlines()) * 40
    page.write_text(f'<meta charset="punycode"><html><body>{paras}</body></html>', "utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(page), "-o", str(tmp_path / "o.nianbao")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,  # was still running at 180 s for a 9 MB page
    )
    assert proc.returncode in (0, 1, 2), proc.stderr
    assert "Traceback" not in proc.stderr


def test_codec_errors_are_exit_2_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each used to end in exit 3 (an unexpected error) with a traceback in the log.
    not_utf8 = tmp_path / "bad.nianbao"
    not_utf8.write_bytes(b'\xff\xfe\x00{"format": "nianbao-report"}')
    assert main(["check", str(not_utf8)]) == 2
    assert "不是 UTF-8" in capsys.readouterr().err
    for name, data in (
        ("a.txt", b"\x81\x30\xff\xff\xfe\xfd" * 50),
        ("b.html", b'<html><head><meta charset="utf-7"></head><body>\xff\xfe\x81</body></html>'),
    ):
        source = tmp_path / name
        source.write_bytes(data)
        assert main(["import", str(source), "-o", str(tmp_path / f"{name}.nianbao")]) == 2
        err = capsys.readouterr().err
        assert "文字编码" in err and "Traceback" not in err
        assert not (tmp_path / f"{name}.nianbao").exists()
