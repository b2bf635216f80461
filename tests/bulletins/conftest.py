"""The bulletins reuse the dashboards' fixtures: people in every role and returns made straight with the ORM."""

import pytest

from tests.dashboards.conftest import (  # noqa: F401
    coordinator,
    indicators,
    make_return,
    make_user,
    other_staff,
    plan_admin,
    staff,
    units,
    viewer,
)


@pytest.fixture
def half_year(plan, units, make_return):  # noqa: F811 — the fixtures imported above, not redefinitions
    """环翠区 files 1,000 village posts a month and 文登区 345, January to June, all approved; 文登 once late."""
    returns = {}
    for month in range(1, 7):
        returns["HC", month] = make_return(units["HC"], month, {"I1.2.2": 1000, "I1.5.1": 2})
        returns["WD", month] = make_return(units["WD"], month, {"I1.2.2": 345, "I1.5.1": 1}, late=month == 4)
    return returns
