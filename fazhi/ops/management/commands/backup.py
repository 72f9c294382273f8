from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.ops import backup


class Command(BaseCommand):
    help = (
        "Writes one encrypted, checksummed archive of the database and the uploaded files "
        "(key: FAZHI_BACKUP_KEY, FAZHI_BACKUP_KEY_FILE or var/backup.key). See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", type=Path, help="archive to write (default: a new file in FAZHI_BACKUP_DIR)"
        )

    def handle(self, *args, out=None, **options):
        out = out or Path(settings.FAZHI_BACKUP_DIR) / backup.archive_name()
        try:
            made = backup.create(out)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{made.path}: {made.size} bytes, {made.tables} tables, {made.rows} rows, {made.files} uploaded files"
        )
