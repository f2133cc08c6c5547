"""`serve`'s first answer to an edit: the edited reports' pages, rendered at once into the
site being served, before the update that follows brings in everything else the edit touches.

A report page needs only its report, its bureau and the measures dictionary, so this
takes the same time at ten reports or ten thousand. The update then renders the same page
byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import urls
from ..checks.history import figure_changes
from ..checks.perfile import check_file
from ..config import Config
from ..diagnostics import Level
from ..domain.model import Bureau, Dictionary, PackedReport, Report
from ..loading.files import ContentFile, Entry, read_entry
from ..loading.inputs import Loader
from ..loading.sources import read_text
from ..views.pairing import partner_of
from ..views.site import build_report, bureau_link
from .publish import write_file
from .render import render_report_page


def _model(entry: Entry) -> Report | PackedReport | Bureau | Dictionary | None:
    """The typed model of one file, as validation makes it, if it is valid on its own."""
    read = read_entry(entry)
    if not isinstance(read, ContentFile):
        return None
    checked = check_file(read)
    if any(d.level is Level.ERROR for d in checked.result.diagnostics):
        return None  # the update that follows reports it
    return checked.model


def preview_reports(changed: Iterable[Path], config: Config, loader: Loader | None = None,
                    peers: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
    """Re-render the pages of the changed report files that are valid on their own; their paths.
    loader: the content's, as the update that follows reads it (by default a new one). peers: where
    each report's compared figures stood in the last full build (the update that follows
    compares the edited figures anew)."""
    content_dir, out_dir = config.content_dir.resolve(), config.out_dir
    names = sorted({p.resolve().relative_to(content_dir).as_posix() for p in changed
                    if p.suffix == ".yaml" and p.resolve().parent.parent == content_dir / "reports"})
    if not names or not out_dir.is_dir():
        return []
    loader = loader or Loader(config.content_dir, figure_changes)
    written = []
    for name in names:
        inputs = loader.report(name)
        if inputs is None:
            continue
        report, bureau, measures = _model(inputs.report), _model(inputs.bureau), _model(inputs.measures)
        if not (isinstance(report, Report) and isinstance(bureau, Bureau) and isinstance(measures, Dictionary)
                and report.bureau.id == bureau.id):
            continue
        same_year = [r for r in map(_model, inputs.same_year) if isinstance(r, Report)]
        view = build_report(report, bureau_link(bureau), {m.id: m for m in measures.measures}, inputs.sources,
                            inputs.history, read_text, partner_of(report, same_year))
        write_file(out_dir / urls.output_file(view.url), render_report_page(view, config, (peers or {}).get(report.id)))
        written.append(view.url)
    return written
