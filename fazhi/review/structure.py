"""The report's skeleton: title, org, year, headings and the five mandated parts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import PART_KEYS, PART_TITLES, Finding, Heading, PartState
from .text import HEADING_RE, Doc

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERALS = "一二三四五六七八九十"


def cn_small_number(s: str) -> int:
    """Value of a Chinese numeral below 100 (heading numbers: 一 … 九十九)."""
    if "十" not in s:
        return CN_DIGITS.get(s, 0)
    tens, _, ones = s.partition("十")
    return (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


def number_to_cn(n: int) -> str:
    if n <= 10:
        return "零一二三四五六七八九十"[n]
    tens, ones = divmod(n, 10)
    return (
        ("" if tens == 1 else "零一二三四五六七八九"[tens])
        + "十"
        + ("" if ones == 0 else "零一二三四五六七八九"[ones])
    )


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str


def paragraphs(doc: Doc) -> list[Paragraph]:
    out: list[Paragraph] = []
    pos = 0
    for line in doc.text.split("\n"):
        if line.strip():
            out.append(Paragraph(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def head_block(paras: list[Paragraph]) -> list[Paragraph]:
    """Title lines: those before the first heading or the first sentence of body text."""
    out: list[Paragraph] = []
    for p in paras[:6]:
        if HEADING_RE.match(p.text) or "。" in p.text or len(p.text) > 60:
            break
        out.append(p)
    return out


def find_headings(doc: Doc, paras: list[Paragraph]) -> list[Heading]:
    headings: list[Heading] = []
    for p in paras:
        m = HEADING_RE.match(p.text)
        if not m:
            continue
        level = next(i for i, g in enumerate(("l1", "l2", "l3", "l4"), start=1) if m.group(g))
        raw = m.group(f"l{level}")
        number = cn_small_number(raw) if level <= 2 else int(raw)
        # A run-in heading ends at its first full stop; the rest of the line is body text.
        head_end = p.text.find("。")
        end = p.start + (head_end + 1 if 0 <= head_end < 60 else len(p.text))
        text = doc.text[p.start : end]
        headings.append(Heading(level, number, m.group(0), text, doc.line_of(p.start), p.start, end))
    return headings


_ADMIN_SPLIT = re.compile(r"(?:省|自治区|市|自治州|州|盟|地区|自治县|县|区|旗)")
_TOWN_RE = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:镇|乡|街道|苏木))")


def detect_org(paras: list[Paragraph]) -> str:
    candidates = [p.text for p in head_block(paras)] or [p.text for p in paras[:2]]
    for line in candidates:
        line = re.sub(r"(?:人民政府|党委|政府|关于|法治政府建设|工作报告|办事处).*$", "", line) or line
        # Strip the county prefix ("某某市", "某某自治县"): the township name follows the last one.
        for m in reversed(list(_ADMIN_SPLIT.finditer(line))):
            tail = line[m.end() :]
            t = _TOWN_RE.match(tail)
            if t and len(t.group(1)) >= 2:
                return t.group(1)
        t = _TOWN_RE.search(line)
        if t and len(t.group(1)) >= 2:
            return t.group(1)
    return ""


_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


# A title names the report; a line with a month and day (a web page's date line, a signature)
# or a 来源/发布时间 line does not.
_TITLE_RE = re.compile(r"报告|总结|情况")
_DATE_IN_LINE_RE = re.compile(
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|来源|发布|星期"
)
_OPENING_RE = re.compile(r"现将[^。\n]{0,60}?((?:19|20)\d{2})\s*年[^。\n]{0,40}?(?:报告|汇报|总结)如下")
_LEAD_YEAR_RE = re.compile(r"^((?:19|20)\d{2})\s*年(?:度|，|,|全年|是|我|在)")


def title_year(paras: list[Paragraph]) -> tuple[int, Paragraph] | None:
    """The year a title line names (报告/总结 … 2024年度), skipping date and source lines."""
    for p in paras[:15]:
        if len(p.text) > 80 or "。" in p.text or _DATE_IN_LINE_RE.search(p.text):
            continue
        if not _TITLE_RE.search(p.text):
            continue
        m = _YEAR_RE.search(p.text)
        if m:
            return int(m.group(1)), p
    return None


def opening_years(paras: list[Paragraph]) -> list[tuple[int, int, int]]:
    """(year, start, end) of the years the opening states: 现将…年度…报告如下 in the first
    paragraphs, and the year a body's first paragraph starts with (2024年，我镇…)."""
    out: list[tuple[int, int, int]] = []
    seen_body = False
    for p in paras[:8]:
        m = _OPENING_RE.search(p.text)
        if m:
            out.append((int(m.group(1)), p.start + m.start(1), p.start + m.end(1) + 1))
        body = "。" in p.text or len(p.text) > 60
        lead = _LEAD_YEAR_RE.match(p.text)
        if body and not seen_body and lead and not HEADING_RE.match(p.text):
            out.append((int(lead.group(1)), p.start + lead.start(1), p.start + lead.end(1) + 1))
        seen_body = seen_body or body
        if m:
            break  # the opening formula closes the opening
    return out


def detect_year(paras: list[Paragraph], headings: list[Heading]) -> int | None:
    t = title_year(paras)
    if t:
        return t[0]
    opening = opening_years(paras)
    if opening:
        return Counter(y for y, _, _ in opening).most_common(1)[0][0]
    years = Counter(int(y) for h in headings if h.level == 1 for y in _YEAR_RE.findall(h.text))
    if years:
        return min(years)  # the plan heading names year + 1
    all_years = Counter(
        int(y) for p in paras if not _DATE_IN_LINE_RE.search(p.text) for y in _YEAR_RE.findall(p.text)
    )
    return all_years.most_common(1)[0][0] if all_years else None


def check_opening_year(doc: Doc, paras: list[Paragraph], year: int | None) -> list[Finding]:
    """The opening sentence must report on the report's year (现将我镇2023年度… in a 2024 report)."""
    if year is None:
        return []
    findings: list[Finding] = []
    for y, s, e in opening_years(paras):
        if y != year:
            findings.append(
                doc.finding(
                    s,
                    e,
                    kind="format",
                    severity="error",
                    message=f"开头语中的年度“{y}年”与报告年度{year}年不一致。",
                    suggestion=f"{year}年",
                    rule="format.opening_year",
                )
            )
    return findings


# Heading keywords per part, most specific first: a heading naming the 第一责任人 is part 3 even
# though it also says 情况; a heading with 不足 is part 2 even if it says 下一步.
_PART_HEADING_PATTERNS: tuple[tuple[str, str], ...] = (
    ("other", r"其他需要报告|其他(?:有关)?(?:情况|事项)"),
    ("first_responsible", r"第一责任人|主要负责人.{0,12}(?:履行|职责|履职)|述法"),
    ("shortcomings", r"不足|存在的?(?:主要)?问题|短板|差距|薄弱环节"),
    ("next_year", r"下一年度|下一步|下步|明年|(?:工作)?(?:打算|安排|思路|计划|目标举措|谋划)"),
    (
        "measures",
        r"举措|成效|主要工作|工作(?:开展)?情况|主要做法|取得的?成[效绩]|开展情况|工作总结|主要成绩|推进情况",
    ),
)

# Signs in the body that a part is covered inside another part.
_EMBEDDED_PATTERNS: dict[str, str] = {
    "first_responsible": r"第一责任人|主要负责人.{0,20}(?:履行|职责)|述法",
    "other": r"其他需要报告|无其他(?:需要)?报告",
    "shortcomings": r"存在的?(?:主要)?(?:问题|不足)|不足之处|短板",
    "next_year": r"下一步|下一年度|明年",
    "measures": r"举措|成效|开展了|取得",
}

CAUSE_RE = re.compile(r"原因|由于|因为|导致|归因|根源|究其|主要是|源于|致使|造成")


def classify_heading(text: str, year: int | None) -> list[str]:
    keys = [k for k, pat in _PART_HEADING_PATTERNS if re.search(pat, text)]
    if year is not None and f"{year + 1}年" in text and "next_year" not in keys:
        keys.append("next_year")
    if "next_year" in keys and "measures" in keys:
        keys.remove("measures")  # "2024年工作目标举措" is a plan, not a record
    if "shortcomings" in keys and "measures" in keys:
        keys.remove("measures")
    return keys


@dataclass
class Section:
    key: str
    heading: Heading
    start: int
    end: int


def analyse_parts(
    doc: Doc, headings: list[Heading], year: int | None
) -> tuple[dict[str, PartState], list[Section], list[Finding]]:
    findings: list[Finding] = []
    parts: dict[str, PartState] = dict.fromkeys(PART_KEYS, "missing")
    sections: list[Section] = []
    top = [h for h in headings if h.level == 1]
    if not top:
        # Reports without 一、二、三 headings are judged on their second-level headings.
        top = [h for h in headings if h.level == 2]
    for i, h in enumerate(top):
        end = top[i + 1].start if i + 1 < len(top) else len(doc.text)
        for key in classify_heading(h.text, year):
            if parts[key] == "missing":
                parts[key] = "present"
                sections.append(Section(key, h, h.start, end))
    for key in PART_KEYS:
        if parts[key] != "missing":
            continue
        m = re.search(_EMBEDDED_PATTERNS[key], doc.text)
        if m:
            parts[key] = "embedded"
            findings.append(
                doc.finding(
                    m.start(),
                    m.end(),
                    kind="structure",
                    severity="info",
                    message=f"“{PART_TITLES[key]}”没有单独成部分，内容写在其他部分中；按要求应单列标题。",
                    suggestion=PART_TITLES[key],
                    rule=f"structure.embedded.{key}",
                )
            )
    for n, key in enumerate(PART_KEYS, start=1):
        if parts[key] == "missing":
            number = number_to_cn(len(top) + 1) if key == "other" else number_to_cn(n)
            findings.append(
                _whole(
                    doc,
                    severity="error",
                    message=f"缺少法定的第{number_to_cn(n)}部分“{PART_TITLES[key]}”。",
                    suggestion=f"{number}、{PART_TITLES[key]}"
                    + ("（如无，写明“无其他需要报告的情况”）" if key == "other" else ""),
                    rule=f"structure.missing.{key}",
                )
            )
    findings.extend(_check_causes(doc, sections))
    return parts, sections, findings


def _whole(
    doc: Doc, *, severity: str, message: str, suggestion: str, rule: str, kind: str = "structure"
) -> Finding:
    return Finding(
        kind=kind,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        excerpt="",
        message=message,
        suggestion=suggestion,
        line=0,
        rule=rule,
        whole_document=True,
    )


def _check_causes(doc: Doc, sections: list[Section]) -> list[Finding]:
    for s in sections:
        if s.key != "shortcomings":
            continue
        if CAUSE_RE.search(doc.text[s.start : s.end]):
            return []
        return [
            doc.finding(
                s.heading.start,
                s.heading.end,
                kind="structure",
                severity="warning",
                message="“存在的不足”只列了问题，没有分析原因；法定标题为“存在的不足和原因”。",
                suggestion="存在的不足和原因",
                rule="structure.shortcomings.no_causes",
            )
        ]
    return []


def check_hierarchy(doc: Doc, headings: list[Heading]) -> list[Finding]:
    """Numbering gaps and repeats within each parent, and levels used out of order."""
    findings: list[Finding] = []
    last: dict[int, int] = {}
    # Numbering may also run on across parents (the platform's own report model numbers the
    # items of a part 1., 2., 3. across its sections): continuing the last number is not a gap.
    running: dict[int, int] = {}
    current = 0
    for h in headings:
        # A higher-level heading resets the counters below it.
        for lvl in list(last):
            if lvl > h.level:
                del last[lvl]
        expected = last.get(h.level, 0) + 1
        continued = h.level not in last and h.number == running.get(h.level, -1) + 1
        running[h.level] = h.number
        if h.number != expected and not continued:
            what = "重复" if h.number < expected else "跳号"
            findings.append(
                doc.finding(
                    h.start,
                    h.start + len(h.marker),
                    kind="structure",
                    severity="warning",
                    message=f"层次序号{what}：此处应为第{expected}项，实际为“{h.marker}”。",
                    suggestion=_marker(h.level, expected, h.marker),
                    rule="structure.numbering",
                )
            )
        last[h.level] = h.number
        if current and h.level > current + 1:
            findings.append(
                doc.finding(
                    h.start,
                    h.start + len(h.marker),
                    kind="structure",
                    severity="info",
                    message="层次序号越级使用：公文结构层次依次为“一、”“（一）”“1.”“（1）”。",
                    suggestion=_marker(current + 1, 1, h.marker),
                    rule="structure.level_skipped",
                )
            )
        current = h.level
        if h.level == 3 and h.marker.endswith("、"):
            findings.append(
                doc.finding(
                    h.start,
                    h.start + len(h.marker),
                    kind="format",
                    severity="info",
                    message="第三层序号应写作阿拉伯数字加下脚点“1.”，不用顿号。",
                    suggestion=h.marker[:-1] + ".",
                    rule="format.level3_marker",
                )
            )
    return findings


def _marker(level: int, n: int, like: str) -> str:
    if level == 1:
        return f"{number_to_cn(n)}、"
    if level == 2:
        return f"（{number_to_cn(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"
