"""argparse in the user's language: Chinese by default, English with ``--lang en``.

argparse words its own text in English (usage, option titles, help of ``-h``, error messages). The
parser below words it in Chinese through overridden methods and a formatter subclass; argparse's
module state is never patched.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence

LANGS = ("zh", "en")

_TYPES_ZH = {"int": "整数", "float": "数值"}
# argparse's error messages (Python 3.10-3.14) and their Chinese; unknown ones stay as they are.
_ERRORS_ZH: tuple[tuple[str, Callable[[re.Match], str]], ...] = (
    (r"argument (.+?): (.+)", lambda m: f"参数 {m[1]}：{translate(m[2])}"),
    (r"the following arguments are required: (.+)", lambda m: f"缺少必需的参数：{m[1]}"),
    (r"unrecognized arguments: (.+)", lambda m: f"无法识别的参数：{m[1]}"),
    (r"invalid choice: (.+?) \(choose from (.+)\)", lambda m: f"无效的取值 {m[1]}（可选：{m[2]}）"),
    (r"invalid (\S+) value: (.+)", lambda m: f"{m[2]} 不是有效的{_TYPES_ZH.get(m[1], m[1])}"),
    (r"expected one argument", lambda m: "需要一个值"),
    (r"expected at least one argument", lambda m: "至少需要一个值"),
    (r"expected at most one argument", lambda m: "最多只能有一个值"),
    (r"expected (\d+) arguments?", lambda m: f"需要 {m[1]} 个值"),
    (r"not allowed with argument (.+)", lambda m: f"不能与参数 {m[1]} 同时使用"),
    (r"ambiguous option: (\S+) could match (.+)", lambda m: f"选项 {m[1]} 不明确，可能是：{m[2]}"),
    (r"one of the arguments (.+) is required", lambda m: f"以下参数须给出其中一个：{m[1]}"),
    (r"ignored explicit argument (.+)", lambda m: f"此选项不接受值：{m[1]}"),
    (r"unexpected option string: (.+)", lambda m: f"意外的选项：{m[1]}"),
)


def translate(message: str) -> str:
    """An argparse error message in Chinese."""
    for pattern, render in _ERRORS_ZH:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            return render(m)
    return message


def complain(lang: str, zh: str, en: str) -> None:
    """Tell the user on stderr, in their language, why something was not done."""
    print(f"xlcheck: {zh if lang == 'zh' else en}", file=sys.stderr)


def lang_of(argv: Sequence[str]) -> str:
    """The language ``--lang`` asks for anywhere on the command line (the last one wins), else zh.

    Read before parsing, so that argparse's own help and errors come in that language too.
    """
    lang = "zh"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGS:
            lang = value
    return lang


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping text by its width on screen: a Chinese character takes two
    columns, and a line may break between any two of them (there are no spaces to break at)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def _format_action(self, action) -> str:
        # argparse pads an option to the help column by its length; a Chinese metavar (检查汇总.xlsx) is wider
        # on screen than it is long: take the difference out of the padding, so its help lines up too.
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = width_of(header) - len(header)
        if extra and action.help:
            first, sep, rest = text.partition("\n")
            at = first.find(header) + len(header)
            pad = len(first) - len(first[at:].lstrip(" ")) - at
            if pad - extra >= 2:
                first = first[:at] + " " * (pad - extra) + first[at + pad :]
            else:  # too wide for the help's column: the help starts on the next line, as argparse does
                first = first[:at] + "\n" + " " * (at + pad) + first[at + pad :]
            text = first + sep + rest
        return text


class ChineseHelpFormatter(HelpFormatter):
    """Help and usage in Chinese: the usage prefix, and full-width colons after section titles."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def format_help(self) -> str:
        return re.sub(_SECTION_TITLE, r"\1：", super().format_help(), flags=re.M)


# Patterns are compiled on first use (re caches them): start-up stays light.
_SECTION_TITLE = r"^(\S[^\n]*[\u3000-\u9fff]):$"  # a title line ending in a CJK character
_TOKENS = r"\s+|[^\s\u1100-\uffff]+|."  # spaces, a run of narrow characters, or one wide one
_NO_LINE_START = set("，。、；：？！）」』》〕】”’")


def width_of(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a longer word stays whole)."""
    lines: list[str] = []
    line, used = "", 0
    for token in re.findall(_TOKENS, " ".join(text.split())):
        if token.isspace():
            line, used = (line + " ", used + 1) if line else (line, used)
            continue
        size = width_of(token)
        if line.strip() and used + size > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


FORMAT_VERSIONS = ("2019", "2021")  # the ids of formats/registry.py, kept here so start-up imports nothing


class Parser(argparse.ArgumentParser):
    """An ArgumentParser speaking ``lang``; every parser (and subparser) takes ``-h`` and ``--lang``.

    ``--lang`` is only validated here: ``lang_of`` reads it before parsing. Usage errors exit 2.
    """

    def __init__(self, *args, lang: str = "zh", **kwargs) -> None:
        self.lang = lang
        zh = lang == "zh"
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", ChineseHelpFormatter if zh else HelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数" if zh else "positional arguments"
        self._optionals.title = "选项" if zh else "options"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS,
            help="显示本帮助并退出" if zh else "show this help message and exit",
        )  # fmt: skip
        self.add_argument(
            "--lang", choices=LANGS, default=argparse.SUPPRESS,
            help="界面和消息的语言（默认 zh）" if zh else "language of messages and help (default zh)",
        )  # fmt: skip

    def text(self, zh: str, en: str) -> str:
        """``zh`` or ``en``, as this parser speaks."""
        return zh if self.lang == "zh" else en

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        hint = ""
        if "--format" in message and any(f"'{version}'" in message for version in FORMAT_VERSIONS):
            # `template --format 2019` picks the format version; elsewhere --format is the output's form.
            hint = self.text(
                "（格式版本请用 --format-version，如 --format-version 2019）",
                " (for the format version use --format-version)",
            )
        if self.lang == "zh":
            self.exit(2, f"{self.prog}：错误：{translate(message)}{hint}\n")
        self.exit(2, f"{self.prog}: error: {message}{hint}\n")
