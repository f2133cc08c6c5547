"""The real content/, held only to invariants that any valid content keeps.

Count-sensitive and structural tests build the fixed corpus in tests/fixtures/.
Here: content/ validates and builds, and stays correct when an editor adds a
report, a new year of a bureau or a new bureau (tested on a copy).
"""

from __future__ import annotations

import re
import shutil

import pytest

from generator.build import build
from generator.checks.validate import validate
from generator.paths import DEFAULT_CONTENT

from .invariants import check_site


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "site"
    result = build(DEFAULT_CONTENT, out, site_url="https://example.org")
    return out, result.validation


def test_real_content_keeps_every_invariant(real_site):
    site, validation = real_site
    counts = check_site(site, validation)
    print(f"\n[content] {counts}")


def _add_a_year_and_a_bureau(content):
    """What editors do: a new year of an existing bureau, and a new bureau with a report."""
    reports = sorted((content / "reports").glob("*/*.yaml"))
    source = reports[0]
    text = source.read_text("utf-8")
    bureau = source.parent.name
    year = int(source.stem.split("-")[0])
    kind = source.stem.split("-", 1)[1]
    new_year = year + 1
    while (content / "reports" / bureau / f"{new_year}-{kind}.yaml").exists():
        new_year += 1
    (content / "reports" / bureau / f"{new_year}-{kind}.yaml").write_text(
        text.replace(f"\nyear: {year}\n", f"\nyear: {new_year}\n", 1), "utf-8")
    bureau_file = content / "bureaus" / f"{bureau}.yaml"
    (content / "bureaus" / "test-new-bureau.yaml").write_text(re.sub(  # bureau names must differ
        r"^(short_)?name: ", r"\g<0>新增", bureau_file.read_text("utf-8"), flags=re.MULTILINE), "utf-8")
    (content / "reports" / "test-new-bureau").mkdir()
    (content / "reports" / "test-new-bureau" / source.name).write_text(
        text.replace(f"\nbureau: {bureau}\n", "\nbureau: test-new-bureau\n", 1), "utf-8")


def test_adding_a_report_a_year_and_a_bureau_keeps_every_invariant(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, content)
    before = len(validate(content).content.reports)
    _add_a_year_and_a_bureau(content)
    result = build(content, tmp_path / "site", site_url="https://example.org")
    assert len(result.validation.content.reports) == before + 2
    check_site(tmp_path / "site", result.validation)
