"""Shared makers for enforcement tests."""

import datetime as dt

from fazhi.enforcement.models import Officer


def certified_officers(org, names=("王有效", "李有效")) -> list[Officer]:
    """Officers whose certificates are valid from 2020 to 2030 (the filing gate holds)."""
    return [
        Officer.objects.create(
            org=org,
            name=name,
            certificate_number=f"C-{name}",
            valid_from=dt.date(2020, 1, 1),
            valid_until=dt.date(2030, 1, 1),
        )
        for name in names
    ]
