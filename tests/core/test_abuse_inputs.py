"""Abuse of every way data comes in besides the project loader (which
``test_abuse_project_file.py`` covers): random text into the text importer, random cell strings
into the number parsers, random prose into the checks, and hostile files given to ``nianbao
check``, ``export`` and ``import`` — always a clear Chinese message (exit code 2) or a valid
result, never a traceback. The hostile files that could exhaust memory run in a subprocess under
an address-space limit."""

from __future__ import annotations

import io
import json
import os
import platform
import re
import subprocess
import sys
import textwrap
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import text_gate
from desktop.cli import main
from desktop.errors import UserError
from desktop.importers import import_report
from desktop.importers.tables import parse_tok
from desktop.project_file import save_report
from desktop.prose_rules import parse_count
from desktop.report import coerce_cell_value, new_report
from desktop.rules import check
from desktop.template import AMOUNT_IDS, INPUT_IDS, T3_ROWS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
SAMPLE_TEXT = ROOT / "tests" / "data" / "yanchi-2022-report.txt"
_CJK = re.compile(r"[\u4e00-\u9fff]")

COUNT_ID = "t3.new.natural"
AMOUNT_ID = sorted(AMOUNT_IDS)[0]


def _is_chinese_message(text: str) -> bool:
    return bool(_CJK.search(text)) and "Traceback" not in text


# --- the number parsers -------------------------------------------------------------------------

# Strings a clerk (or a paste from Excel/WPS, or a published report) could put in a cell.
_cell_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789０１２３４５６７８９.,，。-+eE _万元件/—", max_size=25),
    st.from_regex(r"\A[+-]?\d{0,45}(\.\d{0,8})?([eE][+-]?\d{1,12})?\Z"),
    st.sampled_from(
        ["NaN", "sNaN", "Infinity", "-0", "1_000", "1e999999999", "0x10", "٣", "²", "Ⅻ", "一"]
    ),
)


def _valid_or_chinese_value_error(cell_id: str, value: object) -> None:
    try:
        result = coerce_cell_value(cell_id, value)
    except ValueError as exc:
        assert _is_chinese_message(str(exc)), str(exc)
        return
    if value is None:
        assert result is None  # blank stays blank
    elif cell_id in AMOUNT_IDS:
        assert isinstance(result, Decimal) and result.is_finite() and result >= 0
    else:
        assert type(result) is int and result >= 0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cell_text)
@pytest.mark.timeout(120)
def test_any_cell_string_is_a_number_or_a_chinese_error(text: str) -> None:
    _valid_or_chinese_value_error(COUNT_ID, text)
    _valid_or_chinese_value_error(AMOUNT_ID, text)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.integers(),
        st.floats(),
        st.decimals(),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    )
)
@pytest.mark.timeout(120)
def test_any_cell_value_is_a_number_or_a_chinese_error(value: object) -> None:
    """Values from a hand-edited JSON file or a spreadsheet reach the same check."""
    _valid_or_chinese_value_error(COUNT_ID, value)
    _valid_or_chinese_value_error(AMOUNT_ID, value)


@settings(max_examples=400, deadline=None)
@given(_cell_text)
@pytest.mark.timeout(120)
def test_importer_number_tokens_never_raise(text: str) -> None:
    """The importer's reading of a table cell: a value, a printed blank, or a label."""
    tok = parse_tok(text)
    if tok is not None and tok.value is not None:
        assert isinstance(tok.value, int | Decimal)
        if isinstance(tok.value, Decimal):
            assert tok.value.is_finite()
        assert tok.value >= 0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
@pytest.mark.timeout(120)
def test_prose_number_reader_never_raises(text: str) -> None:
    value = parse_count(text)
    assert value is None or (type(value) is int and value >= 0)


# --- random text into the text importer and the checks ------------------------------------------

_LABELS = [row.short for row in T3_ROWS]
_SAMPLE_LINES = SAMPLE_TEXT.read_text(encoding="utf-8").splitlines()

# Lines shaped like a report (labels, numbers, the sample's own lines) mixed with noise, so the
# table finder and the number solver are reached, not just the "no report found" path.
_line = st.one_of(
    st.sampled_from(_SAMPLE_LINES),
    st.builds(
        lambda label, nums, sep: label + sep + sep.join(nums),
        st.sampled_from(_LABELS),
        st.lists(st.from_regex(r"\A(\d{1,6}|/|—|)\Z"), max_size=9),
        st.sampled_from([" ", "\t", "|", "  "]),
    ),
    st.text(max_size=40),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, max_size=60), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
@pytest.mark.timeout(300)
def test_random_text_imports_or_is_refused_in_chinese(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], encoding: str
) -> None:
    path = tmp_path_factory.mktemp("imp") / "report.txt"
    text = "\n".join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    path.write_bytes(data)
    try:
        result = import_report(path)
    except UserError as exc:
        assert _is_chinese_message(str(exc)), str(exc)
        return
    report = result.report
    for cid in INPUT_IDS:
        coerce_cell_value(cid, report.cells[cid])  # every imported cell is a valid value
    check(report)  # and the imported report can be checked
    assert all(_is_chinese_message(reason) for reason in result.blanks.values())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_SAMPLE_LINES),
            # What the text gate lets into the model (test_text_gate.py covers the rest).
            st.text(max_size=80).map(lambda t: text_gate.clean(t)[0]),
        ),
        max_size=12,
    )
)
@pytest.mark.timeout(300)
def test_random_prose_is_checked_without_error(lines: list[str]) -> None:
    """Whatever a user types or pastes as prose, the checks answer in Chinese."""
    report = new_report("某某县人民政府", 2022)
    report.prose.opening = "\n".join(lines[:3])
    report.prose.s1.lead = "\n".join(lines[3:7])
    report.prose.s5.lead = "".join(lines[7:])
    report.prose.s6.lead = "，".join(lines)
    for finding in check(report):
        assert _is_chinese_message(finding.message)


# --- hostile files through the command line -----------------------------------------------------


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


def _empty(tmp: Path) -> Path:
    p = tmp / "空.nianbao"
    p.write_bytes(b"")
    return p


def _folder(tmp: Path) -> Path:
    p = tmp / "文件夹.nianbao"
    p.mkdir()
    return p


def _docx_given_as_project(tmp: Path) -> Path:
    p = tmp / "年报.nianbao"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    p.write_bytes(buf.getvalue())
    return p


def _big_json(tmp: Path) -> Path:
    # 50 MB: larger than any real report; refused without being parsed.
    p = tmp / "大.nianbao"
    with p.open("w", encoding="utf-8") as fh:
        fh.write('{"format": "nianbao", "padding": "')
        fh.write("年" * (50 * 1024 * 1024 // 3))
        fh.write('"}')
    return p


def _gbk_text(tmp: Path) -> Path:
    p = tmp / "旧.nianbao"
    p.write_bytes("盐池县政府信息公开年报".encode("gbk"))
    return p


def _missing(tmp: Path) -> Path:
    return tmp / "不存在.nianbao"


PROJECT_CASES = {
    "empty": (_empty, "空的"),
    "directory": (_folder, "文件夹"),
    "zip": (_docx_given_as_project, "不是"),
    "50-MB": (_big_json, "过大"),
    "gbk": (_gbk_text, "不是"),
    "missing": (_missing, "找不到"),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["check", "export", "dump", "next"])
@pytest.mark.parametrize("case", list(PROJECT_CASES))
def test_hostile_project_file_is_refused(
    case: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = PROJECT_CASES[case]
    src = make(tmp_path)
    argv = [command, str(src)]
    if command == "export":
        argv += ["-o", str(tmp_path / "out.docx")]
    elif command == "next":
        argv += ["-o", str(tmp_path / "next.nianbao")]
    code, err = _run(argv, capsys)
    assert code == 2, err
    assert words in err, err
    assert _is_chinese_message(err)
    assert not (tmp_path / "out.docx").exists()
    assert not (tmp_path / "next.nianbao").exists()


def _deny(monkeypatch: pytest.MonkeyPatch, victim: Path) -> None:
    """Tests run as root, which reads anything: make opening ``victim`` fail as it would for a
    user without the right to read it."""
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.resolve() == victim.resolve():
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded_open)
    # Report files are read through a descriptor (desktop.project_file._read_bounded).
    real_os_open = os.open

    def guarded_os_open(name: object, *args: object, **kwargs: object) -> int:
        if isinstance(name, str | Path) and Path(name).resolve() == victim.resolve():
            raise PermissionError(13, "Permission denied", str(name))
        return real_os_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded_os_open)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["check", "export", "dump", "next", "import"])
def test_unreadable_file_is_refused(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if command == "import":
        src = tmp_path / "年报.txt"
        src.write_bytes(SAMPLE_TEXT.read_bytes())
        argv = ["import", str(src), "-o", str(tmp_path / "out.nianbao")]
    else:
        src = tmp_path / "年报.nianbao"
        src.write_bytes(EXAMPLE.read_bytes())
        argv = [command, str(src)]
        if command in ("export", "next"):
            argv += ["-o", str(tmp_path / ("out.docx" if command == "export" else "n.nianbao"))]
    _deny(monkeypatch, src)
    code, err = _run(argv, capsys)
    assert code == 2, err
    assert "年报" in err and _is_chinese_message(err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]


@pytest.mark.timeout(60)
def test_export_to_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "年报.docx"
    out.mkdir()
    code, err = _run(["export", str(EXAMPLE), "-o", str(out), "--draft"], capsys)
    assert code == 2 and _is_chinese_message(err), err
    assert out.is_dir() and not any(out.iterdir())


@pytest.mark.timeout(60)
def test_merge_of_hostile_unit_files_names_every_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    good = new_report("某某局", 2022)
    save_report(good, folder / "好.nianbao")
    (folder / "空.nianbao").write_bytes(b"")
    (folder / "乱码.nianbao").write_bytes(bytes(range(256)))
    (folder / "半截.nianbao").write_text(json.dumps({"format": "nianbao"})[:10], encoding="utf-8")
    code, err = _run(["merge", str(folder), "-o", str(tmp_path / "总.nianbao")], capsys)
    assert code == 2, err
    for name in ("空.nianbao", "乱码.nianbao", "半截.nianbao"):
        assert name in err
    assert not (tmp_path / "总.nianbao").exists()


# --- hostile files under a memory limit (subprocess) --------------------------------------------

MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space: Python + imports fit in far less

_LIMITED = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    from desktop.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def _run_limited(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _LIMITED.format(limit=MEMORY_LIMIT), *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _bomb_with_lying_sizes(tmp: Path) -> Path:
    """200 MB of zeros whose headers declare 1 kB: a reader that trusts the declared size and
    inflates without its own cap would run out of memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(200):
                fh.write(b"\0" * (1024 * 1024))
    data = bytearray(buf.getvalue())
    real = (200 * 1024 * 1024).to_bytes(8, "little")
    fake = (1024).to_bytes(8, "little")
    data = bytearray(bytes(data).replace(real, fake))
    p = tmp / "lying.docx"
    p.write_bytes(bytes(data))
    return p


def _bomb(tmp: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(1024):  # 1 GB declared, 1 MB on disk
                fh.write(b"\0" * (1024 * 1024))
    p = tmp / "bomb.docx"
    p.write_bytes(buf.getvalue())
    return p


def _laughs(tmp: Path) -> Path:
    entities = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "哈哈">{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    p = tmp / "laughs.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("word/document.xml", xml)
    return p


def _laughs_html(tmp: Path) -> Path:
    entities = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    p = tmp / "laughs.html"
    p.write_text(
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY l0 "哈哈">{entities}]>'
        "<html><body><p>&l9;</p></body></html>",
        encoding="utf-8",
    )
    return p


def _huge_text(tmp: Path) -> Path:
    p = tmp / "huge.txt"
    line = "（一）本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n".encode()
    with p.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    return p


LIMITED_CASES = {
    "lying-zip": _bomb_with_lying_sizes,
    "zip-bomb-1GB": _bomb,
    "billion-laughs-docx": _laughs,
    "billion-laughs-html": _laughs_html,
    "50-MB-text": _huge_text,
}


@pytest.mark.slow
@pytest.mark.timeout(180)
@pytest.mark.parametrize("case", list(LIMITED_CASES))
def test_hostile_import_under_a_memory_limit(case: str, tmp_path: Path) -> None:
    src = LIMITED_CASES[case](tmp_path)
    out = tmp_path / "out.nianbao"
    proc = _run_limited(["import", str(src), "-o", str(out)])
    assert "Traceback" not in proc.stderr
    assert "MemoryError" not in proc.stderr
    if case == "billion-laughs-html":
        # A web page's DOCTYPE is not XML to the HTML reader: the entities stay unexpanded text.
        assert proc.returncode in (0, 1, 2), proc.stderr
        if out.exists():
            assert "哈哈哈哈" not in out.read_text(encoding="utf-8")
    else:
        assert proc.returncode == 2, proc.stderr
        assert not out.exists()
    assert _is_chinese_message(proc.stderr + proc.stdout)


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_50_mb_project_file_under_a_memory_limit(tmp_path: Path) -> None:
    src = _big_json(tmp_path)
    for argv in (["check", str(src)], ["export", str(src), "-o", str(tmp_path / "o.html")]):
        proc = _run_limited(argv)
        assert proc.returncode == 2, proc.stderr
        assert "过大" in proc.stderr and "Traceback" not in proc.stderr


def _under_qemu_user() -> bool:
    """True for an arm64 program run by qemu-user on an x86-64 host (test_arm64_qemu.sh).

    qemu-user reports success for the guest's setrlimit(RLIMIT_AS) but does not apply it (the
    limit would also bind the emulator's own allocations). It passes the host's /proc/cpuinfo
    through, whose x86 ``vendor_id`` line no ARM kernel writes.
    """
    if platform.machine() not in ("aarch64", "arm64"):
        return False
    try:
        return "vendor_id" in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


@pytest.mark.skipif(_under_qemu_user(), reason="qemu-user does not apply RLIMIT_AS")
@pytest.mark.timeout(60)
def test_memory_limit_is_really_applied() -> None:
    """The limit above must bite, or the tests under it prove nothing."""
    code = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
        f"b = bytearray({MEMORY_LIMIT * 2})\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode != 0 and "MemoryError" in proc.stderr


class _ClosedPipe(io.TextIOBase):
    """stdout whose reader has gone away (``nianbao check … | head``)."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["check", "dump"])
def test_output_cut_short_by_the_reader_is_not_a_crash(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main([command, str(EXAMPLE)]) == 0
    assert "意外错误" not in capsys.readouterr().err
