"""The prose rules on the Yanchi 2022 example and on hand-written paragraphs in the wordings
real reports use: R16 (numbers against the tables), R18 (wrong year), R20 (content), R21
(copied from last year)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop.findings import Finding, Severity
from desktop.place import Place
from desktop.project_file import load_report
from desktop.prose_rules import prose_claims, prose_findings, repetition
from desktop.report import OrgKind, Report, SubPart
from desktop.rules import check

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
SAMPLE_TEXT = ROOT / "tests" / "data" / "yanchi-2022-report.txt"


def _opening_from_sample() -> str:
    # The published opening paragraph, as copied (spaces around the numbers included).
    lines = [x.strip() for x in SAMPLE_TEXT.read_text(encoding="utf-8").splitlines()]
    return next(x for x in lines if x.startswith("根据《中华人民共和国政府信息公开条例》"))


@pytest.fixture
def yanchi() -> Report:
    report = load_report(EXAMPLE)
    report.prose.opening = _opening_from_sample()
    return report


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def _field_text(report: Report, field: Place) -> str:
    parts = field.path.split(".")
    if parts[1] == "opening":
        return report.prose.opening
    if parts[1] == "title":
        return report.prose.title or ""
    section = report.prose.section(int(parts[1][1:]))
    if parts[2] == "lead":
        return section.lead
    part = section.parts[int(parts[3])]
    return part.heading if parts[4] == "heading" else part.text


def _selected(report: Report, finding: Finding) -> str:
    assert finding.span is not None
    a, b = finding.span
    return _field_text(report, finding.fields[0])[a:b]


# --- the sample ---------------------------------------------------------------------------------


def test_sample_has_no_false_r16_r18_r21(yanchi: Report) -> None:
    claims = prose_claims(yanchi)
    # the sample states these numbers; all of them agree with its tables
    assert {(c.quantity, c.value) for c in claims} >= {
        ("received", 11),
        ("handled", 11),
        ("group:予以公开", 5),
        ("group:部分公开", 3),
        ("group:无法提供", 3),
        ("review", 0),
        ("suit", 0),
        ("normative_valid", 113),
        ("normative_made", 2),
        ("info_fee", 0),
    }
    findings = prose_findings(yanchi)
    assert [f for f in findings if f.rule in ("R16", "R18", "R21")] == []


def test_sample_r20_names_what_it_really_lacks(yanchi: Report) -> None:
    r20 = [f for f in prose_findings(yanchi) if f.rule == "R20"]
    # 一 mentions 考核 (效能目标责任制考核) but neither 社会评议 nor 责任追究;
    # 五 lists this year's problems and next steps but not how last year's were handled.
    assert [f.fields for f in r20] == [(Place.whole_section(1),), (Place.whole_section(5),)]
    assert "社会评议" in r20[0].message and "责任追究" in r20[0].message
    assert "“工作考核”" not in r20[0].message
    assert "上年度报告所列问题的改进情况" in r20[1].message


def test_changed_application_count_is_caught_and_selected(yanchi: Report) -> None:
    part = yanchi.prose.s1.parts[1]
    part.text = part.text.replace(
        "全年共收到政府信息公开申请11件", "全年共收到政府信息公开申请12件"
    )
    r16 = [f for f in prose_findings(yanchi) if f.rule == "R16"]
    assert len(r16) == 1
    f = r16[0]
    assert "全年共收到政府信息公开申请12件" in f.message
    assert "11 件" in f.message and "本年新收政府信息公开申请数量" in f.message
    assert f.fields == (Place.text(1, 1),)
    assert f.cells == ("t3.new.total",)
    assert _selected(yanchi, f) == "收到政府信息公开申请12件"
    assert f in check(yanchi)


def test_table_change_makes_prose_disagree(yanchi: Report) -> None:
    yanchi.set_cell("t3.granted.natural", 4)
    yanchi.set_cell("t3.other_3.natural", 1)
    r16 = [f for f in prose_findings(yanchi) if f.rule == "R16"]
    assert len(r16) == 2  # 予以公开5件 and 其他处理0件
    assert {_selected(yanchi, f) for f in r16} == {"予以公开5件", "其他处理0件"}


def test_statistics_year_of_last_year_is_caught(yanchi: Report) -> None:
    yanchi.prose.opening = yanchi.prose.opening.replace(
        "本报告统计数据从 2022 年", "本报告统计数据从 2021 年"
    )
    r18 = [f for f in prose_findings(yanchi) if f.rule == "R18"]
    assert len(r18) == 1
    assert "2021 年 1 月 1 日至 12 月 31 日" in r18[0].message
    assert "2022" in r18[0].message
    assert r18[0].fields == (Place.opening(),)
    assert _selected(yanchi, r18[0]) == "2021"


def test_emptied_section_six_is_caught_by_check(yanchi: Report) -> None:
    yanchi.prose.s6.lead = ""
    for part in yanchi.prose.s6.parts:
        part.text = ""
    r20 = [f for f in check(yanchi) if f.rule == "R20" and f.fields == (Place.whole_section(6),)]
    assert len(r20) == 1
    assert "六、其他需要报告的事项" in r20[0].message


def _next_year_copy(report: Report) -> Report:
    nxt = report.model_copy(deep=True)
    nxt.meta.year = report.meta.year + 1
    nxt.previous = report
    return nxt


def test_prose_copied_into_next_year_is_caught(yanchi: Report) -> None:
    nxt = _next_year_copy(yanchi)
    r21 = [f for f in check(nxt) if f.rule == "R21"]
    assert len(r21) == 1
    f = r21[0]
    assert "100%" in f.message and "2022年" in f.message
    assert "例如“2022年，盐池县坚持以习近平新时代中国特色社会主义思想为指导" in f.message
    assert f.spans and f.span == f.spans[0][1:]
    # every highlighted range is a whole sentence of this year's text
    for field, a, b in f.spans:
        piece = _field_text(nxt, field)[a:b]
        assert piece
        assert piece[-1] in "。；！？" or b == len(_field_text(nxt, field))
    fields = {s[0] for s in f.spans}
    assert {
        Place.lead(1),
        Place.text(1, 1),
        Place.lead(5),
        Place.text(6, 0),
    } <= fields
    # the copied “2022年，…” paragraphs name the wrong year too
    r18 = [x for x in check(nxt) if x.rule == "R18"]
    assert {x.fields[0] for x in r18} >= {
        Place.lead(1),
        Place.lead(5),
        Place.opening(),
    }


def test_copy_with_only_numbers_updated_is_still_a_copy(yanchi: Report) -> None:
    nxt = _next_year_copy(yanchi)
    for part in nxt.prose.s1.parts:
        part.text = part.text.replace("2022", "2023").replace("11件", "14件")
    nxt.prose.s1.lead = nxt.prose.s1.lead.replace("2022", "2023")
    rep = repetition(nxt, yanchi)
    assert rep.by_section[1] == 1.0


def _rewrite(report: Report) -> None:
    # new wording for sections 一 and 六 (section 五 stays as last year's)
    report.prose.s1.lead = "2023年，我县以数字政府建设为抓手，持续完善政务公开制度体系。"
    topics = ("主动公开", "依申请公开", "信息管理", "平台建设", "监督保障")
    for topic, part in zip(topics, report.prose.s1.parts, strict=True):
        part.text = (
            f"围绕{topic}，本年度建立了新的工作台账，按月调度进展，按季度通报各单位落实情况。"
            f"{topic}工作首次引入第三方评估，评估结果纳入年度考核并向社会公开。"
        )
    for i, part in enumerate(report.prose.s6.parts):
        part.text = f"各单位围绕年度要点逐项落实第{i + 1}批任务，形成了覆盖全县的公开工作网络。"


def test_one_section_copied_is_named(yanchi: Report) -> None:
    nxt = _next_year_copy(yanchi)
    _rewrite(nxt)
    rep = repetition(nxt, yanchi)
    assert rep.by_section[5] == 1.0 and rep.overall < 0.5
    r21 = [f for f in prose_findings(nxt) if f.rule == "R21"]
    assert len(r21) == 1
    assert "五、存在的主要问题及改进情况 100%" in r21[0].message
    assert "一、总体情况" not in r21[0].message  # nothing of 一 repeated
    assert {s[0] for s in r21[0].spans} == {Place.lead(5)}


def test_rewritten_report_has_no_r21(yanchi: Report) -> None:
    nxt = _next_year_copy(yanchi)
    _rewrite(nxt)
    nxt.prose.s5.lead = "一是公开质量仍需提升；二是依申请公开答复规范性有待加强。下一步将加强培训。"
    assert "R21" not in _rules(prose_findings(nxt))
    assert "R21" not in _rules(prose_findings(yanchi))  # no previous: no comparison at all


# --- hand-written paragraphs in other common phrasings ------------------------------------------

APPLICATIONS = "（二）依申请公开"

# (text, expected claims as (quantity, value, the selected phrase))
PHRASINGS: list[tuple[str, list[tuple[str, int | Decimal, str]]]] = [
    (
        "全年共受理政府信息公开申请25件，上年结转3件，办结26件，结转下年度继续办理2件。",
        [
            ("received", 25, "受理政府信息公开申请25件"),
            ("carried_in", 3, "上年结转3件"),
            ("handled", 26, "办结26件"),
            ("carried_out", 2, "结转下年度继续办理2件"),
        ],
    ),
    (
        "收到政府信息公开申请11件，其中予以公开5件，部分公开3件，无法提供3件。",
        [
            ("received", 11, "收到政府信息公开申请11件"),
            ("group:予以公开", 5, "予以公开5件"),
            ("group:部分公开", 3, "部分公开3件"),
            ("group:无法提供", 3, "无法提供3件"),
        ],
    ),
    (
        "本年度共收到8份政府信息公开申请，均为自然人申请。",
        [("received", 8, "收到8份政府信息公开申请")],
    ),
    (
        "共收到政府信息公开申请13件（不含上年结转5件），办结率100%。",
        [("received_new", 13, "收到政府信息公开申请13件"), ("carried_in", 5, "上年结转5件")],
    ),
    (
        "全年共收到政府信息公开申请15件（含上年结转2件）。",
        [
            ("received_with_carried", 15, "收到政府信息公开申请15件"),
            ("carried_in", 2, "上年结转2件"),
        ],
    ),
    (
        "全年未发生因政府信息公开引起的行政复议和行政诉讼。",
        [
            ("review", 0, "未发生因政府信息公开引起的行政复议和行政诉讼"),
            ("suit", 0, "未发生因政府信息公开引起的行政复议和行政诉讼"),
        ],
    ),
    (
        "没有因政府信息公开被申请行政复议或被提起行政诉讼。",
        [
            ("review", 0, "没有因政府信息公开被申请行政复议或被提起行政诉讼"),
            ("suit", 0, "没有因政府信息公开被申请行政复议或被提起行政诉讼"),
        ],
    ),
    (
        "共收到政府信息公开申请11件，其中网络申请6件，书面申请5件；自然人申请10件。",
        [("received", 11, "收到政府信息公开申请11件")],
    ),
    (
        "本年度未收到政府信息公开申请，无上年结转申请，未发生政府信息公开行政复议及行政诉讼案件。",
        [
            ("received_new", 0, "未收到政府信息公开申请"),
            ("carried_in", 0, "无上年结转申请"),
            ("review", 0, "未发生政府信息公开行政复议及行政诉讼"),
            ("suit", 0, "未发生政府信息公开行政复议及行政诉讼"),
        ],
    ),
    (
        "全年政府信息公开行政复议、行政诉讼案件数均为零。",
        [
            ("review", 0, "行政复议、行政诉讼案件数均为零"),
            ("suit", 0, "行政复议、行政诉讼案件数均为零"),
        ],
    ),
    ("依申请公开方面，共受理申请12件，按时办结率100%。", [("received", 12, "受理申请12件")]),
    (
        "本年度行政复议、行政诉讼均为0件。",
        [("review", 0, "行政复议、行政诉讼均为0件"), ("suit", 0, "行政复议、行政诉讼均为0件")],
    ),
    (
        "发生政府信息公开行政复议3件，行政诉讼1件。",
        [("review", 3, "行政复议3件"), ("suit", 1, "行政诉讼1件")],
    ),
    (
        "其中，5件予以公开，3件部分公开。",
        [("group:予以公开", 5, "5件予以公开"), ("group:部分公开", 3, "3件部分公开")],
    ),
    (
        "本机关不掌握相关政府信息3件，属于四类过程性信息1件。",
        [
            ("row:unable_1", 3, "本机关不掌握相关政府信息3件"),
            ("row:withheld_6", 1, "属于四类过程性信息1件"),
        ],
    ),
    (
        "答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复）。",
        [
            ("handled", 3050, "答复 3050 件"),
            ("carried_in", 34, "上年度结转申请 34 件"),
            ("carried_out", 103, "103 件顺延到下年度"),
        ],
    ),
    (
        "2022年,区政府办公室共收到8份政府信息公开申请,均为自然人申请。无下年度结转。",
        [("received", 8, "收到8份政府信息公开申请"), ("carried_out", 0, "无下年度结转")],
    ),
    ("全年未收到政府信息公开申请。", [("received_new", 0, "未收到政府信息公开申请")]),
    (
        "现行有效的行政规范性文件共113件，本年度制发行政规范性文件2件，废止行政规范性文件1件。",
        [
            ("normative_valid", 113, "现行有效的行政规范性文件共113件"),
            ("normative_made", 2, "制发行政规范性文件2件"),
            ("normative_repealed", 1, "废止行政规范性文件1件"),
        ],
    ),
    (
        "对县政府现行 113 个有效规范性文件进行梳理。",
        [("normative_valid", 113, "现行 113 个有效规范性文件")],
    ),
    ("开展规范性文件清理，清理规范性文件50件，废止3件。", [("normative_repealed", 3, None)]),
    (
        "全年作出行政许可决定14356件、行政处罚决定2848件、行政强制决定147件。",
        [
            ("license", 14356, "行政许可决定14356件"),
            ("penalty", 2848, "行政处罚决定2848件"),
            ("coercion", 147, "行政强制决定147件"),
        ],
    ),
    ("本年度未收取信息处理费。", [("info_fee", 0, "未收取信息处理费")]),
    ("全年共收取信息处理费 1,200 元。", [("info_fee", Decimal(1200), "信息处理费 1,200 元")]),
    ("收取信息处理费0.12万元。", [("info_fee", Decimal(1200), "信息处理费0.12万元")]),
]

# Numbers about something else: none of these may be read as a table quantity.
NOT_CLAIMS: list[str] = [
    "通过各类政务微博、微信公众号主动公开政府信息1.5万余条，政务微博发布信息320条。",
    "年内共受理答复“12345”政务服务热线工单167起。",
    "办理人大代表议案建议104件、政协提案66件，办复率均达到100%。",
    "全年共有19个行政规范性文件草案上网征集公众意见并同步解读。",
    "较上年收到申请8件增长37.5%，依申请公开工作量持续上升。",
    "2021年共收到政府信息公开申请9件。",
    "通过政府网站主动公开政府信息约4000余条。",
    "在黑龙江省信用公示平台共发布行政许可信息76条，行政处罚信息2条。",
    "对申请人逾期未按收费通知要求缴纳信息处理费的申请不再处理。",
    "全年收到政府信息公开申请约20件。",
    "受理低保申请120件，发放救助资金35万元。",
    "办结率100%，群众满意度达98%。",
    "受理行政复议申请5件，办结5件。",  # in 主动公开, about review work in general
    "拟废止规范性文件3件。",
    "全年未发生行政复议和行政诉讼败诉案件。",
    "本年度收到网络申请6件、信函申请5件。",
    "截至目前，我县留存政务新媒体共有46个。",
]


# Not table quantities even in the 依申请公开 part, where counts of applications are expected.
NOT_CLAIMS_IN_APPLICATIONS: list[str] = [
    "本年度收到网络申请6件、信函申请5件。",
    "收到自然人申请10件，法人或其他组织申请1件。",
    "办理人大代表议案建议104件、政协提案66件，办复率均达到100%。",
    "年内共受理答复“12345”政务服务热线工单167起。",
    "全年未发生行政复议和行政诉讼败诉案件。",
    "全年共收到政府信息公开申请11件，同比增长22%。",
    "共收到政府信息公开申请20余件。",
]


def _report_with(text: str, heading: str = APPLICATIONS) -> Report:
    report = load_report(EXAMPLE)
    report.prose.s1.parts[1] = SubPart(heading=heading, text=text)
    return report


@pytest.mark.parametrize(("text", "expected"), PHRASINGS)
def test_phrasings_are_read(text: str, expected: list[tuple[str, object, str | None]]) -> None:
    report = _report_with(text)
    claims = [c for c in prose_claims(report) if c.field == Place.text(1, 1)]
    got = sorted((c.quantity, c.value, text[c.span[0] : c.span[1]]) for c in claims)
    want = sorted(
        (q, v, p if p is not None else next(g[2] for g in got if g[0] == q)) for q, v, p in expected
    )
    assert got == want


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_other_numbers_are_not_read(text: str) -> None:
    report = _report_with(text, heading="（一）主动公开")
    assert [c for c in prose_claims(report) if c.field == Place.text(1, 1)] == []


@pytest.mark.parametrize("text", NOT_CLAIMS_IN_APPLICATIONS)
def test_other_numbers_in_the_application_part_are_not_read(text: str) -> None:
    report = _report_with(text)
    assert [c for c in prose_claims(report) if c.field == Place.text(1, 1)] == []


def test_review_count_in_the_application_part_is_compared() -> None:
    report = _report_with("本年度发生政府信息公开行政复议3件，行政诉讼0件。")
    r16 = [f for f in prose_findings(report) if f.rule == "R16"]
    assert len(r16) == 1
    assert "行政复议3件" in r16[0].message and "表四 行政复议" in r16[0].message
    assert "0 件" in r16[0].message


def test_suit_is_direct_plus_after_review() -> None:
    report = _report_with("政府信息公开行政诉讼2件。")
    report.set_cell("t4.suit_direct.upheld", 1)
    report.set_cell("t4.suit_after_review.pending", 1)
    assert "R16" not in _rules(prose_findings(report))
    report.set_cell("t4.suit_after_review.pending", 0)
    assert "R16" in _rules(prose_findings(report))


def test_received_may_include_carried_in_unless_it_says_not() -> None:
    report = _report_with("全年共收到政府信息公开申请13件。")
    report.set_cell("t3.new.natural", 11)
    report.set_cell("t3.carried_in.natural", 2)
    # Not wrong, but not what 本年新收 says either: a note (INFO) that names both readings.
    r16 = [f for f in prose_findings(report) if f.rule == "R16"]
    assert [f.severity for f in r16] == [Severity.INFO]
    assert "本年新收加上年结转 2 件" in r16[0].message and "含上年结转" in r16[0].message
    report.prose.s1.parts[1].text = "全年共收到政府信息公开申请13件（含上年结转2件）。"
    assert "R16" not in _rules(prose_findings(report))
    report.prose.s1.parts[1].text = "全年共收到政府信息公开申请13件（不含上年结转2件）。"
    r16 = [f for f in prose_findings(report) if f.rule == "R16"]
    assert len(r16) == 1 and "13件" in r16[0].message


def test_fee_is_compared_with_the_info_fee_never_with_table_fees() -> None:
    report = _report_with("本年度收取信息处理费4106元。", heading="（三）信息处理费收取情况")
    report.prose.s6.parts = report.prose.s6.parts[:1]  # the sample's “未收取信息处理费”
    assert report.value("t2.fees") == 4106  # 行政事业性收费 in 万元: unrelated
    report.info_fee_yuan = Decimal(0)
    r16 = [f for f in prose_findings(report) if f.rule == "R16"]
    assert len(r16) == 1 and "信息处理费" in r16[0].message and "0 元" in r16[0].message
    report.info_fee_yuan = Decimal("4106.00")
    assert "R16" not in _rules(prose_findings(report))
    report.info_fee_yuan = None  # blank: nothing to compare with
    assert "R16" not in _rules(prose_findings(report))


def test_blank_cells_are_not_compared() -> None:
    report = _report_with("全年共收到政府信息公开申请12件。")
    report.set_cell("t3.new.legal", None)
    assert "R16" not in _rules(prose_findings(report))


# --- R18 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "flagged"),
    [
        ("s5.lead", "2021年，我县政府信息公开工作虽然取得一定成绩，但也存在一些问题。", "2021"),
        ("s1.lead", "2021年，我县坚持以习近平新时代中国特色社会主义思想为指导。", "2021"),
        ("s1.lead", "2022年，我县政府网站发布信息较2021年增长20%。", None),
        ("s1.lead", "2021年以来，我县持续推进政务公开标准化规范化建设。", None),
        ("s5.lead", "2023年，我县将继续加强政策解读。", None),
        ("s5.lead", "2021年，我县年报中指出的三个问题已全部整改到位。", None),
        ("s5.lead", "上年度存在的问题已整改。下一步，2023年将强化培训。", None),
        ("opening", "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。", "2021"),
        ("opening", "现将我办2021年度政府信息公开情况报告如下。", "2021"),
        ("opening", "本年度报告中所列数据统计期限为2021年1月1日至12月31日。", "2021"),
        ("opening", "本报告所列数据的统计时限自2021年1月1日至2021年12月31日。", "2021"),
        ("opening", "本报告统计数据从2022年1月1日到12月31日止。", None),
        ("s6.heading", "（一）2021年政务公开工作要点落实情况", "2021"),
        ("s5.lead", "下一步，我县将抓好2023年政务公开工作要点落实。", None),
    ],
)
def test_wrong_year(field: str, text: str, flagged: str | None) -> None:
    report = load_report(EXAMPLE)
    if field == "opening":
        report.prose.opening = text
        where = Place.opening()
    elif field == "s6.heading":
        report.prose.s6.parts[0].heading = text
        where = Place.heading(6, 0)
    else:
        number, _ = field.split(".")
        report.prose.section(int(number[1:])).lead = text
        where = Place.parse(f"prose.{field}")
    r18 = [f for f in prose_findings(report) if f.rule == "R18"]
    if flagged is None:
        assert r18 == []
    else:
        assert len(r18) == 1
        assert r18[0].fields == (where,)
        assert _selected(report, r18[0]) == flagged
        assert f"“{text[:12]}" in r18[0].message  # quotes the clause with the year


def test_title_year() -> None:
    report = load_report(EXAMPLE)
    report.prose.title = "盐池县2021年政府信息公开工作年度报告"
    r18 = [f for f in prose_findings(report) if f.rule == "R18"]
    assert len(r18) == 1 and r18[0].fields == (Place.title(),)
    assert _selected(report, r18[0]) == "2021"
    report.prose.title = "盐池县2022年政府信息公开工作年度报告"
    assert "R18" not in _rules(prose_findings(report))


# --- R20 content --------------------------------------------------------------------------------


def test_r20_content_satisfied_and_not_for_departments(yanchi: Report) -> None:
    yanchi.prose.s1.parts[
        4
    ].text += "组织开展政务公开社会评议，对工作不力的单位依规问责，全年未发生责任追究情况。"
    yanchi.prose.s5.lead = "针对上年度报告指出的问题，我县已逐项整改到位。" + yanchi.prose.s5.lead
    assert "R20" not in _rules(prose_findings(yanchi))
    yanchi.meta.org_kind = OrgKind.DEPARTMENT
    yanchi.prose.s1.parts[4].text = "指定专人负责。"
    assert "R20" not in _rules(prose_findings(yanchi))


def test_partly_copied_prose_is_information_with_highlights(yanchi: Report) -> None:
    nxt = _next_year_copy(yanchi)
    _rewrite(nxt)
    nxt.prose.s5.lead = "一是公开质量仍需提升；二是依申请公开答复规范性有待加强。下一步将加强培训。"
    # one of the five parts of 一 kept as last year wrote it
    nxt.prose.s1.parts[0].text = yanchi.prose.s1.parts[0].text
    rep = repetition(nxt, yanchi)
    assert 0.2 <= rep.overall <= 0.5 and rep.by_section[1] <= 0.5
    r21 = [f for f in prose_findings(nxt) if f.rule == "R21"]
    assert len(r21) == 1 and r21[0].severity.value == "info"
    assert {s[0] for s in r21[0].spans} == {Place.text(1, 0)}
    assert f"{rep.overall:.0%}" in r21[0].message


def test_next_year_flow_marks_the_draft_as_copied(yanchi: Report) -> None:
    """``nianbao next`` keeps last year's prose as the draft: R21 warns at once (with the
    repeated sentences to shade) and R18 points at the paragraphs still naming 2022."""
    from desktop.next_year import next_year

    nxt = next_year(yanchi)
    findings = check(nxt)
    r21 = [f for f in findings if f.rule == "R21"]
    assert len(r21) == 1 and r21[0].severity.value == "warning" and r21[0].spans
    r18_fields = {f.fields[0] for f in findings if f.rule == "R18"}
    assert {
        Place.lead(1),
        Place.lead(5),
        Place.heading(6, 0),
    } <= r18_fields
