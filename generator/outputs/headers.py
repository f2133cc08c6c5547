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

from ..config import CmsSettings
from ..urls import ADMIN
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
# Where each editor backend's browser calls go (a self-hosted GitLab or Gitea names its own).
_BACKEND_ORIGINS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com", "gitea": ""}


def admin_policy(cms: CmsSettings) -> str:
    """The web editor's Content-Security-Policy: no looser than Decap CMS needs, measured in
    chromium (README, Web editing): without 'unsafe-eval' it does not start (its configuration is
    checked by compiled JSON-schema functions), without inline styles its layout breaks; it calls
    no API but the configured backend's (originals are documents: no image previews)."""
    origins = sorted({o for o in (_BACKEND_ORIGINS.get(cms.backend, ""), _origin(cms.api_root),
                                  _origin(cms.auth_url)) if o})
    remote = "".join(f" {o}" for o in origins)
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self'; font-src 'self'; connect-src 'self' blob:{remote}; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def _origin(url: str) -> str:
    match = re.match(r"https://[^/\s]+", url)
    return match[0] if match else ""


def security_headers(path: str, cms: CmsSettings) -> dict[str, str]:
    """The security headers for a site-relative path: the editor's policy under admin/."""
    if path.startswith(ADMIN):
        return {**SECURITY_HEADERS, "Content-Security-Policy": admin_policy(cms)}
    return SECURITY_HEADERS


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


def netlify_headers(files: Iterable[str], cms: CmsSettings | None = None) -> str:
    """The `_headers` file: security headers on every path, then one cache rule per path. Where
    the site has the web editor, its policy and the site's each go with the cache rules of their
    paths instead (Netlify would send both policies on /admin/, and a browser enforces both)."""
    files = sorted(files)
    split = any(f.startswith(ADMIN) for f in files)
    lines = ["/*", *(f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()
                     if not (split and name == "Content-Security-Policy"))]
    for rule, value in cache_rules(files):
        lines += [rule, f"  Cache-Control: {value}"]
        if split:
            policy = security_headers(rule.lstrip("/"), cms or CmsSettings())["Content-Security-Policy"]
            lines.append(f"  Content-Security-Policy: {policy}")
    return "\n".join(lines) + "\n"


def write_headers(site_dir: Path, cms: CmsSettings | None = None) -> None:
    """`_headers` for the files now in site_dir, rewritten only if it would change."""
    files = [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()]
    text = netlify_headers((f for f in files if f not in (HEADERS_FILE, MARKER)), cms)
    target = site_dir / HEADERS_FILE
    if not target.is_file() or target.read_text("utf-8") != text:
        target.write_text(text, "utf-8")
