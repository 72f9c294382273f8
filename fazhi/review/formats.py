"""Format checks: 发文字号 (GB/T 9704-2012 7.2.5), dates, and years in headings."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from .model import Finding, Heading
from .rules import load
from .structure import Section
from .text import Doc, scan

_DOC_NUMBER_RE = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,10}?(?:发|字|函|办|报|呈|请|复|便|电|通|令|决))\s*"
    r"(?P<open>[〔\[［【（(〈<{｛])\s*(?P<year>\d{2,4})\s*(?P<close>[〕\]］】）)〉>}｝])\s*"
    r"(?P<di>第?)\s*(?P<num>\d+)\s*号"
)
_DATE_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
_HEADING_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


# The bracketed year and number that close every match of _DOC_NUMBER_RE. Its opening (one
# to ten Chinese characters) would make the regex engine try the pattern at every Chinese
# character of a report; it is only tried just before one of these.
_DOC_NUMBER_CORE_RE = re.compile(_DOC_NUMBER_RE.pattern[_DOC_NUMBER_RE.pattern.index("(?P<open>") :])
_DOC_NUMBER_ORG_MAX = 10


def _doc_numbers(text: str) -> list[re.Match[str]]:
    """The matches of _DOC_NUMBER_RE.finditer(text). Every match ends with a core, cores never
    overlap (no closing bracket opens one), and a match starts at most ten characters and a run
    of blanks before its core: each core is searched for from there (and after the last match)."""
    out: list[re.Match[str]] = []
    last_end = 0
    for core in _DOC_NUMBER_CORE_RE.finditer(text):
        c = core.start()
        blank = c
        while blank > 0 and text[blank - 1].isspace():
            blank -= 1
        lo = max(last_end, blank - _DOC_NUMBER_ORG_MAX)
        m = _DOC_NUMBER_RE.search(text, lo, core.end())
        if m is not None:
            out.append(m)
            last_end = m.end()
    return out


def check_doc_numbers(doc: Doc) -> list[Finding]:
    findings: list[Finding] = []
    for m in _doc_numbers(doc.text):
        problems: list[str] = []
        if m.group("open") != "〔" or m.group("close") != "〕":
            problems.append("年份应使用六角括号“〔〕”")
        if len(m.group("year")) != 4:
            problems.append("年份应写全四位")
        if m.group("di"):
            problems.append("序号前不加“第”")
        if len(m.group("num")) > 1 and m.group("num").startswith("0"):
            problems.append("序号不编虚位（不加前导零）")
        if not problems:
            continue
        year = m.group("year") if len(m.group("year")) == 4 else f"20{m.group('year')[-2:]}"
        fixed = f"{m.group('org')}〔{year}〕{int(m.group('num'))}号"
        findings.append(
            doc.finding(
                m.start(),
                m.end(),
                kind="format",
                severity="error",
                message="发文字号格式不规范：" + "；".join(problems) + "（GB/T 9704-2012 第7.2.5条）。",
                suggestion=fixed,
                rule="format.doc_number",
            )
        )
    return findings


def check_dates(doc: Doc) -> list[Finding]:
    findings: list[Finding] = []
    for m in scan(_DATE_RE, doc.text):
        y, mo = int(m.group("y")), int(m.group("m"))
        day = int(m.group("d")) if m.group("d") else 1
        try:
            dt.date(y, mo, day)
        except ValueError:
            findings.append(
                doc.finding(
                    m.start(),
                    m.end(),
                    kind="format",
                    severity="error",
                    message=f"日期“{m.group(0)}”不存在，请核对。",
                    suggestion="",
                    rule="format.invalid_date",
                )
            )
    return findings


def check_heading_years(
    doc: Doc, headings: list[Heading], sections: list[Section], year: int | None
) -> list[Finding]:
    """A heading's year must be the report year, or the next year inside the plan part."""
    if year is None:
        return []
    findings: list[Finding] = []
    for h in headings:
        if h.level != 1:
            continue  # lower headings may name past years on purpose (2021年以来)
        section = next((s for s in sections if s.start <= h.start < s.end), None)
        expected = year + 1 if section is not None and section.key == "next_year" else year
        for m in _HEADING_YEAR_RE.finditer(h.text):
            found = int(m.group(1))
            if found == expected:
                continue
            start = h.start + m.start()
            findings.append(
                doc.finding(
                    start,
                    start + len(m.group(0)),
                    kind="format",
                    severity="error",
                    message=(
                        f"标题中的年份“{found}年”与报告年度不符："
                        + ("下一年度安排应为" if expected == year + 1 else "本部分应为")
                        + f"“{expected}年”。"
                    ),
                    suggestion=f"{expected}年",
                    rule="format.heading_year",
                )
            )
    return findings


# --- formats kept as data (rules/formats.json) -------------------------------------------

_DASH = r"[-—–－~～至]"


@lru_cache(maxsize=1)
def _formats() -> dict[str, Any]:
    return load("formats.json")


@lru_cache(maxsize=1)
def _document_re() -> re.Pattern[str]:
    names = "|".join(re.escape(d["name"]) for d in _formats()["documents"])
    return re.compile(
        rf"(?P<pre>《?)(?P<name>{names})\s*(?P<open>[（(]?)\s*(?P<y1>(?:19|20)\d{{2}})\s*"
        rf"(?P<dash>{_DASH}*)\s*(?P<y2>(?:19|20)\d{{2}})?\s*(?P<nian>年?)\s*(?P<close>[）)]?)"
    )


def check_documents(doc: Doc) -> list[Finding]:
    """National plans: the year range each was issued for, with its dash and both brackets."""
    findings: list[Finding] = []
    text = doc.text
    years = {d["name"]: d["years"] for d in _formats()["documents"]}
    for m in scan(_document_re(), text):
        y1, y2 = m.group("y1"), m.group("y2")
        problems: list[str] = []
        if not m.group("open"):
            problems.append("年份前缺少左括号")
        if y2 is None and len(m.group("y1")) == 4 and text[m.end("y1") : m.end("y1") + 4].isdigit():
            y2 = text[m.end("y1") : m.end("y1") + 4]
        if y2 is None:
            continue  # 纲要2021年的落实: a year after the name, not a range
        if not m.group("dash"):
            problems.append("起止年份之间缺少连接号")
        if not m.group("close"):
            problems.append("年份后缺少右括号")
        # A place before the name makes it a local plan, which may run over other years.
        local = not m.group("pre") and re.search(
            r"(?:[省市州县区旗镇乡]|街道)$", text[max(0, m.start() - 2) : m.start()]
        )
        right = years[m.group("name")]
        wrong_years = bool(right) and not local and f"{y1}—{y2}" not in right
        if wrong_years:
            problems.append(f"年份应为“{right[0]}年”")
        if not problems:
            continue
        range_ = right[0] if wrong_years else f"{y1}—{y2}"
        end = m.end()
        findings.append(
            doc.finding(
                m.start("name"),
                end,
                kind="format" if not wrong_years else "formulation",
                severity="error",
                message=f"文件名称“{m.group('name')}”的年份写法有误：" + "；".join(problems) + "。",
                suggestion=f"{m.group('name')}（{range_}年）",
                rule="format.document_title" if not wrong_years else "formulation.document_years",
            )
        )
    return findings


@lru_cache(maxsize=1)
def _session_re() -> re.Pattern[str]:
    names = "|".join(re.escape(s["name"]) for s in _formats()["sessions"])
    return re.compile(rf"(?:党的)?(?P<name>{names})")


def check_sessions(doc: Doc, year: int | None) -> list[Finding]:
    """A congress or plenary session cited in a report on a year before it met."""
    if year is None:
        return []
    met = {s["name"]: (s["year"], s["month"]) for s in _formats()["sessions"]}
    findings: list[Finding] = []
    for m in scan(_session_re(), doc.text):
        y, mo = met[m.group("name")]
        # A report is written in the first quarter of the next year and may cite what met then.
        if (y, mo) <= (year + 1, 3):
            continue
        findings.append(
            doc.finding(
                m.start(),
                m.end(),
                kind="formulation",
                severity="error",
                message=f"{m.group('name')}于{y}年{mo}月召开，{year}年度的报告不可能引用。",
                suggestion="",
                rule="formulation.session_too_early",
            )
        )
    return findings


@lru_cache(maxsize=1)
def _day_re() -> re.Pattern[str]:
    forms = []
    for d in _formats()["days"]:
        mo, day = d["form"].split("·")
        forms.append(rf"{mo}[·.．•・]{day}")
    return re.compile(rf"(?<![\d.．])(?P<q>[“\"]?)(?P<day>{'|'.join(forms)})(?![\d.．])")


def check_day_names(doc: Doc) -> list[Finding]:
    """Festival and theme days are written one way (3·15, 12·4); a report that mixes 4.15 with
    3·15 has one of them wrong."""
    text = doc.text
    names = {d["form"]: d["names"] for d in _formats()["days"]}
    hits = []
    for m in scan(_day_re(), text):
        day = m.group("day")
        form = re.sub(r"[·.．•・]", "·", day)
        quoted = bool(m.group("q")) and text[m.end() : m.end() + 1] in '”"'
        named = re.match(rf"[”\"]?\s*(?:全民|全国|国际|世界)?(?:{names[form]})", text[m.end() : m.end() + 12])
        if quoted or named:
            hits.append((m.start("day"), m.end("day"), day, form))
    dotted = [h for h in hits if h[2] != h[3]]
    if not dotted or len(dotted) == len(hits):
        return []  # one way throughout
    return [
        doc.finding(
            s,
            e,
            kind="format",
            severity="warning",
            message=f"节日、主题日写法前后不一致：应与本文其他处一样写作“{form}”（间隔号）。",
            suggestion=form,
            rule="format.day_name",
        )
        for s, e, _day, form in dotted
    ]


_BROKEN_MARKER_RE = re.compile(
    r"^(?:(?P<noopen>[一二三四五六七八九十]{1,3}[)）])"
    r"|(?P<noclose>[（(][一二三四五六七八九十]{1,3})(?=[\s\u4e00-\u9fff])(?![一二三四五六七八九十]*[)）]))",
    re.M,
)


def check_heading_markers(doc: Doc) -> list[Finding]:
    """A heading marker missing one of its brackets: 一)纵深推进, （二纵深推进."""
    import rjieba

    findings: list[Finding] = []
    text = doc.text
    for m in scan(_BROKEN_MARKER_RE, text):
        marker = m.group(0)
        if m.group("noclose"):
            line_end = text.find("\n", m.end())
            line = text[m.start() : line_end if line_end != -1 else len(text)]
            if ")" in line or "）" in line:
                continue  # (一般……) is a bracketed remark, not a heading
            if len(rjieba.cut(text[m.start() + 1 : m.start() + 6], False)[0]) > len(marker) - 1:
                continue  # （一般: the numeral starts a word
        marker = m.group(0)
        num = marker.strip("（()） ")
        findings.append(
            doc.finding(
                m.start(),
                m.end(),
                kind="format",
                severity="error",
                message=f"层次序号“{marker}”缺少{'左' if m.group('noopen') else '右'}括号，应为“（{num}）”。",
                suggestion=f"（{num}）",
                rule="format.heading_marker",
            )
        )
    return findings
