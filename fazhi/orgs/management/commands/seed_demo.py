import importlib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.ledger import todo
from fazhi.lib.fake import Fake
from fazhi.orgs import demo, roles
from fazhi.orgs.models import OrgUnit

DEMO_ACCOUNTS = [
    "admin",
    "secadmin",
    "auditor",
    "county",
    "city",
    "province",
    "clerk1",
    "reviewer1",
    "leader1",
    "clerk2",
    "reviewer2",
    "leader2",
    "clerk3",
    "reviewer3",
    "leader3",
]


def demo_password() -> str:
    return settings.FAZHI_DEMO_PASSWORD


class Command(BaseCommand):
    help = "Builds the demo county (示范县) with three townships, accounts and two years of records."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025, help="random seed (same seed, same data)")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when demo data already exists"
        )

    def handle(self, *args, seed=2025, if_empty=False, **options):
        if OrgUnit.objects.filter(code=demo.COUNTY[0]).exists():
            if if_empty:
                self.stdout.write("demo data already present; kept as it is")
                return
            raise CommandError("示范县已存在：演示数据只能加载到空数据库（make run 会跳过已有数据）")
        password = demo_password() if settings.DEMO else None
        roles.sync()
        with transaction.atomic(), todo.paused():
            ctx = demo.build_org_tree(Fake(seed), password)
            for config in apps.get_app_configs():
                if (
                    config.name.startswith("fazhi.")
                    and importlib.util.find_spec(f"{config.name}.demo")
                    and config.name != "fazhi.orgs"
                ):
                    importlib.import_module(f"{config.name}.demo").seed(ctx)
            # Saves do not refresh stored due dates while seeding (many are bulk writes anyway):
            # the to-do list's and the late counts' due dates are stored once at the end.
            todo.recompute([t.org.pk for t in ctx.townships])
        self.stdout.write(
            self.style.SUCCESS(f"demo county built: {len(ctx.townships)} townships, years {ctx.years}")
        )
        if password is None:
            self.stdout.write(
                "FAZHI_DEMO is not set: accounts have no usable password; set one with `manage.py changepassword`."
            )
