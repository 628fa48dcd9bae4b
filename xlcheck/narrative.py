"""TEXT-TABLE: the figures a report's narrative quotes, found by the format's patterns and compared with its
tables (FORMAT.md「Rules」, a warning blamed at the narrative cell).

A figure is compared only when the words say exactly what they count. The engine stays silent when:
- the number is not exact: 3000余件, 约100件, 20-30件, 十几件, 三千五 (colloquial); 1.2万 is compared as a
  rounded figure (1.15万 up to, not including, 1.3万: rounding or truncation);
- the sentence is about another period: an earlier year (2023年, 去年), 上半年, a 季度;
- the sentence is about a part: 各乡镇, 县直部门, 下属单位…; or about the issuing body (本机关, 本级, 我局)
  in a jurisdiction's report (人民政府, 管委会, 汇总), or about the whole jurisdiction (全市, 我县) in a
  department's report, whose tables count only itself;
- a total is narrowed in its clause (其中、通过网络收到…), or the item is joined to another (予以公开及部分
  公开208件), or the sentence lacks the figure's context words.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .formats.spec import Format, NarrativeFigure

# ------------------------------------------------------------------ folding the text

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


class Folded:
    """A narrative as the patterns read it (``text``), and the words it was folded from (``original``)."""

    def __init__(self, original: str, folds: dict[int, str]) -> None:
        self.original, self._folds = original, folds
        self.text = original.translate(folds)
        self._ends: list[int] | None = None

    def origin(self, pos: int) -> int:
        """The index in ``original`` of the character ``text[pos]`` was folded from."""
        if self._ends is None:  # where each original character's folded form ends in ``text``
            self._ends = list(itertools.accumulate(map(len, map(self._folds.__getitem__, map(ord, self.original)))))
        return bisect.bisect_right(self._ends, pos)

    def quote(self, start: int, end: int) -> str:
        """The original words of ``text[start:end]``, line breaks and runs of spaces closed up."""
        if start >= end:
            return ""
        words = self.original[self.origin(start) : self.origin(end - 1) + 1]
        return re.sub(r"\s*\n\s*", "", words).strip()


@lru_cache(maxsize=65_536)  # code points repeat across narratives; thread-safe, bounded
def _fold_char(code: int) -> str:
    ch = chr(code)
    if ch.isspace() or ch in _INVISIBLE:
        return ""
    return "".join(out for out in unicodedata.normalize("NFKC", ch) if not out.isspace())


def fold(original: str) -> Folded:
    """Drop white space and invisible characters (as pasted from the web), fold full-width forms (NFKC).

    The table of folds is this text's own (built from a shared cache), so no other call can change it.
    """
    return Folded(original, {code: _fold_char(code) for code in {ord(ch) for ch in original}})


# ------------------------------------------------------------------ numbers

MAX_DIGITS = 15  # Excel keeps 15 significant digits; a longer "figure" is no count
_DIGITS = {**dict(zip("一二三四五六七八九", range(1, 10), strict=True)), "两": 2}
_DIGITS |= dict(zip("壹贰叁肆伍陆柒捌玖", range(1, 10), strict=True))
_ZERO = "零〇"
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN = "".join((*_DIGITS, _ZERO, *_SMALL, *_BIG))
NUMBER = rf"(?P<n>\d+(?:,\d{{3}})+(?![\d.])|\d+(?:\.\d+)?(?:[万萬亿億]\d*)?|[{_CN}]+)"


@dataclass(frozen=True)
class Quoted:
    """A number as written, and the whole numbers it admits: ``low <= value < high``."""

    written: str
    low: int
    high: int

    @property
    def exact(self) -> bool:
        return self.high == self.low + 1

    def admits(self, value: int | float) -> bool:
        return self.low <= value < self.high

    @property
    def found(self) -> int | str:
        """What a finding reports as found: the number, or a rounded figure as written (1.2万)."""
        return self.low if self.exact else self.written


def read_number(written: str) -> Quoted | None:
    """A count as a report writes it; None when it is not exact enough to compare.

    Arabic (1234, 1,234), Chinese (一百二十三, 两千零五, 十二) and mixed (3万, 1.2万, 1万2345). A rounded
    figure (1.2万, 12万) admits what rounds or truncates to it; a decimal count, digits read one by one
    (三四) and colloquial ellipsis (三千五, 一万二) are refused.
    """
    if written[0].isdigit():
        return _arabic(written)
    value = _chinese(written)
    return None if value is None else Quoted(written, value, value + 1)


def _arabic(written: str) -> Quoted | None:
    m = re.fullmatch(r"(\d+(?:,\d{3})*)(?:\.(\d+))?(?:([万萬亿億])(\d*))?", written)
    if not m:
        return None
    whole, decimals, unit, rest = m[1].replace(",", ""), m[2] or "", m[3], m[4]
    if len(whole) > MAX_DIGITS or len(rest or "") > MAX_DIGITS:
        return None  # no count of 件 has so many digits: not a figure to compare (and int() would refuse it)
    if not unit:
        return None if decimals else Quoted(written, int(whole), int(whole) + 1)
    scale = _BIG[unit]
    if rest:  # 1万2345: exact, the rest below the unit, written in full
        if decimals or len(rest) != len(str(scale)) - 1:
            return None  # 10万2 is colloquial for 102000 (as 一万二), not 100002: not exact enough
        value = int(whole) * scale + int(rest)
        return Quoted(written, value, value + 1)
    step = scale // 10 ** len(decimals)
    if step < 1:
        return None
    value = int(whole + decimals) * step
    return Quoted(written, value - step // 2, value + step)


def _chinese(written: str) -> int | None:
    if all(ch in _ZERO for ch in written):
        return 0 if len(written) == 1 else None
    total = section = 0
    digit: int | None = None
    zero = False
    small: int | None = None  # the last 十/百/千 of this section
    big: int | None = None  # the last 万/亿
    for ch in written:
        if ch in _ZERO:
            if digit is not None:
                return None  # 五零: digits one by one
            zero = True
        elif ch in _DIGITS:
            if digit is not None:
                return None  # 三四: 3 or 4
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            unit = _SMALL[ch]
            if small is not None and unit >= small:
                return None
            if digit is None:
                if unit != 10 or section:
                    return None  # 百 alone, 一百十
                digit = 1  # 十二
            section += digit * unit
            digit, zero, small = None, False, unit
        else:
            unit = _BIG[ch]
            if digit is not None:
                section, digit = section + digit, None
            if not section or (big is not None and unit >= big):
                return None
            total += section * unit
            section, zero, small, big = 0, False, None, unit
    if digit is not None:
        after_unit = (small is not None and small > 10) or (small is None and big is not None and not section)
        if after_unit and not zero:
            return None  # 三千五, 一万二: colloquial for 3500, 12000, not exact enough
        section += digit
    return total + section


# ------------------------------------------------------------------ whose figure, which year

# Nearest of these before a figure (in its sentence) says whose figure it is.
_WHOLE = ("全市", "全县", "全区", "全省", "全州", "全盟", "全旗", "全镇", "全乡", "全街道")
_WHOLE += ("我市", "我县", "我区", "我省", "我州", "我盟", "我旗", "我镇", "我乡")
_WHOLE += ("本市", "本县", "本区", "本省", "本州", "本盟", "本旗", "本镇", "本乡")
_OWN = ("本机关", "本单位", "本部门", "本级", "本局", "本委", "本办", "本厅", "本院", "本中心", "本机构")
_OWN += ("我局", "我委", "我办", "我厅", "我院", "我中心", "我单位", "我部门", "局机关", "委机关", "厅机关")
_PART = ("各乡镇", "乡镇", "街道", "各部门", "各单位", "部分单位", "县直", "市直", "区直", "省直", "下属", "直属")
_PART += ("所属", "全系统", "系统内", "各地", "各县", "各区", "各市")
_PART += ("镇街", "各村", "村(社区)", "社区", "省级", "市级", "县级", "区级", "乡级")
# A body named before a figure (区民政局, 县政府): the report's own only when the 机关名称 names it too.
_BODY = re.compile(  # the longer name first: 县人民政府办公室 is an office, not the 县人民政府
    r"[省市县区州盟旗镇乡][\u4e00-\u9fff]{1,8}?(?:局|委员会|委|办公室|厅|院|中心)|[省市县区州盟旗镇乡](?:人民)?政府(?!信息)"
)
_SCOPE = re.compile("|".join(sorted(map(re.escape, _WHOLE + _OWN + _PART), key=len, reverse=True)))
WHOLE, OWN, PART = "whole", "own", "part"
_SCOPE_OF = {**dict.fromkeys(_WHOLE, WHOLE), **dict.fromkeys(_OWN, OWN), **dict.fromkeys(_PART, PART)}
# A report whose tables count a jurisdiction (a government's or an office's 汇总), not one body.
_JURISDICTION = re.compile(r"人民政府$|人民政府[(（]|政府$|管委会|管理委员会|汇总|[市县区旗州盟]$")

_CURRENT, _OTHER = "current", "other"
_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
_TIME = re.compile(
    # a span of years (2020年至2024年) is no one year's; at the same place it wins over the year alone
    r"(?P<other>(?:19|20)\d\d年?[至到~-](?:19|20)\d\d年"
    r"|去年|前年|上一?年度?(?!度?结转)|同期|上半年|下半年|季度|月份"
    r"|(?<!全年)(?<!本年)(?<!今年)(?<!年度)(?<!年内)(?<!\d年)累计|(?<!今年)(?<!本年)以来|近[一二两三四五六七八九十\d]*年"
    r"|(?<!报告)(?<!统计)(?<!日)期间)"
    r"|(?P<year>(?:19|20)\d\d)年|(?P<cyear>[〇零一二三四五六七八九]{4})年"
    # the whole year by its dates (1月1日至12月31日, 截至12月31日) before any month, which is a part of it
    r"|(?P<current>今年|本年|本年度|全年|当年|年内|年底|年末|12月底|12月末"
    rf"|1月(?:1日)?起?[至到~-]12月(?:31日)?|12月31日)"
    rf"|(?P<month>{_MONTH}(?:[至到~-]{_MONTH}|[至到~-](?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月)?)"
)
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_YEAR_WORDS = ("今年", "本年", "本年度", "全年", "当年", "年内")
# Words that narrow a total to a part in its clause; 涉及 (关于, 有关) only when it names a subject
# other than information disclosure itself (涉及的行政诉讼, 涉及政府信息公开的行政复议 are the whole).
_NARROW = re.compile(
    r"其中|通过|网上|网络|线上|线下|当面|现场|信函|邮寄|传真|电子邮件"
    r"|按时|按期|如期|延期|逾期|(?:法定|规定)?(?:期限|时限)内"  # 按时办结46件: a part of 办结
    r"|(?:涉及|关于|有关)(?!的?$)(?!的?(?:政府)?信息公开|的?依申请)"
)
_CONJUNCTION = "及和与、或并"
# One applicant column of table 三 (自然人申请予以公开15件): every figure is a 总计, so such a clause is a part.
_COLUMN = re.compile("自然人|法人|其他组织|商业企业|科研机构|社会公益组织|法律服务机构")
_CHANNELS = re.compile(
    r"通过[^,;。]{0,40}?等(?:各种|多种|各类)?(?:渠道|方式|途径|形式)|通过(?:各种|多种|各类)(?:渠道|方式|途径|形式)"
)
_AFTER = re.compile(r"左右|上下|以上|以下|之多|次")  # 100件左右, 件次: not the count
_CLAUSE = re.compile(r"[,;:、()]")
_SENTENCE = re.compile(r"[。!?]|\.(?!\d)")
_COUNTS = re.compile("件|未")
_SOME = ("数", "几", "若干")


def jurisdiction_report(agency: str | None) -> bool | None:
    """Whether the tables count a jurisdiction (True), one body (False), or nobody knows (None)."""
    if not agency or not agency.strip():
        return None
    return bool(_JURISDICTION.search("".join(agency.split())))


def _scope_allows(prefix: str, jurisdiction: bool | None) -> bool:
    marks = list(_SCOPE.finditer(prefix))
    if not marks:
        return True  # the report's own figure
    scope = _SCOPE_OF[marks[-1][0]]
    if scope == PART or jurisdiction is None:
        return False
    return jurisdiction if scope == WHOLE else not jurisdiction


def _time_allows(prefix: str, year: int | None) -> bool:
    marks = list(_TIME.finditer(prefix))
    if not marks:
        return True
    last = marks[-1]
    if (
        last[0] == "累计"
        and len(marks) > 1
        and (marks[-2]["year"] or marks[-2]["cyear"] or marks[-2][0] in _YEAR_WORDS)
    ):
        last = marks[-2]  # 2024年，我局累计收到: the year said before stands (截至12月31日累计: all time)
    if last["year"] or last["cyear"]:
        written = last["year"] or last["cyear"].translate(_CN_DIGITS)
        return year is not None and int(written) == year
    return bool(last["current"])  # another period, or a month (part of the year): not the year's figure


def _body_allows(clause: str, agency: str | None) -> bool:
    """A figure after a body named in its clause (区民政局收到…) is the report's only when the 机关名称 names that
    body: its characters in order (市发改委 in 某市发展和改革委员会, 县政府 in 某县人民政府) and the same kind
    of body (县公安局 is not 某县人民政府), a government and its office being one. A scope word nearer the
    figure (本局, 全县) has the say."""
    bodies = list(_BODY.finditer(clause))
    if not bodies or any(m.start() > bodies[-1].start() for m in _SCOPE.finditer(clause)):
        return True
    if not agency:
        return False
    named, name = bodies[-1][0], fold(agency).text
    # A government and its 办公室/办公厅 speak for each other (市政府 in 上海市人民政府办公厅's report)
    same_government = "政府" in named and "政府" in name
    return (same_government or _kind(named) == _kind(name)) and _in_order(named, name)


_KINDS = ("委员会", "办公室", "政府", "局", "委", "厅", "院", "中心")


def _kind(body: str) -> str:
    """What kind of body a name ends in (委员会 and 委 are one)."""
    kind = next((k for k in _KINDS if body.endswith(k)), "")
    return "委" if kind == "委员会" else kind


def _in_order(short: str, full: str) -> bool:
    """Whether ``short``'s characters stand in ``full`` in the same order (an abbreviation of it)."""
    rest = iter(full)
    return all(ch in rest for ch in short)


# ------------------------------------------------------------------ finding the quotes


@dataclass(frozen=True)
class Quote:
    """One figure a narrative quotes: which, the number, and the words that say it."""

    figure: NarrativeFigure
    number: Quoted
    words: str  # the clause up to the number and its unit, as written
    span: tuple[int, int]  # the number (the whole statement for a zero) in the folded text


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("{n}", NUMBER))


def quotes(
    text: str, figures: tuple[NarrativeFigure, ...], *, agency: str | None = None, year: int | None = None
) -> list[Quote]:
    """The figures ``text`` quotes exactly enough to compare, in the order they stand.

    ``agency`` (机关名称) says whose figures the tables hold; ``year`` (报告年度) which year's. A number
    two figures' patterns read is the first figure's (the format lists the precise ones first).
    """
    folded = fold(text)
    jurisdiction = jurisdiction_report(agency)
    taken: list[tuple[int, int]] = []
    found: list[Quote] = []
    # Only sentences that count something (…件) or state a none (未…) can quote a figure: scan those alone.
    bounds = [0, *(m.end() for m in _SENTENCE.finditer(folded.text)), len(folded.text)]
    windows = [(a, b) for a, b in itertools.pairwise(bounds) if _COUNTS.search(folded.text, a, b)]
    for figure in figures:
        for pattern, (start, end) in itertools.product(figure.patterns, windows):
            for m in _compiled(pattern).finditer(folded.text, start, end):
                span = m.span("n") if "n" in m.groupdict() else m.span()
                if any(a < span[1] and span[0] < b for a, b in taken):
                    continue
                quote = _quote(folded, figure, m, span, jurisdiction, year, agency)
                if quote is not None:
                    taken.append(span)
                    found.append(quote)
    return sorted(found, key=lambda q: q.span)


def _quote(
    folded: Folded, figure: NarrativeFigure, m: re.Match[str], span, jurisdiction, year, agency=None
) -> Quote | None:
    text = folded.text
    start, end = m.span()
    sentence_start = max((s.end() for s in _SENTENCE.finditer(text, 0, start)), default=0)
    next_stop = _SENTENCE.search(text, end)
    sentence = text[sentence_start : next_stop.start() if next_stop else len(text)]
    clause_start = max((c.end() for c in _CLAUSE.finditer(text, sentence_start, start)), default=sentence_start)
    prefix = text[sentence_start:start]
    if figure.context and not any(word in sentence for word in figure.context):
        return None
    if any(word in sentence for word in figure.unless):
        return None
    clause = text[clause_start:start]
    if not (_scope_allows(prefix, jurisdiction) and _time_allows(prefix, year) and _body_allows(clause, agency)):
        return None
    if _AFTER.match(text, end):
        return None
    before = text[:start]
    if before and before[-1] in _CONJUNCTION and not re.search(r"[\d件条个项]$", before[:-1]):
        return None  # 予以公开及部分公开208件: two items, one number
    if _COLUMN.search(text, clause_start, start):
        return None
    if figure.whole:
        # 通过当面、信函、网络等渠道共收到…: the channels named together are every channel, not a part
        channels = [c for c in _CHANNELS.finditer(text, sentence_start, start)]
        if channels:
            clause_start = max(clause_start, channels[-1].end())
        clause = text[clause_start:start]
        previous = text[sentence_start:clause_start].rstrip(",;:、(")
        if _NARROW.search(clause) or previous.endswith("其中"):
            return None
    if "n" in m.groupdict():
        if text[: span[0]].endswith(_SOME) and m["n"][0] in "十百千万":
            return None  # 数十件, 几百件: an approximation, whatever the pattern took 数 for
        number = read_number(m["n"])
        if number is None:
            return None
    else:
        number = Quoted("0", 0, 1)
    words = folded.quote(clause_start, end)
    if len(words) > 60:
        words = "…" + words[-59:]
    return Quote(figure, number, words, span)


# ------------------------------------------------------------------ the check's hook


def judge_narrative(run: Any) -> None:
    """TEXT-TABLE for one checked workbook (``checker._Run`` after its tables' values are known).

    Each quote that no reading of its figure admits is one warning at the narrative cell: expected the
    table's figure, found the quoted one, ``cells`` the narrative cell and the table cells summed (named
    ``表三!J5`` on other sheets). The same wrong figure quoted twice in one section is one finding. A quote
    whose table cells hold no usable value makes the rule not assessed there.
    """
    fmt: Format = run.fmt
    if not fmt.narrative_figures:
        return
    agency = run.accepted.get(fmt.agency_field)
    year = run.accepted.get(fmt.year_field)
    year = year if isinstance(year, int) else None
    sections = dict.fromkeys(s for fig in fmt.narrative_figures for s in fig.sections)
    for section in sections:
        text = run.accepted.get(section)
        if not isinstance(text, str) or section not in run.at:
            continue
        figures = tuple(f for f in fmt.narrative_figures if section in f.sections)
        reported: set[tuple[int, Any]] = set()
        for quote in quotes(text, figures, agency=agency if isinstance(agency, str) else None, year=year):
            _judge_quote(run, run.at[section], quote, reported)


def _judge_quote(run: Any, at: Any, quote: Quote, reported: set) -> None:
    figure = quote.figure
    readings = (figure.fields, *figure.also)
    values = [_sum(run, reading) for reading in readings]
    # A total that disagrees with its own row is that row's finding (T3-ROWTOTAL at the total): the text
    # may quote what the row adds up to, which is then also what it should say (one mistake, one finding).
    summed = [_sum(run, reading, _row_sum) for reading in readings]
    if any(v is not None and quote.number.admits(v) for v in (*values, *summed)):
        return
    expected = values[0] if summed[0] is None else summed[0]
    if values[0] is None:  # the cell the rule reads has no usable value: not assessed, whatever its row says
        if not any(n.rule == figure.rule and n.cell == at.cell for n in run.report.not_assessed):
            run.report.not_assessed.append(run.not_assessed(figure.rule, at, figure.fields))
        return
    key = (id(figure), quote.number.found)
    if key in reported:
        return
    reported.add(key)
    cells = (at.cell, *(_cell(run, fid, at.sheet) for fid in figure.fields))
    zh, en = _tables(run, readings)
    run.violation(
        figure.rule,
        at,
        expected=expected,
        found=quote.number.found,
        cells=cells,
        detail=(f"「{quote.words}」与{zh}不一致", f"the text 「{quote.words}」 disagrees with {en}"),
    )


def _sum(run: Any, fields: tuple[str, ...], value=None) -> int | float | None:
    values = [(value or _number)(run, fid) for fid in fields]
    return None if any(v is None for v in values) else sum(values)


def _number(run: Any, fid: str) -> int | float | None:
    return run.numbers.get(fid)


def _row_sum(run: Any, fid: str) -> int | float | None:
    """What a total adds up to from its terms, themselves added up where they are totals (J28 from the
    outcome rows of each column, whatever D28 … I28 were typed as); a field that is no total: its number."""
    total = run.lay.totals.get(fid)
    if total is None or total.left != (fid,):
        return run.numbers.get(fid)
    return _sum(run, total.right, _row_sum)


def _cell(run: Any, fid: str, sheet: str) -> str:
    at = run.where(fid)
    return at.cell if at.sheet == sheet else f"{at.sheet}!{at.cell}"


def _tables(run: Any, readings: tuple[tuple[str, ...], ...]) -> tuple[str, str]:
    """The table cells of each reading, as staff read them: 表三「一、本年新收… × 总计」."""

    def named(fields: tuple[str, ...]) -> str:
        return " + ".join(f"{run.lay.fields[f].sheet}「{run.lay.fields[f].caption}」" for f in fields)

    first = named(readings[0])
    if len(readings) == 1:
        return first, first
    zh, en = [], []
    for reading in readings[1:]:
        n = len(readings[0])
        if reading[:n] == readings[0]:  # the first reading with more added: name only what is added
            zh.append(f"再加上 {named(reading[n:])}")
            en.append(f"plus {named(reading[n:])}")
        else:
            zh.append(named(reading))
            en.append(named(reading))
    return f"{first}（或{'；或'.join(zh)}）", f"{first} (or {'; or '.join(en)})"
