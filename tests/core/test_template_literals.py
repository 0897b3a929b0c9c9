"""Only the template spells a label or a cell id (issue 12): the rest of the code names a cell
through ``desktop.template`` (``t3_id``, ``Cell.describe`` …), the way ``test_no_qt`` keeps Qt
out of the core. A cell id typed elsewhere drifts when the template changes; a label typed
elsewhere is a second spelling that can disagree with the printed table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from desktop.template import SECTION_TITLES, T3_ROWS, TABLES

ROOT = Path(__file__).resolve().parents[2]

# The modules allowed to spell template text: the template itself and the importer's aliases
# (the 2019 labels, typos and traditional forms a source document may print).
TEMPLATE_MODULES = frozenset({"desktop/template.py", "desktop/template_aliases.py"})

CELL_ID = re.compile(r"t[234]\.")

# Labels that are also everyday words of the domain, spelled as such outside the tables: the
# register's stored choices (a case's 申请人类型, 办理结果 …) are values of the .nianbao file
# that ``desktop.register.model`` ties to the template when it loads (a renamed label fails
# there), and the prose rules search report text for the words people write (行政复议 …).
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        ("desktop/register/model.py", "自然人"),
        ("desktop/register/model.py", "商业企业"),
        ("desktop/register/model.py", "科研机构"),
        ("desktop/register/model.py", "社会公益组织"),
        ("desktop/register/model.py", "法律服务机构"),
        ("desktop/register/model.py", "其他"),
        ("desktop/register/model.py", "行政复议"),
        ("desktop/register/model.py", "未经复议直接起诉"),
        ("desktop/register/model.py", "复议后起诉"),
        ("desktop/register/model.py", "结果维持"),
        ("desktop/register/model.py", "结果纠正"),
        ("desktop/register/model.py", "其他结果"),
        ("desktop/register/model.py", "尚未审结"),
        ("desktop/report.py", "其他"),
        ("desktop/prose_rules.py", "行政复议"),
        ("desktop/prose_rules.py", "行政诉讼"),
        ("desktop/prose_rules.py", "部分公开"),
    }
)


def template_labels() -> frozenset[str]:
    """Every printed label and naming form of the template, and the six section titles."""
    out: set[str] = set(SECTION_TITLES)
    for table in TABLES:
        out.update(lb.text for lb in table.labels)
        for c in table.cells:
            out.update((c.row_label, c.col_label, c.short_row))
    for row in T3_ROWS:
        out.update((row.label, row.short))
    out.discard("")
    return frozenset(out)


def literal_problems(source: str, labels: frozenset[str]) -> list[tuple[int, str]]:
    """(line, text) of every string literal in ``source`` that is a cell id or part of one
    (``"t3.new.total"``, ``f"t3.{row}.total"``) or exactly a template label. Docstrings are
    prose (``t3.new.natural`` in one names no cell in code); a piece of an f-string (“表三
    {label}总计”) is no label typed on its own."""
    skip: set[int] = set()  # docstrings
    fragments: set[int] = set()
    constants: list[tuple[ast.Constant, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                constants.append((node, node.value))
        elif isinstance(node, ast.JoinedStr):
            fragments.update(id(v) for v in node.values)
        elif isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
    out: list[tuple[int, str]] = []
    for node, text in constants:
        if id(node) in skip:
            continue
        if CELL_ID.search(text) or (id(node) not in fragments and text in labels):
            out.append((node.lineno, text))
    return sorted(out)


def test_the_check_finds_ids_and_labels_in_a_snippet() -> None:
    labels = template_labels()
    source = (
        '"""Docstring naming t3.new.total is prose."""\n'
        'A = "t3.new.total"\n'
        'B = f"t4.{group}.total"\n'
        'C = "三、本年度办理结果"\n'
        'D = f"表三 {name}总计"\n'
        'E = "t5.x"\n'
        "def f():\n"
        '    """About t2.fees."""\n'
        '    return {"k": "（七）总计"}\n'
    )
    found = literal_problems(source, labels)
    assert found == [(2, "t3.new.total"), (3, "t4."), (4, "三、本年度办理结果"), (9, "（七）总计")]


def test_labels_cover_the_printed_table_text() -> None:
    labels = template_labels()
    assert "自然人" in labels and "（七）总计" in labels and "行政事业性收费" in labels
    assert "本年新收" in labels  # a short naming form counts too


def test_only_the_template_spells_labels_and_cell_ids() -> None:
    labels = template_labels()
    found: list[str] = []
    for path in sorted([*(ROOT / "desktop").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        if rel in TEMPLATE_MODULES:
            continue
        for line, text in literal_problems(path.read_text(encoding="utf-8"), labels):
            if (rel, text) not in ALLOWED:
                found.append(f"{rel}:{line}: {text!r}")
    assert not found, "name cells through desktop.template instead:\n" + "\n".join(found)
