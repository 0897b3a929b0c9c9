"""Text normalisation for matching printed labels: width, spaces, traditional characters,
enumerators, and a fuzzy score that tolerates the typos seen in real reports."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

# Traditional → simplified for the characters that occur in the template's labels, the section
# headings and the title (and a few common words around them). Mirror sites serve reports in
# traditional characters; matching only needs these, so no conversion library is used.
_TRAD = (
    "萬万 業业 為为 爲为 舉举 於于 會会 體体 関关 關关 內内 決决 況况 務务 動动 區区 單单 發发 後后"
    " 國国 處处 復复 複复 審审 屬属 廢废 開开 強强 彊强 當当 總总 縂总 執执 護护 報报 據据"
    " 無无 機机 權权 條条 構构 現现 穩稳 類类 係系 繫系 糾纠 納纳 組组 織织 經经 結结 繼继 續续"
    " 維维 繳缴 罰罚 獲获 補补 規规 計计 認认 議议 許许 訟讼 訪访 訴诉 詢询 請请 費费 轉转 過过"
    " 這这 進进 問问 項项 題题 額额 範范 數数 辦办 製制 準准 統统 監监 與与 對对 縣县 鎮镇 鄉乡"
    " 級级 層层 網网 門门 確确 錄录 時时 實实 資资 訊讯 據据 據据 產产 壹一 貳二 參参 衛卫 際际"
    " 歷历 曆历 累累 況况 態态 應应 書书 說说 讀读 導导 設设 臺台 專专 題题 個个 們们 來来 歲岁"
    " 經经 濟济 劃划 圍围 寬宽 內内 戶户 號号 屆届 電电 話话 郵邮 編编 聯联 繫系 址址 區区 鎮镇"
    " 裡里 裏里 並并 僅仅 隻只 祇只 隻只 證证 傳传 戰战 陸陆 衆众 眾众 觀观 點点 黨党 員员 長长"
    " 條条 級级 屬属 擊击 險险 壞坏 紀纪 錄录 選选 舉举 協协 議议 務务 處处 復复 訊讯 託托 樣样"
    " 銷销 營营 環环 標标 準准 態态 雜杂 歸归 檔档 證证 獻献 鬥斗 嚴严 厲厉 龐庞 勞劳 餘余 滿满"
    " 態态 億亿 萬万 億亿 兩两 幣币 價价 錢钱 財财 稅税 務务 產产 額额 總总 費费 預预 決决 算算"
    " 將将 聽听 講讲 譯译 識识 變变 讓让 許许 論论 評评 調调 諮咨 詢询 諾诺 謀谋 誤误 該该 請请"
    " 註注 証证 簽签 籤签 繫系 處处 構构 樂乐 藥药 醫医 療疗 衛卫 農农 漁渔 橋桥 樓楼 廠厂 礦矿"
)
TRAD_TO_SIMP: dict[str, str] = {
    pair[0]: pair[1] for pair in _TRAD.split() if len(pair) == 2 and pair[0] != pair[1]
}
_TRAD_TABLE = str.maketrans(TRAD_TO_SIMP)

# Pinyin that mirror sites insert after characters: 規(guī)章, 处(chǔ)理 (tone marks required,
# so an English word in brackets is not taken for one).
PINYIN_RE = re.compile(r"[(（]\s*[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]*\s*[)）]")

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_SPACE_RE = re.compile(r"\s+")
# Enumerators that start a label: 一、 （一） (一) 1. 1、 1．
_ENUM_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、])")


def to_simplified(text: str) -> str:
    """Map the traditional characters the template needs onto simplified ones."""
    return text.translate(_TRAD_TABLE)


@lru_cache(maxsize=8192)  # the same labels are compared with every template row
def norm(text: str) -> str:
    """Normalise a label for comparison: NFKC (full-width → half-width), simplified characters,
    no whitespace, straight quotes, ``1、`` → ``1.``."""
    s = PINYIN_RE.sub("", text)
    s = unicodedata.normalize("NFKC", s)
    s = to_simplified(s).translate(_QUOTES)
    s = _SPACE_RE.sub("", s)
    s = re.sub(r"(?<![\d.])(\d{1,2})[、.]", r"\1.", s)
    return s.replace("、", "、")


def strip_enum(text: str) -> str:
    """A normalised label without its leading enumerator (``1.``, ``(一)``, ``一、``)."""
    return _ENUM_RE.sub("", text, count=1)


@lru_cache(maxsize=16384)
def matched_chars(a: str, b: str) -> int:
    """How many characters of ``a`` and ``b`` match in order (difflib's matching blocks)."""
    if not a or not b:
        return 0
    return sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def similarity(label: str, template: str) -> float:
    """0..1: how well a normalised label from a document matches a normalised template label.

    Tolerates typos (“只计这一情况”) and small insertions; a label that contains the whole
    template label scores by how much of the label is extra.
    """
    if not label or not template:
        return 0.0
    if label == template:
        return 1.0
    m = matched_chars(label, template)
    return m / max(len(label), len(template))


def coverage(text: str, template: str) -> float:
    """0..1: how much of the template label appears (in order) in ``text``."""
    if not text or not template:
        return 0.0
    return matched_chars(text, template) / len(template)
