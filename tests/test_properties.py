"""Properties over any cell value and any structural edit (hypothesis, derandomized for CI)."""

from __future__ import annotations

import json
import string
from datetime import date, datetime

import openpyxl
from helpers import ROOT, found, insert
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from test_drift import moved

import xlcheck
from xlcheck.formats.format2021 import FORMAT_2021
from xlcheck.formats.spec import AMOUNT, COUNT, NARRATIVE, TEXT, YEAR, layout
from xlcheck.schemas import rejected
from xlcheck.values import BLANK, candidate

LAYOUT = layout(FORMAT_2021)
SUM_RULES = {c.rule for c in LAYOUT.checks}
TABLE_FIELDS = sorted(f for f in LAYOUT.fields if f.startswith(("t2.", "t3.", "t4.")))
MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"
CLEAN = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"
KINDS = (COUNT, AMOUNT, YEAR, TEXT, NARRATIVE)
CELL_RULES = {
    COUNT: {"CELL-BLANK", "NUM-COUNT", "CELL-TEXTNUM", "CELL-FORMULA"},
    AMOUNT: {"CELL-BLANK", "NUM-AMOUNT", "CELL-TEXTNUM", "CELL-FORMULA"},
}
SETTINGS = settings(derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

any_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.text(),
    st.text(alphabet=string.digits + "０１２３４５６７８９.,-－+ \u3000件万元/—无", max_size=8),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.times(),
)


@SETTINGS
@given(value=any_value, kind=st.sampled_from(KINDS))
def test_any_value_is_classified_and_judged_without_error(value, kind):
    cand = candidate(value, kind)
    rejected([(kind, cand.value)] if cand.value is not None else [], 2008, 2026)
    if isinstance(value, str) and not value.strip() and not value.strip("\u3000"):
        assert cand is BLANK


@SETTINGS
@given(n=st.integers(min_value=0, max_value=10**12))
def test_whole_numbers_are_counts_as_numbers_and_as_text(n):
    assert not rejected([(COUNT, candidate(n, COUNT).value)], 2008, 2026)
    as_text = candidate(str(n), COUNT)
    assert as_text.as_text and as_text.value == n
    assert not rejected([(COUNT, as_text.value)], 2008, 2026)


def xml_safe(value):
    # openpyxl refuses to store control characters; a spreadsheet program cannot hold them either.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


@settings(
    derandomize=True,
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=any_value, field_id=st.sampled_from(TABLE_FIELDS))
def test_any_value_in_any_input_gives_a_report(tmp_path_factory, value, field_id):
    f = LAYOUT.fields[field_id]
    wb = openpyxl.load_workbook(CLEAN)
    wb[f.sheet][f.cell] = xml_safe(value)
    path = tmp_path_factory.mktemp("v") / "v.xlsx"
    wb.save(path)
    before = path.read_bytes()
    report = xlcheck.check(path)
    assert report.error is None
    json.dumps(report.to_dict())  # serialisable, whatever was typed
    at_cell = {v.rule for v in report.violations if (v.sheet, v.cell) == (f.sheet, f.cell)}
    cell_rules = at_cell - SUM_RULES
    assert len(cell_rules) <= 1 and cell_rules <= CELL_RULES[f.kind]
    elsewhere = {v.rule for v in report.violations if (v.sheet, v.cell) != (f.sheet, f.cell)}
    assert elsewhere <= SUM_RULES  # a value only unbalances the sums that read it
    assert path.read_bytes() == before


SHEETS_AND_EDITS = st.lists(
    st.one_of(
        st.tuples(
            st.sampled_from(["表二", "表三", "表四", "封面", "正文"]),
            st.just("row"),
            st.integers(1, 32),
            st.integers(1, 2),
        ),
        st.tuples(st.sampled_from(["表二", "表三", "表四"]), st.just("col"), st.integers(1, 16), st.integers(1, 2)),
    ),
    min_size=1,
    max_size=3,
)


@settings(
    derandomize=True,
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=SHEETS_AND_EDITS, rename=st.booleans())
def test_any_insertions_and_renames_keep_the_findings(tmp_path_factory, edits, rename):
    baseline = found(xlcheck.check(MISTAKES))
    wb = openpyxl.load_workbook(MISTAKES)
    expected = baseline
    for sheet, axis, at, n in edits:
        insert(wb[sheet], **{axis: at, "n": n})
        expected = moved(expected, sheet, **{axis: at, "n": n})
    if rename:
        wb["表三"].title = "三 依申请公开"
        wb.move_sheet("表四", offset=-3)
        expected = moved(expected, "表三", rename="三 依申请公开")
    path = tmp_path_factory.mktemp("s") / "s.xlsx"
    wb.save(path)
    assert found(xlcheck.check(path)) == expected
