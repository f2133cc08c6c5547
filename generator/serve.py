"""`disclosure serve`: serve the built site on localhost and rebuild on every change."""

from __future__ import annotations

import errno
import functools
import json
import threading
import time
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import click
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from .build import BuildResult, SiteBuilder
from .config import CmsSettings, Config
from .console import progress, report_build
from .editing import LocalEditing, Refused
from .errors import Failure, os_error_text
from .loading.files import shown_path
from .outputs.headers import security_headers
from .outputs.preview import preview_reports
from .paths import SCHEMAS_DIR
from .processes import Stopped


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from the output directory, with the site's own 404 page and the production
    headers (so a preview behaves as the deployed site: the same policy blocks the same things);
    a folder without an index is not found, never listed. With `editing`, it also answers the web
    editor's local backend at /api/v1, to requests from this machine only."""

    def __init__(self, *args: Any, editing: LocalEditing | None = None, **kwargs: Any) -> None:
        self.editing = editing
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        for name, value in security_headers(urlsplit(self.path).path.lstrip("/"), CmsSettings()).items():
            if name != "Strict-Transport-Security":  # no https here
                self.send_header(name, value)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_POST(self) -> None:
        if self.editing is None or urlsplit(self.path).path != EDITING_PATH:
            self.send_error(404)
            return
        if not self._from_this_machine():
            self._reply(403, {"error": "网页编辑只接受本机的请求"})
            return
        declared = self.headers.get("Content-Length") or ""
        length = int(declared) if declared.isdigit() else 0
        if not 0 < length <= MAX_REQUEST_BYTES:
            self._reply(413, {"error": "请求太大或为空"})
            return
        try:
            reply = self.editing.answer(json.loads(self.rfile.read(length)))
        except (ValueError, UnicodeDecodeError):
            self._reply(400, {"error": "请求不是有效的 JSON"})
        except Refused as refused:
            self._reply(422, {"error": str(refused)})
        except OSError as exc:
            self._reply(500, {"error": f"读写失败：{os_error_text(exc)}"})
        else:
            self._reply(200, reply)

    def _from_this_machine(self) -> bool:
        """A loopback peer, and a page on a loopback address (another site in the same browser,
        or a DNS name rebound to 127.0.0.1, names its own host in Host and Origin)."""
        host = urlsplit(f"http://{self.headers.get('Host') or ''}").hostname or ""
        origin = urlsplit(self.headers.get("Origin") or "http://localhost").hostname or ""
        return self.client_address[0] in LOCAL_HOSTS and host in LOCAL_HOSTS and origin in LOCAL_HOSTS

    def _reply(self, status: int, body: Any) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def list_directory(self, path):
        self.send_error(404)
        return None

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # keep the console for build output
        pass


class Rebuilder:
    """serve's change policy, called with each round of changed paths: a template or schema
    change rebuilds everything; a content change previews the edited reports at once, then
    updates what else the edit touches. Whatever fails, the server goes on, and the next edit
    starts from a full build."""

    def __init__(self, make_builder: Callable[[], SiteBuilder],
                 run: Callable[[Callable[[], BuildResult], set[str] | None], bool]) -> None:
        """run(make, notices_in) builds once and prints what happened; False if nothing was published."""
        self.make_builder, self.run = make_builder, run
        self.builder = make_builder()

    def first_build(self) -> bool:
        return self.run(self.builder.build, None)

    def __call__(self, changed: list[Path], pending: Callable[[], bool]) -> None:
        try:
            self._apply(changed, pending)
        except Exception as exc:  # a failed update must never stop the later ones
            reason = os_error_text(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}：{str(exc)[:200]}"
            click.echo(f"更新失败（{reason}）。预览保留上一次成功的网站；下次修改时完整重建。", err=True)
            self.builder = self.make_builder()  # nothing half-known is kept

    def _apply(self, changed: list[Path], pending: Callable[[], bool]) -> None:
        config = self.builder.config
        if any(p.resolve().is_relative_to(d) for p in changed for d in (config.templates_dir, SCHEMAS_DIR)):
            self.builder = self.make_builder()  # every page may change
            self.run(self.builder.build, None)
            return
        # Edited reports first, in well under a second; then what else the edit touches.
        if preview_reports(changed, config, self.builder.loader, self.builder.peers):
            click.echo("已更新改动的报告页；正在更新其余受影响的页面和搜索索引…", err=True)
        # Errors and warnings anywhere (an edit can break another file), notices of the edited files.
        builder = self.builder
        self.run(lambda: builder.update(search_now=lambda: not pending()), {shown_path(p) for p in changed})


class _Debounced(FileSystemEventHandler):
    """Rebuilds once things have been quiet for a moment, on one thread: two rebuilds never
    run at once (they would race to publish), and changes made during one start another."""

    def __init__(self, rebuild: Callable[[list[Path], Callable[[], bool]], object], delay: float = 0.3) -> None:
        self.rebuild, self.delay = rebuild, delay
        self.changed = threading.Event()
        self.lock = threading.Lock()
        self.paths: set[Path] = set()
        threading.Thread(target=self._loop, daemon=True).start()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        with self.lock:
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    self.paths.add(Path(str(path)))
        self.changed.set()

    def _loop(self) -> None:
        while True:
            self.changed.wait()
            while self.changed.is_set():  # wait for a quiet moment
                self.changed.clear()
                time.sleep(self.delay)
            with self.lock:
                paths, self.paths = sorted(self.paths), set()
            self.rebuild(paths, self.changed.is_set)  # the second: have more changes arrived?


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")  # serve on one of these, and the web editor can save
EDITING_PATH = "/api/v1"  # where Decap CMS's local backend is (generator/outputs/admin.py)
MAX_REQUEST_BYTES = 40 * 1024 * 1024  # an original of 20 MB, base64-encoded, and room to spare


class SiteServer(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 refuses a browser's burst of requests under load
    daemon_threads = True


def _saved(names: list[str], message: str) -> None:
    click.echo(f"网页编辑已保存：{'、'.join(names)[:300]}", err=True)
    if "更正说明" in message:
        click.echo("提交这次改动时，提交说明里请写上：\n  " + message.replace("\n", "\n  "), err=True)


def make_server(out_dir: Path, host: str, port: int, content_dir: Path | None = None) -> ThreadingHTTPServer:
    """content_dir: answer the web editor's local backend for it (only when host is this machine's)."""
    editing = LocalEditing(content_dir, _saved) if content_dir is not None and host in LOCAL_HOSTS else None
    handler = functools.partial(SiteHandler, directory=str(out_dir), editing=editing)
    return SiteServer((host, port), handler)


def serve_site(config: Config, host: str, port: int, quiet: bool) -> None:
    """Build, serve on host:port and rebuild on every change until Ctrl-C."""
    try:
        # Before building: a taken port fails at once.
        server = make_server(config.out_dir, host, port, config.content_dir)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise Failure(f"端口 {port} 已被占用：请用 --port 换一个端口，或先关闭占用它的程序") from None
        raise Failure(f"无法在 {host}:{port} 上启动预览：{exc.strerror}") from None
    site_url = f"http://{host}:{server.server_address[1]}"
    config = replace(config, base="/", site_url=site_url)

    def run(make: Callable[[], BuildResult], notices_in: set[str] | None) -> bool:
        return report_build(make, quiet, notices_in, config.templates_dir)

    rebuild = Rebuilder(lambda: SiteBuilder(config, progress()), run)
    if not rebuild.first_build() and not config.out_dir.is_dir():
        server.server_close()
        raise Failure("首次构建失败，没有可预览的网站。请先修正上面的错误。")
    observer = watch([config.content_dir, config.templates_dir, SCHEMAS_DIR], rebuild)
    click.echo(f"预览地址：{site_url}/  （修改内容或模板后自动重新构建；Ctrl+C 退出）", err=True)
    if (config.out_dir / "admin" / "index.html").is_file():
        where = f"保存即写入 {shown_path(config.content_dir)}/" if host in LOCAL_HOSTS else \
            "只在本机地址（127.0.0.1）上预览时可以保存"
        click.echo(f"网页编辑：{site_url}/admin/  （{where}）", err=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, Stopped):
        click.echo("\n预览已停止。", err=True)
    finally:
        observer.stop()
        server.server_close()


def watch(paths: list[Path], rebuild: Callable[[list[Path], Callable[[], bool]], object]) -> BaseObserver:
    observer = Observer()
    handler = _Debounced(rebuild)
    for path in paths:
        observer.schedule(handler, str(path), recursive=True)
    observer.start()
    return observer
