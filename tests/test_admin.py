"""The web editor (/admin/): its configuration made from the schemas, the text-preserving format
(run in Node on every fixture file), serve's local backend, and the editor's own security policy."""

from __future__ import annotations

import base64
import http.client
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.checks.perfile import check_file
from generator.config import CmsSettings, Config
from generator.diagnostics import Level
from generator.editing import LocalEditing, Refused
from generator.kinds import KINDS
from generator.loading.files import ContentFile
from generator.outputs.admin import admin_files, cms_config
from generator.outputs.headers import admin_policy, netlify_headers
from generator.paths import SCHEMAS_DIR, TEMPLATES_DIR
from generator.serve import make_server

from .fixtures_support import FIXTURE_CONTENT as FIXTURES


@pytest.fixture(scope="module")
def admin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    files = admin_files(Config(), TEMPLATES_DIR)
    assert files, "node_modules is missing: run `npm ci` (./dev setup does)"
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    (site / "admin" / "package.json").write_text('{"type": "module"}')  # Node reads the files as the browser does
    return site / "admin"


def test_the_format_keeps_every_fixture_file_as_written(admin_dir: Path, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the editor's tests (./dev setup installs it)"
    env = {"PATH": str(Path(node).parent), "ADMIN_DIR": str(admin_dir), "SCHEMAS_DIR": str(SCHEMAS_DIR),
           "FIXTURES_DIR": str(FIXTURES), "OUT_DIR": str(tmp_path)}
    shards = max(2, os.cpu_count() or 1)  # every value of every file is saved once: spread over the cores
    script = str(Path(__file__).parent / "admin" / "format.test.mjs")
    runs = [subprocess.Popen([node, "--test", "--test-reporter=spec", script], env={**env, "SHARD": f"{i}/{shards}"},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for i in range(shards)]
    for run in runs:
        out, _ = run.communicate(timeout=600)
        assert run.returncode == 0, out[-8000:]
        assert "one-line edits:" in out and "ℹ fail 0" in out
    # The new report the format wrote passes the site's own validator, not only the schema.
    raw = (tmp_path / "new-report.yaml").read_bytes()
    name = "reports/guangzhou-liwan/2025-self-evaluation.yaml"
    diagnostics = check_file(ContentFile("report", name, name, raw)).result.diagnostics
    assert [d for d in diagnostics if d.level is Level.ERROR] == []


def _fields(fields: list[dict[str, Any]], at: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for made in fields:
        yield at + made["name"], made
        yield from _fields(made.get("fields", []), f"{at}{made['name']}.")


def test_the_configuration_is_made_from_the_schemas_for_every_kind() -> None:
    config, shapes = cms_config(Config(cms=CmsSettings("gitea", "jxgk/content", "main", "https://git.sfj.example.cn/api/v1",
                                                       "https://git.sfj.example.cn", "abc123")))
    assert config["locale"] == "zh_Hans"
    assert config["backend"] == {**config["backend"], "name": "gitea", "repo": "jxgk/content",
                                 "api_root": "https://git.sfj.example.cn/api/v1", "app_id": "abc123"}
    collections = {c["name"]: c for c in config["collections"]}
    assert set(KINDS) | {"bureaus", "metrics"} == set(collections)
    report_schema = json.loads((SCHEMAS_DIR / "report.schema.json").read_text("utf-8"))
    for kind in KINDS.values():
        collection = collections[kind.id]
        assert collection["format"] == "disclosure-yaml" and collection["filter"] == {"field": "kind", "value": kind.id}
        assert collection["label"] == kind.label
        fields = dict(_fields(collection["fields"]))
        # Every property of the schema is a field (a single-project field only where the kind has one).
        assert {k for k in report_schema["properties"] if k != "project" or kind.per_project} <= set(fields)
        assert fields["kind"] == {"name": "kind", "label": "报告类型", "widget": "hidden", "default": kind.id}
        assert fields["bureau"]["widget"] == "locked-relation" and fields["bureau"]["collection"] == "bureaus"
        assert fields["year"]["widget"] == "locked-string"  # shown, not edited, on an existing report
        assert fields["money.figures.measure"]["widget"] == "relation"
        value = fields["money.figures.value"]
        assert value["widget"] == "string" and value["pattern"][0] == r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
        assert value["label"] == "数值" and "照录原文" in value["hint"]
        assert ("-{{fields.project.id}}" in collection["path"]) == kind.per_project
    assert ["money", "*", "figures", "*", "value"] in shapes["report"].numbers
    assert ["problems", "*"] in shapes["report"].texts  # text, or an object with a title: YAML text
    assert shapes["report"].order[""][:4] == ["bureau", "year", "kind", "title"]
    assert collections["bureaus"]["fields"][0]["name"] == "_文件名"
    assert dict(_fields(collections["bureaus"]["fields"]))["parent"]["widget"] == "relation"
    assert collections["metrics"]["files"][0]["file"] == "content/metrics.yaml"
    # Nothing of it is kept by hand: the admin folder holds no configuration.
    assert not [p for p in (TEMPLATES_DIR / "admin").iterdir() if p.suffix in (".yml", ".yaml", ".json")]


def test_the_editor_has_its_own_policy_and_the_site_keeps_its_own() -> None:
    text = netlify_headers(["index.html", "reports/a/index.html", "admin/index.html", "admin/decap/decap-cms.js"],
                           CmsSettings("gitea", api_root="https://git.sfj.example.cn/api/v1"))
    policies: dict[str, str] = {}
    rule = ""
    for line in text.splitlines():
        if not line.startswith(" "):
            rule = line
        elif line.startswith("  Content-Security-Policy: "):
            policies[rule] = line.split(": ", 1)[1]
    assert "/*" not in policies  # a browser would enforce both policies on /admin/
    assert policies["/admin/*"] == admin_policy(CmsSettings("gitea", api_root="https://git.sfj.example.cn/api/v1"))
    assert "connect-src 'self' blob: https://git.sfj.example.cn;" in policies["/admin/*"]
    assert {p for r, p in policies.items() if not r.startswith("/admin/")} == {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "content")
    return tmp_path / "content"


LIWAN = "content/reports/guangzhou-liwan/2023-self-evaluation.yaml"


def test_the_local_backend_reads_and_lists_only_the_content_folder(content: Path) -> None:
    editing = LocalEditing(content)
    entries = editing.answer({"action": "entriesByFolder",
                              "params": {"folder": "content/reports", "extension": "yaml", "depth": 2}})
    assert LIWAN in {e["file"]["path"] for e in entries}
    entry = editing.answer({"action": "getEntry", "params": {"path": LIWAN}})
    assert entry["data"] == (content / LIWAN.removeprefix("content/")).read_text("utf-8")
    (content.parent / "secret.yaml").write_text("token: x")
    (content / "reports" / "guangzhou-liwan" / "link.yaml").symlink_to(content.parent / "secret.yaml")
    for path in ["content/../secret.yaml", "/etc/passwd", "secret.yaml", "content/reports/guangzhou-liwan/link.yaml",
                 "content/reports/./x.yaml", "content/.git/config"]:
        with pytest.raises(Refused):
            editing.answer({"action": "getEntry", "params": {"path": path}})
    listed = editing.answer({"action": "entriesByFolder",
                             "params": {"folder": "content/reports", "extension": "yaml", "depth": 2}})
    assert "content/reports/guangzhou-liwan/link.yaml" not in {e["file"]["path"] for e in listed}
    with pytest.raises(Refused, match="不支持"):
        editing.answer({"action": "__init__", "params": {}})


def test_the_local_backend_writes_a_file_only_after_the_real_validator_passes_it(content: Path) -> None:
    saved: list[tuple[list[str], str]] = []
    editing = LocalEditing(content, lambda names, message: saved.append((names, message)))
    target = content / LIWAN.removeprefix("content/")
    before = target.read_text("utf-8")
    edited = before.replace("value: 6952.31,", "value: 6952.32,")
    assert edited != before
    persist = {"action": "persistEntry", "params": {"entry": {"path": LIWAN, "raw": edited}, "assets": [],
                                                    "options": {"commitMessage": "更正\n\n更正说明: 按原文"}}}
    editing.answer(persist)
    assert target.read_text("utf-8") == edited
    assert saved == [(["reports/guangzhou-liwan/2023-self-evaluation.yaml"], "更正\n\n更正说明: 按原文")]
    # A part that names no figure: refused with the validator's own located message; the file stays.
    broken = edited.replace("other-income]", "other-incomes]")
    assert broken != edited
    with pytest.raises(Refused) as refused:
        editing.answer({**persist, "params": {**persist["params"], "entry": {"path": LIWAN, "raw": broken}}})
    message = str(refused.value)
    assert "reports/guangzhou-liwan/2023-self-evaluation.yaml:" in message and " error " in message
    assert target.read_text("utf-8") == edited
    for path in ["content/sources/guangzhou-liwan/x.yaml", "content/reports/x.yaml", "content/notes.txt"]:
        with pytest.raises(Refused, match="不是报告"):
            editing.answer({**persist, "params": {**persist["params"], "entry": {"path": path, "raw": edited}}})


def test_originals_are_uploaded_into_sources_and_nowhere_else(content: Path) -> None:
    editing = LocalEditing(content)
    pdf = base64.b64encode(b"%PDF-1.4 original").decode("ascii")
    made = editing.answer({"action": "persistMedia", "params": {"asset": {
        "path": "content/sources/guangzhou-liwan/2023-self-evaluation.pdf", "content": pdf, "encoding": "base64"}}})
    assert (content / "sources/guangzhou-liwan/2023-self-evaluation.pdf").read_bytes() == b"%PDF-1.4 original"
    assert made["name"] == "2023-self-evaluation.pdf"
    for path in ["content/sources/x.pdf", "content/sources/guangzhou-liwan/run.sh", "content/reports/a/b.pdf"]:
        with pytest.raises(Refused, match="原文应上传到"):
            editing.answer({"action": "persistMedia",
                            "params": {"asset": {"path": path, "content": pdf, "encoding": "base64"}}})
    listed = editing.answer({"action": "getMedia", "params": {"mediaFolder": "content/sources/guangzhou-liwan"}})
    assert "2023-self-evaluation.pdf" in {m["name"] for m in listed}


def _post(port: int, body: dict[str, Any], **headers: str) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/api/v1", json.dumps(body), {"Content-Type": "application/json", **headers})
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def test_serve_answers_the_editor_only_for_pages_on_this_machine(content: Path, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    server = make_server(tmp_path / "site", "127.0.0.1", 0, content)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        info = {"action": "info", "params": {}}
        assert _post(port, info) == (200, {"repo": tmp_path.name, "publish_modes": ["simple"], "type": "local_fs"})
        assert _post(port, info, Origin=f"http://127.0.0.1:{port}")[0] == 200
        # Another site open in the browser, or a name rebound to 127.0.0.1: refused.
        assert _post(port, info, Origin="https://evil.example")[0] == 403
        assert _post(port, info, Host="evil.example")[0] == 403
        status, reply = _post(port, {"action": "getEntry", "params": {"path": "content/../x"}})
        assert status == 422 and "路径不对" in reply["error"]
        status, reply = _post(port, info, **{"Content-Length": "x"})
        assert status == 413
    finally:
        server.shutdown()
        server.server_close()
    # Served on every address, the editor can read and save nothing.
    elsewhere = make_server(tmp_path / "site", "0.0.0.0", 0, content)
    elsewhere.server_close()
    assert elsewhere.RequestHandlerClass.keywords["editing"] is None  # type: ignore[attr-defined]
