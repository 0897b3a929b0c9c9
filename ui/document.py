"""The open report: its file path, its undo stack, whether it is saved, and its findings.

Everything that changes a report in the GUI goes through :class:`Document`; views and pages read
the report from it and listen to its signals. Nothing else mutates the report.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop import rules
from desktop.cancel import Cancelled, cancellable
from desktop.findings import Finding, Severity
from desktop.numbers import Entry, NumberKind, check_number
from desktop.place import Place, PlaceKind
from desktop.register.model import Register
from desktop.report import CellValue, Meta, Report, Section, SubPart, coerce_cell_value
from desktop.standard_text import renumber_headings
from desktop.template import (
    AMOUNT_IDS,
    CELL_BY_ID,
    DEPENDENTS,
    PROSE_SECTIONS,
    SECTION_TITLES,
    T3,
    T4,
    table_key,
)
from desktop.text_gate import checked

if TYPE_CHECKING:
    from desktop.importers.summary import ImportCheck
    from desktop.rulepack import RulePack  # loaded when a pack is in use (ui.rule_pack)

# Chinese names of the fields a user edits on the 基本信息 page and in section 六 (undo texts,
# messages). ``info_fee_yuan`` lives on the report itself, the others on ``report.meta``.
META_FIELD_NAMES: dict[str, str] = {
    "org_name": "机关全称",
    "year": "报告年度",
    "org_kind": "机关类型",
    "level": "层级",
    "published": "发布日期",
    "written": "成文日期",
    "contact": "联系方式",
    "info_fee_yuan": "信息处理费",
}


# How long prose must rest before the prose rules (slower, they scan text) run again.
PROSE_CHECK_DELAY_MS = 400
# The background run of the prose rules works in stretches of PROSE_RUN_MS and rests
# PROSE_PAUSE_MS between them (see ``desktop.cancel.cancellable``).
PROSE_RUN_MS = 2.0
PROSE_PAUSE_MS = 2.0

# Blank cells are "not filled yet", shown as 未填, not as errors while the user is typing.
BLANK_RULE = "R12"


def _prose_check(
    revision: int,
    report: Report,
    table: Iterable[Finding],
    pack: RulePack | None,
    today: date,
    cancel: threading.Event | None = None,
) -> tuple[int, list[Finding]] | None:
    """The prose findings of ``report`` (``rules.check`` less the table findings, plus the rule
    pack's), with the revision they belong to; None when ``cancel`` was set meanwhile. Plain
    data in and out: runs in a worker."""
    from desktop.prose_rules import prose_findings

    try:
        paced = (
            cancellable(cancel, run_ms=PROSE_RUN_MS, pause_ms=PROSE_PAUSE_MS)
            if cancel is not None
            else nullcontext()
        )
        with paced:
            known = set(table)
            found = [f for f in prose_findings(report) if f not in known]
    except Cancelled:
        return None
    if pack is not None:
        found += pack.findings(report, today=today)
    return revision, found


def _prose_snapshot(report: Report) -> Report:
    """A copy of ``report`` the GUI thread never changes, for the prose rules in a worker.

    The register is left out (an empty one instead): neither the prose rules nor a rule pack
    read it, and copying thousands of rows took 350 ms for 2,000. Strings are shared, so the
    rest costs well under a millisecond even with 100,000 characters of prose.
    """
    empty = Register()
    memo: dict[int, Any] = {id(report.ledger): empty}
    if report.previous is not None:
        memo[id(report.previous.ledger)] = empty
    return copy.deepcopy(report, memo)


def zero_for(cell_id: str) -> CellValue:
    """The typed zero for an input cell: ``Decimal(0)`` for 万元 amounts, ``0`` for counts."""
    return Decimal(0) if cell_id in AMOUNT_IDS else 0


def section_name(number: int) -> str:
    """``一、总体情况`` for 1 etc."""
    return SECTION_TITLES[number - 1]


def meta_place(name: str) -> Place:
    """The place of a ``META_FIELD_NAMES`` field (信息处理费 is section 六's)."""
    return Place.info_fee() if name == "info_fee_yuan" else Place.meta(name)


class _Step(QUndoCommand):
    """An undo step that knows the place it changed: an undo or redo (not the first do, when
    the user is still where the change was made) tells the document, so that the window shows
    that place, as a spreadsheet moves to the cell that Ctrl+Z changed back."""

    def __init__(self, doc: Document, text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self._done_once = False

    def place(self, undone: bool) -> Place:
        """Where the change shows after an undo (``undone``) or a redo."""
        raise NotImplementedError

    def _apply(self, undone: bool) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        self._apply(False)
        if self._done_once:
            self._doc.stepReplayed.emit(self.place(False))
        self._done_once = True

    def undo(self) -> None:
        self._apply(True)
        self._doc.stepReplayed.emit(self.place(True))


class _SetCells(_Step):
    def __init__(self, doc: Document, new: dict[str, CellValue], text: str) -> None:
        super().__init__(doc, text)
        self._new = new
        self._old = {cid: doc.report.cells[cid] for cid in new}
        # A paste or a fill changes many cells: the first one stands for them.
        self._place = Place.cell(next(iter(new)))

    def place(self, undone: bool) -> Place:
        return self._place

    def _apply(self, undone: bool) -> None:
        self._doc._apply_cells(self._old if undone else self._new)


class _SetMeta(_Step):
    def __init__(self, doc: Document, field: Place, new: object, text: str) -> None:
        super().__init__(doc, text)
        self._field = field
        self._new = new
        self._old = doc.meta_field(_meta_name(field))

    def place(self, undone: bool) -> Place:
        return self._field

    def _apply(self, undone: bool) -> None:
        self._doc._apply_meta(self._field, self._old if undone else self._new)


class _SetPrintedTotals(_Step):
    def __init__(self, doc: Document, new: dict[str, CellValue], text: str) -> None:
        super().__init__(doc, text)
        self._new = new
        self._old = dict(doc.report.printed_totals)
        dropped = [cid for cid in self._old if cid not in new]
        self._place = Place.cell(dropped[0] if dropped else next(iter(self._old)))

    def place(self, undone: bool) -> Place:
        return self._place

    def _apply(self, undone: bool) -> None:
        self._doc._apply_printed_totals(self._old if undone else self._new)


class _ProseStructure(_Step):
    """Add, remove or move a sub-part; ``do`` and ``undo_fn`` act on the section's part list.
    ``shown`` is the part shown after a redo and after an undo (None: the section's lead, when
    the step leaves no part to show)."""

    def __init__(
        self,
        doc: Document,
        section: int,
        text: str,
        do: Callable[[list[SubPart]], object],
        undo_fn: Callable[[list[SubPart]], object],
        shown: tuple[int | None, int | None],
    ) -> None:
        super().__init__(doc, text)
        self._section = section
        self._do = do
        self._undo = undo_fn
        self._shown = shown
        self._headings: dict[int, str] = {}
        self._renumbered: dict[int, str] = {}

    def place(self, undone: bool) -> Place:
        part = self._shown[1 if undone else 0]
        if part is None:
            return Place.lead(self._section)
        return Place.whole_part(self._section, part)

    def _apply(self, undone: bool) -> None:
        if undone:
            self._undo_structure()
        else:
            self._redo_structure()

    def _redo_structure(self) -> None:
        parts = self._doc.report.prose.section(self._section).parts
        # The same SubPart objects come back on undo: their headings as they were, by identity.
        self._headings = {id(p): p.heading for p in parts}
        self._do(parts)
        self._headings.update({id(p): p.heading for p in parts if id(p) not in self._headings})
        # （一）（二）… follow the new order, in the same undo step.
        for part, heading in zip(parts, renumber_headings([p.heading for p in parts]), strict=True):
            part.heading = heading
        self._renumbered = {id(p): p.heading for p in parts}
        self._doc._prose_structure_changed(self._section)

    def _undo_structure(self) -> None:
        parts = self._doc.report.prose.section(self._section).parts
        self._undo(parts)
        for part in parts:
            # A heading edited since (typing is not an undo step) keeps the edit.
            if part.heading == self._renumbered.get(id(part), part.heading):
                part.heading = self._headings.get(id(part), part.heading)
        self._doc._prose_structure_changed(self._section)


class Document(QObject):
    """The open report, its path, its undo stack, its saved state and its findings.

    Edits (each an undo step on ``undo_stack`` named for the menu):

    - ``set_cell(cell_id, value)`` — one input cell; ``value`` is anything
      :func:`desktop.report.coerce_cell_value` accepts (int, Decimal, digit string, None = blank).
      Raises ``ValueError`` with a Chinese message for an invalid value or a computed cell.
    - ``set_cells({cell_id: value}, text)`` — many cells as ONE undo step (paste, clear).
    - ``fill_blanks_with_zero(table_key=None)`` — every blank input cell of one table (or of the
      whole report) set to 0, one step “空白单元格填0”.
    - ``set_meta_field(name, value)`` — ``org_name``, ``year``, ``org_kind``, ``level``,
      ``published`` (``datetime.date | None``), ``contact`` and ``info_fee_yuan`` (Decimal 元 or
      None); named “修改 机关全称” etc.; emits ``metaChanged``.
    - ``accept_computed_totals()`` — drops the printed totals of an imported report.
    - ``add_subpart(section, index=None, heading="")``, ``remove_subpart(section, index)``,
      ``move_subpart(section, index, new_index)`` — sub-parts of sections 1, 5, 6; emit
      ``proseStructureChanged(section)`` and ``proseChanged``; pages rebuild that section's
      editors on ``proseStructureChanged``.

    Prose text is NOT on the undo stack (the text editors have their own undo):
    ``set_prose(field, text)`` writes one text field and marks the document dirty. ``field`` uses
    the places of ``Finding.fields``: ``Place.opening()``, ``Place.title()`` (empty → the
    conventional title), ``Place.lead(1)``, ``Place.heading(5, 0)``, ``Place.text(6, 2)``,
    ``Place.table_intro(3)``. It emits ``proseChanged`` (not
    ``proseStructureChanged``), so an editor that calls it need not reload its own text.

    Saved state: ``is_dirty()`` is true while the undo stack is away from its clean index or
    prose was typed since the last ``mark_saved()``; ``dirtyChanged(bool)`` fires on change.
    ``replace_report(report, path, dirty=False)`` swaps in another report (new/open/restore),
    clears the undo stack and emits ``reportReplaced`` (then ``findingsChanged``).

    Findings: ``findings()`` = table findings (``desktop.rules.table_findings``, re-run at once
    after every edit of any kind — they are cheap) + prose findings (``desktop.rules.check``
    minus the table findings, re-run ``PROSE_CHECK_DELAY_MS`` after the last edit and kept
    until then; ``refresh_prose_findings()`` runs them at once). The run after an edit goes to a
    worker thread, on a copy of the report, so a key pressed meanwhile is not held up by it (a
    100,000-character text takes the rules a few hundred milliseconds); its findings arrive in
    the GUI thread, and are dropped when the report changed after the copy was taken.
    ``prose_check_idle()`` is true once nothing is waiting or running.
    ``cell_findings(cell_id)`` and ``cell_severity(cell_id)`` serve the table models; after
    ``findingsChanged``, ``changed_finding_cells`` holds the cell ids whose findings differ from
    before.

    ``stepReplayed(Place)`` follows every undo and redo of a step (not its first doing) with
    the place it changed, for the window to show it.

    ``cellsChanged(list)`` carries the ids of every cell whose value changed, computed totals
    included, and is emitted before ``findingsChanged``.
    """

    cellsChanged = Signal(list)
    findingsChanged = Signal()
    metaChanged = Signal()
    proseChanged = Signal()
    proseStructureChanged = Signal(int)
    dirtyChanged = Signal(bool)
    reportReplaced = Signal()
    pathChanged = Signal(object)
    registerChanged = Signal()
    stepReplayed = Signal(object)

    def __init__(
        self,
        report: Report,
        path: Path | None = None,
        parent: QObject | None = None,
        *,
        defer_prose_check: bool = False,
    ) -> None:
        super().__init__(parent)
        self._report = report
        self._path = Path(path) if path is not None else None
        self.undo_stack = QUndoStack(self)
        self._prose_dirty = False
        self._last_dirty = False
        self._table_findings: list[Finding] = []
        self._prose_findings: list[Finding] = []
        self._rule_pack: RulePack | None = None
        self._by_cell: dict[str, tuple[Finding, ...]] = {}
        self.changed_finding_cells: frozenset[str] = frozenset()
        self._prose_timer = QTimer(self)
        self._prose_timer.setSingleShot(True)
        self._prose_timer.setInterval(PROSE_CHECK_DELAY_MS)
        self._prose_timer.timeout.connect(self._start_prose_check)
        # Counts the changes that may change the prose findings: a background run's findings
        # are used only if the count is what it was when the run copied the report.
        self._prose_revision = 0
        self._prose_running = False
        self._prose_again = False  # the pause ended while a run was going: run again after it
        # Set when the report changes while a run goes on: the run stops at its next checkpoint
        # (its result would be dropped), so it stops competing with the typing at once.
        self._prose_cancel: threading.Event | None = None
        self.undo_stack.cleanChanged.connect(self._update_dirty)
        self._table_findings = rules.table_findings(report)
        # At start-up the window is shown first and the prose rules run after its first paint
        # (ui.app): they cost more than building the first tab. Until then ``prose_pending``.
        self.prose_pending = defer_prose_check
        if not defer_prose_check:
            self._prose_findings = self._compute_prose_findings()
        self._index_findings()

    # --- state ----------------------------------------------------------------------------------

    @property
    def report(self) -> Report:
        """The open report (read it freely; change it only through this class)."""
        return self._report

    @property
    def path(self) -> Path | None:
        """The file the report was opened from or last saved to, or None for a new report."""
        return self._path

    @path.setter
    def path(self, value: Path | None) -> None:
        new = Path(value) if value is not None else None
        if new != self._path:
            self._path = new
            self.pathChanged.emit(new)

    def is_dirty(self) -> bool:
        """True when there are changes since the last save (or since opening)."""
        return self._prose_dirty or not self.undo_stack.isClean()

    def mark_saved(self, path: Path | None = None) -> None:
        """The report was just written (to ``path`` when given, e.g. after 另存为)."""
        if path is not None:
            self.path = path
        self._prose_dirty = False
        self.undo_stack.setClean()
        self._update_dirty()

    def replace_report(
        self,
        report: Report,
        path: Path | None = None,
        dirty: bool = False,
        known: ImportCheck | None = None,
    ) -> None:
        """Show another report (新建, 打开, restoring a recovery copy — pass ``dirty=True`` for
        the latter, as it is not yet saved to ``path``). ``known``: the rules' findings on
        this very report, already run (an import checks in its worker for its summary)."""
        self._prose_timer.stop()
        self._prose_changed()
        self._report = report
        self.undo_stack.clear()
        self._prose_dirty = dirty
        self.path = path
        if known is None:
            self._table_findings = rules.table_findings(report)
            self._prose_findings = self._compute_prose_findings()
        else:
            self._table_findings = list(known.table)
            self._prose_findings = self._known_prose_findings(known.prose)
        self.prose_pending = False
        self._index_findings()
        self.reportReplaced.emit()
        self.findingsChanged.emit()
        self._update_dirty()

    # --- findings -------------------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """Every current finding: table rules first, then prose rules."""
        return self._table_findings + self._prose_findings

    def table_findings(self) -> list[Finding]:
        """Findings of the cheap rules, current after every edit."""
        return list(self._table_findings)

    def prose_findings(self) -> list[Finding]:
        """Findings of the prose-scanning rules as of their last run."""
        return list(self._prose_findings)

    def cell_findings(self, cell_id: str) -> tuple[Finding, ...]:
        """Findings naming this cell (blank-cell findings included)."""
        return self._by_cell.get(cell_id, ())

    def cell_severity(self, cell_id: str) -> Severity | None:
        """The worst severity of the findings naming this cell, blank-cell findings (shown as
        未填) and information left out; None when the cell is fine."""
        worst: Severity | None = None
        for f in self._by_cell.get(cell_id, ()):
            if f.rule == BLANK_RULE or f.severity is Severity.INFO:
                continue
            if f.severity is Severity.ERROR:
                return Severity.ERROR
            worst = Severity.WARNING
        return worst

    def refresh_prose_findings(self) -> None:
        """Run the prose rules now, in this thread (检查, start-up, tests); after an edit they
        run in the background ``PROSE_CHECK_DELAY_MS`` after the typing rests."""
        self._prose_timer.stop()
        self._apply_prose_findings(self._compute_prose_findings())

    def prose_check_idle(self) -> bool:
        """True when no prose check is waiting for the typing to rest or running: the prose
        findings are those of the report as it is."""
        return not (self._prose_timer.isActive() or self._prose_running or self._prose_again)

    def _apply_prose_findings(self, new: list[Finding]) -> None:
        if new != self._prose_findings or self.prose_pending:
            self.prose_pending = False
            self._prose_findings = new
            self._index_findings()
            self.findingsChanged.emit()

    def _prose_changed(self) -> None:
        self._prose_revision += 1
        if self._prose_cancel is not None:
            self._prose_cancel.set()

    def _start_prose_check(self) -> None:
        """The typing rested: run the prose rules in a worker thread (one run at a time)."""
        if self._prose_running:
            self._prose_again = True
            return
        from ui.slow_work import run_in_background

        self._prose_running = True
        self._prose_again = False
        self._prose_cancel = threading.Event()
        work = partial(
            _prose_check,
            self._prose_revision,
            _prose_snapshot(self._report),
            tuple(self._table_findings),
            self._rule_pack,
            date.today(),
            self._prose_cancel,
        )
        run_in_background(work, self._prose_check_done)

    def _prose_check_done(
        self, result: tuple[int, list[Finding]] | None, error: BaseException | None
    ) -> None:
        self._prose_running = False
        self._prose_cancel = None
        if error is not None:
            self._prose_again = False
            raise error  # a bug in a rule: the crash report, as when it ran in this thread
        if result is not None and result[0] == self._prose_revision:
            self._apply_prose_findings(result[1])
        # Stale (the report changed since the copy) or stopped for that reason: dropped. The
        # change restarted the pause timer; if that already ran out meanwhile, run again now.
        if self._prose_again:
            self._start_prose_check()

    def set_rule_pack(self, pack: RulePack | None) -> None:
        """Check with a local rule pack from now on (None: without one); its findings join the
        prose findings (报审日期 compared with today while editing)."""
        if pack is None and self._rule_pack is None:
            return  # the usual start-up: nothing to re-run
        self._rule_pack = pack
        self._prose_changed()
        if not self.prose_pending:  # a start-up's deferred first run will include the pack
            self.refresh_prose_findings()

    def _known_prose_findings(self, prose: Sequence[Finding]) -> list[Finding]:
        """What ``_compute_prose_findings`` gives, from the prose rules' findings already run."""
        known = set(self._table_findings)
        found = [f for f in prose if f not in known]
        if self._rule_pack is not None:
            found += self._rule_pack.findings(self._report, today=date.today())
        return found

    def _compute_prose_findings(self) -> list[Finding]:
        result = _prose_check(
            self._prose_revision, self._report, self._table_findings, self._rule_pack, date.today()
        )
        assert result is not None  # nothing can cancel a run in this thread
        return result[1]

    def _refresh_table_findings(self) -> None:
        new = rules.table_findings(self._report)
        # R16 compares prose with cells and R18 uses the year: any edit may change prose findings.
        self._prose_changed()
        self._prose_timer.start()
        if new != self._table_findings:
            self._table_findings = new
            self._index_findings()
            self.findingsChanged.emit()

    def _index_findings(self) -> None:
        by_cell: dict[str, list[Finding]] = {}
        for f in self.findings():
            for cid in f.cells:
                by_cell.setdefault(cid, []).append(f)
        new = {cid: tuple(fs) for cid, fs in by_cell.items()}
        old = self._by_cell
        self.changed_finding_cells = frozenset(
            cid for cid in old.keys() | new.keys() if old.get(cid) != new.get(cid)
        )
        self._by_cell = new

    # --- cells ----------------------------------------------------------------------------------

    def value(self, cell_id: str) -> CellValue:
        """The value of any cell, totals derived."""
        return self._report.value(cell_id)

    def set_cell(self, cell_id: str, value: object) -> None:
        """Set one input cell as an undo step; a value equal to the current one does nothing."""
        cell = CELL_BY_ID[cell_id]
        self.set_cells({cell_id: value}, f"修改 {cell.edit_name()}")

    def set_cells(self, values: Mapping[str, object], text: str | None = None) -> int:
        """Set many input cells as one undo step named ``text`` (default “修改 N 个单元格”).

        Every value is validated first; on the first invalid one a ``ValueError`` naming the
        cell is raised and nothing changes. Returns how many cells actually changed.
        """
        new: dict[str, CellValue] = {}
        for cid, raw in values.items():
            if self.is_generated(cid):
                raise ValueError(
                    f"{CELL_BY_ID[cid].edit_name()}由台账生成，不能直接修改；"
                    "如需手工填写，请在“申请台账”页改为“手工填写”"
                )
            if cid not in self._report.cells:
                cell = CELL_BY_ID.get(cid)
                if cell is not None and cell.computed:
                    raise ValueError(f"{cell.describe()}是自动计算的合计，不能直接填写")
                raise ValueError(f"“{cid}”不是可填写的单元格")
            v = coerce_cell_value(cid, raw, Entry.TYPED)
            if not _same_value(self._report.cells[cid], v):
                new[cid] = v
        if not new:
            return 0
        if text is None:
            text = (
                f"修改 {CELL_BY_ID[next(iter(new))].edit_name()}"
                if len(new) == 1
                else f"修改 {len(new)} 个单元格"
            )
        self.undo_stack.push(_SetCells(self, new, text))
        return len(new)

    def blank_ids(self, table_key: str | None = None) -> list[str]:
        """Input cells still blank, of one table or of the whole report."""
        return [
            cid
            for cid in self._report.blank_ids()
            if table_key is None or CELL_BY_ID[cid].table == table_key
        ]

    def fill_blanks_with_zero(self, table_key: str | None = None) -> int:
        """Set every blank input cell (of ``table_key``'s table, or all) to 0 in one undo step
        “空白单元格填0”; returns how many cells were filled."""
        blanks = [cid for cid in self.blank_ids(table_key) if not self.is_generated(cid)]
        return self.set_cells({cid: zero_for(cid) for cid in blanks}, "空白单元格填0")

    def accept_computed_totals(self) -> bool:
        """Drop the printed totals of an imported report that can be computed, keeping those
        whose cells are not all filled (one undo step “采用计算的合计”); False when nothing
        could be replaced."""
        from desktop.importers.summary import totals_kept_on_accept

        kept = totals_kept_on_accept(self._report)
        if len(kept) == len(self._report.printed_totals):
            return False
        self.undo_stack.push(_SetPrintedTotals(self, kept, "采用计算的合计"))
        return True

    def printed_total(self, cell_id: str) -> CellValue:
        """The total printed in the imported source for a computed cell, or None."""
        return self._report.printed_totals.get(cell_id)

    def printed_total_differs(self, cell_id: str) -> bool:
        """True when the imported source printed a total that is not the sum of its cells."""
        if cell_id not in self._report.printed_totals:
            return False
        printed = self._report.printed_totals[cell_id]
        return not _same_value(printed, self._report.value(cell_id))

    def _apply_cells(self, values: Mapping[str, CellValue]) -> None:
        changed: dict[str, None] = {}
        cells = self._report.cells
        for cid, v in values.items():
            cells[cid] = v
            changed[cid] = None
            for dep in DEPENDENTS[cid]:
                changed[dep] = None
        self.cellsChanged.emit(list(changed))
        self._refresh_table_findings()

    def is_generated(self, cell_id: str) -> bool:
        """Whether an input cell is computed from the register (由台账生成), so read-only."""
        reg = self._report.ledger
        table = table_key(cell_id)
        if table == T3:
            return reg.t3_generated and cell_id in self._report.cells
        if table == T4:
            return reg.t4_generated and cell_id in self._report.cells
        return False

    def register_applied(self, touched: Iterable[str] = ()) -> None:
        """After any change of the register (by ``ui.register_edits``' undo commands) or of
        the year: write the derived cells (由台账生成) and tell the views."""
        from desktop.register.sync import apply_register

        changed: dict[str, None] = {}
        for cid in [*touched, *apply_register(self._report)]:
            changed[cid] = None
            for dep in DEPENDENTS[cid]:
                changed[dep] = None
        self.registerChanged.emit()
        if changed:
            self.cellsChanged.emit(list(changed))
        self._refresh_table_findings()

    def _apply_printed_totals(self, totals: Mapping[str, CellValue]) -> None:
        ids = list(self._report.printed_totals.keys() | totals.keys())
        self._report.printed_totals = dict(totals)
        self.cellsChanged.emit(ids)
        self._refresh_table_findings()

    # --- meta -----------------------------------------------------------------------------------

    def meta_field(self, name: str) -> Any:
        """The current value of a ``META_FIELD_NAMES`` field."""
        if name == "info_fee_yuan":
            return self._report.info_fee_yuan
        if name not in META_FIELD_NAMES:
            raise KeyError(name)
        return getattr(self._report.meta, name)

    def set_meta_field(self, name: str, value: object) -> None:
        """Change one 基本信息 field (or the 信息处理费) as an undo step “修改 机关全称”.

        Raises ``ValueError`` with a Chinese message when the value is not acceptable.
        """
        label = META_FIELD_NAMES[name]
        new = self._validate_meta(name, value, label)
        current = self.meta_field(name)
        if new == current and not (isinstance(new, Decimal) and str(new) != str(current)):
            return  # 12.50 typed over 12.5 is a change of what is printed
        self.undo_stack.push(_SetMeta(self, meta_place(name), new, f"修改 {label}"))

    def _validate_meta(self, name: str, value: object, label: str) -> object:
        if name == "info_fee_yuan":
            if value is None or value == "":
                return None
            return check_number(value, NumberKind.YUAN, label, Entry.TYPED)
        if name in ("published", "written") and not (value is None or isinstance(value, date)):
            raise ValueError(f"{label}：请选择一个日期")
        data = self._report.meta.model_dump()
        data[name] = value
        try:
            return getattr(Meta.model_validate(data), name)
        except ValidationError:
            raise ValueError(f"{label}：“{value}”不是有效的值，请重新填写") from None

    def _apply_meta(self, field: Place, value: object) -> None:
        name = _meta_name(field)
        if name == "info_fee_yuan":
            self._report.info_fee_yuan = value  # type: ignore[assignment]
        else:
            setattr(self._report.meta, name, value)
        self.metaChanged.emit()
        if name == "year" and not self._report.ledger.empty:
            self.register_applied()  # the year decides what the register counts
            return
        self._refresh_table_findings()

    # --- prose ----------------------------------------------------------------------------------

    def prose_text(self, field: Place) -> str:
        """The text of a piece of prose (see the class docstring)."""
        obj, attr = self._resolve_prose(field)
        if isinstance(obj, dict):
            return str(obj.get(attr, ""))
        return getattr(obj, attr) or ""

    def set_prose(self, field: Place, text: str) -> None:
        """Write one prose text field (not an undo step); marks the document dirty."""
        obj, attr = self._resolve_prose(field)
        if isinstance(obj, dict):
            # A dict is mutated in place, past the model's validation: ask the text gate here.
            checked(text)
            if obj.get(attr, "") == text:
                return
            if text:
                obj[attr] = text
            else:
                obj.pop(attr, None)
        else:
            new: str | None = text
            if attr == "title" and not text:
                new = None
            if getattr(obj, attr) == new:
                return
            setattr(obj, attr, new)
        self._prose_dirty = True
        self.proseChanged.emit()
        self._refresh_table_findings()
        self._update_dirty()

    def _resolve_prose(self, field: Place) -> tuple[Any, Any]:
        prose = self._report.prose
        bad = KeyError(f"unknown prose field {field.path!r}")
        kind = field.kind
        if kind is PlaceKind.OPENING:
            return prose, "opening"
        if kind is PlaceKind.TITLE:
            return prose, "title"
        if kind is PlaceKind.TABLE_INTRO:
            return prose.table_intros, field.section
        if field.section not in PROSE_SECTIONS:
            raise bad
        section: Section = prose.section(field.section)
        if kind is PlaceKind.LEAD:
            return section, "lead"
        if kind in (PlaceKind.HEADING, PlaceKind.TEXT) and field.part is not None:
            if field.part >= len(section.parts):
                raise bad
            return section.parts[field.part], kind.value
        raise bad

    def add_subpart(
        self, section: int, index: int | None = None, heading: str = "", text: str = ""
    ) -> int:
        """Insert a sub-part (at the end by default) as an undo step; returns its index."""
        parts = self._report.prose.section(section).parts
        at = len(parts) if index is None else max(0, min(index, len(parts)))
        part = SubPart(heading=heading, text=text)
        self.undo_stack.push(
            _ProseStructure(
                self,
                section,
                f"添加 {section_name(section)} 第{at + 1}部分",
                lambda ps: ps.insert(at, part),
                lambda ps: ps.pop(at),
                (at, None),
            )
        )
        return at

    def remove_subpart(self, section: int, index: int) -> None:
        """Remove a sub-part with its text as an undo step (undo brings the text back)."""
        parts = self._report.prose.section(section).parts
        part = parts[index]
        self.undo_stack.push(
            _ProseStructure(
                self,
                section,
                f"删除 {section_name(section)} 第{index + 1}部分",
                lambda ps: ps.pop(index),
                lambda ps: ps.insert(index, part),
                (None, index),
            )
        )

    def move_subpart(self, section: int, index: int, new_index: int) -> None:
        """Move a sub-part to ``new_index`` as an undo step."""
        parts = self._report.prose.section(section).parts
        new_index = max(0, min(new_index, len(parts) - 1))
        if new_index == index:
            return

        def move(a: int, b: int) -> Callable[[list[SubPart]], object]:
            return lambda ps: ps.insert(b, ps.pop(a))

        self.undo_stack.push(
            _ProseStructure(
                self,
                section,
                f"移动 {section_name(section)} 第{index + 1}部分",
                move(index, new_index),
                move(new_index, index),
                (new_index, index),
            )
        )

    def _prose_structure_changed(self, section: int) -> None:
        self.proseStructureChanged.emit(section)
        self.proseChanged.emit()
        self._refresh_table_findings()

    # --- dirty ----------------------------------------------------------------------------------

    def _update_dirty(self, *_: object) -> None:
        dirty = self.is_dirty()
        if dirty != self._last_dirty:
            self._last_dirty = dirty
            self.dirtyChanged.emit(dirty)

    def snapshot(self) -> Report:
        """A deep copy of the report, for saving in the background or recovery copies."""
        return copy.deepcopy(self._report)


def _meta_name(field: Place) -> str:
    """The ``META_FIELD_NAMES`` key of a place made by :func:`meta_place`."""
    return "info_fee_yuan" if field.kind is PlaceKind.INFO_FEE else field.name


def _same_value(a: CellValue, b: CellValue) -> bool:
    # Decimal("1.0") == 1 is True, but a user who types 1.0 over 1 in a 万元 cell changed the text
    # that is exported, so compare the representation for amounts.
    if a is None or b is None:
        return a is b
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return type(a) is type(b) and str(a) == str(b)
    return a == b
