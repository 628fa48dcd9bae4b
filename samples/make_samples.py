"""Regenerate the bundled samples from the template, so they never drift from it.

    python samples/make_samples.py

- 石嘴山市民政局_2021.xlsx: the seed report (source/shizuishan_mzj_2021.txt), its numbers placed
  in the 2021 layout. It checks clean.
- 常见错误示例.xlsx: a fictional county office's report with the mistakes real reports make,
  typed in with openpyxl as staff would; it shows every error rule at least once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from xlcheck import make_template  # noqa: E402
from xlcheck.formats.format2021 import FORMAT_2021, T3_COLS, T3_ROWS, T4_COLS  # noqa: E402
from xlcheck.formats.spec import layout  # noqa: E402

SEED = HERE / "source" / "shizuishan_mzj_2021.txt"
CLEAN = HERE / "石嘴山市民政局_2021.xlsx"
MISTAKES = HERE / "常见错误示例.xlsx"
LAYOUT = layout(FORMAT_2021)


def section(text: str, heading: str, next_heading: str | None) -> str:
    body = text.split(heading, 1)[1]
    if next_heading:
        body = body.split(next_heading, 1)[0]
    return body.replace("**", "").strip()


def seed_values() -> dict[str, object]:
    """The seed report's figures, in 2021 field ids.

    The seed cites 30号 but printed the 2019 table 二; where the 2019 columns mean the same thing
    they are carried over (本年新制作数量 -> 本年制发件数, 对外公开总数量 -> 现行有效件数,
    处理决定数量 -> 本年处理决定数量). The 2021 cells with no 2019 counterpart are 0 because
    the seed shows nothing to repeal or collect: no regulations or normative documents at all
    (对外公开总数量 0) and no fee items (行政事业性收费 上一年项目数量 0, 本年增/减 0).
    Tables 三 and 四 are all 0 in the seed (共收到政府信息公开申请0件).
    """
    values: dict[str, object] = {fid: 0 for fid in LAYOUT.fields if fid.startswith(("t2.", "t3.", "t4."))}
    values["t2.licensing.decisions"] = 1  # 行政许可: 处理决定数量 1
    text = SEED.read_text(encoding="utf-8")
    values.update(
        {
            "meta.agency": "石嘴山市民政局",
            "meta.year": 2021,
            "meta.address": "石嘴山市大武口区新区信息科技大楼16楼",
            "meta.postcode": "753000",
            "meta.phone": "0952-2013884",
            "meta.email": "mzj884@163.com",
            "meta.website": "http://mzj.shizuishan.gov.cn/",
            "text.overview": section(text, "一、总体情况", "二、主动公开政府信息情况"),
            "text.problems": section(text, "五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
            "text.other": section(text, "六、其他需要报告的事项", None),
        }
    )
    # Totals stay formulas: the template sums them.
    return {fid: v for fid, v in values.items() if fid not in LAYOUT.totals}


def consistent_values() -> dict[str, object]:
    """A fictional county office's consistent figures, the base the mistakes are typed into."""
    t3 = {
        "new": [120, 6, 0, 1, 2, 1],
        "carried_in": [5, 0, 0, 0, 0, 0],
        "open": [40, 2, 0, 0, 1, 0],
        "partial": [18, 1, 0, 0, 0, 0],
        "deny_2": [3, 0, 0, 0, 0, 0],
        "deny_4": [2, 0, 0, 0, 0, 0],
        "deny_6": [4, 0, 0, 0, 0, 0],
        "unable_1": [30, 2, 0, 1, 1, 0],
        "unable_2": [2, 0, 0, 0, 0, 0],
        "reject_1": [8, 0, 0, 0, 0, 0],
        "reject_2": [3, 0, 0, 0, 0, 0],
        "other_1": [2, 0, 0, 0, 0, 0],
        "other_3": [6, 1, 0, 0, 0, 1],
        "carry_out": [7, 0, 0, 0, 0, 0],
    }
    values: dict[str, object] = {}
    applicants = [col for col in T3_COLS if col.key != "total"]
    for row in T3_ROWS:
        for col, n in zip(applicants, t3.get(row.key, [0] * 6), strict=True):
            values[f"t3.{row.key}.{col.key}"] = n
    results = {"review": [3, 1, 1, 1], "suit_direct": [1, 0, 0, 1], "suit_after_review": [0, 0, 0, 0]}
    for col in T4_COLS:
        group, _, result = col.key.rpartition("_")
        if result != "total":
            values[f"t4.{col.key}"] = results[group][["upheld", "corrected", "other", "pending"].index(result)]
    values.update(
        {
            "t2.rules.issued": 0,
            "t2.rules.repealed": 0,
            "t2.rules.valid": 0,
            "t2.normative.issued": 4,
            "t2.normative.repealed": 2,
            "t2.normative.valid": 31,
            "t2.licensing.decisions": 1520,
            "t2.penalty.decisions": 230,
            "t2.coercion.decisions": 6,
            "t2.fees.amount": 12.3456,
            "meta.agency": "示例县某某局",
            "meta.year": 2025,
            "text.overview": "2025年，本局认真贯彻《中华人民共和国政府信息公开条例》……（示例）",
            "text.problems": "一是公开内容的解读不够生动；二是……（示例）",
            "text.other": "本机关2025年未收取信息处理费。（示例）",
        }
    )
    return values


# The mistakes staff really make, typed over the consistent base: (field id, value, what it shows).
MISTAKES_TYPED = [
    ("meta.agency", None, "META-AGENCY: 机关名称 left empty"),
    ("meta.year", "2025年度", "META-YEAR: the year typed with words"),
    ("text.problems", None, "SEC-TEXT: section 五 left empty"),
    ("text.other", "按照要求，本机关做好了人大代表建议和政协提案办理结果公开工作。", "SEC6-FEE: no word on 信息处理费"),
    ("t2.rules.repealed", "/", "NUM-COUNT: a placeholder in a count cell"),
    ("t2.normative.issued", "22（其中修订16件）", "NUM-COUNT: words in a count cell"),
    ("t2.fees.amount", "12.3456 万元", "NUM-AMOUNT: the unit typed into the fee"),
    ("t2.penalty.decisions", -3, "NUM-COUNT: a negative count"),
    ("t3.new.business", "６", "CELL-TEXTNUM: a full-width digit stored as text"),
    ("t3.new.total", 131, "T3-ROWTOTAL: a row total typed over its formula, and off by one"),
    ("t3.open.research", None, "CELL-BLANK: a cell left empty instead of 0"),
    ("t3.total.natural", 117, "T3-OUTCOMES: (七)总计 typed by hand, and wrong"),
    ("t3.carry_out.legal", 1, "T3-BALANCE: carried over although the column is settled"),
    ("t4.suit_after_review_upheld", "=1+1", "CELL-FORMULA: a formula with no saved result"),
    ("t2.coercion.decisions", "#DIV/0!", "CELL-FORMULA: an error value pasted into a cell"),
    ("t4.review_total", 5, "T4-TOTAL: 行政复议 总计 not the sum of its results"),
]
# A label overwritten with the 2019 wording, as when last year's table is pasted in.
MISTAKES_LABELS = [("表二", "A5", "规范性文件", "LAYOUT: the 2019 label instead of 行政规范性文件")]


def make_clean(path: Path = CLEAN) -> Path:
    return make_template(path, values=seed_values())


def make_mistakes(path: Path = MISTAKES) -> Path:
    base = {k: v for k, v in consistent_values().items() if k not in LAYOUT.totals}
    make_template(path, values=base)
    wb = openpyxl.load_workbook(path)
    for fid, value, _ in MISTAKES_TYPED:
        field = LAYOUT.fields[fid]
        wb[field.sheet][field.cell] = value
    for sheet, cell, text, _ in MISTAKES_LABELS:
        ws = wb[sheet]
        ws[cell] = text
    wb.save(path)
    return path


def main() -> None:
    for path in (make_clean(), make_mistakes()):
        print(path.relative_to(HERE.parent))


if __name__ == "__main__":
    main()
