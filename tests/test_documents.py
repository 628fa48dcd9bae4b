"""Published reports checked directly: web pages and Word files give the verdict their figures give
when typed into the template, by rule and canonical cell, whatever the page's markup quirks."""

from __future__ import annotations

import copy
import json
import re

import pytest
from helpers import LabelTypist, _norm, real_reports, type_report
from official import T2_BLOCKS
from openpyxl.utils import get_column_letter
from pages import STYLES, sections, write_docx, write_page

import xlcheck
from xlcheck.checker import FORMATS

REPORTS = real_reports()
# Reports printed in one format are compared exactly with their figures typed into that format's template;
# a "mixed" one (2019 parts under a 2021 citation) as assert_same_verdict says.
NOT_2021 = {name for name, r in REPORTS.items() if r["format_version"] == "mixed"}


def verdict(report) -> set[tuple[str, str, str]]:
    return {(v.rule, v.sheet, v.cell) for v in report.violations}


@pytest.fixture(scope="module")
def typed(template, tmp_path_factory):
    """Each real report typed by its labels (with the page's narrative) into its format's template, checked once."""
    from xlcheck.formats.format2019 import FORMAT_2019

    folder = tmp_path_factory.mktemp("typed")
    template_2019 = xlcheck.make_template(folder / "模板2019.xlsx", fmt=FORMAT_2019)
    out = {}
    for name, report in REPORTS.items():
        official = "2019" if report["format_version"] == "2019" else "2021"
        into = template_2019 if official == "2019" else template
        type_report(into, report, folder / f"{name}.xlsx", sections(report), official=official)
        out[name] = xlcheck.check(folder / f"{name}.xlsx")
    return out


def printed_label_findings(template, report: dict) -> set[tuple[str, str, str]]:
    """LAYOUT where the report prints a table 二 label that is not the 2021 format's: at the cell of the
    official label it stands for (rows and columns in order), found in the template by its text."""
    t = LabelTypist(template)
    found = set()
    for caption, block in report["section2"].items():
        columns, rows = T2_BLOCKS[caption]
        _, caption_row, _ = t._one(caption)
        printed_rows = [k for k in block if k != "columns" and not k.startswith("_")]
        pairs = [*zip(rows, printed_rows, strict=True), *zip(columns, block["columns"], strict=True)]
        for official, printed in pairs:
            if _norm(official) != _norm(printed):
                below = [h for h in t.where[_norm(official)] if h[1] > caption_row]
                sheet, row, col = min(below, key=lambda h: h[1])
                found.add(("LAYOUT", sheet, f"{get_column_letter(col)}{row}"))
    return found


def assert_same_verdict(page, typed_report, name: str, template) -> None:
    """The page's verdict is the typed one. A page printing 2019 labels (the report did) also has LAYOUT
    there; in a mixed report, what the 2021 format cannot read under those labels is not assessed on
    the page where the typed copy (its figures moved under 2021 labels by hand) has them blank."""
    page_found, typed_found = verdict(page), verdict(typed_report)
    if name not in NOT_2021:
        printed = printed_label_findings(template, REPORTS[name]) if page.format == "2021" else set()
        assert page_found - typed_found == printed
        assert typed_found <= page_found
        return
    assert {v[0] for v in page_found - typed_found} == {"LAYOUT"}
    unread = {page.cells[fid][1] for fid, value in page.values.items() if value is None}
    assert all(rule == "CELL-BLANK" and cell in unread for rule, _, cell in typed_found - page_found)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_published_page_gives_the_verdict_of_its_figures_typed_into_the_template(
    name, style, typed, template, tmp_path
):
    page = xlcheck.check(write_page(tmp_path, f"{name}.html", REPORTS[name], style))
    assert page.error is None
    assert_same_verdict(page, typed[name], name, template)
    if name not in NOT_2021:  # every figure and text read as typed (the cover's agency is the title's)
        assert {k: v for k, v in page.values.items() if k != "meta.agency"} == {
            k: v for k, v in typed[name].values.items() if k != "meta.agency"
        }
        assert page.not_assessed == typed[name].not_assessed and page.implied == typed[name].implied


@pytest.mark.parametrize("style", ("word", "skewed"))
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_word_file_gives_the_verdict_of_its_figures_typed_into_the_template(name, style, typed, template, tmp_path):
    doc = xlcheck.check(write_docx(tmp_path / f"{name}.docx", REPORTS[name], style))
    assert doc.error is None
    assert_same_verdict(doc, typed[name], name, template)
    if name not in NOT_2021:
        assert {k: v for k, v in doc.values.items() if k != "meta.agency"} == {
            k: v for k, v in typed[name].values.items() if k != "meta.agency"
        }


def test_word_headings_numbered_automatically_are_found_without_their_numeral(typed, template, tmp_path):
    name = "03_huaian_szf_2024"
    doc = xlcheck.check(write_docx(tmp_path / "n.docx", REPORTS[name], numbered_headings=True))
    assert verdict(doc) == verdict(typed[name])
    assert doc.values["text.problems"] == sections(REPORTS[name])["problems"]


def test_the_skewed_page_reads_natural_persons_where_a_naive_grid_would_shift_them(tmp_path):
    report = REPORTS["03_huaian_szf_2024"]
    page = xlcheck.check(write_page(tmp_path, "s.html", report, "skewed"))
    assert page.values["t3.new.natural"] == report["section3"]["new"][0]
    assert page.values["t3.new.business"] == report["section3"]["new"][1]
    # 商业企业 spans grid columns 5-6 on the page; its figure is read at 5, where its header stands.
    assert page.sources["t3.new.business"].col == 5 and page.sources["t3.new.research"].col == 7


# ------------------------------------------------------------------ where a finding stands


def test_a_finding_names_the_template_cell_and_its_place_in_the_document(tmp_path):
    report = copy.deepcopy(REPORTS["08_shuyang_xzf_2025"])
    report["section3"]["new"][1] = "3件"  # 商业企业, a unit inside the cell
    page = xlcheck.check(write_page(tmp_path, "u.html", report, "word"))
    (v,) = [v for v in page.violations if v.rule == "NUM-COUNT"]
    assert (v.sheet, v.cell, v.found) == ("表三", "E5", "3件")
    # The metadata box is table 1, table 三 is table 3; its first data row is its 4th row.
    assert (v.source.table, v.source.row, v.source.col) == (3, 4, 5)
    doc = json.loads(json.dumps(page.to_dict()))
    (found,) = [f for f in doc["violations"] if f["rule"] == "NUM-COUNT"]
    assert found["source"] == {"kind": "table", "table": 3, "row": 4, "col": 5}
    text = xlcheck.report.to_text(page)
    assert "E5" in text and "文档表格 3 第 4 行第 5 列" in text


def test_a_finding_in_the_narrative_names_its_paragraph_and_nothing_else(tmp_path):
    # SEC6-FEE: the synthetic page's section 六 says nothing of fees. A paragraph has no table, row or column.
    page = xlcheck.check(write_page(tmp_path, "p.html", REPORTS["05_suqian_sq_2024"], "word"))
    (v,) = [v for v in page.violations if v.rule == "SEC6-FEE"]
    doc = json.loads(json.dumps(page.to_dict()))
    (found,) = [f for f in doc["violations"] if f["rule"] == "SEC6-FEE"]
    assert found["source"] == {"kind": "paragraph", "paragraph": v.source.paragraph} and v.source.paragraph > 0
    assert f"正文第 {v.source.paragraph} 段" in xlcheck.report.to_text(page)
    assert f"paragraph {v.source.paragraph}" in xlcheck.report.to_text(page, "en")


def test_a_published_blank_is_cell_blank_at_its_template_cell(tmp_path):
    report = copy.deepcopy(REPORTS["03_huaian_szf_2024"])
    report["section4"]["review_upheld"] = ""
    page = xlcheck.check(write_page(tmp_path, "b.html", report, "clean"))
    assert ("CELL-BLANK", "表四", "A5") in verdict(page)
    assert ("T4-TOTAL", "表四", "E5") in verdict(page)  # the blank counts 0, once reported


# ------------------------------------------------------------------ text as the web spells it


def test_invisible_characters_in_labels_and_figures_change_nothing(tmp_path):
    report = REPORTS["04_suqian_sq_2023"]
    clean = xlcheck.check(write_page(tmp_path, "a.html", report, "word"))
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    dirty = page.replace("一、本年新收政府信息公开申请数量", "\ufeff一、本年新收\u200b政府信息\u00ad公开申请数量")
    dirty = dirty.replace("（七）总计", "（七）\u200d总计")
    dirty, n = re.subn(r">(\d)(\d+)<", lambda m: f">{m[1]}\u200b{m[2]}\u00ad<", dirty)  # every figure of 2+ digits
    assert n > 20
    (tmp_path / "b.html").write_text(dirty, encoding="utf-8")
    checked = xlcheck.check(tmp_path / "b.html")
    assert verdict(checked) == verdict(clean)
    assert checked.values == clean.values


@pytest.mark.parametrize("declared", ["gb2312", "gbk", "gb18030", None])
def test_a_gb_encoded_page_reads_as_its_utf8_twin(declared, tmp_path):
    report = REPORTS["08_shuyang_xzf_2025"]
    twin = xlcheck.check(write_page(tmp_path, "u.html", report, "word"))
    page = write_page(tmp_path, "g.html", report, "word", encoding="gb18030")
    text = page.read_bytes().replace(b'<meta charset="gb18030">', f'<meta charset="{declared}">'.encode())
    if declared is None:  # no declaration at all: sniffed
        text = text.replace(b'<meta charset="None">', b"")
    page.write_bytes(text)
    checked = xlcheck.check(page)
    assert checked.values == twin.values and verdict(checked) == verdict(twin)


def test_a_page_declared_utf8_but_written_in_gbk_is_still_read(tmp_path):
    report = REPORTS["05_suqian_sq_2024"]
    twin = xlcheck.check(write_page(tmp_path, "u.html", report, "clean"))
    page = tmp_path / "g.html"
    page.write_bytes((tmp_path / "u.html").read_text(encoding="utf-8").encode("gbk"))
    assert xlcheck.check(page).values == twin.values


def test_a_utf16_page_with_its_byte_order_mark(tmp_path):
    report = REPORTS["05_suqian_sq_2024"]
    twin = xlcheck.check(write_page(tmp_path, "u.html", report, "clean"))
    page = tmp_path / "w.htm"
    page.write_bytes((tmp_path / "u.html").read_text(encoding="utf-8").encode("utf-16"))
    assert xlcheck.check(page).values == twin.values


def test_a_single_file_web_page_mhtml_in_gb2312(tmp_path):
    import quopri

    report = REPORTS["03_huaian_szf_2024"]
    twin = xlcheck.check(write_page(tmp_path, "u.html", report, "word"))
    html = (tmp_path / "u.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    body = quopri.encodestring(html.encode("gb18030"))
    mime = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        b"------=_NextPart_01\r\nContent-Location: file:///C:/report.htm\r\nContent-Transfer-Encoding: "
        b'quoted-printable\r\nContent-Type: text/html; charset="gb2312"\r\n\r\n' + body + b"\r\n"
        b"------=_NextPart_01\r\nContent-Location: file:///C:/report_files/image001.png\r\n"
        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
        b"------=_NextPart_01--\r\n"
    )
    (tmp_path / "r.mht").write_bytes(mime)
    checked = xlcheck.check(tmp_path / "r.mht")
    assert checked.error is None and checked.values == twin.values
    assert checked.notices[0][0] == "document"


# ------------------------------------------------------------------ the narrative and the cover


def test_the_narrative_sections_are_read_from_the_headings_they_stand_under(tmp_path):
    report = REPORTS["03_huaian_szf_2024"]
    page = xlcheck.check(write_page(tmp_path, "n.html", report, "word"))
    expected = sections(report)
    assert page.values["text.overview"] == expected["overview"]
    assert page.values["text.problems"] == expected["problems"]
    assert page.values["text.other"] == expected["other"]  # not the page's footer after it


def test_a_reworded_heading_is_read_as_its_section_and_said(tmp_path):
    report = REPORTS["03_huaian_szf_2024"]
    page = write_page(tmp_path, "h.html", report, "clean")
    text = page.read_text(encoding="utf-8").replace(
        "五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"
    )
    page.write_text(text, encoding="utf-8")
    checked = xlcheck.check(page)
    assert checked.values["text.problems"] == sections(report)["problems"]
    assert "document-headings" in [n[0] for n in checked.notices if isinstance(n, tuple)]
    assert not any(v.rule == "LAYOUT" for v in checked.violations)


def test_a_missing_section_is_sec_text_at_its_narrative_cell(tmp_path):
    report = REPORTS["03_huaian_szf_2024"]
    page = write_page(tmp_path, "m.html", report, "clean")
    text = page.read_text(encoding="utf-8")
    start = text.index("六、其他需要报告的事项")
    text = text[: text.rindex("<p", 0, start)] + "</div></body></html>"
    page.write_text(text, encoding="utf-8")
    checked = xlcheck.check(page)
    assert ("SEC-TEXT", "正文", "A22") in verdict(checked)
    assert ("document-sections", "六、其他需要报告的事项") in checked.notices


def test_the_cover_is_derived_from_the_title_and_said_so(tmp_path):
    page = xlcheck.check(write_page(tmp_path, "c.html", REPORTS["07_shuyang_fgj_2023"], "word"))
    assert (page.agency, page.year) == ("沭阳县发展和改革局", 2023)
    notes = dict(n for n in page.notices if isinstance(n, tuple))
    assert "沭阳县发展和改革局" in notes["document-cover"][0] and "标题" in notes["document-cover"][0]


def test_without_a_title_the_agency_comes_from_the_publisher_and_the_year_from_the_period(tmp_path):
    page = write_page(tmp_path, "t.html", REPORTS["07_shuyang_fgj_2023"], "clean")
    text = page.read_text(encoding="utf-8").replace("2023年政府信息公开工作年度报告", "年度工作情况")
    page.write_text(text, encoding="utf-8")
    checked = xlcheck.check(page)
    assert (checked.agency, checked.year) == ("沭阳县发展和改革局", 2023)
    assert not any(v.rule.startswith("META-") for v in checked.violations)


def test_a_page_that_says_nothing_of_its_agency_or_year_fails_the_cover_rules(tmp_path):
    page = tmp_path / "x.html"
    source = write_page(tmp_path, "y.html", REPORTS["07_shuyang_fgj_2023"], "clean").read_text(encoding="utf-8")
    for gone in ("2023年政府信息公开工作年度报告", "沭阳县发展和改革局", "2023年1月1日至12月31日"):
        source = source.replace(gone, "")
    page.write_text(source, encoding="utf-8")
    checked = xlcheck.check(page)
    assert {("META-AGENCY", "封面", "B2"), ("META-YEAR", "封面", "B3")} <= verdict(checked)
    assert "document-no-title" in checked.notices


# ------------------------------------------------------------------ publication date: PUB-LATE


def _dated(
    tmp_path, name: str, published: str, report: str = "07_shuyang_fgj_2023", agency: str | None = None
) -> xlcheck.Report:
    data = dict(REPORTS[report], agency=agency or REPORTS[report]["agency"])
    page = write_page(tmp_path, name, data, "word")
    text = page.read_text(encoding="utf-8").replace(f"{data['year'] + 1}-01-20", published)
    page.write_text(text, encoding="utf-8")
    return xlcheck.check(page)


def test_a_department_report_published_after_31_january_is_pub_late(tmp_path):
    page = _dated(tmp_path, "late.html", "2024-03-15")  # 沭阳县发展和改革局, 2023
    (v,) = [v for v in page.violations if v.rule == "PUB-LATE"]
    assert (v.severity, v.sheet, v.cell) == ("warning", "封面", "B3")
    assert (str(v.expected), str(v.found)) == ("2024-01-31", "2024-03-15")
    assert (v.source.table, v.source.row, v.source.col) == (1, 2, 2)  # the metadata box's 发布日期 cell
    assert "1月31日" in v.message() and "第四十九条" in v.message()
    assert page.to_dict()["published"] == "2024-03-15"


@pytest.mark.parametrize(
    ("agency", "late"),
    [("淮安市民政局", True), ("淮安市人民政府办公室", True), ("淮安市人民政府", False), ("淮安市", False)],
)
def test_a_2024_report_published_on_15_march_2025_is_late_unless_a_governments_own(agency, late, tmp_path):
    page = _dated(tmp_path, "p.html", "2025-03-15", "03_huaian_szf_2024", agency)
    assert (page.agency, page.year, str(page.published)) == (agency, 2024, "2025-03-15")
    assert any(v.rule == "PUB-LATE" for v in page.violations) == late


def test_a_report_published_on_31_january_is_on_time(tmp_path):
    page = _dated(tmp_path, "ok.html", "2024-01-31")
    assert not any(v.rule == "PUB-LATE" for v in page.violations)
    assert str(page.published) == "2024-01-31"


def test_a_county_government_has_until_31_march(tmp_path):
    on_time = _dated(tmp_path, "g1.html", "2026-03-15", "08_shuyang_xzf_2025")  # 沭阳县人民政府
    assert not any(v.rule == "PUB-LATE" for v in on_time.violations)
    late = _dated(tmp_path, "g2.html", "2026-04-01", "08_shuyang_xzf_2025")
    (v,) = [v for v in late.violations if v.rule == "PUB-LATE"]
    assert str(v.expected) == "2026-03-31" and "3月31日" in v.message()


def test_the_pubdate_meta_tag_is_read_when_the_page_shows_no_date(tmp_path):
    data = REPORTS["07_shuyang_fgj_2023"]
    page = write_page(tmp_path, "m.html", data, "clean")
    text = page.read_text(encoding="utf-8").replace("<td>发布日期</td><td>2024-01-20</td>", "<td></td><td></td>")
    text = text.replace("<title>", '<meta name="PubDate" content="2024-02-02 09:30"><title>')
    page.write_text(text, encoding="utf-8")
    checked = xlcheck.check(page)
    (v,) = [v for v in checked.violations if v.rule == "PUB-LATE"]
    assert str(checked.published) == "2024-02-02" and v.source is None


def test_a_word_file_states_no_publication_date(tmp_path):
    doc = xlcheck.check(write_docx(tmp_path / "w.docx", REPORTS["07_shuyang_fgj_2023"]))
    assert doc.published is None and "published" not in doc.to_dict()


@pytest.mark.parametrize(
    ("agency", "called"),
    [
        ("胡集镇人民政府", "乡镇人民政府"),
        ("沭城街道办事处", "街道办事处"),
        ("宿迁经济技术开发区管理委员会", "管理委员会"),
    ],
)
def test_bodies_article_49_does_not_name_have_the_later_deadline_and_are_never_called_departments(
    agency, called, tmp_path
):
    # 第四十九条 sets 1月31日 for 县级以上人民政府部门 and 3月31日 for 县级以上地方人民政府; a township, a
    # subdistrict office or a zone's committee is neither: judged by the later date, named as what it is.
    on_time = _dated(tmp_path, "a.html", "2025-03-15", "03_huaian_szf_2024", agency)
    assert on_time.agency == agency and not [v for v in on_time.violations if v.rule == "PUB-LATE"]
    late = _dated(tmp_path, "b.html", "2025-04-01", "03_huaian_szf_2024", agency)
    (v,) = [v for v in late.violations if v.rule == "PUB-LATE"]
    assert str(v.expected) == "2025-03-31"
    message = v.message()
    assert called in message and "第四十九条" in message and "政府部门等" not in message
    assert "视为县级以上人民政府部门" not in message and "article 49" in v.message("en")


@pytest.mark.parametrize(
    ("agency", "kind"),
    [
        ("淮安市人民政府", "government"),
        ("浦东新区人民政府", "government"),  # a 新区 is a district government
        ("内蒙古自治区人民政府", "government"),
        ("淮安市民政局", "department"),
        ("北京市城市管理委员会", "department"),  # a city's 城管委 is a department, not a zone's committee
        ("某某县人民政府办公室", "department"),
        ("城关镇人民政府", "township"),
        ("某某苏木", "township"),
        ("沭城街道", "subdistrict"),
        ("苏州工业园区", "zone"),
        (None, "unnamed"),
    ],
)
def test_what_an_agency_is_under_article_49_is_read_from_its_name(agency, kind):
    from xlcheck.deadline import kind_of

    assert kind_of(agency) == kind


@pytest.mark.parametrize(
    ("published", "today", "why"),
    [("2024-12-20", None, "早于 2024 年度结束"), ("2025-06-01", "2025-03-01", "晚于今天（2025-03-01）")],
)
def test_a_publication_date_no_report_of_its_year_can_have_is_a_notice_not_pub_late(published, today, why, tmp_path):
    from datetime import date

    data = REPORTS["03_huaian_szf_2024"]
    page = write_page(tmp_path, "d.html", data, "word")
    page.write_text(page.read_text(encoding="utf-8").replace("2025-01-20", published), encoding="utf-8")
    checked = xlcheck.check(page, today=date.fromisoformat(today) if today else None)
    assert str(checked.published) == published
    assert not [v for v in checked.violations if v.rule == "PUB-LATE"]
    (note,) = [n for n in checked.notices if not isinstance(n, str) and n[0] == "document-date"]
    message = xlcheck.report.notice(note)["message"]
    assert why in message and "PUB-LATE" in message


def test_the_publication_date_notice_says_where_the_date_stands(tmp_path):
    page = _dated(tmp_path, "w.html", "2024-01-31")
    (note,) = [n for n in page.notices if not isinstance(n, str) and n[0] == "document-published"]
    assert xlcheck.report.notice(note)["message"] == "文档标明的发布日期：2024-01-31（文档表格 1 第 2 行第 2 列）"
    en = xlcheck.report.notice(note, "en")["message"]
    assert en == "the document's publication date: 2024-01-31 (document table 1, row 2, column 2)"


def test_a_word_file_stating_its_publication_date_is_judged_by_it(tmp_path):
    # A 发布日期 line (a page saved as Word keeps it) is the document's own statement; the file's
    # created and modified properties never are.
    from datetime import datetime

    import docx

    path = write_docx(tmp_path / "w.docx", REPORTS["07_shuyang_fgj_2023"])
    word = docx.Document(path)
    word.core_properties.created = word.core_properties.modified = datetime(2024, 1, 5)
    word.paragraphs[0].insert_paragraph_before("发布日期：2024-03-15")
    word.save(path)
    checked = xlcheck.check(path)
    assert str(checked.published) == "2024-03-15"
    (v,) = [v for v in checked.violations if v.rule == "PUB-LATE"]
    assert v.source.kind == "paragraph" and str(v.expected) == "2024-01-31"
    assert "这是已发布的 Word 文档" in xlcheck.report.to_text(checked)


def test_pub_late_is_a_rule_of_published_documents_not_of_workbooks():
    fmt = FORMATS["2021"]
    assert "PUB-LATE" in {r.id for r in fmt.rules}
    assert "PUB-LATE" not in {r.id for r in fmt.workbook_rules}


# ------------------------------------------------------------------ what is not a report


def test_a_web_page_with_no_report_tables_is_no_report(tmp_path):
    page = tmp_path / "新闻.html"
    page.write_text("<html><body><p>新闻</p><table><tr><td>单位</td><td>某某局</td></tr></table></body></html>")
    assert xlcheck.check(page).error.code == "no-report"


def test_a_word_file_renamed_xlsx_is_read_as_word(tmp_path):
    path = write_docx(tmp_path / "w.docx", REPORTS["03_huaian_szf_2024"])
    renamed = tmp_path / "年报.xlsx"
    renamed.write_bytes(path.read_bytes())
    checked = xlcheck.check(renamed)
    assert checked.error is None and checked.notices[0][0] == "document"


def test_an_annotated_copy_of_a_page_is_refused_with_a_pointer_to_import(tmp_path):
    from xlcheck.errors import CheckError

    page = write_page(tmp_path, "p.html", REPORTS["03_huaian_szf_2024"])
    with pytest.raises(CheckError) as info:
        xlcheck.annotate(xlcheck.check(page), tmp_path / "a.xlsx")
    assert info.value.code == "cannot-annotate" and "import" in info.value.message()


def test_the_files_folder_of_a_saved_page_is_not_a_report(tmp_path):
    from xlcheck.batch import expand

    write_page(tmp_path, "报告.htm", REPORTS["03_huaian_szf_2024"])
    for folder in ("报告_files", "报告.files"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "header.htm").write_text("<html></html>")
        (tmp_path / folder / "filelist.xml").write_text("<xml/>")
    (tmp_path / "别的_files").mkdir()  # no page beside it: a folder like any other
    (tmp_path / "别的_files" / "年报.xlsx").write_bytes(b"")
    assert expand([tmp_path]) == [str(tmp_path / "报告.htm"), str(tmp_path / "别的_files" / "年报.xlsx")]


# ------------------------------------------------------------------ the 2019 format


def test_a_report_of_2024_printed_in_the_2019_layout_is_judged_by_the_2021_rules(tmp_path):
    # A report for 2024 is made in the 2021 format (30号); printed in the 2019 trial layout, its old labels
    # are LAYOUT at their cells (as the seed's), its figures are still read, and a notice says why.
    report = REPORTS["03_huaian_szf_2024"]
    page = write_page(tmp_path, "y.html", report, "y2019")
    checked = xlcheck.check(page)
    assert checked.error is None and checked.format == "2021"
    assert ("LAYOUT", "表二", "B3") in verdict(checked)  # 本年新制作数量 where 本年制发件数 stands
    assert checked.values["t3.new.natural"] == report["section3"]["new"][0]
    assert "format-by-year" in [n if isinstance(n, str) else n[0] for n in checked.notices]


def test_the_2019_other_row_is_named_where_the_2021_rows_of_six_should_stand(tmp_path):
    # The 2019 layout has one （六）其他处理 row where 2021 prints （六）1–3. The first is judged on that row
    # (its label named as the 2019 format's, where the page prints it); the other two have no row in the
    # page. No finding lands on a row the page holds correctly, such as （五）4 just above.
    from xlcheck.sources.html import read_html

    page = write_page(tmp_path, "y.html", REPORTS["05_suqian_sq_2024"], "y2019")
    checked = xlcheck.check(page)
    layout = {v.cell: v for v in checked.violations if v.rule == "LAYOUT" and v.sheet == "表三"}
    assert set(layout) == {"C25", "C26", "C27"}
    first = layout["C25"]
    assert first.found == "（六）其他处理" and "2019 年试行格式" in first.message()
    table = read_html(page.read_bytes(), str(page)).tables[first.source.table - 1]
    assert table.cells[(first.source.row, first.source.col)] == "（六）其他处理"
    for cell in ("C26", "C27"):
        assert layout[cell].found is None and layout[cell].source is None and "缺少这一行" in layout[cell].message()
    located = {text for text in table.cells.values()} - {"（六）其他处理"}
    assert not [v for v in checked.violations if v.rule == "LAYOUT" and v.found in located]
    # The page's （六） figures stand on that row: the first 2021 row's source is there.
    assert checked.sources["t3.other_1.natural"].row == first.source.row
    assert checked.sources["t3.other_2.natural"] is None


def test_rules_over_rows_not_read_say_so_not_that_a_value_is_wrong(tmp_path):
    checked = xlcheck.check(write_page(tmp_path, "y.html", REPORTS["05_suqian_sq_2024"], "y2019"))
    assert checked.not_assessed and {n.reasons for n in checked.not_assessed} == {("layout",)}
    assert {tuple(n.to_dict()["reasons"]) for n in checked.not_assessed} == {("layout",)}
    text = xlcheck.report.to_text(checked)
    assert "无法评估（所读的行或列找不到或标签不符）：T3-ROWTOTAL@表三!J25" in text and "数值有误" not in text
    assert "row or column read is not found" in xlcheck.report.to_text(checked, "en")


def test_a_2019_page_is_checked_by_the_2019_format(tmp_path, typed):
    name = "16_pingtan_2019"
    checked = xlcheck.check(write_page(tmp_path, "y.html", REPORTS[name], "y2019"))
    assert checked.format == "2019"
    assert verdict(checked) == verdict(typed[name]) == {("NUM-AMOUNT", "表二", "C19")}


# ------------------------------------------------------------------ the grid and the years


def test_merged_cells_expand_as_excel_merges_with_the_text_at_the_top_left():
    from xlcheck.sources.html import read_html

    page = (
        "<table><tr><td rowspan=2 colspan=2>角</td><td colspan=2>甲<br>乙</td></tr>"
        "<tr><td>1</td><td> 2&nbsp;</td></tr><tr><td>a</td><td></td><td>b</td><td>c</td></tr>"
        "<tr><td>&nbsp;</td></tr></table>"
    )
    (table,) = read_html(page.encode(), "t.html").tables
    assert table.cells == {
        (1, 1): "角",
        (1, 3): "甲\n乙",
        (2, 3): "1",
        (2, 4): "2",
        (3, 1): "a",
        (3, 3): "b",
        (3, 4): "c",
    }
    assert (table.rows, table.cols) == (4, 4)


def test_word_merges_expand_the_same_way(tmp_path):
    import docx

    from xlcheck.sources.docx import read_docx
    from xlcheck.sources.intake import take

    word = docx.Document()
    grid = word.add_table(rows=3, cols=4)
    grid.cell(0, 0).merge(grid.cell(1, 1)).text = "角"
    grid.cell(0, 2).merge(grid.cell(0, 3)).text = "甲"
    grid.cell(1, 2).text, grid.cell(1, 3).text, grid.cell(2, 3).text = "1", "2", "c"
    word.save(tmp_path / "m.docx")
    (table,) = read_docx(take(tmp_path / "m.docx")).tables
    assert table.cells == {(1, 1): "角", (1, 3): "甲", (2, 3): "1", (2, 4): "2", (3, 4): "c"}


def test_two_published_years_are_compared_cell_by_cell(tmp_path):
    from xlcheck.crossyear import compare

    last = xlcheck.check(write_page(tmp_path, "2023.html", REPORTS["04_suqian_sq_2023"], "word"))
    this_year = copy.deepcopy(REPORTS["05_suqian_sq_2024"])
    assert not compare(xlcheck.check(write_page(tmp_path, "a.html", this_year, "clean")), last).violations
    this_year["section3"]["carried_in"][0] += 1
    found = compare(xlcheck.check(write_page(tmp_path, "b.html", this_year, "clean")), last)
    assert {(v.rule, v.sheet, v.cell) for v in found.violations} == {("XYEAR-CARRY", "表三", "D6")}


def test_a_sentence_that_names_the_report_is_not_its_title(tmp_path):
    page = write_page(tmp_path, "s.html", REPORTS["07_shuyang_fgj_2023"], "word")
    sentence = "说明：现将某某县2019年政府信息公开工作年度报告的格式沿用如下。"
    text = page.read_text(encoding="utf-8").replace(
        "说明：本页面为测试用合成页面，表格数字取自转录的年度报告，文字为生成内容。", sentence
    )
    page.write_text(text, encoding="utf-8")
    checked = xlcheck.check(page)
    assert (checked.agency, checked.year) == ("沭阳县发展和改革局", 2023)  # the title above it, not the sentence


def test_an_agency_named_in_latin_letters_keeps_its_spaces_when_taken_from_the_title():
    from xlcheck.sources.document import parse_title

    assert parse_title("Test County Bureau2025年政府信息公开工作年度报告").agency == "Test County Bureau"
    assert parse_title("沭阳县发展和改革局 2023 年政府信息公开工作年度报告").agency == "沭阳县发展和改革局"
    assert parse_title("《宿迁市 人民政府2024年政府信息公开工作年度报告》").agency == "宿迁市人民政府"
