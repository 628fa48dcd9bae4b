"""The ``xlcheck`` command: one module per command. Exit codes: 0 clean, 1 violations found, 2 could
not check (or a usage error, or an output not written).

Every text is Chinese, English with ``--lang en`` anywhere on the command line (argparse's own words
too, see ``parser.py``). Only argparse is imported at start-up; each command imports what it needs.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence

from . import aggregate, check, fields, import_, render, rules, template
from .parser import Parser, lang_of
from .template import DEFAULT_TEMPLATE

__all__ = ["DEFAULT_TEMPLATE", "build_parser", "main"]


def build_parser(lang: str = "zh") -> Parser:
    """The command line's parser, speaking ``lang`` ("zh" or "en")."""
    from .. import __version__

    zh = lang == "zh"
    parser = Parser(
        prog="xlcheck",
        lang=lang,
        description=(
            "政府信息公开工作年度报告：生成官方格式模板，按单元格检查填报错误。加 --lang en 用英文。"
            if zh
            else "The annual report on government information disclosure: the official-format template,"
            " and a by-cell checker of filled workbooks."
        ),
        epilog=(
            "各命令的用法：xlcheck 命令 -h。退出码：0 无错误，1 发现错误，2 无法检查或用法有误。"
            if zh
            else "Each command's options: xlcheck COMMAND -h. Exit codes: 0 no errors, 1 errors found, 2 could not"
            " check or a usage error."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"xlcheck {__version__}",
        help=parser.text("显示版本号并退出", "show the version and exit"),
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True, metavar=parser.text("命令", "COMMAND"))
    for command in (template, check, import_, aggregate, render, rules, fields):
        command.add(sub, lang)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (usage errors and ``-h`` raise SystemExit)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a GBK console must not crash on a rare character
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = lang_of(argv)
    args = build_parser(lang).parse_args(argv)
    args.lang = lang
    try:
        # openpyxl warns about workbook features it drops while we only add to a copy: not the
        # user's concern. Restored on return, so an in-process caller's filters stay its own.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
