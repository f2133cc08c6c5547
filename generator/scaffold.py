"""`disclosure new`: a report file that shows an editor every section to fill in."""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .domain.model import is_slug, report_id
from .errors import Failure
from .kinds import KINDS
from .loading.files import read_regular
from .loading.placing import place, write_whole
from .loading.yamlload import load_yaml
from .paths import TEMPLATES_DIR


class ScaffoldError(Failure):
    pass


def scaffold_text(bureau: str, bureau_name: str, year: int, kind: str, project: str | None = None) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR / "scaffold"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    report_kind = KINDS[kind]
    return env.get_template(report_kind.scaffold_file).render(
        bureau=bureau, bureau_name=bureau_name, year=year, kind=kind, kind_label=report_kind.label, project=project)


def new_report(content_dir: Path, bureau: str, year: int, kind: str, project: str | None = None) -> Path:
    # The ids become a path: check they are slugs before building any path from them.
    if not is_slug(bureau):
        raise ScaffoldError(f"机构 id「{bureau[:40]}」不合规：只能用小写字母、数字和单个连字符，"
                            "即 content/bureaus/ 下的文件名（不含 .yaml）")
    if kind not in KINDS:
        raise ScaffoldError(f"没有「{kind[:40]}」这种报告类型")
    if KINDS[kind].per_project and not project:
        raise ScaffoldError(f"{KINDS[kind].label}一个项目一份：请用 --project 给出项目 id，如 --project legal-aid")
    if project and not KINDS[kind].per_project:
        raise ScaffoldError(f"{KINDS[kind].label}不按项目分，不用 --project")
    if project is not None and not is_slug(project):
        raise ScaffoldError(f"项目 id「{project[:40]}」不合规：只能用小写字母、数字和单个连字符")
    bureau_file = content_dir / "bureaus" / f"{bureau}.yaml"
    if not bureau_file.is_file() or bureau_file.is_symlink():
        raise ScaffoldError(f"机构「{bureau}」不存在：请先添加 {bureau_file}")
    try:
        raw = read_regular(bureau_file)  # no link, and never more than a content file may hold
    except OSError:
        raw = b""
    loaded, problems = load_yaml(raw, str(bureau_file))
    if problems or not isinstance(loaded.data, dict) or "name" not in loaded.data:
        raise ScaffoldError(f"机构文件 {bureau_file} 有错误，请先运行 disclosure validate")
    target = place(content_dir, f"reports/{report_id(bureau, year, kind, project)}.yaml")
    if os.path.lexists(target):
        raise ScaffoldError(f"{target} 已存在，不会覆盖")
    write_whole(target, scaffold_text(bureau, loaded.data["name"], year, kind, project).encode("utf-8"))
    return target
