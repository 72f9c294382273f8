"""The PDF through LibreOffice, turned into PNG pages (poppler's pdftoppm) and read back."""

import io
import shutil
import subprocess

import pytest
from pdfminer.high_level import extract_text

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
    text = extract_text(io.BytesIO(pdf)).replace(" ", "").replace("\n", "")
    for title in PARTS.values():
        assert title in text
    assert "—1—" in text


def test_it_says_why_when_libreoffice_is_missing(report, monkeypatch):
    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    with pytest.raises(render.RenderUnavailable, match="未安装 LibreOffice"):
        render.render(report, "pdf")
