"""Backup and restore of the demo county (docs/backup.md): one archive of a fresh database holding
the demo county plus uploaded files, then a restore into an emptied database and media folder.

    .venv/bin/python bench/bench_backup.py [--files 200] [--database-url postgres://...]

Without --database-url a temporary SQLite file is used; a PostgreSQL database given by URL should
be a throwaway one (it is migrated, filled, dropped and restored).
"""

import argparse
import base64
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=200, help="uploaded files of 100 KB each")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-backup-") as tmp:
        work = Path(tmp)
        sqlite_file = work / "bench.sqlite3"
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{sqlite_file}"
        os.environ["FAZHI_VAR_DIR"] = str(work / "var")
        os.environ["FAZHI_BACKUP_KEY"] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from fazhi.ops import backup

        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"demo county seeded in {time.perf_counter() - began:.1f} s")
        media = Path(settings.MEDIA_ROOT) / "attachments"
        media.mkdir(parents=True, exist_ok=True)
        for n in range(args.files):
            (media / f"scan-{n:04d}.pdf").write_bytes(secrets.token_bytes(100 * 1024))

        archive = work / "county.fzbk"
        began = time.perf_counter()
        made = backup.create(archive)
        t_backup = time.perf_counter() - began
        print(
            f"backup ({connection.vendor}): {t_backup:.2f} s, {made.size / 1048576:.1f} MB, "
            f"{made.tables} tables, {made.rows} rows, {made.files} files"
        )
        began = time.perf_counter()
        backup.verify(archive)
        print(f"verify: {time.perf_counter() - began:.2f} s")

        # Lose everything: the database and the uploaded files.
        if connection.vendor == "sqlite":
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
        else:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
        shutil.rmtree(settings.MEDIA_ROOT)

        began = time.perf_counter()
        manifest = backup.restore(archive)
        print(
            f"restore ({connection.vendor}): {time.perf_counter() - began:.2f} s, "
            f"{sum(manifest['tables'].values())} rows checked against the manifest"
        )


if __name__ == "__main__":
    main()
