"""``xlcheck check``: check workbooks (files and folders), print the findings, write annotated copies."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

from .parser import complain

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
            "退出码：0 无错误，1 发现错误（--strict 时警告也算），2 有文件无法检查。"
            if zh
            else "Check filled workbooks by cell. A folder: every spreadsheet or document in it and its"
            " subfolders, one result each. Exit codes: 0 no errors, 1 errors (or warnings with --strict),"
            " 2 a file could not be checked."
        ),
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE",
        help=p.text("要检查的 .xlsx/.xlsm 文件或文件夹", "the .xlsx/.xlsm files or folders to check"),
    )  # fmt: skip
    p.add_argument(
        "--format", choices=("text", "json"), default="text",
        help=p.text("输出格式（默认 text）", "output format (default text)"),
    )  # fmt: skip
    p.add_argument(
        "--strict", action="store_true",
        help=p.text("警告也算不通过（退出码 1）", "warnings fail the check too (exit code 1)"),
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
    zh = lang == "zh"
    folders = [path for path in args.files if os.path.isdir(path)]
    if args.annotate and (len(args.files) > 1 or folders):
        complain(
            lang,
            "--annotate 只能用于一个文件，多个文件请用 --annotate-dir",
            "--annotate takes one file; see --annotate-dir",
        )
        return 2
    if args.annotate_dir:
        refused = _copies_inside_inputs(args.annotate_dir, folders)
        if refused:
            print(f"xlcheck: {refused.message(lang)}", file=sys.stderr)
            return 2
    from ..batch import FOLDER_SUFFIXES, check_all, expand
    from ..report import summary, to_json_document, to_text

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
    files = list(dict.fromkeys(file for path in args.files for file in found[path]))  # each file once
    if not files:
        return 2
    summary_writer = open_summary(args, files, folders)
    if summary_writer is False:
        return 2
    show_progress = len(files) > 3 and sys.stderr.isatty()

    def progress(i: int, n: int, path: str) -> None:
        line = f"\r{'检查中' if zh else 'checking'} {i}/{n} {path}"
        print(line[:100].ljust(100), end="", file=sys.stderr, flush=True)

    reports = check_all(files, progress if show_progress else None)
    if show_progress:
        print("\r" + " " * 100 + "\r", end="", file=sys.stderr)
    failed_copies = write_annotated(args, reports, found) + finish_summary(summary_writer, reports, lang)
    if args.format == "json":
        json.dump(to_json_document(reports, lang), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print("\n\n".join(to_text(r, lang) for r in reports))
    print(summary(reports, lang, args.strict), file=sys.stderr)
    return max(2 if failed_copies or empty else 0, *(r.exit_code(args.strict) for r in reports))


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
        return SummaryWriter(args.summary, args.lang, force=args.force, inputs=files, input_dirs=folders)
    except OutputError as exc:
        print(f"xlcheck: {exc.message(args.lang)}", file=sys.stderr)
        return False


def finish_summary(summary, reports: list, lang: str) -> int:
    """Feed the reports to the summary and write it; return 1 when it could not be written, else 0."""
    if summary is None:
        return 0
    from ..errors import OutputError

    for report in reports:
        summary.add(report)
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


def write_annotated(args: argparse.Namespace, reports: list, found: dict[str, list[str]]) -> int:
    """Write the annotated copies asked for; return how many could not be written."""
    if not (args.annotate or args.annotate_dir):
        return 0
    from ..errors import CheckError, OutputError, XlcheckError

    _light_openpyxl()
    from ..outputs.annotated import annotate
    from ..outputs.paths import vet_output, write_error

    lang = args.lang
    folders = [path for path in found if os.path.isdir(path)]
    inputs = [r.path for r in reports]
    written: dict[Path, str] = {}
    failed = 0
    for report in reports:
        if report.error:
            continue  # nothing to copy; the report says why
        out = copy_path(args, report.path, found)
        try:
            if out.resolve() in written:
                raise OutputError("output-clash", str(out), written[out.resolve()])
            vet_output(out, force=args.force, inputs=inputs, input_dirs=folders, make_parent=True)
            try:
                annotate(report, out, lang)
            except OSError as exc:
                raise write_error(out, exc) from None
        except (OutputError, CheckError) as exc:
            failed += 1
            print(f"xlcheck: {exc.message(lang)}", file=sys.stderr)
        except XlcheckError as exc:
            failed += 1
            print(f"xlcheck: {exc}", file=sys.stderr)
        else:
            written[out.resolve()] = report.path
            print(f"批注副本：{out}" if lang == "zh" else f"annotated copy: {out}", file=sys.stderr)
    return failed
