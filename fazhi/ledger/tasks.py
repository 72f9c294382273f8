"""Imports and exports as background tasks (Django's Tasks API). Small files run in the request
through the same functions (runner.enqueue(inline=True))."""

import io

from django.core.files.base import ContentFile
from django_tasks import task

from fazhi.background.models import BackgroundTask
from fazhi.background.runner import background
from fazhi.ledger import excel, registry, uploads
from fazhi.ledger.fields import _fernet
from fazhi.orgs.models import AuditLog, audit

Status = BackgroundTask.Status


def _import(record: BackgroundTask, progress, *, commit: bool) -> None:
    ledger = registry.get(record.params["ledger"])
    user = record.created_by

    def audited(result):
        audit(
            user,
            AuditLog.Action.IMPORT,
            target=f"{ledger.title} {record.filename}",
            detail=f"网页导入：新增{result.creates}条，更新{result.updates}条，未变{result.unchanged}条",
            org=record.org,
        )

    try:
        result = excel.import_file(
            ledger,
            record.org,
            user,
            uploads.read_kept(record.file),
            commit=commit,
            source=record.params.get("source", ""),
            progress=progress,
            in_transaction=audited,
        )
    except Exception:
        # A file that broke the import is of no further use: the user corrects it and uploads again.
        discard_file(record)
        raise
    record.result = result.as_dict()
    if commit and result.committed:
        record.status = Status.DONE
    elif commit:
        record.status = Status.FAILED
        record.error = "写入失败：数据在校验后被他人修改，请重新上传。"
    else:
        record.status = Status.INVALID if result.errors else Status.VALID
    if record.status != Status.VALID:
        # Written (its identifiers are in the database now) or refused: the upload goes.
        discard_file(record)


@task
@background
def check_import(record: BackgroundTask, progress) -> None:
    _import(record, progress, commit=False)


@task
@background
def write_import(record: BackgroundTask, progress) -> None:
    _import(record, progress, commit=True)


@task
@background
def export_ledger(record: BackgroundTask, progress) -> None:
    # The same filters as the list page, and the same rule for the 乡镇 column.
    from fazhi.ledger.views import filtered_queryset, sees_townships

    ledger = registry.get(record.params["ledger"])
    queryset = filtered_queryset(ledger, record.created_by, record.params.get("query", {}), org=record.org)
    # Built in memory and stored encrypted: no plaintext copy of the identifiers touches the disk.
    buf = io.BytesIO()
    count = excel.write_export(
        ledger,
        queryset,
        buf,
        reveal=record.params.get("reveal", False),
        progress=progress,
        township=sees_townships(record.created_by),
    )
    record.file.save(
        f"export-{record.pk}.xlsx.enc", ContentFile(_fernet().encrypt(buf.getvalue())), save=False
    )
    record.encrypted = True
    record.result = {"rows": count}
    record.progress = record.total = count


def discard_file(record: BackgroundTask) -> None:
    """Deletes the record's file from storage now (the caller saves the record)."""
    if record.file:
        record.file.delete(save=False)


def read_file(record: BackgroundTask):
    """The file for download, decrypted in memory when it is kept encrypted."""
    with record.file.open("rb") as fh:
        data = fh.read()
    return io.BytesIO(_fernet().decrypt(data) if record.encrypted else data)
