"""Cross-year checks (XYEAR-CARRY, XYEAR-VALID) on a real pair of published reports, held and mutated.

宿迁市 2023 (04) and 2024 (05) are the same jurisdiction in consecutive years: 2023's 四、结转下年度继续办理
is 2024's 二、上年结转 in every column, and 现行有效件数 rolls forward for 规章 and 行政规范性文件.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from helpers import PLAIN_TEXTS, insert, real_reports, type_report

import xlcheck
from xlcheck.crossyear import LastYear, agency_key, compare, with_last_year
from xlcheck.errors import notice
from xlcheck.formats.format2021 import FORMAT_2021
from xlcheck.formats.spec import layout

REPORTS = real_reports()
LAST, THIS = "04_suqian_sq_2023", "05_suqian_sq_2024"
APPLICANT_COLUMNS = "DEFGHI"  # 自然人 … 其他 on sheet 表三; J is 总计
CARRIED_IN_ROW, CARRY_OUT_ROW = 6, 29  # 二、上年结转 and 四、结转下年度继续办理 on 表三
RULES_ROW, NORMATIVE_ROW = 4, 5  # 规章 and 行政规范性文件 on 表二; B 制发, C 废止, D 现行有效
T21 = "第二十条第（一）项"


def xyear(report) -> set[tuple[str, str, str, str]]:
    """A report's cross-year findings as (rule, severity, sheet, cell)."""
    return {(v.rule, v.severity, v.sheet, v.cell) for v in report.violations if v.rule.startswith("XYEAR-")}


def changed(name: str, t3: dict | None = None, t2: dict | None = None, agency: str | None = None) -> dict:
    """A copy of a real report: ``t3`` {row key: {column index: value}}, ``t2`` {row label: {column index: value}}."""
    report = copy.deepcopy(REPORTS[name])
    for row, cells in (t3 or {}).items():
        for i, value in cells.items():
            report["section3"][row][i] = value
    for row, cells in (t2 or {}).items():
        for i, value in cells.items():
            report["section2"][T21][row][i] = value
    if agency is not None:
        report["agency"] = agency
    return report


@pytest.fixture
def typed(template, tmp_path):
    """Type a (changed) transcribed report into the template; return the file."""

    def make(report: dict, name: str = "r.xlsx", folder: str = "") -> Path:
        (tmp_path / folder).mkdir(exist_ok=True)
        out = tmp_path / folder / name
        type_report(template, report, out, PLAIN_TEXTS)
        return out

    return make


@pytest.fixture(scope="module")
def this_year(template, tmp_path_factory) -> xlcheck.Report:
    out = tmp_path_factory.mktemp("this") / "2024.xlsx"
    type_report(template, REPORTS[THIS], out, PLAIN_TEXTS)
    return xlcheck.check(out)


@pytest.fixture(scope="module")
def last_year(template, tmp_path_factory) -> xlcheck.Report:
    out = tmp_path_factory.mktemp("last") / "2023.xlsx"
    type_report(template, REPORTS[LAST], out, PLAIN_TEXTS)
    return xlcheck.check(out)


# ------------------------------------------------------------------ the rules as data


def test_the_rules_are_laid_out_per_column_and_row():
    lay = layout(FORMAT_2021)
    blamed = {(c.rule, lay.fields[c.blame].sheet, lay.fields[c.blame].cell) for c in lay.cross_checks}
    assert blamed == {("XYEAR-CARRY", "表三", f"{c}{CARRIED_IN_ROW}") for c in APPLICANT_COLUMNS + "J"} | {
        ("XYEAR-VALID", "表二", f"D{r}") for r in (RULES_ROW, NORMATIVE_ROW)
    }
    carry = next(c for c in lay.cross_checks if c.blame == "t3.carried_in.natural")
    assert (carry.this, carry.last, carry.plus, carry.minus) == (
        "t3.carried_in.natural",
        "t3.carry_out.natural",
        (),
        (),
    )
    valid = next(c for c in lay.cross_checks if c.blame == "t2.normative.valid")
    assert (valid.last, valid.plus, valid.minus) == (
        "t2.normative.valid",
        ("t2.normative.issued",),
        ("t2.normative.repealed",),
    )


def test_the_cross_year_rules_are_warnings_in_the_catalog_but_not_judged_by_a_workbook():
    catalog = {r.id: r for r in FORMAT_2021.rules}
    assert catalog["XYEAR-CARRY"].severity == catalog["XYEAR-VALID"].severity == "warning"
    assert {"XYEAR-CARRY", "XYEAR-VALID"}.isdisjoint(r.id for r in FORMAT_2021.workbook_rules)
    proc = subprocess.run(
        [sys.executable, "-m", "xlcheck", "rules", "--format", "json"], check=False, capture_output=True, text=True
    )
    rows = {r["id"]: r["severity"] for r in json.loads(proc.stdout)}
    assert rows["XYEAR-CARRY"] == rows["XYEAR-VALID"] == "warning"


# ------------------------------------------------------------------ the published pair, held and mutated


def test_the_published_pair_holds(this_year, last_year):
    assert this_year.violations == [] and last_year.violations == []
    found = compare(this_year, last_year)
    assert (found.violations, found.not_assessed, found.implied) == ((), (), ())


@pytest.mark.parametrize("column", range(6))
def test_a_changed_column_of_last_years_carry_over_is_one_warning_at_this_years_cell(this_year, typed, column):
    published = REPORTS[LAST]["section3"]["carry_out"][column]
    last = xlcheck.check(typed(changed(LAST, t3={"carry_out": {column: published + 5}})))
    found = compare(this_year, last)
    cell = f"{APPLICANT_COLUMNS[column]}{CARRIED_IN_ROW}"
    assert [(v.rule, v.severity, v.sheet, v.cell) for v in found.violations] == [
        ("XYEAR-CARRY", "warning", "表三", cell)
    ]
    (v,) = found.violations
    assert (v.expected, v.found) == (published + 5, REPORTS[THIS]["section3"]["carried_in"][column])
    last_cell = f"上年报告 表三!{APPLICANT_COLUMNS[column]}{CARRY_OUT_ROW}"
    assert v.cells == (cell, last_cell)
    assert f"{last_cell} 为 {published + 5}" in v.message()
    assert v.message().startswith("「二、上年结转政府信息公开申请数量 × ")


def test_a_total_mismatch_that_an_applicant_column_explains_is_implied_not_counted(this_year, typed):
    # Last year's row added up: 商业企业 4 instead of 3, so its 总计 122 instead of 121.
    last = xlcheck.check(typed(changed(LAST, t3={"carry_out": {1: 4, 6: 122}})))
    assert not [v for v in last.violations if v.rule == "T3-ROWTOTAL"]
    found = compare(this_year, last)
    assert [v.cell for v in found.violations] == ["E6"]
    assert [(i.rule, i.sheet, i.cell, i.because) for i in found.implied] == [("XYEAR-CARRY", "表三", "J6", ("E6",))]


def test_a_total_that_last_years_own_row_total_got_wrong_is_implied_by_it(this_year, typed):
    last = xlcheck.check(typed(changed(LAST, t3={"carry_out": {6: 130}})))
    assert ("T3-ROWTOTAL", "J29") in {(v.rule, v.cell) for v in last.violations}
    found = compare(this_year, last)
    assert found.violations == ()
    assert [(i.cell, i.because) for i in found.implied] == [("J6", ("上年报告 表三!J29",))]


def test_a_total_mismatch_no_row_total_can_vouch_for_is_reported_on_its_own(typed):
    # 自然人 unusable in both years: neither row total can be assessed, so the typed 总计 stand alone.
    this = xlcheck.check(typed(changed(THIS, t3={"carried_in": {0: "/"}}), "this.xlsx"))
    last = xlcheck.check(typed(changed(LAST, t3={"carry_out": {0: "/", 6: 130}}), "last.xlsx"))
    found = compare(this, last)
    assert [(v.cell, v.expected, v.found) for v in found.violations] == [("J6", 130, 121)]
    assert [(n.cell, n.because) for n in found.not_assessed] == [("D6", ("D6", "上年报告 表三!D29"))]


@pytest.mark.parametrize(("row", "cell", "index"), [("规章", "D4", 0), ("行政规范性文件", "D5", 1)])
def test_a_changed_count_in_force_is_xyear_valid_at_that_rows_cell(last_year, typed, row, cell, index):
    issued, repealed, valid = REPORTS[THIS]["section2"][T21][row]
    this = xlcheck.check(typed(changed(THIS, t2={row: {2: valid + 1}})))
    found = compare(this, last_year)
    assert [(v.rule, v.severity, v.sheet, v.cell) for v in found.violations] == [
        ("XYEAR-VALID", "warning", "表二", cell)
    ]
    (v,) = found.violations
    assert (v.expected, v.found) == (valid, valid + 1)
    before = REPORTS[LAST]["section2"][T21][row][2]
    r = cell[1:]
    assert f"上年报告 表二!{cell} 为 {before}，加 B{r} 的 {issued}，减 C{r} 的 {repealed}，得 {valid}" in v.message()
    assert v.cells == (cell, f"B{r}", f"C{r}", f"上年报告 表二!{cell}")


def test_a_wrong_repeal_count_is_blamed_at_the_count_in_force(last_year, typed):
    this = xlcheck.check(typed(changed(THIS, t2={"规章": {1: 0}})))  # 废止 1 typed as 0
    (v,) = compare(this, last_year).violations
    assert (v.rule, v.cell, v.expected, v.found) == ("XYEAR-VALID", "D4", 13, 12)


def test_a_blank_in_last_years_carry_over_counts_as_0_and_is_not_reported_again(this_year, typed):
    last = xlcheck.check(typed(changed(LAST, t3={"carry_out": {0: ""}})))
    assert ("CELL-BLANK", "D29") in {(v.rule, v.cell) for v in last.violations}
    joined = LastYear([last], explicit=True).join(this_year)
    assert [(v.rule, v.cell, v.expected, v.found) for v in joined.violations] == [("XYEAR-CARRY", "D6", 0, 118)]


def test_an_unusable_cell_last_year_leaves_the_column_not_assessed_naming_last_years_cell(this_year, typed):
    last = xlcheck.check(typed(changed(LAST, t3={"carry_out": {0: "/"}})))
    joined = LastYear([last], explicit=True).join(this_year)
    assert xyear(joined) == set()
    assert [(n.rule, n.sheet, n.cell, n.because) for n in joined.not_assessed] == [
        ("XYEAR-CARRY", "表三", "D6", ("上年报告 表三!D29",))
    ]
    codes = [code for code, *_ in joined.notices]
    assert codes == ["xyear-compared", "xyear-last-has-errors"]  # last year's errors do not stop the comparison
    assert joined.exit_code() == 0


def test_an_unusable_cell_this_year_is_named_bare(last_year, typed):
    this = xlcheck.check(typed(changed(THIS, t2={"行政规范性文件": {0: "50件"}})))
    found = compare(this, last_year)
    assert [(n.rule, n.cell, n.because) for n in found.not_assessed] == [("XYEAR-VALID", "D5", ("B5",))]
    assert found.violations == ()


def test_a_drifted_last_year_workbook_is_read_by_its_labels(this_year, typed, tmp_path):
    path = typed(changed(LAST, t3={"carry_out": {0: 117}}))
    wb = openpyxl.load_workbook(path)
    insert(wb["表三"], row=12, n=2)  # inside the outcomes: 四、结转下年度继续办理 moves to row 31
    insert(wb["表二"], row=3)  # 规章 moves to row 5
    wb["表三"].title = "依申请公开"
    wb.save(tmp_path / "drifted.xlsx")
    last = xlcheck.check(tmp_path / "drifted.xlsx")
    found = compare(this_year, last)
    (v,) = found.violations
    assert (v.rule, v.cell, v.expected, v.found) == ("XYEAR-CARRY", "D6", 117, 118)
    assert v.cells[-1] == "上年报告 依申请公开!D31"
    assert found.not_assessed == ()  # 规章 and the rest were read where they now stand


# ------------------------------------------------------------------ pairing by 机关名称 and 报告年度


def test_agency_names_are_compared_without_width_spaces_or_trailing_punctuation():
    assert agency_key(" 宿迁市（全市汇总， 宿迁市人民政府办公室编制）。") == agency_key(
        "宿迁市(全市汇总,宿迁市人民政府办公室编制)"
    )
    assert agency_key("ＡＢＣ 局") == agency_key("abc局")
    assert agency_key("宿迁市") != agency_key("宿迁县")


def test_a_folder_pairs_by_normalised_name_and_the_year_before(typed, tmp_path):
    published = REPORTS[LAST]["agency"]
    retyped = " " + published.replace("(", "（").replace(")", "）").replace(", ", "，").replace("市", "市 ", 1) + "。"
    assert retyped != published
    typed(changed(LAST, t3={"carry_out": {2: 7}}, agency=retyped), "宿迁.xlsx", "2023")
    typed(changed(LAST, agency="另一个局"), "另一个局.xlsx", "2023")
    this = typed(REPORTS[THIS], "宿迁.xlsx", "2024")
    other = typed(changed(THIS, agency="第三个局"), "第三个局.xlsx", "2024")
    reports = with_last_year(
        xlcheck.check_all([tmp_path / "2024"]), [str(tmp_path / "2023")], given=[str(tmp_path / "2024")]
    )
    by_path = {r.path: r for r in reports}
    paired = by_path[str(this)]
    assert xyear(paired) == {("XYEAR-CARRY", "warning", "表三", "F6")}
    last_path = str(tmp_path / "2023" / "宿迁.xlsx")
    assert paired.notices == [("xyear-compared", last_path), ("xyear-last-has-errors", last_path)]
    unpaired = by_path[str(other)]
    assert xyear(unpaired) == set() and [n[0] for n in unpaired.notices] == ["xyear-unpaired"]
    assert "「第三个局」2023 年" in notice(unpaired.notices[0])["message"]


def test_a_file_of_another_year_does_not_pair(this_year, last_year):
    older = copy.copy(last_year)
    older.year = 2022
    pair, notices = LastYear([older]).pair(this_year)
    assert pair is None and [n[0] for n in notices] == ["xyear-unpaired"]


def test_two_different_last_year_files_of_one_agency_pair_with_neither(this_year, last_year):
    twin = copy.copy(last_year)
    twin.path = "另一份.xlsx"
    read = LastYear([last_year]).reports[0].values  # the figures the cross-year rules read
    field = next(fid for fid, v in read.items() if isinstance(v, int))
    twin.values = {**last_year.values, field: last_year.values[field] + 1}
    pair, notices = LastYear([last_year, twin]).pair(this_year)
    assert pair is None
    ((code, (zh, _)),) = notices
    assert code == "xyear-ambiguous" and last_year.path in zh and "另一份.xlsx" in zh


def test_copies_of_last_years_file_with_the_same_figures_pair_with_the_first_and_say_so(this_year, last_year):
    twin = copy.copy(last_year)
    twin.path = "副本.xlsx"
    pair, notices = LastYear([last_year, twin]).pair(this_year)
    assert pair is not None and pair.path == last_year.path
    ((code, (zh, _)),) = notices
    assert code == "xyear-copies" and "副本.xlsx" in zh
    joined = LastYear([last_year, twin]).join(this_year)
    assert joined.violations == LastYear([last_year]).join(this_year).violations


def test_a_last_year_file_that_cannot_be_checked_is_a_notice(this_year, tmp_path):
    broken = xlcheck.check(tmp_path / "没有这个文件.xlsx")
    joined = LastYear([broken], explicit=True).join(this_year)
    assert joined.violations == this_year.violations
    (unchecked,) = joined.notices
    assert unchecked[0] == "xyear-last-unchecked"
    assert "找不到文件" in notice(unchecked)["message"]
    # In a folder it cannot be paired at all: the unpaired notice names it.
    _, notices = LastYear([broken]).pair(this_year)
    assert "无法检查" in notice(notices[0])["message"]


def test_one_file_given_for_one_file_pairs_as_given_but_only_with_the_year_before(this_year, last_year):
    renamed = copy.copy(last_year)
    renamed.agency = "宿迁市人民政府办公室"
    pair, notices = LastYear([renamed], explicit=True).pair(this_year)
    assert pair.path == renamed.path and pair.agency == renamed.agency  # kept slim: what the rules read
    assert [n[0] for n in notices] == ["xyear-other-agency"]
    same_year = copy.copy(this_year)
    pair, notices = LastYear([same_year], explicit=True).pair(this_year)
    assert pair is None and [n[0] for n in notices] == ["xyear-not-consecutive"]


def test_a_report_without_a_usable_year_cannot_be_paired_by_name(this_year, last_year):
    no_year = copy.copy(this_year)
    no_year.year = None
    assert LastYear([last_year]).pair(no_year) == (None, ["xyear-no-key"])


# ------------------------------------------------------------------ the command line


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlcheck", *args], check=False, capture_output=True, text=True, timeout=120
    )


def test_cli_exit_codes_with_last_year(typed):
    this = typed(REPORTS[THIS], "2024.xlsx")
    held = typed(REPORTS[LAST], "2023.xlsx")
    broken = typed(changed(LAST, t3={"carry_out": {0: 100}}), "2023改.xlsx")
    proc = run("check", str(this), "--last-year", str(held))
    assert proc.returncode == 0 and "已与上年报告对比" in proc.stdout and "未发现问题" in proc.stdout
    proc = run("check", str(this), "--last-year", str(broken))
    assert proc.returncode == 0  # a warning
    assert "D6     XYEAR-CARRY    警告" in proc.stdout and "上年报告 表三!D29 为 100" in proc.stdout
    assert run("check", "--strict", str(this), "--last-year", str(broken)).returncode == 1
    proc = run("check", "--format", "json", "--lang", "en", str(this), "--last-year", str(broken))
    (doc,) = json.loads(proc.stdout)["files"]
    (v,) = doc["violations"]
    assert (v["rule"], v["severity"], v["cell"], v["expected"], v["found"]) == (
        "XYEAR-CARRY",
        "warning",
        "D6",
        100,
        118,
    )
    assert v["cells"] == ["D6", "上年报告 表三!D29"] and "last year's 表三!D29 is 100" in v["message"]
    assert doc["summary"] == {"errors": 0, "warnings": 1}
    assert [n["code"] for n in doc["notices"]] == ["xyear-compared", "xyear-last-has-errors"]


def test_cli_folders_and_missing_last_year_files_give_notices_not_tracebacks(typed, tmp_path):
    typed(REPORTS[THIS], "宿迁.xlsx", "2024")
    typed(changed(THIS, agency="第三个局"), "第三个局.xlsx", "2024")
    typed(REPORTS[LAST], "宿迁.xlsx", "2023")
    proc = run("check", "--format", "json", str(tmp_path / "2024"), "--last-year", str(tmp_path / "2023"))
    assert proc.returncode == 0, proc.stderr
    codes = {Path(f["path"]).name: [n["code"] for n in f["notices"]] for f in json.loads(proc.stdout)["files"]}
    assert codes == {"宿迁.xlsx": ["xyear-compared"], "第三个局.xlsx": ["xyear-unpaired"]}
    # A last-year path that is not there is a mistyped command (exit 2, before anything is checked);
    # a last-year file there that cannot be checked is a notice on the report.
    proc = run("check", str(tmp_path / "2024" / "宿迁.xlsx"), "--last-year", str(tmp_path / "没有.xlsx"))
    assert proc.returncode == 2 and "找不到上年报告" in proc.stderr and "Traceback" not in proc.stderr
    (tmp_path / "空的.xlsx").write_bytes(b"")
    proc = run("check", str(tmp_path / "2024" / "宿迁.xlsx"), "--last-year", str(tmp_path / "空的.xlsx"))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr + proc.stdout
    assert "上年报告无法检查" in proc.stdout and "文件为空" in proc.stdout


def test_last_years_reports_are_kept_slim(last_year):
    # A folder of last year's reports stays small in memory: only what pairing and the rules read.
    (kept,) = LastYear([last_year]).reports
    assert (kept.path, kept.agency, kept.year, bool(kept.errors)) == (
        last_year.path,
        last_year.agency,
        last_year.year,
        bool(last_year.errors),
    )
    assert set(kept.values) < set(last_year.values) and "t3.carry_out.natural" in kept.values
    assert {"t2.rules.valid", "t2.normative.valid"} <= set(kept.values)
