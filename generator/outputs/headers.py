"""HTTP headers for the built site: security headers everywhere, one cache rule per path.

The rules are derived from the files the build wrote, so a new page type is
covered without anyone editing host configuration. Netlify reads them from
`_headers` in the published folder; docs/nginx.conf carries the same policy
(tests/test_deploy.py checks it against this module).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .folder import MARKER

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"),
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                           "microphone=(), payment=(), usb=()"),
    "X-Frame-Options": "DENY",
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"
# Files whose name changes whenever their content does. The search index's files keep their
# names from build to build, so they are revalidated like pages.
FINGERPRINTED = re.compile(r"^assets/")
HEADERS_FILE = "_headers"


def cache_control(path: str) -> str:
    """The Cache-Control value for a site-relative file path."""
    return IMMUTABLE if FINGERPRINTED.match(path) else REVALIDATE


def matches(pattern: str, url_path: str) -> bool:
    """Netlify's rule matching: `*` stands for anything, slashes included."""
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), url_path) is not None


def url_paths(file_path: str) -> list[str]:
    """The URL paths that serve a file: a folder's index.html is also the folder."""
    url = "/" + file_path
    return [url, url.removesuffix("index.html")] if url.endswith("/index.html") or url == "/index.html" else [url]


def _rules_for(folder: str, files: list[str]) -> list[tuple[str, str]]:
    """Cache rules covering files (paths relative to the site) under folder ("" or "x/")."""
    if len({cache_control(f) for f in files}) == 1 and folder:
        return [(f"/{folder}*", cache_control(files[0]))]
    rules: list[tuple[str, str]] = []
    direct = sorted(f for f in files if "/" not in f[len(folder):])
    nested = sorted({f[len(folder):].split("/")[0] for f in files if "/" in f[len(folder):]})
    for sub in nested:
        rules += _rules_for(f"{folder}{sub}/", [f for f in files if f.startswith(f"{folder}{sub}/")])
    by_suffix: dict[str, list[str]] = {}
    for f in direct:
        by_suffix.setdefault(Path(f).suffix, []).append(f)
    for suffix, group in sorted(by_suffix.items()):
        pattern = f"/{folder}*{suffix}"
        covered = [f for f in files if matches(pattern, "/" + f)]
        if folder and suffix and {cache_control(f) for f in covered} == {cache_control(group[0])}:
            if not any(matches(pattern, rule) for rule, _ in rules):
                rules.append((pattern, cache_control(group[0])))
                continue
        for f in group:
            rules += [(url, cache_control(f)) for url in url_paths(f)]
    return rules


def cache_rules(files: Iterable[str]) -> list[tuple[str, str]]:
    """Netlify path rules, each output URL matched by exactly one of them."""
    files = sorted(files)
    rules = _rules_for("", files)
    patterns = [(rule, re.compile(re.escape(rule).replace(r"\*", ".*"))) for rule, _ in rules]
    for f in files:
        for url in url_paths(f):
            matched = [rule for rule, pattern in patterns if pattern.fullmatch(url)]
            if len(matched) != 1:
                raise ValueError(f"{url} is matched by {len(matched)} cache rules: {matched}")
    return rules


def netlify_headers(files: Iterable[str]) -> str:
    """The `_headers` file: security headers on every path, then one cache rule per path."""
    lines = ["/*", *(f"  {name}: {value}" for name, value in SECURITY_HEADERS.items())]
    for rule, value in cache_rules(files):
        lines += [rule, f"  Cache-Control: {value}"]
    return "\n".join(lines) + "\n"


def write_headers(site_dir: Path) -> None:
    """`_headers` for the files now in site_dir, rewritten only if it would change."""
    files = [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()]
    text = netlify_headers(f for f in files if f not in (HEADERS_FILE, MARKER))
    target = site_dir / HEADERS_FILE
    if not target.is_file() or target.read_text("utf-8") != text:
        target.write_text(text, "utf-8")
