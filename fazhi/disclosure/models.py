from django.core.validators import MaxValueValidator
from django.db import models

from fazhi.dicts.fields import DictField
from fazhi.disclosure import rules
from fazhi.ledger.duedates import DueDateField
from fazhi.ledger.fields import BlindIndexField, EncryptedCharField
from fazhi.ledger.models import Record
from fazhi.ledger.procedures import step_field
from fazhi.orgs.models import Department


class ProactiveItem(Record):
    """An item of information the township publishes of its own accord (主动公开)."""

    class Category(models.TextChoices):
        # 政府信息公开条例第二十一条: what a township must publish in addition to 第二十条
        AGRI_POLICY = "agri_policy", "农业农村政策实施"
        IRRIGATION = "irrigation", "农田水利工程建设运营"
        LAND_CONTRACT = "land_contract", "农村土地承包经营权流转"
        HOMESTEAD = "homestead", "宅基地使用情况审核"
        LAND_EXPROPRIATION = "land_expropriation", "土地征收"
        HOUSE_EXPROPRIATION = "house_expropriation", "房屋征收"
        FUNDRAISING = "fundraising", "筹资筹劳"
        SOCIAL_ASSISTANCE = "social_assistance", "社会救助"
        # 第二十条
        NORMATIVE = "normative", "行政法规、规章和规范性文件"
        INSTITUTION = "institution", "机构职能"
        PLANS = "plans", "规划、计划"
        LICENSING = "licensing", "行政许可"
        ENFORCEMENT = "enforcement", "行政处罚、行政强制"
        BUDGET = "budget", "财政预算、决算"
        FEES = "fees", "行政事业性收费"
        PROCUREMENT = "procurement", "政府集中采购"
        PROJECTS = "projects", "重大建设项目"
        EMERGENCY = "emergency", "突发公共事件应急"
        OTHER = "other", "其他"

    class Channel(models.TextChoices):
        WEBSITE = "website", "政府网站"
        BOARD = "board", "政务公开栏"
        VILLAGE_BOARD = "village_board", "村务公开栏"
        NEW_MEDIA = "new_media", "政务新媒体"
        GAZETTE = "gazette", "政府公报"
        PRESS = "press", "新闻发布会、报刊广播电视"
        OTHER = "other", "其他"

    title = models.CharField("信息名称", max_length=200)
    category = models.CharField("公开类别", max_length=24, choices=Category.choices)
    department = models.ForeignKey(
        Department,
        verbose_name="信息形成部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    formed_on = models.DateField("形成（变更）日期")
    secrecy_reviewed_on = models.DateField("保密审查日期", null=True, blank=True)
    secrecy_reviewer = models.CharField("保密审查人", max_length=32, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    channel = DictField(
        "公开渠道",
        max_length=16,
        dictionary="disclosure.proactive_channel",
        seed=Channel,
        blank=True,
        default="",
    )
    url = models.CharField("公开地址", max_length=300, blank=True, help_text="网址或公开栏位置")
    notes = models.TextField("备注", blank=True)
    step = step_field(rules.ITEM_PROCEDURE)

    # Stored due dates of the on-time rates (the rule's date, kept current on every write).
    publish_due_on = DueDateField("公开期限", rule="fazhi.disclosure.rules.proactive_due")

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        indexes = [models.Index(fields=["org", "formed_on"])]

    def __str__(self) -> str:
        return self.title


class InfoRequest(Record):
    """An application for disclosure (依申请公开), registered, handled, answered and archived."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", "当面提交"
        POST = "post", "邮寄"
        ONLINE = "online", "网络（在线平台、电子邮件）"
        FAX = "fax", "传真"
        ORAL = "oral", "口头提出（代为填写）"

    class ApplicantKind(models.TextChoices):
        PERSON = "person", "公民"
        COMPANY = "company", "法人"
        OTHER = "other", "其他组织"

    class ReplyType(models.TextChoices):
        # 政府信息公开条例第三十六条, in its order
        ALREADY_PUBLIC = "already_public", "已主动公开，告知获取途径"
        PROVIDED = "provided", "予以公开，提供信息"
        REFUSED = "refused", "依法不予公开，告知理由"
        NOT_EXIST = "not_exist", "经检索没有所申请的信息"
        NOT_OURS = "not_ours", "不属于本机关负责公开，告知负责机关"
        REPEAT = "repeat", "重复申请，告知不予重复处理"
        SPECIAL = "special", "有特别规定的，告知依照其规定办理"

    number = models.CharField("申请编号", max_length=40, blank=True)
    received_on = models.DateField(
        "收到申请日期", help_text="当面提交为提交之日；邮寄为签收之日；网络、传真为确认之日（第三十一条）"
    )
    channel = models.CharField("申请方式", max_length=16, choices=Channel.choices, default=Channel.IN_PERSON)
    applicant_kind = models.CharField(
        "申请人类型", max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField("申请人", max_length=100)
    applicant_id_number = EncryptedCharField("申请人身份证号", pii="id_number", max_chars=18)
    applicant_id_number_index = BlindIndexField("申请人身份证号索引", source="applicant_id_number")
    applicant_phone = EncryptedCharField("联系电话", pii="phone", max_chars=20)
    applicant_address = EncryptedCharField("通信地址", pii="address", max_chars=200)
    request = models.TextField("申请公开的信息内容")
    form_wanted = models.CharField(
        "获取信息的方式", max_length=40, blank=True, help_text="如：纸质、电子邮件、光盘"
    )
    # 补正（第三十条）
    supplement_notice_on = models.DateField("补正告知日期", null=True, blank=True)
    supplement_content = models.CharField("需要补正的事项", max_length=300, blank=True)
    supplement_received_on = models.DateField("收到补正日期", null=True, blank=True)
    abandoned_on = models.DateField("视为放弃日期", null=True, blank=True)
    # 征求第三方意见（第三十二条）
    consult_from = models.DateField("征求第三方意见日期", null=True, blank=True)
    consult_party = models.CharField("第三方", max_length=100, blank=True)
    consult_reason = models.CharField("征求意见原因", max_length=200, blank=True)
    consult_to = models.DateField("第三方答复（期满）日期", null=True, blank=True)
    # 延长答复期限（第三十三条）
    extended_days = models.PositiveSmallIntegerField(
        "延长答复期限（工作日）", default=0, validators=[MaxValueValidator(20)]
    )
    extension_reason = models.CharField("延期理由", max_length=200, blank=True)
    extension_notice_on = models.DateField("告知申请人延期日期", null=True, blank=True)
    # 答复（第三十三条、第三十六条）
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_type = models.CharField(
        "答复类型", max_length=16, choices=ReplyType.choices, blank=True, default=""
    )
    responsible_organ = models.CharField("负责公开的机关", max_length=100, blank=True)
    reply_summary = models.TextField("答复内容摘要", blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    archive_number = models.CharField("档案号", max_length=60, blank=True)
    step = step_field(rules.REQUEST_PROCEDURE)

    # Stored due dates of the on-time rates (the rule's date, kept current on every write).
    reply_due_on = DueDateField("答复期限", rule="fazhi.disclosure.rules.reply_due")

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        indexes = [models.Index(fields=["org", "received_on"])]

    def __str__(self) -> str:
        return self.number or f"{self.received_on} {self.applicant_name}的申请"

    def clean(self):
        rules.check_request(self)
