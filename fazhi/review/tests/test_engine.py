"""The engine on synthetic reports with planted defects, messy input and every file format."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.review import (
    ReviewInputError,
    render_html,
    render_html_fragment,
    review_batch,
    review_file,
    review_text,
)
from fazhi.review.__main__ import main
from fazhi.review.figures import extract, parse_cn_number
from fazhi.review.model import Figure, make_figure
from fazhi.review.readers import soffice_binary
from fazhi.review.synth import DEFECTS, make_report
from fazhi.review.text import repair

EXPECTED_RULE = {
    "congress": "formulation.congress-old-as-current",
    "theory_name": "formulation.xi-thought-missing-name",
    "law_thought": "formulation.xi-law-thought-bare",
    "fazhi_term": "formulation.fazhi-not-fazhi-education",
    "outline": "formulation.outline-2004-superseded",
    "typo_confusion": "typo.collocation.领导干部",
    "typo_duplicate": "typo.duplicate",
    "approx_exact": "figure.approx_after_exact",
    "rate_over": "figure.rate_over_100",
    "rate_mismatch": "figure.rate_mismatch",
    "parts_total": "figure.parts_exceed_total",
    "repeat_figure": "figure.inconsistent_repeat",
    "doc_number": "format.doc_number",
    "bad_date": "format.invalid_date",
    "heading_year": "format.heading_year",
    "artifact": "artifact.residue",
    "missing_other": "structure.missing.other",
    "no_causes": "structure.shortcomings.no_causes",
}


def _judged(result) -> set[str]:
    return {f.rule for f in result.findings if f.severity != "info"}


def test_it_finds_nothing_to_fix_in_a_clean_report() -> None:
    r = review_text(make_report(3), name="clean.txt")
    assert _judged(r) == set()
    assert r.org == "青石镇" and r.year == 2024
    assert set(r.parts.values()) == {"present"}


@pytest.mark.parametrize("defect", DEFECTS)
def test_it_finds_exactly_the_planted_defect(defect: str) -> None:
    r = review_text(make_report(3, defects=(defect,)))
    assert _judged(r) == {EXPECTED_RULE[defect]}


def test_it_reports_the_line_and_suggestion_of_a_planted_typo() -> None:
    text = make_report(3, defects=("typo_confusion",))
    line = next(i for i, ln in enumerate(text.split("\n"), start=1) if "领导于部" in ln)
    (f,) = [f for f in review_text(text).findings if f.kind == "typo"]
    assert (f.line, f.excerpt, f.suggestion) == (line, "领导于部", "领导干部")
    assert text[f.start : f.end] == "领导于部"


def test_it_marks_a_part_embedded_when_only_the_body_covers_it() -> None:
    text = make_report(3).replace("三、党政主要负责人履行推进法治建设第一责任人职责情况\n", "")
    text = text.replace("四、", "三、").replace("五、", "四、")
    r = review_text(text)
    assert r.parts["first_responsible"] == "embedded"
    assert "structure.numbering" not in _judged(r)


def test_it_flags_a_numbering_gap() -> None:
    r = review_text(make_report(3).replace("（三）化解矛盾纠纷", "（五）化解矛盾纠纷"))
    assert "structure.numbering" in _judged(r)


def _messy(text: str) -> str:
    """What a converter makes of a report: wrapped lines, spaced numbers, mixed punctuation, 繁体."""
    text = opencc.OpenCC("s2t").convert(text)
    text = (
        text.replace("14次", "14 次").replace("2024年", "2024 年").replace("，", ",", 3).replace("：", ":", 1)
    )
    lines = []
    for line in text.split("\n"):
        while len(line) > 37:  # hard wrap, as in PDF output, splitting words wherever they fall
            lines.append(line[:37])
            line = line[37:]
        lines.append("  " + line if line.startswith("（") else line)
    return "\n".join(lines)


def test_it_repairs_messy_input_before_judging() -> None:
    clean = review_text(make_report(3))
    messy_text = _messy(make_report(3))
    messy = review_text(messy_text)
    assert _judged(messy) == set(), [(f.rule, f.excerpt) for f in messy.findings]
    assert messy.parts == clean.parts and (messy.org, messy.year) == (clean.org, clean.year)
    assert [(f.value, f.unit) for f in messy.figures] == [(f.value, f.unit) for f in clean.figures]


def test_it_reports_positions_in_the_original_messy_text() -> None:
    text = _messy(make_report(3, defects=("typo_duplicate", "approx_exact")))
    r = review_text(text)
    lines = text.split("\n")
    for f in r.findings:
        if f.rule in ("typo.duplicate", "figure.approx_after_exact"):
            assert text[f.start : f.end] == f.excerpt
            assert f.excerpt.split("\n")[0] in lines[f.line - 1]


def test_it_joins_a_word_split_over_two_lines() -> None:
    text = make_report(3).replace("领导干部带头", "领导\n干部带头")
    assert _judged(review_text(text)) == set()


def test_it_reads_a_gb18030_text_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(make_report(3, defects=("congress",)).encode("gb18030"))
    r = review_file(path)
    assert r.org == "青石镇" and _judged(r) == {EXPECTED_RULE["congress"]}


def test_it_reads_a_utf8_text_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + make_report(3).encode("utf-8"))
    assert review_file(path).org == "青石镇"


def test_it_reads_a_docx_file(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in make_report(3, defects=("typo_duplicate",)).split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "report.docx"
    document.save(str(path))
    r = review_file(path)
    assert set(r.parts.values()) == {"present"}
    assert _judged(r) == {"typo.duplicate"}
    assert len(r.figures) >= 10


def _pdf_with_text(lines: list[str]) -> bytes:
    """A minimal PDF with a real text layer: a CID font whose ToUnicode map gives the characters."""
    chars = sorted({ch for line in lines for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    content = ["BT /F1 10 Tf 12 TL 40 800 Td"]
    for line in lines:
        content.append("<" + "".join(f"{cid[ch]:04X}" for ch in line) + "> Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("ascii")
    cmap_lines = "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap_lines}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /FakeSong /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FakeSong /DW 1000 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /FakeSong /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_it_reads_a_pdf_with_a_text_layer(tmp_path: Path) -> None:
    lines: list[str] = []
    for line in make_report(3, defects=("outline",)).split("\n"):
        lines.extend(line[i : i + 50] for i in range(0, max(len(line), 1), 50))
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf_with_text(lines))
    r = review_file(path)
    assert r.org == "青石镇" and r.year == 2024
    assert set(r.parts.values()) == {"present"}
    assert _judged(r) == {EXPECTED_RULE["outline"]}


def test_it_explains_in_chinese_when_libreoffice_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    for suffix in (".doc", ".wps"):
        path = tmp_path / f"old{suffix}"
        path.write_bytes(b"\xd0\xcf\x11\xe0")
        with pytest.raises(ReviewInputError, match="LibreOffice.*未安装"):
            review_file(path)


@pytest.mark.skipif(soffice_binary() is None, reason="LibreOffice (soffice) is not installed on this machine")
def test_it_converts_a_doc_file_with_libreoffice(tmp_path: Path) -> None:
    import subprocess

    import docx

    document = docx.Document()
    for line in make_report(3).split("\n"):
        document.add_paragraph(line)
    document.save(str(tmp_path / "src.docx"))
    subprocess.run(
        [
            soffice_binary(),
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "src.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert review_file(tmp_path / "src.doc").org == "青石镇"


def test_it_rejects_unknown_file_types_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"x")
    with pytest.raises(ReviewInputError, match="不支持的文件类型"):
        review_file(path)


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("共发放资料350 万元。", 3_500_000, "元", ""),
        ("挽回损失近100万元。", 1_000_000, "元", "近"),
        ("参加培训十二人。", 12, "人", ""),
        ("发放手册1000余份。", 1000, "份", "余"),
        ("每年学法不少于四次。", 4, "次", "不少于"),
        ("到场群众200人左右。", 200, "人", "左右"),
        ("覆盖群众3000人以上。", 3000, "人", "以上"),
        ("考试合格率98.5%。", 98.5, "%", ""),
        ("补助标准600元/月。", 600, "元/月", ""),
        ("受理案件两千零五件。", 2005, "件", ""),
    ],
)
def test_it_extracts_figures_with_value_unit_and_qualifier(
    text: str, value: float, unit: str, qualifier: str
) -> None:
    (fig,) = [r.figure for r in extract(repair(text))]
    assert (fig.value, fig.unit, fig.qualifier) == (value, unit, qualifier)


def test_make_figure_builds_the_same_figure_as_the_dataclass() -> None:
    args = ("约200人", 200, "人", "约", "到场群众", 3, 10, 14)
    made, built = make_figure(*args), Figure(*args)
    assert type(made) is Figure
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert made.to_dict() == built.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.value = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "2023年，全镇稳步推进。",
        "学习党的十九大报告。",
        "第三次会议召开。",
        "落实中央八项规定。",
        "增强“四个意识”。",
    ],
)
def test_it_does_not_take_years_ordinals_or_slogans_for_figures(text: str) -> None:
    assert extract(repair(text)) == []


def test_it_parses_chinese_numerals() -> None:
    assert [parse_cn_number(s) for s in ("十", "十二", "二十", "一百零五", "三万五千", "两千")] == [
        10,
        12,
        20,
        105,
        35000,
        2000,
    ]


def test_it_finds_sentences_shared_with_other_reports_of_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_report(7, org="青石镇", target_chars=3000), encoding="utf-8")
    (tmp_path / "b.txt").write_text(make_report(7, org="白沙乡", target_chars=3000), encoding="utf-8")
    (tmp_path / "c.txt").write_text(make_report(8, org="红岩镇", target_chars=3000), encoding="utf-8")
    a, b, c = review_batch(sorted(tmp_path.glob("*.txt")))
    assert a.boilerplate.share > 0.8 and a.boilerplate.pairs[0].file == "b.txt"
    assert "boilerplate.share" in _judged(a)
    assert c.boilerplate.share < a.boilerplate.share


def test_it_compares_against_a_folder_and_plain_texts(tmp_path: Path) -> None:
    ref = tmp_path / "ref"
    ref.mkdir()
    (ref / "old.txt").write_text(make_report(9, org="白沙乡", target_chars=2000), encoding="utf-8")
    mine = tmp_path / "mine.txt"
    mine.write_text(make_report(9, org="青石镇", target_chars=2000), encoding="utf-8")
    (r,) = review_batch([mine], against_dir=ref)
    assert r.boilerplate.pairs and r.boilerplate.pairs[0].file == "old.txt"
    alone = review_text(
        mine.read_text(encoding="utf-8"), against=[("old.txt", (ref / "old.txt").read_text(encoding="utf-8"))]
    )
    assert alone.boilerplate.share == pytest.approx(r.boilerplate.share)


def test_it_prints_json_with_the_documented_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.txt"
    path.write_text(make_report(3, defects=("congress", "approx_exact")), encoding="utf-8")
    assert main([str(path), "--format", "json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert {"file", "org", "year", "parts", "figures", "findings", "boilerplate"} <= item.keys()
    assert {"text", "value", "unit", "qualifier", "subject", "line"} <= item["figures"][0].keys()
    assert {"kind", "severity", "excerpt", "message", "suggestion", "line"} <= item["findings"][0].keys()
    assert item["org"] == "青石镇" and item["year"] == 2024


def test_it_uses_the_year_given_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.txt"
    path.write_text(make_report(3), encoding="utf-8")
    assert main([str(path), "--format", "json", "--year", "2025", "--strict"]) == 1
    (item,) = json.loads(capsys.readouterr().out)
    assert item["year"] == 2025
    assert "format.report_year" in {f["rule"] for f in item["findings"]}


def test_it_prints_a_chinese_error_for_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/nonexistent/report.docx"]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_it_renders_html_with_findings_highlighted_and_text_escaped(tmp_path: Path) -> None:
    text = make_report(3, defects=("typo_duplicate",)) + "附注：<script>alert(1)</script>\n"
    r = review_text(text, name="x<y>.txt")
    page = render_html([r])
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "<script>" not in page and "&lt;script&gt;" in page and "x&lt;y&gt;.txt" in page
    assert '<mark class="sev-error"' in page and "司司法所</mark>" in page
    assert "http://" not in page and "https://" not in page  # self-contained
    fragment = render_html_fragment(r)
    assert "<html" not in fragment and fragment.startswith('<section class="fzr">')


def test_it_renders_html_for_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(make_report(3), encoding="utf-8")
    out = tmp_path / "out.html"
    assert main([str(path), "--format", "html", "-o", str(out)]) == 0
    assert "法定部分" in out.read_text(encoding="utf-8")


_ALPHABET = st.sampled_from(
    list("法治政府建设司所，。,.；:  \n\t0123456789年月日万余近%［］[]（）()“”一二十百")
    + ["[bookmark: _GoBack]", "\u3000"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=200).map("".join))
def test_it_keeps_every_repaired_character_mapped_to_the_original(text: str) -> None:
    doc = repair(text)
    assert len(doc.origin) == len(doc.text)
    assert all(0 <= o < len(text) for o in doc.origin)
    assert doc.origin == sorted(doc.origin)
    r = review_text(text)
    for f in r.findings:
        assert 0 <= f.start <= f.end <= len(text)
