"""Read a vetted workbook with openpyxl, read-only, a bounded window of each sheet."""

from __future__ import annotations

import contextlib
import io
import warnings
import zipfile
import zlib
from typing import Any

import openpyxl

from ..errors import CheckError
from ..formats.spec import META_SHEET, own_sheet
from .intake import SCAN_ROWS, Intake

SCAN_COLS = 60  # the report's tables are 15 columns wide; room for moved or pasted ones

Cells = dict[tuple[int, int], tuple[Any, str]]  # (row, col) -> (value, openpyxl data type)


def _failure(path: str, exc: Exception) -> CheckError:
    """A parse failure as the user should read it: unsafe XML, a damaged zip, or a damaged workbook."""
    cause: BaseException | None = exc
    while cause is not None:  # openpyxl re-raises what defusedxml and zipfile raised
        if type(cause).__module__.startswith("defusedxml"):  # entities, DTDs, external references
            return CheckError("unsafe-xml", path)
        if isinstance(cause, (zipfile.BadZipFile, zlib.error)):
            return CheckError("corrupt-zip", path, type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    return CheckError("corrupt-xlsx", path, f"{type(exc).__name__}: {exc}"[:200])


class Book:
    """An open workbook. Use as a context manager; every failure is a coded ``CheckError``."""

    def __init__(self, intake: Intake) -> None:
        self.path = intake.path
        # openpyxl warns about extensions it drops (we only read), and prints a bad style index to
        # stdout, which would corrupt our JSON output: silence both.
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            try:
                # From the vetted bytes: never the path again, whatever the file is named.
                self.wb = openpyxl.load_workbook(io.BytesIO(intake.data), read_only=True, keep_links=False)
            except Exception as exc:  # noqa: BLE001 - any failure to parse is a damaged file to the user
                raise _failure(self.path, exc) from None
        self.sheetnames: list[str] = list(self.wb.sheetnames)

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.wb.close()

    def cells(self, sheet: str, last_row: int, last_col: int) -> Cells:
        """The non-empty cells of ``sheet`` from A1 to (last_row, last_col)."""
        out: Cells = {}
        try:
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                for row in self.wb[sheet].iter_rows(min_row=1, max_row=last_row, min_col=1, max_col=last_col):
                    for cell in row:
                        if cell.value is not None:
                            out[(cell.row, cell.column)] = (cell.value, cell.data_type)
                    if row and getattr(row[0], "row", 0) == last_row:
                        break  # stop before openpyxl parses the conditional formats after the cells
        except Exception as exc:  # noqa: BLE001
            raise _failure(self.path, exc) from None
        return out

    def scan(self) -> dict[str, Cells]:
        """A window of every sheet that may hold the report (not the sheets xlcheck adds)."""
        out = {}
        for name in self.sheetnames:
            if own_sheet(name):
                continue
            ws = self.wb[name]
            rows = min(ws.max_row or SCAN_ROWS, SCAN_ROWS) if isinstance(ws.max_row, int) else SCAN_ROWS
            cols = min(ws.max_column or SCAN_COLS, SCAN_COLS) if isinstance(ws.max_column, int) else SCAN_COLS
            out[name] = self.cells(name, max(rows, 1), max(cols, 1))
        return out

    def meta(self) -> dict[str, Any]:
        """The template's metadata (format id, template version), or {} for other workbooks."""
        if META_SHEET not in self.sheetnames:
            return {}
        cells = self.cells(META_SHEET, 10, 2)
        return {str(v): cells.get((r, 2), (None, ""))[0] for (r, c), (v, _) in cells.items() if c == 1}

    def saved_results(self, sheet: str, coords: set[tuple[int, int]]) -> Cells:
        """The results a spreadsheet program saved for the formulas at ``coords``.

        Re-reads the one sheet with openpyxl's data-only flag on the already open workbook, which
        saves loading the workbook a second time.
        """
        self.wb._data_only = True  # read per sheet iteration by openpyxl's read-only worksheet
        try:
            cells = self.cells(sheet, max(r for r, _ in coords), max(c for _, c in coords))
        finally:
            self.wb._data_only = False
        return {rc: cells[rc] for rc in coords if rc in cells}
