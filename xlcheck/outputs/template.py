"""Generate the official-format workbook from the spec (xlsxwriter).

Sheets: 填报说明, the report's own sheets (封面, 正文, 表二, 表三, 表四), 校验结果 (the live checks),
and hidden helpers: one ``_值<sheet>`` per table sheet (see ``excel.py``) and ``_xlcheck`` (the
format id and template version, read first by the checker).
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import json
import math
import numbers
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from ..checker import evaluate
from ..errors import FieldValueError
from ..formats.format2021 import FORMAT_2021
from ..formats.spec import (
    AMOUNT,
    COUNT,
    GUIDE_SHEET,
    META_SHEET,
    NARRATIVE,
    NUMBER_KINDS,
    SIGNED_COUNT,
    TEXT,
    WORKBOOK,
    YEAR,
    Entry,
    ExplanationSheet,
    Format,
    Grid,
    Layout,
    layout,
    parse_a1,
    text_width,
)
from ..report import PROP_FORMAT, PROP_VERSION
from ..sources.xlsx import SCAN_ROWS
from ..values import xml_text
from .excel import (
    CHECK_SHEET,
    COL,
    COLUMNS,
    EXPECTED_ZH,
    FAIL,
    FIRST_HIDDEN,
    HEADER_ROW,
    IMPLIED_HEAD,
    PASS,
    STATUS_ROW,
    UNASSESSED,
    LivePlan,
    shadow_sheet,
)
from .paths import atomic_path

# A fixed creation date keeps the template's content the same whatever day it is generated.
CREATED = datetime(2021, 9, 26)

INPUT_FILL, TOTAL_FILL = "#FFF2CC", "#DDEBF7"
ERROR_FILL, WARNING_FILL = "#FF9C9C", "#FFD966"  # red and amber, for errors and warnings
FONT = "宋体"
LINE_HEIGHT, MIN_ROW_HEIGHT = 15.0, 20.0

MAX_FIGURE = 10**15 - 1  # the largest whole figure the checker takes (values.MAX_NUMBER)
# Data validation per field kind, with what staff see while typing and when they get it wrong.
VALIDATION: dict[str, dict[str, Any]] = {
    COUNT: {
        "validate": "integer", "criteria": ">=", "value": 0,
        "input_title": "填写数量",
        "input_message": "填写非负整数，没有请填 0。不要填写“件”等单位或文字。",
        "error_title": "只能填写非负整数",
        "error_message": "此处只能填写 0 或正整数（没有请填 0），不能带单位、文字、小数或负号。",
    },
    SIGNED_COUNT: {
        "validate": "integer", "criteria": "between", "minimum": -MAX_FIGURE, "maximum": MAX_FIGURE,
        "input_title": "填写增减数",
        "input_message": "填写整数：比上一年增加填正数，减少填负数（如 -417），没有变化填 0。不要填写单位或文字。",
        "error_title": "只能填写整数",
        "error_message": "此处只能填写整数（减少填负数，没有变化填 0），不能带单位、文字或小数。",
    },
    AMOUNT: {
        "validate": "decimal", "criteria": ">=", "value": 0,
        "input_title": "填写金额（万元）",
        "input_message": "单位：万元，可有小数（最多 6 位），没有请填 0。不要填写“万元”等文字。",
        "error_title": "只能填写非负数",
        "error_message": "此处只能填写以万元为单位的非负数（可有小数），不能带单位或文字。",
    },
    YEAR: {
        "validate": "integer", "criteria": "between", "minimum": 2008, "maximum": "=YEAR(TODAY())",
        "input_title": "填写报告年度",
        "input_message": "四位数字年份，如 2025。",
        "error_title": "年份有误",
        "error_message": "报告年度应为 2008 年至今年之间的四位数字年份。",
    },
    TEXT: {"validate": "any", "input_title": "填写内容", "input_message": "如实填写。"},
    NARRATIVE: {
        "validate": "any", "input_title": "填写正文",
        "input_message": "在此填写本部分正文，不得留空。单元格内换行：Alt+Enter。",
    },
}  # fmt: skip
# 校验结果's visible columns (规则 … 结果): wide enough to read, wrapping where a text is longer.
CHECK_WIDTHS = (24, 6, 7, 7, 48, 16, 26, 18)
TOTAL_MESSAGE = "已按公式自动合计。如需手工填写，须等于各项之和。"
MAX_INPUT_MESSAGE = 255  # Excel's limit
MAX_CELL_TEXT = 32767  # Excel's limit on a cell's text
MAX_COLUMN = 16_384  # XFD
EXPLANATION_WIDTHS = (16, 16, 70)  # 情况说明: 规则, 单元格, 说明
EXPLANATION_HEADER_ROW = 3  # under the title and the note


def _row_heights(lay: Layout) -> dict[str, dict[int, float]]:
    """Row heights that show every label in full, wrapped in its (merged) cell."""
    heights: dict[str, dict[int, float]] = {name: dict(s.heights) for name, s in lay.sheets.items()}
    for lb in lay.labels:
        widths = lay.sheets[lb.sheet].spec.widths
        last_row, last_col = parse_a1(lb.merge.split(":")[1]) if lb.merge else (lb.row, lb.col)
        width = sum(widths[lb.col - 1 : last_col]) - 1
        lines = math.ceil(text_width(lb.text) / max(width, 1))
        per_row = (lines * LINE_HEIGHT + 6) / (last_row - lb.row + 1)
        for row in range(lb.row, last_row + 1):
            rows = heights[lb.sheet]
            rows[row] = max(rows.get(row, MIN_ROW_HEIGHT), per_row)
    return heights


def _signed_columns(fmt: Format) -> list[str]:
    """The headers of the format's signed-count columns (2019: 本年增/减), each once."""
    grids = [b for s in fmt.sheets for b in s.blocks if isinstance(b, Grid)]
    return list(dict.fromkeys(c.path[-1] for g in grids for c in g.cols if (c.kind or g.kind) == SIGNED_COUNT))


def _height(texts: dict[str, str]) -> float:
    """A 校验结果 row's height: every text wrapped in full within its column (CHECK_WIDTHS)."""
    lines = max(math.ceil(text_width(t) / (CHECK_WIDTHS[COLUMNS.index(c)] - 1)) for c, t in texts.items())
    return max(lines, 1) * LINE_HEIGHT + 4


def make_template(
    path: str | PathLike[str],
    *,
    agency: str | None = None,
    year: int | None = None,
    values: Mapping[str, Any] | None = None,
    fmt: Format | None = None,
    add_sheets=None,  # unannotated: help(make_template) stays short
) -> Path:
    """Write the official-format workbook (``fmt``, default the 2021 format) to ``path``; return the path.

    ``agency`` and ``year`` prefill the cover; ``year`` must be one of ``report_years(fmt)``
    (META-YEAR's range, FORMAT.md). ``values`` maps field ids (``xlcheck fields``) to values written
    as typed, wrong ones included, so a test can build a faulty workbook (a text starting with "="
    stays text); a value for a total replaces its formula, as staff typing over it. Every formula is
    saved with its result for the file as written (``checker.evaluate`` judges the values), so the
    workbook tells the truth before any recalculation. An existing file at ``path`` is replaced (the
    command line refuses that without ``--force``). ``add_sheets(workbook)``, when given, is called
    with the xlsxwriter Workbook right after 校验结果 is added, to add the caller's own sheets there
    (a 汇总's 汇总来源).

    Raises ``FieldValueError`` (a ``ValueError``) for an unknown id (naming the close matches), a
    value no cell can hold (a list, NaN, ...) or a year out of range, before anything is written;
    ``OSError`` when ``path`` cannot be written.
    """
    fmt = fmt or FORMAT_2021
    values = dict(values or {})
    if agency is not None:
        values[fmt.agency_field] = agency
    _vet_values(fmt, values)
    # Text XML cannot hold (U+FFFF, a control character from a pasted page) would break the workbook.
    values = {k: xml_text(v) if isinstance(v, str) else v for k, v in values.items()}
    if year is not None:
        years = report_years(fmt)
        if isinstance(year, bool) or not isinstance(year, int) or year not in years:
            raise FieldValueError("year-out-of-range", fmt.year_field, year, f"{years[0]}–{years[-1]}")
        values[fmt.year_field] = year
    path = Path(path)
    if not path.parent.is_dir():  # said of the path asked for, not of the temporary file beside it
        raise FileNotFoundError(errno.ENOENT, "folder not found / 文件夹不存在", str(path.parent))
    try:
        with atomic_path(path) as tmp:
            _Writer(tmp, fmt, values, add_sheets).write()
    except FileCreateError as exc:  # xlsxwriter wraps the OSError of writing the file
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
        raise cause from None
    return path


def report_years(fmt: Format | None = None) -> range:
    """The years a report may be for: the format's first year to the current year (META-YEAR).

    A report covers a calendar year and is published by 31 January of the next, so a later year
    is a typo; the template's own validation and the checker refuse it too.
    """
    return range((fmt or FORMAT_2021).first_year, date.today().year + 1)


def _vet_values(fmt: Format, values: Mapping[str, Any]) -> None:
    """Raise FieldValueError unless every id is known and every value one a cell can hold."""
    fields = layout(fmt).fields
    for fid, value in values.items():
        if fid not in fields:
            close = difflib.get_close_matches(str(fid), fields, n=3, cutoff=0.8)
            raise FieldValueError("unknown-field", str(fid), suggestions=close)
        if not _cell_value(value):
            raise FieldValueError("unwritable-value", fid, value)


def _cell_value(value: Any) -> bool:
    """Whether a cell can hold ``value`` as xlsxwriter writes it."""
    if value is None or isinstance(value, (bool, datetime, date, time, timedelta)):
        return True
    if isinstance(value, str):
        return len(value) <= MAX_CELL_TEXT
    if isinstance(value, (numbers.Real, Decimal)):
        return math.isfinite(value)
    return False


def template_fingerprint(fmt: Format = FORMAT_2021) -> str:
    """A digest of everything the template is made of: labels, fields, formulas, live checks, looks.

    Pictures and other artefacts made from the template record it, so a test can tell they are stale.
    """
    lay, plan = layout(fmt), LivePlan(layout(fmt))
    kinds = {f.kind for f in lay.fields.values()}
    validation = {kind: rules for kind, rules in VALIDATION.items() if kind in kinds}  # the format's own kinds
    content = {
        "version": fmt.template_version,
        "labels": [(lb.sheet, lb.cell, lb.text, lb.merge) for lb in lay.labels],
        "fields": [(f.id, f.sheet, f.cell, f.kind, f.merge, lay.formula(f.id)) for f in lay.fields.values()],
        "sheets": [(s.spec.name, s.spec.widths, s.spec.landscape, s.freeze) for s in lay.sheets.values()],
        "live": [
            sorted(plan.sum_formulas(r).items()) if r.check else sorted(plan.cell_formulas(r).items())
            for r in plan.rows
        ],
        "looks": (INPUT_FILL, TOTAL_FILL, ERROR_FILL, WARNING_FILL, FONT, validation, CHECK_WIDTHS),
        "explanations": (fmt.explanations, [r.id for r in fmt.explainable_rules], EXPLANATION_WIDTHS),
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


class _Writer:
    def __init__(self, path: Path, fmt: Format, values: dict[str, Any], add_sheets=None) -> None:
        self.fmt, self.lay, self.values, self.add_sheets = fmt, layout(fmt), values, add_sheets
        self.plan = LivePlan(self.lay)
        self.wb = xlsxwriter.Workbook(str(path))
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter", "text_wrap": True}
        boxed = {**base, "border": 1}
        add = self.wb.add_format
        # The input cells' looks, kept to make their date-showing variants (``dated``).
        self._looks = {
            "input": {**boxed, "locked": False, "bg_color": INPUT_FILL, "align": "center"},
            "text": {**boxed, "locked": False, "bg_color": INPUT_FILL, "align": "left"},
            "narrative": {**boxed, "locked": False, "bg_color": INPUT_FILL, "align": "left", "valign": "top"},
        }
        self.styles = {
            "title": add({**base, "bold": True, "font_size": 14, "align": "center"}),
            "caption": add({**boxed, "bold": True, "align": "left"}),
            "corner": add({**boxed, "align": "center"}),
            "header": add({**boxed, "align": "center"}),
            "row": add({**boxed, "align": "left"}),
            "entry": add({**base, "bold": True, "align": "left"}),
            **{name: add(look) for name, look in self._looks.items()},
            "total": add({**boxed, "locked": False, "bg_color": TOTAL_FILL, "align": "center", "bold": True}),
            "plain": add(base),
            "open": add({**base, "locked": False}),
            "cell": add({**boxed, "align": "left"}),
            "line": add({**base, "border": 1, "align": "left", "valign": "top"}),
            "bold": add({**boxed, "bold": True, "align": "center", "bg_color": "#D9D9D9"}),
            "error": add({"bg_color": ERROR_FILL, "font_color": "#9C0006"}),
            "warning": add({"bg_color": WARNING_FILL, "font_color": "#7F6000"}),
            "pass": add({"bg_color": "#C6EFCE", "font_color": "#006100"}),
            "muted": add({"bg_color": "#EDEDED", "font_color": "#595959"}),
        }
        self.sheets: dict[str, Any] = {}

    def write(self) -> None:
        wb, fmt = self.wb, self.fmt
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
        guide = wb.add_worksheet(GUIDE_SHEET)
        for name in self.lay.sheets:
            self.sheets[name] = wb.add_worksheet(name)
        if fmt.explanations:
            self.write_explanations(wb.add_worksheet(fmt.explanations.name), fmt.explanations)
        checks = wb.add_worksheet(CHECK_SHEET)
        if self.add_sheets:
            self.add_sheets(wb)
        # Every formula carries its result in the file as written: a preview or a print made
        # without recalculating shows the truth (a blank template: 不通过, every blank counted).
        self.sums = self.computed_totals()
        judged = evaluate(self.values, fmt)
        self.results = self.plan.cached(self.values, self.sums, judged.report, judged.numbers)
        self.write_report_sheets()
        self.write_guide(guide)
        self.write_checks(checks)
        self.write_shadows()
        self.write_highlights()
        self.write_meta()
        self.sheets[fmt.sheets[0].name].activate()
        wb.close()

    def dated(self, name: str, kind: type) -> Any:
        """The input style ``name`` showing a date, a time or a duration (made once each)."""
        code = {datetime: "yyyy-mm-dd hh:mm", date: "yyyy-mm-dd", time: "hh:mm:ss", timedelta: "[h]:mm:ss"}[kind]
        key = f"{name}:{code}"
        if key not in self.styles:
            self.styles[key] = self.wb.add_format({**self._looks[name], "num_format": code})
        return self.styles[key]

    # ------------------------------------------------------------ the report's own sheets

    def write_report_sheets(self) -> None:
        lay, styles = self.lay, self.styles
        heights = _row_heights(lay)
        for name, sheet in lay.sheets.items():
            ws = self.sheets[name]
            for i, width in enumerate(sheet.spec.widths):
                ws.set_column(i, i, width)
            for row, height in heights[name].items():
                ws.set_row(row - 1, height)
            boxes = any(isinstance(b, Entry) and b.below for b in sheet.spec.blocks)
            # A table prints on one page; text boxes print at full size, page after page.
            self.print_setup(ws, sheet.last_row, sheet.last_col, sheet.spec.landscape, tall=boxes)
            if sheet.spec.print_title and sheet.header_rows:
                ws.repeat_rows(sheet.header_rows[0] - 1, sheet.header_rows[1] - 1)
            if sheet.freeze:
                ws.freeze_panes(sheet.freeze[0] - 1, sheet.freeze[1] - 1)
            ws.protect("", {"format_columns": True, "format_rows": True})
        for lb in lay.labels:
            ws, style = self.sheets[lb.sheet], styles[lb.role]
            if lb.merge:
                ws.merge_range(lb.merge, lb.text, style)
            else:
                ws.write_string(lb.cell, lb.text, style)
        for fid, f in lay.fields.items():
            ws = self.sheets[f.sheet]
            formula = lay.formula(fid)
            kind_style = {NARRATIVE: "narrative", TEXT: "text"}.get(f.kind, "input")
            style = styles["total" if formula else kind_style]
            if f.merge:
                ws.merge_range(f.merge, None, style)
            if formula and fid not in self.values:
                ws.write_formula(f.cell, formula, style, self.sums[fid])
            elif self.values.get(fid) is None:
                ws.write_blank(f.cell, None, style)
            elif isinstance(self.values[fid], str) and self.values[fid].startswith("="):
                ws.write_string(f.cell, self.values[fid], style)  # a value, never a formula
            elif isinstance(self.values[fid], (datetime, date, time, timedelta)):
                # as Excel stores a date typed into the cell: a number shown as a date (the checker reads it so)
                ws.write(f.cell, self.values[fid], self.dated(kind_style, type(self.values[fid])))
            else:
                ws.write(f.cell, self.values[fid], style)
            rules = dict(VALIDATION[f.kind])
            message = TOTAL_MESSAGE if formula else rules["input_message"]
            rules["input_message"] = f"{f.caption}：{message}"[:MAX_INPUT_MESSAGE]
            ws.data_validation(f.merge or f.cell, rules)

    def print_setup(self, ws, last_row: int, last_col: int, landscape: bool, tall: bool = False) -> None:
        """A4, centred, numbered pages: on one page, or (``tall``) one page wide and as many long as needed."""
        ws.set_paper(9)  # A4
        ws.set_landscape() if landscape else ws.set_portrait()
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.print_area(0, 0, last_row - 1, last_col - 1)
        ws.fit_to_pages(1, 0 if tall else 1)
        ws.set_footer("&C第 &P 页，共 &N 页")

    def computed_totals(self) -> dict[str, float]:
        """The totals' formula results for the prefilled values, saved as the formulas' results."""
        lay, values, out = self.lay, self.values, {}

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

    # ------------------------------------------------------------ 情况说明

    def write_explanations(self, ws, spec: ExplanationSheet) -> None:
        """The unit's explanations of true warnings: a note, the header row the checker finds it by, and
        input rows whose 规则 offers the warning rule ids (errors cannot be explained)."""
        styles = self.styles
        width = len(spec.columns)
        for i, chars in enumerate(EXPLANATION_WIDTHS):
            ws.set_column(i, i, chars, styles["open"])  # unlocked: a row may be typed below the styled ones
        ws.set_column(width, MAX_COLUMN - 1, None, styles["open"])  # so whole rows may be inserted or deleted
        ws.merge_range(0, 0, 0, width - 1, spec.name, styles["title"])
        ws.merge_range(1, 0, 1, width - 1, spec.note, styles["plain"])
        ws.set_row(1, LINE_HEIGHT * math.ceil(text_width(spec.note) / (sum(EXPLANATION_WIDTHS) - 4)) + 6)
        header = EXPLANATION_HEADER_ROW - 1
        ws.write_row(header, 0, spec.columns, styles["bold"])
        first, last = header + 1, header + spec.rows
        for row in range(first, last + 1):
            ws.write_blank(row, 0, None, styles["input"])
            ws.write_blank(row, 1, None, styles["input"])
            ws.write_blank(row, 2, None, styles["text"])
        rules = [r.id for r in self.fmt.explainable_rules]
        scan_end = SCAN_ROWS - 1  # validated as far as the checker reads
        ws.data_validation(
            first, 0, scan_end, 0,
            {
                "validate": "list", "source": rules,
                "input_title": "选择警告规则",
                "input_message": "从列表选择要说明的警告的规则编号。错误须改正，不能说明。",
                "error_title": "只能选择警告规则",
                "error_message": ("只能说明这些警告：" + "、".join(rules) + "。错误须改正，不能说明。")[
                    :MAX_INPUT_MESSAGE
                ],
            },
        )  # fmt: skip
        ws.data_validation(
            first, 1, scan_end, 1,
            {
                "validate": "any", "input_title": "填写单元格",
                "input_message": "警告所在的单元格，如 D6；几个工作表都有该单元格时写明工作表，如 表三!D6。",
            },
        )  # fmt: skip
        ws.data_validation(
            first, 2, scan_end, 2,
            {"validate": "any", "input_title": "填写说明", "input_message": "写明这项警告确属实际情况的原因。"},
        )  # fmt: skip
        ws.freeze_panes(header + 1, 0)
        self.print_setup(ws, last + 1, width, landscape=False, tall=True)
        ws.repeat_rows(header)
        ws.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True, "delete_rows": True})

    # ------------------------------------------------------------ 填报说明

    def write_guide(self, ws) -> None:
        """The filling instructions, from the spec: sheets, colours, rules."""
        styles, fmt = self.styles, self.fmt
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 10)
        ws.set_column(2, 2, 90)
        lines = [
            (
                f"本工作簿按《中华人民共和国政府信息公开工作年度报告格式》（{fmt.name}）制作，"
                f"模板版本 {fmt.template_version}。请在 Excel 或 WPS 中直接填写，保存为 .xlsx。"
            ),
            "黄色单元格由您填写；蓝色单元格已按公式自动合计，一般不用填写（如手工填写，须等于各项之和）；"
            "其余单元格为格式规定的标签，已锁定。",
            "数据单元格不得留空：没有的请填 0。数量只填非负整数，不要带“件”等单位或文字；"
            + "".join(f"「{label}」填整数，减少时填负数；" for label in _signed_columns(fmt))
            + f"{fmt.amount_name}以万元为单位，可有小数（最多 6 位）。",
            "边填边查：违反规则的单元格会标红（错误）或标黄（警告）；「校验结果」工作表逐条列出每项检查的结果。"
            "某个工作表开始填写后，其中仍空着的单元格才会标红。"
            "表三总计列的勾稽关系若只因其他单元格的错误而不成立，「校验结果」显示「不通过（由 J5 导致）」："
            "改正所列单元格即可，不要改总计列，这一项也不计入错误数。",
            "完成后可用 xlcheck 检查：xlcheck check 文件名.xlsx（会另外列出应为、实为和修改建议）。",
        ]
        if fmt.explanations:
            lines.append(self.explanations_guide(fmt.explanations))
        ws.merge_range(0, 0, 0, 2, GUIDE_SHEET, styles["title"])
        row = 2
        for text in lines:
            ws.merge_range(row, 0, row, 2, text, styles["plain"])
            ws.set_row(row, LINE_HEIGHT * max(1, math.ceil(text_width(text) / 110)) + 6)
            row += 1
        row += 1
        ws.write_row(row, 0, ("工作表", "", "内容"), styles["bold"])
        for name, sheet in self.lay.sheets.items():
            row += 1
            ws.write(row, 0, name, styles["cell"])
            ws.write(row, 1, "", styles["cell"])
            what = "、".join(e.label for e in sheet.spec.blocks if hasattr(e, "label")) or sheet.spec.title
            ws.write(row, 2, f"应填：{what}" if what != sheet.spec.title else f"《{what}》", styles["cell"])
        if fmt.explanations:
            row += 1
            ws.write(row, 0, fmt.explanations.name, styles["cell"])
            ws.write(row, 1, "", styles["cell"])
            ws.write(row, 2, "警告确属实际情况时写明原因：" + " | ".join(fmt.explanations.columns), styles["cell"])
        row += 2
        ws.write_row(row, 0, ("规则", "级别", "说明"), styles["bold"])
        for rule in fmt.workbook_rules:  # the cross-year ones are not judged in the workbook
            row += 1
            ws.write(row, 0, rule.id, styles["cell"])
            ws.write(row, 1, {"error": "错误", "warning": "警告"}[rule.severity], styles["cell"])
            ws.write(row, 2, rule.zh, styles["cell"])
        self.print_setup(ws, row + 1, 3, landscape=False)
        ws.protect("", {"format_columns": True, "format_rows": True})

    def explanations_guide(self, spec: ExplanationSheet) -> str:
        """The guide's line on 情况说明: which warnings may be explained, and what is reported."""
        rules = self.fmt.explainable_rules
        elsewhere = [r.id for r in rules if r.scope != WORKBOOK]
        text = (
            f"「{spec.name}」：警告（不是错误）确属实际情况时，在该工作表写明原因，每行一条"
            f"（{'、'.join(spec.columns)}）；xlcheck 检查时该警告列为“已说明”（「校验结果」和单元格的标色不读取该表）。"
            "可说明的警告：" + "、".join(r.id for r in rules)
        )
        if elsewhere:
            text += f"（其中 {'、'.join(elsewhere)} 在与上年报告或所属单位的报告对比时检查）"
        return text + f"。错误必须改正，不能说明；说明已不存在的警告、错误或写错规则、单元格时，提示 {spec.rule}。"

    # ------------------------------------------------------------ 校验结果 and its mirrors

    def write_checks(self, ws) -> None:
        plan, styles, results = self.plan, self.styles, self.results
        for i, width in enumerate(CHECK_WIDTHS):
            ws.set_column(i, i, width)
        ws.set_column(FIRST_HIDDEN, len(COLUMNS) - 1, 10, None, {"hidden": True})
        ws.merge_range(0, 0, 0, len(CHECK_WIDTHS) - 1, CHECK_SHEET, styles["title"])
        status, cached = plan.status_formulas(), plan.cached_status(results)
        row = STATUS_ROW - 1
        ws.set_row(row, _height({COLUMNS[1]: "通过（有警告）"}))  # the status stands in the narrow 级别 column
        ws.write(row, 0, "总体结果", styles["bold"])
        ws.write_formula(row, 1, status["status"], styles["cell"], cached["status"])
        for col, (label, key) in zip(
            (2, 4, 6), (("错误", "errors"), ("警告", "warnings"), ("无法评估", "unassessed")), strict=True
        ):
            ws.write(row, col, label, styles["bold"])
            ws.write_formula(row, col + 1, status[key], styles["cell"], cached[key])
        ws.write_row(HEADER_ROW - 1, 0, COLUMNS, styles["bold"])
        for live in plan.rows:
            r = live.row - 1
            if live.check:
                info = self.lay.rules[live.check.rule]
                f = self.lay.fields[live.check.blame]
                static = {"规则": info.id, "级别": {"error": "错误", "warning": "警告"}[info.severity]}
                formulas = plan.sum_formulas(live)
            else:
                f = live.field
                static = {"应为": EXPECTED_ZH.get(f.kind, f"{self.fmt.first_year}–今年的年份")}
                formulas = plan.cell_formulas(live)
            static.update({"工作表": f.sheet, "单元格": f.cell, "项目": f"「{f.caption}」"})
            ws.set_row(r, _height({**static, **plan.longest(live)}))
            for name, value in static.items():
                ws.write_string(r, COLUMNS.index(name), value, styles["line"])
            for name, formula in formulas.items():
                ws.write_formula(r, COLUMNS.index(name), formula, styles["line"], results[live.row][name])
        result = f"{COL['结果']}{plan.rows[0].row}:{COL['结果']}{plan.last_row}"
        for text, style in ((FAIL, "error"), (UNASSESSED, "muted"), (PASS, "pass")):
            ws.conditional_format(
                result, {"type": "cell", "criteria": "==", "value": f'"{text}"', "format": styles[style]}
            )
        ws.conditional_format(  # implied: neither red nor counted
            result, {"type": "text", "criteria": "begins with", "value": IMPLIED_HEAD, "format": styles["muted"]}
        )
        ws.conditional_format(
            f"B{STATUS_ROW}", {"type": "cell", "criteria": "==", "value": f'"{FAIL}"', "format": styles["error"]}
        )
        ws.freeze_panes(HEADER_ROW, 0)
        ws.autofilter(HEADER_ROW - 1, 0, plan.last_row - 1, len(CHECK_WIDTHS) - 1)
        self.print_setup(ws, plan.last_row, len(CHECK_WIDTHS), landscape=True, tall=True)
        ws.repeat_rows(HEADER_ROW - 1)
        ws.protect("", {"autofilter": True, "sort": True, "format_columns": True})

    def write_shadows(self) -> None:
        """Hidden sheets mirroring each table's values at the same addresses, for the sum rules."""
        by_sheet: dict[str, list] = {}
        for live in self.plan.cell_rows.values():
            if live.field.kind in NUMBER_KINDS:
                by_sheet.setdefault(live.field.sheet, []).append(live)
        for sheet, rows in by_sheet.items():
            ws = self.wb.add_worksheet(shadow_sheet(sheet))
            for live in rows:
                ws.write_formula(live.field.cell, f"={live.absolute('取值')}", None, self.results[live.row]["取值"])
            ws.hide()
            ws.protect()

    def write_highlights(self) -> None:
        """Red (error) or amber (warning) on each blamed cell while its rule fails."""
        for fid, (error, warning) in self.plan.highlight_conditions().items():
            f = self.lay.fields[fid]
            ws, target = self.sheets[f.sheet], f.merge or f.cell
            ws.conditional_format(
                target,
                {"type": "formula", "criteria": f"={error}", "format": self.styles["error"], "stop_if_true": True},
            )
            ws.conditional_format(
                target, {"type": "formula", "criteria": f"={warning}", "format": self.styles["warning"]}
            )

    def write_meta(self) -> None:
        meta = self.wb.add_worksheet(META_SHEET)
        for row, (key, value) in enumerate(
            (("format", self.fmt.id), ("template_version", self.fmt.template_version), ("generator", "xlcheck"))
        ):
            meta.write_string(row, 0, key)
            meta.write(row, 1, value)
        meta.hide()
        meta.protect()
