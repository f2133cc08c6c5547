"""Folders of valid and invalid content, each with its exact expected diagnostics."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main

from .cases_support import assemble, case_dirs


def run_validate(case, tmp_path, monkeypatch):
    content = assemble(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--content", str(content.relative_to(tmp_path))])
    lines = [line for line in result.stdout.splitlines() if line]
    expected = (case / "expected.txt").read_text("utf-8").splitlines()
    return result, lines, expected


@pytest.mark.parametrize("case", case_dirs("valid"), ids=lambda p: p.name)
def test_valid_case(case, tmp_path, monkeypatch):
    result, lines, expected = run_validate(case, tmp_path, monkeypatch)
    assert lines == expected
    assert result.exit_code == 0, result.output
    assert " error " not in result.stdout


@pytest.mark.parametrize("case", case_dirs("hostile"), ids=lambda p: p.name)
def test_hostile_case(case, tmp_path, monkeypatch):
    """Hostile or careless input: each is a located error, or, where it is legitimate, kept exactly."""
    result, lines, expected = run_validate(case, tmp_path, monkeypatch)
    assert lines == expected
    assert result.exit_code == (1 if any(" error " in line for line in expected) else 0), result.output
    assert all(len(line) < 400 for line in lines)  # nothing long is echoed


@pytest.mark.parametrize("case", case_dirs("invalid"), ids=lambda p: p.name)
def test_invalid_case(case, tmp_path, monkeypatch):
    result, lines, expected = run_validate(case, tmp_path, monkeypatch)
    assert lines == expected
    assert result.exit_code == 1, result.output
    assert "个错误" in result.stderr
