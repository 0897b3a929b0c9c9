"""Keep a report's table cells in step with its register (由台账生成 mode).

In 由台账生成 mode the derived counts are written into the report's own input cells on every
change, so that everything that reads cells — ``dump``, 汇总, the Word/HTML export, the checks
and older builds of the app — sees them without knowing about the register.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from desktop.register.derive import T3_DERIVED_IDS, T4_DERIVED_IDS, derive_t3, derive_t4
from desktop.register.model import DEFAULT_DECISION_MAP, ApplicantKind, Application, Register
from desktop.template import CELL_BY_ID, T3_APPLICANT_KEYS, t3_id

if TYPE_CHECKING:
    from desktop.report import Report


def apply_register(report: Report) -> list[str]:
    """Write derived cells into ``report`` for each table in 由台账生成 mode; return the ids of
    the cells whose value changed."""
    reg = report.ledger
    year = report.meta.year
    changed: list[str] = []
    cells = report.cells
    if reg.t3_generated:
        for cid, value in derive_t3(reg, year).cells.items():
            if cells[cid] != value or (cells[cid] is None) != (value is None):
                cells[cid] = value
                changed.append(cid)
    if reg.t4_generated:
        for cid, value in derive_t4(reg, year).cells.items():
            if cells[cid] != value or (cells[cid] is None) != (value is None):
                cells[cid] = value
                changed.append(cid)
    return changed


def t3_is_blank(report: Report) -> bool:
    """Table 三 has nothing typed in it, apart from 上年结转 as carried from last year's
    report by 下一年度 (those equal last year's 结转下年度, so nothing of the user's is lost)."""
    prev = report.previous
    for cid in T3_DERIVED_IDS:
        value = report.cells[cid]
        if value is None:
            continue
        cell = CELL_BY_ID[cid]
        if cell.row_key == "carried_in" and prev is not None and cell.col_key is not None:
            if prev.cells.get(t3_id("carried_out", cell.col_key)) == value:
                continue
        return False
    return True


def t4_is_blank(report: Report) -> bool:
    """Table 四 has nothing typed in it (a case list imported into it may take it over)."""
    return all(report.cells[cid] is None for cid in T4_DERIVED_IDS)


def decision_words(register: Register) -> tuple[str, ...]:
    """Every decision word the register's mapping knows: the app's and the user's own."""
    return (
        *DEFAULT_DECISION_MAP,
        *(w for w in register.decision_map if w not in DEFAULT_DECISION_MAP),
    )


def expected_carry_in(report: Report) -> dict[str, int]:
    """Last year's 结转下年度 per applicant column (only the filled, non-zero ones)."""
    prev = report.previous
    if prev is None:
        return {}
    out: dict[str, int] = {}
    for col in T3_APPLICANT_KEYS:
        v = prev.cells.get(t3_id("carried_out", col))
        if isinstance(v, int) and v > 0:
            out[col] = v
    return out


def placeholder_rows(report: Report) -> list[Application]:
    """Rows standing for last year's carried-over applications (by applicant column), for a
    register that starts this year: dated 31 December of last year, marked 占位, no result."""
    reg = report.ledger
    year = report.meta.year
    rows: list[Application] = []
    ids = {a.id for a in reg.applications}
    n = 0
    for col, count in expected_carry_in(report).items():
        kind = {k.column: k for k in ApplicantKind}[col]
        for _ in range(count):
            n += 1
            rid = f"结转{year - 1}-{n:03d}"
            while rid in ids:
                n += 1
                rid = f"结转{year - 1}-{n:03d}"
            ids.add(rid)
            rows.append(
                Application(
                    id=rid,
                    received=date(year - 1, 12, 31),
                    kind=kind,
                    note="上年结转（占位记录，请补全收到日期和申请内容）",
                    placeholder=True,
                )
            )
    return rows


def without_register(report: Report) -> Report:
    """A copy of ``report`` for sending up (报送副本): the register and its personal data
    removed, the derived cells kept as plain cells (手工填写, nothing left to compare)."""
    previous = (
        report.previous.model_copy(deep=True, update={"ledger": Register()})
        if report.previous is not None
        else None
    )
    return report.model_copy(deep=True, update={"ledger": Register(), "previous": previous})
