from django.db import models


class FigureStamp(models.Model):
    """A version per org unit of the records its cached figures read (`fazhi/indicators/figcache.py`):
    changed by database triggers on every write to those tables, whatever path writes. Org 0 is
    the epoch, changed by every `migrate` (tables rebuilt without their triggers, data migrations)."""

    org_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        verbose_name = "指标缓存版本"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.org_id}: {self.version}"
