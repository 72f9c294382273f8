"""Undoing the import stamps written into an area's own 来源 field (used by data migrations).

Before `Record.source` became `Record.import_source`, three area models declared a field named
`source` of their own (矛盾纠纷 来源, 执法监督 监督方式, 问题整改 问题来源), which took the framework's
place: every import wrote "导入：<file>" (or "命令行导入：<file>", or a line system's "<系统> 第N批")
over what the user had entered. This moves each such stamp to `import_source` and puts back the
last value the record's history holds for the field. A record created by an import never had
another value stored (the file's 来源 was overwritten before the first save): it gets `fallback`
and a history row saying so.
"""

from __future__ import annotations

import logging
import re

from django.utils import timezone

log = logging.getLogger(__name__)

STAMP_PREFIXES = ("导入：", "命令行导入：", "导入 ")
LINE_STAMP = re.compile(r".+ 第\d+批$")
REASON = "迁移：来源字段曾被导入标记覆盖"


def is_stamp(value: str) -> bool:
    return bool(value) and (value.startswith(STAMP_PREFIXES) or bool(LINE_STAMP.match(value)))


def restore_shadowed(apps, app_label: str, model_name: str, field: str, fallback: str) -> tuple[int, int]:
    """Returns (restored from history, set to fallback)."""
    model = apps.get_model(app_label, model_name)
    history = apps.get_model(app_label, f"Historical{model_name}")
    choices = {v for v, _ in model._meta.get_field(field).flatchoices}

    def overwritten(value) -> bool:
        return is_stamp(value or "") or bool(choices and value not in choices)

    restored = unrestorable = 0
    for obj in model.objects.all().only("pk", field, "import_source").iterator():
        value = getattr(obj, field)
        if not overwritten(value):
            continue
        earlier = [
            v
            for v in history.objects.filter(id=obj.pk)
            .order_by("-history_date", "-history_id")
            .values_list(field, flat=True)
            if not overwritten(v)
        ]
        updates = {field: earlier[0] if earlier else fallback}
        if is_stamp(value or "") and not obj.import_source:
            updates["import_source"] = value
        model.objects.filter(pk=obj.pk).update(**updates)
        if earlier:
            restored += 1
        else:
            unrestorable += 1
            row = model.objects.get(pk=obj.pk)
            kept = {f.attname for f in history._meta.concrete_fields}
            values = {
                f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if f.attname in kept
            }
            history.objects.create(
                **values,
                history_date=timezone.now(),
                history_type="~",
                history_change_reason=REASON[:100],
            )
    if restored or unrestorable:
        log.warning(
            "%s.%s: %s restored from history, %s set to %r (no earlier value kept)",
            app_label,
            model_name,
            restored,
            unrestorable,
            fallback,
        )
    return restored, unrestorable
