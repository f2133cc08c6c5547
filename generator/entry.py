"""The `disclosure` command's entry point: signals are handled before anything else is loaded,
so Ctrl-C or SIGTERM at any moment ends in one line, never a traceback."""

from __future__ import annotations

import sys

from .processes import Stopped, signals_held, stop_on_signals


def main() -> None:
    stop_on_signals()
    try:
        with signals_held():  # a library interrupted while it loads may turn Ctrl-C into its own error
            from .cli import main as commands
        commands()
    except Stopped as stopped:
        print("\n已中断：未完成的构建已清理，网站保持原样。", file=sys.stderr)
        sys.exit(128 + stopped.signum)
    except OSError as error:
        from .errors import os_error_text

        print(f"错误：{os_error_text(error)}", file=sys.stderr)
        sys.exit(1)
