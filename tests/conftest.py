import pytest

from actions.services import plan_load


@pytest.fixture
def plan(db):
    """The 2023 plan as `make run` loads it."""
    return plan_load().plan
