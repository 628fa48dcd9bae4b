"""The Python API as a script writer first meets it (issue 7, item 17): a short help(), misspelt ids
refused with suggestions, and one style for a report's verdicts."""

from __future__ import annotations

import inspect
import math
import pydoc
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from helpers import ROOT, clean_values

import xlcheck
from xlcheck.errors import FieldValueError, XlcheckError
from xlcheck.outputs.template import report_years

CLEAN = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"
MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"


def test_help_of_make_template_is_short():
    signature = str(inspect.signature(xlcheck.make_template))
    assert len(signature) < 200, signature
    assert "Format(" not in signature
    page = pydoc.render_doc(xlcheck.make_template, renderer=pydoc.plaintext)
    assert len(page) < 3000 and "FieldValueError" in page


def test_a_misspelt_id_is_refused_with_its_close_matches(tmp_path):
    out = tmp_path / "t.xlsx"
    with pytest.raises(ValueError) as refused:
        xlcheck.make_template(out, values={"t3.new.natrual": 5})
    error = refused.value
    assert isinstance(error, FieldValueError) and isinstance(error, XlcheckError)
    assert error.code == "unknown-field" and error.field == "t3.new.natrual"
    assert error.suggestions[0] == "t3.new.natural"
    assert "t3.new.natrual" in str(error) and "是否想写 t3.new.natural" in str(error)
    assert "did you mean t3.new.natural" in error.message("en")
    assert not out.exists()  # nothing is written before every value is vetted


def test_an_id_like_nothing_gets_no_suggestion(tmp_path):
    with pytest.raises(FieldValueError) as refused:
        xlcheck.make_template(tmp_path / "t.xlsx", values={"zzz": 1})
    assert refused.value.suggestions == () and "是否想写" not in str(refused.value)


@pytest.mark.parametrize(
    "value", [[5], {"n": 5}, (5,), {5}, b"5", object(), math.nan, math.inf, complex(1, 1), "字" * 32768]
)
def test_a_value_no_cell_can_hold_is_refused(tmp_path, value):
    out = tmp_path / "t.xlsx"
    with pytest.raises(FieldValueError) as refused:
        xlcheck.make_template(out, values={"t3.new.natural": value})
    assert refused.value.code == "unwritable-value" and "t3.new.natural" in str(refused.value)
    assert not out.exists()


def test_wrong_but_writable_values_are_written_as_typed(tmp_path):
    # Tests and samples build faulty workbooks this way; the checker, not the generator, judges them.
    values = {
        "t3.new.natural": "5",
        "t3.new.business": -1,
        "t3.new.research": 1.5,
        "t3.new.nonprofit": True,
        "t3.new.legal": Decimal("2"),
        "t3.new.other": None,
        "t4.review_upheld": datetime(2025, 1, 2),
        "t4.review_corrected": date(2025, 1, 2),
    }
    path = xlcheck.make_template(tmp_path / "t.xlsx", values=values)
    ws = openpyxl.load_workbook(path)["表三"]
    assert (ws["D5"].value, ws["E5"].value, ws["F5"].value, ws["G5"].value, ws["H5"].value) == ("5", -1, 1.5, True, 2)
    assert ws["I5"].value is None
    t4 = openpyxl.load_workbook(path)["表四"]
    # A date as Excel stores one typed into the cell: a number shown as a date, read back as the date.
    assert t4["A5"].value == t4["B5"].value == datetime(2025, 1, 2)


def test_the_year_must_be_a_plausible_report_year(tmp_path):
    years = report_years()
    assert years[0] == xlcheck.FORMAT_2021.first_year == 2008 and years[-1] == date.today().year
    for year in (1999, 2007, date.today().year + 1, "2025", 2025.0, True):
        with pytest.raises(FieldValueError) as refused:
            xlcheck.make_template(tmp_path / "t.xlsx", year=year)
        assert refused.value.code == "year-out-of-range"
        assert f"2008–{date.today().year}" in str(refused.value)
    assert not (tmp_path / "t.xlsx").exists()
    for year in (2008, date.today().year):
        path = xlcheck.make_template(tmp_path / f"{year}.xlsx", year=year)
        assert openpyxl.load_workbook(path)["封面"]["B3"].value == year


def test_a_year_typed_into_values_is_written_as_typed(tmp_path):
    path = xlcheck.make_template(tmp_path / "t.xlsx", values={"meta.year": 1999})
    assert openpyxl.load_workbook(path)["封面"]["B3"].value == 1999
    assert "META-YEAR" in {v.rule for v in xlcheck.check(path).violations}


def test_a_path_that_cannot_be_written_raises_oserror(tmp_path):
    with pytest.raises(FileNotFoundError):
        xlcheck.make_template(tmp_path / "no such folder" / "t.xlsx")


def test_passed_is_a_property_like_errors_and_warnings(tmp_path):
    clean, faulty = xlcheck.check(CLEAN), xlcheck.check(MISTAKES)
    assert clean.passed is True and faulty.passed is False
    assert not callable(clean.passed)
    missing = xlcheck.check(tmp_path / "missing.xlsx")
    assert missing.passed is False and missing.exit_code() == 2


def test_a_report_with_only_warnings_passes_and_strict_mode_is_the_exit_code(tmp_path):
    path = xlcheck.make_template(tmp_path / "w.xlsx", values=clean_values() | {"t3.open.natural": "5"})
    report = xlcheck.check(path)
    assert report.warnings and not report.errors
    assert report.passed and report.exit_code() == 0 and report.exit_code(strict=True) == 1


def test_an_annotated_copy_goes_to_a_file_object_and_refuses_what_the_command_line_refuses(tmp_path):
    import io

    from xlcheck.errors import CheckError, OutputError

    data = MISTAKES.read_bytes()
    report = xlcheck.check(data, name="上传.xlsx")
    out = xlcheck.annotate(report, io.BytesIO(), source=data)
    assert xlcheck.check(out.getvalue()).error.code == "annotated-copy"  # a whole workbook, marked as ours
    with pytest.raises(OutputError) as refused:
        xlcheck.annotate(xlcheck.check(MISTAKES), tmp_path / "copy.txt")
    assert refused.value.code == "output-not-xlsx" and not (tmp_path / "copy.txt").exists()
    with pytest.raises(CheckError) as unchecked:
        xlcheck.annotate(xlcheck.check(tmp_path / "missing.xlsx"), tmp_path / "out.xlsx")
    assert unchecked.value.code == "file-not-found"


def test_check_all_takes_one_folder_as_a_string(tmp_path):
    (tmp_path / "甲.xlsx").write_bytes(MISTAKES.read_bytes())
    assert [r.path for r in xlcheck.check_all(str(tmp_path))] == [str(tmp_path / "甲.xlsx")]


def test_a_template_into_a_missing_folder_names_that_folder(tmp_path):
    with pytest.raises(FileNotFoundError) as missing:
        xlcheck.make_template(tmp_path / "没有" / "t.xlsx")
    assert missing.value.filename == str(tmp_path / "没有") and not (tmp_path / "没有").exists()
