from django.db import models

from fazhi.ledger.fields import YEAR_RANGE, this_year
from fazhi.ledger.models import Record
from fazhi.orgs.models import Department


class Finding(Record):
    class Source(models.TextChoices):
        REPORT = "report", "年度报告不足"
        INSPECTION = "inspection", "县级督察"
        ASSESSMENT = "assessment", "考核评估"
        AUDIT = "audit", "审计"
        SELF_CHECK = "self_check", "自查"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        PENDING = "pending", "待整改"
        IN_PROGRESS = "in_progress", "整改中"
        CLOSED = "closed", "已整改"
        OVERDUE = "overdue", "逾期"

    source = models.CharField("问题来源", max_length=16, choices=Source.choices)
    report_year = models.PositiveSmallIntegerField(
        "来源报告年度",
        null=True,
        blank=True,
        validators=YEAR_RANGE,
        help_text="来自某年度法治政府建设情况报告“存在的不足”的，填该报告的年度",
    )
    found_on = models.DateField("发现日期", help_text="报告印发、督察反馈或自查发现的日期")
    description = models.TextField("问题描述")
    cause = models.TextField("原因分析", blank=True)
    measure = models.TextField("整改措施")
    owner = models.CharField("责任人", max_length=64, help_text="如：分管副镇长 张三")
    owner_department = models.ForeignKey(
        Department,
        verbose_name="责任部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField("整改时限")
    status = models.CharField("整改状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    evidence = models.TextField(
        "整改佐证", blank=True, help_text="整改成效和佐证材料的说明；材料可作为附件上传"
    )
    closed_on = models.DateField("整改完成日期", null=True, blank=True)
    closure_note = models.TextField("销号说明", blank=True)

    class Meta:
        verbose_name = "问题整改"
        verbose_name_plural = "问题整改"
        indexes = [models.Index(fields=["org", "found_on"]), models.Index(fields=["org", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.found_on} {self.description[:30]}"

    def clean(self):
        from fazhi.rectification import rules

        rules.check_finding(self)


class PlanItem(Record):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未开始"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"
        NOT_DONE = "not_done", "未完成"

    year = models.PositiveSmallIntegerField(
        "安排年度", default=this_year, validators=YEAR_RANGE, help_text="该项工作要完成的年度"
    )
    text = models.TextField("工作安排", help_text="上一年度报告“下一年度主要安排”中的一项")
    owner = models.CharField("责任人（部门）", max_length=100, blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True, help_text="不填的，以年底为限")
    status = models.CharField("完成状态", max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    outcome = models.TextField("完成情况", blank=True, help_text="做了什么、成效如何；年度报告据此说明")
    source_report_year = models.PositiveSmallIntegerField(
        "来源报告年度", null=True, blank=True, validators=YEAR_RANGE, help_text="提出该安排的报告年度"
    )

    class Meta:
        verbose_name = "年度工作安排"
        verbose_name_plural = "年度工作安排"
        indexes = [models.Index(fields=["org", "year"])]

    def __str__(self) -> str:
        return f"{self.year}年 {self.text[:30]}"

    def clean(self):
        from fazhi.rectification import rules

        rules.check_plan_item(self)
