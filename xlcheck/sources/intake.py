"""The intake guard: what a file is, and whether it is safe to unpack, decided before any parsing.

Every refusal is a ``CheckError`` with a stable code (see ``errors.MESSAGES``). The guard reads the
file's first bytes and the zip directory only: encrypted, legacy, OpenDocument, binary and PDF
files, damaged zips and zip bombs stop here. What passes has a ``kind``, and each kind its reader:
``xlsx`` (``xlsx.py``: it follows the package's own relations), ``html`` and ``mhtml`` (a web page,
``html.py``), ``docx`` (a Word file, ``docx.py``); each reader has its own budget.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO, Union

from ..errors import CheckError

MAX_FILE_BYTES = 50 * 2**20  # a report workbook is well under 1 MiB
MAX_MEMBERS = 2000
MAX_TOTAL_UNCOMPRESSED = 512 * 2**20
MAX_WHOLE_PART = 16 * 2**20  # [Content_Types].xml, read here whole (xlsx.py caps the parts it reads)
MAX_RATIO = 200  # deflated XML runs 10-50:1; a bomb runs near 1000:1
RATIO_FLOOR = 2**20  # parts smaller than this may compress as they like

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls/.et, and encrypted .xlsx
ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
WORD_STREAM = "WordDocument".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MACRO_TYPES = ("macroEnabled", "vbaProject")
# How the CSV summaries xlcheck writes begin (outputs/summary.py's first columns, zh and en; a test keeps
# the two in step): such a file dropped back into a folder is xlcheck's output, not a unit's report.
SUMMARY_CSV_HEADS = ("文件,机关名称,".encode(), b"file,agency,")
UPLOAD_NAME = "<上传的数据>"  # a source given as bytes, without a name
WORD_PART = "word/document.xml"
OTHER_OFFICE = {"ppt/presentation.xml": "PowerPoint"}


XLSX, HTML, MHTML, DOCX = "xlsx", "html", "mhtml", "docx"  # what the bytes are: the reader to use


@dataclass
class Intake:
    """A file that passed the guard: its name, bytes, ``kind`` (which reader reads it), open zip
    directory (a package's; None for a web page) and notices for the report."""

    path: str
    data: bytes
    archive: zipfile.ZipFile | None
    notices: list[str] = field(default_factory=list)  # codes of errors.NOTICES
    kind: str = XLSX


Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]


def name_of(source: Source, name: str | None = None) -> str:
    """What to call a source in messages: ``name``, its path, a file object's name, or 「<上传的数据>」."""
    if name is not None:
        return name
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return str(getattr(source, "name", None) or UPLOAD_NAME)


def take(source: Source, name: str | None = None) -> Intake:
    """Read ``source`` (a path, bytes, or a binary file object) and vet it.

    Raises ``CheckError`` for anything that is not a safe .xlsx/.xlsm, web page or .docx.
    """
    path = name_of(source, name)
    data = _read(source, path)
    head = data[:8]
    if head == OLE2_MAGIC:
        # Encrypted OOXML is an OLE2 file with these streams; their names sit in its directory.
        if any(name in data for name in ENCRYPTED_STREAMS):
            raise CheckError("encrypted", path)
        if WORD_STREAM in data:  # .doc and WPS .wps share the compound format with .xls
            raise CheckError("legacy-doc", path)
        raise CheckError("legacy-xls", path)
    if not head.startswith(ZIP_MAGIC):
        kind = _not_a_zip(data)
        if kind in (HTML, MHTML):
            return Intake(path, data, None, kind=kind)
        raise CheckError(kind, path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        # No end-of-directory record at all: the file was cut short. One there: it is damaged.
        raise CheckError("corrupt-zip" if EMPTY_ZIP_MAGIC in data[-66_000:] else "truncated-zip", path) from None
    except Exception as exc:  # noqa: BLE001 - a zip directory zipfile cannot read is a damaged file
        raise CheckError("corrupt-zip", path, type(exc).__name__) from None
    intake = Intake(path, data, archive)
    _vet_members(archive, path)
    try:
        _vet_package(archive, path, intake)
    except CheckError:
        raise
    except Exception as exc:  # noqa: BLE001 - bad CRC, bad deflate data, unknown compression
        raise CheckError("corrupt-zip", path, type(exc).__name__) from None
    return intake


def _read(source: Source, path: str) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif not isinstance(source, (str, os.PathLike)):
        data = _read_stream(source, path)
    else:
        data = _read_file(os.fspath(source))
    if not data:
        raise CheckError("empty-file", path)
    if len(data) > MAX_FILE_BYTES:
        raise CheckError("too-large", path, f"> {MAX_FILE_BYTES // 2**20} MiB")
    return data


def _read_stream(stream: BinaryIO, path: str) -> bytes:
    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:  # closed, not readable
        raise CheckError("unreadable", path, str(exc) or type(exc).__name__) from None
    if not isinstance(data, (bytes, bytearray)):
        raise CheckError("unreadable", path, "not a binary stream (open the file with 'rb')")
    return bytes(data)


def _read_file(path: str) -> bytes:
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
    return data


def _not_a_zip(data: bytes) -> str:
    """What a file that is not a zip is: a web page (html, mhtml), or the code of its refusal."""
    if data.startswith(EMPTY_ZIP_MAGIC):
        return "missing-parts"
    text = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n\0").lower().replace(b"\0", b"")
    if text.startswith(b"mime-version:") or (text.startswith(b"from:") and b"multipart/related" in text):
        return MHTML  # a single-file web page (.mht): the HTML is one part of a MIME message
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<head", b"<body")) or b"<html" in text:
        return HTML
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return "xml-spreadsheet"
    if text.startswith(b"%pdf"):
        return "pdf"
    if text.startswith(SUMMARY_CSV_HEADS):  # the two CSV files of xlcheck check --summary x.csv
        return "xlcheck-output"
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


def _vet_package(archive: zipfile.ZipFile, path: str, intake: Intake) -> None:
    names = set(archive.namelist())
    if "mimetype" in names:
        if archive.read("mimetype").strip().startswith(ODS_MIMETYPE):
            raise CheckError("ods", path)
        raise CheckError("not-xlsx", path)
    if WORD_PART in names:
        intake.kind = DOCX  # a Word file, whatever its name: read as a published document
        return
    for part, what in OTHER_OFFICE.items():
        if part in names:
            raise CheckError("not-a-workbook", path, what)
    if "xl/workbook.bin" in names:
        raise CheckError("xlsb", path)
    if "[Content_Types].xml" not in names:
        raise CheckError("missing-parts", path)
    if archive.getinfo("[Content_Types].xml").file_size > MAX_WHOLE_PART:
        raise CheckError("too-large", path, "[Content_Types].xml")
    content_types = archive.read("[Content_Types].xml")
    if "xl/vbaProject.bin" in names or any(t.encode() in content_types for t in MACRO_TYPES):
        intake.notices.append("macros")
