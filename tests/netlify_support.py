"""The site's `_headers` file, applied the way Netlify applies it."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from generator.outputs.headers import HEADERS_FILE, matches
from generator.paths import PROJECT_ROOT
from generator.serve import SiteHandler


def config() -> dict:
    return tomllib.loads((PROJECT_ROOT / "netlify.toml").read_text("utf-8"))


def header_rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    """Parse `_headers`: a path line, then indented `Name: value` lines."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in (site / HEADERS_FILE).read_text("utf-8").splitlines():
        if line.startswith("  "):
            name, value = line.strip().split(": ", 1)
            rules[-1][1][name] = value
        elif line:
            rules.append((line, {}))
    return rules


def matching_rules(site: Path, url_path: str) -> list[dict[str, str]]:
    return [values for pattern, values in header_rules(site) if matches(pattern, url_path)]


def headers_for(site: Path, url_path: str) -> dict[str, str]:
    """Every matching rule applies; a header set by several rules gets their values joined."""
    headers: dict[str, list[str]] = {}
    for values in matching_rules(site, url_path):
        for name, value in values.items():
            headers.setdefault(name, []).append(value)
    return {name: ", ".join(values) for name, values in headers.items()}


def production_handler(directory: str):
    site = Path(directory)

    class ProductionHandler(SiteHandler):
        def end_headers(self):
            for name, value in headers_for(site, self.path.split("?")[0]).items():
                self.send_header(name, value)
            super().end_headers()

    return functools.partial(ProductionHandler, directory=directory)
