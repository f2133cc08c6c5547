"""Everything a build, a check or a preview is told: folders, addresses and tunables, made once from
the command's options and the environment, and passed down, never read from module constants."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .paths import DEFAULT_CONTENT, DEFAULT_OUT, TEMPLATES_DIR

GIB = 2**30


def normalise_base(base: str) -> str:
    """The site's path as /, or /sub/path/ with one slash at each end."""
    return "/" + base.strip("/") + "/" if base.strip("/") else "/"


def _budget(environment: Mapping[str, str]) -> int:
    try:
        return int(float(environment["DISCLOSURE_MEMORY_BUDGET"]) * GIB)
    except (KeyError, ValueError):
        return 4 * GIB


@dataclass(frozen=True)
class CmsSettings:
    """Where the web editor (/admin/) commits, from DISCLOSURE_CMS_* (README, Web editing)."""
    backend: str = "github"  # github, gitlab or gitea
    repo: str = ""  # owner/name
    branch: str = "main"  # Gitea has no editorial workflow: its edits go to a branch of their own (README)
    api_root: str = ""  # a self-hosted GitLab's or Gitea's API, e.g. https://git.example.gov.cn/api/v1
    auth_url: str = ""  # where the OAuth login starts (GitHub: an OAuth proxy; Gitea/GitLab: the server)
    app_id: str = ""  # the OAuth application's client id (GitLab, Gitea)

    @classmethod
    def from_environment(cls, environment: Mapping[str, str]) -> CmsSettings:
        def get(name: str, default: str = "") -> str:
            return environment.get(f"DISCLOSURE_CMS_{name}", "").strip() or default
        backend = get("BACKEND", "github")
        backend = backend if backend in ("github", "gitlab", "gitea") else "github"
        branch = get("BRANCH", "web-edits" if backend == "gitea" else "main")
        return cls(backend, get("REPO"), branch, get("API"), get("AUTH"), get("APP_ID"))


@dataclass(frozen=True)
class Config:
    content_dir: Path = DEFAULT_CONTENT
    out_dir: Path = DEFAULT_OUT
    base: str = "/"  # where the site is served: / or /sub/path/
    site_url: str = ""  # scheme and host, for the sitemap and canonical links
    repository_url: str = ""  # the content repository, for the about page's error reports
    operator: str = ""  # who runs the site, named on the about page
    contact: str = ""  # how readers reach the operator: an e-mail address or an https:// address
    templates_dir: Path = TEMPLATES_DIR
    force: bool = False  # replace an output folder this tool did not make (never content, project or git)
    keep_cache: bool = False  # a one-off build keeps each file's check and what indexing read of each page
    # Tunables: measured on this project's corpora (README, Benchmarks).
    check_pool_from: int = 64  # files to check before a process pool pays for starting it
    write_pool_from: int = 200  # files to make before a second process pays for itself
    write_chunk: int = 50  # outputs a page-writing process takes at a time
    memory_budget: int = field(default_factory=lambda: _budget(os.environ))  # bytes for a build at once
    money_page_rows: int = 60  # more reports than this, and the money table is a page per year
    cms: CmsSettings = field(default_factory=lambda: CmsSettings.from_environment(os.environ))
