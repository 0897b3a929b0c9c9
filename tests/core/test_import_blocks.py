"""Table 三 in PDF text without layout: numbers printed in blocks (some rows after their label,
runs of rows one column at a time, labels elsewhere). Read only when every identity of the
table holds for exactly one set of values; otherwise nothing is taken from the blocks."""

from __future__ import annotations

import random
from pathlib import Path

from desktop.importers import import_report
from desktop.template import T3_APPLICANT_KEYS, T3_ROWS

REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "hongze-2023" / "text_plain.txt"
COLS = (*T3_APPLICANT_KEYS, "total")
KEYS = [r.key for r in T3_ROWS]
LABELS = {r.key: r.label for r in T3_ROWS}


def _table(seed: int) -> dict[str, list[int]]:
    """A table 三 whose identities hold, with numbers that differ from row to row."""
    rng = random.Random(seed)
    t: dict[str, list[int]] = {}
    results = KEYS[2:23]
    for key in results:
        t[key] = [rng.choice((0, 0, 1, 2, 3, 5, 8, 13)) for _ in T3_APPLICANT_KEYS]
    t["total"] = [sum(t[k][c] for k in results) for c in range(6)]
    t["carried_in"] = [rng.choice((0, 1, 2)) for _ in range(6)]
    t["carried_out"] = [rng.choice((0, 1)) for _ in range(6)]
    t["new"] = [t["total"][c] + t["carried_out"][c] - t["carried_in"][c] for c in range(6)]
    for key in KEYS:
        t[key] = [*t[key], sum(t[key])]
    return t


def _region(t: dict[str, list[int]], spoil: bool = False) -> list[str]:
    """Table 三 as pdftotext without -layout prints it (the shape of the corpus' 洪泽 text)."""
    out = ["申请人情况", "", "自然人", "法人或其他组织", "商业企业 科研机构", "总计", ""]

    def singles(key: str, label: bool = True) -> None:
        if label:
            out.extend([LABELS[key], ""])
        for v in t[key]:
            out.extend([str(v), ""])

    def columns(keys: list[str]) -> None:
        for c in range(len(COLS)):
            out.extend(str(t[k][c]) for k in keys)
            out.append("")

    for key in KEYS[:4]:
        singles(key)
    columns(KEYS[4:14])  # 不予公开 1-8, 无法提供 1-2
    out += [LABELS[k] for k in KEYS[4:14]] + ["-3-", ""]
    columns(KEYS[14:18])  # 无法提供 3, 不予处理 1-3
    out += [LABELS[k] for k in KEYS[14:18]] + [""]
    singles(KEYS[18], label=False)  # 不予处理 4, 5: one number at a time
    singles(KEYS[19], label=False)
    out += [LABELS[KEYS[18]], LABELS[KEYS[19]], ""]
    columns(KEYS[20:23])  # 其他处理 1-3
    out += [LABELS[k] for k in KEYS[20:23]] + [""]
    singles("total")
    singles("carried_out")
    if spoil:
        first = out.index("", out.index(LABELS["partial"]) + 2 * 7 + 1) + 1
        out[first] = str(int(out[first]) + 1)
    return out


def _source(tmp_path: Path, t: dict[str, list[int]], spoil: bool = False) -> Path:
    text = REAL.read_text(encoding="utf-8").splitlines()
    start = text.index("三、收到和处理政府信息公开申请情况") + 1
    end = text.index("四、政府信息公开行政复议、行政诉讼情况")
    path = tmp_path / "report.txt"
    path.write_text("\n".join(text[:start] + _region(t, spoil) + text[end:]), encoding="utf-8")
    return path


def _held(path: Path) -> tuple[dict[str, int | None], list[str]]:
    result = import_report(path)
    report = result.report
    held: dict[str, int | None] = {}
    for key in KEYS:
        for col in COLS:
            cid = f"t3.{key}.{col}"
            v = report.printed_totals.get(cid, report.value(cid))
            held[cid] = None if v is None else int(v)
    return held, result.notes


def test_blocks_are_read_when_the_identities_fix_them(tmp_path: Path) -> None:
    for seed in range(3):
        t = _table(seed)
        held, notes = _held(_source(tmp_path, t))
        want = {f"t3.{k}.{c}": t[k][i] for k in KEYS for i, c in enumerate(COLS)}
        assert held == want, seed
        assert any("成块印出" in n for n in notes)


def test_blocks_that_break_an_identity_give_no_number(tmp_path: Path) -> None:
    t = _table(1)
    held, notes = _held(_source(tmp_path, t, spoil=True))
    want = {f"t3.{k}.{c}": t[k][i] for k in KEYS for i, c in enumerate(COLS)}
    wrong = {cid: v for cid, v in held.items() if v is not None and v != want[cid]}
    assert wrong == {}
    # The spoiled block (不予公开 … 无法提供) is left blank rather than read by position.
    assert all(held[f"t3.{k}.natural"] is None for k in KEYS[4:14])
    assert not any("成块印出" in n for n in notes)


def test_blocks_with_a_number_missing_give_no_number(tmp_path: Path) -> None:
    t = _table(2)
    path = _source(tmp_path, t)
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(LABELS["carried_out"]) + 2
    del lines[at]  # one number of the last row lost
    path.write_text("\n".join(lines), encoding="utf-8")
    held, _ = _held(path)
    want = {f"t3.{k}.{c}": t[k][i] for k in KEYS for i, c in enumerate(COLS)}
    assert {cid: v for cid, v in held.items() if v is not None and v != want[cid]} == {}
    assert held["t3.withheld_1.natural"] is None


def test_the_corpus_text_without_layout_gives_the_cells_of_the_layout_text() -> None:
    # 洪泽 2023 as pdftotext prints it without -layout (table 三 in blocks) and with -layout.
    plain = import_report(REAL).report
    layout = import_report(REAL.with_name("text_layout.txt")).report
    assert plain.cells == layout.cells
    assert plain.printed_totals == layout.printed_totals
    # Every input cell of table 三 but the three 其他处理 sub-rows (printed as one row): 21 × 6.
    assert sum(v is not None for k, v in plain.cells.items() if k.startswith("t3.")) == 126
