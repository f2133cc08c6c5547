"""Every figure in the five source reports (tests/fixtures/sources) reaches its report page exactly as written."""

from __future__ import annotations

import pytest

from .fidelity_support import FIDELITY_DIR, REPORTS, SOURCES_DIR, extract, normalise_page, read_list


@pytest.mark.parametrize("stem", REPORTS)
def test_figure_list_is_complete(stem):
    source = SOURCES_DIR / f"{stem}.txt"
    assert read_list(FIDELITY_DIR / f"{stem}.tsv") == extract(source.read_text("utf-8"))


@pytest.mark.parametrize("stem", REPORTS)
def test_every_figure_appears_on_its_page(stem, built_site):
    figures = read_list(FIDELITY_DIR / f"{stem}.tsv")
    assert figures
    page = normalise_page((built_site / REPORTS[stem]).read_text("utf-8"))
    missing = [f"{f.needle()}  ←  {f.sentence}" for f in figures if f.needle() not in page]
    assert not missing, f"{len(missing)} of {len(figures)} figures missing:\n" + "\n".join(missing)
