"""Generate the official-format workbook from the spec (xlsxwriter)."""

from __future__ import annotations

import math
import unicodedata
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any

import xlsxwriter

from .format2021 import FORMAT_2021
from .spec import AMOUNT, COUNT, META_SHEET, NARRATIVE, TEXT, YEAR, Format, Layout, layout, parse_a1

PROP_FORMAT, PROP_VERSION = "xlcheck-format", "xlcheck-template-version"
# A fixed creation date keeps the template's content the same whatever day it is generated.
CREATED = datetime(2021, 9, 26)

INPUT_FILL, TOTAL_FILL = "#FFF2CC", "#DDEBF7"
FONT = "宋体"
LINE_HEIGHT, MIN_ROW_HEIGHT = 15.0, 20.0

# Data validation per field kind, with what staff see while typing and when they get it wrong.
VALIDATION: dict[str, dict[str, Any]] = {
    COUNT: {
        "validate": "integer",
        "criteria": ">=",
        "value": 0,
        "input_title": "填写数量",
        "input_message": "填写非负整数，没有请填 0。不要填写“件”等单位或文字。",
        "error_title": "只能填写非负整数",
        "error_message": "此处只能填写 0 或正整数（没有请填 0），不能带单位、文字、小数或负号。",
    },
    AMOUNT: {
        "validate": "decimal",
        "criteria": ">=",
        "value": 0,
        "input_title": "填写金额（万元）",
        "input_message": "单位：万元，可有小数（最多 6 位），没有请填 0。不要填写“万元”等文字。",
        "error_title": "只能填写非负数",
        "error_message": "此处只能填写以万元为单位的非负数（可有小数），不能带单位或文字。",
    },
    YEAR: {
        "validate": "integer",
        "criteria": "between",
        "minimum": 2008,
        "maximum": "=YEAR(TODAY())",
        "input_title": "填写报告年度",
        "input_message": "四位数字年份，如 2025。",
        "error_title": "年份有误",
        "error_message": "报告年度应为 2008 年至今年之间的四位数字年份。",
    },
    TEXT: {"validate": "any", "input_title": "填写内容", "input_message": "如实填写。"},
    NARRATIVE: {
        "validate": "any",
        "input_title": "填写正文",
        "input_message": "在此填写本部分正文，不得留空。单元格内换行：Alt+Enter。",
    },
}
TOTAL_MESSAGE = "已按公式自动合计。如需手工填写，须等于各项之和。"


def text_width(text: str) -> int:
    """Width of ``text`` in column-width units: a CJK character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row_heights(lay: Layout) -> dict[str, dict[int, float]]:
    """Row heights that show every label in full, wrapped in its (merged) cell."""
    heights: dict[str, dict[int, float]] = {name: dict(s.heights) for name, s in lay.sheets.items()}
    for lb in lay.labels:
        widths = lay.sheets[lb.sheet].spec.widths
        last_row, last_col = lb.row, lb.col
        if lb.merge:
            last_row, last_col = parse_a1(lb.merge.split(":")[1])
        width = sum(widths[lb.col - 1 : last_col]) - 1
        lines = math.ceil(text_width(lb.text) / max(width, 1))
        per_row = (lines * LINE_HEIGHT + 6) / (last_row - lb.row + 1)
        for row in range(lb.row, last_row + 1):
            rows = heights[lb.sheet]
            rows[row] = max(rows.get(row, MIN_ROW_HEIGHT), per_row)
    return heights


def make_template(
    path: str | PathLike[str],
    *,
    agency: str | None = None,
    year: int | None = None,
    values: dict[str, Any] | None = None,
    fmt: Format = FORMAT_2021,
) -> Path:
    """Write the official-format workbook to ``path`` and return the path.

    ``agency`` and ``year`` prefill the cover. ``values`` maps field ids (see ``xlcheck fields``)
    to prefilled values; a value given for a total replaces its formula, as staff typing over it.
    """
    lay = layout(fmt)
    values = dict(values or {})
    if agency is not None:
        values[fmt.agency_field] = agency
    if year is not None:
        values[fmt.year_field] = year

    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties(
        {
            "title": fmt.sheets[0].title,
            "subject": f"政府信息公开工作年度报告（{fmt.name}）",
            "author": "xlcheck",
            "comments": f"xlcheck {fmt.id} template v{fmt.template_version}",
            "created": CREATED,
        }
    )
    wb.set_custom_property(PROP_FORMAT, fmt.id)
    wb.set_custom_property(PROP_VERSION, str(fmt.template_version))

    base = {"font_name": FONT, "font_size": 11, "valign": "vcenter", "text_wrap": True}
    boxed = {**base, "border": 1}
    styles = {
        "title": wb.add_format({**base, "bold": True, "font_size": 14, "align": "center"}),
        "caption": wb.add_format({**boxed, "bold": True, "align": "left"}),
        "corner": wb.add_format({**boxed, "align": "center"}),
        "header": wb.add_format({**boxed, "align": "center"}),
        "row": wb.add_format({**boxed, "align": "left"}),
        "entry": wb.add_format({**base, "bold": True, "align": "left"}),
        "input": wb.add_format({**boxed, "locked": False, "bg_color": INPUT_FILL, "align": "center"}),
        "text": wb.add_format({**boxed, "locked": False, "bg_color": INPUT_FILL, "align": "left"}),
        "narrative": wb.add_format(
            {**boxed, "locked": False, "bg_color": INPUT_FILL, "align": "left", "valign": "top"}
        ),
        "total": wb.add_format({**boxed, "locked": False, "bg_color": TOTAL_FILL, "align": "center", "bold": True}),
    }
    heights = _row_heights(lay)
    sheets = {}
    for name, sheet in lay.sheets.items():
        ws = sheets[name] = wb.add_worksheet(name)
        for i, width in enumerate(sheet.spec.widths):
            ws.set_column(i, i, width)
        for row, height in heights[name].items():
            ws.set_row(row - 1, height)
        ws.set_paper(9)  # A4
        ws.set_landscape() if sheet.spec.landscape else ws.set_portrait()
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.print_area(0, 0, sheet.last_row - 1, sheet.last_col - 1)
        ws.fit_to_pages(1, 1)
        if sheet.spec.print_title and sheet.header_rows:
            ws.repeat_rows(sheet.header_rows[0] - 1, sheet.header_rows[1] - 1)
        ws.set_footer("&C第 &P 页，共 &N 页")
        ws.protect("", {"format_columns": True, "format_rows": True})

    for lb in lay.labels:
        ws, style = sheets[lb.sheet], styles[lb.role]
        if lb.merge:
            ws.merge_range(lb.merge, lb.text, style)
        else:
            ws.write_string(lb.cell, lb.text, style)

    computed = _computed_totals(lay, values)
    for fid, f in lay.fields.items():
        ws = sheets[f.sheet]
        formula = lay.formula(fid)
        is_total = formula is not None and fid not in values
        style = styles[
            "total" if formula else "narrative" if f.kind == NARRATIVE else "text" if f.kind == TEXT else "input"
        ]
        value = values.get(fid)
        if f.merge:
            ws.merge_range(f.merge, None, style)
        if is_total:
            ws.write_formula(f.cell, formula, style, computed.get(fid, 0))
        elif value is None:
            ws.write_blank(f.cell, None, style)
        else:
            ws.write(f.cell, value, style)
        rules = dict(VALIDATION[f.kind])
        if formula:
            rules["input_message"] = TOTAL_MESSAGE
        ws.data_validation(f.merge or f.cell, rules)

    meta = wb.add_worksheet(META_SHEET)
    for row, (key, value) in enumerate(
        (("format", fmt.id), ("template_version", fmt.template_version), ("generator", "xlcheck"))
    ):
        meta.write_string(row, 0, key)
        meta.write(row, 1, value)
    meta.hide()
    meta.protect()
    sheets[fmt.sheets[0].name].activate()
    wb.close()
    return path


def _computed_totals(lay: Layout, values: dict[str, Any]) -> dict[str, float]:
    """The totals' formula results for the given values, saved as the formulas' cached results."""
    out: dict[str, float] = {}

    def value(fid: str) -> float:
        if fid in values:
            v = values[fid]
            return v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0
        if fid in lay.totals:
            if fid not in out:
                out[fid] = sum(value(t) for t in lay.totals[fid].right)
            return out[fid]
        return 0

    for fid in lay.totals:
        value(fid)
    return out
