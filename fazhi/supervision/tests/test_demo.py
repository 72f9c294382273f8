import pytest
from django.core.management import call_command

from fazhi.supervision import inspections, scoring
from fazhi.supervision.models import Assignment, Inspection, Scheme


@pytest.mark.django_db
def test_it_seeds_a_scored_scheme_an_inspection_and_two_assignments(client):
    call_command("seed_demo", "--seed", "7")
    published = Scheme.objects.get(state=Scheme.State.PUBLISHED)
    results = scoring.results(published)
    assert len(results) == 3 and all(not r.missing and r.grade for r in results)
    assert len({r.total for r in results}) > 1  # the townships differ
    draft = Scheme.objects.get(state=Scheme.State.DRAFT, year=published.year + 1)
    assert draft.copied_from == published and draft.items.count() == published.items.count()
    states = {
        s.state
        for s in inspections.statuses(
            list(Inspection.objects.get().findings.all()), published.frozen_at.date()
        )
    }
    assert len(states) == 3
    assert Assignment.objects.count() == 2
