"""Cerberus schemas for field values, derived from the spec's field kinds."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, ClassVar

from cerberus import TypeDefinition, Validator

from .formats.spec import AMOUNT, COUNT, NARRATIVE, SIGNED_COUNT, TEXT, YEAR
from .values import decimals, finite

MAX_DECIMALS = 6  # 万元 to the 分


class FieldValidator(Validator):
    # bool is an int in Python; a TRUE/FALSE cell is never a count or an amount.
    types_mapping: ClassVar[dict[str, TypeDefinition]] = {
        **Validator.types_mapping,
        "whole": TypeDefinition("whole", (int,), (bool,)),
        "amount": TypeDefinition("amount", (int, float), (bool,)),
    }

    def _check_with_fee_decimals(self, field: str, value: Any) -> None:
        if isinstance(value, float) and finite(value) and decimals(value) > MAX_DECIMALS:
            self._error(field, f"more than {MAX_DECIMALS} decimals")

    def _check_with_figure(self, field: str, value: Any) -> None:
        if isinstance(value, (int, float)) and not finite(value):  # inf, nan, 10^15 and beyond
            self._error(field, "not a representable figure")


def kind_schema(kind: str, first_year: int, this_year: int) -> dict[str, Any]:
    """The schema one value of ``kind`` must satisfy."""
    return {
        COUNT: {"type": "whole", "min": 0, "check_with": "figure"},
        SIGNED_COUNT: {"type": "whole", "check_with": "figure"},
        AMOUNT: {"type": "amount", "min": 0, "check_with": ["figure", "fee_decimals"]},
        YEAR: {"type": "whole", "min": first_year, "max": this_year},
        TEXT: {"type": "string"},
        NARRATIVE: {"type": "string"},
    }[kind]


# A cerberus Validator keeps the document it is validating: one per thread, never shared.
_local = threading.local()
# Verdicts already reached, by (first year, this year, kind, type, value): a value is judged once per
# process, whatever file or thread it comes from. Values repeat (mostly small counts), so it stays small;
# long texts are not kept, and it is emptied should it ever grow past MAX_VERDICTS.
_verdicts: dict[tuple, bool] = {}
MAX_VERDICTS = 50_000
MAX_KEPT_TEXT = 64


def _validator(first_year: int, this_year: int) -> FieldValidator:
    validators = _local.__dict__.setdefault("validators", {})
    validator = validators.get((first_year, this_year))
    if validator is None:
        kinds = (COUNT, SIGNED_COUNT, AMOUNT, YEAR, TEXT, NARRATIVE)
        schema = {k: {"type": "list", "schema": kind_schema(k, first_year, this_year)} for k in kinds}
        validator = validators[(first_year, this_year)] = FieldValidator(schema)
    return validator


def rejected(values: Iterable[tuple[str, Any]], first_year: int, this_year: int) -> set[tuple[str, type, Any]]:
    """The (kind, type, value) triples, among ``(kind, value)`` pairs, that their schema refuses.

    Each distinct value is validated once per process: a workbook repeats a few values (mostly 0)
    hundreds of times, folders repeat them thousands of times, and cerberus costs tens of
    microseconds a value. Safe from many threads.
    """
    bad: set[tuple[str, type, Any]] = set()
    unknown: dict[str, dict[tuple[type, Any], Any]] = defaultdict(dict)
    for kind, value in values:
        key = (first_year, this_year, kind, type(value), value)
        verdict = _verdicts.get(key)
        if verdict is None:
            unknown[kind].setdefault((type(value), value), value)
        elif not verdict:
            bad.add((kind, type(value), value))
    if not unknown:
        return bad
    document = {kind: list(vals.values()) for kind, vals in unknown.items()}
    validator = _validator(first_year, this_year)
    errors = {} if validator.validate(document) else validator.errors
    if len(_verdicts) > MAX_VERDICTS:
        _verdicts.clear()
    for kind, vals in unknown.items():
        refused = set(errors[kind][0]) if kind in errors else set()
        for index, (typ, value) in enumerate(vals):
            if index in refused:
                bad.add((kind, typ, value))
            if not isinstance(value, str) or len(value) <= MAX_KEPT_TEXT:
                _verdicts[(first_year, this_year, kind, typ, value)] = index not in refused
    return bad
