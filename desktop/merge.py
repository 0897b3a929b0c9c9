"""汇总: add up the reports of many units into one report for the 政务公开办.

Every input cell is summed across units (int for counts, Decimal for 万元). A cell left blank by
any unit stays blank in the total and is listed with the units that left it blank: taking a
blank as 0 would publish a total nobody can vouch for. Totals are always recomputed; totals a
unit's file carries as printed in a published document are ignored, and units whose printed
totals disagree are named.

All units must be of one report year: a 汇总 report covers one year, and a total of two years'
numbers is meaningless, so mixed years are refused rather than flagged (a flag could be missed
and the wrong total published). The same file given twice (same path, or files with identical
content) is refused; two different files of the same unit and year are merged but flagged.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from desktop.collector import collector_paused
from desktop.errors import UserError, os_error_reason
from desktop.findings import Finding, Severity
from desktop.numbers import Entry, NumberKind, check_number
from desktop.project_file import EXTENSION, ProjectFileError, load_report
from desktop.report import (
    INFO_FEE_NAME,
    CellValue,
    Level,
    Meta,
    OrgKind,
    Report,
    coerce_cell_value,
    new_report,
)
from desktop.rules import check, table_findings
from desktop.spreadsheet import save_workbook, set_text
from desktop.template import AMOUNT_IDS, CELL_BY_ID, CELL_IDS, INPUT_IDS, TABLES

_LIST_LIMIT = 20  # longest list printed in a summary
_UNIT_LIMIT = 5  # unit names shown per blank cell

# Highest first, as Level lists them; a total defaults to the highest level among its units.
_LEVEL_ORDER: tuple[Level, ...] = tuple(Level)

# Blank cells (R12) are counted as 未填, apart from errors, as the window counts them: a total
# whose only problem is blank cells must not show 错误 n while the window says 错误 0.
BLANK_RULE = "R12"


def is_counted_error(finding: Finding) -> bool:
    """An error other than a blank cell."""
    return finding.severity is Severity.ERROR and finding.rule != BLANK_RULE


class MergeError(UserError):
    """The inputs cannot be merged (same file twice, mixed years, nothing to merge)."""


@dataclass(frozen=True, slots=True)
class UnitResult:
    """One merged unit and what is wrong with it."""

    path: Path
    label: str  # 机关全称, with the file name added when it alone does not identify the unit
    report: Report
    findings: tuple[Finding, ...]
    blank_ids: tuple[str, ...]
    # Computed cells whose printed total (from a published source) differs from the sum.
    printed_disagree: tuple[str, ...]
    errors: int = field(init=False)  # error findings (blank cells are counted apart)
    warnings: int = field(init=False)  # warning findings

    def __post_init__(self) -> None:
        # Counted once: the summary, the dialog and the workbook ask several times a unit.
        errors = warnings = 0
        for f in self.findings:  # one pass (is_counted_error and a second pass cost 2 µs)
            severity = f.severity
            if severity is Severity.WARNING:
                warnings += 1
            elif severity is Severity.ERROR and f.rule != BLANK_RULE:
                errors += 1
        object.__setattr__(self, "errors", errors)
        object.__setattr__(self, "warnings", warnings)

    @property
    def needs_attention(self) -> bool:
        """True when the unit has error findings or blank cells."""
        return self.errors > 0 or bool(self.blank_ids)


@dataclass(frozen=True, slots=True)
class SameUnit:
    """Two or more different files of one unit and year (merged, but flagged)."""

    org_name: str
    year: int
    paths: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The total report and everything the 政务公开办 should look at."""

    report: Report
    units: tuple[UnitResult, ...]
    findings: tuple[Finding, ...]  # the total report's own findings
    # Input cell id → labels of the units that left it blank (so it is blank in the total).
    blank_cells: dict[str, tuple[str, ...]]
    info_fee_blank_units: tuple[str, ...]
    same_unit: tuple[SameUnit, ...]
    unnamed: tuple[Path, ...]  # files whose 机关全称 is empty
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def problem_units(self) -> tuple[UnitResult, ...]:
        """Units with error findings or blank cells."""
        return tuple(u for u in self.units if u.needs_attention)

    @property
    def printed_disagree_units(self) -> tuple[UnitResult, ...]:
        """Units whose printed totals disagreed with the sums (merge used the sums)."""
        return tuple(u for u in self.units if u.printed_disagree)

    @property
    def errors(self) -> int:
        """Error findings of the total report."""
        return sum(1 for f in self.findings if is_counted_error(f))

    @property
    def clean(self) -> bool:
        """True when nothing needs a person's attention: no error in the total or in any unit,
        no blank cell, no blank 信息处理费, no unit given twice."""
        return (
            self.errors == 0
            and not self.blank_cells
            and not self.info_fee_blank_units
            and not self.problem_units
            and not self.same_unit
        )


def _norm_name(name: str) -> str:
    # Full-width/half-width and stray spaces must not make one unit look like two.
    return "".join(unicodedata.normalize("NFKC", name).split())


def _labels(units: Sequence[tuple[Path, Report]]) -> list[str]:
    counts = Counter(_norm_name(r.meta.org_name) for _, r in units)
    out = []
    for path, report in units:
        name = report.meta.org_name.strip()
        if not name:
            out.append(f"（未填机关全称）{path.name}")
        elif counts[_norm_name(name)] > 1:
            out.append(f"{name}（{path.name}）")
        else:
            out.append(name)
    return out


def expand_inputs(inputs: Iterable[str | Path], output: Path | None = None) -> list[Path]:
    """Files as given, and every ``.nianbao`` file of a folder (sorted by name). The output
    file is left out of a folder, so re-running a merge does not add last run's total.

    Raises UserError when a folder cannot be read or holds no report file.
    """
    # An output that does not exist yet cannot be one of the folder's files.
    out_key = _file_key(output) if output is not None else None
    output_name = output.name if output is not None else None
    paths: list[Path] = []
    for item in inputs:
        p = Path(item)
        if str(item).endswith(("/", "\\")) and not p.exists():
            # Written as a folder: say the folder is missing, not a file.
            raise UserError(f"找不到文件夹“{item}”，它可能已被移动、改名或删除。")
        if p.is_dir():
            try:
                # scandir's entries know from the directory listing which are files (a stat a
                # file less); the name test is Path.suffix's (a name starting with the dot
                # alone, ".nianbao", has no suffix).
                with os.scandir(p) as entries:
                    names = sorted(
                        e.name
                        for e in entries
                        if e.name.rfind(".") > 0
                        and e.name[e.name.rfind(".") :].lower() == EXTENSION
                        and e.is_file()
                    )
                found = [p / name for name in names]
            except OSError as exc:
                raise UserError(f"无法读取文件夹“{p}”：{os_error_reason(exc)}。") from None
            if out_key is not None:
                # The output named as it is listed here is the output (no second look at it).
                found = [
                    f
                    for f, name in zip(found, names, strict=True)
                    if not (name == output_name and f == output) and _file_key(f) != out_key
                ]
            if not found:
                raise UserError(f"文件夹“{p}”中没有年报文件（{EXTENSION}）。")
            paths.extend(found)
        else:
            paths.append(p)
    return paths


def check_output(output: Path, inputs: Iterable[Path]) -> None:
    """Refuse to write the total over one of the units' files (raises UserError)."""
    out_key = _file_key(output)
    if out_key is None:
        return  # a new file is none of the inputs
    for p in inputs:
        if _file_key(p) == out_key:
            raise UserError(f"汇总报告不能保存到参加汇总的文件“{p}”本身，请换一个输出文件名。")


def load_units(paths: Iterable[Path]) -> list[tuple[Path, Report]]:
    """Load every unit's file. When any cannot be read, raises MergeError naming all of them
    (a 政务公开办 with 50 files wants the whole list at once, not one at a time)."""
    units: list[tuple[Path, Report]] = []
    unreadable: list[str] = []
    with collector_paused():  # every unit stays alive: nothing for the collector to find
        for p in paths:
            try:
                units.append((p, load_report(p)))
            except ProjectFileError as exc:
                unreadable.append(str(exc))
    if unreadable:
        shown = "\n  ".join(unreadable[:_LIST_LIMIT])
        more = ""
        if len(unreadable) > _LIST_LIMIT:
            more = f"\n  ……另有 {len(unreadable) - _LIST_LIMIT} 个"
        raise MergeError(
            f"有 {len(unreadable)} 个文件无法读取，未进行汇总：\n  {shown}{more}\n"
            "请修复或去掉这些文件后再汇总。"
        )
    return units


def _check_inputs(units: Sequence[tuple[Path, Report]]) -> tuple[SameUnit, ...]:
    if not units:
        raise MergeError("没有要汇总的年报文件。请至少选择两个单位的年报文件（.nianbao）。")

    seen: dict[object, Path] = {}
    for path, _ in units:
        key = _file_key(path)
        if key is None:  # units held in memory (the window's, tests): their names
            key = _resolved(path)
        if key in seen:
            raise MergeError(
                f"同一个文件“{path}”被选择了两次，汇总会把它的数字算两遍。"
                "请去掉重复的文件后再汇总。"
            )
        seen[key] = path

    years = Counter(r.meta.year for _, r in units)
    if len(years) > 1:
        main_year, _ = years.most_common(1)[0]
        others = [f"“{p.name}”（{r.meta.year} 年）" for p, r in units if r.meta.year != main_year]
        listed = "、".join(others[:10]) + (f" 等 {len(others)} 个文件" if len(others) > 10 else "")
        by_year = "，".join(f"{y} 年 {n} 个" for y, n in sorted(years.items()))
        raise MergeError(
            f"所选文件的报告年度不一致（{by_year}），不同年度的数字不能相加。"
            f"与多数文件（{main_year} 年）不同的是：{listed}。"
            "请只选择同一年度的报告后再汇总。"
        )

    groups: dict[tuple[str, int], list[tuple[Path, Report]]] = defaultdict(list)
    for path, report in units:
        groups[(_norm_name(report.meta.org_name), report.meta.year)].append((path, report))
    same: list[SameUnit] = []
    for (_, year), members in groups.items():
        if len(members) < 2:
            continue
        # Identical content in two files is one file copied: refuse like the same path.
        dumps: dict[str, Path] = {}
        for member_path, member in members:
            content = member.model_dump_json()
            if content in dumps:
                raise MergeError(
                    f"文件“{dumps[content]}”和“{member_path}”内容完全相同（同一份报告的两个副本），"
                    "汇总会把它的数字算两遍。请只保留其中一个后再汇总。"
                )
            dumps[content] = member_path
        if members[0][1].meta.org_name.strip():
            name = members[0][1].meta.org_name.strip()
            same.append(SameUnit(name, year, tuple(p for p, _ in members)))
    return tuple(same)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


# Set by ``one_look_per_file``: each name's identity, looked up once for the whole command.
# Keyed by the Path object's id (the command hands the same objects from step to step), the
# object kept beside its key so that the id cannot be reused meanwhile: hashing a new Path
# (and a KeyError a file) cost more than the stat.
_known_keys: dict[int, tuple[Path, object]] | None = None


@contextlib.contextmanager
def one_look_per_file() -> Iterator[None]:
    """Within the block each file's identity is read once: the merge command asks for it
    three times a file (the folder's files against the output, the output against the
    inputs, the inputs against each other), a stat each time."""
    global _known_keys
    outer = _known_keys
    if outer is None:
        _known_keys = {}
    try:
        yield
    finally:
        _known_keys = outer


def _file_key(path: Path) -> object:
    """What makes two names the same file: the file's identity (device, inode) from one stat
    — Path.resolve() three times a file cost 12% of a merge — or, where the file system has
    no inode numbers (FAT USB sticks report 0) or the file cannot be read, the resolved path.
    None for a file that does not exist."""
    known = _known_keys
    if known is None:
        return _read_file_key(path)
    seen = known.get(id(path))
    if seen is not None and seen[0] is path:
        return seen[1]
    key = _read_file_key(path)  # (an equal Path made elsewhere is looked up again: harmless)
    known[id(path)] = (path, key)
    return key


def _read_file_key(path: Path) -> object:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        return _resolved(path)
    if st.st_ino == 0:
        return _resolved(path)
    return (st.st_dev, st.st_ino)


def _sum_cells(
    reports: Sequence[Report],
    labels: Sequence[str],
    rows: Sequence[tuple[CellValue, ...]] | None = None,
) -> tuple[dict[str, CellValue], dict[str, tuple[str, ...]]]:
    """The sums of the input cells and, for each cell some unit left blank, those units.
    ``rows``: the reports' ``input_values()`` when the caller has them already."""
    # Column by column, summed in C (a Python step per cell and unit was 5% of a merge).
    if rows is None:
        rows = [r.input_values() for r in reports]
    merged: dict[str, CellValue] = {}
    blank: dict[str, tuple[str, ...]] = {}
    for cid, column in zip(INPUT_IDS, zip(*rows, strict=True), strict=True):
        try:
            merged[cid] = sum(column, Decimal(0) if cid in AMOUNT_IDS else 0)
        except TypeError:  # a unit left it blank: so is the total, and the units are named
            merged[cid] = None
            blank[cid] = tuple(label for label, v in zip(labels, column, strict=True) if v is None)
    return merged, blank


def _blank_ids(row: tuple[CellValue, ...]) -> tuple[str, ...]:
    """``Report.blank_ids()`` from the report's ``input_values()``."""
    if None not in row:  # a finished report: one C pass
        return ()
    return tuple(cid for cid, v in zip(INPUT_IDS, row, strict=True) if v is None)


def _printed_disagree(report: Report) -> tuple[str, ...]:
    out = []
    for cid, printed in report.printed_totals.items():
        computed = report.value(cid)
        if printed is not None and computed is not None and printed != computed:
            out.append(cid)
    return tuple(out)


def default_level(reports: Iterable[Report]) -> Level:
    """The highest 层级 among the units (a county's total holds its townships and departments)."""
    levels = {r.meta.level for r in reports}
    for level in _LEVEL_ORDER:
        if level in levels:
            return level
    return Level.COUNTY


@collector_paused()
def merge_reports(
    units: Sequence[tuple[Path, Report]],
    org_name: str = "",
    level: Level | None = None,
    org_kind: OrgKind = OrgKind.GOVERNMENT,
) -> MergeResult:
    """Sum the units' reports into one total report; check the total (all rules) and every
    unit (the table rules, which hold every error rule).

    ``units`` are (file path, report) pairs. ``level`` defaults to the highest level among the
    units. Raises MergeError (a UserError) when the same file is given twice (same path or
    identical content), when the units are of different years, or when there is nothing to
    merge. Two different files of one unit and year are merged and listed in ``same_unit``.
    """
    same_unit = _check_inputs(units)
    reports = [r for _, r in units]
    labels = _labels(units)
    year = reports[0].meta.year
    if level is None:
        level = default_level(reports)

    # Each unit's input values, fetched once: for the sums and for its blank cells.
    rows = [r.input_values() for r in reports]
    cells, blank_cells = _sum_cells(reports, labels, rows)

    fee: Decimal | None = Decimal(0)
    fee_blank: list[str] = []
    for report, label in zip(reports, labels, strict=True):
        if report.info_fee_yuan is None:
            fee_blank.append(label)
        elif fee is not None:
            fee += report.info_fee_yuan
    if fee_blank:
        fee = None

    notes: list[str] = []
    previous = _merged_previous(reports, labels, org_name, level, org_kind, notes)

    # The sums enter the total report through the number check of spec §10 like any number.
    try:
        for cid, value in cells.items():
            coerce_cell_value(cid, value)
        if fee is not None:
            check_number(fee, NumberKind.YUAN, INFO_FEE_NAME, Entry.STORED)
    except ValueError as exc:
        raise MergeError(f"汇总后的数字无法填入汇总报告：{exc}") from None

    # A 汇总 report's prose is written by the 政务公开办: start from the standard headings.
    template = new_report(org_name, year, org_kind, level)
    report = Report(
        meta=Meta(org_name=org_name, year=year, org_kind=org_kind, level=level),
        prose=template.prose,
        info_fee_yuan=fee,
        cells=cells,
        previous=previous,
    )

    # Units get the table rules only: every error rule is one of them, while the prose rules
    # (warnings, scanning every unit's text against last year's) would eat the time budget of
    # a 1,000-unit merge. The total gets the full check.
    unit_results = tuple(
        UnitResult(
            path=path,
            label=label,
            report=rep,
            findings=tuple(table_findings(rep)),
            blank_ids=_blank_ids(row),
            printed_disagree=_printed_disagree(rep) if rep.printed_totals else (),
        )
        for (path, rep), label, row in zip(units, labels, rows, strict=True)
    )
    return MergeResult(
        report=report,
        units=unit_results,
        findings=tuple(check(report)),
        blank_cells=blank_cells,
        info_fee_blank_units=tuple(fee_blank),
        same_unit=same_unit,
        unnamed=tuple(p for p, r in units if not r.meta.org_name.strip()),
        notes=tuple(notes),
    )


def _merged_previous(
    reports: Sequence[Report],
    labels: Sequence[str],
    org_name: str,
    level: Level,
    org_kind: OrgKind,
    notes: list[str],
) -> Report | None:
    """Last year's total, when every unit's file carries last year's report, so that the
    carry-over check (R7) runs on the total too."""
    year = reports[0].meta.year
    prevs = [r.previous for r in reports]
    usable = [p for p in prevs if p is not None and p.meta.year == year - 1]
    if not usable:
        return None
    if len(usable) < len(reports):
        missing = [
            label
            for label, p in zip(labels, prevs, strict=True)
            if p is None or p.meta.year != year - 1
        ]
        notes.append(
            f"有 {len(missing)} 个单位的文件中没有 {year - 1} 年度报告"
            f"（如：{'、'.join(missing[:3])}），汇总报告不核对上年结转。"
        )
        return None
    cells, _ = _sum_cells(usable, labels)
    try:
        for cid, value in cells.items():
            coerce_cell_value(cid, value)
    except ValueError as exc:
        # Counts of 10–15 digits a file may hold (flagged by R5) can add up past what a report
        # holds. Last year's total only serves the carry-over check: the merge goes on without
        # it and says so (it used to end in an unexpected error).
        notes.append(f"各单位文件中的 {year - 1} 年度报告相加后，{exc}；汇总报告不核对上年结转。")
        return None
    return Report(
        meta=Meta(org_name=org_name, year=year - 1, org_kind=org_kind, level=level),
        cells=cells,
    )


# --- the summary ---------------------------------------------------------------------------------


def _names(names: tuple[str, ...] | list[str], limit: int = _UNIT_LIMIT) -> str:
    shown = "、".join(names[:limit])
    return shown + (f" 等 {len(names)} 个单位" if len(names) > limit else "")


def summary_lines(
    result: MergeResult, out: Path | None = None, breakdown: Path | None = None
) -> list[str]:
    """The Chinese summary of a merge, one line a string (printed by ``nianbao merge``, shown
    by the GUI)."""
    r = result.report
    lines: list[str] = []
    where = f"，已保存到 {out}" if out is not None else ""
    lines.append(f"已汇总 {len(result.units)} 个单位的 {r.meta.year} 年度报告{where}。")
    name = r.meta.org_name or "（未填写，请在“基本信息”中填写）"
    lines.append(f"汇总报告：机关全称 {name}；机关类型 {r.meta.org_kind}；层级 {r.meta.level}。")
    if not r.meta.org_name:
        lines.append(
            "提示：汇总报告的机关全称为空，请在“基本信息”中填写（命令行可用 --org 指定）。"
        )
    lines.append("汇总报告的正文（一、五、六部分）只有标准标题，请由政务公开办撰写。")

    errors = [f for f in result.findings if is_counted_error(f)]
    warnings = [f for f in result.findings if f.severity is Severity.WARNING]
    blank_total = len(r.blank_ids())
    lines.append(
        f"汇总报告检查结果：错误 {len(errors)} 个，警告 {len(warnings)} 个，"
        f"未填单元格 {blank_total} 个。"
    )
    for label, group in (("错误", errors), ("警告", warnings)):
        for f in group[:_LIST_LIMIT]:
            lines.append(f"  [{label}] {f.message}")
        if len(group) > _LIST_LIMIT:
            lines.append(f"  ……另有 {len(group) - _LIST_LIMIT} 个{label}")

    if result.blank_cells:
        lines.append(
            f"有 {len(result.blank_cells)} 个单元格因部分单位未填写，"
            "在汇总报告中留空（不按 0 计），请让以下单位补填："
        )
        for cid, units in list(result.blank_cells.items())[:_LIST_LIMIT]:
            lines.append(f"  {CELL_BY_ID[cid].describe()}：{_names(units)}")
        if len(result.blank_cells) > _LIST_LIMIT:
            lines.append(f"  ……另有 {len(result.blank_cells) - _LIST_LIMIT} 个单元格")
    if result.info_fee_blank_units:
        lines.append(
            "信息处理费金额：留空，因为以下单位未填写（未收取请填 0）："
            + _names(list(result.info_fee_blank_units))
        )
    elif r.info_fee_yuan is not None:
        lines.append(f"信息处理费金额合计：{r.info_fee_yuan} 元。")

    problems = result.problem_units
    if problems:
        lines.append(f"需要核实的单位（有错误或未填单元格）：{len(problems)} 个")
        for u in problems[:_LIST_LIMIT]:
            lines.append(f"  {u.label}（{u.path.name}）：{unit_status(u)}")
        if len(problems) > _LIST_LIMIT:
            lines.append(f"  ……另有 {len(problems) - _LIST_LIMIT} 个单位")
    else:
        lines.append("各单位的报告均无错误，也没有未填的单元格。")

    for same in result.same_unit:
        files = "、".join(p.name for p in same.paths)
        lines.append(
            f"注意：{same.org_name} 的 {same.year} 年度报告有 {len(same.paths)} 个不同的文件"
            f"（{files}），都已计入汇总。如果是同一单位的重复文件，请只保留一个后重新汇总。"
        )
    if result.unnamed:
        lines.append(
            "注意：以下文件未填写机关全称，无法核对是否重复："
            + "、".join(p.name for p in result.unnamed[:_LIST_LIMIT])
        )
    disagree = result.printed_disagree_units
    if disagree:
        lines.append(
            f"有 {len(disagree)} 个单位的文件中印刷的合计与分项之和不符，汇总按分项之和计算："
            + _names([u.label for u in disagree])
        )
    lines.extend(result.notes)
    if breakdown is not None:
        lines.append(f"分单位明细表已保存到 {breakdown}（未填单元格以黄色标出）。")
    return lines


# --- the breakdown workbook ---------------------------------------------------------------------

_FIXED_HEADERS = ("序号", "单位（机关全称）", "文件", "检查情况")


def unit_status(unit: UnitResult) -> str:
    """A short Chinese status of a unit, e.g. ``错误 2 · 警告 1 · 未填 3``."""
    parts = []
    if unit.errors:
        parts.append(f"错误 {unit.errors}")
    if unit.warnings:
        parts.append(f"警告 {unit.warnings}")
    if unit.blank_ids:
        parts.append(f"未填 {len(unit.blank_ids)}")
    if unit.printed_disagree:
        parts.append(f"印刷合计不符 {len(unit.printed_disagree)}")
    return " · ".join(parts) if parts else "无问题"


def write_breakdown(result: MergeResult, path: str | Path, *, force: bool = False) -> None:
    """Write the breakdown workbook: one row per unit, one column per cell (all 200), a last row
    合计; a second sheet lists the findings of every unit and of the total.

    Written atomically (the previous workbook survives a kill or a full disk); text cells are
    never formulas. Raises UserError when the file cannot be written (e.g. it is open in Excel)
    or is marked read-only (unless ``force``).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "分单位明细"

    bold = Font(bold=True)
    small_grey = Font(size=8, color="808080")
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    blank_fill = PatternFill("solid", fgColor="FFF2CC")
    error_fill = PatternFill("solid", fgColor="F8CBAD")
    computed_fill = PatternFill("solid", fgColor="E7E6E6")
    total_fill = PatternFill("solid", fgColor="DDEBF7")
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    n_fixed = len(_FIXED_HEADERS)
    header_rows = 4  # table / row label / column label / cell id
    for col, text in enumerate(_FIXED_HEADERS, start=1):
        c = ws.cell(row=1, column=col, value=text)
        c.font, c.alignment = bold, wrap
        ws.merge_cells(start_row=1, start_column=col, end_row=header_rows, end_column=col)

    col = n_fixed + 1
    for table in TABLES:
        first = col
        run_start, run_label = col, None
        for cell in table.cells:
            if cell.row_label != run_label:
                if run_label is not None and col - 1 > run_start:
                    ws.merge_cells(
                        start_row=2, start_column=run_start, end_row=2, end_column=col - 1
                    )
                run_start, run_label = col, cell.row_label
                ws.cell(row=2, column=col, value=cell.row_label).alignment = wrap
            ws.cell(row=3, column=col, value=cell.col_label or cell.row_label).alignment = wrap
            idc = ws.cell(row=4, column=col, value=cell.id)
            idc.font, idc.alignment = small_grey, wrap
            if cell.computed:
                for r in (3, 4):
                    ws.cell(row=r, column=col).fill = computed_fill
            col += 1
        if col - 1 > run_start:
            ws.merge_cells(start_row=2, start_column=run_start, end_row=2, end_column=col - 1)
        tc = ws.cell(row=1, column=first, value=f"表{table.number}　{table.title}")
        tc.font = bold
        tc.alignment = Alignment(horizontal="left", vertical="center")
        ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=col - 1)

    # Assigning style objects cell by cell hashes them every time (seconds for 1,000 units);
    # styling one scratch cell per look and copying its style array is ~20x faster.
    scratch = wb.create_sheet("scratch")
    looks = {
        "plain": scratch.cell(row=1, column=1),
        "blank": scratch.cell(row=2, column=1),
        "total": scratch.cell(row=3, column=1),
        "total_blank": scratch.cell(row=4, column=1),
    }
    for key, c in looks.items():
        c.border = border
        if "blank" in key:
            c.fill = blank_fill
        elif key == "total":
            c.fill = total_fill
        if key.startswith("total"):
            c.font = bold
    styles = {key: c._style for key, c in looks.items()}
    wb.remove(scratch)

    def write_values(row: int, report: Report, total: bool = False) -> None:
        values = report.values()
        filled = styles["total"] if total else styles["plain"]
        empty = styles["total_blank"] if total else styles["blank"]
        for i, cid in enumerate(CELL_IDS, start=n_fixed + 1):
            v = values[cid]
            c = ws.cell(row=row, column=i, value=v)
            c._style = copy(empty if v is None else filled)

    row = header_rows + 1
    for n, unit in enumerate(result.units, start=1):
        ws.cell(row=row, column=1, value=n)
        name = set_text(ws, row, 2, unit.report.meta.org_name or unit.label)
        set_text(ws, row, 3, unit.path.name)
        status = set_text(ws, row, 4, unit_status(unit))
        if unit.errors:
            name.fill = status.fill = error_fill
        elif unit.blank_ids:
            status.fill = blank_fill
        write_values(row, unit.report)
        row += 1
    ws.cell(row=row, column=1, value="合计").font = bold
    set_text(ws, row, 2, result.report.meta.org_name or "合计").font = bold
    ws.cell(row=row, column=3, value=f"{len(result.units)} 个单位")
    errors = result.errors
    ws.cell(row=row, column=4, value=f"错误 {errors}" if errors else "无错误")
    for c in ws[row][:n_fixed]:
        c.font = bold
    write_values(row, result.report, total=True)

    ws.freeze_panes = ws.cell(row=header_rows + 1, column=n_fixed + 1)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 22
    ws.column_dimensions["D"].width = 22
    for i in range(n_fixed + 1, n_fixed + 1 + len(CELL_IDS)):
        ws.column_dimensions[get_column_letter(i)].width = 15
    ws.row_dimensions[2].height = 60
    ws.row_dimensions[3].height = 30

    fs = wb.create_sheet("检查结果")
    for i, text in enumerate(("单位", "文件", "规则", "类别", "说明"), start=1):
        fs.cell(row=1, column=i, value=text).font = bold
    r = 2
    total_label = f"合计（{result.report.meta.org_name or '汇总报告'}）"
    for label, fname, findings in [
        (total_label, "", result.findings),
        *((u.label, u.path.name, u.findings) for u in result.units),
    ]:
        for f in findings:
            set_text(fs, r, 1, label)
            set_text(fs, r, 2, fname)
            set_text(fs, r, 3, f.rule)
            sev = set_text(fs, r, 4, f.severity.label)
            set_text(fs, r, 5, f.message)
            if f.severity is Severity.ERROR:
                sev.fill = error_fill
            r += 1
    for unit in result.printed_disagree_units:
        set_text(fs, r, 1, unit.label)
        set_text(fs, r, 2, unit.path.name)
        set_text(fs, r, 3, "印刷合计")
        set_text(fs, r, 4, "提示")
        cells = "、".join(CELL_BY_ID[c].describe() for c in unit.printed_disagree)
        set_text(fs, r, 5, f"原文印刷的合计与分项之和不符，汇总按分项之和计算：{cells}")
        r += 1
    fs.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (28, 22, 8, 8, 100), strict=True):
        fs.column_dimensions[letter].width = width

    save_workbook(wb, path, force=force, what="明细表")
