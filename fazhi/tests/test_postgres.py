"""The marker test of the PostgreSQL run: it proves scripts/test.sh really ran the suite on
PostgreSQL, and skips with the apt-get hint where PostgreSQL is not installed."""

import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"
