"""The PDF's title is heavy: the open stand-in for 方正小标宋简体 is a light Song, so the copy
LibreOffice converts marks the runs in the title face bold; the .docx users download is unchanged,
and no other run is touched."""

import io
import re
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi.reports import render, render_docx


def docx_with(*runs) -> bytes:
    doc = Document()
    for face, size, text in runs:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        render_docx._font(p.add_run(text), face, size)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def run_properties(docx: bytes) -> dict[str, str]:
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    return {text: props for props, text in re.findall(r"<w:rPr>(.*?)</w:rPr><w:t[^>]*>(.*?)</w:t>", xml)}


def test_the_title_runs_are_bold_in_the_copy_converted_to_pdf_only():
    original = docx_with(
        (render_docx.TITLE_FONT, render_docx.SIZE_2, "甲镇人民政府关于2025年度法治政府建设情况的报告"),
        ("黑体", render_docx.SIZE_3, "一、主要举措和成效"),
        ("仿宋_GB2312", render_docx.SIZE_3, "现将有关情况报告如下。"),
    )
    before = run_properties(original)
    after = run_properties(render.heavy_title(original))
    title = "甲镇人民政府关于2025年度法治政府建设情况的报告"
    assert '<w:b w:val="0"/>' in before[title]
    assert "<w:b/><w:bCs/>" in after[title] and 'w:val="0"' not in after[title].split("<w:sz")[0]
    # bold follows the fonts, as the schema orders run properties
    assert after[title].index("<w:rFonts") < after[title].index("<w:b/>")
    for other in ("一、主要举措和成效", "现将有关情况报告如下。"):
        assert after[other] == before[other]
    assert render.heavy_title(render.heavy_title(original)) == render.heavy_title(original)
