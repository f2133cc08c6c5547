"""What the web editor (/admin/) needs and weighs, in Debian chromium against serve's local
backend: one edit (open Liwan 2023, change 总收入, upload an original, save) under the
editor's policy as built, and under that policy with one allowance taken away; then the bytes a
first visit to /admin/ transfers, compressed as gzip -6 would send them.

    .venv/bin/python scripts/admin_policy.py

A row that still works with an allowance removed means the policy is looser than needed.
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import generator.serve as serve  # noqa: E402
from generator.build import build  # noqa: E402
from generator.config import CmsSettings  # noqa: E402
from generator.outputs.headers import SECURITY_HEADERS, admin_policy  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "content"
LIWAN = "reports/guangzhou-liwan/2023-self-evaluation.yaml"
UPLOAD = "sources/guangzhou-liwan/2023-self-evaluation.pdf"
# Each allowance of the built policy, and the policy without it.
FULL = admin_policy(CmsSettings())
WITHOUT = {
    "as built": FULL,
    "without 'unsafe-eval'": FULL.replace(" 'unsafe-eval'", ""),
    "without inline styles": FULL.replace(" 'unsafe-inline'", ""),
    "without blob: in connect-src": FULL.replace(" blob:", ""),
}


def expand(page: Any, label: str) -> Any:
    item = page.locator("[class*=SortableListItem]").filter(has=page.get_by_text(label, exact=True)).last
    item.locator("button").first.click()
    return item


def one_edit(page: Any, url: str) -> None:
    page.goto(f"{url}/admin/")
    page.get_by_role("button", name="登录").click(timeout=10000)
    page.goto(f"{url}/admin/#/collections/self-evaluation/entries/guangzhou-liwan/2023-self-evaluation")
    expand(page, "2023 年度收入")
    figure = expand(page, "总收入 6952.31 万元")
    page.locator(f'[id="{figure.get_by_label("数值").get_attribute("id")}"]').fill("6952.32")
    page.get_by_role("button", name="选择文件").click(timeout=5000)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "2023-self-evaluation.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 original"}])
    page.get_by_role("button", name="选用已选中项目").click(timeout=5000)
    page.get_by_role("button", name="发布").first.click(timeout=5000)
    page.get_by_text("立即发布").click(timeout=5000)
    page.get_by_text("修改已保存").wait_for(timeout=10000)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="admin-policy-"))
    try:
        shutil.copytree(FIXTURES, work / "content")
        build(work / "content", work / "site", base="/")
        original = (work / "content" / LIWAN).read_text("utf-8")
        policy = {"value": FULL}
        serve.security_headers = lambda path, cms: (  # type: ignore[assignment]
            {**SECURITY_HEADERS, "Content-Security-Policy": policy["value"]} if path.startswith("admin/")
            else SECURITY_HEADERS)
        server = serve.make_server(work / "site", "127.0.0.1", 0, work / "content")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}"
        print(f"{'policy':28} {'edit and upload saved':>22} {'violations':>10}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            for name, value in WITHOUT.items():
                policy["value"] = value
                context = browser.new_context()
                page = context.new_page()
                violations: list[str] = []
                page.on("console", lambda m, found=violations: found.append(m.text)
                        if "Content Security Policy" in m.text else None)
                upload = work / "content" / UPLOAD
                try:
                    one_edit(page, url)
                    saved = (work / "content" / LIWAN).read_text("utf-8") != original and upload.is_file()
                except Exception:  # the editor did not get as far as saving
                    saved = False
                (work / "content" / LIWAN).write_text(original, "utf-8")
                upload.unlink(missing_ok=True)
                print(f"{name:28} {'yes' if saved else 'no':>22} {len(violations):>10}")
                context.close()
            weight = first_visit(browser, url)
            browser.close()
        server.shutdown()
        print(f"\nfirst visit to /admin/: {weight / 1024:,.0f} KB compressed")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def first_visit(browser: Any, url: str) -> int:
    """Bytes of every response until the editor's login page shows, as gzip -6 sends them."""
    context = browser.new_context()
    page = context.new_page()
    bodies: list[bytes] = []
    page.on("response", lambda r: bodies.append(r.body()) if r.status == 200 else None)
    page.goto(f"{url}/admin/")
    page.get_by_role("button", name="登录").wait_for()
    page.wait_for_timeout(1000)
    context.close()
    return sum(len(gzip.compress(body, 6)) for body in bodies)


if __name__ == "__main__":
    main()
