"""Read a Word file (.docx) into a ``Document`` with python-docx.

python-docx opens the package and parses its XML parts with lxml, entities not resolved; before it
does, the package is held to a document's budget (its unpacked size, a DTD in any XML part is
``unsafe-xml``), on top of the intake guard's zip checks. The body is walked in order: paragraphs
(a line break in one starts a new one) and tables. A table's grid follows Word's own layout grid:
``w:gridBefore`` skips columns, ``w:gridSpan`` spans them, and a ``w:vMerge`` continuation cell
is covered (its column taken, its text not shown), so merged cells expand as Excel's merges do.
Word's automatic numbering (「一、」 before a heading) is not in the text: ``DocumentBook`` also
knows a heading without its numeral.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from ..errors import CheckError
from .document import MAX_ROWS, Budget, Document, GridBuilder, Paragraph, Table, cell_text

MAX_UNPACKED = 64 * 2**20  # all parts together: a report's .docx is text and a few pictures
MAX_PART = 16 * 2**20  # one XML part (a report's document.xml is well under 1 MiB)
# Tags in all parts together (lxml builds ~130 bytes for each): a report's .docx has ~30,000, Word's own
# styles included. Bytes that look like a tag in a picture count too (about 1 in 1,200 bytes): harmless.
MAX_TAGS = 800_000
CHUNK = 2**16
_TAG = re.compile(rb"<[A-Za-z_/!?]")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT, _TAB, _BREAKS = W + "t", W + "tab", (W + "br", W + "cr")


def read_docx(intake) -> Document:
    """The Document of a vetted .docx package (``intake.archive``); ``CheckError`` when it cannot be read."""
    path = intake.path
    try:
        _vet(intake.archive, path)
        import docx

        word = docx.Document(io.BytesIO(intake.data))
        budget = Budget(path)
        doc = Document("docx", title=(word.core_properties.title or None))
        _walk(word.element.body, doc, budget)
    except CheckError:
        raise
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:  # a bad CRC, bad deflate data
        raise CheckError("corrupt-zip", path, type(exc).__name__) from None
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds for a damaged file
        raise CheckError("corrupt-document", path, f"{type(exc).__name__}: {exc}"[:200]) from None
    return doc


def _vet(archive, path: str) -> None:
    """Hold the package to a document's budget before python-docx parses it.

    python-docx parses whole every part its content types call XML (styles, numbering, settings …),
    whatever the part is named: each such part is read through here first, for its size, the tags lxml
    would build, and a DTD anywhere in it (not only in its first bytes)."""
    infos = archive.infolist()
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise CheckError("too-large", path, f"> {MAX_UNPACKED // 2**20} MiB unpacked")
    is_xml = _xml_parts(archive, path)
    tags = 0
    for info in infos:
        if not is_xml(info.filename):
            continue
        if info.file_size > MAX_PART:
            raise CheckError("too-large", path, f"{info.filename}: {info.file_size // 2**20} MiB")
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                tags += len(_TAG.findall(chunk))
                if tags > MAX_TAGS:
                    raise CheckError("too-many-cells", path, f"> {MAX_TAGS} XML tags")
                # UTF-16 text has NUL bytes between; the tail keeps a declaration split between chunks whole
                view = (tail + chunk).replace(b"\0", b"").upper()
                if b"<!DOCTYPE" in view or b"<!ENTITY" in view:
                    raise CheckError("unsafe-xml", path)
                tail = view[-16:]


_DEFAULT = re.compile(
    rb"""<(?:\w+:)?Default\b[^>]*?Extension\s*=\s*["']([^"']*)["'][^>]*?ContentType\s*=\s*["']([^"']*)"""
)
_OVERRIDE = re.compile(
    rb"""<(?:\w+:)?Override\b[^>]*?PartName\s*=\s*["']([^"']*)["'][^>]*?ContentType\s*=\s*["']([^"']*)"""
)


def _xml_parts(archive, path: str):
    """A test of a part's name: is it XML that python-docx (or its content types) would parse?

    By name (``.xml``, ``.rels``) or by the content type ``[Content_Types].xml`` gives it; a picture's XML
    (``image/svg+xml``) is a picture, kept as bytes."""
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        info = None
    if info is not None and info.file_size > MAX_PART:
        raise CheckError("too-large", path, f"[Content_Types].xml: {info.file_size // 2**20} MiB")
    types = archive.read(info).replace(b"\0", b"") if info is not None else b""

    def xml_type(kind: bytes) -> bool:
        kind = kind.lower()
        return kind.endswith(b"xml") and not kind.startswith(b"image/")

    extensions = {ext.lower() for ext, kind in _DEFAULT.findall(types) if xml_type(kind)}
    names = {name.lstrip(b"/").decode("utf-8", "replace") for name, kind in _OVERRIDE.findall(types) if xml_type(kind)}

    def is_xml(name: str) -> bool:
        lower = name.lower()
        extension = lower.rpartition(".")[2].encode() if "." in lower else b""
        return lower.endswith((".xml", ".rels")) or extension in extensions or name in names

    return is_xml


def _walk(body, doc: Document, budget: Budget) -> None:
    """Body paragraphs and tables in order; content controls (w:sdt) are looked into."""
    from lxml import etree

    walker = etree.iterwalk(body, events=("start",))
    for _, el in walker:
        budget.element()
        if el.tag == W + "p":
            for line in _lines(el, budget):
                text = cell_text([line])
                if text:
                    budget.paragraph(text)
                    doc.blocks.append(Paragraph(text))
            walker.skip_subtree()
        elif el.tag == W + "tbl":
            doc.blocks.append(_table(el, budget))
            walker.skip_subtree()


def _lines(p, budget: Budget) -> list[str]:
    """A paragraph's text split at its line breaks (w:br, w:cr); tabs as spaces; deleted text left out."""
    lines, line = [], []
    for el in p.iter(_TEXT, _TAB, *_BREAKS):
        budget.element()
        if el.tag == _TEXT:
            line.append(el.text or "")
        elif el.tag == _TAB:
            line.append(" ")
        else:
            lines.append("".join(line))
            line = []
    lines.append("".join(line))
    return lines


def _table(tbl, budget: Budget) -> Table:
    budget.table()
    grid = GridBuilder(budget)
    for tr in tbl.iterchildren(W + "tr"):
        if grid.row >= MAX_ROWS:
            break
        cells = []
        skip = tr.grid_before
        for tc in tr.iterchildren(W + "tc"):
            covered = tc.vMerge == "continue"
            text = "" if covered else cell_text([line for p in tc.iter(W + "p") for line in _lines(p, budget)])
            cells.append((text, 0 if covered else 1, tc.grid_span, skip))
            skip = 0
        grid.add(cells)
    return grid.table
