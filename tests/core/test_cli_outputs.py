"""Every command that writes checks its outputs the same way (issue 16, items 1–4), through the
installed ``nianbao`` entry point: exit code and Chinese message."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop.commands.outputs import EXPORT, NIANBAO, XLSX, check_output, check_outputs
from desktop.errors import UserError, os_error_reason
from desktop.project_file import load_report, save_report, write_error

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
NIANBAO_EXE = Path(sys.executable).with_name("nianbao")


def nianbao(*argv: str | Path, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the installed entry point as a clerk would."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    proc = subprocess.run(
        [str(NIANBAO_EXE), *map(str, argv)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


def has_english_os_text(text: str) -> bool:
    return any(
        words in text
        for words in ("No such file", "Permission denied", "Is a directory", "No space", "Errno")
    )


@pytest.fixture()
def units(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.nianbao", tmp_path / "b.nianbao"
    report = load_report(EXAMPLE)
    report.meta.org_name = "甲单位"
    save_report(report, a)
    report.meta.org_name = "乙单位"
    save_report(report, b)
    return a, b


# --- 1. an existing output is refused without --force -------------------------------------------


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (("export", EXAMPLE, "--draft", "-o"), "r.docx"),
        (("export", EXAMPLE, "--draft", "-o"), "r.html"),
        (("dump", EXAMPLE, "-o"), "c.json"),
        (("dump", EXAMPLE, "--format", "csv", "-o"), "c.csv"),
        (("new", "--org", "某局", "--year", "2024", "-o"), "n.nianbao"),
        (("next", EXAMPLE, "-o"), "n.nianbao"),
    ],
)
def test_existing_output_refused_without_force(
    tmp_path: Path, argv: tuple[str | Path, ...], name: str
) -> None:
    target = tmp_path / name
    target.write_bytes(b"edited in Word")
    code, _out, err = nianbao(*argv, target)
    assert code == 2
    assert "已存在" in err and "--force" in err and "未做任何改动" in err
    assert target.read_bytes() == b"edited in Word"
    code, _, err = nianbao(*argv, target, "--force")
    assert code == 0, err
    assert target.read_bytes() != b"edited in Word"


def test_accept_totals_output_follows_the_rule(tmp_path: Path) -> None:
    report = load_report(EXAMPLE)
    report.printed_totals = {"t3.new.total": 999}
    src = tmp_path / "imported.nianbao"
    save_report(report, src)
    taken = tmp_path / "taken.nianbao"
    taken.write_text("x", encoding="utf-8")
    code, _, err = nianbao("accept-totals", src, "-o", taken)
    assert code == 2 and "已存在" in err and taken.read_text(encoding="utf-8") == "x"
    code, out, err = nianbao("accept-totals", src, "-o", tmp_path / "fixed")
    assert code == 0, err
    assert "已自动加上 .nianbao" in out
    assert load_report(tmp_path / "fixed.nianbao").printed_totals == {}
    assert load_report(src).printed_totals  # the source is left as it was


# --- 2. all or nothing, OS errors in Chinese ---------------------------------------------


def test_merge_with_breakdown_in_missing_folder_writes_nothing(
    tmp_path: Path, units: tuple[Path, Path]
) -> None:
    total = tmp_path / "total.nianbao"
    code, _out, err = nianbao(
        "merge", *units, "-o", total, "--breakdown", tmp_path / "nodir/b.xlsx"
    )
    assert code == 2
    assert not total.exists()
    assert "文件夹不存在" in err and not has_english_os_text(err)
    # Retrying with a good breakdown path now works: nothing was left behind.
    code, _, err = nianbao("merge", *units, "-o", total, "--breakdown", tmp_path / "b.xlsx")
    assert code in (0, 1), err
    assert total.is_file() and (tmp_path / "b.xlsx").is_file()


def test_merge_checks_the_breakdown_before_writing_the_total(
    tmp_path: Path, units: tuple[Path, Path]
) -> None:
    taken = tmp_path / "b.xlsx"
    taken.write_bytes(b"old")
    total = tmp_path / "total.nianbao"
    code, _, err = nianbao("merge", *units, "-o", total, "--breakdown", taken)
    assert code == 2 and "已存在" in err
    assert not total.exists() and taken.read_bytes() == b"old"


def test_merge_restores_the_breakdown_when_the_total_fails(
    tmp_path: Path, units: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import cli, project_file

    def disk_full(path: Path, data: bytes, **kw: object) -> None:
        if str(path).endswith(".nianbao"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    real = project_file.atomic_write_bytes
    monkeypatch.setattr(project_file, "atomic_write_bytes", disk_full)
    total, breakdown = tmp_path / "total.nianbao", tmp_path / "b.xlsx"
    code = cli.main(["merge", *map(str, units), "-o", str(total), "--breakdown", str(breakdown)])
    assert code == 2
    assert not total.exists() and not breakdown.exists()


def test_write_errors_never_show_english(tmp_path: Path) -> None:
    for code in (errno.EIO, errno.ENAMETOOLONG, errno.EXDEV, errno.ENOSPC, errno.ENOENT):
        message = str(write_error(tmp_path / "x.nianbao", OSError(code, os.strerror(code))))
        assert not has_english_os_text(message) and os.strerror(code) not in message, message
        assert os.strerror(code) not in os_error_reason(OSError(code, os.strerror(code)))


def test_dump_permission_error_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import cli, project_file

    def denied(path: Path, data: bytes, **kw: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(project_file, "atomic_write_bytes", denied)
    assert cli.main(["dump", str(EXAMPLE), "-o", str(tmp_path / "c.json")]) == 2
    err = capsys.readouterr().err
    assert "没有写入权限" in err and "Permission denied" not in err


# --- 3. one extension rule --------------------------------------------------------------------


def test_nianbao_outputs_refuse_other_extensions(tmp_path: Path, units: tuple[Path, Path]) -> None:
    cases: list[tuple[str | Path, ...]] = [
        ("new", "--org", "某局", "--year", "2024", "-o", tmp_path / "report.txt"),
        ("next", EXAMPLE, "-o", tmp_path / "n.docx"),
        ("merge", *units, "-o", tmp_path / "m.docx"),
        ("import", ROOT / "tests" / "data" / "yanchi-2022-report.txt", "-o", tmp_path / "i.docx"),
    ]
    for argv in cases:
        code, _, err = nianbao(*argv)
        assert code == 2, argv
        assert "扩展名" in err and ".nianbao" in err, err
    assert list(tmp_path.glob("*.txt")) == [] and list(tmp_path.glob("*.docx")) == []


def test_nianbao_extension_appended_and_said(tmp_path: Path) -> None:
    code, out, err = nianbao("next", EXAMPLE, "-o", tmp_path / "2023")
    assert code == 0, err
    assert "已自动加上 .nianbao" in out
    assert (tmp_path / "2023.nianbao").is_file() and not (tmp_path / "2023").exists()


def test_export_extension_decides_and_is_required(tmp_path: Path) -> None:
    code, _, err = nianbao("export", EXAMPLE, "--draft", "-o", tmp_path / "report")
    assert code == 2 and ".docx" in err and ".html" in err and "没有扩展名" in err
    code, _, err = nianbao("export", EXAMPLE, "--draft", "-o", tmp_path / "report.pdf")
    assert code == 2 and ".docx（Word 文档）" in err and ".html（网页）" in err
    assert list(tmp_path.iterdir()) == []


def test_dump_extension_must_match_the_format(tmp_path: Path) -> None:
    code, _, err = nianbao("dump", EXAMPLE, "--format", "csv", "-o", tmp_path / "c.json")
    assert code == 2 and ".csv" in err and not (tmp_path / "c.json").exists()
    code, out, err = nianbao("dump", EXAMPLE, "--format", "csv", "-o", tmp_path / "cells")
    assert code == 0, err
    assert "已自动加上 .csv" in out and (tmp_path / "cells.csv").is_file()


def test_breakdown_must_be_xlsx(tmp_path: Path, units: tuple[Path, Path]) -> None:
    total = tmp_path / "t.nianbao"
    code, _, err = nianbao("merge", *units, "-o", total, "--breakdown", tmp_path / "b.csv")
    assert code == 2 and ".xlsx" in err
    assert not total.exists() and not (tmp_path / "b.csv").exists()
    code, out, err = nianbao("merge", *units, "-o", total, "--breakdown", tmp_path / "b")
    assert code in (0, 1), err
    assert "已自动加上 .xlsx" in out and (tmp_path / "b.xlsx").is_file()


# --- 4. a folder as output --------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("new", "--org", "某局", "--year", "2024", "-o"),
        ("next", EXAMPLE, "-o"),
        ("export", EXAMPLE, "--draft", "-o"),
        ("dump", EXAMPLE, "-o"),
    ],
)
def test_folder_as_output_said_at_once(tmp_path: Path, argv: tuple[str | Path, ...]) -> None:
    folder = tmp_path / "adir"
    folder.mkdir()
    for extra in ((), ("--force",)):
        code, _, err = nianbao(*argv, folder, *extra)
        assert code == 2
        assert "这是一个文件夹" in err and "已存在" not in err
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []


# --- the API the other commands use ---------------------------------------------------------------


def test_check_outputs_api(tmp_path: Path) -> None:
    import io

    said = io.StringIO()
    a, b, c = check_outputs(
        [(tmp_path / "t", NIANBAO), (None, XLSX), (tmp_path / "r.html", EXPORT)],
        force=False,
        out=said,
    )
    assert a == tmp_path / "t.nianbao" and b is None and c == tmp_path / "r.html"
    assert "已自动加上 .nianbao" in said.getvalue()
    with pytest.raises(UserError, match="同一个文件"):
        check_outputs([(tmp_path / "x.xlsx", XLSX), (tmp_path / "x", XLSX)], force=False, out=said)
    src = tmp_path / "in.nianbao"
    src.write_text("{}", encoding="utf-8")
    with pytest.raises(UserError, match="输入的文件"):
        check_outputs([(src, NIANBAO)], force=True, inputs=[src])
    with pytest.raises(UserError, match="扩展名"):
        check_output(tmp_path / "x.XLS", XLSX, force=False)
    assert check_output(tmp_path / "X.XLSX", XLSX, force=False) == tmp_path / "X.XLSX"


# --- 成文日期 -------------------------------------------------------------------------------------


def test_new_date_sets_the_written_date(tmp_path: Path) -> None:
    out = tmp_path / "r.nianbao"
    code, _, err = nianbao(
        "new", "--org", "某局", "--year", "2024", "--date", "2025年1月20日", "-o", out
    )
    assert code == 0, err
    assert load_report(out).meta.written == date(2025, 1, 20)
    assert '"written": "2025-01-20"' in out.read_text(encoding="utf-8")
    code, _, err = nianbao(
        "new", "--org", "某局", "--year", "2024", "--date", "2025-02-30", "-o", out
    )
    assert code == 2 and "日期" in err and "无效" in err
    code, _, err = nianbao(
        "new", "--org", "某局", "--year", "2024", "--date", "2024-06-01", "-o", out
    )
    assert code == 2 and "成文日期" in err


def test_example_carries_a_written_date() -> None:
    assert load_report(EXAMPLE).meta.written == date(2023, 1, 18)


def test_next_year_clears_the_written_date(tmp_path: Path) -> None:
    out = tmp_path / "2023.nianbao"
    assert nianbao("next", EXAMPLE, "-o", out)[0] == 0
    assert load_report(out).meta.written is None


def test_bad_written_date_in_file_is_named_in_chinese(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"2023-01-18"', '"2023-13-45"')
    bad = tmp_path / "bad.nianbao"
    bad.write_text(text, encoding="utf-8")
    code, _, err = nianbao("check", bad)
    assert code == 2 and "成文日期" in err


def test_no_message_quotes_the_system_error_text() -> None:
    """Every OSError reaches the user through os_error_reason (Chinese), never its strerror."""
    offenders = []
    for folder in ("desktop", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "errors.py" and path.parent.name == "desktop":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                # An f-string quoting the system's text (``{exc.strerror or exc}``); building an
                # OSError with os.strerror for code that translates it later is fine.
                if re.search(r"\{[^}]*\.strerror", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
