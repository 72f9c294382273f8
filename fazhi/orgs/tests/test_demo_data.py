"""The demo county reads like a real one: every record got where it is through its procedure's
gates, figures hang together, dates run in order, and townships differ (one clearly behind)."""

import datetime as dt
import itertools

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.indicators import registry as indicators
from fazhi.ledger import registry
from fazhi.orgs.models import OrgUnit

DATE_ORDER = {
    "enforcement-cases": [
        ("registered_on", "filed_on"),
        ("filed_on", "notice_on"),
        ("notice_on", "decision_on"),
        ("decision_on", "served_on"),
        ("decision_on", "published_on"),
        ("published_on", "archived_on"),
    ],
    "petitions": [
        ("received_on", "notified_on"),
        ("notified_on", "concluded_on"),
        ("concluded_on", "closed_on"),
    ],
    "disclosure-requests": [("received_on", "replied_on"), ("replied_on", "archived_on")],
    "litigation-cases": [("received_on", "answered_on"), ("answered_on", "closed_on")],
    "disputes": [("registered_on", "closed_on")],
    "normative-documents": [("published_on", "filed_on")],
}


def _figures(year):
    townships = list(OrgUnit.objects.townships())
    codes = [i.code for i in indicators.all_indicators()]
    return townships, indicators.compute_many(codes, townships, year)


def _gates_and_dates_hold():
    for ledger in registry.all_ledgers():
        if ledger.procedure is None:
            continue
        for obj in ledger.model.objects.all():
            assert ledger.procedure.check_state(obj) == [], f"{ledger.code} {obj} at {obj.step}"
    for code, pairs in DATE_ORDER.items():
        for obj in registry.get(code).model.objects.all():
            for before, after in pairs:
                a, b = getattr(obj, before), getattr(obj, after)
                assert a is None or b is None or a <= b, f"{code} {obj}: {before} {a} > {after} {b}"


def _report_steps_dated_as_the_reports_say(today):
    """Last year's demo reports went through their steps one working day apart, submitted before 1
    March, each version's issue and submission dates those of its own sign-off and submission."""
    from fazhi.reports.models import Report, Step

    year = today.year - 1
    reports = list(Report.objects.filter(year=year))
    assert reports
    deadline = dt.date(year + 1, 3, 1)
    for report in reports:
        steps = list(report.steps.order_by("pk"))
        days = [timezone.localtime(s.at).date() for s in steps]
        assert days == sorted(days) and len(set(days)) == len(days), (report, days)
        if today > deadline and report.printed_on is not None:
            assert report.printed_on < deadline, (report, days)
        by_action = dict(zip([s.action for s in steps], days, strict=True))
        assert report.issued_on == by_action.get(Step.Action.SIGN_OFF), report
        assert report.printed_on == by_action.get(Step.Action.SUBMIT), report
        assert (report.created_at, report.updated_at) == (steps[0].at, steps[-1].at), report


def _shared_queries_give_each_figure_its_own_value(townships, year):
    """The figures of one ledger computed side by side in one query (registry._raw_many) equal
    each figure computed by its own query."""
    ids = [t.pk for t in townships]
    inds = [i for i in indicators.all_indicators() if not i.is_rate]
    assert sum(i.shared is not None for i in inds) >= 50
    shared = indicators._raw_many(inds, ids, year)
    nonzero = 0
    for ind in inds:
        alone = indicators._raw(ind, ids, year)
        assert shared[ind.code] == alone, (ind.code, year)
        nonzero += any(alone.values())
    assert nonzero >= 50


def _enforcement_after_a_written_demand(today):
    """Each township has a coercion case enforced only after its 催告 period ran (the statement
    reviewed), and one whose 催告 period still runs: on its to-do list, not late."""
    from fazhi.enforcement.models import Case
    from fazhi.ledger import todo
    from fazhi.orgs.models import User

    for town in OrgUnit.objects.townships():
        done = Case.objects.get(org=town, step="archived", coercion_route="execution")
        assert done.demand_served_on < done.performance_due_on < done.decision_on <= done.served_on
        assert done.demand_served_on <= done.demand_statement_on and done.demand_statement_reply
        waiting = Case.objects.get(org=town, step="demanded")
        assert waiting.demand_served_on <= today and waiting.decision_on is None
        clerk = User.objects.get(org=town, username__startswith="clerk")
        [wait] = [i for i in todo.items(clerk, [town.pk], today) if i.kind == "enforcement.demand_wait"]
        assert wait.record.pk == waiting.pk and wait.due > today and wait.state(today) != todo.LATE


def _stored_to_do_lists_what_scanning_every_record_lists(today):
    """The to-do list read from the stored due dates (todo.items) is the full computation
    (todo.scan, every provider over every open record): the same items, order, states, reasons
    and explanations, for the county and for each township's clerk; and no query per record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.ledger import todo
    from fazhi.orgs.models import User

    def shown(items):
        return [
            (
                t.kind,
                t.ledger,
                t.record.pk,
                t.due,
                t.state(today),
                t.label(today),
                t.reason,
                t.explanation,
                t.url,
            )
            for t in items
        ]

    townships = list(OrgUnit.objects.townships())
    users = [(User.objects.get(username="county"), [t.pk for t in townships])]
    users += [(User.objects.filter(org=t, username__startswith="clerk").first(), [t.pk]) for t in townships]
    sizes = []
    for user, ids in users:
        for days in (0, 10, 60):
            with CaptureQueriesContext(connection) as ctx:
                fast = todo.items(user, ids, today, days)
            assert shown(fast) == shown(todo.scan(user, ids, today, days)), (user, days)
            assert len(ctx.captured_queries) <= 40, (user, days, len(ctx.captured_queries))
            sizes.append(len(fast))
    assert max(sizes) >= 100, sizes  # the comparison is not between short lists


def _drafts_in_one_pass_read_as_each_alone(year):
    """The three townships' reports drafted in one pass read word for word as each drafted
    alone, in the queries of the richest one alone (every area's records read once for all)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.reports import drafting

    townships = list(OrgUnit.objects.townships().order_by("path"))
    # Each count cold: the figures' grouped rows cached by one build would spare the next its
    # grouped queries (indicators/figcache.py).
    # The lower of two counts: once, on PostgreSQL under load, one build made one query more
    # (a process cache expiring mid-build), while the test alone passes.
    counts = []
    for _ in range(2):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            many = drafting.build_many(townships, year)
        counts.append(len(ctx.captured_queries))
    together = min(counts)
    alone = []
    for t in townships:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert drafting.build(t, year) == many[t.pk], (t, year)
        alone.append(len(ctx.captured_queries))
    assert together <= max(alone), (year, together, alone)


@pytest.mark.django_db
def test_it_builds_a_coherent_demo_county_with_distinct_townships():
    call_command("seed_demo", "--seed", "11")
    _gates_and_dates_hold()
    today = timezone.localdate()
    _report_steps_dated_as_the_reports_say(today)
    _enforcement_after_a_written_demand(today)

    _stored_to_do_lists_what_scanning_every_record_lists(today)
    spreads = []
    lost = closed = 0
    for year in (today.year - 1, today.year):
        townships, figs = _figures(year)
        for t in townships:
            major = figs["enforcement.major_decisions"][t.pk].value
            assert figs["legality.reviews_enforcement"][t.pk].value <= major, (t, year)
            assert figs["enforcement.major_reviewed"][t.pk].value <= major, (t, year)
            lost += figs["litigation.lost"][t.pk].value
            closed += figs["litigation.closed"][t.pk].value
        counts = [i for i in indicators.all_indicators() if not i.is_rate]
        for a, b in itertools.combinations(townships, 2):
            same = [
                i.code
                for i in counts
                if figs[i.code][a.pk].value == figs[i.code][b.pk].value
                and (figs[i.code][a.pk].value or 0) >= 5
            ]
            # Of some 130 counts, equal values of 5 or more are coincidences, and rare.
            assert len(same) <= 10, f"{year} {a} and {b} have the same counts: {same}"
        for code in (
            "enforcement.publication_rate",
            "petitions.on_time_rate",
            "disclosure.answered_on_time_rate",
        ):
            values = [figs[code][t.pk].value for t in townships if figs[code][t.pk].value is not None]
            if len(values) > 1:
                spreads.append(max(values) - min(values))
        _shared_queries_give_each_figure_its_own_value(townships, year)
        _drafts_in_one_pass_read_as_each_alone(year)
    # Lost (corrected) cases are a small share of the cases closed over the two years.
    assert lost * 4 <= closed, f"{lost} of {closed} cases lost"
    # One township is clearly behind on its deadlines.
    assert max(spreads) >= 15
