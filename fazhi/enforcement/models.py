from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.enforcement import rules
from fazhi.ledger.duedates import DueDateField
from fazhi.ledger.fields import BlindIndexField, EncryptedCharField
from fazhi.ledger.models import LineSystemRecord, Record
from fazhi.ledger.procedures import step_field
from fazhi.ledger.validation import check_exam_counts
from fazhi.orgs.models import Department


class Officer(Record):
    """A township enforcement officer and the certificate they hold."""

    name = models.CharField("姓名", max_length=32)
    department = models.ForeignKey(
        Department, verbose_name="所在部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField("职务", max_length=32, blank=True)
    phone = EncryptedCharField("联系电话", pii="phone", max_chars=20)
    certificate_number = models.CharField("执法证件号", max_length=40, blank=True)
    valid_from = models.DateField("证件有效期起", null=True, blank=True)
    valid_until = models.DateField("证件有效期至", null=True, blank=True)
    revoked_on = models.DateField("证件注销（收回）日期", null=True, blank=True)
    training_hours = models.PositiveIntegerField("年度执法培训学时", default=0)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "行政执法人员"
        verbose_name_plural = "行政执法人员"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        rules.check_officer(self)


class Training(Record):
    held_on = models.DateField("培训日期")
    topic = models.CharField("培训主题", max_length=200)
    organiser = models.CharField("组织单位", max_length=100, blank=True)
    hours = models.DecimalField(
        "学时", max_digits=5, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    participants = models.PositiveIntegerField("参训人数", default=0)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "执法培训"
        verbose_name_plural = "执法培训"

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class Exam(Record):
    held_on = models.DateField("考试日期")
    name = models.CharField("考试名称", max_length=200, help_text="如：行政执法资格考试、执法人员年度考试")
    organiser = models.CharField("组织单位", max_length=100, blank=True)
    expected = models.PositiveIntegerField("应考人数")
    sat = models.PositiveIntegerField("实考人数")
    passed = models.PositiveIntegerField("合格人数")
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "执法考试"
        verbose_name_plural = "执法考试"

    def __str__(self) -> str:
        return f"{self.held_on} {self.name}"

    def clean(self):
        check_exam_counts(self)


class Kind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"


class CoercionRoute(models.TextChoices):
    MEASURE = "measure", "行政强制措施（查封、扣押等）"
    EXECUTION = "execution", "行政机关强制执行"
    COURT = "court", "申请人民法院强制执行"


class Matter(Record):
    """An item of the township's list of powers (权责清单) for enforcement."""

    class MatterKind(models.TextChoices):
        PENALTY = "penalty", "行政处罚"
        COERCION = "coercion", "行政强制"
        INSPECTION = "inspection", "行政检查"
        LICENSING = "licensing", "行政许可"
        OTHER = "other", "其他行政权力"

    code = models.CharField("事项编码", max_length=40, blank=True)
    name = models.CharField("事项名称", max_length=200)
    kind = models.CharField("权力类型", max_length=16, choices=MatterKind.choices)
    legal_basis = models.TextField("法律依据")
    handed_down = models.BooleanField(
        "省级决定下放（赋权）事项",
        default=False,
        help_text="行政处罚法第二十四条：省级决定交由乡镇行使并公布",
    )
    handover_document = models.CharField("赋权文件", max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="承办部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published = models.BooleanField("已向社会公布", default=False)
    published_on = models.DateField("公布日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "执法事项（权责清单）"
        verbose_name_plural = "执法事项（权责清单）"

    def __str__(self) -> str:
        return self.name


class Case(LineSystemRecord):
    """An enforcement case (处罚、强制、检查), typed in or imported from the provincial platform."""

    class PartyKind(models.TextChoices):
        PERSON = "person", "自然人"
        COMPANY = "company", "法人"
        OTHER = "other", "其他组织"

    class Result(models.TextChoices):
        PENALTY = "penalty", "作出行政处罚决定"
        NO_PENALTY = "no_penalty", "不予行政处罚"
        COERCION = "coercion", "作出行政强制决定"
        INSPECTION = "inspection", "作出检查处理结论"
        DROPPED = "dropped", "撤销案件"

    class Review(models.TextChoices):
        AGREE = "agree", "同意（审核通过）"
        CORRECT = "correct", "建议补充或纠正"
        REFER = "refer", "建议移送"

    number = models.CharField("案号", max_length=60, blank=True, help_text="如：青石综执罚〔2025〕12号")
    kind = models.CharField("案件类型", max_length=16, choices=Kind.choices, default=Kind.PENALTY)
    matter = models.ForeignKey(
        Matter, verbose_name="执法事项", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    cause = models.CharField("案由", max_length=200)
    registered_on = models.DateField("登记日期", help_text="发现线索、受理投诉举报或检查的日期")
    party_kind = models.CharField(
        "当事人类型", max_length=16, choices=PartyKind.choices, default=PartyKind.PERSON
    )
    party_name = models.CharField("当事人", max_length=100)
    party_id_number = EncryptedCharField("当事人身份证号", pii="id_number", max_chars=18)
    party_id_number_index = BlindIndexField("当事人身份证号索引", source="party_id_number")
    party_credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    party_phone = EncryptedCharField("当事人电话", pii="phone", max_chars=20)
    is_major = models.BooleanField(
        "重大执法决定",
        default=False,
        help_text="涉及重大公共利益；直接关系当事人或第三人重大权益且经过听证；案情复杂或涉及多种法律关系；"
        "法律法规规定须法制审核的（行政处罚法第五十八条）",
    )
    av_required = models.BooleanField(
        "须全程音像记录", default=False, help_text="直接涉及人身自由、生命健康、重大财产权益的现场执法"
    )
    av_recorded = models.BooleanField("已全程音像记录", default=False)
    extended_days = models.PositiveSmallIntegerField(
        "延长办案期限（日）", default=0, validators=[MaxValueValidator(365)]
    )
    extension_reason = models.CharField("延期理由及批准情况", max_length=200, blank=True)
    publicity_exempt = models.BooleanField(
        "依法不予公示", default=False, help_text="涉及国家秘密、商业秘密、个人隐私等依法不予公开的"
    )
    # 立案
    filed_on = models.DateField("立案日期", null=True, blank=True)
    officer_1 = models.ForeignKey(
        Officer,
        verbose_name="承办人员一",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_as_1",
    )
    officer_2 = models.ForeignKey(
        Officer,
        verbose_name="承办人员二",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_as_2",
    )
    officer_3 = models.ForeignKey(
        Officer,
        verbose_name="承办人员三",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_as_3",
    )
    # 事先告知、听证
    notice_on = models.DateField("事先告知日期", null=True, blank=True)
    hearing_requested = models.BooleanField(
        "当事人要求听证",
        default=False,
        help_text="当事人在告知后5个工作日内提出听证要求的勾选；勾选后才办理听证环节（行政处罚法第六十四条）",
    )
    rights_waived_on = models.DateField(
        "当事人放弃陈述申辩和听证权利日期",
        null=True,
        blank=True,
        help_text="当事人书面明确放弃陈述、申辩和要求听证权利的，填写其签署日期；未放弃的留空",
    )
    hearing_notice_on = models.DateField("听证通知日期", null=True, blank=True)
    hearing_held_on = models.DateField("听证日期", null=True, blank=True)
    # 行政强制执行：催告（行政强制法第三十五条至第三十七条、第五十四条）
    coercion_route = models.CharField(
        "行政强制类别",
        max_length=16,
        choices=CoercionRoute.choices,
        blank=True,
        default="",
        help_text="行政强制案件须选择：强制执行（本机关执行或申请法院执行）前须书面催告（行政强制法第三十五条、第五十四条）",
    )
    demand_served_on = models.DateField(
        "催告书送达日期",
        null=True,
        blank=True,
        help_text="以书面形式催告当事人履行义务（行政强制法第三十五条）",
    )
    performance_due_on = models.DateField(
        "催告书载明的履行期限",
        null=True,
        blank=True,
        help_text="履行义务的最后一日（行政强制法第三十五条第一项）",
    )
    demand_statement_on = models.DateField(
        "当事人陈述、申辩日期",
        null=True,
        blank=True,
        help_text="当事人收到催告书后有权陈述和申辩；未提出的留空（行政强制法第三十六条）",
    )
    demand_statement_reply = models.TextField(
        "对陈述、申辩的记录和复核意见",
        blank=True,
        help_text="对当事人提出的事实、理由和证据进行记录、复核；成立的应当采纳（行政强制法第三十六条）",
    )
    performed_on = models.DateField(
        "当事人履行义务日期", null=True, blank=True, help_text="当事人在催告后履行了义务的，填写履行日期"
    )
    court_applied_on = models.DateField(
        "申请人民法院强制执行日期",
        null=True,
        blank=True,
        help_text="催告书送达十个工作日后当事人仍未履行的，方可申请（行政强制法第五十四条、第六十九条）",
    )
    # 法制审核
    legal_review_on = models.DateField("法制审核日期", null=True, blank=True)
    legal_reviewer = models.CharField("法制审核人员", max_length=64, blank=True)
    legal_review_result = models.CharField(
        "法制审核意见", max_length=16, choices=Review.choices, blank=True, default=""
    )
    # 决定
    decision_on = models.DateField("决定日期", null=True, blank=True)
    decision_number = models.CharField("决定书文号", max_length=60, blank=True)
    decision_result = models.CharField(
        "处理结果", max_length=16, choices=Result.choices, blank=True, default=""
    )
    fine = models.DecimalField(
        "罚款金额（元）",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    served_on = models.DateField("送达日期", null=True, blank=True)
    service_method = models.CharField(
        "送达方式", max_length=32, blank=True, help_text="如：直接送达、留置送达、邮寄送达"
    )
    published_on = models.DateField("公示日期", null=True, blank=True)
    publication_channel = models.CharField(
        "公示渠道", max_length=64, blank=True, help_text="如：政府网站、信用中国"
    )
    changed_on = models.DateField("决定变更（撤销）日期", null=True, blank=True)
    change_reason = models.CharField(
        "变更（撤销）原因", max_length=200, blank=True, help_text="如：经行政复议撤销"
    )
    withdrawn_on = models.DateField("撤回公示日期", null=True, blank=True)
    withdrawal_note = models.CharField("撤回公示说明", max_length=200, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    archive_number = models.CharField("档案号", max_length=60, blank=True)
    step = step_field(rules.CASE_PROCEDURE)

    # Stored due dates of the on-time rates (the rule's date, kept current on every write).
    publication_due_on = DueDateField("公示期限", rule="fazhi.enforcement.rules.publication_due")

    class Meta:
        verbose_name = "行政执法案件"
        verbose_name_plural = "行政执法案件"
        indexes = [models.Index(fields=["org", "registered_on"])]

    def __str__(self) -> str:
        return self.number or f"{self.registered_on} {self.cause}"

    def clean(self):
        rules.check_case(self)


class CaseReview(Record):
    """案卷评查: a review of case files, by the township or the county."""

    reviewed_on = models.DateField("评查日期")
    organiser = models.CharField("组织单位", max_length=100, help_text="如：县司法局、镇司法所")
    cases_reviewed = models.PositiveIntegerField("评查案卷数")
    excellent = models.PositiveIntegerField("优秀案卷数", default=0)
    failed = models.PositiveIntegerField("不合格案卷数", default=0)
    score = models.DecimalField(
        "平均得分",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    problems = models.TextField("发现问题", blank=True)
    measures = models.TextField("整改措施", blank=True)

    class Meta:
        verbose_name = "案卷评查"
        verbose_name_plural = "案卷评查"

    def __str__(self) -> str:
        return f"{self.reviewed_on} {self.organiser}案卷评查"

    def clean(self):
        rules.check_case_review(self)


class Finding(Record):
    """A finding of enforcement supervision (执法监督) and its rectification."""

    found_on = models.DateField("发现日期")
    source = models.CharField(
        "监督方式", max_length=64, help_text="如：县司法局执法监督检查、投诉举报、案卷评查"
    )
    department = models.ForeignKey(
        Department, verbose_name="责任部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    problem = models.TextField("发现问题")
    rectify_by = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    measures = models.TextField("整改情况", blank=True)

    class Meta:
        verbose_name = "执法监督发现问题"
        verbose_name_plural = "执法监督发现问题"

    def __str__(self) -> str:
        return f"{self.found_on} {self.problem[:20]}"

    def clean(self):
        rules.check_finding(self)
