"""Each rule on a workbook: a clean report, one change typed with openpyxl, the exact findings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from helpers import cell_of, clean_values, fill, found

import xlcheck


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    return xlcheck.make_template(tmp_path_factory.mktemp("clean") / "clean.xlsx", values=clean_values())


@pytest.fixture
def checked(clean, tmp_path):
    """Type {field id or (sheet, cell): value} over the clean report and check it."""

    def run(changes: dict) -> xlcheck.Report:
        cells = {cell_of(k) if isinstance(k, str) else k: v for k, v in changes.items()}
        return xlcheck.check(fill(clean, tmp_path / "filled.xlsx", cells))

    return run


E = "error"
W = "warning"


def test_the_clean_report_is_clean(clean):
    report = xlcheck.check(clean)
    assert report.violations == [] and report.not_assessed == []
    assert (
        report.exit_code() == 0
        and report.format == "2021"
        and report.template_version == xlcheck.FORMAT_2021.template_version
    )


# ------------------------------------------------------------------ arithmetic


def implied(report) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {(i.rule, i.sheet, i.cell, i.because) for i in report.implied}


def test_a_wrong_input_unbalances_its_column_and_the_total_column_follows(checked):
    # D7 is an outcome: the formulas recompute J7 and D28, so only the 勾稽关系 breaks; the 总计
    # column's balance (J29) follows from the 自然人 column's and is not a finding of its own.
    report = checked({"t3.open.natural": 6})
    assert found(report) == {("T3-BALANCE", E, "表三", "D29")}
    assert implied(report) == {("T3-BALANCE", "表三", "J29", ("D29",))}
    balance = next(v for v in report.violations if v.cell == "D29")
    assert (balance.expected, balance.found) == (1, 2)  # 10 + 2 = (5+1+2+3) + x  =>  x = 1
    assert set(balance.cells) == {"D5", "D6", "D28", "D29"}


def test_a_row_total_typed_wrong_is_rowtotal_once(checked):
    report = checked({"t3.open.total": 7})
    assert found(report) == {("T3-ROWTOTAL", E, "表三", "J7")}
    assert implied(report) == {("T3-OUTCOMES", "表三", "J28", ("J7",))}  # J28 adds up J7
    rowtotal = next(v for v in report.violations if v.rule == "T3-ROWTOTAL")
    assert (rowtotal.expected, rowtotal.found) == (6, 7)
    assert "三、本年度办理结果（一）予以公开 × 总计" in rowtotal.message()


def test_one_wrong_grand_total_breaks_its_columns_rules_and_the_total_column_follows(checked):
    report = checked({"t3.total.natural": 9})
    assert found(report) == {("T3-OUTCOMES", E, "表三", "D28"), ("T3-BALANCE", E, "表三", "D29")}
    assert implied(report) == {("T3-OUTCOMES", "表三", "J28", ("D28",)), ("T3-BALANCE", "表三", "J29", ("D29",))}


def test_a_typed_total_that_is_right_is_fine(checked):
    assert checked({"t3.new.total": 11, "t3.total.natural": 10}).violations == []


def test_table4_total(checked):
    report = checked({"t4.review_total": 3})
    assert found(report) == {("T4-TOTAL", E, "表四", "E5")}
    assert report.violations[0].expected == 2
    assert "行政复议·总计" in report.violations[0].message()


# ------------------------------------------------------------------ one mistake, one finding (FORMAT.md)


def test_a_mistyped_row_total_is_one_finding_and_the_total_column_is_not_painted(checked, tmp_path):
    # J5 holds 11; staff type 12 over its formula. J29 keeps =SUM(D29:I29): it is right, and telling
    # staff to change it would make a new mistake.
    report = checked({"t3.new.total": 12})
    assert found(report) == {("T3-ROWTOTAL", E, "表三", "J5")}
    assert implied(report) == {("T3-BALANCE", "表三", "J29", ("J5",))}
    assert len(report.errors) == 1 and report.to_dict()["summary"] == {"errors": 1, "warnings": 0}
    assert report.to_dict()["implied"] == [{"rule": "T3-BALANCE", "sheet": "表三", "cell": "J29", "because": ["J5"]}]
    assert "J29" not in {v["cell"] for v in report.to_dict()["violations"]}
    assert "T3-BALANCE@表三!J29（由 J5 导致）" in xlcheck.report.to_text(report)
    import openpyxl

    wb = openpyxl.load_workbook(xlcheck.annotate(report, tmp_path / "副本.xlsx"))
    ws = wb["表三"]
    assert ws["J5"].fill.fgColor.rgb == "FFFF9C9C" and ws["J5"].comment is not None
    assert ws["J29"].fill.fgColor.rgb.endswith("DDEBF7") and ws["J29"].comment is None  # the total's own blue
    listed = [[c.value for c in row] for row in wb["检查结果"].iter_rows()]
    assert [None, "表三", "J29", "T3-BALANCE", None, "由 J5 导致"] in [row[:6] for row in listed]
    assert sum(isinstance(row[0], int) for row in listed) == 1  # one numbered finding


def test_a_wrong_number_typed_into_the_grand_total_is_rowtotal_there_once(checked):
    report = checked({"t3.total.total": 12})  # J28: 11 by its row and by its column
    assert found(report) == {("T3-ROWTOTAL", E, "表三", "J28")}
    assert implied(report) == {("T3-OUTCOMES", "表三", "J28", ("J28",)), ("T3-BALANCE", "表三", "J29", ("J28",))}


def test_an_applicant_columns_outcome_error_is_one_outcomes_finding(checked):
    # 自然人's outcomes miss a case while its typed （七）总计 still balances the column.
    report = checked({"t3.open.natural": 4, "t3.total.natural": 10})
    assert found(report) == {("T3-OUTCOMES", E, "表三", "D28")}
    assert implied(report) == {("T3-OUTCOMES", "表三", "J28", ("D28",))}


def test_several_causes_are_all_named(checked):
    report = checked({"t3.open.natural": 6, "t3.new.total": 10})
    assert found(report) == {("T3-BALANCE", E, "表三", "D29"), ("T3-ROWTOTAL", E, "表三", "J5")}
    assert implied(report) == {("T3-BALANCE", "表三", "J29", ("D29", "J5"))}


def test_a_total_column_failure_whose_causes_cannot_be_assessed_is_still_reported(checked):
    # D7 is unusable, so neither 自然人's outcomes nor row 7's total can be judged; the typed J7
    # (7, not 6) breaks the 总计 column's outcomes and nothing judged explains it.
    report = checked({"t3.open.natural": "/", "t3.open.total": 7, "t3.total.natural": 10})
    assert found(report) == {("NUM-COUNT", E, "表三", "D7"), ("T3-OUTCOMES", E, "表三", "J28")}
    assert report.implied == []
    assert {("T3-ROWTOTAL", "J7"), ("T3-OUTCOMES", "D28")} <= {(n.rule, n.cell) for n in report.not_assessed}


def test_rules_outside_the_total_column_are_never_implied(checked):
    # 商业企业's balance fails with 自然人's: each applicant column is a finding of its own.
    report = checked({"t3.open.natural": 6, "t3.open.business": 2})
    assert found(report) == {("T3-BALANCE", E, "表三", "D29"), ("T3-BALANCE", E, "表三", "E29")}
    assert implied(report) == {("T3-BALANCE", "表三", "J29", ("D29", "E29"))}


# ------------------------------------------------------------------ cell values


@pytest.mark.parametrize(
    "value", ["3件", "/", "-", "—", "无", -1, 2.5, True, datetime(2024, 3, 1), "22（其中修订16件）", "-3", "3.5"]
)
def test_num_count(checked, value):
    report = checked({"t3.deny_1.natural": value})
    assert found(report) == {("NUM-COUNT", E, "表三", "D9")}
    # Rules reading D9 (directly, or through a total computed from it) are not assessed.
    assert {(n.rule, n.cell) for n in report.not_assessed} == {
        ("T3-ROWTOTAL", "J9"),
        ("T3-ROWTOTAL", "J28"),
        ("T3-OUTCOMES", "D28"),
        ("T3-OUTCOMES", "J28"),
        ("T3-BALANCE", "D29"),
        ("T3-BALANCE", "J29"),
    }
    assert all(n.because == ("D9",) for n in report.not_assessed)
    assert report.exit_code() == 1


def test_num_count_in_table2(checked):
    report = checked({"t2.rules.repealed": "/"})
    assert found(report) == {("NUM-COUNT", E, "表二", "C4")}
    assert report.not_assessed == []


@pytest.mark.parametrize("value", ["1926.4774 万元", -0.5, "无", 1.2345678, False])
def test_num_amount(checked, value):
    assert found(checked({"t2.fees.amount": value})) == {("NUM-AMOUNT", E, "表二", "B15")}


@pytest.mark.parametrize("value", [24252.311082, 4068.208, 0, 96171])
def test_real_fee_amounts_are_fine(checked, value):
    assert checked({"t2.fees.amount": value}).violations == []


@pytest.mark.parametrize("value", [None, "", "   "])
def test_cell_blank_counts_as_zero_and_is_reported_once(checked, value):
    report = checked({"t3.open.business": value})  # 1 -> blank: column 商业企业 no longer balances
    assert found(report) == {("CELL-BLANK", E, "表三", "E7"), ("T3-BALANCE", E, "表三", "E29")}
    assert implied(report) == {("T3-BALANCE", "表三", "J29", ("E29",))}


def test_a_blank_total_is_blank_and_counts_as_zero(checked):
    report = checked({"t3.new.total": None})
    assert found(report) == {("CELL-BLANK", E, "表三", "J5"), ("T3-ROWTOTAL", E, "表三", "J5")}
    assert implied(report) == {("T3-BALANCE", "表三", "J29", ("J5",))}


@pytest.mark.parametrize("text", ["5", "５", " 5 ", "5.0"])
def test_cell_textnum_uses_the_value(checked, text):
    report = checked({"t3.open.natural": text})  # the value is unchanged: only the warning
    assert found(report) == {("CELL-TEXTNUM", W, "表三", "D7")}
    assert report.violations[0].expected == 5 and report.violations[0].found == text
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1


def test_textnum_value_enters_the_arithmetic(checked):
    report = checked({"t3.open.natural": "６"})
    assert found(report) == {("CELL-TEXTNUM", W, "表三", "D7"), ("T3-BALANCE", E, "表三", "D29")}
    assert implied(report) == {("T3-BALANCE", "表三", "J29", ("D29",))}


def test_a_formula_without_a_saved_result(checked):
    report = checked({"t3.open.natural": "=2+3"})  # openpyxl saves no result
    assert found(report) == {("CELL-FORMULA", E, "表三", "D7")}
    assert {n.rule for n in report.not_assessed} == {"T3-ROWTOTAL", "T3-OUTCOMES", "T3-BALANCE"}


def test_an_error_value(checked):
    report = checked({"t4.review_upheld": "#DIV/0!"})
    assert found(report) == {("CELL-FORMULA", E, "表四", "A5")}
    assert [(n.rule, n.cell) for n in report.not_assessed] == [("T4-TOTAL", "E5")]


def test_a_total_with_another_formula_is_not_trusted(checked):
    report = checked({"t3.new.total": "=SUM(D5:H5)"})  # misses a column; no saved result either
    assert found(report) == {("CELL-FORMULA", E, "表三", "J5")}


def test_the_template_formula_is_recomputed_not_read(checked):
    # openpyxl drops every cached result: the totals must come from the inputs.
    report = checked({"t3.new.natural": 11, "t3.carry_out.natural": 3})
    assert report.violations == []


# ------------------------------------------------------------------ cover and narrative


@pytest.mark.parametrize("value", [None, 2007, 2099, "2024年", 2024.5, "二〇二四"])
def test_meta_year(checked, value):
    assert found(checked({"meta.year": value})) == {("META-YEAR", E, "封面", "B3")}


def test_meta_year_as_text_is_a_warning(checked):
    assert found(checked({"meta.year": "2024"})) == {("CELL-TEXTNUM", W, "封面", "B3")}


@pytest.mark.parametrize("value", [None, "  "])
def test_meta_agency(checked, value):
    assert found(checked({"meta.agency": value})) == {("META-AGENCY", E, "封面", "B2")}


@pytest.mark.parametrize(("field", "cell"), [("text.overview", "A3"), ("text.problems", "A16")])
def test_sec_text(checked, field, cell):
    assert found(checked({field: None})) == {("SEC-TEXT", E, "正文", cell)}


def test_an_empty_section_6_is_sec_text_only(checked):
    assert found(checked({"text.other": None})) == {("SEC-TEXT", E, "正文", "A22")}


def test_sec6_fee(checked):
    report = checked({"text.other": "本机关认真办理人大代表建议和政协提案。"})
    assert found(report) == {("SEC6-FEE", W, "正文", "A22")}
    assert report.exit_code() == 0


@pytest.mark.parametrize("text", ["本年度未收取信息处理费。", "本机关未发生收费。", "共收取费用380元。"])
def test_sec6_fee_statements(checked, text):
    assert checked({"text.other": text}).violations == []


# ------------------------------------------------------------------ layout


def test_a_changed_label_is_layout_at_its_cell(checked):
    report = checked({("表二", "A5"): "规范性文件"})
    assert found(report) == {("LAYOUT", E, "表二", "A5")}
    v = report.violations[0]
    assert (v.expected, v.found) == ("行政规范性文件", "规范性文件")


def test_a_deleted_label_is_layout(checked):
    assert found(checked({("表三", "C27"): None})) == {("LAYOUT", E, "表三", "C27")}


@pytest.mark.parametrize("label", ["本年制发\n件数", " 本年 制发件数 ", "本年制发件数\u3000"])
def test_white_space_inside_labels_is_never_flagged(checked, label):
    assert checked({("表二", "B3"): label}).violations == []


def test_half_width_punctuation_in_a_label_is_layout_and_its_row_still_checked(checked):
    # FORMAT.md forgives white space only; the row is still found, so its cells are checked.
    report = checked({("表三", "B7"): "(一) 予以公开", "t3.open.natural": "/"})
    assert found(report) == {("LAYOUT", E, "表三", "B7"), ("NUM-COUNT", E, "表三", "D7")}


def test_layout_is_listed_first(checked):
    report = checked({("表二", "A5"): "规范性文件", "t2.rules.issued": "/"})
    assert [v["rule"] for v in report.to_dict()["violations"]] == ["LAYOUT", "NUM-COUNT"]


# ------------------------------------------------------------------ metadata


def test_a_workbook_declaring_an_unknown_format_is_not_checked(checked):
    # 2019 is a format now (tests/test_format2019.py); 2030 is none.
    report = checked({("_xlcheck", "B1"): "2030"})
    assert report.error.code == "unsupported-format" and report.exit_code() == 2
    assert "2030" in report.error.message()


def test_without_metadata_the_2021_format_is_assumed(clean, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(clean)
    del wb["_xlcheck"]
    wb.save(tmp_path / "no-meta.xlsx")
    report = xlcheck.check(tmp_path / "no-meta.xlsx")
    assert (report.format, report.template_version, report.violations) == ("2021", None, [])


def test_a_missing_sheet_is_layout_and_its_rules_are_not_assessed(clean, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(clean)
    del wb["表四"]
    wb.save(tmp_path / "no-t4.xlsx")
    report = xlcheck.check(tmp_path / "no-t4.xlsx")
    assert found(report) == {("LAYOUT", E, "表四", "A1")}
    assert [(n.rule, n.cell) for n in report.not_assessed] == [
        ("T4-TOTAL", "E5"),
        ("T4-TOTAL", "J5"),
        ("T4-TOTAL", "O5"),
    ]


def test_a_sum_rule_asking_for_a_negative_count_says_the_mistake_is_elsewhere():
    from helpers import clean_values

    from xlcheck.checker import evaluate

    values = clean_values()
    report = evaluate(values | {"t3.open.natural": values["t3.open.natural"] + 500}).report  # outcomes > received
    (v,) = [v for v in report.errors if v.rule == "T3-BALANCE" and v.expected < 0]
    assert "应为负数" in v.message() and "negative" in v.message("en")
    assert not any(
        "应为负数" in w.message() for w in report.errors if not (isinstance(w.expected, int) and w.expected < 0)
    )
