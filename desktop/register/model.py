"""The 申请台账 and the 复议/诉讼 case list kept inside a report (issue 18).

Plain pydantic data, no Qt. One ``Application`` per 政府信息公开申请 and one ``Case`` per
行政复议 or 行政诉讼 case. Applicant names and request contents live only here: the derived
counts (``desktop.register.derive``) are all that reaches the tables, the exports and 汇总.

Every model here keeps fields it does not know (``extra="allow"``), as the report's models do: a
file of the same schema version written by a newer build may carry them inside the register,
and saving here writes them back instead of refusing the file or dropping them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from desktop.template import T3_COLUMNS, T3_RESULT_KEYS, T3_ROWS, T4_GROUPS, T4_RESULTS
from desktop.text_gate import Text, checked

# The longest text a register cell keeps: a 申请内容 is a short summary, not the letter itself.
MAX_TEXT = 2000


class Channel(StrEnum):
    """申请方式."""

    IN_PERSON = "当面"
    LETTER = "信函"
    ONLINE = "网络"
    FAX = "传真"
    OTHER = "其他"


class ApplicantKind(StrEnum):
    """申请人类型: the applicant columns of table 三 (values are the printed labels)."""

    NATURAL = "自然人"
    BUSINESS = "商业企业"
    RESEARCH = "科研机构"
    NONPROFIT = "社会公益组织"
    LEGAL = "法律服务机构"
    OTHER = "其他"

    @property
    def column(self) -> str:
        """The column key of table 三 (``natural`` …)."""
        return _KIND_COLUMN[self]


_KIND_COLUMN: dict[ApplicantKind, str] = {
    ApplicantKind(label): key for key, label in T3_COLUMNS if key != "total"
}
COLUMN_KIND: dict[str, ApplicantKind] = {v: k for k, v in _KIND_COLUMN.items()}

# 办理结果: exactly one of table 三's 21 result rows; ``None`` means 尚未办结.
PENDING_LABEL = "尚未办结"
RESULT_LABELS: dict[str, str] = {r.key: r.label for r in T3_ROWS if r.key in T3_RESULT_KEYS}
RESULT_SHORT: dict[str, str] = {r.key: r.short for r in T3_ROWS if r.key in T3_RESULT_KEYS}


class CaseKind(StrEnum):
    """复议/诉讼案件类型: the three groups of table 四."""

    REVIEW = "行政复议"
    SUIT_DIRECT = "未经复议直接起诉"
    SUIT_AFTER_REVIEW = "复议后起诉"

    @property
    def group(self) -> str:
        """The group key of table 四 (``review`` …)."""
        return _CASE_GROUP[self]


_CASE_GROUP: dict[CaseKind, str] = {CaseKind(label): key for key, label in T4_GROUPS}


class CaseCategory(StrEnum):
    """Where a decided case lands in table 四 (the three decided result columns)."""

    UPHELD = "结果维持"
    CORRECTED = "结果纠正"
    OTHER = "其他结果"

    @property
    def key(self) -> str:
        """The result key of table 四 (``upheld`` …)."""
        return _CATEGORY_KEY[self]


_CATEGORY_KEY: dict[CaseCategory, str] = {
    CaseCategory(label): key for key, label in T4_RESULTS if label != "尚未审结" and key != "total"
}
CASE_PENDING = "尚未审结"

# The app's suggestion of where each kind of decision goes. The 2021 table predates the 2023
# 行政复议法, which added decision types (确认无效, 责令履行 …) the table does not name; the
# mapping is editable per report and can be overridden per case. Reasoning: a decision that
# leaves the agency's handling standing counts as 维持 (驳回 rejects the applicant's request);
# one that changes, annuls, declares unlawful or void, or orders the agency to act counts as
# 纠正; settlements, withdrawals and terminations decide nothing about the handling: 其他.
DEFAULT_DECISION_MAP: dict[str, CaseCategory] = {
    "维持": CaseCategory.UPHELD,
    "驳回": CaseCategory.UPHELD,
    "变更": CaseCategory.CORRECTED,
    "撤销": CaseCategory.CORRECTED,
    "确认违法": CaseCategory.CORRECTED,
    "确认无效": CaseCategory.CORRECTED,
    "责令履行": CaseCategory.CORRECTED,
    "调解": CaseCategory.OTHER,
    "和解": CaseCategory.OTHER,
    "终止": CaseCategory.OTHER,
    "撤诉": CaseCategory.OTHER,
}
DECISIONS: tuple[str, ...] = (*DEFAULT_DECISION_MAP, CASE_PENDING)


def _clean_text(value: object) -> object:
    if isinstance(value, str):
        # The gate first: a lone surrogate would otherwise meet pydantic's own English
        # refusal (its length check needs valid UTF-8) before ``Text``'s Chinese one.
        checked(value)
        if len(value) > MAX_TEXT:
            raise ValueError(f"文字过长（{len(value)} 字），最多 {MAX_TEXT} 字")
        return value.strip()
    return value


class Application(BaseModel):
    """One 政府信息公开申请 (a row of the 申请台账).

    ``result`` is a table 三 result row key or None (尚未办结). ``placeholder`` marks a row the
    app added to stand for a carried-over application whose details are not yet entered.
    """

    model_config = ConfigDict(validate_assignment=True, extra="allow")

    id: Text = Field(min_length=1, max_length=64)  # 编号
    received: date  # 收到申请日期
    channel: Channel | None = None  # 申请方式
    kind: ApplicantKind  # 申请人类型
    applicant: Text = ""  # 申请人 (personal data)
    content: Text = ""  # 申请内容 (personal data)
    correction_notice: date | None = None  # 补正告知日期
    correction_received: date | None = None  # 收到补正日期
    consult_party: Text = ""  # 征求意见对象（第三方或其他机关）
    consult_start: date | None = None
    consult_end: date | None = None
    extension_notice: date | None = None  # 延期告知日期
    fee_notice: date | None = None  # 收费通知日期
    fee_yuan: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    fee_paid: date | None = None  # 缴费日期
    result: str | None = None  # 办理结果 (None: 尚未办结)
    answered: date | None = None  # 答复日期
    note: Text = ""  # 备注
    placeholder: bool = False

    _text = field_validator("id", "applicant", "content", "consult_party", "note", mode="before")(
        _clean_text
    )

    @field_validator("result")
    @classmethod
    def _check_result(cls, v: str | None) -> str | None:
        if v is not None and v not in RESULT_LABELS:
            raise ValueError(f"办理结果“{v}”不是表三的结果行")
        return v

    @property
    def done(self) -> bool:
        """Answered with a result: both a 答复日期 and a 办理结果."""
        return self.answered is not None and self.result is not None


class Case(BaseModel):
    """One 行政复议 or 行政诉讼 case (a row of the 复议诉讼案件 list).

    ``decision`` is the decision's own word (维持, 驳回 … or 尚未审结); ``category`` overrides
    the report's decision mapping for this one case.
    """

    model_config = ConfigDict(validate_assignment=True, extra="allow")

    id: Text = Field(min_length=1, max_length=64)
    kind: CaseKind
    application: Text = ""  # 关联申请 (编号)
    received: date
    decision: Text = CASE_PENDING
    category: CaseCategory | None = None
    decided: date | None = None  # 结案日期
    note: Text = ""

    _text = field_validator("id", "application", "decision", "note", mode="before")(_clean_text)


class Register(BaseModel):
    """The register of one report and how its tables use it.

    ``t3_generated`` / ``t4_generated``: 由台账生成 (the tables' input cells are computed from
    the register and written into the report) or 手工填写 (typed; R22 compares). The decision
    mapping holds only the entries the user changed from ``DEFAULT_DECISION_MAP``.
    """

    model_config = ConfigDict(validate_assignment=True, extra="allow")

    applications: list[Application] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)
    t3_generated: bool = False
    t4_generated: bool = False
    decision_map: dict[str, CaseCategory] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _unique_ids(self) -> Register:
        for what, ids in (
            ("申请", [a.id for a in self.applications]),
            ("案件", [c.id for c in self.cases]),
        ):
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    raise ValueError(f"台账中{what}编号“{i}”重复")
                seen.add(i)
        return self

    @property
    def empty(self) -> bool:
        """No applications and no cases (nothing to derive or compare)."""
        return not self.applications and not self.cases

    def category_of(self, case: Case) -> CaseCategory | None:
        """Where a decided case goes: its own override, else the mapping; None when the
        decision is not in the mapping (the app does not guess)."""
        if case.category is not None:
            return case.category
        word = case.decision.strip()
        if word in self.decision_map:
            return self.decision_map[word]
        return DEFAULT_DECISION_MAP.get(word)

    def next_application_id(self, year: int) -> str:
        """A fresh 编号 like ``2025-007`` (one past the largest number used this year)."""
        return _next_id([a.id for a in self.applications], f"{year}-")

    def next_case_id(self, year: int) -> str:
        """A fresh case 编号 like ``复议诉讼-2025-01``."""
        return _next_id([c.id for c in self.cases], f"案件{year}-")


def _next_id(ids: list[str], prefix: str) -> str:
    taken = set(ids)
    n = 0
    for i in ids:
        if i.startswith(prefix) and i[len(prefix) :].isdigit():
            n = max(n, int(i[len(prefix) :]))
    while True:
        n += 1
        candidate = f"{prefix}{n:03d}"
        if candidate not in taken:
            return candidate
