"""Read a folder of units' reports, pair them with last year's and with a roster, check them all.

Every report in the folder and its sub-folders is taken: ``.nianbao`` files, and published
sources (``.docx``, ``.html``, ``.htm``, ``.txt``, ``.pdf`` as far as the importer reads them)
imported in memory; nothing is written beside the sources. A file that cannot be read, the same
file twice, two reports of one unit and units of another year are listed, never a crash: a
政务公开办 with fifty files wants the whole picture in one run.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from desktop.collector import collector_paused
from desktop.errors import UserError, os_error_reason
from desktop.findings import Finding, Severity
from desktop.place import Place
from desktop.report import Report
from desktop.review.names import near_miss, norm_name
from desktop.review.rules import review_findings

# Published sources the importer may read; anything it refuses is listed as unreadable.
SOURCE_SUFFIXES = frozenset({".docx", ".html", ".htm", ".txt", ".md", ".pdf"})
# Files a unit may have sent that are reports nobody can read here (listed, with the fix).
UNREADABLE_SUFFIXES = frozenset({".doc", ".wps", ".rtf"})
REPORT_SUFFIXES = frozenset({".nianbao"}) | SOURCE_SUFFIXES | UNREADABLE_SUFFIXES
REVIEW_RULE = "审核"  # findings about the submission itself (duplicates, years), not a spec rule


class Status(StrEnum):
    """A unit's line in the 汇总 sheet."""

    PASSED = "通过"
    WARNINGS = "有警告"
    ERRORS = "有错误"
    UNREADABLE = "无法读取"
    MISSING = "缺报"


@dataclass(slots=True)
class UnitReview:
    """One file of the folder and what the review found in it."""

    path: Path
    rel: str  # path inside the reviewed folder, as shown to the reviewer
    report: Report | None = None
    error: str = ""  # why the file could not be read
    findings: list[Finding] = field(default_factory=list)
    previous_path: Path | None = None
    source_lines: list[str] | None = None  # lines of a published source (R24)
    digest: str = ""

    @property
    def name(self) -> str:
        """机关全称, or the file name when the report has none (or could not be read)."""
        if self.report is not None and self.report.meta.org_name.strip():
            return self.report.meta.org_name.strip()
        return Path(self.rel).stem

    @property
    def errors(self) -> int:
        """Error findings."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Warning findings."""
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def status(self) -> Status:
        """通过 / 有警告 / 有错误 / 无法读取."""
        if self.report is None:
            return Status.UNREADABLE
        if self.errors:
            return Status.ERRORS
        if self.warnings:
            return Status.WARNINGS
        return Status.PASSED


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """A roster name and what became of it."""

    name: str
    unit: str = ""  # the unit's report that matched exactly ("" = none)


@dataclass(slots=True)
class ReviewResult:
    """Everything a review found, for the workbook, the letters and the window."""

    folder: Path
    units: list[UnitReview]
    year: int | None = None  # the year most units report on
    roster: list[RosterEntry] | None = None  # None: no roster given
    missing: list[str] = field(default_factory=list)  # roster names without a report
    extra: list[str] = field(default_factory=list)  # units not on the roster
    maybe_same: list[tuple[str, str]] = field(default_factory=list)  # (roster name, unit name)
    confirmed: list[tuple[str, str]] = field(default_factory=list)  # pairs the reviewer confirmed
    cancelled: bool = False
    ignored: list[str] = field(default_factory=list)  # files that are not reports

    def confirm(self, roster_name: str, unit_name: str) -> None:
        """The reviewer says a near-miss pair is one unit: it is neither 缺报 nor extra any
        more, and the workbook lists it as confirmed (the decision stays visible)."""
        pair = (roster_name, unit_name)
        if pair not in self.maybe_same:
            raise ValueError(f"“{roster_name}”与“{unit_name}”不是待确认的单位")
        self.maybe_same = [p for p in self.maybe_same if p[0] != roster_name and p[1] != unit_name]
        self.missing.remove(roster_name)
        self.extra.remove(unit_name)
        self.confirmed.append(pair)

    @property
    def readable(self) -> list[UnitReview]:
        """Units whose report could be read."""
        return [u for u in self.units if u.report is not None]

    @property
    def exit_code(self) -> int:
        """0: no unit has an error (warnings allowed); 1: a unit has an error, is unreadable or
        is 缺报; 2: nothing could be read."""
        if not self.readable:
            return 2
        if self.missing or any(u.status in (Status.ERRORS, Status.UNREADABLE) for u in self.units):
            return 1
        return 0


Progress = Callable[[int, int, str], bool]  # (done, total, file) → keep going?


def find_reports(folder: Path, exclude: Sequence[Path] = ()) -> tuple[list[Path], list[str]]:
    """Report files under ``folder`` (recursively, sorted by path) and the other files found.
    Hidden files, Word's ``~$`` lock files and everything under ``exclude`` (e.g. the letters
    folder inside the reviewed one) are left out. Raises UserError when the folder cannot be
    read."""
    if not folder.is_dir():
        if folder.exists():
            raise UserError(f"“{folder}”不是文件夹。请给出存放各单位年报的文件夹。")
        raise UserError(f"找不到文件夹“{folder}”，请检查路径。")
    skip = [p.resolve() for p in exclude]
    found: list[Path] = []
    ignored: list[str] = []

    def failed(exc: OSError) -> None:
        raise UserError(f"无法读取文件夹“{exc.filename or folder}”：{os_error_reason(exc)}。")

    for root, dirs, files in os.walk(folder, onerror=failed):
        here = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (here / d).resolve() not in skip
        )
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            p = here / name
            if p.suffix.lower() in REPORT_SUFFIXES:
                found.append(p)
            else:
                ignored.append(str(p.relative_to(folder)))
    return found, ignored


def _rel(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return path.name


def read_unit(path: Path, folder: Path) -> UnitReview:
    """Read one file into a UnitReview (``error`` set when it cannot be read). Never raises."""
    import hashlib  # here: hashlib loads OpenSSL, which the window needs only for a review

    from desktop.project_file import MAX_FILE_BYTES, read_bounded, report_from_json, report_text

    unit = UnitReview(path=path, rel=_rel(path, folder))
    suffix = path.suffix.lower()
    try:
        if suffix == ".nianbao":
            raw = read_bounded(path)  # as load_report reads it
            unit.digest = hashlib.sha256(raw).hexdigest()
            if len(raw) > MAX_FILE_BYTES:
                unit.error = "文件过大，不是年报文件"
            elif not raw or raw.isspace():  # (strip() would copy the whole file to say so)
                unit.error = "文件是空的（可能保存时被中断）"
            else:
                # strictly decoded UTF-8 holds no lone surrogate: the text gate's fast path
                unit.report = report_from_json(report_text(raw), str(path), from_utf8=True)
        elif suffix in UNREADABLE_SUFFIXES:
            unit.error = (
                f"{suffix} 格式无法读取；请让该单位在 Word 或 WPS 中另存为 .docx，或直接报送"
                "年报软件的 .nianbao 文件"
            )
        else:
            _read_source(unit)
    except UnicodeDecodeError:
        unit.error = "文件已损坏或不是年报文件（内容不是 UTF-8 文本）"
    except UserError as exc:
        unit.error = str(exc)
    except OSError as exc:
        unit.error = f"无法读取该文件（{os_error_reason(exc)}）"
    except Exception as exc:  # noqa: BLE001 — one broken file must not stop a review of fifty
        unit.error = f"读取时出错（{type(exc).__name__}），请用年报软件单独打开该文件查看"
    if unit.error:
        unit.report = None
    return unit


def _read_source(unit: UnitReview) -> None:
    # read_source + parse_document is what import_report does; the lines are kept for R24.
    import hashlib

    from desktop.importers.document import parse_document
    from desktop.importers.sources import read_source

    with unit.path.open("rb") as f:
        unit.digest = hashlib.sha256(f.read()).hexdigest()
    doc = read_source(unit.path)
    parsed = parse_document(doc)
    unit.report = parsed.report
    unit.source_lines = [ln.text for ln in doc.lines if not ln.is_row]
    unit.findings.extend(parsed.source_findings)


# --- pairing -------------------------------------------------------------------------------------


def _pair_previous(
    units: Sequence[UnitReview], previous: Sequence[UnitReview]
) -> dict[int, Report]:
    """Last year's report of each unit, by exact normalised name; ambiguous and near pairs are
    noted on the unit, never used."""
    by_name: dict[str, list[UnitReview]] = defaultdict(list)
    for p in previous:
        if p.report is not None and p.report.meta.org_name.strip():
            by_name[norm_name(p.report.meta.org_name)].append(p)
    paired: dict[int, Report] = {}
    for i, unit in enumerate(units):
        if unit.report is None:
            continue
        key = norm_name(unit.report.meta.org_name)
        year = unit.report.meta.year
        same = by_name.get(key, [])
        right = [p for p in same if p.report is not None and p.report.meta.year == year - 1]
        if len(right) == 1:
            unit.previous_path = right[0].path
            assert right[0].report is not None
            paired[i] = right[0].report
            continue
        if len(right) > 1:
            files = "、".join(p.rel for p in right)
            unit.findings.append(
                Finding(
                    REVIEW_RULE,
                    Severity.WARNING,
                    f"上年度文件夹中有 {len(right)} 份本单位 {year - 1} 年的报告（{files}），"
                    f"无法确定用哪一份，未做与上年度的核对；请只保留一份后重新审核",
                    fields=(Place.previous(),),
                )
            )
            continue
        if same:
            years = "、".join(sorted({str(p.report.meta.year) for p in same if p.report}))
            unit.findings.append(
                Finding(
                    REVIEW_RULE,
                    Severity.INFO,
                    f"上年度文件夹中本单位的报告是 {years} 年的，没有 {year - 1} 年的，"
                    f"未做与上年度的核对",
                    fields=(Place.previous(),),
                )
            )
            continue
        near = sorted(
            {p.name for p in previous if p.report is not None and near_miss(key, norm_name(p.name))}
        )
        if near:
            unit.findings.append(
                Finding(
                    REVIEW_RULE,
                    Severity.INFO,
                    f"上年度文件夹中没有同名单位的报告；“{'”“'.join(near)}”可能是同一单位"
                    f"（名称不完全相同，未自动配对），如是，请把两年的机关全称改为一致后重新审核",
                    fields=(Place.previous(),),
                )
            )
    return paired


def _mark_duplicates(units: Sequence[UnitReview]) -> None:
    """The same file twice (identical content) and two files of one unit and year."""
    first_by_digest: dict[str, UnitReview] = {}
    for u in units:
        if not u.digest:
            continue
        first = first_by_digest.setdefault(u.digest, u)
        if first is not u:
            u.findings.append(
                Finding(
                    REVIEW_RULE,
                    Severity.ERROR,
                    f"与“{first.rel}”是同一份文件（内容完全相同），重复报送；请删除其中一份",
                )
            )
    groups: dict[tuple[str, int], list[UnitReview]] = defaultdict(list)
    for u in units:
        r = u.report
        if r is None or not r.meta.org_name.strip():
            continue
        if any(f.rule == REVIEW_RULE and "同一份文件" in f.message for f in u.findings):
            continue
        groups[(norm_name(r.meta.org_name), r.meta.year)].append(u)
    for (_, year), group in groups.items():
        if len(group) < 2:
            continue
        for u in group:
            others = "、".join(o.rel for o in group if o is not u)
            u.findings.append(
                Finding(
                    REVIEW_RULE,
                    Severity.WARNING,
                    f"本单位 {year} 年还有另一份报告（{others}），内容不同；请确认哪一份是"
                    f"正式报送的，删除另一份",
                )
            )


def _mark_years(units: Sequence[UnitReview]) -> int | None:
    years = Counter(u.report.meta.year for u in units if u.report is not None)
    if not years:
        return None
    # The most common year; on a tie the later one (a review is of the latest round).
    year = max(years, key=lambda y: (years[y], y))
    for u in units:
        if u.report is not None and u.report.meta.year != year:
            u.findings.append(
                Finding(
                    REVIEW_RULE,
                    Severity.WARNING,
                    f"本报告是 {u.report.meta.year} 年度的，其他单位的报告是 {year} 年度的；"
                    f"请确认是否报错了年度的报告",
                    fields=(Place.meta("year"),),
                )
            )
    return year


# --- roster --------------------------------------------------------------------------------------


def read_roster(path: Path) -> list[str]:
    """The names of a roster: a .txt with one unit a line, or the first sheet of an .xlsx (the
    column headed 单位 / 名称 / 机关, else the first column). Raises UserError."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".txt":
            from desktop.importers.sources import decode_text

            text = decode_text(path.read_bytes(), path)
            names = [ln.strip() for ln in text.splitlines()]
        elif suffix == ".xlsx":
            names = _roster_xlsx(path)
        else:
            raise UserError(
                f"名单“{path.name}”的格式无法读取：请用 Excel 文件（.xlsx）或文本文件（.txt，"
                "每行一个单位）。"
            )
    except OSError as exc:
        raise UserError(f"无法读取名单“{path}”：{os_error_reason(exc)}。") from None
    out: list[str] = []
    seen: set[str] = set()
    for n in names:
        n = n.strip().lstrip("\ufeff")
        if not n or n.startswith("#") or norm_name(n) in seen:
            continue
        seen.add(norm_name(n))
        out.append(n)
    if not out:
        raise UserError(f"名单“{path.name}”中没有单位名称。")
    return out


_ROSTER_HEADERS = ("单位", "名称", "机关")


def _roster_xlsx(path: Path) -> list[str]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken file
        raise UserError(f"名单“{path.name}”不是有效的 Excel 文件（.xlsx），无法读取。") from None
    try:
        ws = wb.worksheets[0]
        rows = [
            ["" if v is None else str(v).strip() for v in row]
            for row in ws.iter_rows(values_only=True)
        ]
    finally:
        wb.close()
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    column, start = 0, 0
    for j, head in enumerate(rows[0]):
        if any(w in head for w in _ROSTER_HEADERS) and len(head) <= 10:
            column, start = j, 1
            break
    else:
        if rows[0] and rows[0][0] in ("序号",):
            start = 1
    return [r[column] for r in rows[start:] if column < len(r) and r[column]]


def _match_roster(result: ReviewResult, roster: Sequence[str]) -> None:
    units = [u for u in result.units if u.report is not None]
    unit_names: dict[str, str] = {}
    for u in units:
        unit_names.setdefault(norm_name(u.name), u.name)
    entries: list[RosterEntry] = []
    matched: set[str] = set()
    for name in roster:
        key = norm_name(name)
        if key in unit_names:
            entries.append(RosterEntry(name, unit_names[key]))
            matched.add(key)
        else:
            entries.append(RosterEntry(name))
    result.roster = entries
    result.missing = [e.name for e in entries if not e.unit]
    result.extra = [name for key, name in unit_names.items() if key not in matched]
    for missing in result.missing:
        for extra in result.extra:
            if near_miss(norm_name(missing), norm_name(extra)):
                result.maybe_same.append((missing, extra))


# --- the review ----------------------------------------------------------------------------------


def read_folder(
    folder: Path,
    exclude: Sequence[Path] = (),
    progress: Progress | None = None,
    steps: int = 1,
) -> tuple[list[UnitReview], list[str], bool]:
    """Read every report under ``folder``: (units, ignored files, cancelled). ``progress``
    is told of each file as one of ``steps`` steps per file (a review then checks it)."""
    paths, ignored = find_reports(folder, exclude)
    units: list[UnitReview] = []
    for i, p in enumerate(paths):
        rel = _rel(p, folder)
        if progress is not None and not progress(i, steps * len(paths), f"正在读取：{rel}"):
            return units, ignored, True
        units.append(read_unit(p, folder))
    return units, ignored, False


@collector_paused()  # every unit's report and findings stay alive until the review ends
def review_folder(
    folder: str | Path,
    *,
    previous: str | Path | None = None,
    roster: str | Path | None = None,
    exclude: Iterable[str | Path] = (),
    extra_rules: Callable[[Report], list[Finding]] | None = None,
    progress: Progress | None = None,
) -> ReviewResult:
    """Review every report under ``folder``. ``previous``: last year's folder; ``roster``: the
    list of units expected; ``exclude``: folders to leave out (the letters' folder);
    ``extra_rules``: a local rule pack's check. ``progress(done, total, what)`` is called
    before each file is read and before each is checked (two steps a file) and may stop the
    review (the result is then marked ``cancelled``). Raises UserError only when a folder or
    the roster cannot be read at all."""
    folder = Path(folder)
    skip = [Path(p) for p in exclude]
    roster_names = read_roster(Path(roster)) if roster is not None else None
    prev_units: list[UnitReview] = []
    units, ignored, cancelled = read_folder(folder, skip, progress, steps=2)
    if previous is not None and not cancelled:
        prev_units, _, cancelled = read_folder(Path(previous), skip, None)
    result = ReviewResult(folder=folder, units=units, cancelled=cancelled, ignored=ignored)
    if cancelled:
        return result
    _mark_duplicates(units)
    result.year = _mark_years(units)
    paired = _pair_previous(units, prev_units)
    if not check_units(units, paired, extra_rules, progress):
        result.cancelled = True
        return result
    if roster_names is not None:
        _match_roster(result, roster_names)
    if progress is not None:
        progress(2 * len(units), 2 * len(units), "")
    return result


def check_units(
    units: Sequence[UnitReview],
    paired: dict[int, Report],
    extra_rules: Callable[[Report], list[Finding]] | None = None,
    progress: Progress | None = None,
) -> bool:
    """All rules on every readable unit: spec R1–R21 (``desktop.rules.check``, with last
    year's report where paired: R7, R8, R21) and the review rules R24–R29. ``progress``
    counts the second step of each file (after reading); False when it stopped the check."""
    from desktop.rules import check

    n = len(units)
    for i, u in enumerate(units):
        if progress is not None and not progress(n + i, 2 * n, f"正在检查：{u.rel}"):
            return False
        if u.report is None:
            continue
        prev = paired.get(i)
        found = check(u.report, prev)
        found += review_findings(u.report, prev, u.source_lines)
        if extra_rules is not None:
            found += extra_rules(u.report)
        u.findings.extend(found)
    return True
