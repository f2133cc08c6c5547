"""JSON Schema checking of content files, with Chinese messages at file, line and column."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any, cast

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from ..diagnostics import Diagnostic, diagnostic
from ..domain.model import SLUG_PATTERN
from ..kinds import KINDS
from ..loading.files import FileType, SourceFile
from ..paths import SCHEMAS_DIR
from . import wording

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
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


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
def quick_check_for(file_type: FileType) -> Callable[[Any], Any]:
    """A compiled yes/no check, many times faster than the validator that explains errors."""
    common = _read(COMMON_FILE)
    return cast(Callable[[Any], Any], fastjsonschema.compile(
        load_schema(file_type), handlers={"": lambda uri: common}, use_default=False))


def passes(source: SourceFile) -> bool:
    try:
        quick_check_for(source.type)(source.data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@cache
def validator_for(file_type: FileType) -> Draft202012Validator:
    schema = load_schema(file_type)
    Draft202012Validator.check_schema(schema)
    # Schemas refer to the shared file by its name, as editors resolve it beside them.
    registry: Registry[Any] = Registry().with_resource(COMMON_FILE, DRAFT202012.create_resource(_read(COMMON_FILE)))
    return Draft202012Validator(schema, registry=registry)


def _type_names(expected: str | list[str]) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    return " 或 ".join(_TYPE_NAMES.get(n, n) for n in names)


_EXAMPLES = {DATE_PATTERN: "日期应写成 年-月-日，如 2023-06-30"}


_BOUNDS = {"minimum": ("太小", "不能小于"), "exclusiveMinimum": ("太小", "必须大于"),
           "maximum": ("太大", "不能大于"), "exclusiveMaximum": ("太大", "必须小于")}


def _looks_numeric(text: str) -> bool:
    try:
        Decimal(text.replace(",", ""))
    except ArithmeticError:
        return False
    return True


def _type_message(expected: str | list[str], instance: Any) -> str:
    wanted = _type_names(expected)
    numeric = "number" in expected or "integer" in expected
    if numeric and isinstance(instance, str) and _looks_numeric(instance.strip()):
        return f"应为{wanted}，但{wording.value(instance)}加了引号，被当作文字；数字不要加引号"
    if numeric and isinstance(instance, str):
        return f"应为{wanted}，实际是文字{wording.value(instance)}；数字只写阿拉伯数字，不带单位"
    return f"应为{wanted}，实际是{wording.value(instance)}"


def _message(err: ValidationError) -> tuple[str, str]:
    """A stable code and a true Chinese sentence for one schema error."""
    v, expected, instance = err.validator, cast(Any, err.validator_value), cast(Any, err.instance)
    if v == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return "schema-required", f"缺少必填项「{'」「'.join(missing)}」"
    if v == "type":
        return "schema-type", _type_message(expected, instance)
    if v in ("enum", "const"):
        allowed = expected if v == "enum" else [expected]
        if len(allowed) == 1:
            return "schema-enum", f"{wording.value(instance)}不是允许的取值；这里只能写 {wording.values(allowed)}"
        return "schema-enum", f"{wording.value(instance)}不是允许的取值；可选：{wording.values(allowed)}"
    if v == "pattern" and expected == SLUG_PATTERN:
        odd = wording.odd_characters(str(instance), wording.SLUG_CHARS)
        detail = "；" + "，".join(odd[:3]) if odd else ""
        return "unsafe-id", (f"id{wording.value(instance)}不是安全的网址片段：只能用小写字母、数字和单个连字符"
                             f"{detail}")
    if v == "pattern":
        hint = _EXAMPLES.get(expected, "格式不对")
        return "schema-pattern", f"{wording.value(instance)}的格式不对：{hint}"
    if v in _BOUNDS:
        size, rule = _BOUNDS[v]
        return "schema-range", f"{wording.value(instance)}{size}：{rule}{wording.value(expected)}"
    if v == "minLength":
        if not instance:
            return "schema-empty", "内容不能为空"
        return "schema-empty", f"太短：至少要写 {expected} 个字，现在只有 {len(instance)} 个"
    if v == "maxLength":
        return "schema-range", f"太长：最多 {expected} 个字，现在有 {len(instance)} 个"
    if v == "minItems":
        return "schema-empty", f"至少需要 {expected} 项，现在有 {len(instance)} 项"
    if v == "maxItems":
        return "schema-range", f"最多 {expected} 项，现在有 {len(instance)} 项"
    if v == "uniqueItems":
        return "schema-other", "列表中有重复的项"
    return "schema-other", "不符合内容格式，请对照 schemas/ 中的说明修改"


def check_schema(source: SourceFile) -> list[Diagnostic]:
    """Every schema error of one file, worded for editors; the quick check spares valid files."""
    if passes(source):
        return []
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
                                           f"不认识的键「{key}」；请检查拼写{wording.nearest(key, known)}"))
            continue
        code, message = _message(err)
        line, col = source.yaml.locate(path)
        where = wording.path(source.data, path)
        problems.append(diagnostic(source.shown, (line, col), code, f"{where}: {message}" if where else message))
    return problems
