from __future__ import annotations

from pathlib import Path

import pytest

import xlcheck


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """A freshly generated blank template (treat as read-only: copy or fill into a new file)."""
    return xlcheck.make_template(tmp_path_factory.mktemp("template") / "模板.xlsx")


@pytest.fixture(scope="session")
def template_2019(tmp_path_factory) -> Path:
    """A blank template of the 2019 trial format (read-only, as ``template``)."""
    from xlcheck.formats.format2019 import FORMAT_2019

    return xlcheck.make_template(tmp_path_factory.mktemp("template2019") / "模板2019.xlsx", fmt=FORMAT_2019)


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory) -> Path:
    """An isolated LibreOffice user profile that recalculates on load; never the user's own."""
    from xlcheck.libreoffice import recalculating_profile

    return recalculating_profile(tmp_path_factory.mktemp("lo-profile"))
