"""What source documents print instead of the template's own words: the 2019 trial template's
labels and the header words that mark a table. The importer reads these; nothing else outside
``desktop.template`` spells table text (tests/core/test_template_literals.py)."""

from __future__ import annotations

# Words of the tables' headers: a line with one of them is part of a table, not its intro.
TABLE_HEADER_WORDS: tuple[str, ...] = (
    "勾稽",
    "第二十条",
    "信息内容",
    "申请人情况",
    "行政复议",
    "行政诉讼",
    "自然人",
)

# Table 二 of the 2019 trial template (国办公开办函〔2019〕60号): markers only it prints. The
# first two are its column headers (本年新制作数量 … 对外公开总数量).
OLD_T2_MARKERS: tuple[str, ...] = (
    "本年新制作数量",
    "对外公开总数量",
    "其他对外管理服务事项",
    "第二十条第(九)项",
    "政府集中采购",
)
# Its rows that have no place in the 2021 table.
OLD_T2_DROPPED_ROWS: tuple[str, ...] = ("其他对外管理服务事项", "政府集中采购")
# Its column headers of the 第（五）(六)(八)项 blocks (上一年项目数量 / 本年增/减 / 处理决定数量).
OLD_T2_BLOCK_COLUMNS: tuple[str, ...] = ("上一年项目数量", "本年增/减")
# 2019's name of the row the 2021 table calls 行政规范性文件.
OLD_T2_NORMATIVE = "规范性文件"
