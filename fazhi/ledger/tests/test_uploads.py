"""Uploads are checked before anything parses them, refused with a Chinese reason, and a refused
file leaves nothing on disk (neither in media nor in the upload spool)."""

from pathlib import Path

import openpyxl.xml
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.background.models import BackgroundTask as Job
from fazhi.ledger.models import Attachment
from fazhi.ledger.tests import hostile
from fazhi.ledger.tests.factories import make_dispute

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return hostile.zip_bomb()


@pytest.fixture
def disk(settings, tmp_path):
    """Media and Django's upload spool in folders of this test only, so that "nothing remains"
    can be asserted."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "spool"
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # every upload goes through a temporary file
    (tmp_path / "spool").mkdir()
    return tmp_path


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def upload(client, name: str, content: bytes):
    return client.post("/l/disputes/import/", {"file": SimpleUploadedFile(name, content)})


CASES = [
    ("bomb.xlsx", None, "疑似压缩炸弹"),
    ("laughs.xlsx", hostile.billion_laughs, "DOCTYPE"),
    ("macro.xlsm", hostile.macro_workbook, "含宏"),
    ("macro-renamed.xlsx", hostile.macro_workbook, "含宏"),
    ("links.xlsx", hostile.external_link_workbook, "外部链接"),
    ("setup.xlsx", hostile.executable, "可执行程序"),
    ("truncated.xlsx", hostile.truncated_xlsx, "损坏或不完整"),
]


@pytest.mark.parametrize(("name", "make", "reason"), CASES)
def test_it_refuses_a_hostile_workbook_with_a_reason_and_keeps_nothing(
    client, world, disk, bomb, name, make, reason
):
    client.force_login(world.clerk_a)
    content = bomb if make is None else make()
    response = upload(client, name, content)
    assert response.status_code == 200
    assert reason in response.context["error"]
    assert reason in response.content.decode()
    assert not Job.objects.exists()
    assert files_under(disk / "media") == [] and files_under(disk / "spool") == []


def test_it_refuses_a_file_over_the_size_limit(client, world, disk, settings):
    client.force_login(world.clerk_a)
    response = upload(client, "big.xlsx", b"PK\x03\x04" + b"\0" * (60 * 1024 * 1024))
    assert "文件过大（60 MB），最大 50 MB" in response.context["error"]
    assert not Job.objects.exists()
    assert files_under(disk / "media") == [] and files_under(disk / "spool") == []


def test_it_still_accepts_a_plain_workbook(client, world, disk):
    client.force_login(world.clerk_a)
    response = upload(client, "台账.xlsx", hostile.plain_xlsx())
    assert response.status_code == 302
    assert Job.objects.get().status == Job.Status.VALID


def test_it_refuses_a_hostile_line_system_export(client, world, disk):
    from fazhi.ledger.models import ImportBatch, LineSource

    LineSource.objects.create(code="zhjz", name="智慧矫正", ledger="disputes", key_column="编号", mapping={})
    client.force_login(world.reviewer_a)
    response = client.post(
        "/l/line-imports/zhjz/upload/", {"file": SimpleUploadedFile("a.xlsx", hostile.macro_workbook())}
    )
    assert "含宏" in response.context["error"]
    assert not ImportBatch.objects.exists() and files_under(disk / "media") == []


def test_it_reads_xml_with_entity_expansion_off():
    # openpyxl parses through defusedxml when it is installed (requirements.txt pins it).
    assert openpyxl.xml.DEFUSEDXML is True


ATTACHMENTS_OK = [("扫描件.pdf", hostile.pdf), ("现场.png", hostile.png), ("表.xlsx", hostile.plain_xlsx)]
ATTACHMENTS_REFUSED = [
    ("setup.exe", hostile.executable, "不支持“.exe”类型的附件"),
    ("伪装.pdf", hostile.executable, "内容却是可执行程序"),
    ("伪装.png", hostile.pdf, "内容却是PDF文件"),
    ("宏.xlsx", hostile.macro_workbook, "含宏"),
    ("炸弹.docx", lambda: hostile.zip_bomb(8), "疑似压缩炸弹"),
    ("page.html", lambda: b"<html></html>", "不支持“.html”类型的附件"),
]


@pytest.mark.parametrize(("name", "make"), ATTACHMENTS_OK)
def test_it_accepts_attachments_of_the_allowed_types(client, world, disk, name, make):
    obj = make_dispute(world)
    client.force_login(world.clerk_a)
    response = client.post(
        f"/l/disputes/{obj.pk}/attachments/", {"file": SimpleUploadedFile(name, make())}, follow=True
    )
    assert f"已上传附件“{name}”" in response.content.decode()
    assert Attachment.objects.get().name == name


@pytest.mark.parametrize(("name", "make", "reason"), ATTACHMENTS_REFUSED)
def test_it_refuses_attachments_by_content_and_keeps_nothing(client, world, disk, name, make, reason):
    obj = make_dispute(world)
    client.force_login(world.clerk_a)
    response = client.post(
        f"/l/disputes/{obj.pk}/attachments/", {"file": SimpleUploadedFile(name, make())}, follow=True
    )
    text = response.content.decode()
    assert f"附件“{name}”未上传" in text and reason in text
    assert not Attachment.objects.exists()
    assert files_under(disk / "media") == [] and files_under(disk / "spool") == []
