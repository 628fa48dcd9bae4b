"""The 汇总 workbook: the template filled with the units' sums, and a sheet 「汇总来源」 listing every unit."""

from __future__ import annotations

import itertools
import math
from os import PathLike
from pathlib import Path
from typing import Any

from ..aggregate import VERDICTS, Aggregate
from ..formats.format2021 import FORMAT_2021, OTHER_MATTERS, OVERVIEW, PROBLEMS
from ..formats.spec import SOURCES_SHEET, text_width
from ..values import xml_text
from .template import make_template

SOURCES_COLUMNS = ("文件", "机关名称", "报告年度", "结论", "错误数", "警告数", "是否纳入", "原因")
SOURCES_COLUMNS_EN = ("file", "agency", "year", "verdict", "errors", "warnings", "summed", "reason")
INCLUDED = "纳入"
SUMMED = {"zh": (INCLUDED, "未纳入"), "en": ("summed", "not summed")}
SOURCES_WIDTHS = (40, 28, 9, 9, 7, 7, 9, 70)
HEAD_ROW = 1  # 0-based: a title row above the column names


def narratives(agg: Aggregate, agency: str) -> dict[str, str]:
    """Sections 一, 五, 六 of a 汇总: what it is and where the rest is, stated as facts.

    A 汇总 is the jurisdiction's statistics; its narrative is the office's to write over these (the
    cells stay editable). Section 六 names 信息处理费, as SEC6-FEE asks, by saying where it is reported.
    """
    n, refused = len(agg.included), len(agg.refused)
    also = f"另有 {refused} 个文件未纳入，原因见同一工作表。" if refused else ""
    return {
        OVERVIEW: (
            f"本报告是{agency}{agg.year}年度政府信息公开工作年度报告的统计汇总：表二、表三、表四的每个填报单元格"
            f"为 {n} 个单位报告对应单元格之和，合计为模板公式。纳入的单位见「{SOURCES_SHEET}」工作表。{also}"
        ),
        PROBLEMS: f"各单位存在的主要问题及改进情况，见所汇总的 {n} 个单位各自的年度报告。",
        OTHER_MATTERS: (
            f"各单位是否收取信息处理费及其金额，见所汇总的 {n} 个单位各自年度报告的第六部分；"
            "表二「行政事业性收费」为各单位收费金额之和（万元）。"
        ),
    }


def write_aggregate(path: str | PathLike[str], agg: Aggregate, agency: str, lang: str = "zh") -> Path:
    """Write the 汇总 of ``agg`` for ``agency`` to ``path`` (replacing a file there); return the path.

    A workbook of the template (``make_template``) with the sums in the input cells of tables 二, 三,
    四 (counts as whole numbers, the fee as its exact decimal sum), the totals as the template's
    formulas, 机关名称 ``agency``, 报告年度 ``agg.year``, sections 一, 五, 六 from ``narratives``, and a
    sheet 「汇总来源」 after 「校验结果」: one row per unit, summed or not and why. ``xlcheck check``
    reads it as any report (汇总来源 is one of xlcheck's own sheets, never searched for tables).
    Raises ``OSError`` when ``path`` cannot be written.
    """
    values: dict[str, Any] = dict(agg.sums)
    values.update(narratives(agg, agency))
    return make_template(
        path,
        agency=agency,
        year=agg.year,
        values=values,
        fmt=FORMAT_2021,
        add_sheets=lambda wb: _sources(wb, agg, agency, lang),
    )


def _sources(wb, agg: Aggregate, agency: str, lang: str = "zh") -> None:
    """The sheet 「汇总来源」 (its name is the format's, in either language): one row per unit."""
    zh = lang == "zh"
    ws = wb.add_worksheet(SOURCES_SHEET)
    base = {"font_name": "宋体", "font_size": 11, "valign": "top", "border": 1}
    head = wb.add_format({**base, "bold": True, "bg_color": "#D9D9D9", "align": "center"})
    text = wb.add_format({**base, "text_wrap": True})
    number = wb.add_format({**base, "align": "center"})
    refused = wb.add_format({**base, "align": "center", "font_color": "#9C0006", "bg_color": "#FFC7CE"})
    title = wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True, "valign": "vcenter"})
    for i, width in enumerate(SOURCES_WIDTHS):
        ws.set_column(i, i, width)
    n, refused_n = len(agg.included), len(agg.refused)
    heading = (
        f"{agency}{agg.year}年度汇总来源：纳入 {n} 个单位，未纳入 {refused_n} 个文件"
        if zh
        else f"Sources of {agency}'s {agg.year} 汇总 (sum of units): {n} unit(s) summed, {refused_n} file(s) not"
    )
    ws.write_string(0, 0, xml_text(heading), title)
    ws.set_row(0, 24)
    ws.write_row(HEAD_ROW, 0, SOURCES_COLUMNS if zh else SOURCES_COLUMNS_EN, head)
    for row, unit in enumerate(agg.units, HEAD_ROW + 1):
        r = unit.report
        path = xml_text(r.path)  # a name may carry bytes no encoding names, or control characters
        ws.write_string(row, 0, path, text)
        ws.write_string(row, 1, r.agency or "", text)
        ws.write(row, 2, r.year if r.year is not None else "", number)
        ws.write_string(row, 3, VERDICTS[unit.verdict][0 if zh else 1], number)
        if r.error:
            ws.write_blank(row, 4, None, number)
            ws.write_blank(row, 5, None, number)
        else:
            ws.write_number(row, 4, len(r.errors), number)
            ws.write_number(row, 5, len(r.warnings), number)
        ws.write_string(row, 6, SUMMED[lang][0 if unit.included else 1], number if unit.included else refused)
        reason = xml_text(unit.reason_text(lang))
        ws.write_string(row, 7, reason, text)
        # Rows tall enough for the wrapped path and reason (xlsxwriter cannot autofit them).
        lines = max(
            math.ceil(text_width(t) / (w - 2)) for t, w in ((path, SOURCES_WIDTHS[0]), (reason, SOURCES_WIDTHS[7]))
        )
        ws.set_row(row, 15 * max(lines, 1) + 4)
    ws.freeze_panes(HEAD_ROW + 1, 0)
    ws.autofilter(HEAD_ROW, 0, HEAD_ROW + max(len(agg.units), 1), len(SOURCES_COLUMNS) - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEAD_ROW)


def covered_agencies(path: str) -> list[str]:
    """The 机关名称 a 汇总 written by ``write_aggregate`` summed (its 「汇总来源」 rows marked 纳入), or []
    when the file holds no such sheet. Read with openpyxl, read-only: only 汇总s are asked."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - an unreadable file covers nothing; its own check says why
        return []
    try:
        if SOURCES_SHEET not in wb.sheetnames:
            return []
        rows = wb[SOURCES_SHEET].iter_rows(max_row=100_000, max_col=len(SOURCES_COLUMNS), values_only=True)
        # The column names: under the title (in either language), or first in 汇总s written before it.
        for head in itertools.islice(rows, HEAD_ROW + 1):
            if tuple(head[: len(SOURCES_COLUMNS)]) in (SOURCES_COLUMNS, SOURCES_COLUMNS_EN):
                break
        else:
            return []
        name, included = SOURCES_COLUMNS.index("机关名称"), SOURCES_COLUMNS.index("是否纳入")
        marks = {SUMMED["zh"][0], SUMMED["en"][0]}
        return [str(row[name]) for row in rows if row[included] in marks and row[name]]
    finally:
        wb.close()
