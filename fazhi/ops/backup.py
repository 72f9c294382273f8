"""Encrypted, checksummed backups of the database and the uploaded files, and their restore.

An archive is one file:

    FZBK1\\n | header length (4 bytes) | header (JSON) | chunk* | end chunk

The header is plain (format, creation time, engine, the salt and nonce prefix, the backup key's
id) and is bound to every chunk as associated data. The payload is a gzip'd tar (manifest.json
with a SHA-256 of every member, the database, the uploaded files) cut into 1 MiB chunks, each
sealed with AES-256-GCM under a key derived from the backup key with HKDF and the archive's own
salt. Each chunk's nonce carries its number and the last chunk is marked, so a changed byte, a
reordered, dropped or truncated chunk, or another key is refused before anything is restored.

The backup key comes from FAZHI_BACKUP_KEY (or FAZHI_BACKUP_KEY_FILE), else var/backup.key,
created on the first backup; it is never the field encryption key. Keep a copy of it away from
the backups: an archive cannot be read without it.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import hmac
import io
import json
import os
import secrets
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from fazhi.lib.env import env_str

MAGIC = b"FZBK1\n"
FORMAT = 1
CHUNK = 1 << 20
SUFFIX = ".fzbk"
KEY_FILE = "backup.key"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Chinese and names what is wrong."""


# -- the key ------------------------------------------------------------------------------------


def backup_key(create: bool = False) -> bytes:
    """The backup key: FAZHI_BACKUP_KEY(_FILE), else var/backup.key (created only by a backup)."""
    value = env_str("FAZHI_BACKUP_KEY")
    path = Path(settings.VAR_DIR) / KEY_FILE
    if not value and path.exists():
        value = path.read_text(encoding="utf-8").strip()
    if not value and create:
        value = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value + "\n", encoding="utf-8")
        path.chmod(0o600)
    if not value:
        raise BackupError(f"找不到备份密钥：请设置 FAZHI_BACKUP_KEY 或 FAZHI_BACKUP_KEY_FILE，或放在 {path}")
    if len(value) < 32:
        raise BackupError("备份密钥太短：至少 32 个字符（建议 32 字节随机数的 base64）")
    if any(hmac.compare_digest(value, key) for key in settings.FIELD_ENCRYPTION_KEYS):
        raise BackupError("备份密钥不能与字段加密密钥相同：请为备份另设密钥")
    return value.encode()


def _derive(key: bytes, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def key_id(key: bytes) -> str:
    """Tells a wrong key from a damaged archive without revealing anything about the key."""
    return _derive(key, None, b"fazhi backup key id")[:8].hex()


def field_key_fingerprint() -> str:
    """Which field key the database's encrypted identifiers need (one-way, reveals nothing)."""
    key = settings.FIELD_ENCRYPTION_KEYS[0].encode()
    return hmac.new(key, b"fazhi field key fingerprint", hashlib.sha256).hexdigest()[:16]


def settings_fingerprint() -> dict:
    applied = MigrationRecorder(connection).applied_migrations()
    latest: dict[str, str] = {}
    for app, name in sorted(applied):
        latest[app] = max(latest.get(app, ""), name)
    return {
        "engine": connection.vendor,
        "installed_apps": list(settings.INSTALLED_APPS),
        "migrations": latest,
        "time_zone": settings.TIME_ZONE,
        "field_key": field_key_fingerprint(),
    }


# -- sealing ------------------------------------------------------------------------------------


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")


class _SealingWriter(io.RawIOBase):
    """A write-only file object that seals what is written into chunks on ``out``."""

    def __init__(self, out, aead: AESGCM, prefix: bytes, aad: bytes):
        self.out, self.aead, self.prefix, self.aad = out, aead, prefix, aad
        self.buffer = bytearray()
        self.index = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, last: bool) -> None:
        sealed = self.aead.encrypt(_nonce(self.prefix, self.index, last), plain, self.aad)
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1

    def finish(self) -> None:
        self._seal(bytes(self.buffer), last=True)
        self.buffer.clear()


def _read_header(fh) -> tuple[dict, bytes]:
    magic = fh.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupError("不是本系统的备份文件（文件头不符）")
    raw_length = fh.read(4)
    if len(raw_length) != 4:
        raise BackupError("备份文件已损坏：文件头不完整")
    (length,) = struct.unpack(">I", raw_length)
    raw = fh.read(length) if length < 65536 else b""
    try:
        header = json.loads(raw)
    except ValueError:
        raise BackupError("备份文件已损坏：文件头无法读取") from None
    if header.get("format") != FORMAT:
        raise BackupError(f"备份文件格式 {header.get('format')} 不受支持")
    return header, MAGIC + raw_length + raw


def _unseal(fh, key: bytes, out) -> dict:
    """Checks and decrypts an archive into ``out``; returns its header. Raises on any damage."""
    header, aad = _read_header(fh)
    if header.get("key_id") != key_id(key):
        raise BackupError("备份密钥不对：此备份是用另一把密钥加密的")
    try:
        salt = base64.b64decode(header["salt"])
        prefix = base64.b64decode(header["nonce_prefix"])
    except (KeyError, ValueError):
        raise BackupError("备份文件已损坏：文件头缺少加密参数") from None
    aead = AESGCM(_derive(key, salt, b"fazhi backup v1"))
    index = 0
    while True:
        raw_length = fh.read(4)
        if len(raw_length) < 4:
            raise BackupError("备份文件已损坏：文件被截断")
        (length,) = struct.unpack(">I", raw_length)
        if length > CHUNK + 16:
            raise BackupError(f"备份文件已损坏：第 {index + 1} 块长度不对")
        sealed = fh.read(length)
        plain = None
        for last in (False, True):
            try:
                plain = aead.decrypt(_nonce(prefix, index, last), sealed, aad)
            except InvalidTag:
                continue
            break
        if plain is None:
            raise BackupError(f"备份文件已损坏：第 {index + 1} 块校验失败")
        out.write(plain)
        index += 1
        if last:
            if fh.read(1):
                raise BackupError("备份文件已损坏：结尾有多余数据")
            return header


# -- backup -------------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """The newest installed PostgreSQL client tool (a newer pg_dump reads an older server)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
        reverse=True,
    )
    found = str(candidates[0]) if candidates else shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}：请安装 postgresql-client（apt-get install postgresql-client）")
    return found


def _pg_env() -> tuple[list[str], dict]:
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    args = ["-d", params["NAME"]]
    if params.get("HOST"):
        args += ["-h", str(params["HOST"])]
    if params.get("PORT"):
        args += ["-p", str(params["PORT"])]
    if params.get("USER"):
        args += ["-U", str(params["USER"])]
    return args, env


BUSY_SECONDS = 120


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """SQLite's online backup, refusing after BUSY_SECONDS of a locked database instead of
    retrying for ever (Python's backup() sleeps and retries while the source is locked)."""
    deadline = time.monotonic() + BUSY_SECONDS

    def progress(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(f"数据库被占用超过 {BUSY_SECONDS} 秒，备份未完成，请稍后再试")

    source.backup(target, pages=1024, progress=progress)


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in sorted(names)}  # noqa: S608


def _dump_database(folder: Path) -> tuple[Path, dict[str, int]]:
    """The database as one file, and the row count of every table in that same snapshot."""
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            _sqlite_copy(connection.connection, copy)  # the online backup API: a consistent snapshot
            return target, _sqlite_counts(copy)
        finally:
            copy.close()
    if connection.vendor == "postgresql":
        target = folder / "database.pgdump"
        args, env = _pg_env()
        # pg_dump reads the snapshot this transaction exports, and one statement exports it and
        # counts every table, so the counts match the dump even while others write.
        with connection.cursor() as cursor:
            tables = sorted(connection.introspection.table_names(cursor))
            in_atomic = connection.in_atomic_block
            if not in_atomic:
                cursor.execute("BEGIN")
            try:
                counted = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)  # noqa: S608
                cursor.execute(f"SELECT pg_export_snapshot(), {counted}")  # noqa: S608 - quoted table names
                snapshot, *numbers = cursor.fetchone()
                counts = dict(zip(tables, numbers, strict=True))
                done = subprocess.run(  # noqa: S603 - the tool path and arguments are ours
                    [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
                    + [f"--snapshot={snapshot}", "-f", str(target), *args],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
            finally:
                if not in_atomic:
                    cursor.execute("COMMIT")
        if done.returncode:
            raise BackupError(f"pg_dump 失败：{done.stderr.strip()[:500]}")
        return target, counts
    raise BackupError(f"不支持备份 {connection.vendor} 数据库")


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, "media/" + path.relative_to(root).as_posix()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@dataclass
class BackupResult:
    path: Path
    size: int
    tables: int
    rows: int
    files: int


def create(out: Path, key: bytes | None = None) -> BackupResult:
    """Writes one encrypted archive of the database and MEDIA_ROOT to ``out`` (atomically)."""
    key = key or backup_key(create=True)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fazhi-backup-") as tmp:
        folder = Path(tmp)
        database, counts = _dump_database(folder)
        files = list(_media_files())
        members = {database.name: _sha256(database)}
        members.update({name: _sha256(path) for path, name in files})
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": database.name,
            "settings": settings_fingerprint(),
            "tables": counts,
            "members": members,
        }
        salt, prefix = secrets.token_bytes(16), secrets.token_bytes(7)
        header = json.dumps(
            {
                "format": FORMAT,
                "created_at": manifest["created_at"],
                "engine": connection.vendor,
                "key_id": key_id(key),
                "salt": base64.b64encode(salt).decode(),
                "nonce_prefix": base64.b64encode(prefix).decode(),
            }
        ).encode()
        aad = MAGIC + struct.pack(">I", len(header)) + header
        partial = out.with_name(f".{out.name}.partial")
        try:
            with open(partial, "wb") as fh:
                fh.write(aad)
                writer = _SealingWriter(fh, AESGCM(_derive(key, salt, b"fazhi backup v1")), prefix, aad)
                # gzip level 1: the database compresses well already at the fastest level.
                with (
                    gzip.GzipFile(fileobj=writer, mode="wb", compresslevel=1, mtime=0) as zipped,
                    tarfile.open(fileobj=zipped, mode="w|") as tar,
                ):
                    data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                    info = tarfile.TarInfo("manifest.json")
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
                    tar.add(database, arcname=database.name)
                    for path, name in files:
                        tar.add(path, arcname=name)
                writer.finish()
                fh.flush()
                os.fsync(fh.fileno())
            partial.chmod(0o600)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(out, out.stat().st_size, len(counts), sum(counts.values()), len(files))


# -- restore ------------------------------------------------------------------------------------


def verify(path: Path, key: bytes | None = None, into: Path | None = None) -> dict:
    """Checks an archive end to end and returns its manifest; extracts it into ``into`` if given."""
    key = key or backup_key()
    with tempfile.TemporaryDirectory(prefix="fazhi-restore-") as tmp:
        plain = Path(tmp) / "payload.tar.gz"
        try:
            with open(path, "rb") as fh, open(plain, "wb") as out:
                _unseal(fh, key, out)
        except OSError as exc:
            raise BackupError(f"无法读取备份文件：{exc}") from exc
        target = into or Path(tmp) / "payload"
        target.mkdir(parents=True, exist_ok=True)
        try:
            with tarfile.open(plain, mode="r:gz") as tar:
                tar.extractall(target, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"备份文件内容无法解开：{exc}") from exc
        try:
            manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise BackupError("备份文件缺少清单（manifest.json）") from None
        for name, digest in manifest["members"].items():
            member = target / name
            if not member.is_file() or _sha256(member) != digest:
                raise BackupError(f"备份文件已损坏：{name} 校验和不符")
        return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _media_is_empty() -> bool:
    root = Path(settings.MEDIA_ROOT)
    return not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def restore(path: Path, key: bytes | None = None) -> dict:
    """Restores an archive into an empty database and an empty MEDIA_ROOT; returns its manifest."""
    key = key or backup_key()
    with tempfile.TemporaryDirectory(prefix="fazhi-restore-") as tmp:
        folder = Path(tmp)
        manifest = verify(path, key, into=folder)
        saved = manifest["settings"]
        if saved["engine"] != connection.vendor:
            raise BackupError(f"备份来自 {saved['engine']} 数据库，不能恢复到 {connection.vendor} 数据库")
        if saved["field_key"] != field_key_fingerprint():
            raise BackupError("本机的字段加密密钥与备份时不同：恢复后身份证号等加密字段将无法解密，已停止")
        if not _database_is_empty():
            raise BackupError("只能恢复到空数据库：当前数据库已有数据表，请先新建空数据库")
        if not _media_is_empty():
            raise BackupError(f"只能恢复到空的上传文件目录：{settings.MEDIA_ROOT} 中已有文件")
        database = folder / manifest["database"]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(database)
            try:
                _sqlite_copy(source, connection.connection)
            finally:
                source.close()
        else:
            args, env = _pg_env()
            done = subprocess.run(  # noqa: S603 - the tool path and arguments are ours
                [
                    _pg_tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                ]
                + [*args, str(database)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                raise BackupError(f"pg_restore 失败：{done.stderr.strip()[:500]}")
        media = Path(settings.MEDIA_ROOT)
        if (folder / "media").is_dir():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(folder / "media", media, dirs_exist_ok=True)
        counts = _table_counts()
        wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
        if wrong:
            raise BackupError(f"恢复后行数与备份不符：{wrong}")
    return manifest


# -- the scheduled backup -------------------------------------------------------------------------


def archive_name(now: datetime.datetime | None = None) -> str:
    return f"fazhi-{timezone.localtime(now or timezone.now()):%Y%m%d-%H%M%S-%f}{SUFFIX}"


def prune(folder: Path, keep: int) -> list[Path]:
    """Deletes all but the ``keep`` newest archives in ``folder``; returns what it deleted."""
    archives = sorted(folder.glob(f"fazhi-*{SUFFIX}"), key=lambda p: p.name, reverse=True)
    removed = archives[keep:]
    for old in removed:
        old.unlink()
    return removed
