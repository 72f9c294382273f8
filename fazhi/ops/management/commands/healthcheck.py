import json

from django.core.management.base import BaseCommand, CommandError

from fazhi.ops.health import CHECKS, run_checks


class Command(BaseCommand):
    help = (
        "Runs the checks of /healthz (database, cache, queue, disk) and prints them as JSON; "
        "exits 1 when one fails (a container HEALTHCHECK, a systemd watchdog)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="append", choices=list(CHECKS), help="only these checks")

    def handle(self, *args, check=None, **options):
        healthy, report = run_checks(check)
        self.stdout.write(json.dumps({"status": "ok" if healthy else "fail", "checks": report}))
        if not healthy:
            raise CommandError("unhealthy: " + ", ".join(n for n, c in report.items() if not c["ok"]))
