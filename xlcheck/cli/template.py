"""``xlcheck template``: write the blank (or prefilled) official-format workbook."""

from __future__ import annotations

import argparse
import sys

from .parser import Parser

DEFAULT_TEMPLATE = "政府信息公开工作年度报告.xlsx"


def add(sub: argparse._SubParsersAction, lang: str) -> None:
    zh = lang == "zh"
    p: Parser = sub.add_parser(
        "template",
        lang=lang,
        help="生成官方格式模板" if zh else "write the official-format template",
        description=(
            "生成官方格式（默认国办公开办函〔2021〕30号；--format 2019 为 2019 年试行格式，国办公开办函〔2019〕60号，"
            "用于 2019、2020 年度的报告）的 Excel 模板；已有同名文件时不覆盖，除非加 --force。"
            if zh
            else "Write the official-format Excel template (国办公开办函〔2021〕30号; --format 2019: the 2019 trial"
            " format, 国办公开办函〔2019〕60号, for reports for 2019 and 2020); an existing file is kept unless --force"
            " is given."
        ),
    )
    p.add_argument(
        "-o", "--output", default=DEFAULT_TEMPLATE, metavar="FILE.xlsx",
        help=p.text(f"输出文件（默认 {DEFAULT_TEMPLATE}）", f"the file to write (default {DEFAULT_TEMPLATE})"),
    )  # fmt: skip
    p.add_argument(
        "--format", "--format-version", dest="format_version", type=format_version(lang), default=None,
        metavar="2021|2019",
        help=p.text("格式版本（默认 2021）", "the format version (default 2021)"),
    )  # fmt: skip
    p.add_argument("--agency", metavar="NAME", help=p.text("预填机关名称", "prefill the agency"))
    p.add_argument(
        "--year", type=_year(lang), metavar="YYYY",
        help=p.text("预填报告年度，如 2025（2008 年至今年）", "prefill the report year, e.g. 2025 (2008 to this year)"),
    )  # fmt: skip
    p.add_argument("--force", action="store_true", help=p.text("覆盖已有的同名文件", "overwrite an existing file"))
    p.set_defaults(run=run)


def add_format_version(p, lang: str) -> None:
    """The ``--format-version`` option of the commands that describe a format (rules, fields)."""
    p.add_argument(
        "--format-version", type=format_version(lang), default=None, metavar="2021|2019",
        help=p.text("格式版本（默认 2021；2019 为 2019 年试行格式）", "the format version (default 2021; 2019: trial)"),
    )  # fmt: skip


def format_version(lang: str):
    """An argparse type: a format id of ``formats.registry.FORMATS`` (imported only when given)."""

    def version(text: str):
        from ..formats.registry import FORMATS

        fmt = FORMATS.get(text.strip())
        if fmt is None:
            known = "、".join(FORMATS) if lang == "zh" else ", ".join(FORMATS)
            raise argparse.ArgumentTypeError(
                f"没有格式版本「{text}」（可选：{known}）" if lang == "zh" else f"no format version {text!r} ({known})"
            )
        return fmt

    version.__name__ = "格式版本" if lang == "zh" else "format version"
    return version


def _year(lang: str):
    def year(text: str) -> int:
        from ..errors import FieldValueError
        from ..outputs.template import report_years  # the generator's module: only when --year is given

        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"「{text}」不是年份" if lang == "zh" else f"{text!r} is not a year"
            ) from None
        years = report_years()
        if value not in years:
            error = FieldValueError("year-out-of-range", "year", value, f"{years[0]}–{years[-1]}")
            raise argparse.ArgumentTypeError(error.message(lang))
        return value

    year.__name__ = "年份" if lang == "zh" else "year"
    return year


def run(args: argparse.Namespace) -> int:
    from ..errors import FieldValueError, OutputError
    from ..outputs.paths import vet_output, write_error

    try:
        out = vet_output(args.output, force=args.force)
        from ..outputs.template import make_template

        try:
            path = make_template(out, agency=args.agency, year=args.year, fmt=args.format_version)
        except OSError as exc:
            raise write_error(out, exc) from None
    except (OutputError, FieldValueError) as exc:
        print(f"xlcheck: {exc.message(args.lang)}", file=sys.stderr)
        return 2
    fmt = args.format_version
    if args.year is not None and fmt is not None and not fmt.governs(args.year):
        from ..formats.registry import format_for_year

        governing = format_for_year(args.year)
        if governing is not None:  # written as asked, but the year calls for the other format
            zh = f"xlcheck: 注意：{args.year} 年度的报告适用 {governing.title}（--format {governing.id}）"
            en = f"xlcheck: note: a report for {args.year} is made in {governing.title_en} (--format {governing.id})"
            print(zh if args.lang == "zh" else en, file=sys.stderr)
    print(path)
    return 0
