from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from fazhi.dicts.fields import DictField
from fazhi.ledger.fields import EncryptedCharField
from fazhi.ledger.models import Record
from fazhi.orgs.models import Level, OrgUnit

VILLAGE = {"level": Level.VILLAGE}


def village_field(label: str, *, required: bool = False, help_text: str = ""):
    return models.ForeignKey(
        OrgUnit,
        verbose_name=label,
        null=not required,
        blank=not required,
        on_delete=models.PROTECT,
        limit_choices_to=VILLAGE,
        related_name="+",
        help_text=help_text,
    )


class LegalAdviser(Record):
    name = models.CharField("姓名", max_length=32)
    firm = models.CharField("执业机构", max_length=100, help_text="律师事务所、法律服务所或公证处")
    phone = EncryptedCharField("联系电话", pii="phone", max_chars=20)
    contract_start = models.DateField("合同起始日期")
    contract_end = models.DateField("合同截止日期")
    fee = models.DecimalField("年服务费（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "法律顾问"
        verbose_name_plural = "法律顾问"

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"

    def clean(self):
        from fazhi.legal_services import rules

        rules.check_adviser(self)


class AdviserAssignment(Record):
    """一村（社区）一法律顾问: which adviser serves which village."""

    adviser = models.ForeignKey(
        LegalAdviser, verbose_name="法律顾问", on_delete=models.PROTECT, related_name="+"
    )
    village = village_field("服务村（社区）", required=True)
    since = models.DateField("开始服务日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True, help_text="如：每月驻村服务日")

    class Meta:
        verbose_name = "村（社区）法律顾问"
        verbose_name_plural = "村（社区）法律顾问"

    def __str__(self) -> str:
        return f"{self.village} · {self.adviser}"


class AdviserService(Record):
    class Kind(models.TextChoices):
        REVIEW = "review", "审查意见"
        CONSULTATION = "consultation", "法律咨询"
        MEDIATION = "mediation", "参与调解"
        LECTURE = "lecture", "法治讲座"
        DECISION = "decision", "决策论证"
        OTHER = "other", "其他"

    adviser = models.ForeignKey(
        LegalAdviser, verbose_name="法律顾问", on_delete=models.PROTECT, related_name="+"
    )
    served_on = models.DateField("服务日期")
    kind = DictField(
        "服务类型",
        max_length=16,
        dictionary="legal_services.service_kind",
        seed=Kind,
        title="法律顾问服务类型",
    )
    village = village_field("服务村（社区）", help_text="为镇政府服务的不填")
    summary = models.TextField("服务内容")
    hours = models.DecimalField(
        "服务时长（小时）",
        max_digits=5,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )

    class Meta:
        verbose_name = "法律顾问服务"
        verbose_name_plural = "法律顾问服务"
        indexes = [models.Index(fields=["org", "served_on"])]

    def __str__(self) -> str:
        return f"{self.served_on} {self.get_kind_display()}"

    def clean(self):
        from fazhi.legal_services import rules

        rules.check_service(self)


class Consultation(Record):
    class Channel(models.TextChoices):
        VISIT = "visit", "来访"
        PHONE = "phone", "电话"
        ONLINE = "online", "网络"
        EVENT = "event", "活动现场"
        OTHER = "other", "其他"

    consulted_on = models.DateField("咨询日期")
    channel = DictField(
        "咨询方式",
        max_length=8,
        dictionary="legal_services.consultation_channel",
        seed=Channel,
        title="法律咨询方式",
        default=Channel.VISIT,
    )
    village = village_field("所在村（社区）")
    person = models.CharField("咨询人", max_length=32, blank=True, help_text="可只填姓氏，如：王女士")
    topic = models.CharField("咨询事项", max_length=200)
    answer = models.TextField("解答意见", blank=True)
    answered_by = models.CharField("解答人", max_length=32, help_text="如：司法所工作人员、法律顾问姓名")

    class Meta:
        verbose_name = "法律咨询"
        verbose_name_plural = "法律咨询"
        indexes = [models.Index(fields=["org", "consulted_on"])]

    def __str__(self) -> str:
        return f"{self.consulted_on} {self.topic[:20]}"


class Deliberation(Record):
    held_on = models.DateField("议事日期")
    village = village_field("村（社区）", required=True)
    topic = models.CharField("议事事项", max_length=200)
    participants = models.PositiveIntegerField("参加人数")
    adviser_present = models.BooleanField("法律顾问到场", default=False)
    adviser = models.ForeignKey(
        LegalAdviser,
        verbose_name="到场法律顾问",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.TextField("议事结果", blank=True)

    class Meta:
        verbose_name = "援法议事"
        verbose_name_plural = "援法议事"
        indexes = [models.Index(fields=["org", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic[:20]}"

    def clean(self):
        from fazhi.legal_services import rules

        rules.check_deliberation(self)


class ServicePoint(Record):
    class Kind(models.TextChoices):
        LAW_HOME = "law_home", "法律之家"
        STATION = "station", "公共法律服务工作站"
        ROOM = "room", "公共法律服务室"

    name = models.CharField("名称", max_length=100)
    kind = DictField(
        "类型", max_length=12, dictionary="legal_services.point_kind", seed=Kind, title="公共法律服务点类型"
    )
    village = village_field("所在村（社区）", help_text="设在镇（街道）的工作站不填")
    opened_on = models.DateField("建成日期", null=True, blank=True)
    hours = models.CharField("开放时间", max_length=100, blank=True, help_text="如：每周三上午")
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "公共法律服务点"
        verbose_name_plural = "公共法律服务点"

    def __str__(self) -> str:
        return self.name
