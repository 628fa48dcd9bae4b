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
import zipfile
import zlib

from ..errors import CheckError
from .document import MAX_ROWS, Budget, Document, GridBuilder, Paragraph, Table, cell_text

MAX_UNPACKED = 64 * 2**20  # all parts together: a report's .docx is text and a few pictures
MAX_PART = 16 * 2**20  # one XML part (a report's document.xml is well under 1 MiB)
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
    infos = archive.infolist()
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise CheckError("too-large", path, f"> {MAX_UNPACKED // 2**20} MiB unpacked")
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        if info.file_size > MAX_PART:
            raise CheckError("too-large", path, f"{info.filename}: {info.file_size // 2**20} MiB")
        with archive.open(info) as stream:
            head = stream.read(2048).replace(b"\0", b"").upper()
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise CheckError("unsafe-xml", path)


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
