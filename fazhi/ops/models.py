from django.conf import settings
from django.db import models
from django.utils import timezone


class MaintenanceRun(models.Model):
    """One run of the maintenance steps: who or what started it, and what each step did."""

    class Trigger(models.TextChoices):
        COMMAND = "command", "命令行"
        SCHEDULE = "schedule", "定时"
        ADMIN = "admin", "管理员"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        DONE = "done", "已完成"
        FAILED = "failed", "有步骤失败"

    trigger = models.CharField("触发方式", max_length=16, choices=Trigger.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    only = models.CharField("仅运行步骤", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    # [{"name", "label", "ok", "summary", "seconds"}] in the order the steps ran.
    results = models.JSONField("各步骤结果", default=list, blank=True)

    class Meta:
        verbose_name = "维护运行"
        verbose_name_plural = "维护运行"
        ordering = ["-created_at"]
        default_permissions = ("view", "add")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_trigger_display()} {self.get_status_display()}"

    @property
    def summary(self) -> str:
        return "；".join(f"{r['label']}：{r['summary']}" for r in self.results)
