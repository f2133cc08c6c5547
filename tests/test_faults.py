"""Faults a user or an attacker can cause: output folders the build did not make, kills and
signals mid-build, two builds at once, a full disk, a failed `serve` update, hostile documents to
import, patterns fed adversarial text. Every wait here is bounded, so the suite stays quick."""

from __future__ import annotations

import errno
import importlib
import os
import pkgutil
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator
from generator.build import SiteBuilder
from generator.checks.validate import check
from generator.cli import main
from generator.config import Config
from generator.importing.documents import UnreadableDocument, read_document
from generator.importing.pipeline import import_report
from generator.loading.placing import UnsafePlace
from generator.outputs import publish as publish_module
from generator.outputs.folder import MARKER
from generator.paths import PROJECT_ROOT
from generator.serve import Rebuilder

from .fixtures_support import FIXTURE_CONTENT
from .test_serve import fetch, free_port, wait_for

LIWAN = "reports/guangzhou-liwan/2023-self-evaluation.yaml"


def build_args(content: Path, out: Path, *more: str) -> list[str]:
    return ["build", "--quiet", "--content", str(content), "--out", str(out), *more]


def content_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def test_a_report_edited_after_its_check_is_published_as_it_was_checked(tmp_path):
    """Pages and data are made from the model the checks passed, never from the file read again."""
    content = content_copy(tmp_path)
    plan = SiteBuilder(Config(content, tmp_path / "site")).plan()
    report = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    report.write_text(report.read_text("utf-8").replace("value: 3230, unit: 宗", "value: 999999, unit: 宗"),
                      "utf-8")
    made = {o.path: o.make() for o in plan.outputs
            if o.path in ("reports/guangzhou-liwan/2023-self-evaluation/index.html",
                          "data/reports/guangzhou-liwan-2023-self-evaluation.json")}
    page, data = made.values()
    assert isinstance(page, str) and ">3,230 宗<" in page and "999,999" not in page
    assert isinstance(data, str) and '"value": "3230"' in data and "999999" not in data


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---- never delete what the build did not make ---------------------------------------------

def test_an_output_folder_holding_content_the_project_or_a_repository_is_refused(tmp_path, monkeypatch):
    content = content_copy(tmp_path)
    repository = tmp_path / "other-repo"
    (repository / ".git").mkdir(parents=True)
    (repository / "notes.txt").write_text("不能丢", "utf-8")
    monkeypatch.chdir(tmp_path)
    for out in (content, tmp_path, PROJECT_ROOT, repository):
        for force in ([], ["--force"]):
            result = CliRunner().invoke(main, build_args(content, out, *force))
            assert result.exit_code == 2, (out, result.output)
            assert "错误：输出目录" in result.output and "Traceback" not in result.output
    assert (content / LIWAN).is_file() and (repository / "notes.txt").read_text("utf-8") == "不能丢"


def test_a_folder_the_build_did_not_make_is_replaced_only_with_force(tmp_path):
    content = content_copy(tmp_path)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("别人的文件", "utf-8")
    refused = CliRunner().invoke(main, build_args(content, out))
    assert refused.exit_code == 2 and "不是本工具生成的网站" in refused.output
    assert (out / "thesis.docx").is_file()
    forced = CliRunner().invoke(main, build_args(content, out, "--force"))
    assert forced.exit_code == 0 and (out / MARKER).is_file() and not (out / "thesis.docx").exists()
    again = CliRunner().invoke(main, build_args(content, out))  # ours now: replaced without --force
    assert again.exit_code == 0
    (out / MARKER).unlink()  # as a site published before the marker existed
    assert CliRunner().invoke(main, build_args(content, out)).exit_code == 0
    assert leftovers(tmp_path) == []


# ---- publish without a gap; leftovers; concurrency ---------------------------------------

READER = """
import sys, pathlib
page, stop = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
reads = missing = 0
while not stop.exists():
    try:
        page.read_bytes()
        reads += 1
    except FileNotFoundError:
        missing += 1
print(reads, missing)
"""


def test_a_reader_always_finds_a_whole_site_while_it_is_replaced(tmp_path):
    content = content_copy(tmp_path)
    out = tmp_path / "site"
    SiteBuilder(Config(content, out), updates=False).build()
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(out / "index.html"), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(3):
            SiteBuilder(Config(content, out), updates=False).build()
    finally:
        stop.touch()
        reads, missing = map(int, reader.communicate(timeout=30)[0].split())
    assert reads > 100 and missing == 0
    assert leftovers(tmp_path) == []


def test_what_killed_builds_left_is_removed_by_the_next(tmp_path):
    content = content_copy(tmp_path)
    out = tmp_path / "site"
    for name in (".site-build-abc123", ".site-build-abc123-search-x", ".site-build-old", ".site-build-search-y"):
        (tmp_path / name / "search-index").mkdir(parents=True)
    (tmp_path / ".other-build-keep").mkdir()  # another output's: not ours to remove
    assert CliRunner().invoke(main, build_args(content, out)).exit_code == 0
    assert leftovers(tmp_path) == [".other-build-keep"]


def test_two_builds_into_one_folder_both_succeed_one_after_the_other(tmp_path):
    content = content_copy(tmp_path)
    out = tmp_path / "site"
    builds = [subprocess.Popen([sys.executable, "-m", "generator", *build_args(content, out)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [b.communicate(timeout=240) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], results
    assert all("Traceback" not in err for _, err in results)
    assert (out / MARKER).is_file() and (out / "index.html").is_file()
    assert leftovers(tmp_path) == []


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def _start_build(content: Path, out: Path, cwd: Path) -> subprocess.Popen:
    build = subprocess.Popen([sys.executable, "-m", "generator", *build_args(content, out)], cwd=cwd,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not _children(build.pid) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _children(build.pid), "the build never started a worker"
    return build


def test_a_killed_build_leaves_no_worker_and_no_open_pipe(tmp_path):
    """`disclosure build | cat` ends when the build is killed: no worker lives on holding stdout."""
    content = content_copy(tmp_path)
    out = tmp_path / "site"
    build = _start_build(content, out, tmp_path)
    workers = _children(build.pid)
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=10)
    ready, _, _ = select.select([build.stdout], [], [], 10)
    assert ready and build.stdout.read() == b""  # end of file: nobody holds the pipe any more
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)
    assert CliRunner().invoke(main, build_args(content, out)).exit_code == 0
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_build_cleans_up_and_says_so_in_one_line(tmp_path, signum):
    content = content_copy(tmp_path)
    out = tmp_path / "site"
    assert CliRunner().invoke(main, build_args(content, out)).exit_code == 0
    before = (out / "index.html").read_bytes()
    build = _start_build(content, out, tmp_path)
    os.kill(build.pid, signum)
    _, err = build.communicate(timeout=30)
    assert build.returncode == 128 + signum, err.decode("utf-8", "replace")
    assert "已中断" in err.decode("utf-8") and b"Traceback" not in err
    assert (out / "index.html").read_bytes() == before and leftovers(tmp_path) == []


def test_ctrl_c_while_the_command_starts_prints_no_traceback(tmp_path):
    command = subprocess.Popen([sys.executable, "-m", "generator", "validate", "--content", str(FIXTURE_CONTENT)],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.3)
    command.send_signal(signal.SIGINT)
    _, err = command.communicate(timeout=30)
    assert b"Traceback" not in err and command.returncode in (0, 1, 128 + signal.SIGINT)


# ---- errors a user can cause, in Chinese ------------------------------------------------

def test_a_full_disk_is_a_chinese_message_and_the_old_site_stays(tmp_path, monkeypatch):
    content = content_copy(tmp_path)
    out = tmp_path / "site"
    assert CliRunner().invoke(main, build_args(content, out)).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def full(path: Path, text: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(publish_module, "write_file", full)
    result = CliRunner().invoke(main, build_args(content, out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "构建失败" in result.output and "磁盘空间不足" in result.output and "网站未更新" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert leftovers(tmp_path) == []


def test_a_failed_serve_update_is_reported_and_the_next_edit_is_applied(tmp_path, monkeypatch, capsys):
    content = content_copy(tmp_path)
    out = tmp_path / "site"
    runs = []

    def run(make, notices_in):
        runs.append(make())
        return True

    rebuild = Rebuilder(lambda: SiteBuilder(Config(content, out, site_url="http://127.0.0.1")), run)
    assert rebuild.first_build()
    report = content / LIWAN
    original_update = SiteBuilder.update

    def disk_full(self, search_now=lambda: True):
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "index.html"))

    monkeypatch.setattr(SiteBuilder, "update", disk_full)
    report.write_text(report.read_text("utf-8").replace("title: ", "title: 甲", 1), "utf-8")
    rebuild([report], lambda: False)  # must not raise: the watcher thread would die with it
    assert "更新失败" in capsys.readouterr().err
    monkeypatch.setattr(SiteBuilder, "update", original_update)
    report.write_text(report.read_text("utf-8").replace("title: 甲", "title: 乙", 1), "utf-8")
    rebuild([report], lambda: False)
    page = (out / "reports/guangzhou-liwan/2023-self-evaluation/index.html").read_text("utf-8")
    assert "乙" in page.split("<title>")[1].split("</title>")[0]
    assert not list(out.rglob("*.tmp"))


def test_serve_queues_a_burst_lists_no_folder_and_sends_the_production_headers(tmp_path):
    content = content_copy(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(content),
                               "--out", str(tmp_path / "site"), "--port", str(port)],
                              cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: fetch(base + "/")[0] == 200), "server did not come up"
        assert fetch(base + "/assets/")[0] == 404  # a folder without an index is not listed
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"

        def get(_: int) -> int:
            with urllib.request.urlopen(base + "/", timeout=25) as response:
                return response.status

        with ThreadPoolExecutor(200) as pool:
            statuses = list(pool.map(get, range(200)))
        assert statuses == [200] * 200
    finally:
        server.terminate()
        server.wait(timeout=30)


# ---- content that must not be trusted -----------------------------------------------------

def test_an_edit_that_keeps_size_and_time_is_still_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_CACHE_DIR", str(tmp_path / "cache"))
    content = content_copy(tmp_path)
    assert check(content).ok
    report = content / LIWAN
    info = report.stat()
    text = report.read_bytes()
    assert b"value: 5009.03" in text
    with open(report, "r+b") as handle:  # in place: same inode, same size
        handle.write(text.replace(b"value: 5009.03", b"value: 5909.03", 1))
    os.utime(report, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (report.stat().st_size, report.stat().st_mtime_ns, report.stat().st_ino) == (
        info.st_size, info.st_mtime_ns, info.st_ino)
    assert "sum-mismatch" in {d.code for d in check(content).diagnostics}


def test_a_hard_link_to_a_file_outside_content_is_refused(tmp_path, monkeypatch):
    content = content_copy(tmp_path)
    outside = tmp_path / "secret.yaml"
    outside.write_text("name: 秘密\n", "utf-8")
    os.link(outside, content / "bureaus/linked.yaml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--content", "content"])
    assert result.exit_code == 1
    assert "content/bureaus/linked.yaml:1:1: error unsafe-file: 这个文件有多个硬链接" in result.stdout
    assert "秘密" not in result.output


def test_an_html_original_is_published_as_inert_text(tmp_path):
    content = content_copy(tmp_path)
    source = content / "sources/guangzhou-liwan/2023-self-evaluation.html"
    source.write_text('<meta http-equiv="refresh" content="0;url=https://evil.example">'
                      "<script>alert(1)</script><p>原文</p>", "utf-8")
    out = tmp_path / "site"
    assert CliRunner().invoke(main, build_args(content, out)).exit_code == 0
    published = out / "sources/guangzhou-liwan"
    assert (published / "2023-self-evaluation.html.txt").read_bytes() == source.read_bytes()
    assert not list(out.rglob("sources/**/*.html"))
    page = (out / "reports/guangzhou-liwan/2023-self-evaluation/index.html").read_text("utf-8")
    assert "2023-self-evaluation.html.txt" in page and "2023-self-evaluation.html\"" not in page


# ---- import: no write through a link, limits, damaged files ------------------------------

def _document(tmp_path: Path) -> Path:
    document = tmp_path / "report.txt"
    document.write_text("2023年度某区司法局部门整体支出绩效自评报告\n一、基本情况\n本年支出 100.00 万元。\n", "utf-8")
    return document


def test_import_never_writes_through_a_link(tmp_path):
    content = content_copy(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    args = {"bureau": "guangzhou-liwan", "year": 2030, "kind": "self-evaluation"}
    draft = content / "reports/guangzhou-liwan/2030-self-evaluation.yaml"
    os.symlink(outside / "planted.yaml", draft)  # dangling
    with pytest.raises(UnsafePlace, match="链接"):
        import_report(_document(tmp_path), content, **args)
    (outside / "planted.yaml").write_text("原来的内容", "utf-8")
    with pytest.raises(UnsafePlace, match="链接"):
        import_report(_document(tmp_path), content, force=True, **args)
    assert (outside / "planted.yaml").read_text("utf-8") == "原来的内容"
    draft.unlink()
    shutil.rmtree(content / "sources/guangzhou-liwan")
    os.symlink(outside, content / "sources/guangzhou-liwan")  # a folder on the way
    with pytest.raises(UnsafePlace, match="不是目录"):
        import_report(_document(tmp_path), content, **args)
    assert sorted(p.name for p in outside.iterdir()) == ["planted.yaml"]


def test_a_new_report_is_never_written_through_a_link(tmp_path, monkeypatch):
    content = content_copy(tmp_path)
    outside = tmp_path / "outside.yaml"
    os.symlink(outside, content / "reports/guangzhou-liwan/2031-evaluation.yaml")  # dangling
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "--content", "content", "--bureau", "guangzhou-liwan",
                                       "--year", "2031", "--kind", "evaluation"])
    assert result.exit_code == 1 and "链接" in result.output and not outside.exists()


def test_import_refuses_bombs_huge_pages_and_damaged_pdfs_with_a_chinese_message(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    page = tmp_path / "huge.html"
    page.write_bytes(b"<p>" + b"\xe5\xad\x97" * (2 * 1024 * 1024) + b"</p>")
    garbage, truncated, empty = tmp_path / "garbage.pdf", tmp_path / "truncated.pdf", tmp_path / "empty.pdf"
    garbage.write_bytes(os.urandom(4096))
    truncated.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty")
    empty.write_bytes(b"")
    encrypted = tmp_path / "encrypted.pdf"
    encrypted.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                          b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n3 0 obj<</Filter/Standard/V 4/R 4/Length 128"
                          b"/O<00>/U<00>/P -1>>endobj\ntrailer<</Root 1 0 R/Encrypt 3 0 R/ID[<00><00>]>>\n%%EOF\n")
    expected = {bomb: "压缩", page: "MB", garbage: "PDF", truncated: "PDF", empty: "PDF", encrypted: "PDF"}
    for path, words in expected.items():
        start = time.monotonic()
        with pytest.raises(UnreadableDocument, match=words):
            read_document(path)
        assert time.monotonic() - start < 20, path


# ---- every pattern on user text in linear time -------------------------------------------

ADVERSARIAL = ["1" * 20_000 + "a", "1." * 10_000 + "x", "-" * 20_000 + "x", " " * 20_000 + "x",
               "字" * 20_000 + "!", "（" * 20_000, "1_" * 10_000 + "e", "a" * 20_000 + ":", "第" * 20_000,
               "[" * 20_000, "<" * 10_000 + ">" * 10_000, "0" * 20_000 + ".", "1:" * 10_000 + "x",
               "一、" * 10_000, "。" * 20_000 + "x", "\n" * 20_000 + "x", "1,0" * 6_000 + "a",
               "约" + "1" * 20_000 + "万"]


def _patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for module in pkgutil.walk_packages(generator.__path__, "generator."):
        if module.name.endswith(("__main__", "entry")):
            continue
        loaded = importlib.import_module(module.name)
        found += [(f"{module.name}.{name}", value) for name, value in vars(loaded).items()
                  if isinstance(value, re.Pattern)]
    return found


# Used only whole (fullmatch): searching them from every position is not how they run.
FULLMATCH_ONLY = {"generator.domain.targets._FORM", "generator.importing.cleaning._PAGE_NUMBER",
                  *(f"generator.loading.yamlload.{name}" for name in (
                      "_INT", "_DECIMAL", "_BOOL_11", "_NULL_11", "_GROUPED", "_LEADING_ZERO", "_SEXAGESIMAL",
                      "_SPECIAL_FLOAT", "_OTHER_NUMBER"))}


def test_every_pattern_runs_in_linear_time_on_adversarial_text():
    """A quadratic pattern takes seconds to hours on 20,000 characters; a linear one milliseconds."""
    patterns = _patterns()
    assert len(patterns) > 30
    source = "\n".join(p.read_text("utf-8") for p in (PROJECT_ROOT / "generator").rglob("*.py"))
    for name in FULLMATCH_ONLY:
        uses = re.findall(rf"\b{re.escape(name.rsplit('.', 1)[1])}\.(\w+)", source)
        assert "fullmatch" in uses and set(uses) <= {"fullmatch", "pattern"}, (name, uses)
    slow = []
    for name, pattern in patterns:
        for text in ADVERSARIAL:
            start = time.perf_counter()
            pattern.fullmatch(text)
            if name not in FULLMATCH_ONLY:
                pattern.search(text)
            spent = time.perf_counter() - start
            if spent > 1.0:
                slow.append((name, text[:12], round(spent, 1)))
    assert slow == []


def test_the_search_index_is_the_same_on_any_file_system(tmp_path):
    """ext4 lists a folder in hash order, tmpfs newest first; the index's bytes must not follow
    either (tmp_path is on disk here, /dev/shm in memory). Pagefind's once did."""
    shm = Path("/dev/shm")
    memory = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path / "again"
    try:
        sites = [tmp_path / "site", memory / "site"]
        for site in sites:
            SiteBuilder(Config(FIXTURE_CONTENT, site)).build()
        disk, ram = ({p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} for site in sites)
        assert any(str(p).startswith("search-index/keys/") for p in disk)
        assert disk == ram
    finally:
        shutil.rmtree(memory, ignore_errors=True)
