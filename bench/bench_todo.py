"""To-do list and late counts at county scale: the stored due dates (ledger.OpenDeadline) against
the targets of issue 15 (county home < 300 ms, a township's to-do list < 200 ms), with the old
computation (every provider over every open record, `todo.scan`) printed beside them.

    .venv/bin/python bench/bench_todo.py                                  # demo county, SQLite
    .venv/bin/python bench/bench_todo.py --townships 30 --years 5        # seed_scale, SQLite
    .venv/bin/python bench/bench_todo.py --database-url postgres://...   # a throwaway database
    .venv/bin/python bench/bench_todo.py --database-url ... --no-seed    # already seeded

Without --database-url a temporary SQLite file is used. With --townships the data is made by
`manage.py seed_scale` (branch figures), otherwise by `seed_demo`.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--townships", type=int, default=0, help="seed_scale townships (0: the demo county)")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--no-seed", action="store_true", help="the database is already migrated and seeded")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--county", default="", help="code of the county measured (default: the first)")
    parser.add_argument(
        "--keep-deadlines", action="store_true", help="use the stored due dates as they are (no recompute)"
    )
    parser.add_argument("--skip-scan", action="store_true", help="do not time the old computation")
    return parser.parse_args()


# The median CPU time of this process over the last `median_ms` (ms): on the shared machine the
# wall time follows the other engineers' load, the process's own CPU time much less (SQLite runs
# in the process; for PostgreSQL the server's time is not in it).
LAST_CPU = [0.0]


def median_ms(fn, repeat: int) -> tuple[float, object]:
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    LAST_CPU[0] = statistics.median(cpu) * 1000
    return statistics.median(times) * 1000, result


def row(label: str, product: float, other: float | None, other_label: str, unit: str = "ms") -> None:
    side = f"{other:>10.1f} {unit}  ({other_label})" if other is not None else ""
    print(f"{label:<44} {product:>10.1f} {unit} (cpu {LAST_CPU[0]:.0f})  vs {side}")


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-todo-") as tmp:
        workdir = Path(tmp)
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ.setdefault("FAZHI_VAR_DIR", str(workdir / "var"))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
        os.environ.setdefault("FAZHI_DEMO", "1")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from fazhi.ledger import todo
        from fazhi.ledger.models import OpenDeadline
        from fazhi.orgs.models import Level, OrgUnit, User

        # Pages render without collectstatic (the manifest storage needs it): static URLs as in DEBUG.
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        devnull = open(os.devnull, "w")  # noqa: SIM115
        if not args.no_seed:
            call_command("migrate", verbosity=0)
            start = time.perf_counter()
            if args.townships:
                call_command("seed_scale", townships=args.townships, years=args.years, stdout=devnull)
            else:
                call_command("seed_demo", verbosity=0, stdout=devnull)
            print(f"seeded in {time.perf_counter() - start:.1f} s")
        if not args.keep_deadlines:
            start = time.perf_counter()
            written = todo.recompute()
            recompute_s = time.perf_counter() - start
            print(f"recompute: {written} open deadlines stored in {recompute_s:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")

        counties = OrgUnit.objects.filter(level=Level.COUNTY).order_by("pk")
        county = counties.get(code=args.county) if args.county else counties.first()
        townships = list(OrgUnit.objects.filter(level=Level.TOWNSHIP, path__startswith=county.path))
        ids = [t.pk for t in townships]
        county_user = User.objects.filter(org=county, groups__name__isnull=False, is_staff=False).first()
        biggest = max(townships, key=lambda t: OpenDeadline.objects.filter(org=t).count())
        clerk = User.objects.filter(org=biggest, is_staff=False).order_by("pk").first()
        today = timezone.localdate()
        print(
            f"{connection.vendor}: {len(townships)} townships, {OpenDeadline.objects.count()} stored deadlines; "
            f"to-do page of {biggest.name} as {clerk.username}; county as {county_user.username}"
        )
        print(f"{'measure':<44} {'product':>13}      {'target / old computation'}")

        ms, counts = median_ms(lambda: todo.summary(county_user, ids, today), args.repeat)
        row("county late counts (todo.summary)", ms, 300, "target: whole county home")
        print(f"    late {counts.late}, listed {counts.total}")
        with CaptureQueriesContext(connection) as q:
            todo.summary(county_user, ids, today)
        print(f"    queries: {len(q.captured_queries)}")
        if not args.skip_scan:
            old_ms, old = median_ms(lambda: todo.scan(county_user, ids, today), 1)
            late_old = sum(1 for t in old if t.state(today) == todo.LATE)
            row("  old: scan every provider, count late", old_ms, None, "")
            print(f"    late {late_old}, listed {len(old)} (must equal the counts above)")

        client = Client()

        def page(user, url: str, label: str, target: float) -> None:
            client.force_login(user)
            client.get(url)  # the session and the per-process caches
            ms, response = median_ms(lambda: client.get(url), args.repeat)
            row(label, ms, target, "target")
            with CaptureQueriesContext(connection) as q:
                client.get(url)
            print(f"    queries: {len(q.captured_queries)}, status {response.status_code}")

        page(county_user, "/", "county home page GET / (indicators incl.)", 300)
        page(clerk, "/l/todo/", "township to-do list GET /l/todo/", 200)
        ms, listed = median_ms(lambda: todo.items(clerk, [biggest.pk], today), args.repeat)
        row("  of which todo.items (no rendering)", ms, None, "")
        print(f"    items: {len(listed)}")
        if not args.skip_scan:
            old_ms, old = median_ms(lambda: todo.scan(clerk, [biggest.pk], today), 1)
            row("  old: todo.scan for the township", old_ms, None, "")
            same = [(t.kind, t.record.pk, t.due) for t in old] == [
                (t.kind, t.record.pk, t.due) for t in listed
            ]
            print(f"    same items as the stored path: {same}")

        from fazhi.workdays.calendar import Calendar

        cal = Calendar()
        starts = [today.replace(day=1) - timezone.timedelta(days=k) for k in range(0, 2000, 7)]
        step_ms, _ = median_ms(lambda: [cal._step(s, 20, True, [], {}) for s in starts], 3)
        fast_ms, _ = median_ms(lambda: [cal.add(s, 20) for s in starts], 3)
        row(f"{len(starts)} deadlines of 20 working days (jump)", fast_ms, step_ms, "day by day, date only")
        print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
