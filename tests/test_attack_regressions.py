"""What a second hostile review found after issue 7's recipes had landed, each kind turned into a test.

Workbook side: figures and references with thousands of digits, quadratic formula translation, long number
formats, text floods inside the cell budget, merged ranges and hyperlinks that make openpyxl build millions of
cells, a narrative cache shared between threads, outputs over last year's files, terminal escapes and
characters XML cannot hold.
"""

from __future__ import annotations

import random
import re
import threading
import time

import openpyxl
import pytest
from helpers import cell_of, found
from test_hostile_recipes import CLEAN, MISTAKES, SECONDS, code, rewrite, set_value, sheet_part, timed_check

import xlcheck
from xlcheck import narrative
from xlcheck.cli import main


def inline(cell: str, text: str) -> bytes:
    return f'<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


# ---------------------------------------------------------------- figures and references with many digits


def test_a_narrative_figure_with_thousands_of_digits_is_no_figure(tmp_path):
    _, cell = cell_of("text.overview")
    path = set_value(
        CLEAN,
        tmp_path / "digits.xlsx",
        "text.overview",
        inline(cell, "本年共收到政府信息公开申请" + "9" * 5000 + "件。"),
    )
    report = timed_check(path)
    assert report.error is None
    assert not any(v.rule == "TEXT-TABLE" for v in report.violations)  # not a count: nothing to compare
    assert narrative.read_number("9" * 16) is None and narrative.read_number("9" * 15).low == 10**15 - 1


def test_a_total_whose_formula_names_a_row_with_thousands_of_digits_is_read_quickly(tmp_path):
    sheet, cell = cell_of("t3.new.total")
    name = sheet_part(CLEAN, sheet)
    path = rewrite(
        CLEAN,
        tmp_path / "ref.xlsx",
        lambda n, d: (
            re.sub(
                rb"(<c r=\"" + cell.encode() + rb"\"[^>]*>)<f>[^<]*</f>",
                rb"\1<f>D" + b"9" * 5000 + rb"</f>",
                d,
                count=1,
            )
            if n == name
            else d
        ),
    )
    report = timed_check(path)
    assert report.error is None and report.violations  # a total that is no SUM of its row is reported


def test_translating_a_long_shared_formula_is_not_quadratic(tmp_path):
    name = sheet_part(CLEAN, "封面")
    row = (
        b'<row r="299"><c r="A299"><f t="shared" si="0" ref="A299:C299">' + b"a." * 16383 + b"</f><v>0</v></c>"
        b'<c r="B299"><f t="shared" si="0"/><v>0</v></c><c r="C299"><f t="shared" si="0"/><v>0</v></c></row>'
    )
    path = rewrite(
        CLEAN,
        tmp_path / "shared.xlsx",
        lambda n, d: d.replace(b"</sheetData>", row + b"</sheetData>", 1) if n == name else d,
    )
    report = timed_check(path)
    assert report.error is None and found(report) == found(xlcheck.check(CLEAN))


def test_one_long_number_format_used_by_a_thousand_cell_formats_costs_one_short_judgement(tmp_path):
    rnd = random.Random(2)
    code_ = "".join(rnd.choice("0123456789#,.?%+-E") for _ in range(2_000_000)).encode()

    def edit(name, data):
        if name != "xl/styles.xml":
            return data
        data = re.sub(rb"<numFmts.*?</numFmts>", b"", data, flags=re.S)
        data = data.replace(
            b"<fonts", b'<numFmts count="1"><numFmt numFmtId="200" formatCode="' + code_ + b'"/></numFmts><fonts', 1
        )
        m = re.search(rb'<cellXfs count="\d+">', data)
        xfs = b"".join(b'<xf numFmtId="200" xfId="%d"/>' % rnd.randrange(10**6) for _ in range(1000))
        return data[: m.end()] + xfs + data[m.end() :]

    report = timed_check(rewrite(CLEAN, tmp_path / "styles.xlsx", edit))
    assert report.error is None or report.error.code in ("too-large", "too-many-styles")


# ---------------------------------------------------------------- text inside the cell budget


def test_a_sheet_of_long_inline_texts_is_refused_as_too_large(tmp_path):
    name = sheet_part(CLEAN, "封面")
    rnd = random.Random(3)  # varied text: a repeated one would be refused earlier, as a zip bomb
    texts = ("".join(chr(rnd.randrange(0x4E00, 0x9FA5)) for _ in range(30_000)) for _ in range(60))
    rows = "".join(
        f'<row r="{r}">{inline(f"H{r}", text).decode()}</row>' for r, text in zip(range(200, 260), texts, strict=True)
    )
    path = rewrite(
        CLEAN,
        tmp_path / "text.xlsx",
        lambda n, d: d.replace(b"</sheetData>", rows.encode() + b"</sheetData>", 1) if n == name else d,
    )
    report = timed_check(path)
    assert code(report) == "too-large"


def test_escaped_characters_in_strings_are_read_as_excel_means_them(tmp_path):
    _, cell = cell_of("meta.agency")
    path = set_value(CLEAN, tmp_path / "escaped.xlsx", "meta.agency", inline(cell, "石嘴山市_x005F_x000D_民政局"))
    report = xlcheck.check(path)
    assert report.agency == "石嘴山市_x000D_民政局"  # _x005F_ escapes the underscore: the rest is literal text


# ---------------------------------------------------------------- annotating: cells openpyxl would build


@pytest.mark.parametrize(
    "extra",
    [
        (b'<mergeCell ref="A1:C1"/>', b'<mergeCell ref="A1:C1"/><mergeCell ref="A400:Z40000"/>'),
        (b"</sheetData>", b'</sheetData><hyperlinks><hyperlink ref="A400:Z40000" location="A1"/></hyperlinks>'),
    ],
    ids=["merged-range", "hyperlink-range"],
)
def test_a_range_covering_a_million_cells_is_refused_before_annotating(extra, tmp_path):
    old, new = extra
    name = sheet_part(MISTAKES, "表四")
    data = rewrite(MISTAKES, tmp_path / "probe.xlsx")
    with __import__("zipfile").ZipFile(data) as z:
        if old not in z.read(name):  # the sheet holds no such merge: add one where <mergeCells> would be
            old, new = b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A400:Z40000"/></mergeCells>'
    path = rewrite(MISTAKES, tmp_path / "range.xlsx", lambda n, d: d.replace(old, new, 1) if n == name else d)
    report = timed_check(path)
    start = time.perf_counter()
    with pytest.raises(xlcheck.CheckError) as refused:
        xlcheck.annotate(report, tmp_path / "copy.xlsx")
    assert time.perf_counter() - start < SECONDS
    assert refused.value.code == "too-many-cells" and not (tmp_path / "copy.xlsx").exists()


# ---------------------------------------------------------------- the narrative's folds in threads


def test_folding_narratives_from_many_threads_gives_each_its_own_text():
    rnd = random.Random(5)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 60_000)] + ["\u3000", "\u200b", "１", "２", "Ａ"]
    texts = ["".join(rnd.choice(alphabet) for _ in range(3000)) for _ in range(64)]
    serial = [narrative.fold(t).text for t in texts]
    narrative._fold_char.cache_clear()
    wrong: list[int] = []

    def work(offset: int) -> None:
        for i in range(200):
            k = (i * 7 + offset) % len(texts)
            if narrative.fold(texts[k]).text != serial[k]:
                wrong.append(k)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


# ---------------------------------------------------------------- outputs over what is read


def test_no_output_replaces_last_years_report_even_with_force(tmp_path, capsys):
    last = tmp_path / "去年.xlsx"
    last.write_bytes(CLEAN.read_bytes())
    before = last.read_bytes()
    this = tmp_path / "今年.xlsx"
    this.write_bytes(MISTAKES.read_bytes())
    assert main(["check", str(this), "--last-year", str(last), "--annotate", str(last), "--force"]) == 2
    assert main(["check", str(this), "--last-year", str(last), "--summary", str(last), "--force"]) == 2
    assert last.read_bytes() == before
    assert "Traceback" not in capsys.readouterr().err


def test_no_summary_lands_in_last_years_folder(tmp_path, capsys):
    last = tmp_path / "去年"
    last.mkdir()
    (last / "甲局.xlsx").write_bytes(CLEAN.read_bytes())
    this = tmp_path / "今年"
    this.mkdir()
    (this / "甲局.xlsx").write_bytes(MISTAKES.read_bytes())
    assert main(["check", str(this), "--last-year", str(last), "--summary", str(last / "汇总.xlsx")]) == 2
    assert sorted(p.name for p in last.iterdir()) == ["甲局.xlsx"]
    capsys.readouterr()


def test_annotate_into_a_missing_folder_is_a_coded_error_not_a_new_folder(tmp_path, capsys):
    out = tmp_path / "没有" / "copy.xlsx"
    assert main(["check", str(MISTAKES), "--annotate", str(out)]) == 2
    assert not out.parent.exists() and "Traceback" not in capsys.readouterr().err


# ---------------------------------------------------------------- what a cell's text may not do


def test_terminal_escapes_in_a_cell_or_a_file_name_are_shown_not_obeyed(tmp_path, capsys):
    _, cell = cell_of("t3.new.natural")
    name = tmp_path / "局\x1b[2J.xlsx"
    path = set_value(CLEAN, name, "t3.new.natural", inline(cell, "5_x001B_[2J_x001B_]0;x_x0007_\u202e"))
    report = xlcheck.check(path)
    assert any(v.rule == "NUM-COUNT" and "\x1b" in str(v.found) for v in report.violations)  # read as written
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "NUM-COUNT" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\\x1b" in out


def test_characters_xml_cannot_hold_never_break_what_xlcheck_writes(tmp_path):
    sheet, cell = cell_of("text.problems")
    bad = "问题\x01与\ufffe改进"
    template = tmp_path / "t.xlsx"
    xlcheck.make_template(template, values={"meta.agency": "甲\x02局", "text.problems": bad})
    wb = openpyxl.load_workbook(template)
    assert "\x01" not in wb[sheet][cell].value and "改进" in wb[sheet][cell].value
    report = xlcheck.check(template)
    copy = tmp_path / "copy.xlsx"
    xlcheck.annotate(report, copy)
    openpyxl.load_workbook(copy)  # opens: no character XML forbids


# ---------------------------------------------------------------- file names no encoding names


@pytest.mark.parametrize("name", [b"bad\xe4name.xlsx", b"esc\x1b.xlsx"], ids=["not-utf8", "escape"])
def test_odd_file_names_reach_every_output_as_text_it_can_hold(name, tmp_path):
    import os
    import subprocess
    import sys

    units = tmp_path / "报送"
    units.mkdir()
    with open(os.path.join(os.fsencode(units), name), "wb") as fh:
        fh.write(MISTAKES.read_bytes())
    outs = tmp_path / "out"
    outs.mkdir()

    def run(*args):
        proc = subprocess.run([sys.executable, "-m", "xlcheck", *args], capture_output=True, timeout=120, check=False)
        assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
        return proc.returncode

    assert run("check", str(units), "--summary", str(outs / "s.xlsx")) == 1
    assert run("check", str(units), "--summary", str(outs / "s.csv")) == 1
    assert run("check", str(units), "--annotate-dir", str(outs / "copies")) == 1
    openpyxl.load_workbook(outs / "s.xlsx")
    (copy,) = (outs / "copies").iterdir()
    openpyxl.load_workbook(copy)
    clean = tmp_path / "clean"
    clean.mkdir()
    with open(os.path.join(os.fsencode(clean), name), "wb") as fh:
        fh.write(CLEAN.read_bytes())
    assert run("aggregate", str(clean), "-o", str(outs / "汇总.xlsx"), "--agency", "某市", "--year", "2021") == 0
    assert xlcheck.check(outs / "汇总.xlsx").error is None
    assert not [p for p in outs.rglob(".*")]  # no temporary file left behind


def test_a_write_that_fails_leaves_the_existing_file_as_it_was(tmp_path):
    from xlcheck.outputs.paths import atomic_path

    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"last week's good summary")
    with pytest.raises(RuntimeError), atomic_path(out) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("the writer failed")
    assert out.read_bytes() == b"last week's good summary" and list(tmp_path.iterdir()) == [out]
    with atomic_path(out) as tmp:
        tmp.write_bytes(b"new")
    assert out.read_bytes() == b"new" and list(tmp_path.iterdir()) == [out]


# ---------------------------------------------------------------- names at the file system's limits


def test_a_name_too_long_for_the_file_system_is_a_coded_error_and_a_long_valid_one_is_written(tmp_path, capsys):
    too_long = tmp_path / ("a" * 300 + ".xlsx")
    assert main(["template", "-o", str(too_long)]) == 2
    assert "文件名过长" in capsys.readouterr().err
    longest = tmp_path / ("甲" * 82 + ".xlsx")  # 251 bytes: a valid name, though no longer one to add to
    assert main(["template", "-o", str(longest)]) == 0 and longest.exists()
    summary = tmp_path / ("乙" * 82 + ".csv")  # its findings file would be 18 bytes longer
    assert main(["check", str(MISTAKES), "--summary", str(summary)]) == 2
    assert "文件名过长" in capsys.readouterr().err and not summary.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [longest.name]  # no temporary file left


def test_a_link_to_nowhere_is_not_replaced_without_force(tmp_path, capsys):
    link = tmp_path / "副本.xlsx"
    link.symlink_to(tmp_path / "没有" / "x.xlsx")
    assert main(["check", str(MISTAKES), "--annotate", str(link)]) == 2
    assert link.is_symlink() and "--force" in capsys.readouterr().err
