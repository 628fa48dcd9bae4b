"""Issue 7's recipes: files real producers write and hostile files, each with its right outcome.

Every case is built from the bundled samples by rewriting parts of the package, as the producer or the
attacker would, and checked for the verdict (equal to the original's where the content is the same), a
coded error, or staying within the promise (2 s, no traceback).
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT, cell_of, found

import xlcheck
from xlcheck.cli import main

CLEAN = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"
MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"
TEMPLATE = ROOT / "templates" / "政府信息公开工作年度报告模板.xlsx"
SECONDS = 2.0  # the promise: every file ends within 2 s with a check or a coded error

TRANSITIONAL = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}


def rewrite(src: Path, dst: Path, edit=None, extra: dict[str, bytes] | None = None, drop=()) -> Path:
    """Copy a package, passing each part through ``edit(name, data)``; add ``extra`` parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info)
            out = edit(info.filename, data) if edit else data
            if out is not None:
                zout.writestr(info.filename, out)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def sheet_part(path: Path, sheet: str) -> str:
    """The worksheet part behind a sheet name, through the workbook's relations (ElementTree, not xlcheck)."""
    from xml.etree import ElementTree

    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = ElementTree.fromstring(part(path, "xl/workbook.xml"))
    rid = next(s.get(r_id) for s in workbook.iter() if s.tag.endswith("}sheet") and s.get("name") == sheet)
    rels = ElementTree.fromstring(part(path, "xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def timed_check(path: Path):
    start = time.perf_counter()
    report = xlcheck.check(path)
    assert time.perf_counter() - start < SECONDS
    return report


def code(report) -> str | None:
    return report.error.code if report.error else None


# ---------------------------------------------------------------- 1. a stale <dimension>


@pytest.mark.parametrize("sample", [CLEAN, MISTAKES])
def test_a_stale_dimension_changes_nothing(sample, tmp_path):
    def edit(name, data):
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
        return data

    stale = rewrite(sample, tmp_path / "stale.xlsx", edit)
    assert b'<dimension ref="A1"/>' in part(stale, sheet_part(stale, "表三"))
    assert found(timed_check(stale)) == found(xlcheck.check(sample))
    assert xlcheck.check(stale).exit_code() == xlcheck.check(sample).exit_code()


def test_no_dimension_and_a_dimension_claiming_the_whole_sheet_change_nothing(tmp_path):
    def drop(name, data):
        return re.sub(rb"<dimension[^>]*/>", b"", data) if name.startswith("xl/worksheets/") else data

    def huge(name, data):
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
        return data

    for edit in (drop, huge):
        assert found(timed_check(rewrite(MISTAKES, tmp_path / "d.xlsx", edit))) == found(xlcheck.check(MISTAKES))


# ---------------------------------------------------------------- 2. Strict Open XML


def to_strict(name: str, data: bytes) -> bytes:
    for old, new in TRANSITIONAL.items():
        data = data.replace(old, new)
    return data


@pytest.mark.parametrize("sample", [CLEAN, MISTAKES])
def test_strict_open_xml_is_read_like_the_transitional_original(sample, tmp_path):
    strict = rewrite(sample, tmp_path / "strict.xlsx", to_strict)
    assert b"purl.oclc.org/ooxml/spreadsheetml/main" in part(strict, "xl/workbook.xml")
    report = timed_check(strict)
    assert report.error is None
    assert found(report) == found(xlcheck.check(sample))


# ---------------------------------------------------------------- 3. chart, dialog and macro sheets


def test_a_chart_sheet_is_skipped_not_fatal(tmp_path):
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.load_workbook(MISTAKES)
    chart = BarChart()
    chart.add_data(Reference(wb["表三"], min_col=4, min_row=5, max_row=10))
    wb.create_chartsheet("图表").add_chart(chart)
    wb.save(tmp_path / "chart.xlsx")
    report = timed_check(tmp_path / "chart.xlsx")
    assert report.error is None and found(report) == found(xlcheck.check(MISTAKES))


@pytest.mark.parametrize("kind", ["dialogsheet", "xlMacrosheet", "xlIntlMacrosheet"])
def test_dialog_and_macro_sheets_are_skipped(kind, tmp_path):
    body = b'<?xml version="1.0"?><dialogsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'

    def edit(name, data):
        if name == "xl/workbook.xml":
            return data.replace(b"</sheets>", b'<sheet name="Dialog1" sheetId="99" r:id="rId99"/></sheets>')
        if name == "xl/_rels/workbook.xml.rels":
            rel = (
                b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                + kind.encode()
                + b'" Target="dialogsheets/sheet1.xml"/>'
            )
            return data.replace(b"</Relationships>", rel + b"</Relationships>")
        return data

    path = rewrite(MISTAKES, tmp_path / "dialog.xlsx", edit, {"xl/dialogsheets/sheet1.xml": body})
    report = timed_check(path)
    assert report.error is None and found(report) == found(xlcheck.check(MISTAKES))


# ---------------------------------------------------------------- 4. non-finite and absurd numbers


def set_value(src: Path, dst: Path, field: str, xml: bytes) -> Path:
    """Replace the <c> of ``field`` (located in the template layout) with raw XML."""
    sheet, cell = cell_of(field)
    name = sheet_part(src, sheet)

    def edit(part_name, data):
        if part_name != name:
            return data
        return re.sub(rb'<c r="' + cell.encode() + rb'"[^>]*?(/>|>.*?</c>)', xml, data, count=1, flags=re.S)

    return rewrite(src, dst, edit)


@pytest.mark.parametrize(
    ("field", "xml", "rule"),
    [
        ("t2.fees.amount", b'<c r="B15"><v>1E999</v></c>', "NUM-AMOUNT"),
        ("t2.fees.amount", b'<c r="B15" t="inlineStr"><is><t>' + b"9" * 400 + b"</t></is></c>", "NUM-AMOUNT"),
        ("t3.new.natural", b'<c r="D5"><v>1E999</v></c>', "NUM-COUNT"),
        ("t3.new.natural", b'<c r="D5"><v>-1E999</v></c>', "NUM-COUNT"),
        ("t3.new.natural", b'<c r="D5"><v>1E15</v></c>', "NUM-COUNT"),
        ("t3.new.natural", b'<c r="D5" t="inlineStr"><is><t>' + b"9" * 400 + b"</t></is></c>", "NUM-COUNT"),
    ],
)
def test_a_number_that_is_no_figure_is_a_value_error_at_its_cell(field, xml, rule, tmp_path, capsys):
    sheet, cell = cell_of(field)
    assert xml.startswith(b'<c r="' + cell.encode())
    path = set_value(CLEAN, tmp_path / "big.xlsx", field, xml)
    report = timed_check(path)
    assert (rule, "error", sheet, cell) in found(report)
    assert main(["check", "--format", "json", str(path)]) == 1
    out = capsys.readouterr().out

    def refuse(constant):
        raise AssertionError(f"non-standard JSON constant {constant}")

    json.loads(out, parse_constant=refuse)  # strict JSON: no Infinity, no NaN
    assert "Infinity" not in main_text(path, capsys)


def main_text(path: Path, capsys) -> str:
    main(["check", str(path)])
    return capsys.readouterr().out


# ---------------------------------------------------------------- 5. damaged packages


T3_ENTRY = re.compile('(name="表三"[^>]*r:id=")\\w+'.encode())


def _retarget(target: bytes, mode: bytes = b""):
    """Point 表三's relationship at ``target``."""
    t3 = sheet_part(MISTAKES, "表三").encode()

    def edit(name, data):
        if name == "xl/_rels/workbook.xml.rels":
            return re.sub(rb'Target="/?' + t3 + rb'"', b'Target="' + target + b'"' + mode, data)
        return data

    return edit


@pytest.mark.parametrize(
    ("what", "edit"),
    [
        ("a missing part", _retarget(b"worksheets/nowhere.xml")),
        ("the workbook itself", _retarget(b"workbook.xml")),
        ("an external target", _retarget(b"http://example.com/x.xml", b' TargetMode="External"')),
        (
            "an id with no relationship",
            lambda n, d: re.sub(rb'(name="\xe8\xa1\xa8\xe4\xb8\x89"[^>]*r:id=")\w+', rb"\1rId999", d),
        ),
    ],
)
def test_a_sheet_relation_that_leads_nowhere_is_a_coded_error(what, edit, tmp_path):
    report = timed_check(rewrite(MISTAKES, tmp_path / "broken.xlsx", edit))
    assert code(report) == "broken-package", what
    assert report.exit_code() == 2


def test_a_folder_named_like_a_workbook_is_a_coded_error_in_json(tmp_path, capsys):
    (tmp_path / "x.xlsx").mkdir()
    assert main(["check", "--format", "json", str(tmp_path / "x.xlsx")]) == 2
    out, _ = capsys.readouterr()
    assert out.strip(), "JSON output expected on stdout, even when nothing could be checked"
    document = json.loads(out)
    assert [f["error"]["code"] for f in document["files"]] == ["is-directory"]


# ---------------------------------------------------------------- 6-8. the budgets cannot be walked around


def test_one_sheet_part_listed_as_a_hundred_sheets_is_refused_fast(tmp_path):
    entries = b"".join(b'<sheet name="S%d" sheetId="%d" r:id="rId5"/>' % (i, 100 + i) for i in range(100))

    def edit(name, data):
        return data.replace(b"</sheets>", entries + b"</sheets>") if name == "xl/workbook.xml" else data

    t3 = re.search(rb'name="\xe8\xa1\xa8\xe4\xb8\x89"[^>]*r:id="(\w+)"', part(MISTAKES, "xl/workbook.xml"))[1]
    entries = entries.replace(b"rId5", t3)
    report = timed_check(rewrite(MISTAKES, tmp_path / "hundred.xlsx", edit))
    assert code(report) == "broken-package"


def test_a_sheet_under_another_path_is_read_through_its_relation(tmp_path):
    old = sheet_part(MISTAKES, "表三")

    def edit(name, data):
        if name == old:
            return None
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(old.removeprefix("xl/").encode(), b"data/t3.xml")
        if name == "[Content_Types].xml":
            return data.replace(("/" + old).encode(), b"/xl/data/t3.xml")
        return data

    moved = rewrite(MISTAKES, tmp_path / "moved.xlsx", edit, {"xl/data/t3.xml": part(MISTAKES, old)})
    assert found(timed_check(moved)) == found(xlcheck.check(MISTAKES))


def test_cells_written_with_line_breaks_and_utf16_parts_are_read(tmp_path):
    old = sheet_part(MISTAKES, "表三")

    def edit(name, data):
        if name == old:
            data = data.replace(b"<c ", b"<c\n  ").replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
            return b"\xff\xfe" + data.decode("utf-8").encode("utf-16-le")
        return data

    odd = rewrite(MISTAKES, tmp_path / "utf16.xlsx", edit)
    assert part(odd, old).startswith(b"\xff\xfe")
    assert found(timed_check(odd)) == found(xlcheck.check(MISTAKES))


def test_cells_the_bytes_do_not_show_still_count_against_the_budget(tmp_path):
    # 160,000 cells in UTF-16 with line breaks inside the tags: no byte pattern sees them.
    rows = "".join(
        f'<row r="{r}">' + "".join(f"<c\n><v>{r * 7919 + c * 104729}</v></c>" for c in range(800)) + "</row>"
        for r in range(1, 201)
    )
    body = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    old = sheet_part(MISTAKES, "表三")
    path = rewrite(MISTAKES, tmp_path / "many.xlsx", lambda n, d: None if n == old else d)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(old, b"\xff\xfe" + body.encode("utf-16-le"))
    assert code(timed_check(path)) == "too-many-cells"


def _with_strings(tmp_path: Path, name: str, strings: bytes, count_cells_using: int = 1) -> Path:
    """The clean sample with its shared strings part replaced (and renamed to ``name``)."""
    old = "xl/sharedStrings.xml"

    def edit(part_name, data):
        if part_name == old:
            return None
        if part_name == "xl/_rels/workbook.xml.rels":
            return data.replace(b'Target="sharedStrings.xml"', b'Target="' + name.removeprefix("xl/").encode() + b'"')
        if part_name == "[Content_Types].xml":
            return data.replace(b"/xl/sharedStrings.xml", b"/" + name.encode())
        return data

    path = rewrite(CLEAN, tmp_path / f"strings-{Path(name).stem}.xlsx", edit)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, strings)
    return path


@pytest.mark.parametrize("name", ["xl/sharedStrings.xml", "xl/strings.xml"])
def test_an_oversized_shared_strings_part_is_refused_whatever_its_name(name, tmp_path):
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    varied = b"".join(b"<si><t>%x</t></si>" % (i * 2654435761 % 2**32) for i in range(1_100_000))
    report = timed_check(_with_strings(tmp_path, name, head + varied + b"</sst>"))
    assert code(report) in ("too-large", "zip-bomb")


def test_a_long_string_in_twenty_thousand_cells_is_read_once(tmp_path):
    # One shared string of 1 MB referenced by 20,000 cells (300 rows x 60 columns and more).
    original = part(CLEAN, "xl/sharedStrings.xml")
    long = b"<si><t>" + b"\xe5\xad\x97" * 350_000 + b"</t></si>"
    strings = original.replace(b"</sst>", long + b"</sst>")
    index = original.count(b"<si>")
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col}{r}" t="s"><v>{index}</v></c>' for col in _letters(70)) + "</row>"
        for r in range(40, 330)
    )
    old = sheet_part(CLEAN, "表四")

    def edit(name, data):
        if name == "xl/sharedStrings.xml":
            return strings
        if name == old:
            return data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
        return data

    report = timed_check(rewrite(CLEAN, tmp_path / "long.xlsx", edit))
    assert report.error is None and found(report) == found(xlcheck.check(CLEAN))


def _letters(n: int) -> list[str]:
    from xlcheck.formats.spec import col_letter

    return [col_letter(i) for i in range(1, n + 1)]


def test_a_quarter_million_cell_formats_are_refused_fast(tmp_path):
    xfs = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 250_000

    def edit(name, data):
        if name == "xl/styles.xml":
            return re.sub(
                rb"<cellXfs[^>]*>.*?</cellXfs>", b'<cellXfs count="250000">' + xfs + b"</cellXfs>", data, flags=re.S
            )
        return data

    report = timed_check(rewrite(MISTAKES, tmp_path / "styles.xlsx", edit))
    assert code(report) in ("too-large", "zip-bomb")


def test_many_shared_strings_beyond_those_used_cost_nothing(tmp_path):
    more = b"".join(b"<si><t>%d</t></si>" % i for i in range(750_000))
    report = timed_check(
        rewrite(
            CLEAN,
            tmp_path / "sst.xlsx",
            lambda n, d: d.replace(b"</sst>", more + b"</sst>") if n == "xl/sharedStrings.xml" else d,
        )
    )
    assert report.error is None and found(report) == found(xlcheck.check(CLEAN))


# ---------------------------------------------------------------- 9. annotating has the same bounds


def test_annotating_a_sheet_with_a_million_cells_after_row_300_is_refused_fast(tmp_path):
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>' for r in range(400, 200_400)
    )
    old = sheet_part(MISTAKES, "表二")
    path = rewrite(
        MISTAKES,
        tmp_path / "tail.xlsx",
        lambda n, d: d.replace(b"</sheetData>", rows.encode() + b"</sheetData>") if n == old else d,
    )
    report = timed_check(path)
    assert found(report) == found(xlcheck.check(MISTAKES))
    start = time.perf_counter()
    with pytest.raises(xlcheck.CheckError) as refused:
        xlcheck.annotate(report, tmp_path / "copy.xlsx")
    assert time.perf_counter() - start < SECONDS
    assert refused.value.code == "too-many-cells" and not (tmp_path / "copy.xlsx").exists()


def test_a_sheet_name_excel_forbids_checks_but_annotating_says_why_not(tmp_path, capsys):
    path = rewrite(
        MISTAKES,
        tmp_path / "bracket.xlsx",
        lambda n, d: d.replace('name="表三"'.encode(), 'name="[表三]"'.encode()) if n == "xl/workbook.xml" else d,
    )
    report = timed_check(path)
    assert report.error is None and ("T3-ROWTOTAL", "error", "[表三]", "J5") in found(report)
    assert main(["check", str(path), "--annotate", str(tmp_path / "copy.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "[表三]" in err and "改名" in err and "Traceback" not in err
    assert not (tmp_path / "copy.xlsx").exists()


def test_copies_never_land_in_the_folder_being_checked_and_are_never_read_as_reports(tmp_path, capsys):
    units = tmp_path / "报送"
    units.mkdir()
    (units / "甲局.xlsx").write_bytes(MISTAKES.read_bytes())
    assert main(["check", str(units), "--annotate-dir", str(units)]) == 2
    assert "文件夹" in capsys.readouterr().err and sorted(p.name for p in units.iterdir()) == ["甲局.xlsx"]
    copies = tmp_path / "批注"
    assert main(["check", str(units), "--annotate-dir", str(copies)]) == 1
    capsys.readouterr()
    (units / "甲局_检查结果.xlsx").write_bytes((copies / "甲局_检查结果.xlsx").read_bytes())  # copied back by hand
    main(["check", "--format", "json", str(units)])
    files = {Path(f["path"]).name: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert files["甲局_检查结果.xlsx"]["error"]["code"] == "annotated-copy"
    assert files["甲局.xlsx"]["error"] is None


# ---------------------------------------------------------------- 10. the library in threads


def test_check_from_eight_threads_agrees_with_serial_and_leaves_global_state_alone(tmp_path):
    import sys
    import warnings

    files = [CLEAN, MISTAKES, TEMPLATE, ROOT / "tests" / "corpus" / "files" / "截断 年报（下载一半）.xlsx"]
    files.append(set_value(CLEAN, tmp_path / "inf.xlsx", "t3.new.natural", b'<c r="D5"><v>1E999</v></c>'))
    serial = {f: (code(r), sorted(found(r))) for f in files for r in [xlcheck.check(f)]}
    stdout, filters = sys.stdout, list(warnings.filters)
    results: list[tuple[Path, object]] = []
    failures: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(40):
                f = files[(i + offset) % len(files)]
                r = xlcheck.check(f)
                results.append((f, (code(r), sorted(found(r)))))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert len(results) == 320
    assert all(outcome == serial[f] for f, outcome in results)
    assert sys.stdout is stdout and warnings.filters == filters


def test_check_takes_bytes_and_binary_file_objects():
    data = MISTAKES.read_bytes()
    expected = found(xlcheck.check(MISTAKES))
    assert found(xlcheck.check(data)) == expected
    assert found(xlcheck.check(io.BytesIO(data), name="上传.xlsx")) == expected
    with open(MISTAKES, "rb") as fh:
        report = xlcheck.check(fh)
    assert found(report) == expected and report.path == str(MISTAKES)
    assert xlcheck.check(b"").error.code == "empty-file"
    assert xlcheck.check(io.StringIO("text")).error.code == "unreadable"
