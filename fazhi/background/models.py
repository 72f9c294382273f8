"""What the user sees of a piece of background work: its progress, its outcome, its files.

The queue itself is Django's Tasks API (django-tasks, database or RQ backend); a record here is
keyed by the task result id and written by the task as it runs, so the jobs page lists a user's
work with one query whatever backend runs it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.orgs.models import OrgUnit


class BackgroundTask(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", "导入"
        EXPORT = "export", "导出"
        DRAFT = "draft", "起草报告"
        PDF = "pdf", "生成PDF"
        RECOMPUTE = "recompute", "重新计算"
        REVIEW = "review", "批量审查"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "处理中"
        VALID = "valid", "校验通过，待确认"
        INVALID = "invalid", "校验未通过"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        CANCELLED = "cancelled", "已取消"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    title = models.CharField("内容", max_length=200)
    # The task result of the current step (an import has two: checking, then writing).
    result_id = models.CharField("任务编号", max_length=64, blank=True, db_index=True)
    org = models.ForeignKey(
        OrgUnit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    file = models.FileField("文件", upload_to="tasks/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=200, blank=True)
    # An export's file is kept encrypted (it may hold revealed identifiers); it is deleted an
    # hour after its first download or a day after it was made (ledger.maintenance.purge_files).
    encrypted = models.BooleanField(default=False)
    downloaded_at = models.DateTimeField("首次下载时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"

    @property
    def running(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        if not self.running:
            return 100
        return min(100, int(self.progress * 100 / self.total)) if self.total else 0
