"""The template against the spec (format-2021.md §2–4): every label character for character,
where it sits, its merge, the grid sizes, the cell ids and which cells are computed.

The spec's tables are retyped here on purpose: this is the independent transcription the
template is checked against."""

from __future__ import annotations

import pytest

from desktop.template import (
    AMOUNT_IDS,
    CELL_BY_ID,
    CELL_IDS,
    CELLS,
    COMPUTED_IDS,
    INPUT_IDS,
    SECTION_TITLES,
    TABLE_BY_KEY,
    TABLES,
    Table,
)

LabelSpec = tuple[int, int, int, int, str]  # row, col, rowspan, colspan, text

T2_LABELS: list[LabelSpec] = [
    (0, 0, 1, 4, "第二十条第（一）项"),
    (1, 0, 1, 1, "信息内容"),
    (1, 1, 1, 1, "本年制发件数"),
    (1, 2, 1, 1, "本年废止件数"),
    (1, 3, 1, 1, "现行有效件数"),
    (2, 0, 1, 1, "规章"),
    (3, 0, 1, 1, "行政规范性文件"),
    (4, 0, 1, 4, "第二十条第（五）项"),
    (5, 0, 1, 1, "信息内容"),
    (5, 1, 1, 3, "本年处理决定数量"),
    (6, 0, 1, 1, "行政许可"),
    (7, 0, 1, 4, "第二十条第（六）项"),
    (8, 0, 1, 1, "信息内容"),
    (8, 1, 1, 3, "本年处理决定数量"),
    (9, 0, 1, 1, "行政处罚"),
    (10, 0, 1, 1, "行政强制"),
    (11, 0, 1, 4, "第二十条第（八）项"),
    (12, 0, 1, 1, "信息内容"),
    (12, 1, 1, 3, "本年收费金额（单位：万元）"),
    (13, 0, 1, 1, "行政事业性收费"),
]
# id, row, col, colspan
T2_CELLS = [
    ("t2.rules.made", 2, 1, 1),
    ("t2.rules.repealed", 2, 2, 1),
    ("t2.rules.valid", 2, 3, 1),
    ("t2.normative.made", 3, 1, 1),
    ("t2.normative.repealed", 3, 2, 1),
    ("t2.normative.valid", 3, 3, 1),
    ("t2.license", 6, 1, 3),
    ("t2.penalty", 9, 1, 3),
    ("t2.coercion", 10, 1, 3),
    ("t2.fees", 13, 1, 3),
]

T3_ITEMS = {
    "（三）不予公开": [
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ],
    "（四）无法提供": [
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
    ],
    "（五）不予处理": [
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
    ],
    "（六）其他处理": [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ],
}
T3_GROUP_KEYS = {"（三）不予公开": "withheld", "（四）无法提供": "unable"}
T3_GROUP_KEYS |= {"（五）不予处理": "rejected", "（六）其他处理": "other"}
T3_COLS = ["natural", "business", "research", "nonprofit", "legal", "other", "total"]


def _t3_spec() -> tuple[list[LabelSpec], list[str]]:
    labels: list[LabelSpec] = [
        (0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        (0, 3, 1, 7, "申请人情况"),
        (1, 3, 2, 1, "自然人"),
        (1, 4, 1, 5, "法人或其他组织"),
        (1, 9, 2, 1, "总计"),
        (2, 4, 1, 1, "商业企业"),
        (2, 5, 1, 1, "科研机构"),
        (2, 6, 1, 1, "社会公益组织"),
        (2, 7, 1, 1, "法律服务机构"),
        (2, 8, 1, 1, "其他"),
        (3, 0, 1, 3, "一、本年新收政府信息公开申请数量"),
        (4, 0, 1, 3, "二、上年结转政府信息公开申请数量"),
        (5, 0, 22, 1, "三、本年度办理结果"),
        (5, 1, 1, 2, "（一）予以公开"),
        (6, 1, 1, 2, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        (26, 1, 1, 2, "（七）总计"),
        (27, 0, 1, 3, "四、结转下年度继续办理"),
    ]
    rows = ["new", "carried_in", "granted", "partial"]
    row = 7
    for group, items in T3_ITEMS.items():
        labels.append((row, 1, len(items), 1, group))
        for i, item in enumerate(items, start=1):
            labels.append((row, 2, 1, 1, item))
            rows.append(f"{T3_GROUP_KEYS[group]}_{i}")
            row += 1
    rows += ["total", "carried_out"]
    return labels, rows


T4_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T4_LABELS: list[LabelSpec] = [
    (0, 0, 1, 5, "行政复议"),
    (0, 5, 1, 10, "行政诉讼"),
    *[(1, i, 2, 1, text) for i, text in enumerate(T4_RESULTS)],
    (1, 5, 1, 5, "未经复议直接起诉"),
    (1, 10, 1, 5, "复议后起诉"),
    *[(2, 5 + i, 1, 1, text) for i, text in enumerate(T4_RESULTS)],
    *[(2, 10 + i, 1, 1, text) for i, text in enumerate(T4_RESULTS)],
]


def _labels(table: Table) -> list[LabelSpec]:
    return sorted((x.row, x.col, x.rowspan, x.colspan, x.text) for x in table.labels)


def test_section_titles() -> None:
    assert SECTION_TITLES == (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    )


def test_grid_sizes() -> None:
    sizes = {t.key: (t.n_rows, t.n_cols) for t in TABLES}
    assert sizes == {"t2": (14, 4), "t3": (28, 10), "t4": (4, 15)}


def test_table2_labels_and_cells() -> None:
    t2 = TABLE_BY_KEY["t2"]
    assert _labels(t2) == sorted(T2_LABELS)
    got = [(c.id, c.row, c.col, c.colspan) for c in t2.cells]
    assert got == T2_CELLS
    assert all(c.rowspan == 1 and not c.computed for c in t2.cells)
    assert AMOUNT_IDS == {"t2.fees"}


def test_table3_labels() -> None:
    labels, _ = _t3_spec()
    assert _labels(TABLE_BY_KEY["t3"]) == sorted(labels)


def test_table3_cells_ids_positions_and_computed() -> None:
    _, rows = _t3_spec()
    t3 = TABLE_BY_KEY["t3"]
    want = [
        (f"t3.{rk}.{ck}", 3 + r, 3 + c, rk == "total" or ck == "total")
        for r, rk in enumerate(rows)
        for c, ck in enumerate(T3_COLS)
    ]
    assert [(c.id, c.row, c.col, c.computed) for c in t3.cells] == want


def test_table4_labels_and_cells() -> None:
    t4 = TABLE_BY_KEY["t4"]
    assert _labels(t4) == sorted(T4_LABELS)
    keys = ["upheld", "corrected", "other", "pending", "total"]
    want = [
        (f"t4.{g}.{k}", 3, 5 * gi + ki, k == "total")
        for gi, g in enumerate(["review", "suit_direct", "suit_after_review"])
        for ki, k in enumerate(keys)
    ]
    assert [(c.id, c.row, c.col, c.computed) for c in t4.cells] == want


@pytest.mark.parametrize("key", ["t2", "t3", "t4"])
def test_every_grid_square_is_covered_exactly_once(key: str) -> None:
    table = TABLE_BY_KEY[key]
    seen: dict[tuple[int, int], int] = {}
    for x in (*table.labels, *table.cells):
        for r in range(x.row, x.row + x.rowspan):
            for c in range(x.col, x.col + x.colspan):
                seen[(r, c)] = seen.get((r, c), 0) + 1
    assert set(seen) == {(r, c) for r in range(table.n_rows) for c in range(table.n_cols)}
    assert set(seen.values()) == {1}


def test_counts() -> None:
    assert len(CELL_IDS) == len(set(CELL_IDS)) == 200
    assert len(INPUT_IDS) == 166
    assert len(COMPUTED_IDS) == 34
    per_table = {t.key: (sum(not c.computed for c in t.cells), len(t.cells)) for t in TABLES}
    assert per_table == {"t2": (10, 10), "t3": (144, 175), "t4": (12, 15)}


def test_computed_cells_sum_the_right_inputs() -> None:
    _, rows = _t3_spec()
    results = rows[2:23]
    assert len(results) == 21
    apps = T3_COLS[:6]
    for c in CELLS:
        if not c.computed:
            assert c.sources == ()
            continue
        parts = c.id.split(".")
        if c.table == "t4":
            want = {f"t4.{parts[1]}.{k}" for k in ("upheld", "corrected", "other", "pending")}
        elif parts[1] == "total" and parts[2] == "total":
            want = {f"t3.{r}.{a}" for r in results for a in apps}
        elif parts[1] == "total":
            want = {f"t3.{r}.{parts[2]}" for r in results}
        else:
            want = {f"t3.{parts[1]}.{a}" for a in apps}
        assert set(c.sources) == want, c.id
        assert len(c.sources) == len(want)
        assert all(not CELL_BY_ID[s].computed for s in c.sources)


def test_examples_of_ids_from_the_spec() -> None:
    for cid in ("t2.rules.made", "t3.withheld_4.legal", "t4.review.total", "t3.total.total"):
        assert cid in CELL_BY_ID
    assert CELL_BY_ID["t3.withheld_4.legal"].describe() == (
        "表三 （三）不予公开4.保护第三方合法权益 / 法律服务机构"
    )
