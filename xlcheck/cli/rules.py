"""``xlcheck rules``: the rule catalog as text, JSON or the README's Markdown table."""

from __future__ import annotations

import argparse
import json
import sys

from .template import add_format_version


def add(sub: argparse._SubParsersAction, lang: str) -> None:
    zh = lang == "zh"
    p = sub.add_parser(
        "rules",
        lang=lang,
        help="列出全部规则" if zh else "list the rules",
        description="列出全部规则：代码、级别和说明。" if zh else "List the rules: id, severity and description.",
    )
    p.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text",
        help=p.text("输出格式（默认 text）", "output format (default text)"),
    )  # fmt: skip
    add_format_version(p, lang)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..formats.registry import CURRENT
    from ..formats.rules import ID_WIDTH
    from ..outputs.docs import rules_markdown, rules_rows

    fmt = args.format_version or CURRENT
    if args.format == "json":
        # severity is the stable word of `check --format json` (error/warning), whatever the language
        rows = [
            {"id": r.id, "severity": r.severity, "description": r.zh if args.lang == "zh" else r.en} for r in fmt.rules
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "markdown":
        print(rules_markdown(args.lang, fmt))
    else:
        for rule, severity, text in rules_rows(args.lang, fmt):
            print(f"{rule:<{ID_WIDTH}} {severity:<7} {text}")
    return 0
