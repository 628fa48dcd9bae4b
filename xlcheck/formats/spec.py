"""The vocabulary of a format spec, and the engine that lays a spec out on sheets.

A format (see ``format2021.py``) is pure data built from the types below. ``layout()`` turns it
into cell addresses once; the generator, the reader, the schemas, the rules and the docs all read
that one ``Layout``, so no label, address or SUM range is written twice.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

# Field kinds: what a cell may hold.
COUNT = "count"  # non-negative whole number
SIGNED_COUNT = "signed-count"  # whole number, negative when it decreased (2019: 本年增/减, a real report -417)
AMOUNT = "amount"  # non-negative amount in 万元, up to 6 decimals
YEAR = "year"  # a four-digit year
TEXT = "text"  # one line of text
NARRATIVE = "narrative"  # a long wrapped text (a report section)
NUMBER_KINDS = (COUNT, SIGNED_COUNT, AMOUNT)
WHOLE_KINDS = (COUNT, SIGNED_COUNT)  # counts: no fractions
# The rule a value of each kind breaks when its schema refuses it.
VALUE_RULES = {COUNT: "NUM-COUNT", SIGNED_COUNT: "NUM-COUNT", AMOUNT: "NUM-AMOUNT", YEAR: "META-YEAR"}
# Rules the engines raise themselves, whatever the field's kind.
TEXTNUM_RULE, FORMULA_RULE, FEE_RULE, LAYOUT_RULE = "CELL-TEXTNUM", "CELL-FORMULA", "SEC6-FEE", "LAYOUT"
PUBLISHED_RULE = "PUB-LATE"  # a published document's date against the 条例's deadline (no workbook has one)
BLANK_RULE = "CELL-BLANK"  # a table cell left empty

TEXT_BOX_ROW_HEIGHT = 100.0  # points per row of a below-entry's text box: about 7 lines of 11-point text

META_SHEET = "_xlcheck"  # the template's hidden sheet: format id and template version
GUIDE_SHEET, CHECK_SHEET, RESULTS_SHEET = "填报说明", "校验结果", "检查结果"  # instructions, live checks, annotations
SOURCES_SHEET = "汇总来源"  # a 汇总's list of the units summed or refused (its headers are cover labels)
SHADOW_PREFIX = "_值"  # hidden sheets mirroring values for the live checks


def own_sheet(name: str) -> bool:
    """Whether a sheet is one xlcheck adds around the report (never where the report's tables are)."""
    own = (META_SHEET, GUIDE_SHEET, CHECK_SHEET, RESULTS_SHEET, SOURCES_SHEET)
    return name in own or name.startswith(SHADOW_PREFIX)


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Axis:
    """One row or column of a grid: a key and its label path, outermost group first.

    ``kind``: what the cells of this column (or row) hold, when not the grid's kind (2019 table 二
    mixes counts, signed changes and an amount in one block).
    """

    key: str
    path: tuple[str, ...]
    kind: str | None = None


@dataclass(frozen=True)
class Grid:
    """A statistical table: row labels down the left, column headers on top, inputs inside."""

    table: str  # field ids are f"{table}.{row}.{col}" (f"{table}.{col}" for an unlabelled row)
    rows: tuple[Axis, ...]
    cols: tuple[Axis, ...]
    kind: str = COUNT
    caption: str | None = None  # a block caption row spanning the grid (table 二's 第二十条…)
    corner: str | None = None  # the label block above the row labels
    # Sheet columns the data occupy, when wider than len(cols): each column spans width // len(cols)
    # of them, and the last one the rest (a 2019 block of two columns on table 二's three).
    width: int | None = None


@dataclass(frozen=True)
class Entry:
    """A labelled input outside the tables: the input stands right of (or below) its label."""

    key: str  # the field id
    label: str
    kind: str = TEXT
    blank_rule: str | None = None  # the rule reported when it is left empty
    below: bool = False
    official: bool = True  # False: only xlcheck's template has this label (地址, 邮编…), not the format
    # Below-entries: the sheet rows the text box spans. One row holds at most 409 points in
    # Excel; a box over several rows holds (and prints, page after page) a long section.
    rows: int = 1


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    blocks: tuple[Grid | Entry, ...]
    widths: tuple[float, ...]  # column widths in characters, from column A
    landscape: bool = False
    print_title: bool = True  # repeat the title and header rows on every printed page
    official_title: bool = True  # False: the title is the template's, not a heading of the format


@dataclass(frozen=True)
class SumRule:
    """sum(left) == sum(right), for each row (or column) of a grid, blaming one term.

    With ``each="row"`` the keys name columns and the rule holds on every row; with
    ``each="col"`` they name rows. ``formula`` marks the blamed cell as a total the template
    fills with a formula.
    """

    rule: str
    grid: str  # the table id of the grid
    each: str  # "row" | "col"
    left: tuple[str, ...]
    right: tuple[str, ...]
    blame: str
    formula: bool = False
    # The rule that makes one line of this grid the sum of others (T3-ROWTOTAL makes 总计 the sum
    # of the applicant columns). This rule's instance on that total line then follows from the
    # others: its failure is *implied*, not a violation, while this rule fails on a line the
    # total adds up, or ``implied_by`` fails on a line the instance reads (FORMAT.md「One
    # mistake, one finding」).
    implied_by: str | None = None


@dataclass(frozen=True)
class RuleInfo:
    """A rule of the catalog: its id, severity, description and message templates."""

    id: str
    severity: str
    zh: str
    en: str
    message_zh: str
    message_en: str
    fix_zh: str = ""  # how to fix it, for annotated copies
    fix_en: str = ""
    # What it judges: one WORKBOOK, a report beside last year's, beside its units, or a PUBLISHED document.
    scope: str = "workbook"


WORKBOOK, CROSS_YEAR, WITH_UNITS, PUBLISHED = "workbook", "cross-year", "with-units", "published"
# A rule ``xlcheck check`` judges in one workbook by reading its narrative's sentences (TEXT-TABLE): the
# template's live checks cannot, so they and the template's guide leave it out; ``xlcheck rules`` lists it.
NARRATIVE_TEXT = "narrative-text"
TEXT_RULE = "TEXT-TABLE"


@dataclass(frozen=True)
class NarrativeFigure:
    """A figure the narrative quotes and the table cells it must equal (TEXT-TABLE, FORMAT.md「Rules」).

    ``patterns`` are regular expressions over a narrative section's text as ``narrative.py`` folds it: white
    space and invisible characters removed, full-width forms folded (NFKC: ，→, （→( ；→;). ``{n}`` stands
    for the quoted number (Arabic or Chinese numerals, 万/亿 handled), counted in 件; a pattern without ``{n}``
    quotes zero (未收到…申请); the engine reads only sentences holding 件 or 未. The figure is the sum of
    ``fields``, or of one of ``also``: other sums the same words are used for in published reports (共受理 is
    新收 in some, 新收 + 上年结转 in others); quoting any of them is consistent. ``sections``: the narrative
    fields searched. ``context``: words the sentence must hold (one of them) before the figure is trusted.
    ``whole``: the figure is a total, so a clause that narrows it (其中、通过…) quotes a part and is not compared.
    ``unless``: words that, in the sentence, say the number counts something else (复议机关).
    """

    patterns: tuple[str, ...]
    fields: tuple[str, ...]
    sections: tuple[str, ...]
    also: tuple[tuple[str, ...], ...] = ()
    context: tuple[str, ...] = ()
    whole: bool = False
    unless: tuple[str, ...] = ()
    rule: str = TEXT_RULE


EXPLAINING = "explanations"  # the scope of the rule judging the unit's explanations against the other findings


@dataclass(frozen=True)
class ExplanationSheet:
    """Where a unit explains the warnings that are true (情况说明): one explanation a row, under a header
    row of ``columns`` (the warning's rule id | its blamed cell | the reason).

    The template writes it as the sheet ``name`` with ``note`` above the table and ``rows`` input rows;
    the checker finds the header row by its labels in any sheet (``explanations.py``) and reports an
    explanation that explains no warning as ``rule``.
    """

    name: str
    columns: tuple[str, str, str]
    note: str
    rule: str
    rows: int = 20


@dataclass(frozen=True)
class CrossYearRule:
    """this == last + sum(plus) − sum(minus) between this year's report and last year's, for each
    row (``each="row"``: the keys name columns) or column (``each="col"``: they name rows) of a grid.

    ``this``, ``plus``, ``minus`` and ``blame`` (one of them) are read in this year's report,
    ``last`` in last year's. ``crossyear.py`` judges the instances over two reports; a workbook
    alone cannot, so the template's live checks leave these rules out.
    """

    rule: str
    grid: str  # the table id of the grid
    each: str  # "row" | "col"
    this: str
    last: str
    blame: str
    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    id: str
    name: str
    template_version: int
    sheets: tuple[Sheet, ...]
    sum_rules: tuple[SumRule, ...]
    rules: tuple[RuleInfo, ...]
    fee_words: tuple[str, ...]  # SEC6-FEE: section 六 mentions one of these
    fee_field: str | None  # SEC6-FEE reads this narrative (None: the format asks no fee statement)
    agency_field: str
    year_field: str
    first_year: int  # META-YEAR: the earliest plausible report year
    # The report years this format governs (FORMAT.md: 30号 for 2021 onwards; 60号 for 2019 and 2020);
    # ``applies_to`` None: up to now.
    applies_from: int
    applies_to: int | None = None
    amount_name: str = ""  # what the guide calls the format's amount in 万元 (收费金额, 采购总金额)
    title: str = ""  # how messages name the format: 2021 年格式（国办公开办函〔2021〕30号）
    title_en: str = ""
    # Labels of the other format version, as reports still print them in this one's layout (2021: the
    # 2019 labels it replaced; 2019: the 2021 labels that replaced them): label -> this format's label
    # when it means the same row or column, else None. ``older_name`` names that format.
    older_labels: tuple[tuple[str, str | None], ...] = ()
    older_name: str = ""
    cross_year_rules: tuple[CrossYearRule, ...] = ()  # judged against last year's report
    narrative_figures: tuple[NarrativeFigure, ...] = ()  # TEXT-TABLE: what the narrative may quote
    explanations: ExplanationSheet | None = None  # where a unit explains its warnings (情况说明)

    def governs(self, year: int) -> bool:
        """Whether reports for ``year`` are to be made in this format."""
        return self.applies_from <= year and (self.applies_to is None or year <= self.applies_to)

    @property
    def workbook_rules(self) -> tuple[RuleInfo, ...]:
        """The rules one workbook can be judged by alone (its template's live checks, its guide): not the
        cross-year ones, nor those comparing a report with its units', nor those of a published document."""
        return tuple(r for r in self.rules if r.scope == WORKBOOK)

    @property
    def explainable_rules(self) -> tuple[RuleInfo, ...]:
        """The rules a written explanation may accept: every warning a workbook's findings can carry (not the one
        judging explanations, nor a published page's own, PUB-LATE). Errors must be fixed."""
        return tuple(r for r in self.rules if r.severity == WARNING and r.scope not in (EXPLAINING, PUBLISHED))


# ---------------------------------------------------------------- the laid-out form


@dataclass(frozen=True)
class Field:
    """One input (or total) cell."""

    id: str
    sheet: str
    cell: str
    row: int  # 1-based
    col: int  # 1-based
    kind: str
    caption: str  # row × column captions, for messages
    merge: str | None = None  # the range an input spans when wider than one cell
    blank_rule: str | None = None
    block: str = ""


@dataclass(frozen=True, eq=False)  # each label is one object of its layout: compared and hashed by identity
class Label:
    """A printed label: the checker expects ``text`` at ``cell``."""

    sheet: str
    cell: str
    row: int
    col: int
    text: str
    merge: str | None
    role: str  # title | caption | corner | header | row | entry
    block: str = ""  # the table (or group of entries) it belongs to; located together
    leaf: bool = False  # it names one row or column of inputs (or an entry's input)
    official: bool = True  # printed by the format itself; False: by xlcheck's template only


@dataclass(frozen=True)
class Check:
    """One instance of a SumRule: the cells it reads and the one it blames."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    blame: str
    formula: bool

    @property
    def reads(self) -> tuple[str, ...]:
        return self.left + self.right


@dataclass(frozen=True)
class CrossCheck:
    """One instance of a CrossYearRule: field ids of this year's report, and ``last`` of last year's."""

    rule: str
    this: str
    last: str
    plus: tuple[str, ...]
    minus: tuple[str, ...]
    blame: str

    @property
    def reads(self) -> tuple[str, ...]:
        """The fields read in this year's report."""
        return (self.this, *self.plus, *self.minus)


@dataclass
class SheetLayout:
    spec: Sheet
    last_row: int = 0
    last_col: int = 0
    header_rows: tuple[int, int] | None = None  # rows repeated on each printed page
    freeze: tuple[int, int] | None = None  # the first scrolling (row, column)
    heights: dict[int, float] = field(default_factory=dict)


@dataclass(eq=False)  # one object per format (spec.layout caches it): hashed by identity
class Layout:
    format: Format
    sheets: dict[str, SheetLayout] = field(default_factory=dict)
    fields: dict[str, Field] = field(default_factory=dict)
    labels: list[Label] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    cross_checks: list[CrossCheck] = field(default_factory=list)  # instances of the cross-year rules
    totals: dict[str, Check] = field(default_factory=dict)  # total field id -> its formula
    table_blocks: set[str] = field(default_factory=set)  # the blocks that are statistical tables
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    # A rule instance -> the instances whose failure implies its own (see SumRule.implied_by),
    # in the order findings name them.
    implied_by: dict[Check, tuple[Check, ...]] = field(default_factory=dict)

    def sum_ranges(self, ids: tuple[str, ...]) -> list[str]:
        """The cells of ``ids`` (one sheet) as A1 ranges: contiguous runs become D7:D27."""
        return ranges_of([self.fields[i] for i in ids])

    def sum_expr(self, ids: tuple[str, ...]) -> str:
        """An Excel expression adding fields of one sheet."""
        ranges = self.sum_ranges(ids)
        return ranges[0] if len(ranges) == 1 and ":" not in ranges[0] else f"SUM({','.join(ranges)})"

    def formula(self, field_id: str) -> str | None:
        """The template's formula for a total cell, or None for a plain input."""
        check = self.totals.get(field_id)
        return None if check is None else "=" + self.sum_expr(check.right)


# ---------------------------------------------------------------- geometry helpers


def ranges_of(fields: list[Field]) -> list[str]:
    """Cells of one sheet as A1 ranges: contiguous runs become D7:D27."""
    runs: list[list[Field]] = []
    for f in fields:
        if runs and _extends(runs[-1], f):
            runs[-1].append(f)
        else:
            runs.append([f])
    return [r[0].cell if len(r) == 1 else f"{r[0].cell}:{r[-1].cell}" for r in runs]


def _extends(run: list[Field], f: Field) -> bool:
    """Whether ``f`` is the next cell of a straight run of cells."""
    last = run[-1]
    right = f.row == last.row and f.col == last.col + 1
    down = f.col == last.col and f.row == last.row + 1
    if len(run) == 1:
        return right or down
    return right if run[0].row == last.row else down


def col_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def text_width(text: str) -> int:
    """Width of ``text`` in column-width units: a CJK character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def parse_a1(ref: str) -> tuple[int, int]:
    """'J14' -> (14, 10)."""
    ref = ref.replace("$", "").upper()
    i = len(ref.rstrip("0123456789"))
    col = 0
    for ch in ref[:i]:
        col = col * 26 + ord(ch) - 64
    return int(ref[i:]), col


def a1(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def span(row: int, col: int, last_row: int, last_col: int) -> str | None:
    if (row, col) == (last_row, last_col):
        return None
    return f"{a1(row, col)}:{a1(last_row, last_col)}"


def header_blocks(paths: list[tuple[str, ...]], depth: int):
    """Yield (level, first, last, text, leaf) for a header tree laid along one axis.

    Items that share a label prefix share one merged block; a path that ends before ``depth``
    (``leaf``) stretches across the remaining levels.
    """
    for level in range(depth):
        i = 0
        while i < len(paths):
            if len(paths[i]) <= level:
                i += 1
                continue
            prefix = paths[i][: level + 1]
            j = i
            while j + 1 < len(paths) and paths[j + 1][: level + 1] == prefix:
                j += 1
            yield level, i, j, prefix[-1], len(paths[i]) == level + 1
            i = j + 1


def field_id(grid: Grid, row: Axis, col: Axis) -> str:
    return f"{grid.table}.{row.key}.{col.key}" if row.key else f"{grid.table}.{col.key}"


def row_caption(grid: Grid, row: Axis) -> str:
    return "".join(row.path)


def col_caption(grid: Grid, col: Axis) -> str:
    # A group spanning every column (申请人情况) says nothing about one cell: drop it.
    groups = [p for p in col.path[:-1] if not all(p in c.path for c in grid.cols)]
    return "·".join((*groups, col.path[-1]))


def cell_caption(grid: Grid, row: Axis, col: Axis) -> str:
    parts = [grid.caption or "", row_caption(grid, row)]
    head = " ".join(p for p in parts if p)
    return f"{head} × {col_caption(grid, col)}" if head else col_caption(grid, col)


# ---------------------------------------------------------------- laying a format out


def _place_grid(out: Layout, sheet: SheetLayout, grid: Grid, top: int, block: str) -> int:
    """Lay one grid out from row ``top`` (column A); return the next free row."""
    name = sheet.spec.name
    label_depth = max(len(r.path) for r in grid.rows)
    header_depth = max(len(c.path) for c in grid.cols)
    width = grid.width or len(grid.cols)
    step = width // len(grid.cols)  # sheet columns per data column
    last_col = label_depth + width

    def label(row, col, last_row, last_col_, text, role, leaf=False):
        merge = span(row, col, last_row, last_col_)
        out.labels.append(Label(name, a1(row, col), row, col, text, merge, role, block, leaf))

    if grid.caption:
        label(top, 1, top, last_col, grid.caption, "caption")
        top += 1
    header_top, data_top = top, top + header_depth
    if grid.corner and label_depth:
        label(header_top, 1, data_top - 1, label_depth, grid.corner, "corner")

    def end(j: int) -> int:  # the last sheet column of data column j: the last one takes the rest
        return last_col if j == len(grid.cols) - 1 else label_depth + (j + 1) * step

    for level, first, last, text, leaf in header_blocks([c.path for c in grid.cols], header_depth):
        col0 = label_depth + 1 + first * step
        row = header_top + level
        label(row, col0, data_top - 1 if leaf else row, end(last), text, "header", leaf)
    for level, first, last, text, leaf in header_blocks([r.path for r in grid.rows], label_depth):
        col = level + 1
        label(data_top + first, col, data_top + last, label_depth if leaf else col, text, "row", leaf)
    for i, row_axis in enumerate(grid.rows):
        row = data_top + i
        for j, col_axis in enumerate(grid.cols):
            col = label_depth + 1 + j * step
            fid = field_id(grid, row_axis, col_axis)
            out.fields[fid] = Field(
                fid,
                name,
                a1(row, col),
                row,
                col,
                col_axis.kind or row_axis.kind or grid.kind,
                cell_caption(grid, row_axis, col_axis),
                merge=span(row, col, row, end(j)),
                blank_rule=BLANK_RULE,
                block=block,
            )
    if sheet.header_rows is None:
        sheet.header_rows = (1, data_top - 1)
        sheet.freeze = (data_top, label_depth + 1)
    else:  # several tables on one sheet: their headers differ, keep only the title in view
        sheet.freeze = (2, 1)
    sheet.last_col = max(sheet.last_col, last_col)
    return data_top + len(grid.rows)


def _place_entry(out: Layout, sheet: SheetLayout, entry: Entry, top: int, block: str) -> int:
    name = sheet.spec.name
    width = len(sheet.spec.widths)
    if entry.below:  # a heading, then a tall text box under it across the sheet
        label_merge = span(top, 1, top, width)
        row, col, merge = top + 1, 1, span(top + 1, 1, top + entry.rows, width)
        for box_row in range(row, row + entry.rows):
            sheet.heights[box_row] = TEXT_BOX_ROW_HEIGHT
        nxt = top + 1 + entry.rows
    else:  # label in A, the input right of it across the remaining columns
        label_merge = None
        row, col, merge = top, 2, span(top, 2, top, width)
        nxt = top + 1
    out.labels.append(
        Label(name, a1(top, 1), top, 1, entry.label, label_merge, "entry", block, leaf=True, official=entry.official)
    )
    out.fields[entry.key] = Field(
        entry.key, name, a1(row, col), row, col, entry.kind, entry.label, merge, entry.blank_rule, block
    )
    sheet.last_col = max(sheet.last_col, width)
    return nxt


def _expand(out: Layout, rule: SumRule) -> dict[str, Check]:
    """Add one instance of ``rule`` per line of its grid; return them by line key."""
    grids = [b for s in out.format.sheets for b in s.blocks if isinstance(b, Grid) and b.table == rule.grid]
    grid = grids[0]
    by_line: dict[str, Check] = {}
    for line in grid.rows if rule.each == "row" else grid.cols:
        ids = {key: _line_field(grid, rule.each, line, key) for key in (*rule.left, *rule.right)}
        check = Check(
            rule.rule,
            tuple(ids[k] for k in rule.left),
            tuple(ids[k] for k in rule.right),
            ids[rule.blame],
            rule.formula,
        )
        out.checks.append(check)
        by_line[line.key] = check
        if rule.formula:
            out.totals.setdefault(check.blame, check)  # first rule wins a cell both define
    return by_line


def _imply(out: Layout, rule: SumRule, expanded: dict[SumRule, dict[str, Check]]) -> None:
    """Relate ``rule``'s instance on a total line to the instances that imply its failure."""
    mine = expanded[rule]
    for summing in out.format.sum_rules:
        if summing.rule != rule.implied_by or summing.grid != rule.grid or summing.each == rule.each:
            continue
        total = mine.get(summing.blame)  # the instance on the line ``summing`` adds up
        if total is None:
            continue
        causes = [mine[key] for key in summing.right if key in mine]  # the same rule on the added lines
        causes += [c for c in expanded[summing].values() if c.blame in total.reads]  # the sums it reads
        out.implied_by[total] = out.implied_by.get(total, ()) + tuple(causes)


def _line_field(grid: Grid, each: str, line: Axis, key: str) -> str:
    """The field at ``key`` (a column key for each="row", a row key for each="col") on ``line``."""
    return field_id(grid, line, Axis(key, ())) if each == "row" else field_id(grid, Axis(key, ()), line)


def _expand_cross_year(out: Layout, rule: CrossYearRule) -> None:
    """One instance of ``rule`` per line of every grid of its table that has all its keys."""
    keys = {rule.this, rule.last, *rule.plus, *rule.minus}
    if rule.blame not in (rule.this, *rule.plus, *rule.minus):
        raise ValueError(f"{rule.rule}: the blamed cell must be one read in this year's report")
    grids = [b for s in out.format.sheets for b in s.blocks if isinstance(b, Grid) and b.table == rule.grid]
    found = False
    for grid in grids:
        across, lines = (grid.cols, grid.rows) if rule.each == "row" else (grid.rows, grid.cols)
        if not keys <= {a.key for a in across}:
            continue
        found = True
        for line in lines:
            at = {key: _line_field(grid, rule.each, line, key) for key in (*keys, rule.blame)}
            out.cross_checks.append(
                CrossCheck(
                    rule.rule,
                    at[rule.this],
                    at[rule.last],
                    tuple(at[k] for k in rule.plus),
                    tuple(at[k] for k in rule.minus),
                    at[rule.blame],
                )
            )
    if not found:
        raise ValueError(f"{rule.rule}: no grid of table {rule.grid} has the keys {sorted(keys)}")


def _vet_figures(out: Layout) -> None:
    """Every narrative figure reads numbers the layout has and searches narrative fields."""
    for fig in out.format.narrative_figures:
        for fid in {f for reading in (fig.fields, *fig.also) for f in reading}:
            if fid not in out.fields or out.fields[fid].kind not in NUMBER_KINDS:
                raise ValueError(f"{fig.rule}: {fid} is not a number field of the layout")
        for section in fig.sections:
            if section not in out.fields or out.fields[section].kind != NARRATIVE:
                raise ValueError(f"{fig.rule}: {section} is not a narrative field")
        if fig.rule not in out.rules:
            raise ValueError(f"{fig.rule} is not a rule of the format")


@cache
def layout(fmt: Format) -> Layout:
    """Lay ``fmt`` out on sheets: every label, field and rule instance with its address."""
    out = Layout(fmt, rules={r.id: r for r in fmt.rules})
    for cross in fmt.cross_year_rules:
        _expand_cross_year(out, cross)
    for spec in fmt.sheets:
        sheet = out.sheets[spec.name] = SheetLayout(spec)
        width = len(spec.widths)
        keys = [
            f"{spec.name}/{i}" if isinstance(b, Grid) else f"{spec.name}/entries" for i, b in enumerate(spec.blocks)
        ]
        title = Label(
            spec.name, "A1", 1, 1, spec.title, span(1, 1, 1, width), "title", keys[0], official=spec.official_title
        )
        out.labels.append(title)  # located with the sheet's first block
        top = 2
        for block, key in zip(spec.blocks, keys, strict=True):
            if isinstance(block, Grid):
                out.table_blocks.add(key)
            place = _place_grid if isinstance(block, Grid) else _place_entry
            top = place(out, sheet, block, top, key)
        sheet.last_row = top - 1
        if sheet.last_col != width:
            raise ValueError(f"sheet {spec.name}: blocks use {sheet.last_col} columns, widths give {width}")
    _vet_figures(out)
    expanded = {rule: _expand(out, rule) for rule in fmt.sum_rules}
    for rule in fmt.sum_rules:
        if rule.implied_by:
            _imply(out, rule, expanded)
    if any(c in out.implied_by for causes in out.implied_by.values() for c in causes):
        raise ValueError("an implied rule instance may not itself be the cause of another")
    return out
