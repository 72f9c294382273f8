"""The .docx read back with python-docx: GB/T 9704-2012 page, grid, fonts and sizes."""

import io
import re

from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.reports import render
from fazhi.reports.models import PARTS

DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,12}〔20\d{2}〕[1-9]\d*号$")


def east_asian(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def read(report):
    return Docx(io.BytesIO(render.render(report, "docx")))


def paragraph(doc, text):
    return next(p for p in doc.paragraphs if p.text == text)


def test_it_sets_up_an_a4_page_with_the_standard_margins_and_grid(report):
    doc = read(report)
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)
    assert abs(s.top_margin - Mm(37)) < Mm(0.1)
    assert abs(s.bottom_margin - Mm(35)) < Mm(0.1)
    assert abs(s.left_margin - Mm(28)) < Mm(0.1)
    assert abs(s.right_margin - Mm(26)) < Mm(0.1)
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    # 22 lines in the 225 mm type area, 28 characters of 3号 in its 156 mm width.
    line_pitch_mm = int(grid.get(qn("w:linePitch"))) / 1440 * 25.4
    assert abs(line_pitch_mm * 22 - 225) < 0.5
    char_pt = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert abs(char_pt * 28 / 72 * 25.4 - 156) < 0.5


def test_it_uses_the_official_fonts_and_sizes(report):
    doc = read(report)
    title = paragraph(doc, report.title)
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert title.alignment == 1  # centred
    heading = paragraph(doc, "一、主要举措和成效")
    assert east_asian(heading.runs[0]) == "黑体" and heading.runs[0].font.size == Pt(16)
    sub = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert east_asian(sub.runs[0]) == "楷体_GB2312" and sub.runs[0].font.size == Pt(16)
    body = next(p for p in doc.paragraphs if p.text.startswith("坚持把学法"))
    assert east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    item = next(p for p in doc.paragraphs if re.match(r"^1\.", p.text))
    assert east_asian(item.runs[0]) == "仿宋_GB2312"
    to = paragraph(doc, "县委、县政府：")
    assert east_asian(to.runs[0]) == "仿宋_GB2312" and to.runs[0].font.size == Pt(14)
    cc = next(p for p in doc.paragraphs if p.text.startswith("抄送："))
    assert cc.runs[0].font.size == Pt(14)
    printed = next(p for p in doc.paragraphs if p.text.endswith("印发"))
    assert printed.text.startswith(report.printer) and printed.runs[0].font.size == Pt(14)


def test_it_numbers_the_pages_in_the_footer(report):
    doc = read(report)
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml
    assert east_asian(footer.runs[0]) == "宋体" and footer.runs[0].font.size == Pt(14)
    assert doc.sections[0].even_page_footer.paragraphs[0].text == footer.text


def test_it_puts_the_five_parts_in_order_and_a_proper_doc_number(report):
    doc = read(report)
    texts = [p.text for p in doc.paragraphs]
    positions = [texts.index(f"{n}、{t}") for n, t in zip("一二三四五", PARTS.values(), strict=True)]
    assert positions == sorted(positions)
    number = texts[texts.index(f"{report.issuer}文件") + 2]
    assert DOC_NUMBER.match(number), number
    assert "第" not in number and "〔2026〕" in number
    assert paragraph(doc, number).alignment == 1
