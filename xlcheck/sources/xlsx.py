"""Read a vetted .xlsx/.xlsm package ourselves: follow its relations, parse only what the checker reads.

The package is walked as Excel walks it: the root relations name the workbook part, the workbook's
relations name its worksheets, shared strings and styles, whatever the parts are called and in
either namespace family (transitional ``schemas.openxmlformats.org`` or Strict ``purl.oclc.org``).
Only those parts are parsed, each with expat under defusedxml's policy (no DTD, no entities), and
each within a budget fixed before parsing starts:

- parts read whole (workbook, relations, shared strings, styles) have a size cap;
- a worksheet is parsed as a stream and stopped after its first ``SCAN_ROWS`` rows, counting the
  decompressed bytes and the cells on the way, per sheet and over the workbook;
- a cell's text is cut to Excel's own limit (32,767 characters), shared strings are read only up
  to the highest index a read cell uses, and there may be no more than Excel allows of them.

So a file's own claims (``<dimension>``, part names, counts) never size the work. Every failure is
a coded ``CheckError``; the module keeps no state between calls, so threads may share it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.parsers import expat

from defusedxml.common import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from ..errors import CheckError
from ..formats.spec import META_SHEET, own_sheet

SCAN_ROWS = 300  # rows of each sheet the checker looks at
SCAN_COLS = 60  # the report's tables are 15 columns wide; room for moved or pasted ones
MAX_WHOLE_PART = 16 * 2**20  # parts read whole: workbook, relations, shared strings, styles
MAX_WINDOW_BYTES = 32 * 2**20  # decompressed bytes of a sheet allowed before its SCAN_ROWS rows end
MAX_WINDOW_CELLS = 150_000  # cells allowed in those rows
MAX_TOTAL_CELLS = 250_000  # and in all sheets' first rows together
MAX_SHEETS = 255
MAX_STRINGS = 200_000  # shared strings read (a report has a few thousand)
MAX_STYLES = 64_000  # Excel's own limit on cell formats
MAX_CELL_TEXT = 32_767  # Excel's own limit on a cell's text
MAX_FORMULA = 8_192  # Excel's own limit on a formula's length
MAX_FORMAT_CODE = 255  # Excel's own limit on a number format's code
# Characters of text (inline strings, formulas, their translations) the windows may hold: the report's longest
# cells are its three narrative sections (at most 32,767 characters each, Excel's limit).
MAX_SHEET_TEXT = 2**20
MAX_BOOK_TEXT = 4 * 2**20
CHUNK = 2**16

Cells = dict[tuple[int, int], tuple[Any, str]]  # (row, col) -> (value, data type as openpyxl names it)

# Relationship types, matched by their last segment so both namespace families meet.
OFFICE_DOCUMENT, WORKSHEET, SHARED_STRINGS, STYLES = "officeDocument", "worksheet", "sharedStrings", "styles"
CUSTOM_PROPERTIES = "custom-properties"
MAX_PROPERTIES_PART = 2**20
NOT_WORKSHEETS = ("chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet")  # skipped, never read

# Number formats that make a number a date (after openpyxl's rules, which the verdicts were built on).
_BUILTIN_DATES = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_BUILTIN_TIMEDELTA = {46}
_FORMAT_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CHARS = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_EPOCH_1900, _EPOCH_1904 = datetime(1899, 12, 30), datetime(1904, 1, 1)
# Element names the sheet parser acts on (by local name), as small codes for its hot loop.
_C, _ROW, _V, _F, _IS, _T, _RPH, _SHEET_DATA, _SI = range(1, 10)
_ELEMENTS = {
    "c": _C, "row": _ROW, "v": _V, "f": _F, "is": _IS, "t": _T, "rPh": _RPH, "sheetData": _SHEET_DATA, "si": _SI,
}  # fmt: skip
_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]*)")


class _Stop(Exception):
    """Raised inside a handler to end a parse early (the window is read)."""


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """A string as Excel meant it: ``_xHHHH_`` is the character U+HHHH (ECMA-376's escape for what XML cannot
    hold, such as a line feed written ``_x000D_``); ``_x005F_`` escapes a literal underscore."""
    return _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _forbid_dtd(*_: Any) -> None:
    raise DTDForbidden(None, None, None)


def _forbid_entity(*args: Any) -> None:
    raise EntitiesForbidden(*(list(args) + [None] * 6)[:6])


def _forbid_external(*args: Any) -> None:
    raise ExternalReferenceForbidden(*(list(args) + [None] * 4)[:4])


def _parser(start, end=None, text=None) -> Any:
    """An expat parser with defusedxml's protections: a DTD, an entity or an external reference ends it."""
    p = expat.ParserCreate()
    p.StartDoctypeDeclHandler = _forbid_dtd
    p.EntityDeclHandler = _forbid_entity
    p.UnparsedEntityDeclHandler = _forbid_entity
    p.ExternalEntityRefHandler = _forbid_external
    p.buffer_text = True
    p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if text:
        p.CharacterDataHandler = text
    return p


def _coordinate(ref: str) -> tuple[int, int]:
    """'J14' -> (14, 10); anything else is a damaged workbook."""
    m = _A1.fullmatch(ref)
    if not m:
        raise ValueError(f"bad cell reference {ref[:20]!r}")
    col = 0
    for ch in m[1].upper():
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col


# Cell addresses already parsed (the window's repeat in every workbook); filled as they are met.
_COORDINATES: dict[str, tuple[int, int]] = {}


def _cell_at(ref: str) -> tuple[int, int]:
    found = _coordinate(ref)
    if found[0] <= SCAN_ROWS and found[1] <= SCAN_COLS:
        _COORDINATES[ref] = found
    return found


def is_date_format(code: str | None) -> bool:
    if code is None:
        return False
    return _DATE_CHARS.search(_FORMAT_STRIP.sub("", code.split(";")[0])) is not None


def _number(text: str) -> int | float:
    return float(text) if ("." in text or "e" in text or "E" in text) else int(text)


def from_serial(value: float, epoch: datetime, as_timedelta: bool) -> datetime | time | timedelta:
    """An Excel date serial as Python's datetime, time or timedelta (the 1900 leap-year bug kept)."""
    if as_timedelta:
        td = timedelta(days=value)
        if td.microseconds:
            td = timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and diff.days == 0:
        seconds = diff.seconds
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60, diff.microseconds)
    if 0 < value < 60 and epoch == _EPOCH_1900:
        day += 1
    return epoch + timedelta(days=day) + diff


class Package:
    """The parts of a zip package, found as OPC finds them (names are case-insensitive)."""

    def __init__(self, archive: zipfile.ZipFile, path: str) -> None:
        self.archive, self.path = archive, path
        self.parts = {i.filename.lstrip("/").lower(): i for i in archive.infolist() if not i.is_dir()}

    def has(self, name: str) -> bool:
        return name.lower() in self.parts

    def read(self, name: str, cap: int = MAX_WHOLE_PART) -> bytes:
        info = self.parts[name.lower()]
        if info.file_size > cap:
            raise CheckError("too-large", self.path, f"{name}: {info.file_size // 2**20} MiB")
        with self.archive.open(info) as stream:
            data = stream.read(cap + 1)
        if len(data) > cap:
            raise CheckError("too-large", self.path, name)
        return data

    def stream(self, name: str, cap: int | None = None):
        """The part, decompressed as it is read; refused when its declared size is over ``cap``."""
        info = self.parts[name.lower()]
        if cap is not None and info.file_size > cap:
            raise CheckError("too-large", self.path, f"{name}: {info.file_size // 2**20} MiB")
        return self.archive.open(info)

    def relations(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """rId -> (type's last segment, target part, external) from the part's relations part."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        out: dict[str, tuple[str, str, bool]] = {}

        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "Relationship" and "Id" in attrs:
                external = attrs.get("TargetMode", "").lower() == "external"
                target = attrs.get("Target", "")
                if not external:
                    target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                    target = posixpath.normpath(target)
                out[attrs["Id"]] = (attrs.get("Type", "").rpartition("/")[2], target, external)

        _parser(start).Parse(self.read(rels_name), True)
        return out


class Book:
    """A workbook read from a vetted package: its sheet names and a window of cells of each sheet.

    ``Book(intake)`` raises ``CheckError`` (codes in ``errors.MESSAGES``) for anything it cannot read.
    """

    def __init__(self, intake) -> None:
        self.path = intake.path
        try:
            self._read(Package(intake.archive, self.path))
        except CheckError:
            raise
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
            raise CheckError("unsafe-xml", self.path) from None
        except (zipfile.BadZipFile, EOFError) as exc:
            raise CheckError("corrupt-zip", self.path, type(exc).__name__) from None
        except Exception as exc:  # noqa: BLE001 - any other failure to parse is a damaged file to the user
            if type(exc).__module__ == "zlib" or type(exc).__name__ == "error":
                raise CheckError("corrupt-zip", self.path, type(exc).__name__) from None
            raise CheckError("corrupt-xlsx", self.path, f"{type(exc).__name__}: {exc}"[:200]) from None

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    # ------------------------------------------------------------ the package

    def _read(self, pkg: Package) -> None:
        self.text_chars = 0  # of every window together (see _Sheet._text)
        self.properties = self._custom_properties(pkg)
        workbook = self._workbook_part(pkg)
        rels = pkg.relations(workbook)
        entries, self.epoch = self._sheet_entries(pkg, workbook)
        if len(entries) > MAX_SHEETS:
            raise CheckError("too-many-cells", self.path, f"{len(entries)} sheets")
        self.sheetnames: list[str] = []
        parts: dict[str, str] = {}  # sheet name -> its worksheet part
        seen: dict[str, str] = {}
        for name, rid in entries:
            rel = rels.get(rid)
            if rel is None:
                raise CheckError("broken-package", self.path, f"「{name}」: {rid} ?")
            kind, target, external = rel
            if kind in NOT_WORKSHEETS:
                continue  # a chart, dialog or macro sheet holds no report table
            if external or kind != WORKSHEET or not pkg.has(target) or target.lower() == workbook.lower():
                raise CheckError("broken-package", self.path, f"「{name}」 -> {target or rid}")
            if name in parts or target.lower() in seen:
                raise CheckError("broken-package", self.path, f"「{name}」 = 「{seen.get(target.lower(), name)}」")
            seen[target.lower()] = name
            parts[name] = target
            self.sheetnames.append(name)
        self.parts = parts
        for kind, target, external in rels.values():  # the parts read whole (or up to an index): capped
            if kind in (SHARED_STRINGS, STYLES) and not external and pkg.has(target):
                pkg.stream(target, MAX_WHOLE_PART).close()
        self.date_styles, self.timedelta_styles, styles_count = self._styles(pkg, rels)
        self._styles_count = styles_count
        self.sheets: dict[str, _Sheet] = {}
        total = 0
        for name in self.sheetnames:
            if own_sheet(name) and name != META_SHEET:
                continue  # xlcheck's own sheets around the report: never read
            sheet = _Sheet(self, name)
            sheet.parse(pkg, parts[name], total)
            total += sheet.counted
            self.sheets[name] = sheet
        self._resolve_strings(pkg, rels)

    def _workbook_part(self, pkg: Package) -> str:
        for kind, target, external in pkg.relations("").values():
            if kind == OFFICE_DOCUMENT and not external:
                if pkg.has(target):
                    return target
                break
        if not pkg.has("_rels/.rels") and pkg.has("xl/workbook.xml"):
            return "xl/workbook.xml"
        raise CheckError("missing-parts", self.path)

    def _custom_properties(self, pkg: Package) -> dict[str, str]:
        """The document's custom properties (name -> text), where xlcheck marks its own files."""
        target = next(
            (t for k, t, ext in pkg.relations("").values() if k == CUSTOM_PROPERTIES and not ext and pkg.has(t)), None
        )
        if target is None:
            return {}
        props: dict[str, str] = {}
        current: list[str] = []
        text: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "property":
                current[:] = [attrs.get("name", "")]
                text.clear()

        def end(name: str) -> None:
            if _local(name) == "property" and current:
                props[current[0]] = "".join(text)[:MAX_CELL_TEXT]
                current.clear()

        def chars(data: str) -> None:
            if current and len(text) < 64:
                text.append(data)

        _parser(start, end, chars).Parse(pkg.read(target, MAX_PROPERTIES_PART), True)
        return props

    def _sheet_entries(self, pkg: Package, workbook: str) -> tuple[list[tuple[str, str]], datetime]:
        entries: list[tuple[str, str]] = []
        epoch = [_EPOCH_1900]

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _local(name)
            if local == "sheet":
                rid = next((v for k, v in attrs.items() if _local(k) == "id" and ":" in k), None)
                entries.append((attrs.get("name", ""), rid or ""))
            elif local == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
                epoch[0] = _EPOCH_1904

        _parser(start).Parse(pkg.read(workbook), True)
        return entries, epoch[0]

    def _styles(self, pkg: Package, rels) -> tuple[set[int], set[int], int]:
        """The cell formats (by index) that make a number a date, or a duration."""
        target = next((t for k, t, ext in rels.values() if k == STYLES and not ext and pkg.has(t)), None)
        if target is None:
            return set(), set(), 0
        custom: dict[int, str] = {}
        xfs: list[int] = []
        where = [""]

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _local(name)
            if local == "numFmt" and "numFmtId" in attrs:
                custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
            elif local in ("cellXfs", "cellStyleXfs", "dxfs"):
                where[0] = local
            elif local == "xf" and where[0] == "cellXfs":
                if len(xfs) >= MAX_STYLES:
                    raise CheckError("too-large", self.path, f"> {MAX_STYLES} cell formats")
                xfs.append(int(attrs.get("numFmtId", 0)))

        def end(name: str) -> None:
            if _local(name) == "cellXfs":
                raise _Stop

        try:
            _parser(start, end).Parse(pkg.read(target), True)
        except _Stop:
            pass
        # Each number format judged once (thousands of cell formats share a few), its code cut to Excel's
        # own limit of 255 characters, so no cell format costs more than a short regex.
        kinds: dict[int, tuple[bool, bool]] = {}
        for fmt in set(xfs):
            code = custom.get(fmt)
            code = code[:MAX_FORMAT_CODE] if code is not None else None
            is_date = (code is None and fmt in _BUILTIN_DATES) or is_date_format(code)
            is_duration = (code is None and fmt in _BUILTIN_TIMEDELTA) or bool(
                _TIMEDELTA.search((code or "").split(";")[0])
            )
            kinds[fmt] = (is_date, is_duration)
        dates = {index for index, fmt in enumerate(xfs) if kinds[fmt][0]}
        durations = {index for index, fmt in enumerate(xfs) if kinds[fmt][1]}
        return dates, durations, len(xfs)

    def _resolve_strings(self, pkg: Package, rels) -> None:
        target = next((t for k, t, ext in rels.values() if k == SHARED_STRINGS and not ext and pkg.has(t)), None)
        self._pkg, self._strings_part, self._strings = pkg, target, []
        wanted = {i for sheet in self.sheets.values() for i in sheet.string_refs.values()}
        if not wanted:
            return
        if target is None:
            raise IndexError("shared string without a shared strings part")
        table = _read_strings(pkg, target, max(wanted), self.path)
        for sheet in self.sheets.values():
            for rc, index in sheet.string_refs.items():
                if index >= len(table):
                    raise IndexError(f"shared string {index} of {len(table)}")
                sheet.cells[rc] = (table[index], "s")
        self._strings = table

    # ------------------------------------------------------------ what the checker asks

    def cells(self, sheet: str, last_row: int, last_col: int) -> Cells:
        """The non-empty cells of ``sheet`` from A1 to (last_row, last_col)."""
        s = self.sheets.get(sheet)
        if s is None:
            return {}
        return {rc: v for rc, v in s.cells.items() if rc[0] <= last_row and rc[1] <= last_col}

    def scan(self) -> dict[str, Cells]:
        """The window of every sheet that may hold the report (not the sheets xlcheck adds)."""
        return {name: s.cells for name, s in self.sheets.items() if not own_sheet(name)}

    def cut_sheets(self) -> list[str]:
        """The sheets with rows past the first ``SCAN_ROWS`` (those rows are not read)."""
        return [name for name, s in self.sheets.items() if s.cut]

    def meta(self) -> dict[str, Any]:
        """The template's metadata (format id, template version), or {} for other workbooks."""
        cells = self.cells(META_SHEET, 10, 2)
        return {str(v): cells.get((r, 2), (None, ""))[0] for (r, c), (v, _) in cells.items() if c == 1}

    def saved_results(self, sheet: str, coords: set[tuple[int, int]]) -> Cells:
        """The results a spreadsheet program saved for the formulas at ``coords``."""
        saved = self.sheets[sheet].saved if sheet in self.sheets else {}
        out: Cells = {}
        try:
            for rc in coords & saved.keys():
                kind, raw, style = saved[rc]
                if kind == "s":  # a result saved as a shared string (rare): the table is read up to it
                    out[rc] = (self._shared_string(int(raw)), "s")
                else:
                    out[rc] = self.typed(kind, raw, style)
        except CheckError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged saved result is a damaged workbook
            raise CheckError("corrupt-xlsx", self.path, f"{type(exc).__name__}: {exc}"[:200]) from None
        return out

    def typed(self, kind: str, raw: str, style: str | None) -> tuple[Any, str]:
        """A cell's ``<v>`` text as openpyxl types it: (value, data type); "s" holds the string's index."""
        if kind == "n":
            value = _number(raw)
            index = int(style) if style else 0
            if index and index in self.date_styles:
                try:
                    return from_serial(value, self.epoch, index in self.timedelta_styles), "d"
                except (OverflowError, ValueError):
                    return "#VALUE!", "e"
            return value, "n"
        if kind == "s":
            return int(raw), "s"
        if kind == "b":
            return bool(int(raw)), "b"
        if kind == "str":
            return raw, "s"
        if kind == "d":
            return _iso(raw), "d"
        return raw, kind  # "e": an error value such as #DIV/0!

    def _shared_string(self, index: int) -> str:
        if index >= len(self._strings):
            self._strings = _read_strings(self._pkg, self._strings_part, index, self.path) if self._strings_part else []
        return self._strings[index]


def _read_strings(pkg: Package, part: str, last: int, path: str) -> list[str]:
    """The shared strings 0..``last`` (text of plain and rich runs, phonetic runs left out)."""
    table: list[str] = []
    parts: list[str] = []
    name_codes = dict(_ELEMENTS)
    collect = phonetic = 0

    def code(name: str) -> int:
        found = name_codes[name] = _ELEMENTS.get(name.rpartition(":")[2], 0)
        return found

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal collect, phonetic
        what = name_codes.get(name)
        if what is None:
            what = code(name)
        if what == _T:
            collect = not phonetic
        elif what == _SI:
            parts.clear()
        elif what == _RPH:
            phonetic += 1

    def end(name: str) -> None:
        nonlocal collect, phonetic
        what = name_codes.get(name)
        if what is None:
            what = code(name)
        if what == _T:
            collect = 0
        elif what == _SI:
            table.append(unescape("".join(parts)[:MAX_CELL_TEXT]))
            if len(table) > last:
                raise _Stop
            if len(table) >= MAX_STRINGS:
                raise CheckError("too-large", path, f"> {MAX_STRINGS} shared strings")
        elif what == _RPH:
            phonetic -= 1

    def text(data: str) -> None:
        if collect and len(parts) < 64:
            parts.append(data)

    p = _parser(start, end, text)
    try:
        with pkg.stream(part, MAX_WHOLE_PART) as stream:
            read = 0
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > MAX_WHOLE_PART:
                    raise CheckError("too-large", path, part)
                p.Parse(chunk, False)
            p.Parse(b"", True)
    except _Stop:
        pass
    return table


class _Sheet:
    """One worksheet's window: its first SCAN_ROWS rows and SCAN_COLS columns."""

    def __init__(self, book: Book, name: str) -> None:
        self.book, self.name = book, name
        self.cells: Cells = {}
        self.saved: dict[tuple[int, int], tuple[str, str, str | None]] = {}  # formulas' results: t, <v>, s
        self.string_refs: dict[tuple[int, int], int] = {}  # cells holding a shared string index
        self.counted = 0  # cells seen in the window, all columns
        self.text_chars = 0  # characters of text the window's cells hold
        self.cut = False  # rows past the window were there (not read)

    def parse(self, pkg: Package, part: str, total_before: int) -> None:
        """Parse the part up to its SCAN_ROWS-th row (or ``</sheetData>``), within the cell budgets.

        The handlers are closures over plain locals: they run once per XML element of the window,
        so this is the reader's hot loop.
        """
        path, name_codes = self.book.path, dict(_ELEMENTS)
        shared_formulas: dict[str, tuple[str, int, int]] = {}
        budget = min(MAX_WINDOW_CELLS, MAX_TOTAL_CELLS - total_before)
        counted = row = col = cell_row = 0
        kind = style = raw = formula = ftype = fsi = None
        inline: list[str] | None = None
        buf: list[str] = []
        collect = phonetic = 0  # collect: 1 while in <v>, <f> or an inline <t>; phonetic: depth of <rPh>

        def code(name: str) -> int:
            found = name_codes[name] = _ELEMENTS.get(name.rpartition(":")[2], 0)
            return found

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal counted, row, col, cell_row, kind, style, raw, formula, ftype, fsi, inline, collect, phonetic
            what = name_codes.get(name)
            if what is None:
                what = code(name)
            if what == _C:
                counted += 1
                if counted > budget:
                    raise CheckError("too-many-cells", path, f"{self.name}: > {budget}")
                ref = attrs.get("r")
                if ref:
                    cell_row, col = _COORDINATES.get(ref) or _cell_at(ref)
                    if cell_row > SCAN_ROWS:
                        self.cut = True
                        raise _Stop
                else:
                    cell_row, col = row, col + 1
                kind, style, raw, formula, inline = attrs.get("t", "n"), attrs.get("s"), None, None, None
            elif what == _ROW:
                r = attrs.get("r")
                row = int(r) if r else row + 1
                if row > SCAN_ROWS:
                    self.cut = True
                    raise _Stop
                col = 0
            elif what == _V or what == _F:
                collect = 1
                buf.clear()
                if what == _F:
                    ftype, fsi = attrs.get("t"), attrs.get("si")
            elif what == _IS:
                inline = []
            elif what == _RPH:
                phonetic += 1
            elif what == _T and inline is not None and not phonetic:
                collect = 1
                buf.clear()

        def text(data: str) -> None:
            if collect and len(buf) < 64:
                buf.append(data)

        def end(name: str) -> None:
            nonlocal raw, formula, collect, phonetic
            what = name_codes.get(name)
            if what is None:
                what = code(name)
            if what == _V:
                raw, collect = "".join(buf)[:MAX_CELL_TEXT], 0
            elif what == _C:
                if col <= SCAN_COLS:
                    self._store(cell_row, col, kind, style, raw, formula, ftype, fsi, inline, shared_formulas)
            elif what == _F:
                formula, collect = "".join(buf)[:MAX_CELL_TEXT], 0
            elif what == _T and collect and inline is not None:
                inline.append("".join(buf))
                collect = 0
            elif what == _RPH:
                phonetic -= 1
            elif what == _SHEET_DATA:
                raise _Stop

        p = _parser(start, end, text)
        read = 0
        try:
            with pkg.stream(part) as stream:
                while chunk := stream.read(CHUNK):
                    read += len(chunk)
                    if read > MAX_WINDOW_BYTES:
                        raise CheckError("too-many-cells", path, f"{self.name}: > {MAX_WINDOW_BYTES // 2**20} MiB")
                    p.Parse(chunk, False)
                p.Parse(b"", True)
        except _Stop:
            pass
        self.counted = counted

    def _store(self, row, col, kind, style, raw, formula, ftype, fsi, inline, shared_formulas) -> None:
        rc = (row, col)
        if formula is not None:  # a formula: its text, and the result saved with it
            formula = "=" + formula[:MAX_FORMULA]
            if ftype == "shared" and fsi is not None:
                master = shared_formulas.get(fsi)
                if master is not None:
                    formula = translate(master[0], row - master[1], col - master[2])
                elif formula != "=":
                    shared_formulas[fsi] = (formula, row, col)
            self._text(len(formula))
            self.cells[rc] = (formula, "f")
            if raw:  # typed only if the checker asks for it: the result of a total is never read
                self.saved[rc] = (kind, raw, style)
            return
        if kind == "inlineStr":
            if inline is not None:
                text = unescape("".join(inline)[:MAX_CELL_TEXT])
                self._text(len(text))
                self.cells[rc] = (text, "s")
            return
        if raw:
            self._value(rc, kind, raw, style)

    def _text(self, length: int) -> None:
        """Count text a cell of the window adds (a shared string is counted once, in its table)."""
        self.text_chars += length
        self.book.text_chars += length
        if self.text_chars > MAX_SHEET_TEXT or self.book.text_chars > MAX_BOOK_TEXT:
            raise CheckError("too-large", self.book.path, f"{self.name}: > {self.text_chars} characters of text")

    def _value(self, rc, kind: str, raw: str, style: str | None) -> None:
        """Store a cell's typed value; a shared string waits for the table (``Book._resolve_strings``)."""
        if kind == "s":
            self.string_refs[rc] = int(raw)
        else:
            self._text(len(raw))
        self.cells[rc] = self.book.typed(kind, raw, style)


def _iso(text: str) -> datetime | date | time:
    text = text.strip()
    if "T" in text or " " in text:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    if ":" in text:
        return time.fromisoformat(text)
    return datetime.fromisoformat(text)


# A sheet name before "!" is bounded (Excel: 31 characters), so no text makes the search quadratic.
_REF_IN_FORMULA = re.compile(
    r"(\"[^\"]*\")|('[^']{1,31}'!|\b[A-Za-z_][\w.]{0,30}!)?(\$?)([A-Z]{1,3})(\$?)([0-9]{1,7})\b(?!\()"
)


def translate(formula: str, rows: int, cols: int) -> str:
    """A shared formula's text moved ``rows`` down and ``cols`` right: relative references shift."""

    def shift(m: re.Match[str]) -> str:
        if m[1]:
            return m[1]  # a string literal
        col = 0
        for ch in m[4]:
            col = col * 26 + ord(ch) - 64
        row = int(m[6])
        if not m[3]:
            col += cols
        if not m[5]:
            row += rows
        if col < 1 or row < 1:
            return "#REF!"
        letters = ""
        while col:
            col, rem = divmod(col - 1, 26)
            letters = chr(65 + rem) + letters
        return f"{m[2] or ''}{m[3]}{letters}{m[5]}{row}"

    return _REF_IN_FORMULA.sub(shift, formula)


# ---------------------------------------------------------------- a whole package, before openpyxl opens it

MAX_WHOLE_BYTES = 48 * 2**20  # all parts together, decompressed (a report workbook is a few MiB at most)
MAX_WHOLE_CELLS = 60_000  # in every row of every worksheet: openpyxl loads and saves ~60k cells a second
MAX_WHOLE_STYLES = 8_000  # cell formats: openpyxl builds an object for each
_INVALID_TITLE = re.compile(r"[\\/*?:\[\]]")


def _area(ref: str) -> int:
    """The cells an A1 range covers (``A400:Z40000``); a single cell or a reference not understood is 1."""
    try:
        first, _, last = ref.partition(":")
        (r1, c1), (r2, c2) = _coordinate(first), _coordinate(last or first)
    except ValueError:
        return 1
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


def vet_whole(intake, book: Book) -> None:
    """Raise ``CheckError`` unless a full openpyxl load of the package stays within the time and memory
    a check is allowed (xlcheck writes annotated copies with openpyxl, which reads every part whole).

    Follows the same relations as ``Book``; counts every cell of every worksheet, and the cells that merged
    ranges and hyperlinks cover (openpyxl makes an object for each), stopping at the cap.
    """
    path = intake.path
    if sum(i.file_size for i in intake.archive.infolist()) > MAX_WHOLE_BYTES:
        raise CheckError("too-large", path, f"> {MAX_WHOLE_BYTES // 2**20} MiB unpacked")
    if book._styles_count > MAX_WHOLE_STYLES:
        raise CheckError("too-large", path, f"{book._styles_count} cell formats")
    for name in book.sheetnames:
        if _INVALID_TITLE.search(name) or len(name) > 31:
            raise CheckError("bad-sheet-name", path, name)
    pkg = Package(intake.archive, path)
    cells = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal cells
        local = _local(name)
        if local == "c":
            cells += 1
        elif local in ("mergeCell", "hyperlink") and "ref" in attrs:
            cells += _area(attrs["ref"])
        if cells > MAX_WHOLE_CELLS:
            raise CheckError("too-many-cells", path, f"> {MAX_WHOLE_CELLS} cells in all sheets")

    try:
        for part in book.parts.values():
            p = _parser(start)
            with pkg.stream(part) as stream:
                while chunk := stream.read(CHUNK):
                    p.Parse(chunk, False)
                p.Parse(b"", True)
    except CheckError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part beyond the checked window
        raise CheckError("corrupt-xlsx", path, f"{type(exc).__name__}: {exc}"[:200]) from None
