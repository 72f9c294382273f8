"""Background imports and exports. Small files run inline through the same functions."""

import io
import logging

from django.core.files.base import ContentFile
from django.db import close_old_connections
from django.utils import timezone

from fazhi.ledger import excel, registry
from fazhi.ledger.fields import _fernet
from fazhi.ledger.models import Job
from fazhi.orgs.models import AuditLog, audit

log = logging.getLogger(__name__)


def claim(job_id: int | None = None) -> Job | None:
    """Takes one waiting job; the conditional UPDATE makes two workers never take the same one."""
    waiting = Job.objects.filter(status__in=list(Job.CLAIMS))
    if job_id is not None:
        waiting = waiting.filter(pk=job_id)
    for job in waiting.order_by("created_at")[:5]:
        claimed = Job.objects.filter(pk=job.pk, status=job.status).update(status=Job.CLAIMS[job.status])
        if claimed:
            job.refresh_from_db()
            return job
    return None


def run(job: Job) -> Job:
    ledger = registry.get(job.ledger)
    user = job.created_by

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress=done, total=total)

    try:
        if job.status == Job.Status.EXPORTING:
            _export(job, ledger, user, progress)
        else:
            commit = job.status == Job.Status.COMMITTING

            def record(result):
                audit(
                    user,
                    AuditLog.Action.IMPORT,
                    target=f"{ledger.title} {job.filename}",
                    detail=f"网页导入：新增{result.creates}条，更新{result.updates}条",
                    org=job.org,
                )

            result = excel.import_file(
                ledger,
                job.org,
                user,
                job.file.path,
                commit=commit,
                source=job.params.get("source", ""),
                progress=progress,
                in_transaction=record,
            )
            job.result = result.as_dict()
            if commit and result.committed:
                # The upload is not needed once written (its identifiers are in the database).
                discard_file(job)
                job.status = Job.Status.DONE
            elif commit:
                job.status = Job.Status.FAILED
            else:
                job.status = Job.Status.INVALID if result.errors else Job.Status.VALID
    except Exception as exc:  # a job must end in a state the user can see, whatever broke
        log.exception("job %s failed", job.pk)
        job.status = Job.Status.FAILED
        message = f"处理失败：{exc}"[: excel.MAX_TEXT]
        job.result = {"errors": [{"row": 0, "column": "", "message": message, "text": message}]}
    if job.kind == Job.Kind.IMPORT and job.status in (Job.Status.INVALID, Job.Status.FAILED):
        # A refused file is of no further use: the user corrects it and uploads again.
        discard_file(job)
    job.finished_at = timezone.now()
    job.save()
    return job


def discard_file(job: Job) -> None:
    """Deletes the job's file from disk now (the caller saves the job)."""
    if job.file:
        job.file.delete(save=False)


def read_file(job: Job):
    """The job's file for download, decrypted in memory when it is kept encrypted."""
    with job.file.open("rb") as fh:
        data = fh.read()
    return io.BytesIO(_fernet().decrypt(data) if job.encrypted else data)


def _export(job: Job, ledger, user, progress) -> None:
    # The same filters as the list page, and the same rule for the 乡镇 column.
    from fazhi.ledger.views import filtered_queryset, sees_townships

    queryset = filtered_queryset(ledger, user, job.params.get("query", {}), org=job.org)
    reveal = job.params.get("reveal", False)
    # Built in memory and stored encrypted: no plaintext copy of the identifiers touches the disk.
    buf = io.BytesIO()
    count = excel.write_export(
        ledger, queryset, buf, reveal=reveal, progress=progress, township=sees_townships(user)
    )
    job.file.save(f"export-{job.pk}.xlsx.enc", ContentFile(_fernet().encrypt(buf.getvalue())), save=False)
    job.encrypted = True
    job.result = {"rows": count}
    job.progress = job.total = count
    job.status = Job.Status.DONE


def work(once: bool = False, stop=lambda: False, sleep=lambda: None) -> int:
    """The worker loop; returns how many jobs it ran."""
    done = 0
    while not stop():
        if not once:
            # A long-running worker must not keep a connection the database has dropped; a
            # one-shot run (tests, cron) uses the connection it was given.
            close_old_connections()
        job = claim()
        if job is None:
            if once:
                break
            sleep()
            continue
        run(job)
        done += 1
    return done
