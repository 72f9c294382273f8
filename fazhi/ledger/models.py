from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fazhi.orgs.models import Level, OrgUnit


class RecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one door to ledger data: records of the user's subtree, if the role may view them."""
        if not user.is_authenticated or user.org_id is None:
            return self.none()
        opts = self.model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self.none()
        return self.of_org(user.org)

    def of_org(self, org: OrgUnit):
        # Records always belong to a township, so a township's subtree is its own id: an indexed
        # equality instead of a join on the org tree (this is most of a large list's count).
        if org.level == Level.TOWNSHIP:
            return self.filter(org_id=org.pk)
        return self.filter(org__path__startswith=org.path)


class Record(models.Model):
    """What every ledger record has: its township, who made and changed it, and its history."""

    org = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("填报时间", default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("最后修改时间", default=timezone.now, editable=False)
    # Where a record came from when it was imported (file name and batch), empty when typed in.
    # Named so that no area field can take its name (an area's own 来源 is a field of its own).
    import_source = models.CharField("导入来源", max_length=120, blank=True, editable=False)
    # Raised by one on every save: an edit based on an older version is refused (actions.Stale).
    version = models.PositiveIntegerField("版本号", default=1, editable=False)

    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at"])
    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)


# The framework's own columns on every record; an area model may not declare a field of these
# names (checks.py refuses it), so no import or system stamp can overwrite what a user typed.
FRAMEWORK_FIELDS = frozenset(
    {"org", "created_by", "created_at", "updated_by", "updated_at", "import_source", "version"}
)
LINE_SYSTEM_FIELDS = frozenset({"external_id", "import_batch"})


class NilReturn(models.Model):
    """A township's statement that a ledger has nothing to report for a month (零报告)."""

    org = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    ledger = models.CharField("台账", max_length=64)
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申报人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declared_at = models.DateTimeField("申报时间", default=timezone.now)

    class Meta:
        verbose_name = "本月无申报"
        verbose_name_plural = "本月无申报"
        constraints = [
            models.UniqueConstraint(fields=["org", "ledger", "year", "month"], name="nil_return_once")
        ]

    def __str__(self) -> str:
        return f"{self.ledger} {self.year}-{self.month:02d} 本月无"


class Attachment(models.Model):
    """Optional evidence for a record (photos are never required, see domain.md anti-formalism)."""

    org = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    ledger = models.CharField("台账", max_length=64)
    record_id = models.PositiveBigIntegerField()
    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        indexes = [models.Index(fields=["ledger", "record_id"])]

    def __str__(self) -> str:
        return self.name


class ProcedureLog(models.Model):
    """One step taken in a statutory procedure: who moved which record from where to where."""

    org = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    ledger = models.CharField("台账", max_length=64)
    record_id = models.PositiveBigIntegerField("记录")
    from_step = models.CharField("原环节", max_length=32)
    to_step = models.CharField("新环节", max_length=32)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["ledger", "record_id"])]

    def __str__(self) -> str:
        return f"{self.ledger} #{self.record_id} {self.from_step}→{self.to_step}"


class ProcedureSetting(models.Model):
    """A period that a province or county sets differently from the default in domain.md."""

    key = models.CharField("期限", max_length=80, unique=True)
    days = models.PositiveSmallIntegerField("天数")
    note = models.CharField("依据（本地规定）", max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    CACHE_KEY = "fazhi:procedure-settings"

    class Meta:
        verbose_name = "期限设置"
        verbose_name_plural = "期限设置"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.days}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
        return result

    @classmethod
    def current(cls) -> dict[str, int]:
        found = cache.get(cls.CACHE_KEY)
        if found is None:
            found = dict(cls.objects.values_list("key", "days"))
            cache.set(cls.CACHE_KEY, found, 60)
        return found


class LineSource(models.Model):
    """A province's line system whose Excel export a township imports (e.g. 智慧矫正): which
    ledger it feeds and how its column headers map to the ledger's fields."""

    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("系统名称", max_length=60, help_text="如：智慧矫正、粤执法")
    ledger = models.CharField("对应台账编码", max_length=64, help_text="如：correction-persons")
    mapping = models.JSONField(
        "列对应关系",
        default=dict,
        blank=True,
        help_text='{"条线系统导出的列名": "台账字段名"}，如 {"矫正对象姓名": "name"}；未列出的列导入时忽略',
    )
    key_column = models.CharField(
        "记录编号列",
        max_length=60,
        help_text="条线系统中每条记录唯一编号所在的列名；再次导入按它更新而不重复",
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "条线系统"
        verbose_name_plural = "条线系统"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from fazhi.ledger.context import LINE_LEDGERS_KEY

        cache.delete(LINE_LEDGERS_KEY)


class ImportBatch(models.Model):
    """One upload of a line system's export by a township: what it created and updated, and
    whether it was rolled back. Records it wrote carry it in `import_batch`."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        INVALID = "invalid", "校验未通过"
        DONE = "done", "已导入"
        ROLLED_BACK = "rolled_back", "已撤销"

    source = models.ForeignKey(
        LineSource, verbose_name="条线系统", on_delete=models.PROTECT, related_name="batches"
    )
    org = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    file = models.FileField("文件", upload_to="line-imports/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=200, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("导入时间", default=timezone.now)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    result = models.JSONField(default=dict, blank=True)
    rolled_back_at = models.DateTimeField("撤销时间", null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "条线导入批次"
        verbose_name_plural = "条线导入批次"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.stamp

    @property
    def stamp(self) -> str:
        """What an imported record shows as its source: the system and the batch number."""
        return f"{self.source.name} 第{self.pk}批"


class LineSystemRecord(Record):
    """A record that can come from a province's line system: its id there and the import batch
    that last wrote it. Re-imports match on (org, source, external_id)."""

    external_id = models.CharField("条线系统编号", max_length=64, blank=True, db_index=True, editable=False)
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name="导入批次",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class OpenDeadline(models.Model):
    """A dated obligation still open on a record, as the to-do providers compute it (todo.py).

    Stored so that the to-do list and the late counts are queries: `todo.refresh` rewrites a
    record's rows whenever it is saved (the one transition function and every form save end in a
    save), `todo.recompute` rewrites them all when the holiday calendar or a period setting
    changes. The explanation of a date is computed on the record page, not stored.
    """

    org = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.CASCADE, related_name="+")
    # The ledger whose provider computed it (its view permission decides who sees it) and the
    # ledger of the record itself (they differ where one provider serves several ledgers).
    provider = models.CharField("来源台账", max_length=64)
    ledger = models.CharField("台账", max_length=64)
    record_id = models.PositiveBigIntegerField("记录")
    kind = models.CharField("事项", max_length=64)
    due = models.DateField("到期日")
    provisional = models.BooleanField("暂定", default=False)
    # A window the party may use: never late, dropped once closed.
    optional = models.BooleanField("可选期限", default=False)
    notice_from = models.DateField("提前提醒起", null=True, blank=True)
    # The obligation is listed only between these dates (e.g. a late case drops a year after).
    shown_from = models.DateField("显示起", null=True, blank=True)
    shown_until = models.DateField("显示止", null=True, blank=True)

    class Meta:
        verbose_name = "待办期限"
        verbose_name_plural = "待办期限"
        indexes = [
            models.Index(fields=["org", "due"], name="open_deadline_org_due"),
            models.Index(fields=["ledger", "record_id"], name="open_deadline_record"),
        ]

    def __str__(self) -> str:
        return f"{self.ledger} #{self.record_id} {self.kind} {self.due}"
