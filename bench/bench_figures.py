"""County figures at scale: the county home page, the county comparison page and
`GET /api/v1/indicators?org=<county>` on a county built by `manage.py seed_scale`, with the Django
test client (no network). Prints, for each, the median and best of several requests beside its
target, the number of queries and the load average of the machine.

    FAZHI_VAR_DIR=/tmp/scale FAZHI_DEMO=1 .venv/bin/python manage.py seed_scale --townships 30 --years 5
    FAZHI_VAR_DIR=/tmp/scale .venv/bin/python bench/bench_figures.py [--county SFX] [--repeat 7]

With `seed_scale --counties K` the county sits in a province: the province comparison (as the
province supervisor) is measured too.

The database is the one the environment names (FAZHI_VAR_DIR's SQLite file, or DATABASE_URL);
nothing is written to it except a session for the county user, and with `--cold` a no-op UPDATE
of one record of the first township (its figure stamp changes).

The figures' grouped rows are cached per township (`fazhi/indicators/figcache.py`): the main
line of each page is warm (its median after one request). `--cold` adds two lines per page: the
figures cache cleared before each request (every township computed; compiled SQL kept by the
process), and one township written before each request (that township's rows computed again).
The first request of the process (caches empty, queries compiled) is printed as "first".
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
TARGETS_MS = {"county home": 300, "comparison page": 300, "indicators API": 200, "province comparison": 1000}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--county", default="SFX")
    parser.add_argument("--year", type=int, default=0, help="default: last year (a whole year)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cold", action="store_true", help="also measure with the figures cache cold")
    parser.add_argument(
        "--only", choices=sorted(TARGETS_MS), action="append", help="measure only these pages (repeatable)"
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from fazhi.indicators import figcache
    from fazhi.orgs import roles
    from fazhi.orgs.models import OrgUnit, User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Pages render without collectstatic (the manifest storage needs it): static URLs as in DEBUG.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    county = OrgUnit.objects.get(code=args.county)
    townships = OrgUnit.objects.filter(parent=county).count()
    user = User.objects.filter(org=county, groups__name="县级督导").first()
    year = args.year or timezone.localdate().year - 1
    client = Client()
    client.force_login(user)
    pages = {
        "county home": (client, f"/?year={year}"),
        "comparison page": (client, f"/supervision/compare/?year={year}"),
        "indicators API": (client, f"/api/v1/indicators?org={county.code}&year={year}"),
    }
    print(f"database: {connection.vendor}; county {county.code} with {townships} townships; year {year}")
    # Above the county (`seed_scale --counties K`): the province supervisor's comparison of its
    # cities, with the page's default figures and years.
    province = OrgUnit.objects.filter(path=county.path.split("/")[0] + "/", level="province").first()
    if province is not None:
        above = Client()
        above.force_login(
            User.objects.filter(org=province, groups__name=roles.ROLE_BY_CODE["province"].name).first()
        )
        pages["province comparison"] = (above, f"/supervision/compare/?org={province.code}")
        under = OrgUnit.objects.filter(path__startswith=province.path)
        print(
            f"province {province.code}: {under.filter(level='county').count()} counties, "
            f"{under.filter(level='township').count()} townships"
        )
    first_township = OrgUnit.objects.filter(parent=county, level="township").order_by("code").first()

    def write_one_township() -> None:
        # A no-op UPDATE of one record: the stamp trigger gives the township a new version.
        for table in figcache.tables():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET org_id = org_id WHERE id = "  # noqa: S608 - the registry's tables
                    f"(SELECT MIN(id) FROM {table} WHERE org_id = %s)",
                    [first_township.pk],
                )
                if cursor.rowcount:
                    return
        raise SystemExit(f"no record of {first_township.code} to write")

    modes = {"": None}
    if args.cold:
        modes.update({" cold": cache.clear, " 1 township written": write_one_township})
    for label, (client, url) in pages.items():
        if args.only and label not in args.only:
            continue
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)  # warm caches (settings, sessions)
        print(
            f"{label + ' first':19s}        {(time.perf_counter() - start) * 1000:7.1f} ms  "
            f"CPU {(time.process_time() - start_cpu) * 1000:7.1f} ms (first request of the process)",
            flush=True,
        )
        assert response.status_code == 200, (url, response.status_code)
        for mode, before in modes.items():
            times, cpu = [], []
            for _ in range(args.repeat):
                if before is not None:
                    before()
                with CaptureQueriesContext(connection) as ctx:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
            # On a shared machine the process's CPU time (SQLite runs in the process) is the fairer
            # figure: wall time grows with the other processes' load.
            print(
                f"{label + mode:19s} median {statistics.median(times):7.1f} ms  best {min(times):7.1f} ms  "
                f"CPU median {statistics.median(cpu):7.1f} ms  target < {TARGETS_MS[label]} ms  "
                f"queries {len(ctx.captured_queries)}  ({url})",
                flush=True,
            )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
