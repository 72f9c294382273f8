"""Statutory procedures as data, moved by one function (design.md mechanism 3, example 4).

An area declares a Procedure on its Ledger: the steps in order, which step may follow which,
and for each step its gate — a function of the record returning the unmet conditions in
Chinese, each naming its rule and article. `transition` is the only way a record's step
changes (pages, the API and imports all end here or in `check_state`), so a step the law
requires cannot be skipped. Periods that provinces or counties set are `Period`s, editable by
an administrator, with the default from domain.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.orgs.roles import NextStep

Gate = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    # Fields the user fills in when taking this step (shown on the step's form).
    fields: tuple[str, ...] = ()
    # Unmet conditions for entering this step; empty means it may be taken.
    gate: Gate | None = None
    help: str = ""
    # Whether the step is offered at all for this record (e.g. a hearing only when the party asked
    # for one); a step not offered is neither listed nor taken. None: always offered.
    offered: Callable[[Any], bool] | None = None
    # Why the step is not offered, in Chinese with its article (shown when it is asked for anyway).
    not_offered: str = ""


class Refused(Exception):
    """A step was refused; `unmet` lists every reason in Chinese."""

    def __init__(self, unmet: Sequence[str]):
        super().__init__("；".join(unmet))
        self.unmet = list(unmet)


@dataclass
class Procedure:
    steps: list[Step]
    # step code -> the codes that may follow it
    transitions: dict[str, list[str]]
    field: str = "step"
    name: str = ""

    def __post_init__(self) -> None:
        self.by_code = {s.code: s for s in self.steps}
        unknown = {c for src, dsts in self.transitions.items() for c in (src, *dsts)} - set(self.by_code)
        if unknown:
            raise ValueError(f"transitions name unknown steps: {sorted(unknown)}")

    @property
    def initial(self) -> str:
        return self.steps[0].code

    def choices(self) -> list[tuple[str, str]]:
        return [(s.code, s.label) for s in self.steps]

    def current(self, obj) -> Step:
        return self.by_code[getattr(obj, self.field)]

    def allowed(self, obj) -> list[Step]:
        steps = [self.by_code[c] for c in self.transitions.get(getattr(obj, self.field), [])]
        return [s for s in steps if s.offered is None or s.offered(obj)]

    def unmet(self, obj, to: str) -> list[str]:
        """Why `obj` may not move to step `to` now (empty when it may)."""
        step = self.by_code.get(to)
        if step is None:
            return [f"没有“{to}”这个环节"]
        if to not in self.transitions.get(getattr(obj, self.field), []):
            return [f"当前环节“{self.current(obj).label}”之后不能直接进入“{step.label}”"]
        if step.offered is not None and not step.offered(obj):
            return [step.not_offered or f"本记录不需要办理“{step.label}”环节"]
        return step.gate(obj) if step.gate else []

    def path_to(self, to: str, obj=None) -> list[str] | None:
        """The shortest chain of steps from the initial one to `to` (breadth first); with `obj`,
        only through steps offered for that record (a penalty case never passes a 催告)."""
        paths = {self.initial: [self.initial]}
        queue = [self.initial]
        while queue:
            code = queue.pop(0)
            if code == to:
                return paths[code]
            for nxt in self.transitions.get(code, []):
                offered = self.by_code[nxt].offered
                if obj is not None and nxt != to and offered is not None and not offered(obj):
                    continue
                if nxt not in paths:
                    paths[nxt] = [*paths[code], nxt]
                    queue.append(nxt)
        return None

    def check_state(self, obj) -> list[str]:
        """For a record whose step is set directly (an import): every gate on the way to it holds."""
        target = getattr(obj, self.field) or self.initial
        path = self.path_to(target, obj)
        if path is None:
            return [f"环节“{target}”无法从起始环节到达"]
        unmet: list[str] = []
        for code in path[1:]:
            step = self.by_code[code]
            if step.gate:
                unmet.extend(m for m in step.gate(obj) if m not in unmet)
        return unmet

    def fields_reaching(self, current: str) -> set[str]:
        """Fields of every step lying on some path to `current`: with branches (an optional
        review, a hearing before closing) the shortest path misses the branch a record took."""
        reaches: dict[str, set[str]] = {}

        def descendants(code: str) -> set[str]:
            if code not in reaches:
                reaches[code] = set()
                for nxt in self.transitions.get(code, []):
                    reaches[code] |= {nxt, *descendants(nxt)}
            return reaches[code]

        return {
            f for s in self.steps if s.code == current or current in descendants(s.code) for f in s.fields
        }

    def reached(self, obj, code: str) -> bool:
        """Whether `obj` has passed through step `code` (on the path to its current step)."""
        path = self.path_to(getattr(obj, self.field)) or []
        return code in path


def step_field(procedure: Procedure, verbose_name: str = "办理环节") -> models.CharField:
    """The model field holding the current step: never on a form, moved only by `transition`."""
    return models.CharField(
        verbose_name,
        max_length=32,
        choices=procedure.choices(),
        default=procedure.initial,
        editable=False,
        db_index=True,
    )


def next_steps(ledger, obj) -> list[NextStep]:
    """The steps that may follow the record's current one and the roles that take them: a step
    is taken by whoever may change the ledger's records."""
    perm = f"{ledger.opts.app_label}.change_{ledger.opts.model_name}"
    return [NextStep.of(s.label, perm) for s in ledger.procedure.allowed(obj)]


def _tell_next(ledger, obj, step: Step, user) -> None:
    """Those who take the following step hear that the record waits for them."""
    from fazhi.notifications.actions import notify, recipients

    following = next_steps(ledger, obj)
    if not following:
        return
    perm = f"{ledger.opts.app_label}.change_{ledger.opts.model_name}"
    notify(
        recipients(obj.org, perm, exclude=user),
        f"{ledger.title}“{obj}”已办理“{step.label}”，下一步：{'或'.join(n.label for n in following)}",
        reverse("ledger:detail", args=[ledger.code, obj.pk]),
    )


@transaction.atomic
def transition(ledger, obj, to: str, user, *, note: str = "", data: dict | None = None):
    """Moves a record to step `to`, filling the step's fields from `data`. Raises Refused.

    The row is locked so two people pressing the button at once cannot both move it.
    """
    from fazhi.ledger.forms import step_form_class
    from fazhi.ledger.models import ProcedureLog

    procedure: Procedure = ledger.procedure
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    step = procedure.by_code.get(to)
    if step is None:
        raise Refused([f"没有“{to}”这个环节"])
    if step.fields:
        form = step_form_class(ledger, step)(data=data or {}, instance=obj, org=obj.org)
        if not form.is_valid():
            raise Refused(
                [
                    f"{form.fields[n].label if n in form.fields else ''}：{m}".lstrip("：")
                    for n, msgs in form.errors.items()
                    for m in msgs
                ]
            )
        obj = form.save(commit=False)
    unmet = procedure.unmet(obj, to)
    if unmet:
        raise Refused(unmet)
    before = getattr(obj, procedure.field)
    setattr(obj, procedure.field, to)
    obj.updated_by, obj.updated_at = user, timezone.now()
    obj._history_user = user
    obj._change_reason = (f"办理：{step.label}" + (f"（{note}）" if note else ""))[:100]
    obj.save()
    ProcedureLog.objects.create(
        org=obj.org, ledger=ledger.code, record_id=obj.pk, from_step=before, to_step=to, by=user, note=note
    )
    _tell_next(ledger, obj, step, user)
    return obj


# ------------------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """A statutory or locally set period; an administrator may change `days` (ProcedureSetting)."""

    key: str
    label: str
    days: int
    working: bool
    source: str = ""
    configurable: bool = True
    help: str = ""


_PERIODS: dict[str, Period] = {}


def period(
    key: str, label: str, days: int, *, working: bool, source: str = "", configurable: bool = True
) -> Period:
    """Declares a period (at import time of an area's rules.py) and returns its default."""
    found = Period(key, label, days, working, source, configurable)
    _PERIODS[key] = found
    return found


def all_periods() -> list[Period]:
    return sorted(_PERIODS.values(), key=lambda p: p.key)


def days(p: Period) -> int:
    """The period's days in force: the administrator's setting, else the default."""
    if not p.configurable:
        return p.days
    from fazhi.ledger.models import ProcedureSetting

    return ProcedureSetting.current().get(p.key, p.days)


@dataclass
class DueItem:
    """A date a record must meet, with its explanation, for detail pages and the to-do list."""

    label: str
    deadline: Any  # fazhi.workdays.calendar.Deadline
    done: bool = False
    extra: dict = field(default_factory=dict)
