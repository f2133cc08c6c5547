"""The site's Atom feed: a report when it is first published, and each correction after."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ..loading.history import Revision
from .site import ReportHead, Site

FEED_ENTRIES = 100  # the newest; older ones stay on the report pages' 更正记录


@dataclass(frozen=True)
class FeedEntry:
    id: str  # a URN that stays the same wherever the site is hosted
    title: str
    url: str
    when: str  # ISO 8601
    report: ReportHead
    revision: Revision | None  # None for the report's first publication


def _urn(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'jixiao-gongkai:' + key)}"


def feed_entries(site: Site) -> tuple[FeedEntry, ...]:
    entries = []
    for report in site.reports:
        if report.history is None:
            continue
        entries.append(FeedEntry(_urn(report.id), f"新收录：{report.title}", report.url,
                                 report.history.published, report, None))
        for revision in report.history.corrections:
            entries.append(FeedEntry(_urn(f"{report.id}@{revision.commit}"), f"更正：{report.title}",
                                     report.url + "#corrections", revision.when, report, revision))
    entries.sort(key=lambda e: (e.when, e.id), reverse=True)
    return tuple(entries[:FEED_ENTRIES])


def feed_id() -> str:
    return _urn("feed")
