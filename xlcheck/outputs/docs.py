"""Documentation generated from the spec: the rule table of ``xlcheck rules`` and the README."""

from __future__ import annotations

from ..formats.format2021 import FORMAT_2021
from ..formats.spec import Format
from ..report import SEVERITY_NAMES


def rules_rows(lang: str = "zh", fmt: Format = FORMAT_2021) -> list[tuple[str, str, str]]:
    """(id, severity, description) for every rule of ``fmt`` (default the 2021 format)."""
    return [(r.id, SEVERITY_NAMES[lang][r.severity], r.zh if lang == "zh" else r.en) for r in fmt.rules]


def rules_markdown(lang: str = "zh", fmt: Format = FORMAT_2021) -> str:
    head = ("| 规则 | 级别 | 说明 |" if lang == "zh" else "| rule | severity | description |") + "\n|---|---|---|"
    return "\n".join([head, *(f"| {i} | {s} | {d} |" for i, s, d in rules_rows(lang, fmt))])
