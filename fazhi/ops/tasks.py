"""The maintenance run as a background task (Django's Tasks API)."""

from django_tasks import task

from fazhi.ops import maintenance


@task
def run_queued(run_id: int) -> str:
    record = maintenance.run_claimed(run_id)
    return record.status if record is not None else "skipped"
