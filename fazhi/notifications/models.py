from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """One message to one user, linking to the record it is about."""

    class Kind(models.TextChoices):
        WAITING = "waiting", "待您办理"
        RETURNED = "returned", "退回修改"
        DEADLINE = "deadline", "即将到期"
        INFO = "info", "办理结果"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    text = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300)
    # Set for messages that must reach a user once only (a deadline of one record); empty otherwise.
    key = models.CharField("去重键", max_length=120, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.text
