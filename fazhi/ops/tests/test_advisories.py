"""The dependency advisory check of .ci/run (fazhi/lib/advisories.py)."""

import io
import textwrap

import pytest

from fazhi.lib import advisories

SNAPSHOT = advisories.DEFAULT_DB


def write_advisory(db, package, name, body):
    folder = db / "vulns" / package
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(textwrap.dedent(body), encoding="utf-8")


@pytest.fixture
def db(tmp_path):
    db = tmp_path / "pypa"
    (db / "vulns").mkdir(parents=True)
    (db / "README").write_text("PyPA advisory database (OSV format), snapshot of commit abc, 2024-10-10.\n")
    # Events deliberately out of order, as the real database has them.
    write_advisory(
        db,
        "django",
        "PYSEC-T-1",
        """\
        id: PYSEC-T-1
        aliases: [CVE-0000-1]
        details: SQL injection in something.
        affected:
        - package: {ecosystem: PyPI, name: django}
          ranges:
          - type: ECOSYSTEM
            events:
            - introduced: "5.0"
            - fixed: 5.0.8
            - introduced: "4.2"
            - fixed: 4.2.15
        """,
    )
    write_advisory(
        db,
        "Some_Package",
        "PYSEC-T-2",
        """\
        id: PYSEC-T-2
        details: Up to and including 1.4.
        affected:
        - package: {ecosystem: PyPI, name: some.package}
          ranges:
          - type: ECOSYSTEM
            events:
            - introduced: "0"
            - last_affected: "1.4"
        """,
    )
    write_advisory(
        db,
        "django",
        "PYSEC-T-3",
        """\
        id: PYSEC-T-3
        withdrawn: "2024-01-01T00:00:00Z"
        details: Withdrawn, affects nothing.
        affected:
        - package: {ecosystem: PyPI, name: django}
          versions: ["5.2.19"]
        """,
    )
    return db


def run(tmp_path, db, pins):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("".join(f"{p}\n" for p in pins))
    out = io.StringIO()
    status = advisories.main(["--offline", "--db", str(db), str(requirements)], out=out)
    return status, out.getvalue()


def test_it_fails_on_an_affected_pin_and_names_the_advisory(tmp_path, db):
    status, out = run(tmp_path, db, ["Django==4.2.14", "whitenoise==6.12.0"])
    assert status == 1
    assert "2024-10-10" in out
    assert "2 pins checked" in out
    assert "AFFECTED django==4.2.14" in out
    assert "PYSEC-T-1 (CVE-0000-1); fixed in 5.0.8, 4.2.15" in out


def test_it_passes_fixed_versions_and_ignores_withdrawn_advisories(tmp_path, db):
    status, out = run(tmp_path, db, ["Django==4.2.15", "django==5.0.8", "Django==5.2.19", "Django==4.1"])
    assert status == 0, out
    assert "4 pins checked" in out
    assert "no pin is affected" in out


def test_it_matches_normalised_names_and_last_affected(tmp_path, db):
    assert run(tmp_path, db, ["Some-Package==1.4"])[0] == 1
    assert run(tmp_path, db, ["some_package==1.4.1"])[0] == 0


def test_it_refuses_an_unpinned_requirement(tmp_path, db):
    status, out = run(tmp_path, db, ["Django>=4.2"])
    assert status == 2
    assert "not pinned" in out


def test_it_follows_included_files(tmp_path, db):
    (tmp_path / "base.txt").write_text("Django==4.2.1\n")
    (tmp_path / "dev.txt").write_text("-r base.txt\npytest==9.0.1  # tests\n")
    pins = advisories.read_pins(tmp_path / "dev.txt")
    assert [str(p) for p in pins] == ["django==4.2.1", "pytest==9.0.1"]


@pytest.mark.skipif(not (SNAPSHOT / "vulns").is_dir(), reason=f"advisory snapshot missing at {SNAPSHOT}")
def test_it_fails_on_an_old_django_against_the_real_snapshot(tmp_path):
    status, out = run(tmp_path, SNAPSHOT, ["Django==4.2.1"])
    assert status == 1
    assert "CVE-2024-42005" in out


@pytest.mark.skipif(not (SNAPSHOT / "vulns").is_dir(), reason=f"advisory snapshot missing at {SNAPSHOT}")
def test_it_checks_every_pin_of_the_project_including_transitive_ones():
    files = [advisories.ROOT / name for name in advisories.DEFAULT_FILES]
    pins = advisories.unique([p for f in files for p in advisories.read_pins(f)])
    names = {p.name for p in pins}
    # Transitive dependencies come from the lock file: sqlparse (Django), et-xmlfile (openpyxl).
    assert {"django", "sqlparse", "et-xmlfile", "pyyaml"} <= names


def test_it_fails_when_the_lock_file_lacks_a_direct_pin(tmp_path, db):
    (tmp_path / "requirements.txt").write_text("Django==5.2.19\nwhitenoise==6.12.0\n")
    (tmp_path / "requirements-lock.txt").write_text("Django==5.2.19\nsqlparse==0.6.1\n")
    out = io.StringIO()
    files = [str(tmp_path / "requirements.txt"), str(tmp_path / "requirements-lock.txt")]
    assert advisories.main(["--offline", "--db", str(db), *files], out=out) == 1
    assert "does not hold whitenoise==6.12.0" in out.getvalue()
