"""What the commands print: diagnostics, a build's outcome and its progress on a terminal."""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import click
from jinja2 import TemplateError, TemplateSyntaxError

from .build import BuildFailed, BuildResult
from .checks.validate import CheckResult, Validation
from .diagnostics import Level
from .diagnostics.formats import FORMATS
from .errors import os_error_text
from .loading.files import shown_path
from .outputs.links import BrokenLinks
from .paths import TEMPLATES_DIR
from .progress import Progress


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


def template_error(exc: TemplateError, templates_dir: Path) -> str:
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


def report_build(make: Callable[[], BuildResult], quiet: bool = False, notices_in: set[str] | None = None,
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
    except BrokenProcessPool:
        click.echo("构建失败：生成页面的子进程意外退出（常见原因是内存不足），网站未更新。", err=True)
        return False
    except TemplateError as exc:
        click.echo(f"构建失败：模板出错（{template_error(exc, templates_dir)}：{exc.message or type(exc).__name__}），"
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
