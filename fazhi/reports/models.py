"""The annual report: versions, their parts, sections and paragraphs, and the workflow steps.

A report is one version of a township's report for a year. Paragraph text keeps every figure as a
reference to its indicator (`{{mediation.disputes}}`) together with the value shown when the text
was last edited or accepted, so that recomputing can show what changed since."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fazhi.orgs.models import ABOVE_COUNTY, Level, OrgUnit

PARTS = {
    1: "主要举措和成效",
    2: "存在的不足和原因",
    3: "党政主要负责人履行推进法治建设第一责任人职责情况",
    4: "下一年度推进法治政府建设的主要安排",
    5: "其他需要报告的情况",
}
PART_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}
NOTHING_ELSE = "无其他需要报告的情况。"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports of the user's subtree, if the role may view reports at all."""
        if not user.is_authenticated or user.org_id is None or not user.has_perm("reports.view_report"):
            return self.none()
        qs = self.filter(org__path__startswith=user.org.path)
        if user.org.level in ABOVE_COUNTY:
            # Offices above the county read what was submitted upward, never a draft in progress.
            qs = qs.filter(state__in=FROZEN)
        return qs


class Report(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "起草中"
        REVIEW = "review", "待司法所审核"
        CHECKED = "checked", "司法所已审核"
        SIGNED = "signed", "领导已签发"
        SECRECY = "secrecy", "已保密审查"
        SUBMITTED = "submitted", "已报送县委县政府"
        # The county sent it back with comments; the revision is the next version.
        RETURNED = "returned", "县级已退回修改"
        # The county accepted it: it appears on the public page of published reports.
        ACCEPTED = "accepted", "县级已接收并公开"
        PUBLISHED = "published", "已公开"

    org = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("报告年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT)
    title = models.CharField("标题", max_length=200)
    issuer = models.CharField("发文机关", max_length=100)
    doc_number = models.CharField("发文字号", max_length=60)
    recipients = models.CharField("主送机关", max_length=200, default="县委、县政府")
    cc = models.CharField("抄送", max_length=200, blank=True, default="县委依法治县办")
    printer = models.CharField("印发机关", max_length=100)
    # An upward report (上行文) names the leader who signed it in its 版头 (GB/T 9704 7.2.6).
    signer = models.CharField("签发人", max_length=32, blank=True)
    issued_on = models.DateField("成文日期", null=True, blank=True)
    printed_on = models.DateField("印发日期", null=True, blank=True)
    # A correction after submission is a new version that names the version it corrects and why.
    corrects = models.ForeignKey(
        "self", verbose_name="更正的版本", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    correction_reason = models.TextField("更正原因", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("起草时间", default=timezone.now)
    updated_at = models.DateTimeField("最后修改时间", default=timezone.now)

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["org__path", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "version"], name="report_unique_version")
        ]
        permissions = [
            ("check_report", "审核年度报告（司法所）"),
            ("sign_off_report", "签发年度报告"),
            ("secrecy_report", "记录保密审查"),
            ("submit_report", "报送和公开年度报告"),
            ("receive_report", "接收或退回乡镇年度报告（县级）"),
            ("compile_county_report", "起草、审核、签发和报送本县年度报告（县级）"),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年度法治政府建设情况报告（第{self.version}版）"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def frozen(self) -> bool:
        return self.state in FROZEN

    @property
    def editable(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def state_label(self) -> str:
        """The state as the report's level says it: a county's own report is checked by its own
        office and submitted to the level above, not to the county."""
        if self.org.level == Level.TOWNSHIP:
            return self.get_state_display()
        upper = {
            self.State.REVIEW: "待审核",
            self.State.CHECKED: "已审核",
            self.State.SUBMITTED: f"已报送{self.recipients}",
            self.State.RETURNED: "上级已退回修改",
            self.State.ACCEPTED: "上级已接收并公开",
        }
        return upper.get(self.state, self.get_state_display())


FROZEN = (Report.State.SUBMITTED, Report.State.RETURNED, Report.State.ACCEPTED, Report.State.PUBLISHED)
# Accepted by the county: on the public page (the township's own publication keeps it there).
PUBLIC = (Report.State.ACCEPTED, Report.State.PUBLISHED)
# A report is in (sent upward) once submitted, and still so once accepted or published.
SENT = (Report.State.SUBMITTED, *PUBLIC)


def current_of(versions):
    """A unit's current version among its versions of a year (newest first): the latest one that
    was sent, else the latest draft; None when there is none."""
    sent = [r for r in versions if r.state in SENT]
    return (sent or list(versions) or [None])[0]


class Section(models.Model):
    """A heading within a part: in part 1 one per area ("（一）…"); a part without headings has
    one untitled section."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    part = models.PositiveSmallIntegerField("部分", choices=list(PARTS.items()))
    order = models.PositiveSmallIntegerField("顺序", default=0)
    area = models.CharField("领域", max_length=32, blank=True)
    title = models.CharField("小标题", max_length=200, blank=True)

    class Meta:
        verbose_name = "报告小节"
        verbose_name_plural = "报告小节"
        ordering = ["part", "order", "id"]

    def __str__(self) -> str:
        return self.title or PARTS[self.part]


class Paragraph(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    text = models.TextField("内容")
    # {indicator code: the value as shown when the text was last edited or a change accepted}
    values = models.JSONField("编辑时的数值", default=dict, blank=True)
    # Where a drafted paragraph came from ("finding:12", "plan:3", "target:code"), for part 2/4.
    origin = models.CharField("来源", max_length=64, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField("编辑时间", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "报告段落"
        verbose_name_plural = "报告段落"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Step(models.Model):
    """One step of the workflow: who did what, when, with what note."""

    class Action(models.TextChoices):
        DRAFT = "draft", "起草"
        SEND_REVIEW = "send_review", "提交司法所审核"
        CHECK = "check", "司法所审核"
        SIGN_OFF = "sign_off", "领导签发"
        SECRECY = "secrecy", "保密审查"
        SUBMIT = "submit", "报送"
        PUBLISH = "publish", "公开"
        RETURN = "return", "退回修改"
        CORRECT = "correct", "更正（新版本）"
        ACCEPT = "accept", "县级接收并公开"
        COUNTY_RETURN = "county_return", "县级退回修改"
        REVISE = "revise", "按退回意见修改（新版本）"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("意见或说明", blank=True)

    class Meta:
        verbose_name = "报告流转记录"
        verbose_name_plural = "报告流转记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
