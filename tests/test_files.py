"""Files as people have them: folders, lock files, spaces and Chinese in names, unreadable files."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

from helpers import ROOT

import xlcheck
from xlcheck.cli import main

CLEAN = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"
MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"


def run(*args):
    return subprocess.run([sys.executable, "-m", "xlcheck", *args], capture_output=True, text=True, check=False)


def test_a_folder_checks_its_workbooks_and_skips_lock_files(tmp_path):
    folder = tmp_path / "2025年 各单位报送"
    folder.mkdir()
    shutil.copy(CLEAN, folder / "民政局 年报.xlsx")
    shutil.copy(MISTAKES, folder / "某某局（修改稿）.XLSM")
    shutil.copy(CLEAN, folder / "~$民政局 年报.xlsx")  # Excel's lock file while the workbook is open
    (folder / "说明.docx").write_bytes(b"not a workbook")
    (folder / "子文件夹.xlsx").mkdir()
    proc = run("check", "--format", "json", str(folder))
    files = json.loads(proc.stdout)["files"]
    paths = [f["path"] for f in files]
    # Issue 7 item 14: the Word file gets its line (a coded error) instead of passing in silence.
    assert paths == [str(folder / "某某局（修改稿）.XLSM"), str(folder / "民政局 年报.xlsx"), str(folder / "说明.docx")]
    assert files[2]["error"]["code"] == "not-xlsx"
    assert proc.returncode == 2


def test_an_empty_folder_is_an_error_with_a_message(tmp_path):
    proc = run("check", str(tmp_path))
    assert proc.returncode == 2 and "没有要检查的文件" in proc.stderr and ".xlsx .xlsm" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_unreadable_file_is_coded_and_the_others_still_checked(tmp_path, monkeypatch, capsys):
    locked = tmp_path / "无权限 的文件.xlsx"
    shutil.copy(CLEAN, locked)
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    # Root reads any file whatever its mode, so the operating system's refusal is simulated.
    monkeypatch.setattr("xlcheck.sources.intake.open", guarded_open, raising=False)
    code = main(["check", "--format", "json", str(locked), str(CLEAN)])
    files = json.loads(capsys.readouterr().out)["files"]
    assert [f["error"] and f["error"]["code"] for f in files] == ["permission-denied", None]
    assert "没有读取权限" in files[0]["error"]["message"]
    assert code == 2


def test_check_all_in_python(tmp_path):
    shutil.copy(CLEAN, tmp_path / "a.xlsx")
    shutil.copy(MISTAKES, tmp_path / "b.xlsx")
    seen = []
    reports = xlcheck.check_all([tmp_path], progress=lambda i, n, p: seen.append((i, n)))
    assert [r.exit_code() for r in reports] == [0, 1]
    assert seen == [(1, 2), (2, 2)]


def test_a_workbook_named_xls_is_checked_by_what_it_is(tmp_path):
    renamed = tmp_path / "年报.xls"
    shutil.copy(CLEAN, renamed)
    before = hashlib.sha256(renamed.read_bytes()).hexdigest()
    assert xlcheck.check(renamed).exit_code() == 0
    assert hashlib.sha256(renamed.read_bytes()).hexdigest() == before


def test_a_workbook_part_under_another_name_is_found_through_its_relationships(tmp_path):
    import zipfile

    renamed = tmp_path / "别名.xlsx"
    with zipfile.ZipFile(CLEAN) as src, zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            name = info.filename
            if name == "xl/workbook.xml":
                name = "xl/book.xml"
            elif name == "xl/_rels/workbook.xml.rels":
                name = "xl/_rels/book.xml.rels"
            elif name in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"xl/workbook.xml", b"xl/book.xml")
            dst.writestr(name, data)
    report = xlcheck.check(renamed)
    assert report.error is None and report.exit_code() == 0


def _rewrite(src, dst, edit):
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, edit(info.filename, zin.read(info)))
    return dst


def test_a_style_pointing_at_a_missing_parent_style_is_read(capsys):
    # A fuzzed file whose cell formats name a parent style that does not exist: openpyxl printed
    # that to stdout (breaking the JSON) and gave up. The cell formats themselves are whole, and they
    # are all the reader needs, so the report is checked and the JSON stays clean.
    path = ROOT / "tests" / "fuzz_regressions" / "style index out of range.xlsx"
    assert main(["check", "--format", "json", str(path)]) in (0, 1)
    document = json.loads(capsys.readouterr().out)
    assert document["files"][0]["error"] is None


def test_a_fuzzed_infinite_template_version_is_ignored():
    report = xlcheck.check(ROOT / "tests" / "fuzz_regressions" / "template version infinite.xlsx")
    assert report.error is None and report.template_version is None


def test_a_nonsense_template_version_is_ignored(tmp_path):
    # The metadata sheet is the template's last one; its version cell holds the format's template version.
    import openpyxl

    meta = f"xl/worksheets/sheet{len(openpyxl.load_workbook(CLEAN, read_only=True).sheetnames)}.xml"
    version = f"<v>{xlcheck.FORMAT_2021.template_version}</v>".encode()

    def edit(name, data):
        return data.replace(version, b"<v>1e999</v>") if name == meta else data

    report = xlcheck.check(_rewrite(CLEAN, tmp_path / "版本.xlsx", edit))
    assert report.error is None and report.template_version is None
