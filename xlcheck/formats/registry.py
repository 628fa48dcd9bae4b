"""The formats xlcheck knows, by id (``_xlcheck`` sheet, ``report.format``, ``template --format``)."""

from __future__ import annotations

from .format2019 import FORMAT_2019
from .format2021 import FORMAT_2021
from .spec import Format

# The current format first: it is assumed when nothing says otherwise, and wins a tie.
FORMATS: dict[str, Format] = {FORMAT_2021.id: FORMAT_2021, FORMAT_2019.id: FORMAT_2019}
CURRENT = FORMAT_2021


def format_for_year(year: int | None) -> Format | None:
    """The format reports for ``year`` are made in (``Format.governs``), or None (no year, or before 2019)."""
    return next((f for f in FORMATS.values() if year is not None and f.governs(year)), None)
