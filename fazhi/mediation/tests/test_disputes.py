"""Dispute pages: delete with a reason, masked identifiers, revealing them."""

import pytest
from django.urls import reverse

from fazhi.conftest import PASSWORD
from fazhi.ledger.tests.factories import make_dispute
from fazhi.mediation.models import Dispute
from fazhi.orgs.models import AuditLog

pytestmark = pytest.mark.django_db


def test_it_requires_a_reason_to_delete_and_keeps_it_in_history(client, world):
    dispute = make_dispute(world)
    client.force_login(world.clerk_a)
    url = reverse("ledger:delete", args=["disputes", dispute.pk])
    response = client.post(url, {"reason": " "})
    assert "请填写删除原因（至少2个字）" in response.content.decode()
    assert Dispute.objects.filter(pk=dispute.pk).exists()
    response = client.post(url, {"reason": "重复登记"}, follow=True)
    assert "原因已记入变更历史" in response.content.decode()
    assert not Dispute.objects.filter(pk=dispute.pk).exists()
    last = Dispute.history.filter(id=dispute.pk).order_by("-history_date").first()
    assert last.history_type == "-" and last.history_change_reason == "删除：重复登记"
    assert last.history_user == world.clerk_a
    assert AuditLog.objects.filter(action="delete", detail="重复登记").exists()


def test_it_masks_identifiers_in_list_and_detail(client, world):
    dispute = make_dispute(world)
    client.force_login(world.clerk_a)
    for url in (
        reverse("ledger:list", args=["disputes"]),
        reverse("ledger:detail", args=["disputes", dispute.pk]),
    ):
        page = client.get(url).content.decode()
        assert "138****5678" in page
        assert "13812345678" not in page and dispute.applicant_id_number not in page


def test_it_reveals_only_with_the_permission_and_the_password(client, world):
    dispute = make_dispute(world)
    url = reverse("ledger:reveal", args=["disputes", dispute.pk, "applicant_id_number"])
    client.force_login(world.clerk_a)
    assert client.post(url).status_code == 403
    client.force_login(world.reviewer_a)
    response = client.post(url)
    assert dispute.applicant_id_number not in response.content.decode()
    response = client.post(url, {"password": "wrong"})
    assert dispute.applicant_id_number not in response.content.decode()
    assert not AuditLog.objects.filter(action="reveal", outcome="success").exists()
    response = client.post(url, {"password": PASSWORD})
    assert dispute.applicant_id_number in response.content.decode()
    log = AuditLog.objects.get(action="reveal", outcome="success")
    assert log.username == "reviewer_a" and "当事人身份证号" in log.target
    # Within the re-authentication window no password is asked again, and every look is logged.
    assert dispute.applicant_id_number in client.post(url).content.decode()
    assert AuditLog.objects.filter(action="reveal", outcome="success").count() == 2
    assert (
        client.post(reverse("ledger:reveal", args=["disputes", dispute.pk, "applicant"])).status_code == 403
    )


def test_it_does_not_reveal_another_townships_record(client, world):
    dispute = make_dispute(world, org=world.town_b)
    client.force_login(world.reviewer_a)
    url = reverse("ledger:reveal", args=["disputes", dispute.pk, "applicant_id_number"])
    assert client.post(url, {"password": PASSWORD}).status_code == 404


def test_it_stores_identifiers_encrypted(world):
    from django.db import connection

    dispute = make_dispute(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT applicant_phone, applicant_id_number FROM mediation_dispute WHERE id = %s", [dispute.pk]
        )
        phone, id_number = cursor.fetchone()
    assert phone and "13812345678" not in phone
    assert id_number and dispute.applicant_id_number not in id_number
    assert Dispute.objects.get(pk=dispute.pk).applicant_phone == "13812345678"
