"""Read a workbook's cells with openpyxl, read-only, touching only the ranges asked for."""

from __future__ import annotations

import warnings
from typing import Any

import openpyxl

from .errors import CheckError
from .spec import META_SHEET

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls/.et, and encrypted .xlsx

Cells = dict[tuple[int, int], tuple[Any, str]]  # (row, col) -> (value, openpyxl data type)


def sniff(path: str) -> None:
    """Refuse, with a coded error, anything that is not a readable .xlsx zip."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise CheckError("file-not-found", path) from None
    except IsADirectoryError:
        raise CheckError("is-directory", path) from None
    except PermissionError:
        raise CheckError("permission-denied", path) from None
    except OSError as exc:
        raise CheckError("unreadable", path, exc.strerror or type(exc).__name__) from None
    if not head:
        raise CheckError("empty-file", path)
    if head == OLE2_MAGIC:
        raise CheckError("legacy-xls", path)
    if not head.startswith(ZIP_MAGIC):
        raise CheckError("not-xlsx", path)


def _damaged(path: str, exc: Exception) -> CheckError:
    return CheckError("corrupt-xlsx", path, f"{type(exc).__name__}: {exc}"[:200])


class Book:
    """An open workbook. Use as a context manager; every failure is a coded ``CheckError``."""

    def __init__(self, path: str) -> None:
        sniff(path)
        self.path = path
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; we only read
            try:
                self.wb = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
            except Exception as exc:
                raise _damaged(path, exc) from None
        self.sheetnames: list[str] = list(self.wb.sheetnames)

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.wb.close()

    def cells(self, sheet: str, last_row: int, last_col: int) -> Cells:
        """The non-empty cells of ``sheet`` from A1 to (last_row, last_col)."""
        out: Cells = {}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for row in self.wb[sheet].iter_rows(min_row=1, max_row=last_row, min_col=1, max_col=last_col):
                    for cell in row:
                        if cell.value is not None:
                            out[(cell.row, cell.column)] = (cell.value, cell.data_type)
                    if row and getattr(row[0], "row", 0) == last_row:
                        break  # stop before openpyxl parses the conditional formats after the cells
        except Exception as exc:
            raise _damaged(self.path, exc) from None
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
