"""Changes to a dictionary: each one a transaction that saves the entry (with its history row)
and the audit row together."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.dicts import store
from fazhi.dicts.models import Entry
from fazhi.orgs.models import AuditLog, audit

LABEL_MAX = Entry._meta.get_field("label").max_length


def clean_label(dictionary: store.Dictionary, raw: str, entry: Entry | None = None) -> str:
    label = " ".join((raw or "").split())
    if not label:
        raise ValidationError("请填写名称")
    if len(label) > LABEL_MAX:
        raise ValidationError(f"名称最多{LABEL_MAX}个字")
    taken = Entry.objects.filter(dictionary=dictionary.name).exclude(pk=getattr(entry, "pk", None))
    if taken.filter(label=label).exists():
        raise ValidationError(f"“{dictionary.title}”中已有“{label}”")
    if taken.filter(code=label).exists():
        # Imports accept a code or a name: the two must not be confused.
        raise ValidationError(f"“{label}”是“{dictionary.title}”中另一项的代码，请换一个名称")
    return label


def _save(entry: Entry, user, reason: str) -> None:
    entry.updated_by, entry.updated_at = user, timezone.now()
    entry._change_reason = reason
    entry.save()
    store.forget()


def _audit(request, dictionary: store.Dictionary, entry: Entry, detail: str) -> None:
    audit(request, AuditLog.Action.DICTIONARY, target=f"{dictionary.title}：{entry.label}", detail=detail)


def _new_code(dictionary: store.Dictionary) -> str:
    used = set(Entry.objects.filter(dictionary=dictionary.name).values_list("code", flat=True))
    n = len(used) + 1
    while f"c{n}" in used:
        n += 1
    code = f"c{n}"
    if len(code) > dictionary.max_length:
        raise ValidationError("本字典的条目已达上限")
    return code


@transaction.atomic
def add_entry(request, dictionary: store.Dictionary, raw_label: str) -> Entry:
    label = clean_label(dictionary, raw_label)
    last = Entry.objects.filter(dictionary=dictionary.name).aggregate(m=Max("position"))["m"] or 0
    entry = Entry(dictionary=dictionary.name, code=_new_code(dictionary), label=label, position=last + 10)
    _save(entry, request.user, f"新增“{label}”")
    _audit(request, dictionary, entry, "新增")
    return entry


@transaction.atomic
def rename_entry(request, dictionary: store.Dictionary, entry: Entry, raw_label: str) -> None:
    label = clean_label(dictionary, raw_label, entry)
    if label == entry.label:
        return
    old, entry.label = entry.label, label
    _save(entry, request.user, f"改名：“{old}”改为“{label}”")
    _audit(request, dictionary, entry, f"改名：原名“{old}”")


@transaction.atomic
def set_active(request, dictionary: store.Dictionary, entry: Entry, active: bool) -> None:
    if entry.active == active:
        return
    entry.active = active
    word = "启用" if active else "停用"
    _save(entry, request.user, word)
    _audit(request, dictionary, entry, word)


@transaction.atomic
def move_entry(request, dictionary: store.Dictionary, entry: Entry, up: bool) -> None:
    entries = list(Entry.objects.filter(dictionary=dictionary.name).order_by("position", "id"))
    index = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(entries):
        return
    entries[index], entries[other] = entries[other], entries[index]
    word = "上移" if up else "下移"
    for position, e in enumerate(entries, start=1):
        if e.position != position * 10:
            e.position = position * 10
            _save(e, request.user, f"排序：“{entry.label}”{word}")
    _audit(request, dictionary, entry, word)


def split_labels(dictionary: store.Dictionary) -> dict[str, str]:
    """The seeded entries some figure counts apart (code → label, in the dictionary's order)."""
    labels = {o.code: o.label for o in store.options(dictionary.name)}
    return {code: labels.get(code, code) for code, _ in dictionary.seed if code in dictionary.split_codes}


@transaction.atomic
def file_under(request, dictionary: store.Dictionary, entry: Entry, code: str) -> None:
    """Files an entry added later under a seeded category, so that the figures counting that
    category count it too ("" = it counts only in totals)."""
    if entry.code in dictionary.seed_codes:
        raise ValidationError(f"“{entry.label}”是原有类别，统计口径由系统确定")
    targets = split_labels(dictionary)
    if code and code not in targets:
        raise ValidationError(f"统计归类：所选类别不是“{dictionary.title}”的分项统计类别，请从列表中选择")
    if entry.counts_as == code:
        return
    entry.counts_as = code
    shown = f"归入“{targets[code]}”统计" if code else "不归入分项统计（只计入总数）"
    _save(entry, request.user, f"统计归类：“{entry.label}”{shown}")
    _audit(request, dictionary, entry, f"统计归类：{shown}")
