"""Workbooks that drifted from the template are read by their labels and checked the same.

Each test edits a copy of the mistakes sample the way staff do in Excel (rows and columns
inserted, tables moved, sheets renamed, reordered or rebuilt, metadata lost) and expects the very
findings of the unedited file, at the cells they moved to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT, found, insert, paste_report, real_reports
from openpyxl.formula.translate import Translator

import xlcheck
from xlcheck.formats.spec import META_SHEET, a1, parse_a1

MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"
Finding = tuple[str, str, str, str]


@pytest.fixture(scope="module")
def baseline() -> xlcheck.Report:
    return xlcheck.check(MISTAKES)


def edited(tmp_path: Path, edit: Callable) -> xlcheck.Report:
    wb = openpyxl.load_workbook(MISTAKES)
    edit(wb)
    wb.save(tmp_path / "edited.xlsx")
    return xlcheck.check(tmp_path / "edited.xlsx")


def moved(
    findings: set[Finding], sheet: str, *, row: int = 0, col: int = 0, n: int = 1, rename: str | None = None
) -> set[Finding]:
    """Findings after inserting n rows before ``row`` (or columns before ``col``) of ``sheet``."""
    out = set()
    for rule, severity, where, cell in findings:
        if where != sheet:
            out.add((rule, severity, where, cell))
            continue
        r, c = parse_a1(cell)
        r += n if row and r >= row else 0
        c += n if col and c >= col else 0
        out.add((rule, severity, rename or where, a1(r, c)))
    return out


def unassessed(report) -> set[tuple[str, str, str]]:
    return {(n.rule, n.sheet, n.cell) for n in report.not_assessed}


@pytest.mark.parametrize(
    ("sheet", "where"),
    [
        ("表三", {"row": 12}),  # inside the outcomes: the SUMs over them grow
        ("表三", {"row": 3}),  # inside the header
        ("表三", {"row": 1, "n": 4}),  # the whole table moved down
        ("表三", {"col": 6}),  # a column between 商业企业 and 科研机构
        ("表三", {"col": 1, "n": 2}),  # the whole table moved right
        ("表四", {"col": 6}),  # between 行政复议 and 未经复议直接起诉
        ("表二", {"row": 6, "n": 2}),  # between two blocks
        ("表二", {"row": 5}),  # inside a block
        ("封面", {"row": 3}),  # between 机关名称 and 报告年度
        ("正文", {"row": 1, "n": 3}),
    ],
)
def test_inserted_rows_and_columns(baseline, tmp_path, sheet, where):
    report = edited(tmp_path, lambda wb: insert(wb[sheet], **where))
    assert found(report) == moved(found(baseline), sheet, **where)
    assert unassessed(report) == {
        (r, s, c) for r, _, s, c in moved({(r, "", s, c) for r, s, c in unassessed(baseline)}, sheet, **where)
    }


def test_renamed_and_reordered_sheets(baseline, tmp_path):
    def edit(wb):
        wb["表三"].title = "依申请公开情况"
        wb["表四"].title = "Sheet4"
        wb.move_sheet("Sheet4", offset=-4)

    report = edited(tmp_path, edit)
    expected = moved(moved(found(baseline), "表三", rename="依申请公开情况"), "表四", rename="Sheet4")
    assert found(report) == expected


def test_lost_metadata(baseline, tmp_path):
    report = edited(tmp_path, lambda wb: wb.remove(wb[META_SHEET]))
    assert found(report) == found(baseline)
    assert (report.format, report.template_version) == ("2021", None)


def test_a_table_moved_to_another_sheet(baseline, tmp_path):
    def edit(wb):
        old, new = wb["表四"], wb.create_sheet("复议诉讼")
        for row in old.iter_rows():
            for cell in row:
                if cell.value is None or type(cell).__name__ == "MergedCell":
                    continue
                target = new.cell(cell.row + 6, cell.column + 2)
                value = cell.value
                if isinstance(value, str) and value.startswith("="):
                    value = Translator(value, cell.coordinate).translate_formula(target.coordinate)
                target.value = value
        wb.remove(old)

    report = edited(tmp_path, edit)
    expected = moved(moved(found(baseline), "表四", row=1, n=6), "表四", col=1, n=2, rename="复议诉讼")
    assert found(report) == expected


def test_a_label_changed_where_a_row_was_inserted_leaves_that_row_unread(baseline, tmp_path):
    def edit(wb):
        insert(wb["表三"], row=12)
        wb["表三"]["C13"] = "4.保护第三方权益"  # was 4.保护第三方合法权益: now its row cannot be told

    report = edited(tmp_path, edit)
    layout = {f for f in found(report) if f[0] == "LAYOUT" and f[2] == "表三"}
    assert layout == {("LAYOUT", "error", "表三", "C13")}
    # Its cells are not read, so every rule over that row or its columns is not assessed.
    assert ("T3-ROWTOTAL", "表三", "J13") in unassessed(report)
    assert {("T3-OUTCOMES", "表三", f"{c}29") for c in "DEFGHIJ"} <= unassessed(report)
    assert not [f for f in found(report) if f[3].endswith("13") and f[0] != "LAYOUT"]


def _pasted_without(tmp_path: Path, key: str, misspell: str | None = None) -> tuple[xlcheck.Report, dict, int]:
    """淮安 2024 pasted with table 三's row ``key`` deleted (and the next row's label misspelt)."""
    wb = openpyxl.Workbook()
    rows = paste_report(wb.active, real_reports()["03_huaian_szf_2024"], top=3)
    gone = rows[key][0]
    wb.active.delete_rows(gone)  # no formulas nor merges in a pasted table: nothing else to move
    if misspell is not None:
        wb.active.cell(gone, 3, misspell)
    wb.save(tmp_path / "deleted.xlsx")
    return xlcheck.check(tmp_path / "deleted.xlsx"), rows, gone


def test_a_deleted_row_is_layout_where_it_would_be_inserted_never_at_a_row_found(tmp_path):
    report, rows, gone = _pasted_without(tmp_path, "other_1")
    # The group label （六）其他处理 stood on the deleted row too: it is missing from its span (column B).
    (v,) = [v for v in report.violations if v.rule == "LAYOUT" and v.sheet == "Sheet" and v.cell[0] == "C"]
    assert v.expected.startswith("1.申请人无正当理由逾期不补正")
    # Where the row would be inserted: above （六）2, which now stands on the deleted row; not on （五）5 above it.
    assert (v.cell, v.found) == (a1(gone, 3), None) and "缺少这一行" in v.message()
    assert ("T3-ROWTOTAL", "Sheet", a1(gone, 10)) in unassessed(report)
    assert {n.reasons for n in report.not_assessed} == {("layout",)}
    total_row = rows["total"][0] - 1
    assert {("T3-OUTCOMES", "Sheet", f"{c}{total_row}") for c in "DEFGHIJ"} <= unassessed(report)


def test_a_deleted_row_beside_a_misspelt_one_is_told_by_the_labels_text(tmp_path):
    # （六）1 deleted and （六）2's label misspelt: the one row between （五）5 and （六）3 holds the text most
    # like （六）2's label, so （六）2 is judged there and （六）1 is the row the table lacks.
    report, _, gone = _pasted_without(tmp_path, "other_1", misspell="2.申请人逾期未按收费通知缴纳费用")
    layout = {v.expected[:2]: v for v in report.violations if v.rule == "LAYOUT" and v.cell[0] == "C"}
    assert set(layout) == {"1.", "2."}
    assert (layout["2."].cell, layout["2."].found) == (a1(gone, 3), "2.申请人逾期未按收费通知缴纳费用")
    assert layout["1."].found is None and "缺少这一行" in layout["1."].message()


def test_a_blank_row_label_is_not_taken_for_its_groups_label(tmp_path):
    # （四）1's label left blank and an empty row inserted under it: the row is not located, and its label
    # is judged blank where it should stand, not as the （四）无法提供 printed beside it, in its own place.
    wb = openpyxl.Workbook()
    rows = paste_report(wb.active, real_reports()["03_huaian_szf_2024"], top=3)
    row = rows["unable_1"][0]
    assert wb.active.cell(row, 2).value == "（四）无法提供"
    wb.active.cell(row, 3).value = None
    wb.active.insert_rows(row + 1)
    wb.save(tmp_path / "blank.xlsx")
    report = xlcheck.check(tmp_path / "blank.xlsx")
    (v,) = [v for v in report.violations if v.rule == "LAYOUT" and v.expected == "1.本机关不掌握相关政府信息"]
    assert (v.cell, v.found) == (a1(row, 3), None)


# ------------------------------------------------------------------ tables pasted from a published report


# A bare workbook has neither the cover's nor the narrative's labels: each is reported once, at its
# first official label (机关名称, 一、总体情况); the template's own titles are not required of it.
NO_COVER_NOR_NARRATIVE = {("LAYOUT", "error", "封面", "A2"), ("LAYOUT", "error", "正文", "A2")}


def test_a_published_report_pasted_into_excel(tmp_path):
    # 淮安 2024: every relation holds; only the report's cover and narrative are not in the workbook.
    wb = openpyxl.Workbook()
    paste_report(wb.active, real_reports()["03_huaian_szf_2024"], top=3)
    wb.save(tmp_path / "pasted.xlsx")
    report = xlcheck.check(tmp_path / "pasted.xlsx")
    assert found(report) == NO_COVER_NOR_NARRATIVE
    assert report.not_assessed == []


def test_a_pasted_report_with_a_wrong_total_is_blamed_where_it_stands(tmp_path):
    published = real_reports()["03_huaian_szf_2024"]
    published["section3"]["total"][0] += 1
    wb = openpyxl.Workbook()
    rows = paste_report(wb.active, published, top=3)
    wb.save(tmp_path / "pasted.xlsx")
    row, col = rows["total"]
    carry_row, _ = rows["carry_out"]
    report = xlcheck.check(tmp_path / "pasted.xlsx")
    assert found(report) - NO_COVER_NOR_NARRATIVE == {
        ("T3-OUTCOMES", "error", "Sheet", a1(row, col)),
        ("T3-ROWTOTAL", "error", "Sheet", a1(row, col + 6)),
        ("T3-BALANCE", "error", "Sheet", a1(carry_row, col)),
    }


def test_labels_printed_with_half_width_brackets_are_layout_and_their_rows_are_read(tmp_path):
    published = real_reports()["03_huaian_szf_2024"]
    published["section3"]["open"][0] = "/"
    wb = openpyxl.Workbook()
    rows = paste_report(wb.active, published, top=3, labels=lambda s: s.replace("（", "(").replace("）", ")"))
    wb.save(tmp_path / "pasted.xlsx")
    report = found(xlcheck.check(tmp_path / "pasted.xlsx"))
    row, col = rows["open"]
    assert ("NUM-COUNT", "error", "Sheet", a1(row, col)) in report
    assert ("LAYOUT", "error", "Sheet", a1(row, 2)) in report  # （一）予以公开 printed (一)予以公开


def test_a_2019_table_2_in_a_2021_workbook_names_the_2019_format(tmp_path):
    # The seed report's own table 二: the 2019 columns and rows in the 2021 template's place.
    seed = real_reports()["00_shizuishan_mzj_2021"]["section2"]
    wb = openpyxl.load_workbook(xlcheck.make_template(tmp_path / "t.xlsx"))
    ws = wb["表二"]
    for r in range(2, 16):
        for c in range(1, 5):
            if type(ws.cell(r, c)).__name__ != "MergedCell":
                ws.cell(r, c).value = None
    row = 2
    for caption, block in seed.items():
        ws.cell(row, 1, caption)
        ws.cell(row + 1, 1, "信息内容")
        for j, column in enumerate(block["columns"]):
            if type(ws.cell(row + 1, 2 + j)).__name__ != "MergedCell":
                ws.cell(row + 1, 2 + j, column)
        labels = [k for k in block if k != "columns" and not k.startswith("_")]
        for i, label in enumerate(labels):
            ws.cell(row + 2 + i, 1, label)
        row += 2 + len(labels)
    wb.save(tmp_path / "2019.xlsx")
    report = xlcheck.check(tmp_path / "2019.xlsx")
    layout = {v.cell: v for v in report.violations if v.sheet == "表二" and v.rule == "LAYOUT"}
    assert {"B3", "C3", "D3", "A5"} <= set(layout)  # 本年新制作数量… where 本年制发件数… stand
    for cell in ("B3", "C3", "D3", "A5"):
        assert "2019 年试行格式" in layout[cell].message()
    # The 2019 columns mean other things: nothing is read from them, so nothing is reported there.
    assert not [
        v
        for v in report.violations
        if v.sheet == "表二" and v.rule != "LAYOUT" and v.cell[0] in "BCD" and int(v.cell[1:]) in (4, 5)
    ]
