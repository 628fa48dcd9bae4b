"""汇总: a jurisdiction's figures as the cell-by-cell sum of its units' reports, and a parent's own
report compared with that sum (AGG-SUM).

Every input cell of tables 二, 三, 四 (``summed_fields``) is added over the units summed; the totals are
not added but left to the template's formulas over the sums. Counts are whole numbers (件); the fee
(万元, up to 6 decimals, FORMAT.md table 二) is added in ``decimal``, so 0.1 + 0.2 is 0.3, never
0.30000000000000004.

Which units are summed. Each refusal has a stable code (``REASONS``) and a reason in words:

- ``not-checked``: the file could not be checked (its coded error);
- ``is-parent``: the file is the parent report being compared;
- ``other-year``: its 报告年度 is not the 汇总's;
- ``other-format``: it is in the 2019 trial format, whose cells are not the 2021 format's;
- ``has-errors``: it has errors, unless ``include_failing``;
- ``no-year``, ``no-agency``: with ``include_failing``, a unit whose 报告年度 or 机关名称 is unusable (it
  cannot be placed in a year, or told from another unit);
- ``same-as-parent``: its 机关名称 is the 汇总's own (or the compared parent's): that body's own report, or
  an earlier 汇总, would count its units twice;
- ``unusable-cells``: a table cell holds no usable value (NUM-COUNT, NUM-AMOUNT, CELL-FORMULA, a cell not
  located), even with ``include_failing``: there is no number to add, and counting it as 0 would make the
  汇总 short without a trace in its cells;
- ``repeat``, ``name-clash``: several units share a 机关名称 (white space and full/half width ignored). With
  the same figures in every table cell they are one report sent twice: the first (in the order given) is
  summed, the later ones are ``repeat``. With different figures nothing tells which is current, so none is
  summed (``name-clash``): keeping the first would sum an old version as readily as the right one.
  Only units not refused for another reason are compared, so a corrected resubmission beside its failing
  original is summed.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import explanations
from .crossyear import agency_key
from .formats.format2021 import FORMAT_2021
from .formats.spec import AMOUNT, ERROR, SOURCES_SHEET, WITH_UNITS, Layout, layout
from .report import NotAssessed, Report, Violation

AGG_RULE = "AGG-SUM"  # a parent's cell is not the sum of its units' (warning; the catalog is format2021.RULES)

# code -> (zh, en) templates; {detail} is filled in. Codes are stable: scripts match on them.
REASONS = {
    "not-checked": ("无法检查：{detail}", "not checked: {detail}"),
    "is-parent": ("这是要比对的上级报告本身", "this is the parent report being compared"),
    "other-year": ("报告年度为 {detail}", "its report year is {detail}"),
    "other-format": (
        "是{detail}的报告，汇总只相加 2021 年格式的报告",
        "a report in {detail}: only 2021-format reports are summed",
    ),
    "has-errors": (
        "有 {detail}：改正后重新汇总（确需先纳入时，命令加 --include-failing）",
        "{detail}: correct it and aggregate again (--include-failing sums it anyway)",
    ),
    "covers-units": (
        "这是以前的一份汇总，已含本次纳入的 {detail}，纳入会重复计算",
        "an earlier aggregate that already holds {detail}, summed here too: it would count twice",
    ),
    "no-year": ("报告年度未填写或有误，无法确定属于哪一年", "its report year is missing or wrong"),
    "no-agency": ("机关名称未填写，无法与其他单位区分", "its agency name is missing: it cannot be told from others"),
    "same-as-parent": (
        "机关名称与{detail}相同（是该机关自己的报告，还是以前的汇总？），纳入会重复计算",
        "its agency name is that of {detail} (its own report, or an earlier aggregate?): it would count twice",
    ),
    "unusable-cells": ("以下单元格没有可用的数值，无法相加：{detail}", "no usable value to add in {detail}"),
    "repeat": (
        "与 {detail} 机关名称相同、数据相同：重复报送，只计一次",
        "a repeat of {detail} (same name, same figures)",
    ),
    "name-clash": (
        "与 {detail} 机关名称相同而数据不同，无法判断以哪份为准，均未纳入",
        "same agency name as {detail} but different figures: which one stands is unknown, none is summed",
    ),
}
# A unit's verdict: stable word -> (zh, en); the zh words are those of the summary workbook.
VERDICTS = {
    "passed": ("通过", "passed"),
    "warnings": ("仅有警告", "warnings only"),
    "errors": ("有错误", "errors"),
    "not-checked": ("无法检查", "not checked"),
}
MAX_CELLS_NAMED = 5


def summed_fields(lay: Layout | None = None) -> list[str]:
    """The field ids a 汇总 adds: every input of the statistical tables (二, 三, 四), not their totals."""
    lay = lay or layout(FORMAT_2021)
    return [fid for fid, f in lay.fields.items() if f.block in lay.table_blocks and fid not in lay.totals]


def exact(value: int | float, kind: str) -> int | Decimal:
    """A cell's value for exact addition: a count as int, an amount as the Decimal it is written as."""
    return Decimal(str(value)) if kind == AMOUNT else int(value)


def plain(value: int | Decimal) -> int | float:
    """A sum as a plain number (JSON, messages): a Decimal of at most 6 decimals round-trips as a float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass(frozen=True)
class Unit:
    """One unit's report and whether it is summed; when not, ``code`` (``REASONS``) and ``reason`` (zh, en)."""

    report: Report
    included: bool
    code: str | None = None
    reason: tuple[str, str] | None = None

    @property
    def verdict(self) -> str:
        """passed, warnings, errors or not-checked (a key of ``VERDICTS``)."""
        r = self.report
        return "not-checked" if r.error else "errors" if r.errors else "warnings" if r.warnings else "passed"

    def reason_text(self, lang: str = "zh") -> str:
        return "" if self.reason is None else self.reason[0 if lang == "zh" else 1]

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        r = self.report
        return {
            "path": r.path,
            "agency": r.agency,
            "year": r.year,
            "verdict": self.verdict,
            "errors": len(r.errors),
            "warnings": len(r.warnings),
            "included": self.included,
            "reason": None if self.code is None else {"code": self.code, "message": self.reason_text(lang)},
        }


def _refused(report: Report, code: str, detail: str | tuple[str, str] = "") -> Unit:
    zh, en = REASONS[code]
    dzh, den = (detail, detail) if isinstance(detail, str) else detail
    return Unit(report, False, code, (zh.format(detail=dzh), en.format(detail=den)))


@dataclass
class Aggregate:
    """The units in the order given, each summed or refused, and the sums: field id -> int (件) or
    Decimal (万元) over the units summed (``summed_fields``; 0 everywhere when none is)."""

    year: int
    units: list[Unit]
    sums: dict[str, int | Decimal]

    @property
    def included(self) -> list[Unit]:
        return [u for u in self.units if u.included]

    @property
    def refused(self) -> list[Unit]:
        return [u for u in self.units if not u.included]

    def to_list(self, lang: str = "zh") -> list[dict[str, Any]]:
        return [u.to_dict(lang) for u in self.units]


def aggregate_reports(
    reports: Iterable[Report],
    year: int,
    *,
    include_failing: bool = False,
    parent: str | None = None,
    parent_path: str | None = None,
) -> Aggregate:
    """Sum the units' ``reports`` (from ``xlcheck.check``) for report year ``year``.

    ``parent`` is the 机关名称 of the 汇总 being made, or of the parent report being compared, whose
    own report is not one of its units; ``parent_path`` that report's file, when it may be among the
    units. Which units are summed and why others are not: see the module's docstring. Never raises for
    a bad unit: each is listed, summed or with its reason.
    """
    lay = layout(FORMAT_2021)
    fields = summed_fields(lay)
    units: list[Unit | None] = []
    candidates: list[tuple[int, Report]] = []
    for report in reports:
        refusal = _refusal(report, year, include_failing, parent, parent_path, fields)
        units.append(refusal)
        if refusal is None:
            candidates.append((len(units) - 1, report))
    groups: dict[str, list[tuple[int, Report]]] = {}
    for i, report in candidates:
        groups.setdefault(agency_key(report.agency), []).append((i, report))
    for group in groups.values():
        first = group[0][1]
        same = all(r.values.get(f) == first.values.get(f) for _, r in group for f in fields)
        for n, (i, report) in enumerate(group):
            others = "、".join(r.path for j, (_, r) in enumerate(group) if j != n)
            if len(group) == 1 or (same and n == 0):
                units[i] = Unit(report, True)
            elif same:
                units[i] = _refused(report, "repeat", first.path)
            else:
                units[i] = _refused(report, "name-clash", others)
    done = [u for u in units if u is not None]
    _refuse_overlapping_aggregates(done)
    sums: dict[str, int | Decimal] = {}
    for fid in fields:
        kind = lay.fields[fid].kind
        sums[fid] = sum((exact(u.report.values[fid], kind) for u in done if u.included), exact(0, kind))
    return Aggregate(year, done, sums)


def _refusal(
    report: Report, year: int, include_failing: bool, parent: str | None, parent_path: str | None, fields: list[str]
) -> Unit | None:
    """Why ``report`` cannot be summed, before duplicates are looked at; None when it can."""
    if report.error:
        return _refused(report, "not-checked", (report.error.message("zh"), report.error.message("en")))
    if parent_path and _same_file(report.path, parent_path):
        return _refused(report, "is-parent")
    if report.year is not None and report.year != year:
        return _refused(report, "other-year", (f"{report.year}，不是 {year}", f"{report.year}, not {year}"))
    if report.format != FORMAT_2021.id:  # its cells are another format's (2019: no 本年制发件数…)
        from .formats.registry import FORMATS

        fmt = FORMATS[report.format]
        return _refused(report, "other-format", (fmt.title, fmt.title_en))
    if report.year is None:
        return _refused(report, "no-year")
    if not report.agency or not agency_key(report.agency):
        return _refused(report, "no-agency")
    if parent and agency_key(report.agency) == agency_key(parent):
        return _refused(report, "same-as-parent", (f"「{parent}」", repr(parent)))
    unusable = [f"{report.cells[f][0]}!{report.cells[f][1]}" for f in fields if report.values.get(f) is None]
    if unusable:
        named = "、".join(unusable[:MAX_CELLS_NAMED])
        more = len(unusable) - MAX_CELLS_NAMED
        zh = named + (f" 等 {len(unusable)} 个单元格" if more > 0 else "")
        en = ", ".join(unusable[:MAX_CELLS_NAMED]) + (f" and {more} more" if more > 0 else "")
        return _refused(report, "unusable-cells", (zh, en))
    # Last, so that its hint (--include-failing) is only given when that flag would sum the unit.
    if report.errors and not include_failing:
        first = next(v for vs in report.by_sheet().values() for v in vs if v.severity == ERROR)
        n, at = len(report.errors), f"{first.sheet}!{first.cell} {first.rule}"
        return _refused(report, "has-errors", (f"{n} 项错误（如 {at}）", f"{n} error(s), e.g. {at}"))
    return None


def _refuse_overlapping_aggregates(units: list[Unit]) -> None:
    """An earlier 汇总 among the units (it has a 「汇总来源」 sheet) is refused when it already holds a unit
    summed here: left in the folder by mistake, it would count those units twice. A county's 汇总 in a
    city's folder, holding none of the city's other units, is summed like any report."""
    from .outputs.aggregated import covered_agencies

    summed = {agency_key(u.report.agency): u for u in units if u.included}
    for i, unit in enumerate(units):
        if not unit.included or SOURCES_SHEET not in unit.report.sheet_order:
            continue
        overlap = [
            a
            for a in covered_agencies(unit.report.path)
            if agency_key(a) in summed and summed[agency_key(a)] is not unit
        ]
        if overlap:
            named = "、".join(f"「{a}」" for a in overlap[:MAX_CELLS_NAMED]) + (
                "等" if len(overlap) > MAX_CELLS_NAMED else ""
            )
            units[i] = _refused(unit.report, "covers-units", (named, ", ".join(overlap[:MAX_CELLS_NAMED])))


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def compare(parent: Report, agg: Aggregate) -> Report:
    """``parent`` (its own report, checked) with an AGG-SUM warning at each input cell of its tables
    that differs from the sum of the units summed in ``agg``: expected the sum, found its value. A cell
    of the parent with no usable value leaves AGG-SUM not assessed there. Totals are not compared:
    they follow from the inputs, and the parent's own T3-*/T4-TOTAL rules judge them. Returns a new
    Report; ``parent`` is not changed."""
    lay = layout(FORMAT_2021)
    info = lay.rules[AGG_RULE]
    violations, not_assessed = list(parent.violations), list(parent.not_assessed)
    count = str(len(agg.included))
    for fid, total in agg.sums.items():
        f = lay.fields[fid]
        sheet, cell = parent.cells.get(fid, (f.sheet, f.cell))
        value = parent.values.get(fid)
        if value is None:
            not_assessed.append(NotAssessed(AGG_RULE, sheet, cell, (cell,)))
        elif exact(value, f.kind) != total:
            violations.append(
                Violation(info, sheet, cell, (cell,), plain(total), value, f.caption, detail=(count, count))
            )
    compared = dataclasses.replace(parent, violations=violations, not_assessed=not_assessed)
    return explanations.attach(compared, WITH_UNITS)  # the parent may explain a difference of scope
