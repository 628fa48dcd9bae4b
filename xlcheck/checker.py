"""The engine: read a workbook, judge every field and rule of its format, report by cell."""

from __future__ import annotations

import os
import unicodedata
from datetime import date
from os import PathLike
from typing import Any

from . import reader, schemas
from .errors import CheckError
from .format2021 import FORMAT_2021
from .report import EXPECTED_AMOUNT, EXPECTED_COUNT, EXPECTED_RESULT, NotAssessed, Report, Violation
from .spec import (
    AMOUNT,
    COUNT,
    FEE_RULE,
    FORMULA_RULE,
    LAYOUT_RULE,
    NUMBER_KINDS,
    TEXTNUM_RULE,
    VALUE_RULES,
    YEAR,
    Field,
    Format,
    layout,
)
from .values import BLANK, Candidate, candidate, problem

FORMATS = {FORMAT_2021.id: FORMAT_2021}
# What a cell of each kind should hold, as reported in ``expected``.
EXPECTED = {COUNT: EXPECTED_COUNT, AMOUNT: EXPECTED_AMOUNT}


def normalize_label(text: Any) -> str:
    """A label as compared: full/half width folded (NFKC), all white space removed."""
    if text is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def _same_formula(found: str, expected: str) -> bool:
    def norm(f: str) -> str:
        return "".join(f.lstrip("=").replace("$", "").split()).upper()

    return norm(found) == norm(expected)


class _Run:
    """The state of checking one workbook."""

    def __init__(self, path: str, fmt: Format, version: int | None, today: date) -> None:
        self.path, self.fmt, self.lay = path, fmt, layout(fmt)
        self.this_year = today.year
        self.report = Report(path, format=fmt.id, template_version=version, sheet_order=[s.name for s in fmt.sheets])
        self.numbers: dict[str, int | float | None] = {}  # None: not assessable
        self.bad_cells: dict[str, tuple[str, ...]] = {}  # field id -> the cells that leave it unusable

    def violation(self, rule: str, at: Field | tuple[str, str], **kw: Any) -> None:
        """Report ``rule`` at a field, or at a (sheet, cell) that holds no field (a label)."""
        sheet, cell = (at.sheet, at.cell) if isinstance(at, Field) else at
        kw.setdefault("cells", (cell,))
        kw.setdefault("where", at.caption if isinstance(at, Field) else "")
        self.report.violations.append(Violation(self.lay.rules[rule], sheet, cell, **kw))

    def run(self, book: reader.Book) -> Report:
        cells = {
            name: book.cells(name, sheet.last_row, sheet.last_col)
            for name, sheet in self.lay.sheets.items()
            if name in book.sheetnames
        }
        self.check_labels(cells)
        fields = [f for f in self.lay.fields.values() if f.sheet in cells]
        candidates = self.read_fields(book, cells, fields)
        self.judge_values(fields, candidates)
        for fid in self.lay.totals:
            self.total(fid)
        self.check_sums()
        return self.report

    # ------------------------------------------------------------ LAYOUT

    def check_labels(self, cells: dict[str, reader.Cells]) -> None:
        for name, sheet in self.lay.sheets.items():
            if name not in cells:
                self.violation(
                    LAYOUT_RULE,
                    (name, "A1"),
                    expected=sheet.spec.title,
                    found=None,
                    detail=(f"（缺少工作表「{name}」）", f" (sheet {name!r} is missing)"),
                )
        for lb in self.lay.labels:
            if lb.sheet not in cells:
                continue
            found = cells[lb.sheet].get((lb.row, lb.col), (None, ""))[0]
            if normalize_label(found) != normalize_label(lb.text):
                self.violation(LAYOUT_RULE, (lb.sheet, lb.cell), expected=lb.text, found=found)

    # ------------------------------------------------------------ cell values

    def read_fields(
        self, book: reader.Book, cells: dict[str, reader.Cells], fields: list[Field]
    ) -> dict[str, Candidate]:
        """Each field's candidate value; formulas resolved to the template's total or a saved result."""
        out: dict[str, Candidate] = {}
        pending: dict[str, Field] = {}  # fields whose formula's saved result we must read
        for f in fields:
            value, dtype = cells[f.sheet].get((f.row, f.col), (None, "n"))
            if dtype == "f":
                value = str(getattr(value, "text", value))  # array formulas come as objects
                template = self.lay.formula(f.id)
                if template and _same_formula(value, template):
                    continue  # the template's own total: recomputed from the inputs below
                pending[f.id] = f
                out[f.id] = Candidate(value)  # the formula text, replaced by its result below
            elif dtype == "e":
                self.formula_problem(f, value, saved=value)
            else:
                out[f.id] = candidate(value, f.kind)
        if pending:
            wanted: dict[str, set[tuple[int, int]]] = {}
            for f in pending.values():
                wanted.setdefault(f.sheet, set()).add((f.row, f.col))
            saved = {sheet: book.saved_results(sheet, coords) for sheet, coords in wanted.items()}
            for fid, f in pending.items():
                value, dtype = saved[f.sheet].get((f.row, f.col), (None, "n"))
                if value is None or dtype == "e":
                    self.formula_problem(f, out.pop(fid).value, saved=value)
                else:
                    out[fid] = candidate(value, f.kind)
        return out

    def formula_problem(self, f: Field, formula: Any, saved: Any) -> None:
        if saved is None:
            detail = (f"{formula} 没有保存计算结果", f"{formula} has no saved result")
        else:
            detail = (f"结果为错误值 {saved}", f"resulted in the error value {saved}")
        self.violation(
            FORMULA_RULE,
            f,
            expected=EXPECTED_RESULT,
            found=saved if saved is not None else formula,
            detail=detail,
        )
        self.unusable(f)

    def unusable(self, f: Field) -> None:
        self.numbers[f.id] = None
        self.bad_cells[f.id] = (f.cell,)

    def judge_values(self, fields: list[Field], candidates: dict[str, Candidate]) -> None:
        by_id = {f.id: f for f in fields}
        filled = [(by_id[fid].kind, c.value) for fid, c in candidates.items() if c is not BLANK and c.value is not None]
        refused = schemas.rejected(filled, self.fmt.first_year, self.this_year)
        for fid, cand in candidates.items():
            f = by_id[fid]
            if cand.value is None:
                if f.blank_rule:
                    self.violation(f.blank_rule, f, expected=self.expected(f), found=None)
                if f.kind in NUMBER_KINDS:
                    self.numbers[fid] = 0  # a blank counts as 0; it is reported once, above
                continue
            if (f.kind, type(cand.value), cand.value) in refused:
                found = cand.raw if cand.as_text else cand.value
                self.violation(
                    VALUE_RULES[f.kind],
                    f,
                    expected=self.expected(f),
                    found=found,
                    detail=problem(cand.value, f.kind),
                )
                self.unusable(f)
                continue
            if cand.as_text:
                self.violation(TEXTNUM_RULE, f, expected=cand.value, found=cand.raw)
            if f.kind in NUMBER_KINDS:
                self.numbers[fid] = cand.value
        self.check_fee_statement(candidates)

    def expected(self, f: Field) -> str | None:
        if f.kind == YEAR:
            return f"{self.fmt.first_year}–{self.this_year}"
        return EXPECTED.get(f.kind)

    def check_fee_statement(self, candidates: dict[str, Candidate]) -> None:
        cand = candidates.get(self.fmt.fee_field)
        if cand is None or cand.value is None:
            return  # missing or blank: SEC-TEXT already says so
        if not any(word in cand.value for word in self.fmt.fee_words):
            self.violation(FEE_RULE, self.lay.fields[self.fmt.fee_field], expected="信息处理费", found=None)

    # ------------------------------------------------------------ totals and sum rules

    def total(self, fid: str) -> int | float | None:
        """A template total's value: recomputed from the inputs, never the cached result."""
        if fid not in self.numbers:
            terms = self.lay.totals[fid].right
            values = [self.total(t) if t in self.lay.totals else self.numbers.get(t) for t in terms]
            if any(v is None for v in values):
                self.numbers[fid] = None
                self.bad_cells[fid] = self.causes(terms)
            else:
                self.numbers[fid] = sum(values)
        return self.numbers[fid]

    def causes(self, fids) -> tuple[str, ...]:
        """The cells that leave ``fids`` unusable (a total's own bad inputs, not the total)."""
        cells: list[str] = []
        for fid in fids:
            if self.numbers.get(fid) is None:
                for cell in self.bad_cells.get(fid, (self.lay.fields[fid].cell,)):
                    if cell not in cells:
                        cells.append(cell)
        return tuple(cells)

    def check_sums(self) -> None:
        for check in self.lay.checks:
            blame = self.lay.fields[check.blame]
            values = {fid: self.numbers.get(fid) for fid in check.reads}
            cells = tuple(self.lay.fields[fid].cell for fid in check.reads)
            if any(v is None for v in values.values()):
                because = self.causes(check.reads)
                self.report.not_assessed.append(NotAssessed(check.rule, blame.sheet, blame.cell, because))
                continue
            left = sum(values[fid] for fid in check.left)
            right = sum(values[fid] for fid in check.right)
            if left == right:
                continue
            found = values[check.blame]
            # The blamed cell's value that would make the two sides equal.
            expected = found + (right - left) if check.blame in check.left else found + (left - right)
            self.violation(
                check.rule,
                blame,
                cells=cells,
                expected=expected,
                found=found,
                sides=(left, right),
            )


def check(path: str | PathLike[str], *, today: date | None = None) -> Report:
    """Check one filled workbook and return its ``Report``; never raises for a bad file.

    A file that cannot be checked (missing, not an .xlsx, damaged) comes back with
    ``report.error`` set and ``report.exit_code() == 2``. The file is only read.
    """
    path = os.fspath(path)
    try:
        with reader.Book(path) as book:
            fmt, version = _format_of(book.meta(), path)
            return _Run(path, fmt, version, today or date.today()).run(book)
    except CheckError as exc:
        return Report(path, error=exc)


def _format_of(meta: dict[str, Any], path: str) -> tuple[Format, int | None]:
    """The format a workbook declares in its metadata (the 2021 format when it declares none)."""
    declared = meta.get("format")
    fmt = FORMATS.get(str(declared)) if declared is not None else FORMAT_2021
    if fmt is None:
        raise CheckError("unsupported-format", path, str(declared))
    version = meta.get("template_version")
    return fmt, int(version) if isinstance(version, (int, float)) and not isinstance(version, bool) else None
