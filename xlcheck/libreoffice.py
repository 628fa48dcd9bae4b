"""Headless LibreOffice, our real client: recalculate, re-save and print workbooks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# Recalculate every formula of every file on load, as Ctrl+Shift+F9 would (0 = always).
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""
FILTERS = {"pdf": "pdf:calc_pdf_Export", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
DOCUMENT_FILTERS = {"pdf": "pdf:writer_pdf_Export"}  # Word documents (the rendered report) print with Writer
DOCUMENTS = (".docx", ".odt", ".doc")


def soffice() -> str | None:
    """The soffice binary, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculating_profile(profile: Path) -> Path:
    """Prepare an isolated LibreOffice user profile that recalculates every file it opens."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    return profile


def convert_all(sources: list[Path], to: str, outdir: Path, profile: Path) -> list[Path]:
    """Open each file in one headless LibreOffice run and save it as ``to`` (pdf, xlsx) in ``outdir``.

    Workbooks go through Calc; Word documents (all of ``sources``) through Writer, to pdf only."""
    binary = soffice()
    if binary is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [
        binary,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        (DOCUMENT_FILTERS if all(Path(s).suffix.lower() in DOCUMENTS for s in sources) else FILTERS)[to],
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60 + 5 * len(sources))
    results = [outdir / f"{Path(src).stem}.{to}" for src in sources]
    missing = [r for r in results if not r.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice wrote no {missing[:3]}")
    return results


def convert(source: Path, to: str, outdir: Path, profile: Path) -> Path:
    """Open ``source`` in headless LibreOffice and save it as ``to`` (pdf, xlsx) in ``outdir``."""
    return convert_all([source], to, outdir, profile)[0]
