"""Read a published web page (HTML, or the HTML part of an MHTML file) into a ``Document``.

lxml's HTML parser (libxml2) reads what browsers read: unclosed tags, Word/WPS markup (``<o:p>``,
``mso-`` styles, ``<font>``, ``<![if …]>`` blocks, whose content it keeps), CMS editor output. It is
run without network access, without entity expansion (an HTML parser has no DTD entities), within
libxml2's default depth and size limits (``huge_tree`` off), on text we decoded ourselves:

- the encoding is a byte-order mark, else ``<meta charset>`` / ``http-equiv`` in the first bytes,
  else UTF-8 if the bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312, which pages
  declare; GB2312 and GBK pages use its characters freely);
- tables with no table inside them are the data: each becomes an expanded grid (rowspan/colspan as
  a browser lays them out); a table holding tables is page layout, read as paragraphs and tables;
- outside tables, every line (``<p>``, ``<div>``, ``<br>`` …) is a paragraph; ``<script>``,
  ``<style>`` and the like are not text.

Every failure is a coded ``CheckError``; the budgets are ``document.py``'s.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re

from ..errors import CheckError
from .document import (
    MAX_COLS,
    MAX_DOCUMENT_BYTES,
    MAX_ELEMENTS,
    MAX_ROWS,
    Budget,
    Document,
    GridBuilder,
    Paragraph,
    Table,
    cell_text,
    clean,
)

# Elements that end a line of text (a paragraph outside tables, a line inside a cell).
BLOCK = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr td th table tbody thead tfoot caption blockquote pre "
    "center section article header footer nav aside main form fieldset hr address figure figcaption".split()
)
# Block elements that contain paragraphs: a paragraph's scope is the chain of these around it.
CONTAINERS = BLOCK - frozenset("p br h1 h2 h3 h4 h5 h6 li dt dd pre hr caption address".split())
SKIP = frozenset("script style noscript template head title object embed iframe svg math select option".split())
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space; NBSP and U+3000 are text (stripped at line ends)
MAX_MIME_PARTS = 5000  # lines starting with -- (a part's boundary, or a CSS comment's end)
# Lines of an MHTML file (CR, LF or CRLF ended): the stdlib parser keeps an object per header line; a
# Word-saved 3 MiB page has ~40,000 lines of 76 characters, a 20 MiB one ~280,000.
MAX_MIME_LINES = 400_000
# Tags in a page, counted in its bytes before lxml builds a tree of them (each element costs ~150 bytes):
# a Word-exported report page has ~40,000; MAX_ELEMENTS of them are walked.
MAX_TAGS = 2 * MAX_ELEMENTS
_TAG = re.compile(rb"<[A-Za-z/!?]")
# The encodings a Chinese report page is written in, by Python's own codec names: a declaration of any other
# (``punycode``, ``undefined``, ``rot13`` …) is ignored, as no browser decodes a page with them.
PAGE_CODECS = frozenset(
    "utf-8 utf-16 utf-16-le utf-16-be gb18030 gbk gb2312 big5 big5hkscs cp950 hz ascii iso8859-1 cp1252".split()
)
ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030"}


def read_html(data: bytes, path: str, *, mhtml: bool = False) -> Document:
    """The Document of a web page's bytes (``mhtml``: a single-file web page, whose HTML part is read)."""
    import lxml.etree
    import lxml.html

    if len(data) > MAX_DOCUMENT_BYTES:
        raise CheckError("too-large", path, f"> {MAX_DOCUMENT_BYTES // 2**20} MiB")
    charset = None
    if mhtml:
        data, charset = _html_part(data, path)
    tags = sum(1 for _ in _TAG.finditer(data))
    if tags > MAX_TAGS:
        raise CheckError("too-many-cells", path, f"> {MAX_TAGS} tags")
    text = decode(data, charset)
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, remove_blank_text=False
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise CheckError("corrupt-document", path, f"{type(exc).__name__}: {exc}"[:200]) from None
    return _Walker(root, Budget(path)).document()


def decode(data: bytes, declared: str | None = None) -> str:
    """A page's text: by its byte-order mark, its declared charset, else UTF-8 or GB18030 as sniffed.

    A declaration the bytes do not bear out (a GBK page declaring UTF-8, as CMS templates do) gives way to
    whichever of the declared codec, UTF-8 and GB18030 needs the fewest replacement characters: one stray
    byte in a UTF-8 page costs one character, not the whole page.
    """
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if declared is None and (m := _CHARSET.search(data[:4096])):
        declared = m[1].decode("ascii", "replace")
    candidates = ["utf-8", "gb18030"]
    codec = _page_codec(declared)
    if codec:
        candidates.insert(0, codec)
    try:
        return data.decode(candidates[0])
    except UnicodeError:
        pass
    decoded = [data.decode(codec, errors="replace") for codec in dict.fromkeys(candidates)]
    return min(decoded, key=lambda text: text.count("\ufffd"))  # the first of the fewest on a tie


def _page_codec(declared: str | None) -> str | None:
    """Python's codec for a declared charset, when it is one a page may be written in."""
    if not declared:
        return None
    name = ALIASES.get(declared.lower(), declared.lower())
    try:
        name = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    return name if name in PAGE_CODECS else None


def _html_part(data: bytes, path: str) -> tuple[bytes, str | None]:
    """The HTML part of an MHTML file (Word's and Excel's 「单个文件网页」) and its charset.

    The lines that could open a MIME part are counted before the message is parsed: a page has its
    HTML and a few dozen pictures; the stdlib parser's time grows with the parts.
    """
    try:
        # Lines ended by CR alone are lines to the parser too.
        if data.count(b"\n--") + data.count(b"\r--") > MAX_MIME_PARTS:
            raise CheckError("too-many-cells", path, f"MHTML parts > {MAX_MIME_PARTS}")
        if data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") > MAX_MIME_LINES:
            raise CheckError("too-many-cells", path, f"MHTML lines > {MAX_MIME_LINES}")
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    return payload, part.get_content_charset()
    except CheckError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to read the MIME structure is a damaged file
        raise CheckError("corrupt-document", path, f"MHTML: {type(exc).__name__}") from None
    raise CheckError("corrupt-document", path, "MHTML without an HTML part")


class _Walker:
    """One pass over the body, iteratively (no recursion, whatever the nesting)."""

    def __init__(self, root, budget: Budget) -> None:
        self.root, self.budget = root, budget
        self.doc = Document("html")
        self.line: list[str] = []
        self.scope: list[int] = []  # serial numbers of the open containers
        self.serial = 0

    def document(self) -> Document:

        head = self.root.find("head")
        if head is not None:
            title = head.find("title")
            self.doc.title = cell_text([title.text_content()]) if title is not None else None
            for meta in head.iter("meta"):
                name = (meta.get("name") or meta.get("property") or "").strip().lower()
                if name and meta.get("content") and len(self.doc.meta) < 200:
                    self.doc.meta.setdefault(name, clean(meta.get("content"))[:500])
        body = self.root.find("body")
        if body is None:
            body = self.root
        # Tables holding tables are page layout: walked as containers, not read as grids.
        layout_tables = set()
        for table in body.iter("table"):
            self.budget.element()
            for outer in table.iterancestors("table"):
                if outer in layout_tables:
                    break
                layout_tables.add(outer)
        for event, el, tag, walker in self.events(body):
            if event == "start":
                if tag == "table" and el not in layout_tables:
                    self.flush()
                    self.doc.blocks.append(self.table(el))
                    walker.skip_subtree()
                    continue
                if tag in BLOCK:
                    self.flush()
                if tag in CONTAINERS:
                    self.serial += 1
                    self.scope.append(self.serial)
                if el.text:
                    self.add(el.text)
            else:
                if (tag in BLOCK and tag != "table") or (tag == "table" and el in layout_tables):
                    self.flush()
                if tag in CONTAINERS and (tag != "table" or el in layout_tables):
                    self.scope.pop()
                if el is not body and el.tail:
                    self.add(el.tail)
        self.flush()
        return self.doc

    def events(self, root):
        """``root``'s elements in document order as (event, element, lower-case tag, walker): each start
        counted against the budget, the insides of script, style and the like skipped (their tails kept)."""
        import lxml.etree

        walker = lxml.etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            if event == "start":
                self.budget.element()
                if tag in SKIP:
                    walker.skip_subtree()
                    continue
            yield event, el, tag, walker

    def add(self, text: str) -> None:
        self.budget.text(text)
        self.line.append(text)

    def flush(self) -> None:
        if self.line:
            text = cell_text([_SPACE.sub(" ", "".join(self.line))])
            self.line = []
            if text:
                self.budget.paragraph(text)
                self.doc.blocks.append(Paragraph(text, tuple(self.scope)))

    def table(self, table) -> Table:
        """A data table's expanded grid (rows in document order, thead/tbody/tfoot alike)."""
        self.budget.table()
        grid = GridBuilder(self.budget)
        for tr in table.iter("tr"):
            if grid.row >= MAX_ROWS:  # rows past it are not read at all
                break
            cells = []
            for td in tr:
                if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                    continue
                if len(cells) >= MAX_COLS:
                    break  # every cell takes a column at least: the rest stand past the grid
                cells.append((self.cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan")), 0))
            grid.add(cells)
        return grid.table

    def cell_text(self, td) -> str:

        if not len(td):  # plain text in the cell (CMS pages): no walk needed
            self.budget.text(td.text or "")
            return cell_text([_SPACE.sub(" ", td.text or "")])
        lines: list[str] = []
        line: list[str] = []

        def newline() -> None:
            if line:
                lines.append(_SPACE.sub(" ", "".join(line)))
                line.clear()

        for event, el, tag, _ in self.events(td):
            if event == "start":
                if tag in BLOCK and el is not td:
                    newline()
                if el.text and tag not in SKIP:
                    self.budget.text(el.text)
                    line.append(el.text)
            elif el is not td:
                if tag in BLOCK:
                    newline()
                if el.tail:
                    self.budget.text(el.tail)
                    line.append(el.tail)
        newline()
        return cell_text(lines)


def _span(value: str | None) -> int:
    """A rowspan/colspan attribute as browsers read it: leading digits, else 1 (0 is taken as 1)."""
    m = re.match(r"\s*(\d{1,6})", value or "")
    return max(int(m[1]), 1) if m else 1
