"""The ``xlcheck`` command. Exit codes: 0 clean, 1 violations found, 2 could not check.

Only argparse is imported at start-up; each command imports what it needs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

DEFAULT_TEMPLATE = "政府信息公开工作年度报告.xlsx"


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


def cmd_template(args: argparse.Namespace) -> int:
    from .outputs.template import make_template

    try:
        path = make_template(args.output, agency=args.agency, year=args.year)
    except OSError as exc:
        print(f"xlcheck: 无法写入 {args.output}：{exc.strerror or exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    if args.annotate and (len(args.files) > 1 or os.path.isdir(args.files[0])):
        print("xlcheck: --annotate 只能用于一个文件，多个文件请用 --annotate-dir", file=sys.stderr)
        return 2
    _light_openpyxl()
    from .batch import check_all, expand
    from .report import summary, to_json_document, to_text

    zh = args.lang == "zh"
    files = expand(args.files)
    if not files:
        print(
            "xlcheck: " + ("所给文件夹中没有 .xlsx/.xlsm 文件" if zh else "no .xlsx/.xlsm files in the folders given"),
            file=sys.stderr,
        )
        return 2
    show_progress = len(files) > 3 and sys.stderr.isatty()

    def progress(i: int, n: int, path: str) -> None:
        line = f"\r{'检查中' if zh else 'checking'} {i}/{n} {path}"
        print(line[:100].ljust(100), end="", file=sys.stderr, flush=True)

    reports = check_all(files, progress if show_progress else None)
    if show_progress:
        print("\r" + " " * 100 + "\r", end="", file=sys.stderr)
    failed_copies = write_annotated(args, reports)
    if args.format == "json":
        json.dump(to_json_document(reports, args.lang), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print("\n\n".join(to_text(r, args.lang) for r in reports))
    print(summary(reports, args.lang), file=sys.stderr)
    return max(2 if failed_copies else 0, *(r.exit_code(args.strict) for r in reports))


def write_annotated(args: argparse.Namespace, reports: list) -> int:
    """Write the annotated copies asked for; return how many could not be written."""
    if not (args.annotate or args.annotate_dir):
        return 0
    from pathlib import Path

    from .errors import XlcheckError
    from .outputs.annotated import annotate

    zh = args.lang == "zh"
    failed = 0
    for report in reports:
        if report.error:
            continue  # nothing to copy; the report says why
        if args.annotate:
            out = Path(args.annotate)
        else:
            out = Path(args.annotate_dir) / f"{Path(report.path).stem}{'_检查结果' if zh else '_checked'}.xlsx"
        try:
            annotate(report, out, args.lang)
        except (XlcheckError, OSError) as exc:
            failed += 1
            print(
                f"xlcheck: {'无法写入批注副本' if zh else 'cannot write the annotated copy'} {out}: {exc}",
                file=sys.stderr,
            )
        else:
            print(f"{'批注副本' if zh else 'annotated copy'}: {out}", file=sys.stderr)
    return failed


def cmd_rules(args: argparse.Namespace) -> int:
    from .outputs.docs import rules_markdown, rules_rows

    rows = rules_rows(args.lang)
    if args.format == "json":
        json.dump(
            [dict(zip(("id", "severity", "description"), r, strict=True)) for r in rows],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    elif args.format == "markdown":
        print(rules_markdown(args.lang))
    else:
        for rule, severity, text in rows:
            print(f"{rule:<13} {severity:<7} {text}")
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    from .formats.format2021 import FORMAT_2021
    from .formats.spec import layout

    lay = layout(FORMAT_2021)
    rows = [
        {
            "id": f.id,
            "sheet": f.sheet,
            "cell": f.cell,
            "kind": f.kind,
            "caption": f.caption,
            "formula": lay.formula(f.id),
        }
        for f in lay.fields.values()
    ]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for r in rows:
            print(f"{r['id']:<32} {r['sheet']}!{r['cell']:<5} {r['kind']:<9} {r['caption']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="xlcheck",
        description="政府信息公开工作年度报告：生成官方格式模板，按单元格检查填报错误。",
        epilog="退出码 / exit codes: 0 无错误 clean, 1 发现错误 violations, 2 无法检查 could not check",
    )
    parser.add_argument("--version", action="version", version=f"xlcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("template", help="生成空白模板 / write the blank template")
    p.add_argument("-o", "--output", default=DEFAULT_TEMPLATE, help=f"输出文件（默认 {DEFAULT_TEMPLATE}）")
    p.add_argument("--agency", help="预填机关名称")
    p.add_argument("--year", type=int, help="预填报告年度，如 2025")
    p.set_defaults(run=cmd_template)

    p = sub.add_parser("check", help="检查填好的工作簿 / check filled workbooks")
    p.add_argument("files", nargs="+", metavar="FILE", help="要检查的 .xlsx/.xlsm 文件或文件夹")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="消息语言（默认 zh）")
    p.add_argument("--strict", action="store_true", help="警告也算不通过（退出码 1）")
    copies = p.add_mutually_exclusive_group()
    copies.add_argument("--annotate", metavar="OUT.xlsx", help="写一份标出问题的副本（只检查一个文件时）")
    copies.add_argument("--annotate-dir", metavar="DIR", help="为每个文件在 DIR 中写一份标出问题的副本")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("rules", help="列出全部规则 / list the rules")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(run=cmd_rules)

    p = sub.add_parser("fields", help="列出全部填报单元格 / list the input cells and their ids")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=cmd_fields)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a GBK console must not crash on a rare character
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
