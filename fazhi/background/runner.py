"""Starting background work and running it: the one place that talks to the task backend.

A task body is a plain function of (record, progress) wrapped by ``background``: it is marked
running, reports progress, and ends in a state the user can see (done, or failed with a Chinese
message), whatever the backend (database or RQ) and whatever broke.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import shutil
import tempfile
import time
from pathlib import Path

from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from fazhi.background.models import BackgroundTask

log = logging.getLogger("fazhi.background")

Status = BackgroundTask.Status
INTERNAL_ERROR = "处理失败：系统内部错误，已记入日志。请稍后重试，或联系系统管理员。"
INTERRUPTED = "处理失败：后台任务意外中断，请重新提交。"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def user_message(exc: BaseException) -> str:
    """Our own errors speak Chinese to the user; anything else is not shown as it is."""
    text = str(exc)
    if _CJK.search(text):
        return f"处理失败：{text}"[:500]
    return INTERNAL_ERROR


class Progress:
    """Writes ``done`` of ``total`` at most twice a second (and always the last step)."""

    def __init__(self, record: BackgroundTask) -> None:
        self.record = record
        self.last = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        record = self.record
        record.progress = done
        if total is not None:
            record.total = total
        now = time.monotonic()
        if now - self.last < 0.5 and done < record.total:
            return
        self.last = now
        BackgroundTask.objects.filter(pk=record.pk).update(progress=record.progress, total=record.total)


def background(body):
    """Makes ``body(record, progress)`` the function of a task that takes the record's id."""

    @functools.wraps(body)
    def run(record_id: int) -> str:
        # The conditional UPDATE: a record cancelled meanwhile, or a task delivered twice, is left alone.
        started = timezone.now()
        if not BackgroundTask.objects.filter(pk=record_id, status=Status.QUEUED).update(
            status=Status.RUNNING, started_at=started
        ):
            return "skipped"
        record = BackgroundTask.objects.select_related("org", "created_by").get(pk=record_id)
        try:
            body(record, Progress(record))
        except Exception as exc:
            if _CJK.search(str(exc)):
                log.warning("background task %s refused: %s", record_id, exc)
            else:
                log.exception("background task %s failed", record_id)
            record.status = Status.FAILED
            record.error = user_message(exc)
            record.finished_at = timezone.now()
            record.save()
            raise
        if record.status == Status.RUNNING:
            record.status = Status.DONE
        record.finished_at = timezone.now()
        record.save()
        return record.status

    return run


def create(kind: str, title: str, user, org, **fields) -> BackgroundTask:
    return BackgroundTask.objects.create(kind=kind, title=title[:200], created_by=user, org=org, **fields)


def enqueue(record: BackgroundTask, task, *, inline: bool = False) -> BackgroundTask:
    """Queues ``task`` for the record (which must be QUEUED); ``inline`` runs it in this request
    through the same function, for work known to take well under a second."""
    if inline:
        # The record holds the failure the user sees; the request itself goes on.
        with contextlib.suppress(Exception):
            task.call(record.pk)
    else:
        result = task.enqueue(record.pk)
        BackgroundTask.objects.filter(pk=record.pk).update(result_id=str(result.id))
    record.refresh_from_db()
    return record


def active(user, kind: str, **params) -> BackgroundTask | None:
    """The user's unfinished task of this kind on the same object: a second click shows it instead
    of starting the same work twice."""
    rows = BackgroundTask.objects.filter(created_by=user, kind=kind, status__in=BackgroundTask.ACTIVE)
    for name, value in params.items():
        rows = rows.filter(**{f"params__{name}": value})
    return rows.order_by("-created_at").first()


def start_once(user, kind: str, title: str, org, task, *, key: dict, **extra) -> BackgroundTask:
    """The user's unfinished task of this kind on `key` (see `active`), or a new one queued with
    `key` and `extra` as its parameters."""
    record = active(user, kind, **key)
    if record is None:
        record = create(kind, title, user, org, params={**key, **extra})
        enqueue(record, task)
    return record


def reconcile(record: BackgroundTask) -> BackgroundTask:
    """A task that died where our wrapper could not record it (a killed worker, a task that could
    not even start) is failed in the backend only: the record follows it."""
    if not record.running or not record.result_id:
        return record
    try:
        result = default_task_backend.get_result(record.result_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        return record
    except Exception:  # the queue is unreachable: the page keeps polling, /healthz tells the operator
        log.warning("cannot read task result %s", record.result_id, exc_info=True)
        return record
    if result.status == TaskResultStatus.FAILED:
        BackgroundTask.objects.filter(pk=record.pk, status__in=BackgroundTask.ACTIVE).update(
            status=Status.FAILED, error=INTERRUPTED, finished_at=timezone.now()
        )
        record.refresh_from_db()
    return record


@contextlib.contextmanager
def local_path(field_file):
    """A path on this machine for a stored file: the file itself on a local or shared directory,
    a temporary copy when the storage has no paths (S3-compatible object storage)."""
    try:
        yield field_file.path
        return
    except NotImplementedError:
        pass
    suffix = Path(field_file.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        with field_file.open("rb") as src:
            shutil.copyfileobj(src, tmp)
        tmp.flush()
        yield tmp.name
