"""Ledger throughput on a fresh database: Excel import and export, list-page latency.

Each throughput is printed beside its floor from the same run (issue 15): the import floor reads
the same sheet with python-calamine, converts the cells directly and bulk-inserts the records with
their history rows (the same field encryption) into a second township; the export floor writes
the same rows with an openpyxl write-only workbook and no formatting. Peak memory is the
process's maximum resident size after the import (nothing larger has run before it).

    .venv/bin/python bench/bench_ledger.py [--rows 100000] [--database-url postgres://...]

Without --database-url a temporary SQLite file is used. The database is migrated from scratch;
a PostgreSQL database given by URL should be a throwaway one (its tables are created and filled).
"""

import argparse
import os
import resource
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
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--requests", type=int, default=20, help="list-page requests per measurement")
    return parser.parse_args()


def setup(args, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["FAZHI_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_sheet(path: Path, rows: int, year: int, last_day_of_year: int) -> None:
    import datetime as dt

    from openpyxl import Workbook

    kinds = ["婚姻家庭", "邻里纠纷", "损害赔偿", "劳资纠纷", "土地承包", "合同纠纷"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("矛盾纠纷")
    ws.append(
        [
            "登记日期*",
            "纠纷类型*",
            "发生村（社区）*",
            "申请人（当事人）*",
            "纠纷简要情况*",
            "涉及金额（元）",
            "重大疑难纠纷",
            "当事人身份证号",
            "当事人电话",
        ]
    )
    start = dt.date(year, 1, 1)
    for n in range(rows):
        day = start + dt.timedelta(days=n % last_day_of_year)
        ws.append(
            [
                day,
                kinds[n % len(kinds)],
                f"测试{n % 10 + 1}村",
                f"当事人{n}",
                f"第{n}起纠纷的简要情况",
                n % 5000,
                "是" if n % 50 == 0 else "否",
                id_number(n),
                f"139{n:08d}",
            ]
        )
    wb.save(path)


def id_number(n: int) -> str:
    from fazhi.lib.masking import id_check_digit

    first17 = f"110105{1950 + n % 50}0101{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def floor_import(sheet: Path, org, user) -> int:
    """The import floor: calamine read, direct conversion, bulk insert with history rows."""
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone
    from python_calamine import load_workbook
    from simple_history.utils import bulk_create_with_history

    from fazhi.ledger.fields import seal
    from fazhi.mediation.models import Dispute
    from fazhi.orgs.models import OrgUnit

    kinds = {str(label): code for code, label in Dispute._meta.get_field("kind").flatchoices}
    villages = {v.name: v.pk for v in OrgUnit.objects.filter(parent=org)}
    rows = load_workbook(str(sheet)).get_sheet_by_index(0).to_python()[1:]
    now = timezone.now()
    objs = []
    for day, kind, village, applicant, summary, amount, major, id_no, phone in rows:
        objs.append(
            Dispute(
                org=org,
                registered_on=day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10]),
                kind=kinds[kind],
                village_id=villages[village],
                applicant=applicant,
                summary=summary,
                amount=Decimal(str(amount)),
                is_major=major == "是",
                applicant_id_number=id_no,
                applicant_phone=phone,
                created_by=user,
                updated_by=user,
                created_at=now,
                updated_at=now,
                import_source="floor",
            )
        )
    with transaction.atomic():
        # Each identifier encrypted once for the record and its history row, as the import does.
        seal(objs, ["applicant_id_number", "applicant_phone"])
        bulk_create_with_history(
            objs, Dispute, batch_size=1000, default_user=user, default_change_reason="floor"
        )
    return len(objs)


def floor_export(ledger, queryset, out) -> int:
    """The export floor: the same rows and columns, openpyxl write-only, values as stored."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ledger.title[:31])
    names = [ledger.field(n).attname for n in ledger.fields]
    ws.append(["id", *names])
    count = 0
    for row in queryset.values_list("pk", *names).iterator(chunk_size=2000):
        ws.append(row)
        count += 1
    wb.save(out)
    return count


CPU = {}


def timed(fn, label=None):
    """Run fn; return its value and wall seconds (its process CPU seconds go to CPU[label])."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    if label:
        CPU[label] = time.process_time() - cpu
    return value, time.perf_counter() - start


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        workdir = Path(tmp)
        setup(args, workdir)
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from fazhi.ledger import excel, registry
        from fazhi.mediation.models import Dispute
        from fazhi.orgs import roles
        from fazhi.orgs.models import Level, OrgUnit, User

        roles.sync()
        county = OrgUnit.objects.create(code="BC", name="基准县", level=Level.COUNTY)
        town = OrgUnit.objects.create(code="BC01", name="基准镇", level=Level.TOWNSHIP, parent=county)
        floor_town = OrgUnit.objects.create(code="BC02", name="基准乡", level=Level.TOWNSHIP, parent=county)
        for n in range(1, 11):
            OrgUnit.objects.create(code=f"BC01{n:02d}", name=f"测试{n}村", level=Level.VILLAGE, parent=town)
            OrgUnit.objects.create(
                code=f"BC02{n:02d}", name=f"测试{n}村", level=Level.VILLAGE, parent=floor_town
            )
        clerk = User.objects.create(username="clerk", org=town, must_change_password=False)
        clerk.groups.add(roles.group_for("clerk"))
        ledger = registry.get("disputes")
        today = timezone.localdate()
        sheet = workdir / "disputes.xlsx"
        _, build_s = timed(lambda: write_sheet(sheet, args.rows, today.year, today.timetuple().tm_yday))

        result, import_s = timed(
            lambda: excel.import_file(ledger, town, clerk, sheet, commit=True, source="bench"),
            "import",
        )
        assert result.committed and not result.errors, result.errors[:5]
        assert Dispute.objects.count() == args.rows
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        floor_rows, floor_import_s = timed(lambda: floor_import(sheet, floor_town, clerk), "import floor")
        assert floor_rows == args.rows
        # Measure the steady state: after a bulk load the planner's statistics are stale until
        # autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) has run.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        out = workdir / "export.xlsx"
        queryset = Dispute.objects.filter(org=town).order_by(*ledger.ordering)
        with out.open("wb") as fh:
            exported, export_s = timed(
                lambda: excel.write_export(ledger, queryset, fh, reveal=False), "export"
            )
        with (workdir / "floor.xlsx").open("wb") as fh:
            floor_exported, floor_export_s = timed(lambda: floor_export(ledger, queryset, fh), "export floor")
        assert floor_exported == exported

        vendor = connection.vendor
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"\nFazhi ledger bench — {vendor}, {args.rows:,} disputes in one township (load {load})\n")
        print(f"{'':<14}{'product':>16}{'floor':>16}{'product/floor':>15}{'target':>9}")
        print("-" * 70)
        for label, n, product_s, floor_s, target in (
            ("import", args.rows, import_s, floor_import_s, 1.3),
            ("export", exported, export_s, floor_export_s, 1.2),
        ):
            print(
                f"{label:<14}{n / product_s:>9,.0f} rows/s{n / floor_s:>9,.0f} rows/s"
                f"{product_s / floor_s:>14.2f}x{target:>8.1f}x"
            )
            print(f"{'  seconds':<14}{product_s:>14.1f} s{floor_s:>14.1f} s")
            product_cpu, floor_cpu = CPU[label], CPU[label + " floor"]
            print(
                f"{'  CPU seconds':<14}{product_cpu:>14.1f} s{floor_cpu:>14.1f} s"
                f"{product_cpu / floor_cpu:>14.2f}x"
            )
        print(f"{'import peak RSS':<14}{peak_mb:>13.0f} MB{'':>16}{'':>15}{'300 MB':>9}")
        print(f"{'build sheet':<14}{build_s:>14.1f} s")
        sys.stdout.flush()  # the ratios survive a failure of the page measurements below

        client = Client()
        client.force_login(clerk)
        pages = args.rows // 25
        latencies = {}
        for label, url in (
            ("/l/disputes/", "/l/disputes/"),
            (f"page {min(2000, pages)}", f"/l/disputes/?page={min(2000, pages)}"),
        ):
            client.get(url)  # warm caches and connections
            samples = []
            for _ in range(args.requests):
                response, seconds = timed(lambda url=url: client.get(url))
                assert response.status_code == 200
                samples.append(seconds)
            latencies[label] = statistics.median(samples)
        # A counting wrapper, not CaptureQueriesContext: SQLite connections close after each
        # request (CONN_MAX_AGE 0), and the wrapper survives that.
        executed = []
        with connection.execute_wrapper(lambda execute, sql, *a: executed.append(sql) or execute(sql, *a)):
            client.get("/l/disputes/")
        api_samples = [
            timed(lambda: client.get("/api/v1/ledgers/disputes/"))[1] for _ in range(args.requests)
        ]

        for label, seconds in latencies.items():
            print(f"{'list ' + label + ' median':<34}{seconds * 1000:>13.0f} ms")
        print(f"{'API list median':<34}{statistics.median(api_samples) * 1000:>13.0f} ms")
        print(f"{'list page queries':<34}{len(executed):>16}")
        connection.close()


if __name__ == "__main__":
    main()
