"""The maintenance run: `manage.py maintenance`, the worker's queue and schedule, its page."""

import datetime
import io
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from fazhi.conftest import client_for
from fazhi.lib import maintenance as registry
from fazhi.ops import maintenance
from fazhi.ops.models import MaintenanceRun

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def dummy_steps(monkeypatch):
    """Three steps in place of the registered ones: one writes, one writes then breaks, one counts."""
    monkeypatch.setattr(registry, "STEPS", {})
    calls = []

    @registry.maintenance_step("make_group", "建立测试组")
    def make_group():
        Group.objects.create(name="维护测试·建立的组")
        calls.append("make_group")
        return "建立 1 个组"

    @registry.maintenance_step("broken", "会失败的步骤")
    def broken():
        Group.objects.create(name="维护测试·应当回滚的组")
        calls.append("broken")
        raise RuntimeError("磁盘已满")

    @registry.maintenance_step("count", "统计")
    def count():
        calls.append("count")
        return f"共 {Group.objects.filter(name__startswith='维护测试').count()} 个组"

    return calls


def run_command(*args):
    out = io.StringIO()
    call_command("maintenance", *args, stdout=out)
    return out.getvalue()


def test_it_runs_every_step_in_its_own_transaction_and_reports_the_failure(db, dummy_steps):
    with pytest.raises(CommandError, match="a step failed"):
        run_command()
    assert dummy_steps == ["make_group", "broken", "count"]
    # The broken step was rolled back; the steps before and after it kept their work.
    assert list(Group.objects.filter(name__startswith="维护测试").values_list("name", flat=True)) == [
        "维护测试·建立的组"
    ]
    record = MaintenanceRun.objects.get()
    assert record.status == MaintenanceRun.Status.FAILED
    assert record.trigger == MaintenanceRun.Trigger.COMMAND
    assert [(r["name"], r["ok"]) for r in record.results] == [
        ("make_group", True),
        ("broken", False),
        ("count", True),
    ]
    assert record.summary == "建立测试组：建立 1 个组；会失败的步骤：失败：磁盘已满；统计：共 1 个组"


def test_it_runs_only_the_named_step(db, dummy_steps):
    out = run_command("--only", "count")
    assert dummy_steps == ["count"]
    assert "ok\tcount" in out
    assert MaintenanceRun.objects.get().status == MaintenanceRun.Status.DONE


def test_it_refuses_an_unknown_step_naming_the_known_ones(db, dummy_steps):
    with pytest.raises(CommandError, match="没有名为“purge”的维护步骤（已注册：make_group、broken、count）"):
        run_command("--only", "purge")
    assert not MaintenanceRun.objects.exists()


def test_it_lists_the_steps_on_a_dry_run_and_runs_nothing(db, dummy_steps):
    out = run_command("--dry-run")
    assert "make_group\t建立测试组" in out
    assert "3 step(s) would run" in out
    assert dummy_steps == []
    assert not MaintenanceRun.objects.exists()
    assert not Group.objects.filter(name__startswith="维护测试").exists()


def test_it_runs_a_queued_run_in_the_background_worker(db, dummy_steps, settings, run_tasks):
    settings.FAZHI_MAINTENANCE_AT = None
    run_command("--enqueue", "--only", "make_group")
    run_command("--enqueue", "--only", "make_group")  # the waiting run is not queued twice
    assert dummy_steps == []
    assert run_tasks() == 1
    assert dummy_steps == ["make_group"]
    assert MaintenanceRun.objects.get().status == MaintenanceRun.Status.DONE


def test_it_queues_the_daily_run_once_the_time_has_passed(db, dummy_steps, settings, run_tasks):
    settings.FAZHI_MAINTENANCE_AT = datetime.time(2, 30)
    assert maintenance.schedule_due(datetime.datetime(2026, 3, 2, 1, 0, tzinfo=SHANGHAI)) is None
    first = maintenance.schedule_due(datetime.datetime(2026, 3, 2, 3, 0, tzinfo=SHANGHAI))
    assert first.trigger == MaintenanceRun.Trigger.SCHEDULE
    assert run_tasks() == 1
    assert dummy_steps == ["make_group", "broken", "count"]
    # Not again the same day, but again the next.
    assert maintenance.schedule_due(datetime.datetime(2026, 3, 2, 23, 0, tzinfo=SHANGHAI)) is None
    MaintenanceRun.objects.update(created_at=datetime.datetime(2026, 3, 2, 3, 0, tzinfo=SHANGHAI))
    assert maintenance.schedule_due(datetime.datetime(2026, 3, 3, 2, 45, tzinfo=SHANGHAI)) is not None
    assert MaintenanceRun.objects.count() == 2


def test_it_lets_the_system_administrator_start_a_run_and_read_what_it_did(
    client, world, dummy_steps, settings, run_tasks
):
    settings.FAZHI_MAINTENANCE_AT = None
    client_for(client, world.sysadmin)
    page = client.get("/manage/maintenance/")
    assert "建立测试组" in page.content.decode()
    response = client.post("/manage/maintenance/", {"only": "count"})
    assert response.status_code == 302
    record = MaintenanceRun.objects.get()
    assert (record.status, record.requested_by, record.only) == ("queued", world.sysadmin, "count")
    run_tasks()
    listing = client.get("/manage/maintenance/").content.decode()
    assert "统计：共 0 个组" in listing
    assert "已完成" in listing


def test_it_hides_the_maintenance_runs_from_a_township_clerk(client, world):
    client_for(client, world.clerk_a)
    assert client.get("/manage/maintenance/").status_code == 403
    assert client.get("/admin/ops/maintenancerun/").status_code == 302
