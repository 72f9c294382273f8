"""The PDF through LibreOffice, turned into PNG pages (poppler's pdftoppm) and read back."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from fazhi.background.models import BackgroundTask
from fazhi.reports import render
from fazhi.reports.models import PARTS

needs_tools = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice（soffice）或 poppler-utils（pdftoppm）未安装：apt-get install libreoffice-writer-nogui poppler-utils",
)


@needs_tools
def test_it_renders_a_pdf_with_the_five_parts(report, tmp_path):
    pdf = render.render(report, "pdf")
    assert pdf.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(tmp_path / "report.pdf"), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 2 <= len(pages) <= 12
    text = extract_text(io.BytesIO(pdf)).replace(" ", "").replace("\u3000", "").replace("\n", "")
    for title in PARTS.values():
        assert title in text
    assert "—1—" in text


def test_it_says_why_when_libreoffice_is_missing(report, monkeypatch):
    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    with pytest.raises(render.RenderUnavailable, match="未安装 LibreOffice"):
        render.render(report, "pdf")


def test_it_tells_how_to_enable_pdf_and_still_offers_the_docx(report, records, client, monkeypatch):
    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    client.force_login(records.clerk_a)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "apt-get install libreoffice-writer-nogui texlive-lang-chinese" in page
    assert f"/reports/{report.pk}/download.pdf" not in page
    docx = client.get(f"/reports/{report.pk}/download.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


FANDOL = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf")
needs_fonts = pytest.mark.skipif(
    not FANDOL.exists() or shutil.which("pdffonts") is None,
    reason="Fandol 字体未安装：apt-get install texlive-lang-chinese poppler-utils",
)


def pdf_fonts(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    # "ABCDEF+FandolFang-Regular  CID Type 0C ..." -> "FandolFang-Regular"
    return [line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()]


def faces_by_text(pdf: bytes) -> dict[str, set[str]]:
    """{line text: font names used in it} for every text line of the PDF."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    found: dict[str, set[str]] = {}

    def walk(item):
        if isinstance(item, LTTextLine):
            chars = [c for c in item if isinstance(c, LTChar) and c.get_text().strip()]
            text = "".join(c.get_text() for c in chars).replace(" ", "")
            if text:
                found.setdefault(text, set()).update(c.fontname.split("+")[-1] for c in chars)
        elif isinstance(item, LTTextContainer) or hasattr(item, "__iter__"):
            for child in item:
                walk(child)

    for page in extract_pages(io.BytesIO(pdf)):
        walk(page)
    return found


@needs_tools
@needs_fonts
def test_it_sets_the_pdf_in_faces_standing_in_for_the_official_fonts(report, tmp_path):
    pdf = render.render(report, "pdf")
    fonts = pdf_fonts(pdf, tmp_path)
    assert not [f for f in fonts if "Sans" in f or "JP" in f], fonts  # no sans fallback anywhere
    faces = faces_by_text(pdf)

    def face(prefix: str) -> set[str]:
        return next(v for k, v in faces.items() if k.startswith(prefix))

    assert face("甲镇人民政府关于") == {"FandolSong-Regular"}  # title: 方正小标宋简体
    assert face("一、主要举措和成效") == {"FandolHei-Regular"}  # 黑体
    assert face("（一）") == {"FandolKai-Regular"}  # 楷体_GB2312
    assert face("现将甲镇") == {"FandolFang-Regular"}  # body: 仿宋_GB2312


def test_it_makes_the_pdf_behind_a_progress_page_then_serves_it(
    report, records, client, monkeypatch, settings, tmp_path, run_tasks
):
    # LibreOffice itself is exercised above; here the conversion is a stand-in that counts calls.
    settings.VAR_DIR = tmp_path
    calls = []
    monkeypatch.setattr(render, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(render, "to_pdf", lambda docx: calls.append(len(docx)) or b"%PDF-1.7 stand-in")
    client.force_login(records.clerk_a)
    first = client.get(f"/reports/{report.pk}/download.pdf")
    assert first.status_code == 302 and first["Location"] == f"/reports/{report.pk}/pdf/"
    page = client.get(first["Location"]).content.decode()
    assert 'role="progressbar"' in page and 'hx-trigger="every 1s"' in page
    client.get(first["Location"])  # a reload shows the same task, it does not start another
    assert run_tasks() == 1
    task = BackgroundTask.objects.get(kind="pdf")
    made = client.get(f"/tasks/{task.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "PDF 已生成" in made and f'href="/reports/{report.pk}/download.pdf"' in made
    served = client.get(f"/reports/{report.pk}/download.pdf")
    assert served.status_code == 200 and served.content == b"%PDF-1.7 stand-in"
    assert served["Content-Disposition"].endswith(".pdf")
    assert client.get(f"/reports/{report.pk}/pdf/")["Location"] == f"/reports/{report.pk}/download.pdf"
    assert len(calls) == 1  # kept, not converted again
    # An edit makes the kept file stale: the next download goes through the progress page again.
    from fazhi.reports import editing

    p = report.sections.get(part=5).paragraphs.first()
    editing.save_paragraph(p, "无其他需要报告的情况。", records.clerk_a)
    assert client.get(f"/reports/{report.pk}/download.pdf").status_code == 302


def test_it_says_on_the_progress_page_when_the_conversion_fails(
    report, records, client, monkeypatch, settings, tmp_path, run_tasks
):
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(render, "soffice", lambda: "/usr/bin/soffice")

    def fail(docx):
        raise render.RenderUnavailable("LibreOffice 转换 PDF 失败，请稍后重试或下载 Word 版（.docx）")

    monkeypatch.setattr(render, "to_pdf", fail)
    client.force_login(records.clerk_a)
    page = client.get(f"/reports/{report.pk}/pdf/")
    run_tasks()
    task = BackgroundTask.objects.get(kind="pdf")
    shown = client.get(f"/tasks/{task.pk}/").content.decode()
    assert (
        page.status_code == 200
        and "处理失败：LibreOffice 转换 PDF 失败" in shown
        and "PDF 已生成" not in shown
    )
