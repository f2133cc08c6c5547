"""The same corpus as a Hugo site, for a like-for-like benchmark: each report's data as
front matter, and one template that prints the same tables and narrative."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.checks.validate import Validation  # noqa: E402

CONFIG = """baseURL = "https://example.org/"
languageCode = "zh-CN"
title = "绩效公开"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = false
"""

SINGLE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
{{ range $t := .Params.tables }}
<table><caption>{{ $t.caption }}</caption><tbody>
{{ range $t.figures }}<tr id="fig-{{ .id }}"><th>{{ .label }}</th>
<td>{{ .value }}</td><td>{{ .unit }}</td></tr>{{ end }}
{{ range $t.rows }}<tr><th>{{ .label }}</th>
{{ range .cells }}<td>{{ with . }}{{ .value }} {{ .unit }}{{ end }}</td>{{ end }}</tr>{{ end }}
</tbody></table>
{{ end }}
{{ with .Params.targets }}{{ range .indicators }}<h3>{{ .level1 }}</h3><table>
{{ range .groups }}{{ range .items }}<tr><th>{{ .name }}</th>
<td>{{ .target }}</td><td>{{ .actual }}</td></tr>{{ end }}{{ end }}
</table>{{ end }}{{ end }}
{{ .Content }}
</main></body></html>
"""

LIST = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""


def write_hugo_site(validation: Validation, out: Path) -> Path:
    shutil.rmtree(out, ignore_errors=True)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "hugo.toml").write_text(CONFIG, "utf-8")
    (out / "layouts" / "_default" / "single.html").write_text(SINGLE, "utf-8")
    (out / "layouts" / "_default" / "list.html").write_text(LIST, "utf-8")
    for report in validation.content.models():
        data = report.document.data()
        front = {"title": data["title"], "tables": data.get("money", []) + data.get("results", []),
                 "targets": data.get("targets"), "bureau": data["bureau"], "year": data["year"]}
        body = "\n\n".join(f"## {s['heading']}\n\n{s.get('body', '')}" for s in data.get("narrative", []))
        path = out / "content" / "reports" / f"{report.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(front, ensure_ascii=False) + "\n\n" + body + "\n", "utf-8")
    return out
