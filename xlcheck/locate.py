"""Find the format's tables in a workbook by their printed labels, wherever they stand.

Each block of the layout (a table, or a sheet's labelled entries) is placed by a vote: every
occurrence of one of its labels proposes a sheet and an offset; the most proposed wins. Within the
block, each row is then found by its own label and each column by its own header, so inserted
rows and columns, moved tables, renamed or reordered sheets and tables pasted from a published
report are read correctly. A row or column whose label is missing is placed between its located
neighbours when both agree; otherwise it is not located and the rules reading it are not assessed.
A line not located is judged where it should stand: the next line after its located neighbour, within
the gap before the next located one, never on a line located for another label; when the gap has no
line left for it (a 2019 single row where 2021 prints three), the table lacks it (``absent``).

Labels are found loosely (NFKC, white space ignored, a superseded label for its successor) and
judged strictly (white space ignored only, as FORMAT.md says): a label found but spelled otherwise,
or not found, is LAYOUT at the cell where it should stand.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .formats.spec import Field, Label, Layout, a1, parse_a1

Pos = tuple[str, int, int]  # sheet, row, column
MAX_DRIFT_ROWS, MAX_DRIFT_COLS = 40, 20  # how far a label may stand from where its table implies
MIN_VOTES, MIN_VOTE_SHARE = 2, 0.25  # labels that must agree on where a table stands
MAX_LABEL_TEXT = 400  # the longest official label is ~40 characters; longer text is never one
# ``apart``: a line the table lacks stands this far past the grid (a document has at most a few hundred rows).
OFF_GRID = 100_000


def strict(text: Any) -> str:
    """A label as FORMAT.md compares it: white space removed, nothing else."""
    if isinstance(text, str) and len(text) <= MAX_LABEL_TEXT:
        return _strict(text)
    return "".join(str(text).split()) if text is not None else ""


def loose(text: Any) -> str:
    """A label as found: also full/half width folded, so （一） and (一) meet."""
    if isinstance(text, str) and len(text) <= MAX_LABEL_TEXT:
        return _loose(text)
    return "".join(unicodedata.normalize("NFKC", str(text)).split()) if text is not None else ""


# Labels and the cells that hold them repeat across files: each short text is normalised once per process.
@lru_cache(maxsize=16_384)
def _strict(text: str) -> str:
    return "".join(text.split())


@lru_cache(maxsize=16_384)
def _loose(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class LabelFinding:
    """A label not where (or not as) the format prints it."""

    label: Label
    at: Pos  # where the label should stand; for an absent line, where it would be inserted
    found: Any
    older: str | None = None  # the superseded label found there, if any
    absent: str | None = None  # "row" or "col": the table has no line for it where it belongs


@dataclass
class Placement:
    """Where the layout's fields and labels stand in one workbook."""

    fields: dict[str, Field | None] = field(default_factory=dict)  # field id -> located field, or None
    # Inputs not located: where they would most likely stand, and the label cells that are why.
    unread: dict[str, tuple[Field, tuple[str, ...]]] = field(default_factory=dict)
    findings: list[LabelFinding] = field(default_factory=list)
    missing_blocks: list[Label] = field(default_factory=list)  # first label of each block not found
    located_blocks: set[str] = field(default_factory=set)  # blocks found (Label.block keys)


class _Index:
    """Every text cell of the scanned sheets that could be a label, by loose text."""

    def __init__(self, cells: dict[str, dict[tuple[int, int], tuple[Any, str]]], older: dict[str, str | None]):
        self.cells = cells
        self.where: dict[str, list[Pos]] = {}
        for sheet, sheet_cells in cells.items():
            for (row, col), (value, _) in sheet_cells.items():
                if isinstance(value, str) and len(value) <= MAX_LABEL_TEXT:
                    key = loose(value)
                    self.where.setdefault(key, []).append((sheet, row, col))
                    if older.get(key):  # a superseded label stands for its successor
                        self.where.setdefault(loose(older[key]), []).append((sheet, row, col))

    def text(self, pos: Pos) -> Any:
        sheet, row, col = pos
        return self.cells.get(sheet, {}).get((row, col), (None, ""))[0]

    def near(self, text: str, sheet: str, row: int, col: int) -> Pos | None:
        hits = [
            p
            for p in self.where.get(loose(text), ())
            if p[0] == sheet and abs(p[1] - row) <= MAX_DRIFT_ROWS and abs(p[2] - col) <= MAX_DRIFT_COLS
        ]
        return min(hits, key=lambda p: (abs(p[1] - row) + abs(p[2] - col), p[1], p[2])) if hits else None


# Placements of workbooks whose every label stood where and as the format prints it, by the label cells
# they were found from: a folder of filled templates is located once. Bounded; shared by threads (a
# Placement is never changed once made).
_PLACEMENTS: dict[tuple, Placement] = {}
MAX_PLACEMENTS = 256


def locate(
    lay: Layout, cells: dict[str, dict[tuple[int, int], tuple[Any, str]]], ours: bool = True, apart: bool = False
) -> Placement:
    """Place every block of ``lay`` in the scanned ``cells`` (sheet -> (row, col) -> value, type).

    ``ours``: the workbook is xlcheck's template, so the labels only the template prints (``official``
    False: 地址, 邮编…, the cover's title) are judged too; in any other workbook they are not required.
    ``apart``: a line the table lacks (``Placement.absent``) stands past the grid, at ``OFF_GRID`` plus its
    template row or column, not where it would be inserted: a document's findings are moved to the
    template's cells by where they stand (``checker.canonicalise``), so no two may share a cell.

    A placement with no label finding depends only on the cells holding label texts (every lookup of
    ``_Block`` is at one of them), so it is kept and reused for a workbook with the same such cells.
    """
    keys = _label_keys(lay)
    signature = (
        lay.format.id,
        ours,
        apart,
        frozenset(
            (sheet, rc, value)
            for sheet, sheet_cells in cells.items()
            for rc, (value, _) in sheet_cells.items()
            if isinstance(value, str) and len(value) <= MAX_LABEL_TEXT and loose(value) in keys
        ),
    )
    placement = _PLACEMENTS.get(signature)
    if placement is None:
        placement = _locate(lay, cells, ours, apart)
        if not placement.findings and not placement.missing_blocks:
            if len(_PLACEMENTS) >= MAX_PLACEMENTS:
                _PLACEMENTS.clear()
            _PLACEMENTS[signature] = placement
    return placement


@lru_cache(maxsize=8)
def _label_keys(lay: Layout) -> frozenset[str]:
    """The loose texts that can place a label of ``lay``: its labels' and the superseded ones."""
    return frozenset(loose(lb.text) for lb in lay.labels) | {loose(old) for old, _ in lay.format.older_labels}


def _locate(
    lay: Layout, cells: dict[str, dict[tuple[int, int], tuple[Any, str]]], ours: bool, apart: bool
) -> Placement:
    older = {loose(old): new for old, new in lay.format.older_labels}
    index = _Index(cells, older)
    placement = Placement()
    blocks: dict[str, list[Label]] = {}
    for lb in lay.labels:
        blocks.setdefault(lb.block, []).append(lb)
    fields: dict[str, list[Field]] = {}
    for f in lay.fields.values():
        fields.setdefault(f.block, []).append(f)
    for key, labels in blocks.items():
        _Block(index, older, labels, fields.get(key, []), placement, ours, apart).place()
    return placement


class _Block:
    def __init__(
        self,
        index: _Index,
        older: dict[str, str | None],
        labels: list[Label],
        fields: list[Field],
        placement: Placement,
        ours: bool,
        apart: bool = False,
    ) -> None:
        self.index, self.older, self.labels, self.fields, self.out = index, older, labels, fields, placement
        self.ours, self.apart = ours, apart
        self.own = {loose(lb.text) for lb in labels}

    def place(self) -> None:
        anchor = self.vote()
        if anchor is None:
            self.out.missing_blocks.append(next((lb for lb in self.labels if lb.official or self.ours), self.labels[0]))
            for f in self.fields:
                self.out.fields[f.id] = None
                self.out.unread[f.id] = (f, (self.labels[0].cell,))
            return
        self.sheet, self.dr, self.dc = anchor
        self.out.located_blocks.add(self.labels[0].block)
        leaves = [lb for lb in self.labels if lb.leaf]
        row_leaves = [lb for lb in leaves if lb.role in ("row", "entry")]
        col_leaves = [lb for lb in leaves if lb.role == "header"]
        found = {lb: self.index.near(lb.text, self.sheet, lb.row + self.dr, lb.col + self.dc) for lb in leaves}
        # A guessed data row lies below the headers found, a guessed column right of the row labels found.
        header_bottom = max((p[1] for lb, p in found.items() if p and lb in col_leaves), default=0)
        labels_right = max((p[2] for lb, p in found.items() if p and lb in row_leaves), default=0)
        row_floor, col_floor = header_bottom, labels_right
        self.rows = self.fill(
            {lb.row: p[1] for lb, p in found.items() if p and lb in row_leaves},
            sorted({lb.row for lb in row_leaves}),
            self.dr,
            row_floor,
        )
        self.cols = self.fill(
            {lb.col: p[2] for lb, p in found.items() if p and lb in col_leaves},
            sorted({lb.col for lb in col_leaves}),
            self.dc,
            col_floor,
        )
        self.row_slots = self.align(1, row_leaves, row_floor)
        self.col_slots = self.align(2, col_leaves, col_floor)
        if not row_leaves:  # a table with no row labels: its data row is under its lowest header
            header_rows = [p[1] for lb, p in found.items() if p]
            data_rows = sorted({f.row for f in self.fields})
            first = max(header_rows) + 1 if header_rows else data_rows[0] + self.dr
            self.rows = {r: first + (r - data_rows[0]) for r in data_rows}
        self.judge_labels(found)
        self.place_fields(row_leaves)

    def vote(self) -> tuple[str, int, int] | None:
        votes: Counter = Counter()
        for lb in self.labels:
            for sheet, row, col in self.index.where.get(loose(lb.text), ()):
                votes[(sheet, row - lb.row, col - lb.col)] += 1
        home = self.labels[0].sheet
        best = max(votes, key=lambda k: (votes[k], k[0] == home, -abs(k[1]) - abs(k[2])), default=None)
        # A few stray matches ("总计" stands in several tables) must not place a table.
        if best is None or votes[best] < max(MIN_VOTES, math.ceil(len(self.labels) * MIN_VOTE_SHARE)):
            return None
        return best

    @staticmethod
    def fill(mapped: dict[int, int], wanted: list[int], offset: int, floor: int = 0) -> dict[int, int]:
        """Template rows (or columns) -> actual ones; a missing one goes between its located neighbours.

        A guess is dropped when its two neighbours disagree, when it lands on a located line, or when it
        is not past ``floor`` (the headers' last row, the row labels' last column): a line guessed there
        would read labels as data.
        """
        out = dict(mapped)
        taken = set(mapped.values())
        for t in wanted:
            if t in mapped:
                continue
            above = max((u for u in mapped if u < t), default=None)
            below = min((u for u in mapped if u > t), default=None)
            guesses = {mapped[u] + t - u for u in (above, below) if u is not None} or {t + offset}
            if len(guesses) != 1 or next(iter(guesses)) in taken or next(iter(guesses)) <= floor:
                continue
            out[t] = next(iter(guesses))
        return out

    def align(self, axis: int, leaves: list[Label], floor: int) -> dict[int, int | None]:
        """Template rows (axis 1) or columns (axis 2) not located -> where each should stand, or None:
        the table lacks it.

        Between two located lines, the lines not located take the table's lines in between, in order,
        each where the text most like its label stands (a misspelt label is found past an inserted
        empty row), else as far after the line before as the template has it; when the gap is short
        (a 2019 single row where 2021 prints three), the lines left over are absent. Before the first
        or after the last located line, a line stands where the template's spacing puts it, past
        ``floor``.
        """
        mapped = self.rows if axis == 1 else self.cols
        offset = self.dr if axis == 1 else self.dc
        by_line: dict[int, list[Label]] = {}
        for lb in leaves:
            by_line.setdefault(lb.row if axis == 1 else lb.col, []).append(lb)
        gaps: dict[tuple[int | None, int | None], list[int]] = {}
        for t in sorted(set(by_line) - set(mapped)):
            above = max((u for u in mapped if u < t), default=None)
            below = min((u for u in mapped if u > t), default=None)
            gaps.setdefault((above, below), []).append(t)
        out: dict[int, int | None] = {}
        for (above, below), lines in gaps.items():
            if above is not None and below is not None:
                free = list(range(max(mapped[above], floor) + 1, mapped[below]))
                spaced = {t: mapped[above] + t - above for t in lines}
                out.update(self.match(axis, lines, free, by_line, spaced))
                continue
            for t in lines:
                guess = mapped[below] - (below - t) if below is not None else t + offset
                guess = mapped[above] + t - above if above is not None else guess
                out[t] = guess if guess > floor else None
        return out

    def match(
        self, axis: int, lines: list[int], free: list[int], by_line: dict[int, list[Label]], spaced: dict[int, int]
    ) -> dict[int, int | None]:
        """``lines`` (in order) onto the ``free`` table lines (in order), each at most once: as many as fit,
        each where its label is most like the text there (another format's label is like none: it is
        not a misspelling), the template's spacing (``spaced``) breaking ties; None for a line left over."""
        if not free:
            return dict.fromkeys(lines)
        texts = [self.line_text(axis, g, by_line[lines[0]][0]) for g in free]
        texts = [None if loose(text) in self.older else text for text in texts]

        def score(t: int, j: int) -> float:
            like = max(_likeness(lb.text, texts[j]) for lb in by_line[t])
            return 1 + like + (0.01 if spaced[t] == free[j] else 0)

        # best[i][j]: the best score of the first i lines on the first j table lines.
        best = [[0.0] * (len(free) + 1) for _ in range(len(lines) + 1)]
        for i in range(1, len(lines) + 1):
            for j in range(1, len(free) + 1):
                best[i][j] = max(best[i - 1][j], best[i][j - 1], best[i - 1][j - 1] + score(lines[i - 1], j - 1))
        out: dict[int, int | None] = dict.fromkeys(lines)
        i, j = len(lines), len(free)
        while i and j:
            if best[i][j] == best[i - 1][j]:
                i -= 1
            elif best[i][j] == best[i][j - 1]:
                j -= 1
            else:
                out[lines[i - 1]] = free[j - 1]
                i, j = i - 1, j - 1
        return out

    def line_text(self, axis: int, g: int, lb: Label) -> Any:
        """The text of table line ``g`` where ``lb`` (a row's or a column's label) would stand on it."""
        row, col = self.nearest(lb.row, lb.col)
        return self.index.text(self.printed_left((self.sheet, g, col)) if axis == 1 else (self.sheet, row, g))

    @staticmethod
    def insertion(mapped: dict[int, int], t: int, offset: int) -> int:
        """Where an absent line would be inserted: at the next located line, else after the last one."""
        below = min((u for u in mapped if u > t), default=None)
        if below is not None:
            return mapped[below]
        above = max((u for u in mapped if u < t), default=None)
        return mapped[above] + 1 if above is not None else t + offset

    def line(self, axis: int, t: int) -> tuple[int | None, bool]:
        """Where template row (axis 1) or column (axis 2) ``t`` stands, and whether the table lacks it.

        None for a line that is no row or column of inputs (a caption's, a title's)."""
        mapped, slots = (self.rows, self.row_slots) if axis == 1 else (self.cols, self.col_slots)
        if t in mapped:
            return mapped[t], False
        if t not in slots:
            return None, False
        if slots[t] is None:
            return (OFF_GRID + t if self.apart else self.insertion(mapped, t, self.dr if axis == 1 else self.dc)), True
        return slots[t], False

    def actual(self, row: int, col: int) -> tuple[int, int]:
        """Where a template cell of this block stands: on its own row and column where located (or where
        they should stand), else by the nearest located row and column.

        Headers and captions move with the first row under them; row labels with the table's
        left edge, not with its data columns.
        """
        own_row, own_col = self.line(1, row)[0], self.line(2, col)[0]
        near_row, near_col = self.nearest(row, col)
        return (own_row if own_row is not None else near_row, own_col if own_col is not None else near_col)

    def nearest(self, row: int, col: int) -> tuple[int, int]:
        rows_after = [u for u in self.rows if u >= row]
        ref_row = min(rows_after) if rows_after else max(self.rows, default=None)
        cols_before = [u for u in self.cols if u <= col]
        ref_col = max(cols_before) if cols_before else None
        # Never a cell that cannot exist (a table moved up past row 1 guesses row 0 for its title).
        return (
            max(1, row + (self.rows[ref_row] - ref_row if ref_row is not None else self.dr)),
            max(1, col + (self.cols[ref_col] - ref_col if ref_col is not None else self.dc)),
        )

    def judge_labels(self, found: dict[Label, Pos | None]) -> None:
        self.wrong: dict[Label, LabelFinding] = {}  # leaf labels not as printed, by label
        for lb in self.labels:
            if not (lb.official or self.ours):
                continue  # a label only xlcheck's template prints: not required elsewhere
            pos = found.get(lb)
            if pos is None and not lb.leaf:  # group labels, captions, titles: anywhere in their span
                pos = self.in_span(lb)
            if pos is not None and strict(self.index.text(pos)) == strict(lb.text):
                continue
            absent = None
            if pos is None:
                row, col = self.actual(lb.row, lb.col)
                axis = (1 if lb.role in ("row", "entry") else 2) if lb.leaf else 0
                lacking = axis and self.line(axis, lb.row if axis == 1 else lb.col)[1]
                absent = ("row" if axis == 1 else "col") if lacking else None
                pos = (self.sheet, row, col)
                if axis == 1 and not absent and lb.row not in self.rows:
                    pos = self.printed_left(pos)  # a row of another layout: its label may span the label columns
            text = None if absent else self.index.text(pos)
            older = str(text) if loose(text) in self.older else None
            finding = LabelFinding(lb, pos, text, older, absent)
            self.out.findings.append(finding)
            if lb.leaf:
                self.wrong[lb] = finding

    def printed_left(self, pos: Pos) -> Pos:
        """``pos``, or, when it is empty, the nearest text left of it in its row within the table: the
        label printed across the label columns (a merge keeps its text at its left). Not one of this
        table's own labels (a group's, standing where it belongs), unless another format prints it as
        a row of its own (older_labels: 2019's （六）其他处理)."""
        sheet, row, col = pos
        if self.index.text(pos) not in (None, ""):
            return pos
        for c in range(col - 1, max(self.dc, 0), -1):
            text = self.index.text((sheet, row, c))
            if isinstance(text, str) and text.strip():
                key = loose(text)
                return pos if key in self.own and key not in self.older else (sheet, row, c)
        return pos

    def in_span(self, lb: Label) -> Pos | None:
        row, col = self.nearest(lb.row, lb.col)
        last_row, last_col = parse_a1(lb.merge.split(":")[1]) if lb.merge else (lb.row, lb.col)
        rows = range(row - 2, self.nearest(last_row, last_col)[0] + 3)
        cols = range(col - 2, self.nearest(last_row, last_col)[1] + 3)
        hits = [
            p for p in self.index.where.get(loose(lb.text), ()) if p[0] == self.sheet and p[1] in rows and p[2] in cols
        ]
        return min(hits, key=lambda p: abs(p[1] - row) + abs(p[2] - col)) if hits else None

    def place_fields(self, row_leaves: list[Label]) -> None:
        entry_labels = {lb.text: lb for lb in row_leaves if lb.role == "entry"}
        row_label = {lb.row: lb for lb in row_leaves}
        col_label = {lb.col: lb for lb in self.labels if lb.leaf and lb.role == "header"}
        for f in self.fields:
            entry = entry_labels.get(f.caption)
            if entry is not None:  # an entry's input keeps its offset from its label
                lines = [(entry, entry.row in self.rows)]
                row = self.rows.get(entry.row, self.actual(entry.row, entry.col)[0]) + f.row - entry.row
                col = entry.col + self.dc + f.col - entry.col
            else:
                lines = [(row_label.get(f.row), f.row in self.rows), (col_label.get(f.col), f.col in self.cols)]
                row, col = self.rows.get(f.row), self.cols.get(f.col)
                if row is None or col is None:  # not located: where it most likely stands
                    guess_row, guess_col = self.actual(f.row, f.col)
                    row = row if row is not None else self.at_label(row_label.get(f.row), 1, guess_row)
                    col = col if col is not None else self.at_label(col_label.get(f.col), 2, guess_col)
            # A line is not read when it is not located, or when its label cell holds a superseded
            # label that means something else (a 2019 column where a 2021 one belongs).
            unread = [lb for lb, located in lines if lb is not None and (not located or self.means_other(lb))]
            placed = _moved(f, self.sheet, row, col)
            if unread:
                self.out.fields[f.id] = None
                causes = tuple(a1(*self.wrong[lb].at[1:]) for lb in unread if lb in self.wrong)
                self.out.unread[f.id] = (placed, causes or (placed.cell,))
            else:
                self.out.fields[f.id] = placed

    def at_label(self, lb: Label | None, axis: int, default: int) -> int:
        """The row (axis 1) or column (axis 2) where a misprinted line label stands."""
        return self.wrong[lb].at[axis] if lb in self.wrong else default

    def means_other(self, lb: Label) -> bool:
        finding = self.wrong.get(lb)
        if finding is None or finding.older is None:
            return False
        return loose(self.older.get(loose(finding.older)) or "") != loose(lb.text)


def _likeness(label: str, text: Any) -> float:
    """How like ``label`` a cell's text is, 0 to 1 (loosely compared: white space and width ignored)."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_LABEL_TEXT:
        return 0.0
    return difflib.SequenceMatcher(None, loose(label), loose(text), autojunk=False).ratio()


def _moved(f: Field, sheet: str, row: int, col: int) -> Field:
    if (sheet, row, col) == (f.sheet, f.row, f.col):
        return f
    merge = None
    if f.merge:
        last_row, last_col = parse_a1(f.merge.split(":")[1])
        merge = f"{a1(row, col)}:{a1(row + last_row - f.row, col + last_col - f.col)}"
    return Field(f.id, sheet, a1(row, col), row, col, f.kind, f.caption, merge, f.blank_rule, f.block)
