"""The project's former job table (ledger.Job) is kept as history on the jobs page: every row
becomes a BackgroundTask. Jobs that were waiting or running cannot be resumed by the new queue
and are shown as failed with a request to submit again; an import waiting for confirmation can
still be confirmed."""

from django.db import migrations

INTERRUPTED = "处理失败：系统升级时中断，请重新提交。"
KEPT = {"valid", "invalid", "done", "failed", "cancelled"}


def copy_jobs(apps, schema_editor):
    from fazhi.ledger import registry

    Job = apps.get_model("ledger", "Job")
    BackgroundTask = apps.get_model("background", "BackgroundTask")
    rows = []
    for job in Job.objects.order_by("pk").iterator():
        ledger = registry.get(job.ledger)
        name = ledger.title if ledger else job.ledger
        status = job.status if job.status in KEPT else "failed"
        error = ""
        if status == "failed":
            errors = (job.result or {}).get("errors") or []
            error = (errors[0].get("text") or errors[0].get("message")) if errors else INTERRUPTED
        rows.append(
            BackgroundTask(
                kind=job.kind,
                status=status,
                title=f"{name}：{job.filename}"[:200] if job.filename else name,
                org_id=job.org_id,
                created_by_id=job.created_by_id,
                created_at=job.created_at,
                finished_at=job.finished_at or (job.created_at if status == "failed" else None),
                progress=job.progress,
                total=job.total,
                params={**(job.params or {}), "ledger": job.ledger},
                result=job.result or {},
                error=error or "",
                file=job.file.name if job.file else "",
                filename=job.filename,
                encrypted=job.encrypted,
                downloaded_at=job.downloaded_at,
            )
        )
    BackgroundTask.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("background", "0001_initial"),
        ("ledger", "0005_job_file_expiry"),
    ]

    operations = [migrations.RunPython(copy_jobs, migrations.RunPython.noop)]
