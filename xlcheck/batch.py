"""Many files at once: the paths people give (folders included), checked one by one."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path

from .report import Report

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
LOCK_PREFIX = "~$"  # Excel's lock file beside an open workbook: not a workbook


def expand(paths: Iterable[str | PathLike[str]]) -> list[str]:
    """Files to check: each file as given; each folder's .xlsx/.xlsm files, by name, lock files skipped.

    A path that does not exist is kept, so checking it reports it as missing.
    """
    out: list[str] = []
    for path in map(os.fspath, paths):
        if os.path.isdir(path):
            entries = sorted(Path(path).iterdir(), key=lambda p: p.name)
            out += [
                str(p)
                for p in entries
                if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(LOCK_PREFIX) and p.is_file()
            ]
        else:
            out.append(path)
    return out


def check_all(
    paths: Iterable[str | PathLike[str]], progress: Callable[[int, int, str], None] | None = None
) -> list[Report]:
    """Check every file ``expand`` finds; ``progress(i, n, path)`` is called before each."""
    from .checker import check

    files = expand(paths)
    reports = []
    for i, path in enumerate(files, 1):
        if progress:
            progress(i, len(files), path)
        reports.append(check(path))
    return reports
