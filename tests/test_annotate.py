"""Annotated copies: blamed cells marked and commented, a linked list up front, the input untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import openpyxl
import pytest
from helpers import ROOT, convert, found

import xlcheck
from xlcheck.errors import XlcheckError
from xlcheck.outputs.annotated import RESULTS_SHEET

MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"
CLEAN = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    before = sha(MISTAKES)
    report = xlcheck.check(MISTAKES)
    out = xlcheck.annotate(report, tmp_path_factory.mktemp("ann") / "副本.xlsx")
    assert sha(MISTAKES) == before
    return report, out


def test_every_blamed_cell_is_filled_and_commented(annotated):
    report, out = annotated
    wb = openpyxl.load_workbook(out)
    for v in report.violations:
        cell = wb[v.sheet][v.cell]
        assert v.rule in cell.comment.text and v.message() in cell.comment.text
        assert "修改：" in cell.comment.text
    assert wb["表三"]["J5"].fill.fgColor.rgb == "FFFF9C9C"  # an error: red
    assert wb["表三"]["E5"].fill.fgColor.rgb == "FFFFD966"  # a warning only: amber
    assert "应为：130" in wb["表三"]["J5"].comment.text and "实为：131" in wb["表三"]["J5"].comment.text


def test_the_first_sheet_lists_every_violation_with_a_link(annotated):
    report, out = annotated
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == RESULTS_SHEET and wb.active.title == RESULTS_SHEET
    ws = wb[RESULTS_SHEET]
    rows = [r for r in ws.iter_rows(min_row=5) if isinstance(r[0].value, int)]
    assert len(rows) == len(report.violations)
    listed = {(r[1].value, r[2].value, r[3].value) for r in rows}
    assert listed == {(v.sheet, v.cell, v.rule) for v in report.violations}
    j5 = next(r for r in rows if r[2].value == "J5")
    assert j5[2].hyperlink.location == "'表三'!J5" or j5[2].hyperlink.target == "#'表三'!J5"
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "T4-TOTAL" in text and "无法评估" in text  # the not-assessed instance is listed too


def test_the_unchanged_copy_is_not_checked_as_a_second_report(annotated):
    # Issue 7 item 9: xlcheck's own outputs are never checked as submissions.
    _, out = annotated
    again = xlcheck.check(out)
    assert again.error is not None and again.error.code == "annotated-copy"
    assert MISTAKES.name in again.error.message() and again.error.skipped
    assert again.exit_code() == 0  # skipped on purpose, not a failure of the run


def test_a_copy_corrected_by_staff_is_checked_as_their_report(annotated, tmp_path):
    # Staff fix the copy they were sent and send it back: it is their report now.
    report, out = annotated
    wb = openpyxl.load_workbook(out)
    wb["表三"]["J5"] = 130  # the row total the copy's comment asked for
    wb.save(tmp_path / "改好.xlsx")
    fixed = xlcheck.check(tmp_path / "改好.xlsx")
    assert fixed.error is None and fixed.notices == ["edited-copy"]
    # J5's row total was the root cause; 总计 column's balance at J29 followed from it.
    fixed_by_it = {("T3-ROWTOTAL", "error", "表三", "J5"), ("T3-BALANCE", "error", "表三", "J29")}
    assert found(fixed) == found(report) - fixed_by_it


def test_a_clean_file_gets_a_copy_saying_so(tmp_path):
    out = xlcheck.annotate(xlcheck.check(CLEAN), tmp_path / "c.xlsx")
    ws = openpyxl.load_workbook(out)[RESULTS_SHEET]
    assert "未发现问题" in [c.value for row in ws.iter_rows() for c in row]


def test_never_over_the_input_nor_from_an_unreadable_file(tmp_path):
    copy = tmp_path / "in.xlsx"
    copy.write_bytes(MISTAKES.read_bytes())
    with pytest.raises(XlcheckError):
        xlcheck.annotate(xlcheck.check(copy), copy)
    assert copy.read_bytes() == MISTAKES.read_bytes()
    with pytest.raises(XlcheckError):
        xlcheck.annotate(xlcheck.check(tmp_path / "missing.xlsx"), tmp_path / "out.xlsx")


def run(*args):
    return subprocess.run([sys.executable, "-m", "xlcheck", *args], capture_output=True, text=True, check=False)


def test_cli_annotate_and_annotate_dir(tmp_path):
    before = {p: sha(p) for p in (MISTAKES, CLEAN)}
    proc = run("check", str(MISTAKES), "--annotate", str(tmp_path / "one.xlsx"))
    assert proc.returncode == 1 and (tmp_path / "one.xlsx").exists()
    proc = run(
        "check", str(MISTAKES), str(CLEAN), str(tmp_path / "missing.xlsx"), "--annotate-dir", str(tmp_path / "d")
    )
    assert proc.returncode == 2  # one file could not be checked; the others still get copies
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [
        "常见错误示例_检查结果.xlsx",
        "石嘴山市民政局_2021_检查结果.xlsx",
    ]
    assert run("check", str(MISTAKES), str(CLEAN), "--annotate", str(tmp_path / "x.xlsx")).returncode == 2
    assert {p: sha(p) for p in before} == before


@pytest.mark.libreoffice
def test_libreoffice_opens_and_prints_the_copy(annotated, lo_profile, tmp_path):
    _, out = annotated
    pdf = convert(out, "pdf", tmp_path, lo_profile)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "检查结果" in text and "T3-ROWTOTAL" in text


def test_a_label_broken_over_lines_is_shown_on_one_line_and_kept_raw_in_json(tmp_path):
    # Published and pasted labels break lines (「本年新<br/>制作数量」, Alt+Enter in Excel): every output a
    # person reads shows the found text on one line; JSON's found keeps the cell's text as it is.
    from xlcheck.outputs.summary import HEADING_ROW, SHEETS, write_summary

    wb = openpyxl.load_workbook(CLEAN)
    wb["表二"]["B3"] = "本年新\n制作数量"
    wb.save(tmp_path / "broken.xlsx")
    report = xlcheck.check(tmp_path / "broken.xlsx")
    (v,) = [v for v in report.violations if (v.rule, v.cell) == ("LAYOUT", "B3")]
    assert v.to_dict()["found"] == "本年新\n制作数量"
    for lang in ("zh", "en"):
        assert "\n" not in v.message(lang)
        (line,) = [line for line in xlcheck.report.to_text(report, lang).splitlines() if "B3" in line]
        assert "本年新 制作数量" in line
    ann = openpyxl.load_workbook(xlcheck.annotate(report, tmp_path / "副本.xlsx"))
    assert "实为：本年新 制作数量" in ann["表二"]["B3"].comment.text
    listed = [r for r in ann[RESULTS_SHEET].iter_rows(values_only=True) if r[2] == "B3"]
    assert listed and all("\n" not in str(value) for value in listed[0] if value)
    (out,) = write_summary([report], tmp_path / "汇总.xlsx")
    rows = openpyxl.load_workbook(out)[SHEETS["zh"][1]].iter_rows(min_row=HEADING_ROW + 1, values_only=True)
    shown = [value for row in rows if "B3" in row for value in row if isinstance(value, str)]
    assert "本年新 制作数量" in shown and not any("\n" in value for value in shown)


def test_an_english_copy_says_empty_in_english_with_plain_colons(tmp_path):
    from helpers import clean_values

    path = xlcheck.make_template(tmp_path / "r.xlsx", values=clean_values() | {"t3.new.natural": None})
    out = xlcheck.annotate(xlcheck.check(path), tmp_path / "copy.xlsx", "en")
    wb = openpyxl.load_workbook(out)
    comments = [c.comment.text for ws in wb for row in ws.iter_rows() for c in row if c.comment]
    assert comments and all("：" not in text and "（空）" not in text for text in comments)
    assert any("found: (empty)" in text for text in comments)
