"""The README's pictures are made from the current template and summary by docs/make_pictures.py."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest
from helpers import ROOT, soffice

from xlcheck.outputs.summary import summary_fingerprint
from xlcheck.outputs.template import template_fingerprint

DOCS = ROOT / "docs"


def test_pictures_are_from_the_current_template():
    recorded = json.loads((DOCS / "pictures.json").read_text(encoding="utf-8"))
    assert recorded["template_fingerprint"] == template_fingerprint(), (
        "the template changed since the pictures were made: run  python docs/make_pictures.py"
    )


def test_the_summary_pictures_are_from_the_current_summary():
    recorded = json.loads((DOCS / "pictures.json").read_text(encoding="utf-8"))
    assert recorded["summary_fingerprint"] == summary_fingerprint(), (
        "the summary workbook changed since its pictures were made: run  python docs/make_pictures.py"
    )


def test_the_summary_fingerprint_follows_its_looks(monkeypatch):
    import xlcheck.outputs.summary as summary

    before = summary_fingerprint()
    monkeypatch.setattr(summary, "OVERVIEW_WIDTHS", (1,) * len(summary.OVERVIEW_WIDTHS))
    assert summary_fingerprint() != before


def test_the_readme_shows_every_picture():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\((docs/[^)]+\.png)\)", readme))
    made = {f"docs/{name}" for name in json.loads((DOCS / "pictures.json").read_text(encoding="utf-8"))["pictures"]}
    assert shown == made
    assert all((ROOT / p).stat().st_size > 10_000 for p in shown)


def test_the_fingerprint_follows_the_template(monkeypatch):
    import xlcheck.outputs.template as template

    before = template_fingerprint()
    monkeypatch.setattr(template, "INPUT_FILL", "#FFFFFF")
    assert template_fingerprint() != before


@pytest.mark.libreoffice
def test_the_picture_script_renders_every_picture(tmp_path):
    soffice()
    spec = importlib.util.spec_from_file_location("make_pictures", DOCS / "make_pictures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.main(tmp_path)
    assert [p.name for p in made] == [
        "template.png",
        "live-check.png",
        "check-sheet.png",
        "annotated.png",
        "summary-overview.png",
        "summary-findings.png",
    ]
    assert all(p.read_bytes().startswith(b"\x89PNG") and p.stat().st_size > 10_000 for p in made)
