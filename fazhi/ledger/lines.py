"""Imports from a province's line system (智慧矫正, 粤执法, ...): its Excel export, renamed by the
source's saved column mapping, goes through the ordinary ledger import (`excel.import_rows`),
matched on the source's record id. A batch can be rolled back as a whole."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from fazhi.ledger import excel, registry, uploads
from fazhi.ledger.models import ImportBatch, LineSource, LineSystemRecord
from fazhi.orgs.models import AuditLog, audit


def ledger_of(source: LineSource) -> registry.Ledger:
    ledger = registry.get(source.ledger)
    if ledger is None or not issubclass(ledger.model, LineSystemRecord):
        raise ValidationError(f"台账“{source.ledger}”不存在或不能从条线系统导入")
    return ledger


def check_mapping(source: LineSource) -> list[str]:
    """What is wrong with a source's mapping, in Chinese (shown in the admin)."""
    try:
        ledger = ledger_of(source)
    except ValidationError as exc:
        return list(exc.messages)
    if not isinstance(source.mapping, dict):
        return ['列对应关系须为 {"条线系统列名": "台账字段名"} 形式']
    problems = [
        f"“{column}”对应的字段“{name}”不是{ledger.title}的字段（可用：{'、'.join(ledger.fields)}）"
        for column, name in source.mapping.items()
        if name not in ledger.fields
    ]
    targets = list(source.mapping.values())
    problems += [f"字段“{n}”被对应了多次" for n in sorted(set(targets)) if targets.count(n) > 1]
    return problems


def renamer(source: LineSource, ledger: registry.Ledger):
    """The file's header → ours: mapped columns get the ledger's labels, the key column becomes
    the 条线系统编号, anything else keeps its name and is ignored (and listed) by the import."""
    labels = {_norm(column): ledger.label(name) for column, name in source.mapping.items()}
    labels[_norm(source.key_column)] = excel.EXTERNAL_LABEL

    def rename(header: list) -> list:
        return [labels.get(_norm(h), h) for h in header]

    return rename


def _norm(text) -> str:
    return str(text or "").strip().replace(" ", "").replace("\n", "")


def run(batch: ImportBatch, user, *, commit: bool) -> excel.ImportResult:
    """Checks (commit=False) or writes (commit=True) a pending batch; keeps the outcome on it."""
    ledger = ledger_of(batch.source)

    def record(result):
        audit(
            user,
            AuditLog.Action.IMPORT,
            target=f"{ledger.title} {batch.stamp} {batch.filename}",
            detail=f"条线系统导入：新增{result.creates}条，更新{result.updates}条，未变{result.unchanged}条",
            org=batch.org,
        )

    result = excel.import_file(
        ledger,
        batch.org,
        user,
        uploads.read_kept(batch.file),
        commit=commit,
        source=batch.stamp,
        rename=renamer(batch.source, ledger),
        match_on="external_id",
        batch=batch,
        in_transaction=record,
    )
    batch.result = result.as_dict()
    batch.created, batch.updated, batch.unchanged = result.creates, result.updates, result.unchanged
    if result.errors:
        batch.status = ImportBatch.Status.INVALID
    elif result.committed:
        batch.status = ImportBatch.Status.DONE
    if batch.status != ImportBatch.Status.PENDING and batch.file:
        # Written (its identifiers are in the database now) or refused: the upload goes at once,
        # as a web import's does; a pending one waits for its confirmation, at most a day.
        batch.file.delete(save=False)
    batch.save()
    return result


def rollback_refusal(batch: ImportBatch) -> str:
    """Why a batch cannot be rolled back, or "" when it can."""
    if batch.status != ImportBatch.Status.DONE:
        return "只有已导入的批次可以撤销"
    later = ImportBatch.objects.filter(
        source=batch.source, org=batch.org, status=ImportBatch.Status.DONE, pk__gt=batch.pk
    )
    if later.exists():
        # A later batch may have changed the same records again; undo from the newest back.
        return "之后还有同一系统的导入批次，请先撤销较新的批次"
    return ""


@transaction.atomic
def rollback(batch: ImportBatch, user, *, request=None) -> tuple[int, int]:
    """Deletes the records the batch created and puts the records it changed back as they were
    before it. Returns (deleted, restored)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    refusal = rollback_refusal(batch)
    if refusal:
        raise ValidationError(refusal)
    ledger = ledger_of(batch.source)
    history = ledger.model.history.filter(history_change_reason=f"导入 {batch.stamp}", org_id=batch.org_id)
    reason = f"撤销导入 {batch.stamp}"
    deleted = 0
    for obj in ledger.model.objects.filter(
        pk__in=history.filter(history_type="+").values("id"), import_batch=batch
    ):
        obj._history_user, obj._change_reason = user, reason
        try:
            obj.delete()
        except models.ProtectedError as exc:
            raise ValidationError(f"{ledger.title}“{obj}”已有关联记录，不能撤销本批导入") from exc
        deleted += 1
    restored = 0
    for row in history.filter(history_type="~"):
        before = (
            ledger.model.history.filter(id=row.id, history_id__lt=row.history_id)
            .order_by("-history_id")
            .first()
        )
        if before is None:
            continue
        obj = before.instance
        # Back to the earlier values, but a newer version: an edit page opened before the
        # rollback must not overwrite it unnoticed.
        obj.version = ledger.model.objects.filter(pk=obj.pk).values_list("version", flat=True).first() or 0
        obj.updated_by, obj.updated_at = user, timezone.now()
        obj._history_user, obj._change_reason = user, reason
        obj.save()
        restored += 1
    batch.status = ImportBatch.Status.ROLLED_BACK
    batch.rolled_back_at, batch.rolled_back_by = timezone.now(), user
    batch.save()
    audit(
        request or user,
        AuditLog.Action.ROLLBACK,
        target=f"{ledger.title} {batch.stamp}",
        detail=f"撤销导入：删除{deleted}条，恢复{restored}条",
        org=batch.org,
    )
    return deleted, restored
