"""Hostile and broken documents: each ends within 2 s with a report or a coded error, never a traceback."""

from __future__ import annotations

import io
import random
import time
import zipfile

import pytest
from helpers import real_reports
from pages import write_docx, write_page

import xlcheck
from xlcheck.errors import MESSAGES

SECONDS = 2.0  # the promise: every file ends within 2 s with a check or a coded error
REPORT = real_reports()["03_huaian_szf_2024"]


def timed(data: bytes, name: str = "页面.html"):
    start = time.perf_counter()
    report = xlcheck.check(data, name=name)
    assert time.perf_counter() - start < SECONDS, name
    return report


def outcome(report) -> str:
    return report.error.code if report.error else "report"


HOSTILE_PAGES = {
    "200000 rows": (b"<table>" + b"<tr><td>1</td><td>2</td></tr>" * 200_000 + b"</table>", "too-many-cells"),
    "a row of 500000 cells": (b"<table><tr>" + b"<td>1</td>" * 500_000 + b"</tr></table>", "too-many-cells"),
    "50000 tables": (b"<table><tr><td>1</td></tr></table>" * 50_000, "too-many-cells"),
    "200000 nested divs": (b"<div>" * 200_000 + b"x" + b"</div>" * 200_000, "too-many-cells"),
    "20000 nested tables": (b"<table><tr><td>" * 20_000 + b"x" + b"</td></tr></table>" * 20_000, "no-report"),
    "spans past any grid": (
        b"<table>" + (b"<tr>" + b'<td rowspan="65534" colspan="1000">x</td>' * 100 + b"</tr>") * 300 + b"</table>",
        "no-report",
    ),
    "200 tables of one cell spanning the whole grid": (
        b'<table><tr><td rowspan="300" colspan="60">x</td></tr></table>' * 200,
        "too-many-cells",
    ),
    "a million paragraphs": (b"<p>x</p>" * 1_000_000, "too-many-cells"),
    "21 MiB of spaces": (b"<html>" + b" " * (21 * 2**20) + b"</html>", "too-large"),
    "billion laughs": (
        b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><p>&c;</p></body></html>',
        "no-report",
    ),
    "external entity": (
        b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><table><tr><td>&x;</td>'
        b"</tr></table></body></html>",
        "no-report",
    ),
    "MHTML of 200000 parts": (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
        + b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" * 200_000
        + b"--b--\r\n",
        "too-many-cells",
    ),
    "MHTML nested 4900 deep": (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="q0"\r\n\r\n'
        + b"".join(b'--q%d\r\nContent-Type: multipart/mixed; boundary="q%d"\r\n\r\n' % (i, i + 1) for i in range(4900)),
        "corrupt-document",
    ),
    "MHTML without HTML": (b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello", "corrupt-document"),
    # Lines ended by CR alone are lines to the MIME parser: they count against its budget as well.
    "MHTML of 1500000 parts with CR line ends": (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n'
        + b"\r--B\r\rx" * 1_500_000
        + b"\r--B\rContent-Type: text/html\r\r<html><body><p>x</p></body></html>\r--B--\r",
        "too-many-cells",
    ),
    "MHTML of 19 MiB of header lines": (
        b"MIME-Version: 1.0\r\n" + b"X-A: b\r\n" * (19 * 2**20 // 8) + b"Content-Type: text/html\r\n\r\n<p>x</p>",
        "too-many-cells",
    ),
    # Elements a tree would hold, though the bytes are under the size cap: counted before lxml builds them.
    "19 MiB of <meta>": (
        b"<html><head>" + b"<meta>" * (19 * 2**20 // 6) + b"</head><body></body></html>",
        "too-many-cells",
    ),
    "19 MiB of <td>": (
        b"<html><body><table>" + b"<td>" * (19 * 2**20 // 4) + b"</table></body></html>",
        "too-many-cells",
    ),
    "19 MiB of <br>": (b"<html><body><p>" + b"<br>" * (19 * 2**20 // 4) + b"</p></body></html>", "too-many-cells"),
    # Declared encodings no page is written in: ignored (punycode decodes in quadratic time; "undefined"
    # raises a UnicodeError that is no UnicodeDecodeError).
    "charset punycode": (
        b"<html><head><meta charset=punycode></head><body><p>x</p></body></html>-" + b"ba" * 200_000,
        "no-report",
    ),
    "charset undefined": (b'<html><head><meta charset="undefined"></head><body><p>x</p></body></html>', "no-report"),
    "charset rot13": (b'<html><head><meta charset="rot13"></head><body><p>x</p></body></html>', "no-report"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_PAGES))
def test_a_hostile_page_ends_in_time_with_its_outcome(name):
    data, expected = HOSTILE_PAGES[name]
    if not data.startswith((b"<!", b"<html", b"MIME")):
        data = b"<html><body>" + data + b"</body></html>"
    assert outcome(timed(data)) == expected


def _docx_bytes(edit=None) -> bytes:
    """A real report's .docx, its document part passed through ``edit``."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        data = write_docx(Path(tmp) / "r.docx", REPORT).read_bytes()
    if edit is None:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info)
            zout.writestr(info.filename, edit(part) if info.filename == "word/document.xml" else part)
    return out.getvalue()


HOSTILE_DOCX = {
    "a DTD": (
        lambda d: d.replace(b"<w:document", b'<!DOCTYPE w:document [<!ENTITY a "aaaa">]><w:document', 1),
        "unsafe-xml",
    ),
    "a table of 100000 rows": (
        lambda d: d.replace(
            b"<w:sectPr",
            b"<w:tbl>"
            + b"<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>" * 100_000
            + b"</w:tbl><w:sectPr",
            1,
        ),
        "zip-bomb",  # 5 MiB of one repeated row deflates 300:1
    ),
    "a gridSpan that is no number": (
        lambda d: d.replace(b'<w:gridSpan w:val="3"/>', b'<w:gridSpan w:val="abc"/>', 1),
        "corrupt-document",
    ),
    "gridSpans past any grid": (lambda d: d.replace(b'w:gridSpan w:val="', b'w:gridSpan w:val="99999'), "report"),
    "3000 nested tables": (
        lambda d: d.replace(
            b"<w:sectPr", b"<w:tbl><w:tr><w:tc>" * 3000 + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * 3000 + b"<w:sectPr", 1
        ),
        "corrupt-document",
    ),
    "a document part that is not XML": (lambda d: b"garbage", "corrupt-document"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_DOCX))
def test_a_hostile_word_file_ends_in_time_with_its_outcome(name):
    edit, expected = HOSTILE_DOCX[name]
    assert outcome(timed(_docx_bytes(edit), "报告.docx")) == expected


def _docx_with(edits: dict[str, object], extra: dict[str, bytes] | None = None) -> bytes:
    """A real report's .docx with parts passed through ``edits[name]`` and ``extra`` parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info.filename, edits[info.filename](data) if info.filename in edits else data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return out.getvalue()


def _after_root(flood: bytes):
    def edit(xml: bytes) -> bytes:
        i = xml.index(b">", xml.index(b"<w:")) + 1
        return xml[:i] + flood + xml[i:]

    return edit


def test_tags_in_the_parts_python_docx_parses_whole_count_before_it_does():
    rnd = random.Random(1)
    flood = "".join(f"<{rnd.choice('abcdefghijklmnopqrstuvwxyz')}/>" for _ in range(300_000)).encode()
    data = _docx_with(
        {name: _after_root(flood) for name in ("word/styles.xml", "word/settings.xml", "word/fontTable.xml")}
    )
    assert outcome(timed(data, "报告.docx")) == "too-many-cells"


def test_a_dtd_anywhere_in_an_xml_part_is_refused_whatever_the_part_is_named():
    head = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    dtd = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    padded = {"word/document.xml": lambda d: head + b"<!--" + b" " * 4000 + b"-->" + dtd + d[len(head) :]}
    assert outcome(timed(_docx_with(padded), "报告.docx")) == "unsafe-xml"
    types = {
        "[Content_Types].xml": lambda d: d.replace(
            b"</Types>", b'<Override PartName="/word/extra.bin" ContentType="application/vnd.x+xml"/></Types>'
        )
    }
    hidden = _docx_with(types, {"word/extra.bin": dtd + b"<a/>"})
    assert outcome(timed(hidden, "报告.docx")) == "unsafe-xml"
    # A picture's own DTD (an SVG's) is a picture, not XML python-docx parses: the report is read.
    svg = _docx_with(
        {}, {"word/media/image9.svg": b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>'}
    )
    assert outcome(timed(svg, "报告.docx")) == "report"


def test_one_stray_byte_in_a_utf8_page_costs_one_character():
    from xlcheck.sources.html import decode

    page = write_page_bytes()
    assert decode(page.replace(b"</body>", b"\xff</body>", 1)).replace("\ufffd", "") == decode(page)
    gbk = "<html><body><p>本机关2023年共收到申请12件</p></body></html>".encode("gb18030")
    assert "收到申请" in decode(gbk.replace(b"</body>", b"\xff</body>"), "utf-8")  # a wrong declaration gives way


def write_page_bytes() -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        return write_page(Path(tmp), "r.html", REPORT).read_bytes()


def test_a_word_file_that_unpacks_too_large_is_refused():
    big = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as zin, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        zout.writestr("word/media/image1.png", random.Random(1).randbytes(70 * 2**20), zipfile.ZIP_STORED)
    assert outcome(timed(big.getvalue(), "报告.docx")) == "too-large"


# ------------------------------------------------------------------ mutated pages


def _mutants(page: bytes, n: int, seed: int):
    """Deterministic damage, as a half-saved page or a careless editor would do it."""
    rng = random.Random(seed)
    tags = [b"</td>", b"<tr>", b"</tr>", b"<td>", b"</table>", b"<table>", b"<p>", b"</p>", b'rowspan="', b'colspan="']
    for i in range(n):
        data = bytearray(page)
        kind = i % 5
        if kind == 0:  # cut short
            del data[rng.randrange(len(data)) :]
        elif kind == 1:  # tags dropped
            for _ in range(rng.randrange(1, 40)):
                tag = rng.choice(tags)
                at = data.find(tag, rng.randrange(len(data)))
                if at >= 0:
                    del data[at : at + len(tag)]
        elif kind == 2:  # spans rewritten
            for _ in range(rng.randrange(1, 20)):
                at = data.find(b'span="', rng.randrange(len(data)))
                if at >= 0:
                    data[at + 6 : at + 7] = str(rng.choice([0, 2, 9, 99999, -1])).encode()
        elif kind == 3:  # bytes overwritten
            for _ in range(rng.randrange(1, 200)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:  # a slice doubled
            a, b = sorted(rng.randrange(len(data)) for _ in range(2))
            data[b:b] = data[a:b]
        yield bytes(data)


def test_damaged_pages_give_a_report_or_a_coded_error_in_time(tmp_path):
    outcomes: dict[str, int] = {}
    for style in ("word", "clean", "skewed"):
        page = write_page(tmp_path, f"{style}.html", REPORT, style).read_bytes()
        for i, data in enumerate(_mutants(page, 40, seed=len(style))):
            report = timed(data, f"{style}-{i}.html")
            code = outcome(report)
            assert code == "report" or code in MESSAGES
            outcomes[code] = outcomes.get(code, 0) + 1
    assert outcomes.get("report", 0) > 60  # most damage leaves a report to check


def test_damaged_word_files_give_a_report_or_a_coded_error_in_time():
    data = _docx_bytes()
    rng = random.Random(7)
    for i in range(30):
        mutant = bytearray(data)
        for _ in range(rng.randrange(1, 30)):
            mutant[rng.randrange(len(mutant))] = rng.randrange(256)
        code = outcome(timed(bytes(mutant), f"{i}.docx"))
        assert code == "report" or code in MESSAGES


def test_a_section_longer_than_a_cell_is_named_not_silently_cut():
    page = write_page_bytes().decode("utf-8")
    at = page.index("</p>", page.index("一、总体情况")) + len("</p>")
    long_page = page[:at] + "<p>" + "长" * 40_000 + "</p>" + page[at:]
    report = timed(long_page.encode("utf-8"))
    cut = [n for n in report.notices if n[0] == "document-section-cut"]
    assert len(cut) == 1 and "一、总体情况" in cut[0][1][0]
    assert not [n for n in timed(page.encode("utf-8")).notices if n[0] == "document-section-cut"]
