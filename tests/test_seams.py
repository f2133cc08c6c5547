"""The seams growth stands on: a kind registry, text checked in memory, output formats."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.build import build
from generator.checks.schemas import passes, quick_check_for, validator_for
from generator.checks.validate import validate_files
from generator.cli import main
from generator.kinds import KINDS, ReportKind
from generator.loading.files import ContentFile
from generator.paths import PROJECT_ROOT

from .cases_support import CASES, assemble
from .fixtures_support import FIXTURE_CONTENT

MINIMAL = CASES / "valid/minimal/reports/district/2023-self-evaluation.yaml"


@pytest.fixture
def audit_kind(monkeypatch):
    """A made-up kind, registered the way a real new kind would be: one entry."""
    kind = ReportKind("audit-notice", "部门预算执行审计结果公告", "审计结果公告", reports_actuals=True,
                      budget_figures=False, scaffold="evaluation.yaml")
    monkeypatch.setitem(KINDS, kind.id, kind)
    validator_for.cache_clear()
    quick_check_for.cache_clear()
    yield kind
    validator_for.cache_clear()
    quick_check_for.cache_clear()


def test_a_new_report_kind_is_one_registry_entry(audit_kind, tmp_path, monkeypatch):
    content = assemble(CASES / "valid/minimal", tmp_path)
    (content / "reports/district/2023-self-evaluation.yaml").unlink()
    text = MINIMAL.read_text("utf-8").replace("kind: self-evaluation", f"kind: {audit_kind.id}")
    (content / f"reports/district/2023-{audit_kind.id}.yaml").write_text(text, "utf-8")
    build(content, tmp_path / "site")
    page = (tmp_path / f"site/reports/district/2023-{audit_kind.id}/index.html").read_text("utf-8")
    assert "部门预算执行审计结果公告" in page and "2023 年度审计结果公告" in page
    datapackage = json.loads((tmp_path / "site/data/datapackage.json").read_text("utf-8"))
    kinds = datapackage["resources"][0]["schema"]["fields"][3]["constraints"]["enum"]
    assert audit_kind.id in kinds
    # The scaffold for it is written, and validate reports only what is left to fill in.
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    created = runner.invoke(main, ["new", "--content", "content", "--bureau", "district", "--year", "2024",
                                   "--kind", audit_kind.id])
    assert created.exit_code == 0, created.output
    checked = runner.invoke(main, ["validate", "--content", "content"])
    codes = {line.split()[2].rstrip(":") for line in checked.stdout.splitlines()}
    assert codes == {"placeholder"}, checked.stdout


def test_an_unregistered_kind_is_refused_with_the_registry_as_choices():
    text = MINIMAL.read_text("utf-8").replace("kind: self-evaluation", "kind: audit-notice")
    validation = validate_files([ContentFile("report", "reports/district/2023-audit-notice.yaml", "r.yaml",
                                             text.encode("utf-8"))])
    [problem] = [d for d in validation.diagnostics if d.code == "schema-enum"]
    assert "self-evaluation、evaluation、budget-targets" in problem.message


def test_text_is_validated_in_memory_with_its_shown_path():
    broken = "bureau: district\nyear: 2023\nkind: self-evaluation\ntitle: 报告: 标题\n".encode()
    validation = validate_files([ContentFile("report", "reports/district/2023-self-evaluation.yaml",
                                             "editor-buffer.yaml", broken)])
    [problem] = validation.diagnostics
    assert (problem.path, problem.line, problem.code) == ("editor-buffer.yaml", 4, "yaml-colon-in-text")
    assert not validation.ok and validation.texts["editor-buffer.yaml"].startswith("bureau: district")


def test_full_format_quotes_the_line_with_a_caret_under_the_column(tmp_path, monkeypatch):
    assemble(CASES / "invalid/arithmetic", tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--content", "content", "--format", "full"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    first = lines.index(next(line for line in lines if " error sum-mismatch: 「支出总额」" in line))
    path, line, column = lines[first].split(":")[:3]
    source = (tmp_path / path).read_text("utf-8").splitlines()[int(line) - 1]
    assert lines[first + 1] == f"{int(line):>5} | {source}"
    caret = lines[first + 2]
    assert caret.startswith("      | ") and caret.endswith("^")
    # The caret stands under the column, counting a CJK character as two terminal cells.
    before = source[:int(column) - 1]
    width = sum(2 if "\u4e00" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" else 1 for c in before)
    assert len(caret) - len("      | ") - 1 == width


def test_every_format_agrees_on_the_problems(tmp_path, monkeypatch):
    assemble(CASES / "invalid/arithmetic", tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    text = runner.invoke(main, ["validate", "--content", "content"]).stdout.splitlines()
    data = json.loads(runner.invoke(main, ["validate", "--content", "content", "--format", "json"]).stdout)
    github = runner.invoke(main, ["validate", "--content", "content", "--format", "github"]).stdout.splitlines()
    assert len(text) == len(data["diagnostics"]) == len(github) > 3
    for line, d, annotation in zip(text, data["diagnostics"], github, strict=True):
        assert line == f"{d['path']}:{d['line']}:{d['column']}: {d['level']} {d['code']}: {d['message']}"
        assert annotation.startswith(f"::{d['level']} file={d['path']},line={d['line']},col={d['column']},")


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"disclosure {__version__}"
    assert __version__[0].isdigit() and "unknown" not in __version__


def test_the_quick_schema_check_agrees_with_the_explaining_validator():
    """The compiled check decides which files get detailed messages: it must never pass a file
    the full validator would fail, nor fail one it would pass."""
    from generator.loading.files import ContentFile as File
    from generator.loading.files import parse

    files = [path for path in sorted(CASES.parent.rglob("*.yaml")) if path.is_file() and not path.is_symlink()]
    kinds = {"bureaus": "bureau", "reports": "report"}
    compared = 0
    for path in files:
        parts = path.parts
        kind = next((kinds[p] for p in parts if p in kinds), "metrics" if path.name == "metrics.yaml" else None)
        if kind is None:
            continue
        sources, _ = parse([File(kind, path.name, str(path), path.read_bytes())])
        for source in sources:
            full = not any(True for _ in validator_for(source.type).iter_errors(source.data))
            assert passes(source) == full, path
            compared += 1
    assert compared > 30


def _project_imports(path: Path) -> set[str]:
    """The generator modules a file imports, resolved to dotted names."""
    package = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            if module.startswith("generator"):
                names = [f"{module}.{a.name}" for a in node.names] if node.module is None else [module]
                found.update(names)
    return found


def test_the_layers_import_one_way_and_commands_stay_thin():
    loading = {m for p in (PROJECT_ROOT / "generator/loading").glob("*.py") for m in _project_imports(p)}
    assert not {m for m in loading if m.startswith(("generator.domain", "generator.checks", "generator.views",
                                                     "generator.outputs"))}
    assert len(_project_imports(PROJECT_ROOT / "generator/cli.py")) <= 8
    for view in (PROJECT_ROOT / "generator/views").glob("*.py"):  # views are given their inputs, open none
        text = view.read_text("utf-8")
        assert not re.search(r"\b(open|read_text|read_bytes|read_regular)\(", text), view.name


def test_only_the_loading_step_finds_what_the_content_folder_holds():
    finding = re.compile(r"(?<![.\w])(find|find_sources|sources_of|read_histories|entry_for|folder_entries|gather)\(")
    callers = {p.relative_to(PROJECT_ROOT / "generator").as_posix() for p in (PROJECT_ROOT / "generator").rglob("*.py")
               if finding.search(p.read_text("utf-8"))}
    # importing/ reads the document a user names, and places the files it drafts; editing.py lists
    # a folder the web editor asks for, screened by the loading step's folder_entries and refusal
    assert {c for c in callers if not c.startswith(("loading/", "importing/"))} == {"checks/validate.py", "editing.py"}
    validate_text = (PROJECT_ROOT / "generator/checks/validate.py").read_text("utf-8")
    assert {m.group(1) for m in finding.finditer(validate_text)} == {"gather"}  # loading's one step


def test_a_new_page_type_is_one_registry_entry_its_view_and_its_template(tmp_path, monkeypatch):
    from generator.build import SiteBuilder
    from generator.config import Config
    from generator.outputs.families import FAMILIES, Family, Page
    from generator.paths import TEMPLATES_DIR

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    (templates / "notice.html").write_text(
        '{% extends "base.html" %}{% block title %}公告{% endblock %}{% block main %}'
        '<div data-search-body data-search-filter="页面类型:{{ search_type }}"><h1>{{ text }}</h1></div>'
        '{% endblock %}', "utf-8")
    monkeypatch.setitem(FAMILIES, "notice", Family(
        lambda site, comparison, made: [Page("notices/", "notice.html", {"text": "整改公告"})], "公告"))
    builder = SiteBuilder(Config(FIXTURE_CONTENT, tmp_path / "site", templates_dir=templates))
    plan = builder.plan()
    assert "notices/index.html" in plan.search.pages
    builder.build()
    assert "整改公告" in (tmp_path / "site/notices/index.html").read_text("utf-8")
    assert "公告" in (tmp_path / "site/search/index.html").read_text("utf-8")  # a 页面类型 filter of its own
