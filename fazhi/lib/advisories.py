"""Checks every pinned requirement against known security advisories (plain Python, no Django).

The online vulnerability services cannot be reached from the deployment and CI machines, and
pip-audit then skips every package and reports nothing: a check that cannot fail. So the pins are
matched against a snapshot of the PyPA advisory database (OSV YAML, one file per advisory under
``vulns/<package>/``), with versions compared by ``packaging``. When a service does answer and
pip-audit is installed, pip-audit checks the same pins instead.

    python -m fazhi.lib.advisories [--db DIR] [--offline] [REQUIREMENTS_FILE ...]

Exit status: 0 when no pin is affected, 1 when one is, 2 when the input cannot be read.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT.parent / "shared" / "advisories" / "pypa"
DEFAULT_FILES = ("requirements.txt", "requirements-dev.txt", "requirements-lock.txt")
# A query for a release with many published advisories: a service that answers it with none is
# not really answering.
PROBE = {"package": {"name": "django", "ecosystem": "PyPI"}, "version": "4.2"}
PROBE_URL = "https://api.osv.dev/v1/query"

_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*==\s*([^\s;#]+)")


class AdvisoryError(Exception):
    pass


@dataclass(frozen=True)
class Pin:
    name: str  # canonical (PEP 503)
    version: str
    source: str  # file:line it came from

    def __str__(self) -> str:
        return f"{self.name}=={self.version}"


@dataclass(frozen=True)
class Finding:
    pin: Pin
    advisory: str
    aliases: tuple[str, ...]
    fixed: tuple[str, ...]
    summary: str


def read_pins(path: Path, _seen: set[Path] | None = None) -> list[Pin]:
    """The ``name==version`` lines of a requirements file, following ``-r`` and ``-c``.

    A requirement that is not pinned exactly is an error: an unpinned line cannot be checked.
    """
    seen = _seen if _seen is not None else set()
    path = path.resolve()
    if path in seen:
        return []
    seen.add(path)
    pins: list[Pin] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r", "-c", "--requirement", "--constraint")):
            included = line.split(None, 1)[1] if " " in line else line[2:]
            pins += read_pins(path.parent / included.strip(), seen)
            continue
        if line.startswith("-"):
            continue  # index and install options
        match = _PIN.match(line)
        if not match:
            raise AdvisoryError(f"{path.name}:{number}: not pinned with ==: {line}")
        pins.append(Pin(canonicalize_name(match[1]), match[3], f"{path.name}:{number}"))
    return pins


def unique(pins: list[Pin]) -> list[Pin]:
    seen: dict[tuple[str, str], Pin] = {}
    for pin in pins:
        seen.setdefault((pin.name, pin.version), pin)
    return sorted(seen.values(), key=lambda p: (p.name, p.version))


def stale_lock(files: list[Path]) -> list[Pin]:
    """Direct pins the lock file lacks: their transitive dependencies would go unchecked."""
    locks = [f for f in files if f.name == "requirements-lock.txt"]
    if not locks:
        return []
    locked = {(p.name, p.version) for p in read_pins(locks[0])}
    direct = [p for f in files if f not in locks for p in read_pins(f)]
    return [p for p in unique(direct) if (p.name, p.version) not in locked]


def snapshot_date(db: Path) -> str:
    """The date the snapshot was taken: from its README, else its newest ``modified`` stamp."""
    readme = db / "README"
    if readme.exists():
        found = re.search(r"\b(\d{4}-\d{2}-\d{2})\b", readme.read_text(encoding="utf-8"))
        if found:
            return found[1]
    stamps = []
    for file in (db / "vulns").glob("*/*.yaml"):
        found = re.search(r"^modified:\s*['\"]?(\d{4}-\d{2}-\d{2})", file.read_text(encoding="utf-8"), re.M)
        if found:
            stamps.append(found[1])
    if not stamps:
        raise AdvisoryError(f"{db}: no advisories found")
    return max(stamps)


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _in_range(version: Version, events: list[dict]) -> bool:
    """OSV ECOSYSTEM range semantics; events are sorted first (the database does not always)."""
    parsed = []
    for event in events:
        for kind in ("introduced", "fixed", "last_affected"):
            if kind in event:
                at = Version("0") if str(event[kind]) == "0" else _version(str(event[kind]))
                if at is not None:
                    parsed.append((at, kind))
    affected = False
    for at, kind in sorted(parsed, key=lambda e: (e[0], e[1] != "fixed")):
        if kind == "introduced" and at <= version:
            affected = True
        elif kind == "fixed" and at <= version or kind == "last_affected" and at < version:
            affected = False
    return affected


def affects(advisory: dict, name: str, version: str) -> bool:
    parsed = _version(version)
    for entry in advisory.get("affected") or []:
        package = entry.get("package") or {}
        if canonicalize_name(str(package.get("name", ""))) != name:
            continue
        listed = {str(v) for v in entry.get("versions") or []}
        if version in listed or (parsed is not None and any(_version(v) == parsed for v in listed)):
            return True
        if parsed is None:
            continue
        for rng in entry.get("ranges") or []:
            if rng.get("type") in ("ECOSYSTEM", "SEMVER") and _in_range(parsed, rng.get("events") or []):
                return True
    return False


def _fixed_versions(advisory: dict, name: str) -> tuple[str, ...]:
    fixed = []
    for entry in advisory.get("affected") or []:
        if canonicalize_name(str((entry.get("package") or {}).get("name", ""))) != name:
            continue
        for rng in entry.get("ranges") or []:
            if rng.get("type") == "ECOSYSTEM":
                fixed += [str(e["fixed"]) for e in rng.get("events") or [] if "fixed" in e]
    return tuple(fixed)


def check(pins: list[Pin], db: Path) -> list[Finding]:
    vulns = db / "vulns"
    if not vulns.is_dir():
        raise AdvisoryError(f"{db}: no vulns/ folder; is the advisory snapshot there?")
    folders: dict[str, list[Path]] = {}
    for folder in vulns.iterdir():
        folders.setdefault(canonicalize_name(folder.name), []).append(folder)
    findings = []
    for pin in pins:
        for folder in folders.get(pin.name, []):
            for file in sorted(folder.glob("*.yaml")):
                advisory = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
                if advisory.get("withdrawn") or not affects(advisory, pin.name, pin.version):
                    continue
                details = " ".join(str(advisory.get("summary") or advisory.get("details") or "").split())
                findings.append(
                    Finding(
                        pin,
                        str(advisory.get("id", file.stem)),
                        tuple(str(a) for a in advisory.get("aliases") or []),
                        _fixed_versions(advisory, pin.name),
                        details[:160],
                    )
                )
    return findings


def service_answers(timeout: float = 5.0) -> bool:
    """Whether the OSV service answers a query for a release known to have advisories."""
    request = urllib.request.Request(  # noqa: S310 - a fixed https URL
        PROBE_URL, data=json.dumps(PROBE).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return bool(json.load(response).get("vulns"))
    except (OSError, ValueError):
        return False


def run_pip_audit(pins: list[Pin]) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("".join(f"{pin}\n" for pin in pins))
    command = [
        shutil.which("pip-audit") or "pip-audit",
        "--no-deps",
        "--disable-pip",
        "-s",
        "osv",
        "-r",
        fh.name,
    ]
    try:
        return subprocess.run(command, check=False).returncode  # noqa: S603
    finally:
        Path(fh.name).unlink(missing_ok=True)


def main(argv: list[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="requirements files (default: the project's)")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="PyPA advisory database snapshot")
    parser.add_argument("--offline", action="store_true", help="never ask an online service")
    args = parser.parse_args(argv)
    files = args.files or [ROOT / name for name in DEFAULT_FILES if (ROOT / name).exists()]
    try:
        pins = unique([pin for file in files for pin in read_pins(file)])
        stale = stale_lock(files)
        if stale:
            print(
                f"requirements-lock.txt does not hold {', '.join(map(str, stale))} as pinned: "
                "regenerate it with .venv/bin/python scripts/lock.py",
                file=out,
            )
            return 1
        if not args.offline and shutil.which("pip-audit") and service_answers():
            print(f"vulnerability service answers: pip-audit checks {len(pins)} pins", file=out)
            return 1 if run_pip_audit(pins) else 0
        date = snapshot_date(args.db)
        findings = check(pins, args.db)
    except (AdvisoryError, OSError, yaml.YAMLError) as exc:
        print(f"advisory check could not run: {exc}", file=out)
        return 2
    print(
        f"PyPA advisory snapshot of {date} ({args.db}): {len(pins)} pins checked "
        f"from {', '.join(f.name for f in files)}",
        file=out,
    )
    for finding in findings:
        also = f" ({', '.join(finding.aliases)})" if finding.aliases else ""
        fixed = f"; fixed in {', '.join(finding.fixed)}" if finding.fixed else ""
        print(
            f"AFFECTED {finding.pin} [{finding.pin.source}]: {finding.advisory}{also}{fixed}: {finding.summary}",
            file=out,
        )
    if findings:
        print(f"{len({f.pin for f in findings})} affected pin(s), {len(findings)} advisories", file=out)
        return 1
    print("no pin is affected by a known advisory", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
