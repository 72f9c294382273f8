"""Format checks: 发文字号 (GB/T 9704-2012 7.2.5), dates, and years in headings."""

from __future__ import annotations

import datetime as dt
import re

from .model import Finding, Heading
from .structure import Section
from .text import Doc

_DOC_NUMBER_RE = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,10}?(?:发|字|函|办|报|呈|请|复|便|电|通|令|决))\s*"
    r"(?P<open>[〔\[［【（(〈<{｛])\s*(?P<year>\d{2,4})\s*(?P<close>[〕\]］】）)〉>}｝])\s*"
    r"(?P<di>第?)\s*(?P<num>\d+)\s*号"
)
_DATE_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
_HEADING_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


def check_doc_numbers(doc: Doc) -> list[Finding]:
    findings: list[Finding] = []
    for m in _DOC_NUMBER_RE.finditer(doc.text):
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
    for m in _DATE_RE.finditer(doc.text):
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
