"""Collecting a folder of reports for review: sources read in memory, pairing with last year,
the roster with near-misses, duplicates, unreadable files and mixed years listed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.project_file import save_report
from desktop.review.collect import REVIEW_RULE, Status, read_roster, review_folder
from desktop.review.names import near_miss, norm_name
from tests.core.review_corpus import corpus
from tests.core.unit_reports import example_report


def _unit(folder: Path, name: str, org: str, year: int = 2022) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    save_report(example_report(org, year), path)
    return path


def test_names_normalise_and_near_misses() -> None:
    assert norm_name(" 盐池县 人民政府") == norm_name("盐池县人民政府")
    assert norm_name("花马池镇(街道)") == norm_name("花马池镇（街道）")
    assert norm_name("某區衛生局") == norm_name("某区卫生局")
    assert near_miss(norm_name("盐池县人民政府"), norm_name("盐池县政府"))
    assert near_miss(norm_name("九原区政务服务局"), norm_name("包头市九原区政务服务局"))
    assert near_miss(norm_name("盐池县交通局"), norm_name("盐池县交通运输局"))
    assert not near_miss(norm_name("盐池县交通运输局"), norm_name("盐池县教育体育局"))
    assert not near_miss(norm_name("盐池县"), norm_name("盐池县"))


def test_folder_recursive_sources_in_memory_nothing_written(tmp_path: Path) -> None:
    folder = tmp_path / "各单位"
    _unit(folder, "a.nianbao", "盐池县人民政府")
    _unit(folder, "b.nianbao", "盐池县交通运输局")
    (folder / "乡镇").mkdir()
    shutil.copy(corpus("hongze-2023.txt"), folder / "乡镇" / "hongze.txt")
    shutil.copy(corpus("shanghai-2019.docx"), folder / "乡镇" / "shanghai.docx")
    (folder / "说明.xlsx").write_bytes(b"not a report")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    result = review_folder(folder)
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert [u.rel for u in result.units] == [
        "a.nianbao",
        "b.nianbao",
        str(Path("乡镇") / "hongze.txt"),
        str(Path("乡镇") / "shanghai.docx"),
    ]
    assert all(u.report is not None for u in result.units)
    assert result.ignored == ["说明.xlsx"]
    hongze = result.units[2]
    assert hongze.name == "洪泽区人民政府"
    # 2019 and 2023 among 2022: the other years are listed, not refused.
    assert result.year == 2022
    years = [f for u in result.units for f in u.findings if f.rule == REVIEW_RULE]
    assert len(years) == 2 and all("年度的" in f.message for f in years)


def test_unreadable_duplicate_and_two_versions_listed_never_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "各单位"
    a = _unit(folder, "a.nianbao", "盐池县人民政府")
    shutil.copy(a, folder / "a-副本.nianbao")
    report = example_report("盐池县人民政府")
    report.prose.s5.lead = "另一稿。"
    save_report(report, folder / "a-修改稿.nianbao")
    (folder / "坏.nianbao").write_text("{not json", encoding="utf-8")
    (folder / "空.txt").write_bytes(b"")
    (folder / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    result = review_folder(folder)
    by_rel = {u.rel: u for u in result.units}
    assert by_rel["坏.nianbao"].status is Status.UNREADABLE
    assert by_rel["空.txt"].status is Status.UNREADABLE and "空" in by_rel["空.txt"].error
    assert ".docx" in by_rel["旧.doc"].error
    # The later of the two identical files (by path) is the duplicate; it names the first.
    assert not [f for f in by_rel["a-副本.nianbao"].findings if "同一份文件" in f.message]
    dup = [f for f in by_rel["a.nianbao"].findings if "同一份文件" in f.message]
    assert len(dup) == 1 and "a-副本.nianbao" in dup[0].message and dup[0].severity.value == "error"
    versions = [f for f in by_rel["a-修改稿.nianbao"].findings if "另一份报告" in f.message]
    assert len(versions) == 1 and "a-副本.nianbao" in versions[0].message
    assert result.exit_code == 1


def test_nothing_readable_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "坏.nianbao").write_text("x", encoding="utf-8")
    assert review_folder(tmp_path).exit_code == 2


def test_folder_errors_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到文件夹"):
        review_folder(tmp_path / "没有")
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="不是文件夹"):
        review_folder(tmp_path / "f.txt")


def test_previous_pairs_by_name_lists_ambiguous_and_near(tmp_path: Path) -> None:
    now, last = tmp_path / "2022", tmp_path / "2021"
    _unit(now, "a.nianbao", "盐池县人民政府")
    _unit(now, "b.nianbao", "盐池县交通运输局")
    _unit(now, "c.nianbao", "盐池县教育体育局")
    _unit(last, "a.nianbao", "盐池县 人民政府", 2021)
    _unit(last, "b1.nianbao", "盐池县交通运输局", 2021)
    _unit(last, "b2.nianbao", "盐池县交通运输局", 2021)
    _unit(last, "c.nianbao", "盐池县教体局", 2021)
    result = review_folder(now, previous=last)
    a, b, c = result.units
    assert a.previous_path == last / "a.nianbao"
    assert b.previous_path is None and c.previous_path is None
    assert any("无法确定用哪一份" in f.message for f in b.findings)
    assert any("“盐池县教体局”可能是同一单位" in f.message for f in c.findings)
    # Paired: the cross-year rules ran (R7 on the example's carry-over agrees: no R7).
    assert not any(f.rule == "R7" for f in a.findings)


def test_roster_txt_and_xlsx_exact_missing_extra_and_near(tmp_path: Path) -> None:
    from openpyxl import Workbook

    folder = tmp_path / "各单位"
    _unit(folder, "a.nianbao", "盐池县人民政府")
    _unit(folder, "b.nianbao", "盐池县交通局")
    _unit(folder, "c.nianbao", "盐池县气象局")
    txt = tmp_path / "名单.txt"
    txt.write_text("盐池县人民政府\n\n盐池县交通运输局\n盐池县统计局\n", encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "单位名称"])
    for i, n in enumerate(["盐池县 人民政府", "盐池县交通运输局", "盐池县统计局"], start=1):
        ws.append([i, n])
    xlsx = tmp_path / "名单.xlsx"
    wb.save(xlsx)
    assert read_roster(xlsx) == ["盐池县 人民政府", "盐池县交通运输局", "盐池县统计局"]
    for roster in (txt, xlsx):
        result = review_folder(folder, roster=roster)
        assert result.missing == ["盐池县交通运输局", "盐池县统计局"]
        assert result.extra == ["盐池县交通局", "盐池县气象局"]
        assert result.maybe_same == [("盐池县交通运输局", "盐池县交通局")]
        assert result.exit_code == 1


def test_progress_can_cancel(tmp_path: Path) -> None:
    for i in range(3):
        _unit(tmp_path, f"{i}.nianbao", f"单位{i}")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, name: str) -> bool:
        seen.append((done, total))
        return done < 1

    result = review_folder(tmp_path, progress=progress)
    assert result.cancelled and len(result.units) == 1
    assert seen == [(0, 6), (1, 6)]  # reading and checking: two steps a file

    # Stopped while checking: every file read, none checked after the stop.
    seen.clear()
    result = review_folder(
        tmp_path, progress=lambda done, total, what: seen.append(what) or done < 4
    )
    assert result.cancelled and len(result.units) == 3
    assert seen[:4] == [
        "正在读取：0.nianbao",
        "正在读取：1.nianbao",
        "正在读取：2.nianbao",
        "正在检查：0.nianbao",
    ]
    assert len(seen) == 5 and not result.units[1].findings


def test_confirming_a_near_pair(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from desktop.review.workbook import write_workbook

    folder = tmp_path / "各单位"
    _unit(folder, "b.nianbao", "盐池县交通局")
    roster = tmp_path / "名单.txt"
    roster.write_text("盐池县交通运输局\n", encoding="utf-8")
    result = review_folder(folder, roster=roster)
    assert result.exit_code == 1  # 缺报 until the reviewer decides
    with pytest.raises(ValueError):
        result.confirm("盐池县交通运输局", "别的单位")
    result.confirm("盐池县交通运输局", "盐池县交通局")
    assert result.missing == [] and result.extra == [] and result.maybe_same == []
    write_workbook(result, tmp_path / "r.xlsx")
    rows = list(load_workbook(tmp_path / "r.xlsx")["缺报"].iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["已确认为同一单位"]


def test_pdf_read_through_the_importer(tmp_path: Path) -> None:
    folder = tmp_path / "各单位"
    folder.mkdir()
    shutil.copy(corpus("hongze-2023.txt").parent / "hzq2023_working.pdf", folder / "洪泽.pdf")
    before = sorted(folder.iterdir())
    result = review_folder(folder)
    assert sorted(folder.iterdir()) == before  # nothing written beside the source
    (unit,) = result.units
    assert unit.status is not Status.UNREADABLE and unit.name == "洪泽区人民政府"
    assert not [f for f in unit.findings if f.rule == "R24"]  # six headings, in order
    assert any(f.rule == "R6" for f in unit.findings)  # table 四's printed totals are wrong


def test_a_unit_file_is_read_whole_and_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read by the size it says it has (no 20 MB buffer a file), yet an empty, a
    blank, a too large and a file that grew while read (or tells no size) are all judged
    by what was read."""
    import os

    from desktop import project_file
    from desktop.review import collect

    good = _unit(tmp_path, "u/a.nianbao", "盐池县人民政府")
    data = good.read_bytes()
    (tmp_path / "u" / "empty.nianbao").write_bytes(b"")
    (tmp_path / "u" / "blank.nianbao").write_bytes(b" \n\t\r\n")
    units = {u.rel: u for u in collect.read_folder(tmp_path / "u")[0]}
    assert units["a.nianbao"].report is not None
    assert (
        units["empty.nianbao"].error
        == units["blank.nianbao"].error
        == ("文件是空的（可能保存时被中断）")
    )
    monkeypatch.setattr(project_file, "MAX_FILE_BYTES", len(data) - 1)
    assert collect.read_unit(good, tmp_path).error == "文件过大，不是年报文件"
    # A file that says it is empty (or smaller than it is) is read on to the bound.
    monkeypatch.setattr(project_file, "MAX_FILE_BYTES", len(data))
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((0,) * 6 + (0,) + (0,) * 3))
    unit = collect.read_unit(good, tmp_path)
    assert unit.report is not None and unit.report.meta.org_name == "盐池县人民政府"
    monkeypatch.setattr(
        os, "fstat", lambda fd: os.stat_result(real_fstat(fd)[:6] + (10,) + (0,) * 3)
    )
    assert collect.read_unit(good, tmp_path).report is not None
    monkeypatch.setattr(project_file, "MAX_FILE_BYTES", len(data) - 1)
    assert collect.read_unit(good, tmp_path).error == "文件过大，不是年报文件"


def test_cycle_collector_paused_while_reviewing_and_on_again_after(tmp_path: Path) -> None:
    # Like a merge (desktop.collector): every unit's report and findings stay alive until the
    # review ends, and the collector walked them again and again.
    import gc

    for i in range(2):
        _unit(tmp_path, f"{i}.nianbao", f"单位{i}")
    during: list[bool] = []

    def progress(done: int, total: int, name: str) -> bool:
        during.append(gc.isenabled())
        return True

    assert gc.isenabled()
    result = review_folder(tmp_path, progress=progress)
    assert len(result.units) == 2
    assert during and not any(during)
    assert gc.isenabled()
    # Stopped half-way, and refused for an unreadable folder: on again too.
    review_folder(tmp_path, progress=lambda done, total, what: done < 1)
    assert gc.isenabled()
    with pytest.raises(UserError):
        review_folder(tmp_path / "没有这个文件夹")
    assert gc.isenabled()
