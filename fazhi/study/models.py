from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.ledger.models import Record
from fazhi.ledger.validation import check_exam_counts


class StudySession(Record):
    class Kind(models.TextChoices):
        CENTRAL_GROUP = "central_group", "党委理论学习中心组学法"
        PRE_MEETING = "pre_meeting", "政府常务会会前学法"
        COLLECTIVE = "collective", "集中学法"
        LECTURE = "lecture", "专题讲座"
        TRAINING = "training", "法治培训"

    held_on = models.DateField("学习日期")
    kind = models.CharField("学习形式", max_length=16, choices=Kind.choices)
    topic = models.CharField("学习主题", max_length=200)
    laws = models.TextField(
        "学习的法律法规", blank=True, help_text="如：《中华人民共和国宪法》《行政处罚法》，多部以顿号分隔"
    )
    speaker = models.CharField("主讲人", max_length=64, blank=True)
    participants = models.PositiveIntegerField("参学人数", default=0)
    leaders_present = models.CharField(
        "参加的党政领导", max_length=200, blank=True, help_text="如：党委书记、镇长"
    )
    hours = models.DecimalField(
        "学时（小时）",
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "学法活动"
        verbose_name_plural = "学法活动"
        indexes = [models.Index(fields=["org", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class LawExam(Record):
    class Kind(models.TextChoices):
        ANNUAL = "annual", "年度学法考试"
        PUFA = "pufa", "普法考试"
        TEST = "test", "法治教育测试"
        PRE_APPOINTMENT = "pre_appointment", "任前法律知识考试"
        CERTIFICATION = "certification", "执法资格考试"
        OTHER = "other", "其他"

    held_on = models.DateField("考试日期")
    name = models.CharField("考试（测试）名称", max_length=200)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    organiser = models.CharField("组织单位", max_length=100, blank=True)
    expected = models.PositiveIntegerField("应考人数")
    sat = models.PositiveIntegerField("实考人数")
    passed = models.PositiveIntegerField("合格人数")
    notes = models.TextField("备注", blank=True, help_text="如：缺考原因、补考安排")

    class Meta:
        verbose_name = "学法考试"
        verbose_name_plural = "学法考试"
        indexes = [models.Index(fields=["org", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.name}"

    def clean(self):

        check_exam_counts(self)


class OathCeremony(Record):
    held_on = models.DateField("宣誓日期")
    occasion = models.CharField("宣誓场合", max_length=200, help_text="如：镇人大会议选举产生国家工作人员后")
    presiding = models.CharField("组织（监誓）单位或人员", max_length=100, blank=True)
    sworn = models.PositiveIntegerField("宣誓人数", validators=[MinValueValidator(1)])
    names = models.TextField("宣誓人员姓名及职务", blank=True, help_text="每人一行，如：张三 副镇长")
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "宪法宣誓"
        verbose_name_plural = "宪法宣誓"

    def __str__(self) -> str:
        return f"{self.held_on} {self.occasion}"

    def clean(self):
        from fazhi.study import rules

        rules.check_oath(self)
