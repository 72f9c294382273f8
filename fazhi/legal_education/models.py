from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from fazhi.dicts.fields import DictField
from fazhi.ledger.fields import BlindIndexField, EncryptedCharField
from fazhi.ledger.models import Record
from fazhi.orgs.models import Level, OrgUnit

VILLAGE = {"level": Level.VILLAGE}


class Activity(Record):
    class Kind(models.TextChoices):
        MARKET_DAY = "market_day", "法治赶场"
        TO_VILLAGE = "to_village", "送法下村"
        SCHOOL = "school", "进校园"
        ENTERPRISE = "enterprise", "进企业"
        COMMUNITY = "community", "进社区"
        CONSTITUTION_WEEK = "constitution_week", "宪法宣传周"
        CONSUMER_DAY = "consumer_day", "3·15消费者权益日"
        SECURITY_DAY = "security_day", "4·15国家安全教育日"
        ANTI_DRUG_DAY = "anti_drug_day", "6·26国际禁毒日"
        CONSTITUTION_DAY = "constitution_day", "12·4国家宪法日"
        OTHER = "other", "其他"

    held_on = models.DateField("活动日期")
    theme = models.CharField("活动主题", max_length=200)
    kind = DictField(
        "活动形式", max_length=20, dictionary="legal_education.activity_kind", seed=Kind, title="普法活动形式"
    )
    village = models.ForeignKey(
        OrgUnit,
        verbose_name="活动村（社区）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to=VILLAGE,
        related_name="+",
        help_text="在镇区或多个村开展的可不填",
    )
    place = models.CharField("活动地点", max_length=100, blank=True, help_text="如：场镇农贸市场、中心小学")
    organiser = models.CharField(
        "组织单位", max_length=100, help_text="按“谁执法谁普法”填写牵头部门，如：司法所、派出所、市场监管所"
    )
    audience = models.PositiveIntegerField("受众人次", default=0)
    banners = models.PositiveIntegerField("悬挂横幅（条）", default=0)
    brochures = models.PositiveIntegerField("发放资料（份）", default=0)
    consultations = models.PositiveIntegerField("解答咨询（人次）", default=0)
    notes = models.TextField("活动简况", blank=True)

    class Meta:
        verbose_name = "普法活动"
        verbose_name_plural = "普法活动"
        indexes = [models.Index(fields=["org", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.theme}"


class LegalLiterate(Record):
    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    name = models.CharField("姓名", max_length=32)
    village = models.ForeignKey(
        OrgUnit,
        verbose_name="所在村（社区）",
        on_delete=models.PROTECT,
        limit_choices_to=VILLAGE,
        related_name="+",
    )
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    phone = EncryptedCharField("联系电话", pii="phone", max_chars=20)
    id_number = EncryptedCharField("身份证号", pii="id_number", max_chars=18)
    id_number_index = BlindIndexField("身份证号索引", source="id_number")
    occupation = models.CharField(
        "身份（职业）",
        max_length=50,
        blank=True,
        help_text="如：村干部、网格员、人民调解员、退休教师、致富带头人",
    )
    appointed_on = models.DateField("聘任日期", null=True, blank=True)
    trained_hours = models.PositiveIntegerField("年度培训学时", default=0)
    active = models.BooleanField("在岗", default=True, help_text="离任、迁出的取消勾选，不删除记录")
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "法律明白人"
        verbose_name_plural = "法律明白人"

    def __str__(self) -> str:
        return self.name


class LiaisonOfficer(Record):
    name = models.CharField("姓名", max_length=32)
    unit = models.CharField("所在单位", max_length=100, help_text="如：镇派出所、中心小学、某村村委会")
    position = models.CharField("职务", max_length=50, blank=True)
    phone = EncryptedCharField("联系电话", pii="phone", max_chars=20)
    appointed_on = models.DateField("确定日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "普法联络员"
        verbose_name_plural = "普法联络员"

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class ModelHousehold(Record):
    class Grade(models.TextChoices):
        COUNTY = "county", "县级"
        CITY = "city", "市级"
        PROVINCE = "province", "省级"

    head = models.CharField("户主姓名", max_length=32)
    village = models.ForeignKey(
        OrgUnit,
        verbose_name="所在村（社区）",
        on_delete=models.PROTECT,
        limit_choices_to=VILLAGE,
        related_name="+",
    )
    members = models.PositiveIntegerField("家庭人口", default=0)
    recognised_on = models.DateField("命名日期")
    level = models.CharField("命名级别", max_length=16, choices=Grade.choices, default=Grade.COUNTY)
    deeds = models.TextField("主要事迹", blank=True)

    class Meta:
        verbose_name = "学法用法示范户"
        verbose_name_plural = "学法用法示范户"

    def __str__(self) -> str:
        return f"{self.head}户"


class CultureVenue(Record):
    class Kind(models.TextChoices):
        SQUARE = "square", "法治文化广场"
        CORRIDOR = "corridor", "法治文化长廊"
        TRAIL = "trail", "法治文化步道"
        LIBRARY = "library", "法治书屋"
        OTHER = "other", "其他"

    name = models.CharField("阵地名称", max_length=100)
    kind = DictField(
        "类型", max_length=16, dictionary="legal_education.venue_kind", seed=Kind, title="法治文化阵地类型"
    )
    village = models.ForeignKey(
        OrgUnit,
        verbose_name="所在村（社区）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to=VILLAGE,
        related_name="+",
        help_text="建在镇区的可不填",
    )
    built_on = models.DateField("建成日期", null=True, blank=True)
    area = models.DecimalField(
        "面积（平方米）",
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "法治文化阵地"
        verbose_name_plural = "法治文化阵地"

    def __str__(self) -> str:
        return self.name
