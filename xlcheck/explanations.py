"""Explanations of warnings (情况说明): the unit's written reasons, read from its workbook and attached to
the warnings they explain.

The statistical offices' model: an error must be fixed; a warning may be true (a reorganisation changed
the carry-over) and is then accepted with a written reason. The format declares the table
(``Format.explanations``: 规则 | 单元格 | 说明); ``read`` finds its header row by those labels in any sheet
and takes it out of what ``locate`` sees, so nothing typed there is ever taken for a report table.
``attach`` gives each explanation to the warning of that rule at that cell (``Violation.explained``):
still a warning, counted as one, but never failing ``--strict``. An explanation that explains no
warning is itself a warning (``ExplanationSheet.rule``, EXPLAIN-UNUSED) at its row, so stale reasons
do not pile up: one for a warning this check no longer finds, for an error (errors cannot be
explained away; the error stays), for an unknown rule, a cell not in A1 form, a cell that several
sheets' warnings share, or a warning another row already explains.

Rules are judged in stages: a workbook alone (``checker``), then beside last year's (``crossyear``),
or beside its units (``aggregate --compare``). An explanation of a rule whose stage has not run for
this report (XYEAR-* without ``--last-year``, AGG-SUM without ``--compare``) is neither used nor stale:
nothing is said. Each stage calls ``attach`` with its scope; it works afresh each time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from .formats.spec import ERROR, EXPLAINING, WORKBOOK, Format, a1, col_letter
from .locate import MAX_LABEL_TEXT, loose
from .report import Report, Violation

Cells = dict[tuple[int, int], tuple[Any, str]]  # (row, col) -> (value, type), as a book's scan() gives them
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's last cell, XFD1048576
_CELL = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_GLUED = re.compile(r"(.*[^\x00-\x7f])([A-Za-z]{1,3}[0-9]{1,7})")  # 表三D6: a sheet name glued to its cell
_QUOTES = "'\"‘’“”"
# What is kept of a row (reasons are a sentence or a paragraph; ids and cells a few characters): every
# finding and output repeats them, so a hostile workbook cannot make them megabytes each.
MAX_REASON, MAX_TYPED = 2_000, 60
_DASHES = str.maketrans({"_": "-", "‐": "-", "‑": "-", "–": "-", "—": "-", "－": "-"})


@dataclass(frozen=True)
class Explanation:
    """One row of the explanations table as typed: the rule id, the cell and the reason (never empty)."""

    sheet: str
    row: int
    col: int  # the 规则 column; 单元格 and 说明 follow it
    rule: str
    cell: str
    text: str

    @property
    def cells(self) -> tuple[str, str, str]:
        """The row's three cells, A1 style."""
        return tuple(a1(self.row, self.col + i) for i in range(3))  # type: ignore[return-value]

    @property
    def typed(self) -> str:
        """The rule and cell as typed, for messages."""
        return " ".join(part for part in (self.rule, self.cell) if part) or f"{self.sheet}!{self.cells[0]}"


@dataclass(frozen=True)
class Explanations:
    """A workbook's explanations, and the rule scopes judged on its report so far."""

    rows: tuple[Explanation, ...]
    judged: frozenset[str] = frozenset()


def read(cells: dict[str, Cells], fmt: Format) -> tuple[dict[str, Cells], Explanations | None]:
    """Split a book's scanned ``cells`` into what may hold the report and the explanations table.

    In each sheet the first row holding the format's three column labels side by side (compared as
    labels are: full/half width and white space ignored) heads a table; every row under it with a
    reason in 说明 is an explanation (a row with an empty reason is none). The header and those three
    columns under it are left out of the cells returned. None when no sheet has an explanation.
    """
    spec = fmt.explanations
    if spec is None:
        return cells, None
    heads = tuple(loose(c) for c in spec.columns)
    rest = dict(cells)
    rows: list[Explanation] = []
    for sheet, grid in cells.items():
        head = _header(grid, heads)
        if head is None:
            continue
        top, left = head
        cols = range(left, left + len(heads))
        kept: Cells = {}
        typed: dict[int, dict[int, Any]] = {}
        for (r, c), value in grid.items():
            if r < top or c not in cols:
                kept[(r, c)] = value
            elif r > top:
                typed.setdefault(r, {})[c] = value[0]
        rest[sheet] = kept
        for r in sorted(typed):
            got = typed[r]
            rule, cell = _text(got.get(left), MAX_TYPED), _text(got.get(left + 1), MAX_TYPED)
            text = _text(got.get(left + 2), MAX_REASON)
            if text:
                rows.append(Explanation(sheet, r, left, rule, cell, text))
    return rest, Explanations(tuple(rows)) if rows else None


def tables_in(cells: dict[str, Cells], fmt: Format) -> list[str]:
    """The sheets of ``cells`` that head an explanations table (with or without a reason under it)."""
    if fmt.explanations is None:
        return []
    heads = tuple(loose(c) for c in fmt.explanations.columns)
    return [sheet for sheet, grid in cells.items() if _header(grid, heads) is not None]


def _header(grid: Cells, heads: tuple[str, ...]) -> tuple[int, int] | None:
    """The (row, column) of the first header row in ``grid``, or None."""
    found = []
    for (r, c), (value, _) in grid.items():
        if _is(value, heads[0]) and all(
            _is(grid.get((r, c + i), (None, ""))[0], head) for i, head in enumerate(heads[1:], 1)
        ):
            found.append((r, c))
    return min(found, default=None)


def _is(value: Any, head: str) -> bool:
    """Whether a cell holds the label ``head`` (loose). A long text never does, and is not normalised:
    a hostile file may repeat a megabyte string in every cell."""
    return isinstance(value, str) and len(value) <= MAX_LABEL_TEXT and loose(value) == head


def _text(value: Any, cap: int) -> str:
    """A cell's content as text, trimmed, at most ``cap`` characters (a longer one cut, ending in …):
    '' for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(getattr(value, "text", value))
    text = text[: cap * 4].strip()  # cut before trimming: a hostile cell may hold megabytes
    return text if len(text) <= cap else text[: cap - 1] + "…"


# ------------------------------------------------------------------ normalising what people type


def rule_id(typed: str) -> str:
    """A rule id as typed, normalised: ``'xyear_carry '`` and ``'ＸＹＥＡＲ－ＣＡＲＲＹ'`` → ``'XYEAR-CARRY'``."""
    return "".join(unicodedata.normalize("NFKC", typed).split()).upper().translate(_DASHES)


def cell_ref(typed: str) -> tuple[str | None, str] | None:
    """A cell as typed → (sheet or None, A1 cell without $), or None when it is no cell.

    Accepted: ``D6``, ``d6``, ``$D$6``, ``Ｄ６``, ``表三!D6``, ``'表三'!$D$6``, ``表三！D6``, ``表三 D6``, ``表三D6``.
    """
    text = "".join(unicodedata.normalize("NFKC", typed).split()).replace("$", "")
    sheet: str | None = None
    if "!" in text:
        sheet, _, text = text.rpartition("!")
    else:
        glued = _GLUED.fullmatch(text)
        if glued:
            sheet, text = glued[1], glued[2]
    if sheet is not None:
        sheet = sheet.strip(_QUOTES) or None
    match = _CELL.fullmatch(text.upper())
    if not match:
        return None
    column = 0
    for ch in match[1]:
        column = column * 26 + ord(ch) - 64
    row = int(match[2])
    if not (1 <= row <= MAX_ROW and column <= MAX_COL):
        return None
    return sheet, f"{col_letter(column)}{row}"


def _sheet_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).strip(_QUOTES).casefold()


# ------------------------------------------------------------------ attaching


def attach(report: Report, judged: str | tuple[str, ...] = WORKBOOK) -> Report:
    """Record that the rules of scope(s) ``judged`` have been judged on ``report``, and attach its
    explanations afresh to the warnings found so far; return ``report`` (changed in place).

    Each warning explained gets ``explained`` (the reason); each explanation that explains none adds a
    warning of the format's explanation rule at its row. Earlier attachments are undone first, so each
    stage may call this again. A report without explanations is returned as it is.
    """
    found = report.explanations
    if found is None or report.error is not None:
        return report
    from .checker import FORMATS  # the engine imports this module

    fmt = FORMATS[report.format]
    spec = fmt.explanations
    assert spec is not None
    found = replace(found, judged=found.judged | ({judged} if isinstance(judged, str) else set(judged)))
    report.explanations = found
    rules = {r.id: r for r in fmt.rules}
    findings = [
        replace(v, explained=None) if v.explained is not None else v for v in report.violations if v.rule != spec.rule
    ]
    explained: dict[int, Explanation] = {}  # index in findings -> the row explaining it
    unused: list[Violation] = []
    for row in found.rows:
        outcome = _match(row, findings, report, rules, found.judged, explained)
        if isinstance(outcome, list):
            explained.update(dict.fromkeys(outcome, row))
        elif outcome is not None:
            unused.append(
                Violation(
                    rules[spec.rule], row.sheet, row.cells[0], row.cells, None, row.text, row.typed, detail=outcome
                )
            )
    report.violations = [
        replace(v, explained=explained[i].text) if i in explained else v for i, v in enumerate(findings)
    ] + unused
    return report


def _match(
    row: Explanation,
    findings: list[Violation],
    report: Report,
    rules: dict,
    judged: frozenset[str],
    explained: dict[int, Explanation],
) -> list[int] | tuple[str, str] | None:
    """The indexes of the warnings ``row`` explains, why it explains none (zh, en), or None to say nothing."""
    if not row.rule or not row.cell:
        return ("未填写规则或单元格", "no rule or no cell given")
    rule = rules.get(rule_id(row.rule))
    if rule is None:
        return (f"没有规则「{row.rule}」，请从下拉列表选择", f"there is no rule {row.rule!r}; pick one from the list")
    if rule.severity == ERROR:
        return (
            f"{rule.id} 是错误，错误须改正，不能以说明代替",
            f"{rule.id} is an error: errors must be fixed, not explained",
        )
    if rule.scope == EXPLAINING:
        return (
            f"{rule.id} 提示的是情况说明本身，请改正或删除那一行",
            f"{rule.id} is about an explanation itself: fix or delete that row",
        )
    ref = cell_ref(row.cell)
    if ref is None:
        return (
            f"「{row.cell}」不是单元格，请写成 D6 或 表三!D6 的形式",
            f"{row.cell!r} is no cell; write it as D6 or 表三!D6",
        )
    if rule.scope not in judged:
        return None  # not judged in this run (no last year's report, no units): neither used nor stale
    sheet, cell = ref
    key = _sheet_key(sheet) if sheet else None
    hits = [
        i
        for i, v in enumerate(findings)
        if v.rule == rule.id and v.cell == cell and (key is None or _sheet_key(v.sheet) == key)
    ]
    where = f"{sheet}!{cell}" if sheet else cell
    if not hits:
        if any(
            n.rule == rule.id and n.cell == cell and (key is None or _sheet_key(n.sheet) == key)
            for n in (*report.not_assessed, *report.implied)
        ):
            return None  # not judged there, or failing only as other findings do: the reason may yet apply
        return (
            f"本次检查在 {where} 没有 {rule.id} 警告（可能已改正，或单元格写错），请删除或改正这一行",
            f"this check finds no {rule.id} warning at {where} (fixed, or the wrong cell?): delete or fix the row",
        )
    if len({_sheet_key(findings[i].sheet) for i in hits}) > 1:
        sheets = "、".join(findings[i].sheet for i in hits)
        first = findings[hits[0]].sheet
        return (
            f"{sheets} 的 {cell} 都有 {rule.id} 警告，请写明工作表，如 {first}!{cell}",
            f"{rule.id} warns at {cell} of several sheets ({', '.join(findings[i].sheet for i in hits)});"
            f" name the sheet, as in {first}!{cell}",
        )
    other = next((explained[i] for i in hits if i in explained), None)
    if other is not None:
        at = f"第 {other.row} 行" if other.sheet == row.sheet else f"{other.sheet} 第 {other.row} 行"
        at_en = f"row {other.row}" if other.sheet == row.sheet else f"{other.sheet} row {other.row}"
        return (f"{at}已说明同一项警告", f"{at_en} already explains the same warning")
    return hits  # one warning, or several of one rule at one cell (two figures of one section): all of them
