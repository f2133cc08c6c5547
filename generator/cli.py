"""The `disclosure` command line: options parsed (help in Chinese), one function of commands.py
called per command, a user's failure printed in one line."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__, commands
from .config import Config, normalise_base
from .diagnostics.formats import FORMATS
from .errors import Failure
from .kinds import KINDS
from .paths import DEFAULT_CONTENT, DEFAULT_OUT, TEMPLATES_DIR

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
    exit_code = 2


def run(command: Callable[..., int | None], *args: Any) -> None:
    """One command's function; its exit status, or its failure in one line."""
    try:
        status = command(*args)
    except Failure as failure:
        raise (Refused if failure.exit_code == 2 else Failed)(str(failure)) from None
    if status:
        sys.exit(status)


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
operator_option = click.option(
    "--operator", default=lambda: os.environ.get("DISCLOSURE_OPERATOR", ""), show_default="$DISCLOSURE_OPERATOR",
    help="网站的运营单位，写在“关于”页上。")
contact_option = click.option(
    "--contact", default=lambda: os.environ.get("DISCLOSURE_CONTACT", ""), show_default="$DISCLOSURE_CONTACT",
    help="读者联系运营单位的方式：电子邮件地址或 https:// 网址，写在“关于”页上。")
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
    run(commands.validate, Config(content_dir), paths, output, quiet, not no_cache)


@main.command("build", context_settings=CONTEXT)
@click.help_option("-h", "--help", help="显示这份说明并退出。")
@content_option
@out_option
@base_option
@site_url_option
@repository_option
@operator_option
@contact_option
@quiet_option
@click.option("--force", is_flag=True,
              help="--out 目录不是本工具生成的、也不是空目录时，仍然替换它（内容目录、项目目录和 git 仓库除外）。")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              default=TEMPLATES_DIR, show_default="随程序提供的模板",
              help="模板目录（含 static/），用于自定义网站外观。")
@click.option("--cache", "keep_cache", is_flag=True,
              help="保留每个文件的检查结果和搜索索引读到的每个页面的文字（在 $DISCLOSURE_CACHE_DIR 或 "
                   "~/.cache/disclosure），下次构建只重新检查改动的文件、只重新读取改动的页面；一万份报告约占 510 MB。")
def build_command(content_dir: Path, out_dir: Path, base: str, site_url: str, repository_url: str, operator: str,
                  contact: str, quiet: bool, force: bool, templates_dir: Path, keep_cache: bool) -> None:
    """检查、生成网站并建立搜索索引；全部成功才替换 --out 目录。

    --out 只能是空目录、不存在的目录或本工具以前生成的网站；内容目录、项目目录和 git 仓库
    永远不会被当作输出目录。"""
    run(commands.build, Config(content_dir, out_dir, normalise_base(base), site_url, repository_url, operator,
                               contact, templates_dir, force, keep_cache), quiet)


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
    if normalise_base(base) != "/":
        raise click.UsageError("serve 只支持根路径；子路径请用 build --base-url 生成后用其他服务器预览")
    run(commands.serve, Config(content_dir, out_dir), host, port, quiet)


@main.command("new", context_settings=CONTEXT)
@click.help_option("-h", "--help", help="显示这份说明并退出。")
@content_option
@click.option("--bureau", required=True, help="机构 id，即 content/bureaus/ 下的文件名（不含 .yaml）。")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="报告年度，如 2024。")
@click.option("--kind", required=True, type=KindChoice(),
              help="报告类型：" + "；".join(f"{k.id} {k.label}" for k in KINDS.values()) + "。")
@click.option("--project", default=None, help="项目 id（项目支出绩效表必填），写在文件名末尾，如 legal-aid。")
def new_command(content_dir: Path, bureau: str, year: int, kind: str, project: str | None) -> None:
    """新建一份报告文件，列出要填写的每一节。"""
    run(commands.new, content_dir, bureau, year, kind, project)


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
    """从公开的原文（PDF、Word、Excel、网页或文本）生成报告草稿，供编辑逐项核对。

    项目支出绩效表按表中的栏目读取，一个文件里有几张表就生成几份草稿。"""
    run(commands.import_document, file, content_dir, bureau, year, kind, force)


@main.command("explain", context_settings=CONTEXT)
@click.help_option("-h", "--help", help="显示这份说明并退出。")
@click.argument("code")
def explain_command(code: str) -> None:
    """解释一个检查代码，如 disclosure explain sum-mismatch。"""
    run(commands.explain, code)


for _command in (main, *main.commands.values()):
    _command.context_class = ChineseContext
