"""One function per command, called by cli.py with its options parsed: each does the work,
prints what the user should see (console.py) and returns the exit status. A failure the user can
act on is raised as errors.Failure, which cli.py prints in one line."""

from __future__ import annotations

from pathlib import Path

import click

from .build import SiteBuilder
from .checks.validate import check
from .config import Config
from .console import print_validation, progress, report_build
from .diagnostics import CODES, Level
from .diagnostics.examples import EXAMPLES
from .errors import Failure
from .loading.files import shown_path
from .loading.history import is_shallow
from .outputs.admin import editor_installed
from .outputs.folder import check_output
from .scaffold import new_report


def validate(config: Config, paths: tuple[Path, ...], output: str, quiet: bool, use_cache: bool) -> int:
    result = check(config.content_dir, use_cache=use_cache, progress=progress(), config=config)
    only = {shown_path(p) for p in paths} if paths else None
    return 0 if print_validation(result, output, quiet, only) else 1


def build(config: Config, quiet: bool) -> int:
    check_output(config.out_dir, config.content_dir, config.force)  # refused before any warning is printed
    # Settings, not content: worded apart from the content check's errors and warnings counted below.
    if not config.site_url:
        click.echo("构建设置：没有指定网站地址（--site-url，或环境变量 DISCLOSURE_SITE_URL、Netlify 的 URL）。"
                   "将不生成 sitemap.xml，canonical 链接和 Atom 订阅中的链接为相对地址；正式发布时请指定。", err=True)
    if not (config.operator and config.contact):
        click.echo("构建设置：没有指定运营单位或联系方式（--operator、--contact，或环境变量 DISCLOSURE_OPERATOR、"
                   "DISCLOSURE_CONTACT），“关于”页将不列出；正式发布时请指定。", err=True)
    if is_shallow(config.content_dir):
        click.echo("构建设置：仓库是浅克隆（shallow clone），读不到完整的修改历史，报告页将不显示收录日期、"
                   "最后更改日期和更正记录。请先运行 git fetch --unshallow。", err=True)
    if not editor_installed():
        click.echo("构建设置：没有安装网页编辑器的组件（在项目目录运行 npm ci），网站将不含 /admin/。", err=True)
    elif not config.cms.repo:
        click.echo("构建设置：没有指定网页编辑提交到的仓库（环境变量 DISCLOSURE_CMS_REPO，如 org/content），"
                   "/admin/ 只能在本机预览（disclosure serve）中使用。", err=True)
    builder = SiteBuilder(config, progress(), updates=False)
    return 0 if report_build(builder.build, quiet, templates_dir=config.templates_dir) else 1


def serve(config: Config, host: str, port: int, quiet: bool) -> None:
    from .serve import serve_site  # watchdog and the HTTP server only when previewing

    check_output(config.out_dir, config.content_dir)
    serve_site(config, host, port, quiet)


def new(content_dir: Path, bureau: str, year: int, kind: str, project: str | None) -> None:
    path = new_report(content_dir, bureau, year, kind, project)
    click.echo(f"已创建 {path}")
    click.echo("请把所有“【待填写：…】”换成原文内容，然后运行 disclosure validate 检查。")


def import_document(file: Path, content_dir: Path, bureau: str | None, year: int | None, kind: str | None,
                    force: bool) -> None:
    from .importing.pipeline import import_report  # pdfplumber and python-docx only when importing

    done = import_report(file, content_dir, bureau, year, kind, force)
    for report in done.reports:
        click.echo(f"已生成草稿 {report}")
    for source in done.sources[:1]:
        more = f" 等 {len(done.sources)} 处（每份草稿一份）" if len(done.sources) > 1 else ""
        click.echo(f"原文已放入 {source}{more}")
    if done.texts:
        click.echo(f"原文的文字层已写入 {done.texts[0]}" + (" 等" if len(done.texts) > 1 else "")
                   + "：网站据此把每个数字链接到原文中的句子")
    if done.bureau_file:
        click.echo(f"新机构草稿 {done.bureau_file}：请补全其中的“【待填写：…】”")
    found = done.found
    if found is None:
        click.echo(f"识别结果：{len(done.reports)} 份项目表（项目名称、资金表、绩效指标和总分按表中的栏目读取）")
    else:
        click.echo("识别结果：")
        for label, count in (("资金数字", sum(map(len, found.money.values()))),
                             ("成效数字", sum(map(len, found.results.values()))),
                             ("绩效指标", len(found.indicators)), ("重点工作任务", len(found.tasks)),
                             ("部门职能", len(found.functions)), ("存在的问题", len(found.problems)),
                             ("改进措施", len(found.measures)), ("正文小节", len(found.sections))):
            click.echo(f"  {label}：{count}")
        click.echo(f"  自评得分：{found.score or '未识别'}{'，等级 ' + found.grade if found.grade else ''}")
    result = check(content_dir)  # every other file's result comes from the cache
    drafted = [*done.reports, *([done.bureau_file] if done.bureau_file else [])]
    draft_files = {shown_path(p) for p in drafted}
    placeholders = sum(1 for d in result.diagnostics if d.path in draft_files and d.code == "placeholder")
    click.echo(f"检查草稿（数字核对会指出识别错误和原文本身的不一致）；待填写 {placeholders} 处：")
    print_validation(result, only=draft_files)


_LEVELS = {Level.ERROR: "错误", Level.WARNING: "警告", Level.NOTICE: "提示"}


def explain(code: str) -> None:
    from .checks.wording import nearest

    entry = CODES.get(code)
    if entry is None:
        hint = nearest(code, CODES) or "；全部代码见 docs/editor-guide.md"
        raise Failure(f"没有代码「{code[:40]}」{hint}")
    click.echo(f"{code}（{_LEVELS[entry.level]}）")
    click.echo(entry.explanation)
    example = EXAMPLES.get(code)
    if example:
        click.echo("\n改之前：")
        click.echo("\n".join("    " + line for line in example.before.splitlines()))
        click.echo("改之后：")
        click.echo("\n".join("    " + line for line in example.after.splitlines()))
