"""Cell values before the rules: blanks, numbers stored as text, what the schemas refuse."""

from __future__ import annotations

from datetime import datetime

import pytest

from xlcheck.formats.spec import AMOUNT, COUNT, NARRATIVE, YEAR
from xlcheck.schemas import rejected
from xlcheck.values import BLANK, candidate, decimals, parse_number_text


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", "\n"])
def test_empty_cells_are_blank(raw):
    assert candidate(raw, COUNT) is BLANK
    assert candidate(raw, NARRATIVE) is BLANK


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("5", 5),
        ("５", 5),
        (" 3 ", 3),
        ("3.0", 3),
        ("１２３", 123),
        ("1,234", 1234),
        ("7730.28", 7730.28),
        ("-3", -3),
        ("－３", -3),
        ("3.5", 3.5),
    ],
)
def test_numbers_typed_as_text_are_read(text, number):
    assert parse_number_text(text) == number
    cand = candidate(text, COUNT)
    assert (cand.value, cand.as_text, cand.raw) == (number, True, text)


@pytest.mark.parametrize(
    "text", ["3件", "/", "-", "—", "无", "22（其中修订16件）", "1926.4774 万元", "1e5", "12,34", "nan"]
)
def test_words_units_and_placeholders_stay_text(text):
    assert parse_number_text(text) is None
    assert candidate(text, COUNT).value == text


def test_whole_floats_are_counts():
    assert candidate(3.0, COUNT).value == 3 and isinstance(candidate(3.0, COUNT).value, int)
    assert isinstance(candidate(3.0, AMOUNT).value, float)


@pytest.mark.parametrize(
    ("number", "places"), [(1.5, 1), (24252.311082, 6), (4068.208, 3), (3.0, 0), (1e-07, 7), (1.2345678, 7), (1e16, 0)]
)
def test_decimals(number, places):
    assert decimals(number) == places


def refused(kind, *values):
    return {v for (_, _, v) in rejected([(kind, v) for v in values], 2008, 2026)}


def test_count_schema():
    bad = [-1, 2.5, True, False, datetime(2024, 1, 1), "3件", "/"]
    assert refused(COUNT, 0, 1, 447228, *bad) == set(bad)


def test_bool_is_not_a_count_even_though_python_says_int():
    assert refused(COUNT, True) == {True}
    assert refused(COUNT, 1) == set()


def test_amount_schema_allows_six_decimals():
    assert refused(AMOUNT, 0, 1.5, 24252.311082, 96171.6, 5) == set()
    assert refused(AMOUNT, -0.5, 1.2345678, "12 万元") == {-0.5, 1.2345678, "12 万元"}


def test_year_schema_is_2008_to_this_year():
    assert refused(YEAR, 2008, 2026) == set()
    assert refused(YEAR, 2007, 2027, "2021年") == {2007, 2027, "2021年"}


@pytest.mark.parametrize(
    ("text", "kind", "says"),
    [
        ("75394432.52元", AMOUNT, "75394432.52元即 7539.443252（万元）"),
        ("12.3456 万元", AMOUNT, "不能带单位「万元」，请只填 12.3456"),
        ("3件", COUNT, "不能带单位「件」，请只填 3"),
        ("1,200 条", COUNT, "请只填 1200"),
    ],
)
def test_a_number_written_with_its_unit_says_what_to_type_instead(text, kind, says):
    from xlcheck.values import problem

    zh, en = problem(text, kind)
    assert says in zh and "no unit" in en and "没有请填 0" not in zh


@pytest.mark.parametrize(
    ("text", "kind"), [("3元", COUNT), ("22（其中修订16件）", COUNT), ("约5件", COUNT), ("5件", AMOUNT)]
)
def test_other_text_keeps_the_general_reason(text, kind):
    from xlcheck.values import problem

    assert problem(text, kind) == "text"
