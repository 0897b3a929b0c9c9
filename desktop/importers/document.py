"""From the lines of a source document to a ``Report``: title, sections, prose, fee, tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop.findings import Finding, Severity
from desktop.importers.cancel import checkpoint
from desktop.importers.glued import is_glued_table, split_glued_table, split_headings
from desktop.importers.meta import clean_org, infer_kind_level, page_dates, signature, undouble
from desktop.importers.normalize import PINYIN_RE, TRAD_TO_SIMP, norm, similarity, to_simplified
from desktop.importers.solve import UNK
from desktop.importers.sources import Line, SourceDoc
from desktop.importers.tables import TableRead, read_table2, read_table3, read_table4
from desktop.place import Place
from desktop.report import (
    CellValue,
    Level,
    Meta,
    OrgKind,
    Prose,
    Report,
    Section,
    SubPart,
    coerce_cell_value,
)
from desktop.standard_text import info_fee_sentence
from desktop.template import CELL_BY_ID, INPUT_IDS, SECTION_TITLES, t2_id
from desktop.template_aliases import TABLE_HEADER_WORDS

_TITLE_RE = re.compile(r"^(.*?)(\d{4})年度?政府信息公开(?:工作)?(?:年度)?报告$")
# “2019年上海市人民政府办公厅政府信息公开工作年度报告”: the year first.
_TITLE_YEAR_FIRST_RE = re.compile(r"^(?P<y>\d{4})年度?(.+?)政府信息公开(?:工作)?(?:年度)?报告$")
_PAGE_NO_RE = re.compile(
    r"^\s*(?:[-—–－_]+\s*\d{1,4}\s*[-—–－_]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
_JUNK_RE = re.compile(
    r"(发布(时间|日期)|来源[:：]|字号|浏览(次数|量)?[:：]|点击(数|率|量)?[:：]|【\s*(打印|关闭|大|中|小)"
    r"|分享到|扫一扫|索引号|信息分类|发文机关|成文日期|主题分类|首页\s*[>›»])"
)
_FOOTER_RE = re.compile(
    r"(版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备|技术支持|网站地图|返回顶部|关闭窗口"
    r"|打印本页|上一篇|下一篇|相关链接|Copyright|联系我们|【\s*关闭\s*】|【\s*打印\s*】)",
    re.I,
)
_SUB_RE = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]")
_HEADING_ANY = re.compile(
    r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,2}、)"
)
# Table 二's 行政事业性收费: a sentence naming it is not about the 信息处理费.
_ADMIN_FEES = CELL_BY_ID[t2_id("fees")].row_label
_TERMINAL = "。！？!?；;：:…"
_CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》【】—…·"
_SPACE_FIX = re.compile(rf"(?<=[{_CJK}])[ \t\xa0]+|[ \t\xa0]+(?=[{_CJK}])")
_CJK_CH = re.compile(rf"[{_CJK}]")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# Paragraphs a Nianbao draft prints where the user has not written anything yet.
_DRAFT_MARKERS = frozenset(
    {"（未填）", "（本部分未填）", "信息处理费收取情况未填", "信息处理费收取金额未填"}
)


@dataclass(slots=True)
class ParsedDoc:
    """What the document gave, before it becomes a Report."""

    report: Report
    recovered: list[str] = field(default_factory=list)
    blanks: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    source_findings: list[Finding] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def clean_prose(text: str) -> str:
    """One paragraph cleaned of extraction leftovers: ``**`` marks, stray spaces around Chinese
    characters and inside dates and numbers (“2022 年 1 月” → “2022年1月”)."""
    text = PINYIN_RE.sub("", text)
    text = text.replace("**", "").replace("\u3000", " ").replace("\xa0", " ")
    text = _SPACE_FIX.sub("", text)
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    # Half-width punctuation among Chinese text (web pages, PDF text) becomes full-width, as
    # the format prints it; digits keep theirs (1,000 and 1.5 stay).
    for half, full in _FULL_WIDTH.items():
        text = re.sub(rf"(?<=[{_CJK}]){re.escape(half)}|{re.escape(half)}(?=[{_CJK}])", full, text)
    text = re.sub(rf"\(([^()]*[{_CJK}][^()]*)\)", r"（\1）", text)
    return re.sub(rf"<([^<>]*[{_CJK}][^<>]*)>", r"〈\1〉", text)


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NO_RE.match(text))


def _heading_score(text: str, k: int) -> float:
    """How well a line is the heading of section k (1..6)."""
    if len(text) > 80:
        return 0.0
    n = norm(text)
    title = norm(SECTION_TITLES[k - 1])
    if not n or len(n) > len(title) + 12:
        return 0.0
    if n[:2] != title[:2]:
        return 0.0
    return similarity(n[2:], title[2:]) if n != title else 1.0


def _find_headings(texts: list[str]) -> dict[int, int]:
    found: dict[int, int] = {}
    start = 0
    for k in range(1, 7):
        for i in range(start, len(texts)):
            if _heading_score(texts[i], k) >= 0.6:
                found[k] = i
                start = i + 1
                break
    return found


def _find_title(texts: list[str], stop: int) -> tuple[int, str, int] | None:
    """(line index, org name, year) of the title before line ``stop``; the last one wins
    (site navigation before a report may repeat it)."""
    best: tuple[int, str, int] | None = None
    for i in range(min(stop, len(texts))):
        if len(texts[i]) > 300:
            continue
        raw = undouble(re.sub(r"\s+", "", texts[i]).strip("《》“”\"'"))
        n = to_simplified(raw)
        m = _TITLE_RE.match(n) or _TITLE_YEAR_FIRST_RE.match(n)
        if not m:
            continue
        # The name as printed (the character table is char-for-char, so spans agree): a name
        # half converted to simplified would be neither the unit's name nor readable.
        g = 2 if "y" in m.groupdict() else 1
        org = clean_org(raw[m.start(g) : m.end(g)])
        if not org and i > 0:
            # Title broken over two lines: 机关全称 on the line above.
            prev = re.sub(r"\s+", "", texts[i - 1])
            if prev and len(prev) <= 40 and not re.search(r"[。，,；：:]", prev):
                org = prev
        try:
            year = int(m.group("y") if "y" in m.groupdict() else m.group(2))
        except ValueError:
            continue
        if 2000 <= year <= 2100 and (org or best is None or not best[1]):
            best = (i, org.strip("《》“”\"'"), year)
    return best


def _paragraphs(lines: list[Line], kind: str, layout: bool) -> list[str]:
    """Paragraphs of a prose region. Text files get their broken lines joined; Word and web
    paragraphs are kept as they are."""
    out: list[str] = []
    cur = ""
    for ln in lines:
        checkpoint()
        raw = ln.text.replace("**", "")
        if not raw.strip() or _is_page_number(raw):
            continue
        if kind != "txt":
            if cur:
                out.append(cur)
            cur = raw.strip()
            continue
        stripped = raw.strip()
        indented = bool(re.match(r"^[ \u3000\t]{2,}", raw))
        starts_heading = bool(_HEADING_ANY.match(stripped))
        if not cur:
            cur = stripped
            continue
        prev_done = cur.rstrip().endswith(tuple(_TERMINAL))
        cur_is_heading = (
            bool(_HEADING_ANY.match(cur)) and len(cur) <= 30 and "。" not in cur and not prev_done
        )
        if layout:
            new = indented or (starts_heading and prev_done) or cur_is_heading
        else:
            new = (
                prev_done or cur_is_heading or (starts_heading and len(stripped) < 60 and prev_done)
            )
        if new:
            out.append(cur)
            cur = stripped
        else:
            cur += stripped
    if cur:
        out.append(cur)
    return [p for p in (clean_prose(p) for p in out) if p and p not in _DRAFT_MARKERS]


def _section(paras: list[str]) -> Section:
    """Split a prose section into a lead and sub-parts headed （一）（二）…"""
    lead: list[str] = []
    # Paragraphs are collected and joined once per part: appending to a model field re-validated
    # the whole growing text each time (quadratic in a long section).
    parts: list[tuple[str, list[str]]] = []
    for p in paras:
        if _SUB_RE.match(p):
            heading, text = _split_heading(p)
            parts.append((heading, [text] if text else []))
        elif parts:
            texts = parts[-1][1]
            if any(texts):
                texts.append(p)
            else:
                texts[:] = [p]  # as before: an empty text is replaced, not joined
        else:
            lead.append(p)
    return Section(
        lead="\n".join(lead),
        parts=[SubPart(heading=h, text="\n".join(texts)) for h, texts in parts],
    )


def _split_heading(p: str) -> tuple[str, str]:
    """A sub-part paragraph → (heading, text). A heading alone on its line is all heading; a
    run-in heading ends at its first full stop (“（一）主动公开情况。全年……”)."""
    m = re.search(r"。", p)
    if m is None:
        return (p, "") if len(p) <= 60 else ("", p)
    end = m.end()
    if end <= 60 and end < len(p):
        return p[:end], p[end:]
    if end == len(p) and len(p) <= 60:
        return p, ""
    return "", p


_FEE_NONE = re.compile(
    r"(未|没有|不|无)(收取|收缴|收|产生|发生|涉及)|无信息处理费|零元|(未|没有|无)[^。，,]{0,4}收费"
)


def _info_fee(text: str, notes: list[str] | None = None) -> Decimal | None:
    """信息处理费 in 元 from section 六's words: an amount collected (万元 converted, and said in
    ``notes``), or 0 when the words say none was (未收取 / 未发生收费情况 / 无收取…)."""
    sentences = [x for x in re.split(r"[。；;\n]", text) if x.strip()]
    for sentence in sentences:
        if "信息处理费" not in sentence:
            continue
        s = re.sub(r"(?<=\d)[,，](?=\d{3})", "", sentence.replace(" ", ""))
        amount = re.search(r"信息处理费[^。\d]{0,12}?(\d+(?:\.\d+)?)(万)?元", s) or re.search(
            r"(?:收取|收缴|收费)[^。]{0,30}?(\d+(?:\.\d+)?)(万)?元[^。]{0,10}信息处理费", s
        )
        negative = _FEE_NONE.search(s)
        if amount:
            value = Decimal(amount.group(1))
            if amount.group(2):
                printed = amount.group(1)
                value *= 10000
                if notes is not None:
                    notes.append(
                        f"信息处理费原文为“{printed}万元”，已换算为 {_plain(value)} 元，请核对"
                    )
            if value == value.to_integral_value():
                value = Decimal(int(value))
            if value == 0 or not negative:
                return value
        if negative:
            return Decimal(0)
    # “本年度未发生收费情况” without naming the fee: in 六 that is the 信息处理费 (the table's
    # 行政事业性收费 is another thing and is not read here).
    for sentence in sentences:
        if "收费" in sentence and _ADMIN_FEES not in sentence and _FEE_NONE.search(sentence):
            if not re.search(r"\d+(?:\.\d+)?\s*(万)?元", sentence):
                if notes is not None:
                    notes.append(f"第六部分写明“{sentence.strip()[:40]}”，信息处理费按 0 元导入")
                return Decimal(0)
    return None


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _table_lines(lines: list[Line], blank: bool = False) -> list[tuple[str, bool, list[str]]]:
    """A table region's lines (``blank``: keep blank lines, which separate number blocks)."""
    out = []
    for ln in lines:
        text = ln.text
        if blank and ln.after_blank:
            out.append(("", False, [""]))
        if not ln.is_row and (_is_page_number(text) or not text.strip()):
            continue
        if not ln.is_row and is_glued_table(text):
            # A whole table as one paragraph, cells run together: one line per row label.
            out += [(piece, False, [piece]) for piece in split_glued_table(text)]
            continue
        out.append((text.replace("**", ""), ln.is_row, ln.cells))
    return out


def _split_run_in_headings(lines: list[Line]) -> list[Line]:
    """Paragraphs cut where a section heading is run into them (web text without breaks)."""
    out: list[Line] = []
    gap = False
    for ln in lines:
        if ln.is_row:
            out.append(ln)
            gap = False
            continue
        if not ln.text.strip():
            gap = True
            continue
        for part in split_headings(ln.text):
            # Sub-parts run in after a sentence (“…。（二）依申请公开…”) start a paragraph.
            pieces = _RUN_IN_SUB.split(part) if len(part) > 200 else [part]
            for p in pieces:
                if p.strip():
                    out.append(Line([p], after_blank=gap))
                    gap = False
    return out


_RUN_IN_SUB = re.compile(r"(?<=[。！？])\s*(?=[（(][一二三四五六七八九十]{1,2}[）)])")


def _intro(lines: list[Line], kind: str) -> str:
    """A sentence before a table (optional in the format)."""
    paras: list[str] = []
    if kind == "docx" and any(ln.is_row for ln in lines):
        # Word paragraphs are paragraphs: everything before the table is its introduction.
        for ln in lines:
            if ln.is_row:
                break
            text = clean_prose(ln.text)
            if text and not _is_page_number(text):
                paras.append(text)
        return "\n".join(paras)
    for ln in lines:
        if ln.is_row:
            break
        t = ln.text.strip()
        if not t or _is_page_number(t):
            continue
        head = norm(t[:200])
        if (len(t) <= 60 or not t.endswith("。")) and any(w in head for w in TABLE_HEADER_WORDS):
            break
        if "\t" in t or "|" in t or len(t) < 16 or not re.search(r"[。，,；]", t):
            if paras:
                break
            continue
        if re.search(r"[。，,；]", t) and _CJK_CH.search(t):
            paras.append(clean_prose(t))
    return "\n".join(paras)


def parse_document(doc: SourceDoc) -> ParsedDoc:
    """Turn a source document into a report with notes on what was recovered and what not."""
    # PDF text is laid out like pdftotext -layout output and read as such.
    text_kind = "txt" if doc.kind == "pdf" else doc.kind
    lines = _split_run_in_headings(doc.lines)
    texts = [ln.text if not ln.is_row else "" for ln in lines]
    heads = _find_headings(texts)
    first_head = min(heads.values(), default=len(lines))
    title = _find_title(texts, first_head)
    notes: list[str] = []
    recovered: list[str] = []

    body_text = "\n".join(ln.text for ln in lines)
    if PINYIN_RE.search(body_text):
        notes.append("原文在一些字后加注了拼音（如“規(guī)章”），导入时已去掉拼音，请核对")
    if _uses_traditional(lines[first_head:] if heads else lines):
        notes.append("原文使用繁体字：表格标题已按简体对照识别，正文文字保持原样，请自行核对")

    start = title[0] + 1 if title else 0
    if title and title[1]:
        org = title[1]
        recovered.append(f"机关全称：{org}")
    else:
        org = _org_from_opening(texts[:first_head] or texts[:5]) if not title else ""
        if org:
            recovered.append(f"机关全称：{org}（标题中没有，按开头一段的文字推断，请核对）")
        else:
            notes.append(
                "没有找到“XX机关XXXX年政府信息公开工作年度报告”形式的标题，机关全称留空，"
                "请在基本信息中填写"
            )
    if title:
        year = title[2]
        recovered.append(f"年度：{year}")
    else:
        years = re.findall(r"(20\d{2})\s*年", body_text[:5000])
        if years:
            year = max(set(years), key=years.count)
            year = int(year)
            notes.append(f"标题中没有年度，按正文中出现最多的年份定为 {year} 年，请核对")
        else:
            year = date.today().year - 1
            notes.append(f"没有找到报告年度，暂定为 {year} 年，请在基本信息中改正")
    missing = [SECTION_TITLES[k - 1] for k in range(1, 7) if k not in heads]
    bounds = sorted(heads.items(), key=lambda kv: kv[1])
    last_found = max(heads, default=0)
    truncated = last_found < 6

    def region(k: int) -> list[Line]:
        if k not in heads:
            return []
        begin = heads[k] + 1
        later = [i for _, i in bounds if i > heads[k]]
        end = later[0] if later else len(lines)
        return lines[begin:end]

    layout = _layout_mode(lines) if text_kind == "txt" else False
    opening_lines = [
        ln for ln in lines[start:first_head] if not _JUNK_RE.search(ln.text) and not ln.is_row
    ]
    opening = _paragraphs(opening_lines, text_kind, layout)
    if not title:
        # Without a title, only sentences count as the opening (not site navigation).
        opening = [p for p in opening if re.search(r"[。，,；：:]", p) and len(p) >= 20]
    s6_lines = region(6)
    for i, ln in enumerate(s6_lines):
        if _FOOTER_RE.search(ln.text) and not re.search(r"[。]", ln.text):
            s6_lines = s6_lines[:i]
            break
    sign = signature([ln.text for ln in s6_lines], org)
    if sign is not None:
        # The 落款 (organ and date under the text) is printed from the report's data on export.
        s6_lines = s6_lines[: sign[0]]
    prose = Prose(
        opening="\n".join(opening),
        s1=_section(_paragraphs(region(1), text_kind, layout)),
        s5=_section(_paragraphs(region(5), text_kind, layout)),
        s6=_section(_paragraphs(s6_lines, text_kind, layout)),
    )
    for k in (2, 3, 4):
        intro = _intro(region(k), text_kind)
        if intro:
            prose.table_intros[k] = intro

    read = TableRead()
    tail = {k: truncated and k == last_found for k in (2, 3, 4)}
    readers = {2: read_table2, 3: read_table3, 4: read_table4}
    for k, reader in readers.items():
        if k in heads:
            reader(_table_lines(region(k), blank=k == 3), read, tail[k])
            continue
        why = (
            "原文在此之前中断"
            if truncated and k > last_found
            else f"原文没有“{SECTION_TITLES[k - 1]}”这一部分"
        )
        for cid in INPUT_IDS:
            if cid.startswith(f"t{k}."):
                read.blanks.setdefault(cid, why)

    # The fee belongs in 六; a report that puts it elsewhere (一) is read there too.
    fee_notes: list[str] = []
    fee = _info_fee(prose.s6.full_text(), fee_notes)
    if fee is None:
        fee = _info_fee("\n".join(prose.section(n).full_text() for n in (1, 5)), fee_notes)
    kind, level, unsure = infer_kind_level(org)
    published, written = page_dates(texts[: max(first_head, 1)])
    if sign is not None and sign[1] is not None:
        written = sign[1]
    report = Report(
        meta=Meta(
            org_name=org,
            year=year,
            published=published,
            written=written,
            org_kind=kind,
            level=level,
        ),
        prose=prose,
        info_fee_yuan=fee,
    )
    _drop_generated_fee_sentence(report)
    for cid, v in read.cells.items():
        try:
            report.set_cell(cid, v)
        except ValueError as exc:
            # Not a value a report can hold (a fraction of an application, an absurd size).
            read.blanks[cid] = f"原文的数字“{v}”不能填入：{exc}"
    _settle_by_prose(report, read)
    why_level = ""
    if (
        kind is OrgKind.GOVERNMENT
        and unsure
        and any(report.cells[t2_id("rules", c)] for c in ("made", "valid"))
    ):
        # Only a 设区的市 of all cities makes 规章: the report itself settles the level.
        report.meta.level = Level.CITY
        why_level = "；原文填有规章数字，只有设区的市才能制定规章，故按设区的市级"
        unsure = ""
    recovered.append(
        f"机关类型：{report.meta.org_kind.value}，层级：{report.meta.level.value}"
        f"（按机关名称推断{why_level}）"
    )
    notes.append(
        "机关类型和层级是按机关名称推断的"
        + (f"（{unsure}）" if unsure else "")
        + "，检查规章、行政事业性收费和发布期限时要用到，请在基本信息中核对"
    )
    if published:
        recovered.append(f"发布日期：{published.isoformat()}（网页的日期栏）")
    if written:
        recovered.append(
            f"成文日期：{written.isoformat()}（" + ("落款" if sign else "网页的成文日期栏") + "）"
        )
    printed: dict[str, CellValue] = {}
    for cid, v in read.printed.items():
        try:
            printed[cid] = coerce_cell_value(cid, v)
        except ValueError:
            read.notes.append(
                f"{CELL_BY_ID[cid].describe()}：原文印出的合计“{v}”不是有效数字，未保存"
            )
    report.printed_totals = printed

    filled = sum(1 for c in INPUT_IDS if report.cells[c] is not None)
    recovered.append(f"表格数字：{filled} / {len(INPUT_IDS)} 个填写格")
    if read.printed:
        recovered.append(f"原文印出的合计 {len(read.printed)} 个（原样保存，供检查核对）")
    sections_found = [SECTION_TITLES[k - 1][:2].rstrip("、") for k in (1, 5, 6) if k in heads]
    if sections_found:
        recovered.append("正文：第" + "、".join(sections_found) + "部分")
    if prose.opening:
        recovered.append("开头段落")
    notes += fee_notes
    if fee is not None:
        recovered.append(f"信息处理费：{fee} 元" if fee else "信息处理费：未收取（0 元）")
    elif 6 in heads:
        notes.append("第六部分没有写明信息处理费的收取情况，信息处理费留空")
    else:
        notes.append("原文没有第六部分，信息处理费留空")
    if missing and not truncated:
        notes.append("原文缺少以下部分：" + "、".join(missing))
    if truncated:
        notes.append(
            "原文在“"
            + SECTION_TITLES[last_found - 1 if last_found else 0]
            + "”之后中断，后面的内容缺失"
        )

    findings: list[Finding] = []
    for msg in read.old_template:
        findings.append(
            Finding(
                "R17", Severity.ERROR, f"原报告{msg}，不符合2021年格式（国办公开办函〔2021〕30号）"
            )
        )
    for msg in read.altered:
        findings.append(Finding("R17", Severity.ERROR, f"原报告{msg}"))
    for msg, cids, places in read.prose_conflicts:
        findings.append(Finding("R16", Severity.WARNING, msg, cids, places))
    blanks = {
        cid: why
        for cid, why in read.blanks.items()
        if CELL_BY_ID[cid].computed is False and report.cells.get(cid) is None
    }
    for cid in INPUT_IDS:
        if report.cells[cid] is None and cid not in blanks:
            blanks[cid] = "原文中没有找到这个数字"
    return ParsedDoc(
        report=report,
        recovered=recovered,
        blanks=blanks,
        notes=notes + read.notes,
        source_findings=findings,
        unmapped=read.unmapped,
    )


def _layout_mode(lines: list[Line]) -> bool:
    """PDF text keeps the page layout: paragraphs start indented, wrapped lines do not."""
    texts = [ln.text for ln in lines if ln.text.strip() and not ln.is_row and len(ln.text) > 15]
    if len(texts) < 10:
        return False
    indented = sum(1 for t in texts if re.match(r"^[ \u3000]{2,}", t))
    return 0.1 <= indented / len(texts) <= 0.8


# Prose quantities (desktop.prose_rules) that name one table 二 cell.
_PROSE_CELLS = {
    "normative_made": t2_id("normative", "made"),
    "normative_valid": t2_id("normative", "valid"),
}


def _settle_by_prose(report: Report, read: TableRead) -> None:
    """Table 二 rows whose digits are glued have no total to split them by; the prose often
    states 制发 and 现行有效 (“现行有效行政规范性文件698件”). A split is taken only when it is
    the one reading that agrees with every such statement; otherwise the row stays blank."""
    if not read.open_rows:
        return
    from desktop.prose_rules import prose_claims

    stated: dict[str, set[int]] = {}
    quotes: dict[str, tuple[str, Place]] = {}  # cell id → (quote, prose place) of a statement
    for claim in prose_claims(report):
        cid = _PROSE_CELLS.get(claim.quantity)
        if cid is not None and isinstance(claim.value, int):
            stated.setdefault(cid, set()).add(claim.value)
            quotes.setdefault(cid, (claim.quote, claim.field))
    for label, (raw, readings) in read.open_rows.items():
        cids = [cid for cid in readings[0] if cid in stated]
        fits = [
            r
            for r in readings
            if cids and all(len(stated[c]) == 1 and r.get(c) in stated[c] for c in cids)
        ]
        if len(fits) == 1 and not any(v is UNK or v is None for v in fits[0].values()):
            for cid, v in fits[0].items():
                report.set_cell(cid, v)
                read.blanks.pop(cid, None)
            shown = "、".join(f"{CELL_BY_ID[c].col_label} {next(iter(stated[c]))}" for c in cids)
            read.notes.append(
                f"表二“{label}”一行原文为“{raw}”（数字粘连），按正文所述（{shown}）唯一拆分，请核对"
            )
        else:
            why = "正文所述与各种拆分都不符" if cids and not fits else "无法唯一确定各栏数字"
            read.notes.append(f"表二“{label}”一行原文为“{raw}”，{why}，已留空")
            for c in cids:
                if any(r.get(c) in stated[c] for r in readings):
                    continue
                # No split of the printed digits gives what the prose states: the published
                # report contradicts itself here, whatever the row's true split is.
                quote, place = quotes[c]
                read.prose_conflicts.append(
                    (
                        f"原文文字“{quote}”与表二“{label}”一行不一致：这一行原文为“{raw}”"
                        f"（数字粘连），无论怎样拆分，{CELL_BY_ID[c].col_label}都不是"
                        f" {next(iter(stated[c]))}。请核对原报告",
                        (c,),
                        (place,),
                    )
                )


_OPENING_ORG = re.compile(
    r"(?:^|编制|公布|发布|现将|特将|现公布|特编制)(?:了)?(?:\d{4}年度?)?"
    r"(?P<org>[^，。、；：:“”《》()（）\s\d]{3,40}?)(?:\d{4}年度?)?政府信息公开工作年度报告"
)


def _org_from_opening(texts: list[str]) -> str:
    """The organ's name as the opening sentence gives it when there is no title line
    (“特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告”), or ""."""
    for t in texts[:5]:
        m = _OPENING_ORG.search(re.sub(r"\s+", "", t)[:200])
        if m:
            org = clean_org(m.group("org"))
            if org and not org.startswith(("本", "我", "区", "县", "市", "全")):
                return org
    return ""


def _uses_traditional(lines: list[Line]) -> bool:
    """The report itself is in traditional characters: many of them, not a site's “繁體版”
    link or a name or two."""
    count = 0
    kinds: set[str] = set()
    for ln in lines:
        text = ln.text
        if re.search(r"繁[體体]|简体|簡體", text) and len(text) < 40:
            continue  # the site's language switch
        for ch in text:
            if ch in TRAD_TO_SIMP:
                count += 1
                kinds.add(ch)
    return count >= 12 and len(kinds) >= 5


def _drop_generated_fee_sentence(report: Report) -> None:
    """Nianbao's export adds a sentence on the 信息处理费 when section 六 does not mention it;
    the amount is already recorded, so that exact sentence is not kept as the user's prose."""
    sentence = info_fee_sentence(report)
    if not sentence:
        return
    s6 = report.prose.s6

    def without(text: str) -> str:
        return "\n".join(line for line in text.split("\n") if line != sentence)

    s6.lead = without(s6.lead)
    for part in s6.parts:
        part.text = without(part.text)
