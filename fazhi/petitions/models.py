from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from fazhi.dicts.fields import DictField
from fazhi.ledger.duedates import DueDateField
from fazhi.ledger.fields import BlindIndexField, EncryptedCharField
from fazhi.ledger.models import LineSystemRecord, Record
from fazhi.ledger.procedures import step_field
from fazhi.ledger.validation import FieldErrorsMixin
from fazhi.orgs.models import Level, OrgUnit
from fazhi.petitions.rules import PETITION


class Petition(FieldErrorsMixin, LineSystemRecord):
    class Channel(models.TextChoices):
        VISIT = "visit", "来访"
        LETTER = "letter", "来信"
        ONLINE = "online", "网上信访"
        PHONE = "phone", "电话"
        REFERRED = "referred", "上级转送交办"

    class Nature(models.TextChoices):
        SUGGESTION = "suggestion", "建议意见类"
        ACCUSATION = "accusation", "检举控告类"
        CLAIM = "claim", "申诉求决类"

    class Category(models.TextChoices):
        LAND = "land", "土地征收征用"
        RURAL = "rural", "农村农业"
        LABOUR = "labour", "劳动和社会保障"
        CONSTRUCTION = "construction", "城乡建设"
        ENVIRONMENT = "environment", "生态环境"
        CIVIL = "civil", "民政救助"
        LAW = "law", "政法"
        OTHER = "other", "其他"

    class Route(models.TextChoices):
        HANDLE = "handle", "本机关受理办理"
        TRANSFER = "transfer", "转送有权处理的机关"
        LEGAL = "legal", "引导通过法定途径解决"

    class Result(models.TextChoices):
        SUPPORT = "support", "予以支持"
        PARTIAL = "partial", "部分支持"
        REJECT = "reject", "不予支持"
        EXPLAIN = "explain", "解释说明"
        SETTLED = "settled", "调解和解"

    class ReviewKind(models.TextChoices):
        REVIEW = "review", "复查"
        RE_REVIEW = "re_review", "复核"

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        DISSATISFIED = "dissatisfied", "不满意"
        UNKNOWN = "unknown", "未评价"

    number = models.CharField("信访件编号", max_length=40, blank=True)
    received_on = models.DateField("收到（登记）日期")
    channel = models.CharField("信访形式", max_length=16, choices=Channel.choices, default=Channel.VISIT)
    petitioner = models.CharField("信访人", max_length=64)
    petitioner_id_number = EncryptedCharField("信访人身份证号", pii="id_number", max_chars=18)
    petitioner_id_number_index = BlindIndexField("信访人身份证号索引", source="petitioner_id_number")
    petitioner_phone = EncryptedCharField("信访人电话", pii="phone", max_chars=20)
    people = models.PositiveIntegerField("人数", default=1, validators=[MinValueValidator(1)])
    village = models.ForeignKey(
        OrgUnit,
        verbose_name="涉及村（社区）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.VILLAGE},
        related_name="+",
    )
    subject = models.TextField("信访事项")
    nature = models.CharField("事项性质", max_length=16, choices=Nature.choices, default=Nature.CLAIM)
    category = DictField(
        "内容分类",
        max_length=16,
        dictionary="petitions.category",
        seed=Category,
        title="信访内容分类",
        default=Category.OTHER,
    )
    leader_in_charge = models.CharField("包案领导", max_length=32, blank=True)
    dispute_ref = models.CharField(
        "转为矛盾纠纷（纠纷编号）",
        max_length=60,
        blank=True,
        help_text="转交调解的，填写矛盾纠纷台账中的案件编号",
    )
    step = step_field(PETITION)
    # 受理告知
    notified_on = models.DateField("书面告知日期", null=True, blank=True)
    route = models.CharField("办理途径", max_length=16, choices=Route.choices, blank=True)
    # 办理
    handler = models.CharField("承办人（单位）", max_length=64, blank=True)
    extended_days = models.PositiveSmallIntegerField(
        "延长办理期限（日）",
        default=0,
        help_text="经本机关负责人批准可延长一次，不超过30日（信访工作条例第三十四条）",
    )
    extension_reason = models.CharField("延期理由", max_length=200, blank=True)
    extension_approved_by = models.CharField("批准延期的负责人", max_length=32, blank=True)
    # 出具处理意见
    concluded_on = models.DateField("出具处理意见日期", null=True, blank=True)
    result = models.CharField("处理结果", max_length=16, choices=Result.choices, blank=True)
    opinion = models.TextField(
        "处理意见书要点", blank=True, help_text="信访人请求、事实和理由、处理意见及其法律法规依据"
    )
    # 复查/复核
    review_kind = models.CharField("复查/复核", max_length=16, choices=ReviewKind.choices, blank=True)
    review_requested_on = models.DateField("申请复查/复核日期", null=True, blank=True)
    review_organ = models.CharField("复查/复核机关", max_length=64, blank=True)
    review_concluded_on = models.DateField("复查/复核意见日期", null=True, blank=True)
    review_result = models.CharField("复查/复核结论", max_length=100, blank=True)
    # 办结
    closed_on = models.DateField("办结日期", null=True, blank=True)
    satisfaction = models.CharField("信访人评价", max_length=16, choices=Satisfaction.choices, blank=True)
    notes = models.TextField("备注", blank=True)

    # Stored due dates of the on-time rates (the rule's date, kept current on every write).
    notice_due_on = DueDateField("告知期限", rule="fazhi.petitions.rules.notice_due")
    conclusion_due_on = DueDateField("办结期限", rule="fazhi.petitions.rules.conclusion_due")

    class Meta:
        verbose_name = "信访事项"
        verbose_name_plural = "信访事项"
        indexes = [models.Index(fields=["org", "received_on"])]

    def __str__(self) -> str:
        return self.number or f"{self.received_on} {self.petitioner}信访"

    def clean(self):
        from fazhi.petitions import rules

        self.raise_errors(rules.petition_errors(self))


class ReceptionDay(Record):
    held_on = models.DateField("接访日期")
    leader = models.CharField("接访领导", max_length=32)
    position = models.CharField("职务", max_length=32, blank=True, help_text="如：党委书记、镇长、副镇长")
    place = models.CharField("接访地点", max_length=64, blank=True)
    batches = models.PositiveIntegerField("接待批次", default=0)
    visitors = models.PositiveIntegerField("接待人次", default=0)
    issues = models.TextField("反映的主要问题", blank=True)
    resolved = models.PositiveIntegerField("当场解决（批次）", default=0)
    follow_up = models.TextField("交办跟踪情况", blank=True)

    class Meta:
        verbose_name = "领导接访日"
        verbose_name_plural = "领导接访日"
        # The county's figures and the months filled read a year of each township (org, date).
        indexes = [models.Index(fields=["org", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.leader}接访"

    def clean(self):
        if self.resolved > self.batches:
            raise ValidationError({"resolved": "当场解决的批次不能多于接待批次"})
        if self.batches > self.visitors:
            raise ValidationError({"batches": "接待批次不能多于接待人次"})
