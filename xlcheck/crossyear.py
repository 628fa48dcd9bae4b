"""Cross-year checks: this year's report beside last year's (FORMAT.md: XYEAR-CARRY, XYEAR-VALID).

The rules are data (``CrossYearRule`` in the format, laid out as ``CrossCheck`` instances); this
module judges those instances over two checked ``Report``s, and pairs this year's reports with last
year's by 机关名称 and 报告年度. It reads reports only, never a workbook: last year's file is checked
as any file is, by its labels, so a drifted layout is read too.

    >>> from xlcheck.crossyear import compare
    >>> found = compare(xlcheck.check("2024.xlsx"), xlcheck.check("2023.xlsx"))
    >>> found.violations, found.not_assessed
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from . import explanations
from .formats.spec import CROSS_YEAR, Check, CrossCheck, Layout, layout
from .report import UNREAD, UNUSABLE, Implied, NotAssessed, Report, Violation
from .values import format_value

LAST_YEAR = "上年报告"  # how a cell of last year's file is named: 上年报告 表三!D29
_TRAILING = ".,;:!?。、"  # punctuation dropped from the end of a 机关名称 (after NFKC)
Notice = str | tuple[str, str | tuple[str, str]]  # as Report.notices holds them


def last_year_cell(sheet: str, cell: str) -> str:
    """A cell of last year's file as findings name it: ``上年报告 表三!D29``."""
    return f"{LAST_YEAR} {sheet}!{cell}"


# Characters that print as nothing (or as a blank) though they are no white space to str.split: a name
# pasted from the web carries them, and one unit must not become two by them.
_BLANKS = {0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0}


def agency_key(name: str) -> str:
    """机关名称 as pairing compares it: full and half width folded (NFKC), white space and invisible
    characters (format characters such as zero-width spaces, soft hyphens, BOM; Hangul fillers) removed,
    trailing punctuation dropped, Latin letters case-folded. ``'宿迁市 （全市）。'`` → ``'宿迁市(全市)'``."""
    text = "".join(unicodedata.normalize("NFKC", name).split())
    text = "".join(ch for ch in text if ord(ch) not in _BLANKS and unicodedata.category(ch) != "Cf")
    return text.rstrip(_TRAILING).casefold()


@dataclass(frozen=True)
class Findings:
    """What the cross-year rules found on this year's report (cells are this year's)."""

    violations: tuple[Violation, ...] = ()
    not_assessed: tuple[NotAssessed, ...] = ()
    implied: tuple[Implied, ...] = ()


# ------------------------------------------------------------------ judging two reports


def compare(this: Report, last: Report) -> Findings:
    """Judge the cross-year rules of this year's report against last year's.

    Both reports must have been checked (``report.error`` is None; else ValueError). Last year's may
    be in another format (a 2021 report beside a 2020 one in the 2019 format): the instances reading
    a cell its format lacks are left out. Values are those the reports' own rules used
    (``Report.values``, counts in 件): a blank counts as 0 and is not reported again (it is CELL-BLANK
    in its own report); a value that is None in either report (a value error, or a cell not located)
    leaves the instance not assessed, its ``because`` naming the cells at fault, last year's as
    ``上年报告 表三!D29``. Findings are blamed at this year's cells, where they stand in this year's
    workbook (``Report.cells``). A report with errors is still compared: its usable values are what it
    says.
    """
    if this.error or last.error:
        raise ValueError("compare() needs two checked reports")
    from .checker import FORMATS

    lay = layout(FORMATS[this.format])
    by_fields = {(c.rule, c.this, c.last): c for c in lay.cross_checks}
    failed: dict[CrossCheck, Violation] = {}
    not_assessed: list[NotAssessed] = []
    for inst in lay.cross_checks:
        if inst.last not in last.cells:
            continue  # last year's report is in a format without that cell (2019 has no 现行有效件数)
        sheet, cell = this.cells[inst.blame]
        here = [fid for read in inst.reads for fid in _unusable(lay, this, read)]
        there = _unusable(lay, last, inst.last)
        if here or there:
            causes = [_name(this.cells[fid], sheet) for fid in here] + [last_year_cell(*last.cells[f]) for f in there]
            unread = {fid in this.unread for fid in here} | {fid in last.unread for fid in there}
            reasons = tuple(r for r, not_read in ((UNUSABLE, False), (UNREAD, True)) if not_read in unread)
            not_assessed.append(NotAssessed(inst.rule, sheet, cell, tuple(dict.fromkeys(causes)), reasons))
            continue
        violation = _judge(lay, inst, this, last)
        if violation is not None:
            failed[inst] = violation
    violations, implied = [], []
    for inst, violation in failed.items():
        because = _implied_by(lay, inst, this, last, failed, by_fields)
        if because:
            implied.append(Implied(inst.rule, violation.sheet, violation.cell, because))
        else:
            violations.append(violation)
    return Findings(tuple(violations), tuple(not_assessed), tuple(implied))


def _judge(lay: Layout, inst: CrossCheck, this: Report, last: Report) -> Violation | None:
    """The violation of one assessable instance, or None when it holds."""
    now = {fid: this.values[fid] for fid in inst.reads}
    before = last.values[inst.last]
    should = before + sum(now[f] for f in inst.plus) - sum(now[f] for f in inst.minus)
    if now[inst.this] == should:
        return None
    found, gap = now[inst.blame], now[inst.this] - should
    # The blamed cell's value that would make the rule hold.
    expected = should if inst.blame == inst.this else found + gap if inst.blame in inst.plus else found - gap
    sheet, cell = this.cells[inst.blame]
    last_sheet, last_cell = last.cells[inst.last]
    last_at = last_year_cell(last_sheet, last_cell)
    here = {fid: _name(this.cells[fid], sheet) for fid in inst.reads}
    terms = [(op, f) for op, fids in ((1, inst.plus), (-1, inst.minus)) for f in fids]
    zh = f"{last_at} 为 {format_value(before)}" + "".join(
        f"，{'加' if op > 0 else '减'} {here[f]} 的 {format_value(now[f])}" for op, f in terms
    )
    en = f"last year's {last_sheet}!{last_cell} is {format_value(before)}" + "".join(
        f", {'plus' if op > 0 else 'minus'} {format_value(now[f])} at {here[f]}" for op, f in terms
    )
    if terms:
        zh, en = zh + f"，得 {format_value(should)}", en + f", makes {format_value(should)}"
    return Violation(
        lay.rules[inst.rule],
        sheet,
        cell,
        cells=(*dict.fromkeys([cell, *here.values()]), last_at),
        expected=expected,
        found=found,
        where=lay.fields[inst.blame].caption,
        detail=(zh, en),
        sides=(now[inst.this], should),
    )


def _implied_by(
    lay: Layout,
    inst: CrossCheck,
    this: Report,
    last: Report,
    failed: dict[CrossCheck, Violation],
    by_fields: dict[tuple[str, str, str], CrossCheck],
) -> tuple[str, ...]:
    """The findings that imply ``inst``'s failure, if any (then it is no violation of its own).

    Decided: table 三's 总计 column compares two template totals (T3-ROWTOTAL adds the six applicant
    columns in both years), and the same rule compares those columns pair by pair. While both
    years' row totals hold, a 总计 mismatch is exactly the sum of the applicant mismatches, so it
    follows from them; while a row total fails (this year's, reported here, or last year's, a
    mistake of last year's report), the 总计 comparison reads a wrong total and says nothing new.
    Only when a row total cannot be assessed and no applicant column fails is a 总计 mismatch
    reported on its own. Derived from the layout's totals, so any rule comparing sums pairwise
    is treated alike.
    """
    this_sum, last_sum = lay.totals.get(inst.this), lay.totals.get(inst.last)
    if inst.plus or inst.minus or not _pure_total(this_sum, inst.this) or not _pure_total(last_sum, inst.last):
        return ()
    assert this_sum is not None and last_sum is not None
    if len(this_sum.right) != len(last_sum.right):
        return ()
    parts = [by_fields.get((inst.rule, a, b)) for a, b in zip(this_sum.right, last_sum.right, strict=True)]
    if not all(parts):
        return ()
    sheet = this.cells[inst.blame][0]
    because = [_name(this.cells[p.blame], sheet) for p in parts if p in failed]
    if _holds(this, this_sum) is False:
        because.append(_name(this.cells[this_sum.blame], sheet))
    if _holds(last, last_sum) is False:
        because.append(last_year_cell(*last.cells[last_sum.blame]))
    return tuple(because)


def _pure_total(check: Check | None, fid: str) -> bool:
    return check is not None and check.left == (fid,)


def _holds(report: Report, check: Check) -> bool | None:
    """Whether a sum rule instance holds on a report's values; None when it cannot be assessed."""
    values = [report.values.get(fid) for fid in check.reads]
    if any(v is None for v in values):
        return None
    return sum(values[: len(check.left)]) == sum(values[len(check.left) :])


def _unusable(lay: Layout, report: Report, fid: str) -> list[str]:
    """The fields a field without a usable value gets that from: a total's own unusable terms, else itself."""
    if report.values.get(fid) is not None:
        return []
    total = lay.totals.get(fid)
    inner = [cause for term in total.right for cause in _unusable(lay, report, term)] if total else []
    return inner or [fid]


def _name(at: tuple[str, str], sheet: str) -> str:
    """A cell of this year's file: bare on the blamed sheet, else with its sheet."""
    return at[1] if at[0] == sheet else f"{at[0]}!{at[1]}"


# ------------------------------------------------------------------ pairing this year's reports with last year's


@dataclass
class LastYear:
    """Last year's reports, to pair this year's with.

    Each report pairs with the one of the same 机关名称 (``agency_key``) and 报告年度 − 1. With
    ``explicit`` (one file named as last year's for one file), the two are paired as given.
    """

    reports: Sequence[Report]
    explicit: bool = False
    index: dict[tuple[str, int], list[Report]] = field(init=False, default_factory=dict)
    unusable: list[Report] = field(init=False, default_factory=list)  # not checked, or no agency or year

    def __post_init__(self) -> None:
        self.reports = [_slim(r) for r in self.reports]
        for r in self.reports:
            if r.error is None and r.agency and r.year is not None:
                self.index.setdefault((agency_key(r.agency), r.year), []).append(r)
            else:
                self.unusable.append(r)

    def pair(self, report: Report) -> tuple[Report | None, list[Notice]]:
        """Last year's report for ``report`` (None when there is none to use) and the notices saying so."""
        if self.explicit:
            (last,) = self.reports
            if last.error:
                return None, [("xyear-last-unchecked", (last.error.message("zh"), last.error.message("en")))]
            if last.year is not None and report.year is not None and last.year != report.year - 1:
                detail = (f"{last.path}（{last.year} 年）", f"{last.path} ({last.year})")
                return None, [("xyear-not-consecutive", detail)]
            if last.agency and report.agency and agency_key(last.agency) != agency_key(report.agency):
                return last, [("xyear-other-agency", (f"上年为「{last.agency}」", f"last year: {last.agency!r}"))]
            return last, []
        if not report.agency or report.year is None:
            return None, ["xyear-no-key"]
        found = self.index.get((agency_key(report.agency), report.year - 1), [])
        if len(found) > 1:
            paths = [r.path for r in found]
            if all(r.values == found[0].values and r.unread == found[0].unread for r in found):
                # copies with the same figures (a file saved twice): whichever is read, the checks agree
                return found[0], [
                    ("xyear-copies", (f"{'、'.join(paths)}，用 {paths[0]}", f"{', '.join(paths)}; used {paths[0]}"))
                ]
            return None, [("xyear-ambiguous", ("、".join(paths), ", ".join(paths)))]
        if not found:
            return None, [("xyear-unpaired", self.unpaired_detail(report.agency, report.year - 1))]
        return found[0], []

    def unpaired_detail(self, agency: str, year: int) -> tuple[str, str]:
        zh, en = f"「{agency}」{year} 年", f"{agency!r}, {year}"
        if self.unusable:  # the missing one may be among them: say so, naming a few
            names = [r.path for r in self.unusable[:3]]
            more = len(self.unusable) > 3
            zh += f"；上年报告中另有 {len(self.unusable)} 个文件无法检查或缺少机关名称、报告年度：" + "、".join(names)
            en += f"; {len(self.unusable)} of last year's files could not be checked or lack agency or year: "
            zh, en = zh + ("等" if more else ""), en + ", ".join(names) + (", …" if more else "")
        return zh, en

    def join(self, report: Report) -> Report:
        """``report`` with its cross-year findings and notices added (a new Report; the given one is unchanged).

        A report that could not be checked is returned as it is.
        """
        if report.error:
            return report
        last, notices = self.pair(report)
        found = Findings()
        if last is not None:
            found = compare(report, last)
            notices.append(("xyear-compared", last.path))
            if last.errors:
                notices.append(("xyear-last-has-errors", last.path))
        joined = replace(
            report,
            violations=[*report.violations, *found.violations],
            not_assessed=[*report.not_assessed, *found.not_assessed],
            implied=[*report.implied, *found.implied],
            notices=[*report.notices, *notices],
        )
        joined.violations = joined.sorted_violations()
        return explanations.attach(joined, CROSS_YEAR) if last is not None else joined


def _slim(report: Report) -> Report:
    """Last year's report with only what pairing and the cross-year rules read: its name, year, whether
    it has errors, and the values and cells of the fields the rules take from last year (with the terms
    of those that are totals). A folder's worth of them stays small in memory."""
    if report.error:
        return report
    from .checker import FORMATS

    wanted = _last_year_fields(layout(FORMATS[report.format]))
    return replace(
        report,
        violations=report.errors[:1],
        not_assessed=[],
        implied=[],
        sheet_order=[],
        values={fid: v for fid, v in report.values.items() if fid in wanted},
        cells={fid: at for fid, at in report.cells.items() if fid in wanted},
        sources={},
        unread=report.unread & wanted,
    )


def _last_year_fields(lay: Layout) -> frozenset[str]:
    wanted: set[str] = set()
    todo = [inst.last for inst in lay.cross_checks]
    while todo:
        fid = todo.pop()
        if fid not in wanted:
            wanted.add(fid)
            todo += lay.totals[fid].right if fid in lay.totals else []
    return frozenset(wanted)


def last_year_of(
    last_year: Sequence[str], *, this_year: Sequence[str], given: Sequence[str] = (), jobs: int | None = None
) -> LastYear:
    """Last year's reports, checked (on ``jobs`` processes) and ready to ``join`` this year's as they come.

    ``last_year``: the files and folders of last year's reports. ``this_year``: the files to be
    joined; ``given``: the paths they came from. One file given and one last-year file are paired as
    given, anything else by 机关名称 and 报告年度.
    """
    from .batch import check_all

    def one_file(paths: Sequence[str]) -> bool:
        return len(paths) == 1 and not os.path.isdir(paths[0])

    explicit = len(this_year) == 1 and one_file(given) and one_file(last_year)
    return LastYear(check_all(last_year, jobs=jobs), explicit=explicit)


def with_last_year(reports: Sequence[Report], last_year: Sequence[str], given: Sequence[str] = ()) -> list[Report]:
    """``reports`` joined with last year's (``xlcheck check … --last-year``).

    Never raises for a bad file: what could not be used is a notice on the reports it concerns.
    """
    last = last_year_of(last_year, this_year=[r.path for r in reports], given=given)
    return [last.join(r) for r in reports]
