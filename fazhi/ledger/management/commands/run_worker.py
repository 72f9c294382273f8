import signal
import time

from django.core.management.base import BaseCommand

from fazhi.ledger.jobs import work


class Command(BaseCommand):
    help = "Runs background imports and exports until stopped (SIGTERM finishes the current job first)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the waiting jobs, then exit")

    def handle(self, *args, once=False, **options):
        stopping = {"flag": False}

        def stop(signum, frame):
            stopping["flag"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        count = work(once=once, stop=lambda: stopping["flag"], sleep=lambda: time.sleep(1))
        self.stdout.write(f"ran {count} job(s)")
