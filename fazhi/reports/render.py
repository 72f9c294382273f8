"""Rendering a report version to .docx, PDF (through LibreOffice) or HTML, from one document model."""

import html
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from fazhi.reports import document, render_docx
from fazhi.reports.models import Report

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
SOFFICE_TIMEOUT = 180
# Maps the official fonts named in the .docx to open faces for the PDF (see the file's comment).
FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
# What a user is told when the server cannot make PDFs: the .docx still downloads.
ENABLE_PDF = (
    "本服务器未安装 LibreOffice，暂时不能生成 PDF；Word 版（.docx）可以正常下载。"
    "如需 PDF，请系统管理员执行：apt-get install libreoffice-writer-nogui texlive-lang-chinese，"
    "安装后无需重启即可生成。"
)


class RenderUnavailable(Exception):
    """The format cannot be produced on this server; the message says why, in Chinese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def heavy_title(docx: bytes) -> bytes:
    """The .docx with every run set in the title face (方正小标宋简体: the title, the 发文机关标志)
    marked bold, for the PDF only. The open stand-in for 小标宋 is a light Song, far thinner than
    the real face; LibreOffice emboldens it, so the title reads as the heavy title GB/T 9704 wants.
    The .docx users download is unchanged: with the real font, Word and WPS need no bold."""
    face = f'w:eastAsia="{render_docx.TITLE_FONT}"'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                # <w:rFonts … w:eastAsia="方正小标宋简体" …/> then <w:b w:val="0"/> (or no w:b):
                # bold follows rFonts in the schema's order of run properties.
                xml = re.sub(
                    r"(<w:rFonts [^>]*"
                    + re.escape(face)
                    + r"[^>]*/>)(?:<w:b [^>]*/>|<w:b/>)?(?:<w:bCs[^>]*/>)?",
                    r"\1<w:b/><w:bCs/>",
                    xml,
                )
                data = xml.encode("utf-8")
            dst.writestr(item, data)
    return out.getvalue()


def to_pdf(docx: bytes) -> bytes:
    binary = soffice()
    if binary is None:
        raise RenderUnavailable(ENABLE_PDF)
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(heavy_title(docx))
        # Its own profile directory: two conversions at once would otherwise share (and lock) one.
        profile = Path(tmp) / "profile"
        try:
            subprocess.run(  # noqa: S603  fixed arguments, no shell
                [
                    binary,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                check=True,
                capture_output=True,
                timeout=SOFFICE_TIMEOUT,
                env={**os.environ, "HOME": tmp, "FONTCONFIG_FILE": str(FONTS_CONF)},
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise RenderUnavailable("LibreOffice 转换 PDF 失败，请稍后重试或下载 Word 版（.docx）") from exc
        out = Path(tmp) / "report.pdf"
        if not out.exists():
            raise RenderUnavailable("LibreOffice 没有生成 PDF，请下载 Word 版（.docx）")
        return out.read_bytes()


CSS = """
.gw-page{background:#fff;max-width:210mm;margin:0 auto;padding:37mm 26mm 35mm 28mm;box-shadow:0 0 6px rgba(0,0,0,.2);
 font-family:"仿宋_GB2312","FangSong","STFangsong","FandolFang","Noto Serif CJK SC",serif;font-size:16pt;line-height:28.95pt;color:#000}
.gw-page p{margin:0;text-indent:2em;text-align:justify}
.gw-issuer{color:#e60012;font-family:"方正小标宋简体","FandolSong","Noto Serif CJK SC",serif;font-size:30pt;text-align:center;line-height:60pt}
.gw-number{display:flex;justify-content:space-between;padding:0 1em 6pt 1em;border-bottom:2px solid #e60012;padding-bottom:6pt;margin-bottom:28pt!important;text-indent:0!important}
.gw-title{font-family:"方正小标宋简体","FandolSong","Noto Serif CJK SC",serif;font-size:22pt;text-align:center!important;text-indent:0!important;margin:28pt 0!important}
.gw-to{font-size:14pt;text-indent:0!important}
.gw-part{font-family:"黑体","SimHei","FandolHei","Noto Sans CJK SC",sans-serif}
.gw-section,.gw-signer{font-family:"楷体_GB2312","KaiTi","FandolKai","Noto Serif CJK SC",serif}
.gw-sign{text-align:right!important;padding-right:2em}.gw-date{text-align:right!important;padding-right:4em}
.gw-imprint{margin-top:28pt;border-top:1px solid #000;border-bottom:1px solid #000;font-size:14pt}
.gw-imprint p{text-indent:0;padding:0 1em}.gw-imprint .gw-print{display:flex;justify-content:space-between;border-top:1px solid #000}
.gw-fig{background:#fff3cd;border-radius:3px;padding:0 2px}
"""


def to_html(doc: document.Document, figures_marked: bool = True) -> str:
    """The preview fragment: the page as it will print, figures marked with their indicator."""
    e = html.escape
    out = [
        f'<div class="gw-page"><p class="gw-issuer">{e(doc.issuer)}文件</p>',
        f'<p class="gw-number"><span>{e(doc.doc_number)}</span>'
        f'<span>签发人：<span class="gw-signer">{e(doc.signer) or "&#12288;" * 3}</span></span></p>',
        f'<p class="gw-title">{"<br>".join(e(line) for line in doc.title_lines)}</p>',
        f'<p class="gw-to">{e(doc.recipients)}：</p>',
        f"<p>{e(doc.preamble)}</p>",
    ]
    for block in doc.blocks:
        parts = []
        for s in block.segments:
            if s.code and figures_marked:
                parts.append(
                    f'<span class="gw-fig" data-code="{e(s.code)}" title="{e(s.code)}">{e(s.text)}</span>'
                )
            else:
                parts.append(e(s.text))
        out.append(f'<p class="gw-{block.kind}">{"".join(parts)}</p>')
    out += [
        f'<p class="gw-sign" style="margin-top:56pt">{e(doc.issuer)}</p>',
        f'<p class="gw-date">{e(doc.date_text)}</p>',
        '<div class="gw-imprint">',
        f"<p>抄送：{e(doc.cc)}。</p>" if doc.cc else "",
        f'<p class="gw-print"><span>{e(doc.printer)}</span><span>{e(doc.printed_text)}</span></p></div></div>',
    ]
    return "".join(out)


def standalone_html(doc: document.Document) -> str:
    return (
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
        f"<title>{html.escape(doc.title)}</title><style>body{{background:#eee;padding:1em}}{CSS}</style></head>"
        f"<body>{to_html(doc, figures_marked=False)}</body></html>"
    )


def pdf_path(report: Report) -> str:
    """Where the PDF of this state of the report is kept in the default storage (shared by every
    app server and worker): a new edit or step makes a new file."""
    stamp = f"{report.updated_at:%Y%m%d%H%M%S%f}-{report.state}-{report.issued_on or ''}"
    return f"renders/report-{report.pk}-v{report.version}-{stamp}.pdf"


def cached_pdf(report: Report) -> bytes | None:
    from django.core.files.storage import default_storage

    name = pdf_path(report)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as fh:
        return fh.read()


def make_pdf(report: Report) -> bytes:
    """Renders the PDF once and keeps it, so the download after the progress page is instant."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    cached = cached_pdf(report)
    if cached is not None:
        return cached
    pdf = render(report, "pdf")
    name = pdf_path(report)
    if not default_storage.exists(name):  # another worker may have made it meanwhile
        default_storage.save(name, ContentFile(pdf))
    return pdf


def render(report: Report, fmt: str) -> bytes:
    doc = document.build(report)
    if fmt == "docx":
        return render_docx.render(doc)
    if fmt == "pdf":
        return to_pdf(render_docx.render(doc))
    if fmt == "html":
        return standalone_html(doc).encode()
    raise ValueError(f"unknown format {fmt}")


def filename(report: Report, fmt: str) -> str:
    return f"{report.org.name}{report.year}年度法治政府建设情况报告-第{report.version}版.{fmt}"
