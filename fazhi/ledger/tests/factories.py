"""Factories for ledger records. `make_record` builds a minimal valid record of any registered
ledger from its model fields alone, so ledgers that areas add later are covered without code here."""

import datetime as dt
import io
import itertools
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from openpyxl import Workbook

from fazhi.ledger.models import Record
from fazhi.lib.masking import id_check_digit
from fazhi.mediation.models import Dispute, MediationOrg, Mediator
from fazhi.orgs.models import Level, OrgUnit

_counter = itertools.count(1)


def id_number(seed: int = 1) -> str:
    first17 = f"110105{1970 + seed % 40}0{1 + seed % 9}1{seed % 10}{seed % 1000:03d}"[:17]
    return first17 + id_check_digit(first17)


def org_unit_for(field: models.ForeignKey, org: OrgUnit) -> OrgUnit:
    """A unit under `org` that the field accepts, created when the township has none yet."""
    limit = field.get_limit_choices_to() or {}
    found = OrgUnit.objects.filter(path__startswith=org.path).complex_filter(limit).order_by("path").first()
    if found is not None:
        return found
    level = limit.get("level")
    n = next(_counter)
    if level == Level.GRID:
        village = OrgUnit.objects.create(
            code=f"{org.code}V{n}", name=f"{org.name}测试村{n}", level=Level.VILLAGE, parent=org
        )
        return OrgUnit.objects.create(
            code=f"{org.code}G{n}", name=f"{village.name}网格", level=Level.GRID, parent=village
        )
    return OrgUnit.objects.create(
        code=f"{org.code}V{n}", name=f"{org.name}测试村{n}", level=level or Level.VILLAGE, parent=org
    )


def field_value(field: models.Field, org: OrgUnit, user):
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if related is OrgUnit:
            return org_unit_for(field, org)
        if issubclass(related, Record):
            return make_record(related, org, user, validate=False)
        if "org" in {f.name for f in related._meta.concrete_fields}:
            # Rows kept per township (departments): the record's own township's.
            return related.objects.filter(org=org).first() or _make_org_row(related, org, user)
        return related.objects.complex_filter(field.get_limit_choices_to() or {}).first()
    if field.choices:
        return next(v for v, _ in field.flatchoices if v != "")
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, models.IntegerField):
        floor = max([v.limit_value for v in field.validators if isinstance(v, MinValueValidator)] + [1])
        # A year field (with a floor like 2000) takes this year.
        return timezone.localdate().year if floor >= 1900 else floor
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.CharField | models.TextField):
        text = f"测试{next(_counter)}" if field.unique else "测试"
        return text[: field.max_length] if getattr(field, "max_length", None) else text
    raise NotImplementedError(f"no factory value for {field!r}")


def _make_org_row(model, org: OrgUnit, user):
    obj = model(org=org)
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name == "org" or f.has_default() or f.null or f.blank:
            continue
        text = field_value(f, org, user)
        setattr(obj, f.name, f"{text}{next(_counter)}" if isinstance(text, str) else text)
    obj.save()
    return obj


def make_record(model, org: OrgUnit, user=None, *, validate: bool = True, **values):
    """A record with every required field filled generically; `values` override. The
    permission matrix passes validate=False: an area's cross-field rules do not matter there."""
    obj = model(org=org, created_by=user, updated_by=user)
    for f in model._meta.concrete_fields:
        if f.name in values or f.name in (
            "id",
            "org",
            "created_by",
            "updated_by",
            "created_at",
            "updated_at",
            "import_source",
        ):
            continue
        if not f.editable or f.has_default() or f.null:
            continue
        if f.blank and not isinstance(f, models.ForeignKey | models.DateField):
            continue
        setattr(obj, f.name, field_value(f, org, user))
    for name, value in values.items():
        setattr(obj, name, value)
    if validate:
        obj.full_clean()
    obj.save()
    return obj


def make_dispute(world, org=None, village=None, **values) -> Dispute:
    org = org or world.town_a
    village = village or (world.village_a if org == world.town_a else world.village_b)
    defaults = {
        "registered_on": dt.date(timezone.localdate().year, 1, 15),
        "kind": Dispute.Kind.NEIGHBOUR,
        "village": village,
        "applicant": "张三",
        "summary": "宅基地边界争议",
        "applicant_phone": "13812345678",
        "applicant_id_number": id_number(7),
    }
    defaults.update(values)
    return make_record(Dispute, org, **defaults)


def make_mediator(world, org=None, **values) -> Mediator:
    org = org or world.town_a
    body = MediationOrg.objects.filter(org=org).first() or make_record(
        MediationOrg, org, name=f"{org.name}人民调解委员会", kind="township"
    )
    return make_record(
        Mediator, org, **{"name": "李调解", "organisation": body, "phone": "13900001111", **values}
    )


def xlsx(rows: list[list], path=None):
    """An .xlsx built with openpyxl; returns bytes, or writes `path` and returns it."""
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if path is not None:
        wb.save(path)
        return path
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


DISPUTE_HEADER = ["登记日期*", "纠纷类型*", "发生村（社区）*", "申请人（当事人）*", "纠纷简要情况*"]


def dispute_row(n: int = 0, day="2025-03-05", kind="邻里纠纷", village="甲一村") -> list:
    return [day, kind, village, f"当事人{n}", f"第{n}起纠纷"]
