"""The build pipeline: validate → model → compare → plan outputs → make and write → index → links
→ headers → publish.

A full build writes everything to a fresh directory beside the output and swaps it in only
when every step has succeeded, so a failed build leaves the previous site exactly as it
was. `serve` keeps its SiteBuilder between edits: an update re-checks only changed files,
rebuilds only the views whose inputs changed, makes only the outputs whose inputs changed,
checks those pages' links before writing them, and, when a searched page changed, indexes the
pages again, replacing only the index files whose bytes changed. Both paths run the same
planning code, so they write the same bytes. `disclosure build` keeps nothing for updates: it
plans and writes in a child process, so the memory of a large site's models is free again
before the index is made.
"""

from __future__ import annotations

import functools
import tempfile
import traceback
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from .checks.history import figure_changes
from .checks.perfile import Checked
from .checks.validate import Kept, Validation, load_checks, save_checks, validate_inputs
from .collector import collector_paused, memory_returned
from .config import Config
from .domain.model import Content
from .loading.inputs import Loader
from .loading.sources import read_text
from .memo import Memo
from .outputs.admin import write_admin
from .outputs.families import searchable_pages
from .outputs.folder import check_output, output_lock, publish, remove_folder, staging_prefix
from .outputs.headers import write_headers
from .outputs.links import BrokenLinks, broken_links_in, check_links, links_and_ids, read_page, read_pages
from .outputs.opendata import data_outputs
from .outputs.output import Output
from .outputs.publish import copy_static, same_file, write_file, write_outputs
from .outputs.render import environment, fingerprinted_assets, pages, prepare
from .outputs.search import Remembered, SearchPlan, index_site, load_reading, plan_search, reindex, save_reading
from .processes import in_child_process
from .progress import Progress, quiet
from .views.compare import build_comparison
from .views.project_compare import project_comparisons
from .views.site import build_site


class BuildFailed(Exception):
    def __init__(self, validation: Validation) -> None:
        super().__init__("validation failed")
        self.validation = validation

    def __reduce__(self) -> tuple[Any, ...]:  # raised in a one-off build's child process
        return BuildFailed, (self.validation,)


@dataclass(frozen=True)
class BuildResult:
    validation: Validation
    pages: int  # HTML pages written by this build
    out_dir: Path
    changed: tuple[str, ...] | None = None  # for an update: the files it wrote or removed
    search_pending: bool = False  # an update left the search index for later


@dataclass(frozen=True)
class Written:
    validation: Validation
    pages: int
    search: SearchPlan


@dataclass(frozen=True)
class Plan:
    validation: Validation
    outputs: list[Output]
    search: SearchPlan


class SiteBuilder:
    """Builds the site from content_dir into out_dir, remembering enough to update it later."""

    def __init__(self, config: Config, progress: Progress = quiet, updates: bool = True) -> None:
        """updates: keep what was built for later updates (serve); a one-off build instead makes
        its pages in a child process (see _plan_and_write) and returns only its diagnostics."""
        self.config = replace(config, out_dir=config.out_dir.resolve())
        self.updates, self.progress = updates, progress
        self.assets = fingerprinted_assets(config.templates_dir)
        self.env = environment(config, self.assets)
        self.loader = Loader(self.config.content_dir, figure_changes)
        self.peers: Mapping[str, Mapping[str, str]] = {}  # where each report's compared figures stand
        self.files: dict[str, Kept[Checked]] = {}  # each content file's check, by name
        self.memo = Memo()
        self.published: dict[str, Any] | None = None  # inputs of every output on disk, by path
        self.indexed = SearchPlan(())  # what the search index on disk was made from
        self.stale = False  # an update has yet to index the pages again
        self.searched: dict[str, Remembered] = {}  # what indexing read from each page, for the next
        self.ids: dict[str, Set[str]] = {}  # the ids each published page defines, for link checks

    @property
    def content_dir(self) -> Path:
        return self.config.content_dir

    @property
    def out_dir(self) -> Path:
        return self.config.out_dir

    @property
    def base(self) -> str:
        return self.config.base

    def plan(self) -> Plan:
        self.progress("检查内容")
        inputs = self.loader.read()
        if self.config.keep_cache and not self.files:
            self.files = load_checks(self.content_dir)
        kept = self._digests() if self.config.keep_cache else None
        validation = validate_inputs(inputs, self.files, self.progress, self.config)
        if kept is not None and kept != self._digests():  # a file was checked, added or removed
            save_checks(self.content_dir, self.files)
        if not validation.ok:
            raise BuildFailed(validation)
        self.progress("整理数据")
        content = validation.content
        site = build_site(content, self.memo, inputs.histories, read_text)
        comparison = replace(build_comparison(content, site, self.memo),
                             projects=project_comparisons(content, site))
        self.peers = comparison.peers  # for serve's preview of an edited report
        made = prepare(site, comparison, self.env, self.memo, self.config.money_page_rows)
        search = plan_search(searchable_pages(site, comparison, made))
        outputs = [*pages(site, comparison, self.env, made, content.sources),
                   *data_outputs(content, site, comparison, self.base, self.memo)]
        self.memo.sweep()
        return Plan(validation, outputs, search)

    def _digests(self) -> dict[str, str]:
        return {name: digest for name, (digest, _) in self.files.items()}

    def build(self) -> BuildResult:
        """Everything, into a staging directory swapped in when all of it succeeded."""
        check_output(self.out_dir, self.content_dir, self.config.force)
        with output_lock(self.out_dir), collector_paused(freeze=True):
            built = self._build()
        if self.updates:
            memory_returned()
        return built

    def update(self, search_now: Callable[[], bool] = lambda: True) -> BuildResult:
        """Only what changed since the last build, in place; a full build if there was none.
        search_now: asked before the search index is made again; False leaves it for the next update."""
        with output_lock(self.out_dir), collector_paused(collect=True, freeze=True):
            updated = self._update(search_now)
        memory_returned()
        return updated

    def _build(self) -> BuildResult:
        self.published = None
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(self.out_dir), dir=self.out_dir.parent))
        try:
            if self.updates:
                plan = self.plan()
                written = self._write(plan, staging)
            else:
                written = in_child_process(functools.partial(self._plan_and_write, staging))
            self._index(staging, written.search)
            self.progress("检查链接")
            parsed = read_pages(staging)
            check_links(staging, self.base, parsed)
            write_headers(staging, self.config.cms)
            publish(staging, self.out_dir)
        except BaseException:
            remove_folder(staging)
            raise
        if self.updates:
            self.published = {o.path: o.inputs for o in plan.outputs}
            self.ids = {path: page.ids for path, page in parsed.items()}
            self.indexed, self.stale = plan.search, False
        return BuildResult(written.validation, written.pages, self.out_dir)

    def _index(self, staging: Path, plan: SearchPlan) -> None:
        """The search index of a full build; serve remembers what it read from each page for its
        updates, a build with a cache keeps it (with the pages' text files) for the next build."""
        if self.updates:
            self.searched = {}
            index_site(staging, plan, self.base, self.progress, self.searched)
        elif self.config.keep_cache:
            read = load_reading(self.content_dir, self.base)
            before = {path: page.digest for path, page in read.items()}
            index_site(staging, plan, self.base, self.progress, read, keep_texts=True)
            if before != {path: page.digest for path, page in read.items()}:
                save_reading(self.content_dir, self.base, read)
        else:
            index_site(staging, plan, self.base, self.progress)

    def _write(self, plan: Plan, staging: Path) -> Written:
        # Pages are made as they are written, so a large site is never in memory whole.
        write_outputs(plan.outputs, staging, self.progress, "生成并写入页面", self.config)
        copy_static(self.assets, staging)
        write_admin(self.config, self.config.templates_dir, staging)
        return Written(plan.validation, sum(o.path.endswith(".html") for o in plan.outputs), plan.search)

    def _plan_and_write(self, staging: Path) -> Written:
        """A one-off build's pages, in a child process: what it returns is small (diagnostics
        without the model), and the gigabytes of models and views go back to the system when it
        ends, before the search index and the link check start; freed in the build's own process, most
        of that memory would stay its (Python and glibc keep half-empty pools)."""
        try:
            written = self._write(self.plan(), staging)
        except TemplateError as exc:  # its traceback, which says where, does not cross processes
            frames = [(f.filename, f.lineno) for f in traceback.extract_tb(exc.__traceback__)]
            exc.template_frames = frames  # type: ignore[attr-defined]
            raise
        return replace(written, validation=replace(written.validation, content=Content({}, {}, ())))

    def _update(self, search_now: Callable[[], bool]) -> BuildResult:
        if self.published is None or not self.out_dir.is_dir():
            check_output(self.out_dir, self.content_dir, self.config.force)
            return self._build()
        plan = self.plan()
        published = self.published
        changed = [o for o in plan.outputs if o.path not in published or published[o.path] != o.inputs]
        removed = published.keys() - {o.path for o in plan.outputs}
        self.progress(f"生成改动的 {len(changed)} 个文件")
        # A report page's inputs are its packed model: an edit that leaves what it shows alone
        # (a comment, an original's new line) makes it again, the same; only what differs is written.
        made = {o.path: o.make() for o in changed}
        made = {path: data for path, data in made.items() if not same_file(self.out_dir / path, data)}
        self._check_links(made, removed, published)
        self.published = None  # until the disk matches the plan again
        for path, text in made.items():
            write_file(self.out_dir / path, text)
        for path in removed:
            (self.out_dir / path).unlink(missing_ok=True)
            self.ids.pop(path, None)
        self.published = {o.path: o.inputs for o in plan.outputs}
        searched = set(self.indexed.pages) | set(plan.search.pages)
        self.stale = self.stale or plan.search != self.indexed or not searched.isdisjoint([*made, *removed])
        self.indexed = plan.search
        if self._reindex(search_now) or removed or any(p not in published for p in made):
            write_headers(self.out_dir, self.config.cms)
        return BuildResult(plan.validation, sum(p.endswith(".html") for p in made), self.out_dir,
                           tuple(sorted([*made, *removed])), bool(self.stale))

    def _check_links(self, made: Mapping[str, str | bytes], removed: Set[str], published: Mapping[str, Any]) -> None:
        """The links of pages about to be written, against the site as it will be."""
        new = {path: links_and_ids(text) for path, text in made.items()
               if isinstance(text, str) and path.endswith(".html")}

        def exists(path: str) -> bool:
            if path in made:
                return True
            if path in removed:
                return False
            return path in published or (self.out_dir / path).is_file()

        def ids_of(path: str) -> Set[str]:
            if path in new:
                return new[path].ids
            if path not in self.ids:
                self.ids[path] = read_page(self.out_dir / path).ids
            return self.ids[path]

        broken, _ = broken_links_in(new, self.base, exists, ids_of)
        if broken:
            raise BrokenLinks(broken)
        self.ids.update((path, page.ids) for path, page in new.items())

    def _reindex(self, search_now: Callable[[], bool]) -> bool:
        """Index the pages again if an update changed any and search_now() allows; whether it did."""
        if not self.stale or not search_now():
            return False
        self.progress("更新搜索索引")
        reindex(self.out_dir, self.indexed, self.base, self.searched)
        self.stale = False
        return True


def build(content_dir: Path, out_dir: Path, **options: Any) -> BuildResult:
    """A full build, keeping what an update would need (the tests' shorthand)."""
    return SiteBuilder(Config(content_dir, out_dir, **options)).build()
