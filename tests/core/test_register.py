"""The register (申请台账, 复议/诉讼 cases): derivation of tables 三 and 四, the 由台账生成 mode,
R22/R23, the schema migration, next year's carry and the 报送副本."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import project_file as pf
from desktop.next_year import plan_next_year
from desktop.register.derive import T3_DERIVED_IDS, derive_t3, derive_t4
from desktop.register.model import (
    ApplicantKind,
    Application,
    Case,
    CaseCategory,
    CaseKind,
    Register,
)
from desktop.register.sync import (
    apply_register,
    placeholder_rows,
    t3_is_blank,
    without_register,
)
from desktop.report import Report, new_report
from desktop.rules import table_findings
from desktop.template import T3_APPLICANT_KEYS, T3_RESULT_KEYS

Y = 2025
K = ApplicantKind


def app(
    i: str,
    received: str,
    kind: K = K.NATURAL,
    result: str | None = None,
    answered: str | None = None,
    **kw: object,
) -> Application:
    return Application(
        id=i,
        received=date.fromisoformat(received),
        kind=kind,
        result=result,
        answered=date.fromisoformat(answered) if answered else None,
        **kw,  # type: ignore[arg-type]
    )


def test_derivation_counts_new_carried_results_and_carry_out() -> None:
    reg = Register(
        applications=[
            app("a", "2025-03-01", result="granted", answered="2025-03-20"),
            # crosses 31 December: received in Y, answered in Y+1 → 新收 and 结转下年度
            app("b", "2025-12-20", K.BUSINESS, result="partial", answered="2026-01-10"),
            # carried in from Y-1 and answered in Y → 上年结转 and its result row
            app("c", "2024-12-25", result="withheld_4", answered="2025-01-15"),
            # received and answered in Y-1: not in this year's table
            app("d", "2024-05-01", result="granted", answered="2024-05-20"),
            # carried in and still open at the end of Y
            app("e", "2024-12-30", K.LEGAL),
            # received in Y+1: not counted
            app("f", "2026-01-02"),
        ]
    )
    d = derive_t3(reg, Y)
    c = d.cells
    assert c["t3.new.natural"] == 1 and c["t3.carried_in.natural"] == 1
    assert c["t3.granted.natural"] == 1 and c["t3.withheld_4.natural"] == 1
    assert c["t3.new.business"] == 1 and c["t3.carried_out.business"] == 1
    assert c["t3.partial.business"] == 0
    assert c["t3.carried_in.legal"] == 1 and c["t3.carried_out.legal"] == 1
    assert sum(v for v in c.values() if v) == 8  # a, b, c, e counted: 2 cells each
    assert d.sources["t3.carried_in.natural"] == [2]
    assert d.problems == []
    # the next year sees b and e carried in, b answered as 部分公开
    c26 = derive_t3(reg, 2026).cells
    assert c26["t3.carried_in.business"] == 1 and c26["t3.partial.business"] == 1
    assert c26["t3.carried_in.legal"] == 1 and c26["t3.new.natural"] == 1


def test_a_row_that_cannot_be_placed_blanks_its_column_and_is_listed() -> None:
    reg = Register(
        applications=[
            app("ok", "2025-02-01", K.RESEARCH, result="granted", answered="2025-02-10"),
            app("x", "2025-02-01", result="granted"),  # result but no 答复日期
        ]
    )
    d = derive_t3(reg, Y)
    assert all(d.cells[f"t3.{rk}.natural"] is None for rk in ("new", "granted", "carried_out"))
    assert d.cells["t3.granted.research"] == 1
    assert [p.id for p in d.problems] == ["x"]


def test_table_four_counts_cases_by_their_state_on_31_december() -> None:
    reg = Register(
        cases=[
            Case(
                id="1",
                kind=CaseKind.REVIEW,
                received=date(2025, 3, 1),
                decision="维持",
                decided=date(2025, 5, 1),
            ),
            Case(
                id="2",
                kind=CaseKind.REVIEW,
                received=date(2025, 11, 1),
                decision="撤销",
                decided=date(2026, 1, 20),
            ),  # decided after Y → 尚未审结 in Y
            Case(
                id="3",
                kind=CaseKind.SUIT_DIRECT,
                received=date(2024, 10, 1),
                decision="确认违法",
                decided=date(2025, 2, 1),
            ),  # carried in, decided in Y
            Case(
                id="4",
                kind=CaseKind.SUIT_AFTER_REVIEW,
                received=date(2024, 1, 1),
                decision="撤诉",
                decided=date(2024, 6, 1),
            ),  # decided before Y: not counted
            Case(
                id="5",
                kind=CaseKind.SUIT_AFTER_REVIEW,
                received=date(2025, 1, 1),
                decision="调解",
                decided=date(2025, 6, 1),
                category=CaseCategory.CORRECTED,
            ),
        ]
    )
    c = derive_t4(reg, Y).cells
    assert c["t4.review.upheld"] == 1 and c["t4.review.pending"] == 1
    assert c["t4.suit_direct.corrected"] == 1
    assert c["t4.suit_after_review.corrected"] == 1  # the per-case override wins
    assert c["t4.suit_after_review.other"] == 0
    # a decision word not in the mapping is not guessed: the group stays blank
    reg.cases.append(
        Case(
            id="6",
            kind=CaseKind.REVIEW,
            received=date(2025, 4, 1),
            decision="不予受理",
            decided=date(2025, 4, 9),
        )
    )
    d = derive_t4(reg, Y)
    assert d.cells["t4.review.upheld"] is None and [p.id for p in d.problems] == ["6"]
    reg.decision_map = {"不予受理": CaseCategory.OTHER}
    assert derive_t4(reg, Y).cells["t4.review.other"] == 1


def _generated(apps: list[Application]) -> Report:
    r = new_report("测试局", Y)
    r.ledger = Register(applications=apps, t3_generated=True)
    apply_register(r)
    return r


def test_generated_mode_writes_the_cells_that_dump_and_rules_read() -> None:
    r = _generated([app("a", "2025-03-01", result="granted", answered="2025-03-20")])
    assert r.cells["t3.new.natural"] == 1 and r.value("t3.total.natural") == 1
    assert r.value("t3.total.total") == 1 and r.cells["t3.carried_in.business"] == 0
    assert not [f for f in table_findings(r) if f.rule in ("R1", "R2", "R3", "R22")]
    r.ledger.applications.append(app("b", "2025-04-01", K.BUSINESS))
    assert apply_register(r) == ["t3.new.business", "t3.carried_out.business"]


applications = st.builds(
    Application,
    id=st.uuids().map(str),
    received=st.dates(date(2023, 6, 1), date(2026, 6, 1)),
    kind=st.sampled_from(list(K)),
    result=st.one_of(st.none(), st.sampled_from(T3_RESULT_KEYS)),
    answered=st.one_of(st.none(), st.dates(date(2023, 6, 1), date(2026, 12, 31))),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(applications, max_size=40))
def test_property_derived_table_three_satisfies_r1_and_every_total(
    apps: list[Application],
) -> None:
    r = _generated(apps)
    vals = r.values()
    problems_by_col = {a.kind.column for a in apps if derive_t3(r.ledger, Y).problems}
    for col in (*T3_APPLICANT_KEYS, "total"):
        n, p, t, f = (vals[f"t3.{k}.{col}"] for k in ("new", "carried_in", "total", "carried_out"))
        if n is None:
            assert col == "total" or col in problems_by_col
            continue
        assert n + p == t + f  # R1
        assert t == sum(vals[f"t3.{k}.{col}"] for k in T3_RESULT_KEYS)  # R2
    for rk in ("new", "carried_in", "granted", "carried_out"):
        if all(vals[f"t3.{rk}.{c}"] is not None for c in T3_APPLICANT_KEYS):
            assert vals[f"t3.{rk}.total"] == sum(vals[f"t3.{rk}.{c}"] for c in T3_APPLICANT_KEYS)
    assert not [f for f in table_findings(r) if f.rule in ("R1", "R2", "R3")]


def test_r22_warns_cell_by_cell_where_typed_table_three_disagrees() -> None:
    r = new_report("测试局", Y)
    r.ledger = Register(
        applications=[app("a", "2025-03-01", result="granted", answered="2025-03-20")]
    )
    r.cells["t3.new.natural"] = 2
    r.cells["t3.granted.natural"] = 1
    found = [f for f in table_findings(r) if f.rule == "R22"]
    assert [f.cells for f in found] == [("t3.new.natural",)]
    assert "自然人" in found[0].message and "2" in found[0].message and "1" in found[0].message


def test_r23_lists_late_answers_and_asks_section_five_to_mention_them() -> None:
    # received Tue 2025-06-03: due Tue 2025-07-01 (hand-counted in test_workdays.py)
    r = new_report("测试局", Y)
    r.ledger = Register(
        applications=[
            app("late", "2025-06-03", result="granted", answered="2025-07-02"),
            app("ontime", "2025-06-03", result="granted", answered="2025-07-01"),
        ]
    )
    found = [f for f in table_findings(r) if f.rule == "R23"]
    assert len(found) == 1 and "late" in found[0].message and "ontime" not in found[0].message
    assert "尚未提及" in found[0].message
    r.prose.s5.lead = "个别申请逾期答复，今后加强督办。"
    assert "尚未提及" not in next(f for f in table_findings(r) if f.rule == "R23").message


def test_first_year_register_without_carried_rows_is_found_and_placeholders_fix_it() -> None:
    last = new_report("测试局", 2024)
    for col in T3_APPLICANT_KEYS:
        last.cells[f"t3.carried_out.{col}"] = 0
    last.cells["t3.carried_out.natural"] = 2
    last.cells["t3.carried_out.legal"] = 1
    r = plan_next_year(last).report
    r.ledger.applications.append(app("a", "2025-03-01", result="granted", answered="2025-03-20"))
    found = [f for f in table_findings(r) if f.rule == "R22" and "占位" in f.message]
    assert len(found) == 1 and "3 件" in found[0].message
    rows = placeholder_rows(r)
    assert [a.kind for a in rows] == [K.NATURAL, K.NATURAL, K.LEGAL]
    assert all(a.placeholder and a.received == date(2024, 12, 31) for a in rows)
    r.ledger.applications.extend(rows)
    assert not [f for f in table_findings(r) if "占位" in f.message and f.rule == "R22"]
    r.ledger.t3_generated = True
    apply_register(r)
    assert r.cells["t3.carried_in.natural"] == 2 and r.cells["t3.carried_out.legal"] == 1


def test_a_table_three_carried_by_next_year_still_counts_as_blank() -> None:
    last = new_report("测试局", 2024)
    last.cells["t3.carried_out.natural"] = 2
    r = plan_next_year(last).report
    assert t3_is_blank(r)
    r.cells["t3.new.natural"] = 5
    assert not t3_is_blank(r)


def test_next_year_carries_open_applications_and_undecided_cases_only() -> None:
    last = new_report("测试局", 2025)
    last.ledger = Register(
        applications=[
            app("done", "2025-03-01", result="granted", answered="2025-03-20"),
            app("open", "2025-12-20"),
            app("late", "2025-12-22", result="granted", answered="2026-01-05"),
        ],
        cases=[
            Case(id="c1", kind=CaseKind.REVIEW, received=date(2025, 5, 1)),
            Case(
                id="c2",
                kind=CaseKind.REVIEW,
                received=date(2025, 5, 1),
                decision="维持",
                decided=date(2025, 7, 1),
            ),
        ],
        t3_generated=True,
    )
    plan = plan_next_year(last)
    assert [a.id for a in plan.report.ledger.applications] == ["open", "late"]
    assert [c.id for c in plan.report.ledger.cases] == ["c1"]
    assert plan.report.previous is not None and plan.report.previous.ledger.empty
    assert plan.report.cells["t3.carried_in.natural"] == 2  # generated mode: derived at once
    assert plan.report.cells["t3.granted.natural"] == 1


def test_submit_copy_drops_the_register_and_keeps_the_derived_cells() -> None:
    r = _generated(
        [
            app(
                "a",
                "2025-03-01",
                result="granted",
                answered="2025-03-20",
                applicant="张三丰",
                content="某某小区规划许可",
            )
        ]
    )
    copy = without_register(r)
    assert copy.ledger.empty and not copy.ledger.t3_generated
    assert copy.cells == r.cells and not r.ledger.empty
    text = pf.report_to_json(copy)
    assert "张三丰" not in text and "某某小区" not in text


# --- the file: schema 2, migration from 1, refusal by an older build --------------------------


def test_register_round_trips_through_the_file(tmp_path: Path) -> None:
    r = _generated(
        [
            app(
                "a",
                "2025-03-01",
                result="granted",
                answered="2025-03-20",
                applicant="张三",
                fee_yuan="12.50",
            )
        ]
    )
    r.ledger.cases.append(Case(id="c", kind=CaseKind.SUIT_DIRECT, received=date(2025, 1, 2)))
    path = tmp_path / "r.nianbao"
    pf.save_report(r, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema_version"] == 2 and doc["ledger"]["t3_generated"] is True
    back = pf.load_report(path)
    assert back.ledger == r.ledger and back.cells == r.cells
    assert str(back.ledger.applications[0].fee_yuan) == "12.50"


def test_a_version_one_file_migrates_without_a_register() -> None:
    v1 = {
        "format": "nianbao-report",
        "schema_version": 1,
        "meta": {"year": 2022},
        "previous": {"meta": {"year": 2021}},
    }
    r = pf.report_from_json(json.dumps(v1))
    assert r.ledger.empty and not r.ledger.t3_generated
    assert r.previous is not None and r.previous.ledger.empty


def test_an_older_build_refuses_a_register_file_with_please_upgrade(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r = _generated([app("a", "2025-03-01")])
    text = pf.report_to_json(r)
    monkeypatch.setattr(pf, "SCHEMA_VERSION", 1)  # the build before the register
    with pytest.raises(pf.ProjectFileError, match="请升级"):
        pf.report_from_json(text, "新.nianbao")


def test_duplicate_ids_in_a_file_are_refused() -> None:
    doc = json.loads(pf.report_to_json(_generated([app("a", "2025-03-01")])))
    doc["ledger"]["applications"].append(doc["ledger"]["applications"][0])
    with pytest.raises(pf.ProjectFileError, match="重复"):
        pf.report_from_json(json.dumps(doc, ensure_ascii=False))


def test_ids_are_offered_one_past_the_largest() -> None:
    reg = Register(applications=[app("2025-007", "2025-01-01"), app("x", "2025-01-01")])
    assert reg.next_application_id(2025) == "2025-008"
    assert Register().next_application_id(2025) == "2025-001"
    assert T3_DERIVED_IDS[0] == "t3.new.natural" and timedelta(0) == timedelta(0)
