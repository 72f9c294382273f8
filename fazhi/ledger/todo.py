"""What is due: every area registers providers of dated obligations; the to-do page, the API
and the county's late counts all read them from here.

A provider is a function `(org_ids, today) -> iterable of Todo` returning the open obligations
of those townships (done ones are not returned), whatever today is: an obligation listed only
for a while carries its window (`shown_from`, `shown_until`). A provider reads its records
through `records(Model, org_ids)`, so the same function serves three callers:

- `refresh`: after a record is saved, its providers run for that record alone and its rows in
  OpenDeadline are rewritten (post_save/post_delete, so `procedures.transition`, forms, the API
  and imports all end here); `recompute` rewrites every row (calendar or period change);
- `items`: the rows within the horizon are selected in SQL, then the providers run for those
  records alone to give each item its reason and explanation;
- `summary`: the to-do and late counts per township, one grouped query over the rows.

This module decides which are due soon (within N working days) or late, and filters by what the
user may see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import get_script_prefix, reverse

from fazhi.ledger import registry

DUE, LATE = "due", "late"
# An optional window a party may use (e.g. 30 days to apply for 司法确认): never late.
WINDOW = "window"
# An advance warning shown before the list's horizon reaches the due date.
NOTICE = "notice"


@dataclass
class Todo:
    kind: str  # a stable code, e.g. "mediation.overdue"
    ledger: str  # ledger code of the record
    record: object  # the record (must have .pk and .org)
    due: dt.date
    reason: str  # Chinese: why it is due, naming the rule and article
    explanation: str = ""  # the due date's own explanation (workdays Deadline.explain())
    # Shown from this date even when the due date lies beyond the list's horizon: an advance
    # warning a rule sets in days of its own (e.g. 30 days before a certificate expires).
    notice_from: dt.date | None = None
    # An obligation that is not a ledger record (e.g. a county assignment): its own page and the
    # heading it is listed under; `ledger` is then empty.
    link: str = ""
    group: str = ""
    # True for a window the party may use or let pass (not an obligation of the township): shown
    # as "可申请至…" while it is open, never as late, and dropped once it has closed.
    optional: bool = False
    # Set by `items`: the due date lies beyond the list's horizon (an advance warning).
    beyond_horizon: bool = False
    # The obligation is listed only from / until these dates (None: always while open).
    shown_from: dt.date | None = None
    shown_until: dt.date | None = None
    # The due date touches a year whose holiday schedule is not known yet (暂定).
    provisional: bool = False

    def __post_init__(self) -> None:
        # A provider may pass the workdays Deadline itself: its date, explanation and flag.
        deadline = self.due
        if not isinstance(deadline, dt.date):
            self.due = deadline.date
            self.explanation = self.explanation or deadline.explain()
            self.provisional = deadline.provisional

    def shown_on(self, today: dt.date) -> bool:
        """Whether the obligation is listed today at all (its window; a closed option)."""
        if self.shown_from is not None and today < self.shown_from:
            return False
        if self.shown_until is not None and today > self.shown_until:
            return False
        return not (self.optional and self.due < today)

    @property
    def org(self):
        return self.record.org

    @property
    def url(self) -> str:
        if self.link:
            return self.link
        return detail_url(self.ledger, self.record.pk)

    def state(self, today: dt.date) -> str:
        if self.optional:
            return WINDOW
        if self.due < today:
            return LATE
        return NOTICE if self.beyond_horizon else DUE

    def label(self, today: dt.date) -> str:
        """The state as the list shows it."""
        return {
            WINDOW: f"可申请至{self.due:%Y-%m-%d}",
            LATE: "已逾期",
            NOTICE: "提前提醒",
            DUE: "即将到期",
        }[self.state(today)]

    def as_dict(self, today: dt.date) -> dict:
        return {
            "kind": self.kind,
            "org": self.record.org.code,
            "record": {"ledger": self.ledger, "id": self.record.pk},
            "due": self.due.isoformat(),
            "state": self.state(today),
            "label": self.label(today),
            "reason": self.reason,
            "url": self.url,
        }


_PK_MARK = 987654321


@lru_cache(maxsize=256)
def _detail_parts(script_prefix: str, ledger: str) -> tuple[str, str]:
    url = reverse("ledger:detail", args=[ledger, _PK_MARK])
    before, _, after = url.rpartition(str(_PK_MARK))
    return before, after


def detail_url(ledger: str, pk: int) -> str:
    """`reverse("ledger:detail", args=[ledger, pk])`, resolved once per ledger (a long list names
    hundreds of records; reversing each cost a fifth of the to-do page)."""
    before, after = _detail_parts(get_script_prefix(), ledger)
    return f"{before}{int(pk)}{after}"


Provider = Callable[[list[int], dt.date], Iterable[Todo]]
_PROVIDERS: list[tuple[str, Provider]] = []


def provider(ledger_code: str):
    """Registers a provider of obligations on records of `ledger_code` (decorator)."""

    def wrap(fn: Provider) -> Provider:
        _PROVIDERS.append((ledger_code, fn))
        return fn

    return wrap


# Providers of obligations that are not ledger records: (permission to see them, provider).
_OTHER_PROVIDERS: list[tuple[str, Provider]] = []


def other_provider(permission: str):
    """Registers a provider of obligations that are not ledger records, shown to users holding
    `permission`; its Todos carry `link` and `group` (decorator)."""

    def wrap(fn: Provider) -> Provider:
        _OTHER_PROVIDERS.append((permission, fn))
        return fn

    return wrap


def horizon(today: dt.date, working_days: int) -> dt.date:
    from fazhi.workdays.deadlines import add

    return add(today, working_days, working=True).date if working_days > 0 else today


# ------------------------------------------------------------------------ records of a provider

# While set, `records` gives only these records of each model (and none of other models): a set
# of ids, or a subquery of OpenDeadline.record_id.
_SCOPE: ContextVar[dict[type, Any] | None] = ContextVar("todo_scope", default=None)


# While set, `records` gives these records of a model as they are in memory (an import's batch
# just written) rather than loading them again: {model: [records]}, within the scope above.
_HELD: ContextVar[dict[type, list] | None] = ContextVar("todo_held", default=None)


def records(model: type[models.Model], org_ids: list[int] | None) -> models.QuerySet:
    """The records a provider looks at: those of `org_ids` (None: every township), narrowed to
    the records being refreshed or listed when the caller has set a scope."""
    qs = model._default_manager.defer(*_sealed_fields(model))
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    scope = _SCOPE.get()
    if scope is not None:
        pks = scope.get(model)
        if pks is None or (isinstance(pks, set) and not pks):
            return qs.none()
        qs = qs.filter(pk__in=sorted(pks) if isinstance(pks, set) else pks)
        held = (_HELD.get() or {}).get(model)
        if held is not None:
            return _Held({o.pk: o for o in held}, qs)
    return qs


class _Held:
    """Records already in memory (an import's batch, just written) standing in for the queryset
    a provider reads them from: the database still decides which records each query selects and
    in what order, in one query of their primary keys, and the records are not loaded again.
    `filter`, `exclude`, `select_related`, `order_by`, `all` and `distinct` keep them held;
    anything else is the queryset's own answer."""

    _CHAINED = frozenset({"filter", "exclude", "select_related", "order_by", "all", "distinct"})

    def __init__(self, by_pk: dict, queryset: models.QuerySet):
        self._by_pk, self._qs = by_pk, queryset

    def _records(self) -> list:
        by_pk = self._by_pk
        return [by_pk[pk] for pk in self._qs.values_list("pk", flat=True) if pk in by_pk]

    def __iter__(self):
        return iter(self._records())

    def __len__(self) -> int:
        return len(self._records())

    def __getattr__(self, name):
        attr = getattr(self._qs, name)
        if name in self._CHAINED:
            return lambda *args, **kwargs: _Held(self._by_pk, attr(*args, **kwargs))
        return attr


@cache
def _sealed_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The encrypted identifiers of a model: no obligation reads them, so its records are loaded
    without decrypting them (a fifth of the time of a long list)."""
    from fazhi.ledger.fields import EncryptedCharField

    return tuple(f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField))


@contextmanager
def _scoped(scope: dict[type, Any]) -> Iterator[None]:
    token = _SCOPE.set(scope)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def _run(providers, org_ids, today) -> Iterator[tuple[str, Todo]]:
    for code, fn in providers:
        for t in fn(org_ids, today):
            yield code, t


def _visible_providers(user) -> list[tuple[str, Provider]]:
    result = []
    for code, fn in _PROVIDERS:
        ledger = registry.get(code)
        if ledger is not None and ledger.can(user, "view"):
            result.append((code, fn))
    return result


def _listed(t: Todo, today: dt.date, until: dt.date) -> bool:
    """Whether `items` lists the obligation, marking an advance warning beyond the horizon."""
    if not t.shown_on(today):
        return False
    if t.due <= until:
        return True
    if not t.optional and t.notice_from and t.notice_from <= today:
        t.beyond_horizon = True
        return True
    return False


def _other_items(user, org_ids, today, until) -> list[Todo]:
    found = []
    for permission, fn in _OTHER_PROVIDERS:
        if user.has_perm(permission):
            found.extend(t for t in fn(org_ids, today) if t.due <= until)
    return found


# The most records of one model `items` names by primary key in a provider's query (SQLite binds at
# most 999 parameters by default in Django's reckoning; the rest of the query needs a few).
BIND_LIMIT = 900


def _rows_listed(org_ids, providers: list[str], today: dt.date, until: dt.date):
    """The stored obligations `items` would list, as a queryset of OpenDeadline (the same rules
    as `_listed`, in SQL)."""
    from fazhi.ledger.models import OpenDeadline

    return OpenDeadline.objects.filter(
        Q(shown_from__isnull=True) | Q(shown_from__lte=today),
        Q(shown_until__isnull=True) | Q(shown_until__gte=today),
        Q(due__lte=until) | Q(optional=False, notice_from__lte=today),
        org_id__in=org_ids,
        provider__in=providers,
    ).exclude(optional=True, due__lt=today)


def items(user, org_ids: list[int], today: dt.date, working_days: int = 10) -> list[Todo]:
    """Obligations late or due within `working_days`, for records of ledgers the user may view;
    open optional windows closing within the horizon; and advance warnings whose own notice period
    has begun, marked `beyond_horizon` when their due date lies after the horizon (the page lists
    them apart, so the horizon it states holds).

    The stored due dates pick the records in one query; the providers then run for those records
    alone, so each item has its current reason and explanation (a constant number of queries)."""
    until = horizon(today, working_days)
    providers = _visible_providers(user)
    rows = _rows_listed(org_ids, [code for code, _ in providers], today, until)
    # The listed records of each model, read once: each provider then looks its records up by
    # primary key instead of evaluating the rows' conditions again. A model with more records than
    # one query may bind (a large county's list) is given them as a subquery instead.
    ids_of: dict[str, set[int]] = defaultdict(set)
    for ledger_code, record_id in rows.values_list("ledger", "record_id").order_by():
        ids_of[ledger_code].add(record_id)
    scope: dict[type, object] = {}
    for ledger_code in ids_of:
        ledger = registry.get(ledger_code)
        if ledger is not None and ledger.model not in scope:
            codes = _ledger_codes(ledger.model)
            pks = set().union(*(ids_of.get(code, ()) for code in codes))
            bound = len(pks) <= BIND_LIMIT
            scope[ledger.model] = pks if bound else rows.filter(ledger__in=codes).values("record_id")
    found: list[Todo] = []
    if scope:
        with _scoped(scope):
            found = [t for _, t in _run(providers, org_ids, today) if _listed(t, today, until)]
    found.extend(_other_items(user, org_ids, today, until))
    found.sort(key=lambda t: (t.due, t.ledger, t.record.pk))
    return found


def scan(user, org_ids: list[int], today: dt.date, working_days: int = 10) -> list[Todo]:
    """`items` computed by running every provider over every open record of the townships,
    without the stored due dates: the reference the stored rows are checked against."""
    until = horizon(today, working_days)
    found = [t for _, t in _run(_visible_providers(user), org_ids, today) if _listed(t, today, until)]
    found.extend(_other_items(user, org_ids, today, until))
    found.sort(key=lambda t: (t.due, t.ledger, t.record.pk))
    return found


@dataclass
class Summary:
    """What the home pages show of the to-do list: how many items, how many late, per township."""

    total: int
    late: int
    late_by_org: dict[int, int]
    total_by_org: dict[int, int]


def summary(user, org_ids: list[int], today: dt.date, working_days: int = 10) -> Summary:
    """The counts of `items(user, org_ids, today, working_days)`, by township, in one grouped
    query over the stored due dates (plus the few obligations that are not ledger records)."""
    until = horizon(today, working_days)
    providers = [code for code, _ in _visible_providers(user)]
    late_by_org: dict[int, int] = dict.fromkeys(org_ids, 0)
    total_by_org: dict[int, int] = dict.fromkeys(org_ids, 0)
    counted = (
        _rows_listed(org_ids, providers, today, until)
        .values("org_id")
        .annotate(total=Count("id"), late=Count("id", filter=Q(due__lt=today, optional=False)))
        .order_by()
    )
    for row in counted:
        total_by_org[row["org_id"]] = row["total"]
        late_by_org[row["org_id"]] = row["late"]
    for t in _other_items(user, org_ids, today, until):
        org_id = t.record.org_id
        total_by_org[org_id] = total_by_org.get(org_id, 0) + 1
        if t.state(today) == LATE:
            late_by_org[org_id] = late_by_org.get(org_id, 0) + 1
    return Summary(sum(total_by_org.values()), sum(late_by_org.values()), late_by_org, total_by_org)


# ------------------------------------------------------------------------- keeping rows current

# Records whose change moves another record's obligations (a case names the officers whose idle
# years it ends): model label -> functions of the saved record returning {model: pks} to refresh.
_DEPENDENTS: dict[str, list[Callable[[object], dict[type, set[int]]]]] = defaultdict(list)


def dependents(label: str):
    """Registers a function of a saved record of model `label` ("app.Model") naming other
    records whose obligations to refresh with it (decorator)."""

    def wrap(fn):
        _DEPENDENTS[label].append(fn)
        return fn

    return wrap


# The columns of an OpenDeadline row, in the order `_values` gives them.
_COLUMNS = (
    "org",
    "provider",
    "ledger",
    "record_id",
    "kind",
    "due",
    "provisional",
    "optional",
    "notice_from",
    "shown_from",
    "shown_until",
)


def _values(provider: str, t: Todo) -> tuple:
    """The stored row of an obligation (`_COLUMNS`)."""
    return (
        t.record.org_id,
        provider,
        t.ledger,
        t.record.pk,
        t.kind,
        t.due,
        t.provisional,
        t.optional,
        t.notice_from,
        t.shown_from,
        t.shown_until,
    )


def _store(rows: list[tuple], *, batch: int = 1000) -> None:
    """Inserts OpenDeadline rows (`_values` tuples), each value prepared for the database by its
    model field as `bulk_create` would, without a model instance per row and with one statement
    run for many rows (an import refreshes a thousand records at a time)."""
    from django.db import connections, router

    from fazhi.ledger.models import OpenDeadline

    if not rows:
        return
    connection = connections[router.db_for_write(OpenDeadline)]
    opts = OpenDeadline._meta
    fields = [opts.get_field(name) for name in _COLUMNS]
    quote = connection.ops.quote_name
    table, columns = quote(opts.db_table), ", ".join(quote(f.column) for f in fields)
    # Quoted model names only; the values are parameters.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    preps = [f.get_db_prep_save for f in fields]
    with connection.cursor() as cursor:
        for i in range(0, len(rows), batch):
            cursor.executemany(
                sql,
                [
                    tuple(
                        [
                            None if value is None else prep(value, connection)
                            for prep, value in zip(preps, row, strict=True)
                        ]
                    )
                    for row in rows[i : i + batch]
                ],
            )


_CODES: dict[type, list[str]] = {}


def _ledger_codes(model: type) -> list[str]:
    """The ledgers of a model (looked up once per model: the registry is complete after start-up)."""
    codes = _CODES.get(model)
    if codes is None:
        codes = _CODES[model] = [lg.code for lg in registry.all_ledgers() if lg.model is model]
    return codes


@transaction.atomic
def refresh(
    scope: dict[type, set[int]], today: dt.date | None = None, *, held: dict[type, list] | None = None
) -> int:
    """Rewrites the stored obligations of these records (deleted records keep none). `held`
    gives records of the scope as they are in memory, just written: the providers read them
    there instead of loading them again."""
    from django.utils import timezone

    from fazhi.ledger.models import OpenDeadline

    today = today or timezone.localdate()
    scope = {m: set(pks) for m, pks in scope.items() if pks and _ledger_codes(m)}
    if not scope:
        return 0
    for model, pks in scope.items():
        OpenDeadline.objects.filter(ledger__in=_ledger_codes(model), record_id__in=sorted(pks)).delete()
    token = _HELD.set(held)
    try:
        with _scoped(scope):
            rows = [_values(code, t) for code, t in _run(_PROVIDERS, None, today) if t.ledger]
    finally:
        _HELD.reset(token)
    _store(rows)
    return len(rows)


def refresh_many(model: type[models.Model], pks: Iterable[int], *, batch: int = 1000) -> int:
    """`refresh` of many records of one model (a bulk import), a batch at a time."""
    ids = sorted({pk for pk in pks if pk is not None})
    return sum(refresh({model: set(ids[i : i + batch])}) for i in range(0, len(ids), batch))


def refresh_written(model: type[models.Model], objs: list) -> int:
    """`refresh` of records of one model just written by a bulk write and still in memory (an
    import's batch, their township set): the providers read them as they are."""
    objs = [o for o in objs if o.pk is not None]
    return refresh({model: {o.pk for o in objs}}, held={model: objs})


def recompute(org_ids: list[int] | None = None, *, chunk: int = 20) -> int:
    """Rewrites every stored obligation (of these townships, else all), a few townships per
    transaction; after a holiday override or a period setting changed, and nightly."""
    from django.utils import timezone

    from fazhi.ledger.models import OpenDeadline
    from fazhi.orgs.models import OrgUnit

    today = timezone.localdate()
    if org_ids is None:
        org_ids = list(OrgUnit.objects.filter(level="township").order_by("pk").values_list("pk", flat=True))
    written = 0
    for i in range(0, len(org_ids), chunk):
        part = org_ids[i : i + chunk]
        with transaction.atomic():
            OpenDeadline.objects.filter(org_id__in=part).delete()
            rows = [_values(code, t) for code, t in _run(_PROVIDERS, part, today) if t.ledger]
            _store(rows)
        written += len(rows)
    return written


def recompute_after_commit(**kwargs) -> None:
    """A holiday override or a period setting changed: every stored due date may move, those of
    the to-do list (OpenDeadline) and those the on-time rates count (ledger.duedates). Runs once
    the change is committed, with the calendar and the period settings read afresh."""

    def run() -> None:
        from django.core.cache import cache

        from fazhi.ledger import duedates
        from fazhi.ledger.models import ProcedureSetting
        from fazhi.workdays.deadlines import clear_cache

        clear_cache()
        cache.delete(ProcedureSetting.CACHE_KEY)
        recompute()
        duedates.recompute()

    transaction.on_commit(run)


def note(instance, *, deleted: bool = False) -> None:
    """Refreshes the obligations of a record just written (and of the records depending on it)."""
    model = type(instance)
    scope: dict[type, set[int]] = defaultdict(set)
    if not deleted:
        scope[model].add(instance.pk)
    for fn in _DEPENDENTS.get(model._meta.label, ()):
        for m, pks in fn(instance).items():
            scope[m] |= {pk for pk in pks if pk is not None}
    refresh(scope)


# Set while a bulk load (seed_demo, seed_scale) writes records and recomputes once at its end.
_PAUSED: ContextVar[bool] = ContextVar("todo_paused", default=False)


@contextmanager
def paused() -> Iterator[None]:
    """Saves inside the block do not refresh stored due dates; the caller runs `recompute`."""
    token = _PAUSED.set(True)
    try:
        yield
    finally:
        _PAUSED.reset(token)


def _tracked(sender) -> bool:
    return not _PAUSED.get() and bool(_PROVIDERS) and bool(_ledger_codes(sender))


def on_save(sender, instance, raw=False, **kwargs) -> None:
    if not raw and _tracked(sender):
        note(instance)


def on_delete(sender, instance, **kwargs) -> None:
    if _tracked(sender):
        from fazhi.ledger.models import OpenDeadline

        OpenDeadline.objects.filter(ledger__in=_ledger_codes(sender), record_id=instance.pk).delete()
        note(instance, deleted=True)


def grouped(todos: list[Todo]) -> list[tuple[str, list[Todo]]]:
    """By area in domain order."""
    result = []
    for area, (name, _icon) in registry.AREAS.items():
        of_area = [t for t in todos if not t.group and registry.get(t.ledger).area == area]
        if of_area:
            result.append((name, of_area))
    for group in dict.fromkeys(t.group for t in todos if t.group):
        result.append((group, [t for t in todos if t.group == group]))
    return result
