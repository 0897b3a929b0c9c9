"""汇总: per-cell sums, blanks that stay blank and name their units, refused and flagged
inputs, the breakdown workbook and the ``nianbao merge`` command."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unit_reports import EXAMPLE_CELLS, example_report

from desktop.cli import main
from desktop.errors import UserError
from desktop.findings import Severity
from desktop.merge import MergeError, merge_reports, write_breakdown
from desktop.next_year import next_year
from desktop.project_file import load_report, save_report
from desktop.report import Level, OrgKind, Report, new_report
from desktop.template import AMOUNT_IDS, CELL_BY_ID, CELL_IDS, INPUT_IDS

NAMES = ("盐池县发展和改革局", "盐池县教育局", "盐池县花马池镇人民政府")


def three_units(tmp_path: Path | None = None) -> list[tuple[Path, Report]]:
    units = []
    for i, name in enumerate(NAMES):
        path = (tmp_path or Path("/nonexistent")) / f"unit{i}.nianbao"
        report = example_report(name, kind=OrgKind.DEPARTMENT)
        if tmp_path is not None:
            save_report(report, path)
        units.append((path, report))
    return units


def test_three_units_triple_every_cell() -> None:
    result = merge_reports(three_units(), org_name="盐池县人民政府", level=Level.COUNTY)
    total = result.report
    for cid in CELL_IDS:
        expected = 3 * EXAMPLE_CELLS[cid]
        assert total.value(cid) == expected, cid
        if cid in AMOUNT_IDS:
            assert isinstance(total.value(cid), Decimal)
        else:
            assert type(total.value(cid)) is int
    assert total.meta.org_name == "盐池县人民政府"
    assert total.meta.year == 2022
    assert total.meta.level is Level.COUNTY
    assert total.info_fee_yuan == 0
    assert result.blank_cells == {}
    assert result.problem_units == ()
    assert result.errors == 0
    assert result.clean


def test_total_prose_is_empty_with_standard_headings() -> None:
    total = merge_reports(three_units(), org_name="盐池县人民政府").report
    blank = new_report("盐池县人民政府", 2022)
    assert total.prose == blank.prose
    assert total.prose.s1.parts[0].heading == "（一）主动公开"
    assert all(not p.text for p in total.prose.s1.parts)


def test_blank_in_one_unit_stays_blank_and_names_the_unit() -> None:
    units = three_units()
    units[1][1].cells["t3.new.natural"] = None
    units[2][1].cells["t2.fees"] = None
    result = merge_reports(units, org_name="盐池县人民政府")
    total = result.report
    assert total.cells["t3.new.natural"] is None
    assert total.value("t3.new.total") is None  # a total of a blank is blank, not a sum
    assert total.cells["t2.fees"] is None
    assert total.cells["t3.new.business"] == 0
    assert result.blank_cells == {
        "t2.fees": ("盐池县花马池镇人民政府",),
        "t3.new.natural": ("盐池县教育局",),
    }
    assert [u.label for u in result.problem_units] == ["盐池县教育局", "盐池县花马池镇人民政府"]
    assert not result.clean
    # Never silently 0: the total's own check reports the blank.
    assert any(
        f.severity is Severity.ERROR and "t3.new.natural" in f.cells for f in result.findings
    )


def test_same_path_twice_refused(tmp_path: Path) -> None:
    units = three_units(tmp_path)
    again = (tmp_path / "." / "unit0.nianbao", units[0][1])
    with pytest.raises(MergeError, match="两次"):
        merge_reports([*units, again])


def test_identical_content_in_two_files_refused(tmp_path: Path) -> None:
    units = three_units(tmp_path)
    copy = tmp_path / "unit0 - 副本.nianbao"
    copy.write_bytes(units[0][0].read_bytes())
    with pytest.raises(MergeError, match="内容完全相同"):
        merge_reports([*units, (copy, load_report(copy))])


def test_same_unit_and_year_flagged_not_refused() -> None:
    units = three_units()
    other = example_report(NAMES[0], kind=OrgKind.DEPARTMENT)
    other.set_cell("t2.license", 1)
    units.append((Path("/x/fgj-修改版.nianbao"), other))
    result = merge_reports(units)
    assert len(result.same_unit) == 1
    assert result.same_unit[0].org_name == NAMES[0]
    assert [p.name for p in result.same_unit[0].paths] == ["unit0.nianbao", "fgj-修改版.nianbao"]
    assert not result.clean
    # Ambiguous names carry the file name so the 政务公开办 can find the file.
    assert result.units[0].label == f"{NAMES[0]}（unit0.nianbao）"


def test_same_name_with_fullwidth_spaces_is_one_unit() -> None:
    units = three_units()
    other = example_report(" 盐池县教育局　", kind=OrgKind.DEPARTMENT)
    other.set_cell("t2.license", 7)
    units.append((Path("/x/jyj.nianbao"), other))
    assert len(merge_reports(units).same_unit) == 1


def test_different_years_refused() -> None:
    units = three_units()
    units.append((Path("/x/old.nianbao"), example_report("盐池县民政局", year=2021)))
    with pytest.raises(MergeError, match="报告年度不一致") as info:
        merge_reports(units)
    assert "old.nianbao" in str(info.value)


def test_nothing_to_merge_refused() -> None:
    with pytest.raises(MergeError):
        merge_reports([])


def test_decimal_sums_are_exact(tmp_path: Path) -> None:
    units = three_units()
    units[0][1].set_cell("t2.fees", "0.1")
    units[1][1].set_cell("t2.fees", "0.2")
    units[2][1].set_cell("t2.fees", "0")
    total = merge_reports(units).report
    assert total.cells["t2.fees"] == Decimal("0.3")
    save_report(total, tmp_path / "t.nianbao")
    assert load_report(tmp_path / "t.nianbao").cells["t2.fees"] == Decimal("0.3")


def test_info_fee_summed_and_blank_when_any_blank() -> None:
    units = three_units()
    units[0][1].info_fee_yuan = Decimal("3940")
    units[1][1].info_fee_yuan = Decimal("12.5")
    assert merge_reports(units).report.info_fee_yuan == Decimal("3952.5")
    units[2][1].info_fee_yuan = None
    result = merge_reports(units)
    assert result.report.info_fee_yuan is None
    assert result.info_fee_blank_units == ("盐池县花马池镇人民政府",)
    assert not result.clean


def test_printed_totals_ignored_but_noted() -> None:
    units = three_units()
    units[0][1].printed_totals = {"t3.new.total": 99, "t3.granted.total": 5}
    result = merge_reports(units)
    assert result.report.value("t3.new.total") == 33
    assert result.report.printed_totals == {}
    assert [u.label for u in result.printed_disagree_units] == [NAMES[0]]
    assert result.units[0].printed_disagree == ("t3.new.total",)


def test_units_with_errors_listed() -> None:
    units = three_units()
    units[2][1].set_cell("t3.granted.natural", 6)  # total no longer equals new + carried_in
    result = merge_reports(units)
    assert [u.label for u in result.problem_units] == [NAMES[2]]
    assert result.units[2].errors > 0


def test_level_defaults_to_highest_of_the_units() -> None:
    units = three_units()
    units[2][1].meta.level = Level.TOWNSHIP
    assert merge_reports(units).report.meta.level is Level.COUNTY
    assert merge_reports(units, level=Level.CITY).report.meta.level is Level.CITY


def test_last_year_total_from_embedded_reports() -> None:
    units = [(p, next_year(r)) for p, r in three_units()]
    for _, r in units:
        for cid in INPUT_IDS:
            if r.cells[cid] is None:
                r.set_cell(cid, EXAMPLE_CELLS[cid])
    result = merge_reports(units)
    assert result.report.previous is not None
    assert result.report.previous.meta.year == 2022
    assert result.report.previous.cells["t2.license"] == 3 * EXAMPLE_CELLS["t2.license"]
    assert not [f for f in result.findings if f.rule == "R7"]


def test_last_year_sums_too_large_leave_the_carry_over_check_out(tmp_path: Path) -> None:
    # A file may hold 15-digit counts (flagged by R5); two of them add up past what a report
    # holds. Last year's total is then left out with a note, not an unexpected error.
    units = [(p, next_year(r)) for p, r in three_units()]
    for _, r in units:
        for cid in INPUT_IDS:
            if r.cells[cid] is None:
                r.set_cell(cid, EXAMPLE_CELLS[cid])
        assert r.previous is not None
        r.previous.cells["t3.carried_in.natural"] = 10**15 - 1
    result = merge_reports(units)
    assert result.report.previous is None
    assert any("2022 年度报告相加后" in n and "超过 15 位" in n for n in result.notes)
    assert result.report.cells["t2.license"] is not None
    # The command line says so too, and exits as for any merged total with findings.
    paths = []
    for i, (_, r) in enumerate(units):
        paths.append(str(tmp_path / f"u{i}.nianbao"))
        save_report(r, Path(paths[-1]))
    code = main(["merge", *paths, "-o", str(tmp_path / "total.nianbao")])
    assert code in (0, 1)
    assert load_report(tmp_path / "total.nianbao").previous is None


# --- hypothesis: the total is the per-cell sum ------------------------------------------------

_count = st.one_of(st.none(), st.integers(min_value=0, max_value=10**6))
_amount = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
)


@st.composite
def _unit_cells(draw: st.DrawFn) -> dict[str, int | Decimal | None]:
    # Mostly filled, so sums are exercised as well as blanks.
    out: dict[str, int | Decimal | None] = {}
    for cid in INPUT_IDS:
        v = draw(_amount if cid in AMOUNT_IDS else _count)
        if v is None and draw(st.integers(0, 9)) > 0:
            v = Decimal(1) if cid in AMOUNT_IDS else 1
        out[cid] = v
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_unit_cells(), min_size=1, max_size=6))
def test_merge_equals_per_cell_sums(cell_sets: list[dict[str, int | Decimal | None]]) -> None:
    units = []
    for i, cells in enumerate(cell_sets):
        r = new_report(f"单位{i}", 2023)
        r.cells.update(cells)
        units.append((Path(f"/x/u{i}.nianbao"), r))
    result = merge_reports(units, org_name="汇总")
    for cid in INPUT_IDS:
        values = [c[cid] for c in cell_sets]
        if any(v is None for v in values):
            assert result.report.cells[cid] is None
            assert result.blank_cells[cid] == tuple(
                f"单位{i}" for i, v in enumerate(values) if v is None
            )
        else:
            assert result.report.cells[cid] == sum(v for v in values if v is not None)
            assert cid not in result.blank_cells
    for cid in CELL_IDS:
        unit_values = [u.report.value(cid) for u in result.units]
        if all(v is not None for v in unit_values):
            assert result.report.value(cid) == sum(v for v in unit_values if v is not None)


# --- breakdown workbook -------------------------------------------------------------------------


def test_breakdown_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    units = three_units()
    units[1][1].cells["t3.new.natural"] = None
    result = merge_reports(units, org_name="盐池县人民政府")
    out = tmp_path / "明细.xlsx"
    write_breakdown(result, out)

    wb = load_workbook(out)
    ws = wb["分单位明细"]
    assert ws.freeze_panes == "E5"
    # Header: table / row label / column label / cell id, for all 200 cells.
    ids = [ws.cell(row=4, column=c).value for c in range(5, 5 + len(CELL_IDS))]
    assert ids == list(CELL_IDS)
    col = 5 + CELL_IDS.index("t3.withheld_4.legal")
    assert ws.cell(row=3, column=col).value == "法律服务机构"
    # The row label is merged over the row's seven columns.
    first = 5 + CELL_IDS.index("t3.withheld_4.natural")
    assert ws.cell(row=2, column=first).value == CELL_BY_ID["t3.withheld_4.legal"].row_label
    assert (
        f"{ws.cell(row=2, column=first).coordinate}:{ws.cell(row=2, column=first + 6).coordinate}"
        in {str(r) for r in ws.merged_cells.ranges}
    )
    assert ws.cell(row=1, column=5).value.startswith("表二")
    assert ws.cell(row=1, column=5 + CELL_IDS.index("t3.new.natural")).value.startswith("表三")
    # One row per unit, then 合计.
    assert [ws.cell(row=r, column=2).value for r in range(5, 8)] == list(NAMES)
    assert ws.cell(row=8, column=1).value == "合计"
    assert ws.max_row == 8
    lic = 5 + CELL_IDS.index("t2.license")
    assert [ws.cell(row=r, column=lic).value for r in range(5, 9)] == [14356] * 3 + [3 * 14356]
    fees = 5 + CELL_IDS.index("t2.fees")
    assert ws.cell(row=8, column=fees).value == 3 * 4106
    total_col = 5 + CELL_IDS.index("t3.total.total")
    assert ws.cell(row=5, column=total_col).value == 11  # computed cells included
    # Blank: empty and highlighted, in the unit and in the total.
    nat = 5 + CELL_IDS.index("t3.new.natural")
    for r in (6, 8):
        cell = ws.cell(row=r, column=nat)
        assert cell.value is None
        assert cell.fill.fgColor.rgb.endswith("FFF2CC")
    assert ws.cell(row=5, column=nat).value == 11
    assert "未填 1" in ws.cell(row=6, column=4).value
    # Findings sheet: the blank unit's finding is listed under its name.
    fs = wb["检查结果"]
    assert [c.value for c in fs[1]] == ["单位", "文件", "规则", "类别", "说明"]
    rows = [[c.value for c in row] for row in fs.iter_rows(min_row=2)]
    assert any(r[0] == "盐池县教育局" and r[3] == "错误" for r in rows)


def test_breakdown_marks_units_with_errors(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    units = three_units()
    units[0][1].set_cell("t3.granted.natural", 6)
    write_breakdown(merge_reports(units), tmp_path / "b.xlsx")
    ws = load_workbook(tmp_path / "b.xlsx")["分单位明细"]
    assert "错误" in ws.cell(row=5, column=4).value
    assert ws.cell(row=5, column=2).fill.fgColor.rgb.endswith("F8CBAD")
    assert ws.cell(row=6, column=4).value == "无问题"


def test_breakdown_open_in_excel_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    def locked(self: Workbook, filename: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Workbook, "save", locked)
    with pytest.raises(UserError, match="正在 Word、WPS 或 Excel 中打开"):
        write_breakdown(merge_reports(three_units()), tmp_path / "b.xlsx")


# --- command line -------------------------------------------------------------------------------


def test_cli_merge_three_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = three_units(tmp_path)
    out = tmp_path / "total.nianbao"
    argv = ["merge", *(str(p) for p, _ in units), "-o", str(out), "--org", "盐池县人民政府"]
    assert main([*argv, "--level", "县级", "--breakdown", str(tmp_path / "b.xlsx")]) == 0
    text = capsys.readouterr().out
    assert "已汇总 3 个单位的 2022 年度报告" in text
    total = load_report(out)
    assert total.meta.org_name == "盐池县人民政府"
    assert total.value("t3.new.total") == 33
    assert (tmp_path / "b.xlsx").is_file()


def test_cli_merge_folder_skips_its_own_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    three_units(tmp_path)
    (tmp_path / "unit0.nianbao.bak").write_text("old backup", encoding="utf-8")
    (tmp_path / "说明.txt").write_text("not a report", encoding="utf-8")
    out = tmp_path / "total.nianbao"
    assert main(["merge", str(tmp_path), "-o", str(out), "--org", "盐池县人民政府"]) == 0
    # Run again over the same folder: last run's total must not be added in.
    assert main(["merge", str(tmp_path), "-o", str(out), "--force"]) == 0
    assert "已汇总 3 个单位" in capsys.readouterr().out
    assert load_report(out).cells["t2.license"] == 3 * 14356


def test_cli_merge_blank_cells_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = three_units(tmp_path)
    r = units[2][1]
    r.cells["t4.review.upheld"] = None
    save_report(r, units[2][0])
    out = tmp_path / "total.nianbao"
    assert main(["merge", *(str(p) for p, _ in units), "-o", str(out)]) == 1
    text = capsys.readouterr().out
    assert "留空（不按 0 计）" in text
    assert "表四 行政复议 / 结果维持：盐池县花马池镇人民政府" in text
    assert load_report(out).cells["t4.review.upheld"] is None


def test_cli_merge_same_file_twice_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = three_units(tmp_path)
    paths = [str(p) for p, _ in units]
    out = tmp_path / "total.nianbao"
    assert main(["merge", *paths, paths[0], "-o", str(out)]) == 2
    assert "两次" in capsys.readouterr().err
    assert not out.exists()


def test_cli_merge_same_unit_flagged_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = three_units(tmp_path)
    other = example_report(NAMES[1], kind=OrgKind.DEPARTMENT)
    other.set_cell("t2.penalty", 1)
    save_report(other, tmp_path / "jyj-v2.nianbao")
    out = tmp_path / "total.nianbao"
    paths = [str(p) for p, _ in units]
    assert main(["merge", *paths, str(tmp_path / "jyj-v2.nianbao"), "-o", str(out)]) == 1
    text = capsys.readouterr().out
    assert "盐池县教育局 的 2022 年度报告有 2 个不同的文件" in text


def test_cli_merge_unreadable_inputs_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = three_units(tmp_path)
    (tmp_path / "broken.nianbao").write_text("{not json", encoding="utf-8")
    (tmp_path / "empty.nianbao").write_bytes(b"")
    out = tmp_path / "total.nianbao"
    argv = ["merge", str(units[0][0]), str(tmp_path / "broken.nianbao")]
    argv += [str(tmp_path / "empty.nianbao"), str(tmp_path / "missing.nianbao"), "-o", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "3 个文件无法读取" in err
    for name in ("broken.nianbao", "empty.nianbao", "missing.nianbao"):
        assert name in err
    assert not out.exists()


def test_cli_merge_refuses_overwrite_and_bad_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = three_units(tmp_path)
    paths = [str(p) for p, _ in units]
    out = tmp_path / "total.nianbao"
    out.write_text("keep", encoding="utf-8")
    assert main(["merge", *paths, "-o", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"
    with pytest.raises(SystemExit) as exited:  # argparse rejects it before the command runs
        main(["merge", *paths, "-o", str(tmp_path / "t2.nianbao"), "--level", "区级"])
    assert exited.value.code == 2
    assert "层级“区级”无效" in capsys.readouterr().err
    assert main(["merge", *paths, "-o", paths[0], "--force"]) == 2
    assert "参加汇总的文件" in capsys.readouterr().err


def test_cli_merge_mixed_years_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    three_units(tmp_path)
    save_report(example_report("盐池县民政局", year=2021), tmp_path / "mzj-2021.nianbao")
    assert main(["merge", str(tmp_path), "-o", str(tmp_path / "t.nianbao")]) == 2
    err = capsys.readouterr().err
    assert "mzj-2021.nianbao" in err and "2021 年" in err


def test_sample_imported_under_three_names_triples_every_cell(tmp_path: Path) -> None:
    from desktop.importers import import_report

    sample = Path(__file__).resolve().parents[1] / "data" / "yanchi-2022-report.txt"
    paths = []
    for i, name in enumerate(NAMES):
        imported = import_report(sample).report
        assert imported.printed_totals  # kept as printed: merge must not use them
        imported.meta.org_name = name
        save_report(imported, tmp_path / f"imported{i}.nianbao")
        paths.append(str(tmp_path / f"imported{i}.nianbao"))
    out = tmp_path / "total.nianbao"
    assert main(["merge", *paths, "-o", str(out), "--org", "盐池县人民政府"]) == 0
    total = load_report(out)
    assert total.printed_totals == {}
    for cid in CELL_IDS:
        assert total.value(cid) == 3 * EXAMPLE_CELLS[cid], cid


def test_cycle_collector_is_on_again_after_a_merge_and_after_a_refused_one(tmp_path: Path) -> None:
    import gc

    from desktop.merge import load_units

    units = three_units(tmp_path)
    assert gc.isenabled()
    load_units([p for p, _ in units])
    merge_reports(units, org_name="盐池县人民政府")
    assert gc.isenabled()
    with pytest.raises(MergeError):
        merge_reports([units[0], units[0]])
    assert gc.isenabled()
    # A program that turned the collector off keeps it off.
    gc.disable()
    try:
        merge_reports(units)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_folder_gives_its_report_files_by_name(tmp_path: Path) -> None:
    from desktop.merge import expand_inputs

    folder = tmp_path / "units"
    folder.mkdir()
    for name in ("b.nianbao", "A.NIANBAO", ".nianbao", "c.nianbao.bak", "d.txt", "x.", "e.Nianbao"):
        (folder / name).write_text("{}", encoding="utf-8")
    (folder / "sub.nianbao").mkdir()
    (folder / "link.nianbao").symlink_to(folder / "b.nianbao")
    (folder / "broken.nianbao").symlink_to(folder / "gone.nianbao")
    out = folder / "e.Nianbao"
    # What Path.iterdir + Path.suffix + Path.is_file give, sorted by name, the output left out.
    expected = sorted(
        (f for f in folder.iterdir() if f.suffix.lower() == ".nianbao" and f.is_file()),
        key=lambda f: f.name,
    )
    expected = [f for f in expected if f != out]
    assert expand_inputs([folder], out) == expected
    assert [f.name for f in expected] == ["A.NIANBAO", "b.nianbao", "link.nianbao"]


def test_merge_command_reads_each_files_identity_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import merge

    units = three_units(tmp_path)
    out = tmp_path / "total.nianbao"
    out.write_text("{}", encoding="utf-8")  # re-run over an earlier total: every check stats
    looked: list[Path] = []
    real = merge._read_file_key

    def counted(path: Path) -> object:
        looked.append(path)
        return real(path)

    monkeypatch.setattr(merge, "_read_file_key", counted)
    argv = ["merge", str(tmp_path), "-o", str(out), "--force", "--org", "县"]
    assert main(argv) in (0, 1)
    capsys.readouterr()
    assert sorted(looked) == sorted([out, *(p for p, _ in units)])
    # Outside the command nothing is remembered: a file replaced meanwhile is seen anew.
    looked.clear()
    merge.check_output(out, [units[0][0]])
    merge.check_output(out, [units[0][0]])
    assert len(looked) == 4
