"""Byte-mutation fuzzing of ``xlcheck.check`` with mutants of the real workbooks.

    python tests/fuzz.py --mutants 5000 [--seed N] [--jobs 2]

Every mutant must come back as a report or a coded error (a code of ``errors.MESSAGES``), render as
the CLI renders it (text and JSON), leave its file's bytes unchanged, and take at most 2 seconds.
Mutant ``i`` of seed ``s`` is made by ``random.Random(f"{s}:{i}")``, so it is the same whatever
``--jobs`` says. A failing mutant is saved under ``fuzz-failures/`` with its traceback; the script
then exits 1.

Most mutants (about two thirds) are structure-aware: one part of the zip is inflated, mutated as
XML text (values, attributes, fragments) and the zip is written again, so the mutation reaches
openpyxl and the checker instead of stopping at the zip layer. The rest mutate the file's raw bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    ROOT / "samples" / "石嘴山市民政局_2021.xlsx",
    ROOT / "samples" / "常见错误示例.xlsx",
    ROOT / "templates" / "政府信息公开工作年度报告模板.xlsx",
)
FAILURES = ROOT / "fuzz-failures"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a checkout without installing (and in spawned workers)
SLOW_SECONDS = 2.0  # one check of one file, as the project's targets say
HANG_SECONDS = 60  # a check still running this long is stopped, so the run itself finishes
STRUCTURED_SHARE = 0.65  # at least half: only these get past the zip layer
PACKAGE_SHARE = 0.2  # of those, mutants of the package's structure: relations, content types, sheet entries

# Which part a structure-aware mutation picks: the parts the checker reads weigh most.
PART_WEIGHTS: tuple[tuple[Callable[[str], bool], float], ...] = (
    (lambda n: n.startswith("xl/worksheets/") and n.endswith(".xml"), 40),
    (lambda n: n == "xl/sharedStrings.xml", 18),
    (lambda n: n == "xl/workbook.xml", 15),
    (lambda n: n == "[Content_Types].xml", 8),
    (lambda n: n == "xl/styles.xml", 10),
    (lambda n: n.endswith(".rels"), 5),
    (lambda n: True, 4),  # docProps, theme
)

# Replacement values for <v>/<t> contents and for attributes: numbers at the edges, text, markup.
NUMBERS = (
    "0", "-0", "1", "-1", "-7", "3.5", "-2.25", "1e308", "1.7976931348623157e308", "1e309", "-1e309", "1e-320",
    "NaN", "nan", "inf", "-inf", "Infinity", "9" * 30, "-" + "9" * 30, "18446744073709551616", "2147483648",
    "-2147483649", "0x1F", "1_000", "1,000", "１２３", "٣", "1e", ".", "-", "+5", " 5 ", "00012", "2021", "2e3",
    "4.0000000000000001", "1048577", "16385", "65536", "99999999",
)  # fmt: skip
TEXTS = (
    "", " ", "\t", "是", "否", "无", "有", "信息处理费", "#DIV/0!", "#REF!", "#N/A", "TRUE", "FALSE", "=SUM(A1:A3)",
    "=1/0", "'123", "2021年", "二〇二一", "😀", "\u200b", "\ufeff", "\u202e", "a\u0301", "𠀀", "é" * 300,
    "长" * 5000, "x" * 40000, "&amp;", "&lt;&gt;", "&#0;", "&#xFFFE;", "&#55296;", "&undefined;", "<", "&", "]]>",
    "<![CDATA[x]]>", "\x00", "\x01", "\x1b", "</t>", "<t>", '"', "'", "%s%n", "{path}", "{0}", "../../etc/passwd",
    "C:\\\\con", "_x0000_", "_xD800_", "_x0041_",
)  # fmt: skip
REFS = (
    "A1", "A0", "A", "1", "", "XFD1048576", "XFE1", "A1048577", "ZZZZ1", "A-1", "a1", "$A$1", "A1:B2", "B2:A1",
    "A1:XFD1048576", "AA999999999999", "Ａ1", "A1 ", "R1C1",
)  # fmt: skip
TYPES = ("s", "n", "b", "e", "str", "inlineStr", "d", "x", "", "S")
ELEMENTS = re.compile(
    rb"<(c|row|si|sheet|Override|Default|Relationship|mergeCell|f|v|t|is|xf|numFmt|font|fill|border|definedName|"
    rb"col|dimension|sheetView|pageSetup|conditionalFormatting|dataValidation|hyperlink)\b[^>]*?(?:/>|>.*?</\1>)",
    re.S,
)
VALUE_TEXT = re.compile(rb"(<(?:\w+:)?(?:v|t|f)\b[^>]*>)(.*?)(</(?:\w+:)?(?:v|t|f)>)", re.S)
ATTRIBUTE = re.compile(rb'(\s[\w:]+=")([^"]*)(")')
NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")


@dataclass
class Outcome:
    """What one mutant did."""

    index: int
    source: str
    mutation: str
    outcome: str  # an error code, "report", or "exception" when one escaped the check
    seconds: float
    failure: str | None = None  # why it failed, with the traceback
    saved: str | None = None  # the reproducer under fuzz-failures/


@dataclass
class Summary:
    """A fuzz run's figures."""

    mutants: int = 0
    seed: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    failures: list[Outcome] = field(default_factory=list)
    elapsed: float = 0.0
    slowest: Outcome | None = None

    @property
    def per_second(self) -> float:
        return self.mutants / self.elapsed if self.elapsed else 0.0

    def text(self) -> str:
        lines = [f"mutants run: {self.mutants} (seed {self.seed})", "mutation kinds:"]
        lines += [f"  {k:<24} {n}" for k, n in sorted(self.kinds.items())]
        lines.append("outcomes:")
        lines += [f"  {k:<24} {n}" for k, n in self.outcomes.most_common()]
        lines.append(f"failures: {len(self.failures)}")
        for f in self.failures:
            reason = (f.failure or "").strip().splitlines()
            lines.append(f"  #{f.index} {f.source} [{f.mutation}] {reason[-1] if reason else ''} -> {f.saved}")
        lines.append(f"elapsed: {self.elapsed:.1f} s, {self.per_second:.1f} mutants/s")
        if self.slowest:
            s = self.slowest
            lines.append(f"slowest: #{s.index} {s.seconds:.3f} s ({s.source} [{s.mutation}] -> {s.outcome})")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------- raw byte mutations


def _span(rng: random.Random, size: int, longest: int = 64) -> tuple[int, int]:
    start = rng.randrange(max(size, 1))
    return start, min(size, start + rng.randint(1, longest))


def flip_bits(rng: random.Random, data: bytearray) -> str:
    n = rng.randint(1, 8)
    for _ in range(n):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return f"flip {n} bits"


def overwrite(rng: random.Random, data: bytearray) -> str:
    start, end = _span(rng, len(data))
    data[start:end] = rng.randbytes(end - start)
    return f"overwrite {end - start} bytes"


def delete(rng: random.Random, data: bytearray) -> str:
    start, end = _span(rng, len(data), rng.choice((4, 64, 2048)))
    del data[start:end]
    return f"delete {end - start} bytes"


def insert(rng: random.Random, data: bytearray) -> str:
    at, n = rng.randrange(len(data) + 1), rng.randint(1, 256)
    data[at:at] = rng.randbytes(n)
    return f"insert {n} bytes"


def truncate(rng: random.Random, data: bytearray) -> str:
    keep = rng.randrange(len(data))
    del data[keep:]
    return f"truncate to {keep}"


def duplicate(rng: random.Random, data: bytearray) -> str:
    start, end = _span(rng, len(data), rng.choice((16, 512, 8192)))
    at = rng.randrange(len(data) + 1)
    data[at:at] = data[start:end]
    return f"duplicate {end - start} bytes"


BYTE_MUTATIONS = (flip_bits, overwrite, delete, insert, truncate, duplicate)


# ---------------------------------------------------------------------------- mutations of a part's XML


def _token(rng: random.Random, kind: str = "value") -> str:
    pool = {"value": (NUMBERS, TEXTS), "ref": (REFS, NUMBERS), "type": (TYPES, TEXTS)}[kind]
    token = rng.choice(pool[0] if rng.random() < 0.8 else pool[1])
    if rng.random() < 0.1:  # an escaped token is valid XML; a raw one often is not
        token = token.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return token


def _pick(rng: random.Random, pattern: re.Pattern[bytes], xml: bytes) -> re.Match[bytes] | None:
    # Among at most 200 matches after a random start: a 400 KB sheet need not be scanned whole.
    found = list(pattern.finditer(xml, rng.randrange(max(len(xml), 1))))[:200] or list(pattern.finditer(xml))[:200]
    return rng.choice(found) if found else None


def xml_values(rng: random.Random, xml: bytes) -> tuple[bytes, str]:
    """Replace the contents of some <v>, <t> or <f> elements with edge tokens."""
    matches = list(VALUE_TEXT.finditer(xml))
    if not matches:
        return xml_attributes(rng, xml)
    chosen = sorted(rng.sample(matches, min(len(matches), rng.choice((1, 1, 2, 5, 30)))), key=lambda m: m.start())
    out, last, tokens = [], 0, []
    for m in chosen:
        token = _token(rng)
        tokens.append(token[:12])
        out += [xml[last : m.start(2)], token.encode("utf-8", "surrogatepass")]
        last = m.end(2)
    out.append(xml[last:])
    return b"".join(out), f"values {len(chosen)} {tokens[:3]!r}"


def xml_attributes(rng: random.Random, xml: bytes) -> tuple[bytes, str]:
    """Replace some attribute values: cell references, types, style and string indices, counts."""
    changed = []
    for _ in range(rng.choice((1, 1, 3, 10))):
        m = _pick(rng, ATTRIBUTE, xml)
        if m is None:
            break
        name = m[1].strip().rstrip(b'="')
        kind = "ref" if name in (b"r", b"ref", b"sqref") else "type" if name == b"t" else "value"
        token = _token(rng, kind).replace('"', "&quot;")
        xml = xml[: m.start(2)] + token.encode("utf-8", "surrogatepass") + xml[m.end(2) :]
        changed.append(f"{name.decode(errors='replace')}={token[:12]!r}")
    return xml, f"attributes {changed[:3]}"


def xml_numbers(rng: random.Random, xml: bytes) -> tuple[bytes, str]:
    """Replace some numbers anywhere (indices, counts, sizes, row numbers) with edge numbers."""
    changed = []
    for _ in range(rng.choice((1, 2, 8))):
        m = _pick(rng, NUMBER, xml)
        if m is None:
            break
        token = rng.choice(NUMBERS)
        xml = xml[: m.start()] + token.encode() + xml[m.end() :]
        changed.append(token[:12])
    return xml, f"numbers {changed[:3]}"


def xml_fragment(rng: random.Random, xml: bytes) -> tuple[bytes, str]:
    """Delete, duplicate or move one element (a cell, row, string, sheet entry, relationship...)."""
    m = _pick(rng, ELEMENTS, xml)
    if m is None:
        return xml_span(rng, xml)
    what = rng.choice(("delete", "duplicate", "duplicate", "move"))
    frag, tag = m[0], m[1].decode()
    if what == "delete":
        return xml[: m.start()] + xml[m.end() :], f"delete <{tag}>"
    if what == "duplicate":
        times = rng.choice((1, 1, 2, 50))
        return xml[: m.end()] + frag * times + xml[m.end() :], f"duplicate <{tag}> x{times}"
    rest = xml[: m.start()] + xml[m.end() :]
    at = rest.find(b"<", rng.randrange(max(len(rest), 1)))
    at = len(rest) if at < 0 else at
    return rest[:at] + frag + rest[at:], f"move <{tag}>"


def xml_span(rng: random.Random, xml: bytes) -> tuple[bytes, str]:
    """Delete or duplicate the text from one '<' to a later '>': cuts through the nesting."""
    start = xml.find(b"<", rng.randrange(max(len(xml), 1)))
    if start < 0:
        return xml, "no span"
    end = xml.find(b">", start + rng.randint(1, 400))
    end = len(xml) if end < 0 else end + 1
    if rng.random() < 0.5:
        return xml[:start] + xml[end:], f"delete span {end - start}"
    return xml[:end] + xml[start:end] + xml[end:], f"duplicate span {end - start}"


def xml_bytes(rng: random.Random, xml: bytes) -> tuple[bytes, str]:
    """Raw byte mutations of the inflated part."""
    data = bytearray(xml)
    if not data:
        return xml, "empty part"
    return bytes(data), rng.choice((flip_bits, overwrite, delete, insert, duplicate))(rng, data)


def xml_declarations(rng: random.Random, xml: bytes) -> tuple[bytes, str]:
    """A DTD, an entity, another encoding or a BOM at the head of the part."""
    head = rng.choice(
        (
            b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
            b'<!DOCTYPE x SYSTEM "http://127.0.0.1:1/x.dtd">',
            b"<?xml-stylesheet href='x'?>",
            b"<!-- comment -->",
        )
    )
    end = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    if rng.random() < 0.3:
        return xml.replace(b'encoding="UTF-8"', rng.choice((b'encoding="UTF-16"', b'encoding="gbk"', b""))), "encoding"
    if rng.random() < 0.2:
        return b"\xef\xbb\xbf" + xml, "bom"
    return xml[:end] + head + xml[end:], f"declaration {head[:20]!r}"


XML_MUTATIONS: tuple[tuple[Callable[[random.Random, bytes], tuple[bytes, str]], float], ...] = (
    (xml_values, 30),
    (xml_attributes, 20),
    (xml_numbers, 12),
    (xml_fragment, 20),
    (xml_span, 6),
    (xml_bytes, 8),
    (xml_declarations, 4),
)


# ----------------------------------------------------------------------------------- whole mutants

_PARTS: dict[Path, list[tuple[zipfile.ZipInfo, bytes]]] = {}


def _parts(source: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    if source not in _PARTS:
        with zipfile.ZipFile(source) as z:
            _PARTS[source] = [(i, z.read(i)) for i in z.infolist()]
    return _PARTS[source]


def _choose_part(rng: random.Random, names: list[str]) -> int:
    """A part index, by PART_WEIGHTS: each group's weight is spread over its members (11 sheets weigh 40)."""
    group = [next(k for k, (match, _) in enumerate(PART_WEIGHTS) if match(n)) for n in names]
    sizes = Counter(group)
    return rng.choices(range(len(names)), [PART_WEIGHTS[k][1] / sizes[k] for k in group])[0]


def structured(rng: random.Random, source: Path) -> tuple[bytes, str]:
    """A valid zip in which one part's inflated XML is mutated (or, now and then, parts are reshuffled)."""
    parts = list(_parts(source))
    names = [i.filename for i, _ in parts]
    k = _choose_part(rng, names)
    info, xml = parts[k]
    notes = []
    if rng.random() < 0.12:
        what = rng.choice(("drop", "rename", "twin", "stored", "bzip2", "lzma", "reorder"))
        if what == "drop":
            del parts[k]
        elif what == "rename":
            new = rng.choice((info.filename.upper(), info.filename + ".bak", "/" + info.filename, info.filename[:-1]))
            parts[k] = (_info(new, info.compress_type), xml)
        elif what == "twin":  # a second member of the same name (zipfile warns, and reads the last)
            twin = (_info(info.filename, info.compress_type), xml[: len(xml) // 2])
            parts.insert(rng.randrange(len(parts) + 1), twin)
        elif what == "reorder":
            rng.shuffle(parts)
        else:
            method = {"stored": zipfile.ZIP_STORED, "bzip2": zipfile.ZIP_BZIP2, "lzma": zipfile.ZIP_LZMA}[what]
            parts[k] = (_info(info.filename, method), xml)
        notes.append(f"{what} {info.filename}")
    else:
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            mutate = rng.choices([m for m, _ in XML_MUTATIONS], [w for _, w in XML_MUTATIONS])[0]
            xml, note = mutate(rng, xml)
            notes.append(note)
        parts[k] = (info, xml)
        notes.insert(0, info.filename)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z, _quiet():
        for i, body in parts:
            z.writestr(_info(i.filename, i.compress_type), body, compresslevel=1)
    return buf.getvalue(), " ".join(notes)


# ------------------------------------------------------------------ the package's structure

_REL = re.compile(rb"<Relationship\b[^>]*?/>")
_SHEET_ENTRY = re.compile(rb"<sheet\b[^>]*?/>")
_OVERRIDE = re.compile(rb"<Override\b[^>]*?/>")
REL_TYPES = (
    b"worksheet",
    b"chartsheet",
    b"dialogsheet",
    b"xlMacrosheet",
    b"sharedStrings",
    b"styles",
    b"officeDocument",
)


def _sub_one(rng: random.Random, pattern: re.Pattern[bytes], xml: bytes, edit) -> tuple[bytes, str]:
    found = list(pattern.finditer(xml))
    if not found:
        return xml, "nothing to edit"
    m = rng.choice(found)
    new, note = edit(m[0])
    return xml[: m.start()] + new + xml[m.end() :], note


def package_edit(rng: random.Random, parts: dict[str, bytes]) -> str:
    """One change to how the package's parts refer to each other (as damaged or odd producers write)."""
    rels = "xl/_rels/workbook.xml.rels"
    what = rng.choice(
        ("retarget", "external", "retype", "drop-rel", "twin-id", "root", "dup-sheet", "many-sheets", "swap-ids",
         "drop-sheet", "same-name", "content-type", "drop-override", "move-part", "strict", "dimension")
    )  # fmt: skip
    if what in ("retarget", "external", "retype", "drop-rel", "twin-id") and rels in parts:

        def edit(rel: bytes) -> tuple[bytes, str]:
            if what == "retarget":
                target = rng.choice((b"worksheets/none.xml", b"workbook.xml", b"../[Content_Types].xml", b"", b"/"))
                return re.sub(rb'Target="[^"]*"', b'Target="' + target + b'"', rel), f"target {target!r}"
            if what == "external":
                return rel.replace(b"/>", b' TargetMode="External"/>'), "external"
            if what == "retype":
                kind = rng.choice(REL_TYPES)
                return re.sub(rb'(Type="[^"]*/)[^"/]*"', rb"\1" + kind + b'"', rel), f"type {kind!r}"
            if what == "drop-rel":
                return b"", "dropped"
            return rel + rel, "twin id"

        parts[rels], note = _sub_one(rng, _REL, parts[rels], edit)
        return f"{what} {note}"
    if what == "root" and "_rels/.rels" in parts:
        parts["_rels/.rels"], note = _sub_one(
            rng, _REL, parts["_rels/.rels"], lambda r: (r + r.replace(b'Id="', b'Id="x'), "second officeDocument")
        )
        return f"root {note}"
    wb = "xl/workbook.xml"
    if what in ("dup-sheet", "many-sheets", "swap-ids", "drop-sheet", "same-name") and wb in parts:
        entries = list(_SHEET_ENTRY.finditer(parts[wb]))
        if not entries:
            return "no sheet entries"
        pick = rng.choice(entries)[0]
        if what == "dup-sheet":
            twin = re.sub(rb'name="([^"]*)"', rb'name="\1 copy"', pick)
            parts[wb] = parts[wb].replace(pick, pick + twin, 1)
        elif what == "many-sheets":
            copies = b"".join(
                re.sub(rb'name="([^"]*)"', b'name="S%d"' % i, pick) for i in range(rng.choice((10, 100, 400)))
            )
            parts[wb] = parts[wb].replace(pick, pick + copies, 1)
        elif what == "swap-ids":
            other = rng.choice(entries)[0]
            a, b = (re.search(rb'r:id="([^"]*)"', e) for e in (pick, other))
            if a and b:
                parts[wb] = parts[wb].replace(pick, pick.replace(a[0], b[0]), 1)
        elif what == "drop-sheet":
            parts[wb] = parts[wb].replace(pick, b"", 1)
        else:
            other = rng.choice(entries)[0]
            name = re.search(rb'name="[^"]*"', other)
            if name:
                parts[wb] = parts[wb].replace(pick, re.sub(rb'name="[^"]*"', name[0], pick), 1)
        return what
    ct = "[Content_Types].xml"
    if what in ("content-type", "drop-override") and ct in parts:

        def edit(override: bytes) -> tuple[bytes, str]:
            if what == "drop-override":
                return b"", "dropped"
            kind = rng.choice(
                (b"application/xml", b"text/plain", b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            )
            return re.sub(rb'ContentType="[^"]*"', b'ContentType="' + kind + b'"', override), f"as {kind!r}"

        parts[ct], note = _sub_one(rng, _OVERRIDE, parts[ct], edit)
        return f"{what} {note}"
    sheets = [n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    if what == "move-part" and sheets:  # a valid move: the part and every reference to it
        old = rng.choice(sheets)
        new = rng.choice(("xl/data/t.xml", "xl/Worksheets/Sheet.XML", "other/place/s.xml"))
        parts[new] = parts.pop(old)
        for name in (rels, ct):
            if name in parts:
                rel_old = old.removeprefix("xl/").encode()
                rel_new = posix_relative(new, "xl").encode()
                parts[name] = parts[name].replace(b"/" + old.encode(), b"/" + new.encode()).replace(rel_old, rel_new)
        return f"move {old} -> {new}"
    if what == "strict":
        for name in list(parts):
            if name.endswith((".xml", ".rels")):
                parts[name] = (
                    parts[name]
                    .replace(
                        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                    )
                    .replace(
                        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
                    )
                )
        return "strict namespaces"
    if sheets:
        name = rng.choice(sheets)
        ref = rng.choice((b"A1", b"A1:XFD1048576", b"", b"ZZZ9"))
        parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', parts[name])
        return f"dimension {ref!r} in {name}"
    return "nothing"


def posix_relative(path: str, start: str) -> str:
    import posixpath

    return posixpath.relpath(path, start)


def package(rng: random.Random, source: Path) -> tuple[bytes, str]:
    """A zip whose parts are intact but whose structure (relations, content types, sheet list) is edited."""
    infos = {i.filename: (i, body) for i, body in _parts(source)}
    parts = {name: body for name, (_, body) in infos.items()}
    notes = [package_edit(rng, parts) for _ in range(rng.choice((1, 1, 2)))]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in parts.items():
            method = infos[name][0].compress_type if name in infos else zipfile.ZIP_DEFLATED
            z.writestr(_info(name, method), body, compresslevel=1)
    return buf.getvalue(), "; ".join(notes)


def _info(name: str, method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (2021, 1, 1, 0, 0, 0))
    info.compress_type = method
    return info


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": made on purpose
        yield


def make_mutant(seed: int, index: int) -> tuple[str, str, bytes]:
    """Mutant ``index`` of ``seed``: (source name, description, bytes). Independent of the other mutants."""
    rng = random.Random(f"{seed}:{index}")
    source = rng.choice(SOURCES)
    if rng.random() < STRUCTURED_SHARE:
        if rng.random() < PACKAGE_SHARE:
            data, note = package(rng, source)
            return source.name, "package: " + note, data
        data, note = structured(rng, source)
        return source.name, "zip: " + note, data
    data = bytearray(source.read_bytes())
    notes = [rng.choice(BYTE_MUTATIONS)(rng, data) for _ in range(rng.choice((1, 1, 1, 2, 4)))]
    return source.name, "bytes: " + "; ".join(notes), bytes(data)


# ------------------------------------------------------------------------------------------ checking


class Hang(BaseException):
    """Raised by the alarm in a check that runs too long (a BaseException, so no ``except Exception`` eats it)."""


def _on_alarm(signum: int, frame: object) -> None:
    raise Hang(f"still running after {HANG_SECONDS} s")


@contextlib.contextmanager
def _deadline() -> Iterator[None]:
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if usable:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        if usable:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def _verify(report: object) -> str:
    """The outcome of a report, or AssertionError when it breaks the contract."""
    from xlcheck.errors import MESSAGES, CheckError
    from xlcheck.report import Report, to_json_document, to_text

    assert isinstance(report, Report), f"check returned {type(report).__name__}"
    if report.error is not None:
        assert isinstance(report.error, CheckError), f"error is {type(report.error).__name__}"
        assert report.error.code in MESSAGES, f"unknown error code {report.error.code!r}"
        outcome = report.error.code
    else:
        assert isinstance(report.violations, list), f"violations is {type(report.violations).__name__}"
        outcome = "report"
    # What the CLI does next: a report that cannot be printed crashes `xlcheck check` all the same.
    for lang in ("zh", "en"):
        to_text(report, lang)
        json.dumps(to_json_document([report], lang), ensure_ascii=False)
    report.exit_code()
    return outcome


def check_one(job: tuple[int, int]) -> Outcome:
    """Make mutant ``index`` of ``seed``, check it and verify the outcome; never raises."""
    import xlcheck

    seed, index = job
    source, mutation, data = make_mutant(seed, index)
    digest = hashlib.sha256(data).hexdigest()
    fd, path = tempfile.mkstemp(prefix=f"fuzz-{index}-", suffix=".xlsx")
    seconds, failure, outcome = 0.0, None, "exception"  # until check returns
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        start = time.perf_counter()
        try:
            # `xlcheck check --format json` writes its JSON to stdout: a library's stray print breaks it.
            with _deadline(), contextlib.redirect_stdout(io.StringIO()) as stray:
                report = xlcheck.check(path)
            seconds = time.perf_counter() - start
            outcome = _verify(report)
            assert not stray.getvalue(), f"the check wrote to stdout: {stray.getvalue()[:200]!r}"
        except BaseException:  # noqa: BLE001 - any escape, a Hang included, is what we look for
            seconds = seconds or time.perf_counter() - start
            failure = traceback.format_exc()
        with open(path, "rb") as fh:
            if hashlib.sha256(fh.read()).hexdigest() != digest:
                failure = (failure or "") + "the mutant's bytes changed during the check\n"
        if failure is None and seconds > SLOW_SECONDS:
            failure = f"slow: the check took {seconds:.2f} s (limit {SLOW_SECONDS} s)\n"
    finally:
        os.unlink(path)
    result = Outcome(index, source, mutation, outcome, seconds, failure)
    if failure:
        result.saved = str(_save(seed, result, data))
    return result


def _save(seed: int, result: Outcome, data: bytes) -> Path:
    FAILURES.mkdir(exist_ok=True)
    stem = FAILURES / f"seed{seed}-mutant{result.index}"
    stem.with_suffix(".xlsx").write_bytes(data)
    stem.with_suffix(".txt").write_text(
        f"source: {result.source}\nmutation: {result.mutation}\noutcome: {result.outcome}\n"
        f"seconds: {result.seconds:.3f}\n"
        f"reproduce: python -c \"import xlcheck; print(xlcheck.check('{stem}.xlsx'))\"\n\n"
        f"{result.failure}",
        encoding="utf-8",
    )
    return stem.with_suffix(".xlsx")


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    import xlcheck.checker  # noqa: F401 - import once, not inside the first timed check


def run(mutants: int, seed: int, jobs: int = 1, progress: bool = False) -> Summary:
    """Check ``mutants`` mutants of seed ``seed`` on ``jobs`` processes (1: in this process)."""
    summary = Summary(seed=seed)
    jobs_list = [(seed, i) for i in range(mutants)]
    start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if jobs > 1:
            pool = stack.enter_context(Pool(jobs, initializer=_init_worker))
            results: Iterator[Outcome] = pool.imap_unordered(check_one, jobs_list, chunksize=4)
        else:
            import xlcheck.checker  # noqa: F401 - as the workers do

            results = map(check_one, jobs_list)
        for n, result in enumerate(results, 1):
            summary.mutants += 1
            summary.outcomes[result.outcome] += 1
            summary.kinds[result.mutation.split(":", 1)[0]] += 1
            if result.failure:
                summary.failures.append(result)
            if summary.slowest is None or result.seconds > summary.slowest.seconds:
                summary.slowest = result
            if progress and (n % 250 == 0 or n == mutants):
                rate = n / (time.perf_counter() - start)
                print(f"\r{n}/{mutants}  {rate:.0f}/s  failures {len(summary.failures)}", end="", file=sys.stderr)
    if progress:
        print(file=sys.stderr)
    summary.elapsed = time.perf_counter() - start
    summary.failures.sort(key=lambda f: f.index)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--mutants", type=int, default=1000, help="how many mutants (default 1000)")
    parser.add_argument("--seed", type=int, default=None, help="seed (default: random, printed)")
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1: in this process)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"fuzzing {args.mutants} mutants, seed {seed}, {args.jobs} job(s)", flush=True)
    summary = run(args.mutants, seed, args.jobs, progress=sys.stderr.isatty())
    print(summary.text())
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
