from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from fazhi.dicts.fields import DictField
from fazhi.ledger.fields import BlindIndexField, EncryptedCharField
from fazhi.ledger.models import Record
from fazhi.lib.titles import with_suffix
from fazhi.orgs.models import Level, OrgUnit

VILLAGE = {"level": Level.VILLAGE}
GRID = {"level": Level.GRID}


class MediationOrg(Record):
    class Kind(models.TextChoices):
        TOWNSHIP = "township", "镇（乡）人民调解委员会"
        VILLAGE = "village", "村（居）人民调解委员会"
        GROUP = "group", "调解小组"
        ROOM = "room", "调解室"
        POLICE = "police", "警调联动调解室"
        COURT = "court", "诉调对接调解室"
        PETITION = "petition", "访调对接调解室"

    name = models.CharField("组织名称", max_length=100)
    kind = DictField("类型", max_length=16, dictionary="mediation.org_kind", seed=Kind, title="调解组织类型")
    village = models.ForeignKey(
        OrgUnit,
        verbose_name="所在村（社区）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to=VILLAGE,
        related_name="+",
    )
    established_on = models.DateField("成立日期", null=True, blank=True)
    director = models.CharField("主任（组长）", max_length=32, blank=True)
    members = models.PositiveIntegerField("成员人数", default=0)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "调解组织"
        verbose_name_plural = "调解组织"

    def __str__(self) -> str:
        return self.name


class Mediator(Record):
    name = models.CharField("姓名", max_length=32)
    organisation = models.ForeignKey(
        MediationOrg, verbose_name="所属调解组织", on_delete=models.PROTECT, related_name="mediators"
    )
    role = models.CharField("职务", max_length=32, blank=True, help_text="如：主任、委员、调解员")
    full_time = models.BooleanField("专职", default=False)
    phone = EncryptedCharField("联系电话", pii="phone", max_chars=20)
    id_number = EncryptedCharField("身份证号", pii="id_number", max_chars=18)
    id_number_index = BlindIndexField("身份证号索引", source="id_number")
    appointed_on = models.DateField("聘任日期", null=True, blank=True)
    training_hours = models.PositiveIntegerField("年度培训学时", default=0)

    class Meta:
        verbose_name = "人民调解员"
        verbose_name_plural = "人民调解员"

    def __str__(self) -> str:
        return self.name


class GridWorker(Record):
    name = models.CharField("姓名", max_length=32)
    grid = models.ForeignKey(
        OrgUnit, verbose_name="所在网格", on_delete=models.PROTECT, limit_choices_to=GRID, related_name="+"
    )
    full_time = models.BooleanField("专职网格员", default=False)
    phone = EncryptedCharField("联系电话", pii="phone", max_chars=20)
    started_on = models.DateField("任职日期", null=True, blank=True)

    class Meta:
        verbose_name = "网格员"
        verbose_name_plural = "网格员"

    def __str__(self) -> str:
        return self.name


class Screening(Record):
    held_on = models.DateField("排查日期")
    village = models.ForeignKey(
        OrgUnit,
        verbose_name="排查村（社区）",
        on_delete=models.PROTECT,
        limit_choices_to=VILLAGE,
        related_name="+",
    )
    scope = models.CharField("排查范围", max_length=100, blank=True, help_text="如：全村、第三网格、重点人群")
    found = models.PositiveIntegerField("发现纠纷数", default=0)
    leader = models.CharField("带队人", max_length=32, blank=True)
    notes = models.TextField("情况说明", blank=True)

    class Meta:
        verbose_name = "矛盾纠纷排查"
        verbose_name_plural = "矛盾纠纷排查"
        # The county's figures and the months filled read a year of each township (org, date).
        indexes = [models.Index(fields=["org", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.village}"


class Dispute(Record):
    class Source(models.TextChoices):
        SCREENING = "screening", "排查发现"
        APPLICATION = "application", "当事人申请"
        VISIT = "visit", "来访"
        POLICE = "police", "公安移送"
        COURT = "court", "法院委派"
        PETITION = "petition", "信访转办"
        OTHER = "other", "其他"

    class Kind(models.TextChoices):
        FAMILY = "family", "婚姻家庭"
        NEIGHBOUR = "neighbour", "邻里纠纷"
        DAMAGE = "damage", "损害赔偿"
        LABOUR = "labour", "劳资纠纷"
        LAND = "land", "土地承包"
        DEMOLITION = "demolition", "征地拆迁"
        FOREST_WATER = "forest_water", "山林水利"
        CONTRACT = "contract", "合同纠纷"
        PROPERTY = "property", "物业纠纷"
        ENVIRONMENT = "environment", "环境污染"
        TRAFFIC = "traffic", "交通事故"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "已受理"
        MEDIATING = "mediating", "调解中"
        SUCCEEDED = "succeeded", "调解成功"
        FAILED = "failed", "调解不成功"
        TERMINATED = "terminated", "终止调解"

    class Agreement(models.TextChoices):
        NONE = "", "无"
        WRITTEN = "written", "书面协议"
        ORAL = "oral", "口头协议"

    number = models.CharField("案件编号", max_length=40, blank=True, help_text="如：（2025）某调字第12号")
    registered_on = models.DateField("登记日期")
    source = DictField(
        "来源",
        max_length=16,
        dictionary="mediation.dispute_source",
        seed=Source,
        title="纠纷来源",
        default=Source.APPLICATION,
    )
    kind = DictField("纠纷类型", max_length=16, dictionary="mediation.dispute_kind", seed=Kind)
    village = models.ForeignKey(
        OrgUnit,
        verbose_name="发生村（社区）",
        on_delete=models.PROTECT,
        limit_choices_to=VILLAGE,
        related_name="+",
    )
    applicant = models.CharField("申请人（当事人）", max_length=64)
    applicant_id_number = EncryptedCharField("当事人身份证号", pii="id_number", max_chars=18)
    applicant_id_number_index = BlindIndexField("当事人身份证号索引", source="applicant_id_number")
    applicant_phone = EncryptedCharField("当事人电话", pii="phone", max_chars=20)
    respondent = models.CharField("对方当事人", max_length=64, blank=True)
    summary = models.TextField("纠纷简要情况")
    amount = models.DecimalField(
        "涉及金额（元）",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    mediator = models.ForeignKey(
        Mediator,
        verbose_name="主办调解员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    status = models.CharField("调解状态", max_length=16, choices=Status.choices, default=Status.ACCEPTED)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    agreement = models.CharField("协议形式", max_length=16, choices=Agreement.choices, blank=True, default="")
    agreement_effective_on = models.DateField("协议生效日期", null=True, blank=True)
    agreement_signed_sealed = models.BooleanField("协议已有当事人、调解员签名并加盖调委会印章", default=False)
    performed = models.BooleanField("协议已履行", default=False)
    confirmation_applied_on = models.DateField("申请司法确认日期", null=True, blank=True)
    is_major = models.BooleanField("重大疑难纠纷", default=False)
    prevented_crime = models.BooleanField("防止民转刑", default=False)
    referred_to = models.CharField(
        "调解不成功后引导途径", max_length=100, blank=True, help_text="如：引导诉讼、移送信访、申请仲裁"
    )
    recovered = models.DecimalField(
        "挽回经济损失（元）",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = "矛盾纠纷"
        verbose_name_plural = "矛盾纠纷"
        indexes = [models.Index(fields=["org", "registered_on"])]

    def __str__(self) -> str:
        return self.number or f"{self.registered_on} {with_suffix(self.get_kind_display(), '纠纷')}"

    def clean(self):
        from fazhi.mediation import rules

        rules.check_dispute(self)
