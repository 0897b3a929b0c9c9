"""The ``.nianbao`` project file: UTF-8 JSON with a format name and a schema version.

Saving is atomic (a temp file in the same folder, flushed and fsynced, then ``os.replace``) and
keeps the previous version as ``NAME.nianbao.bak`` (a copy, so a complete file always exists).
Loading never writes and turns every problem into a Chinese message naming the file. Recovery
copies for the GUI's autosave live in a folder the caller passes in, never beside the user's file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from desktop import __version__, safe_write, text_gate
from desktop.errors import UserError, os_error_reason
from desktop.file_guard import check_unlocked
from desktop.numbers import format_number
from desktop.report import Report
from desktop.template import CELL_IDS

FORMAT_NAME = "nianbao-report"
RECOVERY_FORMAT = "nianbao-recovery"
SCHEMA_VERSION = 2
EXTENSION = ".nianbao"
# A real report is a few tens of kB; anything far larger is not a project file.
MAX_FILE_BYTES = 20 * 1024 * 1024


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds the register (申请台账 and 复议/诉讼 cases): a version 1 report has none,
    and its tables were typed (手工填写). The embedded last-year report migrates the same way."""
    out = dict(doc)
    out["ledger"] = {
        "applications": [],
        "cases": [],
        "t3_generated": False,
        "t4_generated": False,
    }
    prev = out.get("previous")
    if isinstance(prev, dict):
        out["previous"] = _v1_to_v2(prev)
    return out


# Older schema versions → a function lifting a document one version up. An older build refuses
# a newer file (请升级) rather than reading it and dropping what it does not know (the register).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


class ProjectFileError(UserError):
    """A project file could not be read or written; the message says why in Chinese."""


# --- serialising ----------------------------------------------------------------------------------

# Decimal amounts are written as JSON numbers without going through float: they are first put
# in the tree as marked strings, then the marks are stripped from the encoded text. The mark uses
# control characters, which JSON always escapes, so no user text can look like it.
_DEC_MARK = "\x01nbdec:"
_DEC_RE = re.compile(r'"\\u0001nbdec:(-?[0-9.]+(?:[eE][+-]?[0-9]+)?)"')
_ORDER = {cid: i for i, cid in enumerate(CELL_IDS)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, FileNumber):
        # A number literal of a field this build does not know (kept from a newer build's
        # file): written back exactly as it was read, still a JSON number.
        return _DEC_MARK + str.__str__(value)
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) > 40:
        # Only an unknown field kept from a newer version can hold such a number (amounts are
        # range-checked): keep it in exponent form instead of writing out all its digits.
        return _DEC_MARK + str(value).replace("e", "E")
    if isinstance(value, Decimal):
        # As written: 12.50 stays 12.50 (spec §10); values are bounded by the number check.
        return _DEC_MARK + format_number(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _report_tree(report: Report) -> dict[str, Any]:
    tree: dict[str, Any] = report.model_dump(mode="python", exclude={"previous"})
    tree["printed_totals"] = dict(
        sorted(tree["printed_totals"].items(), key=lambda kv: _ORDER.get(kv[0], 0))
    )
    tree["prose"]["table_intros"] = dict(sorted(tree["prose"]["table_intros"].items()))
    tree["previous"] = _report_tree(report.previous) if report.previous is not None else None
    return tree


def _encode(obj: Any, indent: int | None = 2) -> str:
    return _DEC_RE.sub(r"\1", json.dumps(_jsonable(obj), ensure_ascii=False, indent=indent))


def report_to_json(report: Report) -> str:
    """The file text of a report: indented UTF-8 JSON with a stable key order."""
    doc = {"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION, "app_version": __version__}
    doc.update(_report_tree(report))
    return _encode(doc) + "\n"


# --- parsing ----------------------------------------------------------------------------------

_FIELD_NAMES = {
    "meta": "基本信息",
    "org_name": "机关全称",
    "year": "报告年度",
    "org_kind": "机关类型",
    "level": "层级",
    "published": "发布日期",
    "written": "成文日期",
    "contact": "联系方式",
    "prose": "正文",
    "cells": "表格数据",
    "printed_totals": "印刷合计",
    "info_fee_yuan": "信息处理费",
    "previous": "上年度报告",
}


def _describe_validation(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors()[:5]:
        loc = " / ".join(_FIELD_NAMES.get(str(p), str(p)) for p in err["loc"])
        if err["type"] == "value_error":
            msg = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
            lines.append(msg)
        elif err["type"] == "missing":
            lines.append(f"缺少“{loc}”")
        elif err["type"] == "enum":
            expected = str(err.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
            lines.append(f"“{loc}”的值“{err['input']}”无效，应为 {expected} 之一")
        else:
            lines.append(f"“{loc}”的值“{err.get('input')}”不正确")
    more = len(exc.errors()) - 5
    if more > 0:
        lines.append(f"另有 {more} 处问题")
    return "；".join(lines)


class FileNumber(str):
    """A number literal of a report file, as written, until the number check reads it."""


def _file_int(text: str) -> int | FileNumber:
    # Short literals are the file's versions, years and counts; a long one is left as text
    # for the number check to refuse with its message (int() would raise past 4300 digits).
    return int(text) if len(text) <= 18 else FileNumber(text)


# One decoder for every file: json.loads with parse_float builds a decoder and its scanner
# on every call (as much as reading the numbers of a file).
_FILE_DECODER = json.JSONDecoder(parse_float=FileNumber)


def parse_file_json(text: str) -> Any:
    """The JSON of a report file, decimals kept as written (``FileNumber``).

    Integers are made by the C decoder (a Python hook per literal cost 20% of a merge); only a
    file holding an integer literal past Python's int-string limit (4300 digits), which the
    decoder refuses with a ValueError, is read again with long literals kept as text, so the
    number check refuses them with its own message. Raises ``json.JSONDecodeError``.
    """
    try:
        if text.startswith("\ufeff"):  # refused by json.loads with its own message: kept
            return json.loads(text, parse_float=FileNumber)
        return _FILE_DECODER.decode(text)
    except json.JSONDecodeError:
        raise
    except ValueError:
        return json.loads(text, parse_float=FileNumber, parse_int=_file_int)


def report_from_json(text: str, source: str = "", *, from_utf8: bool = False) -> Report:
    """Parse file text into a report, migrating older schema versions.

    ``from_utf8``: ``text`` was decoded from UTF-8 bytes (strictly), so it holds no lone
    surrogate and a clean text need not be searched value by value. Raises ProjectFileError
    with a Chinese message naming ``source`` and the problem.
    """
    return _report_from_text(text, source, from_utf8 and text_gate.json_text_is_clean(text))


def _report_from_text(text: str, source: str, clean: bool) -> Report:
    """``report_from_json``; ``clean``: ``text`` is known to hold no forbidden character
    (decoded from UTF-8 strictly, and ``text_gate.json_text_is_clean`` said so)."""
    where = f"文件“{source}”" if source else "文件"
    try:
        # Numbers stay text until the number check reads them (spec §10): no int() of a
        # 5 000-digit literal, no Decimal arithmetic on 1e100000000.
        doc = parse_file_json(text)
    except json.JSONDecodeError as exc:
        raise ProjectFileError(
            f"{where}已损坏，无法读取（第 {exc.lineno} 行第 {exc.colno} 列格式错误）。"
            + _backup_hint(source)
        ) from None
    except RecursionError:
        raise ProjectFileError(f"{where}结构嵌套过深，不是年报文件。") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ProjectFileError(f"{where}不是年报（.nianbao）文件，请选择用本软件保存的年报文件。")
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ProjectFileError(f"{where}缺少有效的版本号（schema_version），文件可能已损坏。")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"{where}由更新版本的年报软件保存（文件格式版本 {version}，本软件支持到 "
            f"{SCHEMA_VERSION}），请升级软件后再打开。"
        )
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise ProjectFileError(f"{where}的格式版本 {version} 过旧，本软件无法转换。")
        doc = migrate(doc)
        version += 1
    for key in ("format", "schema_version", "app_version"):
        doc.pop(key, None)
    # What XML and UTF-8 cannot carry is removed (and counted for the note) rather than
    # refused: the rest of the report is the user's work and must open.
    if clean:
        removed: dict[str, int] = {}
    else:
        removed = text_gate.clean_tree(doc, text_gate.field_name, (FileNumber,))
    try:
        # Every string is clean now: the fields need not scan their text a second time.
        report = Report.model_validate(doc, context=text_gate.CLEANED)
    except ValidationError as exc:
        raise ProjectFileError(f"{where}中的数据有误：{_describe_validation(exc)}。") from None
    except RecursionError:
        raise ProjectFileError(f"{where}结构嵌套过深，不是年报文件。") from None
    if removed:  # (a new report's is empty already; setting it goes through pydantic)
        report.removed_text = removed
    return report


def _backup_hint(source: str | Path) -> str:
    """Point to the previous version kept beside a damaged file, when there is one."""
    if not source:
        return ""
    backup = backup_path(Path(source))
    try:
        exists = backup.is_file()
    except OSError:
        exists = False
    if not exists:
        return ""
    return f"同一文件夹中有上次保存前的备份“{backup.name}”，可打开它找回上一版本。"


def _read_error(path: Path, exc: OSError) -> ProjectFileError:
    if isinstance(exc, FileNotFoundError):
        return ProjectFileError(f"找不到文件“{path}”，它可能已被移动、改名或删除。")
    if isinstance(exc, IsADirectoryError):
        return ProjectFileError(f"“{path}”是一个文件夹，请选择年报文件（.nianbao）。")
    if isinstance(exc, PermissionError):
        return ProjectFileError(f"没有权限读取文件“{path}”，请检查文件权限或联系管理员。")
    return ProjectFileError(f"无法读取文件“{path}”：{os_error_reason(exc)}。")


# Windows opens a descriptor in text mode (CRLF translated) unless told otherwise.
_O_BINARY: int = getattr(os, "O_BINARY", 0)
_GROW_CHUNK = 1024 * 1024


def read_bounded(path: str | Path) -> bytes:
    """The file's bytes, at most MAX_FILE_BYTES + 1 of them (raises OSError); more than
    MAX_FILE_BYTES means too large. ``load_report`` and the review's reading of a unit use it.

    Read through a descriptor: a Python file object (FileIO + BufferedReader) cost more than
    reading a report. First the size the file says it has plus one byte (to see it grew, and
    the end); only a file that says nothing (0) or too much, or that grew, is read on in
    chunks up to the bound (asking for 20 MB at once allocates 20 MB first).
    """
    fd = os.open(path, os.O_RDONLY | _O_BINARY)
    try:
        size = os.fstat(fd).st_size
        want = size + 1 if 0 < size <= MAX_FILE_BYTES else 0
        chunks: list[bytes] = []
        got = 0
        while got <= MAX_FILE_BYTES:
            n = want - got if got < want else _GROW_CHUNK
            chunk = os.read(fd, min(n, MAX_FILE_BYTES + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def report_text(raw: bytes) -> str:
    """A report file's bytes as text, one leading BOM dropped, as "utf-8-sig" decodes them
    but without that codec's Python-level wrapper (a twentieth of loading a file). Strict:
    raises UnicodeDecodeError, so the text holds no lone surrogate."""
    text = raw.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def load_report(path: str | Path) -> Report:
    """Read a ``.nianbao`` file. Never writes; raises ProjectFileError on any problem."""
    try:
        raw = read_bounded(path)
    except OSError as exc:
        raise _read_error(Path(path), exc) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ProjectFileError(f"文件“{path}”过大，不是年报文件。")
    if not raw or raw.isspace():  # (strip() would copy the whole file to say so)
        raise ProjectFileError(f"文件“{path}”是空的（可能保存时被中断）。" + _backup_hint(path))
    try:
        text = report_text(raw)
    except UnicodeDecodeError:
        raise ProjectFileError(
            f"文件“{path}”已损坏或不是年报文件（内容不是 UTF-8 文本）。" + _backup_hint(path)
        ) from None
    report = _report_from_text(text, str(path), text_gate.json_text_is_clean(text))
    if report.removed_text and _load_notice is not None:
        _load_notice(text_gate.removal_note(report.removed_text, str(path)))
    return report


# The command line prints notes about a file it opened (text removed on opening) through this;
# the window reads ``Report.removed_text`` itself.
_load_notice: Callable[[str], None] | None = None


def set_load_notice(notice: Callable[[str], None] | None) -> None:
    """Where ``load_report`` reports what it had to change to open a file (None: nowhere)."""
    global _load_notice
    _load_notice = notice


# --- atomic writing -----------------------------------------------------------------------------


def write_error(path: Path, exc: OSError, verb: str = "保存") -> ProjectFileError:
    """A Chinese message for a failed write of ``path`` (``verb``: 保存, 导出 …) saying why and
    what to do; the file that was there is untouched, because every write here is atomic."""
    return ProjectFileError(safe_write.write_error(path, exc, verb).message)


def atomic_write_bytes(
    path: Path, data: bytes, *, force: bool = False, ignore_lock: bool = False
) -> None:
    """Write ``data`` to ``path`` so that the file is always either the old or the new content,
    keeping the old file's permissions (see ``desktop.safe_write``).

    Raises OSError (the temp file is removed) or ReadOnlyTargetError unless ``force``.
    """
    safe_write.atomic_write_bytes(path, data, force=force, ignore_lock=ignore_lock)


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept."""
    return path.with_name(path.name + ".bak")


def save_report(
    report: Report, path: str | Path, *, force: bool = False, ignore_lock: bool = False
) -> bytes:
    """Save atomically, keeping the previous version as ``NAME.bak``; return the bytes written
    (the window takes the file's identity from them).

    Unless ``force``, a file marked read-only is refused (ReadOnlyTargetError) and so is one
    another process has open in a window (LockedTargetError; ``ignore_lock`` for the window,
    which asks instead). On failure the existing file is untouched and ProjectFileError says why.
    """
    path = Path(path)
    # A character UTF-8 cannot encode can only come from a bug past the text gate; written as a
    # JSON escape it still saves (and is removed, with a note, when the file is opened).
    data = report_to_json(report).encode("utf-8", "backslashreplace")
    try:
        if not force and safe_write.is_read_only(path):
            raise safe_write.ReadOnlyTargetError(path)
        if not force and not ignore_lock:
            check_unlocked(path)
        if path.is_file():
            # Copy (never rename) so a complete file exists at every moment.
            safe_write.copy_atomic(path, backup_path(path))
        atomic_write_bytes(path, data, force=force, ignore_lock=True)
    except OSError as exc:
        raise write_error(path, exc) from None
    return data


# --- recovery copies ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecoveryCopy:
    """A recovery copy written by autosave."""

    path: Path
    original: Path | None
    saved_at: datetime
    newer_than_original: bool
    title: str


def _recovery_key(original: Path | None, key: str | None) -> str:
    if key:
        return re.sub(r"[^A-Za-z0-9_-]", "_", key)[:64]
    if original is None:
        return "untitled"
    # Imported here: hashlib loads OpenSSL (3.3 MiB), which a window needs only once it
    # autosaves. SHA-256 keeps the names of copies written by earlier versions.
    import hashlib

    return hashlib.sha256(str(original.resolve()).encode("utf-8")).hexdigest()[:16]


def write_recovery(
    report: Report,
    folder: Path,
    original: Path | None,
    key: str | None = None,
    session: str | None = None,
) -> Path:
    """Write a recovery copy of ``report`` into ``folder`` (created if needed) and return its path.

    One copy per original file (or per ``key`` for an unsaved report) and per ``session`` (a
    window), so two windows on one file keep separate copies; the user's own file is never
    touched. Raises ProjectFileError when the folder cannot be written.
    """
    folder = Path(folder)
    name = _recovery_key(original, key)
    if session:
        name += "-" + _recovery_key(None, session)
    target = folder / f"recovery-{name}.json"
    doc = {
        "format": RECOVERY_FORMAT,
        "original": str(original) if original is not None else None,
        "saved_at": datetime.now().isoformat(timespec="seconds"),
        "report": "__REPORT__",
    }
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    text = text.replace('"__REPORT__"', report_to_json(report).strip().replace("\n", "\n  "))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, text.encode("utf-8", "backslashreplace"))
    except OSError as exc:
        raise write_error(target, exc) from None
    return target


def read_recovery(path: Path) -> Report:
    """The report held by a recovery copy (raises ProjectFileError)."""
    try:
        doc = parse_file_json(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise _read_error(Path(path), exc) from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise ProjectFileError(f"恢复副本“{path}”已损坏，无法恢复。") from None
    if not isinstance(doc, dict) or doc.get("format") != RECOVERY_FORMAT:
        raise ProjectFileError(f"“{path}”不是年报的恢复副本。")
    report_doc = doc.get("report")
    return report_from_json(_encode(report_doc, None), str(path))


def list_recovery(folder: Path) -> list[RecoveryCopy]:
    """Recovery copies in ``folder``, newest first; unreadable ones are skipped."""
    out: list[RecoveryCopy] = []
    folder = Path(folder)
    try:
        candidates = sorted(folder.glob("recovery-*.json"))
    except OSError:
        return out
    for p in candidates:
        try:
            doc = json.loads(p.read_text(encoding="utf-8"), parse_float=Decimal)
            if not isinstance(doc, dict) or doc.get("format") != RECOVERY_FORMAT:
                continue
            saved_at = datetime.fromisoformat(str(doc["saved_at"]))
            original = Path(doc["original"]) if doc.get("original") else None
            report = doc.get("report") or {}
            meta = report.get("meta") or {}
            title = f"{meta.get('org_name', '')}{meta.get('year', '')}年报告"
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            continue
        newer = True
        if original is not None:
            try:
                newer = saved_at.timestamp() > original.stat().st_mtime
            except OSError:
                newer = True  # the original is gone: the copy is all there is
        out.append(RecoveryCopy(p, original, saved_at, newer, title))
    out.sort(key=lambda r: r.saved_at, reverse=True)
    return out


def discard_recovery(path: Path) -> None:
    """Delete a recovery copy (missing is fine)."""
    with contextlib.suppress(FileNotFoundError):
        Path(path).unlink()
