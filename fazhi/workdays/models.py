from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class DayOverride(models.Model):
    """An administrator's correction of one day of the holiday schedule.

    The State Council announces next year's schedule each November, often before chinese-calendar
    ships it; entering any day of a year makes that year's schedule count as known (not 暂定), so an
    administrator enters the whole announcement: every holiday and every make-up workday.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField(
        "是否工作日", help_text="勾选表示当天上班（如调休上班日），不勾选表示放假"
    )
    name = models.CharField("名称", max_length=32, blank=True, help_text="如“春节”“国庆节”“调休上班”")
    note = models.CharField("备注", max_length=200, blank=True, help_text="如国务院办公厅通知文号")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["-date"]

    def __str__(self) -> str:
        kind = "上班" if self.is_workday else "放假"
        return f"{self.date:%Y-%m-%d} {self.name or kind}（{kind}）"
