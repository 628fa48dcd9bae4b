"""A published report (web page, Word file) typed into the official template: ``xlcheck import``.

The template is that of the format the document was checked by (its year's: a 2024 report printed in
the 2019 layout goes into the 2021 template, the one it must be made in). Every figure goes where the
template has it, as the document prints it (``3件`` stays text, a blank stays blank), so the workbook
checks with the document's own findings, by rule and cell, with three exact differences:

- LAYOUT: the template prints the format's labels, so the document's own labels are not carried;
- a cell the document could not be read for (its row or column not found, or labelled otherwise: the
  2019 rows and columns a 2021 table has no place for) holds ``UNREAD_MARK``: NUM-COUNT (NUM-AMOUNT)
  there, and every rule reading it is not assessed, as on the document. A blank would count as 0 and
  judge those rules on a figure the document never printed;
- PUB-LATE: a workbook records no publication date.

A total is the template's formula when the document's figure equals it; otherwise the printed figure
replaces the formula, as staff typing over it would, so a wrong total stays wrong until it is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from ..checker import FORMATS, check_as_printed
from ..errors import CheckError
from ..formats.spec import LAYOUT_RULE, NUMBER_KINDS, layout
from ..report import Report
from ..sources.intake import Source
from ..values import UNREAD_MARK
from .template import make_template


@dataclass(frozen=True)
class Imported:
    """What ``import_document`` wrote: the workbook, the document's report, and what it left out."""

    path: Path
    report: Report
    layout_findings: int  # labels printed otherwise than the format's: the template has the format's
    unread: tuple[str, ...]  # field ids the document could not be read for (written as UNREAD_MARK)


def import_document(source: Source, out: str | PathLike[str], *, name: str | None = None) -> Imported:
    """Check a published report (a path, bytes or a binary file object: a web page, an MHTML page or
    a .docx) and write its figures and narrative into the template of the format it was checked by.

    Raises ``CheckError`` when the document cannot be checked (``report.error``'s code), or
    ``not-a-document`` for a workbook (check it directly); ``OSError`` when ``out`` cannot be
    written. ``out`` is written whatever is there: the command line vets it first (``vet_output``).
    """
    report, printed = check_as_printed(source, name=name)
    if report.error is not None:
        raise report.error
    if not report.sources:  # a workbook's findings keep its own cells; only a document's are canonical
        raise CheckError("not-a-document", report.path)
    fmt = FORMATS[report.format]
    values = template_values(report, printed)
    path = make_template(out, values=values, fmt=fmt)
    lay = layout(fmt)
    unread = tuple(fid for fid, f in lay.fields.items() if values.get(fid) == UNREAD_MARK)
    found = sum(v.rule == LAYOUT_RULE for v in report.violations)
    return Imported(path, report, found, unread)


def template_values(report: Report, printed: dict[str, Any]) -> dict[str, Any]:
    """Field id -> what to type into the template (``make_template(values=...)``) for a checked document."""
    lay = layout(FORMATS[report.format])
    values: dict[str, Any] = {}
    for fid in lay.fields:
        if fid in report.unread and fid not in lay.totals and lay.fields[fid].kind in NUMBER_KINDS:
            values[fid] = UNREAD_MARK  # not read: marked, never a blank that would count as 0
            continue
        if fid not in printed:
            continue  # a total not read: the template's own formula
        if fid in lay.totals and _sums_up(report, fid, printed[fid]):
            continue  # the template's formula gives the printed figure
        values[fid] = printed[fid]
    return values


def _sums_up(report: Report, fid: str, printed: Any) -> bool:
    """Whether the printed total equals the sum of its terms' usable values (a blank counts 0)."""
    terms = [report.values.get(t) for t in layout(FORMATS[report.format]).totals[fid].right]
    if isinstance(printed, bool) or not isinstance(printed, (int, float)) or any(t is None for t in terms):
        return False
    return printed == sum(terms)
