"""The `disclosure` command: validate, build, serve, new."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .build import BuildFailed, build
from .checks.validate import Validation, validate
from .diagnostics.formats import FORMATS
from .kinds import KINDS
from .outputs.search import SearchIndexError
from .paths import DEFAULT_CONTENT, DEFAULT_OUT, SCHEMAS_DIR, TEMPLATES_DIR
from .scaffold import ScaffoldError, new_report

content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CONTENT, show_default=True, help="Content directory.")
out_option = click.option(
    "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUT, show_default=True, help="Output directory for the built site.")
base_option = click.option(
    "--base-url", "base", default=lambda: os.environ.get("DISCLOSURE_BASE_URL", "/"),
    show_default="/ or $DISCLOSURE_BASE_URL", help="Path the site is served under, e.g. /jixiao/.")
site_url_option = click.option(
    "--site-url", default=lambda: os.environ.get("DISCLOSURE_SITE_URL") or os.environ.get("URL", ""),
    show_default="$DISCLOSURE_SITE_URL or $URL", help="Scheme and host for sitemap and canonical links.")


class KindChoice(click.Choice):
    """The report kinds of the registry, as they are when the command runs."""

    def __init__(self) -> None:
        super().__init__(list(KINDS))

    def convert(self, value, param, ctx):
        self.choices = tuple(KINDS)
        return super().convert(value, param, ctx)


def print_validation(result: Validation, output: str = "text") -> None:
    printed = FORMATS[output](result.diagnostics, result.files_checked, result.texts)
    click.echo(printed.stdout, nl=False)
    click.echo(printed.stderr, nl=False, err=True)


def normalise_base(base: str) -> str:
    return "/" + base.strip("/") + "/" if base.strip("/") else "/"


def run_build(content_dir: Path, out_dir: Path, base: str, site_url: str) -> bool:
    """Build once; print what happened. False if nothing was published."""
    try:
        result = build(content_dir, out_dir, base=normalise_base(base), site_url=site_url)
    except BuildFailed as failed:
        print_validation(failed.validation)
        click.echo("构建失败：内容有错误，网站未更新。", err=True)
        return False
    except SearchIndexError as exc:
        click.echo(f"构建失败：搜索索引出错，网站未更新。\n{exc}", err=True)
        return False
    print_validation(result.validation)
    click.echo(f"已生成 {result.pages} 个页面：{result.out_dir}", err=True)
    return True


@click.group()
@click.version_option(__version__, prog_name="disclosure")
def main() -> None:
    """绩效公开: validate and publish budget-performance reports."""


@main.command("validate")
@content_option
@click.option("--format", "output", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="text for people, full to quote each source line with a caret, json for tools, "
                   "github for CI annotations.")
def validate_command(content_dir: Path, output: str) -> None:
    """Check every content file; exit 1 if any error is found."""
    result = validate(content_dir)
    print_validation(result, output)
    sys.exit(0 if result.ok else 1)


@main.command("build")
@content_option
@out_option
@base_option
@site_url_option
def build_command(content_dir: Path, out_dir: Path, base: str, site_url: str) -> None:
    """Validate, render and index the site; replace OUT only if all of it succeeds."""
    sys.exit(0 if run_build(content_dir, out_dir, base, site_url) else 1)


@main.command("serve")
@content_option
@out_option
@base_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve_command(content_dir: Path, out_dir: Path, base: str, host: str, port: int) -> None:
    """Build, serve on localhost, and rebuild when content or templates change."""
    from .serve import make_server, watch

    if normalise_base(base) != "/":
        raise click.UsageError("serve 只支持根路径；子路径请用 build --base-url 后用其他服务器预览")
    site_url = f"http://{host}:{port}"
    if not run_build(content_dir, out_dir, base, site_url) and not out_dir.is_dir():
        raise click.ClickException("首次构建失败，没有可预览的网站。请先修正上面的错误。")
    server = make_server(out_dir, host, port)
    observer = watch([content_dir, TEMPLATES_DIR, SCHEMAS_DIR],
                     lambda: run_build(content_dir, out_dir, base, site_url))
    click.echo(f"预览地址：{site_url}/  （修改内容或模板后自动重新构建；Ctrl+C 退出）", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.server_close()


@main.command("new")
@content_option
@click.option("--bureau", required=True, help="Bureau id (file name in content/bureaus/).")
@click.option("--year", required=True, type=click.IntRange(2000, 2100))
@click.option("--kind", required=True, type=KindChoice())
def new_command(content_dir: Path, bureau: str, year: int, kind: str) -> None:
    """Write a new report file with every section to fill in."""
    try:
        path = new_report(content_dir, bureau, year, kind)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已创建 {path}")
    click.echo("请把所有“【待填写：…】”换成原文内容，然后运行 disclosure validate 检查。")
