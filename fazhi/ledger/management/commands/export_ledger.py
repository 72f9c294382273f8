"""Export of one township's ledger for a year, personal identifiers masked."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.ledger import excel, registry
from fazhi.orgs.models import AuditLog, OrgUnit, audit


class Command(BaseCommand):
    help = "把某乡镇某年度的台账导出为 Excel（个人信息脱敏；敏感台账的导出记入审计日志）。"

    def add_arguments(self, parser):
        parser.add_argument("ledger", help="台账编码，如 disputes")
        parser.add_argument("--org", required=True, help="组织编码（乡镇，或县以导出全县）")
        parser.add_argument("--year", type=int, help="年度；名册类台账（无事件日期）导出全部")
        parser.add_argument("--out", required=True, help="输出的 .xlsx 文件")

    def handle(self, *args, ledger, org, year=None, out, **options):
        found = registry.get(ledger)
        if found is None:
            codes = "、".join(lg.code for lg in registry.all_ledgers())
            raise CommandError(f"没有台账“{ledger}”，可用：{codes}")
        unit = OrgUnit.objects.filter(code=org).first()
        if unit is None:
            raise CommandError(f"没有编码为“{org}”的组织")
        queryset = found.model.objects.of_org(unit)
        if found.yearly:
            if year is None:
                raise CommandError(f"{found.title}按年度导出，请用 --year 指定年度")
            queryset = queryset.filter(**found.in_year(year))
        queryset = queryset.order_by(*found.ordering)
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fh:
            count = excel.write_export(found, queryset, fh, reveal=False)
        if found.sensitive:
            # Running a command on the server is already an administrator's act (no password is
            # asked again, unlike the export page), but it is recorded like one.
            audit(None, AuditLog.Action.EXPORT, target=found.title, detail=f"命令行导出 {count} 条", org=unit)
        self.stdout.write(f"导出完成：{count} 条 → {target}")
