from django.db import models

from fazhi.dicts.fields import DictField
from fazhi.ledger.fields import YEAR_RANGE, this_year
from fazhi.ledger.models import Record
from fazhi.orgs.models import Department


class LeaderRole(models.TextChoices):
    """Who chaired or went: the two principals are the 第一责任人 of rule-of-law work."""

    SECRETARY = "secretary", "党委书记"
    HEAD = "head", "乡镇长"
    OTHER = "other", "其他班子成员"


PRINCIPALS = [LeaderRole.SECRETARY, LeaderRole.HEAD]


class LeadingGroupMember(Record):
    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        DEPUTY = "deputy", "副组长"
        MEMBER = "member", "成员"

    body = models.CharField(
        "领导机构",
        max_length=64,
        default="依法治镇委员会",
        help_text="如：依法治镇委员会、法治政府建设领导小组",
    )
    name = models.CharField("姓名", max_length=32)
    position = models.CharField("职务", max_length=64, help_text="如：镇党委书记、副镇长、司法所所长")
    role = models.CharField("机构中的职务", max_length=8, choices=Role.choices, default=Role.MEMBER)
    appointed_on = models.DateField("任职日期", null=True, blank=True)
    active = models.BooleanField("在任", default=True, help_text="调离、免职的取消勾选，不删除记录")
    notes = models.TextField("备注", blank=True, help_text="如：兼任办公室主任")

    class Meta:
        verbose_name = "领导机构成员"
        verbose_name_plural = "领导机构成员"

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class LawMeeting(Record):
    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", "党委会"
        EXECUTIVE = "executive", "政府常务会"
        SPECIAL = "special", "专题会"
        COMMITTEE = "committee", "委员会会议"

    held_on = models.DateField("会议日期")
    kind = DictField("会议类型", max_length=16, dictionary="leadership.meeting_kind", seed=Kind)
    chair = models.CharField("主持人", max_length=32)
    chair_role = models.CharField("主持人职务", max_length=12, choices=LeaderRole.choices)
    topics = models.TextField("研究的法治议题", help_text="每个议题一行")
    decisions = models.TextField("议定事项", blank=True)
    attendees = models.PositiveIntegerField("参会人数", null=True, blank=True)

    class Meta:
        verbose_name = "研究法治工作会议"
        verbose_name_plural = "研究法治工作会议"
        indexes = [models.Index(fields=["org", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"


class Responsibility(Record):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未开始"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"
        LATE_EXPLAINED = "late_explained", "逾期说明"

    year = models.PositiveSmallIntegerField("任务年度", default=this_year, validators=YEAR_RANGE)
    task = models.CharField("任务", max_length=300)
    lead_department = models.ForeignKey(
        Department, verbose_name="牵头部门", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.CharField("责任人", max_length=64, blank=True)
    due_on = models.DateField("完成时限")
    status = models.CharField("进展", max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    evidence = models.TextField(
        "完成情况及佐证", blank=True, help_text="已完成的写明成效和佐证；逾期的写明原因和补救措施"
    )

    class Meta:
        verbose_name = "责任清单任务"
        verbose_name_plural = "责任清单任务"
        indexes = [models.Index(fields=["org", "year"])]

    def __str__(self) -> str:
        return self.task[:40]

    def clean(self):
        from fazhi.leadership import rules

        rules.check_responsibility(self)


class DutyReport(Record):
    class Role(models.TextChoices):
        SECRETARY = "secretary", "党委书记"
        HEAD = "head", "乡镇长"
        MEMBER = "member", "班子成员"

    class Assessment(models.TextChoices):
        GOOD = "good", "好"
        FAIRLY_GOOD = "fairly_good", "较好"
        AVERAGE = "average", "一般"
        POOR = "poor", "差"

    year = models.PositiveSmallIntegerField(
        "述法年度",
        default=this_year,
        validators=YEAR_RANGE,
        help_text="所述履职的年度；次年年初述法的填上一年",
    )
    person = models.CharField("述法人", max_length=32)
    role = models.CharField("职务", max_length=12, choices=Role.choices)
    reported_on = models.DateField("述法日期")
    forum = models.CharField("述法场合", max_length=100, default="年终述职大会")
    text = models.TextField("述法内容", help_text="履行推进法治建设第一责任人职责情况的要点")
    assessment = models.CharField(
        "评议结果", max_length=12, choices=Assessment.choices, blank=True, help_text="评议后填写"
    )

    class Meta:
        verbose_name = "述法"
        verbose_name_plural = "述法"

    def __str__(self) -> str:
        return f"{self.year}年 {self.person}（{self.get_role_display()}）述法"

    def clean(self):
        from fazhi.leadership import rules

        rules.check_duty_report(self)


class FieldVisit(Record):
    class Kind(models.TextChoices):
        RESEARCH = "research", "调研"
        SUPERVISION = "supervision", "督导"

    leader = models.CharField("领导姓名", max_length=32)
    leader_role = models.CharField("职务", max_length=12, choices=LeaderRole.choices)
    kind = DictField(
        "形式",
        max_length=12,
        dictionary="leadership.visit_kind",
        seed=Kind,
        title="实地调研形式",
        default=Kind.RESEARCH,
    )
    visited_on = models.DateField("日期")
    place = models.CharField("地点", max_length=100, help_text="如：某村、司法所、综合执法大队")
    topic = models.CharField("调研督导内容", max_length=200)
    findings = models.TextField("发现问题和工作要求", blank=True)

    class Meta:
        verbose_name = "领导调研督导"
        verbose_name_plural = "领导调研督导"
        indexes = [models.Index(fields=["org", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.leader} {self.topic[:20]}"
