"""Record titles are built from labels without saying a word twice ("邻里纠纷纠纷")."""

import pytest
from django.core.management import call_command

from fazhi.ledger import registry
from fazhi.lib.titles import doubled, with_prefix, with_suffix
from fazhi.mediation.models import Dispute

pytestmark = pytest.mark.django_db


def test_it_adds_a_suffix_or_prefix_only_once():
    assert with_suffix("邻里纠纷", "纠纷") == "邻里纠纷"
    assert with_suffix("婚姻家庭", "纠纷") == "婚姻家庭纠纷"
    assert with_prefix("甲一村", "甲一村村规民约") == "甲一村村规民约"
    assert doubled("2025-03-05 邻里纠纷纠纷") == "纠纷纠纷"
    assert doubled("2025-03-05 邻里纠纷") is None


def test_no_demo_record_title_repeats_a_word():
    call_command("seed_demo", "--seed", "3")
    walked, repeated = 0, []
    for ledger in registry.all_ledgers():
        for obj in ledger.model.objects.all():
            walked += 1
            if (word := doubled(str(obj))) is not None:
                repeated.append(f"{ledger.title} #{obj.pk}：{obj}（{word}）")
    assert walked > 1000
    assert not repeated, "\n".join(repeated[:20])
    assert Dispute.objects.filter(kind=Dispute.Kind.NEIGHBOUR).exists()


def test_a_dispute_without_a_number_is_titled_by_its_kind_once(world):
    from fazhi.ledger.tests.factories import make_dispute

    neighbour = make_dispute(world, number="", kind=Dispute.Kind.NEIGHBOUR)
    family = make_dispute(world, number="", kind=Dispute.Kind.FAMILY)
    assert str(neighbour).endswith(" 邻里纠纷")
    assert str(family).endswith(" 婚姻家庭纠纷")
