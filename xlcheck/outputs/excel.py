"""The rules compiled to Excel formulas: the workbook's own live checks.

``checker.py`` judges a workbook in Python; this module turns the same rule objects (the
layout's ``Check`` instances, the field kinds, ``VALUE_RULES`` and the blank rules) into the
formulas of the 「校验结果」 sheet and the conditional formats on the blamed cells. Nothing here
restates a rule by hand.

How the sheet works. One row per rule instance:
- a cell row per field judges what the cell holds (blank, text where a number belongs, a
  negative, a fraction, a number stored as text, an error value, a year out of range, an empty
  section) and computes the value Python would use: 0 for a blank, the number a clean text
  stands for, #N/A when the cell has no usable value;
- those values are mirrored, at the fields' own addresses, on hidden sheets ``_值<sheet>``, so
  a sum rule reads the same ranges the template's totals do;
- a sum row per ``Check`` compares the two sides: #N/A in a side means 「无法评估」, exactly
  as Python's "not assessed". A template total still holding its formula is recomputed from
  the mirrored values, not taken from Excel's SUM (which skips numbers stored as text). A
  failure that other rows' failures imply (``Layout.implied_by``) reads 「不通过（由 J5 导致）」:
  neither counted nor painted, as Python's ``Report.implied``.

Every formula is written with the result it has in the file as written (``LivePlan.cached``),
so a preview or a print without recalculation tells the truth.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..formats.spec import (
    AMOUNT,
    CHECK_SHEET,
    COUNT,
    ERROR,
    FEE_RULE,
    FORMULA_RULE,
    NARRATIVE,
    NUMBER_KINDS,
    SHADOW_PREFIX,
    SIGNED_COUNT,
    TEXT,
    TEXTNUM_RULE,
    VALUE_RULES,
    YEAR,
    Check,
    Field,
    Layout,
    col_letter,
)
from ..report import Report
from ..values import parse_number_text

STATUS_ROW = 2  # 总体结果 and the counts
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
# Visible columns, then hidden helper columns of the cell rows.
COLUMNS = (
    "规则",
    "级别",
    "工作表",
    "单元格",
    "项目",
    "应为",
    "实为",
    "结果",
    "问题",
    "文本",
    "去符号",
    "文本数值",
    "取值",
    "已填",
)
COL = {name: col_letter(i + 1) for i, name in enumerate(COLUMNS)}
FIRST_HIDDEN = COLUMNS.index("问题")
PASS, FAIL, UNASSESSED = "通过", "不通过", "无法评估"
IMPLIED_HEAD, IMPLIED_TAIL, IMPLIED_SEP = "不通过（由 ", " 导致）", "、"  # 不通过（由 D29、J5 导致）
SEVERITY_ZH = {"error": "错误", "warning": "警告"}
EXPECTED_ZH = {
    COUNT: "非负整数",
    SIGNED_COUNT: "整数（可为负数）",
    AMOUNT: "非负数（万元，最多 6 位小数）",
    TEXT: "不得为空",
    NARRATIVE: "不得为空",
}
TEXTNUM, FORMULA = TEXTNUM_RULE, FORMULA_RULE
EXCERPT, ELLIPSIS = 12, "…"  # 实为 shows a text up to 12 characters, a longer one cut to 11 and …
FOLDED_KINDS = (*NUMBER_KINDS, YEAR)  # kinds whose text may be a number, full-width digits and all
UNUSABLE_RULES = (*dict.fromkeys(VALUE_RULES[k] for k in NUMBER_KINDS), FORMULA)  # rules that leave no usable value
# Excel 2013 functions are stored with their prefix (xlsxwriter's automatic prefixing is slow).
ISFORMULA, UNICHAR = "_xlfn.ISFORMULA", "_xlfn.UNICHAR"


def implied_result(cells: tuple[str, ...]) -> str:
    """The 结果 of a failure the failures at ``cells`` imply: 不通过（由 J5 导致）."""
    return IMPLIED_HEAD + IMPLIED_SEP.join(cells) + IMPLIED_TAIL


def implied_cells(result: str) -> tuple[str, ...] | None:
    """The cells an implied 结果 names, or None when ``result`` is no implied failure."""
    if not (result.startswith(IMPLIED_HEAD) and result.endswith(IMPLIED_TAIL)):
        return None
    return tuple(result[len(IMPLIED_HEAD) : -len(IMPLIED_TAIL)].split(IMPLIED_SEP))


def shadow_sheet(sheet: str) -> str:
    """The hidden sheet mirroring ``sheet``'s values, as Python reads them."""
    return f"{SHADOW_PREFIX}{sheet}"


def ref(sheet: str, cell: str) -> str:
    """An absolute cross-sheet reference: '表三'!$D$7."""
    col = cell.rstrip("0123456789")
    return f"'{sheet}'!${col}${cell[len(col) :]}"


def quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass
class LiveRow:
    row: int
    check: Check | None = None
    field: Field | None = None

    def at(self, column: str) -> str:
        return f"{COL[column]}{self.row}"

    def absolute(self, column: str) -> str:
        return ref(CHECK_SHEET, self.at(column))


@dataclass
class LivePlan:
    """Where each rule instance sits on the 校验结果 sheet, and its formulas."""

    lay: Layout
    rows: list[LiveRow] = field(default_factory=list)
    cell_rows: dict[str, LiveRow] = field(default_factory=dict)  # field id -> its cell row
    sum_rows: dict[Check, LiveRow] = field(default_factory=dict)

    def __post_init__(self) -> None:
        row = FIRST_ROW
        for check in self.lay.checks:
            live = self.sum_rows[check] = LiveRow(row, check=check)
            self.rows.append(live)
            row += 1
        for f in self.lay.fields.values():
            if f.blank_rule or f.kind in NUMBER_KINDS:
                live = self.cell_rows[f.id] = LiveRow(row, field=f)
                self.rows.append(live)
                row += 1

    @property
    def last_row(self) -> int:
        return self.rows[-1].row

    def shadow_sum(self, ids: tuple[str, ...]) -> str:
        """SUM over the mirrored values of ``ids`` (one sheet), using the template's ranges."""
        sheet = self.lay.fields[ids[0]].sheet
        ranges = self.lay.sum_ranges(ids)
        return "SUM(" + ",".join(f"'{shadow_sheet(sheet)}'!{r}" for r in ranges) + ")"

    # ---------------------------------------------------------------- cell rows

    def cell_formulas(self, live: LiveRow) -> dict[str, str]:
        """The formulas of one cell row: what the cell holds, and the value Python would use."""
        f = live.field
        assert f is not None
        x = ref(f.sheet, f.cell)
        text, bare, number, code = (live.at(c) for c in ("文本", "去符号", "文本数值", "问题"))
        out = {
            # The text as Python normalises it: white space and controls trimmed, and where a number
            # may stand, full-width digits and signs folded (ASC).
            "文本": f'=IF(ISTEXT({x}),TRIM(CLEAN(SUBSTITUTE(SUBSTITUTE({self.folded(f, x)},{UNICHAR}(12288)," "),'
            f'{UNICHAR}(160)," "))),"")',
            "去符号": f'=IF(OR(LEFT({text})="-",LEFT({text})="+"),MID({text},2,255),{text})',
            # A plain decimal (digits, one point, thousands commas): what parse_number_text accepts.
            "文本数值": f"=IF(AND(LEN({bare})>0,LEN({_strip_digits(bare)})=0,ISNUMBER(VALUE({bare}))),"
            f'IF(LEFT({text})="-",-VALUE({bare}),VALUE({bare})),"")',
            "问题": "=" + self.code_expr(f, x, text, number),
            "实为": f'=IF(ISERROR({x}),"(错误值)",IF(ISBLANK({x}),"(空)",IF(ISTEXT({x}),'
            f'IF(LEN(CLEAN({x}))>{EXCERPT},LEFT(CLEAN({x}),{EXCERPT - 1})&"{ELLIPSIS}",CLEAN({x})),{x})))',
            "结果": f'=IF({code}="",{quote(PASS)},{quote(FAIL)})',
            "级别": f'=IF({code}="","",IF(OR({",".join(f"{code}={quote(r)}" for r in self.warning_rules)}),'
            f"{quote(SEVERITY_ZH['warning'])},{quote(SEVERITY_ZH['error'])}))",
            "规则": f'=IF({code}="",{quote("/".join(self.rules_of(f)))},{code})',
            "已填": f"=IF(ISBLANK({x}),0,1)"
            if f.id not in self.lay.totals
            else f"=IF(OR(ISBLANK({x}),{ISFORMULA}({x})),0,1)",
        }
        if f.kind in NUMBER_KINDS:
            unusable = ",".join(f"{code}={quote(r)}" for r in UNUSABLE_RULES)
            blank = quote(f.blank_rule or "")
            value = f"IF(OR({unusable}),NA(),IF({code}={blank},0,IF(ISNUMBER({x}),{x},{number})))"
            if f.id in self.lay.totals:  # the template's total: recomputed from the mirrored inputs
                value = f"IF({ISFORMULA}({x}),{self.shadow_sum(self.lay.totals[f.id].right)},{value})"
            out["取值"] = "=" + value
        return out

    @staticmethod
    def folded(f: Field, x: str) -> str:
        """``x`` with full-width characters folded where a number may stand (ASC); text as it is."""
        return f"ASC({x})" if f.kind in FOLDED_KINDS else x

    @property
    def warning_rules(self) -> list[str]:
        # Cross-year rules need last year's report, which a workbook does not have.
        return [r.id for r in self.lay.format.workbook_rules if r.severity != ERROR]

    def rules_of(self, f: Field) -> list[str]:
        """The cell rules a field can break, for the 规则 column of a passing row."""
        rules = [f.blank_rule] if f.blank_rule else []
        if f.kind in VALUE_RULES and VALUE_RULES[f.kind] not in rules:
            rules.append(VALUE_RULES[f.kind])
        if f.kind in FOLDED_KINDS:
            rules.append(TEXTNUM)
        if f.id == self.lay.format.fee_field:
            rules.append(FEE_RULE)
        return [*rules, FORMULA]

    def code_expr(self, f: Field, x: str, text: str, number: str) -> str:
        """The rule the cell breaks ("" for none), in the order checker.py judges it."""
        blank = f"OR(ISBLANK({x}),AND(ISTEXT({x}),LEN({text})=0))"
        fmt = self.lay.format
        if f.kind in (TEXT, NARRATIVE):
            inner = quote("")
            if f.id == fmt.fee_field:
                silent = ",".join(f"ISERROR(SEARCH({quote(w)},{x}))" for w in fmt.fee_words)
                inner = f'IF(AND({silent}),"{FEE_RULE}","")'
            return f'IF(ISERROR({x}),"{FORMULA}",IF({blank},{quote(f.blank_rule or "")},{inner}))'
        bad = VALUE_RULES[f.kind]
        blank_rule = f.blank_rule or ""

        def wrong(v: str) -> str:
            if f.kind == COUNT:
                return f"OR({v}<0,{v}<>INT({v}))"
            if f.kind == SIGNED_COUNT:
                return f"{v}<>INT({v})"
            if f.kind == AMOUNT:
                return f"OR({v}<0,ROUND({v},6)<>{v})"
            return f"OR({v}<>INT({v}),{v}<{fmt.first_year},{v}>YEAR(TODAY()))"

        expr = (
            f'IF(ISERROR({x}),"{FORMULA}",IF({blank},"{blank_rule}",IF(ISLOGICAL({x}),"{bad}",'
            f'IF(ISNUMBER({x}),IF({wrong(x)},"{bad}",""),IF({number}="","{bad}",'
            f'IF({wrong(number)},"{bad}","{TEXTNUM}"))))))'
        )
        if f.id in self.lay.totals:
            expr = f'IF({ISFORMULA}({x}),"",{expr})'
        return expr

    # ---------------------------------------------------------------- sum rows

    def sum_formulas(self, live: LiveRow) -> dict[str, str]:
        check = live.check
        assert check is not None
        left, right = self.shadow_sum(check.left), self.shadow_sum(check.right)
        blame = self.lay.fields[check.blame]
        found = ref(shadow_sheet(blame.sheet), blame.cell)
        gap = f"({right}-{left})" if check.blame in check.left else f"({left}-{right})"
        result = live.at("结果")
        return {
            "结果": f"=IF(ISERROR({left}-{right}),{quote(UNASSESSED)},"
            f"IF({left}={right},{quote(PASS)},{self.failure(check)}))",
            "应为": f'=IF({result}={quote(FAIL)},{found}+{gap},"")',
            "实为": f'=IFERROR({found},"")',
        }

    def failure(self, check: Check) -> str:
        """What a failing sum row says: 不通过, or 不通过（由 … 导致） while rows implying it fail."""
        causes = [
            (self.sum_rows[c].at("结果"), self.lay.fields[c.blame].cell) for c in self.lay.implied_by.get(check, ())
        ]
        if not causes:
            return quote(FAIL)
        failing = ",".join(f"{at}={quote(FAIL)}" for at, _ in causes)
        named = "&".join(f'IF({at}={quote(FAIL)},{quote(IMPLIED_SEP + cell)},"")' for at, cell in causes)
        text = f"{quote(IMPLIED_HEAD)}&MID({named},{len(IMPLIED_SEP) + 1},999)&{quote(IMPLIED_TAIL)}"
        return f"IF(OR({failing}),{text},{quote(FAIL)})"

    def longest(self, live: LiveRow) -> dict[str, str]:
        """The longest text each formula of ``live``'s row can show: its height must hold them."""
        if live.check:
            causes = tuple(self.lay.fields[c.blame].cell for c in self.lay.implied_by.get(live.check, ()))
            return {"结果": implied_result(causes) if causes else UNASSESSED}
        return {"规则": "/".join(self.rules_of(live.field)), "实为": "国" * EXCERPT, "结果": UNASSESSED}

    # ---------------------------------------------------------------- highlights

    def highlight_conditions(self) -> dict[str, tuple[str, str]]:
        """Field id -> (error condition, warning condition) for its conditional format.

        A blank cell turns red only once its sheet has an entry, so a fresh template is not a
        sea of red.
        """
        blamed: dict[str, list[str]] = {}
        for live in self.rows:
            if live.check:
                blamed.setdefault(live.check.blame, []).append(f'{live.absolute("结果")}="{FAIL}"')
        out = {}
        for fid, live in self.cell_rows.items():
            code, severity = live.absolute("问题"), live.absolute("级别")
            started = self.started(live.field.sheet)
            blank_ok = f"OR({code}<>{quote(live.field.blank_rule or '')},{started})"
            own_error = f'AND({live.absolute("结果")}="{FAIL}",{severity}="{SEVERITY_ZH["error"]}",{blank_ok})'
            error = "OR(" + ",".join([own_error, *blamed.get(fid, [])]) + ")"
            warning = f'AND({live.absolute("结果")}="{FAIL}",{severity}="{SEVERITY_ZH["warning"]}")'
            out[fid] = (error, warning)
        return out

    def started(self, sheet: str) -> str:
        """Whether anything has been typed into ``sheet``'s inputs."""
        rows = [live.row for live in self.cell_rows.values() if live.field.sheet == sheet]
        column = COL["已填"]
        return f"SUM('{CHECK_SHEET}'!${column}${rows[0]}:${column}${rows[-1]})>0"

    def status_formulas(self) -> dict[str, str]:
        """The overall status and the counts, on row STATUS_ROW."""
        results = f"${COL['结果']}${FIRST_ROW}:${COL['结果']}${self.last_row}"
        levels = f"${COL['级别']}${FIRST_ROW}:${COL['级别']}${self.last_row}"
        errors = f'COUNTIFS({results},"{FAIL}",{levels},"{SEVERITY_ZH["error"]}")'
        warnings = f'COUNTIFS({results},"{FAIL}",{levels},"{SEVERITY_ZH["warning"]}")'
        return {
            "status": f'=IF({errors}>0,"{FAIL}",IF({warnings}>0,"通过（有警告）","{PASS}"))',
            "errors": f"={errors}",
            "warnings": f"={warnings}",
            "unassessed": f'=COUNTIF({results},"{UNASSESSED}")',
        }

    # ---------------------------------------------------------------- cached results

    def cached(
        self,
        values: Mapping[str, Any],
        sums: Mapping[str, Any],
        report: Report,
        numbers: Mapping[str, int | float | None],
    ) -> dict[int, dict[str, Any]]:
        """Row -> column -> the result each formula has in the workbook as written.

        ``values`` are the written field values (a total left out keeps its formula, whose result
        is ``sums[id]``, as Excel's SUM gives it); ``report`` and ``numbers`` are what
        ``checker.evaluate`` judged those values to be. The verdicts come from the checker itself;
        only what a cell shows (its text, trimmed and folded as the helper columns do) is restated.
        """
        sum_rules = {c.rule for c in self.lay.checks}
        failed = {(v.rule, v.sheet, v.cell): v for v in report.violations}
        codes = {(v.sheet, v.cell): v.rule for v in report.violations if v.rule not in sum_rules}
        unassessed = {(n.rule, n.sheet, n.cell) for n in report.not_assessed}
        implied = {(i.rule, i.sheet, i.cell): implied_result(i.because) for i in report.implied}
        out: dict[int, dict[str, Any]] = {}
        for live in self.rows:
            if live.check:
                blame = self.lay.fields[live.check.blame]
                key = (live.check.rule, blame.sheet, blame.cell)
                result = FAIL if key in failed else UNASSESSED if key in unassessed else implied.get(key, PASS)
                found = numbers.get(blame.id)
                out[live.row] = {
                    "结果": result,
                    "应为": failed[key].expected if result == FAIL else "",
                    "实为": "" if found is None else found,
                }
                continue
            f = live.field
            kept = f.id in self.lay.totals and f.id not in values
            shown = sums[f.id] if kept else values.get(f.id)
            shown = None if shown == "" else shown  # xlsxwriter writes "" as a blank cell
            code = codes.get((f.sheet, f.cell), "")
            text = sheet_text(shown, fold=f.kind in FOLDED_KINDS)
            bare = text[1:256] if text[:1] in ("-", "+") else text
            number = parse_number_text(bare) if bare and not bare.strip("0123456789.,") else None
            row = out[live.row] = {
                "文本": text,
                "去符号": bare,
                "文本数值": "" if number is None else -number if text[:1] == "-" else number,
                "问题": code,
                "实为": "(空)" if shown is None else excerpt(shown) if isinstance(shown, str) else shown,
                "结果": FAIL if code else PASS,
                "级别": "" if not code else SEVERITY_ZH[self.lay.rules[code].severity],
                "规则": code or "/".join(self.rules_of(f)),
                "已填": 0 if shown is None or kept else 1,
            }
            if f.kind in NUMBER_KINDS:
                row["取值"] = "#N/A" if numbers.get(f.id) is None else numbers[f.id]
        return out

    def cached_status(self, rows: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
        """The status row's results, counted from the rows' cached results as its formulas count."""
        levels = {live.row: SEVERITY_ZH[self.lay.rules[live.check.rule].severity] for live in self.rows if live.check}
        level = {r: levels.get(r, cells.get("级别")) for r, cells in rows.items()}
        failing = [level[r] for r, cells in rows.items() if cells["结果"] == FAIL]
        errors, warnings = failing.count(SEVERITY_ZH[ERROR]), failing.count(SEVERITY_ZH["warning"])
        return {
            "status": FAIL if errors else "通过（有警告）" if warnings else PASS,
            "errors": errors,
            "warnings": warnings,
            "unassessed": sum(cells["结果"] == UNASSESSED for cells in rows.values()),
        }


def excerpt(text: str) -> str:
    """What 实为 shows of a text: controls removed (CLEAN), at most EXCERPT characters."""
    text = _clean(text)
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + ELLIPSIS


def _clean(text: str) -> str:
    """CLEAN: control characters removed."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def sheet_text(value: Any, *, fold: bool) -> str:
    """What the 文本 column shows for a cell holding ``value``: text only, controls removed
    (CLEAN), U+3000 and U+00A0 as spaces, spaces trimmed and collapsed (TRIM), and with
    ``fold`` full-width ASCII folded (ASC)."""
    if not isinstance(value, str):
        return ""
    if fold:
        value = value.translate(_FULL_WIDTH)
    value = value.replace("\u3000", " ").replace("\xa0", " ")
    value = _clean(value)
    return " ".join(part for part in value.split(" ") if part)


_FULL_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)}  # ！ … ～ -> ! … ~


def _strip_digits(cell: str) -> str:
    """An expression removing digits, the point and commas from ``cell``: empty if nothing else."""
    expr = cell
    for ch in "0123456789.,":
        expr = f'SUBSTITUTE({expr},"{ch}","")'
    return expr
