"""TEXT-TABLE: a figure the narrative quotes equals the tables (FORMAT.md「Rules」).

Every pattern of the 2021 format has an example that quotes its figure (right: silent; wrong: one warning at
the narrative cell) and a near miss that must stay silent whatever it says. Real narratives: 宿迁 2024's
行政复议/行政诉讼 figures contradict its table 四; 沭阳县's, 上海市's and the seed's agree with theirs.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import clean_values, fill, real_reports, type_report
from test_real_reports import seed_sections

import xlcheck
from xlcheck.checker import evaluate
from xlcheck.formats.format2021 import FORMAT_2021, OVERVIEW
from xlcheck.formats.spec import layout
from xlcheck.narrative import fold, jurisdiction_report, quotes, read_number

LAY = layout(FORMAT_2021)
FIGURES = FORMAT_2021.narrative_figures
REPORTS = real_reports()

# A consistent report whose figures all differ, so a finding says which figure was read.
TABLES = {
    "t3.new.natural": 120, "t3.new.business": 3, "t3.carried_in.natural": 10,
    "t3.open.natural": 40, "t3.open.business": 3, "t3.partial.natural": 12,
    "t3.deny_1.natural": 1, "t3.deny_4.natural": 2, "t3.unable_1.natural": 30, "t3.unable_2.natural": 5,
    "t3.reject_2.natural": 4, "t3.other_3.natural": 6, "t3.carry_out.natural": 30,
    "t4.review_upheld": 5, "t4.review_corrected": 2, "t4.review_other": 1, "t4.review_pending": 1,
    "t4.suit_direct_upheld": 2, "t4.suit_direct_pending": 1, "t4.suit_after_review_upheld": 4,
    "t2.rules.issued": 1, "t2.rules.repealed": 0, "t2.rules.valid": 8,
    "t2.normative.issued": 14, "t2.normative.repealed": 6, "t2.normative.valid": 57,
}  # fmt: skip
# What each figure of the format reads in TABLES: 新收 123 (受理 may also be 123 + 10), 办结 103, ...
VALUES = clean_values() | TABLES | {"meta.agency": "测试县某某局", "meta.year": 2024}
ZERO = {k: 0 for k in TABLES if k.startswith(("t3.", "t4."))}  # tables where the zero statements are right

# (figure index, pattern index) -> (a sentence quoting the figure as {n}, a near miss that must stay silent).
# A zero statement has no {n}: it is right against ZERO and wrong against TABLES.
EXAMPLES = {
    (0, 0): ("本年度新收政府信息公开申请{n}件。", "上半年新收政府信息公开申请{n}件。"),
    (1, 0): ("本年度共收到政府信息公开申请{n}件。", "其中通过网络收到政府信息公开申请{n}件。"),
    (1, 1): ("全年共受理{n}件，均已按期答复申请人。", "全年共受理{n}件人大代表建议。"),
    (2, 0): ("本机关未收到政府信息公开申请。", "本机关未收到政府信息公开申请人的补正材料。"),
    (3, 0): ("上年结转政府信息公开申请{n}件。", "2023年上年结转政府信息公开申请{n}件。"),
    (4, 0): ("结转下年度继续办理{n}件。", "结转下年度继续办理{n}余件。"),
    (5, 0): ("共办结政府信息公开申请{n}件。", "各乡镇共办结政府信息公开申请{n}件。"),
    (5, 1): ("依申请公开工作规范有序，共办理{n}件。", "共办理{n}件人大代表建议和政协提案。"),
    (6, 0): ("办理的申请中，予以公开{n}件。", "对申请人关注的信息主动予以公开{n}件。"),
    (7, 0): ("办理的申请中，部分公开{n}件。", "办理的申请中，予以公开及部分公开{n}件。"),
    (8, 0): ("办理的申请中，不予公开{n}件。", "去年办理的申请中不予公开{n}件。"),
    (9, 0): ("办理的申请中，无法提供{n}件。", "办理的申请中，无法提供约{n}件。"),
    (10, 0): ("办理的申请中，不予处理{n}件。", "办理的申请中，不予处理{n}-{m}件。"),
    (11, 0): ("办理的申请中，其他处理{n}件。", "县直部门办理的申请中其他处理{n}件。"),
    (12, 0): ("发生政府信息公开行政复议和行政诉讼案件{n}件。", "2023年发生行政复议和行政诉讼案件{n}件。"),
    (12, 1): ("未发生政府信息公开行政复议、行政诉讼。", "未发生政府信息公开行政复议、行政诉讼被纠错的情况。"),
    (13, 0): ("被申请行政复议{n}件。", "被申请行政复议{n}件左右。"),
    (13, 1): ("未发生政府信息公开行政复议。", "未发生行政复议纠错。"),
    (14, 0): ("提起行政诉讼{n}件。", "其中，行政诉讼{n}件涉及征地。"),
    (14, 1): ("未发生政府信息公开行政诉讼。", "未发生行政诉讼败诉。"),
    (15, 0): ("未经复议直接起诉{n}件。", "第一季度未经复议直接起诉{n}件。"),
    (16, 0): ("复议后起诉{n}件。", "下属单位复议后起诉{n}件。"),
    (17, 0): ("本年制定规章{n}件。", "本年制定规章制度{n}件。"),
    (18, 0): ("废止规章{n}件。", "废止规章{n}多件。"),
    (19, 0): ("现行有效规章{n}件。", "全市现行有效规章{n}件。"),
    (19, 1): ("规章现行有效{n}件。", "规章现行有效{n}余件。"),
    (20, 0): ("制发行政规范性文件{n}件。", "2022年制发行政规范性文件{n}件。"),
    (21, 0): ("废止行政规范性文件{n}件。", "废止行政规范性文件约{n}件。"),
    (22, 0): ("现行有效的行政规范性文件{n}件。", "各部门现行有效行政规范性文件{n}件。"),
    (22, 1): ("行政规范性文件现行有效{n}件。", "行政规范性文件现行有效{n}件左右。"),
}


def text_table(report) -> list:
    return [v for v in report.violations if v.rule == "TEXT-TABLE"]


def judged(overview: str, tables: dict | None = None, **meta) -> xlcheck.Report:
    values = VALUES | (tables or {}) | {OVERVIEW: overview} | {f"meta.{k}": v for k, v in meta.items()}
    return evaluate(values).report


def table_value(figure, tables: dict | None = None) -> int:
    numbers = evaluate(VALUES | (tables or {})).numbers
    return sum(numbers[f] for f in figure.fields)


def test_every_pattern_has_an_example_and_a_near_miss():
    patterns = {(i, j) for i, fig in enumerate(FIGURES) for j in range(len(fig.patterns))}
    assert set(EXAMPLES) == patterns


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_a_quoted_figure_is_silent_when_right_and_one_warning_at_the_narrative_cell_when_wrong(key):
    figure = FIGURES[key[0]]
    sentence, _ = EXAMPLES[key]
    if "{n}" not in sentence:  # a zero statement
        right, wrong, found = judged(sentence, ZERO), judged(sentence), 0
    else:
        value = table_value(figure)
        right = judged(sentence.format(n=value))
        found = value + 7
        wrong = judged(sentence.format(n=found))
    assert text_table(right) == []
    (v,) = text_table(wrong)
    assert (v.severity, v.sheet, v.cell, v.expected, v.found) == ("warning", "正文", "A3", table_value(figure), found)
    summed = [LAY.fields[f] for f in figure.fields]
    assert v.cells == ("A3", *(f"{f.sheet}!{f.cell}" for f in summed))
    assert "「一、总体情况」中「" in v.message() and summed[0].caption in v.message()


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_a_near_miss_stays_silent_whatever_it_says(key):
    _, near_miss = EXAMPLES[key]
    figure = FIGURES[key[0]]
    wrong = table_value(figure) + 7
    assert text_table(judged(near_miss.format(n=wrong, m=wrong + 5))) == []


def test_the_wrong_total_and_the_right_total_in_a_filled_workbook(template, tmp_path):
    wrong = fill(
        template,
        tmp_path / "wrong.xlsx",
        {**_typed(clean_values()), ("正文", "A3"): "2024年，本局共收到政府信息公开申请14件，办结11件。"},
    )
    report = xlcheck.check(wrong)
    (v,) = text_table(report)
    assert (v.sheet, v.cell, v.expected, v.found) == ("正文", "A3", 11, 14)  # nor 11 + 2 carried in
    assert v.cells == ("A3", "表三!J5")
    assert "「本局共收到政府信息公开申请14件」与表三「一、本年新收政府信息公开申请数量 × 总计」" in v.message()
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1  # a warning
    right = fill(
        template,
        tmp_path / "right.xlsx",
        {**_typed(clean_values()), ("正文", "A3"): "2024年，本局共收到政府信息公开申请11件，办结11件。"},
    )
    assert xlcheck.check(right).violations == []


def _typed(values: dict) -> dict:
    """Field values as cells to type (totals left to the template's formulas)."""
    return {(LAY.fields[f].sheet, LAY.fields[f].cell): v for f, v in values.items() if f not in LAY.totals}


def test_the_cli_prints_and_serialises_the_finding(template, tmp_path):
    path = fill(
        template,
        tmp_path / "r.xlsx",
        {**_typed(clean_values()), ("正文", "A3"): "全年共收到政府信息公开申请一百件。"},
    )
    proc = subprocess.run(
        [sys.executable, "-m", "xlcheck", "check", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    (v,) = json.loads(proc.stdout)["files"][0]["violations"]
    assert (v["rule"], v["severity"], v["sheet"], v["cell"], v["expected"], v["found"]) == (
        "TEXT-TABLE",
        "warning",
        "正文",
        "A3",
        11,
        100,
    )
    text = subprocess.run(
        [sys.executable, "-m", "xlcheck", "check", str(path), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "A3     TEXT-TABLE     warning" in text and "expected 11, found 100" in text


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("123", 123),
        ("1,234", 1234),
        ("一百二十三", 123),
        ("两千零五", 2005),
        ("十二", 12),
        ("一万零二", 10002),
        ("三十万", 300000),
        ("零", 0),
        ("1万2345", 12345),
    ],
)
def test_exact_numbers_in_arabic_and_chinese_numerals(written, value):
    number = read_number(written)
    assert number is not None and number.exact and number.found == value


@pytest.mark.parametrize(
    "written", ["三千五", "一万二", "三四", "二〇二四", "百", "一百十", "3.5", "1.23456万", "10万2", "1万234"]
)
def test_numbers_that_are_not_exact_enough_are_refused(written):
    assert read_number(written) is None


def test_a_rounded_figure_with_wan_admits_what_rounds_or_truncates_to_it():
    number = read_number("1.2万")
    assert not number.exact and number.found == "1.2万"
    assert [number.admits(v) for v in (11499, 11500, 12000, 12999, 13000)] == [False, True, True, True, False]
    assert read_number("12万").admits(120000) and not read_number("12万").admits(100000)


def test_chinese_numerals_and_wan_in_the_narrative():
    many = {"t3.new.natural": 12342, "t3.carried_in.natural": 0, "t3.open.natural": 12312, "t3.carry_out.natural": 0}
    assert text_table(judged("新收政府信息公开申请一百二十三件。")) == []
    (v,) = text_table(judged("新收政府信息公开申请一百二十件。"))
    assert (v.expected, v.found) == (123, 120)
    assert text_table(judged("新收政府信息公开申请1.2万件。", many)) == []
    assert text_table(judged("新收政府信息公开申请1万2345件。", many)) == []
    (v,) = text_table(judged("新收政府信息公开申请1.5万件。", many))
    assert (v.expected, v.found) == (12345, "1.5万")
    assert "新收政府信息公开申请1.5万件" in v.message()


@pytest.mark.parametrize(
    "sentence",
    [
        "新收政府信息公开申请3000余件。",
        "新收政府信息公开申请约3000件。",
        "新收政府信息公开申请近3000件。",
        "新收政府信息公开申请3000多件。",
        "新收政府信息公开申请3000件左右。",
        "新收政府信息公开申请3万余件。",
        "新收政府信息公开申请20-30件。",
        "新收政府信息公开申请20至30件。",
        "新收政府信息公开申请十几件。",
        "新收政府信息公开申请三四件。",
        "新收政府信息公开申请上千件。",
        "新收政府信息公开申请3000件次。",
    ],
)
def test_ranges_and_approximations_are_silent(sentence):
    assert quotes(sentence, FIGURES) == []
    assert text_table(judged(sentence)) == []


def test_full_width_digits_spaces_and_invisible_characters_are_read():
    for written in ("１２３", "1 2 3", "12\u200b3", "\u00a0123\u3000", "1\n23"):
        assert text_table(judged(f"新收政府信息公开申请{written}件。")) == []
        assert [q.number.found for q in quotes(f"新收政府信息公开申请{written}件。", FIGURES)] == [123]
    folded = fold("共收到\n政府信息公开申请 12 件")
    assert folded.quote(0, len(folded.text)) == "共收到政府信息公开申请 12 件"


# ------------------------------------------------------------------ whose figure, which year


def test_a_sub_unit_is_not_compared_with_the_jurisdictions_totals():
    county = {"agency": "某某县人民政府"}
    text = "全县共收到政府信息公开申请123件。本机关收到政府信息公开申请20件。县政府本级办结政府信息公开申请9件。"
    assert text_table(judged(text, **county)) == []
    assert [q.number.found for q in quotes(text, FIGURES, agency="某某县人民政府", year=2024)] == [123]
    (v,) = text_table(judged("全县共收到政府信息公开申请124件。", **county))
    assert (v.expected, v.found) == (123, 124)


def test_the_issuing_body_is_compared_in_its_own_report_but_the_whole_county_is_not():
    department = {"agency": "某某县民政局"}
    (v,) = text_table(judged("本机关收到政府信息公开申请20件。", **department))
    assert (v.expected, v.found) == (123, 20)
    assert text_table(judged("全县共收到政府信息公开申请999件。", **department)) == []
    assert text_table(judged("我局共收到政府信息公开申请123件。", **department)) == []


def test_when_unsure_whose_figure_it_is_say_nothing():
    assert text_table(judged("各乡镇共收到政府信息公开申请20件。")) == []
    assert text_table(judged("本机关收到政府信息公开申请20件。", agency=None)) == []  # whose tables?
    assert jurisdiction_report("宿迁市（全市汇总）") and jurisdiction_report("平潭综合实验区管委会")
    assert jurisdiction_report("上海市人民政府办公厅") is False and jurisdiction_report(" ") is None


def test_another_year_or_period_is_not_compared():
    assert text_table(judged("2023年共收到政府信息公开申请80件，2024年共收到政府信息公开申请123件。")) == []
    assert len(quotes("2023年共收到政府信息公开申请80件，2024年共收到政府信息公开申请123件。", FIGURES, year=2024)) == 1
    assert text_table(judged("去年新收政府信息公开申请80件。")) == []
    (v,) = text_table(judged("去年新收政府信息公开申请80件，今年新收政府信息公开申请99件。"))
    assert v.found == 99
    assert text_table(judged("2024年新收政府信息公开申请80件。", year=None)) == []  # which year is the report's?


def test_the_same_wrong_figure_twice_is_one_finding_and_two_figures_are_two():
    text = "新收政府信息公开申请100件。重申：新收政府信息公开申请100件，办结政府信息公开申请99件。"
    found = text_table(judged(text))
    assert sorted((v.expected, v.found) for v in found) == [(103, 99), (123, 100)]


def test_an_unusable_table_cell_leaves_the_quote_not_assessed():
    report = judged("新收政府信息公开申请123件。", {"t3.new.natural": "/"})
    assert text_table(report) == []
    assert [(n.rule, n.sheet, n.cell, n.because) for n in report.not_assessed if n.rule == "TEXT-TABLE"] == [
        ("TEXT-TABLE", "正文", "A3", ("D5",))
    ]


def test_received_may_count_last_years_applications_too():
    assert text_table(judged("共受理政府信息公开申请133件。")) == []  # 123 new + 10 carried in
    (v,) = text_table(judged("共受理政府信息公开申请140件。"))
    assert v.expected == 123 and "（或再加上 表三「二、上年结转政府信息公开申请数量 × 总计」）" in v.message()


def test_the_zero_statement_in_section_six_is_compared():
    values = {"text.other": "本机关2024年未收到政府信息公开申请，未收取信息处理费。"}
    report = evaluate(VALUES | values).report
    (v,) = text_table(report)
    assert (v.sheet, v.cell, v.expected, v.found) == ("正文", "A22", 123, 0)


def test_text_table_is_listed_by_xlcheck_rules_but_not_among_the_live_checks():
    ids = {r.id for r in FORMAT_2021.workbook_rules}
    assert "TEXT-TABLE" not in ids and "TEXT-TABLE" in {r.id for r in FORMAT_2021.rules}
    proc = subprocess.run([sys.executable, "-m", "xlcheck", "rules"], capture_output=True, text=True, check=True)
    assert "TEXT-TABLE     警告" in proc.stdout


# ------------------------------------------------------------------ real narratives


def test_suqian_2024s_review_and_suit_figures_contradict_its_table(template, tmp_path):
    # The transcription's notes quote the narrative: '备案...行政复议案件134件，行政诉讼案件57件'; table 四
    # totals 行政复议 170 and 行政诉讼 25 + 52. Typed as the notes give it, the contradiction is found.
    report_json = REPORTS["05_suqian_sq_2024"]
    assert "行政复议案件134件，行政诉讼案件57件" in report_json["texts"]
    type_report(template, report_json, tmp_path / "05.xlsx")
    found = text_table(xlcheck.check(tmp_path / "05.xlsx"))
    assert {(v.cell, v.expected, v.found) for v in found} == {("A3", 170, 134), ("A3", 77, 57)}
    # With the table's figures the same words are silent.
    texts = {k: report_json["texts"].replace("134件", "170件").replace("57件", "77件") for k in ("overview",)}
    type_report(template, report_json, tmp_path / "05改.xlsx", texts)
    assert text_table(xlcheck.check(tmp_path / "05改.xlsx")) == []


# 沭阳县人民政府 2025 (08), section 一（二）as published: 749 = 713 new + 36 carried in, 718 handled, 31 carried over.
SHUYANG = (
    "2025 年，我县严格遵循《条例》规定，规范依申请公开办理流程，优化服务方式，提升办理质效，依法妥善回应各类信息"
    "公开申请，全年申请办理工作规范有序、闭环高效。全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，"
    "法人或其他组织申请 8 件；共办理 718 件，结转下一年 31 件。依法做好相关行政复议、行政诉讼案件的应诉工作，"
    "全县共办理相关案件 74 件，有力维护了群众合法权益与政府公信力。"
)


def test_shuyang_2025s_narrative_agrees_with_its_tables_and_a_changed_figure_is_found(template, tmp_path):
    report_json = REPORTS["08_shuyang_xzf_2025"]
    read = quotes(SHUYANG, FIGURES, agency=report_json["agency"], year=2025)
    assert [q.number.found for q in read] == [749, 718, 31]
    type_report(template, report_json, tmp_path / "08.xlsx", {"overview": SHUYANG})
    assert text_table(xlcheck.check(tmp_path / "08.xlsx")) == []
    type_report(template, report_json, tmp_path / "08改.xlsx", {"overview": SHUYANG.replace("31 件", "13 件")})
    (v,) = text_table(xlcheck.check(tmp_path / "08改.xlsx"))
    assert (v.cell, v.expected, v.found) == ("A3", 31, 13) and "结转下一年 13 件" in v.message()


def test_the_seeds_narrative_agrees_with_its_tables(template, tmp_path):
    texts = seed_sections()
    assert [q.number.found for q in quotes(texts["overview"], FIGURES, agency="石嘴山市民政局", year=2021)] == [0]
    assert [q.number.found for q in quotes(texts["other"], FIGURES, agency="石嘴山市民政局", year=2021)] == [0]
    type_report(template, REPORTS["00_shizuishan_mzj_2021"], tmp_path / "00.xlsx", texts)
    assert text_table(xlcheck.check(tmp_path / "00.xlsx")) == []


# 上海市人民政府办公厅 2025, section 一（二）as published (PDF text, its line breaks kept), and its table 三:
# new 1295, carried in 189, handled 1191; 不予公开 4+0+1+0+9+1+0+5 = 20; 无法提供 513+48+3 = 564;
# 不予处理 62+16+1+1+0 = 80; 其他处理 43+0+276 = 319.
SHANGHAI = (
    "市政府共受理政府信息公开申请 1295 件，办结 1191 件（含\n上年结转 189 件），均在法定期限内答复。"
    "其中，予以公开及部\n分公开 208 件（17.46%），不予公开 20 件（1.68%），因本机关\n不掌握等原因无法提供 564 件"
    "（47.36%），属信访、重复申请等\n不予处理 80 件（6.72%），其他处理 319 件（26.78%，含申请人\n主动撤回 157 件）。"
    "全年未发生因依申请公开被行政复议纠错或\n行政诉讼败诉情形。"
)


def test_shanghais_narrative_is_read_as_its_tables_say():
    read = quotes(SHANGHAI, FIGURES, agency="上海市人民政府办公厅", year=2025)
    by_field = {q.figure.fields[0]: q.number.found for q in read}
    assert by_field == {
        "t3.new.total": 1295,
        "t3.total.total": 1191,
        "t3.carried_in.total": 189,
        "t3.deny_1.total": 20,
        "t3.unable_1.total": 564,
        "t3.reject_1.total": 80,
        "t3.other_1.total": 319,
    }  # 予以公开及部分公开 208 is two items: neither is read


# 上海市科学技术委员会 2024, sections 一 and 四 as published (PDF text), and its tables: 行政诉讼 0; new 34,
# carried in 2; 部分公开 0; 不予公开 1+1 = 2; 无法提供 4+6+0 = 10; 不予处理 0; 其他处理 10+0+4 = 14; carried over 1.
KEWEI = (
    "2024 年市科委有 1 件涉及政府信息公开工作的行政复\n议，该行政复议件未被复议审查机关纠错。涉及的行政诉讼数为\n"
    "0 件。全年收到政府信息公开申请 34 件，上年结转政府信息公开\n申请 2 件，所有申请均已按要求办理完成。所有办结的"
    "信息公开\n申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2\n件，无法提供的 10 件，不予处理 0 件，"
    "其他处理 14 件，转下一\n年度办理答复的有 1 件。"
)


def test_the_science_commissions_narrative_is_read_as_its_tables_say():
    read = quotes(KEWEI, FIGURES, agency="上海市科学技术委员会", year=2024)
    assert [(q.figure.fields[0], q.number.found) for q in read] == [
        ("t4.suit_direct_total", 0),
        ("t3.new.total", 34),
        ("t3.carried_in.total", 2),
        ("t3.partial.total", 0),
        ("t3.deny_1.total", 2),
        ("t3.unable_1.total", 10),
        ("t3.reject_1.total", 0),
        ("t3.other_1.total", 14),
        ("t3.carry_out.total", 1),
    ]  # 1 件…行政复议 puts the number first: not read


def test_a_subject_narrows_a_total_but_information_disclosure_itself_does_not():
    assert text_table(judged("涉及征地拆迁的行政复议5件。")) == []
    (v,) = text_table(judged("涉及政府信息公开的行政复议5件。"))
    assert (v.expected, v.found) == (9, 5)


def test_a_typed_total_that_disagrees_with_its_row_is_one_finding_at_the_total_not_the_text():
    wrong_total = {"t3.new.total": 124}  # the row adds up to 123
    report = judged("本年新收政府信息公开申请123件。", wrong_total)
    assert text_table(report) == []  # the text says what the row adds up to
    assert [(v.rule, v.cell) for v in report.errors] == [("T3-ROWTOTAL", "J5")]
    (v,) = text_table(judged("本年新收政府信息公开申请130件。", wrong_total))
    assert (v.expected, v.found) == (123, 130)  # what the row adds up to, not the mistyped total


# Sentences a second review found compared though they are another period, a part, or an approximation.
NOT_THE_YEARS_FIGURE = [
    "二〇二三年收到政府信息公开申请100件。",
    "1至11月收到政府信息公开申请110件。",
    "1-6月收到政府信息公开申请60件。",
    "12月收到政府信息公开申请9件。",
    "2020年至2024年累计收到政府信息公开申请500件。",
    "《条例》实施以来共收到政府信息公开申请800件。",
    "截至目前累计收到政府信息公开申请900件。",
    "近三年共收到政府信息公开申请300件。",
    "十三五期间共收到政府信息公开申请400件。",
    "本局共收到政府信息公开申请数十件。",
    "本局共收到政府信息公开申请几百件。",
]


@pytest.mark.parametrize("text", NOT_THE_YEARS_FIGURE)
def test_another_period_or_an_approximation_is_not_compared(text):
    assert text_table(judged(text)) == []


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("本市收到政府信息公开申请500件。", "某某市民政局"),
        ("区民政局收到政府信息公开申请20件。", "某某市某某区人民政府"),
        ("各镇街收到政府信息公开申请30件。", "某某市某某区人民政府"),
        ("区级部门收到政府信息公开申请70件。", "某某市某某区人民政府"),
        ("各村(社区)收到政府信息公开申请5件。", "某某镇人民政府"),
    ],
)
def test_a_figure_of_another_body_or_of_the_whole_place_is_not_a_departments(text, agency):
    assert text_table(judged(text, agency=agency)) == []


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("2024年1月1日至12月31日，共收到政府信息公开申请130件。", "测试县某某局"),
        ("截至2024年12月31日，共收到政府信息公开申请130件。", "测试县某某局"),
        ("二〇二四年共收到政府信息公开申请130件。", "测试县某某局"),
        ("全年累计收到政府信息公开申请130件。", "测试县某某局"),
        ("2024年，市民政局共收到政府信息公开申请130件。", "某某市民政局"),
        ("县政府共收到政府信息公开申请130件。", "某某县人民政府"),
    ],
)
def test_the_years_own_figure_is_still_compared_however_it_is_dated_or_named(text, agency):
    (v,) = text_table(judged(text, agency=agency))
    assert (v.expected, v.found) == (123, 130)


def test_a_column_total_blamed_by_its_own_rule_takes_the_text_with_it():
    # 办结 (七)总计 typed 0 where its outcomes add up: T3-OUTCOMES is the one finding; the text quoting the
    # true figure is not blamed, and a text quoting another figure is reported against what the rows add up to.
    done = evaluate(VALUES).numbers["t3.total.total"]
    wrong = {"t3.total.natural": 0}
    report = judged(f"共办结政府信息公开申请{done}件。", wrong)
    assert [(v.rule, v.cell) for v in report.errors if v.rule == "T3-OUTCOMES"] == [("T3-OUTCOMES", "D28")]
    assert text_table(report) == []
    (v,) = text_table(judged(f"共办结政府信息公开申请{done + 7}件。", wrong))
    assert (v.expected, v.found) == (done, done + 7)


# A third review's false positives: a part, a subset or another count compared with a table's total.
A_PART_NOT_THE_TOTAL = [  # the sentence, the agency, the part's figure that must not be compared
    ("共办结政府信息公开申请123件，其中按时办结120件，延期办结3件。", "测试县某某局", (120, 3)),
    ("在法定期限内办结政府信息公开申请100件。", "测试县某某局", (100,)),
    ("办理的申请中，不予以公开3件。", "测试县某某局", (3,)),
    ("本年度新收政府信息公开申请123件，其中通过政府网站新收申请30件。", "测试县某某局", (30,)),
    ("办理的申请中，自然人申请予以公开15件。", "测试县某某局", (15,)),
    ("全县现行有效行政规范性文件66件，其中县政府现行有效行政规范性文件20件。", "某某县人民政府", (20,)),
    ("全年共收到行政复议申请1200件。", "某某市司法局", (1200,)),
    ("作为行政复议机关，共办理行政复议案件300件。", "某某市人民政府", (300,)),
]


@pytest.mark.parametrize(("text", "agency", "parts"), A_PART_NOT_THE_TOTAL)
def test_a_part_or_another_count_is_not_compared_with_the_tables_total(text, agency, parts):
    assert [v.found for v in text_table(judged(text, agency=agency)) if v.found in parts] == []


@pytest.mark.parametrize(
    "text",
    [
        "通过当面、信函、网络等渠道共收到政府信息公开申请130件。",
        "2024年1月1日至12月31日期间，共收到政府信息公开申请130件。",
        "2024年，我局累计收到政府信息公开申请130件。",
    ],
)
def test_every_channel_a_dated_period_or_this_years_running_total_is_compared(text):
    (v,) = text_table(judged(text))
    assert (v.expected, v.found) == (123, 130)


# A fourth review: the nearest word says whose figure it is; abbreviations; 累计 since when; the 复议机关.
@pytest.mark.parametrize(
    ("text", "agency", "compared"),
    [
        ("2024年，在县委县政府的坚强领导下，本局共收到政府信息公开申请999件。", "测试县民政局", [999]),
        ("按照县政府办公室的统一部署，我局共收到政府信息公开申请9件。", "测试县民政局", [9]),
        ("2024年，市发改委共收到政府信息公开申请15件。", "北京市发展和改革委员会", [15]),
        ("2024年，县市场监管局共收到政府信息公开申请15件。", "测试县市场监督管理局", [15]),
        ("2024年，县人民政府办公室共收到政府信息公开申请50件。", "某县人民政府办公室", [50]),
        ("市政府共受理政府信息公开申请50件。", "上海市人民政府办公厅", [50]),
        ("2024年，朝阳区公安局共收到政府信息公开申请50件。", "北京市公安局", []),
        ("县公安局共收到政府信息公开申请500件。", "测试县人民政府", []),
        ("截至2024年12月31日，本局累计受理政府信息公开申请1500件。", "测试县民政局", []),
        ("全年共发生政府信息公开行政复议3件，复议机关维持原行政行为2件。", "测试县民政局", [3]),
        ("本机关被申请行政复议3件，经复议机关审理，维持2件。", "测试县民政局", [3]),
    ],
)
def test_whose_figure_and_which_period_by_the_nearest_words(text, agency, compared):
    assert [q.number.found for q in quotes(text, FIGURES, agency=agency, year=2024)] == compared
