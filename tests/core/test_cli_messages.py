"""What the ``nianbao`` entry point says when a user goes astray (issue 16, items 5–10): each
run through the installed entry point, checking the exit code and the Chinese message."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.commands._common import display_width

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
NIANBAO_EXE = Path(sys.executable).with_name("nianbao")


def nianbao(
    *argv: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[int, str, str]:
    base = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    proc = subprocess.run(
        [str(NIANBAO_EXE), *map(str, argv)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=base if env is None else env,
        cwd=cwd,
        timeout=120,
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


# --- 5. a published report given to a command that wants a .nianbao ------------------------------


@pytest.mark.parametrize("name", ["报告.txt", "报告.docx", "报告.html"])
def test_published_report_given_to_check_suggests_import(tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    src.write_bytes((ROOT / "tests" / "data" / "yanchi-2022-report.txt").read_bytes())
    code, _, err = nianbao("check", src)
    assert code == 2
    assert "已损坏" not in err
    assert "已发布的年报" in err and f"nianbao import {src} -o 报告.nianbao" in err


def test_word_97_file_given_to_export_says_save_as_docx(tmp_path: Path) -> None:
    src = tmp_path / "旧报告.doc"
    src.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = nianbao("export", src, "-o", tmp_path / "x.docx")
    assert code == 2 and "另存为 .docx" in err and "nianbao import" in err


# --- 6. a mistyped command ---------------------------------------------------------------------


def test_mistyped_command_suggests_the_nearest(tmp_path: Path) -> None:
    code, _out, err = nianbao("chek", EXAMPLE, cwd=tmp_path)
    assert code == 2
    assert "您是不是要输入 check？" in err
    code, _, err = nianbao("exprt", EXAMPLE, cwd=tmp_path)
    assert code == 2 and "您是不是要输入 export？" in err
    code, _, err = nianbao("zzzz", cwd=tmp_path)
    assert code == 2 and "可用的命令" in err and "merge" in err


# --- 7. no display ----------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="X11/Wayland only")
def test_window_without_a_display_says_so_in_chinese() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    code, _out, err = nianbao(EXAMPLE, env=env)
    assert code == 2  # not Qt's abort (134)
    assert "图形桌面" in err and "nianbao check" in err and "nianbao --help" in err
    assert "xcb" not in err


# --- 8. --smoke-test with a missing file ------------------------------------------------------


def test_smoke_test_with_a_missing_file(tmp_path: Path) -> None:
    code, _, err = nianbao("--smoke-test", tmp_path / "没有.nianbao")
    assert code == 2
    assert err.startswith("错误：找不到文件")


# --- 9. help text and check's output ----------------------------------------------------------


def test_help_uses_chinese_colons_and_one_commands_heading() -> None:
    code, out, _ = nianbao("--help")
    assert code == 0
    assert "选项：" in out and "命令：" in out and "用法：" in out
    assert not re.search(r"(选项|参数|命令):", out)
    lines = out.splitlines()
    heading = lines.index("命令：")
    assert lines[heading + 1].split()[0] == "new"  # no second 命令 line


@pytest.mark.parametrize("command", ["new", "merge", "export", "check"])
def test_help_columns_line_up(command: str) -> None:
    code, out, _ = nianbao(command, "--help")
    assert code == 0
    assert not re.search(r"(选项|参数):", out)
    columns = set()
    for line in out.splitlines():
        m = re.match(r"^  (\S.*?\S)  +(\S.*)$", line)
        if m and (m.group(1).startswith("-") or line.startswith("  文件")):
            columns.add(display_width(line[: line.index(m.group(2), len(m.group(1)) + 2)]))
    assert len(columns) == 1, out


def test_export_message_spacing(tmp_path: Path) -> None:
    code, out, _ = nianbao("export", EXAMPLE, "-o", tmp_path / "r.docx")
    assert code == 0 and out.startswith("已导出 Word 文档：")


def test_merge_missing_folder_is_called_a_folder(tmp_path: Path) -> None:
    code, _, err = nianbao("merge", "各单位/", "-o", "t.nianbao", cwd=tmp_path)
    assert code == 2 and "找不到文件夹“各单位/”" in err


def test_check_rule_codes_only_in_json_and_verbose() -> None:
    code, out, _ = nianbao("check", EXAMPLE)
    assert code == 0 and "警告 2 项" in out
    assert not re.search(r"（R\d+）", out)
    code, out, _ = nianbao("check", "--verbose", EXAMPLE)
    assert "（R20）" in out
    code, out, _ = nianbao("check", "--json", EXAMPLE)
    assert {f["rule"] for f in json.loads(out)} == {"R20"}


# --- 10. the offscreen smoke test is quiet -------------------------------------------------------


def test_offscreen_smoke_test_prints_no_qt_noise() -> None:
    code, out, err = nianbao("--smoke-test")
    assert code == 0, err
    assert "smoke test: opened yanchi-2022.nianbao" in out
    assert "propagateSizeHints" not in out + err
