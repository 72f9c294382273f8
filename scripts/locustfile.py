"""The everyday journeys of the load test (scripts/loadtest.py starts the servers and runs this).

Users take the app servers of FAZHI_LOAD_HOSTS in turn (a round robin without a balancer); three
in four are township clerks (list, filter, open, create, import a small sheet, the to-do list),
one in four the county supervisor (list, filter, open, the county comparison). They pause
between(THINK_MIN, THINK_MAX) seconds between clicks, as people reading a page do.

The simulated users of one account share one session: the first of them logs in and the others
take its cookies (sessions live in Redis, so a session works on both app servers). 200 users each
logging in would spend the run hashing passwords (PBKDF2 is meant to be slow), which no office
does at once; the log-in journey itself is measured by LOGIN_USERS users of their own accounts
(reviewers and leaders), who log in, see the home page and log out again and again.

Each journey is recorded twice: its requests one by one, and the journey as a whole under the
request type "journey" (its duration from the first request to the last answer, a failure if any
of its requests failed). Any answer other than the expected one (an error status, a page that is
not the expected one, a redirect to the log-in page) is a failure, and the load test fails on any
failure.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import itertools
import os
import random
import re
import time
from http.cookiejar import Cookie
from zoneinfo import ZoneInfo

from gevent.lock import Semaphore
from locust import HttpUser, between, task
from openpyxl import Workbook

HOSTS = os.environ.get("FAZHI_LOAD_HOSTS", "http://127.0.0.1:8111").split(",")
PASSWORD = os.environ.get("FAZHI_DEMO_PASSWORD", "Fazhi@2025demo")
USERNAMES = ["clerk1", "clerk2", "clerk3", "county"]
# Accounts of the log-in journey: none of them is shared by the other users.
LOGIN_USERNAMES = ["reviewer1", "leader1", "reviewer2", "leader2", "reviewer3", "leader3"]
LOGIN_USERS = int(os.environ.get("FAZHI_LOAD_LOGIN_USERS", 2))
THINK_MIN = float(os.environ.get("FAZHI_LOAD_THINK_MIN", 10))
THINK_MAX = float(os.environ.get("FAZHI_LOAD_THINK_MAX", 30))
LEDGER = "disputes"
LOGIN_PATH = "/accounts/login/"
JOURNEY = "journey"  # the request type of whole journeys in locust's statistics

_numbering = itertools.count()
# One logged-in session per shared account: username -> its cookies, and a lock per account so
# that its first user logs in while the others wait for the cookies.
_sessions: dict[str, list[Cookie]] = {}
_session_locks = {name: Semaphore() for name in USERNAMES}


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


class JourneyFailed(Exception):
    pass


class Visitor(HttpUser):
    """What both kinds of simulated user share: checked requests and timed journeys."""

    abstract = True
    host = HOSTS[0]

    def __init__(self, environment):
        # Before HttpUser.__init__, which gives the client its base URL.
        self.n = next(_numbering)
        self.host = HOSTS[self.n % len(HOSTS)]
        super().__init__(environment)

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def call(self, method: str, path: str, name: str, check=None, **kwargs):
        """One request; a failure (error status, the log-in page instead of the one asked for, or
        `check(response)` naming a problem) is recorded and ends the journey."""
        if method == "POST":
            kwargs.setdefault("headers", {}).update({"X-CSRFToken": self.csrf(), "Referer": self.host})
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as r:
            if not r.ok:
                problem = f"HTTP {r.status_code}: {r.text[:200]}"
            elif LOGIN_PATH in r.url and not path.startswith("/accounts/"):
                problem = f"sent to the log-in page: {r.url}"
            else:
                problem = check(r) if check else None
            if problem:
                r.failure(problem)
            else:
                r.success()
        if problem:
            raise JourneyFailed(f"{name}: {problem}")
        return r

    @contextlib.contextmanager
    def journey(self, name: str):
        began = time.perf_counter()
        failure = None
        try:
            yield
        except JourneyFailed as e:
            failure = e
        self.environment.events.request.fire(
            request_type=JOURNEY,
            name=name,
            response_time=(time.perf_counter() - began) * 1000,
            response_length=0,
            exception=failure,
            context={},
        )

    def log_in(self, username: str) -> None:
        def landed(r):
            return f"login as {username} refused" if LOGIN_PATH in r.url else None

        self.call("GET", LOGIN_PATH, "log in: form")
        data = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()}
        self.call("POST", LOGIN_PATH, "log in: submit", check=landed, data=data)


class LogIn(Visitor):
    """The log-in journey, by a few users of their own accounts (password hashing is slow by
    design: this is the journey that must not be run by every simulated user at once)."""

    fixed_count = LOGIN_USERS
    wait_time = between(THINK_MIN, THINK_MAX)

    def on_start(self):
        start = self.n % len(LOGIN_USERNAMES)
        self.usernames = itertools.cycle(LOGIN_USERNAMES[start:] + LOGIN_USERNAMES[:start])

    @task
    def log_in_and_out(self):
        with self.journey("log in"):
            self.log_in(next(self.usernames))
        with contextlib.suppress(JourneyFailed):
            self.call("POST", "/accounts/logout/", "log out", data={"csrfmiddlewaretoken": self.csrf()})
        self.client.cookies.clear()


class Everyday(Visitor):
    wait_time = between(THINK_MIN, THINK_MAX)

    def on_start(self):
        self.username = USERNAMES[self.n % len(USERNAMES)]
        self.ids: list[str] = []
        with _session_locks[self.username]:
            shared = _sessions.get(self.username)
            if shared is None:
                with self.journey("log in"):
                    self.log_in(self.username)
                    _sessions[self.username] = [copy.copy(c) for c in self.client.cookies]
            else:
                # The same cookie objects (domain and path too): when a server renews one, it
                # replaces the copy instead of adding a second cookie of the same name.
                for cookie in shared:
                    self.client.cookies.set_cookie(copy.copy(cookie))
        if self.username not in _sessions:
            return  # the failure is recorded; the next user of the account tries again
        self.list_page()

    @property
    def county(self) -> bool:
        return self.username == "county"

    @task(4)
    def list_page(self):
        def shows_records(r):
            ids = re.findall(rf"/l/{LEDGER}/(\d+)/", r.text)
            self.ids = ids or self.ids
            return None if ids else "the list shows no record"

        with self.journey("list"):
            self.call("GET", f"/l/{LEDGER}/", "list", check=shows_records)

    @task(3)
    def filter_page(self):
        with self.journey("filter"):
            self.call("GET", f"/l/{LEDGER}/?year={today().year}&q=纠纷&sort=-registered_on", "filter")

    @task(3)
    def open_record(self):
        if not self.ids:
            return
        with self.journey("open"):
            self.call("GET", f"/l/{LEDGER}/{random.choice(self.ids)}/", "open")  # noqa: S311

    def a_record(self, name: str) -> dict:
        """A record of the user's own township, whose dictionary codes a new one can reuse."""
        return self.call("GET", f"/api/v1/ledgers/{LEDGER}/{self.ids[0]}", name).json()

    @task(2)
    def create(self):
        if self.county or not self.ids:
            return
        with self.journey("create"):
            record = self.a_record("create: read a record")
            body = {
                "registered_on": today().isoformat(),
                "kind": record["kind"],
                "village": record["village"],
                "applicant": f"负载测试{self.n}",
                "summary": "负载测试新增的纠纷",
            }

            def created(r):
                return None if r.status_code == 201 else f"HTTP {r.status_code}: {r.text[:300]}"

            self.call("POST", f"/api/v1/ledgers/{LEDGER}/", "create: save", check=created, json=body)

    @task(1)
    def import_sheet(self):
        """Upload a five-row sheet (checked at once: it is below FAZHI_BACKGROUND_ROWS), see the
        task page say it passed, confirm, see it written."""
        if self.county or not self.ids:
            return

        def status(expected: str):
            def check(r):
                shown = re.search(r'id="job-status">([^<]*)<', r.text)
                if shown is None or shown.group(1) != expected:
                    return f"{r.url} shows {shown.group(1) if shown else 'no status'}, not {expected}"
                return None

            return check

        with self.journey("import"):
            record = self.a_record("import: read a record")
            # The importer takes a choice by code or label and a village by id or name.
            data = sheet(record["kind"], str(record["village"]), self.n)
            r = self.call(
                "POST",
                f"/l/{LEDGER}/import/",
                "import: upload",
                check=status("校验通过，待确认"),
                data={"csrfmiddlewaretoken": self.csrf()},
                files={"file": ("负载测试.xlsx", data)},
            )
            job = re.search(r"/tasks/(\d+)/", r.url).group(1)
            self.call(
                "POST",
                f"/l/jobs/{job}/commit/",
                "import: confirm",
                check=status("已完成"),
                data={"csrfmiddlewaretoken": self.csrf()},
            )

    @task(2)
    def todo(self):
        if self.county:
            return
        with self.journey("to-do"):
            self.call("GET", "/l/todo/", "to-do")

    @task(2)
    def comparison(self):
        if not self.county:
            return
        with self.journey("comparison"):
            self.call("GET", "/supervision/compare/", "comparison")
