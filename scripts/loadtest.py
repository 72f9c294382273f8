#!/usr/bin/env python3
"""The multi-server load test (issue 15, docs/deploy.md), a stage of scripts/test.sh:

    scripts/testpg.py -- .venv/bin/python scripts/loadtest.py [--users 200] [--seconds 60]

On loopback only: Redis (cache and sessions), two gunicorn app servers sharing one var and media
directory, two background workers, all on the PostgreSQL server of DATABASE_URL (testpg.py starts
a throwaway one). It seeds the demo county, checks that a background job queued through app
server 1 is run by a worker and its file fetched through app server 2, then runs locust headless
(USERS simulated users for SECONDS s, half on each app server) through the everyday journeys: log
in, list, filter, open, create, import a small sheet, the to-do list, the county comparison (the
simulated users of one demo account share its session, and a few users measure the log-in: see
scripts/locustfile.py). It prints p50/p95/p99 per journey, the CPU time the servers used and the
load average, and fails on any failed request. A SIGTERM or Ctrl-C stops every process it started.

Outside CI a missing redis-server, PostgreSQL or locust skips the stage with the reason; under
CI=true (or FAZHI_STRICT_SKIPS=1) it fails instead.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("BIN", ROOT / ".venv" / "bin"))
PYTHON = BIN / "python"
# Redis and the two app servers take three consecutive loopback ports from FAZHI_LOAD_PORT.
_BASE_PORT = int(os.environ.get("FAZHI_LOAD_PORT", 8110))
REDIS_PORT, APP_PORTS = _BASE_PORT, (_BASE_PORT + 1, _BASE_PORT + 2)
JOURNEYS = {"log in", "list", "filter", "open", "create", "import", "to-do", "comparison"}
# Exports of more rows than this are background tasks; a clerk's disputes of every year are more.
QUEUE_ABOVE_ROWS = 20
PASSWORD = "Fazhi@2025demo"  # noqa: S105 - the demo password (README)


def strict() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("FAZHI_STRICT_SKIPS") == "1"


def skip_or_fail(reason: str) -> None:
    if strict():
        print(f"load test cannot run: {reason}", file=sys.stderr)
        sys.exit(1)
    print(f"load test skipped (outside CI): {reason}")
    sys.exit(0)


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"process on port {port} exited with {proc.returncode}")
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        time.sleep(0.2)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port} after {seconds:.0f} s")


def wait_healthy(port: int, proc: subprocess.Popen, seconds: float = 180) -> None:
    """The master listens before its workers have loaded Django: wait for a real answer."""
    url = f"http://127.0.0.1:{port}/healthz?check=database&check=cache"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"app server on port {port} exited with {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310
            if r.status == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"app server on port {port} is not healthy after {seconds:.0f} s")


COLLECT_STATIC = """
import django
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

django.setup()
manifest = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": manifest}):
    call_command("collectstatic", interactive=False, verbosity=0)
"""


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


class Login:
    """A logged-in session on one app server, with urllib only (no locust needed)."""

    def __init__(self, port: int):
        import http.cookiejar

        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        return self.fetch(path)[::2]

    def fetch(self, path: str) -> tuple[int, str, bytes]:
        """(status, the URL answered after redirects, body)."""
        try:
            with self.opener.open(self.base + path, timeout=120) as r:
                return r.status, r.url, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.url, e.read()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, username: str) -> None:
        import urllib.parse

        self.get("/accounts/login/")
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()}
        ).encode()
        req = urllib.request.Request(  # noqa: S310 - http on loopback
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base}
        )
        with self.opener.open(req, timeout=120) as r:
            if "/accounts/login/" in r.url:
                raise SystemExit(f"login as {username} failed on {self.base}")

    def share_with(self, other: Login) -> None:
        """The same session cookie on another app server: sessions live in Redis."""
        for cookie in self.jar:
            other.jar.set_cookie(cookie)


# Run by `manage.py shell` once the export is done: who ran the task, according to RQ itself.
WHO_RAN = """
import django_rq
from django_tasks import default_task_backend
from rq import Worker
from fazhi.background.models import BackgroundTask
record = BackgroundTask.objects.get(pk={pk})
result = default_task_backend.get_result(record.result_id)
workers = {{w.name for w in Worker.all(connection=django_rq.get_connection())}}
ran_by = [w for w in result.worker_ids if w in workers]
print(record.status, result.status.name, ",".join(ran_by) or "-", len(workers))
"""


def check_queue_across_servers(env: dict, rows: int) -> None:
    """An export too large to answer inline is queued through app server 1 (it redirects to the
    task's page instead of answering the file), run by one of the RQ workers (RQ's own result
    names the worker, which must be one of those registered), and
    its status and file are read, with the same session, through app server 2."""
    one, two = Login(APP_PORTS[0]), Login(APP_PORTS[1])
    one.login("clerk1")
    status, url, body = one.fetch("/l/disputes/export.xlsx?year=all")
    match = re.search(r"/tasks/(\d+)/$", url)
    if status != 200 or match is None:
        answer = "a file, answered inline" if body.startswith(b"PK") else url
        raise SystemExit(f"the export (more than {rows} rows) was not queued (HTTP {status}: {answer})")
    task = match.group(1)
    one.share_with(two)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status, page = two.get(f"/tasks/{task}/")
        if status == 200 and f"/l/jobs/{task}/download/".encode() in page:
            break
        if 'id="job-status">失败'.encode() in page:
            raise SystemExit(f"task {task} failed: see the workers' logs")
        time.sleep(0.5)
    else:
        raise SystemExit(f"task {task} was not run by a worker within 120 s (last HTTP {status})")
    status, body = two.get(f"/l/jobs/{task}/download/")
    if status != 200 or not body.startswith(b"PK"):
        raise SystemExit(f"the file of task {task} cannot be fetched on :{APP_PORTS[1]} (HTTP {status})")
    who = (
        subprocess.run(  # noqa: S603 - fixed arguments
            [str(PYTHON), "manage.py", "shell", "-c", WHO_RAN.format(pk=int(task))],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.splitlines()[-1]
        .split()
    )  # the last line: `shell` may first list what it imported
    if who[:2] != ["done", "SUCCESSFUL"] or who[2] == "-":
        raise SystemExit(f"task {task} was not run by a registered RQ worker: {' '.join(who)}")
    print(
        f"queue: export task {task} queued on :{APP_PORTS[0]}, run by RQ worker {who[2]} "
        f"(of {who[3]} registered), its {len(body)}-byte file fetched on :{APP_PORTS[1]}"
    )


def report(prefix: Path) -> tuple[bool, int]:
    """Prints p50/p95/p99 per journey from locust's CSV (the rows of request type "journey", see
    scripts/locustfile.py). Answers whether no journey and no request failed and every journey
    ran, and the number of HTTP requests."""
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = [row for row in csv.DictReader(f) if row["Name"] != "Aggregated"]
    journeys = {row["Name"]: row for row in rows if row["Type"] == "journey"}
    requests = [row for row in rows if row["Type"] != "journey"]
    print(f"\n{'journey':<14}{'runs':>7}{'failures':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name in sorted(journeys, key=lambda n: -int(journeys[n]["Request Count"])):
        row = journeys[name]
        print(
            f"{name:<14}{row['Request Count']:>7}{row['Failure Count']:>9}{row['50%']:>9}"
            f"{row['95%']:>9}{row['99%']:>9}{float(row['Max Response Time']):>9.0f}"
        )
    failed_requests = sum(int(row["Failure Count"]) for row in requests)
    failures = failed_requests + sum(int(row["Failure Count"]) for row in journeys.values())
    sent = sum(int(row["Request Count"]) for row in requests)
    print(f"HTTP requests: {sent}, failed: {failed_requests}")
    # A journey that never completed is a failure too (servers too slow to answer).
    missing = sorted(JOURNEYS - {name for name, row in journeys.items() if int(row["Request Count"])})
    if missing:
        print(f"\njourneys that never ran: {', '.join(missing)}")
        failures += len(missing)
    failed = Path(f"{prefix}_failures.csv")
    if failures and failed.exists():
        print("\nfailures:")
        print(failed.read_text(encoding="utf-8")[:4000])
    return failures == 0, sent


def cpu_seconds(procs: list[subprocess.Popen]) -> float:
    """CPU time used so far by these processes and their children (gunicorn's workers)."""
    import psutil  # a dependency of locust

    total = 0.0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            parent = psutil.Process(proc.pid)
            for p in [parent, *parent.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    times = p.cpu_times()
                    total += times.user + times.system
    return total


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("FAZHI_LOAD_USERS", 200)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("FAZHI_LOAD_SECONDS", 60)))
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # in order with the servers' output in CI logs

    redis_server = shutil.which("redis-server")
    if redis_server is None:
        skip_or_fail("redis-server 未安装：apt-get install redis-server")
    # Any DATABASE_URL is taken (an SQLite file for a quick try); without one, testpg.py gives
    # the throwaway PostgreSQL server the stage runs on.
    if not os.environ.get("DATABASE_URL"):
        skip_or_fail(
            "PostgreSQL 未安装（apt-get install postgresql）: the stage runs as "
            "`scripts/testpg.py -- python scripts/loadtest.py`, or on the database of DATABASE_URL"
        )
    if not (BIN / "locust").exists():
        skip_or_fail("locust is not installed (pip install -r requirements-dev.txt)")

    # A SIGTERM (testpg.py passing on a CI timeout, or `timeout` itself) must still stop every
    # server started here: turn it into an exception so the cleanup below runs.
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    began = time.monotonic()
    print(f"load average at the start: {load_average()}")
    work = Path(tempfile.mkdtemp(prefix="fazhi-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "FAZHI_VAR_DIR": str(work / "var"),
        "FAZHI_MEDIA_DIR": str(work / "shared-media"),
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "FAZHI_DEMO": "1",
        "FAZHI_DEMO_PASSWORD": PASSWORD,
        # The job queue of a multi-server deployment: RQ on the same Redis.
        "FAZHI_TASK_BACKEND": "rq",
        # Larger exports go to the workers, so the queue check below has one to run.
        "FAZHI_BACKGROUND_ROWS": str(QUEUE_ABOVE_ROWS),
        "FAZHI_MAINTENANCE_AT": "off",
        "FAZHI_LOG_FORMAT": "json",
    }
    procs: list[subprocess.Popen] = []  # Redis first, then the app servers and workers
    helpers: list[subprocess.Popen] = []  # short-lived steps that may still run when interrupted
    logs = work / "logs"
    logs.mkdir()

    def start(name: str, cmd: list[str], port: int | None = None) -> subprocess.Popen:
        out = open(logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        procs.append(proc)
        if port is not None:
            wait_for_port(port, proc)
        return proc

    ok = False
    try:
        start(
            "redis",
            [redis_server, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""],
            REDIS_PORT,
        )
        # The static files only need their manifest (pages name the hashed files): collecting
        # them without WhiteNoise's gzip and brotli copies takes seconds instead of minutes, and it
        # runs beside the migration.
        static = subprocess.Popen(  # noqa: S603 - fixed arguments
            [str(PYTHON), "-c", COLLECT_STATIC], cwd=ROOT, env=env
        )
        helpers.append(static)
        manage(env, "migrate", "--noinput", "-v", "0")
        if static.wait() != 0:
            raise SystemExit("collectstatic failed")
        # The servers load Django while the demo county is written (nothing asks them anything
        # before it is), which uses the second core.
        apps = [
            start(
                f"app-{port}",
                [str(BIN / "gunicorn"), "fazhi.wsgi:application", "--bind", f"127.0.0.1:{port}"]
                + ["--workers", "2", "--threads", "8", "--timeout", "120", "--log-level", "warning"],
            )
            for port in APP_PORTS
        ]
        workers = [start(f"worker-{n}", [str(PYTHON), "manage.py", "run_worker"]) for n in (1, 2)]
        manage(env, "seed_demo", "--if-empty")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the steps above, PostgreSQL aside
        print(
            f"set up (migrate, static files, demo county) in {time.monotonic() - began:.0f} s, "
            f"{usage.ru_utime + usage.ru_stime:.0f} s of CPU, load average {load_average()}"
        )
        for port, proc in zip(APP_PORTS, apps, strict=True):
            wait_for_port(port, proc)
            wait_healthy(port, proc)
        check_queue_across_servers(env, QUEUE_ABOVE_ROWS)
        print(f"servers started and the queue checked at {time.monotonic() - began:.0f} s")

        cpu_before = cpu_seconds(apps), cpu_seconds(workers)
        prefix = work / "locust"
        hosts = ",".join(f"http://127.0.0.1:{p}" for p in APP_PORTS)
        locust = subprocess.run(  # noqa: S603 - fixed arguments
            [str(BIN / "locust"), "-f", str(ROOT / "scripts" / "locustfile.py"), "--headless"]
            # People arrive over the first half of the run, not all in the same second.
            + ["--users", str(args.users), "--spawn-rate", str(max(1, 2 * args.users // args.seconds))]
            + ["--run-time", f"{args.seconds}s", "--stop-timeout", "30", "--csv", str(prefix)]
            + ["--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT,
            env={**env, "FAZHI_LOAD_HOSTS": hosts},
            check=False,
        )
        passed, sent = report(prefix)
        ok = passed and locust.returncode == 0
        app_cpu, worker_cpu = (
            after - before
            for after, before in zip((cpu_seconds(apps), cpu_seconds(workers)), cpu_before, strict=True)
        )
        print(
            f"CPU time during the swarm: app servers {app_cpu:.0f} s "
            f"({1000 * app_cpu / max(sent, 1):.0f} ms per request), workers {worker_cpu:.0f} s"
        )
        print(
            f"\nload test {'passed' if ok else 'FAILED'}: {args.users} users for {args.seconds} s, "
            f"{time.monotonic() - began:.0f} s in all, load average {load_average()}"
        )
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut this short
        for proc in helpers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        # Workers and app servers first, Redis last: a worker says goodbye to Redis as it stops.
        # All of them are told at once and given 15 s together, Redis 5 s (testpg.py waits 30 s
        # for this process before it kills it).
        # SIGINT is gunicorn's quick shutdown (SIGTERM waits for idle keep-alive connections).
        servers, redis = procs[1:], procs[:1]
        stopping = time.monotonic()
        for group, seconds in ((servers, 15), (redis, 5)):
            for proc in group:
                with contextlib.suppress(ProcessLookupError):
                    quick = proc.args[0].endswith("gunicorn")
                    proc.send_signal(signal.SIGINT if quick else signal.SIGTERM)
            deadline = time.monotonic() + seconds
            for proc in group:
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if not ok:
            for log in sorted(logs.glob("*.log")):
                tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
                print(f"\n--- {log.name} (tail) ---\n{tail}")
        shutil.rmtree(work, ignore_errors=True)
        print(f"servers stopped in {time.monotonic() - stopping:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("load test interrupted; every process it started is stopped", file=sys.stderr)
        sys.exit(130)
