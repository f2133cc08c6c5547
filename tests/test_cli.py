"""The disclosure command as editors and CI use it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

from click.testing import CliRunner

from generator.cli import main
from generator.paths import PROJECT_ROOT

from .fixtures_support import FIXTURE_CONTENT


def copy_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def test_validate_passes_and_reports_the_rounding_notice():
    result = CliRunner().invoke(main, ["validate", "--content", str(FIXTURE_CONTENT)])
    assert result.exit_code == 0, result.output
    assert "notice sum-rounding" in result.stdout
    assert re.search(r"检查了 \d+ 个文件：0 个错误", result.stderr)


def test_python_dash_m_runs_the_same_command():
    done = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(FIXTURE_CONTENT)],
                          cwd=PROJECT_ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_new_writes_a_scaffold_whose_every_placeholder_is_reported(tmp_path, monkeypatch):
    content = copy_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    created = runner.invoke(main, ["new", "--content", "content", "--bureau", "zhanjiang",
                                   "--year", "2019", "--kind", "self-evaluation"])
    assert created.exit_code == 0, created.output
    path = content / "reports/zhanjiang/2019-self-evaluation.yaml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    placeholders = [(n, line.index("【待填写") + 1) for n, line in enumerate(text.splitlines(), 1)
                    if "【待填写" in line and not line.lstrip().startswith("#")]
    assert len(placeholders) > 10

    checked = runner.invoke(main, ["validate", "--content", "content"])
    assert checked.exit_code == 1
    reported = [line for line in checked.stdout.splitlines() if "2019-self-evaluation" in line]
    assert all(" error placeholder: " in line for line in reported), reported
    assert len(reported) == len(placeholders)
    for line_no, _ in placeholders:  # each placeholder at its own line
        assert any(f".yaml:{line_no}:" in line for line in reported), line_no


def test_new_for_every_kind_fails_only_on_placeholders(tmp_path, monkeypatch):
    copy_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for kind in ["evaluation", "budget-targets"]:
        assert runner.invoke(main, ["new", "--content", "content", "--bureau", "zhanjiang",
                                    "--year", "2020", "--kind", kind]).exit_code == 0
    checked = runner.invoke(main, ["validate", "--content", "content"])
    errors = [line for line in checked.stdout.splitlines() if " error " in line]
    assert errors and all(" error placeholder: " in line for line in errors)


def test_new_refuses_unknown_bureau_and_existing_file(tmp_path):
    content = copy_content(tmp_path)
    runner = CliRunner()
    unknown = runner.invoke(main, ["new", "--content", str(content), "--bureau", "nowhere",
                                   "--year", "2023", "--kind", "evaluation"])
    assert unknown.exit_code == 1 and "机构「nowhere」不存在" in unknown.output
    existing = runner.invoke(main, ["new", "--content", str(content), "--bureau", "guangzhou-liwan",
                                    "--year", "2023", "--kind", "self-evaluation"])
    assert existing.exit_code == 1 and "已存在，不会覆盖" in existing.output


def test_build_with_errors_exits_nonzero_and_reports_all_of_them(tmp_path):
    content = copy_content(tmp_path)
    report = content / "reports/guangzhou/2024-budget-targets.yaml"
    report.write_text(report.read_text("utf-8").replace("year: 2024", "year: 2024\nyear: 2025")
                      .replace("value: 40.42", "value: yes"), "utf-8")
    (content / "bureaus/guangzhou-liwan.yaml").write_text("name: x\n", "utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "yaml-duplicate-key" in result.stdout and "yaml-ambiguous-boolean" in result.stdout
    assert "schema-required" in result.stdout
    assert "构建失败" in result.stderr
    assert not (tmp_path / "out").exists()


def test_validate_json_and_github_formats(tmp_path):
    content = copy_content(tmp_path)
    report = content / "reports/guangzhou/2024-budget-targets.yaml"
    report.write_text(report.read_text("utf-8").replace("value: 40.42", "value: 40.42%"), "utf-8")
    runner = CliRunner()
    as_json = runner.invoke(main, ["validate", "--content", str(content), "--format", "json"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    [bad] = [d for d in data["diagnostics"] if d["level"] == "error"]
    assert data["ok"] is False and bad["code"] == "schema-type" and bad["line"] == 21
    assert bad["path"].endswith("reports/guangzhou/2024-budget-targets.yaml")

    github = runner.invoke(main, ["validate", "--content", str(content), "--format", "github"])
    assert github.exit_code == 1
    [line] = [x for x in github.stdout.splitlines() if x.startswith("::error ")]
    assert re.fullmatch(r"::error file=\S+/reports/guangzhou/2024-budget-targets.yaml,line=21,col=\d+,"
                        r"title=schema-type::.*40.42%25.*", line)
    assert any(x.startswith("::notice ") for x in github.stdout.splitlines())
