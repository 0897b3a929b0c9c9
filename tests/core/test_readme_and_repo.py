"""The packages' notes, the README and the repository itself (issue 16, items 16–21)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts import build

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_blocks() -> list[tuple[bool, str]]:
    """Every ```sh block of the README and whether check_readme.sh runs it."""
    out = []
    for m in re.finditer(r"(<!-- check_readme -->\n)?```sh\n(.*?)\n```", README, re.S):
        out.append((m.group(1) is not None, m.group(2)))
    return out


# --- 16. each platform's 使用说明.txt ------------------------------------------------------------


def test_linux_note_speaks_of_one_file_for_window_and_commands() -> None:
    note = build.usage_note("linux", "1.0")
    assert "nianbao-cli" not in note and ".exe" not in note
    assert "平时不需要打开" not in note  # it IS the file that opens the window
    assert "双击本文件夹里的 nianbao" in note
    assert "./nianbao check 报告.nianbao" in note and "./nianbao --help" in note


def test_windows_note_names_both_executables() -> None:
    note = build.usage_note("windows", "1.0")
    assert "双击 nianbao.exe" in note and "“nianbao-cli.exe”是命令行版本" in note
    assert "./nianbao" not in note


# --- 17. the README opens for a clerk, in Chinese ------------------------------------------------


def test_readme_opens_in_chinese_for_a_clerk() -> None:
    developers = README.index("## For developers")
    clerk = README[:developers]
    first_paragraph = clerk.split("\n\n")[1]
    assert first_paragraph.startswith("“年报”是一款离线使用的桌面软件")
    assert clerk.index('<img src="docs/window-table3-1366x768.png"') < clerk.index("## 从哪里获取")
    assert clerk.index("## 从哪里获取") < clerk.index("## 下载与安装")
    assert "build_scripts/build.py" in clerk and "还没有运行过" in clerk
    # No English sentence before the developers' part (commands and file names are fine).
    english = [
        line
        for line in clerk.splitlines()
        if len(re.findall(r"\b[A-Za-z]{2,}\b", re.sub(r"`[^`]*`", "", line))) >= 5
        and not re.search(r"[\u4e00-\u9fff]", line)
    ]
    assert english == []
    assert README.index("## Set-up") > developers


# --- 18. one command regenerates every README image --------------------------------------------


def test_every_readme_image_is_made_by_readme_images() -> None:
    script = (ROOT / "build_scripts" / "readme_images.py").read_text(encoding="utf-8")
    images = set(re.findall(r'<img src="(docs/[^"]+)"', README))
    assert images == {
        "docs/window-table3-1366x768.png",
        "docs/export-page-1.png",
        "docs/export-page-5-table3.png",
    }
    for image in images:
        assert f'"{Path(image).name}"' in script, image
        assert (ROOT / image).is_file()
    assert "build_scripts/readme_images.py" in README


# --- 19. README commands run on Debian 12 as written --------------------------------------------


def test_readme_commands_run_as_written() -> None:
    blocks = readme_blocks()
    assert blocks
    for _, block in blocks:
        for line in block.splitlines():
            # No bare python (Debian 12 has only python3) and no nianbao outside the venv.
            assert not re.match(r"\s*(python|pip|nianbao)\s", line), line
            for command in line.split("&&"):
                if "apt-get install" in command:
                    assert "apt-get update" in line.split("apt-get install")[0], line
    checked = [block for marked, block in blocks if marked]
    assert len(checked) >= 4
    assert checked[0].endswith(".venv/bin/nianbao resources/examples/yanchi-2022.nianbao")
    assert checked[1].endswith(".venv/bin/python -m pytest")
    assert any("libreoffice-writer-nogui" in b and "render_docx.py" in b for b in checked)


def test_check_readme_script_extracts_the_marked_blocks(tmp_path: Path) -> None:
    script = ROOT / "build_scripts" / "check_readme.sh"
    assert os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert "<!-- check_readme -->" in text and "git clone" in text and "--smoke-test" in text


# --- 20. no path of one machine in the repository -------------------------------------------------

ABSOLUTE = re.compile(r"(?<![\w$}.~])(/(work|root|home|Users)/[\w.-]|[A-Za-z]:\\Users\\)")


def tracked_files() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    return [ROOT / n.decode("utf-8") for n in names if n]


def test_no_absolute_machine_paths_in_tracked_files() -> None:
    offenders = []
    for path in tracked_files():
        if not path.is_file() or path.suffix in (".png", ".ico", ".docx", ".xlsx"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if ABSOLUTE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert offenders == []


def test_the_path_pattern_catches_what_it_should() -> None:
    # Built from pieces, so that this file does not hold the paths it looks for.
    slash, back = "/", "\\"
    assert ABSOLUTE.search("see " + slash + "work/shared/tools/README.md")
    assert ABSOLUTE.search("``" + slash + "root/.venv/bin/python``")
    assert ABSOLUTE.search("C:" + back + "Users" + back + "clerk" + back + "Documents")
    assert not ABSOLUTE.search('export HOME="$WORK/home"')
    assert not ABSOLUTE.search("build_scripts/render_docx.py")


# --- 21. bench/run.py --only check measures the 汇总 row ------------------------------------------


@pytest.mark.slow
def test_bench_only_check_measures_the_merged_total() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--only", "check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=900,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "全部检查：1000 个单位的汇总报告" in proc.stdout
    assert "未测" not in proc.stdout
