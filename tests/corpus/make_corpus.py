"""Write the intake corpus: hand-made bad and unusual inputs, each with the outcome xlcheck must give.

    python tests/corpus/make_corpus.py [OUTDIR]

Writes ``OUTDIR/files/*`` and ``OUTDIR/manifest.json`` (OUTDIR defaults to this folder). The manifest
maps each file name to ``{"code": <error code or null>, "notices": [...], "why": "..."}``; a null code
means the file must be checked. Output is byte-for-byte reproducible: no randomness (noise comes from
a sha256 chain), fixed zip dates, and workbooks built from ``xlcheck.make_template``, which is itself
deterministic. tests/test_corpus.py regenerates the corpus and compares it with the committed one.
"""

from __future__ import annotations

import bz2
import hashlib
import io
import json
import struct
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run from a checkout without installing

import xlcheck  # noqa: E402
from xlcheck.formats.format2021 import FORMAT_2021  # noqa: E402
from xlcheck.formats.spec import layout  # noqa: E402

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MiB = 2**20

Members = list[tuple[str, bytes]]


@dataclass
class Case:
    """One corpus file and what xlcheck must say about it."""

    name: str
    data: bytes
    code: str | None
    why: str
    notices: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ building blocks


def noise(n: int, seed: str = "xlcheck") -> bytes:
    """``n`` incompressible-looking bytes, the same on every run (a sha256 chain, not ``random``)."""
    out, block = bytearray(), seed.encode()
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:n])


def hex_noise(n: int, seed: str = "xlcheck") -> bytes:
    """``n`` hex digits of noise: text that deflate shrinks only about 2:1."""
    return noise((n + 1) // 2, seed).hex().encode()[:n]


def info(name: str, method: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """A ZipInfo with a fixed date and host, so archives do not depend on when or where they were made."""
    zi = zipfile.ZipInfo(name, ZIP_DATE)
    zi.compress_type = method
    zi.create_system = 3
    zi.external_attr = 0o644 << 16
    return zi


def build_zip(members: Iterable[tuple[str, bytes]], stored: Iterable[str] = ()) -> bytes:
    """A zip of ``members`` in order, deflated except the names in ``stored``."""
    stored = set(stored)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            zf.writestr(info(name, zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED), data)
    return buf.getvalue()


def unzip(data: bytes) -> Members:
    """The members of a zip, in archive order."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def replace(members: Members, changes: dict[str, bytes | None], add: Iterable[tuple[str, bytes]] = ()) -> Members:
    """``members`` with some replaced (or dropped, for None) and ``add`` appended."""
    out = [(n, changes.get(n, d)) for n, d in members if changes.get(n, d) is not None]
    return out + list(add)


def central_entries(data: bytes) -> list[int]:
    """The offsets of the central directory entries of a zip with no archive comment."""
    eocd = data.rindex(b"PK\x05\x06")
    count, _size, start = struct.unpack_from("<HII", data, eocd + 10)
    offsets, pos = [], start
    for _ in range(count):
        offsets.append(pos)
        n, m, k = struct.unpack_from("<HHH", data, pos + 28)
        pos += 46 + n + m + k
    return offsets


def patch(
    data: bytes,
    name: str | None,
    *,
    flag: int = 0,
    method: int | None = None,
    crc: int | None = None,
    sizes: tuple[int, int] | None = None,
) -> bytes:
    """Rewrite fields of ``name``'s two headers (every member's if None): what a hand-made zip would say.

    ``flag`` is OR-ed into the flag bits; ``sizes`` is (compressed, uncompressed).
    """
    out = bytearray(data)
    for cd in central_entries(data):
        n = struct.unpack_from("<H", data, cd + 28)[0]
        if name is not None and data[cd + 46 : cd + 46 + n].decode() != name:
            continue
        local = struct.unpack_from("<I", data, cd + 42)[0]
        # The same fields sit at different offsets: central directory entry, then local header.
        for flag_at in (cd + 8, local + 6):
            struct.pack_into("<H", out, flag_at, struct.unpack_from("<H", out, flag_at)[0] | flag)
            if method is not None:
                struct.pack_into("<H", out, flag_at + 2, method)
            if crc is not None:
                struct.pack_into("<I", out, flag_at + 8, crc)
            if sizes is not None:
                struct.pack_into("<II", out, flag_at + 12, *sizes)
    return bytes(out)


def precompressed(members: Members, name: str, payload: bytes, method: int, crc: int, size: int) -> bytes:
    """A zip of ``members`` plus ``name`` holding ``payload``, data already compressed with ``method``.

    zipfile would compress the data itself, so the payload is stored and the headers relabelled.
    """
    data = build_zip([*members, (name, payload)], stored={name})
    return patch(data, name, method=method, crc=crc, sizes=(len(payload), size))


def member_data_offset(data: bytes, name: str) -> tuple[int, int]:
    """Where the (compressed) data of ``name`` starts in the zip, and its length."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zi = zf.getinfo(name)
    n, m = struct.unpack_from("<HH", data, zi.header_offset + 26)
    return zi.header_offset + 30 + n + m, zi.compress_size


def zeros_deflated(size: int) -> tuple[bytes, int]:
    """Raw deflate data for ``size`` zero bytes, made in chunks so memory stays small; and its CRC."""
    comp, chunk, crc, parts = zlib.compressobj(9, zlib.DEFLATED, -15), bytes(MiB), 0, []
    for _ in range(size // MiB):
        parts.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    return b"".join(parts) + comp.flush(), crc


def zeros_bzip2(size: int) -> tuple[bytes, int]:
    """bzip2 data for ``size`` zero bytes, and its CRC."""
    comp, chunk, crc, parts = bz2.BZ2Compressor(9), bytes(MiB), 0, []
    for _ in range(size // MiB):
        parts.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    return b"".join(parts) + comp.flush(), crc


def ole2(streams: dict[str, bytes]) -> bytes:
    """A small but well-formed OLE2 compound file holding ``streams`` (each padded to 4 KiB or more).

    Legacy .xls/.et files and password-protected .xlsx files are such files; the guard reads only the
    magic bytes and the UTF-16LE stream names in the directory.
    """
    sector, endchain, fatsect, free = 512, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    datas = [d + bytes(-len(d) % sector) if len(d) >= 4096 else d + bytes(4096 - len(d)) for d in streams.values()]
    fat = [fatsect, endchain]  # sector 0: the FAT itself; sector 1: the directory
    starts, nxt = [], 2
    for d in datas:
        n = len(d) // sector
        starts.append(nxt)
        fat += [*range(nxt + 1, nxt + n), endchain]
        nxt += n
    if len(fat) > sector // 4:
        raise ValueError("streams too large for a one-sector FAT")
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = free, right: int = free) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        head = raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, free, right, child)
        return head + bytes(16 + 4 + 16) + struct.pack("<IIxxxx", start, size)

    names = list(streams)
    entries = [entry("Root Entry", 5, endchain, 0, child=1)]
    for i, (name, d) in enumerate(zip(names, datas, strict=True)):
        entries.append(entry(name, 2, starts[i], len(d), right=i + 2 if i + 1 < len(names) else free))
    directory = b"".join(entries).ljust(sector, b"\0")
    if len(directory) > sector:
        raise ValueError("too many streams for a one-sector directory")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, endchain, 0, endchain)
        + struct.pack("<I", 0)  # DIFAT sectors: none, the header's 109 slots suffice
        + struct.pack("<109I", 0, *[free] * 108)  # DIFAT: the FAT is sector 0
    )
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(datas)


BIFF8_BOF = bytes.fromhex("0908100000060500bb0dcc07c9c00000060300")  # a Workbook stream's first record

# A five-part workbook for cases whose point is one part: small, so the corpus stays small.
CT_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
SHARED_CT = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
RELS_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WB_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WB_RELS_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
SHARED_REL = (
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'sharedStrings" Target="sharedStrings.xml"/>'
)
SST_HEAD = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def skeleton(sheet: bytes = SHEET_HEAD + SHEET_TAIL, shared: bytes | None = None) -> Members:
    """The five-part workbook, with ``sheet`` as its only sheet and optional shared strings."""
    ct = CT_XML.replace(b"</Types>", SHARED_CT + b"</Types>") if shared is not None else CT_XML
    rels = WB_RELS_XML.replace(b"</Relationships>", SHARED_REL + b"</Relationships>") if shared else WB_RELS_XML
    members = [
        ("[Content_Types].xml", ct),
        ("_rels/.rels", RELS_XML),
        ("xl/workbook.xml", WB_XML),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", sheet),
    ]
    return members + ([("xl/sharedStrings.xml", shared)] if shared is not None else [])


def filled_values() -> dict[str, object]:
    """A consistent, complete report (all zeros): it checks with no errors."""
    values: dict[str, object] = {fid: 0 for fid in layout(FORMAT_2021).fields if fid.startswith(("t2.", "t3.", "t4."))}
    values.update(
        {
            "meta.agency": "某某县民政局",
            "meta.year": 2024,
            "meta.address": "某某县人民路1号",
            "meta.postcode": "753000",
            "meta.phone": "0952-1234567",
            "meta.email": "mzj@example.gov.cn",
            "meta.website": "http://mzj.example.gov.cn/",
            "text.overview": "本年度依法做好政府信息公开工作。",
            "text.problems": "无。",
            "text.other": "本机关未收取信息处理费。",
        }
    )
    return {fid: v for fid, v in values.items() if fid not in layout(FORMAT_2021).totals}


def templates() -> tuple[bytes, bytes]:
    """The blank template and a filled one, as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        blank = xlcheck.make_template(Path(tmp) / "blank.xlsx").read_bytes()
        filled = xlcheck.make_template(Path(tmp) / "filled.xlsx", values=filled_values()).read_bytes()
    return blank, filled


def sheet_part(members: Members, title: str) -> str:
    """The part name of the sheet called ``title`` (the template's sheets are numbered in tab order)."""
    wb = dict(members)["xl/workbook.xml"].decode()
    tabs = [chunk.split('"', 1)[0] for chunk in wb.split('<sheet name="')[1:]]
    return f"xl/worksheets/sheet{tabs.index(title) + 1}.xml"


# ------------------------------------------------------------------ the cases


def text_cases() -> list[Case]:
    """Files that are not zips at all: the guard names what they are."""
    table = "<table><tr><td>单位</td><td>某某局</td></tr></table>"
    return [
        Case("空文件.xlsx", b"", "empty-file", "zero bytes: a failed download or an unsaved new file"),
        Case("plain text.xlsx", "这不是表格，只是一段文字。\n".encode(), "not-xlsx", "UTF-8 text with a workbook name"),
        Case(
            "数据导出 csv.xlsx",
            "单位,年份,收到申请数\n某某局,2024,12\n".encode(),
            "not-xlsx",
            "CSV text renamed .xlsx, as exported by a records system",
        ),
        Case(
            "统计表 GBK 制表符.xls",
            "单位\t年份\t收到申请数\r\n某某局\t2024\t12\r\n".encode("gbk"),
            "not-xlsx",
            "GBK tab-separated text named .xls, a common web-system export",
        ),
        Case(
            "Unicode 文本.xls",
            "\ufeff单位\t年份\r\n某某局\t2024\r\n".encode("utf-16-le"),
            "not-xlsx",
            "UTF-16LE text with BOM (Excel's 'Unicode Text') named .xls",
        ),
        Case(
            "锁文件 ~$年度报告.xlsx",
            (b"\x06" + "张三".encode("utf-16-le").ljust(53, b" ")).ljust(165, b"\0"),
            "not-xlsx",
            "the bytes of an Excel owner (lock) file; renamed, as git here ignores names starting with ~$",
        ),
        Case(
            "年报 扫描件.xlsx",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
            "pdf",
            "a PDF (scanned or printed report) renamed .xlsx",
        ),
        Case(
            "网页导出 年报.xls",
            f"<html><head><title>年报</title></head><body>{table}</body></html>".encode(),
            "no-report",
            "an HTML page saved with an .xls name by a web system: read as a web page, it holds no report table",
        ),
        Case(
            "html with BOM.xls",
            b"\xef\xbb\xbf\r\n" + f"<html>{table}</html>".encode(),
            "no-report",
            "HTML after a UTF-8 BOM and a blank line: read as a web page, no report table in it",
        ),
        Case(
            "doctype 网页.xls",
            f"<!DOCTYPE html>\n<html lang='zh'><body>{table}</body></html>".encode(),
            "no-report",
            "HTML starting with <!DOCTYPE html>: read as a web page, no report table in it",
        ),
        Case(
            "meta 网页.xls",
            f'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">{table}'.encode(),
            "no-report",
            "HTML fragment starting with <meta>, as some exporters write: a web page with no report table",
        ),
        Case(
            "只有表格.xls",
            table.encode("gbk"),
            "no-report",
            "a bare <table> in GBK named .xls: read as a (sniffed GB18030) web page, no report table",
        ),
        Case(
            "utf16 网页.xls",
            ("\ufeff" + f"<html>{table}</html>").encode("utf-16-le"),
            "no-report",
            "UTF-16LE HTML with BOM: the guard drops the NULs before sniffing; a web page with no report table",
        ),
        Case(
            "注释开头 网页.xls",
            f"<!-- saved from url=(0014)about:internet -->\n<html>{table}</html>".encode(),
            "no-report",
            "HTML after an IE 'saved from url' comment, found by '<html' further in: no report table in it",
        ),
        Case(
            "单个文件网页 mhtml.xls",
            (
                'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n\r\n'
                f"------=_NextPart\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html>{table}</html>\r\n"
            ).encode(),
            "no-report",
            "MHTML (Excel 'single file web page') named .xls: its HTML part is read, no report table in it",
        ),
        Case(
            "Excel 2003 XML 表格.xls",
            (
                '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="封面"><Table>'
                '<Row><Cell><Data ss:Type="String">某某局</Data></Cell></Row></Table></Worksheet></Workbook>\n'
            ).encode(),
            "xml-spreadsheet",
            "an Excel 2003 XML Spreadsheet (SpreadsheetML) named .xls",
        ),
        Case(
            "other.xml.xlsx",
            b'<?xml version="1.0" encoding="UTF-8"?>\n<report><agency>\xe6\x9f\x90</agency></report>\n',
            "not-xlsx",
            "some other XML document",
        ),
        Case(
            "garbage after PK header.xlsx",
            b"PK\x03\x04" + noise(2048, "garbage"),
            "truncated-zip",
            "a zip local-header signature followed by noise, no directory",
        ),
        Case(
            "empty zip.xlsx",
            build_zip([]),
            "missing-parts",
            "an empty zip: only the end-of-central-directory record",
        ),
    ]


def ole2_cases() -> list[Case]:
    """Compound (OLE2) files: legacy binary workbooks and password-protected .xlsx."""
    workbook = {"Workbook": BIFF8_BOF, "\x05SummaryInformation": b"\xfe\xff"}
    encrypted = {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": noise(4096, "pkg")}
    return [
        Case("旧版 Excel 97-2003.xls", ole2(workbook), "legacy-xls", "an OLE2 compound file with a BIFF8 Workbook"),
        Case("WPS 表格.et", ole2(workbook), "legacy-xls", "WPS's .et is the same compound format"),
        Case(
            "加密 年报.xlsx",
            ole2(encrypted),
            "encrypted",
            "a password-protected .xlsx: OLE2 with EncryptionInfo and EncryptedPackage streams",
        ),
    ]


def package_cases(filled: bytes) -> list[Case]:
    """Zips that are not spreadsheets, or not .xlsx ones."""
    mimetype = [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")]
    odf = [("META-INF/manifest.xml", b"<manifest:manifest/>"), ("content.xml", b"<office:document-content/>")]
    ooxml_ct = [("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'), ("_rels/.rels", RELS_XML)]
    members = unzip(filled)
    return [
        Case("开放文档 年报.ods", build_zip(mimetype + odf, stored={"mimetype"}), "ods", "an OpenDocument spreadsheet"),
        Case(
            "odt 文档.xlsx",
            build_zip([("mimetype", b"application/vnd.oasis.opendocument.text"), *odf], stored={"mimetype"}),
            "not-xlsx",
            "an OpenDocument text file: mimetype zip, but not a spreadsheet",
        ),
        Case(
            "年报 word.xlsx",
            build_zip([*ooxml_ct, ("word/document.xml", b"<w:document/>")]),
            "corrupt-document",
            "a Word .docx renamed .xlsx is read as Word; this one's package holds an empty <w:document/> only",
        ),
        Case(
            "年报 演示.xlsx",
            build_zip([*ooxml_ct, ("ppt/presentation.xml", b"<p:presentation/>")]),
            "not-a-workbook",
            "a PowerPoint .pptx renamed .xlsx",
        ),
        Case(
            "binary workbook.xlsb",
            build_zip([*ooxml_ct, ("xl/workbook.bin", b"\x83\x01\x00"), ("xl/worksheets/sheet1.bin", b"\x81\x01")]),
            "xlsb",
            "an Excel binary workbook (.xlsb)",
        ),
        Case(
            "no content types.xlsx",
            build_zip([m for m in members if m[0] != "[Content_Types].xml"]),
            "missing-parts",
            "a real workbook without [Content_Types].xml",
        ),
        Case(
            "没有 workbook.xlsx",
            build_zip([m for m in members if m[0] != "xl/workbook.xml"]),
            "missing-parts",
            "a real workbook without xl/workbook.xml",
        ),
        Case(
            "压缩包 里的年报.xlsx",
            build_zip([("年报/年报.xlsx", filled)], stored={"年报/年报.xlsx"}),
            "missing-parts",
            "a .zip holding the workbook, renamed .xlsx",
        ),
    ]


def damage_cases(filled: bytes) -> list[Case]:
    """Real workbooks damaged in transit or on disk."""
    members = unzip(filled)
    cover = sheet_part(members, "封面")
    # One small sheet stored, so its bytes can be found and one changed: 15 -> 14, still well-formed XML.
    stored = build_zip(members, stored={cover})
    start, size = member_data_offset(stored, cover)
    at = stored.index(b'defaultRowHeight="15"', start, start + size) + len(b'defaultRowHeight="1')
    bad_sheet_crc = stored[:at] + b"4" + stored[at + 1 :]
    ct_stored = build_zip(members, stored={"[Content_Types].xml"})
    start, size = member_data_offset(ct_stored, "[Content_Types].xml")
    at = ct_stored.index(b"package/2006", start, start + size) + len(b"package/")
    bad_ct_crc = ct_stored[:at] + b"3" + ct_stored[at + 1 :]
    start, size = member_data_offset(filled, "[Content_Types].xml")
    bad_deflate = filled[: start + size // 2] + b"\xff" * 16 + filled[start + size // 2 + 16 :]

    # The central directory: its first entry's signature overwritten (a bit error on disk).
    first = central_entries(filled)[0]
    bad_cd_signature = filled[:first] + b"PK\x00\x00" + filled[first + 4 :]
    # The central directory's record of where [Content_Types].xml starts, pointed into the middle of the file.
    ct_entry = next(cd for cd in central_entries(filled) if filled[cd + 46 : cd + 65] == b"[Content_Types].xml")
    bad_cd_offset = bytearray(filled)
    struct.pack_into("<I", bad_cd_offset, ct_entry + 42, len(filled) // 2)
    return [
        Case(
            "截断 年报（下载一半）.xlsx",
            filled[: len(filled) // 2],
            "truncated-zip",
            "the first half of a real workbook: an interrupted download",
        ),
        Case(
            "central directory 签名损坏.xlsx",
            bad_cd_signature,
            "corrupt-zip",
            "a real workbook whose first central-directory signature is overwritten: damaged, not cut short",
        ),
        Case(
            "central directory 偏移损坏.xlsx",
            bytes(bad_cd_offset),
            "corrupt-zip",
            "a real workbook whose directory points [Content_Types].xml at the wrong offset",
        ),
        Case(
            "封面 CRC 错误.xlsx",
            bad_sheet_crc,
            "corrupt-zip",
            "one byte of the stored 封面 sheet changed: openpyxl's read fails the CRC check",
        ),
        Case(
            "content types CRC 错误.xlsx",
            bad_ct_crc,
            "corrupt-zip",
            "one byte of the stored [Content_Types].xml changed: the guard's own read fails the CRC check",
        ),
        Case(
            "bad deflate data.xlsx",
            bad_deflate,
            "corrupt-zip",
            "16 bytes of [Content_Types].xml's deflate stream overwritten",
        ),
        Case(
            "Deflate64 压缩.xlsx",
            patch(filled, "[Content_Types].xml", method=9),
            "corrupt-zip",
            "a member marked Deflate64 (Windows Explorer's method for big files), which zipfile cannot unpack",
        ),
        Case(
            "zip 密码.xlsx",
            patch(filled, None, flag=0x1),
            "encrypted",
            "every member has the zip encryption flag (bit 0) set, as a 7-Zip/WinRAR password zip",
        ),
    ]


def hostile_cases() -> list[Case]:
    """Files made to exhaust memory or time."""
    sheet = "xl/worksheets/sheet1.xml"
    deflated, crc = zeros_deflated(180 * MiB)
    bzipped, bcrc = zeros_bzip2(320 * MiB)
    others = [m for m in skeleton() if m[0] != sheet]
    deflate_bomb = precompressed(others, sheet, deflated, zipfile.ZIP_DEFLATED, crc, 180 * MiB)
    bzip2_bomb = precompressed(others, sheet, bzipped, zipfile.ZIP_BZIP2, bcrc, 320 * MiB)
    # Declared sizes that lie: 600 MiB at a plausible 150:1; the guard trusts the directory, reads nothing.
    liar = patch(build_zip(skeleton()), "[Content_Types].xml", sizes=(4 * MiB, 600 * MiB))

    many = build_zip(skeleton() + [(f"z/{i}", b"") for i in range(2001)], stored={f"z/{i}" for i in range(2001)})

    # Shared strings over the 16 MiB cap at ~120:1, below the 200:1 bomb ratio so the size cap is what trips.
    entry = b"<si><t>%07d" + "重复的文字".encode() * 45 + b"</t></si>"
    count = 17 * MiB // len(entry % 0) + 1
    big_shared = SST_HEAD + b"".join(entry % i for i in range(count)) + b"</sst>"
    # The same size at ~400:1: a run of one string compresses like a bomb, and is refused as one.
    flat_shared = SST_HEAD + b"<si><t>x</t></si>" * (17 * MiB // 17) + b"</sst>"

    return [
        Case(
            "zip bomb 180 MiB deflate.xlsx",
            deflate_bomb,
            "zip-bomb",
            "a sheet that truly inflates from 180 KB to 180 MiB of zeros (~1000:1)",
        ),
        Case(
            "zip bomb 320 MiB bzip2.xlsx",
            bzip2_bomb,
            "zip-bomb",
            "a bzip2 sheet that truly inflates from under 300 bytes to 320 MiB",
        ),
        Case(
            "declared 600 MiB.xlsx",
            liar,
            "zip-bomb",
            "the directory declares 600 MiB at 150:1: refused on the total, before anything is read",
        ),
        Case("2001 个部件.xlsx", many, "zip-bomb", "a zip with 2006 members, over the 2000-member cap"),
        Case(
            "sharedStrings 17 MiB.xlsx",
            build_zip(skeleton(shared=big_shared)),
            "too-large",
            "the workbook's shared strings part inflates to 17 MiB (>16 MiB whole-part cap) at ~120:1",
        ),
        Case(
            "sharedStrings 17 MiB 重复.xlsx",
            build_zip(skeleton(shared=flat_shared)),
            "zip-bomb",
            "the same size of one repeated string: ~400:1 trips the ratio check before the size cap",
        ),
        Case(
            "300行 1000列.xlsx",
            build_zip(skeleton(sheet=filled_block(1000))),
            "too-many-cells",
            "300,000 cells in the first 300 rows (budget 150,000), as when a fill is dragged far right",
        ),
    ]


def filled_block(columns: int, rows: int = 300) -> bytes:
    """A sheet of ``rows`` x ``columns`` cells holding 1, with hex noise in A1 so it compresses below 200:1."""
    cell = b"<c><v>1</v></c>"
    body = b"".join(b'<row r="%d">' % r + cell * columns + b"</row>" for r in range(2, rows + 1))
    a1 = b'<row r="1"><c t="inlineStr"><is><t>' + hex_noise(columns * 100) + b"</t></is></c>"
    return SHEET_HEAD + a1 + cell * (columns - 1) + b"</row>" + body + SHEET_TAIL


def parser_cases() -> list[Case]:
    """Hostile XML and cell counts that only a careful guard or parser catches."""
    laughs = b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
    billion = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE workbook [<!ENTITY lol0 "lol">' + laughs + b"]>\n" + WB_XML.split(b"\n", 1)[1]
    ).replace(b'name="Sheet1"', b'name="&lol9;"')
    xxe = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        + SHEET_HEAD.split(b"\n", 1)[1]
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        + SHEET_TAIL
    )
    compact = b"".join(b'<row r="%d">' % r + b"<c/>" * 860 + b"</row>" for r in range(1, 301))
    deep = b"".join(  # varied numbers, so it is not refused as a zip bomb first
        b'<row r="%d">' % r + b"".join(b"<c><v>%d</v></c>" % ((r * 131 + c * 7) % 1000) for c in range(100)) + b"</row>"
        for r in range(1, 1701)
    )
    return [
        Case(
            "billion laughs.xlsx",
            build_zip(replace(skeleton(), {"xl/workbook.xml": billion})),
            "unsafe-xml",
            "nested entities (billion laughs) in xl/workbook.xml: defusedxml refuses them",
        ),
        Case(
            "外部实体 XXE.xlsx",
            build_zip(replace(skeleton(), {"xl/worksheets/sheet1.xml": xxe})),
            "unsafe-xml",
            "a sheet declaring an external entity (XXE): defusedxml refuses it",
        ),
        Case(
            "300行 501列.xlsx",
            build_zip(skeleton(sheet=filled_block(501))),
            "too-many-cells",
            "150,300 cells in the first 300 rows, over budget in the last chunk read",
        ),
        Case(
            "紧凑单元格 258000.xlsx",
            build_zip(skeleton(sheet=SHEET_HEAD + compact + SHEET_TAIL)),
            "too-many-cells",
            "258,000 compact <c/> cells in 1 MB",
        ),
        Case(
            "无 dimension 1700行.xlsx",
            build_zip(skeleton(sheet=SHEET_HEAD + deep + SHEET_TAIL)),
            "no-report",
            "no <dimension>, 1,700 rows x 100 numbers: only 300 rows are parsed, and they hold no report table",
        ),
    ]


def valid_cases(blank: bytes, filled: bytes) -> list[Case]:
    """Unusual files that are nonetheless workbooks to check."""
    members = unzip(filled)
    parts = dict(members)
    cover = sheet_part(members, "封面")
    meta = sheet_part(members, "_xlcheck")

    # A cell at the last address a sheet can have.
    last_cell = (
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>最后一格</t></is></c></row></sheetData>'.encode()
    )
    far = _redimension(parts[cover].replace(b"</sheetData>", last_cell, 1), "A1:XFD1048576")

    # .xlsm: the VBA project part, its relationship and the macro-enabled content types.
    ct = (
        parts["[Content_Types].xml"]
        .replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
        .replace(
            b'<Default Extension="xml"',
            b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default Extension="xml"',
        )
    )
    rels = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/></Relationships>',
    )
    vba = ole2({"PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nName="VBAProject"\r\n'})
    xlsm = replace(
        members, {"[Content_Types].xml": ct, "xl/_rels/workbook.xml.rels": rels}, [("xl/vbaProject.bin", vba)]
    )

    # The hidden metadata sheet declares the 2019 format instead of 2021.
    meta_2019 = _set_cell(parts[meta], "B1", "2019")

    # A web app that streams the workbook out: sizes in data descriptors after each member.
    streamed = io.BytesIO()
    with zipfile.ZipFile(_Unseekable(streamed), "w") as zf:
        for name, data in members:
            zf.writestr(info(name), data)
    return [
        Case("年报 另存为.xls", filled, None, "a valid workbook named .xls: intake sniffs bytes, not names"),
        Case("空白 模板.xlsx", blank, None, "the blank template: checked, with every field reported empty"),
        Case(
            "最后一格 XFD1048576.xlsx",
            build_zip(replace(members, {cover: far})),
            None,
            "a valid workbook with a cell at XFD1048576 on 封面",
        ),
        Case(
            "带宏 年报.xlsm",
            build_zip(xlsm),
            None,
            "a valid workbook with xl/vbaProject.bin and the macro-enabled content type",
            ["macros"],
        ),
        Case(
            "format 2019 元数据.xlsx",
            build_zip(replace(members, {meta: meta_2019})),
            None,
            "a 2021 workbook whose hidden _xlcheck sheet declares format 2019: checked by the 2019 rules (LAYOUT"
            " where 2021 labels stand), its 2024 year noted as a 2021-format year",
            ["format-year"],
        ),
        Case(
            "streamed 数据描述符.xlsx",
            streamed.getvalue(),
            None,
            "a valid workbook written to a stream: sizes in data descriptors (flag bit 3)",
        ),
        Case(
            "zip64 年报.xlsx",
            _zip64(members),
            None,
            "a valid workbook with ZIP64 extra fields on every member",
        ),
        Case(
            "末尾多余字节.xlsx",
            filled + bytes(4096),
            None,
            "a valid workbook followed by 4 KiB of zeros, as a careless copy or upload pads it",
        ),
        Case(
            "最小工作簿.xlsx",
            build_zip(skeleton()),
            "no-report",
            "the five-part workbook the hostile cases start from: readable, but no report table in it",
        ),
    ]


class _Unseekable(io.RawIOBase):
    """A write-only stream zipfile cannot seek, so it writes data descriptors as streaming writers do."""

    def __init__(self, sink: io.BytesIO) -> None:
        self.sink = sink

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        return self.sink.write(b)


def _zip64(members: Members) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            with zf.open(info(name), "w", force_zip64=True) as fh:
                fh.write(data)
    return buf.getvalue()


def _redimension(sheet: bytes, ref: str) -> bytes:
    start = sheet.index(b'<dimension ref="') + len(b'<dimension ref="')
    return sheet[:start] + ref.encode() + sheet[sheet.index(b'"', start) :]


def _set_cell(sheet: bytes, ref: str, text: str) -> bytes:
    """``sheet`` with cell ``ref`` replaced by an inline string."""
    start = sheet.index(b'<c r="%s"' % ref.encode())
    end = sheet.index(b"</c>", start) + 4
    cell = b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref.encode(), text.encode())
    return sheet[:start] + cell + sheet[end:]


def document_cases() -> list[Case]:
    """Published reports (issue 9): a web page and a Word file, read as documents whatever their names."""
    sys.path.insert(0, str(HERE.parent))  # tests/: the page generator and the Word builder
    from pages import write_docx, write_page

    report = json.loads((HERE.parent / "real_reports" / "03_huaian_szf_2024.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        page = write_page(Path(tmp), "page.html", report, "word").read_bytes()
        word = build_zip(unzip(write_docx(Path(tmp) / "report.docx", report).read_bytes()))  # fixed zip dates
    return [
        Case(
            "网页 年报.html",
            page,
            None,
            "a published report page (synthetic, Word-exported markup): checked as a document",
            ["document", "document-published", "document-cover"],
        ),
        Case(
            "年报 Word 改名.xlsx",
            word,
            None,
            "a report written in Word, renamed .xlsx: read as Word by its package, checked as a document",
            ["document", "document-cover"],
        ),
    ]


def all_cases() -> list[Case]:
    """Every case of the manifest, in manifest order."""
    blank, filled = templates()
    cases = [
        *text_cases(),
        *ole2_cases(),
        *package_cases(filled),
        *damage_cases(filled),
        *hostile_cases(),
        *parser_cases(),
        *valid_cases(blank, filled),
        *document_cases(),
    ]
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        raise ValueError("duplicate corpus file names")
    return cases


def write(out: Path) -> list[Case]:
    """Write the corpus under ``out``: ``files/`` (cleared of stale files first) and ``manifest.json``."""
    files = out / "files"
    files.mkdir(parents=True, exist_ok=True)
    for old in files.iterdir():
        if old.is_file():
            old.unlink()
    cases = all_cases()
    for case in cases:
        (files / case.name).write_bytes(case.data)
    manifest = {c.name: {"code": c.code, "notices": c.notices, "why": c.why} for c in cases}
    # Bytes, not text: the same "\n" line ends on every platform, as the committed manifest has.
    (out / "manifest.json").write_bytes((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode())
    return cases


if __name__ == "__main__":
    written = write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"{len(written)} files, {sum(len(c.data) for c in written)} bytes")
