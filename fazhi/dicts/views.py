from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.dicts import actions, store
from fazhi.dicts.models import Entry
from fazhi.ledger import registry

PERMISSION = "dicts.change_entry"


def _dictionary(name: str) -> store.Dictionary:
    try:
        return store.DICTIONARIES[name]
    except KeyError:
        raise Http404("没有这个数据字典") from None


def _used_by(dictionary: store.Dictionary) -> list[str]:
    """Where the dictionary is used, as ledger names ("矛盾纠纷排查化解台账 · 纠纷类型")."""
    from django.apps import apps

    shown = []
    for used in dictionary.used_by:
        model_label, field_name = used.rsplit(".", 1)
        try:
            model = apps.get_model(model_label)
        except LookupError:  # a model state that migrations rendered, not a live model
            continue
        ledger = registry.for_model(model)
        title = ledger.title if ledger is not None else str(model._meta.verbose_name)
        shown.append(f"{title} · {model._meta.get_field(field_name).verbose_name}")
    return shown


@login_required
@permission_required(PERMISSION, raise_exception=True)
def index(request):
    counts: dict[str, list[int]] = {}
    for name, active in Entry.objects.values_list("dictionary", "active"):
        counts.setdefault(name, [0, 0])
        counts[name][0 if active else 1] += 1
    groups = []
    for area, (area_name, _icon) in registry.AREAS.items():
        rows = [
            {
                "d": d,
                "active": counts.get(d.name, [0, 0])[0],
                "disabled": counts.get(d.name, [0, 0])[1],
                "used_by": _used_by(d),
            }
            for d in store.DICTIONARIES.values()
            if d.area == area
        ]
        if rows:
            groups.append((area_name, rows))
    return render(request, "dicts/index.html", {"groups": groups})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def detail(request, name):
    dictionary = _dictionary(name)
    entries = list(Entry.objects.filter(dictionary=name).order_by("position", "id"))
    targets = actions.split_labels(dictionary)
    for entry in entries:
        entry.fileable = bool(targets) and entry.code not in dictionary.seed_codes
        entry.filed_label = targets.get(entry.counts_as, "")
    history = (
        Entry.history.filter(dictionary=name)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:50]
    )
    return render(
        request,
        "dicts/detail.html",
        {
            "dictionary": dictionary,
            "area_name": registry.AREAS.get(dictionary.area, ("",))[0],
            "used_by": _used_by(dictionary),
            "entries": entries,
            "targets": targets,
            "splits": [
                (figure, "、".join(targets.get(c, c) for c in codes)) for figure, codes in dictionary.splits
            ],
            "history": history,
        },
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def change(request, name):
    dictionary = _dictionary(name)
    action = request.POST.get("action", "")
    entry = None
    if action != "add":
        entry = get_object_or_404(Entry, dictionary=name, pk=request.POST.get("entry") or 0)
    try:
        if action == "add":
            entry = actions.add_entry(request, dictionary, request.POST.get("label", ""))
            messages.success(request, f"已新增“{entry.label}”")
        elif action == "rename":
            actions.rename_entry(request, dictionary, entry, request.POST.get("label", ""))
            messages.success(request, f"已保存“{entry.label}”")
        elif action in ("disable", "enable"):
            actions.set_active(request, dictionary, entry, action == "enable")
            word = "启用" if action == "enable" else "停用"
            messages.success(request, f"已{word}“{entry.label}”")
        elif action == "file":
            actions.file_under(request, dictionary, entry, request.POST.get("counts_as", ""))
            messages.success(request, f"已保存“{entry.label}”的统计归类")
        elif action in ("up", "down"):
            actions.move_entry(request, dictionary, entry, action == "up")
        else:
            messages.error(request, "无法识别的操作")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("dicts:detail", name=name)
