"""``xlcheck check``: check workbooks (files and folders), print the findings, write annotated copies."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

from .parser import complain
from .template import _year, format_version

if TYPE_CHECKING:
    from pathlib import Path


def add(sub: argparse._SubParsersAction, lang: str) -> None:
    zh = lang == "zh"
    p = sub.add_parser(
        "check",
        lang=lang,
        help="检查填好的工作簿" if zh else "check filled workbooks",
        description=(
            "按单元格检查填好的工作簿。文件夹：检查其中（含子文件夹）全部表格和文档文件，每个文件一行结果。"
            "退出码：0 无错误，1 发现错误（--strict 时未说明的警告也算），2 有文件无法检查。"
            if zh
            else "Check filled workbooks by cell. A folder: every spreadsheet or document in it and its"
            " subfolders, one result each. Exit codes: 0 no errors, 1 errors (or unexplained warnings with --strict),"
            " 2 a file could not be checked."
        ),
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE",
        help=p.text(
            "要检查的 .xlsx/.xlsm 文件、已发布的报告（网页 .html/.htm/.mht、Word .docx）或文件夹",
            "the .xlsx/.xlsm files, published reports (web pages .html/.htm/.mht, Word .docx) or folders to check",
        ),
    )  # fmt: skip
    p.add_argument(
        "--format", choices=("text", "json", "jsonl"), default="text",
        help=p.text(
            "输出格式：text 文本（默认）、json 一个 JSON 文档、jsonl 每个文件一行 JSON（边检查边输出）",
            "output: text (default), json (one document), jsonl (one JSON line per file, as each is done)",
        ),
    )  # fmt: skip
    p.add_argument(
        "-j", "--jobs", type=lambda text: positive(text, p), default=None, metavar="N",
        help=p.text("同时检查的进程数（默认：全部 CPU 核心）", "processes checking at once (default: every core)"),
    )  # fmt: skip
    p.add_argument(
        "--format-version", type=format_version(lang), default=None, metavar="2021|2019",
        help=p.text(
            "按此格式版本检查（默认按工作簿声明的格式、报告年度或标签自动选定）",
            "check by this format version (default: as the workbook declares, or by its year or labels)",
        ),
    )  # fmt: skip
    p.add_argument(
        "--strict", action="store_true",
        help=p.text(
            "未说明的警告也算不通过（退出码 1）；在「情况说明」中写明理由的警告不算",
            "warnings fail the check too (exit code 1), unless explained in the workbook's 情况说明",
        ),
    )  # fmt: skip
    copies = p.add_mutually_exclusive_group()
    copies.add_argument(
        "--annotate", metavar="OUT.xlsx",
        help=p.text("写一份标出问题的副本（只检查一个文件时）", "write an annotated copy (one file only)"),
    )  # fmt: skip
    copies.add_argument(
        "--annotate-dir", metavar="DIR",
        help=p.text("为每个文件在此文件夹中写一份标出问题的副本", "write each file's annotated copy into DIR"),
    )  # fmt: skip
    p.add_argument(
        "--last-year", metavar="LAST", action="append",
        help=p.text(
            "上年的报告（文件或文件夹，可重复），用于跨年度检查 XYEAR-CARRY、XYEAR-VALID：按机关名称和"
            "报告年度配对；只检查一个文件并只给一个上年文件时，二者直接配对",
            "last year's reports (a file or folder; may repeat) for the cross-year checks XYEAR-CARRY and"
            " XYEAR-VALID: paired by agency and year; one file checked with one last-year file are paired as given",
        ),
    )  # fmt: skip
    p.add_argument(
        "--year", type=_year(lang), metavar="YYYY",
        help=p.text(
            "本次收集的报告年度：报告年度不同的文件得到提示（汇总时不纳入）",
            "the report year being collected: a file of another year gets a notice (a 汇总 leaves it out)",
        ),
    )  # fmt: skip
    p.add_argument(
        "--summary", metavar="检查汇总.xlsx" if zh else "SUMMARY.xlsx",
        help=p.text(
            "写一份汇总：每个文件一行（结论、错误数、警告数），另列全部问题；.xlsx 或 .csv",
            "write a summary: a row per file (verdict, errors, warnings) and every finding; .xlsx or .csv",
        ),
    )  # fmt: skip
    p.add_argument(
        "--force", action="store_true",
        help=p.text("覆盖已有的同名批注副本或汇总", "overwrite existing annotated copies or summary"),
    )  # fmt: skip
    p.set_defaults(run=run)


def positive(text: str, parser) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            parser.text(f"应为 1 或更大的整数，实为 {text}", f"a number of 1 or more, not {text}")
        )
    return number


def _light_openpyxl() -> None:
    # openpyxl imports numpy when it can (for numpy cell values we never write), which costs
    # ~80 ms of a ~150 ms run. Hide numpy while openpyxl is imported, then unhide it, so callers
    # of main() in a larger process still import numpy as usual.
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    folders = [path for path in args.files if os.path.isdir(path)]
    if args.annotate and (len(args.files) > 1 or folders):
        complain(
            lang,
            "--annotate 只能用于一个文件，多个文件请用 --annotate-dir",
            "--annotate takes one file; see --annotate-dir",
        )
        return 2
    missing = [path for path in args.last_year or () if not os.path.exists(path)]
    if missing:
        complain(
            lang,
            f"找不到上年报告：{missing[0]}（--last-year 给出的文件或文件夹不存在）",
            f"last year's report not found: {missing[0]} (the --last-year file or folder does not exist)",
        )
        return 2
    # Last year's files and folders are read too: no output may replace or land among them either.
    read_dirs = folders + [path for path in args.last_year or () if os.path.isdir(path)]
    if args.annotate_dir:
        refused = _copies_inside_inputs(args.annotate_dir, read_dirs)
        if refused:
            print(f"xlcheck: {refused.message(lang)}", file=sys.stderr)
            return 2
    from ..batch import FOLDER_SUFFIXES, distinct, expand, iter_checks
    from ..report import Tally
    from .progress import Progress

    found = {path: expand([path]) for path in dict.fromkeys(args.files)}
    empty = [path for path in folders if not found[path]]
    for folder in empty:
        wanted = " ".join(FOLDER_SUFFIXES)
        complain(
            lang,
            f"文件夹 {folder}（含子文件夹）中没有要检查的文件。查找的是：{wanted}（跳过 ~$ 等临时文件和隐藏文件）",
            f"nothing to check in the folder {folder} or its subfolders; looked for: {wanted}"
            " (lock files and hidden files skipped)",
        )
    files = distinct(file for path in args.files for file in found[path])  # each file once
    read = files + expand(args.last_year or [])
    if not _copies_can_go(args, files, read, read_dirs, found):  # said before any file is checked
        return 2
    summary_writer = open_summary(args, read, read_dirs)
    if summary_writer is False:
        return 2
    output = _Output(args.format, lang)
    copies = _Copies(args, read, read_dirs, found) if args.annotate or args.annotate_dir else None
    tally = Tally()
    last = None
    if args.last_year:
        from ..crossyear import last_year_of

        last = last_year_of(args.last_year, this_year=files, given=args.files, jobs=args.jobs)
    progress = Progress(len(files), lang)
    units = _Units()
    version = args.format_version.id if args.format_version else None
    for checked in iter_checks(files, jobs=args.jobs, format_version=version):
        report = units.note(last.join(checked) if last else checked)
        if args.year is not None and report.year is not None and report.year != args.year:  # no year: an error says so
            report.notices.append(
                ("other-year", (f"{report.year}，不是 {args.year}", f"{report.year}, not {args.year}"))
            )
        progress.step(report.path)
        output.add(report)
        if copies:
            copies.add(report)
        if summary_writer:
            summary_writer.add(report)
        tally.add(report, args.strict)
    progress.done()
    output.close()
    failed = (copies.failed if copies else 0) + finish_summary(summary_writer, lang)
    print(tally.line(lang), file=sys.stderr)
    return max(2 if failed or empty or not files else 0, tally.exit_code)


def _copies_can_go(args, files: list[str], read: list[str], read_dirs: list[str], found) -> bool:
    """Whether the annotated copies may be written where asked, told before checking starts: ``--annotate``'s
    path as any output's; under ``--annotate-dir``, copies already there (without ``--force``)."""
    from ..errors import OutputError
    from ..outputs.paths import vet_output

    lang = args.lang
    if args.annotate:
        try:
            vet_output(args.annotate, force=args.force, inputs=read, input_dirs=read_dirs)
        except OutputError as exc:
            print(f"xlcheck: {exc.message(lang)}", file=sys.stderr)
            return False
    elif args.annotate_dir and not args.force:
        there = [out for out in (copy_path(args, file, found) for file in files) if out.exists()]
        if there:
            complain(
                lang,
                f"批注副本已存在 {len(there)} 份（如 {there[0]}），没有覆盖。"
                "确需覆盖请加 --force，或换一个 --annotate-dir",
                f"{len(there)} annotated copies exist (e.g. {there[0]}); none overwritten: add --force,"
                " or give another --annotate-dir",
            )
            return False
    return True


class _Units:
    """Who has sent what: a second report of the same 机关名称 and 报告年度 gets a notice naming the first."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, int], tuple[str, str]] = {}  # -> the first file's path, its data's digest

    def note(self, report):
        if report.error or not report.agency or report.year is None:
            return report
        from ..crossyear import agency_key
        from ..report import values_digest

        # The tables' figures, as the 汇总 compares them (a text edited between two copies changes no sum).
        digest = values_digest({k: v for k, v in report.values.items() if not isinstance(v, str)})
        first, first_digest = self.first.setdefault((agency_key(report.agency), report.year), (report.path, digest))
        if first != report.path:
            same = digest == first_digest  # the 汇总 counts identical copies once and refuses differing ones
            zh = f"{first}（{'表中数字完全相同' if same else '表中数字不同，以哪一份为准？'}）"
            en = f"{first} ({'the same figures' if same else 'different figures: which one stands?'})"
            report.notices.append(("duplicate-unit", (zh, en)))
        return report


class _Output:
    """The findings on stdout as each report arrives: text and JSON Lines stream; JSON is one document."""

    def __init__(self, form: str, lang: str) -> None:
        self.form, self.lang, self.files, self.count = form, lang, [], 0

    def add(self, report) -> None:
        from ..report import to_text

        if self.form == "json":
            self.files.append(report.to_dict(self.lang))
        elif self.form == "jsonl":
            print(json.dumps(report.to_dict(self.lang), ensure_ascii=False, allow_nan=False), flush=True)
        else:
            print(("\n" if self.count else "") + to_text(report, self.lang), flush=True)
        self.count += 1

    def close(self) -> None:
        if self.form == "json":
            from ..report import json_document

            json.dump(json_document(self.files), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
            print()


def _copies_inside_inputs(folder: str, inputs: list[str]):
    """The OutputError for a copies folder inside a folder being checked, else None."""
    from pathlib import Path

    from ..errors import OutputError

    for given in inputs:
        if Path(folder).resolve().is_relative_to(Path(given).resolve()):
            return OutputError("output-in-input-folder", folder, given)
    return None


def open_summary(args: argparse.Namespace, files: list[str], folders: list[str]):
    """The ``SummaryWriter`` of ``--summary`` (None without it), vetted before any file is checked;
    False when it may not be written (the reason is printed)."""
    if not args.summary:
        return None
    from ..errors import OutputError
    from ..outputs.summary import SummaryWriter

    try:
        return SummaryWriter(
            args.summary, args.lang, force=args.force, inputs=files, input_dirs=folders, strict=args.strict
        )
    except OutputError as exc:
        print(f"xlcheck: {exc.message(args.lang)}", file=sys.stderr)
        return False


def finish_summary(summary, lang: str) -> int:
    """Write the summary fed as the reports arrived; return 1 when it could not be written, else 0."""
    if summary is None:
        return 0
    from ..errors import OutputError

    try:
        written = summary.close()
    except OutputError as exc:
        print(f"xlcheck: {exc.message(lang)}", file=sys.stderr)
        return 1
    print(
        ("检查汇总：" if lang == "zh" else "summary: ") + ("、" if lang == "zh" else ", ").join(map(str, written)),
        file=sys.stderr,
    )
    return 0


def copy_path(args: argparse.Namespace, file: str, found: dict[str, list[str]]) -> Path:
    """Where ``file``'s annotated copy goes: ``--annotate``, or under ``--annotate-dir`` keeping the
    subfolders of the folder it was found in (two units may both send 年报.xlsx)."""
    from pathlib import Path

    if args.annotate:
        return Path(args.annotate)
    name = f"{Path(file).stem}{'_检查结果' if args.lang == 'zh' else '_checked'}.xlsx"
    for given, files in found.items():
        if file in files and os.path.isdir(given):
            return Path(args.annotate_dir) / Path(file).parent.relative_to(given) / name
    return Path(args.annotate_dir) / name


class _Copies:
    """Annotated copies, written as each report arrives; counts those that could not be written."""

    def __init__(
        self, args: argparse.Namespace, inputs: list[str], folders: list[str], found: dict[str, list[str]]
    ) -> None:
        _light_openpyxl()
        self.args, self.found, self.inputs, self.folders = args, found, inputs, folders
        self.written: dict[Path, str] = {}
        self.failed = 0

    def add(self, report) -> None:
        from ..errors import CheckError, OutputError, XlcheckError
        from ..outputs.annotated import annotate
        from ..outputs.paths import vet_output, write_error
        from ..values import printable

        if report.error:
            return  # nothing to copy; the report says why
        lang = self.args.lang
        out = copy_path(self.args, report.path, self.found)
        try:
            if out.resolve() in self.written:
                raise OutputError("output-clash", str(out), self.written[out.resolve()])
            # --annotate-dir makes its subfolders (one per unit); --annotate's folder must exist, as every output's.
            make_parent = bool(self.args.annotate_dir)
            vet_output(out, force=self.args.force, inputs=self.inputs, input_dirs=self.folders, make_parent=make_parent)
            try:
                annotate(report, out, lang)
            except OSError as exc:
                raise write_error(out, exc) from None
        except (OutputError, CheckError) as exc:
            self.failed += 1
            print(f"xlcheck: {exc.message(lang)}", file=sys.stderr)
        except XlcheckError as exc:
            self.failed += 1
            print(f"xlcheck: {exc}", file=sys.stderr)
        else:
            self.written[out.resolve()] = report.path
            print(printable(f"批注副本：{out}" if lang == "zh" else f"annotated copy: {out}"), file=sys.stderr)
