"""A short hypothesis fuzz of the pages: whatever a user (or a crafted link) puts into a create
form or a list's filters, the answer is a page or a redirect, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.ledger import registry

pytestmark = pytest.mark.django_db

CODES = [lg.code for lg in registry.all_ledgers() if not lg.sensitive]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text as people and scripts send it: digits, dates, Chinese, blanks, control characters, NULs.
values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        ["", " ", "0", "-1", "all", "9999", "10000", "2025-02-30", "是", "\x00", "%", "'", "1e309"]
    ),
)


def _keys(ledger) -> list[str]:
    return ["year", "page", "q", "sort", "org", *ledger.filters, *ledger.fields]


@FUZZ
@given(data=st.data())
def test_it_never_fails_on_list_filters(client, world, data):
    client.force_login(world.clerk_a)
    code = data.draw(st.sampled_from(CODES))
    query = data.draw(st.dictionaries(st.sampled_from(_keys(registry.get(code))), values, max_size=5))
    response = client.get(f"/l/{code}/", query)
    assert response.status_code in (200, 400), (code, query)


@FUZZ
@given(data=st.data())
def test_it_never_fails_on_create_forms(client, world, data):
    client.force_login(world.clerk_a)
    code = data.draw(st.sampled_from(CODES))
    form = data.draw(st.dictionaries(st.sampled_from(registry.get(code).fields), values, max_size=8))
    response = client.post(f"/l/{code}/new/", form)
    assert response.status_code in (200, 302), (code, form)
