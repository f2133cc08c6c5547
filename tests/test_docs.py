"""Editors' documentation and editor tooling stay true to the code."""

from __future__ import annotations

import re

import yaml

from generator.diagnostics import CODES
from generator.paths import DEFAULT_CONTENT, PROJECT_ROOT, SCHEMAS_DIR

GUIDE = (PROJECT_ROOT / "docs/editor-guide.md").read_text("utf-8")


def test_every_message_code_is_explained_in_the_guide():
    for code, entry in CODES.items():
        assert f"| `{code}` | {entry.explanation} |" in GUIDE, code


def test_guide_commands_exist():
    for command in ["disclosure new", "disclosure validate", "--format json", "--format github", "./dev serve"]:
        assert command in GUIDE


def test_every_content_file_points_to_its_schema():
    expected = {"bureaus": "bureau", "reports": "report"}
    for path in sorted(DEFAULT_CONTENT.rglob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        kind = expected.get(path.relative_to(DEFAULT_CONTENT).parts[0], "metrics")
        schema = (path.parent / match[1]).resolve()
        assert schema == SCHEMAS_DIR / f"{kind}.schema.json", path


def test_schemas_are_published_with_the_site(built_site):
    for schema in SCHEMAS_DIR.glob("*.schema.json"):
        assert (built_site / "schema" / schema.name).read_bytes() == schema.read_bytes()


def test_pre_commit_hook_runs_validate_on_content():
    config = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    validate = hooks["disclosure-validate"]
    assert validate["entry"].endswith("disclosure validate") and re.match(validate["files"], "content/x.yaml")
    assert hooks["ruff"]["entry"].endswith("ruff check") and hooks["mypy"]["entry"].endswith("mypy")
