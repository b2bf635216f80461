"""The desks reuse the dashboards' fixtures: people in every role and returns made straight with the ORM."""

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
