"""What is due: every area registers providers of dated obligations; the to-do page, the API
and the county's late counts all read them from here.

A provider is a function `(org_ids, today) -> iterable of Todo` returning the open obligations
of those townships (done ones are not returned). This module decides which are due soon
(within N working days) or late, and filters by what the user may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

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

    @property
    def org(self):
        return self.record.org

    @property
    def url(self) -> str:
        if self.link:
            return self.link
        return reverse("ledger:detail", args=[self.ledger, self.record.pk])

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


def items(user, org_ids: list[int], today: dt.date, working_days: int = 10) -> list[Todo]:
    """Obligations late or due within `working_days`, for records of ledgers the user may view;
    open optional windows closing within the horizon; and advance warnings whose own notice period
    has begun, marked `beyond_horizon` when their due date lies after the horizon (the page lists
    them apart, so the horizon it states holds)."""
    until = horizon(today, working_days)
    found: list[Todo] = []
    for code, fn in _PROVIDERS:
        ledger = registry.get(code)
        if ledger is None or not ledger.can(user, "view"):
            continue
        for t in fn(org_ids, today):
            if t.optional and t.due < today:
                continue  # the window has closed: nothing is owed
            if t.due <= until:
                found.append(t)
            elif not t.optional and t.notice_from and t.notice_from <= today:
                t.beyond_horizon = True
                found.append(t)
    for permission, fn in _OTHER_PROVIDERS:
        if user.has_perm(permission):
            found.extend(t for t in fn(org_ids, today) if t.due <= until)
    found.sort(key=lambda t: (t.due, t.ledger, t.record.pk))
    return found


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
