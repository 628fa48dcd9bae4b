"""LibreOffice, our real client: it prints the template and re-saves filled workbooks.

These run wherever soffice is installed and must run in CI (.ci/run installs it).
"""

from __future__ import annotations

import html
import itertools
import math
import re
import shutil
import subprocess

import openpyxl
import pytest
from helpers import ROOT, clean_values, convert, fill, found, real_reports, type_report, values_with_mistakes
from official import every_label

import xlcheck
from xlcheck.formats.format2021 import FORMAT_2021
from xlcheck.formats.spec import CHECK_SHEET, layout

pytestmark = pytest.mark.libreoffice
LAYOUT = layout(FORMAT_2021)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def template_pdf(template, lo_profile, tmp_path_factory):
    return convert(template, "pdf", tmp_path_factory.mktemp("pdf"), lo_profile)


def pdftotext(pdf, *args: str) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is missing: .ci/run must install it")
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_printed_template_shows_every_official_label(template_pdf):
    text = flat(pdftotext(template_pdf))
    assert [label for label in every_label() if flat(label) not in text] == []
    assert flat("四、结转下年度继续办理") in text  # the last row


def first_line(page: str) -> str:
    return next(iter(page.strip().splitlines()), "")


def test_each_table_prints_on_one_a4_page_and_the_narrative_in_full_pages(template_pdf):
    info = subprocess.run(["pdfinfo", str(template_pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in dict(line.split(":", 1) for line in info.splitlines() if ":" in line)["Page size"]
    pages = pdftotext(template_pdf).split("\f")
    # 情况说明 (issue 8) prints after 表四 and starts with its own title.
    titles = {sheet.spec.title for sheet in LAYOUT.sheets.values()} | {CHECK_SHEET, FORMAT_2021.explanations.name}
    for sheet in LAYOUT.sheets.values():
        # One page starts with the sheet's title; it (or, for the text boxes, the pages after it up
        # to the next sheet) holds the sheet's last printed label.
        starts = [i for i, p in enumerate(pages) if first_line(p) == sheet.spec.title]
        assert len(starts) == 1, sheet.spec.name
        end = next((i for i in range(starts[0] + 1, len(pages)) if first_line(pages[i]) in titles), len(pages))
        own = pages[starts[0] : end]
        boxes = any(getattr(block, "below", False) for block in sheet.spec.blocks)
        assert len(own) == 1 or boxes, (sheet.spec.name, len(own))
        last = max((lb for lb in LAYOUT.labels if lb.sheet == sheet.spec.name), key=lambda lb: (lb.row, lb.col))
        assert flat(last.text) in flat("".join(own)), (sheet.spec.name, last.text)


def test_a_long_overview_prints_in_full(lo_profile, tmp_path):
    # One merged cell of one row holds at most 409 points in Excel: 1,500 characters did not print.
    sentences = [f"第{i}项：本机关依法推进政府信息公开工作，主动公开各类政府信息并及时回应关切。" for i in range(1, 60)]
    text = "".join(sentences) + "这是第一部分的最后一句话，它必须印在纸上。"
    problems = (
        "".join(f"问题{i}：政策解读的形式还不够丰富，需要进一步改进。" for i in range(1, 30))
        + "这是第五部分的最后一句话。"
    )
    assert len(text) >= 1500 and len(problems) >= 600
    path = xlcheck.make_template(tmp_path / "长文.xlsx", values={"text.overview": text, "text.problems": problems})
    printed = flat(pdftotext(convert(path, "pdf", tmp_path / "pdf", lo_profile)))
    assert all(flat(sentence) in printed for sentence in sentences)
    assert "这是第一部分的最后一句话，它必须印在纸上。" in printed
    assert "这是第五部分的最后一句话。" in printed  # 五 in full too


def assert_same_check(original, resaved):
    before, after = xlcheck.check(original), xlcheck.check(resaved)
    assert after.error is None and after.format == "2021" and after.template_version == FORMAT_2021.template_version
    assert found(after) == found(before)
    assert [(n.rule, n.cell) for n in after.not_assessed] == [(n.rule, n.cell) for n in before.not_assessed]


def test_a_resaved_real_report_checks_the_same(template, lo_profile, tmp_path):
    source = type_report(template, real_reports()["07_shuyang_fgj_2023"], tmp_path / "07.xlsx")
    assert source == []
    resaved = convert(tmp_path / "07.xlsx", "xlsx", tmp_path / "out", lo_profile)
    assert_same_check(tmp_path / "07.xlsx", resaved)
    assert len(xlcheck.check(resaved).violations) == 125


def test_the_resaved_seed_sample_is_still_clean(lo_profile, tmp_path):
    src = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"
    resaved = convert(src, "xlsx", tmp_path, lo_profile)
    assert_same_check(src, resaved)


def test_a_resaved_mistakes_sample_checks_the_same_once_formulas_have_results(lo_profile, tmp_path):
    src = ROOT / "samples" / "常见错误示例.xlsx"
    resaved = convert(src, "xlsx", tmp_path, lo_profile)
    before, after = found(xlcheck.check(src)), found(xlcheck.check(resaved))
    # LibreOffice computes the one formula saved without a result (=1+1 in 表四!K5); all else is unchanged.
    assert before - after == {("CELL-FORMULA", "error", "表四", "K5")}
    assert after - before == set()
    assert xlcheck.check(resaved).not_assessed == []


def test_a_formula_with_a_saved_result_uses_that_result(template, lo_profile, tmp_path):
    values = xlcheck.make_template(tmp_path / "clean.xlsx", values=clean_values())
    filled = fill(values, tmp_path / "formula.xlsx", {("表三", "D7"): "=2+3", ("表三", "D29"): "=1+1"})
    assert {v.rule for v in xlcheck.check(filled).violations} == {"CELL-FORMULA"}  # openpyxl saved no results
    resaved = convert(filled, "xlsx", tmp_path / "out", lo_profile)
    # D7 = 5 (was 5) and D29 = 2 (was 2): with the results saved, the report is clean.
    report = xlcheck.check(resaved)
    assert report.violations == [] and report.not_assessed == []


ERROR_VALUES = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "Err:")


def recalculated_status(path, lo_profile, outdir):
    """The 校验结果 sheet's overall status and error count, after LibreOffice recalculated the file."""
    from xlcheck.outputs.excel import CHECK_SHEET, STATUS_ROW

    wb = openpyxl.load_workbook(convert(path, "xlsx", outdir, lo_profile), data_only=True)
    row = [c.value for c in wb[CHECK_SHEET][STATUS_ROW]]
    return wb, row[1], row[3]


def test_a_blank_template_opens_without_error_values_and_counts_as_xlcheck(template, lo_profile, tmp_path):
    wb, status, errors = recalculated_status(template, lo_profile, tmp_path)
    bad = [
        (ws.title, c.coordinate, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(ERROR_VALUES)
    ]
    assert bad == []
    assert (status, errors) == ("不通过", len(xlcheck.check(template).errors))


def test_the_seed_sample_passes_its_own_live_checks(lo_profile, tmp_path):
    _, status, errors = recalculated_status(ROOT / "samples" / "石嘴山市民政局_2021.xlsx", lo_profile, tmp_path)
    assert (status, errors) == ("通过", 0)


def test_a_total_whose_formula_misses_a_column_is_reported_even_with_a_saved_result(lo_profile, tmp_path):
    # I5 (其他) is 0, so the saved result still adds up: only the formula shows the mistake.
    src = fill(ROOT / "samples" / "石嘴山市民政局_2021.xlsx", tmp_path / "f.xlsx", {("表三", "J5"): "=SUM(D5:H5)"})
    resaved = convert(src, "xlsx", tmp_path / "out", lo_profile)
    report = xlcheck.check(resaved)
    assert found(report) == {("CELL-FORMULA", "error", "表三", "J5")}
    assert "SUM(D5:I5)" in report.violations[0].message()


# ------------------------------------------------------------------ the printed 校验结果 sheet

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>')
_PAGE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">')


def printed_words(pdf) -> list[list[tuple[float, float, str]]]:
    """Each page's words as (x, y, text), page footers left out."""
    xml = pdftotext(pdf, "-bbox")
    out = []
    for height, body in zip(_PAGE.findall(xml), xml.split("<page ")[1:], strict=True):
        bottom = float(height) - 0.6 * 72  # the bottom margin, where the page number stands
        out.append([(float(x), float(y), html.unescape(t)) for x, y, t in _WORD.findall(body) if float(y) < bottom])
    return out


def test_the_check_sheet_prints_every_column_in_full(lo_profile, tmp_path):
    from xlcheck.outputs.excel import COLUMNS, FIRST_HIDDEN, FIRST_ROW

    path = xlcheck.make_template(tmp_path / "校验.xlsx", values=values_with_mistakes())
    pages = [p for p in printed_words(convert(path, "pdf", tmp_path / "pdf", lo_profile)) if p]
    sheet = [p for p in pages if {"规则", "项目", "应为"} <= {t for _, _, t in p}]  # its header row
    visible = COLUMNS[:FIRST_HIDDEN]
    assert set(visible) <= {t for page in sheet for _, _, t in page}  # every heading
    # Below each page's header row, top to bottom: each column starts where its left-aligned texts
    # start, and the words between two starts are its text.
    body = []
    for page in sheet:
        header = next(y for _, y, t in page if t == "项目")
        body.append(sorted(((x, y, t) for x, y, t in page if y > header + 2), key=lambda w: (round(w[1]), w[0])))
    words = [w for page in body for w in page]
    starts = {
        "规则": 0,
        "级别": min(x for x, _, t in words if t == "错误"),
        "项目": min(x for x, _, t in words if t.startswith("「")),
        "应为": min(x for x, _, t in words if t == "非负整数"),
        "实为": min(x for x, _, t in words if t == "(空)"),
        "结果": min(x for x, _, t in words if t in ("通过", "不通过")),
        "": math.inf,
    }
    expected = openpyxl.load_workbook(path, data_only=True)[CHECK_SHEET]
    for (name, left), (_, right) in itertools.pairwise(starts.items()):
        if name == "级别":
            continue  # 级别, 工作表, 单元格: short words, no room to be cut
        col = visible.index(name)
        want = "".join(
            flat(str(row[col]))
            for row in expected.iter_rows(min_row=FIRST_ROW, values_only=True)
            if row[col] not in ("", None)
        )
        got = "".join(t for page in body for x, y, t in page if left <= x < right)
        assert flat(got) == want, name  # every row's text, in full
