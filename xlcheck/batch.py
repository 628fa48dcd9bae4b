"""Many files at once: the paths people give (folders included), checked one by one."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from os import PathLike

from .report import Report

# What people drop into a submissions folder: every spreadsheet (checked, or refused with a coded
# error that says what to do, such as "save it as .xlsx"), spreadsheets saved as web pages, and the
# documents a report arrives as instead (a PDF, a Word or WPS file), so none passes in silence.
SPREADSHEET_SUFFIXES = (
    *(".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".xlsb"),  # Excel
    *(".et", ".ett", ".ods", ".ots", ".csv"),  # WPS, OpenDocument, plain data
)
WEB_PAGE_SUFFIXES = (".htm", ".html", ".mht", ".mhtml")
DOCUMENT_SUFFIXES = (".pdf", ".ofd", ".doc", ".docx", ".wps", ".odt", ".rtf")
FOLDER_SUFFIXES = SPREADSHEET_SUFFIXES + WEB_PAGE_SUFFIXES + DOCUMENT_SUFFIXES
LOCK_PREFIXES = ("~$", ".~")  # lock files Excel and WPS keep beside an open file: not reports
_HIDDEN = getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0)  # Windows; elsewhere a leading dot hides


def expand(paths: Iterable[str | PathLike[str]]) -> list[str]:
    """Files to check: each file as given; for each folder, every file with one of ``FOLDER_SUFFIXES``
    in it and its subfolders (one folder per unit is common), a folder's own files first, each level
    sorted by name. Lock files and hidden files and folders are skipped.

    A path that does not exist is kept, so checking it reports it as missing.
    """
    out: list[str] = []
    for path in map(os.fspath, paths):
        if os.path.isdir(path):
            out += _folder_files(path)
        else:
            out.append(path)
    return out


def _folder_files(folder: str) -> list[str]:
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _hidden(os.path.join(here, d), d))
        for name in sorted(files):
            full = os.path.join(here, name)
            if (
                os.path.splitext(name)[1].lower() in FOLDER_SUFFIXES
                and not name.startswith(LOCK_PREFIXES)
                and not _hidden(full, name)
                and os.path.isfile(full)
            ):
                found.append(full)
    return found


def _hidden(path: str, name: str) -> bool:
    if name.startswith("."):
        return True
    try:
        return bool(getattr(os.stat(path), "st_file_attributes", 0) & _HIDDEN)
    except OSError:
        return False


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
