"""The workbook's own live checks agree with ``xlcheck check``, rule instance by rule instance.

Random workbooks (clean ones, and ones with the mistakes staff make) are typed with openpyxl,
recalculated in full by headless LibreOffice, and the verdicts the workbook's 「校验结果」 sheet
computed are compared with the Python checker's, per rule instance and per blamed cell.

    XLCHECK_LIVE_N=1000 XLCHECK_LIVE_SEED=7 python -m pytest tests/test_live_checks.py

runs more or other workbooks.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import openpyxl
import pytest
from helpers import clean_values, convert_all, values_with_mistakes

import xlcheck
from xlcheck.formats.format2021 import FORMAT_2021
from xlcheck.formats.spec import AMOUNT, COUNT, NUMBER_KINDS, SIGNED_COUNT, Layout, layout
from xlcheck.outputs.excel import (
    CHECK_SHEET,
    COLUMNS,
    FAIL,
    FIRST_ROW,
    PASS,
    UNASSESSED,
    implied_cells,
    implied_result,
)

pytestmark = pytest.mark.libreoffice

COUNT_N = int(os.environ.get("XLCHECK_LIVE_N", "220"))
SEED = int(os.environ.get("XLCHECK_LIVE_SEED", "20261128"))
LAYOUT = layout(FORMAT_2021)
SUM_RULES = {c.rule for c in LAYOUT.checks}
FULL_WIDTH = str.maketrans("0123456789-.", "０１２３４５６７８９－．")


def table_fields(lay: Layout) -> list:
    return [f for f in lay.fields.values() if f.kind in NUMBER_KINDS]


def inputs(lay: Layout) -> list:
    return [f for f in table_fields(lay) if f.id not in lay.totals]


def totals(lay: Layout) -> list:
    return [lay.fields[fid] for fid in lay.totals]


def consistent(rng: random.Random, lay: Layout = LAYOUT) -> dict[str, object]:
    """Field id -> value for a report that breaks no rule; totals mostly left to their formulas."""
    values: dict[str, object] = {}
    small = lambda: rng.choice([0, 0, 0, rng.randint(1, 9), rng.randint(10, 400)])  # noqa: E731
    for f in inputs(lay):
        if f.kind == SIGNED_COUNT:  # 2019's 本年增/减: a change either way
            values[f.id] = rng.choice([1, -1]) * small()
            continue
        values[f.id] = small() if f.kind == COUNT else round(rng.uniform(0, 5000), rng.randint(0, 6))
    for col in ("natural", "business", "research", "nonprofit", "legal", "other"):
        settled = sum(
            v
            for k, v in values.items()
            if k.startswith("t3.")
            and k.endswith(f".{col}")
            and k.split(".")[1] not in ("new", "carried_in", "carry_out", "total")
        )
        carried_in = values[f"t3.carried_in.{col}"] = rng.choice([0, rng.randint(0, 5)])
        values[f"t3.carry_out.{col}"] = rng.choice([0, rng.randint(0, 5)])
        values[f"t3.new.{col}"] = settled + values[f"t3.carry_out.{col}"] - carried_in
        if values[f"t3.new.{col}"] < 0:
            values[f"t3.carry_out.{col}"] -= values[f"t3.new.{col}"]
            values[f"t3.new.{col}"] = 0
    if rng.random() < 0.3:  # staff type every total by hand, correctly
        for fid in _in_order(lay):
            values[fid] = sum(values[t] for t in lay.totals[fid].right)
    values.update(
        {
            "meta.agency": rng.choice(["某某县人民政府办公室", "某市某某局"]),
            "meta.year": rng.randint(2019, 2025),
            "text.overview": "本年度依法推进政府信息公开工作。",
            "text.problems": "公开内容的解读还不够生动。",
            "text.other": rng.choice(["本机关未收取信息处理费。", "本年度共收取信息处理费 380 元。"]),
        }
    )
    return values


def _in_order(lay: Layout) -> list[str]:
    """Totals ordered so that each comes after the totals it adds up."""
    done: list[str] = []

    def visit(fid: str) -> None:
        for t in lay.totals[fid].right:
            if t in lay.totals and t not in done:
                visit(t)
        if fid not in done:
            done.append(fid)

    for fid in lay.totals:
        visit(fid)
    return done


def mistake(rng: random.Random, values: dict[str, object], lay: Layout = LAYOUT) -> None:
    """One mistake of the kinds real reports show, typed over ``values``."""
    f = rng.choice(inputs(lay))
    v = values.get(f.id)
    n = v if isinstance(v, int) else 3
    kind = rng.choice(
        [
            "wrong_total",
            "wrong_total",
            "wrong_input",
            "blank",
            "text_digits",
            "negative",
            "fraction",
            "words",
            "error_value",
            "bool",
            "cover",
            "narrative",
            "fee",
        ]
    )
    if kind == "wrong_total":
        t = rng.choice(totals(lay))
        right = sum(values.get(x, 0) if isinstance(values.get(x), int) else 0 for x in lay.totals[t.id].right)
        values[t.id] = max(0, right + rng.choice([-3, -1, 1, 2, 10]))
    elif kind == "wrong_input":
        values[f.id] = n + rng.randint(1, 5) if f.kind == COUNT else n
    elif kind == "blank":
        values[rng.choice([f, *totals(lay)]).id] = rng.choice([None, "", "   ", "\u3000"])
    elif kind == "text_digits":
        values[f.id] = rng.choice([str(n), str(n).translate(FULL_WIDTH), f" {n} ", f"{n}.0", f"{n + 0.5}"])
    elif kind == "negative":
        values[f.id] = rng.choice([-n - 1, f"-{n + 1}", f"－{n + 1}".translate(FULL_WIDTH)])
    elif kind == "fraction":
        values[f.id] = (
            rng.choice([n + 0.5, n + 0.25, 1.2345678]) if f.kind != AMOUNT else rng.choice([1.2345678, 0.1234567, 12.5])
        )
    elif kind == "words":
        values[f.id] = rng.choice([f"{n}件", "/", "-", "—", "无", f"{n}万元", "22（其中修订16件）"])
    elif kind == "error_value":
        values[f.id] = rng.choice(["#DIV/0!", "#REF!", "#N/A", "#VALUE!"])
    elif kind == "bool":
        values[f.id] = rng.choice([True, False])
    elif kind == "cover":
        key = rng.choice(["meta.agency", "meta.year"])
        values[key] = rng.choice(
            [None, "  ", 2007, 2031, "2024年", "2024", 2024.5] if key == "meta.year" else [None, "  ", "\u3000"]
        )
    elif kind == "narrative":
        key = rng.choice(["text.overview", "text.problems", "text.other"])
        values[key] = rng.choice([None, " ", "本机关认真办理建议提案。"])
    else:  # the format's amount in 万元 (2021: the fee; 2019: 采购总金额)
        amount = next(f for f in lay.fields.values() if f.kind == AMOUNT)
        values[amount.id] = rng.choice(["12.5万元", "12.5", -1.5, 3.1415926, "无"])


def random_workbooks(template: Path, outdir: Path, lay: Layout = LAYOUT, n: int = COUNT_N) -> list[Path]:
    rng = random.Random(SEED)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        values = consistent(rng, lay)
        for _ in range(0 if i % 5 == 0 else rng.randint(1, 4)):  # every fifth one is clean
            mistake(rng, values, lay)
        wb = openpyxl.load_workbook(template)
        for fid, value in values.items():
            f = lay.fields[fid]
            wb[f.sheet][f.cell] = value
        paths.append(outdir / f"fill{i:04d}.xlsx")
        wb.save(paths[-1])
    return paths


def workbook_verdicts(path: Path, sum_rules: set[str] = SUM_RULES) -> tuple[dict, dict]:
    """What the recalculated 「校验结果」 sheet says: sum rule verdicts, and each cell's broken rule."""
    ws = openpyxl.load_workbook(path, data_only=True, read_only=True)[CHECK_SHEET]
    col = {name: i for i, name in enumerate(COLUMNS)}
    sums, cells = {}, {}
    for row in ws.iter_rows(min_row=FIRST_ROW, values_only=True):
        if row[col["规则"]] is None:
            break
        rule, sheet, cell, result = (row[col[c]] for c in ("规则", "工作表", "单元格", "结果"))
        assert result in (PASS, FAIL, UNASSESSED) or implied_cells(result), (path.name, row)
        if rule in sum_rules:
            sums[(rule, sheet, cell)] = result
        else:
            cells[(sheet, cell)] = row[col["问题"]] or None
    return sums, cells


def checker_verdicts(report: xlcheck.Report, lay: Layout = LAYOUT) -> tuple[dict, dict]:
    """The same, from ``xlcheck check``: an implied failure names its causes as the sheet does."""
    failed = {(v.rule, v.sheet, v.cell) for v in report.violations}
    unassessed = {(n.rule, n.sheet, n.cell) for n in report.not_assessed}
    implied = {(i.rule, i.sheet, i.cell): implied_result(i.because) for i in report.implied}
    sums = {}
    for c in lay.checks:
        f = lay.fields[c.blame]
        key = (c.rule, f.sheet, f.cell)
        sums[key] = FAIL if key in failed else UNASSESSED if key in unassessed else implied.get(key, PASS)
    cells = {(f.sheet, f.cell): None for f in lay.fields.values() if f.blank_rule or f.kind in NUMBER_KINDS}
    sum_rules = {c.rule for c in lay.checks}
    for v in report.violations:
        if v.rule not in sum_rules:
            assert cells[(v.sheet, v.cell)] is None, f"two cell rules at {v.cell}"
            cells[(v.sheet, v.cell)] = v.rule
    return sums, cells


def test_live_checks_agree_with_the_checker(template, lo_profile, tmp_path):
    sources = random_workbooks(template, tmp_path / "filled")
    recalculated = convert_all(sources, "xlsx", tmp_path / "recalculated", lo_profile)
    rules_seen, outcomes = live_checks_agree(sources, recalculated)
    if COUNT_N < 200:
        return  # too few workbooks to promise that every rule and verdict came up
    # The random fills reached every rule the live checks express, and every verdict.
    # All single-workbook rules but LAYOUT are live (the cross-year rules need last year's file).
    assert rules_seen >= {r.id for r in FORMAT_2021.workbook_rules} - {"LAYOUT"}
    assert all(outcomes.values()), outcomes
    assert len(sources) >= min(COUNT_N, 200)


def live_checks_agree(sources: list[Path], recalculated: list[Path], lay: Layout = LAYOUT) -> tuple[set[str], dict]:
    """Assert each recalculated workbook's 校验结果 says what ``xlcheck check`` says of its source;
    return the rules seen broken and how often each sum verdict came up."""
    rules_seen: set[str] = set()
    outcomes = {PASS: 0, FAIL: 0, UNASSESSED: 0, "implied": 0}
    for source, recalc in zip(sources, recalculated, strict=True):
        report = xlcheck.check(source)
        assert report.error is None and report.format == lay.format.id
        expected_sums, expected_cells = checker_verdicts(report, lay)
        sums, cells = workbook_verdicts(recalc, {c.rule for c in lay.checks})
        assert sums == expected_sums, _diff(source, sums, expected_sums)
        assert cells == expected_cells, _diff(source, cells, expected_cells)
        rules_seen |= {v.rule for v in report.violations}
        for verdict in sums.values():
            outcomes["implied" if implied_cells(verdict) else verdict] += 1
    return rules_seen, outcomes


def _diff(path: Path, got: dict, want: dict) -> str:
    keys = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
    return f"{path.name}: " + "; ".join(
        f"{k}: sheet says {got.get(k)!r}, xlcheck says {want.get(k)!r}" for k in keys[:8]
    )


def test_the_template_as_written_holds_the_results_a_recalculation_gives(template, lo_profile, tmp_path):
    # Previewed or printed without recalculating, a workbook shows its formulas' saved results:
    # the blank template, a clean prefilled one and one prefilled with mistakes must save the
    # results LibreOffice computes, cell by cell, on 校验结果, its hidden mirrors and the totals.
    sources = [
        template,
        xlcheck.make_template(tmp_path / "clean.xlsx", values=clean_values()),
        xlcheck.make_template(tmp_path / "mistakes.xlsx", values=values_with_mistakes()),
    ]
    saved_results_hold(sources, convert_all(sources, "xlsx", tmp_path / "recalculated", lo_profile))


def saved_results_hold(sources: list[Path], recalculated: list[Path], lay: Layout = LAYOUT) -> None:
    """Assert every formula of each source saved the result LibreOffice's recalculation gives."""
    for source, recalc in zip(sources, recalculated, strict=True):
        saved, computed = (openpyxl.load_workbook(p, data_only=True) for p in (source, recalc))
        formulas = openpyxl.load_workbook(source)
        checked = 0
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith("="):
                        got, want = saved[ws.title][c.coordinate].value, computed[ws.title][c.coordinate].value
                        assert _same(got, want), f"{source.name} {ws.title}!{c.coordinate}: saved {got!r}, is {want!r}"
                        checked += 1
        assert checked > len(lay.checks) + 10 * len(table_fields(lay))  # every row of 校验结果, its mirrors, the totals


def _same(saved, computed) -> bool:
    numbers = (int, float)
    if isinstance(saved, numbers) and isinstance(computed, numbers) and bool not in (type(saved), type(computed)):
        return abs(saved - computed) <= 1e-9 * max(1, abs(computed))
    return saved == computed and type(saved) is type(computed)
