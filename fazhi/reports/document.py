"""One document model of a report version, from which .docx, PDF and HTML are all rendered.

Figures are resolved here: each `{{code}}` becomes the value stored with its paragraph (the value
the people editing and signing saw); the code is kept beside the text for the HTML preview."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from fazhi.indicators import narrative
from fazhi.reports import editing
from fazhi.reports.models import PART_NUMERALS, PARTS, Paragraph, Report

# Parts whose paragraphs are numbered "1." "2." when there is more than one.
NUMBERED_PARTS = {2, 4}


@dataclass
class Segment:
    text: str
    code: str = ""  # the indicator a figure refers to, "" for plain text


@dataclass
class Block:
    kind: str  # "part" (一、), "section" (（一）), "item" (1.), "para"
    segments: list[Segment]
    paragraph_id: int | None = None

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass
class Document:
    issuer: str
    doc_number: str
    title: str
    recipients: str
    preamble: str
    blocks: list[Block]
    date_text: str
    cc: str
    printer: str
    printed_text: str
    figures: dict[tuple[int, str], str] = field(default_factory=dict)
    signer: str = ""
    org_name: str = ""
    created: dt.datetime | None = None
    modified: dt.datetime | None = None

    @property
    def title_lines(self) -> list[str]:
        return title_lines(self.title)

    @property
    def text(self) -> str:
        """Plain text in reading order, for the review engine and text checks."""
        lines = [self.issuer, self.doc_number, self.title, f"{self.recipients}：", self.preamble]
        lines += [b.text for b in self.blocks]
        lines += [self.issuer, self.date_text]
        return "\n".join(line for line in lines if line)


# A 2号 title fills at most 20 characters of the 156 mm type area; a longer one is broken where a
# phrase ends, into lines as even as possible (GB/T 9704 7.3.3: 词意完整，排列对称，长短适宜).
TITLE_WIDTH = 20
PHRASE_ENDS = ("关于", "年度", "的", "和", "、")


def _width(text: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def title_lines(title: str, width: int = TITLE_WIDTH) -> list[str]:
    if _width(title) <= width:
        return [title]
    cuts = set()
    for word in PHRASE_ENDS:
        start = 0
        while (i := title.find(word, start)) >= 0:
            cuts.add(i + len(word))
            if word == "关于":
                cuts.add(i)  # the issuer's name ends before "关于"
            start = i + 1
    fitting = [c for c in cuts if 0 < c < len(title) and max(_width(title[:c]), _width(title[c:])) <= width]
    if not fitting:
        cut = next(i for i in range(len(title), 0, -1) if _width(title[:i]) <= width)
        return [title[:cut], *title_lines(title[cut:], width)]
    cut = min(fitting, key=lambda c: (abs(_width(title[:c]) - _width(title[c:])), -c))
    return [title[:cut], title[cut:]]


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def segments(text: str, values: dict[str, str]) -> list[Segment]:
    result, pos = [], 0
    for m in narrative.TOKEN.finditer(text):
        if m.start() > pos:
            result.append(Segment(text[pos : m.start()]))
        code = m.group(1)
        result.append(Segment(values.get(code, m.group(0)), code))
        pos = m.end()
    if pos < len(text):
        result.append(Segment(text[pos:]))
    return result


def build(report: Report) -> Document:
    paragraphs = list(
        Paragraph.objects.filter(section__report=report)
        .select_related("section")
        .order_by("section__part", "section__order", "section__id", "order", "id")
    )
    by_section: dict[int, list[Paragraph]] = {}
    sections = {}
    for p in paragraphs:
        by_section.setdefault(p.section_id, []).append(p)
        sections[p.section_id] = p.section
    blocks: list[Block] = []
    figures: dict[tuple[int, str], str] = {}
    sub = 0
    for part in PARTS:
        blocks.append(Block("part", [Segment(f"{PART_NUMERALS[part]}、{PARTS[part]}")]))
        part_sections = [s for s in sections.values() if s.part == part]
        part_paragraphs = [p for s in part_sections for p in by_section[s.pk]]
        numbered = part in NUMBERED_PARTS and len([p for p in part_paragraphs if p.origin != "causes"]) > 1
        n = 0
        for section in part_sections:
            if section.title:
                sub += 1
                blocks.append(Block("section", [Segment(f"（{_numeral(sub)}）{section.title}")]))
            for p in by_section[section.pk]:
                segs = segments(p.text, p.values)
                for s in segs:
                    if s.code:
                        figures[(p.pk, s.code)] = s.text
                # The closing analysis of the shortcomings' causes is not one more shortcoming.
                item = numbered and p.origin != "causes"
                if item:
                    n += 1
                    segs.insert(0, Segment(f"{n}."))
                blocks.append(Block("item" if item else "para", segs, p.pk))
        if part == 1:
            sub = 0
    day = report.issued_on or timezone.localdate()
    printed = report.printed_on or day
    org_name = report.org.name
    return Document(
        issuer=report.issuer,
        # The year of issue: a draft shows the year it would be signed in today.
        doc_number=editing.with_year(report.doc_number, day.year),
        title=report.title,
        recipients=report.recipients,
        preamble=f"现将{org_name}{report.year}年度法治政府建设情况报告如下。",
        blocks=blocks,
        date_text=chinese_date(day),
        cc=report.cc,
        printer=report.printer,
        printed_text=f"{chinese_date(printed)}印发",
        figures=figures,
        signer=report.signer,
        org_name=org_name,
        created=report.created_at,
        modified=report.updated_at,
    )


NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")
