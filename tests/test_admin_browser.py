"""The web editor in chromium, against serve's local backend: open /admin/, change Liwan 2023's
总收入, save, and the git diff is that one line. The editor's policy holds and nothing leaves
localhost. The editor guide's screenshots are taken here (UPDATE_SCREENSHOTS=1 writes them into
docs/images/)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.build import build
from generator.config import CmsSettings
from generator.outputs.headers import admin_policy
from generator.paths import PROJECT_ROOT
from generator.serve import make_server

from .fixtures_support import FIXTURE_CONTENT

pytestmark = pytest.mark.browser
LIWAN = "content/reports/guangzhou-liwan/2023-self-evaluation.yaml"
NOTE = "总收入按原文第 3 页更正为 6952.32 万元。"
PDF = b"%PDF-1.4\n% the published original\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def editing(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The fixture content in a git repository of its own, built and served with the local backend."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE_CONTENT, repo / "content")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "原始内容")
    build(repo / "content", repo / "site", base="/")
    server = make_server(repo / "site", "127.0.0.1", 0, repo / "content")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", repo
    server.shutdown()
    server.server_close()


def screenshot(page: Any, name: str, tmp_path: Path) -> None:
    folder = PROJECT_ROOT / "docs" / "images" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"admin-{name}.png"))


def expand(page: Any, label: str) -> Any:
    """Open a collapsed list item by its summary; the item, for finding fields inside it."""
    item = page.locator("[class*=SortableListItem]").filter(has=page.get_by_text(label, exact=True)).last
    item.locator("button").first.click()
    return item


def test_an_edit_in_the_browser_changes_one_line_uploads_the_original_and_carries_the_note(
        page: Any, editing: tuple[str, Path], tmp_path: Path) -> None:
    url, repo = editing
    hosts: set[str] = set()
    persisted: list[dict[str, Any]] = []
    problems: list[str] = []
    page.set_viewport_size({"width": 1280, "height": 860})
    # Every request but the browser's own blob: URLs (a file being uploaded, a draft kept).
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc) if not r.url.startswith("blob:") else None)
    page.on("request", lambda r: persisted.append(r.post_data_json) if r.method == "POST" and "persistEntry"
            in (r.post_data or "") else None)
    page.on("pageerror", lambda e: problems.append(str(e)[:200]))
    page.on("console", lambda m: problems.append(m.text[:200]) if "Content Security Policy" in m.text else None)
    page.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation',"
                         " (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")

    response = page.goto(f"{url}/admin/")
    assert response.headers["content-security-policy"] == admin_policy(CmsSettings())
    page.get_by_role("button", name="登录").click()
    page.get_by_text("部门整体支出绩效自评报告").first.wait_for()
    page.goto(f"{url}/admin/#/collections/self-evaluation")
    page.get_by_text("2023 年 · 2023年度广州市荔湾区司法局部门整体支出绩效自评报告").wait_for()
    screenshot(page, "collection", tmp_path)

    page.goto(f"{url}/admin/#/collections/self-evaluation/entries/guangzhou-liwan/2023-self-evaluation")
    expand(page, "2023 年度收入")
    assert page.locator("[aria-readonly=true]").all_inner_texts() == ["guangzhou-liwan", "2023"]  # shown, not edited
    figure = expand(page, "总收入 6952.31 万元")
    value = page.locator(f'[id="{figure.get_by_label("数值").get_attribute("id")}"]')  # its summary changes as typed
    assert value.input_value() == "6952.31"
    value.fill("6952.32")
    page.get_by_label("更正说明（写给读者）").fill(NOTE)
    value.scroll_into_view_if_needed()
    screenshot(page, "edit", tmp_path)
    # The published original, uploaded beside the report's others and saved with it.
    page.get_by_role("button", name="选择文件").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "2023-self-evaluation.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_text("2023-self-evaluation.txt").wait_for()  # the report's original already there
    screenshot(page, "upload", tmp_path)
    page.get_by_role("button", name="选用已选中项目").click()
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("修改已保存").wait_for()
    screenshot(page, "saved", tmp_path)

    for _ in range(50):  # the write is done before the reply; the file system may lag a moment
        if git(repo, "diff", "--numstat"):
            break
        time.sleep(0.1)
    assert git(repo, "diff", "--numstat") == f"1\t1\t{LIWAN}\n"
    upload = "content/sources/guangzhou-liwan/2023-self-evaluation.pdf"
    assert git(repo, "status", "--porcelain", "content/sources") == f"?? {upload}\n"
    assert (repo / upload).read_bytes() == PDF
    changed = [line for line in git(repo, "diff", "-U0").splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == ["-      - {id: total-income, label: 总收入, value: 6952.31, unit: 万元, measure: total-income}",
                       "+      - {id: total-income, label: 总收入, value: 6952.32, unit: 万元, measure: total-income}"]
    assert persisted and persisted[-1]["params"]["options"]["commitMessage"].endswith(f"\n\n更正说明: {NOTE}")
    assert hosts == {urlsplit(url).netloc}
    assert page.evaluate("() => window.__violations") == [] and problems == []


def test_a_save_the_validator_refuses_is_not_written_and_says_why(page: Any, editing: tuple[str, Path],
                                                                   tmp_path: Path) -> None:
    url, repo = editing
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(f"{url}/admin/")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{url}/admin/#/collections/self-evaluation/entries/guangzhou-liwan/2023-self-evaluation")
    expand(page, "2023 年度收入")
    figure = expand(page, "本年收入 6929.05 万元")
    figure.get_by_label("数字 ID").first.fill("total-income")  # the schema takes it; the validator does not
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("duplicate-id", exact=False).first.wait_for()
    page.wait_for_timeout(800)  # the notice slides in
    screenshot(page, "refused", tmp_path)
    assert "数字 id「total-income」在本报告中重复" in page.inner_text("body")
    assert git(repo, "status", "--porcelain", "content") == ""
