"""A varied synthetic corpus of N valid reports, for benchmarks.

    .venv/bin/python scripts/corpus.py OUT_DIR --reports 1000

Bureaus spread over made-up cities and districts of several provinces (some districts share a
name with one in another city, as real ones do), years 2019–2025 and the three department-wide
report kinds. Each report is one of the five real ones with its free-standing figures perturbed
(never a figure that takes part in a sum, a ratio, a recorded discrepancy or a `written` form, so
every report stays valid): a compared figure follows its bureau's own level and trend (rates stay
within 0–100), the others vary at random; titles and publishers are the bureau's, and the
narrative is recombined from the real reports' sentences, so a search index sees realistic
vocabulary. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.kinds import KINDS  # noqa: E402
from generator.loading.yamlload import load_yaml  # noqa: E402

TEMPLATES = ROOT / "tests" / "fixtures" / "content"
PROVINCES = ["广东省", "广西壮族自治区", "湖南省", "江西省", "福建省", "海南省", "云南省", "贵州省"]
CITY_SYLLABLES = "江河山湖海平安宁远新明清华东西南北中阳泉林"
DISTRICT_SYLLABLES = "城郊源溪岭峰塘洲湾坪岗桥口田"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    """Plain digits as published: 6928.97 stays 6928.97, 14 stays 14."""
    tag = "int" if isinstance(value.as_tuple().exponent, int) and value.as_tuple().exponent >= 0 else "float"
    return dumper.represent_scalar(f"tag:yaml.org,2002:{tag}", format(value, "f"))


_Dumper.add_representer(Decimal, _decimal)


def _figures(report: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for key in ("money", "results"):
        for table in report.get(key, []):
            found += table.get("figures", [])
            for row in table.get("rows", []):
                found += [c for c in row["cells"] if c]
    staffing = report.get("organisation", {}).get("staffing")
    if staffing:
        found += staffing.get("figures", [])
    return found


def _untied(report: dict[str, Any], rates: bool = False) -> list[dict[str, Any]]:
    """Figures no check ties to another: safe to change without breaking validation. rates: with
    the rates (% and ‰) among them."""
    figures = _figures(report)
    tied: set[str] = set()
    for figure in figures:
        if figure.get("parts") or figure.get("ratio"):
            tied.add(figure["id"])
            tied.update(figure.get("parts", []) + figure.get("ratio", []))
    for entry in report.get("discrepancies", []):
        tied.update(entry["figures"])
    for block in report.get("targets", {}).get("indicators", []):
        for group in block["groups"]:
            tied.update(i["actual_figure"] for i in group["items"] if "actual_figure" in i)
    return [f for f in figures if f["id"] not in tied and "written" not in f
            and (rates or f["unit"] not in ("%", "‰"))]


def edit_one_figure(path: Path) -> str:
    """Change one figure of a corpus report as an editor would, a compared one where there is
    one (so comparison pages change too); the figure's id."""
    report = _parse(path.read_bytes())
    figures = sorted(_untied(report), key=lambda f: "measure" not in f)
    figure = figures[0]
    figure["value"] = Decimal(figure["value"]) + Decimal(1).scaleb(Decimal(figure["value"]).as_tuple().exponent)
    path.write_text(yaml.dump(report, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000), "utf-8")
    return str(figure["id"])


def _perturb(value: Decimal, rng: random.Random) -> Decimal:
    step = Decimal(1).scaleb(value.as_tuple().exponent)  # keep the published precision
    return (value * Decimal(rng.randint(80, 120)) / 100).quantize(step)


def _compared(value: Decimal, unit: str, level: Decimal, trend: Decimal, years: int, noise: Decimal) -> Decimal:
    """A compared figure as its bureau would report it: scaled by the bureau's own level, moved
    by its trend each year, with the report's noise (one for all its figures, so two figures of
    one measure stay equal); a rate stays within 0–100 (‰: 0–1000)."""
    step = Decimal(1).scaleb(value.as_tuple().exponent)
    if unit in ("%", "‰"):
        top = Decimal(100 if unit == "%" else 1000)
        moved = value - (top - value) * (level - 1) * 4 + top * (trend * years + noise) / 4
        return min(max(moved, Decimal(0)), top).quantize(step)
    return max(value * level * (1 + trend * years + noise), Decimal(0)).quantize(step)


def _sentences(templates: list[dict[str, Any]]) -> list[str]:
    text = "".join(s.get("body") or "" for t in templates for s in t.get("narrative", []))
    return [s.strip() + "。" for s in re.split(r"[。\n]", text) if 8 <= len(s.strip()) <= 200]


def make_corpus(out: Path, reports: int, seed: int = 2026) -> Path:
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    (out / "bureaus").mkdir(parents=True)
    (out / "reports").mkdir()
    shutil.copyfile(TEMPLATES / "metrics.yaml", out / "metrics.yaml")
    sources = [p.read_bytes() for p in sorted((TEMPLATES / "reports").glob("*/*.yaml"))
               if "测试夹具" not in p.read_text("utf-8")]  # the real reports, not the fixtures' own
    sources = [raw for raw in sources if not KINDS[_parse(raw)["kind"]].per_project]  # one file per bureau-year
    templates = [_parse(raw) for raw in sources]
    pool = _sentences(templates)
    years = list(range(2019, 2026))
    per_bureau = 6  # bureaus publish a few documents across the years
    written = 0
    number = 0
    names: set[str] = set()
    while written < reports:
        province = PROVINCES[number % len(PROVINCES)]
        city = district = ""
        shared = number % 10 == 9 and names  # now and then a district named like one in another city
        while not city or f"{city}{district}" in names:  # bureau names are unique, as real ones are
            city = "".join(rng.sample(CITY_SYLLABLES, 2)) + "市"
            district = (sorted(names)[rng.randrange(len(names))].split("市", 1)[1] if shared
                        else "".join(rng.sample(DISTRICT_SYLLABLES, 2)) + "区")
        names.add(f"{city}{district}")
        level = Decimal(rng.randint(50, 160)) / 100  # this bureau's size against the template's
        trend = Decimal(rng.randint(-6, 8)) / 100  # and how its figures move a year
        bureau = f"b{number:05d}"
        number += 1
        (out / "bureaus" / f"{bureau}.yaml").write_text(yaml.dump({
            "name": f"{city}{district}司法局", "short_name": f"{district}司法局", "level": "区",
            "region": {"province": province, "city": city, "district": district}}, Dumper=_Dumper,
            allow_unicode=True, sort_keys=False), "utf-8")
        (out / "reports" / bureau).mkdir()
        used: set[tuple[int, str]] = set()
        for _ in range(per_bureau):
            if written >= reports:
                break
            choice = rng.randrange(len(templates))
            template = templates[choice]
            year = rng.choice(years)
            if (year, template["kind"]) in used:
                continue
            used.add((year, template["kind"]))
            report = _parse(sources[choice])  # a fresh copy
            name = f"{city}{district}司法局"
            report.update(bureau=bureau, year=year, title=f"{name}{year}年度{KINDS[template['kind']].label}")
            report["source"]["issuer"] = name
            noise = Decimal(rng.randint(-3, 3)) / 100
            for figure in _untied(report, rates=True):
                value = Decimal(figure["value"])
                figure["value"] = (_compared(value, figure["unit"], level, trend, year - years[0], noise)
                                   if "measure" in figure else
                                   value if figure["unit"] in ("%", "‰") else _perturb(value, rng))
            for section in report.get("narrative", []):
                if section.get("body"):
                    section["body"] = "".join(rng.choice(pool) for _ in range(rng.randint(3, 12)))
            text = yaml.dump(report, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
            (out / "reports" / bureau / f"{year}-{report['kind']}.yaml").write_text(text, "utf-8")
            written += 1
    return out


def _parse(raw: bytes) -> Any:
    """Read with our own strict loader, so numbers are Decimal as in real content."""
    loaded, problems = load_yaml(raw, "template")
    assert not problems, problems
    return loaded.data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    make_corpus(args.out, args.reports, args.seed)


if __name__ == "__main__":
    main()
