"""Backup and verified restore (`manage.py backup` / `restore`, the scheduled backup step).

The same tests run on SQLite and, in the PostgreSQL stage of the suite, on PostgreSQL (pg_dump and
pg_restore)."""

import base64
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from fazhi.corrections.models import CorrectionPerson
from fazhi.ledger.tests.factories import id_number, make_record
from fazhi.ops.models import MaintenanceRun

KEY = base64.urlsafe_b64encode(b"k" * 32).decode()
OTHER_KEY = base64.urlsafe_b64encode(b"o" * 32).decode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Path(settings.MEDIA_ROOT, "attachments").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "attachments", "调解协议书.pdf").write_bytes(b"%PDF-1.4 test attachment")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def filled(transactional_db, world, media, monkeypatch):
    """A database with the personas and a person under correction (encrypted identifiers)."""
    monkeypatch.setenv("FAZHI_BACKUP_KEY", KEY)
    person = make_record(CorrectionPerson, world.town_a, world.clerk_a, validate=False)
    person.id_number = id_number(7)
    person.save()
    yield world
    # A test that stopped between wipe and restore leaves no tables for the next one.
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            call_command("migrate", run_syncdb=True, verbosity=0)


def every_table() -> dict[str, list[tuple]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            tables[table] = sorted(cursor.fetchall(), key=repr)
    return tables


def wipe(media: Path) -> None:
    """What a lost server leaves: an empty database and no uploaded files."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", "--out", str(path), stdout=out)
    return out.getvalue()


def restore(path: Path, *args) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def flip_byte(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_it_restores_every_table_and_upload_after_a_wipe(filled, media, tmp_path):
    before = every_table()
    archive = tmp_path / "county.fzbk"
    assert "1 uploaded files" in backup(archive)
    assert b"CorrectionPerson" not in archive.read_bytes()  # nothing readable in the archive

    wipe(media)
    with connection.cursor() as cursor:
        assert connection.introspection.table_names(cursor) == []

    assert "restored" in restore(archive)
    assert every_table() == before
    assert (media / "attachments" / "调解协议书.pdf").read_bytes() == b"%PDF-1.4 test attachment"
    # Encrypted identifiers still decrypt with this server's field key.
    assert CorrectionPerson.objects.get().id_number == id_number(7)


def test_it_refuses_an_archive_with_one_flipped_byte(filled, media, tmp_path):
    good = tmp_path / "county.fzbk"
    backup(good)
    damaged = tmp_path / "damaged.fzbk"
    damaged.write_bytes(good.read_bytes())
    flip_byte(damaged, damaged.stat().st_size // 2)
    with pytest.raises(CommandError, match="备份文件已损坏：第 1 块校验失败"):
        restore(damaged, "--check")
    wipe(media)
    with pytest.raises(CommandError, match="备份文件已损坏"):
        restore(damaged)
    with connection.cursor() as cursor:
        assert connection.introspection.table_names(cursor) == []  # nothing half-restored
    assert "restored" in restore(good)


def test_it_refuses_a_truncated_archive_and_a_changed_header(filled, tmp_path):
    archive = tmp_path / "county.fzbk"
    backup(archive)
    whole = archive.read_bytes()
    archive.write_bytes(whole[:-100])
    with pytest.raises(CommandError, match="备份文件已损坏"):
        restore(archive, "--check")
    archive.write_bytes(whole.replace(b'"engine": "', b'"engine":  "', 1))
    with pytest.raises(CommandError, match="备份文件已损坏"):
        restore(archive, "--check")
    archive.write_bytes(b"PK\x03\x04 not a backup")
    with pytest.raises(CommandError, match="不是本系统的备份文件"):
        restore(archive, "--check")


def test_it_refuses_the_wrong_key(filled, tmp_path, monkeypatch):
    archive = tmp_path / "county.fzbk"
    backup(archive)
    monkeypatch.setenv("FAZHI_BACKUP_KEY", OTHER_KEY)
    with pytest.raises(CommandError, match="备份密钥不对"):
        restore(archive, "--check")


def test_it_never_encrypts_a_backup_with_the_field_key(filled, tmp_path, monkeypatch, settings):
    monkeypatch.setenv("FAZHI_BACKUP_KEY", settings.FIELD_ENCRYPTION_KEYS[0])
    with pytest.raises(CommandError, match="备份密钥不能与字段加密密钥相同"):
        backup(tmp_path / "county.fzbk")
    assert not (tmp_path / "county.fzbk").exists()


def test_it_restores_only_into_an_empty_database(filled, media, tmp_path):
    archive = tmp_path / "county.fzbk"
    backup(archive)
    assert "verified" in restore(archive, "--check")
    with pytest.raises(CommandError, match="只能恢复到空数据库"):
        restore(archive)
    assert CorrectionPerson.objects.count() == 1


def test_it_keeps_the_newest_backups_and_copies_them_off_site(filled, tmp_path, settings):
    settings.FAZHI_BACKUP_DIR = tmp_path / "backups"
    settings.FAZHI_BACKUP_COPY_DIR = str(tmp_path / "offsite")
    settings.FAZHI_BACKUP_KEEP = 2
    for _ in range(3):
        call_command("maintenance", "--only", "backup", stdout=io.StringIO())
    kept = sorted(p.name for p in settings.FAZHI_BACKUP_DIR.iterdir())
    assert len(kept) == 2
    assert sorted(p.name for p in (tmp_path / "offsite").iterdir()) == kept
    last = MaintenanceRun.objects.order_by("-pk").first()
    assert last.status == MaintenanceRun.Status.DONE
    assert "保留最近 2 份，删除旧备份 1 份；已复制到" in last.summary
    assert "verified" in restore(tmp_path / "offsite" / kept[-1], "--check")
