"""Copy detection by passage: reworded copies are found, stock phrases never are."""

from __future__ import annotations

from fazhi.review import review_text
from fazhi.review.boilerplate import make_key, stock_patterns
from fazhi.review.rules import load
from fazhi.review.synth import make_report

EX = load("stock_phrases.json")["examples"]

OWN_A = (
    "我镇聚焦农村土地承包纠纷，组建由司法所、农经站和村干部组成的联合调处小组，上门丈量地块，"
    "当场出具调处意见，群众满意度明显提升。"
)
OWN_B = (
    "街道围绕老旧小区加装电梯中的邻里矛盾，引入律师和规划师驻点答疑，"
    "形成一梯一案的协商记录，推动加装项目按期开工。"
)


def _report(org: str, year: int, body: str) -> str:
    return f"{org}{year}年度法治政府建设情况报告\n{EX['stock']}\n一、主要举措和成效\n{body}\n"


def _passages(r):
    return [f for f in r.findings if f.rule == "boilerplate.passage"]


def test_it_does_not_report_stock_phrases_and_headings_as_copies() -> None:
    a = _report("青石镇", 2024, OWN_A)
    b = _report("白沙乡", 2023, OWN_B)
    r = review_text(a, name="a.txt", against=[("b.txt", b)])
    assert not _passages(r) and r.boilerplate.share == 0


def test_it_finds_a_reworded_passage_copied_from_another_township() -> None:
    copied = EX["copied"]
    # The copy changes the place, the figures and a few words, as clerks do.
    reworded = (
        copied.replace("每季度", "每月")
        .replace("全年", "今年")
        .replace("逐案评查", "逐一评查")
        .replace("镇党委书记", "乡党委书记")
    )
    a = _report("青石镇", 2024, OWN_A + copied)
    b = _report("白沙乡", 2023, OWN_B + reworded + "另外，全乡新建法治文化广场两处。")
    r = review_text(a, name="a.txt", against=[("b.txt", b)])
    hits = _passages(r)
    assert hits and hits[0].severity == "warning" and "b.txt" in hits[0].message
    assert "占本报告" in hits[0].message
    assert r.boilerplate.pairs[0].file == "b.txt" and 0.2 < r.boilerplate.share < 1


def test_it_keeps_offsets_of_the_key_on_the_original_text() -> None:
    text = "我镇建立台账。\n2024年，青石镇组织培训3次。"
    key = make_key(text, "青石镇")
    assert "青石" not in key.text and "2024" not in key.text
    assert all(text[key.where(i)] == ch for i, ch in enumerate(key.text) if ch not in "镇")


def test_where_is_the_offset_of_each_key_character_in_its_run() -> None:
    text = make_report(3, target_chars=2000) + "\nA1，B22。乡街道区县"
    key = make_key(text, "青石镇")
    offsets = [o for a, b in zip(key.starts, key.ends, strict=True) for o in range(a, b)]
    assert len(offsets) == len(key.text) and [key.where(i) for i in range(len(key.text))] == offsets


def test_it_matches_each_stock_phrase_on_the_normalised_stock_example() -> None:
    key = make_key(EX["stock"], "")
    assert any(p.search(key.text) for p in stock_patterns())
    assert sum(key.stock) >= len(key.text) - 1, "all but the bare 年 left of the year is stock"


def test_it_compares_a_batch_against_an_archive_folder_or_not_at_all(tmp_path) -> None:
    from fazhi.review import review_batch
    from fazhi.review.engine import archive_corpus

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "old.txt").write_text(_report("白沙乡", 2022, OWN_B + EX["copied"]), encoding="utf-8")
    mine = tmp_path / "mine.txt"
    mine.write_text(_report("青石镇", 2024, OWN_A + EX["copied"]), encoding="utf-8")
    (r,) = review_batch([mine], against_dir=archive)
    assert any("old.txt" in f.message for f in _passages(r))
    assert archive_corpus(archive) is archive_corpus(archive)  # indexed once while unchanged
    (quiet,) = review_batch([mine], against_dir=archive, compare=False)
    assert not _passages(quiet) and quiet.boilerplate.share == 0
