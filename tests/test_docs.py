"""Editors' documentation and editor tooling stay true to the code."""

from __future__ import annotations

import json
import re

import yaml

from generator.diagnostics import CODES
from generator.diagnostics.examples import EXAMPLES
from generator.kinds import KINDS
from generator.paths import PROJECT_ROOT, SCHEMAS_DIR

from .fixtures_support import FIXTURE_CONTENT

GUIDE = (PROJECT_ROOT / "docs/editor-guide.md").read_text("utf-8")


def test_every_message_code_is_explained_in_the_guide():
    for code, entry in CODES.items():
        assert f"| `{code}` | {entry.explanation} |" in GUIDE, code


def test_guide_commands_exist():
    for command in ["disclosure new", "disclosure import", "disclosure validate", "--format json", "--format github",
                    "./dev serve"]:
        assert command in GUIDE


def test_every_content_file_points_to_its_schema():
    expected = {"bureaus": "bureau", "reports": "report"}
    for path in sorted(FIXTURE_CONTENT.rglob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        kind = expected.get(path.relative_to(FIXTURE_CONTENT).parts[0], "metrics")
        schema = (path.parent / match[1]).resolve()
        assert schema == SCHEMAS_DIR / f"{kind}.schema.json", path


def test_schemas_are_published_with_the_site(built_site):
    for schema in SCHEMAS_DIR.glob("*.schema.json"):
        assert (built_site / "schema" / schema.name).read_bytes() == schema.read_bytes()


def test_pre_commit_hook_runs_validate_on_content():
    config = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    validate = hooks["disclosure-validate"]
    assert validate["entry"].endswith("disclosure validate --quiet") and re.match(validate["files"], "content/x.yaml")
    assert validate.get("pass_filenames", True)  # only the changed files are listed
    assert hooks["disclosure-validate-all"]["pass_filenames"] is False
    assert hooks["ruff"]["entry"].endswith("ruff check") and hooks["mypy"]["entry"].endswith("mypy")


def _properties(node, path=""):
    """Every property of a schema, with its path, through nested objects, lists and $defs."""
    if not isinstance(node, dict):
        return
    for key, child in node.get("properties", {}).items():
        yield f"{path}.{key}", child
        yield from _properties(child, f"{path}.{key}")
    if "items" in node:
        yield from _properties(node["items"], f"{path}[]")
    for name, child in node.get("$defs", {}).items():
        yield from _properties(child, f"#{name}")


def test_every_field_an_editor_fills_in_is_explained_in_chinese_with_examples():
    checked = 0
    for path in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text("utf-8"))
        for where, field in _properties(schema):
            assert re.search(r"[\u4e00-\u9fff]", field.get("description", "")), (path.name, where)
            scalar = field.get("type") in ("string", "number", "integer") or "enum" in field
            shared_scalar = field.get("$ref", "").startswith("common.schema.json#/$defs/") and not field[
                "$ref"].endswith("/markdown")
            if scalar or shared_scalar:
                assert field.get("examples"), (path.name, where)
            checked += 1
    assert checked > 100


def test_shared_parts_are_defined_once():
    schemas = {p.name: p.read_text("utf-8") for p in SCHEMAS_DIR.glob("*.schema.json")}
    assert sum(text.count('"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"') for text in schemas.values()) == 1
    report = json.loads(schemas["report.schema.json"])
    assert "cell" not in report["$defs"] and report["$defs"]["figure"]["properties"]["label"]


def test_report_kinds_in_the_committed_schema_match_the_registry():
    report = json.loads((SCHEMAS_DIR / "report.schema.json").read_text("utf-8"))
    assert report["properties"]["kind"]["enum"] == list(KINDS), "run scripts/update-guide"
    for kind in KINDS.values():
        assert f"{kind.id} {kind.label}" in report["properties"]["kind"]["description"]


def test_common_mistakes_section_shows_every_example():
    section = GUIDE.split("## 常见错误", 1)[1].split("\n## ", 1)[0]
    for code, example in EXAMPLES.items():
        assert f"### `{code}`" in section, code
        assert f"```yaml\n{example.before}\n```" in section and f"```yaml\n{example.after}\n```" in section, code
