"""The link policy: which links and images a published page may carry.

Used by validation (to report a bad link, quoting it) and by the Markdown renderer
(as a last guard), so the two can never disagree.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HTTPS = re.compile(r"https://[^/?#@\s]+(?:[/?#]|$)", re.IGNORECASE)
PAGE_DEPTH = 3  # a report page is reports/<bureau>/<year>-<kind>/: links are relative to it


def _climbs(url: str) -> str | None:
    """A relative link that climbs above the site's root with ../ leads off the site."""
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    if path.startswith("/"):
        return None
    depth = PAGE_DEPTH
    for segment in path.split("/"):
        depth += -1 if segment == ".." else 0 if segment in ("", ".") else 1
        if depth < 0:
            return "链接用 ../ 跳出了本站；本站页面请写相对于报告页的正确路径"
    return None


def link_problem(url: str, image: bool) -> str | None:
    """Why a link may not be published, or None."""
    url = unquote(url)  # the renderer percent-encodes; judge what a browser would decode
    if _CONTROL.search(url):
        return "链接里有控制字符"
    if "\\" in url:
        return "链接里不能有反斜杠（\\）：浏览器把它当作 /，可能把链接带到别的网站"
    if url.startswith("//"):
        return "以 // 开头的链接会指向别的网站；外部链接请写完整的 https:// 地址"
    scheme = _SCHEME.match(url)
    if image and (scheme or url.startswith("//")):
        return "图片只能来自本站，不能引用外部地址"
    if scheme is None:
        return _climbs(url)
    name = scheme[1].lower()
    if name == "https" and not _HTTPS.match(url):
        return "外部链接要写成 https://网址 的完整形式"
    if name in ("https", "mailto"):
        return None
    if name == "http":
        return "不加密的 http:// 链接不能发布；请改成 https://"
    return f"不允许 {name}: 链接"
