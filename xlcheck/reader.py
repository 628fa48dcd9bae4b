"""Read a workbook's cells with openpyxl, read-only, touching only the spec's ranges."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import openpyxl

from .errors import CheckError
from .spec import META_SHEET

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls/.et, and encrypted .xlsx

Cells = dict[tuple[int, int], tuple[Any, str]]  # (row, col) -> (value, openpyxl data type)


@dataclass
class RawBook:
    """What a workbook holds in the ranges the checker reads."""

    sheetnames: list[str]
    cells: dict[str, Cells] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


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


def _open(path: str, data_only: bool):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; we only read
        try:
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
        except Exception as exc:  # noqa: BLE001 - any failure to parse is a damaged file to the user
            raise CheckError("corrupt-xlsx", path, f"{type(exc).__name__}: {exc}"[:200]) from None


def _read_range(ws, last_row: int, last_col: int) -> Cells:
    cells: Cells = {}
    for row in ws.iter_rows(min_row=1, max_row=last_row, min_col=1, max_col=last_col):
        for cell in row:
            if cell.value is not None:
                cells[(cell.row, cell.column)] = (cell.value, cell.data_type)
    return cells


def read_book(path: str, ranges: dict[str, tuple[int, int]]) -> RawBook:
    """Read ``ranges`` (sheet name -> last row, last column) and the metadata sheet."""
    sniff(path)
    wb = _open(path, data_only=False)
    try:
        book = RawBook(list(wb.sheetnames))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if META_SHEET in wb.sheetnames:
                meta = _read_range(wb[META_SHEET], 10, 2)
                book.meta = {
                    str(meta[(r, 1)][0]): meta.get((r, 2), (None, ""))[0] for r in range(1, 11) if (r, 1) in meta
                }
            for name, (last_row, last_col) in ranges.items():
                if name in wb.sheetnames:
                    book.cells[name] = _read_range(wb[name], last_row, last_col)
    except CheckError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise CheckError("corrupt-xlsx", path, f"{type(exc).__name__}: {exc}"[:200]) from None
    finally:
        wb.close()
    return book


def read_cached(path: str, wanted: dict[str, set[tuple[int, int]]]) -> dict[str, Cells]:
    """The results spreadsheet programs saved for formula cells (a second, rarer pass)."""
    wb = _open(path, data_only=True)
    out: dict[str, Cells] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, coords in wanted.items():
                last_row = max(r for r, _ in coords)
                last_col = max(c for _, c in coords)
                cells = _read_range(wb[name], last_row, last_col)
                out[name] = {rc: cells[rc] for rc in coords if rc in cells}
    except Exception as exc:  # noqa: BLE001
        raise CheckError("corrupt-xlsx", path, f"{type(exc).__name__}: {exc}"[:200]) from None
    finally:
        wb.close()
    return out
