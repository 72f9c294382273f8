"""Uploaded files are checked before anything parses them: size, type by content (never by the
name), and for zip-based files (.xlsx, .docx, .ofd) the zip itself — number of entries, total
uncompressed size and compression ratio (a zip bomb is refused from its directory, in
milliseconds, before one sheet is read), macros, links to other workbooks and XML DOCTYPE
declarations (entity expansion: a billion laughs). A refused upload is never stored; the
temporary file Django spooled it into is deleted at once. Every refusal is a Chinese sentence.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.conf import settings

# Bounds of an .xlsx (or any zip we accept). A township's workbook of 50,000 rows holds a few
# dozen entries and tens of MB of XML; spreadsheet XML compresses 5–30 times.
MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 100
# Per entry the ratio is only checked above this size: a small, repetitive part may compress more.
RATIO_FLOOR = 1024 * 1024
CHUNK = 1024 * 1024

PDF, PNG, JPEG, OLE2, ZIP, EXE = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0",
    b"PK\x03\x04",
    b"MZ",
)
ELF = b"\x7fELF"
# The attachment types a record may carry, by the extension a user sees.
ATTACHMENT_TYPES = {
    ".pdf": "PDF",
    ".ofd": "OFD版式文件",
    ".jpg": "JPG图片",
    ".jpeg": "JPG图片",
    ".png": "PNG图片",
    ".docx": "Word文档",
    ".xlsx": "Excel工作簿",
    ".doc": "Word 97-2003文档",
    ".xls": "Excel 97-2003工作簿",
}


class UploadRefused(ValueError):
    """The file is refused; the message is for the user."""


def max_upload_bytes() -> int:
    return settings.FAZHI_MAX_UPLOAD_BYTES


def max_attachment_bytes() -> int:
    return getattr(settings, "FAZHI_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)


def _mb(n: int) -> str:
    return f"{n // 1024 // 1024} MB"


def _open(source):
    """A readable binary file for an UploadedFile, a path or a file object."""
    if isinstance(source, str | Path):
        return open(source, "rb")
    source.seek(0)
    return _Borrowed(source)


class _Borrowed:
    """Lends a caller's file object to a `with` block without closing it."""

    def __init__(self, fh):
        self.fh = fh

    def __enter__(self):
        return self.fh

    def __exit__(self, *exc):
        self.fh.seek(0)


def _size(source) -> int:
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    if getattr(source, "size", None) is not None:
        return source.size
    pos = source.tell()
    source.seek(0, 2)
    size = source.tell()
    source.seek(pos)
    return size


def _what(head: bytes) -> str:
    """A short Chinese name of what a file that is not what we expected looks like."""
    if head.startswith((EXE, ELF)):
        return "可执行程序"
    if head.startswith(OLE2):
        return "旧版Office（97-2003）文件"
    if head.startswith(PDF):
        return "PDF文件"
    if head.startswith((PNG, JPEG)):
        return "图片"
    if head.startswith(ZIP):
        return "压缩包"
    return "无法识别的文件"


def check_zip(fh, *, kind: str) -> zipfile.ZipFile:
    """Refuses a zip whose directory is out of bounds or whose content does not match its
    directory (a lying header, a truncated or corrupted file). Returns the open ZipFile."""
    damaged = f"文件已损坏或不完整，不是有效的{kind}，请重新保存后上传"
    try:
        zf = zipfile.ZipFile(fh)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UploadRefused(damaged) from None
    if len(infos) > MAX_ENTRIES:
        raise UploadRefused(f"{kind}内含 {len(infos)} 个部件，超过上限 {MAX_ENTRIES} 个，不予处理")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED:
        raise UploadRefused(
            f"{kind}解压后达 {_mb(total)}，超过上限 {_mb(MAX_UNCOMPRESSED)}（疑似压缩炸弹），不予处理"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UploadRefused(f"{kind}中“{info.filename}”的压缩比异常（疑似压缩炸弹），不予处理")
    if total > RATIO_FLOOR and total > MAX_RATIO * packed:
        raise UploadRefused(f"{kind}的压缩比异常（疑似压缩炸弹），不予处理")
    # The directory may lie: read every entry, counting, and stop at what it declared.
    try:
        for info in infos:
            with zf.open(info) as part:
                read = 0
                while chunk := part.read(CHUNK):
                    read += len(chunk)
                    if read > info.file_size:
                        raise UploadRefused(f"{kind}中“{info.filename}”的实际大小与声明不符，不予处理")
                    if info.filename.lower().endswith((".xml", ".rels", ".vml")) and read == len(chunk):
                        _refuse_doctype(chunk, info.filename, kind)
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        # CRC mismatch, truncated data, unsupported compression or an encrypted entry.
        raise UploadRefused(damaged) from None
    return zf


def _refuse_doctype(head: bytes, name: str, kind: str) -> None:
    """A DOCTYPE is where entities are declared (billion laughs, external entities); Office
    never writes one."""
    probe = head[:4096].lower()
    if b"<!doctype" in probe or b"<!entity" in probe or b"<\x00!\x00d\x00o\x00c\x00" in probe:
        raise UploadRefused(f"{kind}中“{name}”含不允许的XML声明（DOCTYPE/ENTITY），不予处理")


def check_xlsx(source, name: str = "") -> None:
    """An .xlsx to import: raises UploadRefused unless it is a plain workbook within bounds.
    With `name` (an upload's), the name must also say .xlsx (or .xlsm, refused by content)."""
    if name and not name.lower().endswith((".xlsx", ".xlsm")):
        raise UploadRefused("请上传 .xlsx 格式的Excel文件（可先下载模板）")
    size = _size(source)
    if size > max_upload_bytes():
        raise UploadRefused(f"文件过大（{_mb(size)}），最大 {_mb(max_upload_bytes())}")
    with _open(source) as fh:
        head = fh.read(8)
        fh.seek(0)
        if not head.startswith(ZIP):
            if head.startswith(OLE2):
                raise UploadRefused("这是旧版Excel（.xls）文件，请在Excel中“另存为” .xlsx 格式后再导入")
            raise UploadRefused(
                f"文件不是有效的Excel工作簿（内容是{_what(head)}），请上传由模板填写的 .xlsx 文件"
            )
        kind = "Excel工作簿"
        zf = check_zip(fh, kind=kind)
        names = {n.lower() for n in zf.namelist()}
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
            raise UploadRefused("文件是压缩包但不是Excel工作簿，请上传由模板填写的 .xlsx 文件")
        if any(n.endswith("vbaproject.bin") for n in names) or _macro_enabled(zf):
            raise UploadRefused(
                "工作簿含宏（VBA代码），不予导入。请在Excel中另存为不含宏的 .xlsx 文件后再导入"
            )
        if "xl/workbook.bin" in names:
            raise UploadRefused("这是二进制工作簿（.xlsb），请另存为 .xlsx 格式后再导入")
        if any(n.startswith("xl/externallinks/") for n in names):
            raise UploadRefused(
                "工作簿含指向其他文件的外部链接，不予导入。请先“断开链接”（转为数值）后再导入"
            )
        if "xl/connections.xml" in names:
            raise UploadRefused("工作簿含外部数据连接，不予导入。请先删除数据连接后再导入")


def _macro_enabled(zf: zipfile.ZipFile) -> bool:
    try:
        types = zf.read("[Content_Types].xml")
    except KeyError:
        return False
    return b"macroEnabled" in types or b"vbaProject" in types


def check_attachment(upload, name: str) -> None:
    """An attachment: one of the allowed types, told by content and matching its extension."""
    ext = Path(name).suffix.lower()
    allowed = "、".join(sorted(set(ATTACHMENT_TYPES.values())))
    if ext not in ATTACHMENT_TYPES:
        raise UploadRefused(f"不支持“{ext or '无扩展名'}”类型的附件，可上传：PDF、OFD、JPG、PNG、Word、Excel")
    size = _size(upload)
    if size > max_attachment_bytes():
        raise UploadRefused(f"附件过大（{_mb(size)}），最大 {_mb(max_attachment_bytes())}")
    label = ATTACHMENT_TYPES[ext]
    with _open(upload) as fh:
        head = fh.read(8)
        fh.seek(0)
        if ext == ".pdf":
            ok = head.startswith(PDF)
        elif ext in (".jpg", ".jpeg"):
            ok = head.startswith(JPEG)
        elif ext == ".png":
            ok = head.startswith(PNG)
        elif ext in (".doc", ".xls"):
            ok = head.startswith(OLE2)
        else:
            ok = head.startswith(ZIP)
            if ok:
                zf = check_zip(fh, kind=label)
                names = {n.lower() for n in zf.namelist()}
                marker = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".ofd": "ofd.xml"}[ext]
                ok = marker in names
                if any(n.endswith("vbaproject.bin") for n in names) or _macro_enabled(zf):
                    raise UploadRefused(f"{label}含宏（VBA代码），不予上传")
        if not ok:
            raise UploadRefused(f"文件扩展名是“{ext}”，内容却是{_what(head)}，不是{label}（{allowed}）")


def refuse(upload, check, name: str | None = None) -> str:
    """Runs `check` on an upload; on refusal deletes what Django spooled and returns the reason
    (empty when the file is accepted)."""
    try:
        check(upload, upload.name if name is None else name)
    except UploadRefused as exc:
        upload.close()  # a TemporaryUploadedFile's file is removed when it is closed
        return str(exc)
    return ""


# ------------------------------------------------------------------------- import files at rest

ENCRYPTED_SUFFIX = ".enc"


def keep_encrypted(fieldfile, name: str, content: bytes) -> None:
    """Stores an accepted import file, while it awaits confirmation, encrypted with the field key
    (as background exports are): the default storage — a shared directory or a bucket — never
    holds a plaintext copy of the identifiers in it. The caller saves the row."""
    from django.core.files.base import ContentFile

    from fazhi.ledger.fields import _fernet

    fieldfile.save(name + ENCRYPTED_SUFFIX, ContentFile(_fernet().encrypt(content)), save=False)


def read_kept(fieldfile):
    """A kept import file, decrypted in memory (files kept before encryption are read as they are)."""
    import io

    from fazhi.ledger.fields import _fernet

    with fieldfile.open("rb") as fh:
        data = fh.read()
    if fieldfile.name.endswith(ENCRYPTED_SUFFIX):
        data = _fernet().decrypt(data)
    return io.BytesIO(data)


def upload_bytes(upload) -> bytes:
    """The whole content of an accepted upload (at most FAZHI_MAX_UPLOAD_MB)."""
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.close()  # a TemporaryUploadedFile's spooled copy goes at once
    return data
