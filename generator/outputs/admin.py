"""The web editor at /admin/: Decap CMS (from node_modules, pinned in package.json), its
configuration and the format's shapes, both made from the JSON Schemas at every build, and the
text-preserving format (templates/admin/).

Each schema node becomes a form field: text, a number (a text field with the schema's number
pattern, so the number's text survives), a choice, an object or a list. What a form cannot hold,
a value that may be text or an object (a table cell, a list item), is edited as YAML text; the
shapes tell the format which paths hold numbers, which YAML text, and each object's key order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config
from ..kinds import KINDS, ReportKind
from ..paths import NODE_MODULES, SCHEMAS_DIR

FORMAT = "disclosure-yaml"  # the name the format is registered under (templates/admin/setup.js)
NUMBER_PATTERN = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
INTEGER_PATTERN = r"^-?(0|[1-9][0-9]*)$"
# Text that runs to paragraphs gets a text area.
_LONG_TEXT = {"markdown", "overview", "text", "body", "content", "note", "definition", "overall", "expected"}
# Vendored files, from node_modules, and where they go under admin/.
VENDOR = {
    "decap-cms/dist": ("decap", re.compile(r"(^|\.)decap-cms\.js$|\.wasm$|decap-cms\.js\.LICENSE\.txt$")),
    "yaml/browser/dist": ("yaml", re.compile(r"\.js$")),
    "@cfworker/json-schema/dist/esm": ("json-schema", re.compile(r"\.js$")),
}


@dataclass
class Shape:
    """What the format must know of one kind of file, beyond the form's fields."""
    numbers: list[list[str]] = field(default_factory=list)  # paths whose text is a number ('*': any item)
    texts: list[list[str]] = field(default_factory=list)  # paths edited as YAML text
    order: dict[str, list[str]] = field(default_factory=dict)  # an object's keys in the schema's order, by path


def _schemas() -> dict[str, dict[str, Any]]:
    return {p.name: json.loads(p.read_text("utf-8")) for p in sorted(SCHEMAS_DIR.glob("*.schema.json"))}


class FieldMaker:
    """Form fields for one schema file's nodes, recording the format's shape as it goes."""

    def __init__(self, schemas: Mapping[str, dict[str, Any]], file: str) -> None:
        self.schemas, self.file, self.shape = schemas, file, Shape()

    def resolve(self, node: dict[str, Any], file: str) -> tuple[dict[str, Any], str]:
        """A $ref followed (the referring node's own words win), with the file it is in."""
        while "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            file = target or file
            found: Any = self.schemas[file]
            for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
                found = found[part]
            own = {k: v for k, v in node.items() if k != "$ref"}
            required = [*found.get("required", [])]
            required += [r for r in own.get("required", []) if r not in required]  # both apply
            node = {**found, **own, **({"required": required} if required else {})}
        return node, file

    def merged(self, node: dict[str, Any], file: str) -> tuple[dict[str, Any], str]:
        """An if/then/else of two object shapes (a table: figures, or columns and rows) as one object
        with the fields of both, those only one needs made optional."""
        node, file = self.resolve(node, file)
        if "then" in node and "else" in node and "if" in node:
            then, _ = self.resolve(node["then"], file)
            other, _ = self.resolve(node["else"], file)
            if then.get("type") == other.get("type") == "object":
                required = set(then.get("required", [])) & set(other.get("required", []))
                return {"type": "object", "description": node.get("description", ""),
                        "properties": {**then.get("properties", {}), **other.get("properties", {})},
                        "required": sorted(required)}, file
        return node, file

    def field(self, name: str, node: dict[str, Any], file: str, path: list[str], required: bool) -> dict[str, Any]:
        node, file = self.merged(node, file)
        description = node.get("description", "")
        made: dict[str, Any] = {"name": name, "label": label(name, description), "required": required}
        if description:
            made["hint"] = description
        made.update(self.widget(name, node, file, path, required))
        return made

    def widget(self, name: str, node: dict[str, Any], file: str, path: list[str], required: bool) -> dict[str, Any]:
        """required: the field is always there, so its own required fields can be asked for (Decap
        asks for those of an optional object even when it is absent; the format's schema check
        asks for them when it is present)."""
        kind = node.get("type")
        if "enum" in node and all(isinstance(v, str) for v in node["enum"]):
            return {"widget": "select", "options": node["enum"]}
        if kind == "string":
            long = name in _LONG_TEXT or node.get("minLength", 0) > 20
            made: dict[str, Any] = {"widget": "text" if long else "string"}
            if "pattern" in node:
                made["pattern"] = [node["pattern"], f"格式不对：{node.get('description', '')[:40]}"]
            return made
        if kind in ("number", "integer"):
            self.shape.numbers.append(path)
            pattern = INTEGER_PATTERN if kind == "integer" else NUMBER_PATTERN
            return {"widget": "string", "pattern": [pattern, "数字照录原文：不加单位、引号和千位分隔符"]}
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind == "object" and "properties" in node:
            return {"widget": "object", "collapsed": True, "fields": self.fields(node, file, path, required)}
        if kind == "array" and isinstance(node.get("items"), dict):
            item, item_file = self.merged(node["items"], file)
            if item.get("type") == "object" and "properties" in item:
                return {"widget": "list", "collapsed": True, "summary": summary(item["properties"]),
                        "fields": self.fields(item, item_file, [*path, "*"], True)}
            inner = self.field("item", item, item_file, [*path, "*"], True)
            return {"widget": "list", "field": {k: v for k, v in inner.items() if k not in ("hint", "required")}}
        # Text or an object, a true/false/blank choice, a fixed value: written as YAML.
        self.shape.texts.append(path)
        return {"widget": "text", "hint": (node.get("description", "") + "（按 YAML 写法填写）").lstrip()}

    def fields(self, node: dict[str, Any], file: str, path: list[str], present: bool) -> list[dict[str, Any]]:
        required = set(node.get("required", [])) if present else set()
        properties = node.get("properties", {})
        self.shape.order[".".join(path)] = list(properties)
        return [self.field(name, sub, file, [*path, name], name in required) for name, sub in properties.items()]


def summary(properties: Mapping[str, Any]) -> str:
    """How a collapsed list item reads: its name, then its value and unit where it has them."""
    name = next((k for k in ("label", "caption", "name", "heading", "title", "level1", "level2", "text", "id")
                 if k in properties), next(iter(properties)))
    return f"{{{{fields.{name}}}}}" + "".join(f" {{{{fields.{k}}}}}" for k in ("value", "unit") if k in properties)


def label(name: str, description: str) -> str:
    """A field's label: its description up to the first pause (资金表：每张表… → 资金表)."""
    head = re.split(r"[：，；（(:,;]", description, maxsplit=1)[0].strip()
    return head if 0 < len(head) <= 16 else name


def _relation(collection: str, **extra: Any) -> dict[str, Any]:
    return {"widget": "relation", "collection": collection, **extra}


BUREAU_CHOICE = _relation("bureaus", value_field="{{slug}}", search_fields=["name", "short_name"],
                          display_fields=["name"])
MEASURE_CHOICE = _relation("metrics", file="metrics", value_field="metrics.*.id",
                           search_fields=["metrics.*.name", "metrics.*.id"], display_fields=["metrics.*.name"])


CHOICES = {"bureau": BUREAU_CHOICE, "parent": BUREAU_CHOICE, "measure": MEASURE_CHOICE}


def _with_choices(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Ids of bureaus and measures chosen from lists, not typed."""
    for made in fields:
        if made["name"] in CHOICES:
            made = {k: v for k, v in made.items() if k != "pattern"} | CHOICES[made["name"]]
        if "fields" in made:
            made = {**made, "fields": list(_with_choices(made["fields"]))}
        yield made


def _report_collection(kind: ReportKind, fields: list[dict[str, Any]]) -> dict[str, Any]:
    path = "{{fields.bureau}}/{{fields.year}}-" + kind.id + ("-{{fields.project.id}}" if kind.per_project else "")
    shown = []
    for made in fields:
        if made["name"] == "kind":  # fixed by the collection: new reports get it, existing ones keep it
            made = {"name": "kind", "label": "报告类型", "widget": "hidden", "default": kind.id}
        elif made["name"] == "project" and not kind.per_project:
            continue
        elif made["name"] in ("bureau", "year"):  # chosen for a new report, shown on an existing one (setup.js)
            made = {**made, "widget": f"locked-{made['widget']}",
                    "hint": made.get("hint", "") + "。新建报告时选定，已有报告不能在网页上修改"}
        shown.append(made)
    upload = {"name": "_上传原文", "label": "上传原文", "widget": "file", "required": False,
              "hint": "把机构发布的原文（PDF、Word、Excel、网页或文本）上传到 content/sources/<机构id>/，"
                      "随本报告一起保存。文件名请用 <年度>-<类型>，如 2023-self-evaluation.pdf。不写进报告文件。"}
    return {
        "name": kind.id, "label": kind.label, "label_singular": kind.short,
        "folder": "content/reports", "extension": "yaml", "format": FORMAT, "create": True,
        "filter": {"field": "kind", "value": kind.id}, "path": path, "slug": "{{fields.year}}-" + kind.id,
        "identifier_field": "title", "summary": "{{fields.year}} 年 · {{fields.title}}",
        "sortable_fields": ["year", "bureau", "title"], "editor": {"preview": False},
        "media_folder": "/content/sources/{{dirname}}", "public_folder": "",
        "fields": [*shown, upload, *META_FIELDS],
    }


META_FIELDS = [
    {"name": "_原文", "widget": "hidden", "required": False},
    {"name": "_更正说明", "label": "更正说明（写给读者）", "widget": "text", "required": False,
     "hint": "更正已发布的报告时填写：改了什么、依据原文哪一页。它写进提交说明的“更正说明:”一行，"
             "报告页的更正记录照录；不写进文件。新报告不必填写。"},
]


def cms_config(config: Config) -> tuple[dict[str, Any], dict[str, Shape]]:
    """Decap CMS's configuration, and the format's shapes by kind of file (report, bureau, metrics)."""
    schemas = _schemas()
    makers = {kind: FieldMaker(schemas, f"{kind}.schema.json") for kind in ("report", "bureau", "metrics")}
    forms = {kind: list(_with_choices(maker.fields(schemas[maker.file], maker.file, [], True)))
             for kind, maker in makers.items()}
    bureau_fields = [{"name": "_文件名", "label": "机构 id（文件名）", "widget": "string", "required": False,
                      "pattern": [r"^[a-z0-9]+(-[a-z0-9]+)*$", "小写字母、数字和单个连字符"],
                      "hint": "新建机构时填写，如 guangzhou-liwan，即 content/bureaus/ 下的文件名；已有机构不必填"},
                     *forms["bureau"], *META_FIELDS]
    collections = [
        *(_report_collection(kind, forms["report"]) for kind in KINDS.values()),
        {"name": "bureaus", "label": "机构", "label_singular": "机构", "folder": "content/bureaus",
         "extension": "yaml", "format": FORMAT, "create": True, "slug": "{{fields._文件名}}",
         "identifier_field": "name", "summary": "{{fields.name}}", "editor": {"preview": False},
         "fields": bureau_fields},
        {"name": "metrics", "label": "可比指标词典", "editor": {"preview": False}, "files": [
            {"name": "metrics", "label": "可比指标词典", "file": "content/metrics.yaml", "format": FORMAT,
             "fields": [*forms["metrics"], *META_FIELDS]}]},
    ]
    where = backend(config)
    made: dict[str, Any] = {
        "locale": "zh_Hans",
        "backend": where,
        "local_backend": {"url": config.base + "api/v1"},
        "media_folder": "content/sources",
        "public_folder": "",
        "site_url": config.site_url or None,
        "collections": collections,
    }
    if where["name"] in ("github", "gitlab"):
        made["publish_mode"] = "editorial_workflow"
    return {k: v for k, v in made.items() if v is not None}, {k: m.shape for k, m in makers.items()}


def backend(config: Config) -> dict[str, Any]:
    """Where the editor commits: GitHub, GitLab or Gitea, from the build's settings
    (DISCLOSURE_CMS_BACKEND, _REPO, _BRANCH, _API, _AUTH, _APP_ID; README, Web editing)."""
    cms = config.cms
    made: dict[str, Any] = {"name": cms.backend, "repo": cms.repo or "owner/repository", "branch": cms.branch,
                            "squash_merges": True,
                            "commit_messages": {"create": "新增 {{collection}}：{{slug}}",
                                                "update": "更正 {{collection}}：{{slug}}",
                                                "delete": "删除 {{collection}}：{{slug}}",
                                                "uploadMedia": "上传原文 {{path}}",
                                                "deleteMedia": "删除原文 {{path}}"}}
    if cms.api_root:
        made["api_root"] = cms.api_root
    if cms.auth_url:
        made["base_url"] = cms.auth_url
    if cms.app_id:
        made["app_id"] = cms.app_id
        if cms.backend == "gitlab":
            made["auth_type"] = "pkce"  # no OAuth proxy needed; Gitea logs in that way by itself
    return made


def editor_installed() -> bool:
    return all((NODE_MODULES / source).is_dir() for source in VENDOR)


def admin_files(config: Config, templates_dir: Path) -> dict[str, bytes]:
    """Every file of /admin/, by its path in the site. Without node_modules (a machine where
    `npm ci` has not run), none: the build says so and publishes the site without the editor."""
    if not editor_installed():
        return {}
    made, shapes = cms_config(config)
    files = {
        "admin/config.json": json.dumps(made, ensure_ascii=False, indent=1).encode("utf-8"),
        "admin/shapes.json": json.dumps({k: vars(s) for k, s in shapes.items()}, ensure_ascii=False).encode("utf-8"),
    }
    for path in sorted((templates_dir / "admin").iterdir()):
        files[f"admin/{path.name}"] = path.read_bytes()
    for source, (folder, wanted) in VENDOR.items():
        root = NODE_MODULES / source
        for path in sorted(root.rglob("*")):
            if path.is_file() and wanted.search(path.name):
                files[f"admin/{folder}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return files


def write_admin(config: Config, templates_dir: Path, target: Path) -> bool:
    """/admin/ written into target; False where the editor's packages are not installed."""
    files = admin_files(config, templates_dir)
    for path, data in files.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(data)
    return bool(files)

