"""`disclosure serve` really serves, and really rebuilds when a file changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from generator.config import Config
from generator.paths import PROJECT_ROOT

from .fixtures_support import FIXTURE_CONTENT

PAGE = "/reports/guangzhou-liwan/2023-self-evaluation/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_content_change(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(content),
         "--out", str(tmp_path / "site"), "--port", str(port)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: fetch(base + PAGE)[0] == 200), "server did not come up"
        assert fetch(base + "/no/such/page/") [0] == 404
        assert "页面不存在" in fetch(base + "/no/such/page/")[1]

        report = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
        report.write_text(report.read_text("utf-8").replace(
            "title: 2023年度广州市荔湾区司法局部门整体支出绩效自评报告",
            "title: 2023年度广州市荔湾区司法局部门整体支出绩效自评报告（更正版）"), "utf-8")
        assert wait_for(lambda: "（更正版）" in fetch(base + PAGE)[1]), "no rebuild after edit"
        # The update that follows brings the new title to the pages that list it.
        assert wait_for(lambda: "（更正版）" in fetch(base + "/bureaus/guangzhou-liwan/")[1]), "lists not updated"

        # A broken edit is reported and the last good site keeps being served.
        report.write_text(report.read_text("utf-8").replace("year: 2023", "year: 2023\nyear: 2024"), "utf-8")
        time.sleep(3)
        assert "（更正版）" in fetch(base + PAGE)[1]
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "yaml-duplicate-key" in output
    # Notices of files nobody edited are printed by the first build only, not by every update.
    assert output.count("score-recorded") == 1


def test_rebuilds_never_overlap_and_late_changes_are_not_lost():
    import threading

    from watchdog.events import FileModifiedEvent

    from generator.serve import _Debounced

    running, overlaps, runs = [0], [0], []
    lock = threading.Lock()

    def slow_rebuild(paths, pending):
        with lock:
            running[0] += 1
            overlaps[0] = max(overlaps[0], running[0])
        time.sleep(0.3)
        with lock:
            running[0] -= 1
            runs.append(time.monotonic())

    handler = _Debounced(slow_rebuild, delay=0.05)
    handler.on_any_event(FileModifiedEvent("a.yaml"))
    time.sleep(0.15)  # the first rebuild is under way
    for _ in range(5):
        handler.on_any_event(FileModifiedEvent("a.yaml"))
        time.sleep(0.02)
    deadline = time.monotonic() + 5
    while len(runs) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert overlaps[0] == 1  # one at a time
    assert len(runs) == 2  # the changes made during the first rebuild got one more


def test_an_edited_report_page_is_previewed_at_once_and_equals_the_full_build(tmp_path):
    from generator.build import build
    from generator.outputs.preview import preview_reports

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    out = tmp_path / "site"
    build(content, out)
    report = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    report.write_text(report.read_text("utf-8").replace("value: 3230, unit: 宗", "value: 3231, unit: 宗"), "utf-8")
    page = out / PAGE.lstrip("/") / "index.html"
    start = time.perf_counter()
    assert preview_reports([report], Config(content, out)) == [PAGE.lstrip("/")]
    print(f"\n[serve] edited figure on its page in {time.perf_counter() - start:.3f} s")
    previewed = page.read_bytes()
    assert ">3,231 宗<".encode() in previewed and ">3,230 宗<".encode() not in previewed
    full = tmp_path / "full"
    build(content, full)
    assert (full / PAGE.lstrip("/") / "index.html").read_bytes() == previewed
    # An edit that breaks the file is left to the full rebuild, which reports it.
    report.write_text(report.read_text("utf-8").replace("year: 2023", "year: 2023\nyear: 2024"), "utf-8")
    assert preview_reports([report], Config(content, out)) == []
    assert page.read_bytes() == previewed
