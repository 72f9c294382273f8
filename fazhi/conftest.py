"""Personas shared by every test module (design.md example 5): a clerk, reviewer and leader of
township A, a clerk of township B who must see nothing of A, a county supervisor, and the three
administrator roles."""

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass

import pytest

from fazhi.orgs import roles
from fazhi.orgs.models import Level, OrgUnit, User

PASSWORD = "Test-Passw0rd!"


@dataclass
class World:
    county: OrgUnit
    town_a: OrgUnit
    town_b: OrgUnit
    village_a: OrgUnit
    village_b: OrgUnit
    grid_a: OrgUnit
    clerk_a: User
    reviewer_a: User
    leader_a: User
    clerk_b: User
    county_user: User
    sysadmin: User
    secadmin: User
    auditadmin: User


def make_user(username: str, org: OrgUnit, role: str, **extra) -> User:
    user = User(username=username, full_name=username, org=org, must_change_password=False, **extra)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(roles.group_for(role))
    return user


@pytest.fixture
def world(db) -> World:
    roles.sync()
    county = OrgUnit.objects.create(code="TC", name="测试县", level=Level.COUNTY)
    town_a = OrgUnit.objects.create(code="TCA", name="甲镇", level=Level.TOWNSHIP, parent=county)
    town_b = OrgUnit.objects.create(code="TCB", name="乙乡", level=Level.TOWNSHIP, parent=county)
    village_a = OrgUnit.objects.create(code="TCA01", name="甲一村", level=Level.VILLAGE, parent=town_a)
    village_b = OrgUnit.objects.create(code="TCB01", name="乙一村", level=Level.VILLAGE, parent=town_b)
    grid_a = OrgUnit.objects.create(code="TCA0101", name="甲一村第1网格", level=Level.GRID, parent=village_a)
    return World(
        county=county,
        town_a=town_a,
        town_b=town_b,
        village_a=village_a,
        village_b=village_b,
        grid_a=grid_a,
        clerk_a=make_user("clerk_a", town_a, "clerk"),
        reviewer_a=make_user("reviewer_a", town_a, "reviewer"),
        leader_a=make_user("leader_a", town_a, "leader"),
        clerk_b=make_user("clerk_b", town_b, "clerk"),
        county_user=make_user("county", county, "county"),
        sysadmin=make_user("sysadmin", county, "sysadmin", is_staff=True),
        secadmin=make_user("secadmin", county, "secadmin", is_staff=True),
        auditadmin=make_user("auditadmin", county, "auditadmin", is_staff=True),
    )


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def run_tasks(monkeypatch):
    """Runs the queued background tasks with the database backend's own worker, as `run_worker
    --once` does; only its exclusive SQLite lock becomes a savepoint of the test's transaction and
    it keeps the test's connection open."""
    from django.db import transaction
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(
        db_worker, "exclusive_transaction", lambda using=None: transaction.atomic(using=using)
    )
    # The worker closes "old" connections between tasks; inside the test's transaction Django
    # takes the test's own PostgreSQL connection for one (autocommit is off) and closes it.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> int:
        worker = db_worker.Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
        )
        worker.run()
        return worker._run_tasks

    return run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A real redis-server on a free loopback port for the test, stopped after it."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server 未安装：apt-get install redis-server")
    port = _free_port()
    server = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)
