"""``xlcheck aggregate``: the 汇总 of units' reports (a new workbook), or a parent's report compared with it."""

from __future__ import annotations

import argparse
import json
import os
import sys

from .parser import Parser, complain
from .template import _year


def add(sub: argparse._SubParsersAction, lang: str) -> None:
    zh = lang == "zh"
    p: Parser = sub.add_parser(
        "aggregate",
        lang=lang,
        help="汇总各单位的报告，或与上级报告比对" if zh else "sum units' reports, or compare a parent's with the sum",
        description=(
            "汇总：先逐个检查各单位的报告（文件或文件夹），再把表二、表三、表四的每个填报单元格相加，写成一份新的"
            "模板工作簿（合计为模板公式，收费金额按十进制精确相加），其中「汇总来源」工作表逐个列出纳入和未纳入的"
            "单位及原因。有错误的单位不纳入（除非加 --include-failing）；无法检查的、报告年度不是 --year 的、"
            "有单元格没有可用数值的单位一律不纳入；机关名称相同（忽略空白和全角半角）的几份报告，数据也相同时只计"
            "一次，数据不同时都不纳入。"
            "--compare 上级报告.xlsx：不写文件，逐个单元格报告上级机关自己的报告与所属单位之和不一致之处"
            "（AGG-SUM 警告；输出同 xlcheck check）。"
            "退出码：0 已写出汇总（或比对完毕），全部单位纳入，结果没有错误；1 有单位未纳入，或汇总结果、上级报告"
            "有错误（--strict 时未说明的警告也算，AGG-SUM 是警告，上级报告可在「情况说明」中说明）；"
            "2 没有可汇总的单位、上级报告无法检查、用法有误或输出文件没有写入。"
            if zh
            else "Aggregate: check each unit's report (files or folders), add up every input cell of tables 2, 3"
            " and 4, and write a new template workbook (totals as the template's formulas, the fee added exactly"
            " in decimal) with a sheet 「汇总来源」 listing every unit, summed or not and why. Units with errors"
            " are not summed unless --include-failing; units that could not be checked, of another year than"
            " --year, or with a cell holding no usable value never are; reports sharing an agency name (white"
            " space and full/half width ignored) count once when their figures agree, not at all when they differ."
            " --compare PARENT.xlsx writes nothing but reports, cell by cell, where the parent's own report differs"
            " from its units' sum (AGG-SUM warnings; output as xlcheck check's)."
            " Exit codes: 0 written (or compared), every unit summed, no error in the result; 1 a unit was not"
            " summed, or the 汇总 or the parent has errors (or unexplained warnings with --strict; AGG-SUM is a"
            " warning, which the parent may explain in its 情况说明);"
            " 2 no unit to sum, the parent could not be checked, a usage error, or the output not written."
        ),
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE",
        help=p.text("各单位的 .xlsx 文件或文件夹（含子文件夹）", "the units' .xlsx files or folders (with subfolders)"),
    )  # fmt: skip
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "-o", "--output", metavar="OUT.xlsx",
        help=p.text("写出汇总工作簿（须同时给出 --agency、--year）", "write the 汇总 (with --agency and --year)"),
    )  # fmt: skip
    mode.add_argument(
        "--compare", metavar="PARENT.xlsx",
        help=p.text("不写文件，与上级机关自己的报告逐格比对", "write nothing; compare a parent's report by cell"),
    )  # fmt: skip
    p.add_argument("--agency", metavar="NAME", help=p.text("汇总的机关名称", "the 汇总's agency name"))
    p.add_argument(
        "--year", type=_year(lang), metavar="YYYY",
        help=p.text("报告年度；其他年度的单位不纳入（--compare 时默认为上级报告的年度）",
                    "the report year; units of other years are not summed (with --compare: the parent's year)"),
    )  # fmt: skip
    p.add_argument(
        "--include-failing", action="store_true",
        help=p.text("有错误的单位也纳入（其单元格须都有可用的数值）",
                    "sum units with errors too (their cells must all hold usable values)"),
    )  # fmt: skip
    p.add_argument(
        "--format", choices=("text", "json"), default="text",
        help=p.text("输出格式（默认 text）", "output format (default text)"),
    )  # fmt: skip
    p.add_argument(
        "--strict", action="store_true",
        help=p.text("未说明的警告也算不通过（退出码 1）", "warnings not explained fail too (exit code 1)"),
    )  # fmt: skip
    p.add_argument("--force", action="store_true", help=p.text("覆盖已有的同名文件", "overwrite an existing file"))
    p.set_defaults(run=run, usage_error=p.error)


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.output:
        if not args.agency or not args.agency.strip():
            args.usage_error("-o 须同时给出 --agency（汇总的机关名称）" if lang == "zh" else "-o needs --agency")
        if args.year is None:
            args.usage_error("-o 须同时给出 --year（报告年度）" if lang == "zh" else "-o needs --year")
    elif args.agency:
        args.usage_error(
            "--agency 只用于 -o：比对时机关名称取自上级报告" if lang == "zh" else "--agency goes with -o only"
        )
    from ..batch import FOLDER_SUFFIXES, check_all, distinct, expand

    found = {path: expand([path]) for path in dict.fromkeys(args.files)}
    folders = [path for path in found if os.path.isdir(path)]
    empty = [path for path in folders if not found[path]]
    for folder in empty:
        wanted = " ".join(FOLDER_SUFFIXES)
        complain(
            lang,
            f"文件夹 {folder}（含子文件夹）中没有单位的报告。查找的是：{wanted}",
            f"no unit's report in the folder {folder} or its subfolders; looked for: {wanted}",
        )
    files = distinct(file for path in args.files for file in found[path])
    if not files:
        return 2
    if args.output:
        out = _vet(args, files, folders)
        if out is None:
            return 2
        return _write(args, out, check_all(files))
    return _compare(args, files)


def _vet(args: argparse.Namespace, files: list[str], folders: list[str]):
    from ..errors import OutputError
    from ..outputs.paths import vet_output

    try:
        return vet_output(args.output, force=args.force, inputs=files, input_dirs=folders)
    except OutputError as exc:
        print(f"xlcheck: {exc.message(args.lang)}", file=sys.stderr)
        return None


def _write(args: argparse.Namespace, out, reports: list) -> int:
    from ..aggregate import aggregate_reports
    from ..checker import check
    from ..errors import OutputError
    from ..outputs.aggregated import write_aggregate
    from ..outputs.paths import write_error
    from ..report import JSON_VERSION

    lang, zh = args.lang, args.lang == "zh"
    agency = args.agency.strip()
    agg = aggregate_reports(reports, args.year, include_failing=args.include_failing, parent=agency)
    _list_refused(agg, lang)
    if not agg.included:
        complain(lang, "没有可汇总的单位，没有写出汇总文件", "no unit could be summed; nothing written")
        return 2
    try:
        try:
            write_aggregate(out, agg, agency, lang)
        except OSError as exc:
            raise write_error(out, exc) from None
    except OutputError as exc:
        print(f"xlcheck: {exc.message(lang)}", file=sys.stderr)
        return 2
    result = check(str(out))  # the 汇总 as `xlcheck check` sees it: clean unless failing units were summed
    if args.format == "json":
        from .. import __version__

        document = {
            "version": JSON_VERSION,
            "tool": f"xlcheck {__version__}",
            "output": str(out),
            "agency": agency,
            "year": agg.year,
            "units": agg.to_list(lang),
            "check": result.to_dict(lang),
        }
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(out)
    n, total, refused = len(agg.included), len(agg.units), len(agg.refused)
    line = (
        f"汇总 {n} 个单位（共 {total} 个文件，{refused} 个未纳入，见「汇总来源」工作表）：{out}"
        if zh
        else f"summed {n} unit(s) of {total} file(s), {refused} not summed (see the sheet 汇总来源): {out}"
    )
    print(line, file=sys.stderr)
    code = result.exit_code(args.strict)
    if code:
        errors, warnings = len(result.errors), len(result.warnings)
        complain(
            lang,
            f"汇总结果的检查：错误 {errors} 项，警告 {warnings} 项（xlcheck check {out} 查看）",
            f"the 汇总 itself: {errors} error(s), {warnings} warning(s) (see xlcheck check {out})",
        )
    return max(min(code, 1), 1 if refused else 0)


def _compare(args: argparse.Namespace, files: list[str]) -> int:
    from ..aggregate import aggregate_reports, compare
    from ..batch import check_all
    from ..checker import check
    from ..report import summary, to_json_document, to_text

    lang = args.lang
    parent = check(args.compare)
    year = args.year or parent.year
    if parent.error or year is None:
        if parent.error and args.format == "json":
            json.dump(to_json_document([parent], lang), sys.stdout, ensure_ascii=False, indent=2)
            print()
        elif parent.error:
            print(to_text(parent, lang))
        complain(
            lang,
            "无法比对：上级报告无法检查" if parent.error else "无法比对：上级报告的报告年度无法确定，请用 --year 指定",
            "cannot compare: the parent report could not be checked"
            if parent.error
            else "cannot compare: the parent's report year is unknown; give --year",
        )
        return 2
    agg = aggregate_reports(
        check_all(files), year, include_failing=args.include_failing, parent=parent.agency, parent_path=args.compare
    )
    _list_refused(agg, lang)
    if not agg.included:
        complain(lang, "没有可汇总的单位，无法比对", "no unit could be summed; nothing to compare with")
        return 2
    result = compare(parent, agg)
    if args.format == "json":
        document = to_json_document([result], lang)
        document["units"] = agg.to_list(lang)
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(to_text(result, lang))
    n, refused = len(agg.included), len(_missing(agg))
    print(summary([result], lang, args.strict), file=sys.stderr)
    print(
        f"与 {n} 个单位之和比对（{refused} 个未纳入）"
        if lang == "zh"
        else f"compared with the sum of {n} unit(s) ({refused} not summed)",
        file=sys.stderr,
    )
    return max(result.exit_code(args.strict), 1 if refused else 0)


def _missing(agg) -> list:
    """The units not summed, except the parent's own report filed among them: it is no unit."""
    return [u for u in agg.refused if u.code != "is-parent"]


def _list_refused(agg, lang: str) -> None:
    for unit in agg.refused:
        name = f"（{unit.report.agency}）" if unit.report.agency and lang == "zh" else ""
        name = name or (f" ({unit.report.agency})" if unit.report.agency else "")
        head = "未纳入" if lang == "zh" else "not summed"
        sep = "：" if lang == "zh" else ": "
        print(f"{head} {unit.report.path}{name}{sep}{unit.reason_text(lang)}", file=sys.stderr)
