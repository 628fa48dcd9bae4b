"""The 2019 trial format (国办公开办函〔2019〕60号): its template, its rules, and choosing a workbook's format.

The official 2019 labels come from tests/official.py (FORMAT.md), not from xlcheck's spec.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT, canonical, clean_values, convert_all, fill, found, paste_report, real_reports, type_report
from official import (
    ONLY_2021,
    T2_BLOCKS_2019,
    T2_ITEMS,
    T3_ROWS_2019,
    every_label_2019,
)
from openpyxl.packaging.custom import CustomPropertyList
from test_live_checks import live_checks_agree, random_workbooks, saved_results_hold

import xlcheck
from xlcheck.formats.format2019 import FORMAT_2019
from xlcheck.formats.format2021 import FORMAT_2021
from xlcheck.formats.rules import RULES
from xlcheck.formats.spec import META_SHEET, a1, layout
from xlcheck.outputs.excel import FAIL, PASS

LAYOUT = layout(FORMAT_2019)
PINGTAN = real_reports()["16_pingtan_2019"]
SEED = real_reports()["00_shizuishan_mzj_2021"]
E, W = "error", "warning"
# A bare workbook has neither the cover's nor the narrative's labels: one LAYOUT each (test_drift.py).
NO_COVER_NOR_NARRATIVE = {("LAYOUT", E, "封面", "A2"), ("LAYOUT", E, "正文", "A2")}


def cell(field_id: str) -> str:
    return LAYOUT.fields[field_id].cell


def clean_values_2019() -> dict:
    """Field id -> value of a small 2019 report that breaks no rule (totals left to their formulas)."""
    values = {fid: 0 for fid in LAYOUT.fields if fid.startswith(("t2.", "t3.", "t4.")) and fid not in LAYOUT.totals}
    return values | {
        "t2.licensing.last_year": 396,
        "t2.licensing.change": -17,
        "t2.licensing.decisions": 181,
        "t2.procurement.projects": 135,
        "t2.procurement.amount": 7539.443252,  # 75394432.52元 in 万元
        "t3.new.natural": 23,
        "t3.open.natural": 7,
        "t3.partial.natural": 1,
        "t3.unable_1.natural": 7,
        "t3.unable_3.natural": 5,
        "t3.reject_2.natural": 2,
        "t3.other.natural": 1,
        "meta.agency": "测试县某某局",
        "meta.year": 2019,
        "text.overview": "2019年，本局依法做好政府信息公开工作。",
        "text.problems": "公开内容的解读还不够生动。",
        "text.other": "无其他需要报告的事项。",
    }


def texts_of(ws) -> set[str]:
    return {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


# ------------------------------------------------------------------ the template, against FORMAT.md


@pytest.fixture(scope="module")
def wb(template_2019):
    return openpyxl.load_workbook(template_2019)


def test_table_2_is_the_2019_blocks_in_order_with_their_columns_and_rows(wb):
    ws = wb["表二"]
    blocks, row = {}, 2
    while ws.cell(row, 1).value:
        caption = ws.cell(row, 1).value
        assert ws.cell(row + 1, 1).value == T2_ITEMS
        columns = [ws.cell(row + 1, c).value for c in range(2, 5) if ws.cell(row + 1, c).value is not None]
        rows, row = [], row + 2
        while ws.cell(row, 1).value and not ws.cell(row, 1).value.startswith("第二十条"):
            rows.append(ws.cell(row, 1).value)
            row += 1
        blocks[caption] = (columns, rows)
    assert blocks == T2_BLOCKS_2019


def test_a_two_column_block_lets_its_last_column_span_the_table_as_published(wb):
    ws = wb["表二"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    for header in ("本年增/减", "采购总金额"):
        hits = [c for row in ws.iter_rows() for c in row if c.value == header]
        last = hits[-1]  # in （八） and （九） the last of two columns
        if ws.cell(last.row, 4).value is None:
            assert f"{last.coordinate}:D{last.row}" in merged, header
    assert {"C16:D16", "C19:D19"} <= merged  # their inputs too


def test_table_3_has_23_rows_with_one_other_row_and_the_three_label_over_20(wb):
    ws = wb["表三"]
    leaves = []
    for row in range(5, ws.max_row + 1):
        labels = [ws.cell(row, c).value for c in (1, 2, 3) if ws.cell(row, c).value]
        if labels:
            leaves.append(labels[-1])
    assert leaves == [path[-1] for path in T3_ROWS_2019.values()]
    assert len(leaves) == 23
    three = next(r for r in ws.merged_cells.ranges if ws.cell(r.min_row, r.min_col).value == "三、本年度办理结果")
    assert three.max_row - three.min_row + 1 == 20


def test_every_2019_label_is_printed_and_no_2021_only_label(wb):
    printed = set().union(*(texts_of(ws) for ws in wb.worksheets if ws.sheet_state == "visible"))
    assert set(every_label_2019()) <= printed
    report_sheets = set().union(*(texts_of(wb[name]) for name in ("表二", "表三", "表四")))
    assert not set(ONLY_2021) & report_sheets


def test_the_template_declares_the_2019_format(wb):
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(values_only=True)}
    assert (meta["format"], meta["template_version"]) == ("2019", FORMAT_2019.template_version)
    assert {p.name: p.value for p in wb.custom_doc_props}["xlcheck-format"] == "2019"


def test_signed_changes_have_their_own_validation_and_the_guide_says_so(wb):
    ws = wb["表二"]
    dv = next(d for d in ws.data_validations.dataValidation if cell("t2.licensing.change") in d.sqref)
    # No operator attribute means "between"; a decrease such as -417 is within it.
    assert (dv.type, dv.operator) == ("whole", None) and int(float(dv.formula1)) < -417 < int(float(dv.formula2))
    guide = " ".join(texts_of(wb["填报说明"]))
    assert "「本年增/减」填整数，减少时填负数" in guide and "采购总金额以万元为单位" in guide
    assert "SEC6-FEE" not in guide and "XYEAR-VALID" not in guide


def test_cli_template_format_2019_writes_the_same_workbook(template_2019, tmp_path):
    out = tmp_path / "cli.xlsx"
    proc = subprocess.run(
        [sys.executable, "-m", "xlcheck", "template", "--format", "2019", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert canonical(out) == canonical(template_2019)
    bad = subprocess.run(
        [sys.executable, "-m", "xlcheck", "template", "--format", "2018", "-o", str(tmp_path / "x.xlsx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "2018" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_fields_lists_the_2019_fields():
    proc = subprocess.run(
        [sys.executable, "-m", "xlcheck", "fields", "--format-version", "2019", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {r["id"]: r for r in json.loads(proc.stdout)}
    assert rows["t2.licensing.change"]["kind"] == "signed-count"
    assert rows["t2.procurement.amount"]["kind"] == "amount"
    assert "t3.other.natural" in rows and "t3.other_1.natural" not in rows
    assert rows["t3.total.natural"]["formula"] == "=SUM(D7:D25)"


# ------------------------------------------------------------------ the rules


def test_cli_rules_lists_the_2019_rules_in_their_words():
    proc = subprocess.run(
        [sys.executable, "-m", "xlcheck", "rules", "--format-version", "2019", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {r["id"]: r["description"] for r in json.loads(proc.stdout)}
    assert list(rows) == [r.id for r in FORMAT_2019.rules]
    assert rows["T3-OUTCOMES"].endswith("+（六）") and "SEC6-FEE" not in rows


def test_the_2019_rules_are_the_catalogs_with_their_own_words_where_2021s_would_be_wrong():
    ids = [r.id for r in FORMAT_2019.rules]
    assert ids == [r.id for r in FORMAT_2021.rules if r.id not in ("SEC6-FEE", "XYEAR-VALID", "AGG-SUM")]
    by_id = {r.id: r for r in FORMAT_2019.rules}
    assert by_id["T3-OUTCOMES"].zh.endswith("+（六）") and "（六）1–3" in RULES["T3-OUTCOMES"].zh
    assert by_id["T3-OUTCOMES"].severity == RULES["T3-OUTCOMES"].severity
    assert "负数" in by_id["NUM-COUNT"].zh and "采购总金额" in by_id["NUM-AMOUNT"].zh
    assert by_id["T3-BALANCE"] is RULES["T3-BALANCE"]


def test_the_outcomes_rule_adds_the_single_other_row():
    outcomes = next(c for c in LAYOUT.checks if c.rule == "T3-OUTCOMES" and c.blame == "t3.total.natural")
    assert len(outcomes.right) == 2 + 8 + 3 + 5 + 1
    assert "t3.other.natural" in outcomes.right


def test_each_format_names_the_other_as_the_other_names_itself():
    assert FORMAT_2021.older_name == FORMAT_2019.title and FORMAT_2019.older_name == FORMAT_2021.title
    labels_2019 = {lb.text for lb in LAYOUT.labels}
    labels_2021 = {lb.text for lb in layout(FORMAT_2021).labels}
    # 2019's rows 2021 prints only as a group over its own rows (（六）其他处理) are 2019's labels where a row stands.
    rows_only_2019 = {lb.text for lb in LAYOUT.labels if lb.leaf} - {
        lb.text for lb in layout(FORMAT_2021).labels if lb.leaf
    }
    renamed = {"规范性文件", "处理决定数量"}
    assert {old for old, _ in FORMAT_2021.older_labels} <= (labels_2019 - labels_2021) | renamed | rows_only_2019
    assert {old for old, _ in FORMAT_2019.older_labels} <= labels_2021


def test_the_cover_and_table_4_are_the_same_fields_in_both_formats():
    both = layout(FORMAT_2021).fields
    for fid, f in LAYOUT.fields.items():
        if not fid.startswith("t2.") and not fid.startswith("t3."):
            assert (both[fid].sheet, both[fid].cell, both[fid].kind) == (f.sheet, f.cell, f.kind), fid
    assert FORMAT_2019.year_field == FORMAT_2021.year_field


# ------------------------------------------------------------------ a real 2019 report


def test_pingtan_2019_typed_into_the_2019_template_gives_only_its_unit_in_the_amount(template_2019, tmp_path):
    # Worked by hand from the published figures: table 三's 自然人 column is 23 new + 0 carried =
    # （七）7+1+7+5+3 = 23 + 0 carried over, and every other column is 0; table 四 is 0 throughout;
    # table 二's counts and changes are whole numbers. 采购总金额 was published as 75394432.52元: a unit
    # in the cell is NUM-AMOUNT. Section 六 says 无其他需要报告的事项 and the 2019 format asks no fee
    # statement, so there is no SEC6-FEE.
    texts = {
        "overview": "一、总体情况……公布政府信息2599条。",
        "problems": "存在的问题……",
        "other": "无其他需要报告的事项",
    }
    skipped = type_report(template_2019, PINGTAN, tmp_path / "16.xlsx", texts, official="2019")
    assert skipped == []
    report = xlcheck.check(tmp_path / "16.xlsx")
    assert report.format == "2019" and report.notices == []
    assert found(report) == {("NUM-AMOUNT", E, "表二", "C19")}
    [amount] = report.violations
    assert amount.found == "75394432.52元" and "万元" in amount.message()
    assert report.not_assessed == [] and report.implied == []
    assert report.values["t3.other.natural"] == 0 and report.values["t3.total.natural"] == 23
    assert report.values["t2.penalty.last_year"] == 2648 and report.values["t2.procurement.amount"] is None


def test_pingtan_with_its_amount_in_wan_yuan_is_clean(template_2019, tmp_path):
    published = json.loads(json.dumps(PINGTAN))
    published["section2"]["第二十条第（九）项"]["政府集中采购"][1] = 7539.443252  # 75394432.52 元 in 万元
    type_report(template_2019, published, tmp_path / "16.xlsx", official="2019")
    report = xlcheck.check(tmp_path / "16.xlsx")
    assert report.violations == [] and report.exit_code() == 0
    assert report.values["t2.procurement.amount"] == 7539.443252


# ------------------------------------------------------------------ 本年增/减 is signed


@pytest.fixture(scope="module")
def clean_2019(tmp_path_factory) -> Path:
    return xlcheck.make_template(
        tmp_path_factory.mktemp("c") / "clean.xlsx", values=clean_values_2019(), fmt=FORMAT_2019
    )


def test_a_clean_2019_report_passes(clean_2019):
    report = xlcheck.check(clean_2019)
    assert (report.format, report.violations, report.not_assessed) == ("2019", [], [])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (-417, set()),  # a real report's decrease
        (0, set()),
        (12, set()),
        ("-417", {("CELL-TEXTNUM", W)}),  # used as -417, flagged to be stored as a number
        ("－417", {("CELL-TEXTNUM", W)}),  # full-width minus and digits
        (3.5, {("NUM-COUNT", E)}),
        (-0.5, {("NUM-COUNT", E)}),
        ("无", {("NUM-COUNT", E)}),
        ("-417项", {("NUM-COUNT", E)}),
        (None, {("CELL-BLANK", E)}),
    ],
)
def test_the_signed_change_takes_any_whole_number(clean_2019, tmp_path, typed, expected):
    at = cell("t2.licensing.change")
    report = xlcheck.check(fill(clean_2019, tmp_path / "f.xlsx", {("表二", at): typed}))
    assert {(v.rule, v.severity) for v in report.violations if v.cell == at} == expected
    assert all(v.cell == at for v in report.violations)


def test_a_signed_refusal_says_a_whole_number_may_be_negative_and_a_count_that_it_may_not(clean_2019, tmp_path):
    change, last_year = cell("t2.licensing.change"), cell("t2.licensing.last_year")
    report = xlcheck.check(fill(clean_2019, tmp_path / "f.xlsx", {("表二", change): 3.5, ("表二", last_year): -417}))
    by_cell = {v.cell: v for v in report.violations}
    assert "应填整数（可为负数）" in by_cell[change].message() and "不能有小数" in by_cell[change].message()
    assert "应填非负整数" in by_cell[last_year].message() and "不能为负数" in by_cell[last_year].message()
    assert by_cell[change].to_dict()["expected"] == "integer"
    assert "whole number" in by_cell[change].message("en")


def test_a_decrease_is_kept_as_its_value(clean_2019):
    assert xlcheck.check(clean_2019).values["t2.licensing.change"] == -17


# ------------------------------------------------------------------ choosing the format


def _strip_metadata(src: Path, dst: Path, *, sheet: bool = True, prop: bool = True, year=...) -> Path:
    wb = openpyxl.load_workbook(src)
    if sheet:
        del wb[META_SHEET]
    if prop:
        wb.custom_doc_props = CustomPropertyList()
    if year is not ...:
        wb["封面"]["B3"] = year
    wb.save(dst)
    return dst


def test_the_metadata_sheet_chooses_the_format(clean_2019, tmp_path):
    report = xlcheck.check(clean_2019)
    assert (report.format, report.template_version) == ("2019", FORMAT_2019.template_version)
    assert "格式：2019 年试行格式（国办公开办函〔2019〕60号）" in xlcheck.report.to_text(report)
    assert report.to_dict()["format"] == "2019"


def test_without_the_metadata_sheet_the_format_property_chooses(clean_2019, tmp_path):
    report = xlcheck.check(_strip_metadata(clean_2019, tmp_path / "p.xlsx", prop=False))
    assert (report.format, report.template_version, report.violations) == ("2019", None, [])


def test_without_any_metadata_or_year_the_labels_choose(clean_2019, tmp_path):
    report = xlcheck.check(_strip_metadata(clean_2019, tmp_path / "bare.xlsx", year=None))
    assert report.format == "2019"
    assert found(report) == {("META-YEAR", E, "封面", "B3")}  # the year removed; no LAYOUT anywhere
    assert report.notices == []


def test_without_metadata_a_2020_year_chooses_2019(clean_2019, tmp_path):
    report = xlcheck.check(_strip_metadata(clean_2019, tmp_path / "bare.xlsx", year=2020))
    assert (report.format, report.violations, report.notices) == ("2019", [], [])


def test_2019_tables_pasted_into_a_plain_workbook_are_read_by_the_2019_labels(tmp_path):
    wb = openpyxl.Workbook()
    rows = paste_report(wb.active, PINGTAN, top=3, official="2019")
    wb.save(tmp_path / "pasted.xlsx")
    report = xlcheck.check(tmp_path / "pasted.xlsx")
    assert report.format == "2019"
    amount = next(
        c.coordinate for row in wb.active.iter_rows() for c in row if c.value == "75394432.52元"
    )  # the unit as published
    assert found(report) == NO_COVER_NOR_NARRATIVE | {("NUM-AMOUNT", E, "Sheet", amount)}
    row, col = rows["other"]
    assert report.cells["t3.other.natural"] == ("Sheet", a1(row, col))


def test_2021_tables_pasted_into_a_plain_workbook_stay_2021(tmp_path):
    wb = openpyxl.Workbook()
    paste_report(wb.active, real_reports()["03_huaian_szf_2024"], top=3)
    wb.save(tmp_path / "pasted.xlsx")
    report = xlcheck.check(tmp_path / "pasted.xlsx")
    assert report.format == "2021" and found(report) == NO_COVER_NOR_NARRATIVE


def _with_cover(ws, year) -> None:
    """A cover on its own sheet, as a report's front page: 机关名称 and 报告年度 with their values."""
    ws.title = "封面"
    ws["A2"], ws["B2"], ws["A3"], ws["B3"] = "机关名称", "某某局", "报告年度", year


def test_the_mixed_seed_under_a_2021_year_keeps_its_layout_findings(tmp_path):
    # The seed: 2019 tables (table 二, a single （六）其他处理 row) in a report for 2021. Its year calls
    # for the 2021 format: the 2019 labels are LAYOUT findings, as in a 2021 workbook.
    wb = openpyxl.Workbook()
    _with_cover(wb.active, 2021)
    tables = wb.create_sheet("表格")
    paste_report(tables, SEED, top=3, official="2019")
    wb.save(tmp_path / "seed.xlsx")
    report = xlcheck.check(tmp_path / "seed.xlsx")
    assert report.format == "2021"
    older = [v for v in report.violations if v.rule == "LAYOUT" and "2019 年试行格式" in v.message()]
    # 本年新制作数量… 规范性文件, 处理决定数量 twice, 上一年项目数量 where the fee stands, and the single
    # （六）其他处理 row where the 2021 （六）1 should stand
    assert len(older) == 8
    assert {v.found for v in older} == {
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "规范性文件",
        "处理决定数量",
        "上一年项目数量",
        "（六）其他处理",
    }
    # （六）其他处理 is one row: 2 and 3 of the 2021 （六） have no row, so （七）总计's outcomes are not assessed.
    missing = {v.expected for v in report.violations if v.rule == "LAYOUT" and v.sheet == "表格"} - {
        v.expected for v in older
    }
    assert {label[:2] for label in missing} == {"2.", "3."}
    assert {n.rule for n in report.not_assessed} == {"T3-ROWTOTAL", "T3-OUTCOMES"}
    assert {n.reasons for n in report.not_assessed} == {("layout",)}
    assert [n[0] for n in report.notices] == ["format-by-year"]
    assert "2021 年度的报告适用 2021 年格式" in xlcheck.report.notice(report.notices[0])["message"]


def test_the_same_tables_without_a_year_are_read_as_2019(tmp_path):
    wb = openpyxl.Workbook()
    paste_report(wb.active, SEED, top=3, official="2019")
    wb.save(tmp_path / "seed.xlsx")
    report = xlcheck.check(tmp_path / "seed.xlsx")
    assert report.format == "2019" and report.notices == []
    assert {v.rule for v in report.violations} - {"LAYOUT"} == {"NUM-AMOUNT"}  # 1926.4774 万元
    assert {(v.sheet, v.cell) for v in report.violations if v.rule == "LAYOUT"} == {("封面", "A2"), ("正文", "A2")}


def test_2021_tables_of_a_2020_report_are_read_as_2021_with_a_notice(tmp_path):
    # A report for 2020 in the 2021 layout, with no metadata: its tables are newer than its year. The
    # 2019 rules would misread them (（六） is three rows there), so the 2021 rules judge them, and a
    # notice says the year called for the 2019 format.
    wb = openpyxl.Workbook()
    _with_cover(wb.active, 2020)
    paste_report(wb.create_sheet("表格"), real_reports()["03_huaian_szf_2024"], top=3)
    wb.save(tmp_path / "2020.xlsx")
    report = xlcheck.check(tmp_path / "2020.xlsx")
    assert report.format == "2021"
    assert found(report) == {("LAYOUT", E, "正文", "A2")}  # the narrative is not there; the tables are right
    [(code, (zh, _))] = report.notices
    assert code == "format-year" and "2020 年度的报告适用 2019 年试行格式" in zh


def test_a_2021_template_filled_for_2020_keeps_its_format_with_a_notice(tmp_path):
    path = xlcheck.make_template(tmp_path / "t.xlsx", values=clean_values() | {"meta.year": 2020})
    report = xlcheck.check(path)
    assert (report.format, report.violations) == ("2021", [])
    [(code, (zh, en))] = report.notices
    assert code == "format-year" and "2020 年度的报告适用 2019 年试行格式" in zh and "2019 trial format" in en


def test_a_clean_2021_workbook_is_located_once(tmp_path, monkeypatch):
    import xlcheck.checker as checker

    calls = []
    real = checker.locate
    monkeypatch.setattr(checker, "locate", lambda lay, *a, **k: calls.append(lay.format.id) or real(lay, *a, **k))
    clean = xlcheck.make_template(tmp_path / "c.xlsx", values=clean_values())
    assert xlcheck.check(_strip_metadata(clean, tmp_path / "bare.xlsx")).format == "2021"
    assert calls == ["2021"]


# ------------------------------------------------------------------ beside the other engines


def test_a_2021_report_is_compared_with_last_years_2019_format_report(clean_2019, tmp_path):
    from xlcheck.crossyear import compare

    last = xlcheck.check(fill(clean_2019, tmp_path / "2020.xlsx", {("表三", cell("t3.carry_out.natural")): 3}))
    this_path = xlcheck.make_template(tmp_path / "2021.xlsx", values=clean_values() | {"meta.year": 2021})
    this = xlcheck.check(this_path)
    findings = compare(this, last)
    # 自然人: carried in 2 this year, 3 carried over last year; 现行有效件数 has no 2019 cell to roll from.
    assert {(v.rule, v.cell) for v in findings.violations} == {("XYEAR-CARRY", "D6")}
    assert not [n for n in findings.not_assessed if n.rule == "XYEAR-VALID"]


def test_a_2019_format_unit_is_not_summed_into_a_2021_format_aggregate(clean_2019):
    from xlcheck.aggregate import aggregate_reports

    unit = xlcheck.check(clean_2019)
    agg = aggregate_reports([unit], 2019)
    [refused] = agg.refused
    assert refused.code == "other-format" and "2019 年试行格式" in refused.reason_text()


# ------------------------------------------------------------------ the live checks of a 2019 workbook


@pytest.mark.libreoffice
def test_the_live_checks_of_a_2019_template_agree_with_the_checker(template_2019, lo_profile, tmp_path):
    sources = random_workbooks(template_2019, tmp_path / "filled", LAYOUT, n=30)
    recalculated = convert_all(sources, "xlsx", tmp_path / "recalculated", lo_profile)
    rules_seen, outcomes = live_checks_agree(sources, recalculated, LAYOUT)
    assert outcomes[PASS] and outcomes[FAIL]
    assert {"NUM-COUNT", "CELL-BLANK"} <= rules_seen


@pytest.mark.libreoffice
def test_a_2019_template_as_written_holds_the_results_a_recalculation_gives(
    template_2019, clean_2019, lo_profile, tmp_path
):
    signed = fill(clean_2019, tmp_path / "signed.xlsx", {("表二", cell("t2.penalty.change")): "-417"})
    sources = [template_2019, clean_2019]
    saved_results_hold(sources, convert_all(sources, "xlsx", tmp_path / "recalculated", lo_profile), LAYOUT)
    # A signed change typed as text: the sheet takes -417, as the checker does (CELL-TEXTNUM only).
    [recalc] = convert_all([signed], "xlsx", tmp_path / "signed", lo_profile)
    live_checks_agree([signed], [recalc], LAYOUT)


def test_the_caller_may_choose_the_format_version(capsys):
    from xlcheck.cli import main

    sample = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"
    assert xlcheck.check(sample).format == "2021"
    forced = xlcheck.check(sample, format_version="2019")
    assert forced.format == "2019" and any(v.rule == "LAYOUT" for v in forced.violations)
    with pytest.raises(ValueError, match="2030"):
        xlcheck.check(sample, format_version="2030")
    assert main(["check", str(sample), "--format-version", "2019", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["files"][0]["format"] == "2019"
    with pytest.raises(SystemExit):
        main(["rules", "--format", "2019"])
    assert "--format-version" in capsys.readouterr().err  # the hint where --format means the output's form


def test_a_year_the_chosen_format_does_not_govern_says_which_one_does(tmp_path, capsys):
    from xlcheck.cli import main

    assert main(["template", "--format", "2019", "--year", "2022", "-o", str(tmp_path / "t.xlsx")]) == 0
    assert "2022 年度的报告适用 2021 年格式" in capsys.readouterr().err
    filled = xlcheck.make_template(tmp_path / "2020.xlsx", values=clean_values() | {"meta.year": 2020})
    (note,) = [xlcheck.errors.notice(n)["message"] for n in xlcheck.check(filled).notices]
    assert "xlcheck template --format 2019" in note  # the next step, not only the mismatch
