"""The collecting office's summary (`xlcheck check DIR --summary`): counts as each file's own check says,
worst first, unreadable files with their code, links to the cells, CSV for Excel, the output policy."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path, PureWindowsPath

import openpyxl
import pytest
from helpers import ROOT, clean_values, convert

import xlcheck
from xlcheck.batch import expand
from xlcheck.errors import OutputError
from xlcheck.outputs import summary as summary_module
from xlcheck.outputs.summary import (
    FINDING_COLUMNS,
    HEADING_ROW,
    OVERVIEW_COLUMNS,
    SHEETS,
    VERDICTS,
    SummaryWriter,
    write_summary,
)

SAMPLES = ROOT / "samples"
CLEAN_SAMPLE = SAMPLES / "石嘴山市民政局_2021.xlsx"
MISTAKES_SAMPLE = SAMPLES / "常见错误示例.xlsx"
ZH_OVERVIEW, ZH_FINDINGS = SHEETS["zh"]
FIRST_DATA_ROW = HEADING_ROW + 2  # 1-based, as openpyxl counts


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlcheck", *args], check=False, capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """A collecting office's folder: 各单位报送/ with a clean report, one with errors, one with warnings
    only, a truncated file, a legacy .xls, a workbook that is no report, and a PDF, one in a subfolder."""
    root = tmp_path_factory.mktemp("office")
    units = root / "各单位报送"
    (units / "某某乡").mkdir(parents=True)
    shutil.copy(CLEAN_SAMPLE, units / CLEAN_SAMPLE.name)
    shutil.copy(MISTAKES_SAMPLE, units / "某某乡" / MISTAKES_SAMPLE.name)
    values = clean_values() | {"t3.open.natural": "5"}  # a number stored as text: a warning, no error
    xlcheck.make_template(units / "仅有警告_2024.xlsx", values=values)
    (units / "不完整.xlsx").write_bytes(MISTAKES_SAMPLE.read_bytes()[:3000])
    (units / "旧版.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (units / "年报.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "会议签到表"
    wb.save(units / "签到表.xlsx")
    return root


@pytest.fixture(scope="module")
def summary(office) -> Path:
    proc = run("check", "各单位报送", "--summary", "检查汇总.xlsx", cwd=office)
    assert proc.returncode == 2, proc.stderr  # some files could not be checked
    assert "检查汇总：检查汇总.xlsx" in proc.stderr and "Traceback" not in proc.stderr
    return office / "检查汇总.xlsx"


def table(ws, heading_row: int = HEADING_ROW + 1) -> list[dict]:
    """A sheet's data rows as dicts keyed by the headings."""
    rows = list(ws.iter_rows(min_row=heading_row, values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def per_file_json(office: Path, path: str) -> dict:
    proc = run("check", path, "--format", "json", cwd=office)
    (entry,) = json.loads(proc.stdout)["files"]
    return entry


def test_counts_agree_with_each_files_own_json_check(office, summary):
    wb = openpyxl.load_workbook(summary)
    overview, findings = table(wb[ZH_OVERVIEW]), table(wb[ZH_FINDINGS])
    files = {os.path.relpath(p, office) for p in expand([office / "各单位报送"])}
    assert {row["文件"] for row in overview} == files and len(overview) == len(files) == 7
    for row in overview:
        entry = per_file_json(office, row["文件"])
        listed = [f for f in findings if f["文件"] == row["文件"]]
        if entry["error"]:
            assert (row["错误数"], row["警告数"], row["已说明数"]) == (None, None, None)
            assert row["结论"] == "无法检查"
            assert [(f["规则"], f["级别"]) for f in listed] == [(entry["error"]["code"], "无法检查")]
            continue
        warnings = entry["summary"]["warnings"]
        assert (row["错误数"], row["警告数"]) == (entry["summary"]["errors"], warnings)
        assert row["已说明数"] == sum(1 for v in entry["violations"] if v["explained"]) == 0
        expected = {"error": "错误", "warning": "警告"}
        assert Counter((f["工作表"], f["单元格"], f["规则"], f["级别"], f["说明"]) for f in listed) == Counter(
            (v["sheet"], v["cell"], v["rule"], expected[v["severity"]], v["message"]) for v in entry["violations"]
        )
        assert row["报告年度"] == (2021 if "石嘴山" in row["文件"] else 2024 if "警告" in row["文件"] else None)


def test_each_verdict_is_what_the_files_check_found(summary):
    verdicts = {row["文件"]: row["结论"] for row in table(openpyxl.load_workbook(summary)[ZH_OVERVIEW])}
    assert verdicts == {
        "各单位报送/石嘴山市民政局_2021.xlsx": "通过",
        "各单位报送/某某乡/常见错误示例.xlsx": "有错误",
        "各单位报送/仅有警告_2024.xlsx": "仅有警告",
        "各单位报送/不完整.xlsx": "无法检查",
        "各单位报送/旧版.xls": "无法检查",
        "各单位报送/年报.pdf": "无法检查",
        "各单位报送/签到表.xlsx": "无法检查",
    }


def test_the_worst_files_come_first_in_both_sheets(summary):
    wb = openpyxl.load_workbook(summary)
    overview = table(wb[ZH_OVERVIEW])
    rank = {word: rank for rank, word in VERDICTS["zh"].items()}
    ranks = [rank[row["结论"]] for row in overview]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] == rank["无法检查"] and ranks[-1] == rank["通过"]
    order = list(dict.fromkeys(f["文件"] for f in table(wb[ZH_FINDINGS])))
    assert order == [row["文件"] for row in overview if row["文件"] in order]


def test_more_errors_come_before_fewer(tmp_path):
    few = xlcheck.make_template(tmp_path / "少.xlsx", values=clean_values() | {"t3.open.natural": -1})
    reports = [xlcheck.check(few), xlcheck.check(MISTAKES_SAMPLE)]
    (out,) = write_summary(reports, tmp_path / "汇总.xlsx")
    overview = table(openpyxl.load_workbook(out)[ZH_OVERVIEW])
    assert [row["文件"] for row in overview] == [str(MISTAKES_SAMPLE), str(few)]
    assert overview[0]["错误数"] > overview[1]["错误数"] > 0


def test_unreadable_files_are_rows_with_their_code_and_reason(office, summary):
    overview = {row["文件"]: row for row in table(openpyxl.load_workbook(summary)[ZH_OVERVIEW])}
    for name, code in [("不完整.xlsx", "truncated-zip"), ("旧版.xls", "legacy-xls"), ("签到表.xlsx", "no-report")]:
        path = f"各单位报送/{name}"
        first = overview[path]["主要问题"]
        message = per_file_json(office, path)["error"]["message"]
        # The row shows where the file is; its reason names it by its name alone.
        assert first == f"[{code}] {message.replace(path, name)}"


def test_first_findings_are_spelled_out_errors_first(office, summary):
    overview = {row["文件"]: row for row in table(openpyxl.load_workbook(summary)[ZH_OVERVIEW])}
    lines = overview["各单位报送/某某乡/常见错误示例.xlsx"]["主要问题"].split("\n")
    assert lines[0] == "封面 B2：「机关名称」未填写" and len(lines) == 4
    findings = len(per_file_json(office, "各单位报送/某某乡/常见错误示例.xlsx")["violations"])
    assert lines[-1] == f"……另有 {findings - 3} 项"
    warned = overview["各单位报送/仅有警告_2024.xlsx"]["主要问题"]
    assert warned.startswith("表三 ") and "以文本形式存储" in warned


def test_findings_link_to_the_units_file_at_the_blamed_cell(office, summary):
    wb = openpyxl.load_workbook(summary)
    ws = wb[ZH_FINDINGS]
    column = FINDING_COLUMNS["zh"].index("单元格") + 1
    checked = 0
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        path, sheet, cell = ws.cell(r, 1).value, ws.cell(r, 3).value, ws.cell(r, column)
        if not sheet:  # a file not checked: no cell to go to
            assert cell.hyperlink is None
            continue
        target = Path(*PureWindowsPath(cell.hyperlink.target).parts)  # Excel writes relative links with \
        assert (office / target).resolve() == (office / path).resolve()
        assert cell.hyperlink.location == f"'{sheet}'!{cell.value}"
        unit = openpyxl.load_workbook(office / path)
        assert sheet in unit.sheetnames  # the place exists in the unit's file
        checked += 1
    mistakes = len(per_file_json(office, "各单位报送/某某乡/常见错误示例.xlsx")["violations"])
    assert checked == mistakes + 1  # every finding of the mistakes sample, and the warning-only unit's one
    overview = wb[ZH_OVERVIEW]
    for r in range(FIRST_DATA_ROW, overview.max_row + 1):
        link = overview.cell(r, 1).hyperlink
        target = office / Path(*PureWindowsPath(link.target).parts)
        assert target.resolve() == (office / overview.cell(r, 1).value).resolve()


def test_links_past_the_hyperlink_budget_are_formulas_to_the_same_place(tmp_path, monkeypatch):
    monkeypatch.setattr(summary_module, "LINK_OBJECTS", 5)
    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copy(MISTAKES_SAMPLE, folder / "a.xlsx")
    report = xlcheck.check(folder / "a.xlsx")
    (out,) = write_summary([report], tmp_path / "汇总.xlsx")
    ws = openpyxl.load_workbook(out)[ZH_FINDINGS]
    cached = openpyxl.load_workbook(out, data_only=True)[ZH_FINDINGS]
    rows = range(FIRST_DATA_ROW, ws.max_row + 1)
    links = [True] * 5 + [False] * (len(report.violations) - 5)
    assert [ws.cell(r, 4).hyperlink is not None for r in rows] == links
    for r in rows[5:]:
        sheet, cell = ws.cell(r, 3).value, cached.cell(r, 4).value  # the formula's saved result: the cell
        assert ws.cell(r, 4).value == f"""=HYPERLINK("报送/a.xlsx#'{sheet}'!{cell}","{cell}")"""


def test_a_units_text_is_never_a_formula_in_the_workbook(summary):
    wb = openpyxl.load_workbook(summary)
    k5 = next(row for row in table(wb[ZH_FINDINGS]) if row["单元格"] == "K5")
    assert k5["实为"] == "=1+1"  # the unit typed a formula; the summary shows its text
    cell = next(c for row in wb[ZH_FINDINGS].iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"


def test_wrapped_rows_are_tall_enough_to_show_their_text(summary):
    ws = openpyxl.load_workbook(summary)[ZH_FINDINGS]
    heights = [ws.row_dimensions[r].height for r in range(FIRST_DATA_ROW, ws.max_row + 1)]
    longest = max(range(len(heights)), key=lambda i: len(ws.cell(FIRST_DATA_ROW + i, 7).value or ""))
    assert all(h and h >= 15 for h in heights) and heights[longest] >= 30  # the last rows too


def test_the_summary_has_filters_a_frozen_heading_and_prints_landscape_a4_to_width(summary):
    wb = openpyxl.load_workbook(summary)
    for name, columns in ((ZH_OVERVIEW, OVERVIEW_COLUMNS["zh"]), (ZH_FINDINGS, FINDING_COLUMNS["zh"])):
        ws = wb[name]
        assert [c.value for c in ws[HEADING_ROW + 1]] == list(columns)
        assert ws.freeze_panes == f"B{HEADING_ROW + 2}"
        assert ws.auto_filter.ref == f"A{HEADING_ROW + 1}:{chr(64 + len(columns))}{ws.max_row}"
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
        setup = ws.page_setup
        fit = (setup.fitToWidth or 1, setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage)  # 1 by default
        assert fit == (1, 0, True)  # one page wide, as many down as it takes
        assert ws.print_title_rows == f"${HEADING_ROW + 1}:${HEADING_ROW + 1}"  # the headings atop each page


def test_the_summary_is_marked_as_xlchecks_output_and_never_checked_as_a_report(summary, office):
    props = {p.name: p.value for p in openpyxl.load_workbook(summary).custom_doc_props}
    assert props["xlcheck-output"] == "summary"
    proc = run("check", str(summary), "--format", "json")
    assert proc.returncode == 0  # skipped on purpose (xlcheck's own output), not a failure
    assert json.loads(proc.stdout)["files"][0]["error"]["code"] == "xlcheck-output"


def test_the_csv_form_opens_in_excel_in_chinese(office):
    proc = run("check", "各单位报送", "--summary", "检查汇总.csv", cwd=office)
    assert proc.returncode == 2 and "检查汇总.csv、检查汇总_问题清单.csv" in proc.stderr
    # A row per finding of the mistakes sample and of the warning-only unit, and one per file not checked.
    mistakes = len(per_file_json(office, "各单位报送/某某乡/常见错误示例.xlsx")["violations"])
    findings_rows = mistakes + 1 + 4
    for name, columns, n in (
        ("检查汇总.csv", OVERVIEW_COLUMNS, 7),
        ("检查汇总_问题清单.csv", FINDING_COLUMNS, findings_rows),
    ):
        data = (office / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
        assert data.count(b"\r\n") >= n + 1  # a CRLF after each record (a quoted field may hold \n)
        with open(office / name, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert tuple(rows[0]) == columns["zh"] and len(rows) == n + 1
    with open(office / "检查汇总_问题清单.csv", encoding="utf-8-sig", newline="") as f:
        findings = list(csv.DictReader(f))
    k5 = next(row for row in findings if row["单元格"] == "K5")
    assert k5["实为"] == "'=1+1"  # a spreadsheet shows it as text, never runs it
    b11 = next(row for row in findings if row["单元格"] == "B11")
    assert b11["实为"] == "-3"  # a plain number stays as it is


def test_csv_overview_counts_match_the_workbook(office, summary):
    run("check", "各单位报送", "--summary", "概况.csv", cwd=office)
    with open(office / "概况.csv", encoding="utf-8-sig", newline="") as f:
        from_csv = [(r["文件"], r["结论"], r["错误数"], r["警告数"]) for r in csv.DictReader(f)]
    from_xlsx = [
        (
            r["文件"],
            r["结论"],
            "" if r["错误数"] is None else str(r["错误数"]),
            "" if r["警告数"] is None else str(r["警告数"]),
        )
        for r in table(openpyxl.load_workbook(summary)[ZH_OVERVIEW])
    ]
    assert from_csv == from_xlsx


def test_an_existing_summary_is_not_overwritten_without_force(office, summary):
    before = summary.read_bytes()
    proc = run("check", "各单位报送", "--summary", "检查汇总.xlsx", cwd=office)
    assert proc.returncode == 2 and "文件已存在" in proc.stderr and "--force" in proc.stderr
    assert proc.stdout == ""  # refused before any file was checked
    assert summary.read_bytes() == before
    forced = run("check", "各单位报送", "--summary", "检查汇总.xlsx", "--force", cwd=office)
    assert "检查汇总：检查汇总.xlsx" in forced.stderr and summary.read_bytes() != before


def test_a_summary_never_goes_inside_a_folder_being_checked(office):
    proc = run("check", "各单位报送", "--summary", "各单位报送/某某乡/汇总.xlsx", cwd=office)
    assert proc.returncode == 2 and "被检查的文件夹" in proc.stderr
    assert not (office / "各单位报送" / "某某乡" / "汇总.xlsx").exists()


def test_a_summary_never_replaces_a_file_being_checked(tmp_path):
    unit = tmp_path / "单位.xlsx"
    shutil.copy(CLEAN_SAMPLE, unit)
    before = unit.read_bytes()
    proc = run("check", str(unit), "--summary", str(unit), "--force")
    assert proc.returncode == 2 and "被检查的文件" in proc.stderr and unit.read_bytes() == before


@pytest.mark.parametrize("name", ["汇总.txt", "汇总.xls", "汇总"])
def test_a_summary_name_must_end_in_xlsx_or_csv(tmp_path, name):
    proc = run("check", str(CLEAN_SAMPLE), "--summary", str(tmp_path / name))
    assert proc.returncode == 2 and ".xlsx 或 .csv" in proc.stderr and not (tmp_path / name).exists()


def test_english_summary(tmp_path):
    proc = run("check", str(MISTAKES_SAMPLE), str(CLEAN_SAMPLE), "--summary", str(tmp_path / "s.xlsx"), "--lang", "en")
    assert proc.returncode == 1 and "summary: " in proc.stderr
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames == list(SHEETS["en"])
    overview = table(wb["Overview"])
    assert [r["verdict"] for r in overview] == ["errors", "passed"]
    assert "expected 130, found 131" in "".join(str(r["message"]) for r in table(wb["Findings"]))
    proc = run("check", str(CLEAN_SAMPLE), "--summary", str(tmp_path / "s.csv"), "--lang", "en")
    assert (tmp_path / "s_findings.csv").exists()


def test_explained_warnings_count_as_explained_and_the_file_passes(tmp_path):
    path = xlcheck.make_template(tmp_path / "w.xlsx", values=clean_values() | {"t3.open.natural": "5"})
    report = xlcheck.check(path)
    (warning,) = report.violations
    reason = "机构改革，上年结转按新口径统计"
    explained = dataclasses.replace(report, violations=[dataclasses.replace(warning, explained=reason)])
    (out,) = write_summary([explained, report], tmp_path / "汇总.xlsx", inputs=[path])
    wb = openpyxl.load_workbook(out)
    rows = table(wb[ZH_OVERVIEW])
    assert [(r["结论"], r["警告数"], r["已说明数"]) for r in rows] == [("仅有警告", 1, 0), ("通过", 1, 1)]
    assert "（已说明）" in rows[1]["主要问题"]
    assert [r["情况说明"] for r in table(wb[ZH_FINDINGS])] == [None, reason]


def test_the_writer_is_vetted_at_once_and_an_exception_writes_nothing(tmp_path):
    (tmp_path / "在.xlsx").write_bytes(b"x")
    with pytest.raises(OutputError) as refused:
        SummaryWriter(tmp_path / "在.xlsx")
    assert refused.value.code == "output-exists"
    with pytest.raises(RuntimeError), SummaryWriter(tmp_path / "新.xlsx") as writer:
        writer.add(xlcheck.check(CLEAN_SAMPLE))
        raise RuntimeError("stopped halfway")
    assert list(tmp_path.iterdir()) == [tmp_path / "在.xlsx"]


def test_reports_are_kept_as_compact_rows_not_report_objects(tmp_path):
    writer = SummaryWriter(tmp_path / "汇总.xlsx")
    report = xlcheck.check(MISTAKES_SAMPLE)
    writer.add(report)
    (row,) = writer._rows
    assert all(isinstance(v, (str, int, type(None), tuple)) for v in row)
    assert not any(isinstance(v, xlcheck.Report) for v in row)
    writer.close()


@pytest.mark.libreoffice
def test_libreoffice_opens_the_summary_and_prints_both_sheets(summary, tmp_path, lo_profile):
    pdf = convert(summary, "pdf", tmp_path, lo_profile)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    first = next(p for p in pages if ZH_OVERVIEW in p)
    assert all(heading in first for heading in OVERVIEW_COLUMNS["zh"])  # fitted to the width: every column
    assert all(word in first for word in VERDICTS["zh"].values())
    listing = next(p for p in pages if ZH_FINDINGS in p and "T3-ROWTOTAL" in p)
    assert all(heading in listing for heading in FINDING_COLUMNS["zh"])
    assert "应为 130，实为 131" in text.replace("\n", "")


def test_findings_of_a_published_page_link_to_the_page_not_to_a_cell_it_lacks(tmp_path):
    units = tmp_path / "报送"
    units.mkdir()
    page = units / "乙局.html"
    run("render", str(MISTAKES_SAMPLE), "-o", str(page), "--force")  # exit 1: rendered, with its errors
    assert page.exists()
    out = tmp_path / "汇总.xlsx"
    assert run("check", str(units), "--summary", str(out)).returncode == 1
    ws = openpyxl.load_workbook(out)[ZH_FINDINGS]
    column = FINDING_COLUMNS["zh"].index("单元格") + 1
    links = [ws.cell(r, column).hyperlink for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 3).value]
    assert links and all(link is not None and link.location is None for link in links)
    assert all(Path(PureWindowsPath(link.target).name).name == "乙局.html" for link in links)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_full_disk_leaves_the_last_summary_whole_and_is_a_coded_error(suffix, tmp_path):
    import resource

    units = tmp_path / "报送"
    units.mkdir()
    for i in range(40):
        (units / f"单位{i}.xlsx").write_bytes(MISTAKES_SAMPLE.read_bytes())
    one = tmp_path / "一个"
    one.mkdir()
    (one / "甲.xlsx").write_bytes(CLEAN_SAMPLE.read_bytes())
    out = tmp_path / "汇总" / f"s{suffix}"
    out.parent.mkdir()
    assert run("check", str(one), "--summary", str(out)).returncode == 0
    before = {p.name: p.read_bytes() for p in out.parent.iterdir()}

    def small_files():  # files past 100 KiB cannot be written: a full disk, as the writer sees it
        resource.setrlimit(resource.RLIMIT_FSIZE, (100 * 1024, resource.RLIM_INFINITY))

    proc = subprocess.run(
        [sys.executable, "-m", "xlcheck", "check", str(units), "--summary", str(out), "--force", "-j", "1"],
        capture_output=True, text=True, timeout=120, preexec_fn=small_files, check=False,
    )  # fmt: skip
    assert proc.returncode == 2 and "无法写入" in proc.stderr and "Traceback" not in proc.stderr
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == before  # both CSVs, or the workbook, as they were


def test_under_strict_the_summary_names_unexplained_warnings_as_failing(office, tmp_path):
    out = tmp_path / "严格.xlsx"
    proc = run("check", "各单位报送", "--strict", "--summary", str(out), cwd=office)
    assert proc.returncode in (1, 2) and "--strict" in proc.stderr
    ws = openpyxl.load_workbook(out)[ZH_OVERVIEW]
    verdicts = {row["文件"]: row["结论"] for row in table(ws)}
    assert verdicts["各单位报送/仅有警告_2024.xlsx"] == "警告未说明（--strict 不通过）"
    assert "警告未说明（--strict 不通过）" in ws["A1"].value and "仅有警告" not in ws["A1"].value
