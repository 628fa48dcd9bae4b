"""xlcheck render: the publishable report, Word (.docx) printed by LibreOffice and a web page (.html).

The labels and spans expected here are the tests' own copy of the format (official.py, FORMAT.md), not the spec.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import zipfile

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from helpers import ROOT, clean_values, convert, real_reports, type_report
from official import COVER, T2_BLOCKS, T3_COLS, T3_NOTE, T3_ROWS, T4_GROUPS, T4_RESULTS, every_label

import xlcheck
from xlcheck.errors import OutputError
from xlcheck.outputs.render import render

REPORTS = real_reports()
SUQIAN = "05_suqian_sq_2024"  # every figure of its table 三 and 四 differs enough to tell cells apart
# Every label the official document prints: the format's, without the template's cover captions.
DOCUMENT_LABELS = [label for label in every_label() if label not in COVER]
OVERVIEW = "第一段：本年度依法做好政府信息公开工作。\n\n第二段：全年新收政府信息公开申请3525件。"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlcheck", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def suqian(template, tmp_path_factory):
    """宿迁市 2024 typed into the template, with a two-paragraph overview and its contact details."""
    out = tmp_path_factory.mktemp("suqian") / "宿迁.xlsx"
    texts = {"overview": OVERVIEW, "problems": "问题一。\n问题二。", "other": "本年度收取信息处理费2230元。"}
    type_report(template, REPORTS[SUQIAN], out, texts)
    report = xlcheck.check(out)
    assert report.errors == [], report.errors
    return out


@pytest.fixture(scope="module")
def rendered(suqian, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rendered")
    report = xlcheck.check(suqian)
    return {suffix: render(report, folder / f"年报{suffix}") for suffix in (".docx", ".html")}


def grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Expand (text, rowspan, colspan) rows into the grid a reader sees: a merged cell fills its span."""
    out: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in out:
                c += 1
            for i in range(rowspan):
                for j in range(colspan):
                    out[(r + i, c + j)] = text
            c += colspan
    height, width = max(r for r, _ in out) + 1, max(c for _, c in out) + 1
    assert len(out) == height * width, "a hole or an overlap in the table"
    return [[out[(r, c)] for c in range(width)] for r in range(height)]


def html_tables(path) -> list[list[list[str]]]:
    page = lxml.html.parse(str(path)).getroot()
    assert page.xpath("//script") == [] and page.xpath("//@*[starts-with(name(), 'on')]") == []
    tables = []
    for table in page.xpath("//table"):
        rows = [
            [
                ("".join(td.itertext()), int(td.get("rowspan", 1)), int(td.get("colspan", 1)))
                for td in tr.xpath("./td|./th")
            ]
            for tr in table.xpath(".//tr")
        ]
        tables.append(grid(rows))
    return tables


def spans(path) -> dict[str, set[tuple[int, int]]]:
    """Each HTML cell's text -> the (rowspan, colspan) of the cells that hold it."""
    page = lxml.html.parse(str(path)).getroot()
    out: dict[str, set[tuple[int, int]]] = {}
    for td in page.iter("td"):
        out.setdefault("".join(td.itertext()), set()).add((int(td.get("rowspan", 1)), int(td.get("colspan", 1))))
    return out


def value_at(table: list[list[str]], row_label: str, col: int) -> str:
    """The figure in the row whose label is ``row_label``, ``col`` counted from the right (1 = last)."""
    (row,) = [r for r in table if row_label in r]
    return row[-col]


# ------------------------------------------------------------------ the web page


def test_the_html_is_a_clean_utf8_page_with_every_label(rendered):
    text = rendered[".html"].read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in text and "<script" not in text and " style=" not in text
    page = lxml.html.parse(str(rendered[".html"])).getroot()
    words = "".join(page.itertext())
    assert [label for label in DOCUMENT_LABELS if label not in words] == []
    assert page.findtext(".//h1") == "宿迁市（全市汇总, 宿迁市人民政府办公室编制）2024年政府信息公开工作年度报告"
    headings = [h.text for h in page.iter("h2")]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert "第一段：本年度依法做好政府信息公开工作。" in [p.text for p in page.iter("p")]  # split at line breaks


def test_the_html_tables_have_the_official_spans(rendered):
    found = spans(rendered[".html"])
    assert found["申请人情况"] == {(1, 7)} and found["法人或其他组织"] == {(1, 5)}
    assert found["自然人"] == {(2, 1)} and found[T3_NOTE] == {(3, 3)}
    assert found["总计"] == {(2, 1), (1, 1)}  # table 三's column spans two header rows, 四's 行政复议 too
    assert found["三、本年度办理结果"] == {(22, 1)}
    for group, items in (("（三）不予公开", 8), ("（四）无法提供", 3), ("（五）不予处理", 5), ("（六）其他处理", 3)):
        assert found[group] == {(items, 1)}
    assert found["一、本年新收政府信息公开申请数量"] == found["四、结转下年度继续办理"] == {(1, 3)}
    assert found["行政复议"] == {(1, 5)} and found["行政诉讼"] == {(1, 10)}
    assert found["未经复议直接起诉"] == found["复议后起诉"] == {(1, 5)}
    assert found["结果维持"] == {(2, 1), (1, 1)}  # under 行政复议 over two rows; under each kind of suit one
    for caption in T2_BLOCKS:
        assert found[caption] == {(1, 4)}
    assert found["本年处理决定数量"] == {(1, 3)} and found["信息内容"] == {(1, 1)}


def test_the_html_tables_hold_the_figures_where_the_format_puts_them(rendered):
    t2, t3, t4 = html_tables(rendered[".html"])
    published = REPORTS[SUQIAN]
    assert [len(r) for r in t3] == [10] * len(t3) and len(t3) == 3 + len(T3_ROWS)
    for key, path in T3_ROWS.items():
        (row,) = [r for r in t3 if r[0] == path[0] and path[-1] in r[:3]]
        assert row[3:] == [str(v) for v in published["section3"][key]], key
    assert [len(r) for r in t4] == [15] * 4
    expected = [str(published["section4"][f"{g}_{r}"]) for g in T4_GROUPS for r in T4_RESULTS]
    assert t4[-1] == expected
    for caption, (_, rows) in T2_BLOCKS.items():
        block = published["section2"][caption]
        for label in rows:
            values = block[label] if isinstance(block[label], list) else [block[label]]
            (row,) = [r for r in t2 if r[0] == label]
            figures = [str(v) for v in values]
            assert row[1:] == (figures * 3 if len(figures) == 1 else figures), label  # one value spans 3 columns
    assert t3[0][:3] == [T3_NOTE] * 3 and t3[0][3:] == ["申请人情况"] * 7
    assert t3[2][3:] == T3_COLS


def test_the_fee_keeps_its_decimals(template, tmp_path):
    values = clean_values() | {"t2.fees.amount": 24252.311082, "t3.new.natural": 10}
    path = xlcheck.make_template(tmp_path / "r.xlsx", values=values)
    out = render(xlcheck.check(path), tmp_path / "r.html")
    (t2, *_) = html_tables(out)
    assert value_at(t2, "行政事业性收费", 1) == "24252.311082"
    doc = docx.Document(str(render(xlcheck.check(path), tmp_path / "r.docx")))
    assert "24252.311082" in [c.text for row in doc.tables[0].rows for c in row.cells]


# ------------------------------------------------------------------ the Word file


def test_the_docx_is_a4_portrait_in_chinese_fonts(rendered):
    doc = docx.Document(str(rendered[".docx"]))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in doc.tables:
        assert sum(c.width for c in table.columns) <= text_width + 635 * len(table.columns)  # twips, rounded
    east_asian = qn("w:eastAsia")
    fonts = {name: doc.styles[name].element.rPr.rFonts for name in ("Normal", "Heading 1", "Title")}
    assert {name: f.get(east_asian) for name, f in fonts.items()} == {
        "Normal": "仿宋",
        "Heading 1": "黑体",
        "Title": "宋体",
    }
    assert not any(f.get(qn("w:eastAsiaTheme")) for f in fonts.values())  # a theme font would win over the name
    with zipfile.ZipFile(rendered[".docx"]) as z:
        defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", z.read("word/styles.xml").decode(), re.S)[0]
    assert 'w:eastAsia="仿宋"' in defaults and "eastAsiaTheme" not in defaults and 'w:eastAsia="zh-CN"' in defaults
    assert next(p.text for p in doc.paragraphs if p.style.name == "Heading 1") == "一、总体情况"
    assert doc.paragraphs[0].text.endswith("2024年政府信息公开工作年度报告")


def test_the_docx_tables_hold_the_figures(rendered):
    doc = docx.Document(str(rendered[".docx"]))
    t2, t3, t4 = ([[c.text for c in row.cells] for row in t.rows] for t in doc.tables)
    published = REPORTS[SUQIAN]
    for key, path in T3_ROWS.items():
        (row,) = [r for r in t3 if r[0] == path[0] and path[-1] in r[:3]]
        assert row[3:] == [str(v) for v in published["section3"][key]], key
    assert t4[-1] == [str(published["section4"][f"{g}_{r}"]) for g in T4_GROUPS for r in T4_RESULTS]
    assert value_at(t2, "行政处罚", 1) == "2676474"


@pytest.mark.libreoffice
def test_the_printed_docx_shows_every_official_label_on_a4_within_the_margins(rendered, lo_profile, tmp_path):
    pdf = convert(rendered[".docx"], "pdf", tmp_path, lo_profile)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = printed_words(pdf)
    assert [label for label in DOCUMENT_LABELS if not printed(label, pages)] == []
    assert printed("宿迁市（全市汇总,宿迁市人民政府办公室编制）2024年政府信息公开工作年度报告", pages)
    left, right = 2.8 / 2.54 * 72, 595.3 - 2.6 / 2.54 * 72  # the margins, in points
    assert all(left - 2 <= x0 and x1 <= right + 2 for page in pages for x0, _, x1, _, _ in page)
    # table 三 is kept on one page: its first and last row labels are printed on the same page
    (first,) = [i for i, page in enumerate(pages) if any(w[4].startswith("（本列数据") for w in page)]
    assert any(w[4].startswith("四、结转下年度") for w in pages[first])


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def printed_words(pdf) -> list[list[tuple[float, float, float, float, str]]]:
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [
        [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(page)]
        for page in xml.split("<page ")[1:]
    ]


def printed(label: str, pages) -> bool:
    """Whether ``label`` is printed in one place: in a word, or over words that follow one another on a line
    or wrap onto the next lines of one table cell (each below the last, overlapping it horizontally)."""
    target = "".join(label.split())
    for words in pages:
        for first in words:
            if target in first[4]:
                return True
            if not target.startswith(first[4]):
                continue
            rest, last, line_start = target[len(first[4]) :], first, first[0]
            while rest:
                height = last[3] - last[1]
                beside = [w for w in words if abs(w[1] - last[1]) < 1 and 0 <= w[0] - last[2] < height]
                below = [w for w in words if 0 <= w[1] - last[3] < height and w[0] < last[2] and line_start < w[2]]
                following = [w for w in beside + below if w[4] and rest.startswith(w[4])]
                if not following:
                    break
                if following[0] not in beside:
                    line_start = following[0][0]
                last = following[0]
                rest = rest[len(last[4]) :]
            if not rest:
                return True
    return False


# ------------------------------------------------------------------ refusing, --force, the command line


def test_a_workbook_with_errors_is_refused_unless_forced(template, tmp_path):
    type_report(template, REPORTS["07_shuyang_fgj_2023"], tmp_path / "07.xlsx")  # 125 blank cells
    report = xlcheck.check(tmp_path / "07.xlsx")
    with pytest.raises(OutputError) as refused:
        render(report, tmp_path / "07.docx")
    assert refused.value.code == "render-errors" and not (tmp_path / "07.docx").exists()
    proc = run("render", str(tmp_path / "07.xlsx"), "-o", str(tmp_path / "07.html"))
    assert proc.returncode == 1 and not (tmp_path / "07.html").exists()
    assert "CELL-BLANK" in proc.stdout and "--force" in proc.stderr and "125 项错误" in proc.stderr
    proc = run("render", str(tmp_path / "07.xlsx"), "-o", str(tmp_path / "07.html"), "--force")
    assert proc.returncode == 1 and proc.stdout.strip().endswith("07.html")
    _, t3, _ = html_tables(tmp_path / "07.html")
    assert value_at(t3, "一、本年新收政府信息公开申请数量", 6) == ""  # the blank 商业企业 prints empty, not 0
    assert value_at(t3, "一、本年新收政府信息公开申请数量", 1) == "26"


def test_a_forced_report_prints_what_was_typed_where_no_number_was(tmp_path):
    values = clean_values() | {"t3.new.natural": "3件", "t2.fees.amount": "12.5万元"}
    report = xlcheck.check(xlcheck.make_template(tmp_path / "r.xlsx", values=values))
    assert {v.rule for v in report.errors} == {"NUM-COUNT", "NUM-AMOUNT"}
    t2, t3, _ = html_tables(render(report, tmp_path / "r.html", force=True))
    assert value_at(t3, "一、本年新收政府信息公开申请数量", 7) == "3件"
    # Its total prints what Excel's SUM shows (text adds nothing), not an empty cell a reader takes for 0.
    others = sum(
        v for k, v in report.values.items() if k.startswith("t3.new.") and k not in ("t3.new.natural", "t3.new.total")
    )
    assert value_at(t3, "一、本年新收政府信息公开申请数量", 1) == str(others)
    assert value_at(t2, "行政事业性收费", 1) == "12.5万元"


def test_a_forced_report_imports_back_with_the_workbooks_own_findings(tmp_path):
    values = clean_values() | {"t3.new.research": "3件", "t3.unable_1.natural": None}
    report = xlcheck.check(xlcheck.make_template(tmp_path / "r.xlsx", values=values))
    assert {v.rule for v in report.errors} >= {"NUM-COUNT", "CELL-BLANK"}
    for suffix in (".html", ".docx"):
        page = xlcheck.check(render(report, tmp_path / f"r{suffix}", force=True))
        assert found_cells(page) == found_cells(report), suffix  # no finding the workbook did not have


def found_cells(report) -> set[tuple[str, str, str]]:
    return {(v.rule, v.sheet, v.cell) for v in report.violations}


def test_the_command_line_writes_refuses_to_overwrite_and_names_bad_outputs(suqian, tmp_path):
    out = tmp_path / "年报.docx"
    proc = run("render", str(suqian), "-o", str(out))
    assert proc.returncode == 0 and out.exists() and proc.stdout.strip() == str(out)
    proc = run("render", str(suqian), "-o", str(out))
    assert proc.returncode == 2 and "已存在" in proc.stderr
    assert run("render", str(suqian), "-o", str(out), "--force").returncode == 0
    proc = run("render", str(suqian), "-o", str(tmp_path / "年报.pdf"), "--lang", "en")
    assert proc.returncode == 2 and ".docx" in proc.stderr
    proc = run("render", str(tmp_path / "缺.xlsx"), "-o", str(tmp_path / "x.docx"))
    assert proc.returncode == 2 and "找不到文件" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("render", str(suqian), "-o", str(suqian), "--force")
    assert proc.returncode == 2  # never over the workbook itself


# ------------------------------------------------------------------ importing back


@pytest.mark.parametrize("name", ["05_suqian_sq_2024", "07_shuyang_fgj_2023", "08_shuyang_xzf_2025"])
def test_the_rendered_report_imports_back_with_the_same_verdict(name, template, tmp_path):
    workbook = tmp_path / f"{name}.xlsx"
    type_report(template, REPORTS[name], workbook)
    original = xlcheck.check(workbook)
    for suffix in (".docx", ".html"):
        document = render(original, tmp_path / f"{name}{suffix}", force=True)
        imported = xlcheck.check(document)
        assert imported.error is None, imported.error
        verdict = {(v.rule, v.sheet, v.cell) for v in imported.violations}
        assert verdict == {(v.rule, v.sheet, v.cell) for v in original.violations}, suffix
        tables = ("t2.", "t3.", "t4.")
        assert {k: v for k, v in imported.values.items() if k.startswith(tables)} == {
            k: v for k, v in original.values.items() if k.startswith(tables)
        }, suffix


def test_an_amount_whose_label_prints_no_unit_gets_a_note_saying_wan_yuan(tmp_path):
    # A new user's trial: a 2019 report's 采购总金额 (in 万元, as the template asks) was published unitless.
    from xlcheck.formats.format2019 import FORMAT_2019
    from xlcheck.outputs.render import document_of

    workbook = xlcheck.make_template(tmp_path / "2019.xlsx", fmt=FORMAT_2019, values={"t2.procurement.amount": 25.1})
    notes = [s.note for s in document_of(xlcheck.check(workbook), FORMAT_2019).sections if s.note]
    assert notes == ["注：采购总金额单位为万元。"]
    page = render(xlcheck.check(workbook), tmp_path / "2019.html", force=True).read_text(encoding="utf-8")
    assert "注：采购总金额单位为万元。" in page and "25.1" in page
    # The 2021 fee's label says its unit: no note.
    from xlcheck.formats.format2021 import FORMAT_2021

    sample = xlcheck.check(ROOT / "samples" / "石嘴山市民政局_2021.xlsx")
    assert not [s.note for s in document_of(sample, FORMAT_2021).sections if s.note]


def test_the_word_report_numbers_its_pages_in_the_footer(tmp_path):
    out = render(xlcheck.check(ROOT / "samples" / "石嘴山市民政局_2021.xlsx"), tmp_path / "年报.docx")
    footer = docx.Document(out).sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in "".join(t.text or "" for t in footer._p.iter(qn("w:instrText")))


def test_narratives_of_thousands_of_lines_render_every_line_in_the_body_style(tmp_path):
    lines = "\n".join(f"第{i}行" for i in range(4_000))  # 32,767 characters at most: Excel's limit
    values = clean_values() | {"text.overview": lines, "text.problems": lines, "text.other": lines}
    report = xlcheck.check(xlcheck.make_template(tmp_path / "r.xlsx", values=values))
    out = render(report, tmp_path / "r.docx", force=True)  # benchmarks/render.py times it
    paragraphs = [p for p in docx.Document(out).paragraphs if p.text.startswith("第")]
    assert len(paragraphs) == 12_000 and paragraphs[1].text == "第1行" and paragraphs[-1].text == "第3999行"
    assert {p.style.name for p in paragraphs} == {"正文首行缩进"}
    assert paragraphs[0].style.paragraph_format.first_line_indent == docx.shared.Pt(32)


def test_a_bidirectional_override_in_a_cell_does_not_reorder_the_published_title(tmp_path):
    values = clean_values() | {"meta.agency": "某某局\u202e告报", "text.other": "未收取信息处理费\u2066。"}
    report = xlcheck.check(xlcheck.make_template(tmp_path / "r.xlsx", values=values))
    page = render(report, tmp_path / "r.html", force=True).read_text(encoding="utf-8")
    assert "\u202e" not in page and "\u2066" not in page and "某某局告报" in page
