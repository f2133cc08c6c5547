"""Hostile input that case folders cannot hold (FIFOs, huge files, paths), and properties
that must hold for any input at all, explored with Hypothesis within fixed bounds."""

from __future__ import annotations

import csv
import io
import os
import re
import time

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.cli import main
from generator.diagnostics import Diagnostic
from generator.loading.yamlload import load_yaml
from generator.outputs.opendata import spreadsheet_safe
from generator.views.markdown import render, render_inline

from .cases_support import CASES, assemble


def test_a_fifo_is_refused_without_being_opened(tmp_path, monkeypatch):
    content = assemble(CASES / "valid/minimal", tmp_path)
    os.mkfifo(content / "bureaus/pipe.yaml")  # opening it for reading would block forever
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--content", "content"])
    assert result.exit_code == 1
    assert "content/bureaus/pipe.yaml:1:1: error unsafe-file: 这不是普通文件" in result.stdout


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    content = assemble(CASES / "valid/minimal", tmp_path)
    huge = content / "bureaus/huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(2 * 1024**3)  # 2 GB, sparse: reading it would take long and fill memory
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", "--content", "content"])
    assert time.perf_counter() - start < 5
    assert "huge.yaml:1:1: error file-too-large: 文件有 2147483648 字节" in result.stdout


def test_a_link_to_a_secret_never_echoes_it(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=s3cr3t-value\n", "utf-8")
    content = assemble(CASES / "valid/minimal", tmp_path)
    os.symlink(secret, content / "bureaus/leak.yaml")
    monkeypatch.chdir(tmp_path)
    for output in ("text", "full", "github", "json"):
        result = CliRunner().invoke(main, ["validate", "--content", "content", "--format", output])
        assert result.exit_code == 1 and "s3cr3t" not in result.output and "TOKEN" not in result.output


def test_a_linked_report_is_never_published(tmp_path):
    content = assemble(CASES / "valid/minimal", tmp_path)
    real = content / "reports/district/2023-self-evaluation.yaml"
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(real.read_bytes())
    real.unlink()
    os.symlink(outside, real)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1 and not (tmp_path / "site").exists()


def test_new_refuses_ids_that_are_not_slugs_before_building_a_path(tmp_path):
    content = assemble(CASES / "valid/minimal", tmp_path)
    for bureau in ["../../x", "/tmp/x", "../bureaus/district", "Dist rict"]:
        result = CliRunner().invoke(main, ["new", "--content", str(content), "--bureau", bureau,
                                           "--year", "2024", "--kind", "evaluation"])
        assert result.exit_code == 1 and "不合规" in result.output, bureau
    assert sorted(p.name for p in tmp_path.rglob("*.yaml") if "2024" in p.name) == []


def test_spreadsheet_formulas_are_neutralised_and_numbers_kept(tmp_path):
    content = assemble(CASES / "hostile/spreadsheet-formula-kept", tmp_path)
    build(content, tmp_path / "site")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "site/data/figures.csv").read_text("utf-8-sig"))))
    [row] = rows
    assert row["label"] == "'=HYPERLINK(\"https://evil.example\")" and row["value"] == "-1.5"
    page = (tmp_path / "site/reports/district/2023-self-evaluation/index.html").read_text("utf-8")
    assert "=HYPERLINK(&#34;https://evil.example&#34;)" in page  # the page keeps it exactly, escaped
    for cell, safe in [("=1+1", "'=1+1"), ("+1", "'+1"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
                       ("\tx", "'\tx"), ("-0.75", "-0.75"), ("6928.97", "6928.97"), ("收入", "收入")]:
        assert spreadsheet_safe(cell) == safe


PARSER_ENGLISH = re.compile(r"expected|found|while|scanning|mapping|sequence|could not|allowed|token|stream|"
                            r"Error|Traceback|Mark|line \d", re.I)
BOUNDED = settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
YAML_ALPHABET = st.sampled_from(list("abc:- \n\t#&*!|>'\"[]{},.0123456789%@`?年度：　\u200b\u2028\ufeff"))


@BOUNDED
@given(st.text(YAML_ALPHABET, max_size=300) | st.binary(max_size=300))
def test_the_loader_only_ever_returns_located_diagnostics(data):
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    start = time.perf_counter()
    loaded, problems = load_yaml(raw, "x.yaml")
    assert time.perf_counter() - start < 1
    for problem in problems:
        assert isinstance(problem, Diagnostic) and problem.path == "x.yaml"
        assert problem.line >= 1 and problem.column >= 1
        said = re.sub(r"「[^」]*」", "", problem.message)  # what the editor wrote may be quoted back
        assert not PARSER_ENGLISH.search(said), problem


MARKDOWN_ALPHABET = st.sampled_from(list("<>[]()!*_`#-+=|\\/:;&\"' \nabcjsvcriptdta年度%0123456789"))


@BOUNDED
@given(st.text(MARKDOWN_ALPHABET, max_size=400))
def test_rendered_markdown_never_carries_raw_html_or_script_links(text):
    start = time.perf_counter()
    for html in (render(text), render_inline(text)):
        tags = re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", html)
        assert set(tags) <= {"p", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h1", "h2",
                             "h3", "h4", "h5", "h6", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
                             "span", "img"}, tags
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|vbscript|data|file):""", html, re.I)
        assert not re.search(r"\son[a-z]+\s*=", html, re.I)
    assert time.perf_counter() - start < 1
