"""The intake corpus (tests/corpus): every hand-made bad or unusual file gets exactly its recorded outcome.

Each file is checked in Python and through the CLI; neither may raise, print a traceback or change
the file. The committed files must be what tests/corpus/make_corpus.py writes today.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import xlcheck
from xlcheck.errors import MESSAGES, NOTICES
from xlcheck.sources.intake import MAX_FILE_BYTES

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = CORPUS / "files"
MANIFEST: dict[str, dict[str, Any]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


def load_maker() -> ModuleType:
    """tests/corpus/make_corpus.py as a module (tests/corpus is not a package)."""
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


MAKER = load_maker()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xlcheck", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def cli_runs() -> dict[str, tuple[subprocess.CompletedProcess[str], str, str]]:
    """Every corpus file through the CLI, a few at a time: name -> (process, sha256 before, after)."""

    def one(name: str) -> tuple[subprocess.CompletedProcess[str], str, str]:
        before = sha256(FILES / name)
        proc = run_cli(FILES / name)
        return proc, before, sha256(FILES / name)

    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        return dict(zip(MANIFEST, pool.map(one, MANIFEST), strict=True))


def test_manifest_is_large_and_uses_known_codes() -> None:
    assert len(MANIFEST) >= 30
    for name, entry in MANIFEST.items():
        assert set(entry) == {"code", "notices", "why"}, name
        assert entry["code"] is None or entry["code"] in MESSAGES, name
        assert all(n in NOTICES for n in entry["notices"]), name
        assert entry["why"].strip() and "\n" not in entry["why"], name
    assert sorted(p.name for p in FILES.iterdir()) == sorted(MANIFEST)


def test_the_corpus_stays_small() -> None:
    sizes = [p.stat().st_size for p in FILES.iterdir()]
    assert max(sizes) < 200_000 and sum(sizes) < 3_000_000


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_check_gives_the_recorded_outcome(name: str) -> None:
    path, expected = FILES / name, MANIFEST[name]
    before = sha256(path)
    report = xlcheck.check(path)  # never raises: an exception here fails the test
    assert (report.error.code if report.error else None) == expected["code"]
    assert [n if isinstance(n, str) else n[0] for n in report.notices] == expected["notices"]  # codes
    assert report.exit_code() in ((2,) if expected["code"] else (0, 1))
    assert sha256(path) == before


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_cli_gives_the_recorded_outcome(name: str, cli_runs: dict) -> None:
    proc, before, after = cli_runs[name]
    expected = MANIFEST[name]
    assert "Traceback" not in proc.stdout and "Traceback" not in proc.stderr
    assert proc.returncode in ((2,) if expected["code"] else (0, 1))
    [result] = json.loads(proc.stdout)["files"]
    assert (result["error"] or {}).get("code") == expected["code"]
    assert [n["code"] for n in result["notices"]] == expected["notices"]
    assert after == before


def test_committed_corpus_is_what_the_script_writes(tmp_path: Path) -> None:
    MAKER.write(tmp_path)
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "files").iterdir()}
    committed = {p.name: p.read_bytes() for p in FILES.iterdir()}
    assert sorted(fresh) == sorted(committed)
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"rerun tests/corpus/make_corpus.py: {stale}"
    assert (tmp_path / "manifest.json").read_bytes() == (CORPUS / "manifest.json").read_bytes()


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    # Too big to commit: a real workbook extended to one byte over the cap, sparse so it costs no disk.
    big = tmp_path / "超大 年报.xlsx"
    big.write_bytes((FILES / "年报 另存为.xls").read_bytes())
    with open(big, "r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    before = os.stat(big)
    report = xlcheck.check(big)
    assert report.error is not None and report.error.code == "too-large" and report.exit_code() == 2
    proc = run_cli(big)
    assert proc.returncode == 2 and "Traceback" not in proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["files"][0]["error"]["code"] == "too-large"
    after = os.stat(big)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
