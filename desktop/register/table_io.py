"""Bring an office's own 台账 spreadsheet into the register, and write the register out.

Offices keep their 台账 in Excel or WPS, each with its own headers (受理日期 or 收到日期,
申请人身份 or 申请人类型 …) and words (公民, 同意公开 …), usually under a merged title row,
with a 序号 column, dates typed as text or stored as Excel dates, and blank lines between
months. ``propose`` reads such a sheet and proposes a mapping — which column is which field,
which written value is which choice — that the user confirms; ``apply_mapping`` turns the rows
into applications and lists every row or value it could not map. Nothing is guessed
silently: an unrecognised header is left unmapped and an unrecognised value makes its row
unmappable until the user maps it (in the window, or in a mapping file for the command line).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.register.model import (
    CASE_PENDING,
    DEFAULT_DECISION_MAP,
    PENDING_LABEL,
    RESULT_LABELS,
    RESULT_SHORT,
    ApplicantKind,
    Application,
    Case,
    CaseKind,
    Channel,
    Register,
)

MAX_ROWS = 100_000
_HEADER_SCAN_ROWS = 20

# --- fields and the headers offices use for them ------------------------------------------------

FIELD_LABELS: dict[str, str] = {
    "id": "编号",
    "received": "收到申请日期",
    "channel": "申请方式",
    "kind": "申请人类型",
    "applicant": "申请人",
    "content": "申请内容",
    "correction_notice": "补正告知日期",
    "correction_received": "收到补正日期",
    "consult_party": "征求意见对象",
    "consult_start": "征求意见开始日期",
    "consult_end": "征求意见结束日期",
    "extension_notice": "延期告知日期",
    "fee_notice": "收费通知日期",
    "fee_yuan": "收费金额（元）",
    "fee_paid": "缴费日期",
    "result": "办理结果",
    "answered": "答复日期",
    "note": "备注",
}
IGNORE = "ignore"  # a column deliberately not read (序号 …)
DATE_FIELDS = frozenset(
    {
        "received",
        "correction_notice",
        "correction_received",
        "consult_start",
        "consult_end",
        "extension_notice",
        "fee_notice",
        "fee_paid",
        "answered",
    }
)
CHOICE_FIELDS = ("channel", "kind", "result")

_HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "申请编号", "受理编号", "登记编号", "登记号", "申请号", "流水号"),
    "received": (
        "收到申请日期",
        "收到日期",
        "受理日期",
        "申请日期",
        "登记日期",
        "收件日期",
        "受理时间",
        "申请时间",
        "收到时间",
        "收到申请时间",
    ),
    "channel": ("申请方式", "申请途径", "申请渠道", "提交方式", "申请形式", "来源"),
    "kind": ("申请人类型", "申请人身份", "申请人类别", "申请主体", "申请人性质", "申请主体类型"),
    "applicant": ("申请人", "申请人姓名", "申请人名称", "姓名", "申请人姓名名称"),
    "content": (
        "申请内容",
        "申请事项",
        "申请公开内容",
        "申请公开的信息",
        "申请信息内容",
        "所需信息",
        "所需政府信息",
        "内容摘要",
    ),
    "correction_notice": ("补正告知日期", "补正通知日期", "告知补正日期", "补正告知时间"),
    "correction_received": ("收到补正日期", "补正日期", "补正材料收到日期", "补正收到日期"),
    "consult_party": ("征求意见对象", "征求意见单位", "第三方"),
    "consult_start": ("征求意见日期", "征求意见开始日期", "征求第三方意见日期"),
    "consult_end": ("征求意见结束日期", "收到意见日期", "意见回复日期"),
    "extension_notice": ("延期告知日期", "延期日期", "延期答复告知日期", "延长答复期限告知日期"),
    "fee_notice": ("收费通知日期", "收费告知日期"),
    "fee_yuan": ("收费金额", "收费金额元", "信息处理费", "信息处理费元", "收费元"),
    "fee_paid": ("缴费日期", "缴纳日期"),
    "result": ("办理结果", "答复结果", "处理结果", "答复类型", "答复方式", "办理情况", "结果"),
    "answered": (
        "答复日期",
        "办结日期",
        "答复时间",
        "办结时间",
        "答复办结日期",
        "出具答复日期",
    ),
    "note": ("备注", "说明", "其他说明"),
    IGNORE: ("序号", "序", "No", "NO"),
}
_HEADER_INDEX: dict[str, str] = {syn: fld for fld, syns in _HEADER_SYNONYMS.items() for syn in syns}

# The 复议/诉讼 case list (table 四): its own fields, headers and words.
APPLICATIONS, CASES = "applications", "cases"
CASE_FIELD_LABELS: dict[str, str] = {
    "id": "编号",
    "kind": "类型",
    "application": "关联申请",
    "received": "收到日期",
    "decision": "结果",
    "decided": "结案日期",
    "note": "备注",
}
CASE_DATE_FIELDS = frozenset({"received", "decided"})
CASE_CHOICE_FIELDS = ("kind", "decision")
_CASE_HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "案号", "案件编号", "案件号", "登记编号"),
    "kind": ("类型", "案件类型", "案件类别", "复议诉讼类型", "救济类型", "类别"),
    "application": ("关联申请", "关联申请编号", "申请编号", "对应申请", "原申请编号"),
    "received": (
        "收到日期",
        "收到时间",
        "收案日期",
        "立案日期",
        "受理日期",
        "收到复议申请日期",
        "收到起诉状日期",
        "应诉通知日期",
        "收到应诉通知日期",
    ),
    "decision": (
        "结果",
        "审理结果",
        "复议结果",
        "诉讼结果",
        "判决结果",
        "决定结果",
        "结案结果",
        "裁判结果",
        "结案方式",
        "处理结果",
    ),
    "decided": (
        "结案日期",
        "审结日期",
        "结案时间",
        "决定日期",
        "判决日期",
        "裁判日期",
        "复议决定日期",
        "作出决定日期",
    ),
    "note": ("备注", "说明"),
    # 计入 is what an exported list shows of the mapping, not a per-case choice: not read back.
    IGNORE: ("序号", "序", "No", "NO", "计入", "计入表四"),
}
_CASE_HEADER_INDEX: dict[str, str] = {
    syn: fld for fld, syns in _CASE_HEADER_SYNONYMS.items() for syn in syns
}
_CASE_KIND_WORDS: dict[str, CaseKind] = {
    **{kind.value: kind for kind in CaseKind},  # the group labels of table 四
    "复议": CaseKind.REVIEW,
    "申请行政复议": CaseKind.REVIEW,
    "直接起诉": CaseKind.SUIT_DIRECT,
    "未经复议起诉": CaseKind.SUIT_DIRECT,
    "直接提起行政诉讼": CaseKind.SUIT_DIRECT,
    "复议后诉讼": CaseKind.SUIT_AFTER_REVIEW,
    "经复议后起诉": CaseKind.SUIT_AFTER_REVIEW,
    "复议后行政诉讼": CaseKind.SUIT_AFTER_REVIEW,
    # 行政诉讼 alone does not say whether a 复议 came first (two columns of table 四): the
    # user says which, in the mapping step.
}
_CASE_PENDING_WORDS = frozenset(
    {CASE_PENDING, "未审结", "未结", "未结案", "审理中", "在审", "正在审理", "办理中", "尚未结案"}
)
# Phrases that name a decision word without containing it.
_DECISION_PHRASES: dict[str, str] = {
    "撤回起诉": "撤诉",
    "撤回复议申请": "撤诉",
    "撤回行政复议申请": "撤诉",
    "准予撤回": "撤诉",
}

# --- the words offices write for the fixed choices ----------------------------------------------

_KIND_WORDS: dict[str, ApplicantKind] = {
    **{kind.value: kind for kind in ApplicantKind},  # the column labels of table 三
    "公民": ApplicantKind.NATURAL,
    "个人": ApplicantKind.NATURAL,
    "群众": ApplicantKind.NATURAL,
    "企业": ApplicantKind.BUSINESS,
    "公司": ApplicantKind.BUSINESS,
    "法人企业": ApplicantKind.BUSINESS,
    "高校": ApplicantKind.RESEARCH,
    "高等院校": ApplicantKind.RESEARCH,
    "研究机构": ApplicantKind.RESEARCH,
    "公益组织": ApplicantKind.NONPROFIT,
    "社会组织": ApplicantKind.NONPROFIT,
    "律师事务所": ApplicantKind.LEGAL,
    "律所": ApplicantKind.LEGAL,
    "其他组织": ApplicantKind.OTHER,
}
_CHANNEL_WORDS: dict[str, Channel] = {
    "当面": Channel.IN_PERSON,
    "当面申请": Channel.IN_PERSON,
    "现场": Channel.IN_PERSON,
    "窗口": Channel.IN_PERSON,
    "现场申请": Channel.IN_PERSON,
    "信函": Channel.LETTER,
    "邮寄": Channel.LETTER,
    "来信": Channel.LETTER,
    "信函申请": Channel.LETTER,
    "挂号信": Channel.LETTER,
    "快递": Channel.LETTER,
    "网络": Channel.ONLINE,
    "网上": Channel.ONLINE,
    "网上申请": Channel.ONLINE,
    "在线申请": Channel.ONLINE,
    "网络申请": Channel.ONLINE,
    "政府网站": Channel.ONLINE,
    "电子邮件": Channel.ONLINE,
    "传真": Channel.FAX,
    Channel.OTHER.value: Channel.OTHER,
}
# Result words: whole values first (the rows' own labels and short forms are tried next); then
# the distinctive part of each result row's label.
_RESULT_WORDS: dict[str, str | None] = {
    "同意公开": "granted",
    "全部公开": "granted",
    "公开": "granted",
    "已公开": "granted",
    "同意部分公开": "partial",
    "尚未办结": None,
    "未办结": None,
    "办理中": None,
    "正在办理": None,
    "在办": None,
}
_RESULT_PARTS: tuple[tuple[str, str], ...] = (
    ("国家秘密", "withheld_1"),
    ("法律行政法规禁止", "withheld_2"),
    ("三安全一稳定", "withheld_3"),
    ("第三方合法权益", "withheld_4"),
    ("内部事务", "withheld_5"),
    ("过程性信息", "withheld_6"),
    ("行政执法案卷", "withheld_7"),
    ("执法案卷", "withheld_7"),
    ("行政查询", "withheld_8"),
    ("不掌握", "unable_1"),
    ("信息不存在", "unable_1"),
    ("另行制作", "unable_2"),
    ("仍不明确", "unable_3"),
    ("信访举报投诉", "rejected_1"),
    ("信访", "rejected_1"),
    ("重复申请", "rejected_2"),
    ("公开出版物", "rejected_3"),
    ("大量反复", "rejected_4"),
    ("重新出具", "rejected_5"),
    ("逾期不补正", "other_1"),
    ("未补正", "other_1"),
    ("未按收费通知", "other_2"),
    ("逾期未缴纳", "other_2"),
    ("未缴纳费用", "other_2"),
)


def _norm(text: str) -> str:
    """NFKC, no whitespace or punctuation that offices vary (brackets, colons, slashes)."""
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s:：/、,，.。()（）\[\]【】\"'“”*＊]+", "", t)


def result_choices() -> dict[str, str | None]:
    """Every result a value can map to, by its Chinese label: the 21 rows and 尚未办结."""
    out: dict[str, str | None] = {label: key for key, label in RESULT_LABELS.items()}
    out[PENDING_LABEL] = None
    return out


def recognise_value(fld: str, raw: str) -> tuple[bool, str | None]:
    """The choice a written value means (``(True, value)``; value is the enum's text or the
    result key, None for 尚未办结), or ``(False, None)`` when it is not recognised."""
    n = _norm(raw)
    if not n:
        return (True, None) if fld != "kind" else (False, None)
    if fld == "kind":
        k = _KIND_WORDS.get(n)
        if k is None and (n.endswith("有限公司") or n.endswith("有限责任公司")):
            k = ApplicantKind.BUSINESS
        return (True, k.value) if k is not None else (False, None)
    if fld == "channel":
        c = _CHANNEL_WORDS.get(n)
        return (True, c.value) if c is not None else (False, None)
    if fld == "result":
        if n in _RESULT_WORDS:
            return True, _RESULT_WORDS[n]
        for key, label in RESULT_LABELS.items():
            if n in (_norm(label), _norm(RESULT_SHORT[key])):
                return True, key
        hits = {key for part, key in _RESULT_PARTS if part in n}
        if len(hits) == 1:
            return True, hits.pop()
        return False, None
    raise ValueError(fld)


def recognise_case_value(
    fld: str, raw: str, words: Iterable[str] = DEFAULT_DECISION_MAP
) -> tuple[bool, str | None]:
    """What a written 类型 or 结果 of the case list means: ``(True, text)`` with the case
    kind's label or the decision word (``words``: the report's mapping's words; 尚未审结 for an
    undecided case), or ``(False, None)``. A longer phrase (驳回诉讼请求) counts as the one
    decision word it contains; two words in one phrase are not guessed between."""
    n = _norm(raw)
    if fld == "kind":
        k = _CASE_KIND_WORDS.get(n)
        return (True, k.value) if k is not None else (False, None)
    if fld != "decision":
        raise ValueError(fld)
    if not n or n in _CASE_PENDING_WORDS:
        return True, CASE_PENDING
    known = {_norm(w): w for w in words}
    if n in known:
        return True, known[n]
    for phrase, word in _DECISION_PHRASES.items():
        if phrase in n:
            return True, word
    hits = {w for nw, w in known.items() if nw and nw in n}
    if len(hits) == 1:
        return True, hits.pop()
    return False, None


# --- reading the sheet ---------------------------------------------------------------------


def read_sheet(path: Path, sheet: str | None = None) -> list[list[Any]]:
    """The rows of the first sheet, or of the sheet named ``sheet`` (a workbook's other list:
    the 复议诉讼案件 sheet of an exported register), as lists of cell values (merged cells:
    value in the first cell).

    Raises UserError with the fix for formats it does not read.
    """
    suffix = path.suffix.lower()
    if suffix == ".et":
        raise UserError(
            f"“{path.name}”是 WPS 表格格式（.et），本软件无法直接读取。请在 WPS 中打开它，"
            "选择“文件 → 另存为”，保存为 Excel 文件（.xlsx）后再导入。"
        )
    try:
        if suffix == ".csv":
            if sheet is not None:
                raise UserError(f"“{path.name}”是 CSV 文件，只有一张表，不能指定工作表。")
            return _read_csv(path.read_bytes())
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, sheet)
        if suffix == ".xls":
            return _read_xls(path, sheet)
    except OSError as exc:
        from desktop.errors import os_error_reason

        raise UserError(f"无法读取“{path}”：{os_error_reason(exc)}。") from None
    raise UserError(f"“{path.name}”不是可导入的台账文件，请选择 .xlsx、.xls 或 .csv 文件。")


def sheet_names(path: Path) -> list[str]:
    """The worksheets of an .xlsx or .xls file, in order ([] for CSV or an unreadable file:
    ``read_sheet`` says what is wrong with it)."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as f:
            head = f.read(4)
        if suffix in (".xlsx", ".xlsm") or (suffix == ".xls" and head == b"PK\x03\x04"):
            import zipfile

            from openpyxl import load_workbook

            try:
                wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
            except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
                return []
            names = list(wb.sheetnames)
            wb.close()
            return names
        if suffix == ".xls":
            import xlrd

            try:
                book = xlrd.open_workbook(str(path), on_demand=True, logfile=io.StringIO())
            except _xlrd_errors():
                return []
            names = list(book.sheet_names())
            book.release_resources()
            return names
    except OSError:
        return []
    return []


def _read_csv(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError("CSV 文件的编码无法识别，请保存为 UTF-8 或 GB18030（GBK）编码后再导入。")
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) > MAX_ROWS:
        raise UserError(f"表格超过 {MAX_ROWS} 行，请拆分后分批导入。")
    return [list(r) for r in rows]


def _no_sheet(path: Path, sheet: str, names: list[str]) -> UserError:
    return UserError(f"“{path.name}”中没有名为“{sheet}”的工作表（有：{'、'.join(names)}）。")


def _read_xlsx(path: Path, sheet: str | None = None) -> list[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        # A file object, not the name: openpyxl refuses any name not ending in .xlsx/.xlsm, and
        # an .xlsx saved under an .xls name is read here too.
        wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
        raise UserError(
            f"“{path.name}”已损坏或不是 Excel 文件，请在 Excel 或 WPS 中打开确认后另存为 .xlsx。"
        ) from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise _no_sheet(path, sheet, list(wb.sheetnames))
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        rows: list[list[Any]] = []
        for row in ws.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS:
                raise UserError(f"表格超过 {MAX_ROWS} 行，请拆分后分批导入。")
        return rows
    finally:
        wb.close()


def _xlrd_errors() -> tuple[type[Exception], ...]:
    """What xlrd raises for a malformed .xls: whichever of these its parser meets first.
    xlrd is imported here, on first use, like at its callers (it is only needed for .xls)."""
    import struct

    import xlrd

    return (
        xlrd.XLRDError,
        xlrd.compdoc.CompDocError,
        struct.error,
        ValueError,
        IndexError,
        KeyError,
        AssertionError,
        UnicodeDecodeError,
    )


def _read_xls(path: Path, sheet: str | None = None) -> list[list[Any]]:
    """An old-format (.xls, BIFF) workbook's first sheet through xlrd. Date cells come back as
    dates (xlrd gives their serial number and the workbook's date system); a file saved as
    .xlsx but named .xls, which happens, is read as .xlsx."""
    with path.open("rb") as f:
        if f.read(4) == b"PK\x03\x04":
            return _read_xlsx(path, sheet)
    import xlrd

    broken = UserError(
        f"“{path.name}”已损坏或不是 Excel 文件，请在 Excel 或 WPS 中打开确认后另存为 .xlsx。"
    )
    try:
        # xlrd writes its warnings to stdout unless given a log file: keep them out of the
        # command's output.
        book = xlrd.open_workbook(str(path), on_demand=True, logfile=io.StringIO())
    except _xlrd_errors():
        raise broken from None
    try:
        if book.nsheets == 0:
            return []
        if sheet is not None and sheet not in book.sheet_names():
            raise _no_sheet(path, sheet, list(book.sheet_names()))
        try:
            ws = book.sheet_by_name(sheet) if sheet is not None else book.sheet_by_index(0)
        except _xlrd_errors():
            raise broken from None
        if ws.nrows > MAX_ROWS:
            raise UserError(f"表格超过 {MAX_ROWS} 行，请拆分后分批导入。")
        rows: list[list[Any]] = []
        for r in range(ws.nrows):
            row: list[Any] = []
            for cell in ws.row(r):
                row.append(_xls_value(cell, book.datemode))
            rows.append(row)
        return rows
    finally:
        book.release_resources()


def _xls_value(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell.value  # an impossible date: left as its number, which maps to no date
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


# --- the mapping ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableKind:
    """One of the two lists a sheet can be: its fields, the headers and words for them."""

    name: str  # APPLICATIONS or CASES
    title: str
    labels: dict[str, str]
    headers: dict[str, str]
    dates: frozenset[str]
    choices: tuple[str, ...]
    required: tuple[str, ...]  # fields the header row must have to be recognised as this list
    expected: tuple[str, ...]  # fields whose absence the summary points out


TABLES: dict[str, TableKind] = {
    APPLICATIONS: TableKind(
        APPLICATIONS,
        "申请台账",
        FIELD_LABELS,
        _HEADER_INDEX,
        DATE_FIELDS,
        CHOICE_FIELDS,
        ("received",),
        ("received", "kind", "result", "answered"),
    ),
    CASES: TableKind(
        CASES,
        "复议诉讼案件表",
        CASE_FIELD_LABELS,
        _CASE_HEADER_INDEX,
        CASE_DATE_FIELDS,
        CASE_CHOICE_FIELDS,
        ("received", "kind"),
        ("kind", "received", "decision", "decided"),
    ),
}


@dataclass(slots=True)
class Mapping:
    """Which column holds which field (by the header text as written) and what each written
    value of the choice fields means. Saved from the window or edited by hand as JSON.
    ``table`` says which list the sheet is (申请台账 or 复议诉讼案件表); None: recognised from
    the header row."""

    columns: dict[str, str] = field(default_factory=dict)  # header → field or IGNORE
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)  # field → raw → value
    table: str | None = None

    def to_json(self) -> str:
        """The mapping file's text."""
        doc: dict[str, Any] = {"format": "nianbao-register-mapping"}
        if self.table is not None:
            doc["table"] = self.table
        doc |= {"columns": self.columns, "values": self.values}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    @staticmethod
    def from_json(text: str, source: str = "") -> Mapping:
        """Parse a mapping file; raises UserError with a Chinese message."""
        where = f"映射文件“{source}”" if source else "映射文件"
        try:
            doc = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            raise UserError(f"{where}已损坏（不是有效的 JSON），无法读取。") from None
        if not isinstance(doc, dict) or doc.get("format") != "nianbao-register-mapping":
            raise UserError(f"{where}不是年报软件保存的台账映射文件。")
        table = doc.get("table")
        if table is not None and table not in TABLES:
            raise UserError(f"{where}中“table”应为 {APPLICATIONS} 或 {CASES}。")
        labels = TABLES[table or APPLICATIONS].labels
        choices = TABLES[table or APPLICATIONS].choices
        columns = doc.get("columns", {})
        values = doc.get("values", {})
        if not isinstance(columns, dict) or not isinstance(values, dict):
            raise UserError(f"{where}的格式不正确。")
        for header, fld in columns.items():
            if fld != IGNORE and fld not in labels:
                allowed = "、".join(labels)
                raise UserError(
                    f"{where}中列“{header}”对应的“{fld}”不是台账的字段（可用：{allowed}）。"
                )
        out = Mapping({str(k): str(v) for k, v in columns.items()}, {}, table)
        for fld, entries in values.items():
            if fld not in choices or not isinstance(entries, dict):
                raise UserError(f"{where}中“{fld}”的取值对应格式不正确。")
            out.values[fld] = {}
            for raw, value in entries.items():
                if table == CASES:
                    out.values[fld][str(raw)] = _check_case_choice(fld, value, where)
                else:
                    out.values[fld][str(raw)] = _check_choice(fld, value, where)
        return out


def _check_choice(fld: str, value: object, where: str) -> str | None:
    if fld == "result":
        if value is None or value == PENDING_LABEL:
            return None
        if value in RESULT_LABELS:
            return str(value)
        by_label = result_choices()
        if value in by_label:
            return by_label[str(value)]
    elif fld == "kind" and value in {k.value for k in ApplicantKind}:
        return str(value)
    elif fld == "channel" and (value is None or value in {c.value for c in Channel}):
        return None if value is None else str(value)
    raise UserError(f"{where}中“{value}”不是“{FIELD_LABELS[fld]}”的有效取值。")


def _check_case_choice(fld: str, value: object, where: str) -> str:
    if fld == "kind" and value in {k.value for k in CaseKind}:
        return str(value)
    if fld == "decision":
        if value is None or value == "":
            return CASE_PENDING
        # Any decision word: one the mapping does not know stays unmapped in table 四 until
        # the user says where it goes (the window's 结果对应).
        if isinstance(value, str) and len(value.strip()) <= 64:
            return value.strip()
    raise UserError(f"{where}中“{value}”不是“{CASE_FIELD_LABELS[fld]}”的有效取值。")


@dataclass(frozen=True, slots=True)
class Unmapped:
    """A row the import could not take; ``line`` is the row number as the spreadsheet shows it."""

    line: int
    reasons: tuple[str, ...]


@dataclass(slots=True)
class Proposal:
    """What an import would do: the list the sheet is (``table``), the header row, the column
    mapping (with unrecognised and ignored headers), the value mapping with the values left
    unrecognised, the rows it can take and the ones it cannot. ``generated_ids``: rows the
    sheet gave no 编号, numbered here (not evidence of a duplicate)."""

    header_line: int
    headers: list[str]
    mapping: Mapping
    unknown_headers: list[str]
    unknown_values: dict[str, list[str]]
    rows: list[tuple[int, Any]]  # (line, Application or Case)
    unmapped: list[Unmapped]
    skipped_blank: int = 0
    table: str = APPLICATIONS
    generated_ids: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        """Everything in the sheet was mapped."""
        return not self.unmapped and not self.unknown_values

    @property
    def kind(self) -> TableKind:
        """The fields and labels of the list this sheet is."""
        return TABLES[self.table]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_fields(row: Sequence[Any], index: dict[str, str]) -> set[str]:
    return {index.get(_norm(_cell_text(c))) or "" for c in row} - {"", IGNORE}


def detect_table(rows: Sequence[Sequence[Any]]) -> str:
    """Which list a sheet is: the 复议/诉讼 case list when a row of its first 20 reads as the
    case list's header (a 类型 and a 收到日期 column) better than as an application header;
    otherwise the 申请台账."""
    best = (0, APPLICATIONS)
    for row in rows[:_HEADER_SCAN_ROWS]:
        for name in (APPLICATIONS, CASES):
            kind = TABLES[name]
            found = _header_fields(row, kind.headers)
            if all(f in found for f in kind.required) and len(found) > best[0]:
                best = (len(found), name)
    return best[1]


def _find_header(rows: Sequence[Sequence[Any]], kind: TableKind) -> int:
    best, best_score = -1, 0
    for i, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        found = _header_fields(row, kind.headers)
        if len(found) > best_score and all(f in found for f in kind.required):
            best, best_score = i, len(found)
    if best < 0:
        if kind.name == CASES:
            raise UserError(
                "没有在表格前 20 行中找到复议诉讼案件表的表头（至少要有“类型”和“收到日期”两列）。"
                "请确认表格内容，或在映射文件中指定各列。"
            )
        raise UserError(
            "没有在表格前 20 行中找到表头（至少要有“收到日期”“受理日期”或“申请日期”一列）。"
            "请确认这是申请台账，或在映射文件中指定各列。"
        )
    return best


def propose(
    rows: Sequence[Sequence[Any]],
    year: int,
    mapping: Mapping | None = None,
    *,
    table: str | None = None,
    decision_words: Iterable[str] = DEFAULT_DECISION_MAP,
) -> Proposal:
    """Read ``rows`` (as ``read_sheet`` gives them) and map them to applications — or, when the
    sheet is the 复议/诉讼 case list (``table``, the mapping's, or recognised), to cases — of a
    report of ``year`` (dates written as ``3月5日`` are in that year). ``mapping`` overrides the
    recognised headers and values; ``decision_words`` are the decisions the report's mapping
    knows."""
    mapping = mapping or Mapping()
    name = table or mapping.table or detect_table(rows)
    kind = TABLES[name]
    if mapping.columns:
        # A saved mapping names its headers: the header row is the one holding most of them.
        wanted = {_norm(h) for h in mapping.columns}
        scores = [
            sum(1 for c in row if _norm(_cell_text(c)) in wanted)
            for row in rows[:_HEADER_SCAN_ROWS]
        ]
        header_i = max(range(len(scores)), key=lambda i: scores[i]) if scores else 0
        if not scores or scores[header_i] == 0:
            header_i = _find_header(rows, kind)
    else:
        header_i = _find_header(rows, kind)
    headers = [_cell_text(c) for c in rows[header_i]]
    given = {_norm(h): f for h, f in mapping.columns.items()}
    columns: dict[str, str] = {}
    col_field: dict[int, str] = {}
    unknown_headers: list[str] = []
    used: set[str] = set()
    for j, h in enumerate(headers):
        if not h:
            continue
        fld = given.get(_norm(h)) or kind.headers.get(_norm(h))
        if fld is None:
            unknown_headers.append(h)
            continue
        columns[h] = fld
        if fld == IGNORE or fld in used:
            if fld in used:
                unknown_headers.append(f"{h}（与前面的列重复，未读取）")
            continue
        used.add(fld)
        col_field[j] = fld
    result_map = Mapping(
        columns, {f: dict(mapping.values.get(f, {})) for f in kind.choices}, mapping.table
    )
    words = tuple(decision_words)
    unknown_values: dict[str, list[str]] = {}
    out_rows: list[tuple[int, Any]] = []
    unmapped: list[Unmapped] = []
    blank = 0
    used_ids: set[str] = set()
    generated: set[str] = set()
    for i in range(header_i + 1, len(rows)):
        line = i + 1
        row = rows[i]
        texts = {fld: row[j] if j < len(row) else None for j, fld in col_field.items()}
        if all(_cell_text(v) == "" for v in texts.values()):
            blank += 1
            continue
        reasons: list[str] = []
        data: dict[str, Any] = {}
        for fld, raw in texts.items():
            text = _cell_text(raw)
            label = kind.labels[fld]
            if fld in kind.dates:
                if text == "":
                    continue
                d = parse_date_cell(raw, year)
                if d is None:
                    reasons.append(f"{label}“{text}”不是日期")
                else:
                    data[fld] = d
            elif fld in kind.choices:
                values = result_map.values[fld]
                if text in values:
                    value = values[text]
                else:
                    if name == CASES:
                        ok, value = recognise_case_value(fld, text, words)
                    else:
                        ok, value = recognise_value(fld, text)
                    if not ok:
                        unknown_values.setdefault(fld, [])
                        if text not in unknown_values[fld]:
                            unknown_values[fld].append(text)
                        reasons.append(f"{label}“{text}”无法对应")
                        continue
                    if text:
                        values[text] = value
                if value is not None:
                    data[fld] = value
            elif fld == "fee_yuan":
                if text:
                    try:
                        data[fld] = Decimal(unicodedata.normalize("NFKC", text).rstrip("元"))
                    except InvalidOperation:
                        reasons.append(f"收费金额“{text}”不是数字")
            else:
                data[fld] = text
        if name == CASES:
            _case_reasons(data, reasons)
        else:
            _application_reasons(data, reasons, used)
        if reasons:
            unmapped.append(Unmapped(line, tuple(reasons)))
            continue
        rid = str(data.pop("id", "") or "")
        if not rid:
            rid = f"导入-{line}"
            generated.add(rid)
        elif rid in used_ids:
            rid = f"{rid}（第{line}行）"
        used_ids.add(rid)
        try:
            obj = Case(id=rid, **data) if name == CASES else Application(id=rid, **data)
        except ValueError as exc:
            unmapped.append(Unmapped(line, (_short_error(exc, kind.labels),)))
            continue
        out_rows.append((line, obj))
    return Proposal(
        header_line=header_i + 1,
        headers=headers,
        mapping=result_map,
        unknown_headers=unknown_headers,
        unknown_values=unknown_values,
        rows=out_rows,
        unmapped=unmapped,
        skipped_blank=blank,
        table=name,
        generated_ids=frozenset(generated),
    )


def _application_reasons(data: dict[str, Any], reasons: list[str], used: set[str]) -> None:
    if "received" not in data and not any("收到申请日期" in r for r in reasons):
        reasons.append("没有收到申请日期")
    if "kind" not in data and not any("申请人类型" in r for r in reasons):
        reasons.append("没有申请人类型")
    if data.get("result") is not None and data.get("answered") is None:
        if not any("答复日期" in r for r in reasons):
            reasons.append("有办理结果但没有答复日期")
    if data.get("answered") is not None and "result" not in data and "result" in used:
        if not any("办理结果" in r for r in reasons):
            reasons.append("有答复日期但没有办理结果")


def _case_reasons(data: dict[str, Any], reasons: list[str]) -> None:
    if "received" not in data and not any("收到日期" in r for r in reasons):
        reasons.append("没有收到日期")
    if "kind" not in data and not any("类型" in r for r in reasons):
        reasons.append("没有类型（行政复议、未经复议直接起诉或复议后起诉）")
    decided = data.get("decision", CASE_PENDING) != CASE_PENDING
    if decided and data.get("decided") is None and not any("结案日期" in r for r in reasons):
        reasons.append(f"结果是“{data['decision']}”，但没有结案日期")
    if not decided and data.get("decided") is not None and not any("结果" in r for r in reasons):
        reasons.append("有结案日期，但结果是“尚未审结”")
    received, closed = data.get("received"), data.get("decided")
    if received is not None and closed is not None and closed < received:
        reasons.append("结案日期早于收到日期")


def _short_error(exc: ValueError, labels: dict[str, str] = FIELD_LABELS) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            loc = labels.get(str(first["loc"][0]), str(first["loc"][0]))
            return f"{loc}：{first.get('msg', '')}"
        except (IndexError, KeyError, TypeError):
            pass
    return str(exc)


_DATE_TEXT = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日?")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date_text(text: str, year: int | None = None) -> date | None:
    """A date typed as ``2025-3-5``, ``2025/03/05``, ``2025.3.5``, ``2025年3月5日``,
    ``20250305``, or ``3月5日`` (of ``year``); a time after the date is ignored."""
    t = unicodedata.normalize("NFKC", text).strip()
    t = re.split(r"[ T]\d{1,2}:\d{2}", t)[0].strip()
    for form in _DATE_TEXT:
        m = form.fullmatch(t)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    m = _MONTH_DAY.fullmatch(t)
    if m and year is not None:
        try:
            return date(year, int(m[1]), int(m[2]))
        except ValueError:
            return None
    return None


def parse_date_cell(value: Any, year: int | None = None) -> date | None:
    """A spreadsheet cell as a date: a real date, an Excel serial number, or date text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Excel serial days (a date cell read without its format, e.g. from CSV)
        if 20000 <= value <= 80000 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return parse_date_text(str(int(value)), year) if float(value).is_integer() else None
    if isinstance(value, str):
        return parse_date_text(value, year)
    return None


# --- adding to a register ---------------------------------------------------------------------


def _dup_key(a: Application) -> tuple[date, str, str] | None:
    if not a.applicant and not a.content:
        return None
    return (a.received, _norm(a.applicant), _norm(a.content))


def _case_key(c: Case) -> tuple[Any, ...]:
    return (c.kind, c.received, _norm(c.application), _norm(c.decision), c.decided)


def add_rows(register: Register, proposal: Proposal) -> tuple[int, list[tuple[int, str]]]:
    """Add the proposal's rows to ``register`` (its applications, or its cases for a case
    list), except those already there — same 编号 as the sheet gave it, or the same content
    (applications: date + applicant + content; cases: 类型, 收到日期, 关联申请, 结果 and
    结案日期) — and return how many were added and the (line, id) not added. A row the sheet
    gave no 编号 is renumbered when its generated one is taken."""
    cases = proposal.table == CASES
    existing: list[Any] = register.cases if cases else register.applications
    ids = {r.id for r in existing}
    key_of: Callable[[Any], Any] = _case_key if cases else _dup_key
    keys = {k for r in existing if (k := key_of(r)) is not None}
    added: list[Any] = []
    dups: list[tuple[int, str]] = []
    for line, row in proposal.rows:
        key = key_of(row)
        generated = row.id in proposal.generated_ids
        if (row.id in ids and not generated) or (key is not None and key in keys):
            dups.append((line, row.id))
            continue
        if row.id in ids:
            n = 2
            while f"{row.id}-{n}" in ids:
                n += 1
            row = row.model_copy(update={"id": f"{row.id}-{n}"})
        ids.add(row.id)
        if key is not None:
            keys.add(key)
        added.append(row)
    if cases:
        register.cases = [*register.cases, *added]
    else:
        register.applications = [*register.applications, *added]
    return len(added), dups


def summary_lines(p: Proposal) -> list[str]:
    """The mapping summary the command line prints (and the window shows), in Chinese."""
    labels = p.kind.labels
    lines = [f"识别为{p.kind.title}。表头在第 {p.header_line} 行。列的对应："]
    for header, fld in p.mapping.columns.items():
        target = "（不读取）" if fld == IGNORE else labels[fld]
        lines.append(f"  {header} → {target}")
    for header in p.unknown_headers:
        lines.append(f"  {header} → （无法识别，未读取）")
    missing = [labels[f] for f in p.kind.expected if f not in p.mapping.columns.values()]
    if missing:
        lines.append("注意：没有找到以下列：" + "、".join(missing))
    for fld in p.kind.choices:
        table = p.mapping.values.get(fld, {})
        if table:
            lines.append(f"“{labels[fld]}”的取值对应：")
            for raw, value in table.items():
                shown = _choice_label(fld, value) if p.table == APPLICATIONS else str(value)
                lines.append(f"  {raw} → {shown}")
        for raw in p.unknown_values.get(fld, []):
            lines.append(f"  {raw} → （无法对应，请在映射文件或窗口中指定）")
    lines.append(f"可导入 {len(p.rows)} 行；跳过空行 {p.skipped_blank} 行。")
    if p.unmapped:
        lines.append(f"无法导入 {len(p.unmapped)} 行（请在原表中更正，或指定对应后重新导入）：")
        for u in p.unmapped:
            lines.append(f"  第 {u.line} 行：" + "；".join(u.reasons))
    return lines


def _choice_label(fld: str, value: str | None) -> str:
    if fld == "result":
        return PENDING_LABEL if value is None else RESULT_LABELS[value]
    if value is None:
        return "（未填）"
    return value


# --- writing the register out -------------------------------------------------------------------

EXPORT_COLUMNS: tuple[str, ...] = tuple(FIELD_LABELS)
CASE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "编号"),
    ("kind", "类型"),
    ("application", "关联申请"),
    ("received", "收到日期"),
    ("decision", "结果"),
    ("category", "计入"),
    ("decided", "结案日期"),
    ("note", "备注"),
)
PERSONAL_DATA_NOTE = "本表含申请人个人信息，仅供本机关内部使用，请勿公开或随年报报送。"


def register_rows(register: Register) -> Iterable[list[Any]]:
    """The register's applications as export rows (header first)."""
    yield [FIELD_LABELS[f] for f in EXPORT_COLUMNS]
    for a in register.applications:
        row: list[Any] = []
        for f in EXPORT_COLUMNS:
            v = getattr(a, f)
            if f == "result":
                v = PENDING_LABEL if v is None else RESULT_LABELS[v]
            elif f in ("channel", "kind"):
                v = "" if v is None else v.value
            row.append("" if v is None else v)
        yield row


def case_rows(register: Register) -> Iterable[list[Any]]:
    """The case list as export rows (header first); 计入 shows where the case is counted."""
    yield [label for _, label in CASE_COLUMNS]
    for c in register.cases:
        category = register.category_of(c)
        pending = c.decision.strip() in ("", CASE_PENDING)
        yield [
            c.id,
            c.kind.value,
            c.application,
            c.received,
            c.decision,
            CASE_PENDING if pending else (category.value if category else "（未指定）"),
            c.decided or "",
            c.note,
        ]


def build_workbook(
    register: Register, set_text: Callable[..., Any], set_value: Callable[..., Any]
) -> Any:
    """An openpyxl workbook of the register: 申请台账 and 复议诉讼案件 sheets, each opening with
    the personal-data note. Text goes through ``set_text`` (formula-safe), other values
    through ``set_value``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    sheets = (("申请台账", register_rows(register)), ("复议诉讼案件", case_rows(register)))
    for n, (title, rows) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = title
        set_text(ws, 1, 1, PERSONAL_DATA_NOTE)
        ws.cell(1, 1).font = Font(bold=True, color="C00000")
        for r, row in enumerate(rows, start=2):
            for c, v in enumerate(row, start=1):
                if isinstance(v, str):
                    set_text(ws, r, c, v)
                else:
                    set_value(ws, r, c, v)
                    if isinstance(v, date):
                        ws.cell(r, c).number_format = "yyyy-mm-dd"
            if r == 2:
                for c in range(1, len(row) + 1):
                    ws.cell(r, c).font = Font(bold=True)
        ws.freeze_panes = "A3"
    return wb


def save_register_xlsx(register: Register, path: Path, *, force: bool = False) -> None:
    """Write the register to ``path`` atomically (``desktop.spreadsheet``: text that a
    spreadsheet would run as a formula stays text). Raises UserError with a Chinese message."""
    from desktop.spreadsheet import save_workbook, set_text, set_value

    save_workbook(build_workbook(register, set_text, set_value), path, force=force, what="台账")
