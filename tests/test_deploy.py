"""Deployment: netlify.toml, the nginx copy of its headers, workflows, hosting under a sub-path."""

from __future__ import annotations

import json
import re

import yaml

from generator.build import build
from generator.config import CmsSettings
from generator.outputs.folder import MARKER
from generator.outputs.headers import FINGERPRINTED, IMMUTABLE, REVALIDATE, cache_rules, security_headers
from generator.paths import PROJECT_ROOT

from .fixtures_support import FIXTURE_CONTENT
from .invariants import check_links_and_anchors_resolve
from .netlify_support import config, headers_for, matching_rules

SECURITY = ["Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
            "Referrer-Policy", "Permissions-Policy", "X-Frame-Options"]


def test_netlify_builds_from_scratch_with_pinned_python():
    netlify = config()
    assert netlify["build"]["publish"] == "site"
    assert netlify["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    for context in (netlify["build"], netlify["context"]["production"], netlify["context"]["deploy-preview"]):
        steps = [s.strip() for s in context["command"].split("&&")]
        assert "git fetch --quiet --unshallow" in steps.pop(0)  # dates and corrections need full history
        assert steps[0].startswith("python -m pip install") and "-e ." in steps[0]
        assert steps[1].startswith("python -m generator validate")  # the build needs no Node.js
        assert steps[2].startswith("python -m generator build --cache")  # a one-report change re-checks one file
    assert '--site-url "$DEPLOY_PRIME_URL"' in netlify["context"]["deploy-preview"]["command"]


def test_security_headers_on_every_path(built_site):
    headers = headers_for(built_site, "/reports/guangzhou-liwan/2023-self-evaluation/")
    csp = {d.split()[0]: d.split()[1:] for d in headers["Content-Security-Policy"].split("; ")}
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["script-src"] == ["'self'"]  # no WebAssembly either, since the index is our own
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert re.fullmatch(r"max-age=\d{8}; includeSubDomains; preload", headers["Strict-Transport-Security"])
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_every_built_file_has_exactly_one_cache_rule(built_site):
    files = sorted(p for p in built_site.rglob("*") if p.is_file() and p.name not in ("_headers", MARKER))
    assert len(files) > 50
    for path in files:
        url = "/" + str(path.relative_to(built_site))
        urls = [url, url.removesuffix("index.html")] if url.endswith("index.html") else [url]
        for u in urls:
            rules = [r for r in matching_rules(built_site, u) if "Cache-Control" in r]
            assert len(rules) == 1, (u, rules)
            headers = headers_for(built_site, u)
            assert all(name in headers for name in SECURITY), u
            cache = headers["Cache-Control"]
            fingerprinted = u.startswith("/assets/")
            assert cache == ("public, max-age=31536000, immutable" if fingerprinted
                             else "public, max-age=0, must-revalidate"), u


def test_a_new_page_type_gets_its_cache_rule_without_editing_config():
    files = ["index.html", "reports/a/index.html", "assets/x.1234.css", "search-index/index.json",
             "search-index/keys/3.bin", "annual/2024/index.html", "feed.xml"]
    rules = dict(cache_rules(files))
    assert rules["/annual/*"] == REVALIDATE and rules["/feed.xml"] == REVALIDATE
    assert rules["/assets/*"] == IMMUTABLE and rules["/search-index/*"] == REVALIDATE


def test_nginx_config_sends_the_same_headers():
    nginx = (PROJECT_ROOT / "docs/nginx.conf").read_text("utf-8")
    blocks = re.findall(r"^    location ([^{]+)\{(.*?)\n    \}", nginx, re.S | re.M)
    assert len(blocks) == 3
    immutable = []
    for where, block in blocks:
        sent = dict(re.findall(r'add_header (\S+) "([^"]*)" always;', block))
        expected = security_headers(where.split()[-1].lstrip("/"), CmsSettings())  # the editor's policy under /admin/
        assert {k: sent[k] for k in expected} == expected
        assert sent["Cache-Control"] in (IMMUTABLE, REVALIDATE)
        if sent["Cache-Control"] == IMMUTABLE:
            immutable.append(where.strip())
    # nginx caches for a year exactly what headers.py calls fingerprinted.
    def nginx_immutable(url: str) -> bool:
        for where in immutable:
            kind, pattern = where.split(" ", 1)
            if (kind == "^~" and url.startswith(pattern)) or (kind == "~" and re.search(pattern, url)):
                return True
        return False

    for path in ["assets/site.abc.css", "search-index/keys/1.bin", "search-index/text/0.json",
                 "reports/a/2023-evaluation/index.html", "index.html", "data/figures.csv"]:
        assert nginx_immutable("/" + path) == bool(FINGERPRINTED.match(path)), path
    assert "error_page 404 /404.html;" in nginx


def test_workflow_runs_the_readme_commands():
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    assert "./dev test" in readme and "./dev serve" in readme
    workflows = sorted((PROJECT_ROOT / ".github/workflows").glob("*.yml"))
    assert workflows
    commands = []
    for path in workflows:
        workflow = yaml.safe_load(path.read_text("utf-8"))
        assert workflow.get(True, workflow.get("on"))  # PyYAML reads the key `on` as True
        for job in workflow["jobs"].values():
            commands += [step["run"] for step in job["steps"] if "run" in step]
    joined = "\n".join(commands)
    assert "./dev test" in joined
    assert "validate --format github" in joined
    assert "disclosure build" in joined or "generator build" in joined


def test_site_under_a_sub_path_has_no_broken_internal_link(tmp_path):
    out = tmp_path / "site"
    build(FIXTURE_CONTENT, out, base="/jixiao/", site_url="https://example.org")
    assert check_links_and_anchors_resolve(out, base="/jixiao/") > 100
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.org/jixiao/reports/" in sitemap


def test_deploys_keep_the_validation_cache_between_builds():
    netlify = config()
    cache = netlify["build"]["environment"]["DISCLOSURE_CACHE_DIR"]
    [plugin] = [p for p in netlify["plugins"] if p["package"] == "netlify-plugin-cache"]
    assert plugin["inputs"]["paths"] == [cache]
    package = json.loads((PROJECT_ROOT / "package.json").read_text("utf-8"))
    assert "netlify-plugin-cache" in package["devDependencies"]  # Netlify installs a file-declared plugin from here
    workflow = (PROJECT_ROOT / ".github/workflows/ci.yml").read_text("utf-8")
    assert "DISCLOSURE_CACHE_DIR: ${{ github.workspace }}/" + cache in workflow
    assert "uses: actions/cache@v4" in workflow and f"path: {cache}" in workflow
    assert "disclosure build --cache" in workflow
    assert f"{cache}/" in (PROJECT_ROOT / ".gitignore").read_text("utf-8").splitlines()
