"""Many files at once: the paths people give (folders included), checked on every core, in order.

``iter_checks`` yields each file's ``Report`` as soon as it and the files before it are done, so a
caller can print and forget it: memory stays bounded however large the folder. Workers are processes
(checking is CPU work); each checks one file at a time and sends back its small ``Report``.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
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
# A page saved with its files (报告.htm + 报告_files/, Chinese Word: 报告.files/) keeps its pictures,
# styles and frames (header.htm) in that folder: parts of the page, never reports.
SAVED_PAGE_FOLDERS = ("_files", ".files")
_HIDDEN = getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0)  # Windows; elsewhere a leading dot hides
MIN_PARALLEL = 8  # fewer files are checked in this process: starting workers would cost more


def expand(paths: Iterable[str | PathLike[str]]) -> list[str]:
    """Files to check: each file as given; for each folder, every file with one of ``FOLDER_SUFFIXES``
    in it and its subfolders (one folder per unit is common), a folder's own files first, each level
    sorted by name. Lock files, hidden files and folders, and the files folder of a saved web page
    (``报告_files/`` beside ``报告.htm``) are skipped.

    A path that does not exist is kept, so checking it reports it as missing; so is a folder whose
    name is a workbook's (``年报.xlsx/``): it was meant as a file, and checking says what it is.
    """
    out: list[str] = []
    for path in map(os.fspath, paths):
        if os.path.isdir(path) and not path.rstrip("/\\").lower().endswith(FOLDER_SUFFIXES):
            out += _folder_files(path)
        else:
            out.append(path)
    return out


def distinct(files: Iterable[str]) -> list[str]:
    """``files`` without repeats: a file named twice, however spelled (``a.xlsx`` and ``./a.xlsx``, a link
    to it), is kept once, where it first stands. A path that does not exist is kept as it is."""
    seen: set[tuple[int, int]] = set()
    out: list[str] = []
    for file in dict.fromkeys(files):
        try:
            st = os.stat(file)
        except (OSError, ValueError):
            out.append(file)
            continue
        key = (st.st_dev, st.st_ino)
        if key not in seen:
            seen.add(key)
            out.append(file)
    return out


def _folder_files(folder: str) -> list[str]:
    found = []
    for here, dirs, files in os.walk(folder):
        pages = {os.path.splitext(f)[0] for f in files if os.path.splitext(f)[1].lower() in WEB_PAGE_SUFFIXES}
        dirs[:] = sorted(d for d in dirs if not _hidden(os.path.join(here, d), d) and not _page_folder(d, pages))
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


def _page_folder(name: str, pages: set[str]) -> bool:
    """Whether folder ``name`` holds the files of a saved web page beside it (``pages``: their stems)."""
    return any(name.endswith(suffix) and name[: -len(suffix)] in pages for suffix in SAVED_PAGE_FOLDERS)


def _hidden(path: str, name: str) -> bool:
    if name.startswith("."):
        return True
    try:
        return bool(getattr(os.stat(path), "st_file_attributes", 0) & _HIDDEN)
    except OSError:
        return False


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def iter_checks(
    files: Sequence[str], *, jobs: int | None = None, format_version: str | None = None
) -> Iterator[Report]:
    """Check ``files`` on ``jobs`` processes (default: every core) and yield their Reports in order.

    Never raises for a bad file (see ``checker.check``; ``format_version`` as there). Closing the iterator
    early stops the workers.
    """
    from .checker import check as check_one  # imported before the workers start, so forked workers share it

    check = functools.partial(check_one, format_version=format_version) if format_version else check_one

    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(files) < MIN_PARALLEL:
        for path in files:
            yield check(path)
        return
    # Fork shares the imported checker with the workers at no cost; a process with other threads
    # running must not fork (a lock held by one of them would stay held in the child).
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    chunk = max(1, min(16, len(files) // (jobs * 8)))
    with context.Pool(jobs, initializer=_quiet_worker) as pool:
        yield from pool.imap(check, files, chunksize=chunk)


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it stops the pool


def check_all(
    paths: str | PathLike[str] | Iterable[str | PathLike[str]],
    progress: Callable[[int, int, str], None] | None = None,
    *,
    jobs: int | None = None,
) -> list[Report]:
    """Check every file ``expand`` finds, on ``jobs`` processes (default: every core).

    ``progress(i, n, path)`` is called as each file's report arrives. Returns the reports in order.
    ``paths`` may be one path (a file or folder) or many.
    """
    files = expand([paths] if isinstance(paths, (str, bytes, PathLike)) else paths)
    reports = []
    for i, report in enumerate(iter_checks(files, jobs=jobs), 1):
        if progress:
            progress(i, len(files), files[i - 1])
        reports.append(report)
    return reports
