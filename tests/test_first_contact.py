"""The command line as a new user first meets it (issue 7): outputs never clobber, folders hide
nothing, every word in Chinese (English with --lang en), one vocabulary."""

from __future__ import annotations

import argparse
import gettext
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT, clean_values

import xlcheck
from xlcheck.batch import expand
from xlcheck.cli import main
from xlcheck.cli.parser import lang_of, translate, width_of, wrap
from xlcheck.errors import OutputError
from xlcheck.outputs.paths import vet_output, write_error

CLEAN = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"
MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"
CORPUS = ROOT / "tests" / "corpus" / "files"
THIS_YEAR = date.today().year
ARGPARSE_ENGLISH = (
    "usage:",
    "positional arguments",
    "options:",
    "show this help message and exit",
    "invalid choice",
    "the following arguments are required",
    "unrecognized arguments",
    "expected one argument",
    "not allowed with argument",
    "error:",
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlcheck", *args], capture_output=True, text=True, check=False, cwd=cwd, timeout=60
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_in_process(capsys, *argv: str) -> tuple[int, str, str]:
    """main(argv) as the shell would see it: the exit code, stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ item 12: template output


def test_template_refuses_to_overwrite_an_existing_file(tmp_path):
    filled = tmp_path / "重要.xlsx"
    shutil.copy(CLEAN, filled)
    before = sha(filled)
    proc = run("template", "-o", str(filled))
    assert proc.returncode == 2
    assert "文件已存在" in proc.stderr and "--force" in proc.stderr and "Traceback" not in proc.stderr
    assert sha(filled) == before


def test_template_overwrites_with_force(tmp_path, capsys):
    target = tmp_path / "重要.xlsx"
    target.write_bytes(b"an old draft")
    code, out, _ = run_in_process(capsys, "template", "-o", str(target), "--force")
    assert code == 0 and out.strip() == str(target)
    assert zipfile.is_zipfile(target) and xlcheck.check(target).error is None


def test_template_refusal_in_english(tmp_path, capsys):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"filled")
    code, _, err = run_in_process(capsys, "template", "-o", str(target), "--lang", "en")
    assert code == 2 and "the file exists" in err and "--force" in err
    assert target.read_bytes() == b"filled"


@pytest.mark.parametrize(
    ("where", "code_words"),
    [
        ("no/such/dir/x.xlsx", "文件夹不存在"),  # a folder that does not exist
        ("a file/x.xlsx", "不是文件夹"),  # "folder" that is a file
        ("a folder", "这是文件夹"),  # a folder given as the output
        ("年报", "应以 .xlsx 结尾"),  # no extension: Excel would not open it by name
    ],
)
def test_template_to_an_impossible_place_is_a_coded_error_not_a_traceback(tmp_path, where, code_words):
    (tmp_path / "a file").write_text("x")
    (tmp_path / "a folder").mkdir()
    proc = run("template", "-o", where, cwd=tmp_path)
    assert proc.returncode == 2
    assert code_words in proc.stderr and "Traceback" not in proc.stderr + proc.stdout
    assert not (tmp_path / "年报").exists() and not (tmp_path / "no").exists()


def test_template_to_an_absolute_missing_folder(tmp_path, capsys):
    code, _, err = run_in_process(capsys, "template", "-o", str(tmp_path / "缺" / "x.xlsx"))
    assert code == 2 and "文件夹不存在" in err and str(tmp_path / "缺") in err


@pytest.mark.parametrize("year", ["1999", "2007", str(THIS_YEAR + 1), "2030", "abc", "-5"])
def test_template_refuses_an_implausible_year(tmp_path, capsys, year):
    code, _, err = run_in_process(capsys, "template", "-o", str(tmp_path / "t.xlsx"), "--year", year)
    assert code == 2 and "用法：" in err and "--year" in err
    assert "不是年份" in err if year == "abc" else f"2008–{THIS_YEAR}" in err
    assert not (tmp_path / "t.xlsx").exists()


@pytest.mark.parametrize("year", [2008, THIS_YEAR])
def test_template_accepts_the_first_year_and_this_year(tmp_path, capsys, year):
    out = tmp_path / "t.xlsx"
    code, _, _ = run_in_process(capsys, "template", "-o", str(out), "--year", str(year))
    assert code == 0
    import openpyxl

    assert openpyxl.load_workbook(out)["封面"]["B3"].value == year


def test_year_refusal_in_english(tmp_path, capsys):
    code, _, err = run_in_process(capsys, "--lang", "en", "template", "-o", str(tmp_path / "t.xlsx"), "--year", "1999")
    assert code == 2 and "usage:" in err and f"a year from 2008–{THIS_YEAR}, not 1999" in err


def test_output_policy_never_writes_over_an_input_even_with_force(tmp_path):
    source = tmp_path / "报送" / "年报.xlsx"
    source.parent.mkdir()
    shutil.copy(CLEAN, source)
    with pytest.raises(OutputError) as refused:
        vet_output(source, force=True, inputs=[source])
    assert refused.value.code == "output-is-input"
    hard_link = tmp_path / "别名.xlsx"
    os.link(source, hard_link)
    with pytest.raises(OutputError) as refused:
        vet_output(hard_link, force=True, inputs=[source])
    assert refused.value.code == "output-is-input"


def test_output_policy_never_writes_where_the_next_check_would_read_it(tmp_path):
    folder = tmp_path / "报送"
    (folder / "甲局").mkdir(parents=True)
    for out in (folder / "x.xlsx", folder / "甲局" / "x.xlsx", folder / "新建" / "x.xlsx"):
        with pytest.raises(OutputError) as refused:
            vet_output(out, input_dirs=[folder], make_parent=True)
        assert refused.value.code == "output-in-input-folder" and str(folder) in refused.value.message()
    assert vet_output(tmp_path / "批注" / "x.xlsx", input_dirs=[folder], make_parent=True).name == "x.xlsx"


def test_output_policy_exists_missing_parent_and_force(tmp_path):
    existing = tmp_path / "a.xlsx"
    existing.write_bytes(b"x")
    codes = []
    for path, kwargs in (
        (existing, {}),
        (tmp_path / "missing" / "b.xlsx", {}),
        (tmp_path / "b.txt", {}),
        (tmp_path, {}),
    ):
        with pytest.raises(OutputError) as refused:
            vet_output(path, **kwargs)
        codes.append(refused.value.code)
    assert codes == ["output-exists", "output-dir-missing", "output-not-xlsx", "output-is-directory"]
    assert vet_output(existing, force=True) == existing
    assert vet_output(tmp_path / "missing" / "deeper" / "b.xlsx", make_parent=True).name == "b.xlsx"


def test_a_write_failure_is_worded_for_people():
    error = write_error("x.xlsx", PermissionError(13, "Permission denied"))
    assert error.code == "cannot-write"
    assert error.message() == "无法写入：x.xlsx（没有写入权限）"
    assert error.message("en") == "cannot write x.xlsx (permission denied)"
    assert "Disk quota" in write_error("x.xlsx", OSError(122, "Disk quota exceeded")).message()


# ------------------------------------------------------------------ item 14: folders hide nothing


@pytest.fixture
def submissions(tmp_path) -> Path:
    """A submissions folder as it arrives: old formats, documents, units' subfolders, litter."""
    folder = tmp_path / "2025年 各单位报送"
    (folder / "甲局").mkdir(parents=True)
    (folder / "乙局" / "修改稿").mkdir(parents=True)
    (folder / ".git").mkdir()
    shutil.copy(CORPUS / "旧版 Excel 97-2003.xls", folder / "丙局.xls")
    shutil.copy(CORPUS / "开放文档 年报.ods", folder / "丁局.ods")
    shutil.copy(CORPUS / "WPS 表格.et", folder / "戊局.et")
    shutil.copy(CORPUS / "binary workbook.xlsb", folder / "己局.xlsb")
    (folder / "扫描件.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "导出.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    shutil.copy(CLEAN, folder / "甲局" / "年报.xlsx")
    shutil.copy(MISTAKES, folder / "乙局" / "年报.xlsx")
    shutil.copy(CLEAN, folder / "乙局" / "修改稿" / "年报（修改）.XLSX")
    # Not reports: lock files of Excel and WPS, hidden files and folders, notes, system litter.
    shutil.copy(CLEAN, folder / "~$年报.xlsx")
    shutil.copy(CLEAN, folder / ".~年报.xlsx")
    shutil.copy(CLEAN, folder / ".隐藏.xlsx")
    shutil.copy(CLEAN, folder / ".git" / "x.xlsx")
    (folder / "说明.txt").write_text("请于1月20日前报送", encoding="utf-8")
    (folder / "Thumbs.db").write_bytes(b"\0" * 16)
    (folder / "空文件夹.xlsx").mkdir()
    return folder


def expected_files(folder: Path) -> list[Path]:
    return [
        folder / "丁局.ods",
        folder / "丙局.xls",
        folder / "导出.csv",
        folder / "己局.xlsb",
        folder / "戊局.et",
        folder / "扫描件.pdf",
        folder / "乙局" / "年报.xlsx",
        folder / "乙局" / "修改稿" / "年报（修改）.XLSX",
        folder / "甲局" / "年报.xlsx",
    ]


def test_expand_lists_every_spreadsheet_like_file_recursively_and_in_a_stable_order(submissions):
    assert expand([submissions]) == [str(p) for p in expected_files(submissions)]
    assert expand([submissions]) == expand([str(submissions)])  # the same every time, str or Path


def test_expand_keeps_a_file_given_by_name_whatever_it_is(tmp_path):
    lock = tmp_path / "~$年报.xlsx"
    assert expand([lock, tmp_path / "missing.txt"]) == [str(lock), str(tmp_path / "missing.txt")]


def test_every_file_in_a_folder_gets_a_line_checked_or_coded(submissions):
    proc = run("check", "--format", "json", str(submissions))
    files = {f["path"]: f for f in json.loads(proc.stdout)["files"]}
    codes = {Path(p).relative_to(submissions).as_posix(): f["error"] and f["error"]["code"] for p, f in files.items()}
    assert codes == {
        "丁局.ods": "ods",
        "丙局.xls": "legacy-xls",
        "导出.csv": "not-xlsx",
        "己局.xlsb": "xlsb",
        "戊局.et": "legacy-xls",
        "扫描件.pdf": "pdf",
        "乙局/年报.xlsx": None,
        "乙局/修改稿/年报（修改）.XLSX": None,
        "甲局/年报.xlsx": None,
    }
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_a_folder_of_old_formats_only_says_what_each_is(tmp_path):
    shutil.copy(CORPUS / "旧版 Excel 97-2003.xls", tmp_path / "甲.xls")
    shutil.copy(CORPUS / "开放文档 年报.ods", tmp_path / "乙.ods")
    shutil.copy(CORPUS / "WPS 表格.et", tmp_path / "丙.et")
    proc = run("check", str(tmp_path))
    assert proc.returncode == 2
    assert "没有要检查的文件" not in proc.stderr
    for name in ("甲.xls", "乙.ods", "丙.et"):
        assert str(tmp_path / name) in proc.stdout
    assert proc.stdout.count("另存为 .xlsx") == 3


def test_a_folder_with_nothing_to_check_names_what_it_looks_for(tmp_path, capsys):
    (tmp_path / "说明.txt").write_text("x")
    (tmp_path / "~$年报.xlsx").write_bytes(b"lock")
    code, out, err = run_in_process(capsys, "check", str(tmp_path))
    assert code == 2 and out == ""
    assert str(tmp_path) in err and "没有要检查的文件" in err
    wanted = err.split("查找的是：")[1].split("（")[0].split()
    assert {".xlsx", ".xlsm", ".xls", ".et", ".ods", ".xlsb", ".csv", ".pdf", ".docx", ".wps"} <= set(wanted)
    assert ".txt" not in wanted
    code, _, err = run_in_process(capsys, "check", "--lang", "en", str(tmp_path))
    assert code == 2 and "nothing to check in the folder" in err and "looked for: .xlsx .xlsm" in err


def test_an_empty_folder_beside_good_files_is_still_reported(tmp_path, capsys):
    (tmp_path / "空").mkdir()
    code, out, err = run_in_process(capsys, "check", str(tmp_path / "空"), str(CLEAN))
    assert code == 2 and "未发现问题" in out and "没有要检查的文件" in err


def test_annotated_copies_keep_the_units_subfolders(submissions, tmp_path):
    copies = tmp_path / "批注副本"
    proc = run("check", str(submissions), "--annotate-dir", str(copies))
    assert proc.returncode == 2  # the old formats could not be checked
    made = sorted(p.relative_to(copies).as_posix() for p in copies.rglob("*.xlsx"))
    assert made == ["乙局/修改稿/年报（修改）_检查结果.xlsx", "乙局/年报_检查结果.xlsx", "甲局/年报_检查结果.xlsx"]


def test_annotated_copies_are_not_overwritten_without_force(tmp_path):
    copy = tmp_path / "副本.xlsx"
    copy.write_bytes(b"my notes")
    proc = run("check", str(MISTAKES), "--annotate", str(copy))
    assert proc.returncode == 2 and "--force" in proc.stderr and copy.read_bytes() == b"my notes"
    assert proc.stdout == ""  # said before checking, not after a page of findings
    proc = run("check", str(MISTAKES), "--annotate", str(copy), "--force")
    assert proc.returncode == 1 and zipfile.is_zipfile(copy)


def test_copies_already_in_the_annotate_dir_are_named_before_checking(tmp_path):
    units, copies = tmp_path / "报送", tmp_path / "发回"
    units.mkdir()
    for name in ("甲局", "乙局"):
        (units / f"{name}.xlsx").write_bytes(MISTAKES.read_bytes())
    assert run("check", str(units), "--annotate-dir", str(copies)).returncode == 1
    before = {p: p.read_bytes() for p in copies.rglob("*.xlsx")}
    proc = run("check", str(units), "--annotate-dir", str(copies))
    assert proc.returncode == 2 and proc.stdout == "" and "2 份" in proc.stderr and "--force" in proc.stderr
    assert {p: p.read_bytes() for p in copies.rglob("*.xlsx")} == before
    assert run("check", str(units), "--annotate-dir", str(copies), "--force").returncode == 1


def test_annotated_copies_with_the_same_name_do_not_clobber_each_other(tmp_path):
    for unit in ("甲局", "乙局"):
        (tmp_path / unit).mkdir()
    shutil.copy(CLEAN, tmp_path / "甲局" / "年报.xlsx")
    shutil.copy(MISTAKES, tmp_path / "乙局" / "年报.xlsx")
    copies = tmp_path / "副本"
    proc = run(
        "check",
        str(tmp_path / "甲局" / "年报.xlsx"),
        str(tmp_path / "乙局" / "年报.xlsx"),
        "--annotate-dir",
        str(copies),
    )
    assert proc.returncode == 2 and "同名" in proc.stderr
    assert [p.name for p in copies.iterdir()] == ["年报_检查结果.xlsx"]
    first = openpyxl.load_workbook(copies / "年报_检查结果.xlsx")["检查结果"]
    assert "未发现问题" in [c.value for row in first.iter_rows() for c in row]  # the first (clean) one's, intact


def test_a_file_named_twice_is_checked_once(tmp_path, capsys):
    (tmp_path / "甲局").mkdir()
    shutil.copy(CLEAN, tmp_path / "甲局" / "年报.xlsx")
    copies = tmp_path / "副本"
    code, out, err = run_in_process(
        capsys, "check", str(tmp_path / "甲局"), str(tmp_path / "甲局" / "年报.xlsx"), "--annotate-dir", str(copies)
    )
    assert code == 0 and out.count("未发现问题") == 1 and "同名" not in err
    assert [p.name for p in copies.iterdir()] == ["年报_检查结果.xlsx"]


def test_copies_may_not_go_inside_the_folder_being_checked(submissions):
    before = sorted(p.name for p in submissions.rglob("*"))
    proc = run("check", str(submissions), "--annotate-dir", str(submissions / "批注"))
    assert proc.returncode == 2 and "被检查的文件夹" in proc.stderr and proc.stdout == ""
    assert sorted(p.name for p in submissions.rglob("*")) == before


def test_a_copy_may_not_replace_the_checked_file(tmp_path, capsys):
    path = tmp_path / "年报.xlsx"
    shutil.copy(CLEAN, path)
    before = sha(path)
    code, _, err = run_in_process(capsys, "check", str(path), "--annotate", str(path), "--force")
    assert code == 2 and "不能是被检查的文件" in err and sha(path) == before


# ------------------------------------------------------------------ item 15: one language, one vocabulary


@pytest.mark.parametrize("command", [[], ["template"], ["check"], ["rules"], ["fields"]])
def test_help_is_in_chinese(capsys, command):
    code, out, _ = run_in_process(capsys, *command, "-h")
    assert code == 0
    assert out.startswith("用法：xlcheck") and "选项：" in out and "显示本帮助并退出" in out
    for english in ARGPARSE_ENGLISH:
        assert english not in out


@pytest.mark.parametrize(
    "argv",
    [["--lang", "en", "-h"], ["check", "-h", "--lang", "en"], ["check", "--lang=en", "-h"], ["-h", "--lang", "en"]],
)
def test_help_is_in_english_with_lang_en_anywhere(capsys, argv):
    code, out, _ = run_in_process(capsys, *argv)
    assert code == 0 and out.startswith("usage: xlcheck") and "show this help message and exit" in out
    assert "用法" not in out and "显示本帮助" not in out


def test_help_lines_fit_the_terminal(capsys, monkeypatch):
    from xlcheck.cli.parser import width_of

    monkeypatch.setenv("COLUMNS", "80")
    for command in ([], ["check"], ["template"]):
        _, out, _ = run_in_process(capsys, *command, "-h")
        too_wide = [line for line in out.splitlines() if width_of(line) > 80 and " " not in line.strip()]
        assert too_wide == []
        prose = [line for line in out.splitlines() if not line.startswith(" ") and "用法" not in line]
        assert all(width_of(line) <= 80 for line in prose), prose


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (["nonsense"], "无效的取值 'nonsense'", "invalid choice: 'nonsense'"),
        ([], "缺少必需的参数：命令", "the following arguments are required: COMMAND"),
        (["check"], "缺少必需的参数：FILE", "the following arguments are required: FILE"),
        (["check", "x.xlsx", "--bogus"], "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
        (["rules", "--format"], "参数 --format：需要一个值", "argument --format: expected one argument"),
        (["rules", "--format", "xml"], "参数 --format：无效的取值 'xml'", "invalid choice: 'xml'"),
        (["check", "a", "--annotate", "b", "--annotate-dir", "c"], "不能与参数 --annotate 同时使用", "not allowed"),
        (["template", "--year", "abc"], "参数 --year：「abc」不是年份", "argument --year: 'abc' is not a year"),
        (["check", "a", "--lang", "fr"], "参数 --lang：无效的取值 'fr'", None),
    ],
)
def test_usage_errors_are_worded_in_the_users_language_and_exit_2(capsys, argv, zh, en):
    code, out, err = run_in_process(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("用法：xlcheck") and zh in err and "：错误：" in err
    for english in ARGPARSE_ENGLISH:
        assert english not in err
    if en:
        code, _, err = run_in_process(capsys, *argv, "--lang", "en")
        assert code == 2 and err.startswith("usage: xlcheck") and en in err and "error:" in err


def test_usage_errors_exit_2_from_the_shell():
    proc = run("check")
    assert proc.returncode == 2 and "缺少必需的参数" in proc.stderr and "Traceback" not in proc.stderr


def test_argparse_itself_is_left_as_it_was(capsys):
    run_in_process(capsys, "check", "-h")
    run_in_process(capsys, "nonsense")
    plain = argparse.ArgumentParser(prog="other")
    plain.add_argument("x")
    assert plain.format_help().startswith("usage: other") and "options:" in plain.format_help()
    assert argparse._ is gettext.gettext


def test_every_argparse_error_has_chinese_words():
    messages = {
        "expected at least one argument": "至少需要一个值",
        "expected at most one argument": "最多只能有一个值",
        "expected 2 arguments": "需要 2 个值",
        "ambiguous option: --an could match --annotate, --annotate-dir": "选项 --an 不明确",
        "one of the arguments --a --b is required": "以下参数须给出其中一个",
        "ignored explicit argument 'x'": "此选项不接受值",
        "argument --year: invalid int value: 'x'": "参数 --year：'x' 不是有效的整数",
    }
    for english, chinese in messages.items():
        assert chinese in translate(english), english


def test_lang_is_read_before_parsing():
    assert lang_of(["check", "a.xlsx"]) == "zh"
    assert lang_of(["check", "--lang", "en", "a.xlsx"]) == "en"
    assert lang_of(["--lang=en", "check"]) == "en"
    assert lang_of(["--lang", "en", "--lang", "zh"]) == "zh"
    assert lang_of(["check", "--", "--lang", "en"]) == "zh"  # after --, a file named --lang
    assert lang_of(["check", "--lang", "fr"]) == "zh"


def test_wrap_breaks_chinese_by_screen_width():
    text = "按单元格检查填好的工作簿。" * 6 + " 退出码 0 1 2"
    lines = wrap(text, 40)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    from xlcheck.cli.parser import width_of

    assert all(width_of(line) <= 40 for line in lines)
    assert not any(line.startswith("。") for line in lines)


def test_rules_json_uses_the_same_severity_words_as_check(tmp_path):
    zh = json.loads(run("rules", "--format", "json").stdout)
    en = json.loads(run("rules", "--format", "json", "--lang", "en").stdout)
    assert {r["severity"] for r in zh} == {r["severity"] for r in en} == {"error", "warning"}
    assert [r["severity"] for r in zh] == [r.severity for r in xlcheck.FORMAT_2021.rules]
    assert (
        zh[0]["description"] == xlcheck.FORMAT_2021.rules[0].zh
        and en[0]["description"] == xlcheck.FORMAT_2021.rules[0].en
    )
    checked = json.loads(run("check", "--format", "json", str(MISTAKES)).stdout)["files"][0]["violations"]
    assert {v["severity"] for v in checked} <= {r["severity"] for r in zh}


def test_fields_text_shows_each_totals_formula(capsys):
    from xlcheck.formats.spec import layout

    lay = layout(xlcheck.FORMAT_2021)
    code, out, _ = run_in_process(capsys, "fields")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert set(lines) == set(lay.fields)
    totals = [fid for fid in lay.fields if lay.formula(fid)]
    assert totals and all(lines[fid].endswith(lay.formula(fid)) for fid in totals)
    assert not any("=" in lines[fid] for fid in lay.fields if not lay.formula(fid))
    assert "=SUM(D5:I5)" in lines["t3.new.total"]


@pytest.fixture(scope="module")
def warned(tmp_path_factory) -> Path:
    """A workbook whose only finding is a warning (a number stored as text)."""
    values = clean_values() | {"t3.open.natural": "5"}
    return xlcheck.make_template(tmp_path_factory.mktemp("warned") / "w.xlsx", values=values)


def test_strict_says_in_the_summary_that_warnings_failed_the_check(warned, capsys):
    code, _, err = run_in_process(capsys, "check", "--strict", str(warned), str(CLEAN))
    assert code == 1 and "--strict：1 个文件因警告不通过" in err
    code, _, err = run_in_process(capsys, "check", "--strict", "--lang", "en", str(warned))
    assert code == 1 and "--strict: 1 file(s) fail on warnings" in err


def test_without_strict_warnings_do_not_fail_and_the_summary_says_nothing_of_it(warned, capsys):
    code, _, err = run_in_process(capsys, "check", str(warned))
    assert code == 0 and "警告 1 项" in err and "--strict" not in err
    code, _, err = run_in_process(capsys, "check", "--strict", str(CLEAN))
    assert code == 0 and "--strict" not in err


@pytest.mark.parametrize("command", ["check", "template", "aggregate", "import", "render", "rules", "fields"])
def test_every_options_help_starts_in_one_column_on_screen(command):
    out = run(command, "-h").stdout
    columns = set()
    for line in out.splitlines():
        m = re.match(r"^(  -\S.*?\S)( {2,})(\S.*)$", line)  # an option, then its help on the same line
        if m:
            columns.add(width_of(m[1]) + len(m[2]))
    assert len(columns) == 1, out  # 检查汇总.xlsx is wider than it is long: its help still lines up
