"""No plaintext personal data left in files: import uploads go when written, refused, cancelled or
expired; exports are stored encrypted and go an hour after download (a day if never fetched)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.background.models import BackgroundTask as Job
from fazhi.conftest import PASSWORD
from fazhi.ledger.maintenance import purge_files
from fazhi.ledger.tests.factories import DISPUTE_HEADER, dispute_row, id_number, make_dispute, xlsx
from fazhi.lib.maintenance import STEPS

pytestmark = pytest.mark.django_db

ID = id_number(23)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FAZHI_BACKGROUND_ROWS = 0  # every import and export is a background job
    return tmp_path / "media"


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.fixture
def import_sheet(client, run_tasks):
    def upload(rows) -> Job:
        client.post("/l/disputes/import/", {"file": SimpleUploadedFile("台账.xlsx", xlsx(rows))})
        run_tasks()
        return Job.objects.latest("pk")

    return upload


def test_it_deletes_the_upload_once_written_and_the_export_an_hour_after_download(
    client, world, media, import_sheet, run_tasks
):
    client.force_login(world.reviewer_a)
    job = import_sheet([[*DISPUTE_HEADER, "当事人身份证号"], [*dispute_row(1), ID]])
    assert job.status == Job.Status.VALID and len(files_under(media)) == 1
    client.post(f"/l/jobs/{job.pk}/commit/")
    run_tasks()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert files_under(media) == []

    client.post("/l/sudo/", {"password": PASSWORD, "next": "/"})
    client.get("/l/disputes/export.xlsx?year=all&reveal=1")
    run_tasks()
    export = Job.objects.get(kind=Job.Kind.EXPORT)
    [stored] = files_under(media)
    raw = stored.read_bytes()
    assert ID.encode() not in raw and not raw.startswith(b"PK")  # encrypted at rest
    download = client.get(f"/l/jobs/{export.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert ID in [c.value for row in sheet.iter_rows() for c in row]
    export.refresh_from_db()
    assert export.downloaded_at is not None

    purge_files(now=export.downloaded_at + dt.timedelta(minutes=30))
    assert len(files_under(media)) == 1
    purge_files(now=export.downloaded_at + dt.timedelta(minutes=61))
    assert files_under(media) == []
    page = client.get(f"/tasks/{export.pk}/").content.decode()
    assert "导出文件已过期删除" in page
    assert client.get(f"/l/jobs/{export.pk}/download/").status_code == 404


def test_it_deletes_an_export_nobody_fetched_after_a_day(client, world, media, run_tasks):
    make_dispute(world)
    client.force_login(world.clerk_a)
    client.get("/l/disputes/export.xlsx?year=all")
    run_tasks()
    assert len(files_under(media)) == 1
    purge_files(now=timezone.now() + dt.timedelta(hours=23))
    assert len(files_under(media)) == 1
    purge_files(now=timezone.now() + dt.timedelta(hours=25))
    assert files_under(media) == []


def test_it_deletes_an_unconfirmed_import_after_a_day_and_a_cancelled_one_at_once(
    client, world, media, import_sheet
):
    client.force_login(world.clerk_a)
    waiting = import_sheet([DISPUTE_HEADER, dispute_row(1)])
    cancelled = import_sheet([DISPUTE_HEADER, dispute_row(2)])
    assert len(files_under(media)) == 2
    response = client.post(f"/l/jobs/{cancelled.pk}/cancel/", follow=True)
    assert "已取消，上传的文件已删除" in response.content.decode()
    assert len(files_under(media)) == 1
    counts = purge_files(now=timezone.now() + dt.timedelta(hours=25))
    assert counts["imports"] == 1 and files_under(media) == []
    waiting.refresh_from_db()
    assert waiting.status == Job.Status.CANCELLED


def test_it_deletes_a_refused_import_at_once_and_keeps_a_bounded_summary(client, world, media, import_sheet):
    client.force_login(world.clerk_a)
    rows = [DISPUTE_HEADER, *[dispute_row(n, kind="不存在的类型") for n in range(700)]]
    job = import_sheet(rows)
    assert job.status == Job.Status.INVALID
    assert files_under(media) == []
    assert job.result["error_count"] == 700 and len(job.result["errors"]) == 500
    page = client.get(f"/tasks/{job.pk}/").content.decode()
    assert "发现 700 处错误" in page and "仅显示前500处" in page


def test_it_registers_the_purge_as_a_maintenance_step(world, media):
    assert STEPS["ledger-files"].run().startswith("删除导入文件 0 个")


def test_it_keeps_an_import_awaiting_confirmation_encrypted_at_rest(
    client, world, media, import_sheet, run_tasks
):
    client.force_login(world.reviewer_a)
    job = import_sheet([[*DISPUTE_HEADER, "当事人身份证号"], [*dispute_row(1), ID]])
    assert job.status == Job.Status.VALID
    [stored] = files_under(media)
    raw = stored.read_bytes()
    assert ID.encode() not in raw and not raw.startswith(b"PK")
    assert stored.name.endswith(".xlsx.enc")
    # Confirming reads it back through the key and writes the record.
    client.post(f"/l/jobs/{job.pk}/commit/")
    run_tasks()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result["creates"] == 1
    assert files_under(media) == []


def test_it_purges_a_file_no_job_names_through_the_storage(world, media):
    stray = media / "jobs" / "2025" / "01" / "left-by-a-crash.xlsx.enc"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    assert purge_files(now=timezone.now() + dt.timedelta(hours=1))["orphans"] == 0
    assert purge_files(now=timezone.now() + dt.timedelta(hours=25))["orphans"] == 1
    assert files_under(media) == []


PERSON_HEADER = ["姓名", "身份证号", "联系电话", "居住地址", "矫正类别", "罪名"]
PERSON_DATES = ["判决（裁定、决定）生效日期", "矫正起始日期", "矫正期满日期"]


def person_sheet(*numbers) -> bytes:
    rows = [
        [f"对象{n}", id_number(n), f"1381234{n:04d}", f"甲镇甲一村{n}号", "缓刑", "盗窃罪"]
        + ["2025-02-03", "2025-02-03", "2026-02-02"]
        for n in numbers
    ]
    return xlsx([PERSON_HEADER + PERSON_DATES, *rows])


def assert_sealed(stored: Path, original: bytes, *identifiers: str) -> None:
    """The kept file is neither the workbook nor any readable zip, holds none of the sheet's
    identifiers in plaintext, and opens to exactly the uploaded bytes with the field key."""
    import zipfile

    from fazhi.ledger.fields import _fernet

    raw = stored.read_bytes()
    assert raw != original and not zipfile.is_zipfile(io.BytesIO(raw))
    for value in identifiers:
        assert value.encode() not in raw
    with pytest.raises(zipfile.BadZipFile):
        load_workbook(io.BytesIO(raw))
    assert _fernet().decrypt(raw) == original


def test_it_keeps_an_uploaded_correction_person_sheet_sealed_until_it_is_written(
    client, world, media, run_tasks
):
    from fazhi.corrections.models import CorrectionPerson

    client.force_login(world.reviewer_a)
    data = person_sheet(31, 32)
    client.post("/l/correction-persons/import/", {"file": SimpleUploadedFile("矫正对象.xlsx", data)})
    run_tasks()
    job = Job.objects.latest("pk")
    assert job.status == Job.Status.VALID, job.result
    [stored] = files_under(media)
    assert_sealed(stored, data, id_number(31), id_number(32), "13812340031")
    # The preview reads the rows through the key.
    assert job.result["creates"] == 2
    client.post(f"/l/jobs/{job.pk}/commit/")
    run_tasks()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert sorted(CorrectionPerson.objects.values_list("name", flat=True)) == ["对象31", "对象32"]
    assert CorrectionPerson.objects.get(name="对象31").id_number == id_number(31)
    assert files_under(media) == []


def line_sheet(*rows) -> bytes:
    from fazhi.corrections.tests.factories import LINE_HEADER

    return xlsx([LINE_HEADER, *rows])


def test_it_keeps_a_line_system_export_sealed_and_deletes_it_once_written_or_refused(client, world, media):
    from fazhi.corrections.models import CorrectionPerson
    from fazhi.corrections.tests.factories import line_row, make_line_source
    from fazhi.ledger.models import ImportBatch

    make_line_source()

    client.force_login(world.reviewer_a)
    data = line_sheet(line_row(41), line_row(42))
    client.post("/l/line-imports/zhjz/upload/", {"file": SimpleUploadedFile("智慧矫正导出.xlsx", data)})
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportBatch.Status.PENDING and batch.result["creates"] == 2
    [stored] = files_under(media)
    assert_sealed(stored, data, id_number(41), id_number(42))
    client.post(f"/l/line-imports/batches/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert CorrectionPerson.objects.get(external_id="ZJ0041").id_number == id_number(41)
    assert files_under(media) == [] and not batch.file  # written: the upload goes at once

    bad = line_sheet(line_row(43, kind="缓期"))
    client.post("/l/line-imports/zhjz/upload/", {"file": SimpleUploadedFile("智慧矫正导出.xlsx", bad)})
    refused = ImportBatch.objects.latest("pk")
    assert refused.status == ImportBatch.Status.INVALID
    assert files_under(media) == []  # refused: nothing to confirm, nothing kept
