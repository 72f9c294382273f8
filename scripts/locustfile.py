"""The everyday journeys of the load test (scripts/loadtest.py starts the servers and runs this).

Users take the app servers of FAZHI_LOAD_HOSTS in turn (a round robin without a balancer); three
in four are township clerks (list, filter, open, create, import a small sheet, the to-do list),
one in four the county supervisor (list, filter, open, the county comparison). Any answer other
than the expected one counts as a failure, and the load test fails on any failure.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import random
import re
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task
from openpyxl import Workbook

HOSTS = os.environ.get("FAZHI_LOAD_HOSTS", "http://127.0.0.1:8111").split(",")
PASSWORD = os.environ.get("FAZHI_DEMO_PASSWORD", "Fazhi@2025demo")
USERNAMES = ["clerk1", "clerk2", "clerk3", "county"]
LEDGER = "disputes"
_numbering = itertools.count()


def today() -> dt.date:
    return dt.datetime.now(tz=ZoneInfo("Asia/Shanghai")).date()


def sheet(kind: str, village: str, n: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["登记日期*", "纠纷类型*", "发生村（社区）*", "申请人（当事人）*", "纠纷简要情况*"])
    day = today().isoformat()
    for i in range(5):
        ws.append([day, kind, village, f"负载测试{n}-{i}", f"负载测试导入第{i}行"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class Everyday(HttpUser):
    wait_time = between(1, 3)
    host = HOSTS[0]

    def __init__(self, environment):
        n = next(_numbering)
        self.n = n
        self.host = HOSTS[n % len(HOSTS)]
        self.username = USERNAMES[n % len(USERNAMES)]
        super().__init__(environment)

    @property
    def county(self) -> bool:
        return self.username == "county"

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def on_start(self):
        self.client.get("/accounts/login/", name="log in")
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": self.host},
            name="log in",
            catch_response=True,
        ) as r:
            if "/accounts/login/" in r.url:
                r.failure(f"login as {self.username} refused")
        self.ids = []
        self.list_page()

    @task(4)
    def list_page(self):
        with self.client.get(f"/l/{LEDGER}/", name="list", catch_response=True) as r:
            ids = re.findall(rf"/l/{LEDGER}/(\d+)/", r.text)
            if r.status_code == 200 and not ids:
                r.failure("the list shows no record")
            self.ids = ids or self.ids

    @task(3)
    def filter_page(self):
        year = today().year
        self.client.get(f"/l/{LEDGER}/?year={year}&q=纠纷&sort=-registered_on", name="filter")

    @task(3)
    def open_record(self):
        if self.ids:
            self.client.get(f"/l/{LEDGER}/{random.choice(self.ids)}/", name="open")  # noqa: S311

    @task(2)
    def create(self):
        if self.county or not self.ids:
            return
        record = self.client.get(f"/api/v1/ledgers/{LEDGER}/{self.ids[0]}", name="create").json()
        body = {
            "registered_on": today().isoformat(),
            "kind": record["kind"],
            "village": record["village"],
            "applicant": f"负载测试{self.n}",
            "summary": "负载测试新增的纠纷",
        }
        with self.client.post(
            f"/api/v1/ledgers/{LEDGER}/",
            json=body,
            headers={"X-CSRFToken": self.csrf(), "Referer": self.host},
            name="create",
            catch_response=True,
        ) as r:
            if r.status_code != 201:
                r.failure(f"HTTP {r.status_code}: {r.text[:300]}")

    @task(1)
    def import_sheet(self):
        if self.county or not self.ids:
            return
        record = self.client.get(f"/api/v1/ledgers/{LEDGER}/{self.ids[0]}", name="import").json()
        # The importer takes a choice by code or label and a village by id or name.
        data = sheet(record["kind"], str(record["village"]), self.n)
        with self.client.post(
            f"/l/{LEDGER}/import/",
            data={"csrfmiddlewaretoken": self.csrf()},
            files={"file": ("负载测试.xlsx", data)},
            headers={"Referer": self.host},
            name="import",
            catch_response=True,
        ) as r:
            job = re.search(r"/l/jobs/(\d+)/", r.url)
            if job is None or "校验通过" not in r.text:
                r.failure(f"the sheet was not accepted: {r.url}")
                return
        with self.client.post(
            f"/l/jobs/{job.group(1)}/commit/",
            data={"csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": self.host},
            name="import",
            catch_response=True,
        ) as r:
            if "导入完成" not in r.text and "已写入" not in r.text:
                r.failure("the import was not written")

    @task(2)
    def todo(self):
        if not self.county:
            self.client.get("/l/todo/", name="to-do")

    @task(2)
    def comparison(self):
        if self.county:
            self.client.get("/supervision/compare/", name="comparison")
