"""JSON Schema checking of content files, with Chinese messages at file, line and column."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, cast

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from ..diagnostics import Diagnostic, diagnostic
from ..domain.model import SLUG_PATTERN
from ..kinds import KINDS
from ..loading.files import FileType, SourceFile
from ..paths import SCHEMAS_DIR

SCHEMA_FILES: dict[FileType, str] = {
    "bureau": "bureau.schema.json",
    "metrics": "metrics.schema.json",
    "report": "report.schema.json",
}
_TYPE_NAMES = {
    "object": "键值对象", "array": "列表", "string": "文字", "number": "数字",
    "integer": "整数", "boolean": "true 或 false", "null": "空值",
}


COMMON_FILE = "common.schema.json"  # parts the others share: slug, markdown, date


def _read(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS_DIR / name).read_text("utf-8"))
    return schema


def load_schema(file_type: FileType) -> dict[str, Any]:
    """A schema as committed, with the report kinds taken from the kind registry."""
    schema = _read(SCHEMA_FILES[file_type])
    if file_type == "report":
        schema["properties"]["kind"]["enum"] = list(KINDS)
    return schema


@cache
def validator_for(file_type: FileType) -> Draft202012Validator:
    schema = load_schema(file_type)
    Draft202012Validator.check_schema(schema)
    # Schemas refer to the shared file by its name, as editors resolve it beside them.
    registry: Registry[Any] = Registry().with_resource(COMMON_FILE, DRAFT202012.create_resource(_read(COMMON_FILE)))
    return Draft202012Validator(schema, registry=registry)


def _type_names(expected) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    return " 或 ".join(_TYPE_NAMES.get(n, n) for n in names)


def _message(err: ValidationError) -> tuple[str, str]:
    """A stable code and a Chinese message for one schema error."""
    v, expected, instance = err.validator, cast(Any, err.validator_value), err.instance
    if v == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return "schema-required", f"缺少必填项「{'」「'.join(missing)}」"
    if v == "type":
        return "schema-type", f"应为{_type_names(expected)}，实际是「{instance}」"
    if v in ("enum", "const"):
        allowed = expected if v == "enum" else [expected]
        return "schema-enum", f"「{instance}」不是允许的取值；可选：{'、'.join(map(str, allowed))}"
    if v == "pattern" and expected == SLUG_PATTERN:
        return "unsafe-id", f"id「{instance}」不是安全的网址片段：只能用小写字母、数字和单个连字符"
    if v == "pattern":
        return "schema-pattern", f"「{instance}」的格式不对（应匹配 {expected}）"
    if v in ("minimum", "exclusiveMinimum"):
        return "schema-range", f"{instance} 小于允许的最小值 {expected}"
    if v in ("maximum", "exclusiveMaximum"):
        return "schema-range", f"{instance} 大于允许的最大值 {expected}"
    if v == "minLength":
        return "schema-empty", "内容不能为空"
    if v == "minItems":
        return "schema-empty", f"至少需要 {expected} 项"
    return "schema-other", err.message


def check_schema(source: SourceFile) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    validator = validator_for(source.type)
    for err in validator.iter_errors(source.data):
        if err.context:  # oneOf / anyOf: report the branch that came closest
            err = best_match(err.context)
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties":
            known = set(err.schema.get("properties", {}))
            for key in sorted(k for k in err.instance if k not in known):
                line, col = source.yaml.locate_key(path + (key,))
                problems.append(diagnostic(source.shown, (line, col), "schema-unknown-key",
                                      f"不认识的键「{key}」；请检查拼写"))
            continue
        code, message = _message(err)
        line, col = source.yaml.locate(path)
        where = ".".join(str(p) for p in path)
        problems.append(diagnostic(source.shown, (line, col), code, f"{where}: {message}" if where else message))
    return problems
