"""The ledger framework's step of the maintenance run: files of imports and exports expire.

- An uploaded import file is deleted when its task is written, refused or cancelled (tasks.py,
  views.job_cancel); one still waiting for confirmation is deleted after
  FAZHI_IMPORT_FILE_HOURS (24), and the task is marked cancelled. Files uploaded for a batch
  review go the same way.
- A generated export is deleted FAZHI_EXPORT_AFTER_DOWNLOAD_MINUTES (60) after its first
  download, or FAZHI_EXPORT_FILE_HOURS (24) after it was made if nobody downloads it.
- A line-system upload is deleted once its batch is written or refused, or after the same 24 h.
- A file in those folders that no job or batch names (left by a crash) goes after 24 h too.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from fazhi.background.models import BackgroundTask
from fazhi.ledger.models import ImportBatch
from fazhi.lib.maintenance import maintenance_step

# "jobs" held the files of the project's former job table.
FOLDERS = ("tasks", "jobs", "line-imports")
Status = BackgroundTask.Status


def _hours(name: str, default: int) -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, name, default))


def purge_files(now: dt.datetime | None = None) -> dict[str, int]:
    """Deletes every expired file; returns how many of each kind."""
    now = now or timezone.now()
    import_cut = now - _hours("FAZHI_IMPORT_FILE_HOURS", 24)
    export_cut = now - _hours("FAZHI_EXPORT_FILE_HOURS", 24)
    download_cut = now - dt.timedelta(minutes=getattr(settings, "FAZHI_EXPORT_AFTER_DOWNLOAD_MINUTES", 60))
    counts = {"imports": 0, "exports": 0, "line_imports": 0, "orphans": 0}
    for job in BackgroundTask.objects.exclude(file="").exclude(status__in=BackgroundTask.ACTIVE):
        if job.kind == BackgroundTask.Kind.EXPORT:
            made = job.finished_at or job.created_at
            expired = (
                job.status != Status.DONE
                or made < export_cut
                or (job.downloaded_at is not None and job.downloaded_at < download_cut)
            )
            key = "exports"
        else:
            finished = job.status in (Status.DONE, Status.INVALID, Status.FAILED, Status.CANCELLED)
            expired = finished or job.created_at < import_cut
            key = "imports"
        if not expired:
            continue
        job.file.delete(save=False)
        if job.status == Status.VALID:
            job.status = Status.CANCELLED  # never confirmed: the file to write is gone
        job.save(update_fields=["file", "status"])
        counts[key] += 1
    for batch in ImportBatch.objects.exclude(file=""):
        if batch.status != ImportBatch.Status.PENDING or batch.created_at < import_cut:
            batch.file.delete(save=False)
            batch.save(update_fields=["file"])
            counts["line_imports"] += 1
    counts["orphans"] = _purge_orphans(import_cut)
    return counts


def _purge_orphans(cut: dt.datetime) -> int:
    """Walks the folders through the default storage, so a shared directory and a bucket are
    purged alike."""
    named = {str(n) for n in BackgroundTask.objects.exclude(file="").values_list("file", flat=True)}
    named |= {str(n) for n in ImportBatch.objects.exclude(file="").values_list("file", flat=True)}
    removed = 0
    for folder in FOLDERS:
        for name in _walk(folder):
            if name not in named and default_storage.get_modified_time(name) < cut:
                default_storage.delete(name)
                removed += 1
    return removed


def _walk(folder: str):
    """Every file name under a folder of the default storage (none when it does not exist)."""
    try:
        dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _walk(f"{folder}/{sub}")


@maintenance_step("ledger-files", "删除过期的导入导出文件")
def purge_files_step() -> str:
    counts = purge_files()
    return (
        f"删除导入文件 {counts['imports']} 个、导出文件 {counts['exports']} 个、"
        f"条线导入文件 {counts['line_imports']} 个、无主文件 {counts['orphans']} 个"
    )


@maintenance_step("todo-deadlines", "重算待办期限")
def recompute_deadlines() -> str:
    """Every stored due date afresh: a safety net behind the per-save refresh (a package upgrade
    that learnt next year's holidays, a record written around the ORM)."""
    from fazhi.ledger import todo

    return f"重算待办期限 {todo.recompute()} 项"
