#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server (called by scripts/test.sh).

    scripts/testpg.py --available          exit 0 when Debian's PostgreSQL binaries are installed
    scripts/testpg.py -- pytest -m "not browser"

The server lives in a temp directory, listens on 127.0.0.1 at a free port with trust
authentication, and is stopped and removed however the command ends. The command gets
DATABASE_URL pointing at it. initdb refuses to run as root, so as root the server runs as the
`postgres` user that Debian's package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

MISSING = "PostgreSQL 未安装：apt-get install postgresql"
SERVER_USER = "postgres"
# Durability is worthless for a server that is deleted after the run; dropping it halves the
# time of a suite that creates and truncates tables all day.
FAST_SETTINGS = ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200"]


def pg_bindir(pattern: str = "/usr/lib/postgresql/*/bin") -> Path | None:
    """The newest installed PostgreSQL bin directory that has initdb and pg_ctl."""

    def version(path: str) -> tuple[int, ...]:
        name = Path(path).parent.name
        return tuple(int(p) for p in name.split(".") if p.isdigit())

    for candidate in sorted(glob.glob(pattern), key=version, reverse=True):
        bindir = Path(candidate)
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    found = shutil.which("initdb"), shutil.which("pg_ctl")
    if all(found):
        return Path(found[0]).parent
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_server_user(argv: list[str]) -> list[str]:
    """Prefix a command so that it runs as the unprivileged server user when we are root."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", SERVER_USER, "--", *argv]


def database_url(port: int) -> str:
    return f"postgres://{SERVER_USER}@127.0.0.1:{port}/postgres"


@contextlib.contextmanager
def server(bindir: Path) -> Iterator[str]:
    """Start a server in a fresh temp directory, yield its DATABASE_URL, then stop and delete it."""
    root = Path(tempfile.mkdtemp(prefix="fazhi-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam(SERVER_USER)
        except KeyError:
            shutil.rmtree(root)
            raise SystemExit(f"testpg: running as root needs the '{SERVER_USER}' user ({MISSING})") from None
        os.chown(root, user.pw_uid, user.pw_gid)
    port = free_port()
    log = root / "server.log"
    started = False
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        _as_server_user(
            [str(bindir / "initdb"), "-D", str(data), "-U", SERVER_USER, "--auth=trust"]
            + ["--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True,
        )
        options = [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={root}"]
        options += [f"-c {s}" for s in FAST_SETTINGS]
        _as_server_user(
            [*pg_ctl, "-l", str(log), "-o", " ".join(options), "-w", "-t", "60", "start"], check=True
        )
        started = True
        yield database_url(port)
    except subprocess.CalledProcessError:
        if log.exists():
            sys.stderr.write(log.read_text(errors="replace"))
        raise
    finally:
        if started:
            _as_server_user([*pg_ctl, "-m", "immediate", "-w", "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)


def _as_server_user(argv: list[str], check: bool) -> None:
    # The arguments are built here from the PostgreSQL bin directory and our own temp paths.
    subprocess.run(as_server_user(argv), check=check, stdout=subprocess.DEVNULL)  # noqa: S603


def run(command: list[str], bindir: Path) -> int:
    # A SIGTERM (CI timeout, Ctrl-C in another shell) must still stop the server: turn it into
    # an exception so the context manager's cleanup runs.
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    started = time.monotonic()
    with server(bindir) as url:
        print(
            f"testpg: PostgreSQL {bindir.parent.name} at {url} ({time.monotonic() - started:.1f}s)",
            flush=True,
        )
        env = {**os.environ, "DATABASE_URL": url}
        proc = subprocess.Popen(command, env=env)  # noqa: S603 - the command is ours, from test.sh
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            return 130


def main(argv: list[str]) -> int:
    bindir = pg_bindir()
    if argv == ["--available"]:
        return 0 if bindir else 1
    if not argv or argv[0] != "--" or len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    if bindir is None:
        print(f"testpg: {MISSING}", file=sys.stderr)
        return 3
    return run(argv[1:], bindir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
