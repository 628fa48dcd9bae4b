"""A published report (a web page, a Word file) as a grid of cells the engine reads like a workbook.

``Document`` is neutral: its tables as expanded grids (a cell spanning rows or columns keeps its text
at the top-left of its span, the cells it covers are empty: what Excel does with a merge, and what
makes a column found by its header right however skewed the page's spans are), its paragraphs in
order, its title and meta tags. The readers (``html.py``, ``docx.py``) make one.

``DocumentBook`` presents a Document to the engine as a virtual workbook (the interface of
``xlsx.Book``), laid out so that ``locate`` finds the report by its labels:

- each document table on a sheet of its own (``表格1``, ``表格2`` …), the nearest section heading
  above it in row 1 (where the template prints the table's title), its rows from row 2, empty rows
  dropped (Word's hidden width rows, padding rows);
- a cover sheet and a narrative sheet with the template's own geometry (``layout(fmt)``): 机关名称
  and 报告年度 derived from the title 「<机关名称><年度>年政府信息公开工作年度报告」, and the headings
  一、五、六 with each section's paragraphs joined in the cell under them.

Cell values: a document has no cell types, so a clean number text (``&nbsp;12``, ``１２``, digits
split over spans) is that number; other text stays text (``3件`` is NUM-COUNT); an empty cell is
blank (CELL-BLANK). Invisible characters (zero-width spaces, BOM, soft hyphens) are removed first.

The book is ``canonical``: the engine moves every finding to the official template's cell and asks
``source_of`` where it stands in the document (``report.Source``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import CheckError
from ..formats.format2021 import FORMAT_2021
from ..formats.spec import NARRATIVE, Entry, Format, layout
from ..report import Source
from ..values import parse_number_text

# Budgets: a document is bounded like a workbook (see xlsx.py); a report has 3-5 tables of <= 30 rows.
MAX_DOCUMENT_BYTES = 20 * 2**20  # a Word-exported report page is 0.2-3 MiB
MAX_ELEMENTS = 200_000  # elements walked in a page (a Word-exported report page has ~20,000)
MAX_TABLES = 300
MAX_ROWS = 300  # rows of each table read (as xlsx.SCAN_ROWS)
MAX_COLS = 60  # columns of each table's grid (as xlsx.SCAN_COLS)
MAX_CELLS = 30_000  # table cells read in the whole document (a report's tables have ~600)
MAX_SPAN_AREA = 500_000  # grid positions covered by spans, over the document (a report: ~2,000)
MAX_PARAGRAPHS = 50_000
MAX_TEXT = 4_000_000  # characters of text in the whole document
MAX_CELL_TEXT = 32_767  # Excel's limit on a cell's text: the import writes these cells

# Characters that print as nothing but break a label or a number when text is copied from the web.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f"), None)

# What each kind of document is called in the report's notices: (zh, en).
KINDS = {
    "html": ("网页（HTML）", "web page (HTML)"),
    "mhtml": ("单个文件网页（MHTML）", "single-file web page (MHTML)"),
    "docx": ("Word 文档（.docx）", "Word document (.docx)"),
}


def clean(text: str) -> str:
    """``text`` without invisible characters."""
    return text.translate(INVISIBLE)


def cell_text(lines: list[str]) -> str:
    """A cell's (or paragraph's) text: its lines stripped of white space (NBSP, U+3000), empty ones dropped,
    at most ``MAX_CELL_TEXT`` characters (what a cell of the template holds)."""
    return joined(lines)[:MAX_CELL_TEXT]


def joined(lines: list[str]) -> str:
    """``cell_text`` uncut."""
    return "\n".join(s for s in (clean(line).strip() for line in lines) if s)


@dataclass
class Table:
    """One table as an expanded grid: (row, col) 1-based -> the text at the top-left of its span."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    rows: int = 0
    cols: int = 0


@dataclass
class Paragraph:
    """One paragraph (a line) of text outside the tables; ``scope`` names the containers it stands in
    (serial numbers of the enclosing div/td/... elements), so the report's own text can be told from a
    page's navigation and footer."""

    text: str
    scope: tuple[int, ...] = ()


@dataclass
class Document:
    """A published document: its paragraphs and tables in order, title and meta tags."""

    kind: str  # a key of KINDS
    blocks: list[Paragraph | Table] = field(default_factory=list)
    title: str | None = None  # <title>, or the Word file's title property
    meta: dict[str, str] = field(default_factory=dict)  # meta tags, lower-case name -> content

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


class GridBuilder:
    """Lay one table's rows out on a grid as a browser does (rowspan, colspan), within the budgets.

    ``add(row_cells)`` takes one row's cells as (text, rowspan, colspan, skip) where ``skip`` are grid
    columns left empty before the cell (Word's gridBefore) and a rowspan of 0 means "covered from above"
    (Word's vMerge continuation: the column is taken, the text is not shown).
    """

    def __init__(self, budget: Budget) -> None:
        self.table, self.budget = Table(), budget
        self.taken: set[tuple[int, int]] = set()
        self.row = 0

    def add(self, cells: list[tuple[str, int, int, int]]) -> None:
        self.row += 1
        if self.row > MAX_ROWS:
            return
        r, c = self.row, 1
        for text, rowspan, colspan, skip in cells:
            self.budget.cell()
            c += skip
            while (r, c) in self.taken:
                c += 1
            if c > MAX_COLS:
                break
            rows = min(max(rowspan, 1), MAX_ROWS - r + 1)
            cols = min(max(colspan, 1), MAX_COLS - c + 1)
            self.budget.area(rows * cols)
            for rr in range(r, r + rows):
                for cc in range(c, c + cols):
                    self.taken.add((rr, cc))
            if text and rowspan != 0:
                self.table.cells[(r, c)] = text
            self.table.cols = max(self.table.cols, c + cols - 1)
            c += cols
        self.table.rows = max(self.table.rows, min(self.row, MAX_ROWS))


class Budget:
    """Counts what a reader takes from a document; over a cap it raises ``too-many-cells``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.cells = self.spans = self.tables = self.paragraphs = self.chars = self.elements = 0

    def _over(self, what: str, cap: int) -> None:
        raise CheckError("too-many-cells", self.path, f"{what} > {cap}")

    def cell(self) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            self._over("table cells", MAX_CELLS)

    def area(self, n: int) -> None:
        self.spans += n
        if self.spans > MAX_SPAN_AREA:
            self._over("merged cell area", MAX_SPAN_AREA)

    def table(self) -> None:
        self.tables += 1
        if self.tables > MAX_TABLES:
            self._over("tables", MAX_TABLES)

    def paragraph(self, text: str) -> None:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            self._over("paragraphs", MAX_PARAGRAPHS)
        self.text(text)

    def text(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_TEXT:
            self._over("characters", MAX_TEXT)

    def element(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            self._over("elements", MAX_ELEMENTS)


# ---------------------------------------------------------------- what a document says about itself

_YEAR = r"((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})"
# 「<机关名称><年度>年政府信息公开工作年度报告」 (FORMAT.md: the report's title), with the usual variants.
_TITLE = re.compile(_YEAR + r"年度?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?报告")
_PERIOD = re.compile(_YEAR + r"年1月1日(?:起)?至(?:" + _YEAR + r"年)?12月31日")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
PUBLISHED_LABELS = ("发布日期", "发布时间", "公开日期", "发文日期")
AGENCY_LABELS = ("发布机构", "发文机关", "发布单位", "信息来源", "来源")
PUBLISHED_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date.issued")
_DIGITS = {ch: str(i) for i, ch in enumerate("零一二三四五六七八九")} | {"〇": "0", "○": "0"}


def _year(text: str) -> int:
    return int("".join(_DIGITS.get(ch, ch) for ch in text))


def loose(text: str) -> str:
    """Text as labels are found: NFKC, white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def parse_date(text: str) -> date | None:
    """The first date written as 2025-01-20, 2025/1/20, 2025.01.20 or 2025年1月20日 in ``text``."""
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


@dataclass(frozen=True)
class Title:
    """What the report's title 「<机关名称><年度>年政府信息公开工作年度报告」 says."""

    text: str
    agency: str | None
    year: int | None


def parse_title(text: str) -> Title | None:
    """The agency and year of a report title; None when ``text`` is not one (a title ends with 报告, or
    a bracketed remark after it: a sentence that mentions the report goes on)."""
    soft = _soft(text)
    text = loose(text)
    m = _TITLE.search(text)
    if not m or len(text) > 80 or (m.end() < len(text) and text[m.end()] not in '(（》”"'):
        return None
    at = _TITLE.search(soft)  # the same title with the spaces a Latin name keeps (Test County Bureau)
    named = soft[: at.start()] if at else text[: m.start()]
    agency = named.strip().strip("《》“”\"'：:").strip() or None
    return Title(text, agency, _year(m[1]))


def _soft(text: str) -> str:
    """``text`` NFKC-folded with white space dropped, but for one space between Latin letters or digits."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return re.sub(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])", "", text)


# ---------------------------------------------------------------- the virtual workbook


@dataclass(frozen=True)
class Heading:
    """A section heading 一…六 as the format prints it."""

    ordinal: int  # 1..6 for 一…六
    label: str


@dataclass(frozen=True)
class _Found:
    index: int  # in Document.blocks
    rest: str  # text after the heading in the same paragraph
    exact: bool  # worded as the format words it (white space aside)


ORDINALS = "一二三四五六七八九十"
MIN_HEADING_LIKENESS = 0.6  # 五、政府信息公开工作存在的主要问题及改进情况 is 0.78 like the official 五
MAX_HEADING = 40  # characters: a longer paragraph is text, unless it starts with the heading itself


def headings(fmt: Format) -> list[Heading]:
    """The report's section headings 一…六 as the format prints them: the narrative entries' labels
    and the table sheets' titles, in order."""
    texts = [b.label for s in fmt.sheets for b in s.blocks if isinstance(b, Entry) and b.kind == NARRATIVE]
    texts += [s.title for s in fmt.sheets if s.official_title]
    found = [Heading(ORDINALS.index(t[0]) + 1, t) for t in texts if t[:1] in ORDINALS and t[1:2] == "、"]
    return sorted(found, key=lambda h: h.ordinal)


def _heading_rest(text: str, official: str) -> tuple[str, bool] | None:
    """(text after the heading, worded exactly) when loose ``text`` is the heading ``official``."""
    bare = official[2:]  # without 「一、」: Word's automatic numbering keeps the numeral out of the text
    if text.startswith(official):
        return text[len(official) :].lstrip("：:。"), True
    if text == bare:
        return "", True
    if text[:1] == official[:1] and text[1:2] in ("、", ".", "，", ",") and len(text) <= MAX_HEADING:
        if difflib.SequenceMatcher(None, text, official).ratio() >= MIN_HEADING_LIKENESS:
            return "", False
    return None


class DocumentBook:
    """A Document as the virtual workbook the engine reads (the interface of ``xlsx.Book``)."""

    canonical = True

    def __init__(self, doc: Document, path: str, fmt: Format = FORMAT_2021) -> None:
        self.doc, self.path, self.kind = doc, path, doc.kind
        self.properties: dict[str, str] = {}
        self.notices: list[Any] = [("document", KINDS[doc.kind])]
        self._cells: dict[str, dict[tuple[int, int], tuple[Any, str]]] = {}
        self._sources: dict[tuple[str, int, int], Source] = {}  # cover, narrative and heading cells
        self._rows: dict[tuple[str, int], tuple[int, int, int]] = {}  # table sheet row -> table, its row, columns
        self._numbers = {id(p): i for i, p in enumerate(doc.paragraphs, 1)}  # paragraph -> its number
        self._tables = {id(t): i for i, t in enumerate(doc.tables, 1)}
        self._headings = headings(fmt)
        self._found = self._find_headings()
        self.published, self.published_source = self._publication()
        self._lay_out(fmt)
        self.sheetnames = list(self._cells)

    def __enter__(self) -> DocumentBook:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    # ------------------------------------------------------------ the engine's interface

    def scan(self) -> dict[str, dict[tuple[int, int], tuple[Any, str]]]:
        return self._cells

    def meta(self) -> dict[str, Any]:
        return {}  # a document declares no template format or version

    def saved_results(self, sheet: str, coords: set[tuple[int, int]]) -> dict:
        return {}  # a document has no formulas

    def source_of(self, sheet: str, row: int, col: int) -> Source | None:
        """Where the virtual cell (sheet, row, col) stands in the document."""
        found = self._sources.get((sheet, row, col))
        if found is None and (sheet, row) in self._rows:
            table, table_row, cols = self._rows[(sheet, row)]
            found = Source(table, table_row, col) if col <= cols else None
        return found

    # ------------------------------------------------------------ sections

    def _find_headings(self) -> dict[int, _Found]:
        """Each section heading found (ordinal -> where).

        A paragraph is heading N when its text is (or starts with) the format's heading N, is the
        heading without its numeral, or is a short line starting with N's numeral that reads much
        like it (五、政府信息公开工作存在的…). Headings are taken in order, so a sub-item 「一、…」
        inside a section is not one.
        """
        found: dict[int, _Found] = {}
        last = 0
        for i, block in enumerate(self.doc.blocks):
            if not isinstance(block, Paragraph):
                continue
            text = loose(block.text)
            for h in self._headings:
                if h.ordinal <= last:
                    continue
                hit = _heading_rest(text, loose(h.label))
                if hit is not None:
                    found[h.ordinal] = _Found(i, *hit)
                    last = h.ordinal
                    break
        reworded = [
            f"{self.doc.blocks[f.index].text}（{h.label}）"
            for h in self._headings
            if (f := found.get(h.ordinal)) and not f.exact
        ]
        if reworded:
            self.notices.append(("document-headings", "、".join(reworded)))
        missing = [h.label for h in self._headings if h.ordinal not in found]
        if missing:
            self.notices.append(("document-sections", "、".join(missing)))
        return found

    def _article_scope(self) -> tuple[int, ...]:
        """The containers every heading stands in: the report's own text, not a page's navigation."""
        scopes = [self.doc.blocks[f.index].scope for f in self._found.values()]
        if not scopes:
            return ()
        common = scopes[0]
        for scope in scopes[1:]:
            n = 0
            while n < min(len(common), len(scope)) and common[n] == scope[n]:
                n += 1
            common = common[:n]
        return common

    def section(self, ordinal: int) -> tuple[str | None, Paragraph | None]:
        """A section's text (its paragraphs joined by line breaks, tables left out; None when its
        heading is not found) and its heading paragraph."""
        found = self._found.get(ordinal)
        if found is None:
            return None, None
        later = [f.index for o, f in self._found.items() if o > ordinal]
        end = min(later) if later else len(self.doc.blocks)
        scope = self._article_scope()
        lines = [found.rest] if found.rest else []
        for block in self.doc.blocks[found.index + 1 : end]:
            if isinstance(block, Paragraph) and block.scope[: len(scope)] == scope:
                lines.append(block.text)
        text = joined(lines)
        if len(text) > MAX_CELL_TEXT:  # a cell holds no more: what is past it is neither checked nor imported
            heading = next(h.label for h in self._headings if h.ordinal == ordinal)
            self.notices.append(
                ("document-section-cut", (f"「{heading}」（{len(text)} 字）", f"{heading!r} ({len(text)})"))
            )
        return text[:MAX_CELL_TEXT], self.doc.blocks[found.index]

    def _paragraph_source(self, p: Paragraph | None) -> Source | None:
        return Source.of_paragraph(self._numbers[id(p)]) if p is not None else None

    # ------------------------------------------------------------ cover: title and publication

    def _before_report(self) -> list[Paragraph]:
        first = min((f.index for f in self._found.values()), default=len(self.doc.blocks))
        return [b for b in self.doc.blocks[:first] if isinstance(b, Paragraph)]

    def title(self) -> tuple[Title | None, Paragraph | None, tuple[str, str]]:
        """The report's title, the paragraph it stands in (None for a tag or property) and what that is."""
        before = self._before_report()
        for k in range(len(before) - 1, -1, -1):  # the title nearest the report
            found = parse_title(before[k].text)
            if found is None:
                continue
            above = loose(before[k - 1].text).strip("《》“”") if k else ""
            if found.agency is None and above and len(above) <= 30 and not any(ch in above for ch in "。，：:>|"):
                found = Title(above + found.text, above, found.year)  # 「某某县人民政府」/「2024年…年度报告」
            return found, before[k], ("标题", "the title")
        if (text := self.doc.meta.get("articletitle")) and (found := parse_title(text)):
            return found, None, ("网页的 ArticleTitle 标签", "the page's ArticleTitle tag")
        where = ("网页标题", "the page title") if self.doc.kind != "docx" else ("标题属性", "its title property")
        for part in re.split(r"[-_|—–]", self.doc.title or ""):
            if found := parse_title(part):
                return found, None, where
        return None, None, ("", "")

    def _labelled(self, labels: tuple[str, ...]) -> tuple[str, Source | None, str] | None:
        """The text given after one of ``labels`` in a metadata box (a table: the next cell, or the
        cell's own text after a colon) or on a line before the report (「发布时间：2025-01-20」), where
        it stands and the label found."""
        for t_index, table in enumerate(self.doc.tables[:10], 1):  # a metadata box comes first
            for (row, col), text in sorted(table.cells.items()):
                key = loose(text)
                for label in labels:
                    if key.rstrip(":：") == label:
                        nxt = min(((c, v) for (r, c), v in table.cells.items() if r == row and c > col), default=None)
                        if nxt:
                            return nxt[1], Source(t_index, row, nxt[0]), label
                    elif key.startswith(label) and key[len(label) : len(label) + 1] in (":", "："):
                        return key[len(label) + 1 :], Source(t_index, row, col), label
        for p in self._before_report():
            for label in labels:
                if m := re.search(re.escape(label) + r"\s*[:：]\s*(\S+(?:\s\d{1,2}:\d{2}(?::\d{2})?)?)", p.text):
                    return m[1], self._paragraph_source(p), label
        return None

    def _publication(self) -> tuple[date | None, Source | None]:
        """The publication date the document states: 发布日期 (发布时间…) in its metadata box or on a
        line before the report, in a web page or a Word file alike (a page saved as Word keeps them);
        else a page's meta tags (PubDate, …). A Word file's created and modified properties are never
        taken: they say when the file was written (often last year's file, copied), not published."""
        found = self._labelled(PUBLISHED_LABELS)
        day, source, where = None, None, ("", "")
        if found and (day := parse_date(found[0])):
            source, label = found[1], found[2]
            named = (f"「{label}」，", f"{label}, ") if label != PUBLISHED_LABELS[0] else ("", "")
            where = (named[0] + source.text("zh"), named[1] + source.text("en")) if source else ("", "")
        else:
            for name in PUBLISHED_META:
                if name in self.doc.meta and (day := parse_date(self.doc.meta[name])):
                    where = (f"网页的 {name} 标签", f"the page's {name} tag")
                    break
        if day is not None:
            zh, en = day.isoformat(), day.isoformat()
            if where[0]:
                zh, en = f"{zh}（{where[0]}）", f"{en} ({where[1]})"
            self.notices.append(("document-published", (zh, en)))
        return day, source

    def _cover(self) -> dict[str, tuple[Any, Source | None]]:
        """机关名称 and 报告年度 derived from the title (the agency also from 发布机构, the year from the
        statistical period), each with where it stands."""
        title, paragraph, where = self.title()
        out: dict[str, tuple[Any, Source | None]] = {}
        origins: list[tuple[str, str]] = []
        if title is not None:
            out = {"agency": (title.agency, self._paragraph_source(paragraph))}
            out["year"] = (title.year, self._paragraph_source(paragraph))
            origins.append(where)
        if not out.get("agency", (None,))[0]:
            labelled = self._labelled(AGENCY_LABELS)
            if labelled is None and self.doc.meta.get("contentsource"):
                labelled = (self.doc.meta["contentsource"], None, "")
            if labelled and labelled[0].strip():
                out["agency"] = (labelled[0].strip()[:200], labelled[1])
                origins.append(("发布机构", "the publisher"))
        if not out.get("year", (None,))[0]:  # 「统计期限为2024年1月1日至12月31日」, before 二 at the latest
            second = self._found.get(2)
            for p in self.doc.paragraphs[: self._numbers[id(self.doc.blocks[second.index])] if second else None]:
                if m := _PERIOD.search(loose(p.text)):
                    out["year"] = (_year(m[1]), self._paragraph_source(p))
                    origins.append(("统计期限", "the statistical period"))
                    break
        agency, year = out.get("agency", (None,))[0], out.get("year", (None,))[0]
        if agency or year:
            zh = "、".join(f"{k}「{v}」" for k, v in (("机关名称", agency), ("报告年度", year)) if v)
            en = ", ".join(f"{k} {v}" for k, v in (("agency", agency), ("year", year)) if v)
            where_zh, where_en = "、".join(o[0] for o in origins), ", ".join(o[1] for o in origins)
            self.notices.append(("document-cover", (f"{zh}取自文档的{where_zh}", f"{en} taken from {where_en}")))
        if not (agency and year):
            self.notices.append("document-no-title")
        return out

    # ------------------------------------------------------------ laying the document out

    def _lay_out(self, fmt: Format) -> None:
        """The cover and narrative entries where the template has them, then the tables."""
        lay = layout(fmt)
        entries = {b.key: b for s in fmt.sheets for b in s.blocks if isinstance(b, Entry)}
        cover = self._cover()
        placed: dict[str, tuple[Any, Source | None, Source | None]] = {}  # field -> value, its source, label's
        for key, fid in (("agency", fmt.agency_field), ("year", fmt.year_field)):
            value, source = cover.get(key, (None, None))
            placed[fid] = (value, source, None)
        for h in self._headings:
            fid = next((k for k, e in entries.items() if e.label == h.label), None)
            if fid is not None:
                text, heading = self.section(h.ordinal)
                placed[fid] = (text, self._paragraph_source(heading), self._paragraph_source(heading))
        for fid, (value, source, label_source) in placed.items():
            f, entry = lay.fields[fid], entries[fid]
            label = next(lb for lb in lay.labels if lb.role == "entry" and lb.text == entry.label)
            title = next(lb for lb in lay.labels if lb.role == "title" and lb.sheet == f.sheet)
            self._put(f.sheet, title.row, title.col, title.text, None)
            self._put(f.sheet, label.row, label.col, label.text, label_source)
            self._put(f.sheet, f.row, f.col, value, source)
        self._lay_out_tables()

    def _lay_out_tables(self) -> None:
        """Each table on its own sheet from row 2 (empty rows dropped), under the nearest heading."""
        found = {f.index: h.label for h in self._headings if (f := self._found.get(h.ordinal))}
        heading: tuple[str, Paragraph] | None = None
        for i, block in enumerate(self.doc.blocks):
            if isinstance(block, Paragraph):
                text = loose(block.text)
                if i in found:  # a heading found: the format's words (a reworded one is a notice)
                    heading = (found[i], block)
                elif len(text) <= MAX_HEADING and text[:1] in ORDINALS[:6] and text[1:2] == "、":
                    heading = (block.text, block)  # a heading not found: LAYOUT judges it as printed
                continue
            index = self._tables[id(block)]
            sheet = f"表格{index}"
            self._cells[sheet] = {}
            if heading is not None:
                self._put(sheet, 1, 1, heading[0], self._paragraph_source(heading[1]))
            rows: dict[int, dict[int, str]] = {}
            for (r, c), text in block.cells.items():
                rows.setdefault(r, {})[c] = text
            for row, r in enumerate(sorted(rows), 2):  # an empty row (padding, Word's width row) is dropped
                self._rows[(sheet, row)] = (index, r, block.cols)
                for c, text in rows[r].items():
                    self._put(sheet, row, c, text, None)

    def _put(self, sheet: str, row: int, col: int, value: Any, source: Source | None) -> None:
        cells = self._cells.setdefault(sheet, {})
        if source is not None:
            self._sources[(sheet, row, col)] = source
        if value is None or value == "":
            return
        if isinstance(value, str):
            number = parse_number_text(value)
            cells[(row, col)] = (number, "n") if number is not None else (value, "s")
        else:
            cells[(row, col)] = (value, "n")


def open_document(intake) -> DocumentBook:
    """The reader for the kind of document the intake found (``intake.kind``): html, mhtml or docx."""
    if intake.kind == "docx":
        from .docx import read_docx

        doc = read_docx(intake)
    else:
        from .html import read_html

        doc = read_html(intake.data, intake.path, mhtml=intake.kind == "mhtml")
    return DocumentBook(doc, intake.path)
