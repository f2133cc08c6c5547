"""The disclosure command as editors and CI use it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.outputs.folder import MARKER
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
    for kind in ["project-self-evaluation", "project-targets"]:
        assert runner.invoke(main, ["new", "--content", "content", "--bureau", "zhanjiang", "--year", "2020",
                                    "--kind", kind, "--project", "legal-aid"]).exit_code == 0
    checked = runner.invoke(main, ["validate", "--content", "content"])
    errors = [line for line in checked.stdout.splitlines() if " error " in line]
    assert errors and all(" error placeholder: " in line for line in errors)


NATURAL_ANSWERS = {"value": "123.45", "funds": "120", "date_written": "2024-06-10"}


def _type_over_placeholders(text: str) -> str:
    """What an editor does: select each 【待填写：…】 and type the answer over it, quotes left as they are."""
    lines = []
    for line in text.splitlines():
        if "【待填写" in line and not line.lstrip().startswith("#"):
            key = line.split(":")[0].strip().lstrip("- ")
            answer = NATURAL_ANSWERS.get(key, "按原文填写的内容")
            line = re.sub(r"【待填写[^】]*】", answer, line)
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", ["self-evaluation", "evaluation", "budget-targets"])
def test_typing_over_every_placeholder_gives_a_valid_file(tmp_path, monkeypatch, kind):
    content = copy_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["new", "--content", "content", "--bureau", "zhanjiang",
                                "--year", "2019", "--kind", kind]).exit_code == 0
    path = content / f"reports/zhanjiang/2019-{kind}.yaml"
    path.write_text(_type_over_placeholders(path.read_text("utf-8")), "utf-8")
    checked = runner.invoke(main, ["validate", "--content", "content", str(path.relative_to(tmp_path))])
    assert checked.exit_code == 0, checked.stdout
    assert " error " not in checked.stdout


# What the editor types from one consistent form, by the words of each placeholder.
PROJECT_FORM = {"预算执行的分值": "10", "执行率": "90.00", "预算执行的得分": "9", "这项指标的分值": "90",
                "这项指标的得分": "90", "总分": "99", "中期": "300", "执行数": "90", "预算数": "100",
                "资金总额": "100", "财政拨款": "100"}


@pytest.mark.parametrize("kind", ["project-self-evaluation", "project-targets"])
def test_a_project_form_typed_over_from_a_consistent_form_is_valid(tmp_path, monkeypatch, kind):
    content = copy_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    refused = runner.invoke(main, ["new", "--content", "content", "--bureau", "zhanjiang", "--year", "2019",
                                   "--kind", kind])
    assert refused.exit_code == 1 and "--project" in refused.output
    assert runner.invoke(main, ["new", "--content", "content", "--bureau", "zhanjiang", "--year", "2019",
                                "--kind", kind, "--project", "legal-aid"]).exit_code == 0
    path = content / f"reports/zhanjiang/2019-{kind}-legal-aid.yaml"

    def typed(line: str) -> str:
        key = line.split(":")[0].strip().lstrip("- ")
        hint = re.search(r"【待填写[^】]*】", line)
        if hint is None or line.lstrip().startswith("#"):
            return line
        if key in ("value", "weight", "points"):
            answer = next(v for words, v in PROJECT_FORM.items() if words in hint.group(0))
        else:
            answer = NATURAL_ANSWERS.get(key, "按原文填写的内容")
        return line.replace(hint.group(0), answer)

    path.write_text("\n".join(map(typed, path.read_text("utf-8").splitlines())) + "\n", "utf-8")
    checked = runner.invoke(main, ["validate", "--content", "content", str(path.relative_to(tmp_path))])
    assert checked.exit_code == 0, checked.stdout
    assert " error " not in checked.stdout


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


def test_validate_given_files_lists_only_theirs_and_quiet_drops_notices(tmp_path, monkeypatch):
    copy_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    everything = runner.invoke(main, ["validate", "--content", "content"]).stdout.splitlines()
    liwan = "content/reports/guangzhou-liwan/2023-self-evaluation.yaml"
    assert any(not line.startswith(liwan) for line in everything)
    only = runner.invoke(main, ["validate", "--content", "content", liwan])
    assert only.exit_code == 0 and only.stdout.splitlines()
    assert all(line.startswith(liwan + ":") for line in only.stdout.splitlines())
    assert "检查了 1 个文件" in only.stderr
    quiet = runner.invoke(main, ["validate", "--content", "content", "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and "个提示" in quiet.stderr


def test_editor_leftovers_are_skipped_with_a_notice(tmp_path, monkeypatch):
    content = copy_content(tmp_path)
    for name in ["bureaus/.DS_Store", "reports/guangzhou-liwan/Thumbs.db",
                 "reports/guangzhou-liwan/2023-self-evaluation.yaml~", "bureaus/.#guangzhou.yaml",
                 "reports/guangzhou/.2024-budget-targets.yaml.swp"]:
        (content / name).write_bytes(b"\x00\x01 not yaml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--content", "content"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count(" notice editor-leftover: ") == 5


def test_help_is_chinese_for_every_command_and_option():
    runner = CliRunner()
    for command in [[], ["validate"], ["build"], ["serve"], ["new"], ["explain"]]:
        text = runner.invoke(main, [*command, "-h"]).output
        assert text.startswith("用法：") and "选项" in text, command
        for line in text.splitlines():
            if line.lstrip().startswith("-"):  # every option says what it does in Chinese
                assert re.search(r"[\u4e00-\u9fff]", line) or "  " not in line.strip(), (command, line)


def test_explain_prints_the_explanation_and_an_example():
    result = CliRunner().invoke(main, ["explain", "schema-type"])
    assert result.exit_code == 0
    assert "类型不对" in result.output and "改之前：" in result.output and 'value: "6952.31"' in result.output
    wrong = CliRunner().invoke(main, ["explain", "sum-mismach"])
    assert wrong.exit_code == 1 and "是不是要写：sum-mismatch" in wrong.output and "Traceback" not in wrong.output


def test_a_taken_port_is_one_chinese_line_before_any_build(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--content", str(FIXTURE_CONTENT), "--out",
                                           str(tmp_path / "site"), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.strip() == f"错误：端口 {port} 已被占用：请用 --port 换一个端口，或先关闭占用它的程序"
    assert not (tmp_path / "site").exists()  # it did not build first


def test_a_template_error_names_the_template_line(tmp_path):
    from generator import paths

    templates = tmp_path / "templates"
    shutil.copytree(paths.TEMPLATES_DIR, templates)
    page = templates / "bureaus.html"
    page.write_text(page.read_text("utf-8").replace("{{ b.link.level }}", "{{ b.no_such_field }}"), "utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(FIXTURE_CONTENT), "--out", str(tmp_path / "site"),
                                       "--templates", str(templates)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = next(n for n, text in enumerate(page.read_text("utf-8").splitlines(), 1) if "no_such_field" in text)
    assert f"bureaus.html:{line}" in result.output and "网站未更新" in result.output


def test_build_shows_its_stages_on_a_terminal_only(tmp_path, monkeypatch):
    from generator import console

    monkeypatch.delenv("CI", raising=False)
    shown: list[str] = []
    monkeypatch.setattr(console.sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(console.click, "echo", lambda message="", **kw: shown.append(str(message)))
    console.progress()("生成页面")
    assert shown and "生成页面" in shown[0] and "秒" in shown[0]
    monkeypatch.setenv("CI", "true")
    shown.clear()
    console.progress()("生成页面")
    assert shown == []


def test_long_stages_show_their_count_and_the_time_left(monkeypatch):
    from generator import console

    monkeypatch.delenv("CI", raising=False)
    shown: list[str] = []
    clock = [100.0]
    monkeypatch.setattr(console.sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(console.click, "echo", lambda message="", **kw: shown.append(str(message)))
    monkeypatch.setattr(console.time, "perf_counter", lambda: clock[0])
    show = console.progress()
    show("生成并写入页面", 0, 1000)
    clock[0] += 10
    show("生成并写入页面", 250, 1000)
    assert "250/1,000" in shown[-1] and "约还需 30 秒" in shown[-1] and not shown[-1].endswith("\n")
    show("生成并写入页面", 260, 1000)  # too soon after the last: not shown
    assert "260" not in shown[-1]
    clock[0] += 30
    show("生成并写入页面", 1000, 1000)
    assert "1,000/1,000" in shown[-1] and shown[-1].endswith("\n")  # the finished stage keeps its line


def test_a_build_whose_page_process_dies_says_so_and_keeps_the_old_site(tmp_path, monkeypatch):
    from generator.build import SiteBuilder

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("旧网站", "utf-8")
    (site / MARKER).write_text("", "utf-8")  # a site this tool published
    monkeypatch.setattr(SiteBuilder, "_plan_and_write", lambda self, staging: os._exit(9))  # as if killed for memory
    result = CliRunner().invoke(main, ["build", "--quiet", "--content", str(FIXTURE_CONTENT), "--out", str(site)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "子进程意外退出" in result.output and "网站未更新" in result.output
    assert (site / "index.html").read_text("utf-8") == "旧网站"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left behind
