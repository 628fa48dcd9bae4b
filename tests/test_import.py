"""``xlcheck import``: a published report typed into the template checks with the document's own findings."""

from __future__ import annotations

import copy
import subprocess
import sys

import openpyxl
import pytest
from helpers import ROOT, real_reports
from pages import STYLES, sections, write_docx, write_page

import xlcheck
from xlcheck.checker import FORMATS
from xlcheck.formats.spec import LAYOUT_RULE, NUMBER_KINDS, PUBLISHED, VALUE_RULES, layout

REPORTS = real_reports()
DOCUMENT_ONLY = {r.id for r in xlcheck.FORMAT_2021.rules if r.scope == PUBLISHED}  # PUB-LATE: no workbook has a date


def verdict(report) -> set[tuple[str, str, str]]:
    return {(v.rule, v.sheet, v.cell) for v in report.violations if v.rule not in DOCUMENT_ONLY}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xlcheck", *args], capture_output=True, text=True, check=False, timeout=120
    )


def assert_imported_verdict(page, workbook) -> None:
    """The workbook's findings are the page's, by rule and cell, but for the promised three (README, import -h):
    the template prints the format's labels, so the page's LAYOUT findings are gone; a cell the page could not
    read under such a label holds 未能读取, NUM-COUNT (NUM-AMOUNT) there; PUB-LATE is the page's alone. The
    values and the rules not assessed or implied are the page's."""
    lay = layout(FORMATS[page.format])
    marked = {
        (VALUE_RULES[lay.fields[fid].kind], *page.cells[fid])
        for fid in page.unread
        if fid not in lay.totals and lay.fields[fid].kind in NUMBER_KINDS
    }
    assert verdict(workbook) == {v for v in verdict(page) if v[0] != LAYOUT_RULE} | marked
    assert workbook.values == page.values
    assert {(n.rule, n.sheet, n.cell) for n in workbook.not_assessed} == {
        (n.rule, n.sheet, n.cell) for n in page.not_assessed
    }
    assert workbook.implied == page.implied


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_an_imported_page_checks_with_the_pages_own_findings(name, style, tmp_path):
    page_path = write_page(tmp_path, f"{name}.html", REPORTS[name], style)
    done = xlcheck.import_document(page_path, tmp_path / f"{name}.xlsx")
    workbook = xlcheck.check(done.path)
    assert workbook.error is None and workbook.format == done.report.format
    assert_imported_verdict(done.report, workbook)


def test_an_imported_word_file_checks_with_its_own_findings(tmp_path):
    name = "07_shuyang_fgj_2023"
    doc = write_docx(tmp_path / "r.docx", REPORTS[name])
    done = xlcheck.import_document(doc, tmp_path / "r.xlsx")
    assert_imported_verdict(done.report, xlcheck.check(done.path))


def test_a_page_in_the_2019_layout_imports_into_its_years_template_with_the_cells_not_read_marked(tmp_path):
    # 宿迁 2024 printed in the 2019 layout: its year calls for the 2021 format, whose template it goes into.
    # The 2019 rows and columns with no place there are 「未能读取」, never blanks counted as 0 (which made
    # （七）总计 disagree with the （六） rows the page never printed: T3-OUTCOMES 应为 2975，实为 3440).
    page = write_page(tmp_path, "y.html", REPORTS["05_suqian_sq_2024"], "y2019")
    done = xlcheck.import_document(page, tmp_path / "y.xlsx")
    workbook = xlcheck.check(done.path)
    assert done.report.format == workbook.format == "2021"
    assert_imported_verdict(done.report, workbook)
    assert not [v for v in workbook.violations if v.rule in ("T3-OUTCOMES", "CELL-BLANK")]
    sheet = openpyxl.load_workbook(done.path)["表三"]
    assert [sheet[f"D{row}"].value for row in (25, 26, 27)] == ["未能读取"] * 3
    assert sheet["D28"].value == REPORTS["05_suqian_sq_2024"]["section3"]["total"][0]  # the printed total
    (v,) = [v for v in workbook.violations if (v.rule, v.cell) == ("NUM-COUNT", "D25")]
    assert "对照原文档填写" in v.message()
    proc = run("import", str(page), "-o", str(tmp_path / "again.xlsx"))
    assert proc.returncode == 0 and f"{len(done.unread)} 个单元格因此未能读取" in proc.stderr


def test_mistakes_stay_as_printed_and_right_totals_stay_formulas(tmp_path):
    report = copy.deepcopy(REPORTS["08_shuyang_xzf_2025"])
    report["section3"]["new"][1] = "3件"  # a unit in a count
    report["section3"]["open"][6] += 1  # a wrong row total
    report["section4"]["review_upheld"] = ""  # a published blank
    done = xlcheck.import_document(write_page(tmp_path, "p.html", report, "word"), tmp_path / "p.xlsx")
    found = verdict(done.report)
    assert {("NUM-COUNT", "表三", "E5"), ("T3-ROWTOTAL", "表三", "J7"), ("CELL-BLANK", "表四", "A5")} <= found
    assert verdict(xlcheck.check(done.path)) == found
    sheet = openpyxl.load_workbook(done.path)["表三"]
    assert sheet["E5"].value == "3件"  # as printed
    assert sheet["J7"].value == report["section3"]["open"][6]  # the wrong total, typed over the formula
    assert str(sheet["J8"].value).startswith("=SUM(")  # a total that adds up keeps the template's formula
    assert openpyxl.load_workbook(done.path)["表四"]["A5"].value is None


def test_the_narrative_and_cover_are_imported(tmp_path):
    report = REPORTS["03_huaian_szf_2024"]
    done = xlcheck.import_document(write_page(tmp_path, "p.html", report, "clean"), tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(done.path)
    assert (wb["封面"]["B2"].value, wb["封面"]["B3"].value) == ("淮安市人民政府", 2024)
    assert wb["正文"]["A3"].value == sections(report)["overview"]
    assert wb["正文"]["A22"].value == sections(report)["other"]


# ------------------------------------------------------------------ the command


def test_import_writes_the_workbook_and_says_what_the_document_holds(tmp_path):
    page = write_page(tmp_path, "报告.html", REPORTS["07_shuyang_fgj_2023"], "word")
    proc = run("import", str(page), "-o", str(tmp_path / "导入.xlsx"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(tmp_path / "导入.xlsx")
    assert "错误 126 项" in proc.stderr and "1 处标签" in proc.stderr  # 07's 125 blanks and its 2019 label
    assert xlcheck.check(tmp_path / "导入.xlsx").error is None


def test_import_writes_beside_the_document_by_default_and_never_overwrites_without_force(tmp_path):
    page = write_page(tmp_path, "报告.htm", REPORTS["03_huaian_szf_2024"], "clean")
    proc = run("import", str(page))
    assert proc.returncode == 0 and "同一文件夹" in proc.stderr  # both would be read as this unit's reports
    out = tmp_path / "报告.xlsx"
    before = out.read_bytes()
    proc = run("import", str(page))
    assert proc.returncode == 2 and "已存在" in proc.stderr and "--force" in proc.stderr
    assert out.read_bytes() == before
    assert run("import", str(page), "--force").returncode == 0
    elsewhere = tmp_path / "工作簿"
    elsewhere.mkdir()
    proc = run("import", str(page), "-o", str(elsewhere / "报告.xlsx"))
    assert proc.returncode == 0 and "同一文件夹" not in proc.stderr


def test_import_refuses_a_workbook_and_a_page_with_no_report(tmp_path):
    proc = run("import", str(ROOT / "samples" / "石嘴山市民政局_2021.xlsx"), "-o", str(tmp_path / "x.xlsx"))
    assert proc.returncode == 2 and "不需要导入" in proc.stderr
    page = tmp_path / "新闻.html"
    page.write_text("<html><body><p>新闻</p></body></html>", encoding="utf-8")
    proc = run("import", str(page), "--lang", "en")
    assert proc.returncode == 2 and "no report tables" in proc.stderr
    assert not (tmp_path / "新闻.xlsx").exists() and not (tmp_path / "x.xlsx").exists()
    assert "Traceback" not in proc.stderr


def test_import_help_is_chinese_and_english():
    assert "已发布的报告文件" in run("import", "-h").stdout
    assert "the published report" in run("import", "-h", "--lang", "en").stdout
