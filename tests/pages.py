"""Published reports for the tests: synthetic web pages (tests/published/make_pages.py) and Word files.

Pages are written into a test's temporary folder at test time (the generator is deterministic, stdlib
only). Word files are built here with python-docx from the same tables (make_pages' table builders:
the same rows, labels and spans, merged with gridSpan/vMerge) and the same quirks where Word has them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from official import NARRATIVES

HERE = Path(__file__).resolve().parent
STYLES = ("word", "clean", "skewed")  # y2019 is the 2019 format: see test_documents


def _load_make_pages() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pages", HERE / "published" / "make_pages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


make_pages = _load_make_pages()


def write_page(folder: Path, name: str, report: dict, style: str = "word", encoding: str = "utf-8") -> Path:
    """A synthetic page of ``report`` in ``style``; ``encoding`` other than UTF-8 also declares it."""
    page = make_pages.render_page(report, style)
    if encoding != "utf-8":
        page = page.replace('<meta charset="utf-8">', f'<meta charset="{encoding}">')
    path = folder / name
    path.write_bytes(page.encode(encoding))
    return path


def sections(report: dict) -> dict[str, str]:
    """The narrative sections 一, 五 and 六 the synthetic page prints, as the template's text boxes hold
    them (paragraphs joined by line breaks), keyed as ``type_report``'s ``texts``."""
    paragraphs = make_pages.narrative(report)
    by_heading = dict(zip(make_pages.HEADINGS, paragraphs, strict=True))
    return {key: "\n".join(by_heading[heading]) for key, heading in NARRATIVES.items()}


# ------------------------------------------------------------------ Word files


def write_docx(path: Path, report: dict, style: str = "word", *, numbered_headings: bool = False) -> Path:
    """A .docx of ``report``: the title over two lines, the six headings, the narrative and tables 二,
    三, 四 with their merged cells (``style`` picks make_pages' spans: "skewed" skews table 三's).

    Quirks: labels split over paragraphs and line breaks, table 四's 行政复议 headers one character per
    paragraph, digits split over runs with NBSP and U+3000 around them, zero-width spaces in a label,
    an empty row after table 四; ``numbered_headings`` leaves 「一、」 out of the heading text, as
    Word's automatic numbering does.
    """
    import docx

    mp = make_pages
    doc = docx.Document()
    doc.core_properties.title = "年度报告"  # not a report title: the one in the text counts
    agency, year = report["agency"].split("（")[0], report["year"]
    doc.add_paragraph(agency)
    doc.add_paragraph(f"{year}年政府信息公开工作年度报告")
    s3 = dict(report["section3"])
    single = "other" in s3 and "other_1" not in s3
    tables = {
        1: mp.table2(mp.json_blocks(report["section2"])),
        2: mp.table3(s3, single, style == "skewed"),
        3: mp.table4(report["section4"], True),
    }
    for i, (heading, paragraphs) in enumerate(zip(mp.HEADINGS, mp.narrative(report), strict=True)):
        doc.add_paragraph(heading[2:] if numbered_headings else heading)
        for text in paragraphs:
            doc.add_paragraph(text)
        if i in tables:
            _docx_table(doc, tables[i])
    doc.save(path)
    return path


def _docx_table(doc, rows) -> None:
    """make_pages' rows of Cells as a Word table: laid on a grid as a browser does, then merged."""
    taken: dict[tuple[int, int], object] = {}
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for rr in range(r, r + cell.rs):
                for cc in range(c, c + cell.cs):
                    taken[(rr, cc)] = cell
            c += cell.cs
    width = max(c for _, c in taken) + 1
    table = doc.add_table(rows=len(rows), cols=width)
    k = 0
    for r, c, cell in placed:
        target = table.cell(r, c)
        if cell.rs > 1 or cell.cs > 1:
            target = target.merge(table.cell(r + cell.rs - 1, c + cell.cs - 1))
        k += cell.kind == "num"
        _fill(target, cell, k)


def _fill(target, cell, k: int) -> None:
    """Write one cell's text with the quirks of a Word document."""
    text = make_pages.text(cell.value)
    p = target.paragraphs[0]
    if cell.kind == "num":
        if text and k % 3 == 1 and len(text) > 1:
            p.add_run(text[:-1])
            p.add_run(text[-1] + "\u00a0")  # digits split over two runs, an NBSP after them
        elif text and k % 3 == 2:
            p.add_run("\u3000" + text)
        else:
            p.add_run(text)
        return
    if cell.kind == "t4a":  # one character per paragraph
        p.add_run(text[:1])
        for ch in text[1:]:
            target.add_paragraph(ch)
        return
    if text == "法人或其他组织":
        p.add_run("法人或")
        p.add_run().add_break()
        p.add_run("其他组织")
    elif text == "商业企业":
        p.add_run("商业")
        target.add_paragraph("企业")
    elif text == "科研机构":
        p.add_run("科研\u200b机构")  # a zero-width space pasted from the web
    else:
        p.add_run(text)
