import datetime as dt

import pytest

from fazhi.ledger.tests.factories import make_dispute
from fazhi.reports import document, editing
from fazhi.reports.models import Paragraph
from fazhi.reports.tests.conftest import YEAR


def _mediation_paragraph(report):
    return Paragraph.objects.get(section__report=report, text__contains="{{mediation.disputes}}")


def test_it_keeps_figures_as_references_through_an_edit(report, records):
    p = _mediation_paragraph(report)
    editing.save_paragraph(p, "全镇全年共受理纠纷{{mediation.disputes}}，均已依法妥善处理。", records.clerk_a)
    p.refresh_from_db()
    assert p.values == {"mediation.disputes": "3件"}
    assert "全镇全年共受理纠纷3件，均已依法妥善处理。" in document.build(report).text


def test_it_rejects_an_unknown_figure_and_an_empty_paragraph(report, records):
    p = _mediation_paragraph(report)
    with pytest.raises(editing.EditError, match="没有这些指标：mediation.nothing"):
        editing.save_paragraph(p, "受理{{mediation.nothing}}", records.clerk_a)
    with pytest.raises(editing.EditError, match="不能为空"):
        editing.save_paragraph(p, "   ", records.clerk_a)


def test_it_shows_a_changed_figure_until_the_user_accepts_it(report, records):
    make_dispute(records, registered_on=dt.date(YEAR, 9, 1))
    found = editing.changes(report)
    assert [(c.code, c.shown, c.now) for c in found] == [("mediation.disputes", "3件", "4件")]
    # The text keeps what was edited and signed until the change is accepted.
    assert "受理矛盾纠纷3件" in document.build(report).text
    assert editing.accept(report, found[0].paragraph.pk, "mediation.disputes", records.clerk_a)
    assert editing.changes(report) == []
    assert "受理矛盾纠纷4件" in document.build(report).text


def test_it_adds_moves_and_deletes_paragraphs(report, records):
    section = report.sections.get(area="mediation")
    first = section.paragraphs.order_by("order").first()
    added = editing.add_paragraph(
        section, "新增段落：排查{{mediation.screenings}}。", records.clerk_a, after=first
    )
    assert list(section.paragraphs.order_by("order").values_list("pk", flat=True))[1] == added.pk
    editing.move_paragraph(added, -1, records.clerk_a)
    assert section.paragraphs.order_by("order").first().pk == added.pk
    pk = added.pk
    editing.delete_paragraph(added, records.clerk_a)
    assert not Paragraph.objects.filter(pk=pk).exists()
    assert Paragraph.history.filter(id=pk, history_type="-", history_user=records.clerk_a).exists()


def test_it_keeps_each_part_from_becoming_empty(report, records):
    first, only = Paragraph.objects.filter(section__report=report, section__part=5)[:2]
    editing.delete_paragraph(first, records.clerk_a)
    with pytest.raises(editing.EditError, match="至少保留一段"):
        editing.delete_paragraph(only, records.clerk_a)


def test_it_checks_the_doc_number_format(report, records):
    data = {f: getattr(report, f) for f in ["title", "issuer", "recipients", "cc", "printer"]}
    for bad in ["甲府发〔26〕1号", "甲府发〔2026〕第1号", "甲府发〔2026〕01号", "甲府发[2026]1号"]:
        with pytest.raises(editing.EditError, match="发文字号"):
            editing.save_meta(report, {**data, "doc_number": bad}, records.clerk_a)
    editing.save_meta(report, {**data, "doc_number": "甲府发〔2026〕2号"}, records.clerk_a)
    report.refresh_from_db()
    assert report.doc_number == "甲府发〔2026〕2号"
