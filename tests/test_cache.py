"""The editor's fast path: cached per-file results and a process pool give exactly what a
fresh, single-process check gives."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from generator import processes
from generator.build import SiteBuilder
from generator.checks import validate as validation
from generator.checks.perfile import check_and_pack
from generator.checks.validate import check, validate
from generator.config import Config
from generator.outputs import publish, search

from .fixtures_support import FIXTURE_CONTENT


def lines(result) -> list[tuple]:
    return [(d.path, d.line, d.column, d.code, d.message) for d in result.diagnostics]


def copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def test_a_warm_check_reuses_every_unchanged_file_and_says_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_CACHE_DIR", str(tmp_path / "cache"))
    content = copy(tmp_path)
    cold = check(content)
    warm = check(content)
    assert cold.from_cache == 0 and warm.from_cache == cold.files_checked
    assert lines(warm) == lines(cold) == lines(validate(content))


def test_an_edit_is_rechecked_and_rules_across_files_still_run(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_CACHE_DIR", str(tmp_path / "cache"))
    content = copy(tmp_path)
    check(content)
    report = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    report.write_text(report.read_text("utf-8").replace("value: 5009.03", "value: 5100.03"), "utf-8")
    (content / "bureaus/guangzhou-zengcheng.yaml").unlink()  # a cached report now names a missing bureau
    result = check(content)
    codes = {d.code for d in result.diagnostics if d.level.value == "error"}
    assert codes == {"sum-mismatch", "unknown-bureau"}
    assert result.from_cache == result.files_checked - 1
    assert lines(result) == lines(validate(content))


def test_a_new_version_of_the_code_throws_the_cache_away(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_CACHE_DIR", str(tmp_path / "cache"))
    content = copy(tmp_path)
    check(content)
    monkeypatch.setattr(validation, "code_version", lambda: "another version")
    assert check(content).from_cache == 0


def test_a_process_pool_gives_the_same_diagnostics(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    broken = content / "reports/guangzhou-liwan/2022-self-evaluation.yaml"
    broken.write_text(broken.read_text("utf-8").replace("value: 5009.03", "value: 5100.03"), "utf-8")
    pooled = check(content, use_cache=False, workers=2, config=Config(check_pool_from=2))
    single = check(content, use_cache=False, workers=1)
    assert lines(pooled) == lines(single) and any(d.code == "sum-mismatch" for d in pooled.diagnostics)


def test_a_build_validated_and_written_in_process_pools_is_byte_identical(tmp_path, monkeypatch):
    from generator.build import build

    def tree(site):
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    build(FIXTURE_CONTENT, tmp_path / "single", check_pool_from=10**9, write_pool_from=10**9)
    writers = tmp_path / "writers"
    writers.mkdir()
    real = publish.write_file
    parent = os.getpid()

    def write_file(path, text):  # runs in the forked workers too, which inherit it
        (writers / str(os.getpid())).touch()
        if os.getpid() == parent:
            time.sleep(0.01)  # leave the worker some of the work, however fast it starts
        real(path, text)

    monkeypatch.setattr(publish, "write_file", write_file)
    result = build(FIXTURE_CONTENT, tmp_path / "pooled", check_pool_from=2, write_pool_from=2, write_chunk=2)
    if (os.cpu_count() or 1) > 1:
        made_by = {int(p.name) for p in writers.iterdir()}
        assert made_by - {parent}  # pages really were made by a worker, beside the parent
    assert len(result.validation.content.reports) > 3
    assert tree(tmp_path / "pooled") == tree(tmp_path / "single")


def test_checking_reports_how_many_files_are_done(tmp_path, monkeypatch):
    seen = []
    validate(FIXTURE_CONTENT, {}, lambda stage, done=0, total=0: seen.append((stage, done, total)))
    totals = {total for _, _, total in seen}
    assert len(totals) == 1 and seen[-1][1] == seen[-1][2] == totals.pop() > 5
    assert [done for _, done, _ in seen] == list(range(1, len(seen) + 1))
    # A second run with the same memory reads every file again but checks none of them.
    kept: dict = {}
    validate(FIXTURE_CONTENT, kept)
    checked = []
    monkeypatch.setattr(validation, "check_and_pack", lambda file: checked.append(file) or check_and_pack(file))
    validate(FIXTURE_CONTENT, kept)
    assert checked == []


def test_pages_are_made_by_as_many_processes_as_the_memory_budget_allows(monkeypatch):
    resident = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    assert processes.affordable_workers(2, int(1.5 * resident)) == 1  # a worker copies about as much as its parent
    budget = int(2.5 * resident)
    assert processes.affordable_workers(2, budget) == (2 if processes.memory_budget(budget) >= 2 * resident else 1)
    assert processes.memory_budget(budget) <= budget
    monkeypatch.setenv("DISCLOSURE_MEMORY_BUDGET", "1.5")  # GiB, read once, into the configuration
    assert Config(FIXTURE_CONTENT).memory_budget == int(1.5 * 2**30)


def test_a_build_that_keeps_its_checks_checks_again_only_what_changed_and_builds_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_CACHE_DIR", str(tmp_path / "cache"))
    content = copy(tmp_path)
    SiteBuilder(Config(content, tmp_path / "first", keep_cache=True), updates=False).build()
    edited = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    edited.write_text(edited.read_text("utf-8").replace("value: 3230, unit: 宗", "value: 3231, unit: 宗"), "utf-8")
    checked = []
    monkeypatch.setattr(validation, "check_and_pack", lambda file: checked.append(file.name) or check_and_pack(file))
    cached = SiteBuilder(Config(content, tmp_path / "cached", keep_cache=True)).build()
    assert checked == ["reports/guangzhou-liwan/2023-self-evaluation.yaml"]
    fresh = SiteBuilder(Config(content, tmp_path / "fresh")).build()
    assert [lines(cached.validation), cached.pages] == [lines(fresh.validation), fresh.pages]
    files = sorted(p.relative_to(tmp_path / "fresh") for p in (tmp_path / "fresh").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "cached") for p in (tmp_path / "cached").rglob("*") if p.is_file())
    assert all((tmp_path / "fresh" / f).read_bytes() == (tmp_path / "cached" / f).read_bytes() for f in files)
    page = (tmp_path / "cached/reports/guangzhou-liwan/2023-self-evaluation/index.html").read_text("utf-8")
    assert ">3,231 宗<" in page


def test_a_build_that_keeps_its_cache_reads_again_only_the_pages_that_changed_for_the_index(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_CACHE_DIR", str(tmp_path / "cache"))
    content = copy(tmp_path)
    first = tmp_path / "first"
    SiteBuilder(Config(content, first, keep_cache=True), updates=False).build()
    edited = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    edited.write_text(edited.read_text("utf-8").replace("value: 3230, unit: 宗", "value: 3231, unit: 宗"), "utf-8")
    read = []
    reader = search._read
    monkeypatch.setattr(search, "_read", lambda paths: read.extend(paths) or reader(paths))
    cached = tmp_path / "cached"
    SiteBuilder(Config(content, cached, keep_cache=True), updates=False).build()
    searched = [url.removeprefix("/") + "index.html" for chunk in sorted((cached / "search-index/pages").iterdir())
                for url, _, _ in json.loads(chunk.read_text("utf-8"))]
    changed = [p for p in searched if (first / p).read_bytes() != (cached / p).read_bytes()]
    assert "reports/guangzhou-liwan/2023-self-evaluation/index.html" in changed
    assert sorted(read) == sorted(changed) and len(read) < len(searched) / 2
    fresh = tmp_path / "fresh"
    SiteBuilder(Config(content, fresh), updates=False).build()
    files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(cached) for p in cached.rglob("*") if p.is_file())
    assert [f for f in files if (fresh / f).read_bytes() != (cached / f).read_bytes()] == []
