"""Find the format's tables in a workbook by their printed labels, wherever they stand.

Each block of the layout (a table, or a sheet's labelled entries) is placed by a vote: every
occurrence of one of its labels proposes a sheet and an offset; the most proposed wins. Within the
block, each row is then found by its own label and each column by its own header, so inserted
rows and columns, moved tables, renamed or reordered sheets and tables pasted from a published
report are read correctly. A row or column whose label is missing is placed between its located
neighbours when both agree; otherwise it is not located and the rules reading it are not assessed.

Labels are found loosely (NFKC, white space ignored, a superseded label for its successor) and
judged strictly (white space ignored only, as FORMAT.md says): a label found but spelled otherwise,
or not found, is LAYOUT at the cell where it should stand.
"""

from __future__ import annotations

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
    at: Pos
    found: Any
    older: str | None = None  # the superseded label found there, if any


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


def locate(lay: Layout, cells: dict[str, dict[tuple[int, int], tuple[Any, str]]], ours: bool = True) -> Placement:
    """Place every block of ``lay`` in the scanned ``cells`` (sheet -> (row, col) -> value, type).

    ``ours``: the workbook is xlcheck's template, so the labels only the template prints (``official``
    False: 地址, 邮编…, the cover's title) are judged too; in any other workbook they are not required.

    A placement with no label finding depends only on the cells holding label texts (every lookup of
    ``_Block`` is at one of them), so it is kept and reused for a workbook with the same such cells.
    """
    keys = _label_keys(lay)
    signature = (
        lay.format.id,
        ours,
        frozenset(
            (sheet, rc, value)
            for sheet, sheet_cells in cells.items()
            for rc, (value, _) in sheet_cells.items()
            if isinstance(value, str) and len(value) <= MAX_LABEL_TEXT and loose(value) in keys
        ),
    )
    placement = _PLACEMENTS.get(signature)
    if placement is None:
        placement = _locate(lay, cells, ours)
        if not placement.findings and not placement.missing_blocks:
            if len(_PLACEMENTS) >= MAX_PLACEMENTS:
                _PLACEMENTS.clear()
            _PLACEMENTS[signature] = placement
    return placement


@lru_cache(maxsize=8)
def _label_keys(lay: Layout) -> frozenset[str]:
    """The loose texts that can place a label of ``lay``: its labels' and the superseded ones."""
    return frozenset(loose(lb.text) for lb in lay.labels) | {loose(old) for old, _ in lay.format.older_labels}


def _locate(lay: Layout, cells: dict[str, dict[tuple[int, int], tuple[Any, str]]], ours: bool) -> Placement:
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
        _Block(index, older, labels, fields.get(key, []), placement, ours).place()
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
    ) -> None:
        self.index, self.older, self.labels, self.fields, self.out = index, older, labels, fields, placement
        self.ours = ours

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
        self.rows = self.fill(
            {lb.row: p[1] for lb, p in found.items() if p and lb in row_leaves},
            sorted({lb.row for lb in row_leaves}),
            self.dr,
            header_bottom,
        )
        self.cols = self.fill(
            {lb.col: p[2] for lb, p in found.items() if p and lb in col_leaves},
            sorted({lb.col for lb in col_leaves}),
            self.dc,
            labels_right,
        )
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

    def actual(self, row: int, col: int) -> tuple[int, int]:
        """Where a template cell of this block stands, by the nearest located row and column.

        Headers and captions move with the first row under them; row labels with the table's
        left edge, not with its data columns.
        """
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
            if pos is None:
                row, col = self.actual(lb.row, lb.col)
                pos = (self.sheet, row, col)
            text = self.index.text(pos)
            older = str(text) if loose(text) in self.older else None
            finding = LabelFinding(lb, pos, text, older)
            self.out.findings.append(finding)
            if lb.leaf:
                self.wrong[lb] = finding

    def in_span(self, lb: Label) -> Pos | None:
        row, col = self.actual(lb.row, lb.col)
        last_row, last_col = parse_a1(lb.merge.split(":")[1]) if lb.merge else (lb.row, lb.col)
        rows = range(row - 2, self.actual(last_row, last_col)[0] + 3)
        cols = range(col - 2, self.actual(last_row, last_col)[1] + 3)
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


def _moved(f: Field, sheet: str, row: int, col: int) -> Field:
    if (sheet, row, col) == (f.sheet, f.row, f.col):
        return f
    merge = None
    if f.merge:
        last_row, last_col = parse_a1(f.merge.split(":")[1])
        merge = f"{a1(row, col)}:{a1(row + last_row - f.row, col + last_col - f.col)}"
    return Field(f.id, sheet, a1(row, col), row, col, f.kind, f.caption, merge, f.blank_rule, f.block)
