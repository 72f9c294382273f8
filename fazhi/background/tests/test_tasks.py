"""Background work through Django's Tasks API: the jobs page, progress, errors, the worker."""

import io
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from fazhi.background import runner
from fazhi.background.health import queue_health
from fazhi.background.models import BackgroundTask
from fazhi.conftest import client_for
from fazhi.ledger.tests.factories import DISPUTE_HEADER, dispute_row, xlsx
from fazhi.mediation.models import Dispute
from fazhi.review.synth import make_report
from fazhi.supervision import tasks as review_tasks

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def import_upload(client, rows, name="纠纷.xlsx"):
    return client.post(
        reverse("ledger:import", args=["disputes"]), {"file": SimpleUploadedFile(name, xlsx(rows))}
    )


def review_upload(client, name="甲镇.txt"):
    upload = SimpleUploadedFile(name, make_report(1).encode(), content_type="text/plain")
    return client.post("/supervision/review/", {"files": [upload]})


def test_it_shows_each_user_only_their_own_tasks(client, world, settings):
    settings.FAZHI_BACKGROUND_ROWS = 0
    client_for(client, world.clerk_a)
    import_upload(client, [DISPUTE_HEADER, dispute_row(1)], name="甲镇纠纷.xlsx")
    mine = BackgroundTask.objects.get()
    assert mine.created_by == world.clerk_a and mine.org == world.town_a
    page = text(client.get("/tasks/"))
    assert "甲镇纠纷.xlsx" in page and "排队中" in page
    client_for(client, world.clerk_b)
    assert "甲镇纠纷.xlsx" not in text(client.get("/tasks/"))
    assert "您还没有提交过后台任务" in text(client.get("/tasks/"))
    assert client.get(f"/tasks/{mine.pk}/").status_code == 404
    assert client.get(f"/l/jobs/{mine.pk}/download/").status_code == 404
    assert client.post(f"/l/jobs/{mine.pk}/cancel/").status_code == 404


def test_it_exports_the_jobs_list_to_excel(client, world, settings):
    settings.FAZHI_BACKGROUND_ROWS = 0
    client_for(client, world.clerk_a)
    import_upload(client, [DISPUTE_HEADER, dispute_row(1)], name="三月纠纷.xlsx")
    client_for(client, world.clerk_b)
    import_upload(client, [DISPUTE_HEADER, dispute_row(2)], name="乙乡纠纷.xlsx")
    client_for(client, world.clerk_a)
    response = client.get("/tasks/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "提交时间" in cells and "导入" in cells and "排队中" in cells
    assert any("三月纠纷.xlsx" in str(c) for c in cells)
    assert not any("乙乡纠纷.xlsx" in str(c) for c in cells)


def test_it_shows_progress_and_polls_until_done(client, world, settings, run_tasks):
    settings.FAZHI_BACKGROUND_ROWS = 0
    client_for(client, world.clerk_a)
    import_upload(client, [DISPUTE_HEADER, *(dispute_row(n) for n in range(4))])
    record = BackgroundTask.objects.get()
    BackgroundTask.objects.filter(pk=record.pk).update(status="running", progress=3, total=4)
    partial = client.get(f"/tasks/{record.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-valuenow="75"' in partial and "3 / 4 行" in partial
    assert 'hx-trigger="every 1s"' in partial
    assert "处理中 75%" in text(client.get("/tasks/"))
    BackgroundTask.objects.filter(pk=record.pk).update(status="queued", progress=0)
    assert run_tasks() == 1
    done = client.get(f"/tasks/{record.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "校验通过，可以写入" in done and "hx-trigger" not in done


def test_polling_does_not_keep_an_idle_session_alive(client, world, settings):
    settings.FAZHI_BACKGROUND_ROWS = 0
    client_for(client, world.clerk_a)
    import_upload(client, [DISPUTE_HEADER, dispute_row(1)])
    record = BackgroundTask.objects.get()
    session = client.session
    session["last_seen"] = time.time() - 120
    session.save()
    before = client.session["last_seen"]
    client.get(f"/tasks/{record.pk}/", HTTP_HX_REQUEST="true")
    client.get("/tasks/", HTTP_HX_REQUEST="true")
    assert client.session["last_seen"] == before
    client.get("/tasks/")
    assert client.session["last_seen"] > before


def test_it_shows_a_failure_in_chinese_and_hides_an_internal_one(client, world, run_tasks, monkeypatch):
    client_for(client, world.county_user)

    def refuse(paths, year=None):
        raise ValueError("第2份文件无法读取：文件已损坏")

    monkeypatch.setattr(review_tasks.review, "review_batch", refuse)
    location = review_upload(client)["Location"]
    run_tasks()
    page = text(client.get(location))
    assert "失败" in page and "处理失败：第2份文件无法读取：文件已损坏" in page
    assert "失败" in text(client.get("/tasks/"))

    def crash(paths, year=None):
        raise KeyError("parts")

    monkeypatch.setattr(review_tasks.review, "review_batch", crash)
    location = review_upload(client)["Location"]
    run_tasks()
    page = text(client.get(location))
    assert runner.INTERNAL_ERROR in page and "KeyError" not in page and "parts" not in page
    # The worker's own record says failed too, and the uploaded files are gone either way.
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"FAILED"}


def test_a_task_that_died_in_the_worker_is_shown_as_failed(client, world):
    client_for(client, world.county_user)
    location = review_upload(client)["Location"]
    DBTaskResult.objects.update(status="FAILED")  # e.g. the worker was killed mid-task
    page = text(client.get(location))
    assert runner.INTERRUPTED in page


def test_the_view_enqueues_and_the_immediate_backend_runs_it(client, world, settings):
    settings.TASKS = IMMEDIATE
    client_for(client, world.county_user)
    location = review_upload(client)["Location"]
    record = BackgroundTask.objects.get()
    assert record.status == "done" and record.result_id
    assert "审查完成，共 1 份报告" in text(client.get(location))


def test_a_large_import_cannot_be_written_twice(client, world, settings, run_tasks):
    settings.FAZHI_BACKGROUND_ROWS = 0
    client_for(client, world.clerk_a)
    import_upload(client, [DISPUTE_HEADER, dispute_row(1), dispute_row(2)])
    run_tasks()
    record = BackgroundTask.objects.get()
    for _ in range(3):
        client.post(f"/l/jobs/{record.pk}/commit/")
    assert DBTaskResult.objects.count() == 2  # checking, then writing once
    run_tasks()
    assert Dispute.objects.count() == 2


def test_the_health_check_reports_a_stale_queue(world, settings):
    assert queue_health() == {"ok": True, "backend": "database", "waiting": 0, "oldest_wait_seconds": 0}
    record = runner.create(BackgroundTask.Kind.REVIEW, "x", world.county_user, world.county)
    record.params = {"files": []}
    record.save()
    runner.enqueue(record, review_tasks.review_files)
    assert queue_health()["waiting"] == 1 and queue_health()["ok"]
    DBTaskResult.objects.update(enqueued_at=record.created_at.replace(year=2020))
    assert queue_health()["ok"] is False


@pytest.mark.django_db(transaction=True)
def test_run_worker_once_runs_the_queued_tasks_on_the_database_backend(client, world, settings):
    settings.FAZHI_MAINTENANCE_AT = None
    settings.FAZHI_BACKGROUND_ROWS = 0
    client_for(client, world.clerk_a)
    import_upload(client, [DISPUTE_HEADER, dispute_row(1)])
    out = io.StringIO()
    call_command("run_worker", "--once", stdout=out)
    assert "ran 1 task(s)" in out.getvalue()
    record = BackgroundTask.objects.get()
    assert record.status == "valid" and record.finished_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_smoke_a_task_runs_on_redis_through_the_rq_backend(client, world, settings, redis_url):
    """The RQ worker of `run_worker --once` runs the task queued through a view and counts it (RQ 3
    keeps its own job counts in Redis only, so the command counts the backend's task_finished)."""
    settings.FAZHI_MAINTENANCE_AT = None  # the daily run, once due, would be a second task
    settings.TASK_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    client_for(client, world.county_user)
    location = review_upload(client)["Location"]
    record = BackgroundTask.objects.get()
    assert record.status == "queued" and record.result_id
    assert queue_health()["waiting"] == 1 and queue_health()["backend"] == "rq"
    out = io.StringIO()
    call_command("run_worker", "--once", stdout=out)
    assert "ran 1 task(s)" in out.getvalue()
    assert "审查完成，共 1 份报告" in text(client.get(location))
    assert queue_health()["ok"] and queue_health()["waiting"] == 0
