"""Community correction and resettlement (domain.md §2.10): the township's summary ledger. The
province's 智慧矫正 system is the system of record, so persons can be imported from it."""

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.ledger.fields import BlindIndexField, EncryptedCharField
from fazhi.ledger.models import LineSystemRecord, Record
from fazhi.orgs.models import Level, OrgUnit

VILLAGE = {"level": Level.VILLAGE}
# 社区矫正法第二十一条: report in within ten days of the judgment or ruling taking effect.
REPORT_IN_DAYS = 10


class Kind(models.TextChoices):
    CONTROL = "control", "管制"
    PROBATION = "probation", "缓刑"
    PAROLE = "parole", "假释"
    MEDICAL = "medical", "暂予监外执行"


def _village(verbose_name: str):
    return models.ForeignKey(
        OrgUnit,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to=VILLAGE,
        related_name="+",
    )


class CorrectionPerson(LineSystemRecord):
    class Status(models.TextChoices):
        ACTIVE = "active", "在矫"
        RELEASED = "released", "解矫"
        RECOMMITTED = "recommitted", "收监执行"
        DIED = "died", "死亡"

    name = models.CharField("姓名", max_length=32)
    id_number = EncryptedCharField("身份证号", pii="id_number", max_chars=18)
    id_number_index = BlindIndexField("身份证号索引", source="id_number")
    birth_date = models.DateField("出生日期", null=True, blank=True, help_text="无大陆身份证号时填写")
    # 社区矫正法第五十四条: a minor's identity stays out of lists, exports and the API, and only the
    # township's 司法所 opens the record (fazhi/corrections/ledgers.py).
    is_minor = models.BooleanField("未成年人", default=False, editable=False)
    phone = EncryptedCharField("联系电话", pii="phone", max_chars=20)
    address = EncryptedCharField("居住地址", pii="address", max_chars=120)
    village = _village("居住村（社区）")
    kind = models.CharField("矫正类别", max_length=16, choices=Kind.choices)
    crime = models.CharField("罪名", max_length=100)
    judgment_effective_on = models.DateField("判决（裁定、决定）生效日期")
    reported_on = models.DateField(
        "报到日期", null=True, blank=True, help_text="应在判决生效之日起10日内报到（社区矫正法第二十一条）"
    )
    reported_late = models.BooleanField("逾期报到", default=False, editable=False)
    start_on = models.DateField("矫正起始日期")
    end_on = models.DateField("矫正期满日期")
    team = models.TextField(
        "矫正小组成员", blank=True, help_text="姓名及身份，如：司法所张某、村委会李某、家属王某"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    released_on = models.DateField("解矫（终止）日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "社区矫正对象"
        verbose_name_plural = "社区矫正对象"

    def __str__(self) -> str:
        # Wherever a person is named (leave requests, selects, audit rows), a minor is not.
        return f"未成年矫正对象（编号{self.pk}）" if self.is_minor else self.name

    def clean(self):
        from fazhi.corrections import rules

        errors = rules.person_errors(self)
        if errors:
            raise ValidationError(errors)
        self.reported_late = rules.reported_late(self)
        self.is_minor = rules.is_minor(self)

    def save(self, *args, **kwargs):
        from fazhi.corrections import rules

        self.reported_late = rules.reported_late(self)
        self.is_minor = rules.is_minor(self)
        super().save(*args, **kwargs)


class PreSentenceInvestigation(Record):
    class Opinion(models.TextChoices):
        NONE = "", "尚未出具"
        SUITABLE = "suitable", "适宜社区矫正"
        UNSUITABLE = "unsuitable", "不适宜社区矫正"

    entrusted_on = models.DateField("收到委托日期")
    entrusting_authority = models.CharField("委托机关", max_length=60, help_text="如：某县人民法院")
    subject = models.CharField("被调查人", max_length=32)
    id_number = EncryptedCharField("身份证号", pii="id_number", max_chars=18)
    id_number_index = BlindIndexField("身份证号索引", source="id_number")
    village = _village("居住村（社区）")
    proposed_kind = models.CharField("拟适用", max_length=16, choices=Kind.choices, blank=True)
    due_days = models.PositiveSmallIntegerField(
        "评估期限（工作日）",
        default=10,
        help_text="委托函载明的期限；未载明的按10个工作日，速裁案件一般为5个工作日",
    )
    finished_on = models.DateField("提交评估意见日期", null=True, blank=True)
    opinion = models.CharField("评估意见", max_length=16, choices=Opinion.choices, blank=True, default="")
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "调查评估"
        verbose_name_plural = "调查评估"

    def __str__(self) -> str:
        return f"{self.subject}（{self.entrusted_on}）"

    def clean(self):
        from fazhi.corrections import rules

        errors = rules.investigation_errors(self)
        if errors:
            raise ValidationError(errors)


class LeaveRequest(Record):
    person = models.ForeignKey(
        CorrectionPerson, verbose_name="矫正对象", on_delete=models.PROTECT, related_name="leaves"
    )
    requested_on = models.DateField("申请日期")
    from_on = models.DateField("外出起始日期")
    to_on = models.DateField("外出截止日期")
    destination = models.CharField("目的地", max_length=100)
    reason = models.CharField("事由", max_length=200)
    approved = models.BooleanField("已批准", default=False)
    returned_on = models.DateField("销假日期", null=True, blank=True)

    class Meta:
        verbose_name = "请销假"
        verbose_name_plural = "请销假"

    def __str__(self) -> str:
        return f"{self.person} {self.from_on}—{self.to_on}"

    def clean(self):
        from fazhi.corrections import rules

        errors = rules.leave_errors(self)
        if errors:
            raise ValidationError(errors)


class ReleasedPerson(LineSystemRecord):
    class Category(models.TextChoices):
        PRISON = "prison", "刑满释放人员"
        CORRECTION = "correction", "解除社区矫正人员"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        HELPING = "helping", "帮教中"
        ENDED = "ended", "已解除帮教"
        LOST = "lost", "失联"

    name = models.CharField("姓名", max_length=32)
    id_number = EncryptedCharField("身份证号", pii="id_number", max_chars=18)
    id_number_index = BlindIndexField("身份证号索引", source="id_number")
    village = _village("居住村（社区）")
    category = models.CharField("类别", max_length=16, choices=Category.choices, default=Category.PRISON)
    released_on = models.DateField("释放（解矫）日期")
    escorted = models.BooleanField(
        "必接必送", default=False, help_text="重点帮教对象刑满释放时由司法所等接回"
    )
    helpers = models.TextField("帮教小组成员", blank=True)
    status = models.CharField("帮教状态", max_length=16, choices=Status.choices, default=Status.HELPING)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "刑释人员安置帮教"
        verbose_name_plural = "刑释人员安置帮教"

    def __str__(self) -> str:
        return self.name
