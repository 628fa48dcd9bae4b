"""The command line as users run it: output, JSON shape, exit codes, bad files, untouched inputs."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, clean_values, fill

import xlcheck

SAMPLES = ROOT / "samples"
CLEAN_SAMPLE = SAMPLES / "石嘴山市民政局_2021.xlsx"
MISTAKES_SAMPLE = SAMPLES / "常见错误示例.xlsx"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlcheck", *args], check=False, capture_output=True, text=True, cwd=cwd, timeout=60
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_clean_file_exits_0():
    proc = run("check", str(CLEAN_SAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert "未发现问题" in proc.stdout
    assert "检查 1 个文件" in proc.stderr


def test_violations_exit_1_grouped_by_sheet_one_line_each():
    proc = run("check", str(MISTAKES_SAMPLE))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0] == str(MISTAKES_SAMPLE)
    sheet_lines = [line.strip() for line in lines if line.startswith("  ") and not line.startswith("    ")]
    assert sheet_lines[:5] == ["封面", "正文", "表二", "表三", "表四"]
    j5 = next(line for line in lines if line.strip().startswith("J5 ") and "T3-ROWTOTAL" in line)
    assert "错误" in j5 and "应为 130，实为 131" in j5 and "一、本年新收政府信息公开申请数量 × 总计" in j5
    assert "错误" in proc.stderr and "警告" in proc.stderr


def test_json_output_is_documented_shape():
    proc = run("check", "--format", "json", str(MISTAKES_SAMPLE), str(CLEAN_SAMPLE))
    doc = json.loads(proc.stdout)
    assert doc["version"] == 1 and len(doc["files"]) == 2
    first, second = doc["files"]
    assert set(first) >= {"path", "format", "error", "violations", "not_assessed"}
    assert first["format"] == "2021" and first["error"] is None
    for v in first["violations"]:
        assert set(v) == {"rule", "severity", "sheet", "cell", "cells", "expected", "found", "message", "explained"}
        assert ("$" not in v["cell"] and v["cell"] in v["cells"]) or v["rule"] in ("LAYOUT",)
    j5 = next(v for v in first["violations"] if v["rule"] == "T3-ROWTOTAL")
    assert (j5["sheet"], j5["cell"], j5["expected"], j5["found"]) == ("表三", "J5", 130, 131)
    assert first["not_assessed"] == [
        {"rule": "T4-TOTAL", "sheet": "表四", "cell": "O5", "because": ["K5"], "reasons": ["value"]}
    ]
    assert second["violations"] == []
    assert proc.returncode == 1


def test_english_messages():
    proc = run("check", "--lang", "en", str(MISTAKES_SAMPLE))
    assert "expected 130, found 131" in proc.stdout and "error(s)" in proc.stderr


def test_strict_fails_on_warnings(tmp_path):
    values = clean_values() | {"t3.open.natural": "5"}
    path = xlcheck.make_template(tmp_path / "w.xlsx", values=values)
    assert run("check", str(path)).returncode == 0
    assert run("check", "--strict", str(path)).returncode == 1


def test_missing_file_exits_2_with_a_clear_message(tmp_path):
    proc = run("check", str(tmp_path / "没有这个文件.xlsx"))
    assert proc.returncode == 2
    assert "找不到文件" in proc.stdout
    assert_no_traceback(proc)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty-file"),
        (b"just some text", "not-xlsx"),
        (b"PK\x03\x04broken zip", "truncated-zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "legacy-xls"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "no-report"),  # a web page is read (issue 9)
    ],
)
def test_bad_files_exit_2_with_a_code(tmp_path, content, code):
    path = tmp_path / "报告 2024.xlsx"
    path.write_bytes(content)
    proc = run("check", "--format", "json", str(path))
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["files"][0]["error"]["code"] == code
    assert_no_traceback(proc)
    assert path.read_bytes() == content


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    proc = run("check", "--format", "json", str(path))
    assert proc.returncode == 2 and json.loads(proc.stdout)["files"][0]["error"]["code"] == "missing-parts"


def test_a_directory_given_to_the_api_is_a_coded_error(tmp_path):
    assert xlcheck.check(tmp_path).error.code == "is-directory"


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    proc = run("check", "--format", "json", str(tmp_path / "missing.xlsx"), str(CLEAN_SAMPLE))
    files = json.loads(proc.stdout)["files"]
    assert files[0]["error"]["code"] == "file-not-found" and files[1]["error"] is None
    assert proc.returncode == 2


def test_inputs_are_never_modified(tmp_path):
    path = fill(CLEAN_SAMPLE, tmp_path / "f.xlsx", {("表三", "D7"): "=1+1"})  # the second, cached-value pass
    before = {p: sha(p) for p in (path, CLEAN_SAMPLE, MISTAKES_SAMPLE)}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    run("check", str(path), str(CLEAN_SAMPLE), str(MISTAKES_SAMPLE))
    assert {p: sha(p) for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes


def test_rules_lists_every_rule():
    proc = run("rules")
    assert proc.returncode == 0
    for rule in xlcheck.FORMAT_2021.rules:
        assert rule.id in proc.stdout and rule.zh in proc.stdout
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert {r["id"] for r in rows} == {r.id for r in xlcheck.FORMAT_2021.rules}


def test_readme_rule_tables_are_generated_from_the_spec():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert run("rules", "--format", "markdown").stdout.strip() in readme
    assert run("rules", "--format", "markdown", "--lang", "en").stdout.strip() in readme


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line.split("=", 1)[1].strip("'\"") for line in ci.splitlines() if line.startswith("TEST_COMMAND="))
    assert f"\n{command}\n" in readme


def test_fields_lists_ids_and_cells():
    rows = json.loads(run("fields", "--format", "json").stdout)
    j5 = next(r for r in rows if r["id"] == "t3.new.total")
    assert (j5["sheet"], j5["cell"], j5["formula"]) == ("表三", "J5", "=SUM(D5:I5)")


def test_usage_errors_exit_2():
    assert run("check").returncode == 2
    assert run("nonsense").returncode == 2


def test_cli_start_up_does_not_import_the_heavy_libraries():
    code = "import sys, xlcheck.cli; print(sorted(m for m in ('openpyxl','xlsxwriter','cerberus') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_openpyxl_parses_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_public_names_are_what_they_say():
    import types

    import xlcheck.checker
    import xlcheck.outputs.annotated

    for name in xlcheck.__all__:
        assert not isinstance(getattr(xlcheck, name), types.ModuleType), name


def test_running_the_cli_in_process_leaves_numpy_importable():
    code = (
        "import sys; from xlcheck.cli import main; main(['check', sys.argv[1]]);"
        "print('numpy' not in sys.modules or sys.modules['numpy'] is not None)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(CLEAN_SAMPLE)], capture_output=True, text=True, check=False)
    assert proc.stdout.strip().endswith("True"), proc.stderr
