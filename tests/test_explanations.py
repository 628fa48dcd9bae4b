"""Explanations of warnings (情况说明): a true warning accepted with a written reason, errors never.

A unit writes, in the template's 「情况说明」 sheet, one row per warning: 规则 | 单元格 | 说明. The checker
attaches each reason to the warning of that rule at that cell: still a warning, counted as one and
shown as explained (JSON, text, annotated copy, summary), but never failing --strict. A reason for an
error, for a warning no longer found, or for a rule or cell that does not exist is itself a warning
(EXPLAIN-UNUSED) at its row. A reason for a rule not judged in this run (XYEAR-* without --last-year,
AGG-SUM without --compare) is neither used nor stale.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from helpers import PLAIN_TEXTS, cell_of, clean_values, convert, insert, real_reports, type_report

import xlcheck
from xlcheck.crossyear import LastYear
from xlcheck.explanations import cell_ref, rule_id
from xlcheck.formats.format2021 import FORMAT_2021
from xlcheck.formats.spec import ERROR
from xlcheck.outputs.annotated import FILLS, RESULTS_SHEET
from xlcheck.outputs.summary import write_summary
from xlcheck.outputs.template import EXPLANATION_HEADER_ROW
from xlcheck.sources.xlsx import SCAN_ROWS

SPEC = FORMAT_2021.explanations
SHEET = SPEC.name
FIRST = EXPLANATION_HEADER_ROW + 1  # the template's first input row of 情况说明
UNUSED = SPEC.rule
REASON = "系统导出时单元格格式为文本，数值无误"
GREEN, AMBER = FILLS["explained"], FILLS["warning"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlcheck", *args], check=False, capture_output=True, text=True, timeout=120
    )


def explain(src: Path, dst: Path, *rows: tuple, sheet: str = SHEET, first: int = FIRST) -> Path:
    """Type explanation rows (规则, 单元格, 说明) into a copy of ``src`` with openpyxl, as staff would."""
    wb = openpyxl.load_workbook(src)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            wb[sheet].cell(first + i, 1 + j, value)
    wb.save(dst)
    return dst


def unused(report) -> list[tuple[str, str, str]]:
    """The EXPLAIN-UNUSED findings as (sheet, cell, message)."""
    return [(v.sheet, v.cell, v.message()) for v in report.violations if v.rule == UNUSED]


@pytest.fixture(scope="module")
def warned(tmp_path_factory) -> Path:
    """A clean report with two warnings: a number stored as text (表三!E5) and a silent section 六."""
    values = clean_values()
    values |= {"t3.new.business": str(values["t3.new.business"]), "text.other": "本年度无其他需要报告的事项。"}
    path = xlcheck.make_template(tmp_path_factory.mktemp("warned") / "单位.xlsx", values=values)
    report = xlcheck.check(path)
    assert {(v.rule, v.sheet, v.cell) for v in report.violations} == {
        ("CELL-TEXTNUM", "表三", "E5"),
        ("SEC6-FEE", "正文", "A22"),
    }
    return path


# ------------------------------------------------------------------ the template's sheet


def test_the_template_has_the_sheet_with_its_header_and_a_list_of_the_warning_rules(template):
    wb = openpyxl.load_workbook(template)
    names = wb.sheetnames
    assert names.index(SHEET) == names.index("表四") + 1 and wb[SHEET].sheet_state == "visible"
    ws = wb[SHEET]
    assert tuple(c.value for c in ws[EXPLANATION_HEADER_ROW][:3]) == SPEC.columns
    assert "错误必须改正" in ws["A2"].value  # the note says what it is for
    (rules,) = [d for d in ws.data_validations.dataValidation if d.type == "list"]
    listed = rules.formula1.strip('"').split(",")
    catalog = {r.id: r for r in FORMAT_2021.rules}
    assert listed == [r.id for r in FORMAT_2021.explainable_rules]
    assert {"XYEAR-CARRY", "XYEAR-VALID", "AGG-SUM", "CELL-TEXTNUM"} <= set(listed)
    assert all(catalog[r].severity != ERROR for r in listed) and UNUSED not in listed
    assert str(rules.sqref) == f"A{FIRST}:A{SCAN_ROWS}"  # validated as far as the checker reads
    assert ws[f"A{FIRST}"].protection.locked is False and ws[f"A{EXPLANATION_HEADER_ROW}"].protection.locked
    guide = "\n".join(str(c.value) for row in wb["填报说明"].iter_rows() for c in row if c.value)
    assert SHEET in guide and UNUSED in guide and "XYEAR-CARRY" in guide


def test_the_blank_templates_sheet_is_no_explanation_and_no_report_table(template):
    report = xlcheck.check(template)
    assert report.explanations is None
    assert {v.sheet for v in report.violations} <= {s.name for s in FORMAT_2021.sheets}


# ------------------------------------------------------------------ an explained warning


def test_an_explained_warning_is_still_a_warning_but_never_fails_strict(warned, tmp_path):
    before = xlcheck.check(warned)
    assert before.exit_code(strict=True) == 1
    report = xlcheck.check(explain(warned, tmp_path / "说明.xlsx", ("CELL-TEXTNUM", "E5", REASON)))
    textnum = next(v for v in report.violations if v.rule == "CELL-TEXTNUM")
    fee = next(v for v in report.violations if v.rule == "SEC6-FEE")
    assert (textnum.explained, fee.explained) == (REASON, None)
    assert len(report.warnings) == 2 and unused(report) == []
    assert report.unexplained == [fee] and report.exit_code(strict=True) == 1  # SEC6-FEE still unexplained
    both = xlcheck.check(
        explain(warned, tmp_path / "都说明.xlsx", ("CELL-TEXTNUM", "E5", REASON), ("SEC6-FEE", "A22", "见附件"))
    )
    assert {v.rule: v.explained for v in both.violations} == {"CELL-TEXTNUM": REASON, "SEC6-FEE": "见附件"}
    assert len(both.warnings) == 2 and both.exit_code(strict=True) == 0 and both.exit_code() == 0


def test_the_command_line_shows_it_explained_in_text_and_json_and_passes_strict(warned, tmp_path):
    path = explain(warned, tmp_path / "说明.xlsx", ("CELL-TEXTNUM", "E5", REASON), ("SEC6-FEE", "A22", "见附件"))
    proc = run("check", "--strict", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(line for line in proc.stdout.splitlines() if "CELL-TEXTNUM" in line)
    assert line.strip().startswith("E5") and line.endswith(f"已说明：{REASON}")
    assert "警告 2 项（其中已说明 2 项）" in proc.stderr and "因警告不通过" not in proc.stderr
    proc = run("check", "--format", "json", str(path))
    (doc,) = json.loads(proc.stdout)["files"]
    assert {v["rule"]: v["explained"] for v in doc["violations"]} == {"CELL-TEXTNUM": REASON, "SEC6-FEE": "见附件"}
    assert doc["summary"] == {"errors": 0, "warnings": 2}
    assert run("check", "--strict", str(warned)).returncode == 1  # without the reasons


def test_the_annotated_copy_paints_an_explained_warning_green_and_gives_the_reason(warned, tmp_path):
    report = xlcheck.check(explain(warned, tmp_path / "说明.xlsx", ("CELL-TEXTNUM", "E5", REASON)))
    wb = openpyxl.load_workbook(xlcheck.annotate(report, tmp_path / "副本.xlsx"))
    e5, a22 = wb["表三"]["E5"], wb["正文"]["A22"]
    assert e5.fill.fgColor.rgb == GREEN and a22.fill.fgColor.rgb == AMBER
    assert f"已说明：{REASON}" in e5.comment.text and "已说明" not in a22.comment.text
    rows = [[c.value for c in row] for row in wb[RESULTS_SHEET].iter_rows()]
    assert "警告 2 项（其中已说明 1 项）" in rows[1][0]
    listed = {row[3]: row for row in rows if isinstance(row[0], int)}
    assert listed["CELL-TEXTNUM"][4] == "警告（已说明）" and listed["CELL-TEXTNUM"][-1] == REASON
    assert listed["SEC6-FEE"][4] == "警告" and listed["SEC6-FEE"][-1] in (None, "")


def test_the_summary_counts_it_as_explained_and_the_file_passes(warned, tmp_path):
    units = tmp_path / "各单位报送"
    units.mkdir()
    explain(warned, units / "甲局.xlsx", ("CELL-TEXTNUM", "E5", REASON), ("SEC6-FEE", "A22", "见附件"))
    explain(warned, units / "乙局.xlsx", ("CELL-TEXTNUM", "E5", REASON))
    out = tmp_path / "检查汇总.xlsx"
    proc = run("check", str(units), "--summary", str(out))
    assert proc.returncode == 0, proc.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb[wb.sheetnames[0]]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(rows) if "已说明数" in row)
    table = [dict(zip(rows[head], row, strict=True)) for row in rows[head + 1 :] if row[0]]
    by_file = {Path(r["文件"]).name: r for r in table}
    assert (by_file["甲局.xlsx"]["结论"], by_file["甲局.xlsx"]["警告数"], by_file["甲局.xlsx"]["已说明数"]) == (
        "通过",
        2,
        2,
    )
    assert (by_file["乙局.xlsx"]["结论"], by_file["乙局.xlsx"]["已说明数"]) == ("仅有警告", 1)
    for name, row in by_file.items():  # the counts are those of --format json
        (doc,) = json.loads(run("check", "--format", "json", str(units / name)).stdout)["files"]
        assert row["已说明数"] == sum(1 for v in doc["violations"] if v["explained"])
    reports = [xlcheck.check(units / "甲局.xlsx")]
    (written,) = write_summary(reports, tmp_path / "汇总2.xlsx", inputs=[str(units / "甲局.xlsx")])
    findings = openpyxl.load_workbook(written).worksheets[1]
    assert REASON in [c.value for row in findings.iter_rows() for c in row]


# ------------------------------------------------------------------ what cannot be explained, or is stale


def test_an_error_cannot_be_explained_away(tmp_path):
    path = xlcheck.make_template(tmp_path / "错.xlsx", values=clean_values() | {"t3.new.total": 99})
    report = xlcheck.check(explain(path, tmp_path / "说明.xlsx", ("T3-ROWTOTAL", "J5", "我们认为总计无误")))
    error = next(v for v in report.violations if v.rule == "T3-ROWTOTAL")
    assert error.severity == ERROR and error.explained is None and error.cell == "J5"
    ((sheet, cell, message),) = unused(report)
    assert (sheet, cell) == (SHEET, f"A{FIRST}")
    assert "T3-ROWTOTAL 是错误" in message and "不能以说明代替" in message
    assert report.exit_code() == 1


def test_a_stale_explanation_is_a_warning_at_its_row_that_fails_strict(tmp_path):
    clean = xlcheck.make_template(tmp_path / "好.xlsx", values=clean_values())
    report = xlcheck.check(explain(clean, tmp_path / "旧说明.xlsx", ("CELL-TEXTNUM", "E5", "去年的说明")))
    assert [v.rule for v in report.violations] == [UNUSED]
    (v,) = report.violations
    assert (v.severity, v.sheet, v.cell, v.cells) == (
        "warning",
        SHEET,
        f"A{FIRST}",
        tuple(f"{c}{FIRST}" for c in "ABC"),
    )
    assert "本次检查在 E5 没有 CELL-TEXTNUM 警告" in v.message() and v.found == "去年的说明"
    assert v.explained is None and report.exit_code() == 0 and report.exit_code(strict=True) == 1
    wb = openpyxl.load_workbook(xlcheck.annotate(report, tmp_path / "副本.xlsx"))
    assert wb[SHEET][f"A{FIRST}"].fill.fgColor.rgb == AMBER and UNUSED in wb[SHEET][f"A{FIRST}"].comment.text


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (("FOO-BAR", "E5", "x"), "没有规则「FOO-BAR」"),
        (("CELL-TEXTNUM", "第五行", "x"), "「第五行」不是单元格"),
        (("CELL-TEXTNUM", "E5:E6", "x"), "不是单元格"),
        (("CELL-TEXTNUM", "XFE1", "x"), "不是单元格"),  # past Excel's last column
        (("", "E5", "x"), "未填写规则或单元格"),
        (("CELL-TEXTNUM", None, "x"), "未填写规则或单元格"),
        ((UNUSED, "A4", "x"), "提示的是情况说明本身"),
        (("CELL-TEXTNUM", "表二!E5", "x"), "本次检查在 表二!E5 没有 CELL-TEXTNUM 警告"),  # the wrong sheet
    ],
)
def test_a_row_that_names_no_warning_says_why(warned, tmp_path, row, says):
    report = xlcheck.check(explain(warned, tmp_path / "说明.xlsx", row))
    ((_, cell, message),) = unused(report)
    assert cell == f"A{FIRST}" and says in message, message
    assert all(v.explained is None for v in report.violations)


def test_a_second_row_for_the_same_warning_is_reported_and_the_first_reason_kept(warned, tmp_path):
    path = explain(
        warned, tmp_path / "两行.xlsx", ("CELL-TEXTNUM", "E5", REASON), ("CELL-TEXTNUM", "表三!E5", "又一次")
    )
    report = xlcheck.check(path)
    assert next(v for v in report.violations if v.rule == "CELL-TEXTNUM").explained == REASON
    ((_, cell, message),) = unused(report)
    assert cell == f"A{FIRST + 1}" and f"第 {FIRST} 行已说明同一项警告" in message


def test_a_cell_several_sheets_warn_at_must_name_its_sheet(tmp_path):
    # 表三!D5 (一、本年新收 × 自然人) and 表四!D5 (行政复议 尚未审结): both numbers stored as text.
    assert (cell_of("t3.new.natural"), cell_of("t4.review_pending")) == (("表三", "D5"), ("表四", "D5"))
    values = clean_values()
    values |= {fid: str(values[fid]) for fid in ("t3.new.natural", "t4.review_pending")}
    path = xlcheck.make_template(tmp_path / "两处.xlsx", values=values)
    vague = xlcheck.check(explain(path, tmp_path / "含糊.xlsx", ("CELL-TEXTNUM", "D5", REASON)))
    ((_, _, message),) = unused(vague)
    assert "请写明工作表" in message and all(v.explained is None for v in vague.violations)
    named = xlcheck.check(explain(path, tmp_path / "写明.xlsx", ("CELL-TEXTNUM", "表四!D5", REASON)))
    assert unused(named) == []
    assert {(v.sheet, v.explained) for v in named.violations if v.rule == "CELL-TEXTNUM"} == {
        ("表三", None),
        ("表四", REASON),
    }


def test_a_row_without_a_reason_is_no_explanation(warned, tmp_path):
    report = xlcheck.check(explain(warned, tmp_path / "空.xlsx", ("CELL-TEXTNUM", "E5", "  "), ("FOO", "Z9", None)))
    assert report.explanations is None and unused(report) == []
    assert all(v.explained is None for v in report.violations)


# ------------------------------------------------------------------ what people type


@pytest.mark.parametrize(
    ("typed", "ref"),
    [
        ("E5", (None, "E5")),
        ("e5", (None, "E5")),
        ("$E$5", (None, "E5")),
        ("Ｅ５", (None, "E5")),
        (" E 5 ", (None, "E5")),
        ("表三!E5", ("表三", "E5")),
        ("'表三'!$E$5", ("表三", "E5")),
        ("表三！e5", ("表三", "E5")),
        ("表三 E5", ("表三", "E5")),
        ("表三E5", ("表三", "E5")),
        ("Sheet1!AA100", ("Sheet1", "AA100")),
        ("XFD1048576", (None, "XFD1048576")),
    ],
)
def test_cells_are_read_as_people_type_them(typed, ref):
    assert cell_ref(typed) == ref


@pytest.mark.parametrize("typed", ["", "E", "5", "E0", "表三!", "E5:E6", "XFE1", "A1048577", "R5C5", "第五行"])
def test_what_is_no_cell_is_refused(typed):
    assert cell_ref(typed) is None


@pytest.mark.parametrize(
    "typed", ["cell-textnum", "CELL_TEXTNUM", " Cell-TextNum ", "ＣＥＬＬ－ＴＥＸＴＮＵＭ", "CELL—TEXTNUM"]
)
def test_rule_ids_are_read_as_people_type_them(typed):
    assert rule_id(typed) == "CELL-TEXTNUM"


def test_loosely_typed_rows_still_explain(warned, tmp_path):
    path = explain(
        warned,
        tmp_path / "随手.xlsx",
        ("cell_textnum", " 表三！$e$5 ", REASON),
        ("ｓｅｃ６－ｆｅｅ", "ａ２２", "见附件"),
    )
    report = xlcheck.check(path)
    assert unused(report) == [] and report.unexplained == []


# ------------------------------------------------------------------ found by its labels, never taken for a table


def test_the_table_is_found_by_its_header_anywhere(warned, tmp_path):
    wb = openpyxl.load_workbook(warned)
    ws = wb[SHEET]
    ws.title = "附：说明"
    insert(ws, row=1, n=3)
    insert(ws, col=1, n=2)
    header = EXPLANATION_HEADER_ROW + 3
    assert [ws.cell(header, c).value for c in (3, 4, 5)] == list(SPEC.columns)  # the header now starts at C6
    for col, value in zip((3, 4, 5), ("CELL-TEXTNUM", "E5", REASON), strict=True):
        ws.cell(header + 1, col, value)
    wb.save(tmp_path / "挪动.xlsx")
    report = xlcheck.check(tmp_path / "挪动.xlsx")
    assert next(v for v in report.violations if v.rule == "CELL-TEXTNUM").explained == REASON
    for col, value in zip(
        (3, 4, 5), ("SEC6-FEE", "B2", "旧的说明"), strict=True
    ):  # a stale row: blamed where it stands
        ws.cell(header + 2, col, value)
    wb.save(tmp_path / "挪动旧.xlsx")
    assert [(s, c) for s, c, _ in unused(xlcheck.check(tmp_path / "挪动旧.xlsx"))] == [("附：说明", f"C{header + 2}")]


def test_what_is_typed_in_the_table_is_never_taken_for_a_report_table(tmp_path):
    # Table 二's block 第二十条第（五）项 prints its caption, corner and row label in column A. Typed down the
    # 说明 column they would place the block there once the real 表二 is gone: the table must be left out.
    path = xlcheck.make_template(tmp_path / "好.xlsx", values=clean_values())
    wb = openpyxl.load_workbook(path)
    del wb["表二"]
    wb.save(tmp_path / "无表二.xlsx")
    texts = ("第二十条第（五）项", "信息内容", "行政许可")
    rows = [("CELL-TEXTNUM", f"E{5 + i}", text) for i, text in enumerate(texts)]
    report = xlcheck.check(explain(tmp_path / "无表二.xlsx", tmp_path / "说明.xlsx", *rows))
    assert {(v.rule, v.sheet) for v in report.violations if v.sheet == SHEET} == {(UNUSED, SHEET)}
    assert ("LAYOUT", "表二") in {(v.rule, v.sheet) for v in report.violations}  # the block is missing
    # The same cells under a header that is not the explanations' are read as a report would be.
    wb = openpyxl.load_workbook(tmp_path / "说明.xlsx")
    wb[SHEET][f"B{EXPLANATION_HEADER_ROW}"] = "位置"
    wb.save(tmp_path / "不是说明.xlsx")
    taken = xlcheck.check(tmp_path / "不是说明.xlsx")
    assert taken.cells["t2.licensing.decisions"][0] == SHEET  # placed in that sheet: what reading it apart prevents


# ------------------------------------------------------------------ rules judged beside other reports

REPORTS = real_reports()
LAST, THIS = "04_suqian_sq_2023", "05_suqian_sq_2024"
CARRY = "机构改革，部分申请随职能划入本机关"


@pytest.fixture
def pair(template, tmp_path):
    """This year's published report with an explanation of XYEAR-CARRY at D6, and last year's, changed or not."""

    def make(last_carry: int | None = None, rows: tuple = (("XYEAR-CARRY", "D6", CARRY),), **columns: int):
        last = copy.deepcopy(REPORTS[LAST])
        if last_carry is not None:
            last["section3"]["carry_out"][0] = last_carry  # 自然人
        for column, value in columns.items():  # c1 商业企业 … c6 总计
            last["section3"]["carry_out"][int(column[1:])] = value
        # Narratives that quote no figure: 05's own contradicts its table 四 (TEXT-TABLE, test_narrative.py).
        type_report(template, last, tmp_path / "2023.xlsx", texts=PLAIN_TEXTS)
        type_report(template, REPORTS[THIS], tmp_path / "2024原.xlsx", texts=PLAIN_TEXTS)
        return explain(tmp_path / "2024原.xlsx", tmp_path / "2024.xlsx", *rows), tmp_path / "2023.xlsx"

    return make


def test_a_cross_year_explanation_attaches_with_last_year_and_is_silent_without(pair):
    this, last = pair(last_carry=100)
    alone = xlcheck.check(this)
    assert alone.violations == [] and alone.explanations is not None  # not judged: neither used nor stale
    joined = LastYear([xlcheck.check(last)], explicit=True).join(alone)
    (carry,) = [v for v in joined.violations if v.rule == "XYEAR-CARRY"]
    assert (carry.cell, carry.explained) == ("D6", CARRY) and unused(joined) == []
    assert joined.exit_code(strict=True) == 0
    assert alone.violations == []  # join returns a new report
    proc = run("check", "--strict", str(this), "--last-year", str(last))
    assert proc.returncode == 0, proc.stdout
    assert any(line.strip().startswith("D6") and line.endswith(f"已说明：{CARRY}") for line in proc.stdout.splitlines())


def test_explaining_the_total_column_too_is_neither_used_nor_stale(pair):
    # Last year's 商业企业 carried over 4, not 3, and its 总计 122: this year's E6 is the warning, and the
    # 总计 mismatch at J6 follows from it (implied, listed apart); a reason written for J6 is not stale.
    rows = (("XYEAR-CARRY", "E6", CARRY), ("XYEAR-CARRY", "J6", CARRY))
    this, last = pair(rows=rows, c1=4, c6=122)
    joined = LastYear([xlcheck.check(last)], explicit=True).join(xlcheck.check(this))
    assert [(v.rule, v.cell, v.explained) for v in joined.violations] == [("XYEAR-CARRY", "E6", CARRY)]
    assert [(i.rule, i.cell, i.because) for i in joined.implied] == [("XYEAR-CARRY", "J6", ("E6",))]
    assert unused(joined) == [] and joined.exit_code(strict=True) == 0


def test_a_cross_year_explanation_no_longer_needed_is_reported_once_last_year_is_given(pair):
    this, last = pair()  # last year's carry-over as published: XYEAR-CARRY holds
    proc = run("check", "--format", "json", "--strict", str(this), "--last-year", str(last))
    assert proc.returncode == 1
    (doc,) = json.loads(proc.stdout)["files"]
    assert [(v["rule"], v["sheet"], v["cell"]) for v in doc["violations"]] == [(UNUSED, SHEET, f"A{FIRST}")]
    assert run("check", "--strict", str(this)).returncode == 0  # without last year: not judged, silent


def test_a_cross_year_explanation_names_the_cell_where_it_stands_in_a_drifted_workbook(pair, tmp_path):
    this, last = pair(last_carry=100, rows=(("XYEAR-CARRY", "D8", CARRY),))
    wb = openpyxl.load_workbook(this)
    insert(wb["表三"], row=5, n=2)  # 二、上年结转 moves from row 6 to row 8
    wb.save(tmp_path / "插行.xlsx")
    joined = LastYear([xlcheck.check(last)], explicit=True).join(xlcheck.check(tmp_path / "插行.xlsx"))
    (carry,) = [v for v in joined.violations if v.rule == "XYEAR-CARRY"]
    assert (carry.cell, carry.explained) == ("D8", CARRY) and unused(joined) == []


def test_a_parent_explains_a_difference_from_its_units_sum(tmp_path):
    units = tmp_path / "units"
    units.mkdir()
    for i in range(2):
        xlcheck.make_template(units / f"u{i}.xlsx", values=clean_values() | {"meta.agency": f"单位{i}"})
    sums = {f: 2 * v for f, v in clean_values().items() if f.startswith(("t2.", "t3.", "t4."))}
    mutated = {"t2.licensing.decisions": sums["t2.licensing.decisions"] + 7}
    own = clean_values() | sums | mutated | {"meta.agency": "某市"}
    parent = xlcheck.make_template(tmp_path / "市本级.xlsx", values=own)
    _, cell = cell_of("t2.licensing.decisions")
    reason = "含本级直接办理的 7 件行政许可"
    explained = explain(parent, tmp_path / "市本级说明.xlsx", ("AGG-SUM", f"表二!{cell}", reason))
    assert xlcheck.check(explained).violations == []  # AGG-SUM not judged by check: silent
    proc = run("aggregate", str(units), "--compare", str(explained), "--format", "json", "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (doc,) = json.loads(proc.stdout)["files"]
    assert [(v["rule"], v["cell"], v["explained"]) for v in doc["violations"]] == [("AGG-SUM", cell, reason)]
    assert run("aggregate", str(units), "--compare", str(parent), "--strict").returncode == 1


# ------------------------------------------------------------------ the annotated copy sent back


def test_a_copy_sent_back_with_a_reason_added_is_the_units_report(warned, tmp_path):
    copy_path = xlcheck.annotate(xlcheck.check(warned), tmp_path / "副本.xlsx")
    assert xlcheck.check(copy_path).error.code == "annotated-copy"
    back = explain(copy_path, tmp_path / "补说明.xlsx", ("CELL-TEXTNUM", "E5", REASON))
    report = xlcheck.check(back)
    assert report.error is None and report.notices == ["edited-copy"]
    assert next(v for v in report.violations if v.rule == "CELL-TEXTNUM").explained == REASON
    again = xlcheck.annotate(report, tmp_path / "副本2.xlsx")
    assert xlcheck.check(again).error.code == "annotated-copy"  # unchanged since: not a second report


# ------------------------------------------------------------------ LibreOffice


@pytest.mark.libreoffice
def test_libreoffice_keeps_the_sheet_its_list_and_the_explanations(warned, lo_profile, tmp_path):
    path = explain(warned, tmp_path / "说明.xlsx", ("CELL-TEXTNUM", "E5", REASON))
    resaved = convert(path, "xlsx", tmp_path / "lo", lo_profile)
    ws = openpyxl.load_workbook(resaved)[SHEET]
    lists = [d for d in ws.data_validations.dataValidation if d.type == "list"]
    assert len(lists) == 1 and lists[0].formula1.strip('"').split(",") == [r.id for r in FORMAT_2021.explainable_rules]
    assert f"A{FIRST}" in str(lists[0].sqref)
    report = xlcheck.check(resaved)
    assert next(v for v in report.violations if v.rule == "CELL-TEXTNUM").explained == REASON
    assert unused(report) == []


@pytest.mark.libreoffice
def test_the_sheet_prints_on_one_page_with_its_note_and_header(template, lo_profile, tmp_path):
    pdf = convert(template, "pdf", tmp_path / "pdf", lo_profile)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    (page,) = [p for p in text.split("\f") if p.strip().startswith(SHEET)]
    flat = "".join(page.split())
    assert "".join(SPEC.note.split()) in flat and "规则单元格说明" in flat


def test_long_texts_in_the_table_are_kept_short_in_every_finding(tmp_path):
    # Every finding and output repeats a row's rule, cell and reason: none may carry pages of text.
    import os

    from xlcheck.explanations import MAX_REASON, MAX_TYPED

    clean = xlcheck.make_template(tmp_path / "好.xlsx", values=clean_values())
    rows = [tuple(os.urandom(n).hex() for n in (2_500, 2_500, 25_000)) for _ in range(20)]
    report = xlcheck.check(explain(clean, tmp_path / "长.xlsx", *rows))
    assert report.error is None and len(unused(report)) == 20
    for v in report.violations:
        assert len(v.found) == MAX_REASON and v.found.endswith("…")
        assert len(v.message()) < 2 * MAX_TYPED + 200
    assert len(json.dumps(report.to_dict(), ensure_ascii=False)) < 20 * (MAX_REASON + 2_000)


def test_a_narrative_figure_the_unit_explains_is_explained(tmp_path):
    # A new user's trial: the dropdown offers TEXT-TABLE, but its explanation was silently dropped.
    values = clean_values()
    quoted = values["t3.new.natural"] + values["t3.new.business"] + 1  # one application counted elsewhere
    values["text.overview"] = f"本年度共收到政府信息公开申请{quoted}件。"
    src = xlcheck.make_template(tmp_path / "年报.xlsx", values=values)
    (figure,) = [v for v in xlcheck.check(src).violations if v.rule == "TEXT-TABLE"]
    reason = "含1件已转交其他机关办理、未计入表三的申请"
    explained = xlcheck.check(explain(src, tmp_path / "说明.xlsx", ("TEXT-TABLE", figure.cell, reason)))
    (figure,) = [v for v in explained.violations if v.rule == "TEXT-TABLE"]
    assert figure.explained == reason and unused(explained) == []
    assert explained.exit_code(strict=True) == 0


def test_an_explanation_past_the_rows_read_is_named_not_silently_dropped(tmp_path):
    from xlcheck.formats.format2021 import FORMAT_2021

    sheet = FORMAT_2021.explanations.name
    path = xlcheck.make_template(tmp_path / "r.xlsx", values=clean_values())
    assert not [n for n in xlcheck.check(path).notices if n[0] == "explain-cut"]
    wb = openpyxl.load_workbook(path)
    wb[sheet]["A320"], wb[sheet]["B320"], wb[sheet]["C320"] = "CELL-TEXTNUM", "表二!B8", "确属实际情况"
    wb.save(path)
    report = xlcheck.check(path)
    assert [n for n in report.notices if n[0] == "explain-cut"] == [("explain-cut", (f"「{sheet}」", repr(sheet)))]


def test_one_row_explains_every_warning_of_its_rule_at_its_cell(tmp_path):
    # Two figures of one section disagree with the tables: two TEXT-TABLE warnings at 正文!A3, one reason.
    values = clean_values()
    report = xlcheck.check(xlcheck.make_template(tmp_path / "r.xlsx", values=values))
    new, done = report.values["t3.new.total"], report.values["t3.total.total"]
    text = f"本年共收到政府信息公开申请{new + 1}件，办结政府信息公开申请{done + 1}件。"
    path = xlcheck.make_template(tmp_path / "两处.xlsx", values=values | {"text.overview": text})
    assert [v.cell for v in xlcheck.check(path).violations if v.rule == "TEXT-TABLE"] == ["A3", "A3"]
    explained = xlcheck.check(explain(path, tmp_path / "说明.xlsx", ("TEXT-TABLE", "正文!A3", "正文按另一口径统计")))
    assert [v.explained for v in explained.violations if v.rule == "TEXT-TABLE"] == ["正文按另一口径统计"] * 2
    assert unused(explained) == []
