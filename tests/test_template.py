"""The generated workbook: labels, merges, inputs, validation, formulas, print setup, metadata."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT, canonical, values_with_mistakes

import xlcheck
from xlcheck.formats.format2021 import FORMAT_2021
from xlcheck.formats.spec import META_SHEET, TEXT, layout

LAYOUT = layout(FORMAT_2021)
COMMITTED = ROOT / "templates" / "政府信息公开工作年度报告模板.xlsx"


@pytest.fixture(scope="module")
def wb(template):
    return openpyxl.load_workbook(template)


def test_sheets_in_report_order_with_hidden_metadata(wb):
    assert wb.sheetnames == [
        "填报说明",
        "封面",
        "正文",
        "表二",
        "表三",
        "表四",
        "情况说明",  # issue 8: the unit's explanations of true warnings
        "校验结果",
        "_值表二",
        "_值表三",
        "_值表四",
        META_SHEET,
    ]
    assert [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"] == wb.sheetnames[-4:]
    assert wb.active.title == "封面"
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(values_only=True)}
    version = FORMAT_2021.template_version
    assert meta["format"] == "2021" and meta["template_version"] == version
    assert {p.name: p.value for p in wb.custom_doc_props} == {
        "xlcheck-format": "2021",
        "xlcheck-template-version": str(version),
    }


def test_every_label_is_at_its_cell_and_merged_as_specified(wb):
    for lb in LAYOUT.labels:
        ws = wb[lb.sheet]
        assert ws[lb.cell].value == lb.text, lb
        assert ws[lb.cell].protection.locked, lb
        if lb.merge:
            assert lb.merge in {str(r) for r in ws.merged_cells.ranges}, lb


def test_table3_header_merges_per_format_md(wb):
    merged = {str(r) for r in wb["表三"].merged_cells.ranges}
    # note over 3 label columns x 3 header rows; 申请人情况 over 7 columns; 自然人 and 总计 over 2 rows;
    # 法人或其他组织 over 5 columns; 三、本年度办理结果 over 22 rows.
    assert {"A2:C4", "D2:J2", "D3:D4", "J3:J4", "E3:I3", "A7:A28"} <= merged


def test_cover_inputs_stand_right_of_their_labels(wb):
    ws = wb["封面"]
    for label in ("机关名称", "报告年度", "地址", "邮编", "电话", "电子邮箱", "网址"):
        row = next(c.row for c in ws["A"] if c.value == label)
        assert ws.cell(row, 2).protection.locked is False


def test_narrative_inputs_stand_below_their_headings_in_boxes_taller_than_one_row_can_be(wb):
    ws = wb["正文"]
    boxes = {str(r): r for r in ws.merged_cells.ranges}
    for heading, least in (
        ("一、总体情况", 1000),
        ("五、存在的主要问题及改进情况", 400),
        ("六、其他需要报告的事项", 400),
    ):
        row = next(c.row for c in ws["A"] if c.value == heading)
        below = ws.cell(row + 1, 1)
        assert below.protection.locked is False and below.alignment.wrap_text
        box = next(r for r in boxes.values() if (r.min_row, r.min_col) == (row + 1, 1))
        # Excel holds at most 409 points in one row: a long section needs a box over several rows.
        assert sum(ws.row_dimensions[r].height for r in range(box.min_row, box.max_row + 1)) >= least


def test_inputs_unlocked_and_shaded_sheets_protected_without_password(wb):
    for f in LAYOUT.fields.values():
        cell = wb[f.sheet][f.cell]
        assert cell.protection.locked is False, f
        assert cell.fill.fgColor.rgb.endswith(("FFF2CC", "DDEBF7")), f
    for ws in wb.worksheets:
        assert ws.protection.sheet is True
        assert not ws.protection.password


def test_every_input_has_validation_with_chinese_messages(wb):
    kinds = {
        "count": ("whole", "greaterThanOrEqual", "0"),
        "amount": ("decimal", "greaterThanOrEqual", "0"),
        "year": ("whole", None, "2008"),
    }  # no operator attribute means "between"
    for f in LAYOUT.fields.values():
        ws = wb[f.sheet]
        dv = next((d for d in ws.data_validations.dataValidation if f.cell in d.sqref), None)
        assert dv is not None, f
        assert re.search(r"[\u4e00-\u9fff]", dv.prompt or ""), f
        if f.kind in kinds:
            assert (dv.type, dv.operator, dv.formula1) == kinds[f.kind], f
            assert re.search(r"[\u4e00-\u9fff]", dv.error or "") and dv.showErrorMessage, f
        if f.kind == "year":
            assert dv.formula2 == "YEAR(TODAY())"  # not a literal year: the file is the same any day
    assert TEXT in {f.kind for f in LAYOUT.fields.values()}


def test_totals_hold_the_templates_formulas(wb):
    for fid in LAYOUT.totals:
        f = LAYOUT.fields[fid]
        assert wb[f.sheet][f.cell].value == LAYOUT.formula(fid)
    assert wb["表三"]["J5"].value == "=SUM(D5:I5)"
    assert wb["表三"]["D28"].value == "=SUM(D7:D27)"
    assert wb["表四"]["O5"].value == "=SUM(K5:N5)"


def test_print_setup_a4_one_page_per_table_with_repeated_headers(wb):
    for name, sheet in LAYOUT.sheets.items():
        ws = wb[name]
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        if name == "正文":  # text boxes: one page wide, as many long as the text
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) in ((1, 0), (None, 0))
        else:
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) in ((1, 1), (None, None))
        assert ws.page_setup.orientation == ("landscape" if sheet.spec.landscape else "portrait")
        widths = [ws.column_dimensions[chr(65 + i)].width for i in range(sheet.last_col)]
        assert all(w and w > 5 for w in widths), name
    assert wb["表三"].print_title_rows == "$1:$4"
    assert wb["表四"].print_title_rows == "$1:$4"
    assert wb["表二"].print_title_rows == "$1:$3"


def test_prefilled_agency_and_year(tmp_path):
    path = xlcheck.make_template(tmp_path / "t.xlsx", agency="某某局", year=2025)
    ws = openpyxl.load_workbook(path)["封面"]
    assert (ws["B2"].value, ws["B3"].value) == ("某某局", 2025)


def test_same_bytes_every_time_and_a_fixed_creation_date(tmp_path):
    a = xlcheck.make_template(tmp_path / "a.xlsx").read_bytes()
    b = xlcheck.make_template(tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert '<dcterms:created xsi:type="dcterms:W3CDTF">2021-09-26T00:00:00Z' in z.read("docProps/core.xml").decode()


def test_committed_template_is_up_to_date(template):
    assert canonical(COMMITTED) == canonical(template), (
        "templates/ is stale: run  xlcheck template -o templates/政府信息公开工作年度报告模板.xlsx --force"
    )


def test_blank_template_reports_only_missing_content():
    report = xlcheck.check(COMMITTED)
    rules = {v.rule for v in report.violations}
    assert rules == {"CELL-BLANK", "META-AGENCY", "META-YEAR", "SEC-TEXT"}
    inputs = [f for f in LAYOUT.fields.values() if f.blank_rule == "CELL-BLANK" and f.id not in LAYOUT.totals]
    assert sum(v.rule == "CELL-BLANK" for v in report.violations) == len(inputs)


def test_cli_template(tmp_path, monkeypatch):
    from xlcheck.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["template"]) == 0
    assert Path("政府信息公开工作年度报告.xlsx").exists()
    assert main(["template", "-o", "x.xlsx", "--agency", "某局", "--year", "2024"]) == 0
    assert openpyxl.load_workbook("x.xlsx")["封面"]["B2"].value == "某局"


def test_labels_are_printed_once_in_the_visible_sheets(wb):
    # A script finding a cell by its label must find exactly one: no other visible cell may repeat one.
    label_cells = {(lb.sheet, lb.cell) for lb in LAYOUT.labels}
    unique = {lb.text for lb in LAYOUT.labels if sum(x.text == lb.text for x in LAYOUT.labels) == 1}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.value in unique:
                    assert (ws.title, c.coordinate) in label_cells, (ws.title, c.coordinate, c.value)


def test_freeze_panes_keep_headers_and_row_labels_in_view(wb):
    assert wb["表三"].freeze_panes == "D5"
    assert wb["表四"].freeze_panes == "A5"
    assert wb["表二"].freeze_panes == "A2"


def test_validation_messages_name_the_cell(wb):
    dv = next(d for d in wb["表三"].data_validations.dataValidation if "D9" in d.sqref)
    assert dv.prompt.startswith("三、本年度办理结果（三）不予公开1.属于国家秘密 × 自然人：")
    total = next(d for d in wb["表三"].data_validations.dataValidation if "J9" in d.sqref)
    assert "自动合计" in total.prompt


def test_the_guide_lists_every_rule_a_workbook_is_judged_by(wb):
    text = "\n".join(str(c.value) for row in wb["填报说明"].iter_rows() for c in row if c.value)
    for rule in FORMAT_2021.workbook_rules:
        assert rule.id in text and rule.zh in text


def test_the_check_sheet_has_a_row_per_rule_instance(wb):
    from xlcheck.outputs.excel import CHECK_SHEET, COLUMNS, FIRST_ROW, HEADER_ROW

    ws = wb[CHECK_SHEET]
    assert [c.value for c in ws[HEADER_ROW]] == list(COLUMNS)
    rows = list(ws.iter_rows(min_row=FIRST_ROW, values_only=True))
    sums = [(r[0], r[2], r[3]) for r in rows if r[0] and not str(r[0]).startswith("=")]
    assert len(sums) == len(LAYOUT.checks)
    assert ("T3-BALANCE", "表三", "D29") in sums
    judged = [f for f in LAYOUT.fields.values() if f.blank_rule]
    assert len(rows) == len(LAYOUT.checks) + len(judged)
    helpers = ws.column_dimensions["I"]  # the helper columns I:N, hidden as one group
    assert helpers.hidden and (helpers.min, helpers.max) == (9, len(COLUMNS))


def test_blamed_cells_turn_red_or_amber(wb):
    from xlcheck.outputs.excel import CHECK_SHEET

    for fid in ("t3.carry_out.natural", "t3.new.total", "t4.review_total", "meta.agency", "text.other"):
        f = LAYOUT.fields[fid]
        rules = [r for cf in wb[f.sheet].conditional_formatting for r in cf.rules if f.cell in str(cf.sqref)]
        assert len(rules) == 2, fid
        assert all(CHECK_SHEET in r.formula[0] for r in rules)
        assert rules[0].stopIfTrue


def test_no_rule_formula_is_written_by_hand():
    # Every 校验结果 formula comes from excel.py, which reads the rule objects; the rule ids it
    # writes are the spec's.
    import inspect

    import xlcheck.outputs.excel as excel

    source = inspect.getsource(excel)
    for rule in FORMAT_2021.rules:
        assert f'"{rule.id}"' not in source, rule.id


def test_the_template_as_written_says_what_xlcheck_says_without_recalculation(template, tmp_path):
    # A preview or a print made without recalculating shows the formulas' saved results: they must
    # be the verdicts of the file as written (a blank template: 不通过, every blank an error).
    from test_live_checks import checker_verdicts, workbook_verdicts

    from xlcheck.outputs.excel import CHECK_SHEET, FAIL, STATUS_ROW, implied_result

    filled = xlcheck.make_template(tmp_path / "filled.xlsx", values=values_with_mistakes())
    for path in (template, filled):
        report = xlcheck.check(path)
        assert workbook_verdicts(path) == checker_verdicts(report), path.name
        status = [c.value for c in openpyxl.load_workbook(path, data_only=True)[CHECK_SHEET][STATUS_ROW]]
        assert (status[1], status[3], status[5]) == (FAIL, len(report.errors), len(report.warnings))
    sums, _ = workbook_verdicts(filled)
    assert sums[("T3-BALANCE", "表三", "J29")] == implied_result(("D29", "J5"))
    assert sums[("T3-OUTCOMES", "表三", "J28")] == implied_result(("J17",))


def test_a_date_given_for_a_count_is_written_as_excel_stores_a_typed_date_and_checked_as_one(tmp_path):
    import datetime

    from helpers import clean_values

    values = clean_values() | {"t3.new.natural": datetime.date(2024, 1, 1), "t3.new.research": datetime.time(1, 2)}
    report = xlcheck.check(xlcheck.make_template(tmp_path / "r.xlsx", values=values))
    assert {(v.rule, v.cell) for v in report.errors} >= {("NUM-COUNT", "D5"), ("NUM-COUNT", "F5")}
