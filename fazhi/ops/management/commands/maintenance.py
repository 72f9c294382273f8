from django.core.management.base import BaseCommand, CommandError

from fazhi.ops import maintenance
from fazhi.ops.models import MaintenanceRun


class Command(BaseCommand):
    help = (
        "Runs every registered maintenance step (file purges, audit retention, idle accounts, backup), "
        "each in its own transaction, and records what each did. Exits 1 when a step failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", metavar="NAME", help="run this step only")
        parser.add_argument(
            "--dry-run", action="store_true", help="list the steps that would run, run nothing"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the run for the background worker (run_worker)"
        )

    def handle(self, *args, only="", dry_run=False, enqueue=False, **options):
        try:
            todo = maintenance.steps(only)
            if dry_run:
                for step in todo:
                    self.stdout.write(f"{step.name}\t{step.label}")
                self.stdout.write(f"{len(todo)} step(s) would run")
                return
            if enqueue:
                record = maintenance.enqueue(only, trigger=MaintenanceRun.Trigger.COMMAND)
                self.stdout.write(f"maintenance run {record.pk} queued for run_worker")
                return
            record = maintenance.run(only, trigger=MaintenanceRun.Trigger.COMMAND)
        except maintenance.UnknownStep as exc:
            raise CommandError(str(exc)) from exc
        for result in record.results:
            mark = "ok" if result["ok"] else "FAILED"
            self.stdout.write(f"{mark}\t{result['name']}\t{result['seconds']}s\t{result['summary']}")
        if record.status == MaintenanceRun.Status.FAILED:
            raise CommandError(f"maintenance run {record.pk}: a step failed")
        self.stdout.write(f"maintenance run {record.pk}: {len(record.results)} step(s) done")
