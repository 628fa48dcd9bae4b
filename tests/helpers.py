"""Test helpers: typing into workbooks as staff do, comparing workbooks, running LibreOffice."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from official import (
    NARRATIVES,
    T2_BLOCKS,
    T2_BLOCKS_2019,
    T3_COLS,
    T3_HEADERS,
    T3_NOTE,
    T3_ROWS,
    T3_ROWS_2019,
    T4_GROUPS,
    T4_RESULTS,
)

ROOT = Path(__file__).resolve().parent.parent
REAL_REPORTS = Path(__file__).resolve().parent / "real_reports"


def found(report) -> set[tuple[str, str, str, str]]:
    """A report's violations as (rule, severity, sheet, cell)."""
    return {(v.rule, v.severity, v.sheet, v.cell) for v in report.violations}


def fill(src: Path, dst: Path, cells: dict[tuple[str, str], Any]) -> Path:
    """Type ``{(sheet, cell): value}`` into a copy of ``src`` with openpyxl, as a script or staff would."""
    wb = openpyxl.load_workbook(src)
    for (sheet, cell), value in cells.items():
        wb[sheet][cell] = value
    wb.save(dst)
    return dst


# ------------------------------------------------------------------ finding cells by printed labels


def _norm(text: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()) if text is not None else ""


class LabelTypist:
    """Finds input cells by their printed labels alone, knowing nothing of xlcheck's spec.

    This is how an outside script (or a reviewer) types a published report into the template:
    a row by its label, a column by the nearest header above it with that caption.
    """

    def __init__(self, path: Path) -> None:
        self.wb = openpyxl.load_workbook(path)
        self.where: dict[str, list[tuple[str, int, int]]] = {}
        for ws in self.wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str):
                        self.where.setdefault(_norm(c.value), []).append((ws.title, c.row, c.column))

    def _one(self, label: str, sheet: str | None = None) -> tuple[str, int, int]:
        hits = [h for h in self.where.get(_norm(label), []) if sheet in (None, h[0])]
        assert len(hits) == 1, f"label {label!r} found {len(hits)} times"
        return hits[0]

    def _merge_bottom_right(self, sheet: str, row: int, col: int) -> tuple[int, int]:
        for rng in self.wb[sheet].merged_cells.ranges:
            if rng.min_row == row and rng.min_col == col:
                return rng.max_row, rng.max_col
        return row, col

    def _column_above(self, sheet: str, row: int, caption: str) -> int:
        hits = [h for h in self.where.get(_norm(caption), []) if h[0] == sheet and h[1] < row]
        assert hits, f"no header {caption!r} above row {row} of {sheet}"
        return max(hits, key=lambda h: h[1])[2]

    def cell(self, row_label: str, col_caption: str) -> tuple[str, int, int]:
        sheet, row, _ = self._one(row_label)
        return sheet, row, self._column_above(sheet, row, col_caption)

    def right_of(self, label: str) -> tuple[str, int, int]:
        sheet, row, col = self._one(label)
        return sheet, row, self._merge_bottom_right(sheet, row, col)[1] + 1

    def below(self, label: str) -> tuple[str, int, int]:
        sheet, row, col = self._one(label)
        return sheet, self._merge_bottom_right(sheet, row, col)[0] + 1, col

    def t4(self, group: tuple[str, ...], result: str) -> tuple[str, int, int]:
        sheet, row, col = self._one(group[-1])
        _, last_col = self._merge_bottom_right(sheet, row, col)
        hits = [h for h in self.where[_norm(result)] if h[0] == sheet and h[1] > row and col <= h[2] <= last_col]
        _, hrow, hcol = min(hits, key=lambda h: h[1])
        return sheet, self._merge_bottom_right(sheet, hrow, hcol)[0] + 1, hcol

    def type(self, at: tuple[str, int, int], value: Any) -> None:
        sheet, row, col = at
        self.wb[sheet].cell(row, col).value = value

    def save(self, path: Path) -> Path:
        self.wb.save(path)
        return path


def as_typed(value: Any) -> Any:
    """A published value as Excel stores it once typed: numbers become numbers, "" clears the cell."""
    if value == "" or value is None:
        return None
    if isinstance(value, str):
        if not value.isascii():  # Python's float() would read '３６'; keep such text as text
            return value
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


# 2019 wording of table 二 that means the same 2021 row or column; anything else of 2019 has no home.
ALIASES_2019 = {
    "规范性文件": "行政规范性文件",
    "本年新制作数量": "本年制发件数",
    "对外公开总数量": "现行有效件数",
    "处理决定数量": "本年处理决定数量",
}


# Narrative sections that quote no table figure, for tests of the tables alone: the transcriptions' ``texts``
# notes quote the real narratives, and 05's contradicts its table 四 (TEXT-TABLE, see test_narrative.py).
PLAIN_TEXTS = {
    "overview": "本年度政府信息公开工作的数据见以下各表。",
    "problems": "存在的主要问题及改进情况从略。",
    "other": "本年度未收取信息处理费。",
}


# The official labels of each format (official.py): table 二's blocks, table 三's rows, and the
# published labels typed where another of that format stands.
OFFICIAL = {"2021": (T2_BLOCKS, T3_ROWS, ALIASES_2019), "2019": (T2_BLOCKS_2019, T3_ROWS_2019, {})}


def type_report(
    template: Path, report: dict, out: Path, texts: dict[str, str] | None = None, official: str = "2021"
) -> list[str]:
    """Type a transcribed real report (tests/real_reports/*.json) into ``template`` by labels.

    ``official``: the format whose labels the template prints ("2021" or "2019"). Returns what had no
    place in that layout (in the 2021 one: the 2019-only rows and columns).
    """
    t2_blocks, t3_rows, aliases = OFFICIAL[official]
    t = LabelTypist(template)
    skipped: list[str] = []
    t.type(t.right_of("机关名称"), report["agency"])
    t.type(t.right_of("报告年度"), report["year"])
    for key, heading in NARRATIVES.items():
        t.type(t.below(heading), (texts or {}).get(key, report["texts"]))
    for caption, block in report["section2"].items():
        official_cols, official_rows = t2_blocks.get(caption, ([], []))
        cols = {_norm(c): c for c in official_cols}
        rows = {_norm(r): r for r in official_rows}
        for label, published in block.items():
            if label == "columns" or label.startswith("_"):
                continue
            values = published if isinstance(published, list) else [published]
            for column, value in zip(block["columns"], values, strict=True):
                row = rows.get(_norm(aliases.get(_norm(label), label)))
                col = cols.get(_norm(aliases.get(_norm(column), column)))
                if row and col:
                    t.type(t.cell(row, col), as_typed(value))
                else:
                    skipped.append(f"{caption} {label} × {column}")
    for key, values in report["section3"].items():
        if key not in t3_rows:
            skipped.append(f"表三 {key}")
            continue
        for col, value in zip(T3_COLS, values, strict=True):
            t.type(t.cell(t3_rows[key][-1], col), as_typed(value))
    for key, value in report["section4"].items():
        group, _, result = key.rpartition("_")
        t.type(t.t4(T4_GROUPS[group], T4_RESULTS[result]), as_typed(value))
    t.save(out)
    return skipped


def paste_report(
    ws, report: dict, top: int = 1, labels: Callable[[str], str] = str, official: str = "2021"
) -> dict[str, tuple[int, int]]:
    """Lay a transcribed report's tables 二, 三, 四 out on one sheet as published: no template, no merges.

    Returns where each table 三 row landed. ``labels`` lets a test print labels as a report did;
    ``official`` is the format whose labels are printed ("2021" or "2019").
    """
    t2_blocks, t3_rows, _ = OFFICIAL[official]
    row = top
    ws.cell(row, 1, "二、主动公开政府信息情况")
    row += 1
    for caption, (columns, rows) in t2_blocks.items():
        ws.cell(row, 1, caption)
        ws.cell(row + 1, 1, "信息内容")
        for j, column in enumerate(columns):
            ws.cell(row + 1, 2 + j, labels(column))
        published = report["section2"][caption]
        for i, label in enumerate(rows):
            ws.cell(row + 2 + i, 1, labels(label))
            values = published.get(label, published.get(label.replace("行政规范性文件", "规范性文件")))
            for j, value in enumerate(values if isinstance(values, list) else [values]):
                ws.cell(row + 2 + i, 2 + j, as_typed(value))
        row += 2 + len(rows)
    row += 1
    ws.cell(row, 1, "三、收到和处理政府信息公开申请情况")
    ws.cell(row + 1, 1, T3_NOTE)
    ws.cell(row + 1, 4, T3_HEADERS[0])
    ws.cell(row + 2, 4, T3_COLS[0])
    ws.cell(row + 2, 5, T3_HEADERS[1])
    ws.cell(row + 2, 10, T3_COLS[-1])
    for j, column in enumerate(T3_COLS[1:-1]):
        ws.cell(row + 3, 5 + j, column)
    rows_at = {}
    row += 4
    for key, path in t3_rows.items():
        for level, label in enumerate(path):
            if level == len(path) - 1 or label not in [
                ws.cell(r, level + 1).value for r in range(max(1, row - 30), row)
            ]:
                ws.cell(row, level + 1, labels(label))
        for j, value in enumerate(report["section3"][key]):
            ws.cell(row, 4 + j, value)
        rows_at[key] = (row, 4)
        row += 1
    row += 1
    ws.cell(row, 1, "四、政府信息公开行政复议、行政诉讼情况")
    col = 1
    for group, path in T4_GROUPS.items():
        for level, label in enumerate(path):
            if label not in [ws.cell(row + 1 + level, c).value for c in range(1, col)]:
                ws.cell(row + 1 + level, col, label)
        for key, label in T4_RESULTS.items():
            ws.cell(row + 1 + len(path), col, label)
            ws.cell(row + 4, col, report["section4"][f"{group}_{key}"])
            col += 1
    return rows_at


def real_reports() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(REAL_REPORTS.glob("*.json"))}


# ------------------------------------------------------------------ comparing workbooks


def canonical(path: Path) -> dict[str, Any]:
    """What a workbook means to staff and to Excel, without file-level noise (zip order, dates)."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, Any] = {"sheets": [], "custom": sorted((p.name, str(p.value)) for p in wb.custom_doc_props)}
    for ws in wb.worksheets:
        cells = {
            c.coordinate: (c.value, c.protection.locked, c.fill.fgColor.rgb, c.font.b, c.alignment.wrap_text)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None or c.protection.locked is False
        }
        out["sheets"].append(
            {
                "title": ws.title,
                "state": ws.sheet_state,
                "cells": cells,
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
                "validations": sorted(
                    (str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.prompt, dv.error)
                    for dv in ws.data_validations.dataValidation
                ),
                "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
                "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
                "protected": ws.protection.sheet,
                "print": (
                    ws.page_setup.paperSize,
                    ws.page_setup.orientation,
                    ws.page_setup.fitToWidth,
                    ws.page_setup.fitToHeight,
                    ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
                    str(ws.print_title_rows),
                    str(ws.print_area),
                ),
            }
        )
    return out


# ------------------------------------------------------------------ LibreOffice, the real client


def soffice() -> str:
    """The soffice binary; skip where it is absent, unless CI is set (there it must run)."""
    from xlcheck.libreoffice import soffice as find

    found_at = find()
    if found_at:
        return found_at
    if os.environ.get("CI"):
        pytest.fail("CI is set but LibreOffice (soffice) is not installed: .ci/run must install it")
    pytest.skip("LibreOffice (soffice) not installed")


def convert_all(sources: list[Path], to: str, outdir: Path, profile: Path) -> list[Path]:
    soffice()
    from xlcheck.libreoffice import convert_all as run

    return run(sources, to, outdir, profile)


def convert(src: Path, to: str, outdir: Path, profile: Path) -> Path:
    return convert_all([src], to, outdir, profile)[0]


# ------------------------------------------------------------------ a clean, consistent filling


def clean_values() -> dict[str, Any]:
    """Field id -> value of a small report that breaks no rule (totals left to their formulas)."""
    from xlcheck.formats.format2021 import FORMAT_2021
    from xlcheck.formats.spec import layout

    lay = layout(FORMAT_2021)
    values: dict[str, Any] = {f: 0 for f in lay.fields if f.startswith(("t2.", "t3.", "t4.")) and f not in lay.totals}
    values.update(
        {
            "t3.new.natural": 10,
            "t3.carried_in.natural": 2,
            "t3.open.natural": 5,
            "t3.partial.natural": 2,
            "t3.unable_1.natural": 3,
            "t3.carry_out.natural": 2,
            "t3.new.business": 1,
            "t3.open.business": 1,
            "t4.review_upheld": 1,
            "t4.review_pending": 1,
            "t2.normative.issued": 3,
            "t2.normative.valid": 20,
            "t2.licensing.decisions": 120,
            "t2.fees.amount": 1.5,
            "meta.agency": "测试县某某局",
            "meta.year": 2024,
            "text.overview": "2024年，本局依法做好政府信息公开工作。",
            "text.problems": "公开内容的解读还不够生动。",
            "text.other": "本机关2024年未收取信息处理费。",
        }
    )
    return values


def values_with_mistakes() -> dict[str, Any]:
    """``clean_values`` with one of each kind of mistake, as make_template(values=...) writes them."""
    return clean_values() | {
        "t3.new.total": 13,  # J5 (11): T3-ROWTOTAL, and J29's balance implied by it
        "t3.open.natural": "６",  # 6, not 5: 自然人 no longer balances (D29); J29 implied by it too
        "t2.rules.repealed": "/",
        "t3.unable_1.total": None,  # J17: CELL-BLANK and T3-ROWTOTAL; J28's outcomes implied by it
        "t2.fees.amount": "12.5万元",
        "meta.year": "2024",
        "text.other": "本机关认真办理建议提案。",
        "t4.review_total": 5,
        # No TRUE/FALSE: LibreOffice adds one up in a SUM where Excel skips it, so no saved total is
        # right for both.
        "t2.normative.issued": 2.5,
        "meta.agency": "\u3000",
    }


def cell_of(field_id: str) -> tuple[str, str]:
    from xlcheck.formats.format2021 import FORMAT_2021
    from xlcheck.formats.spec import layout

    f = layout(FORMAT_2021).fields[field_id]
    return f.sheet, f.cell


# ------------------------------------------------------------------ editing as Excel does


_A1 = re.compile(r"(\$?)([A-Z]{1,3})(\$?)([0-9]+)")


def insert(ws, *, row: int | None = None, col: int | None = None, n: int = 1) -> None:
    """Insert ``n`` rows before ``row`` (or columns before ``col``) and move this sheet's formula
    references as Excel does: references at or past the insertion shift, so ranges across it grow.
    (openpyxl moves the cells but not the references.)"""
    from openpyxl.utils import column_index_from_string, get_column_letter

    if row is not None:
        ws.insert_rows(row, n)
    else:
        ws.insert_cols(col, n)

    def shift(m: re.Match) -> str:
        c, r = column_index_from_string(m[2]), int(m[4])
        if row is not None and r >= row:
            r += n
        if col is not None and c >= col:
            c += n
        return f"{m[1]}{get_column_letter(c)}{m[3]}{r}"

    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.value = _A1.sub(shift, cell.value)
