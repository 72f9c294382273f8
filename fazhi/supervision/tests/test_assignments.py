import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.supervision.models import Assignment, AssignmentTarget


def _send(client, world, due, kind="text", townships=("TCA", "TCB"), **extra):
    client.force_login(world.county_user)
    data = {
        "title": "报送矛盾纠纷排查情况",
        "text": "请于期限前报送本季度矛盾纠纷排查化解情况。",
        "due_on": due.isoformat(),
        "reply_kind": kind,
        "townships": list(townships),
        "files": [SimpleUploadedFile("通知.docx", b"docx bytes")],
        **extra,
    }
    response = client.post("/supervision/assignments/", data)
    return response, Assignment.objects.order_by("-id").first()


def test_it_sends_a_task_and_shows_who_replied_and_who_is_late(client, world):
    today = timezone.localdate()
    response, a = _send(client, world, today - dt.timedelta(days=3))
    assert response.status_code == 302 and a.targets.count() == 2 and a.files.count() == 1
    client.force_login(world.clerk_a)
    page = client.get(f"/supervision/assignments/{a.pk}/").content.decode()
    assert "通知.docx" in page and "乙乡" not in page
    client.post(f"/supervision/assignments/{a.pk}/", {"text": "本季度排查42次，化解纠纷18件"})
    client.force_login(world.county_user)
    page = client.get(f"/supervision/assignments/{a.pk}/").content.decode()
    assert "已回复 1 个" in page and "逾期 2 个" in page  # A replied after the due date, B not at all
    assert "本季度排查42次" in page and "逾期回复" in page and "已逾期未回复" in page


def test_it_puts_late_tasks_on_both_sides_to_do_lists(client, world):
    _, a = _send(client, world, timezone.localdate() - dt.timedelta(days=2))
    client.get("/supervision/assignments/")  # shows the "sent" message, out of the way
    todo = client.get("/l/todo/").content.decode()
    link = f'href="/supervision/assignments/{a.pk}/"'
    assert "督办任务" in todo and todo.count(link) == 2 and "已逾期2天" in todo
    client.force_login(world.clerk_b)
    todo = client.get("/l/todo/").content.decode()
    assert todo.count(link) == 1
    api = client.get("/api/v1/todo").json()
    assert [(t["org"], t["state"]) for t in api if t["kind"] == "supervision.assignment"] == [("TCB", "late")]
    client.post(f"/supervision/assignments/{a.pk}/", {"text": "已报送"})
    assert link not in client.get("/l/todo/").content.decode()


def test_it_requires_the_reply_the_task_asks_for(client, world):
    _, a = _send(
        client, world, timezone.localdate() + dt.timedelta(days=5), kind="figure", figure_label="排查次数"
    )
    client.force_login(world.clerk_a)
    response = client.post(f"/supervision/assignments/{a.pk}/", {"figure": "很多"}, follow=True)
    assert "请填写“排查次数”的数字" in response.content.decode()
    client.post(f"/supervision/assignments/{a.pk}/", {"figure": "42"})
    target = AssignmentTarget.objects.get(assignment=a, org=world.town_a)
    assert target.reply_figure == 42 and not target.late(timezone.localdate())


def test_it_keeps_tasks_to_their_townships(client, world):
    _, a = _send(client, world, timezone.localdate() + dt.timedelta(days=5), townships=("TCA",))
    client.force_login(world.clerk_b)
    assert client.get(f"/supervision/assignments/{a.pk}/").status_code == 404
    listing = client.get("/supervision/assignments/").content.decode()
    assert "报送矛盾纠纷排查情况" not in listing.split('id="assignments"')[1]
    assert client.get(f"/supervision/assignments/files/{a.files.get().pk}/").status_code == 404
    client.force_login(world.leader_a)  # may read, may not reply
    assert client.post(f"/supervision/assignments/{a.pk}/", {"text": "x"}).status_code == 403
