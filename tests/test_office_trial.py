"""What a new user's trial of a collecting office's work found, each now a behaviour."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from helpers import ROOT, clean_values

import xlcheck
from xlcheck.cli import main
from xlcheck.sources.intake import SUMMARY_CSV_HEADS

CLEAN = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"
MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *args])
    return code, {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(capsys.readouterr().out)["files"]}


def test_two_reports_of_one_unit_are_pointed_out_when_checked(tmp_path, capsys):
    shutil.copy(CLEAN, tmp_path / "民政局.xlsx")
    shutil.copy(CLEAN, tmp_path / "民政局（最终版）.xlsx")
    code, files = run_json(capsys, str(tmp_path))
    assert code == 0
    assert files["民政局.xlsx"]["notices"] == []
    (second,) = files["民政局（最终版）.xlsx"]["notices"]
    assert second["code"] == "duplicate-unit" and "民政局.xlsx" in second["message"]
    assert "表中数字完全相同" in second["message"]


def test_a_second_report_of_one_unit_says_whether_its_data_differ(tmp_path, capsys):
    shutil.copy(CLEAN, tmp_path / "民政局.xlsx")
    changed = clean_values() | {"meta.agency": xlcheck.check(CLEAN).agency, "meta.year": xlcheck.check(CLEAN).year}
    xlcheck.make_template(tmp_path / "民政局（修改）.xlsx", values=changed)
    _, files = run_json(capsys, str(tmp_path))
    (second,) = files["民政局（修改）.xlsx"]["notices"]
    assert second["code"] == "duplicate-unit" and "表中数字不同" in second["message"]


def test_xlchecks_own_outputs_put_back_in_a_folder_are_skipped_not_failures(tmp_path, capsys):
    units, out = tmp_path / "报送", tmp_path / "结果"
    units.mkdir()
    out.mkdir()
    shutil.copy(MISTAKES, units / "甲局.xlsx")
    assert main(["check", str(units), "--summary", str(out / "检查汇总.csv"), "--annotate-dir", str(out)]) == 1
    capsys.readouterr()
    for name in ("检查汇总.csv", "检查汇总_问题清单.csv", "甲局_检查结果.xlsx"):
        shutil.copy(out / name, units / name)
    shutil.copy(CLEAN, units / "甲局.xlsx")  # the unit sent a corrected report: the folder is clean now
    code, files = run_json(capsys, str(units))
    assert code == 0
    assert files["检查汇总.csv"]["error"]["code"] == "xlcheck-output"
    assert files["检查汇总_问题清单.csv"]["error"]["code"] == "xlcheck-output"
    assert files["甲局_检查结果.xlsx"]["error"]["code"] == "annotated-copy"
    main(["check", str(units)])
    err = capsys.readouterr().err
    assert "3 个文件是 xlcheck 生成的文件，未作检查" in err and "无法检查" not in err


def test_the_csv_signature_is_the_summarys_own_heading():
    from xlcheck.outputs.summary import FINDING_COLUMNS, OVERVIEW_COLUMNS

    for lang, head in (("zh", SUMMARY_CSV_HEADS[0]), ("en", SUMMARY_CSV_HEADS[1])):
        for columns in (OVERVIEW_COLUMNS[lang], FINDING_COLUMNS[lang]):
            assert ",".join(columns).encode().startswith(head)


def test_annotating_an_upload_needs_the_upload_not_a_file_of_the_same_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CLEAN, tmp_path / "上传.xlsx")  # another unit's file that happens to bear the name
    data = MISTAKES.read_bytes()
    report = xlcheck.check(data, name="上传.xlsx")
    with pytest.raises(ValueError, match="source"):
        xlcheck.annotate(report, tmp_path / "副本.xlsx")
    xlcheck.annotate(report, tmp_path / "副本.xlsx", source=io.BytesIO(data))
    import openpyxl

    assert openpyxl.load_workbook(tmp_path / "副本.xlsx")["封面"]["B2"].value is None  # the mistakes sample's cover


def test_check_refuses_what_is_no_source_with_a_type_error():
    with pytest.raises(TypeError, match="path, bytes or a binary file object"):
        xlcheck.check(12345)


def test_a_mistyped_last_year_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["check", str(CLEAN), "--last-year", str(tmp_path / "上年报树")]) == 2
    assert "找不到上年报告" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["0", "-2", "x"])
def test_jobs_must_be_one_or_more(jobs, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", str(CLEAN), "-j", jobs])
    assert exit_.value.code == 2 and "应为 1 或更大的整数" in capsys.readouterr().err


def test_a_table_left_empty_is_one_line_of_text_and_every_cell_in_json(capsys):
    template = ROOT / "templates" / "政府信息公开工作年度报告模板.xlsx"
    main(["check", str(template)])
    out = capsys.readouterr().out
    assert "共 144 个数据单元格未填写" in out and out.count("CELL-BLANK") < 20
    _, files = run_json(capsys, str(template))
    (entry,) = files.values()
    assert sum(v["rule"] == "CELL-BLANK" for v in entry["violations"]) == 166


def test_one_file_named_twice_however_spelled_is_checked_and_summed_once(tmp_path, capsys, monkeypatch):
    units = tmp_path / "报送"
    units.mkdir()
    shutil.copy(CLEAN, units / "甲局.xlsx")
    (units / "链接.xlsx").symlink_to(units / "甲局.xlsx")
    monkeypatch.chdir(tmp_path)
    spellings = ["报送/甲局.xlsx", "./报送/甲局.xlsx", "报送/../报送/甲局.xlsx", "报送/链接.xlsx"]
    code, files = run_json(capsys, *spellings)
    assert code == 0 and list(files) == ["甲局.xlsx"] and files["甲局.xlsx"]["notices"] == []
    out = tmp_path / "汇总.xlsx"
    assert main(["aggregate", *spellings, "-o", str(out), "--agency", "某市", "--year", "2021"]) == 0
    assert "共 1 个文件" in capsys.readouterr().err


def test_year_being_collected_names_a_report_of_another_year(tmp_path, capsys):
    shutil.copy(CLEAN, tmp_path / "民政局.xlsx")  # 2021
    code, files = run_json(capsys, str(tmp_path), "--year", "2022")
    (notice,) = files["民政局.xlsx"]["notices"]
    assert code == 0 and notice["code"] == "other-year" and "2021，不是 2022" in notice["message"]
    _, files = run_json(capsys, str(tmp_path), "--year", "2021")
    assert files["民政局.xlsx"]["notices"] == []


def test_two_copies_differing_only_in_their_text_have_the_same_figures(tmp_path, capsys):
    report = xlcheck.check(CLEAN)
    values = clean_values() | {"meta.agency": report.agency, "meta.year": report.year}
    xlcheck.make_template(tmp_path / "a.xlsx", values=values)
    xlcheck.make_template(tmp_path / "b.xlsx", values=values | {"text.problems": "另一种写法的问题与改进。"})
    _, files = run_json(capsys, str(tmp_path))
    (second,) = [n for n in files["b.xlsx"]["notices"] if n["code"] == "duplicate-unit"]
    assert "表中数字完全相同" in second["message"]  # as the 汇总 judges them: summed once
