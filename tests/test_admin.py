"""The web editor (/admin/): its configuration made from the schemas, the text-preserving format
(run in Node on every fixture file), serve's local backend, and the editor's own security policy."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.checks.perfile import check_file
from generator.config import Config
from generator.diagnostics import Level
from generator.loading.files import ContentFile
from generator.outputs.admin import admin_files
from generator.paths import SCHEMAS_DIR, TEMPLATES_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture(scope="module")
def admin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    files = admin_files(Config(), TEMPLATES_DIR)
    assert files, "node_modules is missing: run `npm ci` (./dev setup does)"
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    (site / "admin" / "package.json").write_text('{"type": "module"}')  # Node reads the files as the browser does
    return site / "admin"


def test_the_format_keeps_every_fixture_file_as_written(admin_dir: Path, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the editor's tests (./dev setup installs it)"
    env = {"PATH": str(Path(node).parent), "ADMIN_DIR": str(admin_dir), "SCHEMAS_DIR": str(SCHEMAS_DIR),
           "FIXTURES_DIR": str(FIXTURES), "OUT_DIR": str(tmp_path)}
    shards = max(2, os.cpu_count() or 1)  # every value of every file is saved once: spread over the cores
    script = str(Path(__file__).parent / "admin" / "format.test.mjs")
    runs = [subprocess.Popen([node, "--test", "--test-reporter=spec", script], env={**env, "SHARD": f"{i}/{shards}"},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for i in range(shards)]
    for run in runs:
        out, _ = run.communicate(timeout=600)
        assert run.returncode == 0, out[-8000:]
        assert "one-line edits:" in out and "# fail 0" in out
    # The new report the format wrote passes the site's own validator, not only the schema.
    raw = (tmp_path / "new-report.yaml").read_bytes()
    name = "reports/guangzhou-liwan/2025-self-evaluation.yaml"
    diagnostics = check_file(ContentFile("report", name, name, raw)).result.diagnostics
    assert [d for d in diagnostics if d.level is Level.ERROR] == []
