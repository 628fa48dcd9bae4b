"""The bundled samples: regenerated from the template they match; clean is clean; mistakes show every rule."""

from __future__ import annotations

import importlib.util

import pytest
from helpers import ROOT, canonical, found

import xlcheck
from xlcheck.formats.spec import ERROR


@pytest.fixture(scope="module")
def make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "samples" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_samples_are_up_to_date(make_samples, tmp_path):
    assert canonical(make_samples.make_clean(tmp_path / "c.xlsx")) == canonical(make_samples.CLEAN), (
        "samples/ are stale: run  python samples/make_samples.py"
    )
    assert canonical(make_samples.make_mistakes(tmp_path / "m.xlsx")) == canonical(make_samples.MISTAKES)


def test_the_seed_sample_checks_clean(make_samples):
    report = xlcheck.check(make_samples.CLEAN)
    assert report.violations == [] and report.not_assessed == [] and report.exit_code() == 0


def test_the_mistakes_sample_shows_every_error_rule(make_samples):
    report = xlcheck.check(make_samples.MISTAKES)
    error_rules = {r.id for r in xlcheck.FORMAT_2021.rules if r.severity == ERROR}
    assert {v.rule for v in report.errors} == error_rules


def test_each_planted_mistake_is_found_at_its_cell(make_samples):
    report = found(xlcheck.check(make_samples.MISTAKES))
    cells = {(rule, sheet, cell) for rule, _, sheet, cell in report}
    lay = make_samples.LAYOUT
    for field_id, _, why in make_samples.MISTAKES_TYPED:
        rule = why.split(":")[0]
        f = lay.fields[field_id]
        assert (rule, f.sheet, f.cell) in cells, why
    for sheet, cell, _, why in make_samples.MISTAKES_LABELS:
        assert ("LAYOUT", sheet, cell) in cells, why
