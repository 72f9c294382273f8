import signal
import time

from django.core.management.base import BaseCommand

from fazhi.ledger.jobs import work
from fazhi.ops import maintenance


class Command(BaseCommand):
    help = (
        "Runs background imports and exports until stopped (SIGTERM finishes the current job first); "
        "between jobs it runs the queued and the daily maintenance run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the waiting jobs, then exit")

    def handle(self, *args, once=False, **options):
        stopping = {"flag": False}

        def stop(signum, frame):
            stopping["flag"] = True

        def idle():
            maintenance.tick()
            time.sleep(1)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        count = work(once=once, stop=lambda: stopping["flag"], sleep=idle)
        if once and maintenance.tick() is not None:
            self.stdout.write("ran the queued maintenance run")
        self.stdout.write(f"ran {count} job(s)")
