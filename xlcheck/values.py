"""What a cell holds, before the schemas judge it: blanks, numbers stored as text, the raw rest."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from .formats.spec import AMOUNT, NARRATIVE, SIGNED_COUNT, TEXT, WHOLE_KINDS, YEAR

# Excel keeps 15 significant digits: a count or amount this large (or infinite) is no real figure.
MAX_NUMBER = 1e15
# A plain decimal number, optionally signed, optionally with thousands separators.
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+")


class Candidate(NamedTuple):
    """A cell's value as the schema will see it.

    ``value`` is None for a blank cell; a number typed as text becomes that number with
    ``as_text`` set (CELL-TEXTNUM if the number is otherwise fine); other text stays text.
    """

    value: Any
    as_text: bool = False
    raw: Any = None  # the text as typed, when ``as_text``


BLANK = Candidate(None)


def _normal_text(text: str) -> str:
    # NFKC maps full-width digits, signs and spaces (５, －, U+3000) to their ASCII forms.
    return unicodedata.normalize("NFKC", text).strip()


def parse_number_text(text: str) -> int | float | None:
    """The number a clean numeric text stands for ('５' -> 5, ' 3.0 ' -> 3), else None."""
    s = _normal_text(text)
    if not _NUMBER.fullmatch(s):
        return None
    number = float(s.replace(",", ""))
    return int(number) if math.isfinite(number) and number.is_integer() else number


def candidate(raw: Any, kind: str) -> Candidate:
    """Turn a raw cell value into what the ``kind``'s schema validates."""
    if raw is None:
        return BLANK
    if kind in (TEXT, NARRATIVE):
        text = raw if isinstance(raw, str) else format_value(raw)
        return Candidate(text.strip()) if text.strip() else BLANK
    if isinstance(raw, str):
        if not _normal_text(raw):
            return BLANK
        number = parse_number_text(raw)
        return Candidate(raw) if number is None else Candidate(number, as_text=True, raw=raw)
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer() and kind in (*WHOLE_KINDS, YEAR):
        return Candidate(int(raw))
    return Candidate(raw)


# What ``xlcheck import`` writes where a published report could not be read (outputs/imported.py): text,
# so the rules reading it are not assessed, as on the document; its message says to fill it from there.
UNREAD_MARK = "未能读取"

# Why a value was refused, for the messages: key -> (zh, en).
PROBLEMS = {
    "unread": (
        "导入时原文档此处的行或列标签与格式不符，未能读取，请对照原文档填写",
        "the published report's row or column here is not labelled as the format's and was not read on import;"
        " fill it in from the document",
    ),
    "bool": ("不能为逻辑值（TRUE/FALSE）", "not a TRUE/FALSE value"),
    "date": ("不能为日期或时间，请把单元格格式改为“常规”后重填", "not a date or time; set the cell format to General"),
    "text": (
        "不能含文字、单位或占位符（如“件”“/”“-”“无”），没有请填 0",
        "no words, units or placeholders such as '/', '-'; write 0 for none",
    ),
    "negative": ("不能为负数", "must not be negative"),
    "too-large": (
        "数值过大或无效（超出 Excel 能准确保存的 15 位有效数字）",
        "too large to be a real figure (beyond the 15 significant digits Excel keeps)",
    ),
    "fraction": ("不能有小数", "no fractions"),
    "decimals": ("最多 6 位小数", "at most 6 decimals"),
    "range": ("", ""),
}


def problem(value: Any, kind: str) -> str | tuple[str, str]:
    """Why ``value`` is not acceptable for ``kind``: a key of PROBLEMS, or for a number written with its unit
    (``12件``, ``75394432.52元``) a (zh, en) detail saying what to type instead."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (datetime, date, time, timedelta)):
        return "date"
    if isinstance(value, str):
        if value.strip() == UNREAD_MARK:
            return "unread"
        return _with_unit(value, kind) or "text"
    if kind == YEAR:
        return "range"
    if isinstance(value, (int, float)) and not finite(value):
        return "too-large"
    if isinstance(value, (int, float)) and value < 0 and kind != SIGNED_COUNT:
        return "negative"
    return "fraction" if kind in WHOLE_KINDS else "decimals"


# A number followed by the unit staff write after it: the number is what the cell should hold.
_NUMBER_AND_UNIT = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万元|元|件|项|条|个|次)")


def _with_unit(text: str, kind: str) -> tuple[str, str] | None:
    m = _NUMBER_AND_UNIT.fullmatch(_normal_text(text))
    if m is None:
        return None
    number, unit = Decimal(m[1].replace(",", "")), m[2]
    if kind == AMOUNT and unit in ("元", "万元"):
        amount = number / 10000 if unit == "元" else number
        shown = format(amount.normalize(), "f")
        if unit == "元":
            return (
                f"：不能带单位；金额以万元计，{text.strip()}即 {shown}（万元）",
                f": no unit; amounts are in 10,000 yuan: {shown}",
            )
        return (f"：不能带单位「万元」，请只填 {shown}", f": no unit; type {shown} only")
    if kind in WHOLE_KINDS and unit not in ("元", "万元"):
        return (
            f"：不能带单位「{unit}」，请只填 {format(number.normalize(), 'f')}",
            f": no unit; type {format(number.normalize(), 'f')} only",
        )
    return None


def finite(number: float) -> bool:
    """Whether ``number`` is a figure Excel can hold: finite and under 10^15 in size."""
    return math.isfinite(number) and abs(number) < MAX_NUMBER


# Control characters (C0, DEL, C1) and the bidirectional overrides a file may carry into a terminal: shown as
# visible escapes (\x1b, \u202e) in text output, so a cell's text can neither move the cursor nor reorder a line.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters shown as escapes (tabs and newlines kept)."""
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


# Characters XML 1.0 cannot hold (most C0 controls, U+FFFE/FFFF, lone surrogates): a workbook, a Word file or
# a comment with one is broken, so every text xlcheck writes is passed through ``xml_text`` first.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` as a document may hold it: characters XML cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


# White space that breaks a line (str.splitlines' separators), with the spaces around it.
_LINE_BREAK = re.compile(r"[ \t\u3000\xa0]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """``text`` on one line: each line break, with the white space around it, is one space (published
    labels break lines: 「本年新<br/>制作数量」). Other white space stays, so padding (`' 3 '`) still shows."""
    return _LINE_BREAK.sub(" ", text)


def format_value(value: Any, lang: str = "zh") -> str:
    """A cell value as staff would read it in a message: on one line (``one_line``); an empty cell in words."""
    if isinstance(value, str):
        return one_line(value)
    if value is None:
        return "（空）" if lang == "zh" else "(empty)"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def json_value(value: Any) -> Any:
    """A value for JSON output: numbers, strings, booleans and null pass; dates become ISO text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return format_value(value)  # strict JSON has no Infinity or NaN
        return int(value) if value.is_integer() else value
    return format_value(value)


def decimals(number: float) -> int:
    """Decimal places of ``number`` as written (shortest round-trip form)."""
    if not math.isfinite(number):
        return 0  # judged as too large, not by its decimals
    text = repr(float(number))
    if "e" in text:
        mantissa, exp = text.split("e")
        places = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return max(0, places - int(exp))
    return len(text.split(".")[1].rstrip("0"))
