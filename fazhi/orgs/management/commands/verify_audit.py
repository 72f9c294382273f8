"""Checks the audit log's hash chain; exit status 1 names the first broken link."""

import sys

from django.core.management.base import BaseCommand

from fazhi.orgs.auditchain import verify


class Command(BaseCommand):
    help = "校验审计日志的哈希链：全部完好时退出码 0，否则指出第一处断裂并以退出码 1 结束。"

    def handle(self, *args, **options):
        result = verify()
        if result.broken is not None:
            self.stderr.write(f"审计日志哈希链断裂：{result.broken}")
            self.stderr.write(f"此前已校验 {result.checked} 条完好。")
            sys.exit(1)
        if result.first is None:
            self.stdout.write("审计日志为空。")
            return
        self.stdout.write(f"审计日志哈希链完好：共 {result.checked} 条，自第 {result.first.pk} 条起。")
