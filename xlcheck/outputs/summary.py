"""The collecting office's summary: one row per file checked, and every finding, in one workbook or CSV.

``xlcheck check 各单位报送/ --summary 检查汇总.xlsx`` writes two sheets:

- 「检查概况」: one row per file (文件, 机关名称, 报告年度, 格式, 结论, 错误数, 警告数, 已说明数, the first
  findings in words, notices), the worst first: files that could not be checked (with their coded reason),
  then files with errors (most first), warnings only, passed. The file name opens the file.
- 「问题清单」: every finding (文件, 机关名称, 工作表, 单元格, 规则, 级别, 说明, 应为, 实为, 情况说明), the files in
  the same order, each file's findings in its report's order; the cell opens the unit's file at that cell.

Counts are of violations only, as in ``xlcheck check --format json`` (``summary.errors``/``warnings``); a
warning the unit explained (情况说明) counts as a warning and as 已说明. ``--summary x.csv`` writes the same
two tables as CSV (UTF-8 with BOM, CRLF, so Excel and WPS open them in Chinese): ``x.csv`` the overview
and ``x_问题清单.csv`` (``x_findings.csv`` in English) the findings.

Built for folders of thousands of files: ``SummaryWriter.add`` takes each ``Report`` as its check finishes
and keeps one compact row per file (strings and counts); the findings go to a temporary file on disk.
``close`` sorts the rows and writes with xlsxwriter in constant-memory mode, so memory grows with the number
of files (under 1 KB each), not of findings.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import math
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import NamedTuple

from ..errors import OutputError, notice
from ..formats.spec import ERROR, WARNING
from ..report import PROP_OUTPUT, SEVERITY_NAMES, Report
from ..values import format_value, xml_text
from .paths import atomic_path, vet_output, write_error

OUTPUT_SUMMARY = "summary"  # the value of the custom property PROP_OUTPUT: checker.check refuses such a file
SUFFIXES = (".xlsx", ".csv")

# Verdicts, worst first (the sort order of 检查概况).
NOT_CHECKED, HAS_ERRORS, WARNINGS_ONLY, PASSED = 3, 2, 1, 0
VERDICTS = {
    "zh": {NOT_CHECKED: "无法检查", HAS_ERRORS: "有错误", WARNINGS_ONLY: "仅有警告", PASSED: "通过"},
    "en": {NOT_CHECKED: "not checked", HAS_ERRORS: "errors", WARNINGS_ONLY: "warnings only", PASSED: "passed"},
}
# Under --strict a warning not explained fails the file: its verdict says so.
STRICT_WARNINGS = {"zh": "警告未说明（--strict 不通过）", "en": "unexplained warnings (fail under --strict)"}
SHEETS = {"zh": ("检查概况", "问题清单"), "en": ("Overview", "Findings")}
FINDINGS_CSV_SUFFIX = {"zh": "_问题清单", "en": "_findings"}
OVERVIEW_COLUMNS = {
    "zh": ("文件", "机关名称", "报告年度", "格式版本", "结论", "错误数", "警告数", "已说明数", "主要问题", "提示"),
    "en": (
        "file",
        "agency",
        "year",
        "format",
        "verdict",
        "errors",
        "warnings",
        "explained",
        "first findings",
        "notices",
    ),
}
FINDING_COLUMNS = {
    "zh": ("文件", "机关名称", "工作表", "单元格", "规则", "级别", "说明", "应为", "实为", "情况说明"),
    "en": ("file", "agency", "sheet", "cell", "rule", "severity", "message", "expected", "found", "explanation"),
}
# Column widths in Excel's units (a CJK character takes two); landscape A4, fitted to the page width.
OVERVIEW_WIDTHS = (30, 20, 8, 6, 9, 7, 7, 8, 66, 20)
FINDING_WIDTHS = (28, 18, 7, 7, 14, 9, 62, 16, 16, 20)
VERDICT_COLUMN = 4  # 检查概况: 结论
LINK_COLUMN, LEVEL_COLUMN = 3, 5  # 问题清单: the 单元格 column opens the unit's file at that cell
FIRST_FINDINGS = 3  # how many findings 检查概况 spells out per file
FILLS = {NOT_CHECKED: "#D9D9D9", HAS_ERRORS: "#FF9C9C", WARNINGS_ONLY: "#FFD966", PASSED: "#C6EFCE"}
LEVEL_FILLS = {ERROR: "#FF9C9C", WARNING: "#FFD966"}
FONT = "宋体"  # the template's font
HEADING_FILL = "#D9E1F2"
# Hyperlink objects per sheet: xlsxwriter holds each (about 1.5 KB) until the workbook is written, and
# Excel allows 65,530. Past this many, a link is a HYPERLINK formula to the same place (its text at most
# 255 characters): the same click in Excel, WPS and LibreOffice, in constant memory.
LINK_OBJECTS = 10_000
# Excel's limits: text in a formula, characters per cell, rows per sheet, a row's height in points.
FORMULA_TEXT_LIMIT, CELL_LIMIT, ROW_LIMIT, HEIGHT_LIMIT = 255, 32_767, 1_048_576, 409
HEADING_ROW = 2  # below a title and a note


class FileRow(NamedTuple):
    """What the summary keeps of one file's report: one row of 检查概况, and where its findings are spooled."""

    verdict: int
    errors: int | None  # None: the file could not be checked
    warnings: int | None
    explained: int | None
    path: str
    agency: str
    year: int | None
    format: str
    first: str  # the first findings in words (or the coded reason it could not be checked)
    notices: str
    link: str | None  # the file, relative to the summary's folder (absolute on another drive)
    spool: tuple[int, int]  # offset and length of its pickled findings in the spool file

    def sort_key(self) -> tuple:
        unexplained = (self.warnings or 0) - (self.explained or 0)
        return (-self.verdict, -(self.errors or 0), -unexplained, self.path)


# One finding: sheet, cell, rule (or error code), severity (or 无法检查), message, expected, found,
# the unit's explanation, and the location to open ('表三'!J5), "" (a document: the file itself) or None.
Finding = tuple[str, str, str, str, str, str, str, str, "str | None"]


def vet_summary(
    path: str | PathLike[str],
    *,
    lang: str = "zh",
    force: bool = False,
    inputs: Iterable[str | PathLike[str]] = (),
    input_dirs: Iterable[str | PathLike[str]] = (),
) -> tuple[Path, ...]:
    """The files a summary at ``path`` writes (the workbook; or the overview and findings CSVs), when
    they may be written; else raise ``OutputError``: ``output-not-summary`` (the name ends in neither
    .xlsx nor .csv), or any refusal of ``paths.vet_output`` (over an input, inside an input folder, over an
    existing file without ``force``, a missing or unwritable folder).
    """
    out = Path(path)
    if out.is_dir():
        raise OutputError("output-is-directory", os.fspath(path))
    if out.suffix.lower() not in SUFFIXES:
        raise OutputError("output-not-summary", os.fspath(path))
    outs = [out]
    if out.suffix.lower() == ".csv":
        outs.append(out.with_name(f"{out.stem}{FINDINGS_CSV_SUFFIX[lang]}{out.suffix}"))
    inputs, input_dirs = list(inputs), list(input_dirs)
    return tuple(vet_output(o, force=force, inputs=inputs, input_dirs=input_dirs, suffix=None) for o in outs)


class SummaryWriter:
    """Writes the summary of many checked files: ``add`` each ``Report`` as it comes, then ``close``.

    ``path`` ends in .xlsx (a workbook of two sheets) or .csv (two CSV files: the overview at ``path``
    and the findings beside it). It is vetted at once and again on ``close`` (see ``vet_summary``;
    ``inputs`` and ``input_dirs`` are the files and folders being checked). Nothing is written until
    ``close``, which writes through a temporary file, so a failure leaves no half-written summary.
    As a context manager, it closes (writes) on leaving the block, or discards all on an exception.
    ``strict`` (``--strict``): a file with unexplained warnings is named as failing. Not thread-safe: call
    ``add`` from one thread.
    """

    def __init__(
        self,
        path: str | PathLike[str],
        lang: str = "zh",
        *,
        force: bool = False,
        inputs: Iterable[str | PathLike[str]] = (),
        input_dirs: Iterable[str | PathLike[str]] = (),
        strict: bool = False,
    ) -> None:
        self.lang = lang
        self.verdicts = {**VERDICTS[lang], **({WARNINGS_ONLY: STRICT_WARNINGS[lang]} if strict else {})}
        self._vet = {"lang": lang, "force": force, "inputs": list(inputs), "input_dirs": list(input_dirs)}
        self.paths = vet_summary(path, **self._vet)
        self.path = self.paths[0]
        self._base = os.path.dirname(os.path.abspath(self.path))
        self._rows: list[FileRow] = []
        self._spool = tempfile.TemporaryFile(prefix="xlcheck-summary-")
        self._failed: OSError | None = None  # writing the spool failed: the summary cannot be written
        self._written: tuple[Path, ...] = ()

    def __enter__(self) -> SummaryWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            with contextlib.suppress(OSError):
                self._spool.close()

    # ------------------------------------------------------------------ taking reports

    def add(self, report: Report) -> None:
        """Take one file's report: keep its overview row, spool its findings to disk."""
        lang = self.lang
        # Every text as a workbook or CSV may hold it: a file name may carry bytes no encoding names (a
        # non-UTF-8 name on Linux) or control characters; the link is dropped for such a name.
        findings = [tuple(xml_text(x) if isinstance(x, str) else x for x in f) for f in _findings(report, lang)]
        data = pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL)
        if self._failed is not None:
            return  # the spool could not be written (a full disk): close() says so
        try:
            offset = self._spool.seek(0, os.SEEK_END)
            self._spool.write(data)
        except OSError as exc:
            self._failed = exc
            return
        if report.error is not None:
            verdict, errors, warnings, explained = NOT_CHECKED, None, None, None
            first = f"[{report.error.code}] {report.error.message(lang, path=Path(report.path).name)}"
        else:
            errors, warnings = len(report.errors), len(report.warnings)
            explained = sum(1 for v in report.warnings if v.explained is not None)
            verdict = HAS_ERRORS if errors else WARNINGS_ONLY if warnings > explained else PASSED
            first = _first_findings(report, lang)
        self._rows.append(
            FileRow(
                verdict=verdict,
                errors=errors,
                warnings=warnings,
                explained=explained,
                path=xml_text(report.path),
                agency=xml_text(report.agency or ""),
                year=report.year,
                format=report.format or "",
                first=xml_text(first),
                notices=xml_text(
                    ("；" if lang == "zh" else "; ").join(notice(c, lang)["message"] for c in report.notices)
                ),
                link=self._link_target(report.path),
                spool=(offset, len(data)),
            )
        )

    def _link_target(self, path: str) -> str | None:
        """``path`` as a link from the summary's folder: relative, so the summary and the submissions can
        move together; None when there is no such file or a link cannot name it."""
        full = os.path.abspath(path)
        if not os.path.isfile(full):
            return None
        try:
            target = os.path.relpath(full, self._base)
        except ValueError:  # another drive (Windows): only an absolute link reaches it
            target = full
        # xlsxwriter reads '#' as the start of the location and leaves text with %XX unescaped.
        if "#" in target or re.search("%[0-9A-Fa-f]{2}", target) or xml_text(target) != target:
            return None
        return target

    # ------------------------------------------------------------------ writing

    def close(self) -> tuple[Path, ...]:
        """Sort the files worst first and write the summary; return the files written.

        Raises ``OutputError`` when a path became unwritable since (or a file appeared there without
        ``force``), ``cannot-write`` on an OSError while writing. Closing again returns what the first
        close wrote (nothing, if it failed or the writer was discarded).
        """
        if self._spool.closed:
            return self._written
        try:
            if self._failed is not None:
                raise write_error(self.path, self._failed)
            rows = sorted(self._rows, key=FileRow.sort_key)
            paths = vet_summary(self.path, **self._vet)
            if self.path.suffix.lower() == ".csv":
                # Both files are written before either takes its place: never a new overview beside old findings.
                try:
                    with atomic_path(paths[0]) as overview, atomic_path(paths[1]) as findings:
                        self._write_csv_overview(overview, rows)
                        self._write_csv_findings(findings, rows)
                except OSError as exc:
                    raise write_error(self.path, exc) from None
            else:
                _atomically(paths[0], lambda tmp: self._write_xlsx(tmp, rows))
            self._written = paths
            return paths
        finally:
            try:
                self._spool.close()
            except OSError:
                pass  # a spool that cannot flush is discarded all the same

    def _findings_of(self, row: FileRow) -> list[Finding]:
        offset, size = row.spool
        self._spool.seek(offset)
        return pickle.loads(self._spool.read(size))  # our own spool, written by add()

    def _finding_rows(self, rows: list[FileRow]) -> Iterator[tuple[FileRow, Finding]]:
        for row in rows:
            for finding in self._findings_of(row):
                yield row, finding

    def _overview_values(self, row: FileRow) -> tuple:
        verdict = self.verdicts[row.verdict]
        counts = (row.errors, row.warnings, row.explained)
        return (row.path, row.agency, row.year, row.format, verdict, *counts, row.first, row.notices)

    @staticmethod
    def _finding_values(row: FileRow, finding: Finding) -> tuple:
        return (row.path, row.agency, *finding[:8])

    def _write_csv_overview(self, out: Path, rows: list[FileRow]) -> None:
        with open(out, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)  # RFC 4180: CRLF line ends, fields quoted where needed
            writer.writerow(OVERVIEW_COLUMNS[self.lang])
            for row in rows:
                writer.writerow(_csv_safe(self._overview_values(row)))

    def _write_csv_findings(self, out: Path, rows: list[FileRow]) -> None:
        with open(out, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(FINDING_COLUMNS[self.lang])
            for row, finding in self._finding_rows(rows):
                writer.writerow(_csv_safe(self._finding_values(row, finding)))

    def _write_xlsx(self, out: Path, rows: list[FileRow]) -> None:
        import xlsxwriter
        from xlsxwriter.exceptions import FileCreateError

        from .. import __version__

        wb = xlsxwriter.Workbook(
            str(out),
            {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
        )
        try:
            wb.set_custom_property(PROP_OUTPUT, OUTPUT_SUMMARY)
            title = "检查汇总" if self.lang == "zh" else "Check summary"
            wb.set_properties({"title": title, "creator": f"xlcheck {__version__}"})
            looks = _Looks(wb)
            self._overview_sheet(wb, looks, rows, __version__)
            self._findings_sheet(wb, looks, rows)
            wb.close()
        except FileCreateError as exc:  # xlsxwriter wraps the OSError of writing the file
            raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc)) from None

    def _overview_sheet(self, wb, looks: _Looks, rows: list[FileRow], version: str) -> None:
        zh = self.lang == "zh"
        ws = wb.add_worksheet(SHEETS[self.lang][0], worksheet_class=_sheet_class())
        counts = {v: sum(1 for r in rows if r.verdict == v) for v in self.verdicts}
        names = self.verdicts
        if zh:
            head = f"检查汇总：共 {len(rows)} 个文件，" + "，".join(f"{names[v]} {counts[v]} 个" for v in names)
            note = (
                f"xlcheck {version} 生成于 {datetime.now():%Y-%m-%d %H:%M}。按结论排序，问题最多的在前；"
                f"点击文件名打开该文件；每一项问题见「{SHEETS['zh'][1]}」。"
            )
        else:
            head = f"Check summary: {len(rows)} file(s); " + ", ".join(f"{names[v]} {counts[v]}" for v in names)
            note = (
                f"Made by xlcheck {version} on {datetime.now():%Y-%m-%d %H:%M}. Worst first; click a file name to"
                f" open it; every finding is on the sheet {SHEETS['en'][1]}."
            )
        columns, widths = OVERVIEW_COLUMNS[self.lang], OVERVIEW_WIDTHS
        first = _start_sheet(ws, looks, head, note, columns, widths, len(rows))
        for i, row in enumerate(rows):
            r = first + i
            values = self._overview_values(row)
            ws.set_row(r, _height(values, widths))
            for c, value in enumerate(values):
                if c == VERDICT_COLUMN:
                    ws.write_string(r, c, value, looks.verdicts[row.verdict])
                elif value is None:
                    ws.write_blank(r, c, None, looks.number)
                elif isinstance(value, int):
                    ws.write_number(r, c, value, looks.number)
                elif c == 0 and row.link:
                    _link(ws, looks, r, c, row.link, None, value)
                else:
                    _text(ws, r, c, value, looks.cell)
            _forget_written_row(ws, r - 1)

    def _findings_sheet(self, wb, looks: _Looks, rows: list[FileRow]) -> None:
        zh = self.lang == "zh"
        ws = wb.add_worksheet(SHEETS[self.lang][1], worksheet_class=_sheet_class())
        errors = sum(r.errors or 0 for r in rows)
        warnings = sum(r.warnings or 0 for r in rows)
        explained = sum(r.explained or 0 for r in rows)
        failed = sum(1 for r in rows if r.verdict == NOT_CHECKED)
        if zh:
            head = f"问题清单：错误 {errors} 项，警告 {warnings} 项（其中已说明 {explained} 项）"
            head += f"；无法检查的文件 {failed} 个"
            note = "点击「单元格」打开该单位的文件并定位到该单元格（链接相对于本文件所在的文件夹）。"
        else:
            head = f"Findings: {errors} error(s), {warnings} warning(s) ({explained} explained)"
            head += f"; {failed} file(s) not checked"
            note = "Click a cell to open the unit's file at that cell (links are relative to this file's folder)."
        columns, widths = FINDING_COLUMNS[self.lang], FINDING_WIDTHS
        total = errors + warnings + failed  # a file not checked has one row
        first = _start_sheet(ws, looks, head, note, columns, widths, total)
        r = first
        for row, finding in self._finding_rows(rows):
            if r >= ROW_LIMIT - 1:  # Excel's last row says what did not fit
                left = total - (r - first)
                ws.write_string(
                    r,
                    0,
                    f"另有 {left} 项超出 Excel 的行数上限，未列出：请用 CSV 或 JSON 输出"
                    if zh
                    else f"{left} more finding(s) exceed Excel's row limit: use the CSV or JSON output",
                    looks.cell,
                )
                break
            values = self._finding_values(row, finding)
            ws.set_row(r, _height(values, widths))
            level = looks.levels.get(finding[3], looks.cell)
            location = finding[8]
            for c, value in enumerate(values):
                if c == LINK_COLUMN and location is not None and row.link:
                    _link(ws, looks, r, c, row.link, location or None, value)
                else:
                    _text(ws, r, c, value, level if c == LEVEL_COLUMN else looks.cell)
            _forget_written_row(ws, r - 1)
            r += 1


def _sheet_class():
    """xlsxwriter's Worksheet, but taking our formulas as they are: they are HYPERLINK(text, text) only,
    with nothing for its thirty-odd rewrites of newer functions' names to find (they made a link 6x dearer)."""
    from xlsxwriter.worksheet import Worksheet

    class LinkSheet(Worksheet):
        def _prepare_formula(self, formula, expand_future_functions=False):
            return formula.removeprefix("=")

    return LinkSheet


class _Looks:
    """The workbook's cell formats."""

    def __init__(self, wb) -> None:
        base = {"font_name": FONT, "font_size": 11, "valign": "top", "text_wrap": True}
        boxed = {**base, "border": 1, "border_color": "#A6A6A6"}
        add = wb.add_format
        self.title = add({**base, "text_wrap": False, "bold": True, "font_size": 14, "valign": "vcenter"})
        self.note = add({**base, "text_wrap": False, "font_color": "#595959", "valign": "vcenter"})
        self.heading = add({**boxed, "bold": True, "bg_color": HEADING_FILL, "valign": "vcenter"})
        self.cell = add(boxed)
        self.number = add({**boxed, "align": "center"})
        self.link = add({**boxed, "font_color": "#0563C1", "underline": 1})
        self.verdicts = {
            v: add({**boxed, "bold": True, "align": "center", "bg_color": fill}) for v, fill in FILLS.items()
        }
        self.levels = {
            name: add({**boxed, "align": "center", "bg_color": LEVEL_FILLS[severity]})
            for names in SEVERITY_NAMES.values()
            for severity, name in names.items()
        }
        not_checked = {VERDICTS[lang][NOT_CHECKED] for lang in VERDICTS}
        self.levels.update(
            {name: add({**boxed, "align": "center", "bg_color": FILLS[NOT_CHECKED]}) for name in not_checked}
        )


def _start_sheet(ws, looks: _Looks, head: str, note: str, columns, widths, rows: int) -> int:
    """Title, note and headings; widths, frozen headings, filter and print setup. Returns the first data row."""
    heading_row = HEADING_ROW
    ws.set_row(0, 24)
    ws.write_string(0, 0, head, looks.title)
    ws.write_string(1, 0, note, looks.note)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.set_row(heading_row, 20)
    for c, name in enumerate(columns):
        ws.write_string(heading_row, c, name, looks.heading)
    last = min(heading_row + max(rows, 1), ROW_LIMIT - 1)
    ws.autofilter(heading_row, 0, last, len(columns) - 1)
    ws.freeze_panes(heading_row + 1, 1)
    ws.repeat_rows(heading_row)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # as wide as the page, as many pages down as it takes
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header("&C&A")  # the sheet's name atop each printed page
    ws.set_footer("&C&P / &N")
    return heading_row + 1


def _text(ws, row: int, col: int, text: str, cell_format) -> None:
    """Text as text (a unit's '=1+1' never becomes a formula); nothing as a blank cell, so filters offer 空白."""
    if text:
        ws.write_string(row, col, xml_text(text[:CELL_LIMIT]), cell_format)
    else:
        ws.write_blank(row, col, None, cell_format)


def _forget_written_row(ws, row: int) -> None:
    """Drop what xlsxwriter keeps of a row already written out (its height, kept for placing images, which
    a summary has none of): in constant-memory mode nothing reads it again, and it would grow with the rows."""
    for kept in (getattr(ws, "row_info", None), getattr(ws, "row_sizes", None)):
        if isinstance(kept, dict):
            kept.pop(row, None)


def _link(ws, looks: _Looks, row: int, col: int, target: str, location: str | None, text: str) -> None:
    """A link to ``target`` (at ``location``) showing ``text``: a hyperlink while the sheet has room for one,
    then a HYPERLINK formula; plain text when neither can hold it."""
    if ws.hlink_count < LINK_OBJECTS:
        url = f"external:{target}" + (f"#{location}" if location else "")
        try:
            if ws.write_url(row, col, url, looks.link, string=text) >= 0:
                return
        except ValueError:  # longer than Excel allows
            pass
    else:
        where = target.replace(os.sep, "/") + (f"#{location}" if location else "")
        if len(where) <= FORMULA_TEXT_LIMIT:
            quoted = where.replace('"', '""')
            shown = text.replace('"', '""')
            ws.write_formula(row, col, f'=HYPERLINK("{quoted}","{shown}")', looks.link, text)
            return
    ws.write_string(row, col, xml_text(text), looks.cell)


def _findings(report: Report, lang: str) -> list[Finding]:
    """A report's findings as rows of 问题清单, in the report's order; one row for a file not checked."""
    if report.error is not None:
        verdict = VERDICTS[lang][NOT_CHECKED]
        return [("", "", report.error.code, verdict, report.error.message(lang), "", "", "", None)]
    sheets = set(report.sheet_order)
    # A published page or Word file has no sheets to open at: its findings link to the document itself ("").
    document = bool(report.sources) or any(v.source for v in report.violations)
    names = SEVERITY_NAMES[lang]
    rows: list[Finding] = []
    for violations in report.by_sheet().values():
        for v in violations:
            expected = v.expected_text(lang) if v.expected is not None else ""
            quoted = v.sheet.replace("'", "''")
            location = "" if document else f"'{quoted}'!{v.cell}" if v.sheet in sheets else None
            rows.append(
                (
                    v.sheet,
                    v.cell,
                    v.rule,
                    names[v.severity],
                    v.message(lang),
                    expected,
                    format_value(v.found, lang),
                    v.explained or "",
                    location,
                )
            )
    return rows


def _first_findings(report: Report, lang: str) -> str:
    """The first findings in words, one a line: errors, then warnings, explained warnings last."""
    zh = lang == "zh"
    ordered = [v for vs in report.by_sheet().values() for v in vs]
    ordered.sort(key=lambda v: (v.severity != ERROR, v.explained is not None))  # stable: keeps the sheet order
    lines = []
    for v in ordered[:FIRST_FINDINGS]:
        mark = ("（已说明）" if zh else " (explained)") if v.explained is not None else ""
        lines.append(
            f"{v.sheet} {v.cell}{mark}：{v.message(lang)}" if zh else f"{v.sheet}!{v.cell}{mark}: {v.message(lang)}"
        )
    more = len(ordered) - FIRST_FINDINGS
    if more > 0:
        lines.append(f"……另有 {more} 项" if zh else f"… and {more} more")
    return "\n".join(lines)


def _height(values: tuple, widths: tuple[int, ...]) -> float:
    """A row's height in points, so its wrapped text shows whole (Excel does not size rows on opening)."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        if isinstance(value, str) and len(value) * 2 > width - 1:  # else it fits on one line
            wrapped = sum(max(1, math.ceil(_width(part) / (width - 1))) for part in value.split("\n"))
            lines = max(lines, wrapped)
    return min(HEIGHT_LIMIT, 14.5 * lines + 4)


def _width(text: str) -> float:
    """About ``spec.text_width(text)``, fast for many rows: a character of three UTF-8 bytes (CJK, full-width
    punctuation) counts two, one of a byte counts one."""
    return len(text) + (len(text.encode()) - len(text)) / 2


_PLAIN_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def _csv_safe(values: tuple) -> list:
    """Values for a CSV row. Text a spreadsheet would run as a formula (=, +, -, @ first, as in a unit's
    cell '=1+1') gets a leading apostrophe: the units' workbooks are not to be trusted."""
    return [_csv_cell(value) for value in values]


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _atomically(out: Path, write) -> None:
    """Call ``write(tmp)`` for a temporary file beside ``out``, then put it in ``out``'s place."""
    try:
        with atomic_path(out) as tmp:
            write(tmp)
    except OSError as exc:
        raise write_error(out, exc) from None


def write_summary(
    reports: Iterable[Report],
    path: str | PathLike[str],
    lang: str = "zh",
    *,
    force: bool = False,
    inputs: Iterable[str | PathLike[str]] = (),
    input_dirs: Iterable[str | PathLike[str]] = (),
) -> tuple[Path, ...]:
    """Write the summary of ``reports`` at ``path`` (.xlsx or .csv); return the files written.

    See ``SummaryWriter`` (raises ``OutputError`` as ``vet_summary`` says).
    """
    with SummaryWriter(path, lang, force=force, inputs=inputs, input_dirs=input_dirs) as writer:
        for report in reports:
            writer.add(report)
    return writer.paths


def summary_fingerprint() -> str:
    """A digest of how the summary workbook looks, recorded with its pictures (docs/pictures.json)."""
    content = {
        "columns": (OVERVIEW_COLUMNS, FINDING_COLUMNS, OVERVIEW_WIDTHS, FINDING_WIDTHS, LINK_COLUMN),
        "words": (VERDICTS, SHEETS, FIRST_FINDINGS),
        "looks": (FILLS, LEVEL_FILLS, FONT, HEADING_FILL, HEADING_ROW),
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, default=str).encode()).hexdigest()[:16]
