"""The ops app's maintenance step: the scheduled backup (docs/backup.md)."""

import shutil
from pathlib import Path

from django.conf import settings

from fazhi.lib.maintenance import maintenance_step
from fazhi.ops import backup


# Not in a transaction: the backup writes nothing to the database and reads its own consistent
# snapshot (SQLite's online backup, pg_dump's exported snapshot); on SQLite an enclosing write
# transaction would even block the online backup.
@maintenance_step("backup", "数据备份", atomic=False)
def scheduled_backup() -> str:
    """One archive into FAZHI_BACKUP_DIR, the newest FAZHI_BACKUP_KEEP kept, copied off-site."""
    folder = Path(settings.FAZHI_BACKUP_DIR)
    keep = settings.FAZHI_BACKUP_KEEP
    made = backup.create(folder / backup.archive_name())
    removed = backup.prune(folder, keep)
    summary = (
        f"备份 {made.path.name}（{made.size / 1048576:.1f} MB，{made.tables} 张表 {made.rows} 行，"
        f"上传文件 {made.files} 个）；保留最近 {keep} 份，删除旧备份 {len(removed)} 份"
    )
    if settings.FAZHI_BACKUP_COPY_DIR:
        copies = Path(settings.FAZHI_BACKUP_COPY_DIR)
        copies.mkdir(parents=True, exist_ok=True)
        partial = copies / f".{made.path.name}.partial"
        shutil.copyfile(made.path, partial)
        partial.replace(copies / made.path.name)
        backup.prune(copies, keep)
        summary += f"；已复制到 {copies}"
    return summary
