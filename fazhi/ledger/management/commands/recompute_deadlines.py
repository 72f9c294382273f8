"""Rewrites the stored due dates of the to-do list and the late counts (ledger.OpenDeadline)."""

import time

from django.core.management.base import BaseCommand, CommandError

from fazhi.ledger import todo
from fazhi.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "重算全部（或指定乡镇的）待办期限：节假日调整或期限设置变更后、批量写入数据后使用"

    def add_arguments(self, parser):
        parser.add_argument("--org", action="append", default=[], help="乡镇编码，可重复；缺省为全部乡镇")

    def handle(self, *args, **options):
        org_ids = None
        if options["org"]:
            found = dict(
                OrgUnit.objects.filter(code__in=options["org"], level="township").values_list("code", "pk")
            )
            missing = [c for c in options["org"] if c not in found]
            if missing:
                raise CommandError(f"--org：没有编码为 {'、'.join(missing)} 的乡镇")
            org_ids = list(found.values())
        started = time.monotonic()
        written = todo.recompute(org_ids)
        self.stdout.write(f"已重算待办期限 {written} 项，用时 {time.monotonic() - started:.1f} 秒")
