"""netlify.toml's header rules, applied the way Netlify applies them."""

from __future__ import annotations

import functools
import re
import tomllib

from generator.paths import PROJECT_ROOT
from generator.serve import SiteHandler


def config() -> dict:
    return tomllib.loads((PROJECT_ROOT / "netlify.toml").read_text("utf-8"))


def _pattern(path_glob: str) -> re.Pattern:
    return re.compile(re.escape(path_glob).replace(r"\*", ".*"))


def matching_rules(url_path: str) -> list[dict[str, str]]:
    return [rule["values"] for rule in config()["headers"] if _pattern(rule["for"]).fullmatch(url_path)]


def headers_for(url_path: str) -> dict[str, str]:
    """Every matching rule applies; a header set by several rules gets their values joined."""
    headers: dict[str, list[str]] = {}
    for values in matching_rules(url_path):
        for name, value in values.items():
            headers.setdefault(name, []).append(value)
    return {name: ", ".join(values) for name, values in headers.items()}


def production_handler(directory: str):
    class ProductionHandler(SiteHandler):
        def end_headers(self):
            for name, value in headers_for(self.path.split("?")[0]).items():
                self.send_header(name, value)
            super().end_headers()

    return functools.partial(ProductionHandler, directory=directory)
