"""Build hostile workbooks and time `xlcheck check --format json` on each in a fresh process.

    python benchmarks/hostile.py [--dir DIR]

The files (built into a temporary directory, or kept in DIR): a valid template with one more cell at
XFD1048576; a zip that inflates to 1 GiB; billion-laughs entities in xl/workbook.xml and in a sheet;
10 million cells in rows 10 wide (with and without a <dimension> element); 10 million cells in rows
16384 wide. Targets per file: <= 2 s wall and < 300 MiB max RSS of the checking process. Exits 1 when
any file misses a target or the CLI's output is not the documented JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xlcheck.formats.spec import col_letter  # noqa: E402

TEMPLATE = ROOT / "templates" / "政府信息公开工作年度报告模板.xlsx"
MAX_WALL = 2.0
MAX_RSS_MIB = 300
MiB = 2**20

CONTENT_TYPES = (
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
RELS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="' + RELS + b'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="' + RELS + b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
WORKBOOK_BODY = (
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
SHEET_OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
# Nine levels of ten: &lol9; expands to 10**9 "lol"s, 3 GB of text.
LAUGHS = b'<!ENTITY lol0 "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
)


def minimal_xlsx(path: Path, sheet: bytes | Callable[[zipfile.ZipFile], None], workbook: bytes | None = None) -> None:
    """The five parts of a valid workbook; ``sheet`` is the sheet's XML, or a function that streams it in."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook or XML_HEAD + WORKBOOK_BODY % b"Sheet1")
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if callable(sheet):
            sheet(z)
        else:
            z.writestr("xl/worksheets/sheet1.xml", sheet)


# ------------------------------------------------------------------------------------- the files


def last_cell(path: Path) -> None:
    """The real template, plus one cell at XFD1048576 on its first sheet (and the dimension to match)."""
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                cell = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>最后一格</t></is></c></row>'.encode()
                data = data.replace(b"</sheetData>", cell + b"</sheetData>", 1)
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data, count=1)
                assert b"XFD1048576" in data
            dst.writestr(info, data)


def gigabyte_bomb(path: Path) -> None:
    """One member that truly inflates to 1 GiB of zeros: deflated by zlib chunk by chunk, ~1 MB on disk."""
    chunk = bytes(16 * MiB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("xl/worksheets/sheet1.xml", "w") as member:  # zipfile fills in the true sizes and CRC
            for _ in range(1024 * MiB // len(chunk)):
                member.write(chunk)


def laughs_in_workbook(path: Path) -> None:
    """Billion laughs in xl/workbook.xml: the sheet's name is the entity."""
    workbook = XML_HEAD + b"<!DOCTYPE workbook [" + LAUGHS + b"]>\n" + WORKBOOK_BODY % b"&lol9;"
    minimal_xlsx(path, simple_sheet(), workbook)


def laughs_in_sheet(path: Path) -> None:
    """Billion laughs in the sheet: A1's inline string is the entity."""
    sheet = (
        XML_HEAD
        + b"<!DOCTYPE worksheet ["
        + LAUGHS
        + b"]>\n"
        + SHEET_OPEN
        + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    minimal_xlsx(path, sheet)


def simple_sheet() -> bytes:
    return XML_HEAD + SHEET_OPEN + b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'


def many_cells(width: int, cells: int = 10_000_000, dimension: bool = True) -> Callable[[Path], None]:
    """A sheet of ``cells`` numbers in rows ``width`` wide, streamed into the zip row by row."""
    rows = -(-cells // width)

    def build(path: Path) -> None:
        letters = [col_letter(c).encode() for c in range(1, width + 1)]
        # One %-template per row: '<c r="A%d"><v>%d</v></c>' for each column, filled with (row, value) pairs.
        template = b"".join(b'<c r="' + col + b'%d"><v>%d</v></c>' for col in letters)
        last = col_letter(width).encode()

        def stream(z: zipfile.ZipFile) -> None:
            with z.open("xl/worksheets/sheet1.xml", "w") as out:
                out.write(XML_HEAD + SHEET_OPEN)
                if dimension:
                    out.write(b'<dimension ref="A1:%s%d"/>' % (last, rows))
                out.write(b"<sheetData>")
                batch: list[bytes] = []
                for r in range(1, rows + 1):
                    values = [v for c in range(width) for v in (r, (r * 7 + c) % 1000)]
                    batch.append(b'<row r="%d">' % r + template % tuple(values) + b"</row>")
                    if len(batch) * width >= 200_000:
                        out.write(b"".join(batch))
                        batch.clear()
                out.write(b"".join(batch) + b"</sheetData></worksheet>")

        minimal_xlsx(path, stream)

    return build


# ---------------------------------------------------------------- issue 7: what real producers and attackers write

SAMPLE = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"  # written by xlsxwriter: shared strings, styles
MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"  # saved by openpyxl: inline strings


def rewrite(src: Path, dst: Path, edit: Callable[[str, bytes], bytes | None], extra=()) -> None:
    """Copy a package part by part through ``edit`` (None drops a part); ``extra`` parts are streamed in."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, chunks in extra:
            with zout.open(name, "w") as out:
                for chunk in chunks:
                    out.write(chunk)


def stale_dimension(path: Path) -> None:
    rewrite(SAMPLE, path, lambda n, d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', d))


def strict_namespaces(path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        return data.replace(
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        ).replace(
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        )

    rewrite(SAMPLE, path, edit)


def chart_sheet(path: Path) -> None:
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.load_workbook(MISTAKES)
    chart = BarChart()
    chart.add_data(Reference(wb["表三"], min_col=4, min_row=5, max_row=10))
    wb.create_chartsheet("图表").add_chart(chart)
    wb.save(path)


def sheet_entries(n: int) -> Callable[[Path], None]:
    """One small worksheet part listed as ``n`` <sheet> entries, all with the same r:id."""

    def build(path: Path) -> None:
        entries = b"".join(b'<sheet name="S%d" sheetId="%d" r:id="rId5"/>' % (i, 100 + i) for i in range(n))
        rewrite(
            SAMPLE,
            path,
            lambda name, d: d.replace(b"</sheets>", entries + b"</sheets>") if name == "xl/workbook.xml" else d,
        )

    return build


def hidden_cells(path: Path) -> None:
    """表三's part moved to xl/data/, in UTF-16, 2 million cells written <c\n>: no byte pattern sees them."""

    def body():
        yield (
            b"\xff\xfe"
            + '<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'.encode(
                "utf-16-le"
            )
        )
        for r in range(1, 2001):
            row = f'<row r="{r}">' + "".join(f"<c\n><v>{(r * 31 + c) % 997}</v></c>" for c in range(1000)) + "</row>"
            yield row.encode("utf-16-le")
        yield "</sheetData></worksheet>".encode("utf-16-le")

    def edit(name: str, data: bytes) -> bytes | None:
        if name == "xl/worksheets/sheet5.xml":
            return None
        if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            return data.replace(b"worksheets/sheet5.xml", b"data/t3.xml")
        return data

    rewrite(SAMPLE, path, edit, [("xl/data/t3.xml", body())])


def shared_strings(count: int, part: str = "xl/sharedStrings.xml") -> Callable[[Path], None]:
    """The sample's shared strings followed by ``count`` more, varied (no zip-bomb ratio), under ``part``."""

    def build(path: Path) -> None:
        with zipfile.ZipFile(SAMPLE) as z:
            original = z.read("xl/sharedStrings.xml")

        def body():
            yield original.replace(b"</sst>", b"")
            for start in range(0, count, 50_000):
                yield b"".join(
                    b"<si><t>%x</t></si>" % (i * 2654435761 % 2**40) for i in range(start, min(count, start + 50_000))
                )
            yield b"</sst>"

        def edit(name: str, data: bytes) -> bytes | None:
            if name == "xl/sharedStrings.xml":
                return None
            if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml") and part != "xl/sharedStrings.xml":
                return data.replace(b"sharedStrings.xml", part.removeprefix("xl/").encode())
            return data

        rewrite(SAMPLE, path, edit, [(part, body())])

    return build


def many_styles(path: Path) -> None:
    # Varied, so that the deflated part is not refused as a zip bomb before the count is reached.
    xfs = b"".join(
        b'<xf numFmtId="%d" fontId="0" fillId="%d" borderId="%d"/>' % (i % 163, i % 7, i % 13) for i in range(250_000)
    )
    rewrite(
        SAMPLE,
        path,
        lambda n, d: (
            re.sub(rb"<cellXfs[^>]*>.*?</cellXfs>", b'<cellXfs count="250000">' + xfs + b"</cellXfs>", d, flags=re.S)
            if n == "xl/styles.xml"
            else d
        ),
    )


def long_string_everywhere(path: Path) -> None:
    """One 1 MB shared string referenced by 20,300 cells of 表四's first 300 rows."""
    with zipfile.ZipFile(SAMPLE) as z:
        index = z.read("xl/sharedStrings.xml").count(b"<si>")
    long = b"<si><t>" + "字".encode() * 350_000 + b"</t></si></sst>"
    rows = b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d" t="s"><v>%d</v></c>' % (col_letter(c).encode(), r, index) for c in range(1, 71))
        + b"</row>"
        for r in range(10, 300)
    )

    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/sharedStrings.xml":
            return data.replace(b"</sst>", long)
        if name == "xl/worksheets/sheet6.xml":
            return data.replace(b"</sheetData>", rows + b"</sheetData>")
        return data

    rewrite(SAMPLE, path, edit)


def tail_cells(path: Path) -> None:
    """1.5 million small cells after row 300 of 表二: nothing the check reads, all of it openpyxl's to load."""

    def body():
        with zipfile.ZipFile(SAMPLE) as z:
            data = z.read("xl/worksheets/sheet4.xml")
        head, tail = data.split(b"</sheetData>", 1)
        yield head
        for r in range(400, 400 + 150_000, 1000):
            yield b"".join(b'<row r="%d">' % i + b"<c><v>1</v></c>" * 10 + b"</row>" for i in range(r, r + 1000))
        yield b"</sheetData>" + tail

    rewrite(
        SAMPLE,
        path,
        lambda n, d: None if n == "xl/worksheets/sheet4.xml" else d,
        [("xl/worksheets/sheet4.xml", body())],
    )


# ------------------------------------------------------------------ the second review: workbooks


def _edit_part(part: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """A copy of the sample with one part passed through ``edit``."""
    return lambda path: rewrite(SAMPLE, path, lambda n, d: edit(d) if n == part else d)


def narrative_digits(path: Path) -> None:
    """正文 quotes a figure of 5,000 digits (int() of it would be refused; a regex over it slow)."""
    _edit_part(
        "xl/sharedStrings.xml",
        lambda d: d.replace(
            "2021 年，".encode(), ("本年共收到政府信息公开申请" + "9" * 5000 + "件。2021 年，").encode(), 1
        ),
    )(path)


def formula_digits(path: Path) -> None:
    """表三 J5's total written =D999…9 (5,000 digits)."""
    _edit_part(
        "xl/worksheets/sheet5.xml", lambda d: d.replace(b"<f>SUM(D5:I5)</f>", b"<f>D" + b"9" * 5000 + b"</f>", 1)
    )(path)


def shared_formula(path: Path) -> None:
    """A 32 KB shared formula 'a.a.a.…' translated for two more cells (quadratic in a naive regex)."""
    row = (
        b'<row r="299"><c r="A299"><f t="shared" si="0" ref="A299:C299">' + b"a." * 16383 + b"</f><v>0</v></c>"
        b'<c r="B299"><f t="shared" si="0"/><v>0</v></c><c r="C299"><f t="shared" si="0"/><v>0</v></c></row>'
    )
    _edit_part("xl/worksheets/sheet2.xml", lambda d: d.replace(b"</sheetData>", row + b"</sheetData>", 1))(path)


def long_number_format(path: Path) -> None:
    """One number format of 2 million characters, used by 1,000 cell formats."""
    import random

    rnd = random.Random(2)
    code = "".join(rnd.choice("0123456789#,.?%+-E") for _ in range(2_000_000)).encode()

    def edit(d: bytes) -> bytes:
        d = re.sub(rb"<numFmts.*?</numFmts>", b"", d, flags=re.S)
        d = d.replace(
            b"<fonts", b'<numFmts count="1"><numFmt numFmtId="200" formatCode="' + code + b'"/></numFmts><fonts', 1
        )
        m = re.search(rb'<cellXfs count="\d+">', d)
        assert m
        return d[: m.end()] + b'<xf numFmtId="200"/>' * 1000 + d[m.end() :]

    _edit_part("xl/styles.xml", edit)(path)


def text_flood(path: Path) -> None:
    """60 inline strings of 30,000 varied characters in 封面's window (1.8 million characters)."""
    import random

    rnd = random.Random(3)
    rows = b"".join(
        b'<row r="%d"><c r="H%d" t="inlineStr"><is><t>' % (r, r)
        + "".join(chr(rnd.randrange(0x4E00, 0x9FA5)) for _ in range(30_000)).encode()
        + b"</t></is></c></row>"
        for r in range(200, 260)
    )
    _edit_part("xl/worksheets/sheet2.xml", lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>", 1))(path)


def merged_range(path: Path) -> None:
    """A merged range over 1 million cells of a sheet the check never reads (openpyxl makes each a cell)."""
    cut = b'</sheetData><mergeCells count="1"><mergeCell ref="A400:Z40000"/></mergeCells>'
    rewrite(MISTAKES, path, lambda n, d: d.replace(b"</sheetData>", cut, 1) if n == "xl/worksheets/sheet6.xml" else d)


# ------------------------------------------------------------------ the second review: documents


def _write(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


PAGE = b"<html><body><p>x</p></body></html>"
MHTML_CR = (
    b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n'
    + b"\r--B\r\rx" * 1_500_000
    + b"\r--B\rContent-Type: text/html\r\r"
    + PAGE
    + b"\r--B--\r"
)
MHTML_HEADERS = b"MIME-Version: 1.0\r\n" + b"X-A: b\r\n" * (19 * MiB // 8) + b"Content-Type: text/html\r\n\r\n" + PAGE


def docx_parts(path: Path) -> None:
    """A .docx whose styles, numbering and settings parts each hold 4 million empty elements (15 MiB)."""
    import io
    import random

    import docx

    rnd = random.Random(1)
    flood = "".join(f"<{rnd.choice('abcdefghijklmnopqrstuvwxyz')}/>" for _ in range(15 * MiB // 4)).encode()
    blank = io.BytesIO()
    docx.Document().save(blank)
    with zipfile.ZipFile(blank) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in ("word/styles.xml", "word/numbering.xml", "word/settings.xml"):
                at = data.index(b">", data.index(b"<w:")) + 1
                data = data[:at] + flood + data[at:]
            zout.writestr(info, data)


@dataclass
class Hostile:
    name: str
    build: Callable[[Path], None]
    note: str = ""
    annotate: bool = False  # also write an annotated copy (--annotate), which opens the file whole


HOSTILE = (
    Hostile("最后一格 XFD1048576.xlsx", last_cell),
    Hostile("1 GiB bomb.xlsx", gigabyte_bomb, "compresses 1 GiB of zeros: a few seconds"),
    Hostile("billion laughs workbook.xlsx", laughs_in_workbook),
    Hostile("billion laughs sheet.xlsx", laughs_in_sheet),
    Hostile("10M cells 10 wide.xlsx", many_cells(10), "streams ~300 MB of sheet XML: several seconds"),
    Hostile(
        "10M cells 10 wide no dimension.xlsx",
        many_cells(10, dimension=False),
        "streams ~300 MB of sheet XML: several seconds",
    ),
    Hostile("10M cells 16384 wide.xlsx", many_cells(16384), "streams ~300 MB of sheet XML: several seconds"),
    # Issue 7.
    Hostile("stale dimension A1.xlsx", stale_dimension),
    Hostile("Strict Open XML.xlsx", strict_namespaces),
    Hostile("chart sheet.xlsx", chart_sheet),
    Hostile("100 sheet entries one part.xlsx", sheet_entries(100)),
    Hostile("1000 sheet entries one part.xlsx", sheet_entries(1000)),
    Hostile("2M hidden cells UTF-16 xl-data.xlsx", hidden_cells, "streams ~90 MB of UTF-16"),
    Hostile("200 MB shared strings xl-strings.xlsx", shared_strings(20_000_000, "xl/strings.xml"), "~200 MB"),
    Hostile("20 MB shared strings xl-strings.xlsx", shared_strings(1_500_000, "xl/strings.xml")),
    Hostile("20 MB shared strings standard name.xlsx", shared_strings(1_500_000)),
    Hostile("250k cell formats.xlsx", many_styles),
    Hostile("750k shared strings.xlsx", shared_strings(750_000)),
    Hostile("1 MB string in 20k cells.xlsx", long_string_everywhere),
    Hostile("1.5M cells after row 300 annotate.xlsx", tail_cells, "checked, then --annotate", annotate=True),
    # The second review.
    Hostile("narrative figure of 5000 digits.xlsx", narrative_digits),
    Hostile("total =D999…9 5000 digits.xlsx", formula_digits),
    Hostile("32 KB shared formula.xlsx", shared_formula),
    Hostile("2M-character number format.xlsx", long_number_format),
    Hostile("1.8M characters inline text.xlsx", text_flood),
    Hostile("merge over 1M cells annotate.xlsx", merged_range, "checked, then --annotate", annotate=True),
    Hostile(
        "charset punycode.html", _write(b"<html><head><meta charset=punycode></head>" + PAGE + b"-" + b"ba" * 200_000)
    ),
    Hostile("MHTML 1.5M CR-only parts.mht", _write(MHTML_CR)),
    Hostile("MHTML 19 MiB of headers.mht", _write(MHTML_HEADERS)),
    Hostile("19 MiB of meta tags.html", _write(b"<html><head>" + b"<meta>" * (19 * MiB // 6) + b"</head></html>")),
    Hostile(
        "19 MiB of td tags.html", _write(b"<html><body><table>" + b"<td>" * (19 * MiB // 4) + b"</table></body></html>")
    ),
    Hostile("docx 3 parts of 4M elements.docx", docx_parts, "~45 MB of XML"),
)


# ------------------------------------------------------------------------------------ measuring


@dataclass
class Measure:
    outcome: str
    wall: float
    rss_mib: float
    ok_output: bool  # the documented JSON on stdout, exit code 0/1/2, no traceback


def measure(path: Path, workdir: Path, annotate: bool = False) -> Measure:
    """Run the CLI on ``path`` in a fresh process under /usr/bin/time: wall time and the process's own peak RSS.

    (A child forked from this process would count this process's memory as its own until it execs,
    and this process holds the big files it built; /usr/bin/time is a small parent.)
    """
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))))
    out_path, err_path, time_path = workdir / "stdout.txt", workdir / "stderr.txt", workdir / "time.txt"
    copy = ["--annotate", str(workdir / "copy.xlsx"), "--force"] if annotate else []
    command = [sys.executable, "-m", "xlcheck", "check", "--format", "json", str(path), *copy]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.run(
            ["/usr/bin/time", "-o", str(time_path), "-f", "%e %M", *command],
            stdout=out,
            stderr=err,
            env=env,
            check=False,
        )
    wall, rss_kib = time_path.read_text().split()[-2:]
    stdout, stderr = out_path.read_text("utf-8", "replace"), err_path.read_text("utf-8", "replace")
    try:
        report = json.loads(stdout)["files"][0]
        error = report["error"]
        outcome = error["code"] if error else f"checked: {len(report['violations'])} violations"
        if annotate:
            refused = re.search(r"xlcheck: (.*)", stderr)
            outcome += "; copy: " + ("refused" if refused else "written")
        ok = proc.returncode in (0, 1, 2) and "Traceback" not in stderr
    except (ValueError, KeyError, IndexError, TypeError):
        outcome = f"bad output (exit {proc.returncode}): {(stdout or stderr).strip()[-80:]!r}"
        ok = False
    return Measure(outcome, float(wall), int(rss_kib) / 1024, ok)


def human(size: int) -> str:
    return f"{size / MiB:.1f} MiB" if size >= MiB else f"{size / 1024:.1f} KiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--dir", type=Path, help="build the files here and keep them (default: a temporary dir)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xlcheck-hostile-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for h in HOSTILE:
            path = folder / h.name
            print(f"building {h.name}{' (' + h.note + ')' if h.note else ''} ...", end=" ", flush=True)
            start = time.perf_counter()
            h.build(path)
            print(f"{time.perf_counter() - start:.1f} s", flush=True)
            m = measure(path, Path(tmp), h.annotate)
            passed = m.ok_output and m.wall <= MAX_WALL and m.rss_mib < MAX_RSS_MIB
            rows.append((h.name, human(path.stat().st_size), m.outcome, f"{m.wall:.2f}", f"{m.rss_mib:.0f}", passed))
    head = ("file", "size", "outcome", "wall s", "max RSS MiB", "target")
    widths = [max(_width(str(r[i])) for r in [*rows, head]) for i in range(5)]
    print()
    print("  ".join(_pad(h, w) for h, w in zip(head, [*widths, 6], strict=True)))
    for *cells, passed in rows:
        line = "  ".join(_pad(str(c), w) for c, w in zip(cells, widths, strict=True))
        print(f"{line}  {'PASS' if passed else 'FAIL'}")
    print(f"\ntargets: <= {MAX_WALL:g} s wall, < {MAX_RSS_MIB} MiB max RSS, the documented JSON on stdout")
    return 0 if all(r[-1] for r in rows) else 1


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


if __name__ == "__main__":
    sys.exit(main())
