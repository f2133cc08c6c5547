"""A before/after example for the codes editors meet: what `disclosure explain` prints
and what the editor guide's 常见错误 section shows (a test keeps the two equal)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    before: str
    after: str


EXAMPLES: dict[str, Example] = {
    "yaml-tab": Example("money:\n\t- id: income", "money:\n  - id: income"),
    "yaml-syntax": Example("source:\n  document: a.pdf\n issuer: 某司法局", "source:\n  document: a.pdf\n  issuer: 某司法局"),
    "yaml-fullwidth-colon": Example("title：2023年度自评报告", "title: 2023年度自评报告"),
    "yaml-colon-space": Example("title:2023年度自评报告", "title: 2023年度自评报告"),
    "yaml-fullwidth-indent": Example("source:\n　document: a.pdf", "source:\n  document: a.pdf"),
    "yaml-chinese-quotes": Example("“title”: 2023年度自评报告", "title: 2023年度自评报告"),
    "yaml-unclosed-quote": Example('title: "2023年度自评报告', 'title: "2023年度自评报告"'),
    "yaml-unclosed-bracket": Example("parts: [basic-expenditure, project-expenditure",
                                     "parts: [basic-expenditure, project-expenditure]"),
    "yaml-list-indent": Example("problems:\n  - 预算执行偏慢。\n   - 绩效目标不够细化。",
                                "problems:\n  - 预算执行偏慢。\n  - 绩效目标不够细化。"),
    "yaml-colon-in-text": Example("note: 原文写作: 6928.97 万元", 'note: "原文写作: 6928.97 万元"'),
    "yaml-duplicate-key": Example("title: 自评报告\ntitle: 2023年度自评报告", "title: 2023年度自评报告"),
    "yaml-ambiguous-boolean": Example("grade: yes", 'grade: "yes"'),
    "yaml-octal": Example("number: 012", 'number: "012"'),
    "yaml-base60": Example("note: 1:20", 'note: "1:20"'),
    "yaml-number-format": Example("value: 6,952.31", "value: 6952.31"),
    "schema-required": Example("source:\n  document: a.pdf", "source:\n  document: a.pdf\n  issuer: 某区司法局"),
    "schema-type": Example('value: "6952.31"', "value: 6952.31"),
    "schema-enum": Example("kind: self-assessment", "kind: self-evaluation"),
    "schema-pattern": Example("date_written: 2024年6月10日", "date_written: 2024-06-10"),
    "schema-range": Example("year: 1999", "year: 2023"),
    "schema-empty": Example("title: 报告", "title: 2023年度部门整体支出绩效自评报告"),
    "schema-unknown-key": Example("lable: 本年支出", "label: 本年支出"),
    "unsafe-id": Example("id: Total_Spend", "id: total-spend"),
    "unknown-bureau": Example("bureau: guangzhou-liwen", "bureau: guangzhou-liwan"),
    "unknown-measure": Example("measure: mediation-rate", "measure: mediation-success-rate"),
    "unknown-figure": Example("parts: [basic, project]", "parts: [basic-expenditure, project-expenditure]"),
    "duplicate-id": Example("- id: total\n- id: total", "- id: total-income\n- id: total-expenditure"),
    "file-name-mismatch": Example("reports/guangzhou-liwan/2023-evaluation.yaml 里写 kind: self-evaluation",
                                  "reports/guangzhou-liwan/2023-self-evaluation.yaml"),
    "grid-shape": Example("columns: [数量, 价值]\n…\ncells: [{id: a, value: 3, unit: 台}]",
                          "columns: [数量, 价值]\n…\ncells: [{id: a, value: 3, unit: 台}, null]"),
    "sum-mismatch": Example("- {id: total, label: 支出合计, value: 7000.00, unit: 万元, parts: [basic, project]}",
                            "（原文确实如此时）\ndiscrepancies:\n  - kind: sum\n    figures: [total]\n"
                            "    note: 原文表 1 合计为 7000.00 万元。"),
    "ratio-mismatch": Example("- {id: rate, label: 结案率, value: 81.33, unit: '%', ratio: [closed, accepted]}",
                              "（原文确实如此时）\ndiscrepancies:\n  - kind: ratio\n    figures: [rate]\n"
                              "    note: 原文如此。"),
    "measure-conflict": Example("两处数字都写 measure: legal-aid-cases，一处 8114，一处 8141",
                                "discrepancies:\n  - kind: conflict\n    figures: [cases, cases-again]\n"
                                "    note: 原文第二部分写作 8141。"),
    "rate-out-of-range": Example("value: 103.5\nunit: '%'", "value: 103.5\nunit: '%'\nover_100: true"),
    "written-mismatch": Example("value: 15000\nwritten: 1500余份", "value: 15000\nwritten: 15000余份"),
    "placeholder": Example("issuer: 【待填写：发布单位】", "issuer: 广州市荔湾区司法局"),
}
