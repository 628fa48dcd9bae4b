"""汇总: units' reports summed cell by cell into a new workbook, refusals listed, a parent compared."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from helpers import cell_of, clean_values, convert, real_reports, type_report

import xlcheck
from xlcheck.formats.format2021 import FORMAT_2021
from xlcheck.formats.spec import AMOUNT, SOURCES_SHEET, layout
from xlcheck.outputs.aggregated import HEAD_ROW

LAYOUT = layout(FORMAT_2021)
TABLES = [fid for fid in LAYOUT.fields if fid.startswith(("t2.", "t3.", "t4."))]  # the tables, as `xlcheck fields`
INPUTS = [fid for fid in TABLES if fid not in LAYOUT.totals]
FEE = "t2.fees.amount"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlcheck", *args], check=False, capture_output=True, text=True, cwd=cwd, timeout=120
    )


def aggregate(units: Path, out: Path, agency: str, year: int = 2024, *more: str) -> subprocess.CompletedProcess:
    """``xlcheck aggregate UNITS -o OUT --agency AGENCY --year YEAR [MORE]``."""
    return run("aggregate", str(units), "-o", str(out), "--agency", agency, "--year", str(year), *more)


def at(wb, fid: str):
    """The value of field ``fid`` in an openpyxl workbook."""
    sheet, cell = cell_of(fid)
    return wb[sheet][cell].value


def unit(folder: Path, name: str, agency: str, **changes) -> Path:
    """A clean report of ``agency`` with ``changes`` (field id -> value) typed in."""
    folder.mkdir(parents=True, exist_ok=True)
    values = clean_values() | {"meta.agency": agency} | {k.replace("__", "."): v for k, v in changes.items()}
    return xlcheck.make_template(folder / f"{name}.xlsx", values=values)


def sources(path: Path) -> list[dict]:
    """The rows of a 汇总's 「汇总来源」 sheet, by column name."""
    ws = openpyxl.load_workbook(path)[SOURCES_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert "汇总来源" in rows[0][0]  # the title row
    return [dict(zip(rows[HEAD_ROW], row, strict=True)) for row in rows[HEAD_ROW + 1 :]]


def exact_sum(reports, fid: str):
    """The sum of the units' values, exactly (fractions of the decimals written), as checked."""
    if LAYOUT.fields[fid].kind == AMOUNT:
        return sum(Fraction(Decimal(str(r.values[fid]))) for r in reports)
    return sum(r.values[fid] for r in reports)


# ------------------------------------------------------------------ the sum


@pytest.fixture(scope="module")
def real_folder(tmp_path_factory, template) -> Path:
    """Real reports typed into the template by their labels: two of 2023, three of other years."""
    folder = tmp_path_factory.mktemp("real") / "各单位报送"
    folder.mkdir()
    for name, report in real_reports().items():
        type_report(template, report, folder / f"{name}.xlsx")
    return folder


def test_the_aggregate_of_real_reports_is_their_sum_cell_by_cell(real_folder, tmp_path):
    out = tmp_path / "宿迁汇总.xlsx"
    proc = aggregate(real_folder, out, "某市汇总", 2023, "--include-failing")
    assert proc.returncode == 1, proc.stderr  # written; the units of other years are not summed
    units = [xlcheck.check(p) for p in sorted(real_folder.glob("*.xlsx")) if xlcheck.check(p).year == 2023]
    assert len(units) == 2 and any(u.errors for u in units)  # 07 leaves cells blank (CELL-BLANK, counted as 0)
    result = xlcheck.check(out)
    assert result.errors == [] and result.error is None
    for fid in TABLES:  # inputs and totals alike
        assert Fraction(Decimal(str(result.values[fid]))) == exact_sum(units, fid), fid
    assert result.agency == "某市汇总" and result.year == 2023
    listed = {Path(row["文件"]).stem: row for row in sources(out)}
    assert {k for k, row in listed.items() if row["是否纳入"] == "纳入"} == {"04_suqian_sq_2023", "07_shuyang_fgj_2023"}
    for name in ("00_shizuishan_mzj_2021", "03_huaian_szf_2024", "08_shuyang_xzf_2025"):
        assert listed[name]["是否纳入"] == "未纳入" and "报告年度为" in listed[name]["原因"], listed[name]
    assert listed["07_shuyang_fgj_2023"]["结论"] == "有错误" and listed["04_suqian_sq_2023"]["结论"] == "通过"


def test_the_aggregate_checks_clean_and_its_totals_are_the_templates_formulas(tmp_path):
    for i in range(3):
        unit(tmp_path / "in", f"u{i}", f"单位{i}", t3__new__natural=10 + i, t3__open__natural=5 + i)
    out = tmp_path / "汇总.xlsx"
    proc = aggregate(tmp_path / "in", out, "某县")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out) and "汇总 3 个单位" in proc.stderr
    checked = run("check", str(out))
    assert checked.returncode == 0 and "未发现问题" in checked.stdout, checked.stdout
    wb = openpyxl.load_workbook(out)
    for fid in TABLES:
        value = at(wb, fid)
        if fid in LAYOUT.totals:
            assert value == LAYOUT.formula(fid), fid  # a formula, never a typed number
        else:
            assert isinstance(value, (int, float)) and not isinstance(value, bool), fid
    assert at(wb, "t3.new.natural") == 33 and isinstance(at(wb, "t3.new.business"), int)
    # Sections 一, 五, 六 say what the workbook is; the office writes its own narrative over them.
    report = xlcheck.check(out)
    assert "3 个单位" in report.values["text.overview"] and "信息处理费" in report.values["text.other"]


def test_the_fee_is_summed_exactly_in_decimal(tmp_path):
    # In floats 0.1 + 0.2 + 0.3 is 0.6000000000000001 and 1.123456 + 4068.208 + 1234.56 is 5303.891455999999.
    for case, fees, total in (("a", (0.1, 0.2, 0.3), 0.6), ("b", (1.123456, 4068.208, 1234.56), 5303.891456)):
        for i, fee in enumerate(fees):
            unit(tmp_path / case, f"u{i}", f"单位{i}", t2__fees__amount=fee)
        out = tmp_path / f"{case}.xlsx"
        assert aggregate(tmp_path / case, out, "某市").returncode == 0
        assert at(openpyxl.load_workbook(out), FEE) == total  # as written in the file, no float noise
        assert xlcheck.check(out).values[FEE] == total


def test_an_aggregate_of_aggregates_is_the_sum_of_all_units(tmp_path):
    # A county's 汇总 (with its 汇总来源 sheet) is read as any report when the city sums its counties.
    for county in ("甲县", "乙县"):
        for i in range(2):
            unit(tmp_path / county, f"u{i}", f"{county}单位{i}", t3__new__natural=10 + i, t3__open__natural=5 + i,
                 t2__fees__amount=0.1)  # fmt: skip
        out = tmp_path / "counties" / f"{county}.xlsx"
        out.parent.mkdir(exist_ok=True)
        assert aggregate(tmp_path / county, out, county).returncode == 0
    city = tmp_path / "市.xlsx"
    assert aggregate(tmp_path / "counties", city, "某市").returncode == 0
    units = [xlcheck.check(p) for p in sorted(tmp_path.glob("?县/*.xlsx"))]
    assert len(units) == 4
    result = xlcheck.check(city)
    assert result.errors == []
    assert all(Fraction(Decimal(str(result.values[f]))) == exact_sum(units, f) for f in TABLES)
    assert result.values[FEE] == 0.4


# ------------------------------------------------------------------ refusals


def test_every_refusal_is_listed_with_its_reason(tmp_path):
    units = tmp_path / "报送"
    unit(units, "01 好", "甲局")
    unit(units, "02 错误", "乙局", t3__open__natural=6)  # T3-BALANCE and T3-OUTCOMES: an error
    unit(units, "03 上年", "丙局", meta__year=2023)
    unit(units, "04 同名", "丁 局（一）")
    unit(units, "05 同名", "丁局(一)", t3__new__natural=11, t3__carry_out__natural=3)  # same name, other figures
    unit(units, "06 重复", "甲局 ")  # 甲局 sent twice, the same figures
    unit(units, "07 本级", "某 市")  # the 汇总's own name
    (units / "08 坏文件.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    out = tmp_path / "汇总.xlsx"
    proc = aggregate(units, out, "某市")
    assert proc.returncode == 1, proc.stderr  # written, but units were refused
    rows = {Path(r["文件"]).stem: r for r in sources(out)}
    assert list(rows) == ["01 好", "02 错误", "03 上年", "04 同名", "05 同名", "06 重复", "07 本级", "08 坏文件"]
    assert [r["是否纳入"] for r in rows.values()] == ["纳入"] + ["未纳入"] * 7
    reasons = {k: r["原因"] for k, r in rows.items()}
    assert "错误" in reasons["02 错误"] and "--include-failing" in reasons["02 错误"]
    assert "报告年度为 2023" in reasons["03 上年"]
    assert "05 同名" in reasons["04 同名"] and "数据不同" in reasons["04 同名"]
    assert "04 同名" in reasons["05 同名"] and "数据不同" in reasons["05 同名"]
    assert "01 好" in reasons["06 重复"] and "重复报送" in reasons["06 重复"]
    assert "某市" in reasons["07 本级"]
    assert reasons["08 坏文件"].startswith("无法检查")
    assert rows["08 坏文件"]["结论"] == "无法检查" and rows["02 错误"]["结论"] == "有错误"
    assert rows["02 错误"]["错误数"] == len(xlcheck.check(units / "02 错误.xlsx").errors)
    for name in ("02 错误", "03 上年", "04 同名", "08 坏文件"):
        assert name in proc.stderr  # each refusal is also told on the terminal
    result = xlcheck.check(out)  # only 01 is summed
    assert all(result.values[f] == xlcheck.check(units / "01 好.xlsx").values[f] for f in TABLES)
    assert result.errors == []


def test_each_refusal_has_its_stable_code(tmp_path):
    from xlcheck.aggregate import REASONS, aggregate_reports

    folder = tmp_path / "报送"
    made = {
        "summed": unit(folder, "01", "甲局"),
        "not-checked": folder / "02.xlsx",
        "is-parent": unit(folder, "03", "市本级"),
        "other-year": unit(folder, "04", "乙局", meta__year=2023),
        "has-errors": unit(folder, "05", "丙局", t3__open__natural=6),
        "no-year": unit(folder, "06", "丁局", meta__year=None),
        "no-agency": unit(folder, "07", "戊局", meta__agency=None),
        "same-as-parent": unit(folder, "08", "某　市"),  # an ideographic space
        "unusable-cells": unit(folder, "09", "己局", t4__review_other="/"),
        "repeat": unit(folder, "10", "甲　局"),
        "name-clash-1": unit(folder, "11", "庚局"),
        "name-clash-2": unit(folder, "12", "庚局", t2__penalty__decisions=1),
    }
    made["not-checked"].write_bytes(b"")
    reports = xlcheck.check_all(made.values())
    for include_failing in (False, True):
        agg = aggregate_reports(reports, 2024, include_failing=include_failing, parent="某市",
                                parent_path=str(made["is-parent"]))  # fmt: skip
        codes = {key: unit.code for key, unit in zip(made, agg.units, strict=True)}
        if not include_failing:
            # A unit that --include-failing would not sum either is refused for that reason, so that the
            # hint to add --include-failing is only given where the flag would help.
            assert {k: codes[k] for k in ("has-errors", "no-year", "no-agency", "unusable-cells")} == {
                k: k for k in ("has-errors", "no-year", "no-agency", "unusable-cells")
            }
            hint = next(u for u in agg.units if u.code == "has-errors").reason_text("zh")
            assert "--include-failing" in hint
            continue
        assert codes == {k: k.removesuffix("-1").removesuffix("-2") for k in made} | {
            "summed": None,
            "has-errors": None,
        }
        assert all(unit.code in REASONS and unit.reason_text("en") for unit in agg.refused)
        assert [u.report.path for u in agg.included] == [str(made["summed"]), str(made["has-errors"])]


def test_include_failing_sums_units_with_errors_but_never_a_cell_without_a_value(tmp_path):
    units = tmp_path / "报送"
    unit(units, "a", "甲局")
    unit(units, "b", "乙局", t3__open__natural=6)  # an error, every cell usable
    unit(units, "c", "丙局", t3__unable_2__natural="3件")  # NUM-COUNT: no number to add
    unit(units, "d", "丁局", meta__agency=None)  # no name: cannot be told from the others
    out = tmp_path / "汇总.xlsx"
    proc = aggregate(units, out, "某市", 2024, "--include-failing")
    assert proc.returncode == 1, proc.stderr
    rows = {Path(r["文件"]).stem: r for r in sources(out)}
    assert [rows[k]["是否纳入"] for k in "abcd"] == ["纳入", "纳入", "未纳入", "未纳入"]
    sheet, cell = cell_of("t3.unable_2.natural")
    assert f"{sheet}!{cell}" in rows["c"]["原因"]
    assert "机关名称" in rows["d"]["原因"]
    summed = [xlcheck.check(units / f"{k}.xlsx") for k in "ab"]
    result = xlcheck.check(out)
    assert all(result.values[f] == exact_sum(summed, f) for f in TABLES)
    # b's columns do not balance, so neither does the sum: the 汇总 says what it is, and so does the exit code.
    assert {v.rule for v in result.errors} == {v.rule for v in summed[1].errors}
    assert "错误" in proc.stderr


def test_nothing_to_sum_writes_nothing_and_exits_2(tmp_path):
    unit(tmp_path / "in", "a", "甲局", meta__year=2023)
    out = tmp_path / "汇总.xlsx"
    proc = aggregate(tmp_path / "in", out, "某市")
    assert proc.returncode == 2 and not out.exists()
    assert "没有可汇总的单位" in proc.stderr and "报告年度为 2023" in proc.stderr


def test_the_output_is_vetted_like_every_output(tmp_path):
    folder = tmp_path / "in"
    a = unit(folder, "a", "甲局")
    args = ("--agency", "某市", "--year", "2024")
    inside = run("aggregate", str(folder), "-o", str(folder / "汇总.xlsx"), *args)
    assert inside.returncode == 2 and "被检查的文件夹" in inside.stderr and not (folder / "汇总.xlsx").exists()
    before = a.read_bytes()
    over = run("aggregate", str(a), "-o", str(a), "--force", *args)
    assert over.returncode == 2 and a.read_bytes() == before
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"keep")
    assert run("aggregate", str(folder), "-o", str(out), *args).returncode == 2 and out.read_bytes() == b"keep"
    assert run("aggregate", str(folder), "-o", str(out), "--force", *args).returncode == 0
    assert xlcheck.check(out).errors == []


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("-o", "x.xlsx", "--year", "2024"), "--agency"),
        (("-o", "x.xlsx", "--agency", "某市"), "--year"),
        (("-o", "x.xlsx", "--agency", "某市", "--year", "1999"), "2008"),
        (("--compare", "p.xlsx", "--agency", "某市"), "--agency"),
        (("--agency", "某市", "--year", "2024"), "-o"),
    ],
)
def test_usage_errors_exit_2_in_words(tmp_path, args, words):
    proc = run("aggregate", str(tmp_path), *args, cwd=tmp_path)
    assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_english_reasons(tmp_path):
    unit(tmp_path / "in", "a", "甲局")
    unit(tmp_path / "in", "b", "乙局", meta__year=2023)
    proc = aggregate(tmp_path / "in", tmp_path / "s.xlsx", "某市", 2024, "--lang", "en", "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert [u["included"] for u in doc["units"]] == [True, False]
    assert doc["units"][1]["reason"] == {"code": "other-year", "message": "its report year is 2023, not 2024"}
    assert doc["check"]["summary"] == {"errors": 0, "warnings": 0}
    assert "not summed" in proc.stderr


# ------------------------------------------------------------------ --compare


def test_compare_finds_exactly_the_cells_where_the_parent_differs(tmp_path):
    units = tmp_path / "units"
    for i in range(3):
        unit(units, f"u{i}", f"单位{i}", t3__new__natural=10 + i, t3__open__natural=5 + i, t2__fees__amount=0.1)
    summed = [xlcheck.check(p) for p in sorted(units.glob("*.xlsx"))]
    sums = {f: exact_sum(summed, f) for f in INPUTS}
    values = {f: (float(v) if f == FEE else v) for f, v in sums.items()}
    values |= {"meta.agency": "某市", "meta.year": 2024} | {
        k: clean_values()[k] for k in ("text.overview", "text.problems", "text.other")
    }
    mutated = {"t2.licensing.decisions": values["t2.licensing.decisions"] + 7, FEE: 0.31, "t4.review_upheld": 0}
    parent = xlcheck.make_template(tmp_path / "市本级.xlsx", values=values | mutated)
    proc = run("aggregate", str(units), "--compare", str(parent), "--format", "json")
    assert proc.returncode == 0, proc.stderr  # AGG-SUM is a warning; the parent has no error
    doc = json.loads(proc.stdout)
    (checked,) = doc["files"]
    found = {(v["sheet"], v["cell"]): v for v in checked["violations"]}
    assert {v["rule"] for v in found.values()} == {"AGG-SUM"}
    assert set(found) == {cell_of(f) for f in mutated}
    for fid, value in mutated.items():
        v = found[cell_of(fid)]
        assert (v["expected"], v["found"], v["severity"]) == (
            float(sums[fid]) if fid == FEE else sums[fid],
            value,
            "warning",
        )
    assert found[cell_of(FEE)]["expected"] == 0.3  # exact: not 0.30000000000000004
    assert [u["included"] for u in doc["units"]] == [True] * 3
    assert run("aggregate", str(units), "--compare", str(parent), "--strict").returncode == 1
    text = run("aggregate", str(units), "--compare", str(parent)).stdout
    _, cell = cell_of("t2.licensing.decisions")
    line = next(line for line in text.splitlines() if line.strip().startswith(f"{cell} "))
    assert "AGG-SUM" in line and "警告" in line and "所属 3 个单位之和" in line


def test_compare_of_a_parent_that_is_the_sum_finds_nothing_and_skips_itself(tmp_path):
    units = tmp_path / "units"
    for i in range(2):
        unit(units, f"u{i}", f"单位{i}", t3__new__natural=10 + i, t3__open__natural=5 + i)
    out = tmp_path / "汇总.xlsx"
    assert aggregate(units, out, "某市").returncode == 0
    parent = units / "某市.xlsx"  # the parent filed among its units
    parent.write_bytes(out.read_bytes())
    proc = run("aggregate", str(units), "--compare", str(parent))
    assert "AGG-SUM" not in proc.stdout and "未发现问题" in proc.stdout
    assert "上级报告本身" in proc.stderr  # said, not silent; but the parent is no missing unit
    assert proc.returncode == 0


def test_a_parent_cell_without_a_value_is_not_assessed(tmp_path):
    unit(tmp_path / "units", "u0", "单位0")
    parent = unit(tmp_path, "parent", "某市", t3__new__natural="十")
    proc = run("aggregate", str(tmp_path / "units"), "--compare", str(parent), "--format", "json")
    doc = json.loads(proc.stdout)["files"][0]
    sheet, cell = cell_of("t3.new.natural")
    assert {"rule": "AGG-SUM", "sheet": sheet, "cell": cell, "because": [cell], "reasons": ["value"]} in doc[
        "not_assessed"
    ]
    assert not any(v["rule"] == "AGG-SUM" and v["cell"] == cell for v in doc["violations"])
    assert proc.returncode == 1  # the parent's own NUM-COUNT error


def test_a_parent_that_cannot_be_checked_exits_2(tmp_path):
    unit(tmp_path / "units", "u0", "单位0")
    proc = run("aggregate", str(tmp_path / "units"), "--compare", str(tmp_path / "没有.xlsx"))
    assert proc.returncode == 2 and "找不到文件" in proc.stdout


def test_agg_sum_is_in_the_rule_catalog():
    rule = next(r for r in FORMAT_2021.rules if r.id == "AGG-SUM")
    assert rule.severity == "warning"
    assert "AGG-SUM" in run("rules").stdout


# ------------------------------------------------------------------ LibreOffice


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_aggregate_and_its_totals_agree(real_folder, lo_profile, tmp_path):
    from xlcheck.outputs.excel import CHECK_SHEET, STATUS_ROW

    out = tmp_path / "汇总.xlsx"
    assert aggregate(real_folder, out, "某市汇总", 2023, "--include-failing").returncode == 1
    expected = xlcheck.check(out).values
    wb = openpyxl.load_workbook(convert(out, "xlsx", tmp_path / "lo", lo_profile), data_only=True)
    for fid in TABLES:
        sheet, cell = cell_of(fid)
        assert wb[sheet][cell].value == pytest.approx(expected[fid], abs=1e-9), fid
    assert wb[CHECK_SHEET][STATUS_ROW][1].value == "通过"  # the live checks agree: no error
    assert [c.value for c in wb[SOURCES_SHEET][HEAD_ROW + 1]][:3] == ["文件", "机关名称", "报告年度"]


def test_an_earlier_aggregate_left_among_its_units_is_not_counted_twice(tmp_path):
    # A new user's trial: the city's last 汇总 was left in the folder, and the new one used another
    # --agency; the old 汇总's units were counted twice.
    units = tmp_path / "报送"
    for name, agency in (("a", "甲局"), ("b", "乙局")):
        unit(units, name, agency)
    assert aggregate(units, tmp_path / "旧汇总.xlsx", "某市").returncode == 0
    (units / "旧汇总.xlsx").write_bytes((tmp_path / "旧汇总.xlsx").read_bytes())
    unit(units, "c", "丙局")
    proc = aggregate(units, tmp_path / "新汇总.xlsx", "某市本级")
    rows = {Path(r["文件"]).name: r for r in sources(tmp_path / "新汇总.xlsx")}
    assert rows["旧汇总.xlsx"]["是否纳入"] == "未纳入" and "重复计算" in rows["旧汇总.xlsx"]["原因"]
    assert "「甲局」" in rows["旧汇总.xlsx"]["原因"] and proc.returncode == 1
    wb = openpyxl.load_workbook(tmp_path / "新汇总.xlsx")
    assert at(wb, "t2.licensing.decisions") == 3 * clean_values()["t2.licensing.decisions"]


def test_a_county_aggregate_in_a_city_folder_is_summed_like_a_report(tmp_path):
    county = tmp_path / "县"
    unit(county, "a", "县甲局")
    unit(county, "b", "县乙局")
    city = tmp_path / "市"
    city.mkdir()
    assert aggregate(county, city / "某县汇总.xlsx", "某县").returncode == 0
    unit(city, "c", "市丙局")
    assert aggregate(city, tmp_path / "市汇总.xlsx", "某市").returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "市汇总.xlsx")
    assert at(wb, "t2.licensing.decisions") == 3 * clean_values()["t2.licensing.decisions"]


def test_names_differing_only_by_invisible_characters_are_one_unit(tmp_path):
    units = tmp_path / "报送"
    unit(units, "a", "某某局")
    unit(units, "b", "某某\u200b局")  # a zero-width space
    unit(units, "c", "某某局\u3164")  # a Hangul filler: prints as a blank, is no white space to str.split
    proc = aggregate(units, tmp_path / "汇总.xlsx", "某市", 2024)
    rows = {row["文件"].split("/")[-1].split("\\")[-1]: row for row in sources(tmp_path / "汇总.xlsx")}
    assert "重复报送" in proc.stdout + proc.stderr
    assert sum(1 for row in rows.values() if row["是否纳入"] == "纳入") == 1, rows


def test_the_sources_sheet_speaks_english_under_lang_en_and_is_still_read_as_a_sum(tmp_path):
    units = tmp_path / "units"
    unit(units, "a", "甲局")
    unit(units, "b", "乙局", meta__agency=None)
    out = tmp_path / "sum.xlsx"
    proc = aggregate(units, out, "某市", 2024, "--lang", "en")
    ws = openpyxl.load_workbook(out)[SOURCES_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].startswith("Sources of 某市's 2024 汇总") and rows[HEAD_ROW][:3] == ("file", "agency", "year")
    summed = {row[1]: row[6] for row in rows[HEAD_ROW + 1 :]}
    assert summed["甲局"] == "summed" and "not summed" in summed.values() and proc.returncode == 1
    assert not any("未纳入" in str(c) or "纳入" == c for row in rows for c in row)
    from xlcheck.outputs.aggregated import covered_agencies

    assert covered_agencies(str(out)) == ["甲局"]
