"""Quantities in the text (value, unit, qualifier, what they count) and the checks on them."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .model import Figure, Finding, make_figure
from .structure import Section
from .text import Doc, scan

_CN_DIGIT = {
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
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


def parse_cn_number(s: str) -> int | None:
    """Value of a Chinese numeral such as 十二, 一百零五, 三万五千; None if malformed."""
    total = section = digit = 0
    seen = False
    for ch in s:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
            seen = True
        elif ch in _CN_UNIT:
            section += (digit or (1 if not seen or digit == 0 else digit)) * _CN_UNIT[ch]
            digit = 0
            seen = True
        elif ch in _CN_BIG:
            total += (section + digit) * _CN_BIG[ch]
            section = digit = 0
        else:
            return None
    return total + section + digit


UNITS = (
    "个百分点|万人次|人次|场次|件次|户次|批次|课时|学时|小时|个月|平方米|平方公里|公里|元/月|元/人|元/年|元/亩|元/户|"
    "元|个|人|名|位|次|场|起|件|条|份|册|本|篇|期|项|家|户|村|处|所|支|批|套|台|辆|块|幅|张|座|间|亩|米|天|年|%|类|种|轮|则|堂|组|队|栋|倍|吨|宗|例|卷|盏|块|部"
)
_PRE = r"(?P<pre>不少于|不低于|不超过|不足|超过|(?<![最附临就邻亲靠接])近|约|逾|(?<![高赶])超)?"
FIGURE_RE = re.compile(
    _PRE
    + r"(?:(?P<ar>(?<![\d.．/:：\-—~～A-Za-z第])\d+(?:,\d{3})*(?:\.\d+)?)"
    + r"|百分之(?P<pctcn>[零〇一二两三四五六七八九十百]+)"
    + r"|(?P<cn>(?<![第])[零〇一二两三四五六七八九十百千万亿]+))"
    + r"(?P<mid1>余|多)?(?P<mult>万|亿|千)?(?P<mid2>余|多)?"
    + rf"(?P<unit>{UNITS})?(?P<post>左右|以上|以下|以内)?"
)
# Numbers that are part of fixed political phrases, not counts.
_SLOGAN_AFTER = re.compile(
    r"个(?:意识|自信|维护|确立|全面|代表|务必|必须|服从|坚持|一|没有|着力|统筹|注重|聚焦|到位|清单)|项规定"
)
_IDIOMS = ("千家万户", "千方百计", "万无一失", "一五一十", "百分之百")
_DELIMS = "，。；：！？、（）()《》\n"
_LEAD_FILLER = re.compile(
    r"^(?:今年以来|今年|截至目前|截至\d+年底?|截至\d+年\d+月底?|截止目前|目前|全年|本年度|年内|(?:19|20)\d{2}年(?:度|\d+(?:-\d+)?月)?|以来|"
    r"共计|累计|合计|总计|共有|共|其中|辖区|全镇|全乡|全街道|我镇|我乡|本镇|本乡|各类|先后|同时|此外|另外|已)+"
)
_TRAIL_FILLER = re.compile(r"(?:共计|共有|累计|合计|总计|共|达到|达|约为|为|有|计|总数|总量)+$")
_RATE_SUBJECT = re.compile(r"率$")
_GROWTH = re.compile(r"增长|增幅|提高|提升|上升|下降|降低|同比|环比|增加|减少")


class RawFigure(NamedTuple):  # a tuple: built for every figure, three times faster than a dataclass
    figure: Figure
    start: int  # repaired-text offsets
    end: int
    base: float  # the number as written, before 万/亿 multipliers
    mid: str  # 余/多 written between the number and the unit
    mult: str  # 万/亿/千 written after an Arabic number


@lru_cache(maxsize=8192)
def _clean_subject(s: str) -> str:
    s = s.replace("“", "").replace("”", "")
    prev = None
    while prev != s:
        prev = s
        s = _LEAD_FILLER.sub("", s)
        s = _TRAIL_FILLER.sub("", s)
    return s.strip()


_MULTIPLIER = {"万": 10_000, "亿": 100_000_000, "千": 1000}
_GROUPS = ("unit", "pctcn", "ar", "cn", "mult", "pre", "mid1", "mid2", "post")


def extract(doc: Doc) -> list[RawFigure]:
    text = doc.text
    out: list[RawFigure] = []
    last_end = 0
    orig_span, line_of_orig = doc.orig_span, doc.line_of_orig
    for m in scan(FIGURE_RE, text):
        # One call for all the groups: a match is read a dozen times below.
        unit, pctcn, ar, cn, mult, pre, mid1, mid2, post = m.group(*_GROUPS)
        if pctcn:
            unit = "%"
        if not unit:
            continue
        value: float | None
        if ar:
            value = float(ar.replace(",", ""))
        elif pctcn:
            value = parse_cn_number(pctcn)
        else:
            value = parse_cn_number(cn)
        if value is None:
            continue
        base = value
        mult = mult or ""
        if mult and cn:
            continue  # "三万" was already read whole by the numeral parser
        value *= _MULTIPLIER.get(mult, 1)
        start, end = m.span()
        if ar and 1900 <= base <= 2100 and (unit == "年" or text[end : end + 1] in ("年", "度")):
            continue  # a year, not a duration
        if cn:
            if value == 1 and not pre:
                continue  # 一 before a measure word is mostly the article "a"
            if any(idiom in text[max(0, start - 3) : end + 3] for idiom in _IDIOMS):
                continue
            if _SLOGAN_AFTER.match(text, m.start("unit")):
                continue
            if _in_short_quote(text, start, end):
                continue
        mid = mid1 or mid2 or ""
        qualifier = pre or mid or post or ""
        subject = _subject(text, start, end, last_end)
        fig_value: float | int = int(value) if float(value).is_integer() else round(value, 4)
        os_, oe = orig_span(start, end)
        out.append(
            RawFigure(
                make_figure(text[start:end], fig_value, unit, qualifier, subject, line_of_orig(os_), os_, oe),
                start,
                end,
                base,
                mid,
                mult,
            )
        )
        last_end = end
    return out


def _in_short_quote(text: str, start: int, end: int) -> bool:
    left = text.rfind("“", max(0, start - 8), start)
    if left < 0:
        return False
    right = text.find("”", end, end + 8)
    return right >= 0 and "”" not in text[left:start]


# The last delimiter before a figure (greedy .* backs off to it) and the first one after it.
_UP_TO_DELIM = re.compile(f"(?s:.*)[{re.escape(_DELIMS)}]")
_DELIM = re.compile(f"[{re.escape(_DELIMS)}]")


def _subject(text: str, start: int, end: int, last_end: int) -> str:
    floor = max(last_end, start - 30)
    before = _UP_TO_DELIM.match(text, floor, start) if floor < start else None
    subject = _clean_subject(text[before.end() if before else floor : start])
    if not subject:
        stop = min(len(text), end + 14)
        after = _DELIM.search(text, end, stop) if end < stop else None
        subject = _clean_subject(text[end : after.start() if after else stop])
    return subject


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    s = max(text.rfind(c, 0, pos) for c in "。！？；\n") + 1
    ends = [e for e in (text.find(c, pos) for c in "。！？；\n") if e >= 0]
    return s, min(ends) if ends else len(text)


def check(doc: Doc, raws: list[RawFigure], sections: list[Section]) -> list[Finding]:
    findings: list[Finding] = []
    for r in raws:
        f = r.figure
        if r.mid and float(r.base).is_integer() and int(r.base) % 10 != 0:
            base = int(r.base)
            round_down = base - base % 10
            mult = r.mult
            sugg = f"{base}{mult}{f.unit}" + (f" 或 {round_down}余{mult}{f.unit}" if round_down else "")
            findings.append(
                doc.finding(
                    r.start,
                    r.end,
                    kind="figure",
                    severity="warning",
                    message=f"“{r.mid}”表示约数，应接在整十、整百等概数之后；“{base}”是确数，不宜加“{r.mid}”。",
                    suggestion=sugg,
                    rule="figure.approx_after_exact",
                )
            )
        if (
            f.unit == "%"
            and _RATE_SUBJECT.search(f.subject)
            and not _GROWTH.search(f.subject)
            and float(f.value) > 100
        ):
            findings.append(
                doc.finding(
                    r.start,
                    r.end,
                    kind="figure",
                    severity="error",
                    message=f"“{f.subject}”为{f.value}%，比率不可能超过100%。",
                    suggestion="核对分子和分母",
                    rule="figure.rate_over_100",
                )
            )
    findings.extend(_check_rates(doc, raws))
    findings.extend(_check_totals(doc, raws))
    findings.extend(_check_repeats(doc, raws, sections))
    findings.extend(_check_sparse(raws, sections))
    return findings


_FRACTION_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[/／]\s*(\d+(?:\.\d+)?)(?![\d.])")
_CLAUSE_STOP = "，,；;。！？\n"


def _rate_finding(doc: Doc, r: RawFigure, message: str, suggestion: str, severity: str) -> Finding:
    return doc.finding(
        r.start,
        r.end,
        kind="figure",
        severity=severity,
        message=message,
        suggestion=suggestion,
        rule="figure.rate_mismatch",
    )


def _check_rates(doc: Doc, raws: list[RawFigure]) -> list[Finding]:
    """A rate must agree with the numerator and denominator the sentence itself states.

    Only a pair the text determines is used: a fraction written beside the rate (94.8%（236/249）),
    or the two counts of one unit in the clauses right before it (受理50件，办结48件，办结率96%).
    When several counts could be meant and none fits, the finding says so and suggests nothing.
    """
    findings: list[Finding] = []
    text = doc.text
    for i, r in enumerate(raws):
        f = r.figure
        if f.unit != "%" or not _RATE_SUBJECT.search(f.subject) or _GROWTH.search(f.subject):
            continue
        rate = float(f.value)
        s, e = _sentence_bounds(text, r.start)
        # 1. A fraction written right beside the rate states the pair.
        window = text[r.end : min(e, r.end + 20)]
        m = _FRACTION_RE.search(window)
        if m and window[: m.start()].strip("（(：: ") == "":
            num, den = float(m.group(1)), float(m.group(2))
            if 0 < num <= den:
                want = 100 * num / den
                if abs(want - rate) > 0.06 + 0.5 * (rate.is_integer()):
                    findings.append(
                        _rate_finding(
                            doc,
                            r,
                            f"“{f.subject}”{f.value}%与括注的{m.group(1)}/{m.group(2)}不符（应为{want:.1f}%）。",
                            f"{want:.1f}%",
                            "warning",
                        )
                    )
            continue
        # 2. Otherwise the counts of the same sentence before the rate, nearest first.
        counts = [
            c
            for c in raws[:i]
            if c.start >= s and c.figure.unit not in ("%", "个百分点") and not c.figure.qualifier
        ]
        by_unit: dict[str, list[RawFigure]] = {}
        for c in counts:
            by_unit.setdefault(c.figure.unit, []).append(c)
        pairs = [
            (a.figure, b.figure)
            for group in by_unit.values()
            for a in group
            for b in group
            if a is not b and 0 < float(b.figure.value) <= float(a.figure.value)
        ]
        if not pairs:
            continue
        if any(abs(100 * float(b.value) / float(a.value) - rate) <= 0.6 for a, b in pairs):
            continue
        units = [u for u, g in by_unit.items() if len(g) >= 2]
        if len(units) == 1 and len(by_unit[units[0]]) == 2:
            big, small = sorted(by_unit[units[0]], key=lambda c: float(c.figure.value), reverse=True)
            want = 100 * float(small.figure.value) / float(big.figure.value)
            findings.append(
                _rate_finding(
                    doc,
                    r,
                    f"“{f.subject}”{f.value}%与同句数字不符：按{small.figure.value}/{big.figure.value}计算应为{want:.1f}%。",
                    f"{want:.1f}%",
                    "warning",
                )
            )
        else:
            findings.append(
                _rate_finding(
                    doc,
                    r,
                    f"“{f.subject}”{f.value}%与同句中的数字对不上，请核对分子和分母。",
                    "",
                    "info",
                )
            )
    return findings


_BREAKDOWN_RE = re.compile(r"[，,（(]?其中")


def _check_totals(doc: Doc, raws: list[RawFigure]) -> list[Finding]:
    findings: list[Finding] = []
    text = doc.text
    for i, r in enumerate(raws):
        if not _BREAKDOWN_RE.match(text, r.end, r.end + 3):
            continue
        _, sent_end = _sentence_bounds(text, r.end)
        parts: list[RawFigure] = []
        depth = 0
        pos = r.end
        for c in raws[i + 1 :]:
            if c.start >= sent_end:
                break
            segment = text[pos : c.start]
            depth += segment.count("（") + segment.count("(") - segment.count("）") - segment.count(")")
            pos = c.start
            opened_here = text[r.end : r.end + 1] in "（("
            if depth > (1 if opened_here else 0):
                continue  # a breakdown of a part, not of the total
            if c.figure.unit == r.figure.unit and not c.figure.qualifier:
                parts.append(c)
        total = float(r.figure.value)
        if len(parts) >= 1 and not r.figure.qualifier and sum(float(p.figure.value) for p in parts) > total:
            psum = sum(float(p.figure.value) for p in parts)
            findings.append(
                doc.finding(
                    r.start,
                    parts[-1].end,
                    kind="figure",
                    severity="warning",
                    message=f"分项之和（{psum:g}{r.figure.unit}）大于总数（{total:g}{r.figure.unit}），请核对。",
                    suggestion="核对总数与分项",
                    rule="figure.parts_exceed_total",
                )
            )
    return findings


def _section_of(pos: int, sections: list[Section]) -> str:
    for s in sections:
        if s.start <= pos < s.end:
            return s.key
    return ""


def _check_repeats(doc: Doc, raws: list[RawFigure], sections: list[Section]) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[tuple[str, str], RawFigure] = {}
    for r in raws:
        f = r.figure
        if _section_of(r.start, sections) == "next_year" or f.qualifier or len(f.subject) < 4:
            continue
        key = (f.subject, f.unit)
        first = seen.get(key)
        if first is None:
            seen[key] = r
        elif first.figure.value != f.value:
            findings.append(
                doc.finding(
                    r.start,
                    r.end,
                    kind="figure",
                    severity="warning",
                    message=f"同一数字前后不一致：第{first.figure.line}行“{f.subject}”为{first.figure.value}{f.unit}，此处为{f.value}{f.unit}。",
                    suggestion=f"统一为同一数值（{first.figure.value}{f.unit} 或 {f.value}{f.unit}）",
                    rule="figure.inconsistent_repeat",
                )
            )
    return findings


def _check_sparse(raws: list[RawFigure], sections: list[Section]) -> list[Finding]:
    # Work done in the year is reported in part 1 and, when it has its own heading, part 3.
    record = [s for s in sections if s.key in ("measures", "first_responsible")]
    if not any(s.key == "measures" for s in record):
        return []
    spans = [(s.start, s.end) for s in record]
    n = 0
    for r in raws:
        if any(a <= r.start < b for a, b in spans):
            n += 1
            if n >= 3:
                return []  # enough: counting the rest changes nothing
    return [
        Finding(
            kind="figure",
            severity="warning",
            excerpt="",
            message=f"“主要举措和成效”部分几乎没有数据（仅{n}处），成效应有数字支撑。",
            suggestion="补充反映工作量和成效的数据",
            line=0,
            rule="figure.sparse_measures",
            whole_document=True,
        )
    ]
