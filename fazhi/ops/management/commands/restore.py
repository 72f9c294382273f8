from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.ops import backup


class Command(BaseCommand):
    help = (
        "Restores an archive written by `backup` into an empty database and an empty MEDIA_ROOT, "
        "after checking every byte of it; --check only checks. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--check", action="store_true", help="verify the archive, restore nothing")

    def handle(self, *args, archive, check=False, **options):
        try:
            if check:
                manifest = backup.verify(archive)
            else:
                manifest = backup.restore(archive)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        verb = "verified" if check else "restored"
        self.stdout.write(
            f"{archive}: {verb} (made {manifest['created_at']}, {len(manifest['tables'])} tables, "
            f"{rows} rows, {len(manifest['members']) - 1} uploaded files)"
        )
