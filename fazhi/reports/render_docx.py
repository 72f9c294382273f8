"""The report as an official document (.docx) per GB/T 9704-2012 (domain.md §4).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a 22-line × 28-character grid; title
2号 方正小标宋简体, body 3号 仿宋_GB2312, "一、" 3号 黑体, "（一）" 3号 楷体_GB2312; 主送, 抄送 and the
印发 line 4号 仿宋; page numbers "— 1 —" 4号 宋体, odd pages right and even pages left. The fonts are
named in the file (East Asian names through w:rFonts/@w:eastAsia); Word or WPS supplies them."""

import datetime as dt
import io

from docx import Document as Docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from fazhi.reports.document import Document

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
SIZE_2 = Pt(22)  # 2号
SIZE_3 = Pt(16)  # 3号
SIZE_4 = Pt(14)  # 4号
RED = RGBColor(0xE6, 0x00, 0x12)

PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
LINES, CHARS = 22, 28
TWIPS_PER_MM = 1440 / 25.4
# The type area divided into the grid: 225 mm / 22 lines, 156 mm / 28 characters.
LINE_PITCH = int((297 - 37 - 35) * TWIPS_PER_MM / LINES)  # twips, rounded down so 22 lines fit
CHAR_PITCH_PT = (210 - 28 - 26) * TWIPS_PER_MM / CHARS / 20
# w:charSpace is the difference to the body font size, in 1/4096 of a point.
CHAR_SPACE = int((CHAR_PITCH_PT - 16) * 4096)
# LibreOffice puts a 16 pt glyph into two cells of a 15.8 pt character grid (Word compresses it
# into one), so the PDF would have 14 characters a line. The grid is therefore a line grid, and
# 3号 text is condensed by 0.25 pt, which gives 28 characters a line in Word, WPS and LibreOffice
# alike; the intended character pitch stays recorded in w:charSpace.
CONDENSE_TWENTIETHS = -5
LINE_SPACING = Pt(LINE_PITCH / 20)


def _font(run, name: str, size, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    if size == SIZE_3:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CONDENSE_TWENTIETHS))
        rpr.append(spacing)


def _para(doc, text: str = "", font=BODY_FONT, size=SIZE_3, align=None, indent_chars: float = 0, **kw):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False  # official documents fill every line of the grid
    if align is not None:
        p.alignment = align
    if indent_chars:
        fmt.first_line_indent = Pt(16 * indent_chars)
    if text:
        _font(p.add_run(text), font, size, **kw)
    return p


def _rule(p, color: str = "E60012", size: int = 12) -> None:
    """A line under a paragraph (the red line under the issuer, the rules of the 版记)."""
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in {"w:val": "single", "w:sz": str(size), "w:space": "1", "w:color": color}.items():
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)


def _page_number(paragraph) -> None:
    _font(paragraph.add_run("— "), PAGE_FONT, SIZE_4)
    run = paragraph.add_run()
    _font(run, PAGE_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "1":
            el = OxmlElement("w:t")
            el.text = "1"
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    _font(paragraph.add_run(" —"), PAGE_FONT, SIZE_4)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = Mm(28 - 7 - 10)  # page number 7 mm under the type area
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    # The grid's character pitch is counted from the document default size: make it 3号.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), "32")
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]  # a theme font would override the named one
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rfonts.set(qn(attr), BODY_FONT)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = SIZE_4  # 空一字
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = SIZE_4
    _page_number(even)


def _heading(doc, document: Document) -> None:
    """版头 of an upward report (GB/T 9704 7.2.6): the 发文字号 one character from the left and
    "签发人：" with the name (楷体) one character from the right, on one line above the red rule."""
    _para(
        doc, document.issuer + "文件", TITLE_FONT, Pt(36), WD_ALIGN_PARAGRAPH.CENTER, color=RED
    ).paragraph_format.line_spacing = Pt(60)
    _para(doc)
    line = _para(doc)
    line.paragraph_format.left_indent = line.paragraph_format.right_indent = SIZE_3
    line.paragraph_format.tab_stops.add_tab_stop(PAGE_W - LEFT - RIGHT - 2 * SIZE_3, WD_TAB_ALIGNMENT.RIGHT)
    _font(line.add_run(document.doc_number + "\t签发人："), BODY_FONT, SIZE_3)
    # Before signing off the name is left open for the leader to write in.
    _font(line.add_run(document.signer or "\u3000" * 3), H2_FONT, SIZE_3)
    _rule(line)
    _para(doc)


def _title(doc, document: Document) -> None:
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    for n, text in enumerate(document.title_lines):
        run = p.add_run(text)
        _font(run, TITLE_FONT, SIZE_2)
        if n < len(document.title_lines) - 1:
            run.add_break()


def _keep_with_next(paragraphs) -> None:
    """The 落款 never stands alone on a page (GB/T 9704 7.3.5.1): the last lines of the text, the
    signature, the date and the 版记 move to a new page together."""
    for p in paragraphs:
        p.paragraph_format.keep_with_next = True


def _properties(doc, document: Document) -> None:
    props = doc.core_properties
    props.title = document.title
    props.author = props.last_modified_by = document.org_name or document.issuer
    props.subject = "法治政府建设情况报告"
    props.category = "公文"
    props.keywords = "法治政府建设;年度报告"
    props.comments = document.doc_number
    props.language = "zh-CN"
    props.revision = 1
    utc = dt.UTC
    if document.created is not None:
        props.created = document.created.astimezone(utc).replace(tzinfo=None)
    if document.modified is not None:
        props.modified = document.modified.astimezone(utc).replace(tzinfo=None)


def render(document: Document) -> bytes:
    doc = Docx()
    _setup(doc)
    _properties(doc, document)
    _heading(doc, document)
    _title(doc, document)
    _para(doc)
    _para(doc, f"{document.recipients}：", BODY_FONT, SIZE_4)
    _para(doc, document.preamble, indent_chars=2)
    last = None
    for block in document.blocks:
        if block.kind == "part":
            last = _para(doc, block.text, H1_FONT, SIZE_3, indent_chars=2)
        elif block.kind == "section":
            last = _para(doc, block.text, H2_FONT, SIZE_3, indent_chars=2)
        else:
            last = _para(doc, block.text, BODY_FONT, SIZE_3, indent_chars=2)
    if last is not None:
        # At least two lines of the last paragraph go with the signature.
        last.paragraph_format.widow_control = True
    tail = [last] if last is not None else []
    tail += [_para(doc), _para(doc)]
    signer = _para(doc, document.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signer.paragraph_format.right_indent = Pt(16 * 2)
    dated = _para(doc, document.date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    dated.paragraph_format.right_indent = Pt(16 * 4)  # 成文日期右空四字
    tail += [signer, dated, _para(doc)]
    tail += _imprint(doc, document)
    _keep_with_next(tail[:-1])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _imprint(doc, document: Document) -> list:
    """The 版记: 抄送 and the 印发机关 with the 印发日期, between rules, 4号 仿宋."""
    top = _para(doc)
    _rule(top, "000000", 8)
    lines = [top]
    if document.cc:
        cc = _para(doc, f"抄送：{document.cc}。", BODY_FONT, SIZE_4)
        cc.paragraph_format.left_indent = cc.paragraph_format.right_indent = SIZE_4
        _rule(cc, "000000", 4)
        lines.append(cc)
    line = _para(doc, "", BODY_FONT, SIZE_4)
    line.paragraph_format.left_indent = line.paragraph_format.right_indent = SIZE_4
    width = PAGE_W - LEFT - RIGHT - 2 * SIZE_4
    line.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    _font(line.add_run(f"{document.printer}\t{document.printed_text}"), BODY_FONT, SIZE_4)
    _rule(line, "000000", 8)
    return [*lines, line]
