"""Bulk import of an Excel sheet into one township's ledger, all rows or none.

Without --user the records carry no author (created_by is empty): a command-line import is an
administrator's act, and attributing it to whichever clerk happens to be first would be false.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.ledger import excel, registry
from fazhi.orgs.models import AuditLog, Level, OrgUnit, User, audit


class Command(BaseCommand):
    help = "把 Excel 文件导入某乡镇的台账：全部行校验通过才写入，否则逐行列出错误并退出码 1。"

    def add_arguments(self, parser):
        parser.add_argument("ledger", help="台账编码，如 disputes")
        parser.add_argument("path", help=".xlsx 文件")
        parser.add_argument("--org", required=True, help="乡镇编码")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--user", help="记为填报人的用户名（缺省时不记填报人）")

    def handle(self, *args, ledger, path, org, dry_run=False, user=None, **options):
        found = registry.get(ledger)
        if found is None:
            codes = "、".join(lg.code for lg in registry.all_ledgers())
            raise CommandError(f"没有台账“{ledger}”，可用：{codes}")
        unit = OrgUnit.objects.filter(code=org).first()
        if unit is None:
            raise CommandError(f"没有编码为“{org}”的组织")
        if unit.level != Level.TOWNSHIP:
            raise CommandError(f"“{unit.name}”不是乡镇（街道），台账只能导入乡镇")
        author = None
        if user:
            author = User.objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"没有用户“{user}”")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"文件不存在：{path}")

        def record(result):
            audit(
                author,
                AuditLog.Action.IMPORT,
                target=f"{found.title} {file.name}",
                detail=f"命令行导入：新增{result.creates}条，更新{result.updates}条",
                org=unit,
            )

        result = excel.import_file(
            found,
            unit,
            author,
            file,
            commit=not dry_run,
            source=f"命令行导入：{file.name}"[:120],
            in_transaction=record,
        )
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            self.stderr.write(f"校验未通过：{len(result.errors)} 处错误，未写入任何记录。")
            sys.exit(1)
        if result.ignored_columns:
            self.stdout.write("已忽略无法识别的列：" + "、".join(result.ignored_columns))
        if dry_run:
            self.stdout.write(
                f"校验通过：{result.total} 行（新增 {result.creates} 条，更新 {result.updates} 条，未写入）"
            )
        else:
            self.stdout.write(f"导入完成：新增 {result.creates} 条，更新 {result.updates} 条")
