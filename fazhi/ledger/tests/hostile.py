"""Hostile files, generated (never stored in the repository): a zip bomb dressed as .xlsx, a
billion-laughs workbook, a macro workbook, a renamed executable, a truncated workbook. Also used
by bench/bench_uploads.py."""

import io
import zipfile

from fazhi.ledger.tests.factories import DISPUTE_HEADER, dispute_row, xlsx

BOMB_ENTRY_MB = 419


def plain_xlsx() -> bytes:
    return xlsx([DISPUTE_HEADER, dispute_row(1)])


def _rewrite(
    data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in add.items():
            dst.writestr(name, content)
    return out.getvalue()


def zip_bomb(megabytes: int = BOMB_ENTRY_MB) -> bytes:
    """A workbook whose sheet inflates from a few hundred KB to `megabytes` MB of XML."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain_xlsx())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with dst.open(info.filename, "w", force_zip64=True) as part:
                    part.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                    block = b" " * (1024 * 1024)
                    for _ in range(megabytes):
                        part.write(block)
                    part.write(b"</sheetData></worksheet>")
            else:
                dst.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{"&lol{};".format(i - 1 if i > 1 else "") * 10}">' for i in range(1, 10)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    return _rewrite(plain_xlsx(), replace={"xl/worksheets/sheet1.xml": sheet})


def macro_workbook() -> bytes:
    data = plain_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        types = zf.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    return _rewrite(
        data,
        replace={"[Content_Types].xml": types},
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512},
    )


def external_link_workbook() -> bytes:
    return _rewrite(
        plain_xlsx(), add={"xl/externalLinks/externalLink1.xml": b'<?xml version="1.0"?><externalLink/>'}
    )


def executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4096 + b"This program cannot be run in DOS mode."


def truncated_xlsx() -> bytes:
    data = plain_xlsx()
    return data[: len(data) // 2]


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
