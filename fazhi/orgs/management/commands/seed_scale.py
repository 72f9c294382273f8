import dataclasses
import importlib
import importlib.util
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.ledger import todo
from fazhi.ledger.models import LineSource
from fazhi.orgs import demo, roles, scale
from fazhi.orgs.models import OrgUnit


def _area_seeders():
    for config in apps.get_app_configs():
        name = config.name
        if (
            name.startswith("fazhi.")
            and name not in scale.SKIPPED
            and importlib.util.find_spec(f"{name}.demo")
        ):
            yield name, importlib.import_module(f"{name}.demo")


class Command(BaseCommand):
    help = (
        "Builds a synthetic county of N townships with Y years of records in every ledger (bulk writes), "
        "or a province whose --counties counties share them, for benchmarks and load tests; on an empty "
        "database or next to the demo county."
    )

    def add_arguments(self, parser):
        parser.add_argument("--townships", type=int, required=True, help="number of townships")
        parser.add_argument("--years", type=int, default=5, help="years of records, ending with this year")
        parser.add_argument(
            "--county-code",
            default=None,
            help=f"code of the new county (default {demo.COUNTY[0]} on an empty database)",
        )
        parser.add_argument("--county-name", default=None, help="name of the new county")
        parser.add_argument(
            "--counties",
            type=int,
            default=1,
            help="counties sharing the townships, under a province and its cities (1: a county alone)",
        )
        parser.add_argument(
            "--volume",
            type=float,
            default=30.0,
            help="everyday ledgers' records per township-year, as a multiple of the demo county's",
        )
        parser.add_argument(
            "--templates",
            type=int,
            default=3,
            help="townships whose records the demo generators write; the others receive copies of them",
        )
        parser.add_argument("--seed", type=int, default=2025, help="random seed")

    def handle(
        self, *args, townships, years, county_code, county_name, counties, volume, templates, seed, **options
    ):
        if townships < 1:
            raise CommandError("--townships（乡镇数）须为正整数")
        if not 1 <= counties <= townships:
            raise CommandError("--counties（县数）须为正整数，且不多于乡镇数")
        if not 2 <= years <= 20:
            raise CommandError("--years（年数）须在 2 到 20 之间")
        if volume <= 0:
            raise CommandError("--volume（记录量倍数）须大于 0")
        if templates < 1:
            raise CommandError("--templates（样板乡镇数）须为正整数")
        code = county_code or demo.COUNTY[0]
        name = county_name or (demo.COUNTY[1] if code == demo.COUNTY[0] else f"{code}县")
        if counties > 1:
            province, cities, plan = scale.province_plan(code, name, counties)
        else:
            province, cities, plan = None, [], [(code, name, 0)]
        codes = [c for c, _, _ in plan] + [c for c, _ in cities] + ([province[0]] if province else [])
        taken = sorted(OrgUnit.objects.filter(code__in=codes).values_list("code", flat=True))
        if taken:
            raise CommandError(
                f"--county-code（县编码）{code}：编码 {'、'.join(taken)} 已存在，请另给一个编码，新建一个县"
            )
        password = settings.FAZHI_DEMO_PASSWORD if settings.DEMO else None
        started = time.monotonic()
        roles.sync()
        fake = scale.ScaleFake(seed)
        seeders = [(area, module.seed) for area, module in _area_seeders()]
        with todo.paused():
            with transaction.atomic():
                above = scale.build_above(fake, province, cities, password) if province else []
                built = []
                for k, (c, n, city) in enumerate(plan):
                    share = townships // counties + (k < townships % counties)
                    built.append(
                        scale.build_county(fake, c, n, share, years, password, above[city] if above else None)
                    )
                    self.stdout.write(
                        f"county {c}: {share} townships, years {built[-1].years[0]}–{built[-1].years[-1]}"
                    )
            if province:
                self.stdout.write(f"province {province[0]}: {len(cities)} cities, {counties} counties")
            # The templates and their copies are drawn from every county's townships.
            ctx = dataclasses.replace(built[0], townships=[t for b in built for t in b.townships])
            models = scale.template_profiles(fake, ctx.townships[:templates], cloned=townships > templates)
            for n, t in enumerate(models, start=1):
                one = dataclasses.replace(ctx, townships=[t])
                with transaction.atomic():
                    for area, seed_area in seeders:
                        if area in scale.COUNTY_WIDE:
                            continue
                        with scale.scaled([t], volume * scale.VOLUME.get(area, 1 / volume)):
                            seed_area(one)
                self.stdout.write(
                    f"  template {t.org.code} {t.org.name} ({n}/{len(models)}) "
                    f"{time.monotonic() - started:.0f} s"
                )
            copies = ctx.townships[len(models) :]
            # The templates' stored due dates of the to-do list and the late counts; the copies
            # receive theirs with their records.
            todo.recompute([t.org.pk for t in models])
            if copies:
                cloner = scale.Cloner([a for a, _ in seeders if a not in scale.COUNTY_WIDE])
                for n, t in enumerate(copies, start=1):
                    source = scale.pick_template(fake, models)
                    with transaction.atomic():
                        cloner.clone(source, t, keep=fake.rng.uniform(*scale.KEEP), salt=fake.between(0, 999))
                    if n % 10 == 0 or n == len(copies):
                        self.stdout.write(
                            f"  copied {n}/{len(copies)} townships {time.monotonic() - started:.0f} s"
                        )
                cloner.finish()
            for area, seed_area in seeders:
                if area not in scale.COUNTY_WIDE:
                    continue
                if area == "fazhi.corrections" and LineSource.objects.filter(code="zhjz").exists():
                    self.stdout.write(f"  {area}: line source already present (demo county), skipped")
                    continue
                with transaction.atomic():
                    seed_area(ctx)
        # The county-wide areas' stored due dates, once for all their records.
        towns = [t.org.pk for t in ctx.townships]
        for area in scale.COUNTY_WIDE:
            for model in apps.get_app_config(area.rsplit(".", 1)[1]).get_models():
                if not model.__name__.startswith("Historical") and hasattr(model, "org_id"):
                    todo.refresh(
                        {model: set(model._base_manager.filter(org__in=towns).values_list("pk", flat=True))}
                    )
        total = self._count(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"built {total:,} records in {time.monotonic() - started:.0f} s")
        )
        if password is None:
            self.stdout.write("FAZHI_DEMO is not set: accounts have no usable password.")

    def _count(self, ctx) -> int:
        towns = [t.org for t in ctx.townships]
        total = 0
        for model in apps.get_models():
            module = model.__module__
            if (
                module.startswith("fazhi.")
                and module.split(".")[1] not in ("orgs", "ledger", "reports", "supervision")
                and not model.__name__.startswith("Historical")
                and any(f.name == "org" for f in model._meta.fields)
            ):
                total += model._base_manager.filter(org__in=towns).count()
        return total
