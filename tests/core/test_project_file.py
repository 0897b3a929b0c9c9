"""The .nianbao file: round trips, atomic saves that never lose the old file, clear load errors,
migration of older versions, recovery copies."""

from __future__ import annotations

import errno
import json
import os
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import project_file as pf
from desktop.report import Level, OrgKind, Report, SubPart, new_report
from desktop.template import AMOUNT_IDS, COMPUTED_IDS, INPUT_IDS


def filled_report() -> Report:
    r = new_report("测试县政务服务局", 2023, OrgKind.DEPARTMENT, Level.COUNTY)
    for i, cid in enumerate(INPUT_IDS):
        r.set_cell(cid, Decimal("12.5") if cid in AMOUNT_IDS else i % 7)
    r.info_fee_yuan = Decimal("3940")
    r.prose.opening = "根据《中华人民共和国政府信息公开条例》……"
    r.prose.s1.parts[0].text = "全年主动公开政府信息4000余条。\n第二段。"
    r.meta.published = date(2024, 1, 20)
    return r


# --- round trips ------------------------------------------------------------------------------

counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))
amounts = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=10**8, places=4, allow_nan=False, allow_infinity=False),
)
# What the text gate lets into the model (control characters, U+FFFE/U+FFFF are refused there).
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    r = new_report(draw(texts), draw(st.integers(2000, 2100)))
    r.meta.org_kind = draw(st.sampled_from(list(OrgKind)))
    r.meta.level = draw(st.sampled_from(list(Level)))
    for cid in INPUT_IDS:
        r.cells[cid] = draw(amounts if cid in AMOUNT_IDS else counts)
    r.info_fee_yuan = draw(amounts)
    r.prose.opening = draw(texts)
    r.prose.s5.parts = [
        SubPart(heading=draw(texts), text=draw(texts)) for _ in range(draw(st.integers(0, 3)))
    ]
    r.prose.table_intros = {3: draw(texts)}
    if draw(st.booleans()):
        r.printed_totals = {
            cid: draw(counts) for cid in draw(st.lists(st.sampled_from(COMPUTED_IDS), max_size=4))
        }
    return r


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_random_reports_survive_json_round_trip(report: Report) -> None:
    assert pf.report_from_json(pf.report_to_json(report)) == report


def test_save_and_load_give_the_same_report_with_previous_year(tmp_path: Path) -> None:
    report = filled_report()
    report.previous = new_report("测试县政务服务局", 2022)
    path = tmp_path / "报告.nianbao"
    pf.save_report(report, path)
    assert pf.load_report(path) == report


def test_file_is_indented_utf8_json_with_format_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.nianbao"
    pf.save_report(filled_report(), path)
    text = path.read_text(encoding="utf-8")
    assert "测试县政务服务局" in text  # not \u-escaped
    doc = json.loads(text)
    assert doc["format"] == "nianbao-report" and doc["schema_version"] == pf.SCHEMA_VERSION
    assert doc["cells"]["t2.fees"] == 12.5  # a JSON number, not a string
    assert doc["info_fee_yuan"] == 3940
    assert list(doc["cells"]) == list(INPUT_IDS)  # stable order
    assert text.startswith("{\n  ")


def test_saving_twice_gives_identical_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.nianbao", tmp_path / "b.nianbao"
    pf.save_report(filled_report(), a)
    pf.save_report(pf.load_report(a), b)
    assert a.read_bytes() == b.read_bytes()


# --- atomic save ------------------------------------------------------------------------------


def test_save_keeps_previous_version_as_bak_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "a.nianbao"
    first = filled_report()
    pf.save_report(first, path)
    second = filled_report()
    second.set_cell("t3.new.natural", 99)
    pf.save_report(second, path)
    assert pf.load_report(path).cells["t3.new.natural"] == 99
    assert pf.load_report(tmp_path / "a.nianbao.bak") == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nianbao", "a.nianbao.bak"]


@pytest.mark.parametrize(
    ("err", "words"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "没有写入权限"),
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
        (FileNotFoundError(errno.ENOENT, "No such file"), "文件夹不存在"),
    ],
)
def test_failed_write_leaves_original_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: OSError, words: str
) -> None:
    path = tmp_path / "a.nianbao"
    pf.save_report(filled_report(), path)
    before = path.read_bytes()
    changed = filled_report()
    changed.set_cell("t3.new.natural", 12345)

    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        real_fsync(fd)
        raise err

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(pf.ProjectFileError) as info:
        pf.save_report(changed, path)
    assert words in str(info.value) and "原文件没有改动" in str(info.value)
    assert str(path) in str(info.value)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".nbtmp"))]


def test_failed_replace_leaves_original_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.nianbao"
    pf.save_report(filled_report(), path)
    before = path.read_bytes()
    real_replace = os.replace

    def failing_replace(src: Any, dst: Any) -> None:
        if Path(dst) == path:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(pf.ProjectFileError):
        pf.save_report(new_report("别的", 2020), path)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".nbtmp"))]


def test_save_into_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(pf.ProjectFileError, match="文件夹不存在"):
        pf.save_report(filled_report(), tmp_path / "gone" / "a.nianbao")


# --- load errors ------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str | bytes, name: str = "bad.nianbao") -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def _doc(**cells: Any) -> str:
    return json.dumps(
        {"format": "nianbao-report", "schema_version": 1, "meta": {"year": 2022}, "cells": cells}
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"format": "nianbao-report",\n  "schema_version": 1,\n  "meta": {', "第 3 行"),
        ("[1, 2]", "不是年报"),
        ('{"format": "other"}', "不是年报"),
        (
            '{"format": "nianbao-report", "schema_version": 99, "meta": {"year": 2022}}',
            "请升级软件",
        ),
        (_doc(**{"t3.nonsense.natural": 1}), "未知的单元格编号“t3.nonsense.natural”"),
        (_doc(**{"t3.new.natural": -1}), "不能是负数"),
        (_doc(**{"t3.new.natural": 1.5}), "必须是整数"),
        (_doc(**{"t3.new.natural": "十一"}), "不是数字"),
        (_doc(**{"t3.total.natural": 3}), "是合计单元格"),  # computed cells are not inputs
        ("", "是空的"),
        (" \r\n\t ", "是空的"),  # only white space: empty too
        (b"\xff\xfe\x00garbage", "不是年报文件"),
    ],
)
def test_bad_files_give_chinese_message_naming_file(
    tmp_path: Path, content: str | bytes, words: str
) -> None:
    path = _write(tmp_path, content)
    before = path.read_bytes()
    with pytest.raises(pf.ProjectFileError) as info:
        pf.load_report(path)
    assert words in str(info.value)
    assert "bad.nianbao" in str(info.value)
    # loading never writes: the file and the folder are unchanged
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["bad.nianbao"]


@pytest.mark.parametrize("damage", [b"", b'{"format": "nianbao-report",', b"\xff\xfe garbage"])
def test_a_damaged_file_points_to_its_backup_only_when_there_is_one(
    tmp_path: Path, damage: bytes
) -> None:
    path = tmp_path / "a.nianbao"
    pf.save_report(filled_report(), path)
    with pytest.raises(pf.ProjectFileError) as alone:
        path.write_bytes(damage)
        pf.load_report(path)
    assert "备份" not in str(alone.value)  # no .bak yet: naming one would send the user astray
    pf.save_report(filled_report(), path)
    pf.save_report(filled_report(), path)  # the second save keeps the first as a.nianbao.bak
    path.write_bytes(damage)
    with pytest.raises(pf.ProjectFileError) as with_backup:
        pf.load_report(path)
    assert "备份“a.nianbao.bak”" in str(with_backup.value)
    assert pf.load_report(tmp_path / "a.nianbao.bak") == filled_report()


def test_count_cell_names_printed_labels(tmp_path: Path) -> None:
    path = _write(tmp_path, _doc(**{"t3.withheld_4.legal": -2}))
    with pytest.raises(pf.ProjectFileError, match="保护第三方合法权益 / 法律服务机构"):
        pf.load_report(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(pf.ProjectFileError, match="找不到文件"):
        pf.load_report(tmp_path / "none.nianbao")
    with pytest.raises(pf.ProjectFileError, match="文件夹"):
        pf.load_report(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.nianbao"
    pf.save_report(filled_report(), path)

    real_open = os.open

    def denied(name: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(name) == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(pf.ProjectFileError, match="没有权限读取"):
        pf.load_report(path)
    with pytest.raises(pf.ProjectFileError, match="没有权限读取"):
        pf.load_report(str(path))


def test_older_schema_is_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A hand-made version-0 file: meta keys had other names, cells held every id.
    v0 = {
        "format": "nianbao-report",
        "schema_version": 0,
        "unit": {"name": "旧格式局", "year": 2021},
        "cells": {"t3.new.natural": 4},
    }

    def v0_to_v1(doc: dict[str, Any]) -> dict[str, Any]:
        unit = doc.pop("unit")
        doc["meta"] = {"org_name": unit["name"], "year": unit["year"]}
        return doc

    monkeypatch.setitem(pf.MIGRATIONS, 0, v0_to_v1)
    report = pf.load_report(_write(tmp_path, json.dumps(v0, ensure_ascii=False)))
    assert report.meta.org_name == "旧格式局" and report.cells["t3.new.natural"] == 4


def test_unknown_old_schema_is_refused(tmp_path: Path) -> None:
    doc = json.dumps({"format": "nianbao-report", "schema_version": 0})
    with pytest.raises(pf.ProjectFileError, match="过旧"):
        pf.load_report(_write(tmp_path, doc))


# --- recovery copies ----------------------------------------------------------------------------


def test_recovery_write_list_read_discard(tmp_path: Path) -> None:
    user_file = tmp_path / "docs" / "a.nianbao"
    user_file.parent.mkdir()
    pf.save_report(new_report("旧", 2022), user_file)
    os.utime(user_file, (time.time() - 3600, time.time() - 3600))
    before = user_file.read_bytes()
    edited = filled_report()
    folder = tmp_path / "data" / "recovery"
    copy = pf.write_recovery(edited, folder, user_file)
    assert copy.parent == folder
    assert user_file.read_bytes() == before  # the user's own file is never touched
    (listed,) = pf.list_recovery(folder)
    assert listed.original == user_file and listed.newer_than_original
    assert pf.read_recovery(listed.path) == edited
    # a second autosave of the same document replaces its copy
    pf.write_recovery(edited, folder, user_file)
    assert len(pf.list_recovery(folder)) == 1
    pf.discard_recovery(copy)
    assert pf.list_recovery(folder) == []


def test_recovery_older_than_file_is_marked(tmp_path: Path) -> None:
    user_file = tmp_path / "a.nianbao"
    folder = tmp_path / "rec"
    pf.write_recovery(filled_report(), folder, user_file)
    pf.save_report(filled_report(), user_file)
    future = time.time() + 3600
    os.utime(user_file, (future, future))
    (listed,) = pf.list_recovery(folder)
    assert not listed.newer_than_original


def test_corrupt_recovery_copies_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "recovery-broken.json").write_text("{", encoding="utf-8")
    pf.write_recovery(filled_report(), folder, None, key="untitled-1")
    assert [r.original for r in pf.list_recovery(folder)] == [None]
