"""Cerberus schemas for field values, derived from the spec's field kinds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any, ClassVar

from cerberus import TypeDefinition, Validator

from .formats.spec import AMOUNT, COUNT, NARRATIVE, TEXT, YEAR
from .values import decimals

MAX_DECIMALS = 6  # 万元 to the 分


class FieldValidator(Validator):
    # bool is an int in Python; a TRUE/FALSE cell is never a count or an amount.
    types_mapping: ClassVar[dict[str, TypeDefinition]] = {
        **Validator.types_mapping,
        "whole": TypeDefinition("whole", (int,), (bool,)),
        "amount": TypeDefinition("amount", (int, float), (bool,)),
    }

    def _check_with_fee_decimals(self, field: str, value: Any) -> None:
        if isinstance(value, float) and decimals(value) > MAX_DECIMALS:
            self._error(field, f"more than {MAX_DECIMALS} decimals")


def kind_schema(kind: str, first_year: int, this_year: int) -> dict[str, Any]:
    """The schema one value of ``kind`` must satisfy."""
    return {
        COUNT: {"type": "whole", "min": 0},
        AMOUNT: {"type": "amount", "min": 0, "check_with": "fee_decimals"},
        YEAR: {"type": "whole", "min": first_year, "max": this_year},
        TEXT: {"type": "string"},
        NARRATIVE: {"type": "string"},
    }[kind]


@cache
def _validator(first_year: int, this_year: int) -> FieldValidator:
    kinds = (COUNT, AMOUNT, YEAR, TEXT, NARRATIVE)
    schema = {k: {"type": "list", "schema": kind_schema(k, first_year, this_year)} for k in kinds}
    return FieldValidator(schema)


def rejected(values: Iterable[tuple[str, Any]], first_year: int, this_year: int) -> set[tuple[str, type, Any]]:
    """The (kind, type, value) triples, among ``(kind, value)`` pairs, that their schema refuses.

    Each distinct value is validated once: a workbook repeats a few values (mostly 0) hundreds of
    times, and cerberus costs tens of microseconds a value.
    """
    distinct: dict[str, dict[tuple[type, Any], Any]] = defaultdict(dict)
    for kind, value in values:
        distinct[kind].setdefault((type(value), value), value)
    document = {kind: list(vals.values()) for kind, vals in distinct.items()}
    validator = _validator(first_year, this_year)
    if validator.validate(document):
        return set()
    bad = set()
    for kind, errors in validator.errors.items():
        keys = list(distinct[kind])
        for index in errors[0]:
            bad.add((kind, *keys[index]))
    return bad
