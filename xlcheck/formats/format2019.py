"""The 2019 trial format (国办公开办函〔2019〕60号) as data: what differs from 2021, the rest reused.

Reports for 2019 and 2020 were made in it; 30号 replaced it for reports for 2021 onwards (FORMAT.md).
It differs from the 2021 format (``format2021.py``) in two tables only:

- table 二 (FORMAT.md「The older 2019 trial format of table 二」): five blocks, 第二十条第（一）（五）（六）（八）
  （九）项, with the 2019 columns and rows. 本年增/减 is signed (SIGNED_COUNT: a real report printed
  -417). 采购总金额 is printed without a unit; it is an AMOUNT in 万元 like 2021's fee (see
  rules.VARIANTS_2019["NUM-AMOUNT"] for why), so a unit typed into the cell is NUM-AMOUNT;
- table 三: （六）其他处理 is a single row (23 rows; 三、本年度办理结果 spans 20).

Table 三's columns and other rows, table 四, the cover and the narrative are 2021's own objects, so
their labels and field ids are the same in both formats (``t3.new.natural``, ``t4.review_total``…).
"""

from __future__ import annotations

from dataclasses import replace

from . import format2021 as f21
from .rules import CATALOG, VARIANTS_2019
from .spec import AMOUNT, SIGNED_COUNT, Axis, Format, Grid

# ---------------------------------------------------------------- table 二

_ITEM_1, _ITEM_5, _ITEM_6, _ITEM_8 = f21.TABLE2  # 第二十条第（一）（五）（六）（八）项 as 2021 prints them
_RULES, _NORMATIVE_2021 = _ITEM_1.rows  # 规章; 行政规范性文件 (2019: 规范性文件, the same row)
_DECISIONS_2021 = _ITEM_5.cols[0]  # 本年处理决定数量 (2019: 处理决定数量, the same column)

_LAST_YEAR = Axis("last_year", ("上一年项目数量",))
_CHANGE = Axis("change", ("本年增/减",), kind=SIGNED_COUNT)
_DECISIONS = Axis(_DECISIONS_2021.key, ("处理决定数量",))  # the same column: the same field ids

TABLE2 = (
    Grid(
        "t2",
        caption=_ITEM_1.caption,
        corner=_ITEM_1.corner,
        rows=(_RULES, Axis(_NORMATIVE_2021.key, ("规范性文件",))),
        cols=(
            Axis("made", ("本年新制作数量",)),
            Axis("published", ("本年新公开数量",)),
            Axis("public_total", ("对外公开总数量",)),
        ),
        width=3,
    ),
    Grid(
        "t2",
        caption=_ITEM_5.caption,
        corner=_ITEM_1.corner,
        rows=(*_ITEM_5.rows, Axis("other_services", ("其他对外管理服务事项",))),
        cols=(_LAST_YEAR, _CHANGE, _DECISIONS),
        width=3,
    ),
    Grid(
        "t2",
        caption=_ITEM_6.caption,
        corner=_ITEM_1.corner,
        rows=_ITEM_6.rows,
        cols=(_LAST_YEAR, _CHANGE, _DECISIONS),
        width=3,
    ),
    Grid("t2", caption=_ITEM_8.caption, corner=_ITEM_1.corner, rows=_ITEM_8.rows, cols=(_LAST_YEAR, _CHANGE), width=3),
    Grid(
        "t2",
        caption="第二十条第（九）项",
        corner=_ITEM_1.corner,
        rows=(Axis("procurement", ("政府集中采购",)),),
        cols=(Axis("projects", ("采购项目数量",)), Axis("amount", ("采购总金额",), kind=AMOUNT)),
        width=3,
    ),
)

# ---------------------------------------------------------------- table 三

_OTHER_2021 = tuple(r for r in f21.T3_OUTCOME_ROWS if r.key.startswith("other_"))  # （六） 1–3
OTHER = Axis("other", _OTHER_2021[0].path[:-1])  # 三、本年度办理结果 › （六）其他处理, one row
T3_OUTCOME_ROWS = (*(r for r in f21.T3_OUTCOME_ROWS if r not in _OTHER_2021), OTHER)
T3_ROWS = tuple(OTHER if r is _OTHER_2021[0] else r for r in f21.T3_ROWS if r not in _OTHER_2021[1:])
TABLE3 = replace(f21.TABLE3, rows=T3_ROWS)

SHEETS = tuple(
    replace(s, blocks={f21.TABLE2: TABLE2, (f21.TABLE3,): (TABLE3,)}.get(s.blocks, s.blocks)) for s in f21.SHEETS
)

# ---------------------------------------------------------------- rules

_OUTCOME_KEYS = tuple(r.key for r in T3_OUTCOME_ROWS)
SUM_RULES = tuple(replace(r, right=_OUTCOME_KEYS) if r.rule == "T3-OUTCOMES" else r for r in f21.SUM_RULES)

# Rules of the catalog the 2019 format does not have, and why.
NOT_IN_2019 = {
    # The 信息处理费 regime (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号) took effect on
    # 2021-01-01; the 2019 format's 六、其他需要报告的事项 asks no fee statement.
    "SEC6-FEE",
    # Table 二 of 2019 has no 本年废止件数 nor 现行有效件数 to roll forward.
    "XYEAR-VALID",
    # A 汇总 (aggregate.py) sums reports in the 2021 format only.
    "AGG-SUM",
}
RULES = tuple(VARIANTS_2019.get(r.id, r) for r in CATALOG if r.id not in NOT_IN_2019)
CROSS_YEAR_RULES = tuple(r for r in f21.CROSS_YEAR_RULES if r.rule not in NOT_IN_2019)


# ---------------------------------------------------------------- the 2021 labels met in a 2019 layout


def _labels(grids) -> list[str]:
    """Every label text the grids print, in order."""
    out = [t for g in grids for t in (g.caption, g.corner) if t]
    return out + [p for g in grids for axis in (*g.rows, *g.cols) for p in axis.path]


_SAME = tuple(
    (new, old) for old, new in f21.FORMAT_2021.older_labels if new is not None
)  # 行政规范性文件 -> 规范性文件
_OURS = set(_labels((*TABLE2, TABLE3)))
_NEWER = tuple(
    (label, None)
    for label in dict.fromkeys(_labels((*f21.TABLE2, f21.TABLE3)))
    if label not in _OURS and label not in dict(_SAME)
)

FORMAT_2019 = Format(
    id="2019",
    name="国办公开办函〔2019〕60号",
    template_version=1,
    sheets=SHEETS,
    sum_rules=SUM_RULES,
    rules=RULES,
    fee_words=(),
    fee_field=None,
    agency_field=f21.AGENCY,
    year_field=f21.YEAR_FIELD,
    first_year=f21.FORMAT_2021.first_year,
    applies_from=2019,
    applies_to=2020,
    amount_name="采购总金额",
    title="2019 年试行格式（国办公开办函〔2019〕60号）",
    title_en="the 2019 trial format (国办公开办函〔2019〕60号)",
    older_labels=(*_SAME, *_NEWER),
    older_name=f21.FORMAT_2021.title,
    cross_year_rules=CROSS_YEAR_RULES,
)
