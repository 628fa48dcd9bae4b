"""Real published reports typed into the template by their printed labels alone.

Each report must yield exactly the violations its published values imply, no more, no fewer.
"""

from __future__ import annotations

import pytest
from helpers import ROOT, real_reports, type_report

import xlcheck

REPORTS = real_reports()
LEGAL_PERSON_COLUMNS = "EFGHI"  # 商业企业 … 其他 on sheet 表三
SEED_TEXT = (ROOT / "samples" / "source" / "shizuishan_mzj_2021.txt").read_text(encoding="utf-8")


def seed_sections() -> dict[str, str]:
    """The seed's own narrative sections, so 00 is typed with its real text."""
    parts = {}
    for key, heading, nxt in (
        ("overview", "一、总体情况", "二、主动公开政府信息情况"),
        ("problems", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
        ("other", "六、其他需要报告的事项", None),
    ):
        body = SEED_TEXT.split(heading, 1)[1]
        parts[key] = body.split(nxt, 1)[0] if nxt else body
    return parts


# What the published values imply, report by report.
EXPECTED = {
    # 2019 table 二 under a 30号 citation: 本年废止件数 and 本年收费金额 have no published value, and
    # the single 2019 （六）其他处理 row has no 2021 home, so 1–3 of （六） stay blank.
    "00_shizuishan_mzj_2021": {("CELL-BLANK", "表二", c) for c in ("C4", "C5", "B15")}
    | {("CELL-BLANK", "表三", f"{c}{r}") for c in "DEFGHI" for r in (25, 26, 27)},
    "03_huaian_szf_2024": set(),
    "04_suqian_sq_2023": set(),
    # 04's next year (test_crossyear.py compares the two). Its narrative says 行政复议134件, 行政诉讼57件
    # while table 四 totals 170 and 25 + 52: the real inconsistency its notes record (TEXT-TABLE, a warning).
    "05_suqian_sq_2024": {("TEXT-TABLE", "正文", "A3")},
    # Every 法人或其他组织 cell published blank: 25 rows x 5 columns.
    "07_shuyang_fgj_2023": {("CELL-BLANK", "表三", f"{c}{r}") for c in LEGAL_PERSON_COLUMNS for r in range(5, 30)},
    "08_shuyang_xzf_2025": set(),
    # The 2019 trial format, typed into the 2019 template: every table rule holds (7+1+7+5+3 = 23 in
    # each column); 采购总金额 was published with its unit inside the cell, 75394432.52元.
    "16_pingtan_2019": {("NUM-AMOUNT", "表二", "C19")},
}


def test_every_real_report_has_an_expectation():
    assert set(REPORTS) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_real_report(name, template, template_2019, tmp_path):
    texts = seed_sections() if name.startswith("00_") else None
    # A report is typed into the template of its format; the seed's mixed tables into the 2021 one,
    # the format its year calls for (its 2019 parts have no place there).
    official = "2019" if REPORTS[name]["format_version"] == "2019" else "2021"
    blank = template_2019 if official == "2019" else template
    skipped = type_report(blank, REPORTS[name], tmp_path / f"{name}.xlsx", texts, official=official)
    report = xlcheck.check(tmp_path / f"{name}.xlsx")
    assert report.error is None and report.format == official
    assert {(v.rule, v.sheet, v.cell) for v in report.violations} == EXPECTED[name]
    assert all(v.severity == "error" for v in report.violations if v.rule != "TEXT-TABLE")
    assert report.not_assessed == [] and report.implied == []
    if REPORTS[name]["format_version"] != "mixed":
        assert skipped == []


def test_07_is_125_blanks_and_nothing_else(template, tmp_path):
    type_report(template, REPORTS["07_shuyang_fgj_2023"], tmp_path / "07.xlsx")
    report = xlcheck.check(tmp_path / "07.xlsx")
    assert len(report.violations) == 125
    assert {v.rule for v in report.violations} == {"CELL-BLANK"}
    assert report.exit_code() == 1


def test_the_2019_parts_of_00_are_what_has_no_2021_home(template, tmp_path):
    skipped = type_report(template, REPORTS["00_shizuishan_mzj_2021"], tmp_path / "00.xlsx", seed_sections())
    assert "表三 other" in skipped
    assert any("政府集中采购" in s for s in skipped)
    assert any("本年新公开数量" in s for s in skipped)


def mutated(name: str, **changes) -> dict:
    """A copy of a real report with some published cells changed: section3 row -> {column index: value}."""
    import copy

    report = copy.deepcopy(REPORTS[name])
    for row, cells in changes.items():
        for index, value in cells.items():
            report["section3"][row][index] = value
    return report


def typed_and_checked(report: dict, template, tmp_path) -> set[tuple[str, str, str, str]]:
    type_report(template, report, tmp_path / "m.xlsx")
    return {(v.rule, v.severity, v.sheet, v.cell) for v in xlcheck.check(tmp_path / "m.xlsx").violations}


def test_outcomes_missing_cases_in_one_column_are_one_finding(template, tmp_path):
    # As a published 2020 report did: 自然人's （一）予以公开 printed 6 short (its row total too), while
    # its （七）总计 stayed right. The 总计 column's outcomes fail only because 自然人's do.
    published = REPORTS["03_huaian_szf_2024"]["section3"]["open"]
    report = mutated("03_huaian_szf_2024", open={0: published[0] - 6, 6: published[6] - 6})
    type_report(template, report, tmp_path / "m.xlsx")
    checked = xlcheck.check(tmp_path / "m.xlsx")
    assert {(v.rule, v.cell) for v in checked.violations} == {("T3-OUTCOMES", "D28")}
    assert [(i.rule, i.cell, i.because) for i in checked.implied] == [("T3-OUTCOMES", "J28", ("D28",))]


def test_eleven_blank_outcome_totals_are_eleven_rowtotals_and_no_total_column_outcomes(template, tmp_path):
    # As a published report did: 11 outcome rows printed with an empty 总计.
    rows = ["open", "partial", "deny_2", "deny_3", "deny_4", "deny_5", "deny_6", "deny_7", "deny_8", "unable_1"]
    rows.append("unable_2")
    report = mutated("04_suqian_sq_2023", **{row: {6: ""} for row in rows})
    type_report(template, report, tmp_path / "m.xlsx")
    checked = xlcheck.check(tmp_path / "m.xlsx")
    blank = [f"J{r}" for r in (7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18)]
    assert {(v.rule, v.cell) for v in checked.violations} == {
        *(("CELL-BLANK", c) for c in blank),
        *(("T3-ROWTOTAL", c) for c in blank),
    }
    assert [(i.rule, i.cell, set(i.because)) for i in checked.implied] == [("T3-OUTCOMES", "J28", set(blank))]
    assert len(checked.errors) == 22


def test_a_mistyped_grand_total_in_a_real_report(template, tmp_path):
    # 淮安 2024, （七）总计 × 自然人 published 2932; typed 2933.
    found = typed_and_checked(mutated("03_huaian_szf_2024", total={0: 2933}), template, tmp_path)
    assert found == {
        ("T3-OUTCOMES", "error", "表三", "D28"),  # 2933 is not the sum of the outcomes
        ("T3-BALANCE", "error", "表三", "D29"),  # the 自然人 column no longer balances
        ("T3-ROWTOTAL", "error", "表三", "J28"),  # the （七）总计 row no longer adds up to its 总计
    }


def test_units_and_placeholders_typed_into_a_real_report(template, tmp_path):
    report = mutated("08_shuyang_xzf_2025", new={1: "3件"}, deny_1={0: "-"}, carried_in={0: "３６"})
    report["section2"]["第二十条第（八）项"]["行政事业性收费"] = "4068.208万元"
    found = typed_and_checked(report, template, tmp_path)
    assert found == {
        ("NUM-COUNT", "error", "表三", "E5"),
        ("NUM-COUNT", "error", "表三", "D9"),
        ("CELL-TEXTNUM", "warning", "表三", "D6"),
        ("NUM-AMOUNT", "error", "表二", "B15"),
    }
