"""Human-readable output: plain text for the terminal, HTML for clerks."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .model import KINDS, PART_KEYS, PART_TITLES, Finding, ReviewResult

KIND_LABELS = {
    "structure": "结构",
    "figure": "数字",
    "formulation": "提法",
    "typo": "错别字",
    "format": "格式",
    "boilerplate": "雷同",
    "artifact": "转换残留",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
PART_STATE_LABELS = {"present": "有（单独成部分）", "embedded": "有（写在其他部分中）", "missing": "缺失"}
_RANK = {"error": 3, "warning": 2, "info": 1}


def render_text(results: Sequence[ReviewResult]) -> str:
    out: list[str] = []
    for r in results:
        out.append(
            f"== {r.file or '（文本）'}　{r.org or '（未识别单位）'}　{r.year or '（未识别年度）'}年度"
        )
        out.append(
            "   结构：" + "；".join(f"{PART_TITLES[k]}：{PART_STATE_LABELS[r.parts[k]]}" for k in PART_KEYS)
        )
        out.append(
            f"   发现：错误 {r.count('error')} 处，警告 {r.count('warning')} 处，提示 {r.count('info')} 处；"
            f"提取数字 {len(r.figures)} 个；与他人雷同 {r.boilerplate.share:.0%}"
        )
        for f in r.findings:
            where = f"第{f.line}行" if f.line else "全文"
            sugg = f" → {f.suggestion}" if f.suggestion else ""
            excerpt = f"“{f.excerpt}”" if f.excerpt else ""
            out.append(
                f"   [{SEVERITY_LABELS[f.severity]}][{KIND_LABELS[f.kind]}] {where} {excerpt}{sugg}：{f.message}"
            )
        out.append("")
    return "\n".join(out)


CSS = """
.fzr{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;color:#222;line-height:1.6}
.fzr h2{font-size:1.25rem;margin:.5rem 0}
.fzr table{border-collapse:collapse;margin:.5rem 0}
.fzr td,.fzr th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left;vertical-align:top}
.fzr .counts span{display:inline-block;margin-right:1rem}
.fzr .st-missing{color:#b00020;font-weight:bold}.fzr .st-embedded{color:#8a6d00}
.fzr .sev-error{background:#ffd6d6}.fzr .sev-warning{background:#fff1b8}.fzr .sev-info{background:#e3f0ff}
.fzr mark{padding:0 1px;border-radius:2px;color:inherit}
.fzr mark.sev-error{border-bottom:2px solid #b00020}
.fzr .text{border:1px solid #ddd;padding:.5rem;background:#fcfcfc;font-family:"FangSong","仿宋",serif;white-space:pre-wrap}
.fzr .ln{display:inline-block;width:3em;color:#999;user-select:none;text-align:right;margin-right:.8em}
.fzr .findings td:first-child{white-space:nowrap}
""".strip()


def _highlight_line(text: str, ls: int, le: int, findings: Sequence[Finding]) -> str:
    spans = [f for f in findings if f.end > f.start and f.start < le and f.end > ls]
    if not spans:
        return escape(text[ls:le])
    cuts = sorted({ls, le} | {max(ls, f.start) for f in spans} | {min(le, f.end) for f in spans})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        seg = escape(text[a:b])
        covering = [f for f in spans if f.start <= a and f.end >= b]
        if not covering:
            out.append(seg)
            continue
        top = max(covering, key=lambda f: _RANK[f.severity])
        tip = "；".join(
            f"{SEVERITY_LABELS[f.severity]}·{KIND_LABELS[f.kind]}：{f.message}"
            + (f" 建议：{f.suggestion}" if f.suggestion else "")
            for f in covering
        )
        out.append(f'<mark class="sev-{top.severity}" title="{escape(tip)}">{seg}</mark>')
    return "".join(out)


def render_html_fragment(result: ReviewResult) -> str:
    """One report's review as an HTML fragment (no <html>/<head>); style it with CSS."""
    r = result
    parts = "".join(
        f'<tr><td>{escape(PART_TITLES[k])}</td><td class="st-{r.parts[k]}">{PART_STATE_LABELS[r.parts[k]]}</td></tr>'
        for k in PART_KEYS
    )
    by_kind = "".join(
        f"<span>{KIND_LABELS[k]}：{sum(1 for f in r.findings if f.kind == k and f.severity != 'info')}</span>"
        for k in KINDS
    )
    rows = "".join(
        f'<tr class="sev-{f.severity}"><td>{"第" + str(f.line) + "行" if f.line else "全文"}</td>'
        f"<td>{SEVERITY_LABELS[f.severity]}</td><td>{KIND_LABELS[f.kind]}</td>"
        f"<td>{escape(f.excerpt)}</td><td>{escape(f.message)}</td><td>{escape(f.suggestion)}</td></tr>"
        for f in r.findings
    )
    pairs = "".join(f"<li>{escape(p.file)}：{p.sentences} 句，{p.chars} 字</li>" for p in r.boilerplate.pairs)
    lines: list[str] = []
    pos = 0
    for n, line in enumerate(r.text.split("\n"), start=1):
        lines.append(
            f'<span class="ln">{n}</span>{_highlight_line(r.text, pos, pos + len(line), r.findings)}'
        )
        pos += len(line) + 1
    return (
        '<section class="fzr">'
        f"<h2>{escape(r.org or '（未识别单位）')} {escape(str(r.year or ''))}年度法治政府建设报告审查结果"
        f"<small>（{escape(r.file)}）</small></h2>"
        f'<p class="counts"><span>错误 {r.count("error")} 处</span><span>警告 {r.count("warning")} 处</span>'
        f"<span>提示 {r.count('info')} 处</span><span>提取数字 {len(r.figures)} 个</span>"
        f"<span>与同批报告雷同 {r.boilerplate.share:.0%}</span></p>"
        f'<p class="counts">{by_kind}</p>'
        f"<table><tr><th>法定部分</th><th>情况</th></tr>{parts}</table>"
        + (f"<p>雷同来源：</p><ul>{pairs}</ul>" if pairs else "")
        + '<table class="findings"><tr><th>位置</th><th>级别</th><th>类别</th><th>原文</th><th>问题</th><th>建议</th></tr>'
        f"{rows}</table>"
        f'<div class="text">{"<br>".join(lines)}</div>'
        "</section>"
    )


def render_html(results: ReviewResult | Sequence[ReviewResult]) -> str:
    """A complete, self-contained HTML page (no external resources) for one or more reviews."""
    items = [results] if isinstance(results, ReviewResult) else list(results)
    body = "<hr>".join(render_html_fragment(r) for r in items)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>法治政府建设报告审查结果</title><style>{CSS}body{{margin:1.5rem}}</style></head>"
        f"<body>{body}</body></html>"
    )
