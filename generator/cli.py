"""The `disclosure` command: validate, build, serve, new, explain. Help and messages in Chinese."""

from __future__ import annotations

import errno
import os
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import click
from jinja2 import TemplateError, TemplateSyntaxError

from . import __version__
from .build import BuildFailed, BuildResult, SiteBuilder
from .checks.validate import CheckResult, Validation, check
from .checks.wording import nearest
from .config import Config, normalise_base
from .diagnostics import CODES, Level
from .diagnostics.examples import EXAMPLES
from .diagnostics.formats import FORMATS
from .errors import os_error_text
from .kinds import KINDS
from .loading.files import shown_path
from .loading.history import is_shallow
from .outputs.folder import OutputRefused, check_output
from .outputs.links import BrokenLinks
from .outputs.search import SearchIndexError
from .paths import DEFAULT_CONTENT, DEFAULT_OUT, SCHEMAS_DIR, TEMPLATES_DIR
from .processes import Stopped
from .progress import Progress
from .scaffold import ScaffoldError, new_report

CONTEXT = {"help_option_names": ["-h", "--help"]}


class ChineseHelp(click.HelpFormatter):
    """click's help layout, with Chinese headings."""

    HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))


class ChineseContext(click.Context):
    formatter_class = ChineseHelp


class Failed(click.ClickException):
    """A one-line Chinese error, never a traceback."""

    def show(self, file: Any = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


class Refused(Failed):
    """A request the command will not carry out however it is retried (exit status 2)."""

    exit_code = 2

content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CONTENT, show_default=True, help="内容目录。")
out_option = click.option(
    "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUT, show_default=True, help="生成的网站放在哪个目录。")
base_option = click.option(
    "--base-url", "base", default=lambda: os.environ.get("DISCLOSURE_BASE_URL", "/"),
    show_default="/ 或 $DISCLOSURE_BASE_URL", help="网站所在的路径，如 /jixiao/。")
site_url_option = click.option(
    "--site-url", default=lambda: os.environ.get("DISCLOSURE_SITE_URL") or os.environ.get("URL", ""),
    show_default="$DISCLOSURE_SITE_URL 或 $URL", help="网站的协议和域名，用于 sitemap 和规范链接。")
repository_option = click.option(
    "--repository-url",
    default=lambda: os.environ.get("DISCLOSURE_REPOSITORY_URL") or os.environ.get("REPOSITORY_URL", ""),
    show_default="$DISCLOSURE_REPOSITORY_URL 或 $REPOSITORY_URL",
    help="内容所在的 git 仓库网址；“关于”页据此给出报告错误的链接（仓库的 /issues/new）。")
format_option = click.option(
    "--format", "output", type=click.Choice(list(FORMATS)), default="text", show_default=True,
    help="text：每条一行；full：另引出原文那一行并标出位置；json：供程序读取；github：CI 批注。")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="只列出错误和警告，不列提示。")


class KindChoice(click.Choice):
    """The report kinds of the registry, as they are when the command runs."""

    def __init__(self) -> None:
        super().__init__(list(KINDS))

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        self.choices = tuple(KINDS)
        return super().convert(value, param, ctx)


def print_validation(result: Validation | CheckResult, output: str = "text", quiet: bool = False,
                     only: set[str] | None = None, notices_in: set[str] | None = None) -> bool:
    """Print the diagnostics (of the files in `only`, if given; notices only of the files in
    `notices_in`, if given); True if none of them is an error."""
    shown = [d for d in result.diagnostics
             if (only is None or d.path in only) and not (d.level is Level.NOTICE and (
                 quiet or notices_in is not None and d.path not in notices_in))]
    files = len(only) if only is not None else result.files_checked
    printed = FORMATS[output](shown, files, result.texts)
    click.echo(printed.stdout, nl=False)
    click.echo(printed.stderr, nl=False, err=True)
    return not any(d.level is Level.ERROR for d in shown)


def _template_error(exc: TemplateError, templates_dir: Path) -> str:
    """Where in our templates a rendering error happened, in one line."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f"{shown_path(Path(exc.filename))}:{exc.lineno}"
    frames = getattr(exc, "template_frames", None) or [
        (f.filename, f.lineno) for f in traceback.extract_tb(exc.__traceback__)]  # from a child process, or here
    ours = [(name, line) for name, line in frames if name.startswith(str(templates_dir))]
    return f"{shown_path(Path(ours[-1][0]))}:{ours[-1][1]}" if ours else "模板"


class _Progress:
    """The stage a long build is in, how far it has got and how long it has left, on one line."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.stage, self.since, self.shown = "", self.start, 0.0

    def __call__(self, stage: str, done: int = 0, total: int = 0) -> None:
        now = time.perf_counter()
        if stage != self.stage:
            self.stage, self.since, self.shown = stage, now, 0.0
        elif total and done < total and now - self.shown < 0.5:
            return  # a count at most twice a second
        self.shown = now
        line = f"[{now - self.start:6.1f} 秒] {stage}"
        if total:
            spent = now - self.since
            left = f"，约还需 {spent / done * (total - done):.0f} 秒" if 0 < done < total and spent > 1 else ""
            line += f" {done:,}/{total:,}{left}"
        ongoing = bool(total) and done < total
        click.echo(f"\r\033[K{line}" + ("" if ongoing else "\n"), err=True, nl=False)


def progress() -> Progress:
    """On a terminal, a build's progress; silent in CI and pipes. Called as progress(stage) or
    progress(stage, done, total)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return lambda stage, done=0, total=0: None
    return _Progress()


def run_build(make: Callable[[], BuildResult], quiet: bool = False, notices_in: set[str] | None = None,
              templates_dir: Path = TEMPLATES_DIR) -> bool:
    """Build once (make is a full build or an update); print what happened. False if nothing was
    published. notices_in: print notices only of these files (an update: those just edited)."""
    try:
        result = make()
    except BuildFailed as failed:
        print_validation(failed.validation, quiet=quiet, notices_in=notices_in)
        click.echo("构建失败：内容有错误，网站未更新。", err=True)
        return False
    except BrokenLinks as exc:
        click.echo("构建失败：以下链接指向不存在的页面或锚点，网站未更新。", err=True)
        for broken in exc.broken[:50]:
            click.echo(f"  {broken.page}：{broken.link[:100]}", err=True)
        return False
    except SearchIndexError as exc:
        click.echo(f"构建失败：搜索索引出错，网站未更新。{exc}", err=True)
        return False
    except BrokenProcessPool:
        click.echo("构建失败：生成页面的子进程意外退出（常见原因是内存不足），网站未更新。", err=True)
        return False
    except TemplateError as exc:
        click.echo(f"构建失败：模板出错（{_template_error(exc, templates_dir)}：{exc.message or type(exc).__name__}），"
                   "网站未更新。", err=True)
        return False
    except OSError as exc:
        click.echo(f"构建失败：{os_error_text(exc)}。网站未更新。", err=True)
        return False
    print_validation(result.validation, quiet=quiet, notices_in=notices_in)
    if result.changed is not None:
        click.echo(f"已更新受改动影响的 {len(result.changed)} 个文件（其中 {result.pages} 个页面）：{result.out_dir}",
                   err=True)
    else:
        click.echo(f"已生成 {result.pages} 个页面：{result.out_dir}", err=True)
    if result.search_pending:
        click.echo("搜索索引稍后更新（还有改动在等待）。", err=True)
    return True


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="disclosure", message="%(prog)s %(version)s",
                      help="显示版本并退出。")
@click.help_option("-h", "--help", help="显示这份说明并退出。")
def main() -> None:
    """绩效公开：检查、生成并预览司法局预算绩效报告网站。

    每个命令都可以加 -h 查看说明。"""


@main.command("validate", context_settings=CONTEXT)
@click.help_option("-h", "--help", help="显示这份说明并退出。")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@content_option
@format_option
@quiet_option
@click.option("--no-cache", is_flag=True, help="不使用缓存，重新检查每个文件。")
def validate_command(paths: tuple[Path, ...], content_dir: Path, output: str, quiet: bool, no_cache: bool) -> None:
    """检查内容文件，列出全部问题；有错误时以状态 1 退出。

    给出 PATHS 时只列出这些文件的问题（包括它们参与的跨文件检查，如重复的报告）。
    没有改动的文件沿用上次的检查结果（缓存在 ~/.cache/disclosure/）。"""
    result = check(content_dir, use_cache=not no_cache, progress=progress())
    only = {shown_path(p) for p in paths} if paths else None
    sys.exit(0 if print_validation(result, output, quiet, only) else 1)


@main.command("build", context_settings=CONTEXT)
@click.help_option("-h", "--help", help="显示这份说明并退出。")
@content_option
@out_option
@base_option
@site_url_option
@repository_option
@quiet_option
@click.option("--force", is_flag=True,
              help="--out 目录不是本工具生成的、也不是空目录时，仍然替换它（内容目录、项目目录和 git 仓库除外）。")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              default=TEMPLATES_DIR, show_default="随程序提供的模板",
              help="模板目录（含 static/），用于自定义网站外观。")
def build_command(content_dir: Path, out_dir: Path, base: str, site_url: str, repository_url: str,
                  quiet: bool, force: bool, templates_dir: Path) -> None:
    """检查、生成网站并建立搜索索引；全部成功才替换 --out 目录。

    --out 只能是空目录、不存在的目录或本工具以前生成的网站；内容目录、项目目录和 git 仓库
    永远不会被当作输出目录。"""
    try:
        check_output(out_dir, content_dir, force)
    except OutputRefused as exc:
        raise Refused(str(exc)) from None
    if not site_url:
        click.echo("警告：没有指定网站地址（--site-url，或环境变量 DISCLOSURE_SITE_URL、Netlify 的 URL）。"
                   "将不生成 sitemap.xml，canonical 链接和 Atom 订阅中的链接为相对地址；正式发布时请指定。", err=True)
    if is_shallow(content_dir):
        click.echo("警告：仓库是浅克隆（shallow clone），读不到完整的修改历史，报告页将不显示收录日期、"
                   "最后更改日期和更正记录。请先运行 git fetch --unshallow。", err=True)
    config = Config(content_dir, out_dir, normalise_base(base), site_url, repository_url, templates_dir, force)
    builder = SiteBuilder(config, progress(), updates=False)
    sys.exit(0 if run_build(builder.build, quiet, templates_dir=config.templates_dir) else 1)


@main.command("serve", context_settings=CONTEXT)
@click.help_option("-h", "--help", help="显示这份说明并退出。")
@content_option
@out_option
@base_option
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址。")
@click.option("--port", default=8000, show_default=True, type=int, help="监听的端口。")
@quiet_option
def serve_command(content_dir: Path, out_dir: Path, base: str, host: str, port: int, quiet: bool) -> None:
    """生成网站并在本机预览；内容、模板或 schema 改动后自动重新生成。"""
    from .serve import Rebuilder, make_server, watch

    if normalise_base(base) != "/":
        raise click.UsageError("serve 只支持根路径；子路径请用 build --base-url 生成后用其他服务器预览")
    try:
        check_output(out_dir, content_dir)
    except OutputRefused as exc:
        raise Refused(str(exc)) from None
    try:
        server = make_server(out_dir, host, port)  # before building: a taken port fails at once
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise Failed(f"端口 {port} 已被占用：请用 --port 换一个端口，或先关闭占用它的程序") from None
        raise Failed(f"无法在 {host}:{port} 上启动预览：{exc.strerror}") from None
    site_url = f"http://{host}:{server.server_address[1]}"
    config = Config(content_dir, out_dir, "/", site_url)

    def run(make: Callable[[], BuildResult], notices_in: set[str] | None) -> bool:
        return run_build(make, quiet, notices_in, config.templates_dir)

    rebuild = Rebuilder(lambda: SiteBuilder(config, progress()), run)
    if not rebuild.first_build() and not out_dir.is_dir():
        server.server_close()
        raise Failed("首次构建失败，没有可预览的网站。请先修正上面的错误。")

    observer = watch([content_dir, config.templates_dir, SCHEMAS_DIR], rebuild)
    click.echo(f"预览地址：{site_url}/  （修改内容或模板后自动重新构建；Ctrl+C 退出）", err=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, Stopped):
        click.echo("\n预览已停止。", err=True)
    finally:
        observer.stop()
        server.server_close()


@main.command("new", context_settings=CONTEXT)
@click.help_option("-h", "--help", help="显示这份说明并退出。")
@content_option
@click.option("--bureau", required=True, help="机构 id，即 content/bureaus/ 下的文件名（不含 .yaml）。")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="报告年度，如 2024。")
@click.option("--kind", required=True, type=KindChoice(),
              help="报告类型：" + "；".join(f"{k.id} {k.label}" for k in KINDS.values()) + "。")
def new_command(content_dir: Path, bureau: str, year: int, kind: str) -> None:
    """新建一份报告文件，列出要填写的每一节。"""
    try:
        path = new_report(content_dir, bureau, year, kind)
    except ScaffoldError as exc:
        raise Failed(str(exc)) from exc
    click.echo(f"已创建 {path}")
    click.echo("请把所有“【待填写：…】”换成原文内容，然后运行 disclosure validate 检查。")


@main.command("import", context_settings=CONTEXT)
@click.help_option("-h", "--help", help="显示这份说明并退出。")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@content_option
@click.option("--bureau", help="机构 id；不指定时按原文中的机构名称在 content/bureaus/ 中查找。")
@click.option("--year", type=click.IntRange(2000, 2100), help="报告年度；不指定时从标题识别。")
@click.option("--kind", type=KindChoice(), help="报告类型；不指定时从标题识别。")
@click.option("--force", is_flag=True, help="报告文件或原文已存在时覆盖。")
def import_command(file: Path, content_dir: Path, bureau: str | None, year: int | None, kind: str | None,
                   force: bool) -> None:
    """从公开的原文（PDF、Word、网页或文本）生成报告草稿，供编辑逐项核对。"""
    from .importing.documents import UnreadableDocument
    from .importing.pipeline import ImportFailed, import_report

    try:
        done = import_report(file, content_dir, bureau, year, kind, force)
    except (UnreadableDocument, ImportFailed) as exc:
        raise Failed(str(exc)) from exc
    found = done.found
    click.echo(f"已生成草稿 {done.report}")
    click.echo(f"原文已放入 {done.source}")
    if done.text:
        click.echo(f"原文的文字层已写入 {done.text}：网站据此把每个数字链接到原文中的句子")
    if done.bureau_file:
        click.echo(f"新机构草稿 {done.bureau_file}：请补全其中的“【待填写：…】”")
    click.echo("识别结果：")
    for label, count in (("资金数字", sum(map(len, found.money.values()))),
                         ("成效数字", sum(map(len, found.results.values()))),
                         ("绩效指标", len(found.indicators)), ("重点工作任务", len(found.tasks)),
                         ("部门职能", len(found.functions)), ("存在的问题", len(found.problems)),
                         ("改进措施", len(found.measures)), ("正文小节", len(found.sections))):
        click.echo(f"  {label}：{count}")
    click.echo(f"  自评得分：{found.score or '未识别'}{'，等级 ' + found.grade if found.grade else ''}")
    result = check(content_dir)  # every other file's result comes from the cache
    draft_files = {shown_path(done.report)} | ({shown_path(done.bureau_file)} if done.bureau_file else set())
    placeholders = sum(1 for d in result.diagnostics if d.path in draft_files and d.code == "placeholder")
    click.echo(f"检查草稿（数字核对会指出识别错误和原文本身的不一致）；待填写 {placeholders} 处：")
    print_validation(result, only=draft_files)


_LEVELS = {Level.ERROR: "错误", Level.WARNING: "警告", Level.NOTICE: "提示"}


@main.command("explain", context_settings=CONTEXT)
@click.help_option("-h", "--help", help="显示这份说明并退出。")
@click.argument("code")
def explain_command(code: str) -> None:
    """解释一个检查代码，如 disclosure explain sum-mismatch。"""
    entry = CODES.get(code)
    if entry is None:
        hint = nearest(code, CODES) or "；全部代码见 docs/editor-guide.md"
        raise Failed(f"没有代码「{code[:40]}」{hint}")
    click.echo(f"{code}（{_LEVELS[entry.level]}）")
    click.echo(entry.explanation)
    example = EXAMPLES.get(code)
    if example:
        click.echo("\n改之前：")
        click.echo("\n".join("    " + line for line in example.before.splitlines()))
        click.echo("改之后：")
        click.echo("\n".join("    " + line for line in example.after.splitlines()))


for _command in (main, *main.commands.values()):
    _command.context_class = ChineseContext
