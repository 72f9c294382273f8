"""A large import is read, validated and written a batch at a time inside one transaction: a bad
row in a later batch still leaves nothing written, every bad row of every batch is named, and
each identifier is encrypted once for the record and its history row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from fazhi.ledger import excel, fields, registry
from fazhi.ledger.tests.factories import DISPUTE_HEADER, dispute_row, xlsx
from fazhi.lib.masking import id_check_digit
from fazhi.mediation.models import Dispute
from fazhi.orgs.models import AuditLog, audit

pytestmark = pytest.mark.django_db

DISPUTES = registry.get("disputes")
HEADER = [*DISPUTE_HEADER, "当事人身份证号", "当事人电话"]


def id_number(n: int) -> str:
    first17 = f"11010519800101{n:03d}"
    return first17 + id_check_digit(first17)


def row(n: int, **kw) -> list:
    return [*dispute_row(n, **kw), id_number(n), f"1380000{n:04d}"]


def run(world, rows, *, commit=True, batch_rows=2, **kw):
    return excel.import_rows(
        DISPUTES, world.town_a, world.clerk_a, HEADER, rows, commit=commit, batch_rows=batch_rows, **kw
    )


def test_it_rolls_back_the_batches_already_written_when_a_later_row_is_bad(world):
    rows = [row(n) for n in range(5)]
    rows[3] = row(3, kind="不存在的类型")  # sheet row 5, in the second batch of two
    result = run(world, rows)
    assert not result.committed
    assert [str(e).split("：")[0] for e in result.errors] == ["第5行“纠纷类型”"]
    assert Dispute.objects.count() == 0
    assert Dispute.history.count() == 0


def test_it_names_the_bad_rows_of_every_batch(world):
    rows = [row(n) for n in range(7)]
    rows[0] = row(0, day="2025-02-30")
    rows[6] = row(6, village="不存在村")
    result = run(world, rows, commit=False)
    assert [e.row for e in result.errors] == [2, 8]
    assert "日期“2025-02-30”不存在" in str(result.errors[0])
    assert "未找到“不存在村”" in str(result.errors[1])
    assert result.total == 7 and result.creates == 5


def test_it_writes_every_batch_and_the_audit_row_together(world):
    def audited(result):
        audit(world.clerk_a, AuditLog.Action.IMPORT, target="纠纷", detail=f"新增{result.creates}条")

    result = run(world, [row(n) for n in range(5)], in_transaction=audited)
    assert result.committed and result.creates == 5
    assert Dispute.objects.filter(org=world.town_a).count() == 5
    assert Dispute.history.filter(history_type="+").count() == 5
    assert AuditLog.objects.filter(detail="新增5条").exists()


def test_it_leaves_nothing_written_when_the_audit_row_fails(world):
    def broken(result):
        raise RuntimeError("audit store unavailable")

    with pytest.raises(RuntimeError):
        run(world, [row(n) for n in range(5)], in_transaction=broken)
    assert Dispute.objects.count() == 0 and Dispute.history.count() == 0


def test_it_encrypts_each_identifier_once_for_the_record_and_its_history(world, monkeypatch):
    calls = []
    real = fields.encrypt
    monkeypatch.setattr(fields, "encrypt", lambda value: calls.append(value) or real(value))
    result = run(world, [row(n) for n in range(3)])
    assert result.committed
    assert len(calls) == 6  # two identifiers on each of three records, none again for history
    with connection.cursor() as cursor:
        table, history = Dispute._meta.db_table, Dispute.history.model._meta.db_table
        cursor.execute(
            f"SELECT d.applicant_phone, h.applicant_phone FROM {table} d "  # noqa: S608
            f"JOIN {history} h ON h.id = d.id"
        )
        pairs = cursor.fetchall()
    assert len(pairs) == 3 and all(stored == kept and stored for stored, kept in pairs)
    first = Dispute.objects.get(applicant="当事人0")
    assert first.applicant_phone == "13800000000" and first.applicant_id_number == id_number(0)
    assert first.history.get().applicant_phone == "13800000000"
    # The blind index was computed from the plain number, so the record is found by it.
    assert Dispute.objects.filter(applicant_id_number_index=fields.blind_index(id_number(0))).exists()


def test_it_keeps_no_history_for_an_unchanged_reimport_across_batches(world, tmp_path):
    run(world, [row(n) for n in range(5)])
    path = tmp_path / "export.xlsx"
    with path.open("wb") as fh:
        excel.write_export(DISPUTES, Dispute.objects.filter(org=world.town_a), fh, reveal=False)
    result = excel.import_file(DISPUTES, world.town_a, world.clerk_a, path, commit=True, source="再导入")
    assert result.committed and result.unchanged == 5 and result.updates == 0
    assert Dispute.history.count() == 5


def test_it_updates_records_named_in_later_batches(world, tmp_path):
    run(world, [row(n) for n in range(5)])
    ids = list(Dispute.objects.order_by("pk").values_list("pk", flat=True))
    rows = [["系统编号", *HEADER]] + [[pk, *row(n, kind="婚姻家庭")] for n, pk in enumerate(ids)]
    result = excel.import_file(
        DISPUTES, world.town_a, world.clerk_a, xlsx(rows, tmp_path / "upd.xlsx"), commit=True, source="改"
    )
    assert result.committed and result.updates == 5
    assert set(Dispute.objects.values_list("kind", flat=True)) == {Dispute.Kind.FAMILY}
    assert Dispute.history.filter(history_type="~").count() == 5
    assert set(Dispute.objects.values_list("version", flat=True)) == {2}


def _history_columns(history_type: str) -> list[tuple]:
    """Every column of the history rows of this type except the history's own id and date, in
    the order they were written."""
    names = [f.attname for f in Dispute.history.model._meta.concrete_fields]
    names = [n for n in names if n not in ("history_id", "history_date")]
    rows = Dispute.history.filter(history_type=history_type).order_by("history_id")
    return list(rows.values_list(*names))


def _same_as_simple_history(world, history_type: str) -> None:
    """The rows of this type, written by the import, are those simple_history's own
    bulk_history_create writes for the same records now, column for column, in their order."""
    written = _history_columns(history_type)
    ids = list(Dispute.objects.order_by("pk").values_list("pk", flat=True))
    assert [r[0] for r in written] == ids  # one row per record (the id column comes first)
    reason = Dispute.history.filter(history_type=history_type).first().history_change_reason
    Dispute.history.filter(history_type=history_type).delete()
    Dispute.history.bulk_history_create(
        list(Dispute.objects.order_by("pk")),
        update=history_type == "~",
        default_user=world.clerk_a,
        default_change_reason=reason,
    )
    assert written == _history_columns(history_type)
    assert {r[-1] for r in written} == {world.clerk_a.pk}  # history_user_id, the last column


def test_its_history_rows_are_those_simple_history_would_write(world, tmp_path):
    # The import copies the history rows in SQL from the rows it has just written.
    run(world, [row(n) for n in range(5)])
    _same_as_simple_history(world, "+")
    ids = list(Dispute.objects.order_by("pk").values_list("pk", flat=True))
    rows = [["系统编号", *HEADER]] + [[pk, *row(n, kind="婚姻家庭")] for n, pk in enumerate(ids)]
    excel.import_file(
        DISPUTES, world.town_a, world.clerk_a, xlsx(rows, tmp_path / "upd.xlsx"), commit=True, source="改"
    )
    _same_as_simple_history(world, "~")


def test_a_value_repeated_down_the_sheet_is_judged_the_same_on_every_row(world):
    # An import cleans each distinct value of a column once and reuses the result: a bad value
    # must still be reported on every row that holds it, with the same message, and a good
    # value must give every row the same stored value.
    header = [*HEADER, "涉及金额（元）"]
    rows = [[*row(n, day="2025/3/5"), 12.5] for n in range(4)]
    rows[1][-1] = rows[3][-1] = -5  # refused by the model field's own validator
    result = excel.import_rows(DISPUTES, world.town_a, world.clerk_a, header, rows, commit=False)
    messages = [(e.row, e.column, e.message) for e in result.errors]
    assert [m[:2] for m in messages] == [(3, "涉及金额（元）"), (5, "涉及金额（元）")]
    assert messages[0][2] == messages[1][2] and "0" in messages[0][2]
    rows[1][-1] = rows[3][-1] = 12.5
    result = excel.import_rows(DISPUTES, world.town_a, world.clerk_a, header, rows, commit=True)
    assert result.committed
    assert set(Dispute.objects.values_list("registered_on", "kind", "amount")) == {
        (dt.date(2025, 3, 5), Dispute.Kind.NEIGHBOUR, Decimal("12.50"))
    }


def test_kept_cleanings_tell_equal_decimals_written_differently_apart():
    # 1.1 and 1.100 are equal, but a field allowing two decimal places takes only the first.
    from django.core.exceptions import ValidationError

    from fazhi.ledger.forms import _memoised

    amount = Dispute._meta.get_field("amount")
    memo: dict = {}
    assert _memoised(memo, amount.clean, Decimal("1.1"), None) == Decimal("1.1")
    with pytest.raises(ValidationError):
        _memoised(memo, amount.clean, Decimal("1.100"), None)
    with pytest.raises(ValidationError):  # an error is never kept: raised again
        _memoised(memo, amount.clean, Decimal("-1"), None)
    with pytest.raises(ValidationError):
        _memoised(memo, amount.clean, Decimal("-1"), None)
    assert list(memo) == [(Decimal, "1.1")]
