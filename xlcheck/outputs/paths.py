"""Where xlcheck may write an output: the one policy every output (template, annotated copy, ...) follows.

Never over a file being checked, never inside a folder being checked (the next check of that folder
would read the output as a report), never over an existing file unless forced, never into a folder
that does not exist unless the caller makes it. Each refusal is an ``OutputError`` with a stable code.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path

from ..errors import OutputError

# errno -> (zh, en): what staff can do something about; anything else keeps the system's words.
MAX_NAME = 255  # bytes of one file name on common file systems (NAME_MAX)
_WRITE_ERRORS = {
    errno.EACCES: ("没有写入权限", "permission denied"),
    errno.EPERM: ("没有写入权限", "permission denied"),
    errno.EROFS: ("只读的磁盘或文件夹", "read-only file system"),
    errno.ENOSPC: ("磁盘空间不足", "no space left on the disk"),
    errno.ENAMETOOLONG: ("文件名过长", "file name too long"),
    errno.EISDIR: ("这是文件夹", "a folder"),
}


def vet_output(
    path: str | PathLike[str],
    *,
    force: bool = False,
    inputs: Iterable[str | PathLike[str]] = (),
    input_dirs: Iterable[str | PathLike[str]] = (),
    suffix: str | None = ".xlsx",
    make_parent: bool = False,
) -> Path:
    """``path`` as a Path when an output may be written there; else raise ``OutputError``.

    Codes: ``output-is-directory``; ``output-is-input`` (``path`` is one of ``inputs``, even with
    ``force``); ``output-in-input-folder`` (inside one of ``input_dirs``); ``output-not-xlsx`` (the
    name does not end in ``suffix``); ``output-exists`` (unless ``force``); ``output-dir-missing``
    (the parent folder is missing, unless ``make_parent``: then the writer creates it);
    ``cannot-write`` (the parent is a file, or a folder not writable, or the name is too long).
    """
    try:
        return _vet(Path(path), os.fspath(path), force, inputs, input_dirs, suffix, make_parent)
    except OSError as exc:  # ENAMETOOLONG and the like, from asking about the path at all
        raise write_error(path, exc) from None


def _vet(out: Path, shown: str, force, inputs, input_dirs, suffix, make_parent) -> Path:
    if len(os.fsencode(out.name)) > MAX_NAME:
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), shown)
    if out.is_dir():
        raise OutputError("output-is-directory", shown)
    if out.exists() and any(_same_file(out, Path(p)) for p in inputs):
        raise OutputError("output-is-input", shown)
    resolved = out.resolve()
    for folder in map(Path, input_dirs):
        if folder.is_dir() and resolved.is_relative_to(folder.resolve()):
            raise OutputError("output-in-input-folder", shown, os.fspath(folder))
    if suffix and out.suffix.lower() != suffix:
        raise OutputError("output-not-xlsx", shown)
    if os.path.lexists(out) and not force:  # a link to nowhere is something there too
        raise OutputError("output-exists", shown)
    parent = _nearest_existing(out.parent) if make_parent else out.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError("cannot-write", shown, (f"{parent} 不是文件夹", f"{parent} is not a folder"))
    if not parent.is_dir():
        raise OutputError("output-dir-missing", shown, os.fspath(parent))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError("cannot-write", shown, _WRITE_ERRORS[errno.EACCES])
    return out


def write_error(path: str | PathLike[str], exc: OSError) -> OutputError:
    """The ``cannot-write`` error for an OSError met while writing ``path``."""
    detail = _WRITE_ERRORS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    return OutputError("cannot-write", os.fspath(path), detail)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _nearest_existing(folder: Path) -> Path:
    """The folder itself, or its nearest ancestor that exists (where ``mkdir -p`` starts)."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out`` (hidden, so never read as a submission) to write to; when the block
    ends without an exception it takes ``out``'s place, else it is removed. A failed write leaves ``out``
    as it was: never half a workbook, never a good file destroyed by ``--force``."""
    # A short random name of its own (the output's may be as long as a name can be): no two writers, threads
    # or processes, share one; the writer creates it, so it gets the folder's usual permissions.
    tmp = out.with_name(f".xlcheck-{secrets.token_hex(8)}.tmp{out.suffix[:16]}")
    try:
        yield tmp
        os.replace(tmp, out)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
