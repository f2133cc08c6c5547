"""How long stages tell how far they have got: progress(stage) or progress(stage, done, total).

The command line shows it on a terminal (cli.py); everything else passes `quiet`.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[..., None]


def quiet(stage: str, done: int = 0, total: int = 0) -> None:
    pass
