"""What changed between two versions of a report, for its correction log: each version is read
and modelled as the checks read the file today, and its figures are the model's own."""

from __future__ import annotations

import functools

from ..domain.model import Report
from ..loading.files import ContentFile
from ..loading.history import Change
from .perfile import check_file

Shown = dict[str, tuple[str, str]]  # a figure's key → (label, value as shown)


def figure_changes(name: str, before: bytes, after: bytes) -> tuple[Change, ...]:
    """Every figure, indicator and score whose shown value differs, in the order of the earlier
    version, then the figures added; nothing where either version is not a readable report."""
    was, now = _shown(name, before), _shown(name, after)
    if was is None or now is None:
        return ()
    changes = []
    for key in [*was, *(k for k in now if k not in was)]:
        old, new = was.get(key), now.get(key)
        if old != new:
            changes.append(Change((new or old or ("", ""))[0], old[1] if old else "", new[1] if new else ""))
    return tuple(changes)


@functools.lru_cache(maxsize=4)  # a version is the later one of a pair, then the earlier of the next
def _shown(name: str, raw: bytes) -> Shown | None:
    report = check_file(ContentFile("report", name, name, raw)).model
    if not isinstance(report, Report):
        return None
    found: Shown = {}
    for figure in report.figures():
        found[f"figure:{figure.id}"] = (figure.label.strip(), f"{figure.written or figure.value} {figure.unit}".strip())
    for indicator in report.indicators():
        for field, word in (("target", "目标值"), ("actual", "实际完成")):
            value = getattr(indicator, field)
            if value is not None:
                found[f"indicator:{indicator.name}:{field}"] = (f"{indicator.name}（{word}）", str(value))
    if report.score is not None:
        found["score"] = ("自评得分", f"{report.score.value} 分")
    return found
