from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.review.synth import make_report


def _upload(name: str, text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/plain")


def test_it_reviews_one_uploaded_report_in_the_background(client, world, run_tasks):
    client.force_login(world.clerk_a)
    text = make_report(1, defects=("typo_duplicate", "congress"))
    response = client.post("/supervision/review/", {"files": [_upload("甲镇2024.txt", text)], "year": "2024"})
    assert response.status_code == 302
    waiting = client.get(response["Location"]).content.decode()
    assert "排队中" in waiting and 'hx-trigger="every 1s"' in waiting
    assert run_tasks() == 1
    page = client.get(response["Location"]).content.decode()
    assert "审查完成，共 1 份报告" in page and 'hx-trigger="every 1s"' not in page
    assert "司司法所" in page and "<mark" in page
    assert "党的二十大精神" in page  # the suggested correction is shown


def test_it_ranks_a_batch_worst_first(client, world, run_tasks):
    client.force_login(world.county_user)
    clean = _upload("clean.txt", make_report(2))
    flawed = _upload(
        "flawed.txt", make_report(3, defects=("typo_duplicate", "congress", "theory_name")), "gb18030"
    )
    response = client.post("/supervision/review/", {"files": [clean, flawed]})
    run_tasks()
    page = client.get(response["Location"]).content.decode()
    assert 'id="review-table"' in page
    table = page[page.index('id="review-table"') :]  # the task's title above names both files
    assert table.index("flawed.txt") < table.index("clean.txt")


def test_it_refuses_an_unsupported_file_with_a_chinese_message(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/supervision/review/", {"files": [SimpleUploadedFile("ledger.xlsx", b"PK\x03\x04")]}
    )
    assert "不支持的文件类型：ledger.xlsx" in response.content.decode()


def test_it_needs_a_login(client, db):
    response = client.get("/supervision/review/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
