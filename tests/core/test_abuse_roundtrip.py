"""Round trip over random reports through real files and the real commands: last year's unit
reports → ``nianbao next`` → filled in → ``nianbao merge`` → the total loaded back. Every cell
of every unit, this year's and last year's, must be in the total (blank where any unit left it
blank, never a made-up number)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from desktop.next_year import CARRY_PAIRS
from desktop.project_file import load_report, save_report
from desktop.report import CellValue, Report, new_report
from desktop.template import AMOUNT_IDS, INPUT_IDS

_count = st.integers(min_value=0, max_value=10**7)
_amount = st.decimals(min_value=0, max_value=10**7, places=4, allow_nan=False)


@st.composite
def _cells(draw: st.DrawFn) -> dict[str, CellValue]:
    # Mostly filled (so sums are exercised), sometimes blank.
    blank_ids = draw(st.sets(st.sampled_from(INPUT_IDS), max_size=3))
    out: dict[str, CellValue] = {}
    for cid in INPUT_IDS:
        if cid in blank_ids:
            out[cid] = None
        else:
            out[cid] = draw(_amount) if cid in AMOUNT_IDS else draw(_count)
    return out


def _sum(values: list[CellValue]) -> CellValue:
    if any(v is None for v in values):
        return None
    total: int | Decimal = Decimal(0) if isinstance(values[0], Decimal) else 0
    for v in values:
        assert v is not None
        total += v
    return total


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    last_cells=st.lists(_cells(), min_size=1, max_size=4),
    this_cells=st.lists(_cells(), min_size=4, max_size=4),
)
@pytest.mark.timeout(300)
def test_next_then_merge_keeps_every_cell(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    last_cells: list[dict[str, CellValue]],
    this_cells: list[dict[str, CellValue]],
) -> None:
    tmp = tmp_path_factory.mktemp("rt")
    units = tmp / "units"
    units.mkdir()
    this_years: list[Report] = []
    for i, cells in enumerate(last_cells):
        last = new_report(f"测试县第{i}局", 2022)
        last.cells.update(cells)
        last_path = tmp / f"last-{i}.nianbao"
        save_report(last, last_path)
        unit_path = units / f"unit-{i}.nianbao"
        assert main(["next", str(last_path), "-o", str(unit_path)]) in (0, 1)
        unit = load_report(unit_path)
        assert unit.previous is not None and unit.previous.cells == last.cells
        for into, source in CARRY_PAIRS:
            assert unit.cells[into] == last.cells[source]
        # The unit fills in this year's numbers (the carried cells as carried).
        carried = {into for into, _ in CARRY_PAIRS}
        for cid in INPUT_IDS:
            if cid not in carried:
                unit.cells[cid] = this_cells[i][cid]
        save_report(unit, unit_path)
        this_years.append(unit)
    total_path = tmp / "total.nianbao"
    code = main(["merge", str(units), "-o", str(total_path), "--org", "测试县人民政府"])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert "Traceback" not in captured.err
    total = load_report(total_path)
    for cid in INPUT_IDS:
        assert total.cells[cid] == _sum([u.cells[cid] for u in this_years]), cid
    assert total.previous is not None
    for cid in INPUT_IDS:
        assert total.previous.cells[cid] == _sum([c[cid] for c in last_cells]), cid
