"""The package installs like any other: `pip install .` (not editable) into a fresh virtual
environment, then `disclosure` from any folder builds the same site as the checkout does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.build import SiteBuilder
from generator.config import Config
from generator.paths import PROJECT_ROOT

from .fixtures_support import FIXTURE_CONTENT


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_an_installed_package_builds_the_same_site_from_any_folder(tmp_path):
    source = tmp_path / "source"  # a copy: building a wheel writes build/ and *.egg-info beside pyproject.toml
    for folder in ("generator", "templates", "schemas"):
        shutil.copytree(PROJECT_ROOT / folder, source / folder)
    shutil.copyfile(PROJECT_ROOT / "pyproject.toml", source / "pyproject.toml")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin/pip"), "install", "--quiet", "--disable-pip-version-check", str(source)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(FIXTURE_CONTENT, elsewhere / "content")
    (elsewhere / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")  # the web editor's, as `npm ci` puts them
    env = dict(os.environ)
    built = subprocess.run([str(venv / "bin/disclosure"), "build", "--quiet", "--content", "content", "--out", "out"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "已生成" in built.stderr
    SiteBuilder(Config(elsewhere / "content", tmp_path / "checkout"), updates=False).build()
    assert tree(elsewhere / "out") == tree(tmp_path / "checkout")
    scaffold = subprocess.run([str(venv / "bin/disclosure"), "new", "--bureau", "guangzhou-liwan", "--year", "2031",
                               "--kind", "evaluation"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert scaffold.returncode == 0, scaffold.stderr
    assert (elsewhere / "content/reports/guangzhou-liwan/2031-evaluation.yaml").read_text("utf-8").startswith(
        "# yaml-language-server")
