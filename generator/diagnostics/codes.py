"""Every diagnostic code, with its level and the explanation editors read in docs/editor-guide.md."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..kinds import KINDS


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    def __reduce_ex__(self, protocol: object) -> str:  # type: ignore[override]
        # Pickled by name, so a cache of thousands of diagnostics refers to one object
        # instead of calling Level(value) for each.
        return f"Level.{self.name}"


@dataclass(frozen=True)
class Code:
    level: Level
    explanation: str


CODES: dict[str, Code] = {
    # Reading the file
    "file-too-large": Code(Level.ERROR, "文件超过大小上限（512 KiB）。报告正文过长时请检查是否误粘贴了重复内容。"),
    "not-utf8": Code(Level.ERROR, "文件不是 UTF-8 编码。请用编辑器“以 UTF-8 保存”。"),
    "yaml-tab": Code(Level.ERROR, "用了制表符（Tab）缩进。YAML 只能用空格缩进。"),
    "yaml-syntax": Code(Level.ERROR, "YAML 语法错误，例如缩进不齐。消息会说明这一行哪里不对。"),
    "yaml-fullwidth-colon": Code(Level.ERROR, "键后面用了全角冒号「：」。键和值之间要用半角冒号加一个空格「: 」。"),
    "yaml-colon-space": Code(Level.ERROR, "键的冒号后面少了空格。要写成「键: 值」，冒号后空一格。"),
    "yaml-fullwidth-indent": Code(Level.ERROR, "缩进里有全角空格或不换行空格。缩进只能用半角空格。"),
    "yaml-chinese-quotes": Code(Level.ERROR, "键两边用了中文引号。键不加引号。"),
    "yaml-unclosed-quote": Code(Level.ERROR, "引号没有配对：文字开头有引号，结尾没有。"),
    "yaml-unclosed-bracket": Code(Level.ERROR, "方括号「[ ]」或花括号「{ }」没有配对。"),
    "yaml-list-indent": Code(Level.ERROR, "列表项「- 」的缩进与同一列表的其他项不同。同一列表的各项要左端对齐。"),
    "yaml-colon-in-text": Code(Level.ERROR, "文字中有「: 」（冒号加空格），YAML 会把它当成键。请给整段文字加引号。"),
    "yaml-comment-in-value": Code(Level.ERROR, "文字后面的「 #」起被 YAML 当作注释丢掉了。文字含 # 时请给整段文字加引号；注释请单独写一行。"),
    "invisible-character": Code(Level.ERROR, "有看不见的字符（零宽空格、方向控制符、行分隔符等）。它们会改变文字或行号，请删除。"),
    "yaml-duplicate-key": Code(Level.ERROR, "同一层里出现了两次相同的键；只保留一个。"),
    "yaml-anchor": Code(Level.ERROR, "用了锚点（&名称）。为安全起见不允许，请把内容完整写出。"),
    "yaml-alias": Code(Level.ERROR, "用了别名（*名称）。为安全起见不允许，请把内容完整写出。"),
    "yaml-tag": Code(Level.ERROR, "用了 YAML 标签（如 !!python/…）。为安全起见不允许；需要文字时请加引号。"),
    "yaml-too-deep": Code(Level.ERROR, "嵌套层数过多（超过 24 层）。"),
    "yaml-multiple-documents": Code(Level.ERROR, "一个文件里有多个 YAML 文档（---）。一个文件只写一份报告。"),
    "yaml-complex-key": Code(Level.ERROR, "键不是简单文字。"),
    "yaml-ambiguous-boolean": Code(Level.ERROR, "yes、no、on、off 等会被读成真假值。真假值写 true / false，文字请加引号。"),
    "yaml-ambiguous-null": Code(Level.ERROR, "Null、NULL 含义不明。空值写 null，文字请加引号。"),
    "yaml-octal": Code(Level.ERROR, "以 0 开头的数字（如 012）会被当作八进制。编号请加引号，数字请去掉前导 0。"),
    "yaml-base60": Code(Level.ERROR, "形如 1:20 的写法会被当作六十进制数。时间、比例请加引号。"),
    "yaml-special-float": Code(Level.ERROR, "不接受 .nan、.inf 这类特殊数值。"),
    "yaml-number-format": Code(Level.ERROR, "数字写法不规范：不能带千位分隔符（写 6952.31，不写 6,952.31），也不用科学计数法。"),
    "number-too-long": Code(Level.ERROR, "数字位数过多（超过 20 位整数或 10 位小数），不会是原文的数字，多半是粘贴错了。请按原文核对。"),
    # Where files are
    "no-content": Code(Level.ERROR, "找不到内容目录。"),
    "missing-file": Code(Level.ERROR, "缺少必需的文件（如 content/metrics.yaml）。"),
    "editor-leftover": Code(Level.NOTICE, "提示：跳过了编辑器或系统留下的文件（如 .DS_Store、Thumbs.db、备份文件 *~、*.swp）。可以删除，也可以不管。"),
    "unsafe-file": Code(Level.ERROR, "内容目录里有符号链接、硬链接、设备或管道文件。为安全起见不会读取，请换成普通文件（文件本身的副本）。"),
    "stray-source": Code(Level.ERROR, "sources/ 目录里有不该放的文件：原文放在 sources/<机构id>/ 下，只能是 .txt、.pdf、.docx、.xlsx 或 .html。"),
    "source-without-report": Code(Level.WARNING, "原文文件没有同名的报告文件（sources/<机构id>/<年度>-<类型>.pdf 对应 reports/<机构id>/<年度>-<类型>.yaml），不会发布。"),
    "stray-file": Code(Level.ERROR, "内容目录里有不该放的文件：只放 .yaml 文件，报告放在 reports/<机构id>/ 下。"),
    "file-name-mismatch": Code(Level.ERROR, "报告文件名与文件里的 bureau、year、kind 不一致；应为 reports/<bureau>/<year>-<kind>.yaml。"),
    # Schema
    "schema-required": Code(Level.ERROR, "缺少必填项。"),
    "schema-type": Code(Level.ERROR, "类型不对，例如该写数字的地方写成了文字（数字不要加引号，也不要带单位）。"),
    "schema-enum": Code(Level.ERROR, f"取值不在允许的范围内（如 kind 只能是 {'、'.join(KINDS)}）。"),
    "schema-pattern": Code(Level.ERROR, "格式不对，例如日期应写成 2024-06-10。"),
    "schema-range": Code(Level.ERROR, "数值超出允许范围。"),
    "schema-empty": Code(Level.ERROR, "内容不能为空，或条目数不够。"),
    "schema-unknown-key": Code(Level.ERROR, "不认识的键，多半是拼写错误。"),
    "schema-other": Code(Level.ERROR, "不符合内容格式的其他情况，请按提示修改。"),
    "unsafe-id": Code(Level.ERROR, "id 不是安全的网址片段：只能用小写字母、数字和单个连字符，如 total-income。"),
    # References
    "unknown-bureau": Code(Level.ERROR, "引用了不存在的机构；请先在 content/bureaus/ 中添加。"),
    "unknown-measure": Code(Level.ERROR, "引用了 content/metrics.yaml 中没有的可比指标。"),
    "unknown-figure": Code(Level.ERROR, "引用了本报告中不存在的数字 id（parts、ratio、discrepancies 或 actual_figure）。"),
    "duplicate-id": Code(Level.ERROR, "同一报告中两个数字用了相同的 id。"),
    "duplicate-bureau-name": Code(Level.ERROR, "两个机构的名称相同，或只差形近字符（如康熙部首“⼴”与“广”）、全角字母或空格；读者无法区分，请按原文核对。"),
    "duplicate-report": Code(Level.ERROR, "同一机构、同一年度、同一类型的报告出现了两份。"),
    "grid-shape": Code(Level.ERROR, "行列表中某一行的格数与表头列数不同；原文空白处写 null。"),
    "measure-unit": Code(Level.ERROR, "数字的单位与所引用可比指标的单位不一致。"),
    "unit-mismatch": Code(Level.ERROR, "分项与合计的单位不同，或记录为前后不一的数字单位不同。"),
    # Text and links
    "unsafe-link": Code(Level.ERROR, "链接不能发布：只允许本站的相对链接、完整的 https:// 地址和 mailto:；javascript:、data:、file:、http://、以 // 开头、带反斜杠（\\）或用 ../ 跳出本站的链接都不行，图片只能来自本站。"),
    "text-too-long": Code(Level.ERROR, "一段文字超过 20000 个字符。请检查是否误粘贴了重复内容，或按原文标题分成几节。"),
    "markdown-too-deep": Code(Level.ERROR, "引用（>）或列表嵌套超过 10 层，更深的内容无法显示。请减少嵌套。"),
    "impossible-date": Code(Level.ERROR, "日期不存在，如 2023-02-30 或 2023-13-01。请按原文核对。"),
    # Arithmetic and consistency
    "sum-rounding": Code(Level.NOTICE, "提示：分项之和与合计相差在舍入范围内（每个分项 ±0.01 万元）。无需处理，网页会注明差额。"),
    "sum-mismatch": Code(Level.ERROR, "分项之和与合计不符，超出舍入范围。先核对原文；原文确实如此时，在 discrepancies 中记录（kind: sum）。"),
    "sum-recorded": Code(Level.NOTICE, "提示：分项与合计不符，已按原文记录。网页会列出差额。"),
    "ratio-rounding": Code(Level.NOTICE, "提示：比率与分子分母相差在末位舍入范围内。"),
    "ratio-mismatch": Code(Level.ERROR, "比率与其分子、分母不符。先核对原文；原文确实如此时，在 discrepancies 中记录（kind: ratio）。"),
    "ratio-recorded": Code(Level.NOTICE, "提示：比率与分子分母不符，已按原文记录。"),
    "rate-out-of-range": Code(Level.ERROR, "比率为负，或超过 100%（‰ 为 1000‰）。原文确实如此时，标注 over_100: true。"),
    "measure-conflict": Code(Level.ERROR, "同一可比指标在本报告中有不同数值。原文确实前后不一时，在 discrepancies 中记录（kind: conflict）。"),
    "conflict-recorded": Code(Level.NOTICE, "提示：原文同一数字前后不一，已按原文记录。网页会列出差额。"),
    "score-total": Code(Level.ERROR, "评分表各项与加分之和不等于报告总分。原文确实如此时，记录 kind: score-total、figures: [scoring]。"),
    "score-recorded": Code(Level.NOTICE, "提示：评分表合计与总分不符，已按原文记录。"),
    "score-mismatch": Code(Level.ERROR, "score 中的得分与评分表的总分不一致。"),
    # Project forms (项目支出绩效自评表、目标申报表)
    "project-missing": Code(Level.ERROR, "项目支出绩效表要写 project：项目 id（写在文件名末尾）和项目名称。"),
    "project-not-expected": Code(Level.ERROR, "project 和 funds 只用于项目支出绩效表；部门整体报告请删除，或改用项目的报告类型。"),
    "execution-score-rounding": Code(Level.NOTICE, "提示：预算执行得分与 分值 × 执行率 相差在末位舍入范围内。"),
    "execution-score-mismatch": Code(Level.ERROR, "预算执行得分不等于 分值 × 执行率（不超过分值）。先核对原文；原文另有计分规则或确实如此时，在 discrepancies 中记录（kind: execution-score）并照录原文的规则。"),
    "execution-score-recorded": Code(Level.NOTICE, "提示：预算执行得分与 分值 × 执行率 不符，已按原文记录。"),
    "over-weight": Code(Level.ERROR, "得分高于这一项的分值。先核对原文；原文确实如此时，在 discrepancies 中记录（kind: over-weight，figures 写得分的数字 id 或指标 id）。"),
    "over-weight-recorded": Code(Level.NOTICE, "提示：得分高于分值，已按原文记录。"),
    "points-rounding": Code(Level.NOTICE, "提示：各项得分之和与总分相差在舍入范围内。"),
    "points-mismatch": Code(Level.ERROR, "项目表各项得分（含预算执行）之和不等于总分。原文确实如此时，记录 kind: points-total、figures: [points]。"),
    "points-recorded": Code(Level.NOTICE, "提示：各项得分之和与总分不符，已按原文记录。"),
    "weights-mismatch": Code(Level.ERROR, "项目表各项分值（含预算执行）之和不是 100。原文确实如此时，记录 kind: weights-total、figures: [weights]。"),
    "weights-recorded": Code(Level.NOTICE, "提示：各项分值之和不是 100，已按原文记录。"),
    "unknown-project-type": Code(Level.ERROR, "project.type 写的项目类型不在 content/metrics.yaml 的 project_types 中。请核对拼写，或先在 project_types 中添加这一类型。"),
    "indicator-shortfall": Code(Level.WARNING, "警告：指标的实际完成值没有达到指标值（按指标性质判断），原文的偏差原因分析请写在 deviation 中；原文没有写时可保留此警告。"),
    "discrepancy-unfounded": Code(Level.ERROR, "记录了不一致，但数字其实相符，或该数字没有可核对的分项；请删除这条记录或补全分项。"),
    "written-mismatch": Code(Level.ERROR, "written（原文写法）中的数字与 value 不同，两者必有一处抄错。written 里第一个数字（去掉千位分隔符后）必须与 value 的数字完全相同，前后可以有“约”“余”“多”“以上”等原文用语。"),
    "met-contradiction": Code(Level.ERROR, "met（是否达成）与实际值、目标值算出的结果相反。"),
    "placeholder": Code(Level.ERROR, "还有“【待填写：…】”没有换成原文内容。"),
}
