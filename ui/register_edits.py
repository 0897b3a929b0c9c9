"""Register edits as undo steps on the document's QUndoStack.

Every change of the 申请台账 or the case list goes through these functions, so that undo and
redo work as for table cells and the document writes the derived cells (由台账生成) after each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from PySide6.QtGui import QUndoCommand

from desktop.register import table_io
from desktop.register.model import Application, Case, CaseCategory, Register
from desktop.register.table_io import FIELD_LABELS
from ui.document import Document

Kind = Literal["applications", "cases"]
# The case list's column names (desktop's, for its Excel files) and the one column only the
# window edits: the table 四 group a case counts in.
CASE_FIELD_LABELS: dict[str, str] = {**table_io.CASE_FIELD_LABELS, "category": "计入"}


class _Step(QUndoCommand):
    def __init__(
        self,
        doc: Document,
        do: Callable[[], None],
        undo: Callable[[], None],
        text: str,
        touched: tuple[str, ...] = (),
    ):
        super().__init__(text)
        self._doc, self._do, self._undo, self._touched = doc, do, undo, touched

    def redo(self) -> None:
        self._do()
        self._doc.register_applied(self._touched)

    def undo(self) -> None:
        self._undo()
        self._doc.register_applied(self._touched)


def field_label(kind: Kind, name: str) -> str:
    """The Chinese name of a register field."""
    return (FIELD_LABELS if kind == "applications" else CASE_FIELD_LABELS).get(name, name)


def validated(obj: BaseModel, name: str, value: Any, kind: Kind) -> Any:
    """``value`` as the model would store it in ``obj.name``; ValueError (Chinese) if invalid."""
    data = obj.model_dump()
    data[name] = value
    try:
        return getattr(type(obj).model_validate(data), name)
    except ValidationError as exc:
        first = exc.errors()[0]
        msg = str(first.get("ctx", {}).get("error", "")) or "取值无效"
        raise ValueError(f"{field_label(kind, name)}：{msg}") from None


def set_field(doc: Document, kind: Kind, row: int, name: str, value: Any) -> bool:
    """Set one field of one row as an undo step; False when the value is unchanged."""
    rows: list[Any] = getattr(doc.report.ledger, kind)
    obj = rows[row]
    new = validated(obj, name, value, kind)
    if name == "id" and any(o.id == new for i, o in enumerate(rows) if i != row):
        raise ValueError(f"编号“{new}”已被其他记录使用，请换一个编号")
    old = getattr(obj, name)
    if old == new and type(old) is type(new):
        return False

    def put(v: Any) -> Callable[[], None]:
        return lambda: setattr(obj, name, v)

    text = f"修改 {obj.id} 的{field_label(kind, name)}"
    doc.undo_stack.push(_Step(doc, put(new), put(old), text))
    return True


def replace_rows(doc: Document, kind: Kind, rows: list[Any], text: str) -> None:
    """Swap the whole list of ``kind`` (insert, delete, paste, import) as one undo step."""
    reg = doc.report.ledger
    old = list(getattr(reg, kind))
    Register.model_validate({**reg.model_dump(), kind: [r.model_dump() for r in rows]})
    new = list(rows)
    doc.undo_stack.push(
        _Step(doc, lambda: setattr(reg, kind, new), lambda: setattr(reg, kind, old), text)
    )


def set_mode(doc: Document, table: Literal["t3", "t4"], generated: bool) -> None:
    """Switch a table between 由台账生成 and 手工填写 (one undo step). Switching to 手工填写
    keeps the derived numbers as typed ones; switching back recomputes them."""
    reg = doc.report.ledger
    name = "t3_generated" if table == "t3" else "t4_generated"
    if getattr(reg, name) == generated:
        return
    cells = {cid: doc.report.cells[cid] for cid in doc.report.cells if cid.startswith(table)}

    def do() -> None:
        setattr(reg, name, generated)

    def undo() -> None:
        setattr(reg, name, not generated)
        doc.report.cells.update(cells)  # the typed numbers as they were before 由台账生成

    label = "表三" if table == "t3" else "表四"
    text = f"{label}改为{'由台账生成' if generated else '手工填写'}"
    doc.undo_stack.push(_Step(doc, do, undo, text, tuple(cells)))


def set_decision_map(doc: Document, mapping: dict[str, CaseCategory]) -> bool:
    """Replace the report's decision mapping (the entries that differ from the app's
    suggestion, and words of its own) as one undo step; False when nothing changed."""
    reg = doc.report.ledger
    old = dict(reg.decision_map)
    new = dict(mapping)
    if new == old:
        return False
    doc.undo_stack.push(
        _Step(
            doc,
            lambda: setattr(reg, "decision_map", new),
            lambda: setattr(reg, "decision_map", old),
            "修改结果对应",
        )
    )
    return True


def new_application(doc: Document, **values: Any) -> Application:
    """A fresh row: the next free 编号, received today (within the report year), 自然人."""
    from datetime import date

    from desktop.register.model import ApplicantKind

    year = doc.report.meta.year
    today = date.today()
    received = today if today.year == year else date(year, 12, 31 if today.year > year else 1)
    data: dict[str, Any] = {
        "id": doc.report.ledger.next_application_id(year),
        "received": received,
        "kind": ApplicantKind.NATURAL,
    }
    data.update(values)
    return Application.model_validate(data)


def new_case(doc: Document) -> Case:
    """A fresh case row: the next free 编号, 行政复议, received today, 尚未审结."""
    from datetime import date

    from desktop.register.model import CaseKind

    year = doc.report.meta.year
    return Case(
        id=doc.report.ledger.next_case_id(year), kind=CaseKind.REVIEW, received=date.today()
    )
