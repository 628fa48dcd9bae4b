"""An annotated copy of a checked workbook: blamed cells marked and explained, a list up front."""

from __future__ import annotations

import io
import math
import os
from os import PathLike
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill

from ..errors import CheckError, OutputError
from ..formats.spec import ERROR, RESULTS_SHEET, text_width
from ..report import (
    OUTPUT_ANNOTATED,
    PROP_DIGEST,
    PROP_OUTPUT,
    PROP_SOURCE,
    SEVERITY_NAMES,
    Implied,
    NotAssessed,
    Report,
    Violation,
)
from ..sources import xlsx
from ..sources.intake import XLSX, Source, take
from ..values import format_value, xml_text
from .paths import atomic_path

EXPLAINED = "explained"  # a warning the unit explained (情况说明): neither red nor amber
FILLS = {ERROR: "FFFF9C9C", "warning": "FFFFD966", EXPLAINED: "FFC6EFCE"}  # red, amber, green
HEADINGS = {
    "zh": ("序号", "工作表", "单元格", "规则", "级别", "问题", "应为", "实为", "修改建议", "情况说明"),
    "en": ("#", "sheet", "cell", "rule", "severity", "problem", "expected", "found", "how to fix", "explanation"),
}
WIDTHS = (6, 8, 8, 15, 7, 60, 16, 18, 44, 30)


def look(v: Violation) -> str:
    """The FILLS key of one finding: its severity, or EXPLAINED for an explained warning."""
    return EXPLAINED if v.explained is not None else v.severity


def severity_text(v: Violation, lang: str = "zh") -> str:
    name = SEVERITY_NAMES[lang][v.severity]
    if v.explained is None:
        return name
    return f"{name}（已说明）" if lang == "zh" else f"{name} (explained)"


def comment_text(v: Violation, lang: str = "zh") -> str:
    zh = lang == "zh"
    colon = "：" if zh else ": "
    parts = [f"{v.rule}（{severity_text(v, lang)}）" if zh else f"{v.rule} ({severity_text(v, lang)})", v.message(lang)]
    if v.expected is not None:
        parts.append(f"{'应为' if zh else 'expected'}{colon}{v.expected_text(lang)}")
    parts.append(f"{'实为' if zh else 'found'}{colon}{format_value(v.found, lang)}")
    fix = v.info.fix_zh if zh else v.info.fix_en
    if v.explained is not None:
        parts.append(f"{'已说明' if zh else 'explained'}{colon}{v.explained}")
    elif fix:
        parts.append(f"{'修改' if zh else 'fix'}{colon}{fix}")
    return "\n".join(parts)


def annotate(
    report: Report, out: str | PathLike[str] | BinaryIO, lang: str = "zh", *, source: Source | None = None
) -> Path | BinaryIO:
    """Write a copy of the checked workbook to ``out`` with every blamed cell filled (red for an error,
    amber for a warning, green for a warning the unit explained) and commented (an explained warning with
    its reason), and a first sheet 「检查结果」 linking to each cell.

    The workbook is ``source`` (a path, bytes or a binary file object: what was given to ``check``),
    by default ``report.path``. It is only read, vetted as ``check`` vets it, and refused with a
    ``CheckError`` when opening it whole would break a check's bounds (cells in every row of every
    sheet, cell formats, unpacked size) or openpyxl cannot open it (``bad-sheet-name``,
    ``cannot-annotate``). The copy is marked as xlcheck's output (custom document properties), so
    checking it unchanged says what it is instead of counting it as a second report.

    ``out`` is a path ending in .xlsx (its folder is made when missing; an existing file is replaced, as
    ``make_template`` does: the command line asks for ``--force``) or a binary file object (a web
    service's response), which is returned. Raises the report's own ``CheckError`` when it could not be
    checked (no workbook to copy), ``OutputError`` ``output-is-input`` or ``output-not-xlsx``.
    """
    if report.error is not None:
        raise report.error
    if report.uploaded and source is None:  # report.path is only a name: a file there may be another one
        raise ValueError("the report was made from bytes or a file object: give them again as annotate(..., source=…)")
    stream = out if hasattr(out, "write") else None
    if stream is None:
        out = Path(out)  # type: ignore[arg-type]
        if source is None and out.exists() and _same_file(out, report.path):
            raise OutputError("output-is-input", str(out))
        if out.suffix.lower() != ".xlsx":  # a copy keeps no macros: .xlsm would be refused by Excel
            raise OutputError("output-not-xlsx", str(out))
    elif isinstance(out, io.TextIOBase):
        raise TypeError("annotate() writes a workbook: give a path or a binary file object, not a text stream")
    intake = take(report.path if source is None else source, report.path)
    if intake.kind != XLSX:  # a published page or Word file has no workbook to mark
        detail = (
            "网页和 Word 文档没有工作簿可标注：请用 xlcheck import 写入模板"
            if lang == "zh"
            else ("a web page or Word file has no workbook to mark: use xlcheck import")
        )
        raise CheckError("cannot-annotate", report.path, detail)
    xlsx.vet_whole(intake, xlsx.Book(intake))
    try:
        wb = openpyxl.load_workbook(io.BytesIO(intake.data))
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl cannot open, the user gets a coded reason
        raise CheckError("cannot-annotate", report.path, f"{type(exc).__name__}: {exc}"[:200]) from None
    _mark(wb, report)
    if RESULTS_SHEET in wb.sheetnames:  # annotating an annotated copy: replace the old list
        del wb[RESULTS_SHEET]
    by_cell: dict[tuple[str, str], list[Violation]] = {}
    for v in report.violations:
        by_cell.setdefault((v.sheet, v.cell), []).append(v)
    for (sheet, cell), violations in by_cell.items():
        if sheet not in wb.sheetnames:
            continue  # a missing sheet: listed on 检查结果 only
        target = wb[sheet][cell]
        if not hasattr(target, "comment") or type(target).__name__ == "MergedCell":
            continue
        looks = {look(v) for v in violations}
        worst = next(key for key in (ERROR, "warning", EXPLAINED) if key in looks)
        target.fill = PatternFill(fill_type="solid", fgColor=FILLS[worst])
        text = "\n\n".join(comment_text(v, lang) for v in violations)
        target.comment = Comment(xml_text(text), "xlcheck", width=360, height=min(90 + 60 * len(violations), 400))
    _results_sheet(wb, report, lang)
    wb.active = 0
    if stream is not None:
        wb.save(stream)
        return stream
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


def _same_file(a, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # the checked file has moved since: no file of its name to overwrite
        return False


def _mark(wb, report: Report) -> None:
    """Custom properties saying the copy is xlcheck's, of which file, and the data it was made from."""
    props = wb.custom_doc_props
    for name in (PROP_OUTPUT, PROP_SOURCE, PROP_DIGEST):
        if name in props.names:
            del props[name]
    props.append(StringProperty(name=PROP_OUTPUT, value=OUTPUT_ANNOTATED))
    props.append(StringProperty(name=PROP_SOURCE, value=xml_text(Path(report.path).name)[:255]))
    props.append(StringProperty(name=PROP_DIGEST, value=report.digest()))


def _append(ws, values: list) -> None:
    """A row of the results sheet; text XML cannot hold (a control character a cell carried) made safe."""
    ws.append([xml_text(v) if isinstance(v, str) else v for v in values])


def _results_sheet(wb, report: Report, lang: str) -> None:
    zh = lang == "zh"
    ws = wb.create_sheet(RESULTS_SHEET, 0)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    _append(ws, [f"{'检查结果：' if zh else 'Check results: '}{xml_text(Path(report.path).name)}"])
    ws["A1"].font = Font(bold=True, size=14)
    explained = len(report.warnings) - len(report.unexplained)
    summary = (
        f"错误 {len(report.errors)} 项，警告 {len(report.warnings)} 项"
        + (f"（其中已说明 {explained} 项）" if explained else "")
        + f"，无法评估 {len(report.not_assessed)} 项"
        if zh
        else f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
        + (f" ({explained} explained)" if explained else "")
        + f", {len(report.not_assessed)} not assessed"
    )
    _append(ws, [summary])
    _append(ws, [])
    _append(ws, list(HEADINGS[lang]))
    for cell in ws[4]:
        cell.font = bold
    for letter, width in zip("ABCDEFGHIJ", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    number = 0
    for violations in report.by_sheet().values():
        for v in violations:
            number += 1
            fix = v.info.fix_zh if zh else v.info.fix_en
            _append(
                ws,
                [
                    number,
                    v.sheet,
                    v.cell,
                    v.rule,
                    severity_text(v, lang),
                    v.message(lang),
                    v.expected_text(lang) if v.expected is not None else "",
                    format_value(v.found, lang),
                    fix,
                    v.explained or "",
                ],
            )
            row = ws.max_row
            if v.sheet in wb.sheetnames:
                link = ws.cell(row, 3)
                link.hyperlink = f"#'{v.sheet}'!{v.cell}"
                link.style = "Hyperlink"
            ws.cell(row, 1).fill = PatternFill(fill_type="solid", fgColor=FILLS[look(v)])
            lines = 1
            for col in range(1, len(WIDTHS) + 1):
                cell = ws.cell(row, col)
                cell.alignment = wrap
                lines = max(lines, math.ceil(text_width(str(cell.value or "")) / (WIDTHS[col - 1] - 1)))
            ws.row_dimensions[row].height = 15 * lines + 3
    if not report.violations:
        _append(ws, ["", "", "", "", "", "未发现问题" if zh else "no violations"])
    sep = "、" if zh else ", "
    _listed(
        ws,
        wb,
        "无法评估" if zh else "Not assessed",
        [(n, f"因 {n.why(lang)}" if zh else f"because {n.why(lang)}") for n in report.not_assessed],
    )
    _listed(  # listed, never painted: fixing the findings they name fixes them
        ws,
        wb,
        "由上列问题导致（不另计，改正后自动消除）" if zh else "Implied by the findings above (not counted)",
        [(i, f"由 {sep.join(i.because)} 导致" if zh else f"implied by {sep.join(i.because)}") for i in report.implied],
    )
    ws.freeze_panes = "A5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _listed(ws, wb, title: str, items: list[tuple[NotAssessed | Implied, str]]) -> None:
    """A titled list of rule instances that are not violations, each with why and a link to its cell."""
    if not items:
        return
    _append(ws, [])
    _append(ws, [title])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for item, why in items:
        _append(ws, ["", item.sheet, item.cell, item.rule, "", why])
        if item.sheet in wb.sheetnames:
            ws.cell(ws.max_row, 3).hyperlink = f"#'{item.sheet}'!{item.cell}"
            ws.cell(ws.max_row, 3).style = "Hyperlink"
