"""Settling ambiguous table rows with the report's own arithmetic.

A row read from a document may have several readings: its numbers glued together (several
splits), or one number missing (which column?). Each reading maps cell ids to values, where
``UNK`` marks a value the source does not show. The printed totals and 勾稽关系 give linear
equations (sum of cells with coefficients ±1 = 0). A cell gets a value only when every reading
consistent with those equations gives it the same value; everything else stays blank.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final


class _Unknown:
    """A value the source does not show (a missing column); the totals may settle it."""

    def __repr__(self) -> str:
        return "UNK"


UNK: Final = _Unknown()
Value = int | Decimal | None | _Unknown
Reading = dict[str, Value]
Constraint = tuple[tuple[str, int], ...]  # ((cell id, coefficient), ...): Σ coef·x = 0

INF: Final = 10**18
MAX_LEAVES: Final = 5_000


@dataclass(slots=True)
class Outcome:
    """What the equations settle: values for cells of ambiguous rows, and which stay open."""

    values: dict[str, int] = field(default_factory=dict)
    open_cells: set[str] = field(default_factory=set)


def _num(v: Value) -> int | None:
    if isinstance(v, bool) or v is None or isinstance(v, _Unknown):
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else None
    return v


def solve(
    fixed: dict[str, Value], options: dict[str, list[Reading]], constraints: list[Constraint]
) -> Outcome:
    """Settle the cells of the rows in ``options`` (row key → readings) using ``constraints``.

    ``fixed`` holds the cells read without doubt (None = printed blank). A constraint that
    touches a blank or absent cell, or no ambiguous row, is not used.
    """
    out = Outcome()
    rows = [k for k, v in options.items() if v]
    cell_row: dict[str, str] = {}
    for key in rows:
        for reading in options[key]:
            for cid in reading:
                cell_row[cid] = key
    usable: list[Constraint] = []
    for con in constraints:
        touches = False
        ok = True
        for cid, _ in con:
            if cid in cell_row:
                touches = True
            elif _num(fixed.get(cid)) is None:
                ok = False
                break
        if ok and touches:
            usable.append(con)

    alive = {k: list(options[k]) for k in rows}

    def contribution(key: str, reading: Reading, con: Constraint) -> tuple[int, int]:
        lo = hi = 0
        for cid, coef in con:
            if cell_row.get(cid) != key:
                continue
            v = _num(reading.get(cid))
            if v is None:
                if coef > 0:
                    hi = INF
                else:
                    lo = -INF
            else:
                lo += coef * v
                hi += coef * v
        return max(lo, -INF), min(hi, INF)

    consts = [
        sum(coef * (_num(fixed.get(cid)) or 0) for cid, coef in con if cid not in cell_row)
        for con in usable
    ]
    involved = [{cell_row[cid] for cid, _ in con if cid in cell_row} for con in usable]

    # Bounds propagation: drop readings that no choice of the other rows could complete.
    changed = True
    while changed:
        changed = False
        for k, con in enumerate(usable):
            bounds = {key: [contribution(key, r, con) for r in alive[key]] for key in involved[k]}
            mins = {key: min(b[0] for b in bs) for key, bs in bounds.items() if bs}
            maxs = {key: max(b[1] for b in bs) for key, bs in bounds.items() if bs}
            tot_lo = consts[k] + sum(mins.values())
            tot_hi = consts[k] + sum(maxs.values())
            for key in involved[k]:
                keep = []
                for reading, (lo, hi) in zip(alive[key], bounds[key], strict=True):
                    lo_all = min(tot_lo - mins[key] + lo, INF)
                    hi_all = max(tot_hi - maxs[key] + hi, -INF)
                    if lo_all <= 0 <= hi_all:
                        keep.append(reading)
                if len(keep) != len(alive[key]):
                    alive[key] = keep
                    changed = True
                if not keep:
                    out.open_cells = set(cell_row)
                    return out

    product = 1
    for key in rows:
        product *= len(alive[key])
        if product > MAX_LEAVES:
            break
    if product <= MAX_LEAVES:
        per_cell = _exact(rows, alive, usable, fixed, cell_row)
        if per_cell is None:
            out.open_cells = set(cell_row)
            return out
    else:
        per_cell = _by_bounds(rows, alive, usable, consts, cell_row, contribution)
    for cid in cell_row:
        vals = per_cell.get(cid, {None})
        if len(vals) == 1:
            (v,) = vals
            if v is not None:
                out.values[cid] = v
                continue
        out.open_cells.add(cid)
    return out


def _resolve_leaf(
    assignment: dict[str, Value], usable: list[Constraint], fixed: dict[str, Value]
) -> dict[str, int | None] | None:
    """Fill the unknowns of one complete choice of readings; None when it breaks an equation."""
    vals: dict[str, int | None] = {}
    unknown: set[str] = set()
    for cid, v in assignment.items():
        n = _num(v)
        if isinstance(v, _Unknown):
            unknown.add(cid)
        vals[cid] = n

    def value(cid: str) -> int | None:
        if cid in vals:
            return vals[cid]
        return _num(fixed.get(cid))

    progress = True
    while progress:
        progress = False
        for con in usable:
            s = 0
            open_: list[tuple[str, int]] = []
            skip = False
            for cid, coef in con:
                v = value(cid)
                if v is None:
                    if cid in unknown:
                        open_.append((cid, coef))
                    else:
                        skip = True  # a printed blank: this equation says nothing
                        break
                else:
                    s += coef * v
            if skip:
                continue
            if not open_:
                if s != 0:
                    return None
                continue
            if len(open_) == 1:
                cid, coef = open_[0]
                x = -s * coef
                if x < 0:
                    return None
                vals[cid] = x
                unknown.discard(cid)
                progress = True
                continue
            signs = {coef for _, coef in open_}
            if len(signs) == 1:
                sign = signs.pop()
                need = -s * sign  # what the open cells must add up to
                if need < 0:
                    return None
                if need == 0:
                    for cid, _ in open_:
                        vals[cid] = 0
                        unknown.discard(cid)
                    progress = True
    return {cid: vals[cid] for cid in assignment}


def _exact(
    rows: list[str],
    alive: dict[str, list[Reading]],
    usable: list[Constraint],
    fixed: dict[str, Value],
    cell_row: dict[str, str],
) -> dict[str, set[int | None]] | None:
    per_cell: dict[str, set[int | None]] = {cid: set() for cid in cell_row}
    feasible = 0
    for combo in itertools.product(*(alive[k] for k in rows)):
        assignment: dict[str, Value] = {}
        for reading in combo:
            assignment.update(reading)
        leaf = _resolve_leaf(assignment, usable, fixed)
        if leaf is None:
            continue
        feasible += 1
        for cid, v in leaf.items():
            per_cell[cid].add(v)
    if feasible == 0:
        return None
    return per_cell


def _by_bounds(
    rows: list[str],
    alive: dict[str, list[Reading]],
    usable: list[Constraint],
    consts: list[int],
    cell_row: dict[str, str],
    contribution: object,
) -> dict[str, set[int | None]]:
    """Too many combinations to try each: bound every open value by the equations instead."""
    contrib = contribution  # (key, reading, con) -> (lo, hi)
    per_cell: dict[str, set[int | None]] = {cid: set() for cid in cell_row}
    mins: list[dict[str, int]] = []
    maxs: list[dict[str, int]] = []
    for con in usable:
        lo_map: dict[str, int] = {}
        hi_map: dict[str, int] = {}
        for key in rows:
            bs = [contrib(key, r, con) for r in alive[key]]  # type: ignore[operator]
            lo_map[key] = min(b[0] for b in bs)
            hi_map[key] = max(b[1] for b in bs)
        mins.append(lo_map)
        maxs.append(hi_map)
    for key in rows:
        for reading in alive[key]:
            for cid, v in reading.items():
                n = _num(v)
                if not isinstance(v, _Unknown):
                    per_cell[cid].add(n)
                    continue
                lo, hi = 0, INF
                for k, con in enumerate(usable):
                    coef = dict(con).get(cid)
                    if coef is None:
                        continue
                    o_lo = consts[k] + sum(m for r, m in mins[k].items() if r != key)
                    o_hi = consts[k] + sum(m for r, m in maxs[k].items() if r != key)
                    for other, ocoef in con:
                        if other == cid or cell_row.get(other) != key:
                            continue
                        ov = _num(reading.get(other))
                        if ov is None:
                            if ocoef > 0:
                                o_hi = INF
                            else:
                                o_lo = -INF
                        else:
                            o_lo += ocoef * ov
                            o_hi += ocoef * ov
                    if coef > 0:
                        lo, hi = max(lo, -o_hi), min(hi, -o_lo)
                    else:
                        lo, hi = max(lo, o_lo), min(hi, o_hi)
                per_cell[cid].add(lo if lo == hi else None)
    return per_cell
