"""Report texts in the shapes published reports take (spec §8), generated from the template's
labels so every shape carries all 166 input cells."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop.importers.normalize import TRAD_TO_SIMP
from desktop.template import (
    SECTION_TITLES,
    T3_APPLICANT_KEYS,
    T3_ROWS,
    T4_GROUPS,
    T4_RESULTS,
    TABLE_BY_KEY,
)

DATA = Path(__file__).resolve().parent.parent / "data"


def expected(name: str) -> dict[str, int | Decimal]:
    """A cells json as values (amounts as Decimal)."""
    raw = json.loads((DATA / name).read_text(encoding="utf-8"))
    return {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in raw.items()}


HUAIAN = "real/huaian-2024-from-pdf.cells.json"

Row = tuple[list[str], list[str]]  # (label cells, value texts)


def _v(values: dict[str, int | Decimal], cid: str) -> str:
    v = values.get(cid)
    return "" if v is None else str(v)


def table_rows(values: dict[str, int | Decimal], with_total: bool = True) -> dict[int, list[Row]]:
    """The three tables as rows of (labels, values), header rows included."""
    t2 = TABLE_BY_KEY["t2"]
    rows2: list[Row] = []
    for r in range(t2.n_rows):
        labels = [x.text for c in range(4) if (x := t2.at(r, c)) is not None and hasattr(x, "text")]
        cells = [x.id for c in range(4) if (x := t2.at(r, c)) is not None and hasattr(x, "id")]
        rows2.append((labels, [_v(values, cid) for cid in cells]))
    t3 = TABLE_BY_KEY["t3"]
    cols = [*T3_APPLICANT_KEYS, "total"] if with_total else list(T3_APPLICANT_KEYS)
    head = [x.text for x in t3.labels if x.row < 3]
    if not with_total:
        head = [h for h in head if h != "总计"]
    rows3: list[Row] = [(head[:2], []), (head[2:], [])]
    for r in T3_ROWS:
        labels = [x.text for c in range(3) if (x := t3.at(r.grid_row, c)) is not None]
        rows3.append((labels, [_v(values, f"t3.{r.key}.{c}") for c in cols]))
    t4 = TABLE_BY_KEY["t4"]
    rows4: list[Row] = [([x.text for x in t4.labels], [])]
    rows4.append(([], [_v(values, f"t4.{g}.{r}") for g, _ in T4_GROUPS for r, _ in T4_RESULTS]))
    return {2: rows2, 3: rows3, 4: rows4}


def report_text(
    values: dict[str, int | Decimal],
    row_fmt: Callable[[Row], str],
    *,
    org: str = "测试县人民政府办公室",
    year: int = 2023,
    with_total: bool = True,
    fee_sentence: str = "全年收取信息处理费120元。",
) -> str:
    """A whole report as text with the tables written by ``row_fmt``."""
    tables = table_rows(values, with_total)
    out = [
        f"{org}{year}年政府信息公开工作年度报告",
        "",
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    ]
    prose = {
        1: [
            f"{year}年，我办认真贯彻落实《中华人民共和国政府信息公开条例》。",
            "（一）主动公开。全年主动公开政府信息1200条。",
            "（二）依申请公开。依法办理政府信息公开申请。",
        ],
        5: ["一是公开质量有待提高。下一步将加强培训。"],
        6: [f"（一）信息处理费收取情况。{fee_sentence}"],
    }
    for k, title in enumerate(SECTION_TITLES, start=1):
        out.append(title)
        if k in tables:
            out += [row_fmt(row) for row in tables[k]]
        else:
            out += prose[k]
    return "\n".join(out) + "\n"


def pipes(row: Row) -> str:
    labels, vals = row
    return " | ".join([*labels, *vals]) + " |"


def tabs(row: Row) -> str:
    labels, vals = row
    return "\t".join([*labels, *vals])


def one_cell_per_line(row: Row) -> str:
    labels, vals = row
    return "\n".join([*labels, *vals])


def spaces(row: Row) -> str:
    labels, vals = row
    return "   ".join([*labels, *vals])


def glued(row: Row) -> str:
    labels, vals = row
    return "".join(labels) + (" " + "".join(vals) if vals else "")


_SIMP_TO_TRAD = {s: t for t, s in TRAD_TO_SIMP.items()}


def traditional(text: str) -> str:
    """Text as a mirror site in traditional characters serves it."""
    return "".join(_SIMP_TO_TRAD.get(ch, ch) for ch in text)
