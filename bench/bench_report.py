"""Annual report timings on a fresh database holding the demo county (a year of records per
township): drafting one township's report, rendering it to .docx / HTML / PDF; then the reports of
N distinct townships: drafted one at a time (`draft_report` per township) and in one pass
(`draft_reports`), with the queries and time of each, and each rendered to .docx; then the
county's own report of the demo county and of the county of N townships (queries, CPU, wall).

    .venv/bin/python bench/bench_report.py [--townships 100] [--database-url postgres://...]

Without --database-url a temporary SQLite file is used; a PostgreSQL database given by URL should
be a throwaway one (it is migrated and filled with the demo county). When the database holds
fewer than N townships, a county of N townships is added with
`manage.py seed_scale --townships N --years 2 --volume V --county-code SFB` (--volume).
"""

import argparse
import os
import shutil
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
    parser.add_argument("--townships", type=int, default=100)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--no-seed", action="store_true", help="the database already holds the demo county")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice rendering")
    parser.add_argument("--township", default="SFX03", help="code of the township drafted")
    parser.add_argument(
        "--volume", type=float, default=2.0, help="seed_scale --volume of the county of N townships"
    )
    parser.add_argument("--scale-county", default="SFB", help="code of the county of N townships")
    parser.add_argument(
        "--no-one-by-one", action="store_true", help="skip drafting the N townships one at a time"
    )
    return parser.parse_args()


def timed(fn, repeat: int = 1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-report-") as tmp:
        workdir = Path(tmp)
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ.setdefault("FAZHI_VAR_DIR", str(workdir / "var"))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        if not args.no_seed:
            call_command("migrate", verbosity=0)
            _, seed = timed(lambda: call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w")))  # noqa: SIM115
            print(f"demo county seeded in {seed[0]:.1f} s")

        from fazhi.orgs.models import OrgUnit, User
        from fazhi.reports import document, drafting, render, render_docx
        from fazhi.reports.models import Report

        town = OrgUnit.objects.get(code=args.township)
        clerk = User.objects.filter(org=town, is_staff=False).order_by("pk").first()
        year = Report.objects.order_by("year").values_list("year", flat=True).first() or (
            timezone.localdate().year - 1
        )

        def redraft():
            with transaction.atomic():
                Report.objects.filter(org=town, year=year).delete()
                return drafting.draft_report(town, year, clerk)

        report, t_draft = timed(redraft, 10)
        with CaptureQueriesContext(connection) as ctx:
            report = redraft()
        print(f"{connection.vendor}: township {town.code} {town.name}, year {year}")
        print(
            f"queries per draft: {len(ctx.captured_queries)} (the Report, its sections and paragraphs included)"
        )
        paragraphs = sum(s.paragraphs.count() for s in report.sections.all())
        print(
            f"draft one township ({paragraphs} paragraphs): median {statistics.median(t_draft) * 1000:.0f} ms"
        )
        doc, t_model = timed(lambda: document.build(report), 20)
        print(f"document model: median {statistics.median(t_model) * 1000:.1f} ms")
        body = "".join(b.text for b in doc.blocks)
        print(f"report text: {len(body)} characters, {len(doc.figures)} live figures")
        _, t_docx = timed(lambda: render_docx.render(doc), 20)
        print(f"render .docx: median {statistics.median(t_docx) * 1000:.1f} ms")
        _, t_html = timed(lambda: render.standalone_html(doc), 20)
        print(f"render HTML: median {statistics.median(t_html) * 1000:.2f} ms")
        if args.no_pdf:
            print("render PDF: skipped (--no-pdf)")
        elif shutil.which("soffice"):
            _, t_pdf = timed(lambda: render.render(report, "pdf"), 3)
            print(f"render PDF (LibreOffice): median {statistics.median(t_pdf):.2f} s")
        else:
            print("render PDF: skipped, LibreOffice not installed")

        n = args.townships

        def scale_towns() -> list:
            county = OrgUnit.objects.filter(code=args.scale_county).first()
            if county is None:
                return []
            return list(OrgUnit.objects.townships().filter(path__startswith=county.path).order_by("path"))

        towns = scale_towns()
        if n > 3 and len(towns) < n:
            started = time.perf_counter()
            call_command(
                "seed_scale",
                townships=n,
                years=2,
                volume=args.volume,
                county_code=args.scale_county,
                stdout=open(os.devnull, "w"),  # noqa: SIM115
            )
            print(
                f"county {args.scale_county} of {n} townships seeded (seed_scale --years 2 "
                f"--volume {args.volume:g}) in {time.perf_counter() - started:.0f} s"
            )
            towns = scale_towns()
        if n <= 3:
            towns = list(
                OrgUnit.objects.townships().filter(path__startswith=town.parent.path).order_by("path")
            )
        towns = towns[:n]
        clerks = {}
        for u in User.objects.filter(org__in=towns, is_staff=False).order_by("pk"):
            clerks.setdefault(u.org_id, u)

        def clear():
            drafted = Report.objects.filter(org__in=towns, year=year)
            drafted.update(corrects=None)
            drafted.delete()

        def cpu_and_wall(fn, reset=clear):
            """fn's result, queries (counted as run: the query log keeps only 9,000), CPU and wall time,
            after `reset` removed what an earlier run drafted."""
            reset()
            count = [0]

            def counted(execute, sql, params, many, context):
                count[0] += 1
                return execute(sql, params, many, context)

            cpu, wall = time.process_time(), time.perf_counter()
            with connection.execute_wrapper(counted):
                result = fn()
            return result, count[0], time.process_time() - cpu, time.perf_counter() - wall

        def one_by_one():
            return [drafting.draft_report(t, year, clerks.get(t.pk)) for t in towns]

        def one_pass():
            return drafting.draft_reports(towns, year, clerks)

        print(f"{len(towns)} distinct townships, year {year}:")
        if not args.no_one_by_one:
            _, q, cpu, wall = cpu_and_wall(one_by_one)
            print(f"  drafted one at a time: {q} queries, {wall:.2f} s wall, {cpu:.2f} s CPU")
        reports, q, cpu, wall = cpu_and_wall(one_pass)
        print(
            f"  drafted in one pass:   {q} queries, {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"({wall / len(towns) * 1000:.0f} ms per township)"
        )
        _, t_many = timed(lambda: [render_docx.render(document.build(r)) for r in reports])
        print(
            f"  model + .docx each: {t_many[0]:.2f} s ({t_many[0] / len(towns) * 1000:.0f} ms per township)"
        )

        # The county's own report: every figure summed over its townships, the townships behind
        # each target and the months each left blank, for the demo county and the county of N.
        counties = [town.parent]
        if towns and towns[0].parent_id != town.parent_id:
            counties.append(towns[0].parent)
        for county in counties:
            county_user = User.objects.filter(org=county, is_staff=False).order_by("pk").first()
            n_towns = OrgUnit.objects.townships().filter(path__startswith=county.path, active=True).count()

            def remove_own(county=county):
                own = Report.objects.filter(org=county, year=year)
                own.update(corrects=None)
                own.delete()

            def county_draft(county=county, county_user=county_user, remove_own=remove_own):
                return cpu_and_wall(lambda: drafting.draft_report(county, year, county_user), remove_own)

            runs = [county_draft() for _ in range(3)]
            _, q, cpu, wall = min(runs, key=lambda r: r[3])
            print(
                f"county report {county.code} ({n_towns} townships): {q} queries, "
                f"{wall:.2f} s wall, {cpu:.2f} s CPU (best of 3; median wall "
                f"{statistics.median(r[3] for r in runs):.2f} s)"
            )
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
