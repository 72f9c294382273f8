import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from fazhi.ops import maintenance

log = logging.getLogger("fazhi.background")

# How often a worker checks whether the daily maintenance run is due.
SCHEDULE_EVERY_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Runs the background tasks (imports, exports, drafting, PDF, batch review, maintenance) with "
        "the worker of the configured backend (FAZHI_TASK_BACKEND: database or rq) until stopped; "
        "SIGTERM finishes the current task first. It also queues the daily maintenance run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the waiting tasks, then exit")

    def handle(self, *args, once=False, **options):
        maintenance.schedule_due()
        if once:
            count = self.run_backend(once=True)
            self.stdout.write(f"ran {count} task(s)")
            return
        stopping = threading.Event()
        scheduler = threading.Thread(target=self.schedule, args=(stopping,), daemon=True)
        scheduler.start()
        try:
            self.run_backend(once=False)
        finally:
            stopping.set()

    @staticmethod
    def schedule(stopping: threading.Event) -> None:
        from django.db import close_old_connections

        while not stopping.wait(SCHEDULE_EVERY_SECONDS):
            try:
                close_old_connections()
                maintenance.schedule_due()
            except Exception:  # the next minute tries again; the worker itself keeps running
                log.exception("could not queue the daily maintenance run")

    @staticmethod
    def run_backend(*, once: bool) -> int:
        if settings.TASK_BACKEND == "rq":
            import django_rq
            from django_tasks.signals import task_finished
            from django_tasks_rq.backend import Job
            from rq import SimpleWorker

            # --once (cron, tests) runs the tasks in this process; the long-running worker forks a
            # process per task, so a task that crashes or leaks cannot take the worker with it.
            worker = django_rq.get_worker(
                "default", job_class=Job, worker_class=SimpleWorker if once else None
            )
            # RQ 3 counts finished jobs in Redis only (worker.successful_job_count stays 0 in this
            # process): count the tasks by the backend's own signal, sent here when a task ends.
            finished = []

            def count(sender, task_result, **kwargs):
                finished.append(task_result.id)

            task_finished.connect(count, weak=False)
            try:
                # RQ's worker finishes the current job on SIGTERM (a warm shutdown) by itself.
                worker.work(burst=once, with_scheduler=not once, logging_level="WARNING")
            finally:
                task_finished.disconnect(count)
            return len(finished)
        from django_tasks.utils import get_random_id
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["*"],
            interval=1,
            batch=once,
            backend_name="default",
            startup_delay=not once,
            max_tasks=None,
            worker_id=get_random_id(),
        )
        if not once:
            # SIGTERM and SIGINT: finish the running task, then exit (a second signal ends it now).
            worker.configure_signals()
        else:
            signal.signal(signal.SIGTERM, worker.shutdown)
        worker.run()
        return worker._run_tasks
