from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Entry(models.Model):
    """One option of a dictionary (a category whose list is local practice, e.g. kinds of
    dispute). Records store `code`, which never changes; the label, order and whether the entry
    is offered for new records are the system administrator's."""

    dictionary = models.CharField("字典", max_length=64, db_index=True)
    code = models.CharField("代码", max_length=32, editable=False)
    label = models.CharField("名称", max_length=32)
    position = models.PositiveIntegerField("顺序", default=0)
    active = models.BooleanField("启用", default=True, help_text="停用后原有记录照常显示，新记录不能再选")
    # Indicators that count some categories (e.g. 送法下村和法治赶场) name seeded codes; an entry
    # added later counts in such a figure only when the administrator files it under one of them.
    counts_as = models.CharField(
        "统计归类",
        max_length=32,
        blank=True,
        default="",
        editable=False,
        help_text="新增的选项计入哪一原有类别的分项统计；不填则只计入总数",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "字典项"
        verbose_name_plural = "数据字典"
        ordering = ["dictionary", "position", "id"]
        default_permissions = ("view", "change")
        constraints = [
            models.UniqueConstraint(fields=["dictionary", "code"], name="dicts_entry_unique_code"),
            models.UniqueConstraint(fields=["dictionary", "label"], name="dicts_entry_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label
