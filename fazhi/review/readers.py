"""Reading report files of the kinds townships actually send: .txt, .docx, .pdf, .doc/.wps."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .model import ReviewInputError

SUPPORTED = (".txt", ".docx", ".pdf", ".doc", ".wps")


def decode_bytes(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030, else a guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312, the encodings Chinese Windows saves in.
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("gb18030", errors="replace")


def read_docx(path: Path) -> str:
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for damaged files
        raise ReviewInputError(
            f"无法读取 Word 文件“{path.name}”：文件已损坏或不是 .docx 格式（{exc}）。"
        ) from exc
    lines: list[str] = []
    # Walk the body in document order so tables stay where the author put them.
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    if cell.text not in cells:  # merged cells repeat their text
                        cells.append(cell.text)
                lines.append("\t".join(cells))
    return "\n".join(lines)


def read_pdf(path: Path) -> str:
    from pdfminer.high_level import extract_text

    try:
        text: str = extract_text(str(path))
    except Exception as exc:  # pdfminer raises many parser-specific types
        raise ReviewInputError(f"无法读取 PDF 文件“{path.name}”：{exc}") from exc
    if not text.strip():
        raise ReviewInputError(
            f"PDF 文件“{path.name}”没有文字层（可能是扫描件），请提供可复制文字的 PDF 或 Word 文件。"
        )
    return text


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_word(path: Path) -> str:
    """Convert .doc/.wps to .docx with LibreOffice, then read that."""
    binary = soffice_binary()
    if binary is None:
        raise ReviewInputError(
            f"无法读取“{path.name}”：读取 .doc/.wps 文件需要 LibreOffice，本机未安装。"
            "请安装 LibreOffice，或在 WPS/Word 中将文件另存为 .docx 后再提交审查。"
        )
    with tempfile.TemporaryDirectory(prefix="fazhi-review-") as tmp:
        # A private profile dir lets conversions run beside a user's open LibreOffice.
        profile = Path(tmp, "profile").as_uri()
        cmd = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(path),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=180)  # noqa: S603 - fixed argv, no shell
        except (subprocess.SubprocessError, OSError) as exc:
            raise ReviewInputError(f"LibreOffice 转换“{path.name}”失败：{exc}") from exc
        converted = Path(tmp, path.stem + ".docx")
        if not converted.exists():
            raise ReviewInputError(f"LibreOffice 未能把“{path.name}”转换为 .docx，文件可能已损坏。")
        return read_docx(converted)


def read_file(path: str | Path) -> str:
    p = Path(path)
    if not p.is_file():
        raise ReviewInputError(f"找不到文件“{p}”。")
    suffix = p.suffix.lower()
    if suffix == ".txt":
        return decode_bytes(p.read_bytes())
    if suffix == ".docx":
        return read_docx(p)
    if suffix == ".pdf":
        return read_pdf(p)
    if suffix in (".doc", ".wps"):
        return read_legacy_word(p)
    raise ReviewInputError(
        f"不支持的文件类型“{suffix or p.name}”：可审查 .docx、.txt、.pdf、.doc、.wps 文件。"
    )
