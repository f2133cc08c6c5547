"""Lay a validation case over the base content, the way tests and humans both use it."""

from __future__ import annotations

import shutil
from pathlib import Path

CASES = Path(__file__).parent / "cases"


def case_dirs(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def assemble(case: Path, workdir: Path) -> Path:
    """workdir/content = base + the case's files (expected.txt left out)."""
    content = workdir / "content"
    shutil.copytree(CASES / "base", content)
    for path in sorted(case.rglob("*")):
        if (path.is_file() or path.is_symlink()) and path.name != "expected.txt":
            target = content / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target, follow_symlinks=False)  # a case's links stay links
    return content
