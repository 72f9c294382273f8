"""`manage.py workdays add 2025-09-26 5 [--calendar]` prints the due date on its first line and
the explanation below it; `manage.py workdays is 2025-10-01` says whether a day is a working day."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.workdays import deadlines
from fazhi.workdays.calendar import DeadlineError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式不正确：{text}，应为 YYYY-MM-DD，如 2025-10-01") from None


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise CommandError(f"天数应为整数：{text}") from None
    if n < 0:
        raise CommandError(f"天数不能为负数：{text}")
    return n


class Command(BaseCommand):
    help = "工作日历：计算期限届满日，或查询某日是否为工作日"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="子命令")
        add = sub.add_parser("add", help="计算期限届满日（起算日当日不计入）")
        add.add_argument("start", help="起算日 YYYY-MM-DD")
        add.add_argument("days", help="期限天数")
        add.add_argument("--calendar", action="store_true", help="按自然日计算（默认按工作日）")
        add.add_argument("--rule", default="", help="依据的法条，写入说明")
        is_ = sub.add_parser("is", help="查询某日是否为工作日")
        is_.add_argument("day", help="日期 YYYY-MM-DD")

    def handle(self, *args: object, **options: object) -> None:
        if options["action"] == "add":
            start = _date(str(options["start"]))
            n = _count(str(options["days"]))
            try:
                due = deadlines.add(start, n, working=not options["calendar"], rule=str(options["rule"]))
            except DeadlineError as e:
                raise CommandError(str(e)) from None
            self.stdout.write(due.date.isoformat())
            self.stdout.write(due.explain())
        else:
            d = _date(str(options["day"]))
            info = deadlines.calendar().day(d)
            kind = "工作日" if info.is_workday else "休息日"
            if info.is_makeup:
                detail = (
                    f"（{info.name}调休上班）" if info.name and "调休" not in info.name else "（调休上班）"
                )
            else:
                detail = f"（{info.name}）" if info.name else ""
            provisional = "（暂定：该年节假日安排尚未录入）" if info.provisional else ""
            self.stdout.write(f"{d.isoformat()} {kind}{detail}{provisional}")
