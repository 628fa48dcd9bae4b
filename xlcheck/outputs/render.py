"""The publishable report: a checked workbook as the official document, a Word file (.docx) or a web page (.html).

Everything printed comes from the format's layout (``spec.layout``): the six section headings in their order,
every table label with its merges (table 二's block captions, table 三's 勾稽 note and 22-row 「三、本年度办理结果」,
table 四's two header levels), the columns' relative widths. The figures are the report's values as filled
(``Report.values``: counts in 件, the fee in 万元 with its decimals). No label is written here.

The document: title 「<机关名称><年度>年政府信息公开工作年度报告」, an opening paragraph (legal basis, statistical
period, the contact details filled on the cover), then 一 to 六, each narrative split into paragraphs at its line
breaks. Word: A4 portrait, GB/T 9704 margins, 仿宋 body and tables, 黑体 headings (font names set in ``w:eastAsia``,
the slot Word, WPS and LibreOffice read for Chinese text), every table fixed to the text width. HTML: one UTF-8
page, no script, a small ``<style>`` in the head, tables with rowspan/colspan, as a CMS editor accepts.
"""

from __future__ import annotations

import copy
import html
import numbers
import re
from dataclasses import dataclass, replace
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..formats.spec import (
    AMOUNT,
    BLANK_RULE,
    NARRATIVE,
    NUMBER_KINDS,
    VALUE_RULES,
    Entry,
    Format,
    Grid,
    Layout,
    SheetLayout,
    layout,
    parse_a1,
)
from ..report import Report
from ..values import format_value, xml_text
from .paths import atomic_path, vet_output, write_error

SUFFIXES = (".docx", ".html", ".htm")
_NOT_NUMBERS = {VALUE_RULES[kind] for kind in NUMBER_KINDS}  # NUM-COUNT, NUM-AMOUNT: the cell's text is shown
DOCUMENT_TITLE = "政府信息公开工作年度报告"  # the document's title after 机关名称 and 年度 (30号)
_ORDINALS = {ch: i for i, ch in enumerate("一二三四五六七八九十", 1)}

# The page (GB/T 9704): A4, margins top 3.7, bottom 3.5, left 2.8, right 2.6 cm, so a 15.6 cm text width.
PAGE_CM, MARGINS_CM = (21.0, 29.7), (3.7, 3.5, 2.8, 2.6)
BODY_FONT, HEADING_FONT, TITLE_FONT, LATIN_FONT = "仿宋", "黑体", "宋体", "Times New Roman"
BODY_PT, TITLE_PT, LINE_PT = 16, 22, 28  # 三号 body and headings, 二号 title, a fixed 28-point line
BODY_STYLE = "正文首行缩进"  # the body paragraphs: Normal, first line indented two characters
TABLE_PT, WIDE_TABLE_PT = 10.5, 9  # 五号; 小五 for tables of more than four columns
CELL_MARGIN_CM = 0.05


# ------------------------------------------------------------------ the document as data


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, the rows and columns it spans, and what it holds."""

    text: str
    rows: int = 1
    cols: int = 1
    figure: bool = False  # a value; else a label
    left: bool = False  # a row label naming one row (1.属于国家秘密): aligned left


@dataclass(frozen=True)
class Table:
    """One section's table as laid out: ``rows[r][c]`` is the Cell starting there, None where a merge covers."""

    rows: tuple[tuple[Cell | None, ...], ...]
    widths: tuple[float, ...]  # relative column widths (the template's)
    header_rows: int  # rows repeated on a new page (0 for table 二's several blocks)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    note: str = ""  # under the table: the unit of an amount whose column label does not print it


@dataclass(frozen=True)
class Document:
    title: str
    opening: str
    sections: tuple[Section, ...]


def document_of(report: Report, fmt: Format) -> Document:
    """The report as a document: title, opening paragraph, and the six sections in their order (一 … 六)."""
    report = _xml_safe(report)
    lay = layout(fmt)
    agency, year = report.values.get(fmt.agency_field), report.values.get(fmt.year_field)
    title = f"{agency or ''}{f'{year}年' if year else ''}{DOCUMENT_TITLE}"
    sections: list[Section] = []
    for sheet in lay.sheets.values():
        grids = [b for b in sheet.spec.blocks if isinstance(b, Grid)]
        if grids:
            table = _table(lay, sheet, len(grids), report)
            sections.append(Section(sheet.spec.title, table=table, note=_unit_note(lay, sheet.spec.name, fmt)))
        for block in sheet.spec.blocks:
            if isinstance(block, Entry) and block.kind == NARRATIVE:
                lines = str(report.values.get(block.key) or "").splitlines()
                sections.append(Section(block.label, paragraphs=tuple(p.strip() for p in lines if p.strip())))
    sections.sort(key=lambda s: _ORDINALS.get(s.heading[:1], len(_ORDINALS) + 1))
    return Document(title, _opening(fmt, report), tuple(sections))


# Bidirectional overrides and isolates: in a title they make the page show its words in another order.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _xml_safe(report: Report) -> Report:
    """The report with every text it prints made safe for XML (a control character a cell carried) and
    for reading (no bidirectional override)."""

    def safe(value):
        return _BIDI.sub("", xml_text(value)) if isinstance(value, str) else value

    return replace(
        report,
        values={k: safe(v) for k, v in report.values.items()},
        violations=[replace(v, found=safe(v.found)) for v in report.violations],
    )


def _unit_note(lay: Layout, sheet: str, fmt: Format) -> str:
    """「注：采购总金额单位为万元。」 when an amount's column label does not say its unit (2019's 采购总金额): the
    template asks for 万元, and a reader of the published table would otherwise take the figure for 元."""
    headers = [lb for lb in lay.labels if lb.sheet == sheet and lb.role == "header" and lb.leaf]
    for f in lay.fields.values():
        if f.sheet == sheet and f.kind == AMOUNT:
            label = min((lb for lb in headers if lb.col <= f.col), key=lambda lb: (f.col - lb.col, abs(f.row - lb.row)))
            if "万元" not in label.text:
                return f"注：{label.text}单位为万元。"
    return ""


def _opening(fmt: Format, report: Report) -> str:
    """Legal basis, statistical period and the contact details filled on the cover (地址, 邮编, 电话 …)."""
    agency, year = report.values.get(fmt.agency_field), report.values.get(fmt.year_field)
    text = "本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
    text += f"（{fmt.name}）编制"
    text += f"，统计期限为{year}年1月1日至12月31日。" if year else "。"
    cover = [b for s in fmt.sheets for b in s.blocks if isinstance(b, Entry) and not b.official]
    contact = [f"{e.label}：{report.values[e.key]}" for e in cover if report.values.get(e.key)]
    if contact:
        text += f"如对本报告有疑问，请与{agency or '本机关'}联系（{'，'.join(contact)}）。"
    return text


def _table(lay: Layout, sheet: SheetLayout, grids: int, report: Report) -> Table:
    """A sheet's tables as one grid, from row 2 (row 1 is the section heading) to its last row.

    A figure prints as filled: a cell left blank (CELL-BLANK, counted as 0) prints empty, one that is no number
    (NUM-COUNT, NUM-AMOUNT: 3件, /) prints what was typed; a total over such a cell prints Excel's SUM of it.
    """
    name, first = sheet.spec.name, 2
    blank = {(v.sheet, v.cell) for v in report.violations if v.rule == BLANK_RULE}
    typed = {(v.sheet, v.cell): v.found for v in report.violations if v.rule in _NOT_NUMBERS}
    starts: dict[tuple[int, int], Cell] = {}
    for lb in lay.labels:
        if lb.sheet == name and lb.role != "title":
            starts[(lb.row, lb.col)] = Cell(
                lb.text, *_span(lb.row, lb.col, lb.merge), left=lb.role == "row" and lb.leaf
            )
    for f in lay.fields.values():
        if f.sheet == name:
            at = report.cells.get(f.id)
            value = typed.get(at) if at in typed else None if at in blank else report.values.get(f.id)
            if value is None and at not in typed and at not in blank:
                value = _as_excel_sums(lay, report, f.id)
            text = format_value(value) if value is not None and f.kind in NUMBER_KINDS else ""
            starts[(f.row, f.col)] = Cell(text, *_span(f.row, f.col, f.merge), figure=True)
    covered = {
        (r, c)
        for (r0, c0), cell in starts.items()
        for r in range(r0, r0 + cell.rows)
        for c in range(c0, c0 + cell.cols)
        if (r, c) != (r0, c0)
    }
    rows = tuple(
        tuple(None if (r, c) in covered else starts.get((r, c), Cell("")) for c in range(1, sheet.last_col + 1))
        for r in range(first, sheet.last_row + 1)
    )
    header = sheet.header_rows[1] - first + 1 if grids == 1 and sheet.header_rows else 0
    return Table(rows, tuple(sheet.spec.widths), header)


def _as_excel_sums(lay: Layout, report: Report, fid: str) -> Any:
    """A total without a usable value (a term holds 3件) as Excel shows its SUM: text and blanks add
    nothing. Printed under ``--force`` so the page shows what the workbook shows, not an empty cell."""
    value = report.values.get(fid)
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value
    total = lay.totals.get(fid)
    if total is None or total.left != (fid,):
        return None
    terms = [_as_excel_sums(lay, report, term) for term in total.right]
    return sum(t for t in terms if t is not None)


def _span(row: int, col: int, merge: str | None) -> tuple[int, int]:
    if not merge:
        return 1, 1
    last_row, last_col = parse_a1(merge.split(":")[1])
    return last_row - row + 1, last_col - col + 1


# ------------------------------------------------------------------ writing it


def render(report: Report, path: str | PathLike[str], *, force: bool = False) -> Path:
    """Write ``report`` (a checked workbook's ``Report``) as the publishable report: .docx, .html or .htm.

    Refuses (``OutputError``) a report that could not be checked (``render-unchecked``) or has errors
    (``render-errors``, unless ``force``: then unusable cells print empty), a name with another suffix
    (``output-not-document``), and every case of ``paths.vet_output`` (an existing file unless ``force``,
    the checked file itself, a missing folder). Returns the path written.
    """
    from ..checker import FORMATS

    shown = str(path)
    if report.error is not None:
        raise OutputError("render-unchecked", shown, (report.error.message("zh"), report.error.message("en")))
    if report.errors and not force:
        raise OutputError("render-errors", shown, str(len(report.errors)))
    out = vet_output(path, force=force, inputs=[report.path] if report.path else [], suffix=None)
    if out.suffix.lower() not in SUFFIXES:
        raise OutputError("output-not-document", shown)
    doc = document_of(report, FORMATS.get(report.format or "", FORMATS["2021"]))
    try:
        with atomic_path(out) as tmp:
            if out.suffix.lower() == ".docx":
                _write_docx(doc, tmp)
            else:
                tmp.write_text(html_of(doc), encoding="utf-8")
    except OSError as exc:
        raise write_error(out, exc) from None
    return out


def html_of(doc: Document) -> str:
    """The document as one clean HTML page (UTF-8, no script; a CMS keeps it as it is)."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(doc.title)}</title>",
        "<style>",
        f"body{{font-family:{BODY_FONT},FangSong,serif;max-width:46em;margin:2em auto;line-height:1.75}}",
        f"h1{{font-family:{TITLE_FONT},SimSun,serif;text-align:center;font-size:1.6em}}",
        f"h2{{font-family:{HEADING_FONT},SimHei,sans-serif;font-size:1.1em;font-weight:normal}}",
        "p{text-indent:2em;margin:0.3em 0}",
        "table{border-collapse:collapse;width:100%;font-size:0.8em;line-height:1.4}",
        "td{border:1px solid #000;padding:2px 4px;text-align:center;vertical-align:middle}",
        "td.row{text-align:left}",
        "</style>",
        "</head>",
        "<body>",
        f"<h1>{e(doc.title)}</h1>",
        f"<p>{e(doc.opening)}</p>",
    ]
    for section in doc.sections:
        out.append(f"<h2>{e(section.heading)}</h2>")
        out += [f"<p>{e(p)}</p>" for p in section.paragraphs]
        if section.table:
            out.append(_html_table(section.table))
        if section.note:
            out.append(f"<p>{e(section.note)}</p>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _html_table(table: Table) -> str:
    total = sum(table.widths)
    lines = ['<table border="1" width="100%">', "<colgroup>"]  # attributes too: some CMS drop <style>
    lines += [f'<col width="{100 * w / total:.1f}%">' for w in table.widths]
    lines.append("</colgroup>")
    for row in table.rows:
        cells = []
        for cell in row:
            if cell is None:
                continue
            attrs = (f' rowspan="{cell.rows}"' if cell.rows > 1 else "") + (
                f' colspan="{cell.cols}"' if cell.cols > 1 else ""
            )
            attrs += ' class="row"' if cell.left else ""
            cells.append(f"<td{attrs}>{html.escape(cell.text)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _write_docx(doc: Document, out: Path) -> None:
    from docx import Document as Word
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    word = Word()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    top, bottom, left, right = MARGINS_CM
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    text_width = Cm(PAGE_CM[0] - left - right)
    _east_asian_defaults(word)
    _page_numbers(section)

    styles = word.styles
    body = styles["Normal"]
    _font(body, BODY_FONT, BODY_PT)
    body.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.paragraph_format.line_spacing = Pt(LINE_PT)
    body.paragraph_format.space_before = body.paragraph_format.space_after = Pt(0)
    heading = styles["Heading 1"]  # an outline level: the headings show in the navigation pane
    _font(heading, HEADING_FONT, BODY_PT, bold=False)
    heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(6), Pt(0)
    heading.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    heading.paragraph_format.keep_with_next = True
    indented = styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    indented.base_style = body
    indented.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    title = styles["Title"]
    _font(title, TITLE_FONT, TITLE_PT, bold=True)
    _no_border(title)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    title.paragraph_format.space_after = Pt(BODY_PT)

    word.add_paragraph(doc.title, style=title)
    _paragraph(word, doc.opening)
    for part in doc.sections:
        word.add_paragraph(part.heading, style=heading)
        last = None
        for text in part.paragraphs:
            last = _paragraph(word, text, last)
        if part.table:
            _docx_table(word, part.table, text_width)
        if part.note:
            _paragraph(word, part.note)
    word.core_properties.title = doc.title
    word.save(str(out))


def _page_numbers(section: Any) -> None:
    """「— 1 —」 centred in the footer, as official documents number their pages (GB/T 9704): a PAGE field, so
    Word, WPS and LibreOffice fill in each page's number."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    run = footer.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    footer.add_run(" —")


def _paragraph(word: Any, text: str, after: Any = None) -> Any:
    """A body paragraph in the indented body style (``BODY_STYLE``); put right ``after`` a paragraph's
    element when given, as a copy of it with the new text. Returns the paragraph's element.

    python-docx's add_paragraph looks through every paragraph of the body for the section properties
    each time, which is quadratic in a section of 16,000 short lines; a copy is placed in constant time.
    """
    if after is None:
        paragraph = word.add_paragraph(style=BODY_STYLE)
        paragraph.add_run(text)  # one run, even for no text: the copies set its text
        return paragraph._p
    p = copy.deepcopy(after)
    (t,) = p.xpath("./w:r/w:t")
    t.text = text
    after.addnext(p)
    return p


def _docx_table(word: Any, table: Table, width: int) -> None:
    """A table as laid out: fixed column widths over the text width, merges, header rows repeated."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Emu, Pt

    n_rows, n_cols = len(table.rows), len(table.widths)
    size = TABLE_PT if n_cols <= 4 else WIDE_TABLE_PT
    total = sum(table.widths)
    widths = [Emu(int(width * w / total)) for w in table.widths]
    t = word.add_table(rows=n_rows, cols=n_cols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    props = t._tbl.tblPr
    fixed = OxmlElement("w:tblLayout")
    fixed.set(qn("w:type"), "fixed")
    props.append(fixed)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(int(Cm(CELL_MARGIN_CM).twips)))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    props.append(margins)
    for i, column in enumerate(t.columns):
        column.width = widths[i]
    for r, row in enumerate(t.rows):
        tr = row._tr.get_or_add_trPr()
        tr.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        if r < table.header_rows:
            tr.append(OxmlElement("w:tblHeader"))
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            target = t.cell(r, c)
            if cell.rows > 1 or cell.cols > 1:
                target = target.merge(t.cell(r + cell.rows - 1, c + cell.cols - 1))
            for extra in target.paragraphs[1:]:  # a merge keeps each merged cell's empty paragraph
                extra._element.getparent().remove(extra._element)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = target.paragraphs[0]
            p.text = cell.text
            fmt = p.paragraph_format
            fmt.first_line_indent, fmt.line_spacing, fmt.space_before, fmt.space_after = Pt(0), 1.0, Pt(0), Pt(0)
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.left else WD_ALIGN_PARAGRAPH.CENTER
            for run in p.runs:
                run.font.size = Pt(size)
    # Keep each row with the next (merged cells' hidden paragraphs too): a table that fits a page stays on one.
    for tr in t._tbl.tr_lst[:-1]:
        for p in tr.iter(qn("w:p")):
            p.get_or_add_pPr().keepNext_val = True
    word.add_paragraph()  # Word needs a paragraph between two tables or after the last one


def _font(style: Any, east_asian: str, size: float, bold: bool = False) -> None:
    """Set a style's font: ``east_asian`` for Chinese (``w:eastAsia``), Times New Roman for digits and Latin."""
    from docx.shared import Pt, RGBColor

    style.font.name = LATIN_FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    _east_asian(style.element.get_or_add_rPr().get_or_add_rFonts(), east_asian)


def _east_asian(fonts: Any, name: str) -> None:
    """``w:eastAsia`` = ``name``, and no theme font, which would win over it."""
    from docx.oxml.ns import qn

    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), name)


def _east_asian_defaults(word: Any) -> None:
    """The document's default run font and language: 仿宋 for Chinese, text laid out as zh-CN."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    _east_asian(fonts, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _no_border(style: Any) -> None:
    """The default Title style draws a rule under the title; an official report has none."""
    from docx.oxml.ns import qn

    ppr = style.element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
