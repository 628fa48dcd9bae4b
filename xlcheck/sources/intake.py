"""The intake guard: what a file is, and whether it is safe to parse, decided before any parsing.

Every refusal is a ``CheckError`` with a stable code (see ``errors.MESSAGES``). The guard reads
the file's first bytes, the zip directory and, for worksheets, only as many decompressed bytes as
the rows the checker will look at, so hostile files cost little time and memory.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field

from ..errors import CheckError

MAX_FILE_BYTES = 50 * 2**20  # a report workbook is well under 1 MiB
MAX_MEMBERS = 2000
MAX_TOTAL_UNCOMPRESSED = 512 * 2**20
MAX_WHOLE_PART = 16 * 2**20  # parts openpyxl loads whole: shared strings, styles, workbook
MAX_RATIO = 200  # deflated XML runs 10-50:1; a bomb runs near 1000:1
RATIO_FLOOR = 2**20  # parts smaller than this may compress as they like
SCAN_ROWS = 300  # rows of each sheet the checker looks at
MAX_WINDOW_BYTES = 32 * 2**20  # decompressed bytes allowed before a sheet's SCAN_ROWS rows end
MAX_WINDOW_CELLS = 150_000  # cells allowed in those rows (openpyxl parses ~250k cells a second)
MAX_TOTAL_CELLS = 250_000  # and in all sheets' first rows together
MAX_SHEETS = 255  # openpyxl opens every sheet of a workbook
MIN_CELL_BYTES = len(b"<c/>")

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls/.et, and encrypted .xlsx
ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MACRO_TYPES = ("macroEnabled", "vbaProject")
OTHER_OFFICE = {"word/document.xml": "Word 文档", "ppt/presentation.xml": "PowerPoint 演示文稿"}

# Tag openings, with or without a namespace prefix: counted, not parsed.
_ROW_MARKS = (b"<row ", b"<row>", b":row ", b":row>")
_CELL_MARKS = (b"<c ", b"<c>", b"<c/", b":c ", b":c>", b":c/")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ATTR = re.compile(rb'(\w+)\s*=\s*["\']([^"\']*)["\']')
_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")


@dataclass
class Intake:
    """A file that passed the guard: its bytes, and any notices for the report."""

    path: str
    data: bytes
    notices: list[str] = field(default_factory=list)  # codes of errors.NOTICES


def take(path: str) -> Intake:
    """Read ``path`` and vet it; raise ``CheckError`` for anything that is not a safe .xlsx/.xlsm."""
    data = _read(path)
    head = data[:8]
    if head == OLE2_MAGIC:
        # Encrypted OOXML is an OLE2 file with these streams; their names sit in its directory.
        if any(name in data for name in ENCRYPTED_STREAMS):
            raise CheckError("encrypted", path)
        raise CheckError("legacy-xls", path)
    if not head.startswith(ZIP_MAGIC):
        raise CheckError(_not_a_zip(data), path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        # No end-of-directory record at all: the file was cut short. One there: it is damaged.
        raise CheckError("corrupt-zip" if EMPTY_ZIP_MAGIC in data[-66_000:] else "truncated-zip", path) from None
    except Exception as exc:  # noqa: BLE001 - a zip directory zipfile cannot read is a damaged file
        raise CheckError("corrupt-zip", path, type(exc).__name__) from None
    with archive:
        intake = Intake(path, data)
        _vet_members(archive, path)
        try:
            _vet_package(archive, path, intake)
            _vet_sheets(archive, path)
        except CheckError:
            raise
        except Exception as exc:  # noqa: BLE001 - bad CRC, bad deflate data, unknown compression
            raise CheckError("corrupt-zip", path, type(exc).__name__) from None
    return intake


def _read(path: str) -> bytes:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise CheckError("is-directory", path)
        if not stat.S_ISREG(info.st_mode):
            raise CheckError("unreadable", path, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise CheckError("too-large", path, f"{info.st_size // 2**20} MiB")
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CheckError("file-not-found", path) from None
    except IsADirectoryError:
        raise CheckError("is-directory", path) from None
    except PermissionError:
        raise CheckError("permission-denied", path) from None
    except OSError as exc:
        raise CheckError("unreadable", path, exc.strerror or type(exc).__name__) from None
    if not data:
        raise CheckError("empty-file", path)
    if len(data) > MAX_FILE_BYTES:
        raise CheckError("too-large", path, f"> {MAX_FILE_BYTES // 2**20} MiB")
    return data


def _not_a_zip(data: bytes) -> str:
    """The code for a file that is not a zip: what it looks like instead."""
    if data.startswith(EMPTY_ZIP_MAGIC):
        return "missing-parts"
    text = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n\0").lower().replace(b"\0", b"")
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"mime-version:")) or b"<html" in text:
        return "html-as-xls"
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return "xml-spreadsheet"
    if text.startswith(b"%pdf"):
        return "pdf"
    return "not-xlsx"


def _vet_members(archive: zipfile.ZipFile, path: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise CheckError("zip-bomb", path, f"{len(members)} parts")
    if sum(m.file_size for m in members) > MAX_TOTAL_UNCOMPRESSED:
        raise CheckError("zip-bomb", path, "inflates beyond 512 MiB")
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise CheckError("zip-bomb", path, f"{m.filename} inflates {m.file_size // max(m.compress_size, 1)}x")
        if m.flag_bits & 0x1:
            raise CheckError("encrypted", path)


def _workbook_part(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The workbook part the package's root relationships name (usually xl/workbook.xml)."""
    if "_rels/.rels" not in names:
        return "xl/workbook.xml" if "xl/workbook.xml" in names else None
    rels = archive.read("_rels/.rels")
    for m in _RELATIONSHIP.finditer(rels):
        attrs = dict(_ATTR.findall(m[0]))
        if attrs.get(b"Type", b"").endswith(b"/officeDocument"):
            target = attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
            return target if target in names else None
    return None


def _vet_package(archive: zipfile.ZipFile, path: str, intake: Intake) -> None:
    names = set(archive.namelist())
    if "mimetype" in names:
        if archive.read("mimetype").strip().startswith(ODS_MIMETYPE):
            raise CheckError("ods", path)
        raise CheckError("not-xlsx", path)
    for part, what in OTHER_OFFICE.items():
        if part in names:
            raise CheckError("not-a-workbook", path, what)
    if "xl/workbook.bin" in names:
        raise CheckError("xlsb", path)
    workbook = _workbook_part(archive, names)
    if "[Content_Types].xml" not in names or workbook is None:
        raise CheckError("missing-parts", path)
    for part in ("[Content_Types].xml", workbook, "xl/sharedStrings.xml", "xl/styles.xml"):
        if part in names and archive.getinfo(part).file_size > MAX_WHOLE_PART:
            raise CheckError("too-large", path, part)
    content_types = archive.read("[Content_Types].xml")
    if "xl/vbaProject.bin" in names or any(t.encode() in content_types for t in MACRO_TYPES):
        intake.notices.append("macros")


def _count(data: bytes, marks: tuple[bytes, ...]) -> int:
    return sum(data.count(m) for m in marks)


def _vet_sheets(archive: zipfile.ZipFile, path: str) -> None:
    """Bound the work of reading each sheet's first SCAN_ROWS rows, without parsing XML.

    Counts cell and row tags in the decompressed bytes (C-speed ``bytes.count``), per sheet and
    over all sheets, stopping each sheet once its first SCAN_ROWS rows have gone by.
    """
    sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    if len(sheets) > MAX_SHEETS:
        raise CheckError("too-many-cells", path, f"{len(sheets)} sheets")
    # A cell takes at least 4 bytes (<c/>): small sheets cannot exceed the budgets, so skip counting.
    bounds = [i.file_size // MIN_CELL_BYTES for i in sheets]
    if max(bounds, default=0) <= MAX_WINDOW_CELLS and sum(bounds) <= MAX_TOTAL_CELLS:
        return
    total = 0
    for info in sheets:
        rows = cells = read = 0
        tail = b""
        whole = None  # openpyxl parses a sheet whole to size it when <dimension> is not up front
        with archive.open(info) as stream:
            while whole or rows <= SCAN_ROWS:
                chunk = stream.read(2**20)
                if not chunk:
                    break
                window = tail + chunk
                if whole is None:
                    data_at = _first(window, (b"<sheetData", b":sheetData"))
                    dimension_at = _first(window, (b"<dimension", b":dimension"))
                    whole = dimension_at < 0 or (data_at >= 0 and dimension_at > data_at)
                # The tail overlaps the previous chunk: what lies wholly in it was counted there.
                rows += _count(window, _ROW_MARKS) - _count(tail, _ROW_MARKS)
                cells += _count(window, _CELL_MARKS) - _count(tail, _CELL_MARKS)
                read += len(chunk)
                if cells > MAX_WINDOW_CELLS or read > MAX_WINDOW_BYTES or total + cells > MAX_TOTAL_CELLS:
                    raise CheckError("too-many-cells", path, info.filename)
                if _SHEET_DATA_END.search(window):
                    break
                tail = window[-16:]
        total += cells


def _first(data: bytes, marks: tuple[bytes, ...]) -> int:
    """Where the first of ``marks`` starts in ``data``, or -1."""
    found = [i for i in (data.find(m) for m in marks) if i >= 0]
    return min(found) if found else -1
