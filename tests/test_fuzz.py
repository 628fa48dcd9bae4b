"""A short, fixed-seed run of the byte-mutation fuzzer (tests/fuzz.py runs the long ones by hand)."""

from __future__ import annotations

from fuzz import run

from xlcheck.errors import MESSAGES


def test_mutants_of_real_workbooks_give_a_report_or_a_coded_error():
    summary = run(150, seed=2021)
    assert not summary.failures, summary.text()
    assert summary.mutants == 150
    assert summary.outcomes["report"] > 0, summary.text()
    codes = {k for k in summary.outcomes if k != "report"}
    assert codes and codes <= set(MESSAGES), summary.text()
    structure_aware = summary.kinds["zip"] + summary.kinds["package"]
    assert structure_aware >= summary.mutants // 2, "structure-aware mutants must be at least half"
    assert summary.kinds["package"] >= 10, "the package's structure (relations, content types, sheets) is mutated too"
